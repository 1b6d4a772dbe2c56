// SPDX-License-Identifier: GPL-3.0-or-later
// The state the simulated kernel's subsystems share: events, the kernel log, global counters.
#include "detail/kernel.h"

#include "detail/kernel_constants.h"

#include <algorithm>
#include <cstdio>

namespace rlab::engine {

void Kernel::recordAt(Tick at, EventPayload payload)
{
    events.push_back(Event { at, std::move(payload) });
}

ev::Task Kernel::taskOf(const Process* process)
{
    return process ? ev::Task { process->pid, process->name } : ev::Task { 0, "kernel" };
}

void Kernel::printk(const std::string& line)
{
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%5lu.%06lu] ", static_cast<unsigned long>(now / kTicksPerSecond),
        static_cast<unsigned long>(now % kTicksPerSecond));
    kernelLog.push_back(stamp + line);
    kernelLogBytes += kernelLog.back().size() + 1;
    // The oldest records give way, as in the kernel's ring buffer.
    while (kernelLogBytes > detail::kLogBufBytes && kernelLog.size() > 1) {
        kernelLogBytes -= kernelLog.front().size() + 1;
        kernelLog.pop_front();
    }
}

void Kernel::stop(std::string reason)
{
    if (stopped)
        return;
    stopped = true;
    stopReason = std::move(reason);
    record(ev::RunStopped { stopReason });
}

std::uint64_t Kernel::global(ZoneStat item) const
{
    std::uint64_t sum = 0;
    for (const auto& node : nodes) {
        for (const auto& zone : node.zones)
            sum += zone.stat[item];
    }
    return sum;
}

std::uint64_t Kernel::global(NodeStat item) const
{
    std::uint64_t sum = 0;
    for (const auto& node : nodes)
        sum += node.stat[item];
    return sum;
}

Pages Kernel::totalRamPages() const
{
    Pages sum = 0;
    for (const auto& node : nodes) {
        for (const auto& zone : node.zones)
            sum += zone.managed;
    }
    return sum;
}

} // namespace rlab::engine

namespace rlab::engine {

void Kernel::shareCpus()
{
    // The scheduler, reduced to fair shares (CFS with equal weights): each runnable task wants up to a
    // whole CPU; the CPUs are shared by water-filling, so a task that wants less gets all it wants.
    if (machineSpec.cpus == 0)
        return; // the vectors stay empty: every share is a whole CPU
    kswapdCpuShare.assign(nodes.size(), 1.0);
    processRateFactor.assign(processes.size(), 1.0);
    reclaimerCpuShare = 1.0;
    struct Demand
    {
        double want; ///< CPUs wanted, at most one
        double need; ///< CPUs the task's rate would take (may be more than one)
        int task; ///< process index, or -1 - node for a kswapd
    };
    std::vector<Demand> demands;
    // A reclaimer sleeping in reclaim_throttle() or on a full request queue uses no CPU.
    for (const auto& node : nodes) {
        const KswapdThread& k = node.kswapd;
        const bool sleeping = k.cpuUntil <= now && now < k.busyUntil;
        if (k.state == KswapdState::Running && !sleeping)
            demands.push_back({ 1.0, 1.0, -1 - node.id });
    }
    const double secondsPerPage =
        static_cast<double>(machineSpec.pageCpuTime) / static_cast<double>(kTicksPerSecond);
    for (std::size_t i = 0; i < processes.size(); ++i) {
        const Process& p = processes[i];
        if (p.state == ProcessState::DirectReclaim && p.busyUntil > now) {
            if (now < p.reclaimCpuUntil)
                demands.push_back({ 1.0, 1.0, static_cast<int>(i) });
            continue;
        }
        if (p.state != ProcessState::Running || p.busyUntil > now)
            continue;
        double pagesPerSecond = 0;
        for (const auto& run : p.workloads) {
            const WorkloadSpec& spec = run.spec;
            const bool allocates = spec.kind == WorkloadKind::Anon || spec.kind == WorkloadKind::Mlock;
            if (!run.activeAt(now) || (allocates && run.cursor >= spec.size))
                continue; // not running, or allocated: holding memory costs no CPU
            pagesPerSecond += static_cast<double>(spec.perSecond());
        }
        const double need = pagesPerSecond * secondsPerPage;
        if (need > 0)
            demands.push_back({ std::min(1.0, need), need, static_cast<int>(i) });
    }
    std::stable_sort(
        demands.begin(), demands.end(), [](const Demand& a, const Demand& b) { return a.want < b.want; });
    double left = static_cast<double>(machineSpec.cpus);
    for (std::size_t k = 0; k < demands.size(); ++k) {
        const double fair = left / static_cast<double>(demands.size() - k);
        const double got = std::min(demands[k].want, fair);
        left -= got;
        if (demands[k].task < 0)
            kswapdCpuShare[static_cast<std::size_t>(-1 - demands[k].task)] = got;
        else
            processRateFactor[static_cast<std::size_t>(demands[k].task)] = got / demands[k].need;
    }
    // A task in direct reclaim wants a whole CPU, shared with the others that run.
    reclaimerCpuShare = std::min(1.0,
        static_cast<double>(machineSpec.cpus)
            / static_cast<double>(std::max<std::size_t>(1, demands.size())));

    // Scanning charged at the share its reclaimer had when it began runs on at the share it has now:
    // the scheduler shares the CPU tick by tick, not per balance_pgdat() pass or try_to_free_pages() call.
    auto reshare = [this](Tick& cpuUntil, Tick& busyUntil, double& charged, double share) {
        if (cpuUntil <= now || share == charged)
            return;
        const double rest = static_cast<double>(cpuUntil - now) * charged / share;
        const Tick moved = now + static_cast<Tick>(rest) - cpuUntil;
        cpuUntil += moved;
        busyUntil += moved;
        charged = share;
    };
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        KswapdThread& k = nodes[n].kswapd;
        reshare(k.cpuUntil, k.busyUntil, k.cpuShare, kswapdCpuShare[n]);
    }
    for (auto& p : processes) {
        if (p.state == ProcessState::DirectReclaim)
            reshare(p.reclaimCpuUntil, p.busyUntil, p.reclaimCpuShare, reclaimerCpuShare);
    }
}

} // namespace rlab::engine
