// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/frame_store.h"
#include "rlab/engine/machine.h"
#include "rlab/engine/memcontrol.h"
#include "rlab/engine/oom_kill.h"
#include "rlab/engine/page_trace.h"
#include "rlab/engine/psi.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/swapfile.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// The whole simulated machine. It boots a Kernel (src/detail/kernel.h: the shared state and one
/// component per kernel subsystem) from a scenario and drives it. One step advances simulated time by
/// kStep in a fixed order:
///   1. timed commands that are due (Simulator::apply)
///   2. process starts and exits
///   3. I/O completions (writeback ends, swap-ins arrive), OOM victims freeing memory
///   4. kswapd of each node (balance_pgdat priority passes within its CPU budget)
///   5. flusher (periodic and background writeback)
///   6. each runnable process in pid order runs its workloads for the step (faults, allocations,
///      direct reclaim, which stalls the process for the simulated time its scanning took)
///   7. pressure stall accounting (PSI)
///   8. invariant checks (debug builds, or any build after checkInvariantsEvery())
/// a + b, or the largest value when that overflows.
constexpr std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? UINT64_MAX : sum;
}
/// a × b, or the largest value when that overflows.
constexpr std::uint64_t saturatingMul(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t product = 0;
    return __builtin_mul_overflow(a, b, &product) ? UINT64_MAX : product;
}

/// The engine memory a scenario may grow to, in bytes (Simulator::estimateMemory).
struct MemoryEstimate
{
    std::uint64_t frames = 0; ///< the per-frame arrays of every managed frame, and the page trace
    std::uint64_t swap = 0; ///< swap map, swap cache and shadow slot of every swap slot
    /// Page indices: each mapping's directory, an entry for every frame and swap slot, and the shadow
    /// entries the shadow-node shrinker lets stay (count_shadow_nodes(): lru_pages >> 3 xa_nodes).
    std::uint64_t pageIndices = 0;
    std::uint64_t processes = 0; ///< processes, workloads, their mapped-page maps
    std::uint64_t fixed = 0; ///< queues, logs and buffers whose size does not depend on the scenario

    std::uint64_t total() const
    {
        return saturatingAdd(
            saturatingAdd(saturatingAdd(frames, swap), saturatingAdd(pageIndices, processes)), fixed);
    }
};

/// The engine memory a scenario may need before validate() refuses it, unless the caller raises the
/// limit (reclaimlab-cli --memory-limit). A 64 GiB machine with 64 GiB of swap needs about 4.4 GiB.
inline constexpr std::uint64_t kDefaultMemoryLimit = std::uint64_t { 8 } << 30;

/// Bytes for messages: "512 B", "4.4 GiB".
std::string bytesText(std::uint64_t bytes);

/// A memory limit as the CLI's and the app's --memory-limit take it: a size from 64M to 1T. Sets `bytes`,
/// or returns the error naming the flag and the allowed range.
std::optional<std::string> parseMemoryLimit(const std::string& value, std::uint64_t& bytes);

class Simulator
{
public:
    /// 100 µs: short enough that a woken kswapd starts reclaiming before a fast allocator has gone
    /// from the low to the min watermark of a small zone.
    static constexpr Tick kStep = kStepTicks;

    /// Builds the machine from a parsed scenario. Use validate() first for a readable error; an
    /// invalid scenario here leaves the simulator stopped with stopReason() set.
    Simulator(const Scenario& scenario, std::uint64_t seed, std::uint64_t memoryLimit = kDefaultMemoryLimit);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    /// Semantic limits beyond the file format (frame count, swap size, devices, processes) and the
    /// engine memory the scenario may need against `memoryLimit` bytes. nullopt when fine.
    static std::optional<std::string> validate(
        const Scenario& scenario, std::uint64_t memoryLimit = kDefaultMemoryLimit);
    /// An upper estimate of the engine memory the scenario's state can grow to: O(processes).
    static MemoryEstimate estimateMemory(const Scenario& scenario);
    /// validate()'s last check alone: the estimate against `memoryLimit` bytes. nullopt when it fits.
    static std::optional<std::string> checkMemoryLimit(const Scenario& scenario, std::uint64_t memoryLimit);

    /// Advances one step of kStep.
    void step();
    /// Steps until now() >= end or the run stops.
    void runUntil(Tick end);

