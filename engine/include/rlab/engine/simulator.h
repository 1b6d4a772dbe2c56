// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/block_io.h"
#include "rlab/engine/machine.h"
#include "rlab/engine/psi.h"
#include "rlab/engine/rng.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/swapfile.h"
#include "rlab/engine/uninit_vector.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

/// Aggregated scan decision of get_scan_count(), kept for views and events.
struct ScanBalance
{
    int priority = 12;
    int swappiness = 60;
    bool decided = false; ///< false until the first get_scan_count()
    ScanBalanceMode mode = ScanBalanceMode::Equal;
    ScanBalanceReason reason = ScanBalanceReason::Fract; ///< the get_scan_count() branch behind `mode`
    std::uint64_t fractionAnon = 0;
    std::uint64_t fractionFile = 0;
    std::uint64_t denominator = 0;
    std::array<Pages, kNrEvictableLru> nr {};
    bool kswapd = false;
};

/// The whole simulated machine: frames, zones, nodes, processes, swap, and the kernel's reclaim
/// machinery. One step advances simulated time by kStep in a fixed order:
///   1. timed commands that are due (Simulator::apply)
///   2. process starts and exits
///   3. I/O completions (writeback ends, swap-ins arrive), OOM victims freeing memory
///   4. kswapd of each node (balance_pgdat priority passes within its CPU budget)
///   5. flusher (periodic and background writeback)
///   6. each runnable process in pid order runs its workloads for the step (faults, allocations,
///      direct reclaim, which stalls the process for the simulated time its scanning took)
///   7. invariant check (debug builds and tests)
class Simulator
{
public:
    /// 100 µs: short enough that a woken kswapd starts reclaiming before a fast allocator has gone
    /// from the low to the min watermark of a small zone.
    static constexpr Tick kStep = 100;

    /// Builds the machine from a parsed scenario. Use validate() first for a readable error; an
    /// invalid scenario here leaves the simulator stopped with stopReason() set.
    Simulator(const Scenario& scenario, std::uint64_t seed);

    /// Semantic limits beyond the file format (frame count, swap size, devices). nullopt when fine.
    static std::optional<std::string> validate(const Scenario& scenario);

    /// Advances one step of kStep.
    void step();
    /// Steps until now() >= end or the run stops.
    void runUntil(Tick end);

    /// Applies a live change between steps (the GUI and the scenario's timed events use this).
    /// Returns an error text for a command that names an unknown process or device, or a bad value.
    std::optional<std::string> apply(const Command& command);

    Tick now() const { return m_now; }
    bool stopped() const { return m_stopped; }
    const std::string& stopReason() const { return m_stopReason; }
    std::uint64_t seed() const { return m_seed; }

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<Process>& processes() const { return m_processes; }
    const std::vector<SwapDevice>& swapDevices() const { return m_swap.devices(); }
    const std::vector<FileObject>& files() const { return m_files; }
    /// Anonymous regions and page caches (FileObject::mapping and WorkloadRun::mapping index into it).
    const std::vector<Mapping>& mappings() const { return m_mappings; }
    const Tunables& tunables() const { return m_tunables; }
    const CounterArray<VmEvent>& events() const { return m_vmEvents; }
    const ScanBalance& lastScanBalance() const { return m_lastScanBalance; }

    /// Sum of a zone counter over all zones, or of a node counter over all nodes.
    std::uint64_t global(ZoneStat item) const;
    std::uint64_t global(NodeStat item) const;
    Pages totalRamPages() const; ///< totalram_pages(): Σ managed
    Pages totalSwapPages() const { return m_swap.totalPages(); } ///< total_swap_pages of active devices
    Pages freeSwapPages() const { return m_swap.freePages(); } ///< nr_swap_pages
    Pages totalFrames() const { return static_cast<Pages>(m_frameFlags.size()); }
    /// Global dirty thresholds (page-writeback.c:global_dirty_limits): {background, hard} in pages.
    std::pair<Pages, Pages> dirtyThresholds() const;

