// SPDX-License-Identifier: GPL-3.0-or-later
// Page allocation: the fast path, the slow path, direct reclaim entry, the retry rules, the highatomic
// reserve and warn_alloc().
#include "detail/assert.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/buddy.h"
#include "rlab/engine/gfp.h"
#include "rlab/engine/watermarks.h"

#include <algorithm>

namespace rlab::engine {

using detail::kJiffy;
using detail::kMaxReclaimRetries;

namespace {

constexpr Tick kWarnAllocInterval = 10 * 1000 * kTicksPerMs; // nopage_rs: one message per 10 s

/// gfp_to_alloc_flags()'s ALLOC_KSWAPD: the request may wake kswapd (__GFP_KSWAPD_RECLAIM).
unsigned kswapdAllocFlag(std::uint32_t gfpMask)
{
    return (gfpMask & gfp::kKswapdReclaim) ? unsigned { kAllocKswapd } : 0U;
}

/// page_alloc.c:gfp_to_alloc_flags() (6.1.192): the MIN watermark; __GFP_HIGH may dip into the min
/// reserve; a request that cannot sleep gets ALLOC_NON_BLOCK, and a high-order atomic one the
/// highatomic reserve. (An RT task's ALLOC_MIN_RESERVE is not modelled: no RT tasks.)
unsigned gfpToAllocFlags(std::uint32_t gfpMask, int order)
{
    unsigned flags = kAllocWmarkMin | kswapdAllocFlag(gfpMask);
    if (gfpMask & gfp::kHigh)
        flags |= kAllocMinReserve;
    if (!(gfpMask & gfp::kDirectReclaim) && !(gfpMask & gfp::kNomemalloc)) {
        flags |= kAllocNonBlock;
        if (order > 0 && (flags & kAllocMinReserve))
            flags |= kAllocHighatomic;
    }
    return flags;
}

Pages wmarkPages(const Zone& zone, unsigned allocFlags)
{
    switch (allocFlags & kAllocWmarkMask) {
    case kAllocWmarkMin:
        return zone.minWmark();
    case kAllocWmarkLow:
        return zone.lowWmark();
    default:
        return zone.highWmark();
    }
}

} // namespace

void PageAllocator::buildZonelists()
{
    // page_alloc.c:build_zonelists(): the local node's zones highest first, then the other nodes
    // (the non-NUMA order N+1, ..., wrapping). Zones above highest_zoneidx are skipped.
    // The second half holds each node's ZONELIST_NOFALLBACK, its own zones only (__GFP_THISNODE).
    const int nodes = static_cast<int>(m_k.nodes.size());
    const auto half = static_cast<std::size_t>(nodes * kMaxNrZones);
    m_zonelists.assign(2 * half, {});
    for (int node = 0; node < nodes; ++node) {
        for (int hz = 0; hz < kMaxNrZones; ++hz) {
            const auto i = static_cast<std::size_t>(node * kMaxNrZones + hz);
            auto& out = m_zonelists[i];
            for (int k = 0; k < nodes; ++k) {
                Node& n = m_k.nodes[static_cast<std::size_t>((node + k) % nodes)];
                for (int z = hz; z >= 0; --z) {
                    Zone& zone = n.zones[static_cast<std::size_t>(z)];
                    if (zone.isManaged())
                        out.push_back(&zone);
                }
                if (k == 0)
                    m_zonelists[half + i] = out;
            }
        }
    }
    // page_alloc.c:alloc_flags_nofragment(): a request whose preferred zone is ZONE_NORMAL first looks
    // only at whole pageblocks of other types, and at the lower zones, before it fragments a pageblock
    // (on several nodes only where the node has DMA32).
    m_noFragment.assign(half, false);
    for (std::size_t i = 0; i < half; ++i) {
        if (m_zonelists[i].empty() || m_zonelists[i].front()->type != ZoneType::Normal)
            continue;
        const Node& node = m_k.nodes[static_cast<std::size_t>(m_zonelists[i].front()->node)];
        m_noFragment[i] = nodes == 1 || node.zones[static_cast<std::size_t>(ZoneType::Dma32)].isPopulated();
    }
}

const std::vector<Zone*>& PageAllocator::zonelist(int node, int highestZoneidx, std::uint32_t gfpMask)
{
    // gfp.h:gfp_zonelist(): __GFP_THISNODE picks the node's ZONELIST_NOFALLBACK.
    const std::size_t offset = (gfpMask & gfp::kThisnode) ? m_zonelists.size() / 2 : 0;
    return m_zonelists[offset + static_cast<std::size_t>(node * kMaxNrZones + highestZoneidx)];
}

unsigned PageAllocator::allocFlagsNofragment(const AllocRequest& request)
{
    const unsigned flags = kswapdAllocFlag(request.gfp);
    return m_noFragment[static_cast<std::size_t>(request.node * kMaxNrZones + request.highestZoneidx)]
        ? flags | kAllocNoFragment
        : flags;
}

FrameIndex PageAllocator::getPageFromFreelist(const AllocRequest& request, unsigned allocFlags)
{
    // page_alloc.c:get_page_from_freelist()
    const Migratetype type = gfpMigratetype(request.gfp);
    const auto& zones = zonelist(request.node, request.highestZoneidx, request.gfp);
    for (;;) {
        const bool noFallback = allocFlags & kAllocNoFragment;
        bool retry = false;
        for (Zone* zone : zones) {
            // On another node, fragmenting the local node beats using remote memory.
            if (noFallback && m_k.nodes.size() > 1 && zone->node != zones.front()->node) {
                retry = true;
                break;
            }
            if (!zoneWatermarkFast(*zone, request.order, wmarkPages(*zone, allocFlags),
                    request.highestZoneidx, allocFlags, request.gfp))
                continue;
            const FrameIndex frame = m_k.frames.rmqueue(*zone, request.order, type, allocFlags);
            if (frame != kNoFrame) {
                if (allocFlags & kAllocHighatomic)
                    m_k.frames.reserveHighatomic(*zone, frame);
                return frame;
            }
        }
        if (!retry && !noFallback)
            return kNoFrame;
        allocFlags &= ~kAllocNoFragment;
    }
}

Pages PageAllocator::zoneReclaimablePages(const Zone& zone) const
{
    // vmscan.c:zone_reclaimable_pages(), with the 6.1.y fallback to free pages when it is 0.
    Pages nr = zone.stat[ZoneStat::NrZoneInactiveFile] + zone.stat[ZoneStat::NrZoneActiveFile];
    if (m_k.swap.freePages() > 0)
        nr += zone.stat[ZoneStat::NrZoneInactiveAnon] + zone.stat[ZoneStat::NrZoneActiveAnon];
    return nr ? nr : zone.freePages();
}

bool PageAllocator::shouldReclaimRetry(
    const AllocRequest& request, unsigned allocFlags, bool didProgress, int& noProgressLoops)
{
    // page_alloc.c:should_reclaim_retry(): costly orders always count as no progress.
    if (didProgress && request.order <= kPageAllocCostlyOrder)
        noProgressLoops = 0;
    else
        ++noProgressLoops;
    bool retry = false;
    if (noProgressLoops <= kMaxReclaimRetries) {
        for (Zone* zone : zonelist(request.node, request.highestZoneidx, request.gfp)) {
            const Pages available = zoneReclaimablePages(*zone) + zone->freePages();
            if (zoneWatermarkOk(
                    *zone, request.order, zone->minWmark(), request.highestZoneidx, allocFlags, available)) {
                retry = true;
                break;
            }
        }
    }
    // About to give up: the highatomic reserve goes back first, and that counts as a reason to retry.
    return retry || unreserveHighatomic(request, true);
}

bool PageAllocator::unreserveHighatomic(const AllocRequest& request, bool force)
{
    const Migratetype type = gfpMigratetype(request.gfp);
    for (Zone* zone : zonelist(request.node, request.highestZoneidx, request.gfp)) {
        if (m_k.frames.unreserveHighatomic(*zone, type, force))
            return true;
    }
    return false;
}

ev::Task PageAllocator::taskOf(const AllocRequest& request)
{
    return request.process ? Kernel::taskOf(request.process) : ev::Task { 0, request.kthread };
}

void PageAllocator::warnAlloc(const AllocRequest& request)
{
    // page_alloc.c:warn_alloc() with its ratelimit (lib/ratelimit.c: at most one per 10 s; the next
    // interval begins by reporting how many calls were suppressed).
    if (request.gfp & gfp::kNowarn)
        return;
    if (m_k.now >= m_warnAllocBegin + kWarnAllocInterval) {
        if (m_warnAllocMissed > 0)
            m_k.printk("warn_alloc: " + std::to_string(m_warnAllocMissed) + " callbacks suppressed");
        m_warnAllocBegin = m_k.now;
        m_warnAllocPrinted = false;
        m_warnAllocMissed = 0;
    }
    if (m_warnAllocPrinted) {
        ++m_warnAllocMissed;
        return;
    }
    m_warnAllocPrinted = true;
    const Process* task = request.process;
    m_k.printk(std::string(task ? task->name : "kswapd0") + ": page allocation failure: order:"
        + std::to_string(request.order) + ", mode:" + gfp::hex(request.gfp) + "(" + gfp::names(request.gfp)
        + "), nodemask=(null),cpuset=/,mems_allowed=0");
    m_k.oom.printStack(task,
        { "dump_stack_lvl", "warn_alloc", "__alloc_pages_slowpath", "__alloc_pages", "__kmalloc_large_node",
            "__kmalloc_node", "kvmalloc_node" });
    // warn_alloc_show_mem(): __show_mem() up to gfp_zone().
    m_k.oom.showMem(request.highestZoneidx);
}

bool PageAllocator::allowDirectReclaim(Node& node)
{
    // vmscan.c:allow_direct_reclaim()
    if (node.kswapd.failures >= kMaxReclaimRetries)
        return true;
    Pages reserve = 0;
    Pages free = 0;
    for (int z = 0; z <= static_cast<int>(ZoneType::Normal); ++z) {
        const Zone& zone = node.zones[static_cast<std::size_t>(z)];
        if (!zone.isManaged() || zoneReclaimablePages(zone) == 0)
            continue;
        reserve += zone.minWmark();
        free += zone.freePages();
    }
    if (reserve == 0)
        return true;
    const bool ok = free > reserve / 2;
    if (!ok && node.kswapd.state != KswapdState::Running) {
        node.kswapd.highestZoneidx = std::min(node.kswapd.highestZoneidx, static_cast<int>(ZoneType::Normal));
        if (node.kswapd.state == KswapdState::Napping)
            node.kswapd.wokenDuringNap = true;
        else
            m_k.kswapd.beginBalancePgdat(node);
    }
    return ok;
}

FrameIndex PageAllocator::allocPages(const AllocRequest& request, AllocFailure& failure)
{
    // page_alloc.c:__alloc_pages(): the fast path tries the LOW watermark.
    const FrameIndex frame = getPageFromFreelist(request, kAllocWmarkLow | allocFlagsNofragment(request));
    if (frame != kNoFrame)
        return frame;
    return allocSlowpath(request, failure);
}

FrameIndex PageAllocator::allocSlowpath(const AllocRequest& request, AllocFailure& failure)
{
    // page_alloc.c:__alloc_pages_slowpath(). Not modelled: cpusets, __GFP_MEMALLOC and PF_MEMALLOC
    // reserves (ALLOC_NO_WATERMARKS), an OOM victim's ALLOC_OOM.
    failure = AllocFailure::Retry;
    const std::uint32_t gfpMask = request.gfp;
    const int order = request.order;
    const bool canDirectReclaim = gfpMask & gfp::kDirectReclaim;
    const bool canCompact = gfpMask & gfp::kIo; // gfp_compaction_allowed() (6.1.y)
    const bool costly = order > kPageAllocCostlyOrder;
    const unsigned allocFlags = gfpToAllocFlags(gfpMask, order);
    Process* task = request.process;
    auto wakeAllKswapds = [&] {
        if (!(allocFlags & kAllocKswapd))
            return;
        int lastNode = -1;
        for (Zone* zone : zonelist(request.node, request.highestZoneidx, request.gfp)) {
            if (zone->node == lastNode)
                continue;
            lastNode = zone->node;
            m_k.kswapd.wakeupKswapd(*zone, order, request.highestZoneidx, gfpMask);
        }
    };
    auto sleepJiffy = [&] {
        if (!task)
            return;
        const Tick from = std::max(task->busyUntil, m_k.now);
        task->busyUntil = from + kJiffy;
        m_k.psi.noteBlocked(static_cast<int>(task - m_k.processes.data()), from, from + kJiffy, false, false);
    };
    auto nopage = [&] {
        // __GFP_NOFAIL never returns NULL: the task sleeps and tries again.
        if (gfpMask & gfp::kNofail) {
            sleepJiffy();
            return kNoFrame;
        }
        warnAlloc(request);
        // At the task's time: after a reclaim or compaction stall that is later than now.
        m_k.recordAt(task ? std::max(m_k.now, task->busyUntil) : m_k.now,
            ev::AllocFail { taskOf(request), order, gfp::names(gfpMask), (gfpMask & gfp::kNowarn) != 0 });
        failure = AllocFailure::Failed;
        return kNoFrame;
    };

    wakeAllKswapds();
    FrameIndex frame = getPageFromFreelist(request, allocFlags);
    if (frame != kNoFrame)
        return frame;

    // Costly orders and unmovable high-order requests try async compaction before any reclaim.
    CompactPriority priority = CompactPriority::SyncLight; // DEF_COMPACT_PRIORITY
    CompactResult compactResult = CompactResult::Skipped;
    int compactionRetries = 0;
    if (canDirectReclaim && canCompact
        && (costly || (order > 0 && gfpMigratetype(gfpMask) != Migratetype::Movable))) {
        frame = directCompact(request, allocFlags, CompactPriority::Async, compactResult);
        if (frame != kNoFrame)
            return frame;
        if (costly && (gfpMask & gfp::kNoretry)) {
            // A THP fault, say: give up unless compaction can run and may go on at async priority.
            if (compactResult == CompactResult::Skipped || compactResult == CompactResult::Deferred
                || (gfpMask & gfp::kThisnode))
                return nopage();
            priority = CompactPriority::Async;
        }
    }

    int noProgressLoops = 0;
    for (;;) {
        wakeAllKswapds();
        frame = getPageFromFreelist(request, allocFlags);
        if (frame != kNoFrame)
            return frame;
        if (!canDirectReclaim)
            return nopage();

        // vmscan.c:throttle_direct_reclaim(): wait for kswapd while free < half the min reserve.
        Node& first = m_k.nodes[static_cast<std::size_t>(request.node)];
        if (task && !allowDirectReclaim(first)) {
            ++m_k.vmEvents[VmEvent::PgscanDirectThrottle];
            if (task->state != ProcessState::Throttled)
                m_k.record(ev::DirectReclaimThrottled { taskOf(request), first.id });
            task->state = ProcessState::Throttled;
            return kNoFrame;
        }

        // __alloc_pages_direct_reclaim(): try_to_free_pages(), then one more freelist attempt.
        const Tick begin = std::max(m_k.now, task ? task->busyUntil : m_k.now);
        if (task)
            task->state = ProcessState::DirectReclaim;
        Vmscan::DirectReclaimCost cost;
        m_k.recordAt(
            begin, ev::DirectReclaimBegin { taskOf(request), m_k.global(ZoneStat::NrFreePages), order });
        const Pages progress = m_k.vmscan.doTryToFreePages(request, cost);
        const Tick stall = cost.cpu + 1 + cost.throttle;
        // The reclaimer's clock ran ahead of m_k.now while it scanned; I/O it saw completing is done.
        if (task) {
            task->busyUntil = begin + stall;
            task->reclaimCpuUntil = begin + cost.cpu + 1;
            task->reclaimCpuShare = m_k.reclaimerCpuShare;
            m_k.psi.noteBlocked(
                static_cast<int>(task - m_k.processes.data()), begin, begin + stall, true, true);
            task->stallTotal += stall;
        }
        // Stamped when the reclaim ran, so events.jsonl stays in time order; end_us says when it ended.
        m_k.recordAt(
            begin, ev::DirectReclaimEnd { taskOf(request), progress, cost.scanned, stall, begin + stall });
        if (progress) {
            frame = getPageFromFreelist(request, allocFlags);
            // Before giving up on the reclaimed pages, a highatomic pageblock beyond the first goes back.
            if (frame == kNoFrame && unreserveHighatomic(request, false))
                frame = getPageFromFreelist(request, allocFlags);
            if (frame != kNoFrame)
                return frame;
        }

        frame = directCompact(request, allocFlags, priority, compactResult);
        if (frame != kNoFrame)
            return frame;
        if (gfpMask & gfp::kNoretry)
            return nopage();
        // Costly orders fail here unless the caller asked to retry (the OOM killer is never theirs).
        if (costly && (!canCompact || !(gfpMask & gfp::kRetryMayfail)))
            return nopage();
        if (shouldReclaimRetry(request, allocFlags, progress > 0, noProgressLoops))
            continue;
        if (progress > 0 && canCompact
            && m_k.compaction.shouldCompactRetry(
                request, allocFlags, compactResult, priority, compactionRetries))
            continue;

        // __alloc_pages_may_oom(): the last try at the HIGH watermark, then the OOM killer, which is not
        // for costly orders, __GFP_RETRY_MAYFAIL or __GFP_THISNODE, or requests below ZONE_NORMAL.
        frame = getPageFromFreelist(request, kAllocWmarkHigh);
        if (frame != kNoFrame)
            return frame;
        if (costly || (gfpMask & (gfp::kRetryMayfail | gfp::kThisnode))
            || request.highestZoneidx < static_cast<int>(ZoneType::Normal))
            return nopage();
        if (m_k.oom.outOfMemory(request) && !m_k.stopped) {
            // Progress: a victim was killed or is still exiting. The allocation is retried once the
            // task has slept a jiffy; a killed task gives up (its fault ends with the signal).
            if (task && task->state != ProcessState::Killed)
                sleepJiffy();
            return kNoFrame;
        }
        if (task && !m_k.stopped)
            task->state = ProcessState::OutOfMemory;
        return kNoFrame;
    }
}

FrameIndex PageAllocator::directCompact(
    const AllocRequest& request, unsigned allocFlags, CompactPriority priority, CompactResult& result)
{
    // page_alloc.c:__alloc_pages_direct_compact(): a compaction stall unless every zone was skipped.
    result = CompactResult::Skipped;
    if (request.order == 0)
        return kNoFrame;
    Process* task = request.process;
    const Tick begin = std::max(m_k.now, task ? task->busyUntil : m_k.now);
    CompactCost cost;
    result = m_k.compaction.tryToCompactPages(request, allocFlags, priority, cost);
    if (task && cost.cpu > 0) {
        // A memstall, as direct reclaim is (psi_memstall_enter() around try_to_compact_pages()).
        task->busyUntil = begin + cost.cpu;
        m_k.psi.noteBlocked(
            static_cast<int>(task - m_k.processes.data()), begin, begin + cost.cpu, true, true);
        task->stallTotal += cost.cpu;
    }
    if (result == CompactResult::Skipped)
        return kNoFrame;
    ++m_k.vmEvents[VmEvent::CompactStall];
    const FrameIndex frame = getPageFromFreelist(request, allocFlags);
    m_k.recordAt(begin,
        ev::DirectCompaction { taskOf(request), request.order, gfp::names(request.gfp),
            compactPriorityName(priority), compactResultName(result), frame != kNoFrame, cost.migrated,
            cost.cpu });
    if (frame != kNoFrame) {
        m_k.compaction.deferReset(m_k.frames.zoneOf(frame), request.order, true);
        ++m_k.vmEvents[VmEvent::CompactSuccess];
        return frame;
    }
    ++m_k.vmEvents[VmEvent::CompactFail];
    return kNoFrame;
}

void PageAllocator::recomputeWatermarks(bool lowmemReserveToo)
{
    std::vector<ZoneSize> sizes;
    for (const auto& node : m_k.nodes) {
        for (const auto& zone : node.zones)
            sizes.push_back({ node.id, zone.index(), zone.present, zone.managed });
    }
    const auto marks = computeWatermarks(sizes, m_k.tunables.minFreeKbytes, m_k.tunables.watermarkScaleFactor,
        m_k.tunables.lowmemReserveRatio);
    std::size_t i = 0;
    for (auto& node : m_k.nodes) {
        for (auto& zone : node.zones) {
            const auto& m = marks[i++];
            zone.wmark = { m.min, m.low, m.high, m.promo };
            zone.watermarkBoost = 0; // __setup_per_zone_wmarks() resets the boost
            if (lowmemReserveToo)
                zone.lowmemReserve = m.lowmemReserve;
        }
    }
    // page_alloc.c:calculate_totalreserve_pages()
    for (auto& node : m_k.nodes) {
        node.totalreservePages = 0;
        for (int z = 0; z < kMaxNrZones; ++z) {
            const Zone& zone = node.zones[static_cast<std::size_t>(z)];
            Pages maxReserve = 0;
            for (int j = z; j < kMaxNrZones; ++j)
                maxReserve = std::max(maxReserve, zone.lowmemReserve[static_cast<std::size_t>(j)]);
            maxReserve += zone.highWmark();
            node.totalreservePages += std::min(maxReserve, zone.managed);
        }
    }
}

} // namespace rlab::engine