    /// Applies a live change between steps (the GUI and the scenario's timed events use this).
    /// Returns an error text for a command that names an unknown process or device, or a bad value.
    std::optional<std::string> apply(const Command& command);

    Tick now() const;
    bool stopped() const;
    const std::string& stopReason() const;

    const std::vector<Node>& nodes() const;
    const std::vector<Process>& processes() const;
    const std::vector<FileObject>& files() const;
    /// Anonymous regions and page caches (FileObject::mapping and WorkloadRun::mapping index into it).
    const std::vector<Mapping>& mappings() const;
    const Tunables& tunables() const;
    /// /sys/kernel/mm/transparent_hugepage/enabled and defrag as they read now.
    ThpMode thpMode() const;
    ThpDefrag thpDefrag() const;
    /// /sys/kernel/mm/transparent_hugepage/khugepaged/pages_collapsed and full_scans.
    std::uint64_t khugepagedPagesCollapsed() const;
    std::uint64_t khugepagedFullScans() const;
    const CounterArray<VmEvent>& events() const;
    const ScanBalance& lastScanBalance() const;

    /// Sum of a zone counter over all zones, or of a node counter over all nodes.
    std::uint64_t global(ZoneStat item) const;
    std::uint64_t global(NodeStat item) const;
    Pages totalRamPages() const; ///< totalram_pages(): Σ managed
    /// Swap devices; totalPages() is total_swap_pages, freePages() nr_swap_pages.
    const SwapSpace& swap() const;
    /// Every frame's state and flags, for views.
    const FrameStore& frames() const;
    /// Page-move tracing for animation, and one frame's history.
    PageTrace& pageTrace();
    /// Global dirty thresholds (page-writeback.c:global_dirty_limits): {background, hard} in pages.
    std::pair<Pages, Pages> dirtyThresholds() const;
    /// oom_score and the victim the OOM killer would choose now.
    const OomKiller& oom() const;
    /// The memory controller: the cgroup tree, its counters and its files.
    const MemControl& memcg() const;
    /// Memory pressure (/proc/pressure/memory).
    const Psi& psi() const;
    /// The kernel log (dmesg): OOM reports, panics, swapon; one line each, with "[ t ]" stamps. Like the
    /// kernel's ring buffer it keeps the newest 128 KiB (Debian's CONFIG_LOG_BUF_SHIFT=17).
    const std::deque<std::string>& kernelLog() const;

    /// Takes the engine events recorded since the last call (events.jsonl).
    std::vector<Event> drainEvents();
    /// The same, appended to `out`; the engine keeps its buffer's capacity, so a run that logs many
    /// events each step does not allocate a new buffer each step.
    void drainEventsInto(std::vector<Event>& out);

    /// Bytes the engine's state occupies now (frame arrays, page indices, swap maps, queues).
    std::size_t memoryBytes() const;
    /// Frame conservation and list integrity, walking every list: O(frames). Empty string when fine.
    std::string checkInvariants() const;
    /// Part of checkInvariants(): each LRU page is referenced from its mapping or the swap cache.
    std::string checkReverseMap() const;
    /// Frame conservation from the counters alone: O(zones). Empty string when fine.
    std::string checkCounters() const;
    /// Checks invariants while stepping, in any build: checkCounters() after every step and the full
    /// checkInvariants() walk every `walkEverySteps` steps (0: counters only); a broken one stops the run
    /// with "invariant broken: ...". Debug builds start with (10240); Release builds check nothing
    /// until this is called. disableInvariantChecks() turns both off.
    void checkInvariantsEvery(std::uint64_t walkEverySteps);
    void disableInvariantChecks();
    /// Full walks done so far by the checks above.
    std::uint64_t invariantWalks() const;

    /// The scenario the machine was built from (its timed commands included).
    const Scenario& scenario() const { return m_scenario; }

private:
    friend struct SimulatorStateAccess; // state.cpp: saves and restores the kernel and the command queue

    void buildMachine(const Scenario& scenario);

    Scenario m_scenario;
    std::unique_ptr<Kernel> m_k;
    std::vector<TimedCommand> m_pending; ///< the scenario's timed commands, by time
    std::size_t m_nextPending = 0;
};

} // namespace rlab::engine