    /// /proc/<pid>/oom_score of a process (fs/proc/base.c:proc_oom_score), 0 when it is not running.
    std::int64_t oomScore(const Process& process) const;
    /// oom_badness() of a process with the global totalpages; nullopt = never chosen (LONG_MIN).
    std::optional<std::int64_t> oomBadnessOf(const Process& process) const;
    /// The process the OOM killer would choose now (select_bad_process), or nullptr.
    const Process* oomVictimCandidate() const;

    /// Memory pressure (/proc/pressure/memory).
    const Psi& psi() const { return m_psi.group(); }

    /// The kernel log (dmesg) so far: OOM reports, panics, swapon; one line each, with "[ t ]" stamps.
    const std::vector<std::string>& kernelLog() const { return m_kernelLog; }

    /// Takes the engine events recorded since the last call (events.jsonl).
    std::vector<Event> drainEvents();

    /// Bytes the engine's state occupies now (frame arrays, page indices, swap maps, queues).
    std::size_t memoryBytes() const;
    /// Page moves so far: frames taken from or given back to the free lists and LRU list insertions.
    std::uint64_t pageMoves() const { return m_pageMoves; }

    /// Frame conservation and list integrity, walking every list: O(frames). Empty string when fine.
    std::string checkInvariants() const;
    /// Frame conservation from the counters alone: O(zones). Empty string when fine.
    std::string checkCounters() const;

    /// Page-move tracing for animation (off by default: it costs a little per move). Events since the
    /// last drain go into a bounded ring; `dropped` tells that the ring overflowed.
    void setPageTrace(bool enabled, std::size_t capacity = 65536);
    std::vector<PageEvent> drainPageEvents(bool* dropped = nullptr);
    /// Keeps the complete history of one frame (kNoFrame to stop).
    void watchFrame(FrameIndex frame);
    const std::vector<PageEvent>& watchedHistory() const { return m_watchedHistory; }

    /// Per-frame read access for views (state and flags).
    FrameState frameState(FrameIndex frame) const { return static_cast<FrameState>(m_frameState[frame]); }
    std::uint16_t frameFlags(FrameIndex frame) const { return m_frameFlags[frame]; }

private:
    // --- set-up (simulator.cpp)
    void buildMachine(const Scenario& scenario);
    void recomputeWatermarks(bool lowmemReserveToo);
    void startProcess(const ProcessSpec& spec);
    void exitProcess(Process& process, ProcessState finalState);
    void stop(std::string reason);
    void record(EventPayload payload) { recordAt(m_now, std::move(payload)); }
    void recordAt(Tick at, EventPayload payload);
    static ev::Task taskOf(const Process* process); ///< pid 0 "kernel" for nullptr
    Process* findProcess(const std::string& name);
    int fileFor(const std::string& name, Pages size);

    // --- page tracing (page_store.cpp)
    void setCause(FrameIndex frame, PageCause cause)
    {
        if (m_tracing)
            m_frameCause[frame] = static_cast<std::uint8_t>(cause);
    }
    void traceMove(FrameIndex frame, std::uint8_t to);

    // --- frames and lists (page_store.cpp)
    void listAddHead(FrameIndex frame, LruList lru);
    void listAddTail(FrameIndex frame, LruList lru);
    void listRemove(FrameIndex frame);
    void setFrameState(FrameIndex frame, FrameState state);
    Zone& zoneOf(FrameIndex frame);
    Node& nodeOf(FrameIndex frame);
    void freeFrame(FrameIndex frame);
    FrameIndex takeFreeFrame(Zone& zone);
    void adjustLruCounters(FrameIndex frame, LruList lru, std::int64_t delta);
    LruList lruFor(FrameIndex frame) const; ///< folio_lru_list()

