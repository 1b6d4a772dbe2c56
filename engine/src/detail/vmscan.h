// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <array>
#include <vector>

namespace rlab::engine {

struct Kernel;
struct AllocRequest;

/// mm/vmscan.c struct scan_control, plus the reclaimer's own clock.
struct ScanControl
{
    Pages nrToReclaim = 32;
    Pages nrReclaimed = 0;
    Pages nrScanned = 0;
    int priority = 12;
    int reclaimIdx = 3;
    int order = 0;
    bool kswapd = false;
    bool mayWritepage = true;
    bool mayUnmap = true;
    bool maySwap = true;
    bool mayDeactivateAnon = false;
    bool mayDeactivateFile = false;
    bool forceDeactivate = false;
    bool skippedDeactivate = false;
    bool compactionReady = false; ///< a zone could compact instead: direct reclaim stops
    bool cacheTrimMode = false;
    bool fileIsTiny = false;
    std::uint64_t anonCost = 0;
    std::uint64_t fileCost = 0;
    struct
    {
        Pages dirty = 0, unqueuedDirty = 0, congested = 0, writeback = 0, immediate = 0, fileTaken = 0,
              taken = 0;
    } nr;
    Pages totalScanned = 0; ///< every page touched, for the reclaimer's CPU time
    Pages pageouts = 0; ///< pages it wrote out, each costing machine.pageout_cpu_time
    Tick throttle = 0; ///< reclaim_throttle() sleeps taken during this reclaim
    Tick clockStart = 0; ///< when this reclaimer started; its clock advances with its scanning
    double cpuShare = 1.0; ///< the part of a CPU the reclaimer gets (machine.cpus)
    // What was already paid for when the clock restarted at clockStart (a kswapd pass pays round by round).
    Pages scannedBefore = 0;
    Pages pageoutsBefore = 0;
    Tick throttleBefore = 0;
    Process* process = nullptr;
    int targetMemcg = 0; ///< sc->target_mem_cgroup: 0 for global reclaim (the root)
    bool cgroupReclaim = false; ///< cgroup_reclaim(sc): limit, high or proactive reclaim of a cgroup
    bool memcgLowReclaim = false; ///< the retry that reclaims below memory.low
    bool memcgLowSkipped = false; ///< a cgroup below memory.low was skipped
};

/// shrink_node() and shrink_lruvec()'s loop between its rounds, so that a kswapd pass can run in
/// simulated time round by round (a round scans up to SWAP_CLUSTER_MAX pages of each list).
struct LruvecScan
{
    std::array<Pages, kNrEvictableLru> nr {};
    std::array<Pages, kNrEvictableLru> targets {};
    Pages nrReclaimed = 0;
    Pages nodeReclaimedBefore = 0;
    bool proportionalReclaim = false;
    int memcg = -1; ///< the cgroup whose lruvec shrink_node_memcgs() is at (-1: not started)
    bool started = false; ///< that cgroup's shrink_lruvec() loop runs (false: it was skipped)
};

/// shrink_folio_list()'s struct reclaim_stat.
struct ReclaimStat
{
    Pages dirty = 0, unqueuedDirty = 0, congested = 0, writeback = 0, immediate = 0, pageout = 0;
    std::array<Pages, 2> activate {};
};

/// Page reclaim of mm/vmscan.c with the classic two-list LRU (Debian 6.1 runs with MGLRU disabled).
/// Every function below shrink_node() works on the lruvec it is given.
class Vmscan
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit Vmscan(Kernel& kernel)
        : m_k(kernel)
    {}

