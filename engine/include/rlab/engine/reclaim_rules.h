// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/units.h"

#include <array>
#include <cstdint>

namespace rlab::engine {

/// The balance modes of vmscan.c:get_scan_count().
enum class ScanBalanceMode : std::uint8_t
{
    Equal, ///< SCAN_EQUAL: priority 0, scan every list by size
    Fract, ///< SCAN_FRACT: anon and file in proportion to swappiness and cost
    File, ///< SCAN_FILE: no swap (or boosted reclaim, or cache trim mode)
    Anon, ///< SCAN_ANON: file_is_tiny
};
const char* scanBalanceModeName(ScanBalanceMode mode); ///< "equal", "fract", "file", "anon"

/// The vmscan.c:get_scan_count() branch that chose the mode, in the kernel's order. The branch for
/// cgroup reclaim with swappiness 0 does not apply: the model only does global reclaim.
enum class ScanBalanceReason : std::uint8_t
{
    NoSwap, ///< !sc->may_swap || !can_reclaim_anon_pages(): SCAN_FILE
    Priority0, ///< !sc->priority && swappiness: SCAN_EQUAL
    FileIsTiny, ///< sc->file_is_tiny: SCAN_ANON
    CacheTrimMode, ///< sc->cache_trim_mode: SCAN_FILE
    Fract, ///< none of the above: SCAN_FRACT, split by swappiness and cost
};
/// "no_swap", "priority_0", "file_is_tiny", "cache_trim_mode", "fract"
const char* scanBalanceReasonName(ScanBalanceReason reason);

struct ScanCountInput
{
    int swappiness = 60;
    int priority = 12;
    bool maySwap = true; ///< sc->may_swap
    bool swapSpaceFree = true; ///< can_reclaim_anon_pages(): nr_swap_pages > 0
    bool fileIsTiny = false; ///< from prepare_scan_count()
    bool cacheTrimMode = false; ///< from prepare_scan_count()
    std::uint64_t anonCost = 0;
    std::uint64_t fileCost = 0;
    /// lruvec_lru_size() of inactive_anon, active_anon, inactive_file, active_file (eligible zones).
    std::array<Pages, 4> lruSizes {};
    bool cgroupReclaim = false; ///< cgroup_reclaim(sc): swappiness 0 then scans file only
    /// mem_cgroup_protection() of the lruvec's cgroup (effective min, or low outside the low retry), and
    /// max(memory.current, protection); 0 and 0 without protection.
    Pages protection = 0;
    Pages cgroupSize = 0;
};

struct ScanCountResult
{
    ScanBalanceMode mode = ScanBalanceMode::Fract;
    ScanBalanceReason reason = ScanBalanceReason::Fract; ///< why `mode` was chosen
    std::uint64_t fractionAnon = 0;
    std::uint64_t fractionFile = 0;
    std::uint64_t denominator = 0;
    std::array<Pages, 4> nr {}; ///< pages to scan per evictable list
};

/// Models mm/vmscan.c:get_scan_count(), integer-exact; offline cgroups do not exist in the model.
ScanCountResult getScanCount(const ScanCountInput& in);

/// Models mm/vmscan.c:inactive_is_low(): inactive * int_sqrt(10 * GiB) < active.
bool inactiveIsLow(Pages inactive, Pages active);

/// Outcome of mm/vmscan.c:folio_check_references() for a page on an inactive list.
enum class FolioReferences : std::uint8_t
{
    Reclaim,
    ReclaimClean, ///< reclaim only if clean
    Keep, ///< one more trip round the inactive list
    Activate,
};
const char* folioReferencesName(FolioReferences r); ///< "reclaim", "reclaim_clean", "keep", "activate"

struct ReferenceInput
{
    int youngPtes = 0; ///< folio_referenced(): young PTEs found (and cleared)
    bool referencedFlag = false; ///< PG_referenced before the check
    bool vmExec = false;
    bool vmLocked = false;
    bool file = false;
};

/// Models mm/vmscan.c:folio_check_references(). The caller clears PG_referenced and sets it again
/// when the result says `setReferenced`.
FolioReferences checkReferences(const ReferenceInput& in, bool& setReferenced);

/// The refault distance of mm/workingset.c:workingset_refault(): how far the node's nonresident_age
/// clock advanced between the eviction and now, (refault - eviction) & EVICTION_MASK (wraps around).
constexpr std::uint64_t refaultDistance(
    std::uint64_t nonresidentAge, std::uint64_t eviction, std::uint64_t evictionMask)
{
    return (nonresidentAge - eviction) & evictionMask;
}

/// What mm/workingset.c:workingset_refault() compares when a page with a shadow entry comes back.
struct RefaultInput
{
    bool file = false; ///< folio_is_file_lru(): a page-cache page, not anon/shmem
    std::uint64_t distance = 0; ///< refaultDistance()
    /// Sizes of the evicting lruvec: inactive_anon, active_anon, inactive_file, active_file.
    std::array<Pages, 4> lruSizes {};
    bool swapFree = false; ///< mem_cgroup_get_nr_swap_pages() > 0: anon can be reclaimed too
};

/// The workingset size of mm/workingset.c:workingset_refault(): active_file, plus inactive_file for an
/// anon page, plus (when swap space is free) active_anon, and inactive_anon for a file page.
Pages refaultWorkingsetSize(const RefaultInput& in);

/// mm/workingset.c:workingset_refault(): the page is activated when the refault distance is at most
/// the workingset size (it would have stayed resident had that memory been given to the inactive list).
bool refaultActivates(const RefaultInput& in);

/// Models the test in mm/vmscan.c:shrink_active_list(): only a referenced executable file page stays
/// on the active list; everything else is deactivated.
constexpr bool keepsActive(bool referenced, bool vmExec, bool file)
{
    return referenced && vmExec && file;
}

} // namespace rlab::engine
