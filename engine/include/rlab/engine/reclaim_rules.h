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
};

struct ScanCountResult
{
    ScanBalanceMode mode = ScanBalanceMode::Fract;
    std::uint64_t fractionAnon = 0;
    std::uint64_t fractionFile = 0;
    std::uint64_t denominator = 0;
    std::array<Pages, 4> nr {}; ///< pages to scan per evictable list
};

/// Models mm/vmscan.c:get_scan_count() for global (non-memcg) reclaim, integer-exact.
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

/// Models the test in mm/vmscan.c:shrink_active_list(): only a referenced executable file page stays
/// on the active list; everything else is deactivated.
constexpr bool keepsActive(bool referenced, bool vmExec, bool file)
{
    return referenced && vmExec && file;
}

} // namespace rlab::engine
