// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/buddy.h"
#include "rlab/engine/machine.h"
#include "rlab/engine/uninit_vector.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// Every frame as a struct of arrays (STYLE.md §1: pages are data), with the zones' buddy free lists
/// and the lruvecs' LRU lists linked through `next`/`prev`: a move is O(1) and allocates nothing. The
/// arrays are the kernel's struct page fields; engine components read and write them directly.
class FrameStore
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit FrameStore(Kernel& kernel)
        : m_k(kernel)
    {}

    /// One frame index per PFN up to the end of the last zone's span. Each zone's managed pages (one run
    /// of `managed` PFNs, see Zone::firstFrame()) go on its buddy lists. The entries of
    /// the other PFNs (holes, boot reservations) are never written, so they take no memory.
    void build(std::vector<Node>& nodes);

    /// Frame indices, one per PFN: the managed pages and the unmanaged PFNs between them.
    Pages size() const { return static_cast<Pages>(flags.size()); }
    /// PFNs the allocator does not manage; they have no state and never appear on a list.
    Pages reserved() const { return m_reserved; }
    /// Whether a PFN is a managed page, which alone has a state and flags.
    bool managed(FrameIndex frame) const;
    FrameState stateOf(FrameIndex frame) const { return static_cast<FrameState>(state[frame]); }
    bool onLru(FrameIndex frame) const
    {
        return state[frame] >= static_cast<std::uint8_t>(FrameState::LruBase);
    }

    /// folio_nr_pages() of a folio's first page: 512 for a THP's head, else 1.
    Pages folioNrPages(FrameIndex frame) const { return (flags[frame] & kPgHead) ? kHpagePmdNr : 1; }

    Zone& zoneOf(FrameIndex frame);
    Node& nodeOf(FrameIndex frame);
    int zoneIndexOf(FrameIndex frame) const { return static_cast<int>(zoneCode(frame) % kMaxNrZones); }
    /// The lruvec a frame's LRU list belongs to (folio_lruvec()): its cgroup's on its node.
    Lruvec& lruvecOf(FrameIndex frame) { return lruvecAt(zoneCode(frame), frame); }
    /// folio_memcg(): the cgroup a page is charged to (0: the root, or not charged).
    int memcgOf(FrameIndex frame) const { return memcg.empty() ? 0 : memcg[frame]; }
    LruList lruFor(FrameIndex frame) const; ///< folio_lru_list()

    /// lruvec_add_folio() / lruvec_add_folio_tail() / lruvec_del_folio(): the frame's own lruvec. A
    /// THP's head carries its 512 pages in the counters, and its tails take its state.
    void listAddHead(FrameIndex frame, LruList lru);
    void listAddTail(FrameIndex frame, LruList lru);
    void listRemove(FrameIndex frame);
    /// rmqueue(): 2^order free pages of the zone (the first one's index, kNoFrame when none is free for
    /// this migratetype or its fallbacks); they are held by the kernel. Wakes kswapd when a fallback
    /// boosted the watermark.
    FrameIndex rmqueue(Zone& zone, int order, Migratetype type, unsigned allocFlags);
    FrameIndex takeFreeFrame(Zone& zone, Migratetype type = Migratetype::Movable, unsigned allocFlags = 0)
    {
        return rmqueue(zone, 0, type, allocFlags);
    }
    /// reserve_highatomic_pageblock() and unreserve_highatomic_pageblock() (Buddy).
    void reserveHighatomic(Zone& zone, FrameIndex frame) { m_buddy.reserveHighatomic(zone, frame); }
    bool unreserveHighatomic(Zone& zone, Migratetype type, bool force)
    {
        return m_buddy.unreserveHighatomic(zone, type, force);
    }
    /// __isolate_free_page() and split_map_pages() for compaction's free scanner: the free block at
    /// `frame` leaves the buddy lists as single pages held by the kernel. Its size, or 0 when the zone's
    /// watermark forbids it.
    Pages isolateFreePage(Zone& zone, FrameIndex frame);
    /// migrate_folio(): `to`, a page from isolateFreePage(), takes over the LRU page `from`'s contents,
    /// flags, mapping and place on its list; `from` is freed. The caller repoints the references.
    void migrateFrame(FrameIndex from, FrameIndex to);
    /// __free_pages(): 2^order pages back to the buddy lists, merged with their free buddies.
    void freePages(FrameIndex frame, int order);
    void freeFrame(FrameIndex frame) { freePages(frame, 0); }

    /// Frames taken from or given back to the free lists and LRU insertions so far.
    std::uint64_t pageMoves() const { return m_pageMoves; }
    std::size_t memoryBytes() const;
    /// Bytes of state one frame has: the sum of the per-frame arrays' entry sizes.
    static std::size_t bytesPerFrame();
    /// Walks every free and LRU list against the frame states and the counters: O(frames).
    std::string checkLists() const;

    // Per-frame arrays, indexed by FrameIndex (the PFN). None is zeroed at boot (UninitVector): build()
    // writes a managed frame's flags and state, every other entry is written before it is read, and
    // unmanaged PFNs are never touched.
    UninitVector<FrameIndex> next;
    UninitVector<FrameIndex> prev;
    UninitVector<PageFlags> flags; ///< PageFlag bits
    UninitVector<std::uint8_t> state; ///< FrameState, LruBase + list when on an LRU list
    UninitVector<std::uint16_t> stamp; ///< mapping's access clock when the young bit was last cleared
    UninitVector<MappingIndex> mapping; ///< owning Mapping (folio->mapping); kNoMapping when none
    /// page offset in the mapping (folio->index); a free page's page_private (Buddy: the first page of a
    /// free block holds the buddy mark, its list and order; any other free page 0)
    UninitVector<std::uint32_t> offset;
    UninitVector<std::uint32_t> swapEntry; ///< swap entry of a swapcache page (device<<26 | slot)
    /// folio->memcg_data: the MemControl id a page is charged to. Sized only when cgroups are
    /// configured (MemControl::enabled()), so a machine without them pays nothing per frame.
    UninitVector<std::uint8_t> memcg;

