// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rlab::engine {

/// gfp mask bits (include/linux/gfp_types.h, Linux 6.1; CONFIG_KASAN_HW_TAGS=n).
namespace gfp {
inline constexpr std::uint32_t kDma = 0x01;
inline constexpr std::uint32_t kHighmem = 0x02;
inline constexpr std::uint32_t kDma32 = 0x04;
inline constexpr std::uint32_t kMovable = 0x08;
inline constexpr std::uint32_t kReclaimable = 0x10;
inline constexpr std::uint32_t kHigh = 0x20;
inline constexpr std::uint32_t kIo = 0x40;
inline constexpr std::uint32_t kFs = 0x80;
inline constexpr std::uint32_t kZero = 0x100;
inline constexpr std::uint32_t kAtomic = 0x200;
inline constexpr std::uint32_t kDirectReclaim = 0x400;
inline constexpr std::uint32_t kKswapdReclaim = 0x800;
inline constexpr std::uint32_t kWrite = 0x1000;
inline constexpr std::uint32_t kNowarn = 0x2000;
inline constexpr std::uint32_t kRetryMayfail = 0x4000;
inline constexpr std::uint32_t kNofail = 0x8000;
inline constexpr std::uint32_t kNoretry = 0x10000;
inline constexpr std::uint32_t kMemalloc = 0x20000;
inline constexpr std::uint32_t kComp = 0x40000;
inline constexpr std::uint32_t kNomemalloc = 0x80000;
inline constexpr std::uint32_t kHardwall = 0x100000;
inline constexpr std::uint32_t kThisnode = 0x200000;
inline constexpr std::uint32_t kAccount = 0x400000;

inline constexpr std::uint32_t kReclaim = kDirectReclaim | kKswapdReclaim;
inline constexpr std::uint32_t kAtomicMask = kHigh | kAtomic | kKswapdReclaim; ///< GFP_ATOMIC
inline constexpr std::uint32_t kKernel = kReclaim | kIo | kFs; ///< GFP_KERNEL
inline constexpr std::uint32_t kHighuserMovable = kKernel | kHardwall | kHighmem | kMovable;
/// GFP_TRANSHUGE_LIGHT: a THP allocation that neither reclaims nor wakes kswapd.
inline constexpr std::uint32_t kTranshugeLight =
    (kHighuserMovable | kComp | kNomemalloc | kNowarn) & ~kReclaim;

/// Zone indexes as gfp_zone() returns them on x86_64 (enum zone_type without ZONE_HIGHMEM).
inline constexpr int kZoneDma = 0;
inline constexpr int kZoneDma32 = 1;
inline constexpr int kZoneNormal = 2;
inline constexpr int kZoneMovable = 3;

/// The %pGg rendering of a mask (lib/vsprintf.c:format_flags() with mmflags.h's name table): the
/// composite names first, each taking its bits, then single flags, then any rest in hex.
std::string names(std::uint32_t mask);
/// The mask as printk's %#x prints it ("0xcc0").
std::string hex(std::uint32_t mask);
/// A mask written as names joined by '|' ("GFP_KERNEL|__GFP_NORETRY"), each a name of that table;
/// nullopt when a name is unknown.
std::optional<std::uint32_t> parse(std::string_view text);
/// Every name parse() accepts, joined by ", ".
std::string knownNames();
/// gfp_zone(): the highest zone index a mask may use (kZoneDma .. kZoneMovable).
int zoneOf(std::uint32_t mask);
} // namespace gfp

} // namespace rlab::engine
