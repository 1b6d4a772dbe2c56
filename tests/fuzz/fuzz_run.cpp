// SPDX-License-Identifier: GPL-3.0-or-later
// Structure-aware: the bytes choose a valid scenario (machine, swap, sysctls, processes with every kind
// of workload, timed events), often with extreme values, written as JSON and read back by the reader.
// It then runs for 200 ms of simulated time with every invariant checked each 10 ms (counters after
// every step); a broken invariant, a crash or a sanitizer report is a finding.
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fuzzer/FuzzedDataProvider.h>
#include <string>

namespace {

using nlohmann::json;

/// A size between 2^lo and 2^hi pages, log-uniform so both ends are common.
std::uint64_t pages(FuzzedDataProvider& in, unsigned lo, unsigned hi)
{
    const unsigned shift = in.ConsumeIntegralInRange<unsigned>(lo, hi);
    return (std::uint64_t { 1 } << shift)
        + in.ConsumeIntegralInRange<std::uint64_t>(0, (std::uint64_t { 1 } << shift) - 1);
}

// Rates and access rates stay at most about 4G/s and 1,000,000/s: the engine's work per step grows
// with them (64G/s and 100,000,000/s are the reader's limits, measured in tst_scenario), and each input
// must run its 200 ms well within the fuzzer's timeout under the sanitizers.
std::string rate(FuzzedDataProvider& in)
{
    return std::to_string(pages(in, 0, 19)) + "/s";
}

std::uint64_t accessRate(FuzzedDataProvider& in)
{
    return pages(in, 0, 19);
}

json workload(FuzzedDataProvider& in, int& files)
{
    constexpr std::array kTypes = { "anon", "working_set", "stream", "file_set", "write", "exec", "mlock" };
    const std::string type = kTypes[in.ConsumeIntegralInRange<std::size_t>(0, kTypes.size() - 1)];
    json w = { { "type", type }, { "size", pages(in, 0, 17) } };
    const auto file = [&] { return "f" + std::to_string(files++); };
    if (type == "anon") {
        if (in.ConsumeBool())
            w["rate"] = rate(in);
        if (in.ConsumeBool())
            w["zone"] = in.ConsumeBool() ? "dma32" : "movable";
    } else if (type == "working_set") {
        w["access_rate"] = accessRate(in);
        if (in.ConsumeBool())
            w["file"] = file();
        if (in.ConsumeBool())
            w["pattern"] = "sequential";
    } else if (type == "stream" || type == "write") {
        w["file"] = file();
        w["rate"] = rate(in);
    } else if (type == "file_set" || type == "exec") {
        w["file"] = file();
        w["access_rate"] = accessRate(in);
    }
    return w;
}

json sysctls(FuzzedDataProvider& in)
{
    json s = json::object();
    const auto maybe = [&](const char* name, std::int64_t lo, std::int64_t hi) {
        if (in.ConsumeBool())
            s[name] = in.ConsumeIntegralInRange<std::int64_t>(lo, hi);
    };
    maybe("vm.swappiness", 0, 200);
    maybe("vm.min_free_kbytes", 0, 262144);
    maybe("vm.watermark_scale_factor", 1, 3000);
    maybe("vm.watermark_boost_factor", 0, 100000);
    maybe("vm.page-cluster", 0, 31);
    maybe("vm.dirty_ratio", 0, 100);
    maybe("vm.dirty_background_ratio", 0, 100);
    maybe("vm.dirty_expire_centisecs", 0, 100000);
    maybe("vm.dirty_writeback_centisecs", 0, 100000);
    maybe("vm.panic_on_oom", 0, 2);
    maybe("vm.oom_kill_allocating_task", 0, 1);
    return s;
}

json scenario(FuzzedDataProvider& in)
{
    json machine = { { "ram", std::to_string(in.ConsumeIntegralInRange<int>(64, 512)) + "M" } };
    if (in.ConsumeBool()) {
        machine["cpus"] = in.ConsumeIntegralInRange<int>(1, 4);
        machine["page_cpu_time"] = std::to_string(in.ConsumeIntegralInRange<int>(0, 100)) + "us";
        machine["pageout_cpu_time"] = std::to_string(in.ConsumeIntegralInRange<int>(0, 100)) + "us";
    }
    if (in.ConsumeBool())
        machine["reclaim_scan_rate"] = in.ConsumeIntegralInRange<int>(1, 10'000'000);
    if (in.ConsumeBool())
        machine["transparent_hugepage"] = in.ConsumeBool() ? "never" : "always";
    if (in.ConsumeBool()) {
        // THP needs 512 MiB: a larger machine with a busy khugepaged.
        machine["ram"] = std::to_string(in.ConsumeIntegralInRange<int>(512, 1024)) + "M";
        machine["khugepaged"] = { { "pages_to_scan", in.ConsumeIntegralInRange<int>(1, 65536) },
            { "scan_sleep_millisecs", in.ConsumeIntegralInRange<int>(0, 100) },
            { "alloc_sleep_millisecs", in.ConsumeIntegralInRange<int>(0, 100) },
            { "defrag", in.ConsumeIntegralInRange<int>(0, 1) },
            { "max_ptes_none", in.ConsumeIntegralInRange<int>(0, 511) } };
    }
    json s = { { "name", "fuzz" }, { "seed", in.ConsumeIntegral<std::uint32_t>() }, { "machine", machine },
        { "sysctl", sysctls(in) } };
    json swap = json::array();
    const int devices = in.ConsumeIntegralInRange<int>(0, 3);
    for (int d = 0; d < devices; ++d) {
        json dev = { { "name", "sw" + std::to_string(d) }, { "size", pages(in, 0, 17) } };
        if (in.ConsumeBool())
            dev["priority"] = in.ConsumeIntegralInRange<int>(-1, 32767);
        if (in.ConsumeBool())
            dev["disk"] = { { "preset", in.ConsumeBool() ? "hdd" : "ssd" } };
        swap.push_back(dev);
    }
    s["swap"] = swap;
    // A small cgroup tree: limits from nothing to more than the machine, protection, oom.group.
    const int cgroups = in.ConsumeIntegralInRange<int>(0, 4);
    json tree = json::array();
    const auto limit = [&in]() -> json { return in.ConsumeBool() ? json("max") : json(pages(in, 0, 18)); };
    for (int c = 0; c < cgroups; ++c) {
        // Every other cgroup nests in the one before it.
        const std::string path = (c % 2 == 1 ? "/g" + std::to_string(c - 1) : "") + "/g" + std::to_string(c);
        json group = { { "path", path } };
        if (in.ConsumeBool())
            group["memory.max"] = limit();
        if (in.ConsumeBool())
            group["memory.high"] = limit();
        if (in.ConsumeBool())
            group["memory.low"] = limit();
        if (in.ConsumeBool())
            group["memory.min"] = limit();
        if (in.ConsumeBool())
            group["memory.swap.max"] = limit();
        group["memory.oom.group"] = in.ConsumeIntegralInRange<int>(0, 1);
        tree.push_back(group);
    }
    s["cgroups"] = tree;
    std::vector<std::string> paths = { "/" };
    for (const auto& group : tree)
        paths.push_back(group["path"].get<std::string>());
    const auto anyCgroup = [&] { return paths[in.ConsumeIntegralInRange<std::size_t>(0, paths.size() - 1)]; };
    int files = 0;
    json processes = json::array();
    const int count = in.ConsumeIntegralInRange<int>(0, 8);
    for (int p = 0; p < count; ++p) {
        json proc = { { "name", "p" + std::to_string(p) },
            { "oom_score_adj", in.ConsumeIntegralInRange<int>(-1000, 1000) } };
        json work = json::array();
        const int n = in.ConsumeIntegralInRange<int>(0, 3);
        for (int w = 0; w < n; ++w)
            work.push_back(workload(in, files));
        proc["workload"] = work;
        if (in.ConsumeBool())
            proc["start"] = std::to_string(in.ConsumeIntegralInRange<int>(0, 150)) + "ms";
        proc["cgroup"] = anyCgroup();
        processes.push_back(proc);
    }
    s["processes"] = processes;
    json events = json::array();
    const int timed = in.ConsumeIntegralInRange<int>(0, 4);
    for (int e = 0; e < timed; ++e) {
        json event = { { "at", std::to_string(in.ConsumeIntegralInRange<int>(0, 199)) + "ms" } };
        switch (in.ConsumeIntegralInRange<int>(0, 6)) {
        case 0:
            event["sysctl"] = { { "vm.swappiness", in.ConsumeIntegralInRange<int>(0, 200) } };
            break;
        case 1:
            event["drop_caches"] = in.ConsumeIntegralInRange<int>(1, 3);
            break;
        case 2:
            if (count == 0)
                continue;
            event["kill"] = "p" + std::to_string(in.ConsumeIntegralInRange<int>(0, count - 1));
            break;
        case 3:
            if (devices == 0)
                continue;
            event["swapoff"] = "sw" + std::to_string(in.ConsumeIntegralInRange<int>(0, devices - 1));
            break;
        case 4:
            if (cgroups == 0)
                continue;
            event["cgroup"] = { { "path",
                                    paths[in.ConsumeIntegralInRange<std::size_t>(1, paths.size() - 1)] },
                { in.ConsumeBool() ? "memory.max" : "memory.high", limit() } };
            break;
        case 5:
            if (count == 0)
                continue;
            event["move"] = { { "process",
                                  "p" + std::to_string(in.ConsumeIntegralInRange<int>(0, count - 1)) },
                { "cgroup", anyCgroup() } };
            break;
        default:
            event["sysctl"] = { { "vm.min_free_kbytes", in.ConsumeIntegralInRange<int>(0, 65536) } };
            break;
        }
        events.push_back(event);
    }
    s["events"] = events;
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace rlab::engine;
    FuzzedDataProvider in(data, size);
    const std::string text = scenario(in).dump();
    const ParseResult parsed = parseScenario(text);
    if (!parsed.scenario || Simulator::validate(*parsed.scenario))
        return 0; // e.g. a kernel footprint larger than a small machine: refused with a message
    Simulator sim(*parsed.scenario, parsed.scenario->seed);
    sim.checkInvariantsEvery(100);
    while (!sim.stopped() && sim.now() < 200 * kTicksPerMs) {
        sim.step();
        sim.drainEvents();
    }
    if (sim.stopped() && sim.stopReason().rfind("invariant broken", 0) == 0) {
        std::fprintf(stderr, "%s\n%s\n", sim.stopReason().c_str(), text.c_str());
        __builtin_trap();
    }
    return 0;
}