private:
    struct ZoneRange
    {
        FrameIndex first;
        FrameIndex end; ///< one past the zone's last managed frame
        std::uint32_t code; ///< node * kMaxNrZones + zone index (up to 1024 nodes: more than 8 bits)
    };
    /// The managed range at or before `frame` (a frame in a hole gets the range below it).
    /// Precondition: frame >= the first managed frame.
    const ZoneRange& rangeOf(FrameIndex frame) const
    {
        // A PC has two or three managed zones: a backwards walk beats a binary search there.
        constexpr std::size_t kLinear = 8;
        if (m_zoneRanges.size() <= kLinear) {
            std::size_t i = m_zoneRanges.size() - 1;
            while (m_zoneRanges[i].first > frame)
                --i;
            return m_zoneRanges[i];
        }
        const auto after = std::upper_bound(m_zoneRanges.begin(), m_zoneRanges.end(), frame,
            [](FrameIndex f, const ZoneRange& range) { return f < range.first; });
        return *std::prev(after);
    }
    std::uint32_t zoneCode(FrameIndex frame) const { return rangeOf(frame).code; }
    Lruvec& lruvecAt(unsigned code, FrameIndex frame);
    void adjustLruCounters(Lruvec& vec, unsigned code, LruList lru, std::int64_t delta);
    /// The LRU counters for a folio's pages, and a THP's tails into the head's new state.
    void folioMoved(Lruvec& vec, FrameIndex frame, unsigned code, LruList lru, int sign);
    FrameIndex rmqueueSlow(Zone& zone, int order, Migratetype type, unsigned allocFlags);
    /// prep_new_page() for the 2^order pages taken at `frame` (none when kNoFrame), and the counters.
    FrameIndex taken(Zone& zone, FrameIndex frame, int order);
    /// prep_new_page()'s part for the frames [frame, end): held by the kernel, no owner.
    void prepNewPages(FrameIndex frame, FrameIndex end);

    Kernel& m_k;
    Buddy m_buddy;
    std::vector<ZoneRange> m_zoneRanges; ///< managed frame ranges, ascending
    std::uint64_t m_pageMoves = 0;
    Pages m_reserved = 0;
};

} // namespace rlab::engine
