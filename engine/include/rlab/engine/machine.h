// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/counters.h"
#include "rlab/engine/events.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/tunables.h"
#include "rlab/engine/units.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rlab::engine {

/// LRU lists of one lruvec in kernel enum order (include/linux/mmzone.h enum lru_list).
enum class LruList : std::uint8_t
{
    InactiveAnon = 0,
    ActiveAnon = 1,
    InactiveFile = 2,
    ActiveFile = 3,
    Unevictable = 4,
};
inline constexpr int kNrLruLists = 5;
inline constexpr int kNrEvictableLru = 4;
/// The zone and node counters of an LRU list (NR_ZONE_LRU_BASE + lru, NR_LRU_BASE + lru).
constexpr ZoneStat zoneLruStat(LruList lru)
{
    return static_cast<ZoneStat>(static_cast<int>(ZoneStat::NrZoneInactiveAnon) + static_cast<int>(lru));
}
constexpr NodeStat nodeLruStat(LruList lru)
{
    return static_cast<NodeStat>(static_cast<int>(NodeStat::NrInactiveAnon) + static_cast<int>(lru));
}

constexpr bool isFileLru(LruList lru)
{
    return lru == LruList::InactiveFile || lru == LruList::ActiveFile;
}
constexpr bool isActiveLru(LruList lru)
{
    return lru == LruList::ActiveAnon || lru == LruList::ActiveFile;
}
const char* lruListName(LruList lru); ///< "inactive_anon", ...

/// Where a managed frame is. Every managed frame is in exactly one place (the conservation invariant).
/// The code is 8 bits: LruBase + list leaves room for 250 lists (MGLRU generations, per-cgroup lists).
/// PFNs the allocator does not manage (holes, boot reservations) have no place: see FrameStore.
enum class FrameState : std::uint8_t
{
    Free = 0,
    Kernel = 1, ///< slab, stacks, page tables: held by the kernel, never reclaimed
    Isolated = 2, ///< taken off an LRU by reclaim, being processed (NR_ISOLATED_*)
    LruBase = 3, ///< LruBase + LruList: on that list
};
inline constexpr int kNrFrameStates = static_cast<int>(FrameState::LruBase) + kNrLruLists;
static_assert(kNrFrameStates <= 256, "a frame's place is an 8-bit code");

constexpr std::uint8_t lruStateCode(LruList lru)
{
    return static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
}
constexpr bool isLruStateCode(std::uint8_t code)
{
    return code >= static_cast<std::uint8_t>(FrameState::LruBase);
}
constexpr LruList lruOfStateCode(std::uint8_t code)
{
    return static_cast<LruList>(code - static_cast<int>(FrameState::LruBase));
}

/// One frame's flag word: 32 bits, of which 18 are in use, so later mechanisms (MGLRU generations
/// and tiers) have room.
using PageFlags = std::uint32_t;

/// Page flags kept per frame (a subset of the kernel's PG_* bits plus PTE state).
enum PageFlag : PageFlags
{
    kPgReferenced = 1U << 0,
    kPgActive = 1U << 1,
    kPgDirty = 1U << 2,
    kPgWriteback = 1U << 3,
    kPgSwapbacked = 1U << 4,
    kPgMlocked = 1U << 5,
    kPgLocked = 1U << 6,
    kPgWorkingset = 1U << 7,
    kPgReclaim = 1U << 8,
    kPgSwapcache = 1U << 9,
    kPgUnevictable = 1U << 10,
    kPteYoung = 1U << 11, ///< accessed bit of the (single) PTE mapping the page
    kPteMapped = 1U << 12, ///< mapped into a process's page tables
    kVmExec = 1U << 13, ///< mapped by a VM_EXEC vma
    kVmLocked = 1U << 14, ///< mapped by a VM_LOCKED vma
    kPgReadahead = 1U << 15, ///< brought in by swap readahead, not yet used (swap_ra_hit)
    /// First page of a PMD-mapped anonymous THP (an order-9 folio): the folio's one entry on its LRU
    /// list; its flags and young bit stand for the whole folio.
    kPgHead = 1U << 16,
    /// The other 511 pages of a THP: never linked on a list, their state mirrors the head's.
    kPgTail = 1U << 17,
};

