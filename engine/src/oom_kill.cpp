// SPDX-License-Identifier: GPL-3.0-or-later
// The OOM killer (mm/oom_kill.c) and its kernel log, and the oom_reaper over simulated time.
#include "detail/assert.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/gfp.h"
#include "rlab/engine/oom_rules.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <optional>

namespace rlab::engine {

using detail::kMaxReclaimRetries;

namespace {

constexpr Pages kReapPagesPerStep = 200; // exit_mmap / oom_reaper unmap about 8 GB/s
constexpr std::size_t kMaxLoggedCandidates = 32; // oom_candidate events per OOM kill

// printk-style formatting, checked by the compiler against its arguments.
__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...)
{
    char buf[768];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return buf;
}

/// What an OOM event reports of a process's memory (the oom_badness() inputs).
ev::OomFootprint oomFootprint(const Process& p)
{
    return { { p.pid, p.name }, p.rss(), p.swapEnts, p.pgtablePages, p.oomScoreAdj };
}
} // namespace

std::optional<std::int64_t> OomKiller::oomBadnessOf(const Process& p) const
{
    return badness(p, m_k.totalRamPages() + m_k.swap.totalPages());
}

std::optional<std::int64_t> OomKiller::badness(const Process& p, Pages totalpages) const
{
    if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited)
        return std::nullopt;
    OomTaskInput in;
    in.rss = p.rss();
    in.swapEnts = p.swapEnts;
    in.pgtablesBytes = p.pgtablePages * kPageSize;
    in.oomScoreAdj = p.oomScoreAdj;
    in.oomSkip = p.oomSkip || (p.state == ProcessState::Killed && !p.oomVictim);
    return oomBadness(in, totalpages);
}

std::int64_t OomKiller::oomScore(const Process& p) const
{
    return procOomScore(oomBadnessOf(p), m_k.totalRamPages() + m_k.swap.totalPages());
}

const Process* OomKiller::oomVictimCandidate() const
{
    // select_bad_process(): the highest badness; ties go to the later task in the list.
    const Process* chosen = nullptr;
    std::int64_t chosenPoints = INT64_MIN;
    for (const auto& p : m_k.processes) {
        if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited)
            continue;
        if (p.oomVictim) {
            if (p.oomSkip)
                continue;
            return nullptr; // a victim is still exiting: the kernel waits for it
        }
        const auto points = oomBadnessOf(p);
        if (!points || *points < chosenPoints)
            continue;
        chosen = &p;
        chosenPoints = *points;
    }
    return chosen;
}