    /// What one direct reclaim did and what it cost its caller.
    struct DirectReclaimCost
    {
        Pages scanned = 0;
        Tick cpu = 0; ///< scanning and page-out CPU time at the reclaimer's CPU share
        Tick throttle = 0; ///< sleeps: reclaim_throttle() and waits for room in a request queue
    };
    /// try_to_free_pages() → do_try_to_free_pages(): global direct reclaim for one allocation.
    Pages doTryToFreePages(const AllocRequest& request, DirectReclaimCost& cost);
    /// shrink_node(), again while should_continue_reclaim() says compaction needs more free pages.
    void shrinkNode(Node& node, ScanControl& sc);
    /// try_to_free_mem_cgroup_pages(): reclaim of one cgroup's subtree on every node, for a charge at
    /// memory.max, memory.high or a limit write; `task` is the one that waits.
    Pages tryToFreeMemCgroupPages(
        int memcg, Pages nrPages, std::uint32_t gfp, Process* task, DirectReclaimCost& cost);
    /// shrink_node() in three parts: up to shrink_node_memcgs(), one round of a cgroup's
    /// shrink_lruvec() loop (false when every cgroup's loop is over), and the rest.
    void beginShrinkNode(Node& node, ScanControl& sc, LruvecScan& scan);
    bool shrinkNodeRound(Node& node, ScanControl& sc, LruvecScan& scan);
    void endShrinkNode(Node& node, ScanControl& sc, LruvecScan& scan);
    /// kswapd_age_node(): deactivate anon pages of every cgroup when the node's inactive anon is low.
    void ageNode(Node& node, ScanControl& sc);
    void shrinkActiveList(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru);
    /// inactive_is_low() on the lruvec's hierarchical sizes.
    bool inactiveIsLow(const Lruvec& lruvec, LruList inactiveLru) const;
    void snapshotRefaults(Node& node, int targetMemcg = 0);
    /// __remove_mapping(): the page leaves the page cache or swap cache, leaving a shadow entry.
    void removeMapping(FrameIndex frame);
    /// pageout(): starts async writeback (swap or file) at time `at`. Returns how long the submitter
    /// waited for room in the device queue (submit_bio blocks when the request queue is full).
    Tick pageoutWrite(FrameIndex frame, Tick at);
    /// The reclaimer's own clock: it advances with the pages it scanned and the throttling it took.
    Tick reclaimClock(const ScanControl& sc) const;
    /// CPU time of scanning `scanned` pages with `cpuShare` of a CPU.
    Tick scanTime(Pages scanned, double cpuShare) const;
    /// The reclaimer's CPU time so far: its scanning and its page-outs.
    Tick cpuTime(const ScanControl& sc) const;
    /// The last get_scan_count() decision, for views and events.
    const ScanBalance& lastScanBalance() const { return m_lastScanBalance; }

private:
    void prepareScanCount(Node& node, ScanControl& sc);
    bool shrinkLruvecRound(Lruvec& lruvec, ScanControl& sc, LruvecScan& scan);
    /// shrink_node_memcgs() for one cgroup: its protection, then get_scan_count(); false to skip it.
    bool startLruvec(Node& node, ScanControl& sc, LruvecScan& scan);
    /// The end of shrink_lruvec(): the reclaimed pages count, and anon is aged if its inactive list is low.
    void finishLruvec(Lruvec& lruvec, ScanControl& sc, LruvecScan& scan);
    /// The workingset activations the refault snapshot compares against: the node's, or the cgroup
    /// subtree's.
    std::array<std::uint64_t, 2> workingsetActivations(const Node& node, int memcg) const;
    void getScanCount(Lruvec& lruvec, ScanControl& sc, std::array<Pages, kNrEvictableLru>& nr);
    Pages shrinkList(LruList lru, Pages nrToScan, Lruvec& lruvec, ScanControl& sc);
    Pages shrinkInactiveList(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru);
    Pages isolateLruFolios(Pages nrToScan, Lruvec& lruvec, ScanControl& sc, LruList lru,
        std::vector<FrameIndex>& taken, Pages& nrScanned);
    Pages shrinkFolioList(std::vector<FrameIndex>& folios, Node& node, ScanControl& sc, ReclaimStat& stat);
    void moveFoliosToLru(Lruvec& lruvec, const std::vector<FrameIndex>& folios);
    bool canReclaimAnonPages(int memcg = 0) const;
    /// do_try_to_free_pages()'s retries after a pass that reclaimed nothing; false when none is left.
    bool retryUnprotected(ScanControl& sc);
    bool shouldContinueReclaim(const Node& node, Pages nrReclaimed, const ScanControl& sc) const;
    bool compactionReady(const Zone& zone, const ScanControl& sc) const;
    Node& pgdatOf(const Lruvec& lruvec);

    Kernel& m_k;
    ScanBalance m_lastScanBalance;
};

} // namespace rlab::engine
