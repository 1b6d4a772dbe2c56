// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// The processes: their starts and exits, and their workloads run as page faults (mm/memory.c),
/// page-cache reads and writes (mm/filemap.c), swap-in with readahead (mm/swap_state.c) and the
/// release of their memory at exit (exit_mmap).
class Workloads
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit Workloads(Kernel& kernel)
        : m_k(kernel)
    {}

    /// The scenario's processes; those without a pid get one from 1000 up.
    void boot(const std::vector<ProcessSpec>& processes);
    /// A process started by a live command: its times count from now. An error when the machine
    /// would hold more than kMaxMappings regions and files.
    std::optional<std::string> queueStart(ProcessSpec spec);
    /// Due starts and exits.
    void tickStartsAndExits();
    /// Each runnable process in pid order runs its workloads for one step.
    void runProcesses();
    void exitProcess(Process& process, ProcessState finalState);
    /// A running process by name, or nullptr.
    Process* findProcess(const std::string& name);
    /// Releases up to `budget` pages of a process's memory; true when everything is released.
    bool releaseSome(Process& process, Pages budget);
    /// Unmaps and frees one 4 KiB anonymous page of `process` (its swap cache too); the caller clears
    /// the region's entry.
    void zapAnonPage(Process& process, Mapping& mapping, FrameIndex frame, PageCause cause);
    std::size_t memoryBytes() const;

private:
    void startProcess(const ProcessSpec& spec);
    int fileFor(const std::string& name, Pages size);
    void runProcess(Process& process);
    bool runWorkload(Process& process, WorkloadRun& run, Tick budgetEnd);
    void noteAccesses(WorkloadRun& run, Pages accesses);
    bool runKernelAlloc(Process& process, WorkloadRun& run, Tick stepEnd, Pages allocations);
    /// Frees a kernel_alloc workload's expired blocks, or all of them.
    void freeKernelBlocks(WorkloadRun& run, bool all);
    bool touchAnon(Process& process, WorkloadRun& run, Pages offset, bool allocateOnly);
    bool touchFile(Process& process, WorkloadRun& run, Pages offset, bool mapped, bool write);
    bool swapIn(Process& process, Mapping& mapping, Pages offset);
    FrameIndex allocForProcess(Process& process, int highestZoneidx, std::uint32_t gfp);
    /// mem_cgroup_charge() of a page just allocated for `process`, to `memcg`. When the cgroup refuses,
    /// the page is freed and the task sleeps a jiffy before it faults again (VM_FAULT_OOM →
    /// pagefault_out_of_memory()).
    bool chargeNewPage(Process& process, FrameIndex frame, std::uint32_t gfp, int memcg);
    bool ensurePageTables(Process& process, Pages coveredPages);
    void releaseProcessMemory(Process& process);

    /// vma->swap_readahead_info of an anonymous mapping (mm/swap_state.c SWAP_RA_VAL): the page of the
    /// last swap fault, the last readahead window and the readahead hits since that window was read.
    struct SwapReadahead
    {
        Pages prevOffset = 0;
        bool seen = false; ///< a swap fault happened in this mapping (the kernel starts from address 0)
        Pages window = 0;
        Pages hits = 0;
    };

    Kernel& m_k;
    int m_nextPid = 1000;
    std::vector<ProcessSpec> m_toStart; ///< by start time
    std::vector<std::size_t> m_pidOrder; ///< process slots in pid order (rebuilt when a process starts)
    std::vector<SwapReadahead> m_swapReadahead; ///< indexed by mapping; grown on a mapping's first swap fault
};

} // namespace rlab::engine
