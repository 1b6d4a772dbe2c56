// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/recorder.h>
#include <rlab/engine/simulator.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rlab::ui {

using engine::FrameIndex;
using engine::Pages;
using engine::Tick;

/// What one cell of the physical page map shows: the dominant state of the frames it covers.
enum class PageClass : std::uint8_t
{
    Free,
    Kernel,
    InactiveAnon,
    ActiveAnon,
    InactiveFile,
    ActiveFile,
    Dirty,
    Writeback,
    Unevictable,
    Isolated,
    Count,
};
inline constexpr int kPageClassCount = static_cast<int>(PageClass::Count);

/// Classifies one frame from its state and flags (writeback wins over dirty, dirty over the list).
PageClass classifyFrame(engine::FrameState state, engine::PageFlags flags);

struct ZoneSnapshot
{
    int node = 0;
    int typeIndex = 0; ///< engine::ZoneType as int
    std::string name; ///< zone_names[]: "DMA32"
    Pages managed = 0;
    Pages free = 0;
    Pages min = 0; ///< min_wmark_pages(): includes the boost
    Pages low = 0;
    Pages high = 0;
    Pages boost = 0;
    FrameIndex firstFrame = 0;
};

struct NodeSnapshot
{
    int id = 0;
    std::array<Pages, engine::kNrLruLists> lru {};
    Pages isolated = 0;
    Pages managed = 0;
    Pages free = 0;
    Pages kernel = 0; ///< managed − free − LRU − isolated: slab, stacks, page tables
    engine::KswapdState kswapd = engine::KswapdState::Sleeping;
    int kswapdPriority = 12;
    int kswapdFailures = 0;
};

struct ProcessSnapshot
{
    int pid = 0;
    std::string name;
    engine::ProcessState state = engine::ProcessState::NotStarted;
    Pages rssAnon = 0;
    Pages rssFile = 0;
    Pages rssShmem = 0;
    Pages swapEnts = 0;
    Pages pgtablePages = 0;
    int oomScoreAdj = 0;
    std::optional<long long> oomScore; ///< /proc/PID/oom_score when the engine provides it
    bool oomVictim = false; ///< the task the OOM killer would pick now
    Tick stallTotal = 0;
};

struct SwapDeviceSnapshot
{
    std::string name;
    int priority = 0;
    bool active = true;
    Pages size = 0;
    Pages used = 0;
};

/// The physical memory map, aggregated to the view's cell budget (computed on the worker thread).
struct PageMapSnapshot
{
    struct ZoneBlock
    {
        std::string label;
        FrameIndex firstFrame = 0;
        Pages frames = 0;
        int firstCell = 0;
        int cells = 0;
    };
    /// Bits of `marks`: a cell whose dominant class is another one also holds such frames.
    static constexpr std::uint8_t kHasDirty = 1U << 0;
    static constexpr std::uint8_t kHasWriteback = 1U << 1;

    Pages framesPerCell = 1;
    std::vector<ZoneBlock> zones;
    std::vector<std::uint8_t> cells; ///< PageClass per cell
    std::vector<std::uint8_t> marks; ///< per cell: kHasDirty | kHasWriteback for minorities
    std::array<Pages, kPageClassCount> totals {}; ///< frames per class (not aggregated)
};

/// One zone's buddy allocator for the fragmentation view.
struct BuddyZone
{
    std::string label; ///< "DMA32", or "Node 1 DMA32" on a machine with several nodes
    Pages managed = 0;
    Pages free = 0;
    Pages boost = 0; ///< watermark_boost
    /// Free blocks per order and migratetype (free_area[order].nr_free split by list).
    std::array<std::array<std::uint32_t, engine::kMigrateTypes>, engine::kMaxOrder> blocks {};
    std::array<int, engine::kMaxOrder> extfrag {}; ///< __fragmentation_index() in thousandths
    std::uint64_t firstPfn = 0; ///< of the first pageblock
    std::vector<std::uint8_t> pageblockType; ///< engine::Migratetype per pageblock of the span
    /// Free pages per pageblock (0..512), from a walk of the free lists; empty when they hold more blocks
    /// than kBuddyWalkLimit (the view then shows the types only).
    std::vector<std::uint16_t> pageblockFree;
};
/// The most free blocks the fragmentation view walks per zone (about 10 ms).
inline constexpr std::uint64_t kBuddyWalkLimit = 2'000'000;

/// /proc texts and the fragmentation view's data, rendered only while one of them is visible.
struct ProcTexts
{
    std::string zoneinfo;
    std::string vmstat;
    std::string meminfo;
    std::string buddyinfo;
    std::string pagetypeinfo;
    std::string extfragIndex;
    std::vector<BuddyZone> buddy; ///< populated zones in node and kernel order
    bool withBuddy = false; ///< `buddy` was asked for (empty otherwise)
    std::string swaps;
    std::optional<std::string> pressure; ///< set once the engine renders /proc/pressure/memory
    std::optional<std::string> dmesg; ///< set once the engine renders the kernel log
    std::string cgroups; ///< every cgroup's memory.* files; empty without cgroups
};

/// The page the user clicked: its current place and every move since it was selected.
struct WatchedPage
{
    FrameIndex frame = engine::kNoFrame;
    std::string zone;
    engine::FrameState state = engine::FrameState::Free;
    engine::PageFlags flags = 0;
    Tick since = 0;
    std::vector<engine::PageEvent> history;
};

/// One point of every plotted series and every timeseries.csv column, taken by engine::Recorder.
using Sample = engine::Sample;

/// Where "run to" stops: the next event of a kind, or the scenario's next timed event.
enum class RunTarget
{
    KswapdWake,
    KswapdSleep,
    DirectReclaim,
    OomKill,
    ScenarioEvent,
};
inline constexpr int kRunTargetCount = 5;

