// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/units.h"

#include <cstdint>

namespace rlab::engine::detail {

// Mapping entry encoding (see Mapping in machine.h).
inline constexpr std::uint32_t kEntryResident = 1U << 31;
inline constexpr std::uint32_t kEntrySwap = 1U << 30; ///< anon mappings: the PTE holds a swap entry
inline constexpr std::uint32_t kEntryShadow = 1U << 30; ///< file mappings: a workingset shadow
inline constexpr std::uint32_t kShadowWorkingset = 1U << 29;
inline constexpr std::uint64_t kShadowEvictionMask = (1U << 29) - 1; ///< EVICTION_MASK of the model
inline constexpr std::uint8_t kSwapHasCache = 0x40; ///< SWAP_HAS_CACHE in swap_map

constexpr bool isResident(std::uint32_t e)
{
    return (e & kEntryResident) != 0;
}
constexpr FrameIndex residentFrame(std::uint32_t e)
{
    return e & ~kEntryResident;
}
constexpr std::uint32_t makeResident(FrameIndex f)
{
    return kEntryResident | f;
}
constexpr bool isSwapEntry(std::uint32_t e)
{
    return !isResident(e) && (e & kEntrySwap) != 0;
}
constexpr std::uint32_t swapEntryOf(std::uint32_t e)
{
    return e & ~kEntrySwap;
}
constexpr bool isShadow(std::uint32_t e)
{
    return !isResident(e) && (e & kEntryShadow) != 0;
}

/// A swap entry: device in bits 26..29, slot in bits 0..25 (slot 0 is the header, so never 0).
constexpr std::uint32_t makeSwapEntry(unsigned device, std::uint32_t slot)
{
    return (device << 26) | slot;
}
constexpr std::size_t swapDevice(std::uint32_t entry)
{
    return (entry >> 26) & 0xfU;
}
constexpr std::uint32_t swapSlot(std::uint32_t entry)
{
    return entry & ((1U << 26) - 1);
}

/// mm/workingset.c:pack_shadow(): eviction clock and the PG_workingset bit.
constexpr std::uint32_t makeShadow(std::uint64_t eviction, bool workingset)
{
    return kEntryShadow | (workingset ? kShadowWorkingset : 0U)
        | static_cast<std::uint32_t>(eviction & kShadowEvictionMask);
}
constexpr std::uint64_t shadowEviction(std::uint32_t s)
{
    return s & kShadowEvictionMask;
}
constexpr bool shadowWorkingset(std::uint32_t s)
{
    return (s & kShadowWorkingset) != 0;
}

} // namespace rlab::engine::detail
