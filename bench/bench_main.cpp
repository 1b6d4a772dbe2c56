// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-bench: how fast the engine simulates big machines, page by page, measured against a bare
// index-linked list walk of the same number of page moves in the same process (a ratio that survives a
// noisy machine). Prints a table and one machine-readable line per case.
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace rlab::engine;

namespace {

using Clock = std::chrono::steady_clock;

struct Result
{
    std::string name;
    double wallSeconds = 0;
    double simSeconds = 0;
    std::uint64_t pageMoves = 0;
    std::size_t peakBytes = 0;
    Pages frames = 0;
    double baselineSeconds = 0;
    std::uint64_t invariantWalks = 0;
    std::string stopReason;
};

/// Invariant checks of a case: none, or the counters every step and a full walk every N steps.
struct Checks
{
    std::uint64_t walkEverySteps = 0;
    bool on = false;
};

/// A 64 GiB node with exactly 16,777,216 managed frames (DMA and DMA32 as a PC has them).
NodeSpec node64g()
{
    NodeSpec node;
    node.zones.push_back({ ZoneType::Dma, 4095, 3998, 3840 });
    node.zones.push_back({ ZoneType::Dma32, 1044480, 782298, 765914 });
    const Pages normal = (Pages { 1 } << 24) - 3840 - 765914;
    node.zones.push_back({ ZoneType::Normal, normal + 262144, normal + 262144, normal });
    return node;
}

NodeSpec node16g()
{
    NodeSpec node;
    node.zones.push_back({ ZoneType::Dma, 4095, 3998, 3840 });
    node.zones.push_back({ ZoneType::Dma32, 1044480, 782298, 765914 });
    const Pages normal = (Pages { 1 } << 22) - 3840 - 765914;
    node.zones.push_back({ ZoneType::Normal, normal + 65536, normal + 65536, normal });
    return node;
}

Result runCase(const std::string& name, const Scenario& scenario, Tick duration, Checks checks = {})
{
    Result r;
    r.name = name;
    const auto start = Clock::now();
    Simulator sim(scenario, scenario.seed);
    if (sim.stopped()) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), sim.stopReason().c_str());
        return r;
    }
    r.frames = sim.totalRamPages(); // managed pages; the arrays' PFN holes count against them
    r.peakBytes = sim.memoryBytes();
    if (checks.on)
        sim.checkInvariantsEvery(checks.walkEverySteps);
    else
        sim.disableInvariantChecks(); // the same work in every build
    while (sim.now() < duration && !sim.stopped()) {
        const Tick next = std::min(duration, sim.now() + 100 * kTicksPerMs); // as the CLI drains them
        sim.runUntil(next);
        sim.drainEvents(); // the command line writes these out; the bench drops them
        r.peakBytes = std::max(r.peakBytes, sim.memoryBytes());
    }
    r.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.simSeconds = static_cast<double>(sim.now()) / kTicksPerSecond;
    r.pageMoves = sim.frames().pageMoves();
    r.invariantWalks = sim.invariantWalks();
    if (sim.stopped()) {
        r.stopReason = sim.stopReason();
        std::fprintf(stderr, "%s stopped early: %s\n", name.c_str(), sim.stopReason().c_str());
    }
    return r;
}

