// SPDX-License-Identifier: GPL-3.0-or-later
// Frames, free lists and the LRU lists as index-linked lists (no allocation per move).
#include "rlab/engine/frame_store.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"

#include <algorithm>

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

void FrameStore::build(std::vector<Node>& nodes)
{
    // Frame index = PFN: the arrays cover every PFN up to the end of the last zone's span.
    std::uint64_t endPfn = 0;
    for (const auto& node : nodes) {
        for (const auto& zone : node.zones)
            endPfn = std::max(endPfn, zone.startPfn + zone.spanned);
    }
    const std::size_t frames = endPfn;
    next.resize(frames);
    prev.resize(frames);
    flags.resize(frames);
    state.resize(frames);
    stamp.resize(frames);
    mapping.resize(frames); // set when a frame is taken from a free list
    offset.resize(frames);
    swapEntry.resize(frames);
    m_reserved = frames;
    for (auto& node : nodes) {
        for (auto& lru : node.lruvec.head)
            lru = kNoFrame;
        for (auto& lru : node.lruvec.tail)
            lru = kNoFrame;
        for (auto& zone : node.zones) {
            const auto code = static_cast<std::uint32_t>(node.id * kMaxNrZones + zone.index());
            const FrameIndex first = zone.firstFrame();
            if (zone.managed)
                m_zoneRanges.push_back({ first, static_cast<FrameIndex>(first + zone.managed), code });
            // Push in reverse so the lowest frame is handed out first.
            for (Pages i = zone.managed; i-- > 0;) {
                const auto f = static_cast<FrameIndex>(first + i);
                flags[f] = 0;
                state[f] = static_cast<std::uint8_t>(FrameState::Free);
                next[f] = zone.freeHead;
                zone.freeHead = f;
            }
            zone.stat[ZoneStat::NrFreePages] = zone.managed;
            m_reserved -= zone.managed;
        }
    }
}

bool FrameStore::managed(FrameIndex frame) const
{
    if (frame >= size() || m_zoneRanges.empty() || frame < m_zoneRanges.front().first)
        return false;
    return frame < rangeOf(frame).end;
}

Zone& FrameStore::zoneOf(FrameIndex frame)
{
    const unsigned z = zoneCode(frame);
    return m_k.nodes[z / static_cast<unsigned>(kMaxNrZones)].zones[z % static_cast<unsigned>(kMaxNrZones)];
}

Node& FrameStore::nodeOf(FrameIndex frame)
{
    return m_k.nodes[zoneCode(frame) / static_cast<unsigned>(kMaxNrZones)];
}

LruList FrameStore::lruFor(FrameIndex frame) const
{
    // include/linux/mm_inline.h:folio_lru_list()
    const PageFlags pageFlags = flags[frame];
    if (pageFlags & kPgUnevictable)
        return LruList::Unevictable;
    const bool file = !(pageFlags & kPgSwapbacked);
    const bool active = pageFlags & kPgActive;
    if (file)
        return active ? LruList::ActiveFile : LruList::InactiveFile;
    return active ? LruList::ActiveAnon : LruList::InactiveAnon;
}

void FrameStore::adjustLruCounters(FrameIndex frame, LruList lru, std::int64_t delta)
{
    // One zone lookup for the three counters: the lruvec's list size, the node's and the zone's stat.
    const unsigned z = zoneCode(frame);
    Node& node = m_k.nodes[z / static_cast<unsigned>(kMaxNrZones)];
    const auto d = static_cast<std::uint64_t>(delta);
    node.lruvec.size[static_cast<std::size_t>(lru)] += d;
    node.stat[nodeLruStat(lru)] += d;
    node.zones[z % static_cast<unsigned>(kMaxNrZones)].stat[zoneLruStat(lru)] += d;
}

void FrameStore::listAddHead(FrameIndex frame, LruList lru)
{
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    prev[frame] = kNoFrame;
    next[frame] = vec.head[l];
    if (vec.head[l] != kNoFrame)
        prev[vec.head[l]] = frame;
    else
        vec.tail[l] = frame;
    vec.head[l] = frame;
    state[frame] = static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    adjustLruCounters(frame, lru, +1);
    ++m_pageMoves;
    if (m_k.trace.active())
        m_k.trace.move(frame, state[frame]);
}

void FrameStore::listAddTail(FrameIndex frame, LruList lru)
{
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    next[frame] = kNoFrame;
    prev[frame] = vec.tail[l];
    if (vec.tail[l] != kNoFrame)
        next[vec.tail[l]] = frame;
    else
        vec.head[l] = frame;
    vec.tail[l] = frame;
    state[frame] = static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    adjustLruCounters(frame, lru, +1);
    ++m_pageMoves;
    if (m_k.trace.active())
        m_k.trace.move(frame, state[frame]);
}