/// The outcome of the last "run to" request; `serial` grows with each, so the GUI reports each once.
struct RunToOutcome
{
    std::uint64_t serial = 0;
    RunTarget target = RunTarget::KswapdWake;
    bool found = false; ///< false: the limit came first (RunTo::kLimit or the scenario's end)
    Tick at = 0; ///< the event's time, or where the run paused
};

/// The immutable state the worker publishes after each batch (STYLE.md §2). Its size is
/// O(zones × lists + processes + deltas), never O(pages), apart from the aggregated page map.
struct Snapshot
{
    std::uint64_t runId = 0; ///< changes when a scenario is loaded or the run restarts
    std::uint64_t serial = 0; ///< increases with every snapshot of a run
    std::uint64_t controlSerial = 0; ///< the last run/pause/step/load request the worker handled
    std::uint64_t sysctlSerial = 0; ///< the last slider write (SimulationController::setSysctl) applied
    Tick now = 0;
    bool running = false;
    bool stopped = false;
    std::string stopReason;
    /// Paused at the scenario's duration; Run continues past it.
    bool reachedEnd = false;
    Tick duration = 0; ///< the scenario's duration, when reachedEnd
    RunToOutcome runTo;
    /// The timeline: the furthest time simulated (now is earlier when the user went back to look), and
    /// the checkpoints a seek restores from (SimulationWorker::kCheckpointBudget bounds their bytes).
    Tick headAt = 0;
    std::size_t checkpoints = 0;
    std::uint64_t checkpointBytes = 0;
    Tick checkpointEvery = 0;
    /// Set once when the run continued from an earlier moment: everything recorded after it is gone
    /// (plots, event log and live changes drop it).
    std::optional<Tick> rewoundTo;
    bool viewingPast() const { return now < headAt; }

    std::vector<ZoneSnapshot> zones; ///< managed zones of every node, in node and kernel order
    std::vector<NodeSnapshot> nodes;
    engine::CounterArray<engine::VmEvent> vm;
    engine::CounterArray<engine::NodeStat> nodeStat; ///< Σ nodes
    Pages totalRam = 0;
    Pages swapTotal = 0;
    Pages swapFree = 0;
    std::vector<SwapDeviceSnapshot> swapDevices;
    std::vector<ProcessSnapshot> processes;
    bool oomScoreAvailable = false;
    engine::ScanBalance scanBalance;
    std::vector<std::vector<std::int64_t>> sysctlValues; ///< parallel to engine::sysctlTable()
    engine::ThpMode thpEnabled = engine::ThpMode::Never; ///< /sys/kernel/mm/transparent_hugepage/enabled
    engine::ThpDefrag thpDefrag = engine::ThpDefrag::Never; ///< and defrag
    std::pair<Pages, Pages> dirtyThresholds {};
    bool lessonTaskDone = true; ///< the open lesson step's task is made (true without one)

    // Deltas since the snapshot the GUI took before this one (merged when the GUI skipped one).
    std::vector<engine::Event> events;
    std::vector<engine::PageEvent> pageEvents;
    bool pageEventsDropped = false;
    std::vector<Sample> samples;
    std::shared_ptr<const engine::SeriesLayout> seriesLayout; ///< the columns of the samples (CSV export)
    std::vector<engine::TimedCommand> appliedCommands;
    std::vector<std::string> commandErrors;

    // Shared between snapshots while unchanged: compare pointers to skip repainting.
    std::shared_ptr<const PageMapSnapshot> pageMap;
    std::shared_ptr<const ProcTexts> procTexts;
    std::shared_ptr<const WatchedPage> watched;

    Pages lruTotal() const;
    const std::vector<std::int64_t>* sysctl(std::string_view name) const;
};
using SnapshotPtr = std::shared_ptr<const Snapshot>;

/// Moves the deltas of an older, never consumed snapshot in front of the newer one's. Page events beyond
/// `maxPageEvents` are dropped (and flagged), events beyond `maxEvents` lose their oldest entries.
void mergeDeltas(Snapshot& newer, Snapshot&& older, std::size_t maxPageEvents, std::size_t maxEvents);

// --- builders (worker thread; read the simulator between steps)

/// Counters, zones, nodes, processes, swap, tunables: everything but the deltas and the optional parts.
void fillState(Snapshot& snapshot, const engine::Simulator& sim);
/// The page map for at most `cells` cells (at least one cell per managed zone). O(frames).
PageMapSnapshot buildPageMap(const engine::Simulator& sim, int cells);

/// Builds the page map a slice of frames at a time, so that the worker can step the simulation and apply
/// slider writes in between: a 16 GiB map takes milliseconds. The finished map then mixes the states of
/// the few steps it took. The simulator's zones must stay the same while it builds (they do in a run).
class PageMapBuilder
{
public:
    PageMapBuilder(const engine::Simulator& sim, int cells);
    /// Scans whole cells until at least `frames` frames more are done; true when the map is complete.
    bool advance(const engine::Simulator& sim, Pages frames);
    PageMapSnapshot take() { return std::move(m_map); }

private:
    PageMapSnapshot m_map;
    std::vector<const engine::Zone*> m_zones;
    std::size_t m_zone = 0;
    int m_cell = 0;
};
/// The /proc texts, and with `buddy` the fragmentation view's data (a walk of every zone's free lists).
ProcTexts renderProcTexts(const engine::Simulator& sim, bool buddy = true);
/// Name of the zone holding `frame`, e.g. "DMA32" (with "Node 1 " in front on NUMA machines).
std::string zoneOfFrame(const engine::Simulator& sim, FrameIndex frame);

} // namespace rlab::ui
