// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace rlab::engine {

/// __alloc_pages()'s alloc_flags that the buddy allocator and the watermark check read (mm/internal.h,
/// 6.1.192 values). The low two bits are the watermark index.
enum AllocFlag : unsigned
{
    kAllocWmarkMin = 0,
    kAllocWmarkLow = 1,
    kAllocWmarkHigh = 2,
    kAllocWmarkMask = 3,
    kAllocOom = 0x08,
    kAllocNonBlock = 0x10,
    kAllocMinReserve = 0x20,
    kAllocNoFragment = 0x100,
    kAllocHighatomic = 0x200,
    kAllocKswapd = 0x800,
    kAllocReserves = kAllocNonBlock | kAllocMinReserve | kAllocHighatomic | kAllocOom,
};

/// include/linux/gfp.h:gfp_migratetype(): __GFP_MOVABLE (0x08) and __GFP_RECLAIMABLE (0x10) pick the type.
constexpr Migratetype gfpMigratetype(std::uint32_t gfp)
{
    return static_cast<Migratetype>((gfp & 0x18U) >> 3);
}

/// page_alloc.c:can_steal_fallback(): whether a fallback may take over the whole pageblock.
constexpr bool canStealFallback(int order, Migratetype start)
{
    return order >= kPageblockOrder || order >= kPageblockOrder / 2 || start == Migratetype::Reclaimable
        || start == Migratetype::Unmovable;
}

/// page_alloc.c:boost_watermark(): raises the zone's watermark_boost by a pageblock, up to
/// watermark_boost_factor/10000 of the high watermark. False when the zone cannot be boosted.
bool boostWatermark(Zone& zone, int watermarkBoostFactor);

/// page_alloc.c:__zone_watermark_ok() for any order: `free` above the (reserve-lowered) mark plus the
/// lowmem reserve, and for order > 0 a free block of at least that order on a list the caller may use.
bool zoneWatermarkOk(
    const Zone& zone, int order, Pages mark, int highestZoneidx, unsigned allocFlags, Pages free);

/// page_alloc.c:zone_watermark_fast() (6.1.y): the order-0 shortcut inline, then __zone_watermark_ok(),
/// then for an order-0 __GFP_ATOMIC request at the MIN mark the check without the boost.
bool zoneWatermarkFastSlow(const Zone& zone, int order, Pages mark, int highestZoneidx, unsigned allocFlags,
    std::uint32_t gfp, Pages free);
inline bool zoneWatermarkFast(
    const Zone& zone, int order, Pages mark, int highestZoneidx, unsigned allocFlags, std::uint32_t gfp)
{
    const Pages free = zone.freePages();
    if (order == 0) {
        const Pages unusable = (allocFlags & kAllocReserves) ? 0 : zone.nrReservedHighatomic;
        if (free - std::min(free, unusable)
            > mark + zone.lowmemReserve[static_cast<std::size_t>(highestZoneidx)])
            return true;
    }
    return zoneWatermarkFastSlow(zone, order, mark, highestZoneidx, allocFlags, gfp, free);
}

/// mm/vmstat.c:fill_contig_page_info(): a zone's free pages and free blocks, and how many blocks of
/// `order` its free blocks of that order or larger make.
struct ContigPageInfo
{
    std::int64_t freePages = 0;
    std::int64_t freeBlocksTotal = 0;
    std::int64_t freeBlocksSuitable = 0;
};
ContigPageInfo contigPageInfo(const Zone& zone, int order);

/// mm/vmstat.c:__fragmentation_index() in thousandths: 0 when free memory is short, towards 1000 when
/// it is fragmented, -1000 when a block of `order` is free.
int fragmentationIndex(const Zone& zone, int order);
/// mm/vmstat.c:unusable_free_index() in thousandths: the share of free memory in blocks below `order`.
int unusableFreeIndex(const Zone& zone, int order);

/// The frame fields the buddy allocator reads and writes: FrameStore's arrays (or a test's), as plain
/// pointers so the hot paths do not reload a vector's buffer after every store.
struct BuddyFrames
{
    FrameIndex* next = nullptr;
    FrameIndex* prev = nullptr;
    const std::uint8_t* state = nullptr; ///< LRU pages count as movable when stealing
    std::uint32_t* priv = nullptr; ///< page_private of a free block's first page: mark | list << 8 | order
};

/// mm/page_alloc.c's buddy allocator on a zone's free_area: split (expand), merge (__free_one_page),
/// and the migratetype fallback with its pageblock stealing. It keeps NR_FREE_PAGES; the caller sets
/// the pages' other fields. There are no per-cpu lists: every order-0 page comes from the buddy lists.
class Buddy
{
public:
    explicit Buddy(BuddyFrames frames = {})
        : m_f(frames)
    {}

    /// Boot: pageblocks MOVABLE (memmap_init_range(); a partial first one UNMOVABLE) and the managed range
    /// freed as the largest aligned blocks, lowest address first on each list (__free_pages_core()
    /// frees to the tail).
    void initZone(Zone& zone);