void OomKiller::showMem(int highestZoneidx)
{
    // lib/show_mem.c:__show_mem(): Mem-Info, the zones up to gfp_zone(), free blocks, swap and RAM.
    m_k.printk("Mem-Info:");
    auto g = [this](NodeStat s) { return static_cast<unsigned long>(m_k.global(s)); };
    auto gz = [this](ZoneStat s) { return static_cast<unsigned long>(m_k.global(s)); };
    m_k.printk(format("active_anon:%lu inactive_anon:%lu isolated_anon:%lu", g(NodeStat::NrActiveAnon),
        g(NodeStat::NrInactiveAnon), g(NodeStat::NrIsolatedAnon)));
    m_k.printk(format(" active_file:%lu inactive_file:%lu isolated_file:%lu", g(NodeStat::NrActiveFile),
        g(NodeStat::NrInactiveFile), g(NodeStat::NrIsolatedFile)));
    m_k.printk(format(" unevictable:%lu dirty:%lu writeback:%lu", g(NodeStat::NrUnevictable),
        g(NodeStat::NrDirty), g(NodeStat::NrWriteback)));
    m_k.printk(format(" slab_reclaimable:%lu slab_unreclaimable:%lu", g(NodeStat::NrSlabReclaimable),
        g(NodeStat::NrSlabUnreclaimable)));
    m_k.printk(format(" mapped:%lu shmem:%lu pagetables:%lu", g(NodeStat::NrMapped), g(NodeStat::NrShmem),
        g(NodeStat::NrPageTablePages)));
    m_k.printk(
        format(" sec_pagetables:%lu bounce:%lu", g(NodeStat::NrSecPageTablePages), gz(ZoneStat::NrBounce)));
    m_k.printk(format(" kernel_misc_reclaimable:%lu", g(NodeStat::NrKernelMiscReclaimable)));
    m_k.printk(
        format(" free:%lu free_pcp:0 free_cma:%lu", gz(ZoneStat::NrFreePages), gz(ZoneStat::NrFreeCma)));
    auto k = [](std::uint64_t pages) { return static_cast<unsigned long>(pages * (kPageSize / 1024)); };
    for (const auto& node : m_k.nodes) {
        const auto& s = node.stat;
        m_k.printk(
            format("Node %d active_anon:%lukB inactive_anon:%lukB active_file:%lukB inactive_file:%lukB "
                   "unevictable:%lukB isolated(anon):%lukB isolated(file):%lukB mapped:%lukB dirty:%lukB "
                   "writeback:%lukB shmem:%lukB shmem_thp: %lukB shmem_pmdmapped: %lukB anon_thp: %lukB "
                   "writeback_tmp:%lukB kernel_stack:%lukB pagetables:%lukB sec_pagetables:%lukB "
                   "all_unreclaimable? %s",
                node.id, k(s[NodeStat::NrActiveAnon]), k(s[NodeStat::NrInactiveAnon]),
                k(s[NodeStat::NrActiveFile]), k(s[NodeStat::NrInactiveFile]), k(s[NodeStat::NrUnevictable]),
                k(s[NodeStat::NrIsolatedAnon]), k(s[NodeStat::NrIsolatedFile]), k(s[NodeStat::NrMapped]),
                k(s[NodeStat::NrDirty]), k(s[NodeStat::NrWriteback]), k(s[NodeStat::NrShmem]), 0UL, 0UL, 0UL,
                k(s[NodeStat::NrWritebackTemp]), static_cast<unsigned long>(s[NodeStat::NrKernelStack]),
                k(s[NodeStat::NrPageTablePages]), k(s[NodeStat::NrSecPageTablePages]),
                node.kswapd.failures >= kMaxReclaimRetries ? "yes" : "no"));
    }
    for (const auto& node : m_k.nodes) {
        for (const auto& z : node.zones) {
            if (!z.isPopulated() || z.index() > highestZoneidx)
                continue;
            m_k.printk(
                format("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB "
                       "reserved_highatomic:%luKB active_anon:%lukB inactive_anon:%lukB active_file:%lukB "
                       "inactive_file:%lukB unevictable:%lukB writepending:%lukB present:%lukB managed:%lukB "
                       "mlocked:%lukB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB",
                    node.id, zoneTypeName(z.type), k(z.freePages()), k(z.watermarkBoost), k(z.minWmark()),
                    k(z.lowWmark()), k(z.highWmark()), k(z.nrReservedHighatomic),
                    k(z.stat[ZoneStat::NrZoneActiveAnon]), k(z.stat[ZoneStat::NrZoneInactiveAnon]),
                    k(z.stat[ZoneStat::NrZoneActiveFile]), k(z.stat[ZoneStat::NrZoneInactiveFile]),
                    k(z.stat[ZoneStat::NrZoneUnevictable]), k(z.stat[ZoneStat::NrZoneWritePending]),
                    k(z.present), k(z.managed), k(z.stat[ZoneStat::NrMlock])));
            std::string reserve = "lowmem_reserve[]:";
            for (const auto r : z.lowmemReserve)
                reserve += format(" %ld", static_cast<long>(r));
            m_k.printk(reserve);
        }
    }
    // page_alloc.c:__show_free_areas(): free blocks per order, and which lists hold them
    // (show_migration_types(): U M E H I).
    for (const auto& node : m_k.nodes) {
        for (const auto& z : node.zones) {
            if (!z.isPopulated() || z.index() > highestZoneidx)
                continue;
            std::string line = format("Node %d %s: ", node.id, zoneTypeName(z.type));
            Pages total = 0;
            for (int order = 0; order < kMaxOrder; ++order) {
                const FreeArea& area = z.freeArea[static_cast<std::size_t>(order)];
                total += Pages { area.nrFree } << order;
                line += format("%lu*%lukB ", static_cast<unsigned long>(area.nrFree), 4UL << order);
                if (area.nrFree == 0)
                    continue;
                std::string types;
                for (int t = 0; t < kMigrateTypes; ++t) {
                    if (!area.empty(static_cast<Migratetype>(t)))
                        types += "UMEHI"[t];
                }
                line += "(" + types + ") ";
            }
            line += format("= %lukB", k(total));
            m_k.printk(line);
        }
    }
    for (const auto& node : m_k.nodes) {
        m_k.printk(format(
            "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB", node.id));
        m_k.printk(format(
            "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB", node.id));
    }
    m_k.printk(format("%lu total pagecache pages", g(NodeStat::NrFilePages)));
    m_k.printk(format("%lu pages in swap cache", g(NodeStat::NrSwapcached)));
    m_k.printk(format("Free swap  = %ldkB", static_cast<long>(k(m_k.swap.freePages()))));
    m_k.printk(format("Total swap = %lukB", k(m_k.swap.totalPages())));
    Pages present = 0;
    Pages reserved = 0;
    for (const auto& node : m_k.nodes) {
        for (const auto& z : node.zones) {
            present += z.present;
            reserved += z.present - z.managed;
        }
    }
    m_k.printk(format("%lu pages RAM", static_cast<unsigned long>(present)));
    m_k.printk("0 pages HighMem/MovableOnly");
    m_k.printk(format("%lu pages reserved", static_cast<unsigned long>(reserved)));
    m_k.printk("0 pages hwpoisoned");
}

