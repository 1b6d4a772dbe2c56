// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "detail/compaction.h"
#include "detail/filemap.h"
#include "detail/huge_memory.h"
#include "detail/khugepaged.h"
#include "detail/kswapd.h"
#include "detail/page_alloc.h"
#include "detail/page_writeback.h"
#include "detail/rmap.h"
#include "detail/swap.h"
#include "detail/swap_state.h"
#include "detail/vmscan.h"
#include "detail/workingset.h"
#include "detail/workload.h"
#include "rlab/engine/block_io.h"
#include "rlab/engine/frame_store.h"
#include "rlab/engine/machine.h"
#include "rlab/engine/memcontrol.h"
#include "rlab/engine/oom_kill.h"
#include "rlab/engine/page_trace.h"
#include "rlab/engine/psi.h"
#include "rlab/engine/rng.h"
#include "rlab/engine/swapfile.h"

#include <deque>
#include <string>
#include <vector>

namespace rlab::engine {

/// The simulated kernel: the state its subsystems share (what the kernel keeps in globals and
/// pgdat) and the components, each named after its kernel file. A component reaches the others
/// through the Kernel it was built with; Simulator owns the Kernel and drives the step order.
struct Kernel
{
    explicit Kernel(std::uint64_t seed)
        : rng(seed)
    {}
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    void record(EventPayload payload) { recordAt(now, std::move(payload)); }
    void recordAt(Tick at, EventPayload payload);
    static ev::Task taskOf(const Process* process); ///< pid 0 "kernel" for nullptr
    /// count_vm_event() and count_memcg_event_mm() of a page fault (pgfault, or pgmajfault).
    void countFault(const Process& task, bool major)
    {
        ++vmEvents[major ? VmEvent::Pgmajfault : VmEvent::Pgfault];
        memcg.count(task.memcg, major ? MemcgCount::Pgmajfault : MemcgCount::Pgfault);
    }
    /// Appends a line to the kernel log with its "[ seconds.micros]" stamp.
    void printk(const std::string& line);
    /// Stops the run (an invariant broke, or the machine panicked).
    void stop(std::string reason);
    /// Sum of a zone counter over all zones, or of a node counter over all nodes.
    std::uint64_t global(ZoneStat item) const;
    std::uint64_t global(NodeStat item) const;
    Pages totalRamPages() const; ///< totalram_pages(): Σ managed

    Rng rng;
    Tick now = 0;
    bool stopped = false;
    std::string stopReason;
    /// Simulator::checkInvariantsEvery(): counters every step, a full walk every N steps (0: none).
#ifdef NDEBUG
    bool checkCountersEachStep = false;
    std::uint64_t invariantWalkEvery = 0;
#else
    bool checkCountersEachStep = true;
    std::uint64_t invariantWalkEvery = 10240;
#endif
    std::uint64_t invariantWalks = 0;
    Tunables tunables;
    bool thpEnabled = true; ///< THP survived boot (hugepage_init(): at least 512 MiB of RAM)
    ThpMode thpMode = ThpMode::Never; ///< transparent_hugepage/enabled
    ThpDefrag thpDefrag = ThpDefrag::Never; ///< transparent_hugepage/defrag
    MachineSpec machineSpec;
    /// This step's CPU shares with machine.cpus (all 1 without): each kswapd's, the share a task in
    /// direct reclaim gets, and each process's rate factor (the part of its wanted rate it runs at).
    std::vector<double> kswapdCpuShare;
    double reclaimerCpuShare = 1.0;
    std::vector<double> processRateFactor;
    /// Shares the machine's CPUs among the runnable tasks for this step.
    void shareCpus();
    double rateFactorOf(const Process& process) const
    {
        const auto i = static_cast<std::size_t>(&process - processes.data());
        return i < processRateFactor.size() ? processRateFactor[i] : 1.0;
    }
    double kswapdShareOf(const Node& node) const
    {
        const auto i = static_cast<std::size_t>(node.id);
        return i < kswapdCpuShare.size() ? kswapdCpuShare[i] : 1.0;
    }

    std::vector<Node> nodes;
    /// Anonymous regions and page caches (FileObject::mapping and WorkloadRun::mapping index into it).
    std::vector<Mapping> mappings;
    std::vector<FileObject> files;
    std::vector<Process> processes;
    CounterArray<VmEvent> vmEvents;
    std::vector<Event> events; ///< since the last drain
    std::deque<std::string> kernelLog; ///< the printk ring buffer: the newest kLogBufBytes
    std::size_t kernelLogBytes = 0;

    MemControl memcg { *this };
    FrameStore frames { *this };
    PageTrace trace { *this };
    SwapSpace swap;
    BlockIo io;
    PsiTracker psi;
    PageAllocator alloc { *this };
    Vmscan vmscan { *this };
    Kswapd kswapd { *this };
    Compaction compaction { *this };
    OomKiller oom { *this };
    SwapCache swapCache { *this };
    Rmap rmap { *this };
    Filemap filemap { *this };
    Workingset workingset { *this };
    LruCache lru { *this };
    Writeback writeback { *this };
    Workloads workloads { *this };
    HugeMemory huge { *this };
    Khugepaged khugepaged { *this };
};

} // namespace rlab::engine
