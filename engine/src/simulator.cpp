// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/simulator.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/gfp.h"
#include "rlab/engine/overloaded.h"
#include "rlab/engine/watermarks.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rlab::engine {

namespace {

constexpr std::uint64_t kMaxFrames = 0x7fffffffULL;
constexpr Pages kMaxSwapSlots = (Pages { 1 } << 26) - 2;
constexpr std::uint64_t kZoneStartPfn[kMaxNrZones] = { 1, 4096, 1048576, 0, 0 };

/// Where each zone's span starts: node 0's zones at their x86-64 boundaries (DMA from PFN 1, DMA32
/// from 16 MiB, Normal from 4 GiB), each later node right after the one before.
struct PfnLayout
{
    std::vector<std::array<std::uint64_t, kMaxNrZones>> zoneStart; ///< [node][zone type]
    std::uint64_t end = 0; ///< one past the last spanned PFN
};

/// The PFNs a zone spans, holes included; a ZoneSpec built in code may leave `spanned` 0 (= present).
std::uint64_t spannedPfns(const ZoneSpec& spec)
{
    return std::max(spec.spanned, spec.present);
}

PfnLayout layoutPfns(const MachineSpec& machine)
{
    PfnLayout layout;
    std::uint64_t pfn = 0;
    for (std::size_t n = 0; n < machine.nodes.size(); ++n) {
        auto& starts = layout.zoneStart.emplace_back();
        starts.fill(pfn);
        for (const auto& spec : machine.nodes[n].zones) {
            const auto type = static_cast<std::size_t>(spec.type);
            starts[type] = n == 0 ? std::max(pfn, kZoneStartPfn[type]) : pfn;
            pfn = starts[type] + spannedPfns(spec);
        }
    }
    layout.end = pfn;
    return layout;
}

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

std::string bytesText(std::uint64_t bytes)
{
    constexpr std::array<const char*, 5> kUnits = { "B", "KiB", "MiB", "GiB", "TiB" };
    std::size_t unit = 0;
    double value = static_cast<double>(bytes);
    while (value >= 1024.0 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

std::optional<std::string> parseMemoryLimit(const std::string& value, std::uint64_t& bytes)
{
    constexpr std::uint64_t kMin = std::uint64_t { 64 } << 20;
    constexpr std::uint64_t kMax = std::uint64_t { 1 } << 40;
    const auto pages = parseSize(value);
    if (!pages || *pages > kMax / kPageSize || *pages * kPageSize < kMin)
        return "--memory-limit: '" + value + "' is not allowed; expected a size from 64M to 1T, e.g. 16G";
    bytes = *pages * kPageSize;
    return std::nullopt;
}

MemoryEstimate Simulator::estimateMemory(const Scenario& scenario)
{
    // Sizes reach 2^52 pages and there may be 65,535 workloads: every sum saturates instead of wrapping.
    const auto add = saturatingAdd;
    const auto mul = saturatingMul;
    std::uint64_t frames = 0;
    for (const auto& node : scenario.machine.nodes) {
        for (const auto& zone : node.zones)
            frames = add(frames, zone.managed);
    }
    std::uint64_t slots = 0;
    std::uint64_t devices = scenario.swap.size();
    for (const auto& device : scenario.swap)
        slots = add(slots, device.size);
    for (const auto& timed : scenario.events) { // a live swapon adds its device's slots
        if (const auto* on = std::get_if<Swapon>(&timed.command)) {
            slots = add(slots, on->device.size);
            ++devices;
        }
    }
    constexpr std::uint64_t kTraceBytesPerFrame = 2; // PageTrace: cause and list per frame, in the app
    constexpr std::uint64_t kBytesPerSlot = sizeof(decltype(SwapDevice::swapMap)::value_type)
        + sizeof(decltype(SwapDevice::cache)::value_type) + sizeof(decltype(SwapDevice::shadow)::value_type);
    constexpr std::uint64_t kChunk = PageIndex::chunkBytes();
    constexpr std::uint64_t kChunkPages = PageIndex::kChunkSize;

    MemoryEstimate e;
    e.frames = mul(frames, FrameStore::bytesPerFrame() + kTraceBytesPerFrame);
    e.swap = add(mul(slots, kBytesPerSlot), mul(devices, sizeof(SwapDevice)));
    std::vector<const ProcessSpec*> processes;
    for (const auto& p : scenario.processes)
        processes.push_back(&p);
    for (const auto& timed : scenario.events) {
        if (const auto* start = std::get_if<StartProcess>(&timed.command))
            processes.push_back(&start->process);
    }
    std::uint64_t mappingChunks = 0; // chunks the mappings span: no more can ever be allocated
    for (const ProcessSpec* p : processes) {
        e.processes = add(e.processes, sizeof(Process));
        for (const auto& w : p->workload) {
            const std::uint64_t chunks = w.size / kChunkPages + 1;
            mappingChunks = add(mappingChunks, chunks);
            e.pageIndices = add(e.pageIndices, add(sizeof(Mapping), mul(chunks, sizeof(void*))));
            // A byte per page of a mapped file (WorkloadRun::viewMapped).
            e.processes = add(e.processes, add(sizeof(WorkloadRun), w.file.empty() ? 0 : w.size));
        }
    }
    // A chunk of entries exists while it holds a page in memory, a swap entry or a shadow entry. Pages
    // touched sparsely can take a chunk each, so the bound is per page, capped by the chunks the mappings
    // span. Shadow-only chunks: mm/workingset.c:count_shadow_nodes() lets lru_pages >> 3 xa_nodes of 64
    // slots stay, and the shrinker runs only during reclaim, so twice that.
    const std::uint64_t shadowChunks = frames / 8 / (kChunkPages / 64) * 2;
    const std::uint64_t chunks = std::min(mappingChunks, add(add(frames, slots), shadowChunks));
    e.pageIndices = add(e.pageIndices, mul(chunks, kChunk));
    e.processes = add(e.processes, mul(add(frames, slots) / kChunkPages, sizeof(FrameIndex))); // page tables
    e.fixed = std::uint64_t { 16 } << 20;
    return e;
}

std::optional<std::string> Simulator::validate(const Scenario& scenario, std::uint64_t memoryLimit)
{
    Pages frames = 0;
    for (const auto& node : scenario.machine.nodes) {
        for (const auto& zone : node.zones)
            frames += zone.managed;
    }
    if (frames == 0)
        return "machine: no managed pages; at least one zone needs managed_pages > 0";
    // A frame index is a PFN, and page indices keep it in 31 bits.
    if (const std::uint64_t pfns = layoutPfns(scenario.machine).end; pfns > kMaxFrames)
        return "machine: the zones span " + std::to_string(pfns)
            + " page frames (PFNs), more than the engine's limit of " + std::to_string(kMaxFrames)
            + " (8 TiB)";
    std::size_t processes = scenario.processes.size();
    for (const auto& timed : scenario.events)
        processes +=
            std::holds_alternative<StartProcess>(timed.command) ? std::size_t { 1 } : std::size_t { 0 };
    if (processes > kMaxProcesses)
        return "processes: " + std::to_string(processes)
            + " processes (with those started by events) is more than " + "the engine's limit of "
            + std::to_string(kMaxProcesses);
    // Every workload may add a region or a page cache (FrameStore keeps 16-bit mapping indices).
    std::size_t workloads = 0;
    for (const auto& p : scenario.processes)
        workloads += p.workload.size();
    for (const auto& timed : scenario.events) {
        if (const auto* start = std::get_if<StartProcess>(&timed.command))
            workloads += start->process.workload.size();
    }
    if (workloads > kMaxMappings)
        return "processes: " + std::to_string(workloads)
            + " workloads in all is more than the engine's limit of " + std::to_string(kMaxMappings)
            + " memory regions and files";
    if (scenario.swap.size() > SwapSpace::kMaxDevices)
        return "swap: at most " + std::to_string(SwapSpace::kMaxDevices) + " devices are supported";
    for (std::size_t i = 0; i < scenario.swap.size(); ++i) {
        if (scenario.swap[i].size > kMaxSwapSlots)
            return "swap[" + std::to_string(i) + "].size: at most " + std::to_string(kMaxSwapSlots)
                + " pages per device (256 GiB less two pages; e.g. \"255G\")";
    }
    return checkMemoryLimit(scenario, memoryLimit);
}

std::optional<std::string> Simulator::checkMemoryLimit(const Scenario& scenario, std::uint64_t memoryLimit)
{
    if (const MemoryEstimate e = estimateMemory(scenario); e.total() > memoryLimit)
        return "machine: this scenario may need up to " + bytesText(e.total()) + " of engine memory (frames "
            + bytesText(e.frames) + ", swap slots " + bytesText(e.swap) + ", page indices "
            + bytesText(e.pageIndices) + ", processes " + bytesText(e.processes)
            + "), more than the limit of " + bytesText(memoryLimit)
            + "; make the machine's RAM or swap smaller";
    return std::nullopt;
}

Simulator::Simulator(const Scenario& scenario, std::uint64_t seed, std::uint64_t memoryLimit)
    : m_scenario(scenario)
    , m_k(std::make_unique<Kernel>(seed))
{
    if (auto error = validate(scenario, memoryLimit)) {
        m_k->stopped = true;
        m_k->stopReason = *error;
        return;
    }
    buildMachine(scenario);
}

Simulator::~Simulator() = default;

void Simulator::buildMachine(const Scenario& scenario)
{
    Kernel& k = *m_k;
    k.machineSpec = scenario.machine;

    // Zones and frames: each zone's managed pages are a contiguous range of frame indices.
    const PfnLayout layout = layoutPfns(scenario.machine);
    for (std::size_t n = 0; n < scenario.machine.nodes.size(); ++n) {
        Node node;
        node.id = static_cast<int>(n);
        node.lruvec.node = node.id;
        for (int t = 0; t < kMaxNrZones; ++t) {
            node.zones[static_cast<std::size_t>(t)].type = static_cast<ZoneType>(t);
            node.zones[static_cast<std::size_t>(t)].node = node.id;
        }
        for (const auto& spec : scenario.machine.nodes[n].zones) {
            Zone& zone = node.zones[static_cast<std::size_t>(spec.type)];
            zone.spanned = spannedPfns(spec);
            zone.present = spec.present;
            zone.managed = spec.managed;
            zone.startPfn = layout.zoneStart[n][static_cast<std::size_t>(spec.type)];
        }
        k.nodes.push_back(node);
    }
    k.alloc.buildZonelists();
    k.memcg.boot(scenario.cgroups, k.nodes.size()); // before the frames: they carry a cgroup id if any
    k.frames.build(k.nodes);

    // Boot: the square-root rule, then khugepaged's raise (page_alloc.c:init_per_zone_wmark_min,
    // khugepaged.c:set_recommended_min_free_kbytes), then the scenario's sysctl writes as a
    // sysctl.conf would apply them.
    std::vector<ZoneSize> sizes;
    for (const auto& node : k.nodes) {
        for (const auto& zone : node.zones)
            sizes.push_back({ node.id, zone.index(), zone.present, zone.managed });
    }
    // huge_memory.c:hugepage_init() clears transparent_hugepage_flags below 512 MiB: both files read never.
    // transparent_hugepage=never on the command line leaves defrag alone.
    const bool thpMemory = thpEnabledAtBoot(sizes, true);
    k.thpEnabled = thpMemory && scenario.machine.transparentHugepage != ThpMode::Never;
    k.thpMode = thpMemory ? scenario.machine.transparentHugepage : ThpMode::Never;
    k.thpDefrag = thpMemory ? scenario.machine.thpDefrag : ThpDefrag::Never;
    k.tunables.minFreeKbytes = defaultMinFreeKbytes(sizes, k.thpEnabled);
    for (const auto& write : scenario.sysctls) {
        if (const auto* info = findSysctl(write.name); info && !checkSysctl(*info, write.values))
            writeSysctl(k.tunables, *info, write.values);
    }
    k.alloc.recomputeWatermarks(true);
    k.compaction.boot();

    // Memory the kernel holds from boot (slab, stacks): an estimate unless the scenario sets it.
    Pages totalManaged = 0;
    for (const auto& s : sizes)
        totalManaged += s.managed;
    const Pages kernelPages =
        std::min(scenario.machine.kernelPages.value_or(4096 + totalManaged / 256), totalManaged / 2);
    for (Pages i = 0; i < kernelPages; ++i) {
        FrameIndex f = kNoFrame;
        for (Zone* zone : k.alloc.zonelist(0, static_cast<int>(ZoneType::Normal), gfp::kKernel)) {
            f = k.frames.takeFreeFrame(*zone, Migratetype::Unmovable);
            if (f != kNoFrame)
                break;
        }
        if (f == kNoFrame)
            break;
        ++k.frames.nodeOf(f).stat[NodeStat::NrSlabUnreclaimable];
    }
    k.vmEvents = {}; // boot allocations are not workload events

    // Disks: 0 is file storage, then one per swap device.
    k.io.addDisk(scenario.machine.fileDisk);
    for (const auto& spec : scenario.swap)
        apply(Swapon { spec });

    k.workloads.boot(scenario.processes);
    m_pending = scenario.events;
    std::stable_sort(m_pending.begin(), m_pending.end(),
        [](const TimedCommand& a, const TimedCommand& b) { return a.at < b.at; });
    k.writeback.boot();
}

Tick Simulator::now() const
{
    return m_k->now;
}

bool Simulator::stopped() const
{
    return m_k->stopped;
}

const std::string& Simulator::stopReason() const
{
    return m_k->stopReason;
}

const std::vector<Node>& Simulator::nodes() const
{
    return m_k->nodes;
}

const std::vector<Process>& Simulator::processes() const
{
    return m_k->processes;
}

const std::vector<FileObject>& Simulator::files() const
{
    return m_k->files;
}

const std::vector<Mapping>& Simulator::mappings() const
{
    return m_k->mappings;
}

ThpMode Simulator::thpMode() const
{
    return m_k->thpMode;
}

ThpDefrag Simulator::thpDefrag() const
{
    return m_k->thpDefrag;
}

std::uint64_t Simulator::khugepagedPagesCollapsed() const
{
    return m_k->khugepaged.pagesCollapsed();
}

std::uint64_t Simulator::khugepagedFullScans() const
{
    return m_k->khugepaged.fullScans();
}

const Tunables& Simulator::tunables() const
{
    return m_k->tunables;
}

const CounterArray<VmEvent>& Simulator::events() const
{
    return m_k->vmEvents;
}

const ScanBalance& Simulator::lastScanBalance() const
{
    return m_k->vmscan.lastScanBalance();
}

std::uint64_t Simulator::global(ZoneStat item) const
{
    return m_k->global(item);
}

std::uint64_t Simulator::global(NodeStat item) const
{
    return m_k->global(item);
}

Pages Simulator::totalRamPages() const
{
    return m_k->totalRamPages();
}

const SwapSpace& Simulator::swap() const
{
    return m_k->swap;
}

const FrameStore& Simulator::frames() const
{
    return m_k->frames;
}

PageTrace& Simulator::pageTrace()
{
    return m_k->trace;
}

std::pair<Pages, Pages> Simulator::dirtyThresholds() const
{
    return m_k->writeback.dirtyThresholds();
}

const OomKiller& Simulator::oom() const
{
    return m_k->oom;
}

const MemControl& Simulator::memcg() const
{
    return m_k->memcg;
}

const Psi& Simulator::psi() const
{
    return m_k->psi.group();
}

const std::deque<std::string>& Simulator::kernelLog() const
{
    return m_k->kernelLog;
}

std::vector<Event> Simulator::drainEvents()
{
    std::vector<Event> out;
    out.swap(m_k->events);
    return out;
}

void Simulator::drainEventsInto(std::vector<Event>& out)
{
    std::vector<Event>& events = m_k->events;
    if (out.empty() && out.capacity() < events.capacity()) {
        out.swap(events);
        return;
    }
    out.insert(out.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    events.clear();
}

std::optional<std::string> Simulator::apply(const Command& command)
{
    Kernel& k = *m_k;
    if (k.nodes.empty())
        return "the simulator has no machine";
    using Result = std::optional<std::string>;
    return std::visit(
        Overloaded {
            [&](const SetSysctl& set) -> Result {
                const SysctlInfo* info = findSysctl(set.write.name);
                if (!info)
                    return "unknown sysctl " + set.write.name;
                if (auto error = checkSysctl(*info, set.write.values))
                    return set.write.name + ": " + *error;
                writeSysctl(k.tunables, *info, set.write.values);
                if (info->effect != SysctlEffect::None)
                    k.alloc.recomputeWatermarks(info->effect == SysctlEffect::LowmemReserve);
                k.record(ev::Sysctl { set.write.name, set.write.values });
                return std::nullopt;
            },
            [&](const SetOomScoreAdj& adj) -> Result {
                if (adj.oomScoreAdj < -1000 || adj.oomScoreAdj > 1000)
                    return "oom_score_adj must be in -1000..1000";
                Process* p = k.workloads.findProcess(adj.process);
                if (!p)
                    return "no running process named " + adj.process;
                p->oomScoreAdj = adj.oomScoreAdj;
                k.record(ev::OomScoreAdj { Kernel::taskOf(p), adj.oomScoreAdj });
                return std::nullopt;
            },
            [&](const StartProcess& start) -> Result { return k.workloads.queueStart(start.process); },
            [&](const KillProcess& kill) -> Result {
                Process* p = k.workloads.findProcess(kill.process);
                if (!p)
                    return "no running process named " + kill.process;
                if (p->state == ProcessState::NotStarted)
                    return "process " + kill.process + " has not started";
                k.workloads.exitProcess(*p, ProcessState::Killed);
                return std::nullopt;
            },
            [&](const DropCaches& drop) -> Result {
                if (drop.mode < 1 || drop.mode > 3)
                    return "drop_caches takes 1, 2 or 3";
                // fs/drop_caches.c:drop_caches_sysctl_handler(); slab is not modelled as
                // reclaimable.
                if (drop.mode & 1) {
                    k.filemap.dropPagecache();
                    ++k.vmEvents[VmEvent::DropPagecache];
                }
                if (drop.mode & 2)
                    ++k.vmEvents[VmEvent::DropSlab];
                k.record(ev::DropCaches { drop.mode });
                return std::nullopt;
            },
            [&](const Swapoff& off) -> Result {
                if (auto error = k.swap.swapoff(off.device))
                    return error;
                k.record(ev::Swapoff { off.device });
                return std::nullopt;
            },
            [&](const Swapon& on) -> Result {
                const auto result = k.swap.swapon(on.device, static_cast<std::uint32_t>(k.io.diskCount()));
                if (result.error || !result.added)
                    return result.error;
                const SwapDevice& dev = *result.added;
                k.io.addDisk(on.device.disk);
                // mm/swapfile.c:enable_swap_info() prints this on every swapon; SS marks a
                // solid-state device.
                k.printk("Adding " + std::to_string(dev.slots * 4) + "k swap on " + dev.name + ".  Priority:"
                    + std::to_string(dev.priority) + " extents:1 across:" + std::to_string(dev.slots * 4)
                    + "k " + (dev.disk.latency < 1000 ? "SS" : ""));
                k.record(ev::Swapon { dev.name, dev.slots, dev.priority });
                return std::nullopt;
            },
            [&](const SetThp& set) -> Result {
                // Not modelled: enabling THP later raising min_free_kbytes.
                const ThpMode before = k.thpMode;
                if (set.enabled)
                    k.thpMode = *set.enabled;
                k.khugepaged.thpModeChanged(before);
                if (set.defrag)
                    k.thpDefrag = *set.defrag;
                k.record(ev::ThpSetting { thpModeName(k.thpMode), thpDefragName(k.thpDefrag) });
                return std::nullopt;
            },
            [&](const SetCgroup& set) -> Result {
                if (!k.memcg.find(set.path))
                    return "unknown cgroup " + set.path;
                // The files in the order the write applies them, each recorded as it reads back.
                const auto note = [&](const char* file, const std::optional<Pages>& value) {
                    if (value)
                        k.record(ev::CgroupWrite { set.path, file, MemControl::limitText(*value) });
                };
                note("memory.max", set.max);
                note("memory.high", set.high);
                note("memory.low", set.low);
                note("memory.min", set.min);
                note("memory.swap.max", set.swapMax);
                if (set.oomGroup)
                    k.record(ev::CgroupWrite { set.path, "memory.oom.group", *set.oomGroup ? "1" : "0" });
                note("memory.reclaim", set.reclaim);
                return k.memcg.write(set);
            },
            [&](const MoveProcess& move) -> Result {
                Process* p = k.workloads.findProcess(move.process);
                if (!p)
                    return "no running process named " + move.process;
                const auto id = k.memcg.find(move.cgroup);
                if (!id)
                    return "unknown cgroup " + move.cgroup;
                k.record(ev::CgroupMove { Kernel::taskOf(p), k.memcg.group(p->memcg).path, move.cgroup });
                p->memcg = static_cast<std::uint8_t>(*id);
                return std::nullopt;
            },
        },
        command);
}

void Simulator::step()
{
    Kernel& k = *m_k;
    if (k.stopped)
        return;
    // 1. due commands
    while (m_nextPending < m_pending.size() && m_pending[m_nextPending].at <= k.now) {
        const auto& cmd = m_pending[m_nextPending++];
        if (auto error = apply(cmd.command))
            k.record(ev::CommandFailed { *error });
    }
    // 2. process starts and exits
    k.workloads.tickStartsAndExits();
    // 3. I/O completions, and OOM victims exiting
    k.io.complete(k.now, [&k](FrameIndex frame) { k.filemap.endWriteback(frame); });
    k.oom.tickOomReaper();
    k.shareCpus(); // with machine.cpus: who gets how much CPU in this step
    // 4. kswapd
    for (auto& node : k.nodes)
        k.kswapd.tickKswapd(node);
    // 4b. kcompactd: woken by kswapd, or its 500 ms proactive check
    for (auto& node : k.nodes)
        k.compaction.tickKcompactd(node);
    // 4c. khugepaged: a scan pass every scan_sleep_millisecs
    k.khugepaged.tick();
    // 5. flusher
    k.writeback.tickFlusher();
    // 6. processes, pid order
    k.workloads.runProcesses();
    // 7. pressure stall accounting
    k.psi.account(k.now, kStep, [&k](std::vector<int>& working) {
        for (std::size_t i = 0; i < k.processes.size(); ++i) {
            const Process& p = k.processes[i];
            if (p.state == ProcessState::NotStarted || p.state == ProcessState::Exited
                || p.state == ProcessState::Killed || p.state == ProcessState::OutOfMemory)
                continue;
            bool active = false;
            for (const auto& run : p.workloads)
                active = active || run.activeAt(k.now);
            if (active)
                working.push_back(static_cast<int>(i));
        }
    });
    k.now += kStep;
    if (!k.checkCountersEachStep)
        return;
    if (auto broken = checkCounters(); !broken.empty()) {
        k.stop("invariant broken: " + broken);
    } else if (k.invariantWalkEvery != 0
        && static_cast<std::uint64_t>(k.now / kStep) % k.invariantWalkEvery == 0) {
        ++k.invariantWalks;
        if (auto walked = m_k->frames.checkLists(); !walked.empty())
            k.stop("invariant broken: " + walked);
        else if (auto charges = m_k->memcg.checkCharges(); !charges.empty())
            k.stop("invariant broken: " + charges);
    }
}

void Simulator::checkInvariantsEvery(std::uint64_t walkEverySteps)
{
    m_k->checkCountersEachStep = true;
    m_k->invariantWalkEvery = walkEverySteps;
}

void Simulator::disableInvariantChecks()
{
    m_k->checkCountersEachStep = false;
    m_k->invariantWalkEvery = 0;
}

std::uint64_t Simulator::invariantWalks() const
{
    return m_k->invariantWalks;
}

void Simulator::runUntil(Tick end)
{
    while (!m_k->stopped && m_k->now < end)
        step();
}

std::size_t Simulator::memoryBytes() const
{
    const Kernel& k = *m_k;
    std::size_t total = k.frames.memoryBytes() + k.trace.memoryBytes() + k.events.capacity() * sizeof(Event)
        + k.writeback.memoryBytes() + k.workingset.memoryBytes() + k.nodes.size() * sizeof(Node)
        + k.workloads.memoryBytes();
    for (const auto& m : k.mappings)
        total += sizeof(Mapping) + m.entries.memoryBytes();
    total += k.swap.memoryBytes() + k.psi.memoryBytes() + k.io.memoryBytes();
    return total;
}

std::string Simulator::checkCounters() const
{
    // O(zones): every frame is free, on an LRU list, or held by the kernel (slab, page tables).
    Pages free = 0;
    Pages lru = 0;
    Pages kernel = 0;
    for (const auto& node : m_k->nodes) {
        for (const auto& zone : node.zones) {
            free += zone.freePages();
            if (zone.wmark.min > zone.wmark.low || zone.wmark.low > zone.wmark.high)
                return std::string("watermarks out of order in zone ") + zoneTypeName(zone.type);
        }
        for (std::size_t id = 0; id < m_k->memcg.size(); ++id) {
            for (const auto size : m_k->memcg.lruvec(static_cast<int>(id), const_cast<Node&>(node)).size)
                lru += size;
        }
        if (node.stat[NodeStat::NrIsolatedAnon] || node.stat[NodeStat::NrIsolatedFile])
            return "pages left isolated between steps";
        kernel += node.stat[NodeStat::NrSlabUnreclaimable] + node.stat[NodeStat::NrSlabReclaimable]
            + node.stat[NodeStat::NrPageTablePages];
    }
    const Pages managed = m_k->frames.size() - m_k->frames.reserved();
    if (free + lru + kernel != managed)
        return "frame conservation broken: free " + std::to_string(free) + " + lru " + std::to_string(lru)
            + " + kernel " + std::to_string(kernel) + " != managed frames " + std::to_string(managed);
    return {};
}

std::string Simulator::checkInvariants() const
{
    if (auto broken = checkCounters(); !broken.empty())
        return broken;
    if (auto broken = m_k->frames.checkLists(); !broken.empty())
        return broken;
    if (auto broken = m_k->memcg.checkCharges(); !broken.empty())
        return broken;
    return checkReverseMap();
}

std::string Simulator::checkReverseMap() const
{
    // Every page on an LRU list is found where its owner looks for it: its slot in the mapping (page
    // cache, or a mapped anonymous page's PTE) or, for an anonymous page out of the page table, the swap
    // cache. Migration must move these references with the page. O(frames).
    const Kernel& k = *m_k;
    for (FrameIndex f = 0; f < k.frames.size(); ++f) {
        if (!k.frames.managed(f) || !k.frames.onLru(f) || k.frames.mapping[f] == kNoMapping)
            continue;
        const Mapping& mapping = k.mappings[k.frames.mapping[f]];
        const std::uint32_t e = mapping.entries.get(k.frames.offset[f]);
        if (detail::isResident(e) && detail::residentFrame(e) == f)
            continue;
        const PageFlags flags = k.frames.flags[f];
        if (flags & kPgSwapcache) {
            const std::uint32_t entry = k.frames.swapEntry[f];
            if (k.swap.device(detail::swapDevice(entry)).cache[detail::swapSlot(entry)] == f)
                continue;
        }
        return "reverse map broken: frame " + std::to_string(f) + " is not where its owner finds it";
    }
    return {};
}

} // namespace rlab::engine
