// SPDX-License-Identifier: GPL-3.0-or-later
// mm/swap.c: folio_mark_accessed() and folio_rotate_reclaimable().
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/simulator.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

void Simulator::markAccessed(FrameIndex frame)
{
    // mm/swap.c:folio_mark_accessed(): the second access of an inactive page activates it.
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPgReferenced)) {
        flags |= kPgReferenced;
        return;
    }
    if (flags & kPgUnevictable)
        return;
    if (!(flags & kPgActive)) {
        if (m_frameState[frame] >= static_cast<std::uint8_t>(FrameState::LruBase)) {
            listRemove(frame);
            flags |= kPgActive;
            setCause(frame, PageCause::Accessed);
            listAddHead(frame, lruFor(frame));
            ++m_vmEvents[VmEvent::Pgactivate];
        }
        flags = static_cast<std::uint16_t>(flags & ~kPgReferenced);
        nodeOf(frame).lruvec.nonresidentAge += 1; // workingset_activation()
    }
}

void Simulator::rotateReclaimable(FrameIndex frame)
{
    // mm/swap.c:folio_rotate_reclaimable() → lru_move_tail_fn()
    const std::uint16_t flags = m_frameFlags[frame];
    if (m_frameState[frame] < static_cast<std::uint8_t>(FrameState::LruBase) || (flags & kPgDirty)
        || (flags & kPgUnevictable))
        return;
    listRemove(frame);
    m_frameFlags[frame] = static_cast<std::uint16_t>(flags & ~kPgActive);
    setCause(frame, PageCause::Rotated);
    listAddTail(frame, lruFor(frame));
    ++m_vmEvents[VmEvent::Pgrotated];
}

} // namespace rlab::engine