    // --- allocation (page_alloc.cpp)
    struct AllocRequest
    {
        int highestZoneidx = 3; ///< gfp_zone(): Movable for GFP_HIGHUSER_MOVABLE
        bool userPage = true; ///< GFP_HIGHUSER_MOVABLE vs GFP_KERNEL
        int node = 0;
        Process* process = nullptr; ///< allocating task (stalls, events); nullptr = kernel thread
        std::uint32_t gfp = 0x140dca; ///< gfp mask for the OOM report (anon fault by default)
    };
    FrameIndex allocPage(const AllocRequest& request);
    FrameIndex getPageFromFreelist(const AllocRequest& request, int wmarkIndex);
    FrameIndex allocSlowpath(const AllocRequest& request);
    bool zoneWatermarkOk(const Zone& zone, Pages mark, int highestZoneidx, Pages freePages) const;
    bool shouldReclaimRetry(const AllocRequest& request, bool didProgress, int& noProgressLoops);
    bool allowDirectReclaim(Node& node);
    /// node_zonelist(): built once per (node, highest_zoneidx) at boot.
    const std::vector<Zone*>& zonelist(int node, int highestZoneidx);
    void buildZonelists();
    Pages zoneReclaimablePages(const Zone& zone) const;

    // --- kswapd (kswapd.cpp)
    void wakeupKswapd(Zone& zone, int order, int highestZoneidx);
    bool pgdatBalanced(const Node& node, int order, int highestZoneidx) const;
    bool prepareKswapdSleep(Node& node, int order, int highestZoneidx);
    void tickKswapd(Node& node);
    void beginBalancePgdat(Node& node);
    bool balancePgdatPass(Node& node); ///< one priority iteration; false when balance_pgdat returned
    void finishBalancePgdat(Node& node);
    void kswapdTryToSleep(Node& node);