/// HPAGE_PMD_ORDER and HPAGE_PMD_NR (x86-64): a THP is 512 pages, 2 MiB, mapped by one PMD.
inline constexpr int kHpagePmdOrder = 9;
inline constexpr Pages kHpagePmdNr = Pages { 1 } << kHpagePmdOrder;

/// MAX_ORDER: free blocks of orders 0..10 (x86-64). Pageblocks are order 9 (2 MiB, pageblock_order).
inline constexpr int kMaxOrder = 11;
inline constexpr int kPageblockOrder = 9;
inline constexpr Pages kPageblockPages = Pages { 1 } << kPageblockOrder;
inline constexpr int kPageAllocCostlyOrder = 3; ///< PAGE_ALLOC_COSTLY_ORDER

/// struct free_area of one order: a list of free blocks per migratetype, linked through the frames'
/// next/prev. nr_free counts blocks of every type; `blocks` counts them per type (pagetypeinfo). One
/// cache line: blocks fit in 32 bits as frame indices do.
struct FreeArea
{
    std::array<FrameIndex, kMigrateTypes> head { kNoFrame, kNoFrame, kNoFrame, kNoFrame, kNoFrame };
    std::array<FrameIndex, kMigrateTypes> tail { kNoFrame, kNoFrame, kNoFrame, kNoFrame, kNoFrame };
    std::array<std::uint32_t, kMigrateTypes> blocks {};
    std::uint32_t nrFree = 0;
    bool empty(Migratetype type) const { return head[static_cast<std::size_t>(type)] == kNoFrame; }
};

/// Watermarks of one zone without boost (_watermark[]); accessors add the boost like mmzone.h.
struct Watermarks
{
    Pages min = 0;
    Pages low = 0;
    Pages high = 0;
    Pages promo = 0;
};

struct Zone
{
    ZoneType type = ZoneType::Normal;
    int node = 0;
    Pages spanned = 0;
    Pages present = 0;
    Pages managed = 0;
    std::uint64_t startPfn = 0;
    Watermarks wmark;
    Pages watermarkBoost = 0;
    std::array<Pages, kMaxNrZones> lowmemReserve {};
    CounterArray<ZoneStat> stat;
    CounterArray<NumaStat> numa;

    /// The buddy allocator: free blocks by order, and the migratetype of each pageblock of the span
    /// (the pageblock flags; index: pfn / 512 - startPfn / 512).
    std::array<FreeArea, kMaxOrder> freeArea {};
    /// Per migratetype, bit o set when freeArea[o]'s list of that type is not empty: the smallest
    /// usable order is one count-trailing-zeros away.
    std::array<std::uint16_t, kMigrateTypes> freeOrders {};
    std::vector<Migratetype> pageblockType;
    Pages nrReservedHighatomic = 0;
    bool boostedWatermarkFlag = false; ///< ZONE_BOOSTED_WATERMARK: rmqueue() wakes kswapd on the way out

    // Compaction (mm/compaction.c): deferral after failures, and where the scanners resume.
    std::uint32_t compactConsidered = 0;
    std::uint32_t compactDeferShift = 0;
    int compactOrderFailed = 0;
    std::array<FrameIndex, 2> compactCachedMigratePfn {}; ///< [async, sync]; 0 = the zone's first pageblock
    FrameIndex compactCachedFreePfn = 0; ///< 0 = the zone's last pageblock
    /// PB_migrate_skip per pageblock: recently scanned without result, skipped until a reset.
    std::vector<std::uint8_t> pageblockSkip;
    bool compactBlockskipFlush = false; ///< direct compaction's scanners met: kswapd resets the skip bits

    Migratetype pageblockMigratetype(std::uint64_t pfn) const
    {
        return pageblockType[(pfn >> kPageblockOrder) - (startPfn >> kPageblockOrder)];
    }
    void setPageblockMigratetype(std::uint64_t pfn, Migratetype migratetype)
    {
        pageblockType[(pfn >> kPageblockOrder) - (startPfn >> kPageblockOrder)] = migratetype;
    }

