// SPDX-License-Identifier: GPL-3.0-or-later
// kswapd: wake-up, balance_pgdat()'s priority loop, and the nap-then-sleep protocol (mm/vmscan.c).
#include "detail/assert.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/buddy.h"
#include "rlab/engine/gfp.h"

#include <algorithm>

namespace rlab::engine {

using detail::kDefPriority;
using detail::kMaxReclaimRetries;
using detail::kSwapClusterMax;

namespace {

constexpr Tick kKswapdNap = 100 * kTicksPerMs; // HZ/10

const char* kswapdStateName(KswapdState s)
{
    switch (s) {
    case KswapdState::Sleeping:
        return "sleeping";
    case KswapdState::Napping:
        return "napping";
    default:
        return "running";
    }
}

} // namespace

bool Kswapd::pgdatBalanced(const Node& node, int order, int highestZoneidx) const
{
    // vmscan.c:pgdat_balanced(): balanced when ANY eligible zone, bottom up, is above its high mark
    // (with the lowmem reserve for highest_zoneidx) and has a free block of the order.
    bool anyManaged = false;
    for (int i = 0; i <= highestZoneidx && i < kMaxNrZones; ++i) {
        const Zone& zone = node.zones[static_cast<std::size_t>(i)];
        if (!zone.isManaged())
            continue;
        anyManaged = true;
        if (zoneWatermarkOk(zone, order, zone.highWmark(), highestZoneidx, 0, zone.freePages()))
            return true;
    }
    return !anyManaged;
}

void Kswapd::wakeupKswapd(Zone& zone, int order, int highestZoneidx, std::uint32_t gfpMask)
{
    // vmscan.c:wakeup_kswapd()
    if (!zone.isManaged())
        return;
    Node& node = m_k.nodes[static_cast<std::size_t>(zone.node)];
    KswapdThread& k = node.kswapd;
    if (k.highestZoneidx == kMaxNrZones || k.highestZoneidx < highestZoneidx)
        k.highestZoneidx = highestZoneidx;
    k.order = std::max(k.order, order);
    if (k.state == KswapdState::Running)
        return; // nobody waits on kswapd_wait: it is already reclaiming
    bool boosted = false;
    for (int i = 0; i <= highestZoneidx; ++i)
        boosted = boosted || node.zones[static_cast<std::size_t>(i)].watermarkBoost != 0;
    if (k.failures >= kMaxReclaimRetries || (pgdatBalanced(node, order, highestZoneidx) && !boosted)) {
        // Reclaim would not help: a request that cannot compact itself hands the order to kcompactd.
        if (!(gfpMask & gfp::kDirectReclaim))
            m_k.compaction.wakeupKcompactd(node, order, highestZoneidx);
        return;
    }
    if (k.state == KswapdState::Napping) {
        k.wokenDuringNap = true; // kswapd_try_to_sleep() sees remaining > 0
        return;
    }
    m_k.record(ev::KswapdWake { .node = node.id,
        .reason = ev::KswapdWakeReason::Allocation,
        .zone = zone.type,
        .free = zone.freePages(),
        .low = zone.lowWmark(),
        .highestZoneidx = highestZoneidx });
    beginBalancePgdat(node);
}

void Kswapd::beginBalancePgdat(Node& node)
{
    // kswapd(): take the pending request, reset it, and enter balance_pgdat().
    KswapdThread& k = node.kswapd;
    k.runOrder = k.order;
    k.reclaimOrder = k.order;
    if (k.highestZoneidx != kMaxNrZones)
        k.runHighestZoneidx = k.highestZoneidx;
    k.order = 0;
    k.highestZoneidx = kMaxNrZones;
    k.state = KswapdState::Running;
    passOf(node).active = false;
    k.busyUntil = std::max(k.busyUntil, m_k.now);
    k.runStarted = m_k.now;
    k.runScanned = 0;

    // balance_pgdat() prologue
    ++m_k.vmEvents[VmEvent::Pageoutrun];
    k.nrBoostReclaim = 0;
    for (int i = 0; i <= k.runHighestZoneidx; ++i) {
        const Zone& zone = node.zones[static_cast<std::size_t>(i)];
        k.zoneBoosts[static_cast<std::size_t>(i)] = zone.isManaged() ? zone.watermarkBoost : 0;
        k.nrBoostReclaim += k.zoneBoosts[static_cast<std::size_t>(i)];
    }
    k.boosted = k.nrBoostReclaim != 0;
    k.priority = kDefPriority;
    k.nrReclaimed = 0;
}

bool Kswapd::beginPass(Node& node)
{
    // One iteration of balance_pgdat()'s do { } while (sc.priority >= 1) loop, up to shrink_node().
    KswapdThread& k = node.kswapd;
    KswapdPass& pass = passOf(node);
    const int hz = k.runHighestZoneidx;
    pass.reclaimedBefore = k.nrReclaimed;
    pass.raisePriority = true;

    const bool balanced = pgdatBalanced(node, k.reclaimOrder, hz);
    if (!balanced && k.nrBoostReclaim) {
        // A real shortage: drop boost mode and restart at DEF_PRIORITY.
        k.nrBoostReclaim = 0;
        k.priority = kDefPriority;
    }
    if (!k.nrBoostReclaim && balanced) {
        finishBalancePgdat(node);
        return false; // goto out: no kswapd_failures increment
    }
    if (k.nrBoostReclaim && k.priority == kDefPriority - 2)
        pass.raisePriority = false;

    ScanControl& sc = pass.sc;
    sc = {};
    sc.kswapd = true;
    sc.order = k.reclaimOrder;
    sc.priority = k.priority;
    sc.reclaimIdx = hz;
    sc.mayWritepage = !k.nrBoostReclaim;
    sc.maySwap = !k.nrBoostReclaim;
    startRound(node);

    m_k.vmscan.ageNode(node, sc);
    if (sc.priority < kDefPriority - 2)
        sc.mayWritepage = true;
    sc.nrScanned = 0;

    // kswapd_shrink_node(): aim for the sum of the eligible zones' high marks.
    sc.nrToReclaim = 0;
    for (int i = 0; i <= sc.reclaimIdx; ++i) {
        const Zone& zone = node.zones[static_cast<std::size_t>(i)];
        if (zone.isManaged())
            sc.nrToReclaim += std::max(zone.highWmark(), kSwapClusterMax);
    }
    m_k.vmscan.beginShrinkNode(node, sc, pass.scan);
    pass.active = true;
    return true;
}

void Kswapd::startRound(Node& node)
{
    // The round runs on kswapd's clock at the CPU share it has now; what came before is paid.
    ScanControl& sc = passOf(node).sc;
    sc.clockStart = node.kswapd.busyUntil;
    sc.cpuShare = m_k.kswapdShareOf(node);
    sc.scannedBefore = sc.totalScanned;
    sc.pageoutsBefore = sc.pageouts;
    sc.throttleBefore = sc.throttle;
}

void Kswapd::chargeRound(Node& node)
{
    KswapdThread& k = node.kswapd;
    const ScanControl& sc = passOf(node).sc;
    // A round takes at least a tick, so that kswapd's clock moves even when it found nothing to scan.
    k.busyUntil = m_k.vmscan.reclaimClock(sc) + 1;
    k.cpuUntil = sc.clockStart + m_k.vmscan.cpuTime(sc);
    k.cpuShare = sc.cpuShare;
    m_k.psi.noteBlocked(
        -1 - node.id, sc.clockStart, k.busyUntil, true, true); // balance_pgdat() is a memstall
}

bool Kswapd::passRound(Node& node)
{
    // A round of the pass's shrink_lruvec() loop, then the rest of the pass once the loop is over.
    KswapdPass& pass = passOf(node);
    if (pass.active)
        startRound(node);
    else if (!beginPass(node)) // beginPass() starts the first round itself, before kswapd_age_node()
        return false;
    const bool more = m_k.vmscan.shrinkNodeRound(node, pass.sc, pass.scan);
    if (more) {
        chargeRound(node);
        return true;
    }
    return endPass(node);
}

bool Kswapd::endPass(Node& node)
{
    // The rest of the balance_pgdat() iteration after kswapd_shrink_node().
    KswapdThread& k = node.kswapd;
    KswapdPass& pass = passOf(node);
    ScanControl& sc = pass.sc;
    pass.active = false;
    m_k.vmscan.endShrinkNode(node, sc, pass.scan);
    if (sc.nrScanned >= sc.nrToReclaim)
        pass.raisePriority = false;

    k.nrReclaimed += sc.nrReclaimed;
    k.runScanned += sc.totalScanned;
    // kswapd_shrink_node(): enough free for compaction to build the block: balance for order 0 now.
    if (k.reclaimOrder > 0 && sc.nrReclaimed >= Pages { 2 } << k.reclaimOrder)
        k.reclaimOrder = 0;
    chargeRound(node);

    // Wake the direct reclaimers throttled on pfmemalloc_wait.
    if (m_k.alloc.allowDirectReclaim(node)) {
        for (auto& p : m_k.processes) {
            if (p.state == ProcessState::Throttled && p.node == static_cast<std::uint32_t>(node.id))
                p.state = ProcessState::Running;
        }
    }

    const Pages reclaimedNow = k.nrReclaimed - pass.reclaimedBefore;
    k.nrBoostReclaim -= std::min(k.nrBoostReclaim, reclaimedNow);
    bool done = false;
    if (k.nrBoostReclaim && !reclaimedNow)
        done = true;
    if (!done && (pass.raisePriority || !reclaimedNow))
        --k.priority;
    if (done || k.priority < 1) {
        if (!k.nrReclaimed)
            ++k.failures;
        finishBalancePgdat(node);
        return false;
    }
    return true;
}

KswapdPass& Kswapd::passOf(const Node& node)
{
    if (m_passes.size() < m_k.nodes.size())
        m_passes.resize(m_k.nodes.size());
    return m_passes[static_cast<std::size_t>(node.id)];
}

void Kswapd::finishBalancePgdat(Node& node)
{
    KswapdThread& k = node.kswapd;
    if (k.boosted) {
        for (int i = 0; i <= k.runHighestZoneidx; ++i) {
            Zone& zone = node.zones[static_cast<std::size_t>(i)];
            zone.watermarkBoost -= std::min(zone.watermarkBoost, k.zoneBoosts[static_cast<std::size_t>(i)]);
        }
        // There is likely room now: kcompactd defragments pageblocks.
        m_k.compaction.wakeupKcompactd(node, kPageblockOrder, k.runHighestZoneidx);
    }
    m_k.vmscan.snapshotRefaults(node);
    m_k.record(ev::KswapdBalanced { .node = node.id,
        .reclaimed = k.nrReclaimed,
        .scanned = k.runScanned,
        .priority = k.priority,
        .failures = k.failures,
        .runUs = std::max(k.busyUntil, m_k.now) - k.runStarted });
    kswapdTryToSleep(node);
}

bool Kswapd::prepareKswapdSleep(Node& node, int order, int highestZoneidx)
{
    // vmscan.c:prepare_kswapd_sleep(): wake pfmemalloc waiters; sleep if hopeless or balanced.
    for (auto& p : m_k.processes) {
        if (p.state == ProcessState::Throttled && p.node == static_cast<std::uint32_t>(node.id))
            p.state = ProcessState::Running;
    }
    if (node.kswapd.failures >= kMaxReclaimRetries)
        return true;
    if (pgdatBalanced(node, order, highestZoneidx)) {
        node.pgdatDirty = false;
        node.pgdatWriteback = false;
        node.lruvecCongested = false;
        return true;
    }
    return false;
}

void Kswapd::kswapdTryToSleep(Node& node)
{
    // vmscan.c:kswapd_try_to_sleep(), first half: the HZ/10 nap if the node looks balanced.
    KswapdThread& k = node.kswapd;
    const int hz = k.highestZoneidx == kMaxNrZones ? k.runHighestZoneidx : k.highestZoneidx;
    if (prepareKswapdSleep(node, k.reclaimOrder, hz)) {
        // Reclaim is done: compaction for the order the allocators asked for.
        for (Zone& zone : node.zones)
            Compaction::resetIsolationSuitable(zone);
        m_k.compaction.wakeupKcompactd(node, k.runOrder, hz);
        k.state = KswapdState::Napping;
        k.napUntil = std::max(k.busyUntil, m_k.now) + kKswapdNap;
        k.wokenDuringNap = false;
        return;
    }
    // Not balanced right away: remaining == 0 and the second check fails too.
    ++m_k.vmEvents[VmEvent::KswapdHighWmarkHitQuickly];
    k.state = KswapdState::Sleeping;
    beginBalancePgdat(node);
}

void Kswapd::tickKswapd(Node& node)
{
    KswapdThread& k = node.kswapd;
    const Tick stepEnd = m_k.now + kStepTicks;
    if (k.state == KswapdState::Napping) {
        if (k.wokenDuringNap) {
            // Woken during the nap (remaining > 0): an allocator fell below low again quickly.
            ++m_k.vmEvents[VmEvent::KswapdLowWmarkHitQuickly];
            k.state = KswapdState::Sleeping;
            m_k.record(ev::KswapdWake { .node = node.id,
                .reason = ev::KswapdWakeReason::LowWmarkHitQuickly,
                .free = m_k.global(ZoneStat::NrFreePages) });
            beginBalancePgdat(node);
        } else if (m_k.now >= k.napUntil) {
            const int hz = k.highestZoneidx == kMaxNrZones ? k.runHighestZoneidx : k.highestZoneidx;
            if (prepareKswapdSleep(node, k.reclaimOrder, hz)) {
                k.state = KswapdState::Sleeping;
                Pages free = 0;
                Pages high = 0;
                for (int i = 0; i <= hz && i < kMaxNrZones; ++i) {
                    free += node.zones[static_cast<std::size_t>(i)].freePages();
                    high += node.zones[static_cast<std::size_t>(i)].highWmark();
                }
                m_k.record(ev::KswapdSleep { node.id, free, high, k.failures });
            } else {
                ++m_k.vmEvents[VmEvent::KswapdHighWmarkHitQuickly];
                k.state = KswapdState::Sleeping;
                m_k.record(ev::KswapdWake { .node = node.id,
                    .reason = ev::KswapdWakeReason::HighWmarkHitQuickly,
                    .free = m_k.global(ZoneStat::NrFreePages) });
                beginBalancePgdat(node);
            }
        }
    }
    // Run rounds of priority passes while kswapd's clock is within this step.
    while (k.state == KswapdState::Running && k.busyUntil < stepEnd && !m_k.stopped) {
        if (!passRound(node))
            break;
    }
    (void)kswapdStateName;
}

} // namespace rlab::engine
