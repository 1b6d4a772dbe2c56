// SPDX-License-Identifier: GPL-3.0-or-later
// mm/swap.c: folio_mark_accessed() and folio_rotate_reclaimable().
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/reclaim_rules.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

void LruCache::markAccessed(FrameIndex frame)
{
    // mm/swap.c:folio_mark_accessed(): the second access of an inactive page activates it.
    PageFlags& flags = m_k.frames.flags[frame];
    if (!(flags & kPgReferenced)) {
        flags |= kPgReferenced;
        return;
    }
    if (flags & kPgUnevictable)
        return;
    if (!(flags & kPgActive)) {
        if (m_k.frames.state[frame] >= static_cast<std::uint8_t>(FrameState::LruBase)) {
            m_k.frames.listRemove(frame);
            flags |= kPgActive;
            m_k.trace.setCause(frame, PageCause::Accessed);
            m_k.frames.listAddHead(frame, m_k.frames.lruFor(frame));
            ++m_k.vmEvents[VmEvent::Pgactivate];
            m_k.memcg.count(m_k.frames.memcgOf(frame), MemcgCount::Pgactivate);
        }
        flags = static_cast<PageFlags>(flags & ~kPgReferenced);
        m_k.frames.nodeOf(frame).lruvec.nonresidentAge += 1; // workingset_activation()
    }
}

void LruCache::rotateReclaimable(FrameIndex frame)
{
    // mm/swap.c:folio_rotate_reclaimable() → lru_move_tail_fn()
    const PageFlags flags = m_k.frames.flags[frame];
    if (m_k.frames.state[frame] < static_cast<std::uint8_t>(FrameState::LruBase) || (flags & kPgDirty)
        || (flags & kPgUnevictable))
        return;
    m_k.frames.listRemove(frame);
    m_k.frames.flags[frame] = static_cast<PageFlags>(flags & ~kPgActive);
    m_k.trace.setCause(frame, PageCause::Rotated);
    m_k.frames.listAddTail(frame, m_k.frames.lruFor(frame));
    ++m_k.vmEvents[VmEvent::Pgrotated];
}

void LruCache::lruNoteCost(Lruvec& vec, bool file, Pages nrPages)
{
    // mm/swap.c:lru_note_cost(): the lruvec and each ancestor's; a level halves both costs once they
    // exceed a quarter of its (hierarchical) LRU pages.
    Node& node = m_k.nodes[static_cast<std::size_t>(vec.node)];
    for (int memcg = vec.memcg; memcg >= 0; memcg = m_k.memcg.group(memcg).parent) {
        Lruvec& level = m_k.memcg.lruvec(memcg, node);
        if (file)
            level.fileCost += nrPages;
        else
            level.anonCost += nrPages;
        Pages lrusize = 0;
        for (int l = 0; l < kNrEvictableLru; ++l)
            lrusize += m_k.memcg.subtreeLruSize(memcg, node, static_cast<LruList>(l));
        if (level.fileCost + level.anonCost > lrusize / 4) {
            level.fileCost /= 2;
            level.anonCost /= 2;
        }
    }
}

} // namespace rlab::engine