    // --- reclaim core (vmscan.cpp)
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
        Tick throttle = 0; ///< reclaim_throttle() sleeps taken during this reclaim
        Tick clockStart = 0; ///< when this reclaimer started; its clock advances with its scanning
        Process* process = nullptr;
    };
    /// shrink_folio_list()'s struct reclaim_stat.
    struct ReclaimStat
    {
        Pages dirty = 0, unqueuedDirty = 0, congested = 0, writeback = 0, immediate = 0, pageout = 0;
        std::array<Pages, 2> activate {};
    };
    void shrinkNode(Node& node, ScanControl& sc);
    void prepareScanCount(Node& node, ScanControl& sc);
    void getScanCount(Node& node, ScanControl& sc, std::array<Pages, kNrEvictableLru>& nr);
    void shrinkLruvec(Node& node, ScanControl& sc);
    Pages shrinkList(LruList lru, Pages nrToScan, Node& node, ScanControl& sc);
    void shrinkActiveList(Pages nrToScan, Node& node, ScanControl& sc, LruList lru);
    Pages shrinkInactiveList(Pages nrToScan, Node& node, ScanControl& sc, LruList lru);
    Pages isolateLruFolios(Pages nrToScan, Node& node, ScanControl& sc, LruList lru,
        std::vector<FrameIndex>& taken, Pages& nrScanned);
    Pages shrinkFolioList(std::vector<FrameIndex>& folios, Node& node, ScanControl& sc, ReclaimStat& stat);
    void putbackFolios(Node& node, const std::vector<FrameIndex>& folios);
    bool inactiveIsLow(const Node& node, LruList inactiveLru) const;
    Pages doTryToFreePages(const AllocRequest& request, Pages& scannedOut, Tick& throttleOut);
    void lruNoteCost(Node& node, bool file, Pages nrPages);
    void snapshotRefaults(Node& node);
    bool canReclaimAnonPages() const { return freeSwapPages() > 0; }
    /// The reclaimer's own clock: it advances with the pages it scanned and the throttling it took.
    Tick reclaimClock(const ScanControl& sc) const;

    // --- swap cache (swap_state.cpp)
    bool addToSwap(FrameIndex frame);
    void swapcacheDelete(FrameIndex frame, bool keepShadow);
    std::optional<std::string> swapon(const SwapSpec& spec);

    // --- page ownership, rmap and swap (mm_ops.cpp)
    void unmapFrame(FrameIndex frame); ///< try_to_unmap: clears PTEs, anon PTEs become swap entries
    void removeMapping(FrameIndex frame); ///< __remove_mapping: page cache/swap cache → shadow, free
    /// Starts async writeback (swap or file) at time `at`. Returns how long the submitter waited for
    /// room in the device queue (submit_bio blocks when the request queue is full).
    Tick pageoutWrite(FrameIndex frame, Tick at);
    void endWriteback(FrameIndex frame);
    void markAccessed(FrameIndex frame); ///< folio_mark_accessed()
    void setDirty(FrameIndex frame); ///< folio_mark_dirty() of a page-cache page
    /// folio_referenced() for one PTE: was the page accessed since its young bit was last cleared? Clears it.
    bool testAndClearYoung(FrameIndex frame);
    /// A new PTE maps the page: young, and the access clock starts from now.
    void markMappedYoung(FrameIndex frame);
    std::uint16_t accessStamp(const Mapping& mapping) const
    {
        return static_cast<std::uint16_t>(static_cast<std::uint64_t>(mapping.accessClock * kStampUnits));
    }
    int fileViewMapCount(int fileMapping, Pages offset) const;
    void workingsetEviction(FrameIndex frame, std::uint32_t& shadowOut);
    bool workingsetRefault(FrameIndex frame, std::uint32_t shadow);
    void dropPagecache();
    /// A file page became a shadow: count its chunk as a shadow node if it holds no page any more.
    void noteShadowChunk(int mapping, std::size_t chunk);
    /// mm/workingset.c shadow shrinker (scan_shadow_nodes), run from shrink_node like shrink_slab.
    void shrinkShadowNodes();
    void rotateReclaimable(FrameIndex frame);

    // --- OOM killer (oom.cpp)
    /// out_of_memory(); true when it made progress (killed, or a victim is still exiting).
    bool outOfMemory(const AllocRequest& request);
    void dumpHeader(const AllocRequest& request);
    void oomKillProcess(Process& victim, const std::string& message);
    void tickOomReaper();
    void printk(std::string line);
    bool releaseSome(Process& process, Pages budget); ///< true when everything is released

    // --- processes (workload.cpp)
    void runProcess(Process& process);
    bool runWorkload(Process& process, WorkloadRun& run, Tick budgetEnd);
    void noteAccesses(WorkloadRun& run, Pages accesses);
    bool touchAnon(Process& process, WorkloadRun& run, Pages offset, bool allocateOnly);
    bool touchFile(Process& process, WorkloadRun& run, Pages offset, bool mapped, bool write);
    bool swapIn(Process& process, Mapping& mapping, Pages offset);
    FrameIndex allocForProcess(Process& process, int highestZoneidx, std::uint32_t gfp);
    bool ensurePageTables(Process& process, Pages coveredPages);
    void releaseProcessMemory(Process& process);

    // --- writeback (page_writeback.cpp)
    void tickFlusher();
    void wakeupFlusher();

    // --- state
    std::uint64_t m_seed = 1;
    Rng m_rng;
    Tick m_now = 0;
    bool m_stopped = false;
    std::string m_stopReason;
    Tunables m_tunables;
    bool m_thpEnabled = true;
    MachineSpec m_machineSpec;

    std::vector<Node> m_nodes;
    // Structure of arrays, one entry per frame (STYLE.md §1: pages are data).
    // Arrays that every path writes before it reads are left unzeroed at boot (UninitVector).
    UninitVector<FrameIndex> m_next;
    UninitVector<FrameIndex> m_prev;
    std::vector<std::uint16_t> m_frameFlags;
    std::vector<std::uint8_t> m_frameState;
    UninitVector<std::uint16_t> m_frameStamp; ///< mapping's access clock when the young bit was last cleared
    static constexpr double kStampUnits = 64.0; ///< stamp resolution: 1/64 of an expected access
    std::array<std::uint64_t, 1024>
        m_youngThreshold {}; ///< P(accessed) for a stamp difference, as a 2^64 fraction
    struct ZoneRange
    {
        FrameIndex first;
        std::uint32_t code; ///< node * kMaxNrZones + zone index (up to 1024 nodes: more than 8 bits)
    };
    std::vector<ZoneRange> m_zoneRanges; ///< managed frame ranges, ascending
    std::uint32_t zoneCode(FrameIndex frame) const
    {
        // A PC has two or three managed zones: a backwards walk beats a binary search there.
        constexpr std::size_t kLinear = 8;
        if (m_zoneRanges.size() <= kLinear) {
            std::size_t i = m_zoneRanges.size() - 1;
            while (m_zoneRanges[i].first > frame)
                --i;
            return m_zoneRanges[i].code;
        }
        const auto after = std::upper_bound(m_zoneRanges.begin(), m_zoneRanges.end(), frame,
            [](FrameIndex f, const ZoneRange& range) { return f < range.first; });
        return std::prev(after)->code;
    }
    UninitVector<std::uint32_t> m_frameMapping;
    UninitVector<std::uint32_t> m_frameOffset;
    UninitVector<std::uint32_t> m_frameSwap; ///< swap entry of a swapcache page (device<<26 | slot)

    std::vector<Mapping> m_mappings;
    std::vector<FileObject> m_files;
    std::vector<Process> m_processes;
    SwapSpace m_swap;
    int m_nextPid = 1000;
    /// vma->swap_readahead_info of an anonymous mapping (mm/swap_state.c SWAP_RA_VAL): the page of the
    /// last swap fault, the last readahead window and the readahead hits since that window was read.
    struct SwapReadahead
    {
        Pages prevOffset = 0;
        bool seen = false; ///< a swap fault happened in this mapping (the kernel starts from address 0)
        Pages window = 0;
        Pages hits = 0;
    };
    std::vector<SwapReadahead> m_swapReadahead; ///< indexed by mapping; grown on a mapping's first swap fault

    CounterArray<VmEvent> m_vmEvents;
    std::uint64_t m_pageMoves = 0;
    bool m_tracing = false;
    bool m_traceEnabledByUser = false;
    std::size_t m_traceCapacity = 65536;
    bool m_traceDropped = false;
    std::vector<PageEvent> m_pageEvents;
    std::vector<std::uint8_t> m_frameCause; ///< pending cause per frame (tracing only)
    std::vector<std::uint8_t> m_traceFrom; ///< where the frame was before it was isolated (tracing only)
    FrameIndex m_watched = kNoFrame;
    std::vector<PageEvent> m_watchedHistory;
    std::uint8_t m_reclaimer = 0;
    std::int8_t m_reclaimPriority = -1;
    ScanBalance m_lastScanBalance;
    std::vector<Event> m_events;
    std::vector<std::string> m_kernelLog;
    std::vector<std::vector<Zone*>> m_zonelists; ///< [node * kMaxNrZones + highest_zoneidx]
    static constexpr std::uint64_t kXaNodesPerChunk = PageIndex::kChunkSize / 64; ///< xa_node has 64 slots
    std::uint64_t& workingsetNodes()
    {
        return m_nodes[0].stat[NodeStat::WorkingsetNodes];
    } ///< shadow-only chunks, in xa_node units
    std::vector<std::pair<int, std::size_t>> m_shadowQueue; ///< shadow-only chunks, oldest first
    std::size_t m_shadowQueueHead = 0;
    PsiTracker m_psi;
    std::vector<TimedCommand> m_pending;
    std::size_t m_nextPending = 0;
    std::vector<ProcessSpec> m_toStart;
    std::vector<std::size_t> m_pidOrder; ///< process slots in pid order (rebuilt when a process starts)

    BlockIo m_io;
    // writeback
    Tick m_nextFlush = 0;
    bool m_flusherWoken = false;
    struct DirtyRecord
    {
        Tick at;
        FrameIndex frame;
        std::uint32_t mapping;
        std::uint32_t offset;
    };
    std::vector<DirtyRecord> m_dirtyQueue; ///< clean→dirty transitions in time order (entries may be stale)
    std::size_t m_dirtyQueueHead = 0;
};

} // namespace rlab::engine
