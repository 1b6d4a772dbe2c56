// SPDX-License-Identifier: GPL-3.0-or-later
// Frames, free lists and the LRU lists as index-linked lists (no allocation per move).
#include "detail/assert.h"
#include "rlab/engine/simulator.h"

namespace rlab::engine {

namespace {

constexpr ZoneStat zoneLruStat(LruList lru)
{
    return static_cast<ZoneStat>(static_cast<int>(ZoneStat::NrZoneInactiveAnon) + static_cast<int>(lru));
}
constexpr NodeStat nodeLruStat(LruList lru)
{
    return static_cast<NodeStat>(static_cast<int>(NodeStat::NrInactiveAnon) + static_cast<int>(lru));
}

} // namespace

const char* pageCauseName(PageCause cause)
{
    static constexpr const char* kNames[] = { "unknown", "fault", "read", "write", "swap_in", "readahead",
        "refault", "accessed", "deactivated", "kept_active", "referenced", "kept_referenced", "pageout",
        "dirty_deferred", "under_writeback", "no_swap_space", "reclaimed", "rotated", "culled", "exited",
        "dropped" };
    static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<std::size_t>(PageCause::Count));
    return kNames[static_cast<int>(cause)];
}

void Simulator::setPageTrace(bool enabled, std::size_t capacity)
{
    const bool wasTracing = m_tracing;
    m_tracing = enabled || m_watched != kNoFrame;
    m_traceCapacity = capacity;
    if (m_tracing && !wasTracing) {
        // Start from where every frame is now, so the first move of each is reported from its real place.
        m_frameCause.assign(m_frameFlags.size(), 0);
        m_traceFrom.assign(m_frameState.begin(), m_frameState.end());
    } else if (!m_tracing) {
        m_frameCause.clear();
        m_traceFrom.clear();
        m_pageEvents.clear();
    }
    m_traceEnabledByUser = enabled;
}

std::vector<PageEvent> Simulator::drainPageEvents(bool* dropped)
{
    if (dropped)
        *dropped = m_traceDropped;
    m_traceDropped = false;
    std::vector<PageEvent> out;
    out.swap(m_pageEvents);
    return out;
}

void Simulator::watchFrame(FrameIndex frame)
{
    m_watched = frame < m_frameFlags.size() ? frame : kNoFrame;
    m_watchedHistory.clear();
    setPageTrace(m_traceEnabledByUser, m_traceCapacity);
}

void Simulator::traceMove(FrameIndex frame, std::uint8_t to)
{
    PageEvent e;
    e.at = m_now;
    e.frame = frame;
    e.from = m_traceFrom[frame];
    e.to = to;
    e.cause = static_cast<PageCause>(m_frameCause[frame]);
    e.reclaimer = m_reclaimer;
    e.priority = m_reclaimPriority;
    m_frameCause[frame] = 0;
    m_traceFrom[frame] = to;
    if (frame == m_watched)
        m_watchedHistory.push_back(e);
    if (!m_traceEnabledByUser)
        return;
    if (m_pageEvents.size() >= m_traceCapacity) {
        m_traceDropped = true;
        return;
    }
    m_pageEvents.push_back(e);
}

Zone& Simulator::zoneOf(FrameIndex frame)
{
    const unsigned z = zoneCode(frame);
    return m_nodes[z / static_cast<unsigned>(kMaxNrZones)].zones[z % static_cast<unsigned>(kMaxNrZones)];
}

Node& Simulator::nodeOf(FrameIndex frame)
{
    return m_nodes[zoneCode(frame) / static_cast<unsigned>(kMaxNrZones)];
}

LruList Simulator::lruFor(FrameIndex frame) const
{
    // include/linux/mm_inline.h:folio_lru_list()
    const std::uint16_t flags = m_frameFlags[frame];
    if (flags & kPgUnevictable)
        return LruList::Unevictable;
    const bool file = !(flags & kPgSwapbacked);
    const bool active = flags & kPgActive;
    if (file)
        return active ? LruList::ActiveFile : LruList::InactiveFile;
    return active ? LruList::ActiveAnon : LruList::InactiveAnon;
}

void Simulator::adjustLruCounters(FrameIndex frame, LruList lru, std::int64_t delta)
{
    // One zone lookup for the three counters: the lruvec's list size, the node's and the zone's stat.
    const unsigned z = zoneCode(frame);
    Node& node = m_nodes[z / static_cast<unsigned>(kMaxNrZones)];
    const auto d = static_cast<std::uint64_t>(delta);
    node.lruvec.size[static_cast<std::size_t>(lru)] += d;
    node.stat[nodeLruStat(lru)] += d;
    node.zones[z % static_cast<unsigned>(kMaxNrZones)].stat[zoneLruStat(lru)] += d;
}