    /// A frame's index is its PFN. The model puts a zone's managed pages in one run,
    /// [firstFrame(), firstFrame() + managed); the rest of the span is reserved or a hole. That run
    /// starts the span, except in DMA: x86 reserves the first MiB and the legacy hole sits below
    /// 1 MiB (arch/x86/kernel/setup.c), so DMA's managed pages end its span (PFN 256 on a PC).
    FrameIndex firstFrame() const
    {
        return static_cast<FrameIndex>(type == ZoneType::Dma ? startPfn + spanned - managed : startPfn);
    }

    int index() const { return static_cast<int>(type); }
    Pages freePages() const { return stat[ZoneStat::NrFreePages]; }
    Pages minWmark() const { return wmark.min + watermarkBoost; }
    Pages lowWmark() const { return wmark.low + watermarkBoost; }
    Pages highWmark() const { return wmark.high + watermarkBoost; }
    bool isManaged() const { return managed > 0; }
    bool isPopulated() const { return present > 0; }
};

/// The classic two-list LRU of one node (no memcg: one lruvec per node). Reclaim functions take the
/// lruvec they work on, as the kernel's do, and reach its node through `node` (lruvec_pgdat()).
/// The LRU lists of one memory cgroup on one node (mem_cgroup_lruvec()); the root cgroup's is the
/// node's own (Node::lruvec), which is every page when no cgroup is configured.
struct Lruvec
{
    int node = 0;
    std::uint8_t memcg = 0; ///< MemControl id of its cgroup (0: the root)
    std::array<FrameIndex, kNrLruLists> head {}; ///< most recently added
    std::array<FrameIndex, kNrLruLists> tail {}; ///< reclaim scans from here
    std::array<Pages, kNrLruLists> size {};
    /// mem_cgroup_get_zone_lru_size(): the lists' pages per zone, for lruvec_lru_size().
    std::array<std::array<Pages, kNrLruLists>, kMaxNrZones> zoneSize {};
    std::uint64_t anonCost = 0; ///< mm/swap.c:lru_note_cost()
    std::uint64_t fileCost = 0;
    std::uint64_t nonresidentAge = 0; ///< mm/workingset.c clock
    std::array<std::uint64_t, 2> refaults {}; ///< snapshot_refaults(): workingset_activate_anon/file
};

enum class KswapdState : std::uint8_t
{
    Sleeping, ///< on kswapd_wait with no timeout
    Napping, ///< the HZ/10 nap of kswapd_try_to_sleep()
    Running, ///< inside balance_pgdat()
};

/// The kswapd thread of one node, with the state balance_pgdat() keeps across its priority loop, so
/// that the loop can run in simulated time beside the processes.
struct KswapdThread
{
    KswapdState state = KswapdState::Sleeping;
    int order = 0; ///< pgdat->kswapd_order
    int highestZoneidx = kMaxNrZones; ///< pgdat->kswapd_highest_zoneidx; kMaxNrZones = none pending
    int failures = 0; ///< pgdat->kswapd_failures
    bool wokenDuringNap = false;
    Tick napUntil = 0;
    Tick busyUntil = 0; ///< CPU time of the last priority pass still being paid
    Tick cpuUntil = 0; ///< the last pass's scanning ends here; it sleeps in reclaim_throttle() after
    double cpuShare = 1.0; ///< the part of a CPU the rest of that scanning runs at (machine.cpus)
    // balance_pgdat() loop state
    int runHighestZoneidx = kMaxNrZones - 1;
    int runOrder = 0; ///< balance_pgdat()'s alloc_order
    int reclaimOrder = 0; ///< sc.order: 0 once a pass reclaimed compact_gap(order) for compaction
    int priority = 12;
    Pages nrReclaimed = 0;
    Pages nrBoostReclaim = 0;
    std::array<Pages, kMaxNrZones> zoneBoosts {};
    bool boosted = false;
    Tick runStarted = 0;
    Pages runScanned = 0;
};

/// A node's kcompactd (mm/compaction.c:kcompactd()): woken for an order, or every 500 ms for proactive
/// compaction.
struct KcompactdThread
{
    int maxOrder = 0; ///< pgdat->kcompactd_max_order
    int highestZoneidx = 0; ///< pgdat->kcompactd_highest_zoneidx
    bool woken = false;
    Tick busyUntil = 0; ///< CPU time of the last compaction still being paid
    Tick nextTimeout =
        0; ///< the end of its timed wait: 500 ms, or 32 s after a proactive run that did not help
};

