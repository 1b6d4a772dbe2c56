// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace rlab::engine {

/// compact_gap(): the free pages compaction needs as migration targets for an order.
inline Pages compactGap(int order)
{
    return Pages { 2 } << order;
}

struct Kernel;
struct AllocRequest;

/// include/linux/compaction.h enum compact_result, in its order: callers combine results with max().
enum class CompactResult : std::uint8_t
{
    NotSuitableZone,
    Skipped, ///< too few free pages to compact: reclaim first
    Deferred, ///< recent failures: this order waits
    NoSuitablePage,
    Continue,
    Complete, ///< the whole zone was scanned without success
    PartialSkipped, ///< the scanners met, starting from cached positions
    Contended,
    Success, ///< a block of the order is free now
};

/// The compact_result name as the compaction tracepoints print it (include/trace/events/mmflags.h:
/// COMPACTION_STATUS): "success", "complete", ...
std::string_view compactResultName(CompactResult result);

/// enum compact_priority: lower is harder.
enum class CompactPriority : std::uint8_t
{
    SyncFull = 0, ///< MIN_COMPACT_PRIORITY: whole zone, any target pageblock
    SyncLight = 1, ///< DEF_COMPACT_PRIORITY, MIN_COMPACT_COSTLY_PRIORITY
    Async = 2, ///< INIT_COMPACT_PRIORITY
};
/// As the tracepoints print it (COMPACTION_PRIORITY): "COMPACT_PRIO_ASYNC", ...
std::string_view compactPriorityName(CompactPriority priority);

/// What one compaction call cost: the compactor's CPU time and the pages it moved.
struct CompactCost
{
    Tick cpu = 0;
    Pages migrated = 0;
};

/// Memory compaction (mm/compaction.c): the migrate scanner walks a zone upwards taking movable pages,
/// the free scanner walks downwards taking free pages, and each page is migrated (mm/migrate.c) into
/// a free one, so free memory gathers at the zone's bottom as large blocks. Direct compaction from
/// the allocator's slow path, kcompactd woken by kswapd and every 500 ms for proactive compaction,
/// deferral after failures, the pageblock skip bits, the free scanner's search of the free lists. Not
/// modelled: the migrate scanner's fast search (so it walks more pageblocks than the kernel's), capture
/// of the freed page, non-LRU movable pages; dirty page cache and pages under
/// writeback are not migrated.
class Compaction
{
public:
    explicit Compaction(Kernel& kernel)
        : m_k(kernel)
    {}

    /// try_to_compact_pages() for an allocation.
    CompactResult tryToCompactPages(
        const AllocRequest& request, unsigned allocFlags, CompactPriority priority, CompactCost& cost);
    /// page_alloc.c:should_compact_retry(): may raise the priority.
    bool shouldCompactRetry(const AllocRequest& request, unsigned allocFlags, CompactResult result,
        CompactPriority& priority, int& retries);
    /// compaction_suitable(): SUCCESS when the allocation would succeed, SKIPPED when too few pages are
    /// free (or, for costly orders, the fragmentation index says memory is short), else CONTINUE.
    CompactResult compactionSuitable(
        const Zone& zone, int order, unsigned allocFlags, int highestZoneidx) const;
    /// compaction_defer_reset(): after a success at `order`.
    static void deferReset(Zone& zone, int order, bool allocSuccess);
    static void deferCompaction(Zone& zone, int order);
    static bool compactionDeferred(Zone& zone, int order);

    /// reset_isolation_suitable() for one zone: kswapd going to sleep clears the pageblock skip bits
    /// when direct compaction's scanners met since the last reset.
    static void resetIsolationSuitable(Zone& zone);
    /// kcompactd's start on each node.
    void boot();
    /// wakeup_kcompactd(): for order > 0, when some zone up to highestZoneidx could be compacted.
    void wakeupKcompactd(Node& node, int order, int highestZoneidx);
    /// kcompactd's share of one step: a woken run, or the proactive check every 500 ms.
    void tickKcompactd(Node& node);
    /// fragmentation_score_node() (0..100): how much of the node's free memory is in blocks smaller than
    /// a pageblock, weighted by zone size.
    int fragmentationScoreNode(const Node& node) const;

private:
    struct Control
    {
        Zone* zone = nullptr;
        int order = 0; ///< -1: compact everything (proactive, /proc/sys/vm/compact_memory)
        Migratetype migratetype = Migratetype::Movable;
        unsigned allocFlags = 0;
        int highestZoneidx = 0;
        bool async = false; ///< MIGRATE_ASYNC, else MIGRATE_SYNC_LIGHT
        bool direct = false;
        bool wholeZone = false;
        bool ignoreSkipHint = false;
        bool ignoreBlockSuitable = false;
        bool proactive = false;
        FrameIndex first = 0; ///< the zone's managed run
        FrameIndex end = 0;
        FrameIndex migratePfn = 0;
        FrameIndex freePfn = 0;
        Pages migrateScanned = 0;
        Pages freeScanned = 0;
        Pages migrated = 0;
        int searchOrder = 0; ///< fast_isolate_freepages(): the order to search from
        unsigned fastSearchFail = 0;
    };
    CompactResult compactZone(Control& cc);
    CompactResult compactFinished(Control& cc);
    bool isolateMigratepages(Control& cc);
    void isolateFreepages(Control& cc);
    void fastIsolateFreepages(Control& cc);
    Pages isolateFreepagesBlock(Control& cc, FrameIndex& start, FrameIndex end, FrameIndex stride);
    static int nextSearchOrder(Control& cc, int order);
    bool isFreeBlock(FrameIndex pfn) const;
    /// migrate_pages(): false when the free scanner found no target (-ENOMEM).
    bool migratePages(Control& cc);
    void migrateOne(FrameIndex from, FrameIndex to);
    bool migratable(FrameIndex frame) const;
    void releaseFreepages(Control& cc);
    /// kcompactd_do_work() and proactive_compact_node().
    CompactCost kcompactdDoWork(Node& node);
    CompactCost proactiveCompactNode(Node& node);
    Tick cpuTime(const Control& cc) const;

    Kernel& m_k;
    std::vector<FrameIndex> m_migratepages; ///< scratch: isolated for migration
    std::vector<FrameIndex> m_freepages; ///< scratch: isolated targets, taken from the back
};

} // namespace rlab::engine