/// The bare baseline: `moves` page moves between two index-linked lists over `frames` frames, each move
/// an unlink from one list's tail and a link at the other list's head, on arrays laid out like the engine's.
double baselineSeconds(Pages frames, std::uint64_t moves)
{
    const auto n = static_cast<std::uint32_t>(frames);
    constexpr std::uint32_t kNone = 0xffffffffU;
    std::vector<std::uint32_t> next(n), prev(n);
    std::vector<std::uint8_t> list(n);
    std::uint32_t head[2] = { kNone, kNone };
    std::uint32_t tail[2] = { kNone, kNone };
    auto linkHead = [&](std::uint32_t f, int l) {
        prev[f] = kNone;
        next[f] = head[l];
        if (head[l] != kNone)
            prev[head[l]] = f;
        else
            tail[l] = f;
        head[l] = f;
        list[f] = static_cast<std::uint8_t>(l);
    };
    auto unlink = [&](std::uint32_t f) {
        const int l = list[f];
        if (prev[f] != kNone)
            next[prev[f]] = next[f];
        else
            head[l] = next[f];
        if (next[f] != kNone)
            prev[next[f]] = prev[f];
        else
            tail[l] = prev[f];
    };
    // Frames linked in index order, as the engine's free lists hand them out.
    for (std::uint32_t i = n; i-- > 0;)
        linkHead(i, 0);
    const auto start = Clock::now();
    int from = 0;
    for (std::uint64_t m = 0; m < moves; ++m) {
        if (tail[from] == kNone)
            from ^= 1;
        const std::uint32_t f = tail[from];
        unlink(f);
        linkHead(f, from ^ 1);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Keep the result observable so the walk is not optimised away.
    volatile std::uint32_t sink = head[0] ^ head[1];
    (void)sink;
    return seconds;
}

/// 16 GiB, a 24 GiB anonymous working set touched at random, 16 GiB of swap.
Scenario thrash16g()
{
    Scenario s;
    s.name = "thrash-16g";
    s.seed = 16;
    s.machine.nodes = { node16g() };
    SwapSpec swap;
    swap.name = "/dev/nvme0n1p2";
    swap.size = Pages { 1 } << 22;
    swap.disk = { 80, 512 };
    s.swap.push_back(swap);
    ProcessSpec p;
    p.name = "analytics";
    WorkloadSpec ws;
    ws.kind = WorkloadKind::WorkingSet;
    ws.size = Pages { 6 } << 20;
    ws.accessesPerSec = 400000;
    p.workload.push_back(ws);
    s.processes.push_back(p);
    return s;
}

/// Peak resident set of this process (getrusage), in bytes.
std::uint64_t peakRssBytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

std::string machineDescription()
{
    std::string model = "unknown CPU";
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    }
    long cpus = 0;
    std::ifstream online("/proc/cpuinfo");
    for (std::string line; std::getline(online, line);)
        cpus += line.rfind("processor", 0) == 0 ? 1 : 0;
    return model + ", " + std::to_string(cpus) + " CPUs";
}

} // namespace