struct Node
{
    int id = 0;
    std::array<Zone, kMaxNrZones> zones {};
    CounterArray<NodeStat> stat;
    Lruvec lruvec;
    KswapdThread kswapd;
    KcompactdThread kcompactd;
    Pages totalreservePages = 0;
    bool pgdatDirty = false; ///< PGDAT_DIRTY
    bool pgdatWriteback = false; ///< PGDAT_WRITEBACK
    bool lruvecCongested = false;
};

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

/// One swap device or file (mm/swapfile.c swap_info_struct).
struct SwapDevice
{
    std::string name;
    int priority = -1;
    bool active = true;
    Pages slots = 0; ///< usable slots; slot 0 is the header
    Pages inuse = 0; ///< allocated slots (swap_map != 0)
    std::vector<std::uint8_t> swapMap; ///< count | SWAP_HAS_CACHE (0x40); index 0 unused
    std::vector<FrameIndex> cache; ///< swap cache: slot → frame, kNoFrame if none
    std::vector<std::uint32_t> shadow; ///< workingset shadow of an evicted swapcache page (0 = none)
    std::uint64_t clusterNext = 1; ///< next slot to try (sequential allocation)
    std::uint64_t lastUsed = 0; ///< round robin among equal priorities
    std::uint64_t prevOffset = 0; ///< swap readahead: previous fault offset
    DiskSpec disk;
    std::uint32_t diskId = 0;
};

/// One entry per page offset of a region, stored in chunks of 512 allocated on first use, like the
/// kernel's xarray nodes: a 200 GB file that is streamed costs memory only where pages or shadows are.
class PageIndex
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    static constexpr unsigned kChunkShift = 9;
    static constexpr std::size_t kChunkSize = std::size_t { 1 } << kChunkShift;

    explicit PageIndex(Pages size = 0) { resize(size); }
    Pages size() const { return m_size; }
    void resize(Pages size)
    {
        m_size = size;
        m_dir.resize((size + kChunkSize - 1) >> kChunkShift);
    }
    std::uint32_t get(Pages offset) const
    {
        const Chunk* c = m_dir[offset >> kChunkShift].get();
        return c ? c->entries[offset & (kChunkSize - 1)] : 0;
    }
    /// Stores a value; bit 31 marks a resident page (counted per chunk). Frees a chunk that empties.
    void set(Pages offset, std::uint32_t value)
    {
        auto& slot = m_dir[offset >> kChunkShift];
        if (!slot) {
            if (value == 0)
                return;
            slot = std::make_unique<Chunk>();
            m_memory += sizeof(Chunk);
        }
        std::uint32_t& e = slot->entries[offset & (kChunkSize - 1)];
        slot->used = static_cast<std::uint16_t>(slot->used + (value != 0) - (e != 0));
        slot->resident = static_cast<std::uint16_t>(slot->resident + (value >> 31) - (e >> 31));
        e = value;
        if (slot->used == 0) {
            slot.reset();
            m_memory -= sizeof(Chunk);
        }
    }
    std::size_t chunkOf(Pages offset) const { return static_cast<std::size_t>(offset >> kChunkShift); }
    std::size_t chunkCount() const { return m_dir.size(); }
    /// Bytes one chunk of entries takes (memoryBytes() counts these and the directory).
    static constexpr std::size_t chunkBytes() { return sizeof(Chunk); }
    /// A chunk that holds only shadow entries (the kernel's "shadow node").
    bool shadowOnly(std::size_t chunk) const
    {
        const Chunk* c = m_dir[chunk].get();
        return c && c->resident == 0;
    }
    bool shadowCounted(std::size_t chunk) const { return m_dir[chunk] && m_dir[chunk]->shadowCounted; }
    void setShadowCounted(std::size_t chunk, bool counted)
    {
        if (m_dir[chunk])
            m_dir[chunk]->shadowCounted = counted;
    }
    /// Drops a whole chunk (the shadow shrinker).
    void clearChunk(std::size_t chunk)
    {
        if (m_dir[chunk]) {
            m_dir[chunk].reset();
            m_memory -= sizeof(Chunk);
        }
    }
    void clear()
    {
        m_dir.clear();
        m_dir.resize((m_size + kChunkSize - 1) >> kChunkShift);
        m_memory = 0;
    }
    std::size_t memoryBytes() const { return m_memory + m_dir.capacity() * sizeof(void*); }