    /// rmqueue()'s __rmqueue(): the first page of a free block of 2^order pages, or kNoFrame. A fallback
    /// that steals part of a pageblock boosts the watermark and, with kAllocKswapd, sets
    /// zone.boostedWatermarkFlag for the caller to wake kswapd.
    FrameIndex rmqueue(Zone& zone, int order, Migratetype type, unsigned allocFlags, int watermarkBoostFactor)
    {
        // Most requests: an order-0 page at the head of its own type's order-0 list.
        if (order == 0) {
            const FrameIndex pfn = zone.freeArea[0].head[static_cast<std::size_t>(type)];
            if (pfn != kNoFrame) {
                popHead(zone, 0, type, pfn);
                --zone.stat[ZoneStat::NrFreePages];
                return pfn;
            }
        }
        return rmqueueSlow(zone, order, type, allocFlags, watermarkBoostFactor);
    }
    /// __free_one_page(): frees 2^order pages at `pfn` to its pageblock's list, merging with free buddies.
    void freeOnePage(Zone& zone, FrameIndex pfn, int order);

    /// page_alloc.c:reserve_highatomic_pageblock(): after a high-order atomic allocation at `pfn`, its
    /// pageblock becomes HIGHATOMIC (up to 1 % of the zone plus one pageblock).
    void reserveHighatomic(Zone& zone, FrameIndex pfn);
    /// page_alloc.c:unreserve_highatomic_pageblock() for one zone: the first HIGHATOMIC free block's
    /// pageblock goes to `type`, keeping one reserved pageblock unless `force`. True when free pages moved.
    bool unreserveHighatomic(Zone& zone, Migratetype type, bool force);

    /// page_alloc.c:__isolate_free_page(): takes the free block at `pfn` off its list for compaction's
    /// free scanner, if the zone stays above its (unboosted) min watermark plus the block; its pageblocks
    /// turn MOVABLE when the block is at least half a pageblock. The block's size, or 0.
    Pages isolateFreePage(Zone& zone, FrameIndex pfn);
    /// __compact_finished()'s test: a free block of at least `order` on `type`'s list, or on a fallback
    /// list that the request may steal from.
    static bool suitableBlockFree(const Zone& zone, int order, Migratetype type);

    /// The free block whose first page is `pfn`: its order (page_private) and the list it is on.
    int orderOf(FrameIndex pfn) const { return static_cast<int>(m_f.priv[pfn] & 0xffU); }
    Migratetype listOf(FrameIndex pfn) const
    {
        return static_cast<Migratetype>((m_f.priv[pfn] >> 8) & 0xffU);
    }
    /// PageBuddy(): a free page whose page_private carries the buddy mark. Other free pages keep 0 there.
    bool isFreeBlock(FrameIndex pfn) const
    {
        return m_f.state[pfn] == static_cast<std::uint8_t>(FrameState::Free)
            && (m_f.priv[pfn] & kBuddyMark) != 0;
    }
    static constexpr std::uint32_t kBuddyMark = 1U << 31;

    /// Buddy invariants of one zone: every free block aligned, inside the managed range, merged with
    /// its buddy where the kernel would, on the list its `priv` names, counted once; the counts and
    /// NR_FREE_PAGES agree with the lists. Empty when they hold. O(managed pages).
    std::string checkZone(const Zone& zone) const;

private:
    /// __rmqueue_smallest(): the smallest free block of `type` at or above `order`, split down.
    FrameIndex rmqueueSmallest(Zone& zone, int order, Migratetype type);
    FrameIndex rmqueueSlow(
        Zone& zone, int order, Migratetype type, unsigned allocFlags, int watermarkBoostFactor);
    /// Unlinks `pfn`, the head of the list of `type` at `order`.
    void popHead(Zone& zone, int order, Migratetype type, FrameIndex pfn)
    {
        FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
        const auto t = static_cast<std::size_t>(type);
        // A list of one (common while a large block is split page by page) needs no link read.
        const FrameIndex after = area.tail[t] == pfn ? kNoFrame : m_f.next[pfn];
        area.head[t] = after;
        if (after != kNoFrame) {
            m_f.prev[after] = kNoFrame;
        } else {
            area.tail[t] = kNoFrame;
            zone.freeOrders[t] = static_cast<std::uint16_t>(zone.freeOrders[t] & ~(1U << order));
        }
        m_f.priv[pfn] = 0;
        --area.nrFree;
        --area.blocks[t];
    }
    void addToFreeList(Zone& zone, FrameIndex pfn, int order, Migratetype type, bool toTail);
    void delFromFreeList(Zone& zone, FrameIndex pfn);
    void moveToFreeList(Zone& zone, FrameIndex pfn, Migratetype type);
    bool rmqueueFallback(
        Zone& zone, int order, Migratetype start, unsigned allocFlags, int watermarkBoostFactor);
    void stealSuitableFallback(Zone& zone, FrameIndex pfn, unsigned allocFlags, Migratetype start,
        bool wholeBlock, int watermarkBoostFactor);
    Pages moveFreepagesBlock(Zone& zone, FrameIndex pfn, Migratetype type, Pages& movable);
    bool freeBuddy(const Zone& zone, FrameIndex pfn, int order) const;

    BuddyFrames m_f;
};

} // namespace rlab::engine