void FrameStore::listRemove(FrameIndex frame)
{
    const int where = state[frame];
    RLAB_ASSERT(where >= static_cast<int>(FrameState::LruBase));
    const auto lru = static_cast<LruList>(where - static_cast<int>(FrameState::LruBase));
    Lruvec& vec = nodeOf(frame).lruvec;
    const auto l = static_cast<std::size_t>(lru);
    const FrameIndex before = prev[frame];
    const FrameIndex after = next[frame];
    if (before != kNoFrame)
        next[before] = after;
    else
        vec.head[l] = after;
    if (after != kNoFrame)
        prev[after] = before;
    else
        vec.tail[l] = before;
    prev[frame] = next[frame] = kNoFrame;
    state[frame] = static_cast<std::uint8_t>(FrameState::Isolated);
    adjustLruCounters(frame, lru, -1);
}

FrameIndex FrameStore::takeFreeFrame(Zone& zone)
{
    const FrameIndex frame = zone.freeHead;
    if (frame == kNoFrame)
        return kNoFrame;
    zone.freeHead = next[frame];
    next[frame] = kNoFrame;
    --zone.stat[ZoneStat::NrFreePages];
    state[frame] = static_cast<std::uint8_t>(FrameState::Kernel);
    flags[frame] = 0;
    mapping[frame] = kNoMapping;
    offset[frame] = 0;
    swapEntry[frame] = 0;
    ++m_k.vmEvents[perZoneEvent(VmEvent::PgallocDma, zone.index())];
    ++m_pageMoves;
    m_k.trace.takenFromFree(frame);
    return frame;
}

void FrameStore::freeFrame(FrameIndex frame)
{
    RLAB_ASSERT(state[frame] != static_cast<std::uint8_t>(FrameState::Free));
    RLAB_ASSERT(state[frame] < static_cast<std::uint8_t>(FrameState::LruBase));
    Zone& zone = zoneOf(frame);
    const bool wasKernel = state[frame] == static_cast<std::uint8_t>(FrameState::Kernel);
    flags[frame] = 0;
    mapping[frame] = kNoMapping;
    swapEntry[frame] = 0;
    state[frame] = static_cast<std::uint8_t>(FrameState::Free);
    prev[frame] = kNoFrame;
    next[frame] = zone.freeHead;
    zone.freeHead = frame;
    ++zone.stat[ZoneStat::NrFreePages];
    ++m_k.vmEvents[VmEvent::Pgfree];
    ++m_pageMoves;
    if (m_k.trace.active() && !wasKernel)
        m_k.trace.move(frame, static_cast<std::uint8_t>(FrameState::Free));
}

namespace {
template<class Array>
constexpr std::size_t kEntryBytes = sizeof(typename Array::value_type);
} // namespace

std::size_t FrameStore::bytesPerFrame()
{
    return kEntryBytes<
               decltype(next)> + kEntryBytes<decltype(prev)> + kEntryBytes<decltype(flags)> + kEntryBytes<decltype(state)> + kEntryBytes<decltype(stamp)> + kEntryBytes<decltype(mapping)> + kEntryBytes<decltype(offset)> + kEntryBytes<decltype(swapEntry)>;
}

std::size_t FrameStore::memoryBytes() const
{
    // Only managed frames' entries are ever written; the pages of the unmanaged PFNs' entries are never
    // touched, so the system never backs them.
    return (size() - m_reserved) * bytesPerFrame() + m_zoneRanges.capacity() * sizeof(ZoneRange);
}

std::string FrameStore::checkLists() const
{
    std::array<Pages, kNrFrameStates> byState {};
    for (const auto& range : m_zoneRanges) {
        for (FrameIndex f = range.first; f < range.end; ++f) {
            if (state[f] >= byState.size())
                return "frame in unknown state " + std::to_string(state[f]);
            ++byState[state[f]];
        }
    }
    Pages free = 0;
    Pages lru = 0;
    for (const auto& node : m_k.nodes) {
        for (const auto& zone : node.zones) {
            free += zone.freePages();
            Pages walked = 0;
            for (FrameIndex f = zone.freeHead; f != kNoFrame; f = next[f]) {
                if (f < zone.firstFrame() || f >= zone.firstFrame() + zone.managed
                    || state[f] != static_cast<std::uint8_t>(FrameState::Free) || ++walked > zone.managed)
                    return std::string("corrupt free list in zone ") + zoneTypeName(zone.type);
            }
            if (walked != zone.freePages())
                return std::string("free list length differs from nr_free_pages in zone ")
                    + zoneTypeName(zone.type);
        }
        for (int l = 0; l < kNrLruLists; ++l) {
            Pages walked = 0;
            FrameIndex before = kNoFrame;
            for (FrameIndex f = node.lruvec.head[static_cast<std::size_t>(l)]; f != kNoFrame; f = next[f]) {
                // An unmanaged frame on a list shows below: the managed frames' states would not add up.
                if (f >= size() || prev[f] != before || state[f] != lruStateCode(static_cast<LruList>(l))
                    || walked >= size())
                    return std::string("corrupt LRU list ") + lruListName(static_cast<LruList>(l));
                before = f;
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
    if (free + lru + kernel + m_reserved != size())
        return "frame conservation broken: free + lru + kernel + unmanaged != total";
    return {};
}

} // namespace rlab::engine