private:
    struct Chunk
    {
        std::array<std::uint32_t, kChunkSize> entries {};
        std::uint16_t used = 0;
        std::uint16_t resident = 0;
        bool shadowCounted = false;
    };
    Pages m_size = 0;
    std::vector<std::unique_ptr<Chunk>> m_dir;
    std::size_t m_memory = 0;
};

/// Kind of a page owner ("mapping"): a process's anonymous region or a file's page cache.
enum class MappingKind : std::uint8_t
{
    Anon,
    File,
};

/// Index of a Mapping. 16 bits keep a frame's state small; a machine holds at most kMaxMappings
/// regions and page caches (Simulator::validate and the process start command check it).
using MappingIndex = std::uint16_t;
inline constexpr MappingIndex kNoMapping = 0xffff; ///< a frame no region or file owns
inline constexpr std::size_t kMaxMappings = kNoMapping;
/// The most processes a machine runs, started by the scenario or later: each OOM kill walks and
/// reports every one of them (select_bad_process, dump_tasks), so this bounds a kill's cost.
inline constexpr std::size_t kMaxProcesses = 4096;

/// An anonymous region or a file's page cache: one entry per page offset.
/// Entry encoding: 0 = nothing; bit 31 = resident (low 31 bits: frame); otherwise for anon, bit 30 =
/// swap entry (bits 26..29 device, 0..25 slot); for files, bit 30 = shadow entry (bit 29 workingset,
/// bits 0..28 eviction clock, like the kernel's packed xarray value).
struct Mapping
{
    MappingKind kind = MappingKind::Anon;
    int process = -1; ///< anon: owning process slot
    int file = -1; ///< file: index into files
    bool locked = false; ///< VM_LOCKED (mlock)
    bool exec = false; ///< VM_EXEC
    PageIndex entries;
    Pages resident = 0;
    /// Uniformly accessed through page tables (working sets, executables): the MMU's accessed bits are
    /// drawn when reclaim looks (see Rmap::testAndClearYoung), not set on every access.
    bool lazyYoung = false;
    double accessClock = 0.0; ///< expected accesses per page so far
    HugepageAdvice advice = HugepageAdvice::None; ///< madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE)
    /// One byte per 2 MiB of the region: its PMD is no longer none (a THP or a PTE table maps it), so
    /// a later fault there cannot map a THP (mm/memory.c:__handle_mm_fault() checks pmd_none()). Sized
    /// when an anonymous region is created; empty for files.
    std::vector<std::uint8_t> pmdPopulated;
};

struct FileObject
{
    std::string name;
    Pages size = 0;
    int mapping = -1;
    Pages dirty = 0;
};

enum class ProcessState : std::uint8_t
{
    NotStarted,
    Running,
    DirectReclaim, ///< stalled in direct reclaim (simulated time being paid)
    Throttled, ///< waiting on pfmemalloc_wait (throttle_direct_reclaim)
    IoWait, ///< waiting for a major fault's read
    OutOfMemory, ///< allocation failed: Engine I stops here
    Exited,
    Killed,
};
const char* processStateName(ProcessState state);

/// Runtime state of one workload of a process.
struct WorkloadRun
{
    WorkloadSpec spec;
    int mapping = -1; ///< anon region, or file page cache
    Pages cursor = 0; ///< next page (Anon allocation, Stream/Write position)
    double carry = 0.0; ///< fractional pages/accesses owed from earlier steps
    Pages dirtiedSinceCheck = 0; ///< balance_dirty_pages_ratelimited() counter
    std::vector<std::uint8_t> viewMapped; ///< file views: which file pages this process maps
    Pages viewResident = 0;
    /// KernelAlloc: the blocks that expire, in allocation order from `kernelBlocksHead` (the oldest
    /// still held), and the kept blocks, held until the process exits.
    struct KernelBlock
    {
        FrameIndex frame = kNoFrame;
        Tick freeAt = 0;
    };
    std::vector<KernelBlock> kernelBlocks;
    std::size_t kernelBlocksHead = 0;
    std::vector<FrameIndex> keptBlocks;
    std::uint64_t kernelAllocs = 0; ///< blocks allocated so far (keep_every counts them)
    std::uint64_t kernelAllocFailures = 0; ///< allocations that returned NULL

