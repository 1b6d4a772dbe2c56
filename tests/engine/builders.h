// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small scenario builders shared by the engine tests.

#include <rlab/engine/scenario.h>

#include <string>
#include <vector>

namespace rlab::engine::testing {

inline constexpr Pages kMiB = 256; // pages per MiB

inline WorkloadSpec anonWorkload(Pages size, std::uint64_t pagesPerSec)
{
    WorkloadSpec w;
    w.kind = WorkloadKind::Anon;
    w.size = size;
    w.ratePagesPerSec = pagesPerSec;
    return w;
}

inline ProcessSpec processWith(
    const std::string& name, std::vector<WorkloadSpec> workload, int oomScoreAdj = 0, Tick start = 0)
{
    ProcessSpec p;
    p.name = name;
    p.oomScoreAdj = oomScoreAdj;
    p.start = start;
    p.workload = std::move(workload);
    return p;
}

/// A PC node of `ram` pages with a fixed kernel footprint and an optional swap device.
inline Scenario pcMachine(Pages ram, Pages swap = 0, const std::string& swapName = "swap0")
{
    Scenario s;
    s.machine.nodes.push_back(pcLayout(ram));
    s.machine.ram = ram;
    s.machine.kernelPages = 2048;
    if (swap) {
        SwapSpec dev;
        dev.name = swapName;
        dev.size = swap;
        s.swap.push_back(dev);
    }
    return s;
}

} // namespace rlab::engine::testing
