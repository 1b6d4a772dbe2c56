// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/simulator.h"

#include "detail/assert.h"
#include "rlab/engine/watermarks.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rlab::engine {

namespace {

constexpr std::uint64_t kMaxFrames = 0x7fffffffULL;
constexpr Pages kMaxSwapSlots = (Pages { 1 } << 26) - 2;
constexpr std::uint64_t kZoneStartPfn[kMaxNrZones] = { 1, 4096, 1048576, 0, 0 };

} // namespace

const char* zoneTypeNameInternal(ZoneType type);

const char* lruListName(LruList lru)
{
    static constexpr const char* kNames[] = { "inactive_anon", "active_anon", "inactive_file", "active_file",
        "unevictable" };
    return kNames[static_cast<int>(lru)];
}

const char* processStateName(ProcessState state)
{
    static constexpr const char* kNames[] = { "not_started", "running", "direct_reclaim", "throttled",
        "io_wait", "out_of_memory", "exited", "killed" };
    return kNames[static_cast<int>(state)];
}

std::optional<std::string> Simulator::validate(const Scenario& scenario)
{
    Pages frames = 0;
    for (const auto& node : scenario.machine.nodes) {
        for (const auto& zone : node.zones)
            frames += zone.managed;
    }
    if (frames == 0)
        return "machine: no managed pages; at least one zone needs managed_pages > 0";
    if (frames > kMaxFrames)
        return "machine: " + std::to_string(frames) + " managed pages is more than the engine's limit of "
            + std::to_string(kMaxFrames) + " (8 TiB)";
    if (scenario.swap.size() > SwapSpace::kMaxDevices)
        return "swap: at most " + std::to_string(SwapSpace::kMaxDevices) + " devices are supported";
    for (std::size_t i = 0; i < scenario.swap.size(); ++i) {
        if (scenario.swap[i].size > kMaxSwapSlots)
            return "swap[" + std::to_string(i) + "].size: at most " + std::to_string(kMaxSwapSlots)
                + " pages (256 GiB) per device";
    }
    return std::nullopt;
}

Simulator::Simulator(const Scenario& scenario, std::uint64_t seed)
    : m_seed(seed)
    , m_rng(seed)
{
    if (auto error = validate(scenario)) {
        m_stopped = true;
        m_stopReason = *error;
        return;
    }
    buildMachine(scenario);
}

