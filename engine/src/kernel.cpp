// SPDX-License-Identifier: GPL-3.0-or-later
// The state the simulated kernel's subsystems share: events, the kernel log, global counters.
#include "detail/kernel.h"

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
