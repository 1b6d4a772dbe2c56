// SPDX-License-Identifier: GPL-3.0-or-later
// The buddy allocator of mm/page_alloc.c: free blocks by order and migratetype, split and merge,
// the migratetype fallback with pageblock stealing and watermark boost, and the order-N watermark check.
#include "rlab/engine/buddy.h"

#include "detail/assert.h"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

namespace rlab::engine {

namespace {

constexpr std::size_t idx(Migratetype type)
{
    return static_cast<std::size_t>(type);
}

// page_alloc.c:fallbacks[]: where each type looks when its own lists are empty.
constexpr std::array<std::array<Migratetype, 2>, kMigratePcptypes> kFallbacks { {
    { Migratetype::Reclaimable, Migratetype::Movable }, // Unmovable
    { Migratetype::Reclaimable, Migratetype::Unmovable }, // Movable
    { Migratetype::Unmovable, Migratetype::Movable }, // Reclaimable
} };

constexpr bool mergeable(Migratetype type)
{
    return idx(type) < kMigratePcptypes; // migratetype_is_mergeable()
}

/// page_alloc.c:find_suitable_fallback(): the first fallback type with a free block of this order.
int findSuitableFallback(
    const FreeArea& area, int order, Migratetype start, bool onlyStealable, bool& canSteal)
{
    canSteal = false;
    if (area.nrFree == 0 || idx(start) >= kMigratePcptypes)
        return -1;
    for (const Migratetype fallback : kFallbacks[idx(start)]) {
        if (area.empty(fallback))
            continue;
        canSteal = canStealFallback(order, start);
        if (!onlyStealable || canSteal)
            return static_cast<int>(fallback);
    }
    return -1;
}

Pages multFrac(Pages x, Pages numerator, Pages denominator)
{
    return x / denominator * numerator + x % denominator * numerator / denominator;
}

} // namespace

const char* migratetypeName(Migratetype type)
{
    // page_alloc.c:migratetype_names[]
    static constexpr std::array<const char*, kMigrateTypes> kNames { "Unmovable", "Movable", "Reclaimable",
        "HighAtomic", "Isolate" };
    return kNames[idx(type)];
}

bool boostWatermark(Zone& zone, int watermarkBoostFactor)
{
    // page_alloc.c:boost_watermark()
    if (watermarkBoostFactor <= 0)
        return false;
    // Small zones would boost their watermarks past their size.
    if (kPageblockPages * 4 > zone.managed)
        return false;
    Pages maxBoost = multFrac(zone.wmark.high, static_cast<Pages>(watermarkBoostFactor), 10000);
    if (maxBoost == 0)
        return false;
    maxBoost = std::max(kPageblockPages, maxBoost);
    zone.watermarkBoost = std::min(zone.watermarkBoost + kPageblockPages, maxBoost);
    return true;
}

bool zoneWatermarkOk(
    const Zone& zone, int order, Pages mark, int highestZoneidx, unsigned allocFlags, Pages free)
{
    // page_alloc.c:__zone_watermark_ok() (6.1.192, CONFIG_CMA=n)
    auto freeLeft = static_cast<std::int64_t>(free);
    auto min = static_cast<std::int64_t>(mark);
    std::int64_t unusable = (std::int64_t { 1 } << order) - 1;
    if (!(allocFlags & kAllocReserves))
        unusable += static_cast<std::int64_t>(zone.nrReservedHighatomic);
    freeLeft -= unusable;
    if (allocFlags & kAllocReserves) {
        if (allocFlags & kAllocMinReserve) {
            min -= min / 2; // __GFP_HIGH
            if (allocFlags & kAllocNonBlock)
                min -= min / 4; // GFP_ATOMIC
        }
        if (allocFlags & kAllocOom)
            min -= min / 2;
    }
    if (freeLeft
        <= min + static_cast<std::int64_t>(zone.lowmemReserve[static_cast<std::size_t>(highestZoneidx)]))
        return false;
    if (order == 0)
        return true;
    for (int o = order; o < kMaxOrder; ++o) {
        const FreeArea& area = zone.freeArea[static_cast<std::size_t>(o)];
        if (area.nrFree == 0)
            continue;
        for (int mt = 0; mt < kMigratePcptypes; ++mt) {
            if (!area.empty(static_cast<Migratetype>(mt)))
                return true;
        }
        if ((allocFlags & (kAllocHighatomic | kAllocOom)) && !area.empty(Migratetype::HighAtomic))
            return true;
    }
    return false;
}

bool zoneWatermarkFastSlow(const Zone& zone, int order, Pages mark, int highestZoneidx, unsigned allocFlags,
    std::uint32_t gfp, Pages free)
{
    constexpr std::uint32_t kGfpAtomic = 0x200; // __GFP_ATOMIC (6.1.y still has it)
    if (zoneWatermarkOk(zone, order, mark, highestZoneidx, allocFlags, free))
        return true;
    // The min watermark is where the boost stops counting for atomic order-0 requests.
    if (order == 0 && (gfp & kGfpAtomic) && zone.watermarkBoost
        && (allocFlags & kAllocWmarkMask) == kAllocWmarkMin)
        return zoneWatermarkOk(zone, 0, zone.wmark.min, highestZoneidx, allocFlags, free);
    return false;
}

ContigPageInfo contigPageInfo(const Zone& zone, int order)
{
    ContigPageInfo info;
    for (int o = 0; o < kMaxOrder; ++o) {
        const auto blocks = static_cast<std::int64_t>(zone.freeArea[static_cast<std::size_t>(o)].nrFree);
        info.freeBlocksTotal += blocks;
        info.freePages += blocks << o;
        if (o >= order)
            info.freeBlocksSuitable += blocks << (o - order);
    }
    return info;
}

int fragmentationIndex(const Zone& zone, int order)
{
    // mm/vmstat.c:__fragmentation_index()
    const ContigPageInfo info = contigPageInfo(zone, order);
    if (info.freeBlocksTotal == 0)
        return 0;
    if (info.freeBlocksSuitable > 0)
        return -1000;
    const std::int64_t requested = std::int64_t { 1 } << order;
    return static_cast<int>(1000 - (1000 + info.freePages * 1000 / requested) / info.freeBlocksTotal);
}

int unusableFreeIndex(const Zone& zone, int order)
{
    // mm/vmstat.c:unusable_free_index(): 1000 with nothing free
    const ContigPageInfo info = contigPageInfo(zone, order);
    if (info.freePages == 0)
        return 1000;
    return static_cast<int>((info.freePages - (info.freeBlocksSuitable << order)) * 1000 / info.freePages);
}

void Buddy::initZone(Zone& zone)
{
    zone.freeArea = {};
    zone.freeOrders = {};
    zone.nrReservedHighatomic = 0;
    zone.boostedWatermarkFlag = false;
    zone.stat[ZoneStat::NrFreePages] = 0;
    const std::uint64_t blocks = zone.spanned
        ? ((zone.startPfn + zone.spanned - 1) >> kPageblockOrder) - (zone.startPfn >> kPageblockOrder) + 1
        : 0;
    // page_alloc.c:memmap_init_range() marks MOVABLE only the pageblocks whose first PFN is in the zone;
    // a zone starting mid-pageblock (DMA at PFN 1) keeps its first pageblock UNMOVABLE (0).
    zone.pageblockType.assign(blocks, Migratetype::Movable);
    zone.pageblockSkip.assign(blocks, 0);
    if (blocks && (zone.startPfn & (kPageblockPages - 1)) != 0)
        zone.pageblockType.front() = Migratetype::Unmovable;
    // mm/memblock.c:__free_pages_memory(): the largest naturally aligned blocks that fit.
    FrameIndex pfn = zone.firstFrame();
    const FrameIndex end = zone.firstFrame() + static_cast<FrameIndex>(zone.managed);
    while (pfn < end) {
        int order = kMaxOrder - 1;
        while (order > 0
            && ((pfn & ((FrameIndex { 1 } << order) - 1)) != 0 || pfn + (FrameIndex { 1 } << order) > end))
            --order;
        addToFreeList(zone, pfn, order, zone.pageblockMigratetype(pfn), true);
        zone.stat[ZoneStat::NrFreePages] += Pages { 1 } << order;
        pfn += FrameIndex { 1 } << order;
    }
}

void Buddy::addToFreeList(Zone& zone, FrameIndex pfn, int order, Migratetype type, bool toTail)
{
    FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
    const std::size_t t = idx(type);
    m_f.priv[pfn] = kBuddyMark | (static_cast<std::uint32_t>(type) << 8) | static_cast<std::uint32_t>(order);
    if (toTail) {
        m_f.next[pfn] = kNoFrame;
        m_f.prev[pfn] = area.tail[t];
        if (area.tail[t] != kNoFrame)
            m_f.next[area.tail[t]] = pfn;
        else
            area.head[t] = pfn;
        area.tail[t] = pfn;
    } else {
        m_f.prev[pfn] = kNoFrame;
        m_f.next[pfn] = area.head[t];
        if (area.head[t] != kNoFrame)
            m_f.prev[area.head[t]] = pfn;
        else
            area.tail[t] = pfn;
        area.head[t] = pfn;
    }
    ++area.nrFree;
    ++area.blocks[t];
    zone.freeOrders[t] = static_cast<std::uint16_t>(zone.freeOrders[t] | (1U << order));
}

void Buddy::delFromFreeList(Zone& zone, FrameIndex pfn)
{
    const int order = orderOf(pfn);
    FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
    const std::size_t t = idx(listOf(pfn));
    const FrameIndex before = m_f.prev[pfn];
    const FrameIndex after = m_f.next[pfn];
    if (before != kNoFrame)
        m_f.next[before] = after;
    else
        area.head[t] = after;
    if (after != kNoFrame)
        m_f.prev[after] = before;
    else
        area.tail[t] = before;
    if (area.head[t] == kNoFrame)
        zone.freeOrders[t] = static_cast<std::uint16_t>(zone.freeOrders[t] & ~(1U << order));
    m_f.priv[pfn] = 0;
    --area.nrFree;
    --area.blocks[t];
}

void Buddy::moveToFreeList(Zone& zone, FrameIndex pfn, Migratetype type)
{
    // page_alloc.c:move_to_free_list(): to the tail of the other type's list, same order.
    const int order = orderOf(pfn);
    delFromFreeList(zone, pfn);
    addToFreeList(zone, pfn, order, type, true);
}

FrameIndex Buddy::rmqueueSmallest(Zone& zone, int order, Migratetype type)
{
    // page_alloc.c:__rmqueue_smallest() and expand(): the caller keeps the lowest piece.
    const unsigned orders = unsigned { zone.freeOrders[idx(type)] } >> order;
    if (orders == 0)
        return kNoFrame;
    const int o = order + std::countr_zero(orders);
    const FrameIndex pfn = zone.freeArea[static_cast<std::size_t>(o)].head[idx(type)];
    popHead(zone, o, type, pfn);
    for (int high = o; high > order;) {
        --high;
        addToFreeList(zone, pfn + (FrameIndex { 1 } << high), high, type, false);
    }
    zone.stat[ZoneStat::NrFreePages] -= Pages { 1 } << order;
    return pfn;
}

Pages Buddy::moveFreepagesBlock(Zone& zone, FrameIndex pfn, Migratetype type, Pages& movable)
{
    // page_alloc.c:move_freepages_block(): every free block of the pageblock to `type`'s lists; pages
    // on the LRU count as movable. A pageblock not wholly inside the zone's span is left alone.
    // A pageblock starting below the zone (DMA's first) is moved from `pfn` on.
    FrameIndex start = pfn & ~static_cast<FrameIndex>(kPageblockPages - 1);
    const std::uint64_t end = std::uint64_t { start } + kPageblockPages;
    if (start < zone.startPfn)
        start = pfn;
    if (end > zone.startPfn + zone.spanned)
        return 0;
    // Reserved PFNs (outside the managed run) are neither free nor on the LRU.
    const std::uint64_t managedEnd = zone.firstFrame() + zone.managed;
    Pages moved = 0;
    for (std::uint64_t p = std::max(start, zone.firstFrame()); p < std::min(end, managedEnd);) {
        const auto f = static_cast<FrameIndex>(p);
        if (!isFreeBlock(f)) {
            if (isLruStateCode(m_f.state[f]))
                ++movable;
            ++p;
            continue;
        }
        const int order = orderOf(f);
        moveToFreeList(zone, f, type);
        p += std::uint64_t { 1 } << order;
        moved += Pages { 1 } << order;
    }
    return moved;
}

Pages Buddy::isolateFreePage(Zone& zone, FrameIndex pfn)
{
    const int order = orderOf(pfn);
    const Migratetype type = listOf(pfn);
    if (type != Migratetype::Isolate) {
        const Pages mark = zone.wmark.min + (Pages { 1 } << order);
        if (!zoneWatermarkOk(zone, 0, mark, 0, 0, zone.freePages()))
            return 0;
    }
    delFromFreeList(zone, pfn);
    zone.stat[ZoneStat::NrFreePages] -= Pages { 1 } << order;
    if (order >= kPageblockOrder - 1) {
        const FrameIndex end = pfn + (FrameIndex { 1 } << order);
        for (FrameIndex p = pfn; p < end; p += kPageblockPages) {
            const Migratetype old = zone.pageblockMigratetype(p);
            if (old != Migratetype::Isolate && old != Migratetype::HighAtomic)
                zone.setPageblockMigratetype(p, Migratetype::Movable);
        }
    }
    return Pages { 1 } << order;
}

bool Buddy::suitableBlockFree(const Zone& zone, int order, Migratetype type)
{
    for (int o = order; o < kMaxOrder; ++o) {
        const FreeArea& area = zone.freeArea[static_cast<std::size_t>(o)];
        if (!area.empty(type))
            return true;
        bool canSteal = false;
        if (findSuitableFallback(area, o, type, true, canSteal) != -1)
            return true;
    }
    return false;
}

void Buddy::reserveHighatomic(Zone& zone, FrameIndex pfn)
{
    const Pages maxManaged = zone.managed / 100 + kPageblockPages;
    if (zone.nrReservedHighatomic >= maxManaged)
        return;
    const Migratetype type = zone.pageblockMigratetype(pfn);
    if (!mergeable(type))
        return;
    zone.nrReservedHighatomic += kPageblockPages;
    zone.setPageblockMigratetype(pfn, Migratetype::HighAtomic);
    Pages movable = 0;
    moveFreepagesBlock(zone, pfn, Migratetype::HighAtomic, movable);
}

bool Buddy::unreserveHighatomic(Zone& zone, Migratetype type, bool force)
{
    if (!force && zone.nrReservedHighatomic <= kPageblockPages)
        return false;
    for (int order = 0; order < kMaxOrder; ++order) {
        const FrameIndex pfn = zone.freeArea[static_cast<std::size_t>(order)]
                                   .head[static_cast<std::size_t>(Migratetype::HighAtomic)];
        if (pfn == kNoFrame)
            continue;
        if (zone.pageblockMigratetype(pfn) == Migratetype::HighAtomic)
            zone.nrReservedHighatomic -= std::min(Pages { kPageblockPages }, zone.nrReservedHighatomic);
        // Straight to the caller's type, not through the stealing heuristics.
        zone.setPageblockMigratetype(pfn, type);
        Pages movable = 0;
        if (moveFreepagesBlock(zone, pfn, type, movable) > 0)
            return true;
    }
    return false;
}

void Buddy::stealSuitableFallback(Zone& zone, FrameIndex pfn, unsigned allocFlags, Migratetype start,
    bool wholeBlock, int watermarkBoostFactor)
{
    // page_alloc.c:steal_suitable_fallback()
    const int order = orderOf(pfn);
    const Migratetype oldType = zone.pageblockMigratetype(pfn);
    if (oldType == Migratetype::HighAtomic) {
        moveToFreeList(zone, pfn, start);
        return;
    }
    if (order >= kPageblockOrder) { // change_pageblock_range(): the whole block changes owner
        for (FrameIndex p = pfn; p < pfn + (FrameIndex { 1 } << order); p += kPageblockPages)
            zone.setPageblockMigratetype(p, start);
        moveToFreeList(zone, pfn, start);
        return;
    }
    // Reclaim harder so later requests need not fall back; kswapd is woken once rmqueue() is done.
    if (boostWatermark(zone, watermarkBoostFactor) && (allocFlags & kAllocKswapd))
        zone.boostedWatermarkFlag = true;
    if (!wholeBlock) {
        moveToFreeList(zone, pfn, start);
        return;
    }
    Pages movable = 0;
    const Pages free = moveFreepagesBlock(zone, pfn, start, movable);
    if (free == 0) {
        moveToFreeList(zone, pfn, start);
        return;
    }
    // Pages already used by `start`'s kind: movable ones for a movable request; for the others, the
    // pages of a movable block that are neither free nor on the LRU.
    Pages alike = 0;
    if (start == Migratetype::Movable)
        alike = movable;
    else if (oldType == Migratetype::Movable)
        alike = kPageblockPages - (free + movable);
    if (free + alike >= kPageblockPages / 2)
        zone.setPageblockMigratetype(pfn, start);
}

bool Buddy::rmqueueFallback(
    Zone& zone, int order, Migratetype start, unsigned allocFlags, int watermarkBoostFactor)
{
    // page_alloc.c:__rmqueue_fallback(): the largest block of a fallback type, so the stolen pageblock
    // serves many later requests; ALLOC_NOFRAGMENT allows only whole pageblocks.
    const int minOrder = (allocFlags & kAllocNoFragment) && order < kPageblockOrder ? kPageblockOrder : order;
    bool canSteal = false;
    int fallback = -1;
    int current = kMaxOrder - 1;
    for (; current >= minOrder; --current) {
        fallback = findSuitableFallback(
            zone.freeArea[static_cast<std::size_t>(current)], current, start, false, canSteal);
        if (fallback != -1)
            break;
    }
    if (fallback == -1)
        return false;
    // A movable request that may not take the pageblock takes the smallest block instead.
    if (!canSteal && start == Migratetype::Movable && current > order) {
        for (current = order; current < kMaxOrder; ++current) {
            fallback = findSuitableFallback(
                zone.freeArea[static_cast<std::size_t>(current)], current, start, false, canSteal);
            if (fallback != -1)
                break;
        }
        RLAB_ASSERT(current < kMaxOrder);
    }
    const FrameIndex pfn =
        zone.freeArea[static_cast<std::size_t>(current)].head[static_cast<std::size_t>(fallback)];
    stealSuitableFallback(zone, pfn, allocFlags, start, canSteal, watermarkBoostFactor);
    return true;
}

FrameIndex Buddy::rmqueueSlow(
    Zone& zone, int order, Migratetype type, unsigned allocFlags, int watermarkBoostFactor)
{
    // page_alloc.c:rmqueue_buddy() (6.1.192) and __rmqueue()
    FrameIndex pfn = kNoFrame;
    if (order > 0 && (allocFlags & kAllocHighatomic))
        pfn = rmqueueSmallest(zone, order, Migratetype::HighAtomic);
    if (pfn != kNoFrame)
        return pfn;
    for (;;) {
        pfn = rmqueueSmallest(zone, order, type);
        if (pfn != kNoFrame || !rmqueueFallback(zone, order, type, allocFlags, watermarkBoostFactor))
            break;
    }
    if (pfn == kNoFrame && (allocFlags & (kAllocOom | kAllocNonBlock)))
        pfn = rmqueueSmallest(zone, order, Migratetype::HighAtomic);
    return pfn;
}

bool Buddy::freeBuddy(const Zone& zone, FrameIndex pfn, int order) const
{
    // page_alloc.c:page_is_buddy(): a free block of exactly this order in the same zone.
    return pfn >= zone.firstFrame() && pfn < zone.firstFrame() + zone.managed && isFreeBlock(pfn)
        && orderOf(pfn) == order;
}

void Buddy::freeOnePage(Zone& zone, FrameIndex pfn, int order)
{
    // page_alloc.c:__free_one_page(): merge upwards while the buddy is free.
    const Migratetype type = zone.pageblockMigratetype(pfn);
    zone.stat[ZoneStat::NrFreePages] += Pages { 1 } << order;
    FrameIndex buddy = kNoFrame;
    while (order < kMaxOrder - 1) {
        buddy = pfn ^ (FrameIndex { 1 } << order); // __find_buddy_pfn()
        if (!freeBuddy(zone, buddy, order))
            break;
        // Pageblocks without fallbacks (highatomic, isolated) keep their free pages to themselves.
        if (order >= kPageblockOrder) {
            const Migratetype buddyType = zone.pageblockMigratetype(buddy);
            if (type != buddyType && (!mergeable(type) || !mergeable(buddyType)))
                break;
        }
        delFromFreeList(zone, buddy);
        pfn &= buddy;
        ++order;
    }
    // buddy_merge_likely(): when the merged block's own buddy is free, freeing the missing piece would
    // merge further, so this block goes to the tail where it is taken last.
    bool toTail = false;
    if (order < kMaxOrder - 2) {
        buddy = pfn ^ (FrameIndex { 1 } << order);
        const FrameIndex higher = buddy & pfn;
        toTail = freeBuddy(zone, higher ^ (FrameIndex { 1 } << (order + 1)), order + 1);
    }
    addToFreeList(zone, pfn, order, type, toTail);
}

std::string Buddy::checkZone(const Zone& zone) const
{
    const std::string where = std::string(" in zone ") + zoneTypeName(zone.type);
    const FrameIndex first = zone.firstFrame();
    const std::uint64_t end = std::uint64_t { first } + zone.managed;
    std::vector<bool> covered(zone.managed, false);
    Pages freePages = 0;
    for (int o = 0; o < kMaxOrder; ++o) {
        const FreeArea& area = zone.freeArea[static_cast<std::size_t>(o)];
        Pages blocks = 0;
        for (int t = 0; t < kMigrateTypes; ++t) {
            Pages onList = 0;
            FrameIndex before = kNoFrame;
            for (FrameIndex f = area.head[static_cast<std::size_t>(t)]; f != kNoFrame; f = m_f.next[f]) {
                const std::uint64_t blockEnd = std::uint64_t { f } + (std::uint64_t { 1 } << o);
                if (f < first || blockEnd > end || m_f.prev[f] != before || onList > zone.managed)
                    return "corrupt free list of order " + std::to_string(o) + where;
                if ((f & ((FrameIndex { 1 } << o) - 1)) != 0)
                    return "free block at PFN " + std::to_string(f) + " not aligned to its order "
                        + std::to_string(o) + where;
                if (!isFreeBlock(f) || orderOf(f) != o || listOf(f) != static_cast<Migratetype>(t))
                    return "free block at PFN " + std::to_string(f) + " does not name its order and list"
                        + where;
                for (std::uint64_t p = f; p < blockEnd; ++p) {
                    if (covered[p - first])
                        return "PFN " + std::to_string(p) + " is in two free blocks" + where;
                    covered[p - first] = true;
                    if (m_f.state[p] != static_cast<std::uint8_t>(FrameState::Free))
                        return "PFN " + std::to_string(p) + " is in a free block but not free" + where;
                    if (p != f && m_f.priv[p] != 0)
                        return "PFN " + std::to_string(p) + " inside a free block has page_private "
                            + std::to_string(m_f.priv[p]) + where;
                }
                if (o < kMaxOrder - 1) {
                    const FrameIndex buddy = f ^ (FrameIndex { 1 } << o);
                    const Migratetype type = zone.pageblockMigratetype(f);
                    const bool blocked = o >= kPageblockOrder && type != zone.pageblockMigratetype(buddy)
                        && (!mergeable(type) || !mergeable(zone.pageblockMigratetype(buddy)));
                    if (freeBuddy(zone, buddy, o) && !blocked)
                        return "free blocks at PFN " + std::to_string(std::min(f, buddy)) + " and "
                            + std::to_string(std::max(f, buddy)) + " are buddies left unmerged" + where;
                }
                before = f;
                ++onList;
                freePages += Pages { 1 } << o;
            }
            if (onList != area.blocks[static_cast<std::size_t>(t)])
                return "free_area[" + std::to_string(o) + "] " + migratetypeName(static_cast<Migratetype>(t))
                    + " count differs from its list" + where;
            blocks += onList;
        }
        if (blocks != area.nrFree)
            return "free_area[" + std::to_string(o) + "].nr_free differs from its lists" + where;
        for (int t = 0; t < kMigrateTypes; ++t) {
            const bool marked = ((unsigned { zone.freeOrders[static_cast<std::size_t>(t)] } >> o) & 1U) != 0;
            if (marked == area.empty(static_cast<Migratetype>(t)))
                return "the non-empty list mask of free_area[" + std::to_string(o) + "] is wrong" + where;
        }
    }
    if (freePages != zone.freePages())
        return "free blocks hold " + std::to_string(freePages) + " pages but nr_free_pages is "
            + std::to_string(zone.freePages()) + where;
    for (std::uint64_t p = first; p < end; ++p) {
        if (!covered[p - first] && m_f.state[p] == static_cast<std::uint8_t>(FrameState::Free))
            return "free PFN " + std::to_string(p) + " is in no free block" + where;
    }
    return {};
}

} // namespace rlab::engine
