// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

namespace rlab::engine {

struct Kernel;
struct AllocRequest;

/// The global OOM killer (mm/oom_kill.c) and the oom_reaper, which frees a victim's memory over
/// simulated time.
class OomKiller
{
public:
    explicit OomKiller(Kernel& kernel)
        : m_k(kernel)
    {}

    /// /proc/<pid>/oom_score of a process (fs/proc/base.c:proc_oom_score), 0 when it is not running.
    std::int64_t oomScore(const Process& process) const;
    /// oom_badness() of a process with the global totalpages; nullopt = never chosen (LONG_MIN).
    std::optional<std::int64_t> oomBadnessOf(const Process& process) const;
    /// The process the OOM killer would choose now (select_bad_process), or nullptr.
    const Process* oomVictimCandidate() const;

    // Engine side.
    /// out_of_memory(); true when it made progress (killed, or a victim is still exiting).
    bool outOfMemory(const AllocRequest& request);
    /// out_of_memory() with CONSTRAINT_MEMCG for a charge `current` could not make in cgroup `memcg`
    /// (nullptr: a write to memory.max); true when it made progress.
    bool memcgOutOfMemory(int memcg, std::uint32_t gfp, int order, Process* current);
    /// select_bad_process() among the processes of a cgroup's subtree; nullptr when none can be chosen
    /// or an earlier victim there is still exiting (`waiting` says which).
    const Process* memcgVictimCandidate(int memcg, bool& waiting) const;

    /// The oom_reaper's share of one step: victims' memory is released in batches.
    void tickOomReaper();
    /// The Mem-Info part of dump_header() and warn_alloc(): lib/show_mem.c:__show_mem() for the zones
    /// up to `highestZoneidx`.
    void showMem(int highestZoneidx);
    /// dump_stack(): the task, the machine and a call chain, innermost first.
    void printStack(const Process* current, std::initializer_list<const char*> frames);

private:
    void dumpHeader(const AllocRequest& request);
    /// dump_oom_summary(), then __oom_kill_process() of the victim and of the rest of its
    /// memory.oom.group cgroup, if any (the highest one up to `domain`).
    void oomKillProcess(Process& victim, const std::string& message, const std::string& summary, int domain);
    /// __oom_kill_process(): the signal, the counters and the log line.
    void killOne(Process& victim, const std::string& message);
    /// oom_badness() with a given totalpages.
    std::optional<std::int64_t> badness(const Process& process, Pages totalpages) const;

    Kernel& m_k;
};

} // namespace rlab::engine
