// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/reclaim_rules.h"

#include "rlab/engine/watermarks.h"

namespace rlab::engine {

const char* scanBalanceModeName(ScanBalanceMode mode)
{
    static constexpr const char* kNames[] = { "equal", "fract", "file", "anon" };
    return kNames[static_cast<int>(mode)];
}

ScanCountResult getScanCount(const ScanCountInput& in)
{
    // vmscan.c:get_scan_count(); memcg protection and offline-memcg rounding do not apply.
    ScanCountResult out;
    if (!in.maySwap || !in.swapSpaceFree) {
        out.mode = ScanBalanceMode::File;
    } else if (in.priority == 0 && in.swappiness != 0) {
        out.mode = ScanBalanceMode::Equal;
    } else if (in.fileIsTiny) {
        out.mode = ScanBalanceMode::Anon;
    } else if (in.cacheTrimMode) {
        out.mode = ScanBalanceMode::File;
    } else {
        out.mode = ScanBalanceMode::Fract;
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
        Pages scan = in.lruSizes[l] >> in.priority;
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

bool inactiveIsLow(Pages inactive, Pages active)
{
    const Pages gb = (inactive + active) >> (30 - kPageShift);
    const Pages ratio = gb ? intSqrt(10 * gb) : 1;
    return inactive * ratio < active;
}

} // namespace rlab::engine
