// SPDX-License-Identifier: GPL-3.0-or-later
// The classic two-list LRU reclaim of mm/vmscan.c (Debian 6.1 runs with MGLRU disabled).
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/gfp.h"
#include "rlab/engine/reclaim_rules.h"

#include <algorithm>

namespace rlab::engine {

using detail::kDefPriority;
using detail::kJiffy;
using detail::kSwapClusterMax;
using detail::swapDevice;

bool Vmscan::inactiveIsLow(const Lruvec& lruvec, LruList inactiveLru) const
{
    const Node& node = m_k.nodes[static_cast<std::size_t>(lruvec.node)];
    const Pages inactive = m_k.memcg.subtreeLruSize(lruvec.memcg, node, inactiveLru);
    const Pages active =
        m_k.memcg.subtreeLruSize(lruvec.memcg, node, static_cast<LruList>(static_cast<int>(inactiveLru) + 1));
    return rlab::engine::inactiveIsLow(inactive, active);
}

std::array<std::uint64_t, 2> Vmscan::workingsetActivations(const Node& node, int memcg) const
{
    if (memcg == 0)
        return { node.stat[NodeStat::WorkingsetActivateAnon], node.stat[NodeStat::WorkingsetActivateFile] };
    return { m_k.memcg.subtreeCount(memcg, MemcgCount::WorkingsetActivateAnon),
        m_k.memcg.subtreeCount(memcg, MemcgCount::WorkingsetActivateFile) };
}

void Vmscan::snapshotRefaults(Node& node, int targetMemcg)
{
    // vmscan.c:snapshot_refaults(): the target's lruvec remembers its workingset activations.
    m_k.memcg.lruvec(targetMemcg, node).refaults = workingsetActivations(node, targetMemcg);
}

void Vmscan::prepareScanCount(Node& node, ScanControl& sc)
{
    // vmscan.c:prepare_scan_count(): the reclaim target's lruvec decides for every cgroup below it.
    const Lruvec& vec = m_k.memcg.lruvec(sc.targetMemcg, node);
    sc.anonCost = vec.anonCost;
    sc.fileCost = vec.fileCost;
    if (!sc.forceDeactivate) {
        const auto activations = workingsetActivations(node, sc.targetMemcg);
        sc.mayDeactivateAnon = activations[0] != vec.refaults[0] || inactiveIsLow(vec, LruList::InactiveAnon);
        sc.mayDeactivateFile = activations[1] != vec.refaults[1] || inactiveIsLow(vec, LruList::InactiveFile);
    } else {
        sc.mayDeactivateAnon = sc.mayDeactivateFile = true;
    }
    // Plenty of inactive file that is not thrashing: reclaim file only.
    const Pages inactiveFile = m_k.memcg.subtreeLruSize(sc.targetMemcg, node, LruList::InactiveFile);
    sc.cacheTrimMode = (inactiveFile >> sc.priority) != 0 && !sc.mayDeactivateFile;

    // file_is_tiny: global reclaim only.
    sc.fileIsTiny = false;
    if (sc.cgroupReclaim)
        return;
    Pages free = 0;
    Pages totalHigh = 0;
    for (const auto& zone : node.zones) {
        free += zone.freePages();
        if (zone.isManaged())
            totalHigh += zone.highWmark();
    }
    const Pages file = node.stat[NodeStat::NrActiveFile] + node.stat[NodeStat::NrInactiveFile];
    const Pages anon = node.stat[NodeStat::NrInactiveAnon];
    sc.fileIsTiny = file + free <= totalHigh && !sc.mayDeactivateAnon && (anon >> sc.priority) != 0;
}

void Vmscan::getScanCount(Lruvec& lruvec, ScanControl& sc, std::array<Pages, kNrEvictableLru>& nr)
{
    const Node& node = pgdatOf(lruvec);
    ScanCountInput in;
    in.swappiness = m_k.tunables.swappiness;
    in.priority = sc.priority;
    in.maySwap = sc.maySwap;
    in.swapSpaceFree = canReclaimAnonPages(lruvec.memcg);
    // cgroup reclaim with swappiness 0 scans file only (the per-cgroup value is v1's; v2 reads the global).
    in.cgroupReclaim = sc.cgroupReclaim;
    const auto [emin, elow] = m_k.memcg.protection(sc.targetMemcg, lruvec.memcg);
    if (emin || elow) {
        // mem_cgroup_protection(): the scan shrinks by the protected share of the cgroup's usage.
        if (!sc.memcgLowReclaim && elow > emin) {
            in.protection = elow;
            sc.memcgLowSkipped = true;
        } else {
            in.protection = emin;
        }
        in.cgroupSize = std::max(m_k.memcg.group(lruvec.memcg).memory.usage, in.protection);
    }
    in.fileIsTiny = sc.fileIsTiny;
    in.cacheTrimMode = sc.cacheTrimMode;
    in.anonCost = sc.anonCost;
    in.fileCost = sc.fileCost;
    for (int l = 0; l < kNrEvictableLru; ++l) {
        // lruvec_lru_size(): only zones the caller may use.
        Pages size = 0;
        for (int z = 0; z <= sc.reclaimIdx && z < kMaxNrZones; ++z)
            size += lruvec.zoneSize[static_cast<std::size_t>(z)][static_cast<std::size_t>(l)];
        in.lruSizes[static_cast<std::size_t>(l)] = size;
    }
    const ScanCountResult r = rlab::engine::getScanCount(in);
    nr = r.nr;

    ScanBalance& b = m_lastScanBalance;
    b.priority = sc.priority;
    b.swappiness = in.swappiness;
    b.decided = true;
    b.mode = r.mode;
    b.reason = r.reason;
    b.fractionAnon = r.fractionAnon;
    b.fractionFile = r.fractionFile;
    b.denominator = r.denominator;
    b.nr = nr;
    b.kswapd = sc.kswapd;
    double anonShare = 0.5;
    if (r.denominator)
        anonShare = static_cast<double>(r.fractionAnon) / static_cast<double>(r.denominator);
    else if (r.mode == ScanBalanceMode::File)
        anonShare = 0.0;
    else if (r.mode == ScanBalanceMode::Anon)
        anonShare = 1.0;
    m_k.record(ev::ScanBalance { .node = node.id,
        .kswapd = sc.kswapd,
        .priority = sc.priority,
        .swappiness = in.swappiness,
        .mode = r.mode,
        .reason = r.reason,
        .anonCost = sc.anonCost,
        .fileCost = sc.fileCost,
        .fractionAnon = r.fractionAnon,
        .fractionFile = r.fractionFile,
        .denominator = r.denominator,
        .anonShare = anonShare,
        .scan = nr });
}

bool Vmscan::shrinkLruvecRound(Lruvec& lruvec, ScanControl& sc, LruvecScan& scan)
{
    // One round of vmscan.c:shrink_lruvec()'s while loop.
    auto& nr = scan.nr;
    constexpr std::size_t kIA = 0, kAA = 1, kIF = 2, kAF = 3;
    if (!nr[kIA] && !nr[kAF] && !nr[kIF])
        return false;
    m_k.trace.setReclaimer(sc.kswapd ? 1 : 2, sc.priority);
    for (std::size_t l = 0; l < kNrEvictableLru; ++l) {
        if (nr[l]) {
            const Pages n = std::min(nr[l], kSwapClusterMax);
            nr[l] -= n;
            scan.nrReclaimed += shrinkList(static_cast<LruList>(l), n, lruvec, sc);
        }
    }
    m_k.trace.setReclaimer(0, -1);
    if (scan.nrReclaimed < sc.nrToReclaim || scan.proportionalReclaim)
        return true;
    // Target met: scale down the remaining scan so both types stay proportionally scanned.
    const Pages nrFile = nr[kIF] + nr[kAF];
    const Pages nrAnon = nr[kIA] + nr[kAA];
    if (!nrFile || !nrAnon) {
        nr = {};
        return false;
    }
    const auto& targets = scan.targets;
    std::size_t smaller;
    Pages percentage;
    if (nrFile > nrAnon) {
        percentage = nrAnon * 100 / (targets[kIA] + targets[kAA] + 1);
        smaller = kIA;
    } else {
        percentage = nrFile * 100 / (targets[kIF] + targets[kAF] + 1);
        smaller = kIF;
    }
    nr[smaller] = 0;
    nr[smaller + 1] = 0;
    const std::size_t other = smaller == kIA ? kIF : kIA;
    for (std::size_t l : { other, other + 1 }) {
        const Pages scanned = targets[l] - nr[l];
        nr[l] = targets[l] * (100 - percentage) / 100;
        nr[l] -= std::min(nr[l], scanned);
    }
    return true;
}

Pages Vmscan::shrinkList(LruList lru, Pages nrToScan, Lruvec& lruvec, ScanControl& sc)
{
    // vmscan.c:shrink_list()
    if (isActiveLru(lru)) {
        const bool may = isFileLru(lru) ? sc.mayDeactivateFile : sc.mayDeactivateAnon;
        if (may)
            shrinkActiveList(nrToScan, lruvec, sc, lru);
        else
            sc.skippedDeactivate = true;
        return 0;
    }
    return shrinkInactiveList(nrToScan, lruvec, sc, lru);
}

Pages Vmscan::isolateLruFolios(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru,
    std::vector<FrameIndex>& taken, Pages& nrScanned)
{
    // vmscan.c:isolate_lru_folios(): from the tail; pages in zones the caller cannot use are skipped
    // (they count in nr_scanned but not in the scan budget) and go back to the head. A THP counts
    // its 512 pages everywhere.
    std::vector<FrameIndex> skipped;
    std::array<Pages, kMaxNrZones> nrSkipped {};
    Pages scan = 0;
    Pages totalScan = 0;
    Pages nrTaken = 0;
    const auto l = static_cast<std::size_t>(lru);
    while (scan < nrToScan && lruvec.tail[l] != kNoFrame) {
        const FrameIndex f = lruvec.tail[l];
        const Pages nrPages = m_k.frames.folioNrPages(f);
        totalScan += nrPages;
        m_k.frames.listRemove(f);
        const int zoneIdx = m_k.frames.zoneIndexOf(f);
        if (zoneIdx > sc.reclaimIdx) {
            skipped.push_back(f);
            nrSkipped[static_cast<std::size_t>(zoneIdx)] += nrPages;
            continue;
        }
        scan += nrPages;
        nrTaken += nrPages;
        taken.push_back(f);
    }
    for (auto it = skipped.rbegin(); it != skipped.rend(); ++it)
        m_k.frames.listAddHead(*it, lru);
    for (int z = 0; z < kMaxNrZones; ++z)
        m_k.vmEvents[perZoneEvent(VmEvent::PgskipDma, z)] += nrSkipped[static_cast<std::size_t>(z)];
    nrScanned = totalScan;
    sc.totalScanned += totalScan;
    const NodeStat isolated = isFileLru(lru) ? NodeStat::NrIsolatedFile : NodeStat::NrIsolatedAnon;
    pgdatOf(lruvec).stat[isolated] += nrTaken;
    return nrTaken;
}

void Vmscan::moveFoliosToLru(Lruvec& lruvec, const std::vector<FrameIndex>& folios)
{
    // vmscan.c:move_folios_to_lru(): active ones age the workingset clock.
    Node& node = pgdatOf(lruvec);
    for (const FrameIndex f : folios) {
        const bool file = !(m_k.frames.flags[f] & kPgSwapbacked);
        const Pages nrPages = m_k.frames.folioNrPages(f);
        node.stat[file ? NodeStat::NrIsolatedFile : NodeStat::NrIsolatedAnon] -= nrPages;
        if ((m_k.frames.flags[f] & (kPgMlocked | kVmLocked)) && !(m_k.frames.flags[f] & kPgUnevictable)) {
            m_k.frames.flags[f] = static_cast<PageFlags>((m_k.frames.flags[f] | kPgUnevictable) & ~kPgActive);
            ++m_k.vmEvents[VmEvent::UnevictablePgsCulled];
            m_k.trace.setCause(f, PageCause::Culled);
        }
        const LruList lru = m_k.frames.lruFor(f);
        m_k.frames.listAddHead(f, lru);
        if (isActiveLru(lru))
            lruvec.nonresidentAge += nrPages;
    }
}

void Vmscan::shrinkActiveList(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru)
{
    // vmscan.c:shrink_active_list(): only referenced executable file pages stay active; everything
    // else is deactivated, referenced or not (PG_referenced is neither read nor cleared here).
    std::vector<FrameIndex> hold;
    Pages nrScanned = 0;
    isolateLruFolios(nrToScan, lruvec, sc, lru, hold, nrScanned);
    m_k.vmEvents[VmEvent::Pgrefill] += nrScanned;
    m_k.memcg.count(lruvec.memcg, MemcgCount::Pgrefill, nrScanned);
    Pages nrDeactivate = 0;
    for (const FrameIndex f : hold) {
        PageFlags& flags = m_k.frames.flags[f];
        if (flags & (kPgUnevictable | kPgMlocked | kVmLocked))
            continue; // putback culls it to the unevictable list
        const bool young = m_k.rmap.testAndClearYoung(f); // folio_referenced() also clears the young bits
        if (keepsActive(young, flags & kVmExec, !(flags & kPgSwapbacked))) {
            m_k.trace.setCause(f, PageCause::KeptActive);
            continue; // stays on the active list (nr_rotated)
        }
        flags = static_cast<PageFlags>((flags & ~kPgActive) | kPgWorkingset);
        m_k.trace.setCause(f, PageCause::Deactivated);
        nrDeactivate += m_k.frames.folioNrPages(f);
    }
    moveFoliosToLru(lruvec, hold);
    m_k.vmEvents[VmEvent::Pgdeactivate] += nrDeactivate;
    m_k.memcg.count(lruvec.memcg, MemcgCount::Pgdeactivate, nrDeactivate);
}

Pages Vmscan::shrinkInactiveList(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru)
{
    // vmscan.c:shrink_inactive_list(). too_many_isolated() never holds: one reclaimer at a time.
    const bool file = isFileLru(lru);
    // Writes submitted earlier in this reclaim may have completed by now on the reclaimer's clock.
    m_k.io.complete(reclaimClock(sc), [this](FrameIndex frame) { m_k.filemap.endWriteback(frame); });
    std::vector<FrameIndex> list;
    Pages nrScanned = 0;
    const Pages nrTaken = isolateLruFolios(nrToScan, lruvec, sc, lru, list, nrScanned);
    // Cgroup reclaim counts in the cgroup, not in the global pgscan_kswapd/direct.
    if (!sc.cgroupReclaim)
        m_k.vmEvents[sc.kswapd ? VmEvent::PgscanKswapd : VmEvent::PgscanDirect] += nrScanned;
    m_k.vmEvents[file ? VmEvent::PgscanFile : VmEvent::PgscanAnon] += nrScanned;
    if (lruvec.memcg)
        m_k.memcg.count(
            lruvec.memcg, sc.kswapd ? MemcgCount::PgscanKswapd : MemcgCount::PgscanDirect, nrScanned);
    if (nrTaken == 0)
        return 0;

    ReclaimStat stat;
    const Pages nrReclaimed = shrinkFolioList(list, pgdatOf(lruvec), sc, stat);
    moveFoliosToLru(lruvec, list);
    m_k.memcg.count(lruvec.memcg, MemcgCount::Pgactivate, stat.activate[0] + stat.activate[1]);

    if (!sc.cgroupReclaim)
        m_k.vmEvents[sc.kswapd ? VmEvent::PgstealKswapd : VmEvent::PgstealDirect] += nrReclaimed;
    m_k.vmEvents[file ? VmEvent::PgstealFile : VmEvent::PgstealAnon] += nrReclaimed;
    if (lruvec.memcg)
        m_k.memcg.count(
            lruvec.memcg, sc.kswapd ? MemcgCount::PgstealKswapd : MemcgCount::PgstealDirect, nrReclaimed);
    m_k.lru.lruNoteCost(lruvec, file, stat.pageout);

    // Every isolated page was dirty and not queued for I/O: kick the flushers.
    if (stat.unqueuedDirty == nrTaken)
        m_k.writeback.wakeupFlusher();

    sc.nr.dirty += stat.dirty;
    sc.nr.congested += stat.congested;
    sc.nr.unqueuedDirty += stat.unqueuedDirty;
    sc.nr.writeback += stat.writeback;
    sc.nr.immediate += stat.immediate;
    sc.nr.taken += nrTaken;
    if (file)
        sc.nr.fileTaken += nrTaken;
    return nrReclaimed;
}

Pages Vmscan::shrinkFolioList(std::vector<FrameIndex>& folios, Node& node, ScanControl& sc, ReclaimStat& stat)
{
    // vmscan.c:shrink_folio_list(). Survivors stay in `folios` for putback; freed frames are removed
    // from it. A THP that is to be swapped out is split first, and its tails join the list.
    std::vector<FrameIndex> keep;
    std::vector<FrameIndex> toFree;
    keep.reserve(folios.size());
    for (std::size_t i = 0; i < folios.size(); ++i) {
        const FrameIndex f = folios[i];
        PageFlags& flags = m_k.frames.flags[f];
        const Pages nrPages = m_k.frames.folioNrPages(f);
        sc.nrScanned += nrPages;
        const bool file = !(flags & kPgSwapbacked);
        bool activate = false;
        FolioReferences references = FolioReferences::Reclaim;

        // A page whose owner exited while its I/O was in flight: free it once the I/O is done.
        if (m_k.frames.mapping[f] == kNoMapping) {
            if (flags & kPgWriteback)
                keep.push_back(f);
            else
                toFree.push_back(f);
            continue;
        }

        if (flags & (kPgMlocked | kVmLocked)) {
            activate = true; // !folio_evictable(): culled to the unevictable list at putback
        } else {
            // folio_check_dirty_writeback(): anon pages never count as dirty or under writeback here.
            const bool dirty = file && (flags & kPgDirty);
            const bool writeback = file && (flags & kPgWriteback);
            if (dirty || writeback)
                ++stat.dirty;
            if (dirty && !writeback)
                ++stat.unqueuedDirty;
            if (writeback && (flags & kPgReclaim))
                ++stat.congested;

            if (flags & kPgWriteback) {
                if (sc.kswapd && (flags & kPgReclaim) && node.pgdatWriteback) {
                    ++stat.immediate; // case 1: the LRU cycles faster than the I/O completes
                } else {
                    flags |= kPgReclaim; // case 2: mark for immediate reclaim when the I/O ends
                    ++stat.writeback;
                }
                m_k.trace.setCause(f, PageCause::UnderWriteback);
                activate = true;
            }
        }

        if (!activate) {
            // folio_check_references(); one PTE at most per page in this model.
            ReferenceInput ref;
            ref.youngPtes = m_k.rmap.testAndClearYoung(f) ? 1 : 0;
            ref.referencedFlag = flags & kPgReferenced;
            ref.vmExec = flags & kVmExec;
            ref.file = file;
            bool setReferenced = false;
            references = checkReferences(ref, setReferenced);
            flags = static_cast<PageFlags>(flags & ~(kPteYoung | kPgReferenced));
            if (setReferenced)
                flags |= kPgReferenced;
            if (references == FolioReferences::Activate) {
                m_k.trace.setCause(f, PageCause::Referenced);
                activate = true;
            } else if (references == FolioReferences::Keep) {
                m_k.trace.setCause(f, PageCause::KeptReferenced);
                keep.push_back(f);
                continue;
            }
        }

        if (!activate && !file && !(flags & kPgSwapcache) && (flags & kPgHead)) {
            // add_to_swap() of the whole folio fails (no swap cluster for it here): split, then swap
            // the pages one by one. The tails make their own pass through this loop.
            m_k.huge.splitHugePage(f, folios);
            ++m_k.vmEvents[VmEvent::ThpSwpoutFallback];
            sc.nrScanned -= nrPages - 1;
        }
        if (!activate && !file && !(flags & kPgSwapcache)) {
            if (!sc.maySwap || !m_k.swapCache.addToSwap(f)) {
                m_k.trace.setCause(f, PageCause::NoSwapSpace);
                activate = true; // no swap space: activate_locked
            }
        }

        if (!activate && (flags & kPteMapped))
            m_k.rmap.unmapFrame(f); // try_to_unmap(): anon PTEs become swap entries

        if (!activate && (flags & kPgDirty)) {
            if (file && (!sc.kswapd || !(flags & kPgReclaim) || !node.pgdatDirty)) {
                // Only kswapd writes file pages, and only on a second encounter under PGDAT_DIRTY.
                ++node.stat[NodeStat::NrVmscanImmediateReclaim];
                flags |= kPgReclaim;
                m_k.trace.setCause(f, PageCause::DirtyDeferred);
                activate = true;
            } else if (references == FolioReferences::ReclaimClean || !sc.mayWritepage) {
                m_k.trace.setCause(f, PageCause::KeptReferenced);
                keep.push_back(f);
                continue;
            } else {
                // pageout(): asynchronous write; the page waits on the inactive list with PG_reclaim
                // and is rotated to the tail when the I/O completes.
                flags |= kPgReclaim;
                ++sc.pageouts;
                sc.throttle += pageoutWrite(f, reclaimClock(sc));
                m_k.trace.setCause(f, PageCause::Pageout);
                ++node.stat[NodeStat::NrVmscanWrite];
                ++stat.pageout;
                keep.push_back(f);
                continue;
            }
        }

        if (!activate) {
            removeMapping(f);
            toFree.push_back(f);
            continue;
        }

        // activate_locked:
        if ((flags & kPgSwapcache) && !(flags & kPgWriteback) && (m_k.swap.full() || (flags & kPgMlocked)))
            m_k.swapCache.swapcacheDelete(f, false); // folio_free_swap()
        if (!(flags & kPgMlocked)) {
            flags |= kPgActive;
            stat.activate[file ? 1 : 0] += m_k.frames.folioNrPages(f);
        }
        keep.push_back(f);
    }

    Pages nrReclaimed = 0;
    for (const FrameIndex f : toFree) {
        const bool file = !(m_k.frames.flags[f] & kPgSwapbacked);
        RLAB_ASSERT(!(m_k.frames.flags[f] & kPgHead)); // a THP is split before it can be freed here
        --node.stat[file ? NodeStat::NrIsolatedFile : NodeStat::NrIsolatedAnon];
        m_k.trace.setCause(f, PageCause::Reclaimed);
        m_k.frames.freeFrame(f);
        ++nrReclaimed;
    }
    m_k.vmEvents[VmEvent::Pgactivate] += stat.activate[0] + stat.activate[1];
    folios.swap(keep);
    return nrReclaimed;
}

void Vmscan::shrinkNode(Node& node, ScanControl& sc)
{
    // Direct reclaim only: kswapd runs shrink_node() round by round and stops at its own checks.
    for (;;) {
        const Pages before = sc.nrReclaimed;
        LruvecScan scan;
        beginShrinkNode(node, sc, scan);
        while (shrinkNodeRound(node, sc, scan)) {}
        endShrinkNode(node, sc, scan);
        if (!shouldContinueReclaim(node, sc.nrReclaimed - before, sc))
            return;
    }
}

bool Vmscan::shouldContinueReclaim(const Node& node, Pages nrReclaimed, const ScanControl& sc) const
{
    // vmscan.c:should_continue_reclaim(): a costly order (or a high-order reclaim at raised priority)
    // reclaims until compaction could run in some zone, while the inactive lists hold more than
    // compact_gap().
    const bool reclaimCompaction =
        sc.order > 0 && (sc.order > kPageAllocCostlyOrder || sc.priority < kDefPriority - 2);
    if (!reclaimCompaction || nrReclaimed == 0)
        return false;
    for (int z = 0; z <= sc.reclaimIdx && z < kMaxNrZones; ++z) {
        const Zone& zone = node.zones[static_cast<std::size_t>(z)];
        if (!zone.isManaged())
            continue;
        const CompactResult suitable = m_k.compaction.compactionSuitable(zone, sc.order, 0, sc.reclaimIdx);
        if (suitable == CompactResult::Success || suitable == CompactResult::Continue)
            return false;
    }
    Pages inactive = node.stat[NodeStat::NrInactiveFile];
    if (canReclaimAnonPages())
        inactive += node.stat[NodeStat::NrInactiveAnon];
    return inactive > compactGap(sc.order);
}

bool Vmscan::compactionReady(const Zone& zone, const ScanControl& sc) const
{
    // vmscan.c:compaction_ready(): enough free memory that compaction, not reclaim, should run now.
    const CompactResult suitable = m_k.compaction.compactionSuitable(zone, sc.order, 0, sc.reclaimIdx);
    if (suitable == CompactResult::Success)
        return true;
    if (suitable == CompactResult::Skipped)
        return false;
    return zoneWatermarkOk(
        zone, 0, zone.highWmark() + compactGap(sc.order), sc.reclaimIdx, 0, zone.freePages());
}

void Vmscan::beginShrinkNode(Node& node, ScanControl& sc, LruvecScan& scan)
{
    // vmscan.c:shrink_node() up to shrink_node_memcgs().
    scan = {};
    scan.nodeReclaimedBefore = sc.nrReclaimed;
    sc.nr = {};
    prepareScanCount(node, sc);
}

bool Vmscan::startLruvec(Node& node, ScanControl& sc, LruvecScan& scan)
{
    // vmscan.c:shrink_node_memcgs() for one cgroup, up to shrink_lruvec()'s loop.
    const int memcg = scan.memcg;
    if (m_k.memcg.enabled()) {
        m_k.memcg.calculateProtection(sc.targetMemcg, memcg);
        if (m_k.memcg.belowMin(sc.targetMemcg, memcg))
            return false; // hard protection: never reclaimed
        if (m_k.memcg.belowLow(sc.targetMemcg, memcg)) {
            // Soft protection: only in the retry after everything unprotected was reclaimed.
            if (!sc.memcgLowReclaim) {
                sc.memcgLowSkipped = true;
                return false;
            }
            m_k.memcg.memoryEvent(memcg, MemcgEvent::Low);
        }
    }
    scan.nrReclaimed = 0;
    getScanCount(m_k.memcg.lruvec(memcg, node), sc, scan.nr);
    scan.targets = scan.nr;
    scan.proportionalReclaim = !sc.kswapd && !sc.cgroupReclaim && sc.priority == kDefPriority;
    return true;
}

void Vmscan::finishLruvec(Lruvec& lruvec, ScanControl& sc, LruvecScan& scan)
{
    // The end of vmscan.c:shrink_lruvec(): rebalance anon even when it was not scanned
    // (can_age_anon_pages: swap configured).
    sc.nrReclaimed += scan.nrReclaimed;
    scan.nrReclaimed = 0;
    if (m_k.swap.totalPages() > 0 && inactiveIsLow(lruvec, LruList::InactiveAnon)) {
        m_k.trace.setReclaimer(sc.kswapd ? 1 : 2, sc.priority);
        shrinkActiveList(kSwapClusterMax, lruvec, sc, LruList::ActiveAnon);
        m_k.trace.setReclaimer(0, -1);
    }
}

bool Vmscan::shrinkNodeRound(Node& node, ScanControl& sc, LruvecScan& scan)
{
    // vmscan.c:shrink_node_memcgs(): every cgroup of the target's subtree in pre-order, the target
    // first (the root for global reclaim), each through its own shrink_lruvec() loop.
    for (;;) {
        if (scan.started) {
            Lruvec& lruvec = m_k.memcg.lruvec(scan.memcg, node);
            if (shrinkLruvecRound(lruvec, sc, scan))
                return true;
            finishLruvec(lruvec, sc, scan);
            scan.started = false;
        }
        scan.memcg = scan.memcg < 0 ? sc.targetMemcg : m_k.memcg.iterNext(scan.memcg, sc.targetMemcg);
        if (scan.memcg < 0)
            return false;
        scan.started = startLruvec(node, sc, scan);
    }
}

void Vmscan::ageNode(Node& node, ScanControl& sc)
{
    // vmscan.c:kswapd_age_node(): when the node's inactive anon is low, every cgroup's active anon is
    // aged by a batch.
    if (m_k.swap.totalPages() == 0 || !inactiveIsLow(node.lruvec, LruList::InactiveAnon))
        return;
    m_k.trace.setReclaimer(1, sc.priority);
    for (int memcg = 0; memcg >= 0; memcg = m_k.memcg.iterNext(memcg, 0))
        shrinkActiveList(kSwapClusterMax, m_k.memcg.lruvec(memcg, node), sc, LruList::ActiveAnon);
    m_k.trace.setReclaimer(0, -1);
}

void Vmscan::endShrinkNode(Node& node, ScanControl& sc, LruvecScan& scan)
{
    // The end of shrink_node(). Slab is not modelled as reclaimable (kernel pages stay put).
    m_k.workingset.shrinkShadowNodes(); // shrink_slab(): the only reclaimable "slab" in the model
    const bool reclaimable = sc.nrReclaimed > scan.nodeReclaimedBefore;

    if (sc.kswapd) {
        if (sc.nr.writeback && sc.nr.writeback == sc.nr.taken)
            node.pgdatWriteback = true;
        if (sc.nr.unqueuedDirty == sc.nr.fileTaken)
            node.pgdatDirty = true;
        if (sc.nr.immediate) {
            // reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): until writeback progresses, at most HZ/10.
            Tick wait = 100 * kTicksPerMs;
            if (const auto next = m_k.io.nextCompletion())
                wait = std::min(wait, std::max<Tick>(0, *next - m_k.now));
            sc.throttle += wait;
        }
    }
    if (sc.kswapd && sc.nr.dirty && sc.nr.dirty == sc.nr.congested)
        node.lruvecCongested = true;
    if (!sc.kswapd && node.lruvecCongested) {
        // reclaim_throttle(VMSCAN_THROTTLE_CONGESTED), skipped unless writeback dominates.
        Pages writePending = 0;
        Pages reclaimablePages = 0;
        for (const auto& zone : node.zones) {
            writePending += zone.stat[ZoneStat::NrZoneWritePending];
            reclaimablePages += zone.isManaged() ? m_k.alloc.zoneReclaimablePages(zone) : 0;
        }
        if (2 * writePending > reclaimablePages)
            sc.throttle += kJiffy;
    }
    if (reclaimable)
        node.kswapd.failures = 0;
}

Pages Vmscan::doTryToFreePages(const AllocRequest& request, DirectReclaimCost& cost)
{
    // vmscan.c:try_to_free_pages() → do_try_to_free_pages(), m_k.global(non-memcg) reclaim.
    ScanControl sc;
    sc.nrToReclaim = kSwapClusterMax;
    sc.order = request.order;
    sc.reclaimIdx = request.highestZoneidx;
    sc.priority = kDefPriority;
    sc.mayWritepage = true;
    sc.process = request.process;
    sc.cpuShare = m_k.reclaimerCpuShare;
    sc.clockStart = std::max(m_k.now, request.process ? request.process->busyUntil : m_k.now);
    for (;;) {
        ++m_k.vmEvents[perZoneEvent(VmEvent::AllocstallDma, sc.reclaimIdx)];
        do {
            sc.nrScanned = 0;
            int lastNode = -1;
            for (Zone* zone : m_k.alloc.zonelist(request.node, sc.reclaimIdx, request.gfp)) {
                // shrink_zones(): a costly request leaves zones where compaction can already run.
                if (sc.order > kPageAllocCostlyOrder && compactionReady(*zone, sc)) {
                    sc.compactionReady = true;
                    continue;
                }
                if (zone->node == lastNode)
                    continue;
                lastNode = zone->node;
                shrinkNode(m_k.nodes[static_cast<std::size_t>(zone->node)], sc);
            }
            if (sc.nrReclaimed >= sc.nrToReclaim || sc.compactionReady)
                break;
            // consider_reclaim_throttle(): no progress at priority 1 sleeps a jiffy.
            if (sc.priority == 1 && sc.nrReclaimed == 0)
                sc.throttle += kJiffy;
            if (sc.priority < kDefPriority - 2)
                sc.mayWritepage = true;
        } while (--sc.priority >= 0);

        int lastNode = -1;
        for (Zone* zone : m_k.alloc.zonelist(request.node, request.highestZoneidx, request.gfp)) {
            if (zone->node != lastNode)
                snapshotRefaults(m_k.nodes[static_cast<std::size_t>(zone->node)]);
            lastNode = zone->node;
        }
        if (sc.nrReclaimed || sc.compactionReady)
            break;
        if (!retryUnprotected(sc))
            break;
    }
    cost = { sc.totalScanned, cpuTime(sc), sc.throttle };
    // Reclaim that stopped so compaction can run counts as progress: no OOM yet.
    return sc.compactionReady && sc.nrReclaimed == 0 ? 1 : sc.nrReclaimed;
}

bool Vmscan::retryUnprotected(ScanControl& sc)
{
    // The end of vmscan.c:do_try_to_free_pages() when nothing was reclaimed: once more with the active
    // lists deactivated, then once more reclaiming cgroups below memory.low.
    if (sc.skippedDeactivate) {
        sc.priority = kDefPriority;
        sc.forceDeactivate = true;
        sc.skippedDeactivate = false;
        return true;
    }
    if (sc.memcgLowSkipped) {
        sc.priority = kDefPriority;
        sc.memcgLowReclaim = true;
        sc.memcgLowSkipped = false;
        return true;
    }
    return false;
}

Pages Vmscan::tryToFreeMemCgroupPages(
    int memcg, Pages nrPages, std::uint32_t gfp, Process* task, DirectReclaimCost& cost)
{
    // vmscan.c:try_to_free_mem_cgroup_pages(): the cgroup's subtree on the task's node first, then the
    // others in zonelist order, priority 12 down to 0 until max(nr_pages, 32) pages are reclaimed.
    ScanControl sc;
    sc.nrToReclaim = std::max(nrPages, kSwapClusterMax);
    sc.reclaimIdx = kMaxNrZones - 1;
    sc.priority = kDefPriority;
    sc.mayWritepage = true;
    sc.maySwap = true;
    sc.process = task;
    sc.targetMemcg = memcg;
    sc.cgroupReclaim = true; // cgroup_reclaim(): a target, the root's too (memory.reclaim of "/")
    sc.cpuShare = m_k.reclaimerCpuShare;
    sc.clockStart = std::max(m_k.now, task ? task->busyUntil : m_k.now);
    const int nodeId = task ? static_cast<int>(task->node) : 0;
    const std::uint32_t reclaimGfp = (gfp & gfp::kReclaim) | (gfp::kHighuserMovable & ~gfp::kReclaim);
    for (;;) {
        do {
            sc.nrScanned = 0;
            int lastNode = -1;
            for (Zone* zone : m_k.alloc.zonelist(nodeId, sc.reclaimIdx, reclaimGfp)) {
                if (zone->node == lastNode)
                    continue;
                lastNode = zone->node;
                shrinkNode(m_k.nodes[static_cast<std::size_t>(zone->node)], sc);
            }
            if (sc.nrReclaimed >= sc.nrToReclaim)
                break;
            if (sc.priority == 1 && sc.nrReclaimed == 0)
                sc.throttle += kJiffy;
        } while (--sc.priority >= 0);
        for (auto& node : m_k.nodes)
            snapshotRefaults(node, memcg);
        if (sc.nrReclaimed || !retryUnprotected(sc))
            break;
    }
    cost = { sc.totalScanned, cpuTime(sc), sc.throttle };
    return sc.nrReclaimed;
}

Tick Vmscan::scanTime(Pages scanned, double cpuShare) const
{
    const Tick full = static_cast<Tick>(scanned * kTicksPerMs / m_k.machineSpec.reclaimScanPagesPerMs);
    return cpuShare >= 1.0 ? full : static_cast<Tick>(static_cast<double>(full) / std::max(cpuShare, 1e-3));
}

Tick Vmscan::cpuTime(const ScanControl& sc) const
{
    const auto pageouts = static_cast<double>(sc.pageouts - sc.pageoutsBefore)
        * static_cast<double>(m_k.machineSpec.pageoutCpuTime);
    return scanTime(sc.totalScanned - sc.scannedBefore, sc.cpuShare)
        + static_cast<Tick>(pageouts / std::max(sc.cpuShare, 1e-3));
}

Node& Vmscan::pgdatOf(const Lruvec& lruvec)
{
    return m_k.nodes[static_cast<std::size_t>(lruvec.node)];
}

bool Vmscan::canReclaimAnonPages(int memcg) const
{
    // can_reclaim_anon_pages(): free swap within the cgroup's swap.max (mem_cgroup_get_nr_swap_pages()).
    return memcg == 0 ? m_k.swap.freePages() > 0 : m_k.memcg.nrSwapPages(memcg) > 0;
}

Tick Vmscan::reclaimClock(const ScanControl& sc) const
{
    return sc.clockStart + cpuTime(sc) + sc.throttle - sc.throttleBefore;
}

void Vmscan::removeMapping(FrameIndex frame)
{
    // mm/vmscan.c:__remove_mapping(reclaimed = true): the page cache or swap cache slot keeps a
    // shadow entry for refault detection.
    const PageFlags flags = m_k.frames.flags[frame];
    Mapping& mapping = m_k.mappings[m_k.frames.mapping[frame]];
    if (flags & kPgSwapcache) {
        m_k.swapCache.swapcacheDelete(frame, true);
    } else {
        RLAB_ASSERT(mapping.kind == MappingKind::File);
        std::uint32_t shadow = 0;
        m_k.workingset.workingsetEviction(frame, shadow);
        const Pages offset = m_k.frames.offset[frame];
        mapping.entries.set(offset, shadow);
        --m_k.frames.nodeOf(frame).stat[NodeStat::NrFilePages];
        m_k.workingset.noteShadowChunk(
            static_cast<int>(m_k.frames.mapping[frame]), mapping.entries.chunkOf(offset));
    }
    if (mapping.kind == MappingKind::File)
        --mapping.resident;
    m_k.frames.mapping[frame] = kNoMapping;
}

Tick Vmscan::pageoutWrite(FrameIndex frame, Tick at)
{
    // folio_clear_dirty_for_io() + ->writepage(): swap_writepage() or the filesystem's writepage.
    PageFlags& flags = m_k.frames.flags[frame];
    const bool anon = flags & kPgSwapbacked;
    Node& node = m_k.frames.nodeOf(frame);
    Zone& zone = m_k.frames.zoneOf(frame);
    if (!anon && (flags & kPgDirty)) {
        --node.stat[NodeStat::NrDirty];
        --zone.stat[ZoneStat::NrZoneWritePending];
        --m_k.files[static_cast<std::size_t>(m_k.mappings[m_k.frames.mapping[frame]].file)].dirty;
    }
    flags = static_cast<PageFlags>((flags & ~kPgDirty) | kPgWriteback);
    ++node.stat[NodeStat::NrWriteback];
    ++zone.stat[ZoneStat::NrZoneWritePending];
    m_k.vmEvents[VmEvent::Pgpgout] += kPageSize / 1024;
    std::uint32_t disk = 0;
    if (anon) {
        ++m_k.vmEvents[VmEvent::Pswpout];
        disk = m_k.swap.device(swapDevice(m_k.frames.swapEntry[frame])).diskId;
    }
    return m_k.io.submitWrite(disk, frame, at).wait;
}

} // namespace rlab::engine