void OomKiller::printStack(const Process* current, std::initializer_list<const char*> frames)
{
    // lib/dump_stack.c:dump_stack_lvl(): the task line, the machine, then the call chain.
    m_k.printk(format("CPU: 0 PID: %d Comm: %s Not tainted 6.1.0-28-amd64 #1  Debian 6.1.119-1",
        current ? current->pid : 0, current ? current->name.c_str() : "kswapd0"));
    m_k.printk("Hardware name: ReclaimLab simulated machine");
    m_k.printk("Call Trace:");
    m_k.printk(" <TASK>");
    for (const char* fn : frames)
        m_k.printk(std::string("  ") + fn);
    m_k.printk(" </TASK>");
}

void OomKiller::dumpHeader(const AllocRequest& request)
{
    // oom_kill.c:dump_header() → __show_mem() (lib/show_mem.c, page_alloc.c:__show_free_areas()).
    const Process* current = request.process;
    m_k.printk(format("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%d",
        current ? current->name.c_str() : "kswapd0", request.gfp, gfp::names(request.gfp).c_str(),
        request.order, current ? current->oomScoreAdj : 0));
    printStack(current,
        { "dump_stack_lvl", "dump_header", "oom_kill_process", "out_of_memory", "__alloc_pages_slowpath",
            "__alloc_pages", "vma_alloc_folio", "handle_mm_fault", "do_user_addr_fault", "exc_page_fault",
            "asm_exc_page_fault" });
    showMem(request.highestZoneidx);
    if (m_k.tunables.oomDumpTasks) {
        // oom_kill.c:dump_tasks()
        m_k.printk("Tasks state (memory values in pages):");
        m_k.printk("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
        for (const auto& p : m_k.processes) {
            if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited || p.oomSkip)
                continue;
            m_k.printk(format("[%7d] %5u %5d %8lu %8lu %8ld %8lu         %5d %s", p.pid, p.uid, p.pid,
                static_cast<unsigned long>(p.totalVm + p.pgtablePages), static_cast<unsigned long>(p.rss()),
                static_cast<long>(p.pgtablePages * kPageSize), static_cast<unsigned long>(p.swapEnts),
                p.oomScoreAdj, p.name.c_str()));
        }
    }
}

void OomKiller::killOne(Process& victim, const std::string& message)
{
    // oom_kill.c:__oom_kill_process()
    auto k = [](std::uint64_t pages) { return static_cast<unsigned long>(pages * (kPageSize / 1024)); };
    m_k.printk(
        format("%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, "
               "UID:%u pgtables:%lukB oom_score_adj:%d",
            message.c_str(), victim.pid, victim.name.c_str(), k(victim.totalVm + victim.pgtablePages),
            k(victim.rssAnon), k(victim.rssFile), k(victim.rssShmem), victim.uid,
            static_cast<unsigned long>(victim.pgtablePages * kPageSize >> 10), victim.oomScoreAdj));
    ++m_k.vmEvents[VmEvent::OomKill];
    if (victim.memcg)
        m_k.memcg.memoryEvent(victim.memcg, MemcgEvent::OomKill);
    m_k.record(ev::OomKill { oomFootprint(victim), message, oomScore(victim) });
    if (victim.oomVictim)
        return; // an oom.group kill names the victim again; it is already dying
    victim.state = ProcessState::Killed;
    victim.oomVictim = true;
    victim.releaseWorkload = 0;
    victim.releaseOffset = 0;
}

