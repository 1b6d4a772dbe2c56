// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/reclaim_rules.h"

#include "rlab/engine/watermarks.h"

namespace rlab::engine {

const char* scanBalanceModeName(ScanBalanceMode mode)
{
    static constexpr const char* kNames[] = { "equal", "fract", "file", "anon" };
    return kNames[static_cast<int>(mode)];
}

const char* scanBalanceReasonName(ScanBalanceReason reason)
{
    static constexpr const char* kNames[] = { "no_swap", "priority_0", "file_is_tiny", "cache_trim_mode",
        "fract" };
    return kNames[static_cast<int>(reason)];
}

ScanCountResult getScanCount(const ScanCountInput& in)
{
    // vmscan.c:get_scan_count(); offline-memcg rounding does not apply (no cgroup is ever removed).
    ScanCountResult out;
    if (!in.maySwap || !in.swapSpaceFree) {
        out.mode = ScanBalanceMode::File;
        out.reason = ScanBalanceReason::NoSwap;
    } else if (in.cgroupReclaim && in.swappiness == 0) {
        out.mode = ScanBalanceMode::File;
        out.reason = ScanBalanceReason::NoSwap;
    } else if (in.priority == 0 && in.swappiness != 0) {
        out.mode = ScanBalanceMode::Equal;
        out.reason = ScanBalanceReason::Priority0;
    } else if (in.fileIsTiny) {
        out.mode = ScanBalanceMode::Anon;
        out.reason = ScanBalanceReason::FileIsTiny;
    } else if (in.cacheTrimMode) {
        out.mode = ScanBalanceMode::File;
        out.reason = ScanBalanceReason::CacheTrimMode;
    } else {
        out.mode = ScanBalanceMode::Fract;
        out.reason = ScanBalanceReason::Fract;
        // Each type keeps at least a third of the weight, however lopsided the recent costs.
        std::uint64_t total = in.anonCost + in.fileCost;
        const std::uint64_t anonCost = total + in.anonCost;
        const std::uint64_t fileCost = total + in.fileCost;
        total = anonCost + fileCost;
        out.fractionAnon = static_cast<std::uint64_t>(in.swappiness) * (total + 1) / (anonCost + 1);
        out.fractionFile = static_cast<std::uint64_t>(200 - in.swappiness) * (total + 1) / (fileCost + 1);
        out.denominator = out.fractionAnon + out.fractionFile;
    }
    for (std::size_t l = 0; l < 4; ++l) {
        const bool file = l >= 2;
        Pages scan = in.lruSizes[l];
        if (in.protection) {
            // A protected cgroup is scanned in proportion to its unprotected share, at least a batch.
            scan = scan - scan * in.protection / (in.cgroupSize + 1);
            scan = std::max<Pages>(scan, 32); // SWAP_CLUSTER_MAX
        }
        scan >>= in.priority;
        switch (out.mode) {
        case ScanBalanceMode::Equal:
            break;
        case ScanBalanceMode::Fract:
            scan =
                out.denominator ? scan * (file ? out.fractionFile : out.fractionAnon) / out.denominator : 0;
            break;
        case ScanBalanceMode::File:
            if (!file)
                scan = 0;
            break;
        case ScanBalanceMode::Anon:
            if (file)
                scan = 0;
            break;
        }
        out.nr[l] = scan;
    }
    return out;
}

const char* folioReferencesName(FolioReferences r)
{
    static constexpr const char* kNames[] = { "reclaim", "reclaim_clean", "keep", "activate" };
    return kNames[static_cast<int>(r)];
}

FolioReferences checkReferences(const ReferenceInput& in, bool& setReferenced)
{
    setReferenced = false;
    if (in.vmLocked)
        return FolioReferences::Activate; // culled to the unevictable list
    if (in.youngPtes > 0) {
        setReferenced = true; // remember this access for the next trip
        if (in.referencedFlag || in.youngPtes > 1)
            return FolioReferences::Activate;
        if (in.vmExec && in.file)
            return FolioReferences::Activate; // executable file pages: activate after first use
        return FolioReferences::Keep;
    }
    if (in.referencedFlag && in.file)
        return FolioReferences::ReclaimClean;
    return FolioReferences::Reclaim;
}

Pages refaultWorkingsetSize(const RefaultInput& in)
{
    // workingset.c:workingset_refault(): "Compare the distance to the existing workingset size. We
    // don't activate pages that couldn't stay resident even if all the memory was available to the
    // workingset. Whether workingset competition needs to consider anon or not depends on having swap."
    constexpr std::size_t kInactiveAnon = 0, kActiveAnon = 1, kInactiveFile = 2, kActiveFile = 3;
    Pages workingset = in.lruSizes[kActiveFile];
    if (!in.file)
        workingset += in.lruSizes[kInactiveFile];
    if (in.swapFree) {
        workingset += in.lruSizes[kActiveAnon];
        if (in.file)
            workingset += in.lruSizes[kInactiveAnon];
    }
    return workingset;
}

bool refaultActivates(const RefaultInput& in)
{
    return in.distance <= refaultWorkingsetSize(in);
}

bool inactiveIsLow(Pages inactive, Pages active)
{
    const Pages gb = (inactive + active) >> (30 - kPageShift);
    const Pages ratio = gb ? intSqrt(10 * gb) : 1;
    return inactive * ratio < active;
}

} // namespace rlab::engine