void Simulator::buildMachine(const Scenario& scenario)
{
    m_machineSpec = scenario.machine;

    // Zones and frames: each zone's managed pages are a contiguous range of frame indices.
    std::uint64_t nextNodePfn = 0;
    FrameIndex nextFrame = 0;
    for (std::size_t n = 0; n < scenario.machine.nodes.size(); ++n) {
        Node node;
        node.id = static_cast<int>(n);
        for (int t = 0; t < kMaxNrZones; ++t) {
            node.zones[static_cast<std::size_t>(t)].type = static_cast<ZoneType>(t);
            node.zones[static_cast<std::size_t>(t)].node = node.id;
        }
        std::uint64_t pfn = n == 0 ? 0 : nextNodePfn;
        for (const auto& spec : scenario.machine.nodes[n].zones) {
            Zone& zone = node.zones[static_cast<std::size_t>(spec.type)];
            zone.spanned = std::max(spec.spanned, spec.present);
            zone.present = spec.present;
            zone.managed = spec.managed;
            zone.startPfn = n == 0 ? std::max(pfn, kZoneStartPfn[static_cast<int>(spec.type)]) : pfn;
            pfn = zone.startPfn + zone.spanned;
        }
        nextNodePfn = pfn;
        for (auto& zone : node.zones) {
            zone.firstFrame = nextFrame;
            nextFrame += static_cast<FrameIndex>(zone.managed);
        }
        m_nodes.push_back(node);
    }
    buildZonelists();
    const std::size_t frames = nextFrame;
    m_next.resize(frames); // every frame is linked into its zone's free list below
    m_prev.resize(frames);
    m_frameFlags.assign(frames, 0);
    m_frameState.assign(frames, static_cast<std::uint8_t>(FrameState::Kernel));
    m_frameStamp.resize(frames);
    // P(at least one access) = 1 - exp(-k / kStampUnits), for the lazy accessed bits.
    for (std::size_t k = 0; k < m_youngThreshold.size(); ++k) {
        const double p = 1.0 - std::exp(-static_cast<double>(k) / kStampUnits);
        m_youngThreshold[k] = p >= 1.0 ? ~std::uint64_t { 0 } : static_cast<std::uint64_t>(std::ldexp(p, 64));
    }
    m_frameMapping.resize(frames); // set when a frame is taken from a free list
    m_frameOffset.resize(frames);
    m_frameSwap.resize(frames);
    for (auto& node : m_nodes) {
        for (auto& lru : node.lruvec.head)
            lru = kNoFrame;
        for (auto& lru : node.lruvec.tail)
            lru = kNoFrame;
        for (auto& zone : node.zones) {
            const auto code = static_cast<std::uint32_t>(node.id * kMaxNrZones + zone.index());
            if (zone.managed)
                m_zoneRanges.push_back({ zone.firstFrame, code });
            // Push in reverse so the lowest frame is handed out first.
            for (Pages i = zone.managed; i-- > 0;) {
                const auto f = static_cast<FrameIndex>(zone.firstFrame + i);
                m_frameState[f] = static_cast<std::uint8_t>(FrameState::Free);
                m_next[f] = zone.freeHead;
                zone.freeHead = f;
            }
            zone.stat[ZoneStat::NrFreePages] = zone.managed;
        }
    }

    // Boot: the square-root rule, then khugepaged's raise (page_alloc.c:init_per_zone_wmark_min,
    // khugepaged.c:set_recommended_min_free_kbytes), then the scenario's sysctl writes as a
    // sysctl.conf would apply them.
    std::vector<ZoneSize> sizes;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones)
            sizes.push_back({ node.id, zone.index(), zone.present, zone.managed });
    }
    m_thpEnabled = thpEnabledAtBoot(sizes, scenario.machine.transparentHugepage != ThpMode::Never);
    m_tunables.minFreeKbytes = defaultMinFreeKbytes(sizes, m_thpEnabled);
    for (const auto& write : scenario.sysctls) {
        if (const auto* info = findSysctl(write.name); info && !checkSysctl(*info, write.values))
            writeSysctl(m_tunables, *info, write.values);
    }
    recomputeWatermarks(true);

    // Memory the kernel holds from boot (slab, stacks): an estimate unless the scenario sets it.
    Pages totalManaged = 0;
    for (const auto& s : sizes)
        totalManaged += s.managed;
    const Pages kernelPages =
        std::min(scenario.machine.kernelPages.value_or(4096 + totalManaged / 256), totalManaged / 2);
    for (Pages i = 0; i < kernelPages; ++i) {
        FrameIndex f = kNoFrame;
        for (Zone* zone : zonelist(0, static_cast<int>(ZoneType::Normal))) {
            f = takeFreeFrame(*zone);
            if (f != kNoFrame)
                break;
        }
        if (f == kNoFrame)
            break;
        ++nodeOf(f).stat[NodeStat::NrSlabUnreclaimable];
    }
    m_vmEvents = {}; // boot allocations are not workload events

    // Disks: 0 is file storage, then one per swap device.
    m_io.addDisk(scenario.machine.fileDisk);
    for (const auto& spec : scenario.swap)
        apply(Swapon { spec });

    int pid = m_nextPid;
    for (const auto& spec : scenario.processes) {
        ProcessSpec p = spec;
        if (!p.pid)
            p.pid = pid++;
        m_toStart.push_back(p);
    }
    m_nextPid = pid;
    std::stable_sort(m_toStart.begin(), m_toStart.end(),
        [](const ProcessSpec& a, const ProcessSpec& b) { return a.start < b.start; });
    m_pending = scenario.events;
    std::stable_sort(m_pending.begin(), m_pending.end(),
        [](const TimedCommand& a, const TimedCommand& b) { return a.at < b.at; });
    m_nextFlush = static_cast<Tick>(m_tunables.dirtyWritebackCentisecs) * 10 * kTicksPerMs;
}