void Simulator::listAddHead(FrameIndex frame, LruList lru)
{
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    m_prev[frame] = kNoFrame;
    m_next[frame] = vec.head[l];
    if (vec.head[l] != kNoFrame)
        m_prev[vec.head[l]] = frame;
    else
        vec.tail[l] = frame;
    vec.head[l] = frame;
    m_frameState[frame] =
        static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    adjustLruCounters(frame, lru, +1);
    ++m_pageMoves;
    if (m_tracing)
        traceMove(frame, m_frameState[frame]);
}

void Simulator::listAddTail(FrameIndex frame, LruList lru)
{
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    m_next[frame] = kNoFrame;
    m_prev[frame] = vec.tail[l];
    if (vec.tail[l] != kNoFrame)
        m_next[vec.tail[l]] = frame;
    else
        vec.head[l] = frame;
    vec.tail[l] = frame;
    m_frameState[frame] =
        static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    adjustLruCounters(frame, lru, +1);
    ++m_pageMoves;
    if (m_tracing)
        traceMove(frame, m_frameState[frame]);
}

void Simulator::listRemove(FrameIndex frame)
{
    const int state = m_frameState[frame];
    RLAB_ASSERT(state >= static_cast<int>(FrameState::LruBase));
    const auto lru = static_cast<LruList>(state - static_cast<int>(FrameState::LruBase));
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    const FrameIndex prev = m_prev[frame];
    const FrameIndex next = m_next[frame];
    if (prev != kNoFrame)
        m_next[prev] = next;
    else
        vec.head[l] = next;
    if (next != kNoFrame)
        m_prev[next] = prev;
    else
        vec.tail[l] = prev;
    m_prev[frame] = m_next[frame] = kNoFrame;
    m_frameState[frame] = static_cast<std::uint8_t>(FrameState::Isolated);
    adjustLruCounters(frame, lru, -1);
}

FrameIndex Simulator::takeFreeFrame(Zone& zone)
{
    const FrameIndex frame = zone.freeHead;
    if (frame == kNoFrame)
        return kNoFrame;
    zone.freeHead = m_next[frame];
    m_next[frame] = kNoFrame;
    --zone.stat[ZoneStat::NrFreePages];
    m_frameState[frame] = static_cast<std::uint8_t>(FrameState::Kernel);
    m_frameFlags[frame] = 0;
    m_frameMapping[frame] = 0xffffffffU;
    m_frameOffset[frame] = 0;
    m_frameSwap[frame] = 0;
    ++m_vmEvents[perZoneEvent(VmEvent::PgallocDma, zone.index())];
    ++m_pageMoves;
    if (m_tracing)
        m_traceFrom[frame] = static_cast<std::uint8_t>(FrameState::Free);
    return frame;
}

void Simulator::freeFrame(FrameIndex frame)
{
    RLAB_ASSERT(m_frameState[frame] != static_cast<std::uint8_t>(FrameState::Free));
    RLAB_ASSERT(m_frameState[frame] < static_cast<std::uint8_t>(FrameState::LruBase));
    Zone& zone = zoneOf(frame);
    const bool wasKernel = m_frameState[frame] == static_cast<std::uint8_t>(FrameState::Kernel);
    m_frameFlags[frame] = 0;
    m_frameMapping[frame] = 0xffffffffU;
    m_frameSwap[frame] = 0;
    m_frameState[frame] = static_cast<std::uint8_t>(FrameState::Free);
    m_prev[frame] = kNoFrame;
    m_next[frame] = zone.freeHead;
    zone.freeHead = frame;
    ++zone.stat[ZoneStat::NrFreePages];
    ++m_vmEvents[VmEvent::Pgfree];
    ++m_pageMoves;
    if (m_tracing && !wasKernel)
        traceMove(frame, static_cast<std::uint8_t>(FrameState::Free));
}

