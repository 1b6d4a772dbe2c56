// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot.h"

#include <rlab/engine/buddy.h>
#include <rlab/engine/frame_store.h>
#include <rlab/engine/proc_format.h>
#include <rlab/engine/tunables.h>

#include <algorithm>
#include <limits>

namespace rlab::ui {

namespace {

using namespace rlab::engine;

std::optional<int> oomVictimPid(const Simulator& sim)
{
    if (const auto* victim = sim.oom().oomVictimCandidate())
        return victim->pid;
    return std::nullopt;
}

std::string dmesgText(const Simulator& sim)
{
    std::string text;
    for (const auto& line : sim.kernelLog()) {
        text += line;
        text += '\n';
    }
    return text;
}

std::string zoneLabel(const Simulator& sim, const Zone& zone)
{
    std::string label = zoneTypeName(zone.type);
    if (sim.nodes().size() > 1)
        label = "Node " + std::to_string(zone.node) + " " + label;
    return label;
}

} // namespace

PageClass classifyFrame(FrameState state, PageFlags flags)
{
    switch (state) {
    case FrameState::Free:
        return PageClass::Free;
    case FrameState::Kernel:
        return PageClass::Kernel;
    case FrameState::Isolated:
        return PageClass::Isolated;
    default:
        break;
    }
    if (flags & kPgWriteback)
        return PageClass::Writeback;
    if (flags & kPgDirty)
        return PageClass::Dirty;
    const int lru = static_cast<int>(state) - static_cast<int>(FrameState::LruBase);
    switch (static_cast<LruList>(lru)) {
    case LruList::InactiveAnon:
        return PageClass::InactiveAnon;
    case LruList::ActiveAnon:
        return PageClass::ActiveAnon;
    case LruList::InactiveFile:
        return PageClass::InactiveFile;
    case LruList::ActiveFile:
        return PageClass::ActiveFile;
    case LruList::Unevictable:
        return PageClass::Unevictable;
    }
    return PageClass::Kernel;
}

Pages Snapshot::lruTotal() const
{
    Pages total = 0;
    for (const auto& node : nodes) {
        for (const Pages p : node.lru)
            total += p;
    }
    return total;
}

const std::vector<std::int64_t>* Snapshot::sysctl(std::string_view name) const
{
    const auto table = sysctlTable();
    for (std::size_t i = 0; i < table.size() && i < sysctlValues.size(); ++i) {
        if (table[i].name == name)
            return &sysctlValues[i];
    }
    return nullptr;
}

void mergeDeltas(Snapshot& newer, Snapshot&& older, std::size_t maxPageEvents, std::size_t maxEvents)
{
    const auto prepend = [](auto& dst, auto&& src) {
        if (src.empty())
            return;
        src.insert(src.end(), std::make_move_iterator(dst.begin()), std::make_move_iterator(dst.end()));
        dst = std::move(src);
    };
    if (newer.rewoundTo) { // the older deltas after the rewind were discarded with the history
        const Tick cut = *newer.rewoundTo;
        const auto after = [cut](const auto& item) { return item.at > cut; };
        std::erase_if(older.events, after);
        std::erase_if(older.samples, after);
        std::erase_if(older.appliedCommands, after);
        std::erase_if(older.pageEvents, after);
    }
    if (older.rewoundTo && (!newer.rewoundTo || *older.rewoundTo < *newer.rewoundTo))
        newer.rewoundTo = older.rewoundTo;
    prepend(newer.events, std::move(older.events));
    if (newer.events.size() > maxEvents)
        newer.events.erase(newer.events.begin(),
            newer.events.begin() + static_cast<std::ptrdiff_t>(newer.events.size() - maxEvents));
    newer.pageEventsDropped = newer.pageEventsDropped || older.pageEventsDropped;
    if (older.pageEvents.size() + newer.pageEvents.size() > maxPageEvents) {
        // Too many moves to animate: the view jumps to the new counts instead.
        newer.pageEvents.clear();
        newer.pageEventsDropped = true;
    } else {
        prepend(newer.pageEvents, std::move(older.pageEvents));
    }
    prepend(newer.samples, std::move(older.samples));
    prepend(newer.appliedCommands, std::move(older.appliedCommands));
    prepend(newer.commandErrors, std::move(older.commandErrors));
}

void fillState(Snapshot& s, const Simulator& sim)
{
    s.now = sim.now();
    s.stopped = sim.stopped();
    s.stopReason = sim.stopReason();
    s.zones.clear();
    s.nodes.clear();
    for (const Node& node : sim.nodes()) {
        NodeSnapshot n;
        n.id = node.id;
        for (int l = 0; l < kNrLruLists; ++l)
            n.lru[static_cast<std::size_t>(l)] = node.stat[nodeLruStat(static_cast<LruList>(l))];
        n.isolated = node.stat[NodeStat::NrIsolatedAnon] + node.stat[NodeStat::NrIsolatedFile];
        for (const Zone& zone : node.zones) {
            if (!zone.isManaged())
                continue;
            n.managed += zone.managed;
            n.free += zone.freePages();
            ZoneSnapshot z;
            z.node = node.id;
            z.typeIndex = zone.index();
            z.name = zoneLabel(sim, zone);
            z.managed = zone.managed;
            z.free = zone.freePages();
            z.min = zone.minWmark();
            z.low = zone.lowWmark();
            z.high = zone.highWmark();
            z.boost = zone.watermarkBoost;
            z.firstFrame = zone.firstFrame();
            s.zones.push_back(std::move(z));
        }
        Pages used = n.free + n.isolated;
        for (const Pages p : n.lru)
            used += p;
        n.kernel = n.managed > used ? n.managed - used : 0;
        n.kswapd = node.kswapd.state;
        n.kswapdPriority = node.kswapd.priority;
        n.kswapdFailures = node.kswapd.failures;
        s.nodes.push_back(n);
    }
    s.vm = sim.events();
    for (std::size_t i = 0; i < CounterArray<NodeStat>::size(); ++i)
        s.nodeStat.values[i] = sim.global(static_cast<NodeStat>(i));
    s.totalRam = sim.totalRamPages();
    s.swapTotal = sim.swap().totalPages();
    s.swapFree = sim.swap().freePages();
    s.swapDevices.clear();
    for (const SwapDevice& dev : sim.swap().devices())
        s.swapDevices.push_back({ dev.name, dev.priority, dev.active, dev.slots, dev.inuse });

    s.oomScoreAvailable = true;
    const std::optional<int> victim = oomVictimPid(sim);
    s.processes.clear();
    s.processes.reserve(sim.processes().size());
    for (const Process& p : sim.processes()) {
        ProcessSnapshot ps;
        ps.pid = p.pid;
        ps.name = p.name;
        ps.state = p.state;
        ps.rssAnon = p.rssAnon;
        ps.rssFile = p.rssFile;
        ps.rssShmem = p.rssShmem;
        ps.swapEnts = p.swapEnts;
        ps.pgtablePages = p.pgtablePages;
        ps.oomScoreAdj = p.oomScoreAdj;
        ps.oomScore = static_cast<long long>(sim.oom().oomScore(p));
        ps.oomVictim = victim && *victim == p.pid;
        ps.stallTotal = p.stallTotal;
        s.processes.push_back(std::move(ps));
    }
    s.scanBalance = sim.lastScanBalance();
    s.sysctlValues.clear();
    for (const SysctlInfo& info : sysctlTable())
        s.sysctlValues.push_back(readSysctl(sim.tunables(), info.name));
    s.thpEnabled = sim.thpMode();
    s.thpDefrag = sim.thpDefrag();
    s.dirtyThresholds = sim.dirtyThresholds();
}

PageMapBuilder::PageMapBuilder(const Simulator& sim, int cells)
{
    Pages frames = 0;
    for (const Node& node : sim.nodes()) {
        for (const Zone& zone : node.zones) {
            if (zone.isManaged()) {
                m_zones.push_back(&zone);
                frames += zone.managed;
            }
        }
    }
    const auto budget = static_cast<Pages>(std::max(cells, 1));
    m_map.framesPerCell = std::max<Pages>(1, (frames + budget - 1) / budget);
    int nextCell = 0;
    for (const Zone* zone : m_zones) {
        PageMapSnapshot::ZoneBlock block;
        block.label = zoneLabel(sim, *zone);
        block.firstFrame = zone->firstFrame();
        block.frames = zone->managed;
        block.firstCell = nextCell;
        block.cells = static_cast<int>((zone->managed + m_map.framesPerCell - 1) / m_map.framesPerCell);
        nextCell += block.cells;
        m_map.zones.push_back(std::move(block));
    }
    m_map.cells.reserve(static_cast<std::size_t>(nextCell));
    m_map.marks.reserve(static_cast<std::size_t>(nextCell));
}

bool PageMapBuilder::advance(const Simulator& sim, Pages frames)
{
    // NOTE: this runs over every frame several times a second (4 M frames on a 16 GiB machine). A
    // frame's class is its state's unless it is a dirty or writeback LRU page: count states, and frames
    // with either flag per state, in four interleaved lanes (runs of equal states would otherwise wait on
    // one counter's increments), then move the I/O frames to their classes per cell.
    constexpr auto kStates = static_cast<std::size_t>(kNrFrameStates);
    std::array<std::size_t, kStates> stateClass {};
    for (std::size_t st = 0; st < kStates; ++st)
        stateClass[st] = static_cast<std::size_t>(classifyFrame(static_cast<FrameState>(st), 0));
    constexpr auto kDirty = static_cast<std::size_t>(PageClass::Dirty);
    constexpr auto kWriteback = static_cast<std::size_t>(PageClass::Writeback);
    constexpr PageFlags kIo = kPgWriteback | kPgDirty;
    constexpr auto kLruBase = static_cast<std::size_t>(FrameState::LruBase);
    Pages scanned = 0;
    std::array<Pages, kPageClassCount> counts {};
    while (m_zone < m_zones.size()) {
        const Zone* zone = m_zones[m_zone];
        const PageMapSnapshot::ZoneBlock& block = m_map.zones[m_zone];
        if (m_cell >= block.cells) {
            ++m_zone;
            m_cell = 0;
            continue;
        }
        if (scanned >= frames)
            return false;
        const Pages cellBegin = static_cast<Pages>(m_cell) * m_map.framesPerCell;
        const auto begin = static_cast<FrameIndex>(zone->firstFrame() + cellBegin);
        const auto end = static_cast<FrameIndex>(
            zone->firstFrame() + std::min(zone->managed, cellBegin + m_map.framesPerCell));
        // Per state: frames, frames under writeback, frames only dirty; four lanes of each.
        using Lane = std::array<std::uint32_t, 3 * kStates>;
        std::array<Lane, 4> lanes {};
        const FrameStore& store = sim.frames();
        const auto count = [&store](Lane& lane, FrameIndex g) {
            const std::size_t st = store.state[g];
            const unsigned io = store.flags[g] & kIo;
            ++lane[st];
            lane[kStates + st] += (io & kPgWriteback) ? 1U : 0U;
            lane[2 * kStates + st] += io == kPgDirty ? 1U : 0U;
        };
        FrameIndex f = begin;
        for (; f + 4 <= end; f += 4) {
            count(lanes[0], f);
            count(lanes[1], f + 1);
            count(lanes[2], f + 2);
            count(lanes[3], f + 3);
        }
        for (; f < end; ++f)
            count(lanes[0], f);
        scanned += end - begin;
        counts.fill(0);
        const auto sum = [&lanes](std::size_t i) {
            return Pages { lanes[0][i] } + lanes[1][i] + lanes[2][i] + lanes[3][i];
        };
        for (std::size_t st = 0; st < kStates; ++st) {
            counts[stateClass[st]] += sum(st);
            if (st >= kLruBase) {
                counts[stateClass[st]] -= sum(kStates + st) + sum(2 * kStates + st);
                counts[kWriteback] += sum(kStates + st);
                counts[kDirty] += sum(2 * kStates + st);
            }
        }
        std::size_t best = 0;
        for (std::size_t k = 1; k < counts.size(); ++k) {
            if (counts[k] > counts[best])
                best = k;
        }
        for (std::size_t k = 0; k < counts.size(); ++k)
            m_map.totals[k] += counts[k];
        std::uint8_t mark = 0;
        if (best != kDirty && counts[kDirty] > 0)
            mark |= PageMapSnapshot::kHasDirty;
        if (best != kWriteback && counts[kWriteback] > 0)
            mark |= PageMapSnapshot::kHasWriteback;
        m_map.cells.push_back(static_cast<std::uint8_t>(best));
        m_map.marks.push_back(mark);
        ++m_cell;
    }
    return true;
}

PageMapSnapshot buildPageMap(const Simulator& sim, int cells)
{
    PageMapBuilder builder(sim, cells);
    builder.advance(sim, std::numeric_limits<Pages>::max());
    return builder.take();
}

namespace {

BuddyZone buddyZone(const Simulator& sim, const Zone& zone)
{
    BuddyZone b;
    b.label = zoneLabel(sim, zone);
    b.managed = zone.managed;
    b.free = zone.freePages();
    b.boost = zone.watermarkBoost;
    std::uint64_t listed = 0;
    for (int order = 0; order < engine::kMaxOrder; ++order) {
        const engine::FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
        for (int type = 0; type < engine::kMigrateTypes; ++type)
            b.blocks[static_cast<std::size_t>(order)][static_cast<std::size_t>(type)] =
                area.blocks[static_cast<std::size_t>(type)];
        b.extfrag[static_cast<std::size_t>(order)] = engine::fragmentationIndex(zone, order);
        listed += area.nrFree;
    }
    b.firstPfn = zone.startPfn & ~std::uint64_t { engine::kPageblockPages - 1 };
    b.pageblockType.reserve(zone.pageblockType.size());
    for (const engine::Migratetype type : zone.pageblockType)
        b.pageblockType.push_back(static_cast<std::uint8_t>(type));
    if (listed > kBuddyWalkLimit)
        return b;
    // A free block may span pageblocks (order 10 covers two): spread it over each.
    b.pageblockFree.assign(b.pageblockType.size(), 0);
    const engine::FrameStore& frames = sim.frames();
    for (int order = 0; order < engine::kMaxOrder; ++order) {
        const engine::FreeArea& area = zone.freeArea[static_cast<std::size_t>(order)];
        const Pages size = Pages { 1 } << order;
        for (const FrameIndex head : area.head) {
            for (FrameIndex f = head; f != engine::kNoFrame; f = frames.next[f]) {
                const std::uint64_t pfn = f; // the frame index is the PFN
                for (std::uint64_t at = pfn; at < pfn + size; at += engine::kPageblockPages) {
                    const std::size_t block = (at - b.firstPfn) >> engine::kPageblockOrder;
                    if (block < b.pageblockFree.size())
                        b.pageblockFree[block] = static_cast<std::uint16_t>(
                            b.pageblockFree[block] + std::min<Pages>(size, engine::kPageblockPages));
                }
            }
        }
    }
    return b;
}

} // namespace

ProcTexts renderProcTexts(const Simulator& sim, bool buddy)
{
    ProcTexts texts;
    texts.zoneinfo = renderZoneinfo(sim);
    texts.vmstat = renderVmstat(sim);
    texts.meminfo = renderMeminfo(sim);
    texts.buddyinfo = renderBuddyinfo(sim);
    texts.pagetypeinfo = renderPagetypeinfo(sim);
    texts.extfragIndex = renderExtfragIndex(sim);
    texts.withBuddy = buddy;
    for (const Node& node : sim.nodes()) {
        for (const Zone& zone : node.zones) {
            if (buddy && zone.isPopulated() && zone.isManaged())
                texts.buddy.push_back(buddyZone(sim, zone));
        }
    }
    texts.swaps = renderSwaps(sim);
    texts.pressure = sim.psi().render();
    texts.dmesg = dmesgText(sim);
    texts.cgroups = renderCgroupFiles(sim);
    return texts;
}

std::string zoneOfFrame(const Simulator& sim, FrameIndex frame)
{
    for (const Node& node : sim.nodes()) {
        for (const Zone& zone : node.zones) {
            if (zone.isManaged() && frame >= zone.firstFrame() && frame < zone.firstFrame() + zone.managed)
                return zoneLabel(sim, zone);
        }
    }
    return {};
}

} // namespace rlab::ui