void OomKiller::oomKillProcess(
    Process& victim, const std::string& message, const std::string& summary, int domain)
{
    // oom_kill.c:oom_kill_process(): the victim, then its memory.oom.group (mem_cgroup_get_oom_group():
    // the highest cgroup with oom.group set from the victim's up to the OOM domain).
    m_k.printk(summary);
    int oomGroup = -1;
    if (m_k.memcg.enabled() && victim.memcg != 0 && m_k.memcg.isDescendant(victim.memcg, domain)) {
        for (int id = victim.memcg; id > 0; id = m_k.memcg.group(id).parent) {
            if (m_k.memcg.group(id).oomGroup)
                oomGroup = id;
            if (id == domain)
                break;
        }
    }
    killOne(victim, message);
    if (oomGroup < 0)
        return;
    m_k.memcg.memoryEvent(oomGroup, MemcgEvent::OomGroupKill);
    m_k.printk(
        "Tasks in " + m_k.memcg.group(oomGroup).path + " are going to be killed due to memory.oom.group set");
    for (int id = oomGroup; id >= 0; id = m_k.memcg.iterNext(id, oomGroup)) {
        for (auto& p : m_k.processes) {
            if (p.memcg != id || p.oomScoreAdj == kOomScoreAdjMin || p.oomSkip)
                continue;
            if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited)
                continue;
            killOne(p, message); // oom_kill_memcg_member()
        }
    }
}

bool OomKiller::outOfMemory(const AllocRequest& request)
{
    // oom_kill.c:out_of_memory(), global OOM (CONSTRAINT_NONE): totalpages = RAM + swap.
    const Pages totalpages = m_k.totalRamPages() + m_k.swap.totalPages();
    Process* current = request.process;
    // Logged only when the killer acts (a kill or a panic), as the kernel's report is: a caller that
    // finds an earlier victim still exiting just waits, so the log grows by kills, not by retries.
    const auto logInvocation = [&] {
        m_k.record(ev::OomInvoked { m_k.taskOf(current), totalpages, m_k.global(ZoneStat::NrFreePages) });
        // The candidates' badness, so a user can see why the victim was chosen: the kMaxLoggedCandidates
        // highest (unkillable ones lowest; of equal ones the later in the task list, which
        // oom_evaluate_task() prefers, so the victim is always among them), logged in task-list order,
        // so a kill logs a bounded list. Badness is computed once per task.
        struct Ranked
        {
            std::optional<std::int64_t> badness;
            std::size_t slot;
            std::int64_t rank() const { return badness.value_or(INT64_MIN); }
        };
        std::vector<Ranked> ranked;
        for (std::size_t slot = 0; slot < m_k.processes.size(); ++slot) {
            const Process& p = m_k.processes[slot];
            if (p.state != ProcessState::NotStarted && p.state != ProcessState::Exited)
                ranked.push_back({ oomBadnessOf(p), slot });
        }
        if (ranked.size() > kMaxLoggedCandidates) {
            const auto last = ranked.begin() + static_cast<std::ptrdiff_t>(kMaxLoggedCandidates);
            std::nth_element(ranked.begin(), last - 1, ranked.end(), [](const Ranked& x, const Ranked& y) {
                return x.rank() != y.rank() ? x.rank() > y.rank() : x.slot > y.slot;
            });
            ranked.erase(last, ranked.end());
            std::sort(ranked.begin(), ranked.end(),
                [](const Ranked& x, const Ranked& y) { return x.slot < y.slot; });
        }
        for (const Ranked& r : ranked) {
            const Process& p = m_k.processes[r.slot];
            m_k.record(ev::OomCandidate { oomFootprint(p),
                static_cast<std::int64_t>(p.oomScoreAdj) * static_cast<std::int64_t>(totalpages / 1000),
                r.badness, p.oomVictim, oomScore(p) });
        }
    };

    // check_panic_on_oom(): 1 panics on a system-wide OOM, 2 always.
    if (m_k.tunables.panicOnOom) {
        logInvocation();
        dumpHeader(request);
        const std::string why = m_k.tunables.panicOnOom == 2 ? "compulsory" : "system-wide";
        m_k.printk("Kernel panic - not syncing: Out of memory: " + why + " panic_on_oom is enabled");
        m_k.record(ev::Panic { "Out of memory: " + why + " panic_on_oom is enabled" });
        m_k.stop("kernel panic: Out of memory: " + why + " panic_on_oom is enabled");
        return false;
    }
    if (m_k.tunables.oomKillAllocatingTask && current && current->oomScoreAdj != kOomScoreAdjMin
        && current->state != ProcessState::Killed) {
        logInvocation();
        dumpHeader(request);
        oomKillProcess(*current, "Out of memory (oom_kill_allocating_task)",
            format("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                   "task_memcg=%s,task=%s,pid=%d,uid=%u",
                m_k.memcg.group(current->memcg).path.c_str(), current->name.c_str(), current->pid,
                current->uid),
            0);
        return true;
    }
    // select_bad_process(): an existing victim that has not been reaped makes the kernel wait.
    for (const auto& p : m_k.processes) {
        if (p.oomVictim && !p.oomSkip)
            return true;
    }
    logInvocation();
    const Process* chosen = oomVictimCandidate();
    if (!chosen) {
        dumpHeader(request);
        m_k.printk("Out of memory and no killable processes...");
        m_k.printk("Kernel panic - not syncing: System is deadlocked on memory");
        m_k.record(ev::Panic { "System is deadlocked on memory" });
        m_k.stop("kernel panic: out of memory and no killable processes; System is deadlocked on memory");
        return false;
    }
    dumpHeader(request);
    Process& victim = m_k.processes[static_cast<std::size_t>(chosen - m_k.processes.data())];
    oomKillProcess(victim, "Out of memory",
        format("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
               "task_memcg=%s,task=%s,pid=%d,uid=%u",
            m_k.memcg.group(victim.memcg).path.c_str(), victim.name.c_str(), victim.pid, victim.uid),
        0);
    return true;
}

