// SPDX-License-Identifier: GPL-3.0-or-later
// Order-0 page allocation: the fast path, the slow path, direct reclaim entry and the retry rule.
#include "detail/assert.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/buddy.h"
#include "rlab/engine/watermarks.h"

#include <algorithm>

namespace rlab::engine {

using detail::kJiffy;
using detail::kMaxReclaimRetries;

namespace {

/// gfp_to_alloc_flags()'s ALLOC_KSWAPD: the request may wake kswapd (__GFP_KSWAPD_RECLAIM).
unsigned kswapdAllocFlag(std::uint32_t gfp)
{
    constexpr std::uint32_t kGfpKswapdReclaim = 0x800;
    return (gfp & kGfpKswapdReclaim) ? unsigned { kAllocKswapd } : 0U;
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
    const int nodes = static_cast<int>(m_k.nodes.size());
    m_zonelists.assign(static_cast<std::size_t>(nodes * kMaxNrZones), {});
    for (int node = 0; node < nodes; ++node) {
        for (int hz = 0; hz < kMaxNrZones; ++hz) {
            auto& out = m_zonelists[static_cast<std::size_t>(node * kMaxNrZones + hz)];
            for (int k = 0; k < nodes; ++k) {
                Node& n = m_k.nodes[static_cast<std::size_t>((node + k) % nodes)];
                for (int z = hz; z >= 0; --z) {
                    Zone& zone = n.zones[static_cast<std::size_t>(z)];
                    if (zone.isManaged())
                        out.push_back(&zone);
                }
            }
        }
    }
    // page_alloc.c:alloc_flags_nofragment(): a request whose preferred zone is ZONE_NORMAL first looks
    // only at whole pageblocks of other types, and at the lower zones, before it fragments a pageblock
    // (on several nodes only where the node has DMA32).
    m_noFragment.assign(m_zonelists.size(), false);
    for (std::size_t i = 0; i < m_zonelists.size(); ++i) {
        if (m_zonelists[i].empty() || m_zonelists[i].front()->type != ZoneType::Normal)
            continue;
        const Node& node = m_k.nodes[static_cast<std::size_t>(m_zonelists[i].front()->node)];
        m_noFragment[i] = nodes == 1 || node.zones[static_cast<std::size_t>(ZoneType::Dma32)].isPopulated();
    }
}

const std::vector<Zone*>& PageAllocator::zonelist(int node, int highestZoneidx)
{
    return m_zonelists[static_cast<std::size_t>(node * kMaxNrZones + highestZoneidx)];
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
    const auto& zones = zonelist(request.node, request.highestZoneidx);
    for (;;) {
        const bool noFallback = allocFlags & kAllocNoFragment;
        bool retry = false;
        for (Zone* zone : zones) {
            // On another node, fragmenting the local node beats using remote memory.
            if (noFallback && m_k.nodes.size() > 1 && zone->node != zones.front()->node) {
                retry = true;
                break;
            }
            if (!zoneWatermarkFast(
                    *zone, 0, wmarkPages(*zone, allocFlags), request.highestZoneidx, allocFlags, request.gfp))
                continue;
            const FrameIndex frame = m_k.frames.rmqueue(*zone, 0, type, allocFlags);
            if (frame != kNoFrame)
                return frame;
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

bool PageAllocator::shouldReclaimRetry(const AllocRequest& request, bool didProgress, int& noProgressLoops)
{
    // page_alloc.c:should_reclaim_retry() for order 0.
    if (didProgress)
        noProgressLoops = 0;
    else
        ++noProgressLoops;
    if (noProgressLoops > kMaxReclaimRetries)
        return false;
    for (Zone* zone : zonelist(request.node, request.highestZoneidx)) {
        const Pages available = zoneReclaimablePages(*zone) + zone->freePages();
        if (zoneWatermarkOk(*zone, 0, zone->minWmark(), request.highestZoneidx, 0, available))
            return true;
    }
    return false;
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

FrameIndex PageAllocator::allocPage(const AllocRequest& request)
{
    // page_alloc.c:__alloc_pages(): the fast path tries the LOW watermark.
    const FrameIndex frame = getPageFromFreelist(request, kAllocWmarkLow | allocFlagsNofragment(request));
    if (frame != kNoFrame)
        return frame;
    return allocSlowpath(request);
}

FrameIndex PageAllocator::allocSlowpath(const AllocRequest& request)
{
    // page_alloc.c:__alloc_pages_slowpath() for an order-0 GFP_KERNEL / GFP_HIGHUSER_MOVABLE request:
    // no compaction (order 0), no reserves (not __GFP_HIGH, not an OOM victim).
    // gfp_to_alloc_flags(): the MIN watermark, no ALLOC_NOFRAGMENT.
    const unsigned allocFlags = kAllocWmarkMin | kswapdAllocFlag(request.gfp);
    auto wakeAllKswapds = [&] {
        if (!(allocFlags & kAllocKswapd))
            return;
        int lastNode = -1;
        for (Zone* zone : zonelist(request.node, request.highestZoneidx)) {
            if (zone->node == lastNode)
                continue;
            lastNode = zone->node;
            m_k.kswapd.wakeupKswapd(*zone, 0, request.highestZoneidx);
        }
    };
    wakeAllKswapds();
    FrameIndex frame = getPageFromFreelist(request, allocFlags);
    if (frame != kNoFrame)
        return frame;

    int noProgressLoops = 0;
    for (;;) {
        wakeAllKswapds();
        frame = getPageFromFreelist(request, allocFlags);
        if (frame != kNoFrame)
            return frame;

        Process* task = request.process;
        // vmscan.c:throttle_direct_reclaim(): wait for kswapd while free < half the min reserve.
        Node& first = m_k.nodes[static_cast<std::size_t>(request.node)];
        if (task && !allowDirectReclaim(first)) {
            ++m_k.vmEvents[VmEvent::PgscanDirectThrottle];
            if (task->state != ProcessState::Throttled)
                m_k.record(ev::DirectReclaimThrottled { m_k.taskOf(task), first.id });
            task->state = ProcessState::Throttled;
            return kNoFrame;
        }

        // __alloc_pages_direct_reclaim(): try_to_free_pages(), then one more freelist attempt.
        const Tick begin = std::max(m_k.now, task ? task->busyUntil : m_k.now);
        if (task)
            task->state = ProcessState::DirectReclaim;
        Vmscan::DirectReclaimCost cost;
        m_k.recordAt(begin, ev::DirectReclaimBegin { m_k.taskOf(task), m_k.global(ZoneStat::NrFreePages) });
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
            begin, ev::DirectReclaimEnd { m_k.taskOf(task), progress, cost.scanned, stall, begin + stall });
        if (progress) {
            frame = getPageFromFreelist(request, allocFlags);
            if (frame != kNoFrame)
                return frame;
        }
        if (shouldReclaimRetry(request, progress > 0, noProgressLoops))
            continue;
        // __alloc_pages_may_oom(): the last try at the HIGH watermark, then the OOM killer.
        frame = getPageFromFreelist(request, kAllocWmarkHigh);
        if (frame != kNoFrame)
            return frame;
        if (m_k.oom.outOfMemory(request) && !m_k.stopped) {
            // Progress: a victim was killed or is still exiting. The allocation is retried once the
            // task has slept a jiffy; a killed task gives up (its fault ends with the signal).
            if (task && task->state != ProcessState::Killed) {
                const Tick from = std::max(task->busyUntil, m_k.now);
                task->busyUntil = from + kJiffy;
                m_k.psi.noteBlocked(
                    static_cast<int>(task - m_k.processes.data()), from, from + kJiffy, false, false);
            }
            return kNoFrame;
        }
        if (task && !m_k.stopped)
            task->state = ProcessState::OutOfMemory;
        return kNoFrame;
    }
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
