// SPDX-License-Identifier: GPL-3.0-or-later
// Memory compaction (mm/compaction.c, Linux 6.1.192) and page migration (mm/migrate.c).
#include "detail/compaction.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/buddy.h"
#include "rlab/engine/gfp.h"

#include <algorithm>

namespace rlab::engine {

using namespace detail;

namespace {

constexpr Pages kCompactClusterMax = 32; // COMPACT_CLUSTER_MAX
constexpr std::uint32_t kCompactMaxDeferShift = 6; // COMPACT_MAX_DEFER_SHIFT
constexpr int kMaxCompactRetries = 16; // MAX_COMPACT_RETRIES
constexpr Tick kFragCheckInterval = 500 * kTicksPerMs; // HPAGE_FRAG_CHECK_INTERVAL_MSEC
constexpr int kCompactionHpageOrder = kPageblockOrder; // COMPACTION_HPAGE_ORDER
// A migration costs a page copy plus unmapping and remapping: counted as this many scanned pages
// (an estimate; the scan rate is machine.reclaim_scan_rate).
constexpr Pages kMigrateCostInScans = 4;

FrameIndex pageblockStart(FrameIndex pfn)
{
    return pfn & ~static_cast<FrameIndex>(kPageblockPages - 1);
}

/// vmstat.c:extfrag_for_order(): the percentage of free memory in blocks below `order`.
int extfragForOrder(const Zone& zone, int order)
{
    const ContigPageInfo info = contigPageInfo(zone, order);
    if (info.freePages == 0)
        return 0;
    return static_cast<int>((info.freePages - (info.freeBlocksSuitable << order)) * 100 / info.freePages);
}

std::uint8_t& pageblockSkip(Zone& zone, FrameIndex pfn)
{
    return zone.pageblockSkip[(pfn >> kPageblockOrder) - (zone.startPfn >> kPageblockOrder)];
}

} // namespace

std::string_view compactResultName(CompactResult result)
{
    switch (result) {
    case CompactResult::NotSuitableZone:
        return "not_suitable_zone";
    case CompactResult::Skipped:
        return "skipped";
    case CompactResult::Deferred:
        return "deferred";
    case CompactResult::NoSuitablePage:
        return "no_suitable_page";
    case CompactResult::Continue:
        return "continue";
    case CompactResult::Complete:
        return "complete";
    case CompactResult::PartialSkipped:
        return "partial_skipped";
    case CompactResult::Contended:
        return "contended";
    case CompactResult::Success:
        return "success";
    }
    return "skipped";
}

std::string_view compactPriorityName(CompactPriority priority)
{
    switch (priority) {
    case CompactPriority::SyncFull:
        return "COMPACT_PRIO_SYNC_FULL";
    case CompactPriority::SyncLight:
        return "COMPACT_PRIO_SYNC_LIGHT";
    case CompactPriority::Async:
        return "COMPACT_PRIO_ASYNC";
    }
    return "COMPACT_PRIO_ASYNC";
}

void Compaction::resetIsolationSuitable(Zone& zone)
{
    // compaction.c:__reset_isolation_suitable(), when direct compaction's scanners met since: every
    // skip bit cleared, the scanners back to the zone's ends (the kernel moves them to the first
    // blocks with pages to move or take; the model to the ends).
    if (!zone.compactBlockskipFlush)
        return;
    zone.compactBlockskipFlush = false;
    std::fill(zone.pageblockSkip.begin(), zone.pageblockSkip.end(), std::uint8_t { 0 });
    const FrameIndex first = zone.firstFrame();
    zone.compactCachedMigratePfn = { first, first };
    zone.compactCachedFreePfn = pageblockStart(first + static_cast<FrameIndex>(zone.managed) - 1);
}

// ------------------------------------------------------------------------------------------------
// Deferral and suitability

void Compaction::deferCompaction(Zone& zone, int order)
{
    // compaction.c:defer_compaction(): the next 2^shift attempts at this order or above are skipped.
    zone.compactConsidered = 0;
    zone.compactDeferShift = std::min(zone.compactDeferShift + 1, kCompactMaxDeferShift);
    zone.compactOrderFailed = std::min(zone.compactOrderFailed, order);
}

bool Compaction::compactionDeferred(Zone& zone, int order)
{
    // compaction.c:compaction_deferred()
    if (order < zone.compactOrderFailed)
        return false;
    const std::uint32_t limit = 1U << zone.compactDeferShift;
    if (++zone.compactConsidered >= limit) {
        zone.compactConsidered = limit;
        return false;
    }
    return true;
}

void Compaction::deferReset(Zone& zone, int order, bool allocSuccess)
{
    // compaction.c:compaction_defer_reset()
    if (allocSuccess) {
        zone.compactConsidered = 0;
        zone.compactDeferShift = 0;
    }
    if (order >= zone.compactOrderFailed)
        zone.compactOrderFailed = order + 1;
}

namespace {

/// compaction.c:__compaction_suitable() with the free pages to count.
CompactResult compactionSuitableFree(
    const Zone& zone, int order, unsigned allocFlags, int highestZoneidx, Pages free)
{
    if (order < 0)
        return CompactResult::Continue; // compact_memory and proactive compaction: always
    Pages mark = zone.highWmark();
    if ((allocFlags & kAllocWmarkMask) == kAllocWmarkMin)
        mark = zone.minWmark();
    else if ((allocFlags & kAllocWmarkMask) == kAllocWmarkLow)
        mark = zone.lowWmark();
    if (zoneWatermarkOk(zone, order, mark, highestZoneidx, allocFlags, zone.freePages()))
        return CompactResult::Success;
    // Enough order-0 pages to serve as migration targets: costly orders want the low mark.
    const Pages wm = (order > kPageAllocCostlyOrder ? zone.lowWmark() : zone.minWmark()) + compactGap(order);
    if (!zoneWatermarkOk(zone, 0, wm, highestZoneidx, 0, free))
        return CompactResult::Skipped;
    return CompactResult::Continue;
}

} // namespace

CompactResult Compaction::compactionSuitable(
    const Zone& zone, int order, unsigned allocFlags, int highestZoneidx) const
{
    // compaction.c:compaction_suitable(): for costly orders a failure due to lack of memory (fragmentation
    // index at or below extfrag_threshold) is left to reclaim.
    CompactResult result = compactionSuitableFree(zone, order, allocFlags, highestZoneidx, zone.freePages());
    if (result == CompactResult::Continue && order > kPageAllocCostlyOrder) {
        const int index = fragmentationIndex(zone, order);
        if (index >= 0 && index <= m_k.tunables.extfragThreshold)
            result = CompactResult::Skipped; // COMPACT_NOT_SUITABLE_ZONE, reported as SKIPPED
    }
    return result;
}

bool Compaction::shouldCompactRetry(const AllocRequest& request, unsigned allocFlags, CompactResult result,
    CompactPriority& priority, int& retries)
{
    // page_alloc.c:should_compact_retry()
    const int order = request.order;
    if (order == 0)
        return false;
    if (request.process && request.process->state == ProcessState::Killed)
        return false; // fatal_signal_pending()
    if (result == CompactResult::Success)
        ++retries;
    bool checkPriority = false;
    if (result == CompactResult::Complete) {
        checkPriority = true; // the whole zone failed: only a harder priority can help
    } else if (result == CompactResult::Skipped) {
        // compaction_zonelist_suitable(): retry only if reclaiming could make room to compact.
        for (Zone* zone : m_k.alloc.zonelist(request.node, request.highestZoneidx, request.gfp)) {
            const Pages available =
                m_k.alloc.zoneReclaimablePages(*zone) / static_cast<Pages>(order) + zone->freePages();
            if (compactionSuitableFree(*zone, order, allocFlags, request.highestZoneidx, available)
                == CompactResult::Continue)
                return true;
        }
        return false;
    } else if (result == CompactResult::Deferred || result == CompactResult::Contended
        || result == CompactResult::PartialSkipped) {
        checkPriority = true; // withdrawn: retry, but harder
    } else {
        const int maxRetries = order > kPageAllocCostlyOrder ? kMaxCompactRetries / 4 : kMaxCompactRetries;
        if (retries <= maxRetries)
            return true;
        checkPriority = true;
    }
    RLAB_ASSERT(checkPriority);
    const CompactPriority minPriority =
        order > kPageAllocCostlyOrder ? CompactPriority::SyncLight : CompactPriority::SyncFull;
    if (priority > minPriority) {
        priority = static_cast<CompactPriority>(static_cast<int>(priority) - 1);
        retries = 0;
        return true;
    }
    return false;
}

// ------------------------------------------------------------------------------------------------
// Direct compaction

CompactResult Compaction::tryToCompactPages(
    const AllocRequest& request, unsigned allocFlags, CompactPriority priority, CompactCost& cost)
{
    // compaction.c:try_to_compact_pages(): each zone of the zonelist until one reports SUCCESS.
    cost = {};
    CompactResult rc = CompactResult::Skipped;
    if (!(request.gfp & gfp::kIo))
        return rc; // gfp_compaction_allowed() (6.1.y)
    for (Zone* zone : m_k.alloc.zonelist(request.node, request.highestZoneidx, request.gfp)) {
        if (priority > CompactPriority::SyncFull && compactionDeferred(*zone, request.order)) {
            rc = std::max(rc, CompactResult::Deferred);
            continue;
        }
        Control cc;
        cc.zone = zone;
        cc.order = request.order;
        cc.searchOrder = request.order;
        cc.migratetype = gfpMigratetype(request.gfp);
        cc.allocFlags = allocFlags;
        cc.highestZoneidx = request.highestZoneidx;
        cc.async = priority == CompactPriority::Async;
        cc.direct = true;
        cc.wholeZone = priority == CompactPriority::SyncFull;
        cc.ignoreSkipHint = priority == CompactPriority::SyncFull;
        cc.ignoreBlockSuitable = priority == CompactPriority::SyncFull;
        const CompactResult status = compactZone(cc);
        cost.cpu += cpuTime(cc);
        cost.migrated += cc.migrated;
        rc = std::max(rc, status);
        if (status == CompactResult::Success) {
            deferReset(*zone, request.order, false);
            break;
        }
        if (priority != CompactPriority::Async
            && (status == CompactResult::Complete || status == CompactResult::PartialSkipped))
            deferCompaction(*zone, request.order);
    }
    return rc;
}

Tick Compaction::cpuTime(const Control& cc) const
{
    const Pages work = cc.migrateScanned + cc.freeScanned + cc.migrated * kMigrateCostInScans;
    return static_cast<Tick>(work * kTicksPerMs / m_k.machineSpec.reclaimScanPagesPerMs);
}

// ------------------------------------------------------------------------------------------------
// compact_zone() and its scanners

CompactResult Compaction::compactZone(Control& cc)
{
    Zone& zone = *cc.zone;
    const CompactResult suitable = compactionSuitable(zone, cc.order, cc.allocFlags, cc.highestZoneidx);
    if (suitable == CompactResult::Success || suitable == CompactResult::Skipped)
        return suitable;

    // compaction_restarting(): after the longest deferral, the skip bits are cleared first.
    if (cc.order >= zone.compactOrderFailed && zone.compactDeferShift == kCompactMaxDeferShift
        && zone.compactConsidered >= 1U << kCompactMaxDeferShift)
        resetIsolationSuitable(zone);
    // The scanners walk the managed run: the PFNs around it have no pages to move or take.
    cc.first = zone.firstFrame();
    cc.end = cc.first + static_cast<FrameIndex>(zone.managed);
    const FrameIndex lastBlock = pageblockStart(cc.end - 1);
    const bool sync = !cc.async;
    if (cc.wholeZone) {
        cc.migratePfn = cc.first;
        cc.freePfn = lastBlock;
    } else {
        cc.migratePfn = zone.compactCachedMigratePfn[sync];
        cc.freePfn = zone.compactCachedFreePfn;
        if (cc.freePfn < cc.first || cc.freePfn >= cc.end) {
            cc.freePfn = lastBlock;
            zone.compactCachedFreePfn = cc.freePfn;
        }
        if (cc.migratePfn < cc.first || cc.migratePfn >= cc.end) {
            cc.migratePfn = cc.first;
            zone.compactCachedMigratePfn = { cc.first, cc.first };
        }
        if (cc.migratePfn <= cc.first)
            cc.wholeZone = true;
    }

    m_migratepages.clear();
    m_freepages.clear();
    CompactResult ret;
    while ((ret = compactFinished(cc)) == CompactResult::Continue) {
        if (!isolateMigratepages(cc))
            continue;
        if (!migratePages(cc)) {
            // No free page to migrate to: the scanners have met.
            m_migratepages.clear();
            continue;
        }
    }
    releaseFreepages(cc);
    m_k.vmEvents[VmEvent::CompactMigrateScanned] += cc.migrateScanned;
    m_k.vmEvents[VmEvent::CompactFreeScanned] += cc.freeScanned;
    return ret;
}

CompactResult Compaction::compactFinished(Control& cc)
{
    // compaction.c:__compact_finished(); NO_SUITABLE_PAGE becomes CONTINUE (compact_finished()).
    Zone& zone = *cc.zone;
    if (cc.freePfn >> kPageblockOrder <= cc.migratePfn >> kPageblockOrder) {
        // The scanners met: the next compaction starts anew, and kswapd clears the skip bits when it
        // next sleeps.
        zone.compactCachedMigratePfn = { cc.first, cc.first };
        zone.compactCachedFreePfn = pageblockStart(cc.end - 1);
        if (cc.direct)
            zone.compactBlockskipFlush = true;
        return cc.wholeZone ? CompactResult::Complete : CompactResult::PartialSkipped;
    }
    if (cc.proactive) {
        const Node& node = m_k.nodes[static_cast<std::size_t>(zone.node)];
        if (node.kswapd.state == KswapdState::Running)
            return CompactResult::PartialSkipped;
        const int wmarkLow = std::max(100 - m_k.tunables.compactionProactiveness, 5);
        return extfragForOrder(zone, kCompactionHpageOrder) > wmarkLow ? CompactResult::Continue
                                                                       : CompactResult::Success;
    }
    if (cc.order < 0)
        return CompactResult::Continue;
    // Always finish a pageblock, so an unmovable request that steals next takes a clean one.
    if (cc.migratePfn % kPageblockPages != 0)
        return CompactResult::Continue;
    if (Buddy::suitableBlockFree(zone, cc.order, cc.migratetype))
        return CompactResult::Success;
    return CompactResult::Continue;
}

bool Compaction::migratable(FrameIndex f) const
{
    // What isolate_migratepages_block() takes and migrate_pages() can move in the model: LRU pages, not
    // locked or under writeback; not dirty page cache (its flusher record would go stale); mlocked pages
    // only with compact_unevictable_allowed.
    const FrameStore& frames = m_k.frames;
    if (!frames.onLru(f) || frames.mapping[f] == kNoMapping)
        return false;
    const PageFlags flags = frames.flags[f];
    // isolate_migratepages_block() skips compound pages (THPs) unless for alloc_contig_range().
    if (flags & (kPgWriteback | kPgLocked | kPgHead | kPgTail))
        return false;
    if ((flags & kPgDirty) && !(flags & kPgSwapbacked))
        return false;
    return !(flags & kPgUnevictable) || m_k.tunables.compactUnevictableAllowed;
}

bool Compaction::isolateMigratepages(Control& cc)
{
    // compaction.c:isolate_migratepages(): the next pageblock that is a suitable source, scanned from
    // migrate_pfn until 32 pages are isolated or the block ends.
    Zone& zone = *cc.zone;
    FrameIndex low = cc.migratePfn;
    const auto nextBlockEnd = [&cc](FrameIndex pfn) {
        return std::min(pageblockStart(pfn) + static_cast<FrameIndex>(kPageblockPages), cc.end);
    };
    FrameIndex blockEnd = nextBlockEnd(low);
    // The free scanner is at or below the zone's last pageblock, so blockEnd never reaches the end
    // while this loop runs.
    for (; blockEnd <= cc.freePfn; low = blockEnd, blockEnd = nextBlockEnd(blockEnd)) {
        // isolation_suitable(): a block recently scanned without result is skipped.
        if (low % kPageblockPages == 0 && !cc.ignoreSkipHint && pageblockSkip(zone, low))
            continue;
        // suitable_migration_source(): async direct compaction takes only blocks of its own type.
        if (cc.async && cc.direct) {
            const Migratetype blockType = zone.pageblockMigratetype(low);
            if (cc.migratetype == Migratetype::Movable ? blockType != Migratetype::Movable
                                                       : blockType != cc.migratetype)
                continue;
        }
        // isolate_migratepages_block()
        Pages isolated = 0;
        while (low < blockEnd) {
            ++cc.migrateScanned;
            if (isFreeBlock(low)) {
                // A free block: skip over it (its order is in page_private).
                low += FrameIndex { 1 } << (m_k.frames.offset[low] & 0xffU);
                continue;
            }
            if (migratable(low)) {
                m_migratepages.push_back(low);
                ++isolated;
            }
            ++low;
            if (isolated >= kCompactClusterMax)
                break;
        }
        // (A free block may reach past the block's end: the scanner resumes after it.)
        m_k.vmEvents[VmEvent::CompactIsolated] += isolated;
        // A block scanned to its end with nothing to move is skipped until a reset, and the cached
        // scanner moves past it (update_cached_migrate(), which adds a pageblock to the end PFN).
        if (low >= blockEnd && isolated == 0) {
            pageblockSkip(zone, blockEnd - 1) = 1;
            const FrameIndex cached = pageblockStart(low) + static_cast<FrameIndex>(kPageblockPages);
            zone.compactCachedMigratePfn[0] = std::max(zone.compactCachedMigratePfn[0], cached);
            if (!cc.async)
                zone.compactCachedMigratePfn[1] = std::max(zone.compactCachedMigratePfn[1], cached);
        }
        break;
    }
    cc.migratePfn = low;
    return !m_migratepages.empty();
}

Pages Compaction::isolateFreepagesBlock(Control& cc, FrameIndex& start, FrameIndex end, FrameIndex stride)
{
    // compaction.c:isolate_freepages_block(): free blocks from `start`, until the isolated pages cover
    // the pages to migrate; `start` is left where the scan stopped.
    Zone& zone = *cc.zone;
    const Pages wanted = m_migratepages.size();
    Pages total = 0;
    FrameIndex pfn = std::max(start, cc.first);
    for (; pfn < end; pfn += stride) {
        ++cc.freeScanned;
        if (!isFreeBlock(pfn))
            continue;
        const Pages isolated = m_k.frames.isolateFreePage(zone, pfn);
        if (isolated == 0)
            break; // the zone is at its min watermark
        for (FrameIndex p = pfn; p < pfn + isolated; ++p)
            m_freepages.push_back(p);
        cc.freeScanned += isolated - 1;
        total += isolated;
        if (m_freepages.size() >= wanted) {
            pfn += static_cast<FrameIndex>(isolated);
            break;
        }
        pfn += static_cast<FrameIndex>(isolated) - 1;
    }
    start = std::min(pfn, end);
    m_k.vmEvents[VmEvent::CompactIsolated] += total;
    return total;
}

bool Compaction::isFreeBlock(FrameIndex pfn) const
{
    return m_k.frames.state[pfn] == static_cast<std::uint8_t>(FrameState::Free)
        && (m_k.frames.offset[pfn] & Buddy::kBuddyMark);
}

int Compaction::nextSearchOrder(Control& cc, int order)
{
    // compaction.c:next_search_order(): the orders below the request's, round robin.
    if (--order < 0)
        order = cc.order - 1;
    if (order == cc.searchOrder) {
        if (--cc.searchOrder < 0)
            cc.searchOrder = cc.order - 1;
        return -1;
    }
    return order;
}

void Compaction::fastIsolateFreepages(Control& cc)
{
    // compaction.c:fast_isolate_freepages(): rather than walk pageblocks, take a free page from the
    // MOVABLE free lists (orders below the request's), preferably in the top quarter of the space
    // between the scanners, then the free pages around it in its pageblock. Not modelled: the lists'
    // rotation after a search (move_freelist_head()).
    if (cc.order <= 0)
        return;
    Zone& zone = *cc.zone;
    unsigned limit = std::max(
        1U, ((static_cast<unsigned>(kCompactClusterMax) >> std::min(cc.fastSearchFail, 31U)) + 1) >> 1);
    bool scanStart = false;
    if (cc.freePfn >= pageblockStart(cc.end - 1)) {
        limit = static_cast<unsigned>(kPageblockPages >> 1); // a fresh scan searches deeper
        scanStart = true;
    }
    const FrameIndex distance = cc.freePfn - cc.migratePfn;
    FrameIndex lowPfn = pageblockStart(cc.freePfn - (distance >> 2));
    const FrameIndex minPfn = pageblockStart(cc.freePfn - (distance >> 1));
    lowPfn = std::max(lowPfn, minPfn);
    cc.searchOrder = std::min(cc.order - 1, cc.searchOrder);

    FrameIndex page = kNoFrame;
    FrameIndex highest = 0;
    Pages scanned = 0;
    for (int order = cc.searchOrder; page == kNoFrame && order >= 0; order = nextSearchOrder(cc, order)) {
        const FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
        if (area.nrFree == 0)
            continue;
        unsigned orderScanned = 0;
        FrameIndex highPfn = 0;
        for (FrameIndex f = area.tail[static_cast<std::size_t>(Migratetype::Movable)]; f != kNoFrame;
             f = m_k.frames.prev[f]) {
            ++orderScanned;
            ++scanned;
            if (f >= highest)
                highest = std::max(pageblockStart(f), cc.first);
            if (f >= lowPfn) {
                cc.fastSearchFail = 0;
                cc.searchOrder = order;
                page = f;
                break;
            }
            if (f >= minPfn && f > highPfn) {
                highPfn = f;
                limit >>= 1; // a candidate is found: shorten the scan
            }
            if (orderScanned >= limit)
                break;
        }
        if (page == kNoFrame && highPfn)
            page = highPfn;
        if (page != kNoFrame) {
            const Pages isolated = m_k.frames.isolateFreePage(zone, page);
            if (isolated == 0)
                return; // at the min watermark: give up the search
            for (FrameIndex p = page; p < page + isolated; ++p)
                m_freepages.push_back(p);
            scanned += isolated - 1;
            m_k.vmEvents[VmEvent::CompactIsolated] += isolated;
        }
        if (orderScanned >= limit)
            limit = std::max(1U, limit >> 1);
    }
    if (page == kNoFrame) {
        ++cc.fastSearchFail;
        if (scanStart) {
            // Start the linear scan at the highest candidate, or pessimistically halfway down.
            if (highest >= minPfn) {
                page = highest;
                cc.freePfn = highest;
            } else if (cc.direct) {
                page = minPfn;
                cc.freePfn = minPfn;
            }
        }
    }
    if (highest && highest >= zone.compactCachedFreePfn)
        zone.compactCachedFreePfn = highest - static_cast<FrameIndex>(kPageblockPages);
    cc.freeScanned += scanned;
    // fast_isolate_around(): the rest of the page's pageblock, unless async direct compaction.
    if (page == kNoFrame || m_freepages.size() >= m_migratepages.size() || (cc.direct && cc.async))
        return;
    FrameIndex start = std::max(pageblockStart(page), cc.first);
    const FrameIndex end = std::min(pageblockStart(page) + static_cast<FrameIndex>(kPageblockPages), cc.end);
    isolateFreepagesBlock(cc, start, end, 1);
    if (m_freepages.size() < m_migratepages.size())
        pageblockSkip(zone, page) = 1; // full or nearly: not worth another look
}

void Compaction::isolateFreepages(Control& cc)
{
    // compaction.c:isolate_freepages(): the free lists first, then pageblocks downwards from free_pfn,
    // above the migrate scanner's block; a scan strides over blocks that yield nothing.
    fastIsolateFreepages(cc);
    if (!m_freepages.empty())
        return;
    Zone& zone = *cc.zone;
    const auto block = static_cast<std::int64_t>(kPageblockPages);
    std::int64_t isolateStart = cc.freePfn;
    std::int64_t blockStart = pageblockStart(cc.freePfn);
    std::int64_t blockEnd = std::min<std::int64_t>(blockStart + block, cc.end);
    const std::int64_t low = pageblockStart(cc.migratePfn) + block;
    FrameIndex stride = cc.async ? static_cast<FrameIndex>(kCompactClusterMax) : 1;
    const Pages wanted = m_migratepages.size();
    for (; blockStart >= low; blockEnd = blockStart, blockStart -= block, isolateStart = blockStart) {
        const auto first = static_cast<FrameIndex>(std::max<std::int64_t>(blockStart, cc.first));
        // suitable_migration_target(): not a free block of pageblock size, and a MOVABLE block unless
        // compaction ignores block types.
        if (isFreeBlock(first) && static_cast<int>(m_k.frames.offset[first] & 0xffU) >= kPageblockOrder)
            continue;
        if (!cc.ignoreBlockSuitable && zone.pageblockMigratetype(first) != Migratetype::Movable)
            continue;
        if (!cc.ignoreSkipHint && pageblockSkip(zone, first))
            continue;
        auto start = static_cast<FrameIndex>(isolateStart);
        const Pages isolated = isolateFreepagesBlock(cc, start, static_cast<FrameIndex>(blockEnd), stride);
        isolateStart = start;
        if (isolateStart == blockEnd) {
            // update_pageblock_skip(): scanned to its end; the free scanner restarts below it.
            pageblockSkip(zone, first) = 1;
            zone.compactCachedFreePfn =
                std::min(zone.compactCachedFreePfn, static_cast<FrameIndex>(blockStart));
        }
        if (m_freepages.size() >= wanted) {
            if (isolateStart >= blockEnd)
                isolateStart = blockStart - block; // resume at the block below next time
            break;
        }
        if (isolateStart < blockEnd)
            break; // isolation failed early: no point going on
        // Blocks that yield nothing are sampled more sparsely.
        stride = isolated ? 1 : std::min(static_cast<FrameIndex>(kCompactClusterMax), stride * 2);
    }
    cc.freePfn = static_cast<FrameIndex>(std::max<std::int64_t>(isolateStart, 0));
}

bool Compaction::migratePages(Control& cc)
{
    // migrate_pages() with compaction_alloc(): each isolated page into a free one; the targets are
    // taken highest first, as split_map_pages() leaves them.
    bool ok = true;
    for (const FrameIndex from : m_migratepages) {
        if (m_freepages.empty())
            isolateFreepages(cc);
        if (m_freepages.empty()) {
            ok = false;
            break;
        }
        const FrameIndex to = m_freepages.back();
        m_freepages.pop_back();
        migrateOne(from, to);
        ++cc.migrated;
    }
    if (!ok) {
        // The rest stay where they are (putback_movable_pages()); async direct compaction skips the
        // rest of the order-aligned block.
        ++m_k.vmEvents[VmEvent::PgmigrateFail];
        if (cc.direct && cc.async && cc.order > 0) {
            const FrameIndex size = FrameIndex { 1 } << cc.order;
            cc.migratePfn = std::min(cc.end, ((cc.migratePfn - 1) & ~(size - 1)) + size);
        }
    }
    m_migratepages.clear();
    return ok;
}

void Compaction::migrateOne(FrameIndex from, FrameIndex to)
{
    // The reverse map: the PTE or page-cache slot that holds the page, and its swap cache slot.
    FrameStore& frames = m_k.frames;
    Mapping& mapping = m_k.mappings[frames.mapping[from]];
    const std::uint32_t offset = frames.offset[from];
    frames.migrateFrame(from, to);
    const std::uint32_t e = mapping.entries.get(offset);
    if (isResident(e) && residentFrame(e) == from)
        mapping.entries.set(offset, makeResident(to));
    if (frames.flags[to] & kPgSwapcache) {
        const std::uint32_t entry = frames.swapEntry[to];
        FrameIndex& cached = m_k.swap.device(swapDevice(entry)).cache[swapSlot(entry)];
        if (cached == from)
            cached = to;
    }
    ++m_k.vmEvents[VmEvent::PgmigrateSuccess];
}

void Compaction::releaseFreepages(Control& cc)
{
    // release_freepages(): unused targets go back to the buddy lists; the free scanner resumes at the
    // highest of them next time (only ever moving back up).
    if (m_freepages.empty())
        return;
    FrameIndex highest = 0;
    for (const FrameIndex f : m_freepages) {
        highest = std::max(highest, f);
        m_k.frames.freeFrame(f);
    }
    m_freepages.clear();
    const FrameIndex freePfn = pageblockStart(highest);
    if (freePfn > cc.zone->compactCachedFreePfn)
        cc.zone->compactCachedFreePfn = freePfn;
}

// ------------------------------------------------------------------------------------------------
// kcompactd

namespace {
/// pgdat->nr_zones: one past the highest populated zone.
int nrZones(const Node& node)
{
    int n = 0;
    for (int z = 0; z < kMaxNrZones; ++z) {
        if (node.zones[static_cast<std::size_t>(z)].isPopulated())
            n = z + 1;
    }
    return n;
}
} // namespace

void Compaction::boot()
{
    // kcompactd() starts with nothing pending for every zone; its first timeout is 500 ms away.
    for (Node& node : m_k.nodes) {
        node.kcompactd = {};
        node.kcompactd.highestZoneidx = std::max(nrZones(node) - 1, 0);
        node.kcompactd.nextTimeout = kFragCheckInterval;
    }
}

void Compaction::wakeupKcompactd(Node& node, int order, int highestZoneidx)
{
    // compaction.c:wakeup_kcompactd()
    if (order == 0)
        return;
    KcompactdThread& k = node.kcompactd;
    k.maxOrder = std::max(k.maxOrder, order);
    k.highestZoneidx = std::min(k.highestZoneidx, highestZoneidx);
    if (k.woken || k.busyUntil > m_k.now)
        return; // not sleeping on kcompactd_wait
    // kcompactd_node_suitable()
    for (int z = 0; z <= k.highestZoneidx; ++z) {
        const Zone& zone = node.zones[static_cast<std::size_t>(z)];
        if (zone.isPopulated() && zone.isManaged()
            && compactionSuitable(zone, k.maxOrder, 0, z) == CompactResult::Continue) {
            k.woken = true;
            return;
        }
    }
}

int Compaction::fragmentationScoreNode(const Node& node) const
{
    // compaction.c:fragmentation_score_node(): each zone's extfrag at pageblock order, weighted by its
    // share of the node's present pages.
    Pages present = 0;
    for (const Zone& zone : node.zones)
        present += zone.present;
    std::uint64_t score = 0;
    for (const Zone& zone : node.zones) {
        if (zone.isPopulated() && zone.isManaged())
            score += zone.present * static_cast<std::uint64_t>(extfragForOrder(zone, kCompactionHpageOrder))
                / (present + 1);
    }
    return static_cast<int>(score);
}

void Compaction::tickKcompactd(Node& node)
{
    // compaction.c:kcompactd(): a timed wait of 500 ms; woken (or finding work at the timeout) it
    // compacts for the requested order, else it checks the fragmentation score.
    KcompactdThread& k = node.kcompactd;
    if (k.busyUntil > m_k.now)
        return;
    const bool timeout = m_k.now >= k.nextTimeout;
    if (!k.woken && !timeout)
        return;
    CompactCost cost;
    int order = k.maxOrder;
    Tick next = kFragCheckInterval;
    if (k.woken || k.maxOrder > 0) {
        k.woken = false;
        cost = kcompactdDoWork(node);
    } else if (m_k.tunables.compactionProactiveness > 0 && node.kswapd.state != KswapdState::Running) {
        const int wmarkHigh = std::min(std::max(100 - m_k.tunables.compactionProactiveness, 5) + 10, 100);
        const int before = fragmentationScoreNode(node);
        if (before > wmarkHigh) {
            order = -1;
            cost = proactiveCompactNode(node);
            if (fragmentationScoreNode(node) >= before)
                next = kFragCheckInterval << kCompactMaxDeferShift;
        }
    }
    k.busyUntil = m_k.now + cost.cpu;
    k.nextTimeout = k.busyUntil + next;
    if (cost.cpu > 0) {
        // kcompactd() wraps kcompactd_do_work() in psi_memstall_enter(), not proactive_compact_node().
        if (order >= 0) {
            const int owner = -1 - static_cast<int>(m_k.nodes.size()) - node.id;
            m_k.psi.noteBlocked(owner, m_k.now, k.busyUntil, true, true);
        }
        m_k.record(ev::KcompactdRun { node.id, order, cost.migrated, cost.cpu });
    }
}

CompactCost Compaction::kcompactdDoWork(Node& node)
{
    // compaction.c:kcompactd_do_work(): SYNC_LIGHT, GFP_KERNEL, every zone up to the requested one.
    KcompactdThread& k = node.kcompactd;
    const int order = k.maxOrder;
    const int highestZoneidx = k.highestZoneidx;
    ++m_k.vmEvents[VmEvent::CompactDaemonWake];
    CompactCost cost;
    for (int z = 0; z <= highestZoneidx; ++z) {
        Zone& zone = node.zones[static_cast<std::size_t>(z)];
        if (!zone.isPopulated() || !zone.isManaged())
            continue;
        if (compactionDeferred(zone, order))
            continue;
        if (compactionSuitable(zone, order, 0, z) != CompactResult::Continue)
            continue;
        Control cc;
        cc.zone = &zone;
        cc.order = order;
        cc.searchOrder = order;
        cc.migratetype = gfpMigratetype(gfp::kKernel);
        cc.highestZoneidx = highestZoneidx;
        const CompactResult status = compactZone(cc);
        if (status == CompactResult::Success)
            deferReset(zone, order, false);
        else if (status == CompactResult::PartialSkipped || status == CompactResult::Complete)
            deferCompaction(zone, order);
        m_k.vmEvents[VmEvent::CompactDaemonMigrateScanned] += cc.migrateScanned;
        m_k.vmEvents[VmEvent::CompactDaemonFreeScanned] += cc.freeScanned;
        cost.cpu += cpuTime(cc);
        cost.migrated += cc.migrated;
    }
    if (k.maxOrder <= order)
        k.maxOrder = 0;
    if (k.highestZoneidx >= highestZoneidx)
        k.highestZoneidx = std::max(nrZones(node) - 1, 0);
    return cost;
}

CompactCost Compaction::proactiveCompactNode(Node& node)
{
    // compaction.c:proactive_compact_node(): every zone, whole, until its score is below the low mark.
    CompactCost cost;
    for (Zone& zone : node.zones) {
        if (!zone.isPopulated() || !zone.isManaged())
            continue;
        Control cc;
        cc.zone = &zone;
        cc.order = -1;
        cc.migratetype = gfpMigratetype(gfp::kKernel);
        cc.highestZoneidx = zone.index();
        cc.wholeZone = true;
        cc.ignoreSkipHint = true;
        cc.proactive = true;
        compactZone(cc);
        m_k.vmEvents[VmEvent::CompactDaemonMigrateScanned] += cc.migrateScanned;
        m_k.vmEvents[VmEvent::CompactDaemonFreeScanned] += cc.freeScanned;
        cost.cpu += cpuTime(cc);
        cost.migrated += cc.migrated;
    }
    return cost;
}

} // namespace rlab::engine
