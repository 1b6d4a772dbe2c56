// SPDX-License-Identifier: GPL-3.0-or-later
// Engine state files: every field a later step reads, listed once per type and transferred both ways by
// the archive of detail/state_archive.h. What a boot from the same scenario rebuilds (zonelists, zone
// ranges, constant tables) and scratch buffers are not saved. docs/state-format.md describes the file.
#include "rlab/engine/state.h"

#include "detail/kernel.h"
#include "detail/state_archive.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <locale>
#include <sstream>

namespace rlab::engine {

// ---------------------------------------------------------------------------------------------------------
// Plain structs: their fields, in declaration order.

template<class Ar>
void stateFields(Ar& ar, ZoneSpec& v)
{
    ar(v.type, v.spanned, v.present, v.managed);
}
template<class Ar>
void stateFields(Ar& ar, NodeSpec& v)
{
    ar(v.zones);
}
template<class Ar>
void stateFields(Ar& ar, DiskSpec& v)
{
    ar(v.latency, v.pagesPerSecond);
}
template<class Ar>
void stateFields(Ar& ar, KhugepagedSpec& v)
{
    ar(v.pagesToScan, v.scanSleepMillisecs, v.allocSleepMillisecs, v.defrag, v.maxPtesNone);
}
template<class Ar>
void stateFields(Ar& ar, MachineSpec& v)
{
    ar(v.nodes, v.ram, v.transparentHugepage, v.thpDefrag, v.khugepaged, v.kernelPages,
        v.reclaimScanPagesPerMs, v.cpus, v.pageCpuTime, v.pageoutCpuTime, v.fileDisk);
}
template<class Ar>
void stateFields(Ar& ar, SwapSpec& v)
{
    ar(v.name, v.size, v.priority, v.disk);
}
template<class Ar>
void stateFields(Ar& ar, SysctlWrite& v)
{
    ar(v.name, v.values);
}
template<class Ar>
void stateFields(Ar& ar, WorkloadSpec& v)
{
    ar(v.kind, v.start, v.stop, v.size, v.ratePagesPerSec, v.accessesPerSec, v.fileBacked, v.file, v.zone,
        v.pattern, v.order, v.gfp, v.lifetime, v.keepEvery, v.madvise);
}
template<class Ar>
void stateFields(Ar& ar, ProcessSpec& v)
{
    ar(v.name, v.pid, v.uid, v.oomScoreAdj, v.start, v.exit, v.node, v.cgroup, v.workload);
}
template<class Ar>
void stateFields(Ar& ar, CgroupLimits& v)
{
    ar(v.max, v.high, v.low, v.min, v.swapMax, v.oomGroup);
}
template<class Ar>
void stateFields(Ar& ar, CgroupSpec& v)
{
    ar(v.path, v.limits);
}
template<class Ar>
void stateFields(Ar& ar, SetCgroup& v)
{
    ar(v.path, v.max, v.high, v.low, v.min, v.swapMax, v.oomGroup, v.reclaim);
}
template<class Ar>
void stateFields(Ar& ar, MoveProcess& v)
{
    ar(v.process, v.cgroup);
}
template<class Ar>
void stateFields(Ar& ar, SetSysctl& v)
{
    ar(v.write);
}
template<class Ar>
void stateFields(Ar& ar, SetOomScoreAdj& v)
{
    ar(v.process, v.oomScoreAdj);
}
template<class Ar>
void stateFields(Ar& ar, StartProcess& v)
{
    ar(v.process);
}
template<class Ar>
void stateFields(Ar& ar, KillProcess& v)
{
    ar(v.process);
}
template<class Ar>
void stateFields(Ar& ar, DropCaches& v)
{
    ar(v.mode);
}
template<class Ar>
void stateFields(Ar& ar, Swapoff& v)
{
    ar(v.device);
}
template<class Ar>
void stateFields(Ar& ar, Swapon& v)
{
    ar(v.device);
}
template<class Ar>
void stateFields(Ar& ar, SetThp& v)
{
    ar(v.enabled, v.defrag);
}
template<class Ar>
void stateFields(Ar& ar, TimedCommand& v)
{
    ar(v.at, v.command);
}
template<class Ar>
void stateFields(Ar& ar, Scenario& v)
{
    ar(v.name, v.description, v.seed, v.duration, v.machine, v.sysctls, v.swap, v.cgroups, v.processes,
        v.events);
}

template<class Ar>
void stateFields(Ar& ar, Tunables& v)
{
    ar(v.swappiness, v.minFreeKbytes, v.watermarkScaleFactor, v.watermarkBoostFactor, v.lowmemReserveRatio,
        v.pageCluster, v.dirtyRatio, v.dirtyBackgroundRatio, v.dirtyBytes, v.dirtyBackgroundBytes,
        v.dirtyExpireCentisecs, v.dirtyWritebackCentisecs, v.oomKillAllocatingTask, v.panicOnOom,
        v.oomDumpTasks, v.compactionProactiveness, v.extfragThreshold, v.compactUnevictableAllowed);
}
template<class Ar>
void stateFields(Ar& ar, Watermarks& v)
{
    ar(v.min, v.low, v.high, v.promo);
}
template<class Ar>
void stateFields(Ar& ar, FreeArea& v)
{
    ar(v.head, v.tail, v.blocks, v.nrFree);
}
template<class Ar>
void stateFields(Ar& ar, Zone& v)
{
    ar(v.type, v.node, v.spanned, v.present, v.managed, v.startPfn, v.wmark, v.watermarkBoost,
        v.lowmemReserve, v.stat, v.numa, v.freeArea, v.freeOrders, v.pageblockType, v.nrReservedHighatomic,
        v.boostedWatermarkFlag, v.compactConsidered, v.compactDeferShift, v.compactOrderFailed,
        v.compactCachedMigratePfn, v.compactCachedFreePfn, v.pageblockSkip, v.compactBlockskipFlush);
}
template<class Ar>
void stateFields(Ar& ar, Lruvec& v)
{
    ar(v.node, v.memcg, v.head, v.tail, v.size, v.zoneSize, v.anonCost, v.fileCost, v.nonresidentAge,
        v.refaults);
}
template<class Ar>
void stateFields(Ar& ar, KswapdThread& v)
{
    ar(v.state, v.order, v.highestZoneidx, v.failures, v.wokenDuringNap, v.napUntil, v.busyUntil, v.cpuUntil,
        v.cpuShare, v.runHighestZoneidx, v.runOrder, v.reclaimOrder, v.priority, v.nrReclaimed,
        v.nrBoostReclaim, v.zoneBoosts, v.boosted, v.runStarted, v.runScanned);
}
template<class Ar>
void stateFields(Ar& ar, KcompactdThread& v)
{
    ar(v.maxOrder, v.highestZoneidx, v.woken, v.busyUntil, v.nextTimeout);
}
template<class Ar>
void stateFields(Ar& ar, Node& v)
{
    ar(v.id, v.zones, v.stat, v.lruvec, v.kswapd, v.kcompactd, v.totalreservePages, v.pgdatDirty,
        v.pgdatWriteback, v.lruvecCongested);
}
template<class Ar>
void stateFields(Ar& ar, ScanBalance& v)
{
    ar(v.priority, v.swappiness, v.decided, v.mode, v.reason, v.fractionAnon, v.fractionFile, v.denominator,
        v.nr, v.kswapd);
}
template<class Ar>
void stateFields(Ar& ar, SwapDevice& v)
{
    ar(v.name, v.priority, v.active, v.slots, v.inuse, v.swapMap, v.cache, v.shadow, v.clusterNext,
        v.lastUsed, v.prevOffset, v.disk, v.diskId);
}
template<class Ar>
void stateFields(Ar& ar, Mapping& v)
{
    ar(v.kind, v.process, v.file, v.locked, v.exec, v.entries, v.resident, v.lazyYoung, v.accessClock,
        v.advice, v.pmdPopulated);
    if constexpr (Ar::kLoading) {
        // The THP fault indexes the PMD map without a bound check.
        const std::size_t pmds = v.kind == MappingKind::Anon ? v.entries.size() >> kHpagePmdOrder : 0;
        if (v.pmdPopulated.size() != pmds)
            throw StateError("a mapping's PMD map does not match its size");
    }
}
template<class Ar>
void stateFields(Ar& ar, FileObject& v)
{
    ar(v.name, v.size, v.mapping, v.dirty);
}
template<class Ar>
void stateFields(Ar& ar, WorkloadRun& v)
{
    ar(v.spec, v.mapping, v.cursor, v.carry, v.dirtiedSinceCheck, v.viewMapped, v.viewResident);
    stateIoEach(
        ar, v.kernelBlocks, [&ar](WorkloadRun::KernelBlock& block) { ar(block.frame, block.freeAt); });
    ar(v.kernelBlocksHead, v.keptBlocks, v.kernelAllocs, v.kernelAllocFailures);
}
template<class Ar>
void stateFields(Ar& ar, Process& v)
{
    ar(v.pid, v.name, v.uid, v.oomScoreAdj, v.node, v.memcg, v.memcgNrPagesOverHigh, v.start, v.exit, v.state,
        v.busyUntil, v.reclaimCpuUntil, v.reclaimCpuShare, v.stallTotal, v.workloads, v.rssAnon, v.rssFile,
        v.rssShmem, v.swapEnts, v.pgtablePages, v.pgtableCovered, v.totalVm, v.pgtableFrames, v.oomVictim,
        v.oomSkip, v.reaperLogged, v.releaseWorkload, v.releaseOffset);
}
template<class Ar>
void stateFields(Ar& ar, RecorderCounters& v)
{
    ar(v.steps, v.kswapdSteps, v.stepsAtSample, v.kswapdStepsAtSample, v.lastSampleAt, v.lastSampleDuty);
}
template<class Ar>
void stateFields(Ar& ar, RunInfo& v)
{
    ar(v.scenarioFile, v.seed, v.recorder);
}

// ---------------------------------------------------------------------------------------------------------
// Components with private state.

template<class Ar>
void PageIndex::stateIo(Ar& ar)
{
    ar(m_size);
    if constexpr (Ar::kLoading) {
        if (m_size > (Pages { 1 } << 32)) // a frame's offset is 32 bits
            throw StateError("a page index is larger than 2^32 pages");
        clear();
    }
    std::size_t chunks = 0;
    for (const auto& chunk : m_dir)
        chunks += chunk != nullptr;
    chunks = ar.count(chunks, sizeof(Chunk::entries));
    std::size_t at = 0;
    for (std::size_t i = 0; i < chunks; ++i) {
        if constexpr (!Ar::kLoading) {
            while (!m_dir[at])
                ++at;
        }
        std::uint64_t index = at;
        ar(index);
        if constexpr (Ar::kLoading) {
            if (index >= m_dir.size() || m_dir[index])
                throw StateError("a page index chunk is out of place");
            m_dir[index] = std::make_unique<Chunk>();
            m_memory += sizeof(Chunk);
        }
        Chunk& chunk = *m_dir[index];
        ar.raw(chunk.entries.data(), sizeof chunk.entries);
        ar(chunk.shadowCounted);
        if constexpr (Ar::kLoading) { // the counts follow from the entries
            chunk.used = static_cast<std::uint16_t>(std::count_if(
                chunk.entries.begin(), chunk.entries.end(), [](std::uint32_t e) { return e != 0; }));
            chunk.resident = static_cast<std::uint16_t>(std::count_if(
                chunk.entries.begin(), chunk.entries.end(), [](std::uint32_t e) { return (e >> 31) != 0; }));
            if (chunk.used == 0)
                throw StateError("a page index chunk is empty");
        }
        at = static_cast<std::size_t>(index) + 1;
    }
}

template<class Ar>
void FrameStore::stateIo(Ar& ar)
{
    ar(m_pageMoves);
    std::size_t ranges = ar.count(m_zoneRanges.size());
    if (ranges != m_zoneRanges.size())
        throw StateError("the state's zones do not match its scenario's");
    for (const ZoneRange& range : m_zoneRanges) {
        const std::size_t n = range.end - range.first;
        // Every managed frame has a state and flags.
        ar.raw(&flags[range.first], n * sizeof(PageFlags));
        ar.raw(&state[range.first], n * sizeof(std::uint8_t));
        // A free frame keeps its page_private (a free block's first page: the buddy mark, its list and
        // order; 0 otherwise) and a first page its list links. The other free frames' links and owner
        // fields are written when they are taken (rmqueue), so they are not kept.
        for (FrameIndex f = range.first; f < range.end; ++f) {
            if (state[f] == static_cast<std::uint8_t>(FrameState::Free)) {
                ar(offset[f]);
                if (offset[f] & Buddy::kBuddyMark)
                    ar(next[f], prev[f]);
                continue;
            }
            ar(next[f]);
            if (isLruStateCode(state[f]))
                ar(prev[f]);
            ar(mapping[f], offset[f], swapEntry[f]);
            if (!memcg.empty()) {
                ar(memcg[f]);
                if (memcg[f] >= m_k.memcg.size())
                    throw StateError("a frame names a cgroup that does not exist");
            }
            if (mapping[f] == kNoMapping)
                continue;
            if (mapping[f] >= m_k.mappings.size())
                throw StateError("a frame names a mapping that does not exist");
            if (m_k.mappings[mapping[f]].lazyYoung) // only lazily accessed regions read the stamp
                ar(stamp[f]);
        }
    }
}

template<class Ar>
void SwapSpace::stateIo(Ar& ar)
{
    ar(m_devices, m_leastPriority, m_useSeq);
}

template<class Ar>
void BlockIo::stateIo(Ar& ar)
{
    stateIoEach(ar, m_disks, [&ar](Disk& disk) { ar(disk.spec, disk.freeAt); });
    stateIoEach(ar, m_inflight, [&ar](Request& request) { ar(request.done, request.frame, request.seq); });
    ar(m_seq);
}

template<class Ar>
void Psi::stateIo(Ar& ar)
{
    ar(m_total, m_avgTotal, m_avg, m_lastUpdate, m_nextUpdate);
}

template<class Ar>
void PsiTracker::stateIo(Ar& ar)
{
    ar(m_group);
    stateIoEach(ar, m_blocked, [&ar](BlockedInterval& blocked) {
        ar(blocked.owner, blocked.start, blocked.end, blocked.memstall, blocked.running);
    });
}

template<class Ar>
void stateFields(Ar& ar, ScanControl& v)
{
    // process is left out: only kswapd's passes are saved, and they have none.
    ar(v.nrToReclaim, v.nrReclaimed, v.nrScanned, v.priority, v.reclaimIdx, v.order, v.kswapd, v.mayWritepage,
        v.mayUnmap, v.maySwap, v.mayDeactivateAnon, v.mayDeactivateFile, v.forceDeactivate,
        v.skippedDeactivate, v.cacheTrimMode, v.fileIsTiny, v.anonCost, v.fileCost, v.targetMemcg,
        v.cgroupReclaim, v.memcgLowReclaim, v.memcgLowSkipped);
    ar(v.nr.dirty, v.nr.unqueuedDirty, v.nr.congested, v.nr.writeback, v.nr.immediate, v.nr.fileTaken,
        v.nr.taken);
    ar(v.totalScanned, v.pageouts, v.throttle, v.clockStart, v.cpuShare, v.scannedBefore, v.pageoutsBefore,
        v.throttleBefore);
}
template<class Ar>
void stateFields(Ar& ar, LruvecScan& v)
{
    ar(v.nr, v.targets, v.nrReclaimed, v.nodeReclaimedBefore, v.proportionalReclaim, v.memcg, v.started);
}
template<class Ar>
void stateFields(Ar& ar, KswapdPass& v)
{
    ar(v.sc, v.scan, v.reclaimedBefore, v.raisePriority, v.active);
}

template<class Ar>
void Kswapd::stateIo(Ar& ar)
{
    ar(m_passes);
}

template<class Ar>
void Vmscan::stateIo(Ar& ar)
{
    ar(m_lastScanBalance);
}

template<class Ar>
void PageAllocator::stateIo(Ar& ar)
{
    ar(m_warnAllocBegin, m_warnAllocPrinted, m_warnAllocMissed);
}

template<class Ar>
void Workingset::stateIo(Ar& ar)
{
    ar(m_shadowQueue, m_shadowQueueHead);
}

template<class Ar>
void Writeback::stateIo(Ar& ar)
{
    ar(m_nextFlush, m_flusherWoken);
    stateIoEach(ar, m_dirtyQueue,
        [&ar](DirtyRecord& record) { ar(record.at, record.frame, record.mapping, record.offset); });
    ar(m_dirtyQueueHead);
}

template<class Ar>
void Workloads::stateIo(Ar& ar)
{
    ar(m_nextPid, m_toStart, m_pidOrder);
    stateIoEach(ar, m_swapReadahead, [&ar](SwapReadahead& readahead) {
        ar(readahead.prevOffset, readahead.seen, readahead.window, readahead.hits);
    });
}

template<class Ar>
void stateFields(Ar& ar, PageCounter& v)
{
    ar(v.usage, v.max, v.high, v.min, v.low, v.emin, v.elow, v.minUsage, v.lowUsage, v.childrenMinUsage,
        v.childrenLowUsage, v.watermark, v.failcnt);
}

template<class Ar>
void MemControl::stateIo(Ar& ar)
{
    // The tree is the scenario's (boot() built it); the counters, events and lists are the state's.
    const std::size_t groups = ar.count(m_groups.size());
    if (groups != m_groups.size())
        throw StateError("the state's cgroups do not match its scenario's");
    for (MemCgroup& g : m_groups) {
        ar(g.memory, g.swap, g.oomGroup, g.events, g.eventsLocal, g.swapEvents, g.counts);
        const std::size_t nodes = ar.count(g.lruvecs.size());
        if (nodes != g.lruvecs.size())
            throw StateError("the state's cgroup lruvecs do not match its nodes");
        for (Lruvec& vec : g.lruvecs)
            ar(vec);
    }
    ar(m_swapOwner);
    if constexpr (Ar::kLoading) {
        for (const auto& owners : m_swapOwner) {
            for (const std::uint8_t owner : owners) {
                if (owner >= m_groups.size())
                    throw StateError("a swap slot names a cgroup that does not exist");
            }
        }
    }
}

template<class Ar>
void Khugepaged::stateIo(Ar& ar)
{
    ar(m_mmSlots, m_scanSlot, m_scanWorkload, m_scanOffset, m_wakeAt, m_inPass, m_passWaited, m_passProgress,
        m_passThroughHead, m_pagesCollapsed, m_fullScans);
    if constexpr (Ar::kLoading) {
        const auto processes = static_cast<int>(m_k.processes.size());
        m_onList.assign(m_k.processes.size(), false); // follows from the list
        for (const int slot : m_mmSlots) {
            if (slot < 0 || slot >= processes)
                throw StateError("khugepaged's list names a process that does not exist");
            if (m_onList[static_cast<std::size_t>(slot)])
                throw StateError("khugepaged's list names a process twice");
            m_onList[static_cast<std::size_t>(slot)] = true;
        }
        if (m_scanSlot < -1 || m_scanSlot >= static_cast<int>(m_mmSlots.size()))
            throw StateError("khugepaged's cursor is past its list");
        if (m_scanSlot >= 0
            && m_scanWorkload
                > m_k.processes[static_cast<std::size_t>(m_mmSlots[static_cast<std::size_t>(m_scanSlot)])]
                      .workloads.size())
            throw StateError("khugepaged's cursor is past its process's regions");
    }
}

template<class Ar>
void Rng::stateIo(Ar& ar)
{
    // The standard defines the engine's text form exactly; the classic locale keeps digits plain.
    std::string text;
    if constexpr (!Ar::kLoading) {
        std::ostringstream out;
        out.imbue(std::locale::classic());
        out << m_gen;
        text = out.str();
    }
    ar(text);
    if constexpr (Ar::kLoading) {
        std::istringstream in(text);
        in.imbue(std::locale::classic());
        in >> m_gen;
        if (in.fail())
            throw StateError("the random generator's state is unreadable");
    }
}

template<class Ar>
void stateFields(Ar& ar, Kernel& k)
{
    ar(k.rng, k.now, k.stopped, k.stopReason, k.invariantWalks, k.tunables, k.thpEnabled, k.thpMode,
        k.thpDefrag, k.kswapdCpuShare, k.reclaimerCpuShare, k.processRateFactor);
    // The node count is the scenario's: the zonelists point into these nodes.
    const std::size_t nodes = ar.count(k.nodes.size());
    if (nodes != k.nodes.size())
        throw StateError("the state's nodes do not match its scenario's");
    for (Node& node : k.nodes)
        ar(node);
    ar(k.mappings, k.files, k.processes, k.vmEvents, k.kernelLog, k.kernelLogBytes);
    ar(k.memcg, k.frames, k.swap, k.io, k.psi, k.alloc, k.vmscan, k.kswapd, k.workingset, k.writeback,
        k.workloads, k.khugepaged);
}

struct SimulatorStateAccess
{
    template<class Ar>
    static void transfer(Ar& ar, Simulator& sim)
    {
        std::uint64_t nextPending = sim.m_nextPending;
        ar(nextPending);
        if (nextPending > sim.m_pending.size())
            throw StateError("the state's next timed command is past the scenario's");
        sim.m_nextPending = static_cast<std::size_t>(nextPending);
        stateFields(ar, *sim.m_k);
    }
    static Kernel& kernel(Simulator& sim) { return *sim.m_k; }
};

// ---------------------------------------------------------------------------------------------------------
// The file

namespace {

constexpr std::array<char, 16> kMagic = { 'R', 'E', 'C', 'L', 'A', 'I', 'M', 'L', 'A', 'B', '-', 'S', 'T',
    'A', 'T', 'E' };
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kHeaderBytes = kMagic.size() + 4 + 4 + 8 + 8;
static_assert(kHeaderBytes == kStateHeaderBytes);

} // namespace

std::uint64_t stateChecksum(std::string_view data)
{
    constexpr std::uint64_t kPrime = 0x100000001b3ULL;
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    std::size_t i = 0;
    for (; i + 8 <= data.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, data.data() + i, 8);
        hash = (hash ^ word) * kPrime;
    }
    for (; i < data.size(); ++i)
        hash = (hash ^ static_cast<unsigned char>(data[i])) * kPrime;
    return hash;
}

