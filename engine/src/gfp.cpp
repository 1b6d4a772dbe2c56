// SPDX-License-Identifier: GPL-3.0-or-later
// gfp mask names as the kernel prints them (%pGg) and as scenarios write them.
#include "rlab/engine/gfp.h"

#include <array>
#include <cstdio>
#include <utility>

namespace rlab::engine::gfp {

namespace {

constexpr std::uint32_t kUser = kReclaim | kIo | kFs | kHardwall;

// include/trace/events/mmflags.h __def_gfpflag_names, in its order (format_flags() takes the first
// name whose bits are all set, so the composites come first).
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 35> kNames { {
    { "GFP_TRANSHUGE", kTranshugeLight | kDirectReclaim },
    { "GFP_TRANSHUGE_LIGHT", kTranshugeLight },
    { "GFP_HIGHUSER_MOVABLE", kHighuserMovable },
    { "GFP_HIGHUSER", kUser | kHighmem },
    { "GFP_USER", kUser },
    { "GFP_KERNEL_ACCOUNT", kKernel | kAccount },
    { "GFP_KERNEL", kKernel },
    { "GFP_NOFS", kReclaim | kIo },
    { "GFP_ATOMIC", kAtomicMask },
    { "GFP_NOIO", kReclaim },
    { "GFP_NOWAIT", kKswapdReclaim },
    { "GFP_DMA", kDma },
    { "__GFP_HIGHMEM", kHighmem },
    { "GFP_DMA32", kDma32 },
    { "__GFP_HIGH", kHigh },
    { "__GFP_ATOMIC", kAtomic },
    { "__GFP_IO", kIo },
    { "__GFP_FS", kFs },
    { "__GFP_NOWARN", kNowarn },
    { "__GFP_RETRY_MAYFAIL", kRetryMayfail },
    { "__GFP_NOFAIL", kNofail },
    { "__GFP_NORETRY", kNoretry },
    { "__GFP_COMP", kComp },
    { "__GFP_ZERO", kZero },
    { "__GFP_NOMEMALLOC", kNomemalloc },
    { "__GFP_MEMALLOC", kMemalloc },
    { "__GFP_HARDWALL", kHardwall },
    { "__GFP_THISNODE", kThisnode },
    { "__GFP_RECLAIMABLE", kReclaimable },
    { "__GFP_MOVABLE", kMovable },
    { "__GFP_ACCOUNT", kAccount },
    { "__GFP_WRITE", kWrite },
    { "__GFP_RECLAIM", kReclaim },
    { "__GFP_DIRECT_RECLAIM", kDirectReclaim },
    { "__GFP_KSWAPD_RECLAIM", kKswapdReclaim },
} };

} // namespace

std::string names(std::uint32_t mask)
{
    std::string out;
    for (const auto& [name, bits] : kNames) {
        if ((mask & bits) != bits)
            continue;
        if (!out.empty())
            out += '|';
        out += name;
        mask &= ~bits;
    }
    if (mask) {
        if (!out.empty())
            out += '|';
        out += hex(mask);
    }
    return out;
}

std::string hex(std::uint32_t mask)
{
    char text[16];
    std::snprintf(text, sizeof text, "%#x", mask);
    return text;
}

std::optional<std::uint32_t> parse(std::string_view text)
{
    std::uint32_t mask = 0;
    for (;;) {
        const std::size_t bar = text.find('|');
        const std::string_view word = text.substr(0, bar);
        bool known = false;
        for (const auto& [name, bits] : kNames) {
            if (name == word) {
                mask |= bits;
                known = true;
                break;
            }
        }
        if (!known)
            return std::nullopt;
        if (bar == std::string_view::npos)
            return mask;
        text.remove_prefix(bar + 1);
    }
}

std::string knownNames()
{
    std::string out;
    for (const auto& entry : kNames) {
        if (!out.empty())
            out += ", ";
        out += entry.first;
    }
    return out;
}

int zoneOf(std::uint32_t mask)
{
    // include/linux/gfp.h:gfp_zone() on x86_64 (no ZONE_HIGHMEM): __GFP_MOVABLE with __GFP_HIGHMEM is
    // ZONE_MOVABLE; __GFP_DMA and __GFP_DMA32 pick those zones; anything else ZONE_NORMAL.
    if (mask & kDma)
        return kZoneDma;
    if (mask & kDma32)
        return kZoneDma32;
    if ((mask & (kMovable | kHighmem)) == (kMovable | kHighmem))
        return kZoneMovable;
    return kZoneNormal;
}

} // namespace rlab::engine::gfp