void Simulator::recomputeWatermarks(bool lowmemReserveToo)
{
    std::vector<ZoneSize> sizes;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones)
            sizes.push_back({ node.id, zone.index(), zone.present, zone.managed });
    }
    const auto marks = computeWatermarks(
        sizes, m_tunables.minFreeKbytes, m_tunables.watermarkScaleFactor, m_tunables.lowmemReserveRatio);
    std::size_t i = 0;
    for (auto& node : m_nodes) {
        for (auto& zone : node.zones) {
            const auto& m = marks[i++];
            zone.wmark = { m.min, m.low, m.high, m.promo };
            zone.watermarkBoost = 0; // __setup_per_zone_wmarks() resets the boost
            if (lowmemReserveToo)
                zone.lowmemReserve = m.lowmemReserve;
        }
    }
    // page_alloc.c:calculate_totalreserve_pages()
    for (auto& node : m_nodes) {
        node.totalreservePages = 0;
        for (int z = 0; z < kMaxNrZones; ++z) {
            const Zone& zone = node.zones[static_cast<std::size_t>(z)];
            Pages maxReserve = 0;
            for (int j = z; j < kMaxNrZones; ++j)
                maxReserve = std::max(maxReserve, zone.lowmemReserve[static_cast<std::size_t>(j)]);
            maxReserve += zone.highWmark();
            node.totalreservePages += std::min(maxReserve, zone.managed);
        }
    }
}

void Simulator::stop(std::string reason)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stopReason = std::move(reason);
    record(ev::RunStopped { m_stopReason });
}

void Simulator::recordAt(Tick at, EventPayload payload)
{
    m_events.push_back(Event { at, std::move(payload) });
}

ev::Task Simulator::taskOf(const Process* process)
{
    return process ? ev::Task { process->pid, process->name } : ev::Task { 0, "kernel" };
}

std::vector<Event> Simulator::drainEvents()
{
    std::vector<Event> out;
    out.swap(m_events);
    return out;
}

Process* Simulator::findProcess(const std::string& name)
{
    for (auto& p : m_processes) {
        if (p.name == name && p.state != ProcessState::Exited && p.state != ProcessState::Killed)
            return &p;
    }
    return nullptr;
}

std::uint64_t Simulator::global(ZoneStat item) const
{
    std::uint64_t sum = 0;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones)
            sum += zone.stat[item];
    }
    return sum;
}

std::uint64_t Simulator::global(NodeStat item) const
{
    std::uint64_t sum = 0;
    for (const auto& node : m_nodes)
        sum += node.stat[item];
    return sum;
}

Pages Simulator::totalRamPages() const
{
    Pages sum = 0;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones)
            sum += zone.managed;
    }
    return sum;
}

int Simulator::fileFor(const std::string& name, Pages size)
{
    for (std::size_t i = 0; i < m_files.size(); ++i) {
        if (m_files[i].name == name) {
            Mapping& mapping = m_mappings[static_cast<std::size_t>(m_files[i].mapping)];
            if (size > m_files[i].size) {
                m_files[i].size = size;
                mapping.entries.resize(size);
            }
            return static_cast<int>(i);
        }
    }
    FileObject file;
    file.name = name;
    file.size = size;
    Mapping mapping;
    mapping.kind = MappingKind::File;
    mapping.file = static_cast<int>(m_files.size());
    mapping.entries.resize(size);
    file.mapping = static_cast<int>(m_mappings.size());
    m_mappings.push_back(std::move(mapping));
    m_files.push_back(file);
    return static_cast<int>(m_files.size() - 1);
}