namespace {

template<class T>
void appendRaw(std::string& out, const T& value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template<class T>
T readRaw(std::string_view bytes, std::size_t at)
{
    T value {};
    std::memcpy(&value, bytes.data() + at, sizeof value);
    return value;
}

RestoredState failed(std::string error)
{
    RestoredState out;
    out.error = std::move(error);
    return out;
}

} // namespace

std::string saveState(const Simulator& sim, const RunInfo& run)
{
    StateWriter writer(kHeaderBytes);
    std::string version = RLAB_VERSION;
    Scenario scenario = sim.scenario();
    RunInfo info = run;
    writer(version, info, scenario);
    // The writer only reads what it is given.
    SimulatorStateAccess::transfer(writer, const_cast<Simulator&>(sim));
    std::string out = std::move(writer.bytes());
    const std::string_view payload = std::string_view(out).substr(kHeaderBytes);
    std::string header(kMagic.data(), kMagic.size());
    appendRaw(header, kStateFormatVersion);
    appendRaw(header, kByteOrderMark);
    appendRaw(header, static_cast<std::uint64_t>(payload.size()));
    appendRaw(header, stateChecksum(payload));
    out.replace(0, kHeaderBytes, header);
    return out;
}

RestoredState restoreState(std::string_view bytes, std::uint64_t memoryLimit)
{
    if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
        return failed("not a ReclaimLab state file");
    std::size_t at = kMagic.size();
    const auto format = readRaw<std::uint32_t>(bytes, at);
    at += 4;
    if (readRaw<std::uint32_t>(bytes, at) != kByteOrderMark)
        return failed("written on a machine of another byte order");
    at += 4;
    if (format != kStateFormatVersion)
        return failed("state format " + std::to_string(format) + "; this reclaimlab reads format "
            + std::to_string(kStateFormatVersion));
    const auto size = readRaw<std::uint64_t>(bytes, at);
    at += 8;
    const auto sum = readRaw<std::uint64_t>(bytes, at);
    at += 8;
    const std::string_view payload = bytes.substr(at);
    if (payload.size() != size)
        return failed("the file holds " + std::to_string(payload.size()) + " bytes of state, its header says "
            + std::to_string(size) + " (cut short or extended)");
    if (stateChecksum(payload) != sum)
        return failed("the checksum does not match: the file is damaged");

    RestoredState out;
    try {
        StateReader reader(payload);
        std::string version;
        reader(version, out.run, out.scenario);
        if (version != RLAB_VERSION)
            return failed("written by reclaimlab " + version + "; this is " + std::string(RLAB_VERSION)
                + ", whose rules may differ, so it does not continue the run");
        if (auto error = Simulator::validate(out.scenario, memoryLimit))
            return failed("its scenario: " + *error);
        auto sim = std::make_unique<Simulator>(out.scenario, out.run.seed, memoryLimit);
        if (sim->stopped())
            return failed("its scenario: " + sim->stopReason());
        SimulatorStateAccess::transfer(reader, *sim);
        if (!reader.atEnd())
            return failed("the state has bytes after its end");
        SimulatorStateAccess::kernel(*sim).events.clear(); // the boot's events belong to the saved run's past
        if (std::string broken = sim->checkInvariants(); !broken.empty())
            return failed("the state breaks an engine invariant: " + broken);
        out.sim = std::move(sim);
    } catch (const StateError& e) {
        return failed(e.what());
    } catch (const std::bad_alloc&) {
        return failed("not enough memory to restore the state");
    } catch (const std::length_error&) {
        return failed("a list in the state is too long");
    }
    return out;
}

RestoredState loadStateFile(const std::string& path, std::uint64_t memoryLimit)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return failed(path + ": cannot open");
    in.seekg(0, std::ios::end);
    const std::streamoff length = in.tellg();
    in.seekg(0, std::ios::beg);
    if (length < 0)
        return failed(path + ": cannot read");
    if (static_cast<std::uint64_t>(length) > memoryLimit)
        return failed(path + ": " + bytesText(static_cast<std::uint64_t>(length))
            + " is more than the memory limit (" + bytesText(memoryLimit) + ")");
    std::string bytes(static_cast<std::size_t>(length), '\0');
    in.read(bytes.data(), length);
    if (!in)
        return failed(path + ": cannot read");
    RestoredState out = restoreState(bytes, memoryLimit);
    if (!out.sim)
        out.error = path + ": " + out.error;
    return out;
}

} // namespace rlab::engine