const Process* OomKiller::memcgVictimCandidate(int memcg, bool& waiting) const
{
    // mem_cgroup_scan_tasks(memcg, oom_evaluate_task): the subtree in pre-order, each cgroup's
    // processes in task-list order; ties go to the later one.
    waiting = false;
    const Pages totalpages = std::max<Pages>(m_k.memcg.maxPages(memcg), 1);
    const Process* chosen = nullptr;
    std::int64_t chosenPoints = INT64_MIN;
    for (int id = memcg; id >= 0; id = m_k.memcg.iterNext(id, memcg)) {
        for (const auto& p : m_k.processes) {
            if (p.memcg != id || p.state == ProcessState::NotStarted || p.state == ProcessState::Exited)
                continue;
            if (p.oomVictim) {
                if (p.oomSkip)
                    continue;
                waiting = true;
                return nullptr;
            }
            const auto points = badness(p, totalpages);
            if (!points || *points < chosenPoints)
                continue;
            chosen = &p;
            chosenPoints = *points;
        }
    }
    return chosen;
}

bool OomKiller::memcgOutOfMemory(int memcg, std::uint32_t gfp, int order, Process* current)
{
    // oom_kill.c:out_of_memory() with oc->memcg set: CONSTRAINT_MEMCG, totalpages from the cgroup's
    // limits (mem_cgroup_get_max()), candidates from its subtree only. panic_on_oom = 1 does not apply.
    if (current && (current->oomVictim || current->state == ProcessState::Killed))
        return true; // task_will_free_mem(current)
    const MemCgroup& g = m_k.memcg.group(memcg);
    const auto dumpHeaderMemcg = [&] {
        m_k.printk(format("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%d",
            current ? current->name.c_str() : "sh", gfp, gfp::names(gfp).c_str(), order,
            current ? current->oomScoreAdj : 0));
        printStack(current,
            { "dump_stack_lvl", "dump_header", "oom_kill_process", "out_of_memory",
                "mem_cgroup_out_of_memory", "try_charge_memcg", "charge_memcg", "__mem_cgroup_charge",
                "do_anonymous_page", "__handle_mm_fault", "handle_mm_fault", "do_user_addr_fault",
                "exc_page_fault", "asm_exc_page_fault" });
        // mem_cgroup_print_oom_meminfo()
        auto k = [](Pages pages) { return static_cast<unsigned long long>(pages) * (kPageSize / 1024); };
        m_k.printk(format("memory: usage %llukB, limit %llukB, failcnt %lu", k(g.memory.usage),
            k(g.memory.max), static_cast<unsigned long>(g.memory.failcnt)));
        m_k.printk(format("swap: usage %llukB, limit %llukB, failcnt %lu", k(g.swap.usage), k(g.swap.max),
            static_cast<unsigned long>(g.swap.failcnt)));
        m_k.printk("Memory cgroup stats for " + g.path + ":");
        // One printk record: the kernel keeps its first 991 bytes (LOG_LINE_MAX with the NUL).
        std::string stat = m_k.memcg.memoryStat(memcg);
        if (stat.size() > 991)
            stat.resize(991);
        std::size_t from = 0;
        while (from < stat.size()) {
            const std::size_t nl = stat.find('\n', from);
            m_k.printk(stat.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
            if (nl == std::string::npos)
                break;
            from = nl + 1;
        }
        if (m_k.tunables.oomDumpTasks) {
            m_k.printk("Tasks state (memory values in pages):");
            m_k.printk("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
            for (int id = memcg; id >= 0; id = m_k.memcg.iterNext(id, memcg)) {
                for (const auto& p : m_k.processes) {
                    if (p.memcg != id || p.state == ProcessState::NotStarted
                        || p.state == ProcessState::Exited || p.oomSkip)
                        continue;
                    m_k.printk(format("[%7d] %5u %5d %8lu %8lu %8ld %8lu         %5d %s", p.pid, p.uid, p.pid,
                        static_cast<unsigned long>(p.totalVm + p.pgtablePages),
                        static_cast<unsigned long>(p.rss()), static_cast<long>(p.pgtablePages * kPageSize),
                        static_cast<unsigned long>(p.swapEnts), p.oomScoreAdj, p.name.c_str()));
                }
            }
        }
    };
    bool waiting = false;
    const Process* chosen = memcgVictimCandidate(memcg, waiting);
    if (waiting)
        return true;
    const Pages totalpages = std::max<Pages>(m_k.memcg.maxPages(memcg), 1);
    m_k.record(ev::OomInvoked { m_k.taskOf(current), totalpages, m_k.global(ZoneStat::NrFreePages) });
    if (!chosen) {
        dumpHeaderMemcg();
        m_k.printk("Out of memory and no killable processes...");
        return false;
    }
    if (m_k.tunables.panicOnOom == 2) {
        dumpHeaderMemcg();
        m_k.printk("Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled");
        m_k.record(ev::Panic { "Out of memory: compulsory panic_on_oom is enabled" });
        m_k.stop("kernel panic: Out of memory: compulsory panic_on_oom is enabled");
        return false;
    }
    dumpHeaderMemcg();
    Process& victim = m_k.processes[static_cast<std::size_t>(chosen - m_k.processes.data())];
    oomKillProcess(victim, "Memory cgroup out of memory",
        format("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=%s,"
               "task_memcg=%s,task=%s,pid=%d,uid=%u",
            g.path.c_str(), m_k.memcg.group(victim.memcg).path.c_str(), victim.name.c_str(), victim.pid,
            victim.uid),
        memcg);
    return true;
}

void OomKiller::tickOomReaper()
{
    // The victim exits (exit_mmap) or the oom_reaper unmaps its anonymous memory: freed over time.
    for (auto& p : m_k.processes) {
        if (!p.oomVictim || p.oomSkip)
            continue;
        const bool done = m_k.workloads.releaseSome(p, kReapPagesPerStep);
        if (!done && p.rssAnon > 0)
            continue;
        if (!p.reaperLogged) {
            auto k = [](std::uint64_t pages) {
                return static_cast<unsigned long>(pages * (kPageSize / 1024));
            };
            m_k.printk(format(
                "oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB",
                p.pid, p.name.c_str(), k(p.rssAnon), k(p.rssFile), k(p.rssShmem)));
            p.reaperLogged = true;
        }
        if (done) {
            p.oomSkip = true; // MMF_OOM_SKIP: the next OOM may choose another victim
            m_k.record(ev::OomReaped { m_k.taskOf(&p) });
        }
    }
}

} // namespace rlab::engine