std::size_t Simulator::memoryBytes() const
{
    auto bytes = [](const auto& v) {
        return v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type);
    };
    std::size_t total = bytes(m_next) + bytes(m_prev) + bytes(m_frameFlags) + bytes(m_frameState)
        + bytes(m_frameStamp) + bytes(m_frameMapping) + bytes(m_frameOffset) + bytes(m_frameSwap)
        + bytes(m_frameCause) + bytes(m_traceFrom) + bytes(m_pageEvents) + bytes(m_events)
        + bytes(m_dirtyQueue) + bytes(m_shadowQueue) + m_nodes.size() * sizeof(Node);
    for (const auto& m : m_mappings)
        total += sizeof(Mapping) + m.entries.memoryBytes();
    for (const auto& p : m_processes) {
        total += sizeof(Process) + bytes(p.pgtableFrames);
        for (const auto& run : p.workloads)
            total += sizeof(WorkloadRun) + bytes(run.viewMapped);
    }
    total += m_swap.memoryBytes() + m_psi.memoryBytes() + m_io.memoryBytes();
    return total;
}

std::string Simulator::checkCounters() const
{
    // O(zones): every frame is free, on an LRU list, or held by the kernel (slab, page tables).
    Pages free = 0;
    Pages lru = 0;
    Pages kernel = 0;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones) {
            free += zone.freePages();
            if (zone.wmark.min > zone.wmark.low || zone.wmark.low > zone.wmark.high)
                return std::string("watermarks out of order in zone ") + zoneTypeName(zone.type);
        }
        for (const auto size : node.lruvec.size)
            lru += size;
        if (node.stat[NodeStat::NrIsolatedAnon] || node.stat[NodeStat::NrIsolatedFile])
            return "pages left isolated between steps";
        kernel += node.stat[NodeStat::NrSlabUnreclaimable] + node.stat[NodeStat::NrPageTablePages];
    }
    if (free + lru + kernel != totalFrames())
        return "frame conservation broken: free " + std::to_string(free) + " + lru " + std::to_string(lru)
            + " + kernel " + std::to_string(kernel) + " != frames " + std::to_string(totalFrames());
    return {};
}

std::string Simulator::checkInvariants() const
{
    if (auto broken = checkCounters(); !broken.empty())
        return broken;
    std::array<Pages, 3 + kNrLruLists> byState {};
    for (const auto s : m_frameState) {
        if (s >= byState.size())
            return "frame in unknown state " + std::to_string(s);
        ++byState[s];
    }
    Pages free = 0;
    Pages lru = 0;
    for (const auto& node : m_nodes) {
        for (const auto& zone : node.zones) {
            free += zone.freePages();
            Pages walked = 0;
            for (FrameIndex f = zone.freeHead; f != kNoFrame; f = m_next[f]) {
                if (m_frameState[f] != static_cast<std::uint8_t>(FrameState::Free) || ++walked > zone.managed)
                    return std::string("corrupt free list in zone ") + zoneTypeName(zone.type);
            }
            if (walked != zone.freePages())
                return std::string("free list length differs from nr_free_pages in zone ")
                    + zoneTypeName(zone.type);
        }
        for (int l = 0; l < kNrLruLists; ++l) {
            Pages walked = 0;
            FrameIndex prev = kNoFrame;
            for (FrameIndex f = node.lruvec.head[static_cast<std::size_t>(l)]; f != kNoFrame; f = m_next[f]) {
                if (m_prev[f] != prev || m_frameState[f] != static_cast<int>(FrameState::LruBase) + l)
                    return std::string("corrupt LRU list ") + lruListName(static_cast<LruList>(l));
                prev = f;
                ++walked;
            }
            if (walked != node.lruvec.size[static_cast<std::size_t>(l)])
                return std::string("LRU size differs from its list: ") + lruListName(static_cast<LruList>(l));
            lru += walked;
        }
    }
    if (free != byState[static_cast<std::size_t>(FrameState::Free)])
        return "free pages counted " + std::to_string(free) + " but frames free "
            + std::to_string(byState[static_cast<std::size_t>(FrameState::Free)]);
    if (byState[static_cast<std::size_t>(FrameState::Isolated)] != 0)
        return "frames left isolated between steps";
    Pages onLists = 0;
    for (int l = 0; l < kNrLruLists; ++l)
        onLists += byState[static_cast<std::size_t>(FrameState::LruBase) + static_cast<std::size_t>(l)];
    if (onLists != lru)
        return "frames on LRU lists differ from list sizes";
    const Pages kernel = byState[static_cast<std::size_t>(FrameState::Kernel)];
    if (free + lru + kernel != totalFrames())
        return "frame conservation broken: free + lru + kernel != total";
    return {};
}

} // namespace rlab::engine
