// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/watermarks.h"

#include "rlab/engine/gfp.h"

#include <algorithm>

namespace rlab::engine {

namespace {

using gfp::kZoneNormal;
constexpr Pages kPageblockNrPages = 512; // pageblock_order 9 on x86-64 with hugetlb
constexpr Pages kMigratePcptypes = 3;
// Pages still reserved when init_per_zone_wmark_min() and khugepaged run, and freed later at boot
// (the initrd and __init sections). Calibrated on the 512 MiB Debian 12 guest of
// tests/data/linux-6.1-watermarks-sample.csv, whose boot-time default of 2697 kB implies 2794..2877.
constexpr Pages kBootFreedLaterPages = 2835;

Pages bootTimeLowmem(const std::vector<ZoneSize>& zones)
{
    const Pages lowmem = nrFreeBufferPages(zones, {});
    return lowmem > kBootFreedLaterPages ? lowmem - kBootFreedLaterPages : 0;
}

} // namespace

std::uint64_t intSqrt(std::uint64_t x)
{
    // Bit-by-bit method of lib/math/int_sqrt.c; exact floor for every 64-bit input.
    if (x <= 1)
        return x;
    std::uint64_t m = std::uint64_t { 1 } << ((63 - static_cast<unsigned>(__builtin_clzll(x))) & ~1U);
    std::uint64_t y = 0;
    while (m != 0) {
        const std::uint64_t b = y + m;
        y >>= 1;
        if (x >= b) {
            x -= b;
            y += m;
        }
        m >>= 2;
    }
    return y;
}

std::uint64_t multFrac(std::uint64_t x, std::uint64_t n, std::uint64_t d)
{
    const std::uint64_t quot = x / d;
    const std::uint64_t rem = x % d;
    return quot * n + (rem * n) / d;
}

Pages nrFreeBufferPages(const std::vector<ZoneSize>& zones, const std::vector<Pages>& highs)
{
    // page_alloc.c:nr_free_zone_pages(gfp_zone(GFP_USER)): zones up to ZONE_NORMAL.
    Pages sum = 0;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        if (zones[i].typeIndex > kZoneNormal)
            continue;
        const Pages high = i < highs.size() ? highs[i] : 0;
        if (zones[i].managed > high)
            sum += zones[i].managed - high;
    }
    return sum;
}

std::int64_t sqrtRuleMinFreeKbytes(const std::vector<ZoneSize>& zones)
{
    // page_alloc.c:calculate_min_free_kbytes(); at boot every watermark is still 0.
    const std::uint64_t lowmemKbytes = bootTimeLowmem(zones) * (kPageSize / 1024);
    const auto value = static_cast<std::int64_t>(intSqrt(lowmemKbytes * 16));
    return std::clamp<std::int64_t>(value, 128, 262144);
}

bool thpEnabledAtBoot(const std::vector<ZoneSize>& zones, bool configured)
{
    Pages totalram = 0;
    for (const auto& z : zones)
        totalram += z.managed;
    // mm/huge_memory.c:hugepage_init(): off on machines below 512 MiB.
    return configured && totalram >= (Pages { 512 } << (20 - kPageShift));
}

std::int64_t defaultMinFreeKbytes(const std::vector<ZoneSize>& zones, bool thpEnabled)
{
    std::int64_t minFree = sqrtRuleMinFreeKbytes(zones);
    if (!thpEnabled)
        return minFree;
    // mm/khugepaged.c:set_recommended_min_free_kbytes(), run once khugepaged starts, when the
    // watermarks of the square-root rule are already in place (they feed nr_free_buffer_pages).
    Pages nrZones = 0;
    for (const auto& z : zones) {
        if (z.present > 0 && z.typeIndex <= kZoneNormal)
            ++nrZones;
    }
    Pages recommended = kPageblockNrPages * nrZones * 2;
    recommended += kPageblockNrPages * nrZones * kMigratePcptypes * kMigratePcptypes;
    const auto marks = computeWatermarks(zones, minFree, 10, { 256, 256, 32, 0, 0 });
    std::vector<Pages> highs;
    for (const auto& m : marks)
        highs.push_back(m.high);
    const Pages bufferPages = nrFreeBufferPages(zones, highs);
    recommended = std::min(
        recommended, (bufferPages > kBootFreedLaterPages ? bufferPages - kBootFreedLaterPages : 0) / 20);
    const auto recommendedKb = static_cast<std::int64_t>(recommended << (kPageShift - 10));
    return std::max(minFree, recommendedKb);
}

std::vector<ZoneWatermarks> computeWatermarks(const std::vector<ZoneSize>& zones, std::int64_t minFreeKbytes,
    int watermarkScaleFactor, const std::array<int, kMaxNrZones>& lowmemReserveRatio)
{
    std::vector<ZoneWatermarks> out(zones.size());

    // page_alloc.c:__setup_per_zone_wmarks(). No HIGHMEM on x86-64, so every zone (Movable included)
    // counts as lowmem and takes its proportional share of pages_min.
    const auto pagesMin = static_cast<std::uint64_t>(minFreeKbytes) >> (kPageShift - 10);
    Pages lowmemPages = 0;
    for (const auto& z : zones)
        lowmemPages += z.managed;

    for (std::size_t i = 0; i < zones.size(); ++i) {
        const Pages managed = zones[i].managed;
        const std::uint64_t tmp = lowmemPages == 0 ? 0 : pagesMin * managed / lowmemPages;
        const std::uint64_t gap =
            std::max(tmp >> 2, multFrac(managed, static_cast<std::uint64_t>(watermarkScaleFactor), 10000));
        out[i].min = tmp;
        out[i].low = tmp + gap;
        out[i].high = out[i].low + gap;
        out[i].promo = out[i].high + gap;
    }

    // page_alloc.c:setup_per_zone_lowmem_reserve(), node by node.
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const int idx = zones[i].typeIndex;
        if (idx >= kMaxNrZones - 1)
            continue;
        const int ratio = lowmemReserveRatio[static_cast<std::size_t>(idx)];
        const bool clear = ratio == 0 || zones[i].managed == 0;
        Pages upperSum = 0;
        for (int j = idx + 1; j < kMaxNrZones; ++j) {
            for (const auto& upper : zones) {
                if (upper.node == zones[i].node && upper.typeIndex == j)
                    upperSum += upper.managed;
            }
            out[i].lowmemReserve[static_cast<std::size_t>(j)] =
                clear ? 0 : upperSum / static_cast<Pages>(ratio);
        }
    }
    return out;
}

} // namespace rlab::engine