void Simulator::startProcess(const ProcessSpec& spec)
{
    Process p;
    p.pid = spec.pid.value_or(m_nextPid++);
    p.name = spec.name;
    p.uid = spec.uid;
    p.oomScoreAdj = spec.oomScoreAdj;
    p.node = std::min<std::uint32_t>(spec.node, static_cast<std::uint32_t>(m_nodes.size() - 1));
    p.start = m_now;
    if (spec.exit)
        p.exit = m_now + (*spec.exit - spec.start);
    p.state = ProcessState::Running;
    p.busyUntil = m_now;
    const int slot = static_cast<int>(m_processes.size());
    for (const auto& w : spec.workload) {
        WorkloadRun run;
        run.spec = w;
        run.spec.start += m_now;
        if (run.spec.stop)
            *run.spec.stop += m_now;
        const bool fileBacked = w.kind == WorkloadKind::Stream || w.kind == WorkloadKind::FileSet
            || w.kind == WorkloadKind::Write || w.kind == WorkloadKind::Exec
            || (w.kind == WorkloadKind::WorkingSet && w.fileBacked);
        if (fileBacked) {
            const int file = fileFor(w.file, w.size);
            run.mapping = m_files[static_cast<std::size_t>(file)].mapping;
            if (w.kind == WorkloadKind::Exec || w.kind == WorkloadKind::WorkingSet) {
                run.viewMapped.assign(w.size, 0);
                p.totalVm += w.size;
                m_mappings[static_cast<std::size_t>(run.mapping)].lazyYoung = true;
            }
        } else {
            Mapping mapping;
            mapping.kind = MappingKind::Anon;
            mapping.process = slot;
            mapping.locked = w.kind == WorkloadKind::Mlock;
            mapping.lazyYoung = w.kind == WorkloadKind::WorkingSet;
            mapping.entries.resize(w.size);
            run.mapping = static_cast<int>(m_mappings.size());
            m_mappings.push_back(std::move(mapping));
            p.totalVm += w.size;
        }
        p.workloads.push_back(std::move(run));
    }
    m_processes.push_back(std::move(p));
    Process& added = m_processes.back();
    record(ev::ProcessStart { taskOf(&added) });
    // The base page tables of a new mm (pgd, the first levels, the stack and binary's PTE pages).
    ensurePageTables(added, 0);
}

void Simulator::exitProcess(Process& process, ProcessState finalState)
{
    releaseProcessMemory(process);
    process.state = finalState;
    if (finalState == ProcessState::Killed)
        record(ev::ProcessKilled { taskOf(&process) });
    else
        record(ev::ProcessExit { taskOf(&process) });
}

std::optional<std::string> Simulator::apply(const Command& command)
{
    if (m_nodes.empty())
        return "the simulator has no machine";
    using Result = std::optional<std::string>;
    return std::visit(Overloaded {
                          [&](const SetSysctl& set) -> Result {
                              const SysctlInfo* info = findSysctl(set.write.name);
                              if (!info)
                                  return "unknown sysctl " + set.write.name;
                              if (auto error = checkSysctl(*info, set.write.values))
                                  return set.write.name + ": " + *error;
                              writeSysctl(m_tunables, *info, set.write.values);
                              if (info->effect != SysctlEffect::None)
                                  recomputeWatermarks(info->effect == SysctlEffect::LowmemReserve);
                              record(ev::Sysctl { set.write.name, set.write.values });
                              return std::nullopt;
                          },
                          [&](const SetOomScoreAdj& adj) -> Result {
                              if (adj.oomScoreAdj < -1000 || adj.oomScoreAdj > 1000)
                                  return "oom_score_adj must be in -1000..1000";
                              Process* p = findProcess(adj.process);
                              if (!p)
                                  return "no running process named " + adj.process;
                              p->oomScoreAdj = adj.oomScoreAdj;
                              record(ev::OomScoreAdj { taskOf(p), adj.oomScoreAdj });
                              return std::nullopt;
                          },
                          [&](const StartProcess& start) -> Result {
                              // The process's own start, exit and workload times count from the command's
                              // time.
                              ProcessSpec spec = start.process;
                              if (!spec.pid)
                                  spec.pid = m_nextPid++;
                              if (spec.exit)
                                  *spec.exit += m_now;
                              spec.start += m_now;
                              if (spec.start <= m_now) {
                                  startProcess(spec);
                              } else {
                                  auto at = std::upper_bound(m_toStart.begin(), m_toStart.end(), spec.start,
                                      [](Tick t, const ProcessSpec& p) { return t < p.start; });
                                  m_toStart.insert(at, spec);
                              }
                              return std::nullopt;
                          },
                          [&](const KillProcess& kill) -> Result {
                              Process* p = findProcess(kill.process);
                              if (!p)
                                  return "no running process named " + kill.process;
                              if (p->state == ProcessState::NotStarted)
                                  return "process " + kill.process + " has not started";
                              exitProcess(*p, ProcessState::Killed);
                              return std::nullopt;
                          },
                          [&](const DropCaches& drop) -> Result {
                              if (drop.mode < 1 || drop.mode > 3)
                                  return "drop_caches takes 1, 2 or 3";
                              // fs/drop_caches.c:drop_caches_sysctl_handler(); slab is not modelled as
                              // reclaimable.
                              if (drop.mode & 1) {
                                  dropPagecache();
                                  ++m_vmEvents[VmEvent::DropPagecache];
                              }
                              if (drop.mode & 2)
                                  ++m_vmEvents[VmEvent::DropSlab];
                              record(ev::DropCaches { drop.mode });
                              return std::nullopt;
                          },
                          [&](const Swapoff& off) -> Result {
                              if (auto error = m_swap.swapoff(off.device))
                                  return error;
                              record(ev::Swapoff { off.device });
                              return std::nullopt;
                          },
                          [&](const Swapon& on) -> Result { return swapon(on.device); },
                      },
        command);
}