    /// Within its start..stop window at `now` (times made absolute when the process started).
    bool activeAt(Tick now) const { return now >= spec.start && (!spec.stop || now < *spec.stop); }
};

struct Process
{
    int pid = 0;
    std::string name;
    std::uint32_t uid = 0;
    int oomScoreAdj = 0;
    std::uint32_t node = 0;
    std::uint8_t memcg = 0; ///< MemControl id of its cgroup (0: the root)
    Pages memcgNrPagesOverHigh = 0; ///< current->memcg_nr_pages_over_high
    Tick start = 0;
    std::optional<Tick> exit;
    ProcessState state = ProcessState::NotStarted;
    Tick busyUntil = 0; ///< stalled (reclaim, I/O) until this time
    Tick reclaimCpuUntil = 0; ///< a direct reclaim's scanning ends here; it waits on I/O after
    double reclaimCpuShare = 1.0; ///< the part of a CPU the rest of that scanning runs at
    Tick stallTotal = 0;
    std::vector<WorkloadRun> workloads;
    // mm counters (include/linux/mm_types_task.h MM_*PAGES)
    Pages rssAnon = 0;
    Pages rssFile = 0;
    Pages rssShmem = 0;
    Pages swapEnts = 0;
    Pages pgtablePages = 0; ///< page-table pages held (frames owned by the kernel)
    Pages pgtableCovered = 0; ///< virtual pages whose PTEs exist (drives pgtablePages)
    Pages totalVm = 0;
    std::vector<FrameIndex> pgtableFrames;
    // OOM killer state
    bool oomVictim = false; ///< tsk_is_oom_victim()
    bool oomSkip = false; ///< MMF_OOM_SKIP: its memory has been reaped
    bool reaperLogged = false;
    std::size_t releaseWorkload = 0; ///< exit_mmap / oom_reaper progress
    Pages releaseOffset = 0;

    Pages rss() const { return rssAnon + rssFile + rssShmem; }
};

/// Why a page moved (for the GUI's animation and a page's history).
enum class PageCause : std::uint8_t
{
    Unknown,
    Fault, ///< first touch of anonymous memory (do_anonymous_page)
    Read, ///< read into the page cache
    Write, ///< written into the page cache
    SwapIn, ///< read back from swap
    Readahead, ///< swap readahead
    Refault, ///< refault activated by workingset_refault()
    Accessed, ///< folio_mark_accessed() second access: activated
    Deactivated, ///< shrink_active_list(): moved to the inactive list
    KeptActive, ///< shrink_active_list(): referenced executable file page stays active
    Referenced, ///< folio_check_references(): activated
    KeptReferenced, ///< folio_check_references(): one more trip (KEEP)
    Pageout, ///< written out by reclaim (swap or file) and kept until the I/O ends
    DirtyDeferred, ///< dirty file page: PG_reclaim set, activated (nr_vmscan_immediate_reclaim)
    UnderWriteback, ///< already under writeback: activated with PG_reclaim
    NoSwapSpace, ///< add_to_swap() failed: activated
    Reclaimed, ///< freed by reclaim
    Rotated, ///< writeback ended: moved to the inactive tail (pgrotated)
    Culled, ///< moved to the unevictable list
    Exited, ///< freed when its process exited
    Dropped, ///< dropped by drop_caches
    Collapsed, ///< khugepaged copied 4 KiB pages into a THP (the THP's cause, and each freed page's)
    Count,
};
const char* pageCauseName(PageCause cause); ///< stable ASCII id, e.g. "deactivated"

/// One page move: from one place (FrameState code) to another.
struct PageEvent
{
    Tick at = 0;
    FrameIndex frame = kNoFrame;
    std::uint8_t from = 0; ///< FrameState code before (Free, Kernel, LruBase + list)
    std::uint8_t to = 0; ///< FrameState code after
    PageCause cause = PageCause::Unknown;
    std::uint8_t reclaimer = 0; ///< 0 none, 1 kswapd, 2 direct reclaim
    std::int8_t priority = -1; ///< reclaim priority when a reclaimer moved it
};

} // namespace rlab::engine