int main(int argc, char** argv)
{
    std::string only;
    double seconds = 60.0;
    std::optional<double> soakSeconds;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--case") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
            soakSeconds = seconds;
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf(
                "usage: reclaimlab-bench [--case db-burst-64g|thrash-16g|soak|oom-1000] [--seconds S]\n"
                "Runs the 64 GB database burst (%s) and a 16 GiB thrashing case,\n"
                "each followed by a bare list walk of the same page moves, and prints a table and\n"
                "one 'case=... wall_s=... sim_over_wall=... page_ops_per_s=... bytes_per_frame=...\n"
                "baseline_ratio=... invariant_walks=... peak_rss_mb=...' line per case. Seconds of\n"
                "simulated time default to 60. Only when named: soak (the thrashing case for one\n"
                "simulated hour with every invariant checked: counters each step, a walk of every\n"
                "frame each 10 s) and oom-1000 (1000 tasks meeting the OOM killer on 64 MiB).\n",
                RLAB_SCENARIO_DIR "/db-burst-64g.json");
            return 0;
        } else {
            std::fprintf(stderr, "reclaimlab-bench: unknown argument '%s'; see --help\n", argv[i]);
            return 2;
        }
    }
    const Tick duration = static_cast<Tick>(seconds * kTicksPerSecond);
    std::vector<Result> results;

    if (only.empty() || only == "db-burst-64g") {
        // The shipped 64 GB scenario on a node of exactly 2^24 frames.
        auto parsed = loadScenarioFile(RLAB_SCENARIO_DIR "/db-burst-64g.json");
        if (!parsed.scenario) {
            std::fprintf(stderr, "%s\n", parsed.error.c_str());
            return 1;
        }
        Scenario s = *parsed.scenario;
        s.machine.nodes = { node64g() };
        s.machine.ram.reset();
        results.push_back(runCase("db-burst-64g", s, duration));
    }
    if (only.empty() || only == "thrash-16g")
        results.push_back(runCase("thrash-16g", thrash16g(), duration));
    if (only == "soak") {
        // One simulated hour (unless --seconds) of the thrashing case with every invariant checked:
        // the counters after each step and a walk of all 4 million frames every 10 simulated seconds.
        const Tick soak =
            soakSeconds ? static_cast<Tick>(*soakSeconds * kTicksPerSecond) : 3600 * kTicksPerSecond;
        results.push_back(runCase("soak-16g", thrash16g(), soak, { 100000, true }));
    }
    if (only == "oom-1000") {
        // 1000 tasks of 1 MiB each on 64 MiB without swap: every task retries direct reclaim each
        // jiffy while the OOM killer works through them (the event flood of the robustness issue).
        Scenario s;
        s.name = "oom-1000";
        s.seed = 1;
        s.machine.ram = Pages { 64 } << 8;
        s.machine.nodes = { pcLayout(*s.machine.ram) };
        for (int i = 0; i < 1000; ++i) {
            ProcessSpec p;
            p.name = "p";
            p.name += std::to_string(i); // not "p" + ...: GCC 12 warns falsely (-Wrestrict) at -O2
            WorkloadSpec w;
            w.kind = WorkloadKind::Anon;
            w.size = 256;
            w.ratePagesPerSec = 2560;
            p.workload.push_back(w);
            s.processes.push_back(p);
        }
        results.push_back(runCase("oom-1000", s, duration));
    }

    const std::string machine = machineDescription();
    std::printf("ReclaimLab engine benchmark on %s\n\n", machine.c_str());
    std::printf("%-14s %10s %9s %10s %14s %12s %14s %15s\n", "case", "frames", "wall s", "sim s", "sim/wall",
        "page ops/s", "bytes/frame", "baseline ratio");
    for (auto& r : results) {
        r.baselineSeconds = baselineSeconds(r.frames, r.pageMoves);
        const double ratio = r.baselineSeconds > 0 ? r.wallSeconds / r.baselineSeconds : 0;
        std::printf("%-14s %10llu %9.2f %10.1f %14.1f %12.3g %14.1f %15.1f\n", r.name.c_str(),
            static_cast<unsigned long long>(r.frames), r.wallSeconds, r.simSeconds,
            r.simSeconds / r.wallSeconds, static_cast<double>(r.pageMoves) / r.wallSeconds,
            static_cast<double>(r.peakBytes) / static_cast<double>(r.frames), ratio);
    }
    std::printf("\n");
    for (const auto& r : results) {
        std::printf("case=%s wall_s=%.3f sim_over_wall=%.2f page_ops_per_s=%.0f bytes_per_frame=%.2f "
                    "baseline_ratio=%.2f invariant_walks=%llu\n",
            r.name.c_str(), r.wallSeconds, r.simSeconds / r.wallSeconds,
            static_cast<double>(r.pageMoves) / r.wallSeconds,
            static_cast<double>(r.peakBytes) / static_cast<double>(r.frames),
            r.baselineSeconds > 0 ? r.wallSeconds / r.baselineSeconds : 0.0,
            static_cast<unsigned long long>(r.invariantWalks));
    }
    std::printf("peak_rss_mb=%.0f\n", static_cast<double>(peakRssBytes()) / (1 << 20));
    bool broken = false;
    for (const auto& r : results)
        broken = broken || r.stopReason.rfind("invariant broken", 0) == 0;
    return broken ? 3 : 0;
}