void Simulator::step()
{
    if (m_stopped)
        return;
    // 1. due commands
    while (m_nextPending < m_pending.size() && m_pending[m_nextPending].at <= m_now) {
        const auto& cmd = m_pending[m_nextPending++];
        if (auto error = apply(cmd.command))
            record(ev::CommandFailed { *error });
    }
    // 2. process starts and exits
    while (!m_toStart.empty() && m_toStart.front().start <= m_now) {
        startProcess(m_toStart.front());
        m_toStart.erase(m_toStart.begin());
    }
    for (auto& p : m_processes) {
        if (p.exit && *p.exit <= m_now
            && (p.state != ProcessState::Exited && p.state != ProcessState::Killed
                && p.state != ProcessState::OutOfMemory))
            exitProcess(p, ProcessState::Exited);
    }
    // 3. I/O completions, and OOM victims exiting
    m_io.complete(m_now, [this](FrameIndex frame) { endWriteback(frame); });
    tickOomReaper();
    // 4. kswapd
    for (auto& node : m_nodes)
        tickKswapd(node);
    // 5. flusher
    tickFlusher();
    // 6. processes, pid order
    if (m_pidOrder.size() != m_processes.size()) {
        m_pidOrder.resize(m_processes.size());
        for (std::size_t i = 0; i < m_pidOrder.size(); ++i)
            m_pidOrder[i] = i;
        std::stable_sort(m_pidOrder.begin(), m_pidOrder.end(),
            [this](std::size_t a, std::size_t b) { return m_processes[a].pid < m_processes[b].pid; });
    }
    for (const auto i : m_pidOrder) {
        if (m_stopped)
            break;
        runProcess(m_processes[i]);
    }
    m_psi.account(m_now, kStep, [this](std::vector<int>& working) {
        for (std::size_t i = 0; i < m_processes.size(); ++i) {
            const Process& p = m_processes[i];
            if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited
                || p.state == ProcessState::Killed || p.state == ProcessState::OutOfMemory)
                continue;
            bool active = false;
            for (const auto& run : p.workloads)
                active = active || (m_now >= run.spec.start && (!run.spec.stop || m_now < *run.spec.stop));
            if (active)
                working.push_back(static_cast<int>(i));
        }
    });
    m_now += kStep;
#ifndef NDEBUG
    // Debug builds check conservation from the counters every step, and walk every list now and then.
    if (auto broken = checkCounters(); !broken.empty())
        stop("invariant broken: " + broken);
    else if (m_now % (10240 * kStep) == 0)
        if (auto walked = checkInvariants(); !walked.empty())
            stop("invariant broken: " + walked);
#endif
}

void Simulator::runUntil(Tick end)
{
    while (!m_stopped && m_now < end)
        step();
}

} // namespace rlab::engine
