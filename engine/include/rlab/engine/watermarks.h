// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/tunables.h"
#include "rlab/engine/units.h"

#include <array>
#include <cstdint>
#include <vector>

namespace rlab::engine {

/// The per-zone inputs of the watermark rules: its type index and its managed pages.
struct ZoneSize
{
    int node = 0;
    int typeIndex = 0; ///< ZoneType as int
    Pages present = 0;
    Pages managed = 0;
};

/// What __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve() compute for one zone.
struct ZoneWatermarks
{
    Pages min = 0; ///< _watermark[WMARK_MIN] (without boost)
    Pages low = 0;
    Pages high = 0;
    Pages promo = 0;
    std::array<Pages, kMaxNrZones> lowmemReserve {};
};

/// Integer square root, floor (lib/math/int_sqrt.c).
std::uint64_t intSqrt(std::uint64_t x);

/// mult_frac(x, n, d): floor(x * n / d) without overflow (include/linux/math.h).
std::uint64_t multFrac(std::uint64_t x, std::uint64_t n, std::uint64_t d);

/// nr_free_buffer_pages(): Σ max(0, managed − high) over zones up to ZONE_NORMAL (page_alloc.c).
/// `highs` holds each zone's current high watermark (0 at boot, before the first setup).
Pages nrFreeBufferPages(const std::vector<ZoneSize>& zones, const std::vector<Pages>& highs);

/// calculate_min_free_kbytes() for a fresh boot: int_sqrt(lowmem_kbytes * 16) clamped to 128..262144.
std::int64_t sqrtRuleMinFreeKbytes(const std::vector<ZoneSize>& zones);

/// min_free_kbytes at the end of boot: the square-root rule, then (when THP is enabled and
/// totalram ≥ 512 MiB, mm/huge_memory.c:hugepage_init) khugepaged's set_recommended_min_free_kbytes().
std::int64_t defaultMinFreeKbytes(const std::vector<ZoneSize>& zones, bool thpEnabled);

/// Whether THP stays enabled at boot: hugepage_init() turns it off below 512 MiB of managed RAM.
bool thpEnabledAtBoot(const std::vector<ZoneSize>& zones, bool configured);

/// __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve() for every zone of every node.
/// Returns one entry per input zone, same order. `minFreeKbytes` must already be resolved (≥ 0).
std::vector<ZoneWatermarks> computeWatermarks(const std::vector<ZoneSize>& zones, std::int64_t minFreeKbytes,
    int watermarkScaleFactor, const std::array<int, kMaxNrZones>& lowmemReserveRatio);

} // namespace rlab::engine
