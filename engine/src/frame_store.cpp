// SPDX-License-Identifier: GPL-3.0-or-later
// Frames, the buddy free lists and the LRU lists as index-linked lists (no allocation per move).
#include "rlab/engine/frame_store.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"

#include <algorithm>

namespace rlab::engine {

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
    if (m_k.memcg.enabled())
        memcg.resize(frames); // written when a frame is taken from a free list
    m_buddy = Buddy(BuddyFrames { next.data(), prev.data(), state.data(), offset.data() });
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
            for (Pages i = 0; i < zone.managed; ++i) {
                const auto f = static_cast<FrameIndex>(first + i);
                offset[f] = 0; // a free page's page_private: 0 unless it heads a free block
                flags[f] = 0;
                state[f] = static_cast<std::uint8_t>(FrameState::Free);
            }
            m_buddy.initZone(zone);
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

Lruvec& FrameStore::lruvecAt(unsigned code, FrameIndex frame)
{
    Node& node = m_k.nodes[code / static_cast<unsigned>(kMaxNrZones)];
    if (memcg.empty() || memcg[frame] == 0)
        return node.lruvec;
    return m_k.memcg.lruvec(memcg[frame], node);
}

void FrameStore::adjustLruCounters(Lruvec& vec, unsigned code, LruList lru, std::int64_t delta)
{
    // The lruvec's list size, the node's and the zone's stat, from the one zone lookup of the caller.
    Node& node = m_k.nodes[code / static_cast<unsigned>(kMaxNrZones)];
    const auto d = static_cast<std::uint64_t>(delta);
    const auto l = static_cast<std::size_t>(lru);
    const unsigned zone = code % static_cast<unsigned>(kMaxNrZones);
    vec.size[l] += d;
    vec.zoneSize[zone][l] += d;
    node.stat[nodeLruStat(lru)] += d;
    node.zones[zone].stat[zoneLruStat(lru)] += d;
}

void FrameStore::folioMoved(Lruvec& vec, FrameIndex frame, unsigned code, LruList lru, int sign)
{
    if (!(flags[frame] & kPgHead)) {
        adjustLruCounters(vec, code, lru, sign);
        return;
    }
    adjustLruCounters(vec, code, lru, sign * static_cast<std::int64_t>(kHpagePmdNr));
    const std::uint8_t headState = state[frame];
    for (FrameIndex f = frame + 1; f < frame + static_cast<FrameIndex>(kHpagePmdNr); ++f)
        state[f] = headState;
}

void FrameStore::listAddHead(FrameIndex frame, LruList lru)
{
    const unsigned z = zoneCode(frame);
    Lruvec& vec = lruvecAt(z, frame);
    const auto l = static_cast<std::size_t>(lru);
    prev[frame] = kNoFrame;
    next[frame] = vec.head[l];
    if (vec.head[l] != kNoFrame)
        prev[vec.head[l]] = frame;
    else
        vec.tail[l] = frame;
    vec.head[l] = frame;
    state[frame] = static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    folioMoved(vec, frame, z, lru, +1);
    ++m_pageMoves;
    if (m_k.trace.active())
        m_k.trace.move(frame, state[frame]);
}

void FrameStore::listAddTail(FrameIndex frame, LruList lru)
{
    const unsigned z = zoneCode(frame);
    Lruvec& vec = lruvecAt(z, frame);
    const auto l = static_cast<std::size_t>(lru);
    next[frame] = kNoFrame;
    prev[frame] = vec.tail[l];
    if (vec.tail[l] != kNoFrame)
        next[vec.tail[l]] = frame;
    else
        vec.head[l] = frame;
    vec.tail[l] = frame;
    state[frame] = static_cast<std::uint8_t>(static_cast<int>(FrameState::LruBase) + static_cast<int>(lru));
    folioMoved(vec, frame, z, lru, +1);
    ++m_pageMoves;
    if (m_k.trace.active())
        m_k.trace.move(frame, state[frame]);
}

void FrameStore::listRemove(FrameIndex frame)
{
    const int where = state[frame];
    RLAB_ASSERT(where >= static_cast<int>(FrameState::LruBase));
    const auto lru = static_cast<LruList>(where - static_cast<int>(FrameState::LruBase));
    const unsigned z = zoneCode(frame);
    Lruvec& vec = lruvecAt(z, frame);
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
    folioMoved(vec, frame, z, lru, -1);
}

void FrameStore::prepNewPages(FrameIndex frame, FrameIndex end)
{
    // prep_new_page(): held by the kernel, no owner yet.
    for (FrameIndex f = frame; f < end; ++f) {
        next[f] = kNoFrame;
        state[f] = static_cast<std::uint8_t>(FrameState::Kernel);
        flags[f] = 0;
        mapping[f] = kNoMapping;
        offset[f] = 0;
        swapEntry[f] = 0;
        if (!memcg.empty())
            memcg[f] = 0;
        m_k.trace.takenFromFree(f);
    }
}

FrameIndex FrameStore::taken(Zone& zone, FrameIndex frame, int order)
{
    if (frame == kNoFrame)
        return kNoFrame;
    prepNewPages(frame, frame + (FrameIndex { 1 } << order));
    m_k.vmEvents[perZoneEvent(VmEvent::PgallocDma, zone.index())] += Pages { 1 } << order;
    ++m_pageMoves;
    return frame;
}

FrameIndex FrameStore::rmqueue(Zone& zone, int order, Migratetype type, unsigned allocFlags)
{
    // Most requests: an order-0 page from the head of its type's order-0 list, which cannot boost.
    if (order == 0 && zone.freeArea[0].head[static_cast<std::size_t>(type)] != kNoFrame)
        return taken(zone, m_buddy.rmqueue(zone, 0, type, allocFlags, 0), 0);
    return rmqueueSlow(zone, order, type, allocFlags);
}

FrameIndex FrameStore::rmqueueSlow(Zone& zone, int order, Migratetype type, unsigned allocFlags)
{
    const Pages boostBefore = zone.watermarkBoost;
    const FrameIndex frame =
        m_buddy.rmqueue(zone, order, type, allocFlags, m_k.tunables.watermarkBoostFactor);
    if (zone.watermarkBoost != boostBefore) {
        m_k.record(ev::WatermarkBoost { .node = zone.node,
            .zone = zone.type,
            .migratetype = type,
            .boost = zone.watermarkBoost,
            .high = zone.wmark.high });
    }
    // page_alloc.c:rmqueue(): a fallback that boosted the watermark wakes kswapd to reclaim the boost.
    if (zone.boostedWatermarkFlag) {
        zone.boostedWatermarkFlag = false;
        m_k.kswapd.wakeupKswapd(zone, 0, zone.index(), 0);
    }
    return taken(zone, frame, order);
}

Pages FrameStore::isolateFreePage(Zone& zone, FrameIndex frame)
{
    const Pages pages = m_buddy.isolateFreePage(zone, frame);
    prepNewPages(frame, frame + static_cast<FrameIndex>(pages));
    return pages;
}

void FrameStore::migrateFrame(FrameIndex from, FrameIndex to)
{
    RLAB_ASSERT(onLru(from) && state[to] == static_cast<std::uint8_t>(FrameState::Kernel));
    const LruList lru = lruOfStateCode(state[from]);
    listRemove(from);
    // folio_migrate_flags() and the mapping; the new page goes to the head of the same list
    // (folio_add_lru() on the way out of migrate_pages()).
    flags[to] = flags[from];
    stamp[to] = stamp[from];
    mapping[to] = mapping[from];
    offset[to] = offset[from];
    swapEntry[to] = swapEntry[from];
    if (!memcg.empty()) {
        // mem_cgroup_migrate(): the charge moves with the contents.
        memcg[to] = memcg[from];
        memcg[from] = 0;
    }
    listAddHead(to, lru);
    state[from] = static_cast<std::uint8_t>(FrameState::Kernel);
    freePages(from, 0);
}

void FrameStore::freePages(FrameIndex frame, int order)
{
    Zone& zone = zoneOf(frame);
    const FrameIndex end = frame + (FrameIndex { 1 } << order);
    if (!memcg.empty()) {
        // mem_cgroup_uncharge() as the folio is freed.
        for (FrameIndex f = frame; f < end; ++f) {
            if (memcg[f] != 0)
                m_k.memcg.unchargePages(f, 1);
        }
    }
    for (FrameIndex f = frame; f < end; ++f) {
        RLAB_ASSERT(state[f] != static_cast<std::uint8_t>(FrameState::Free));
        RLAB_ASSERT(state[f] < static_cast<std::uint8_t>(FrameState::LruBase));
        const bool wasKernel = state[f] == static_cast<std::uint8_t>(FrameState::Kernel);
        flags[f] = 0;
        mapping[f] = kNoMapping;
        offset[f] = 0;
        swapEntry[f] = 0;
        state[f] = static_cast<std::uint8_t>(FrameState::Free);
        if (m_k.trace.active() && !wasKernel)
            m_k.trace.move(f, static_cast<std::uint8_t>(FrameState::Free));
    }
    m_buddy.freeOnePage(zone, frame, order);
    m_k.vmEvents[VmEvent::Pgfree] += Pages { 1 } << order;
    ++m_pageMoves;
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
    const std::size_t perFrame = bytesPerFrame() + (memcg.empty() ? 0 : kEntryBytes<decltype(memcg)>);
    return (size() - m_reserved) * perFrame + m_zoneRanges.capacity() * sizeof(ZoneRange);
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
            if (std::string broken = m_buddy.checkZone(zone); !broken.empty())
                return broken;
        }
        for (std::size_t id = 0; id < m_k.memcg.size(); ++id) {
            const Lruvec& vec = id == 0
                ? node.lruvec
                : m_k.memcg.group(static_cast<int>(id)).lruvecs[static_cast<std::size_t>(node.id)];
            for (int l = 0; l < kNrLruLists; ++l) {
                Pages walked = 0;
                FrameIndex before = kNoFrame;
                for (FrameIndex f = vec.head[static_cast<std::size_t>(l)]; f != kNoFrame; f = next[f]) {
                    // An unmanaged frame on a list shows below: the managed frames' states would not add up.
                    if (f >= size() || prev[f] != before || state[f] != lruStateCode(static_cast<LruList>(l))
                        || walked >= size() || (flags[f] & kPgTail))
                        return std::string("corrupt LRU list ") + lruListName(static_cast<LruList>(l));
                    if (memcgOf(f) != vec.memcg)
                        return "PFN " + std::to_string(f) + " is on the lruvec of another cgroup";
                    if (flags[f] & kPgHead) {
                        for (FrameIndex t = f + 1; t < f + static_cast<FrameIndex>(kHpagePmdNr); ++t) {
                            if (!(flags[t] & kPgTail) || state[t] != state[f] || mapping[t] != mapping[f]
                                || memcgOf(t) != memcgOf(f))
                                return "THP at PFN " + std::to_string(f) + " has a broken tail page";
                        }
                    }
                    before = f;
                    walked += folioNrPages(f);
                }
                if (walked != vec.size[static_cast<std::size_t>(l)])
                    return std::string("LRU size differs from its list: ")
                        + lruListName(static_cast<LruList>(l));
                Pages byZone = 0;
                for (const auto& zoneSize : vec.zoneSize)
                    byZone += zoneSize[static_cast<std::size_t>(l)];
                if (byZone != walked)
                    return std::string("LRU zone sizes differ from the list: ")
                        + lruListName(static_cast<LruList>(l));
                lru += walked;
            }
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
