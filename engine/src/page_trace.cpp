// SPDX-License-Identifier: GPL-3.0-or-later
// Page-move tracing for the GUI's animation and a watched frame's history.
#include "rlab/engine/page_trace.h"

#include "detail/kernel.h"

namespace rlab::engine {

const char* pageCauseName(PageCause cause)
{
    static constexpr const char* kNames[] = { "unknown", "fault", "read", "write", "swap_in", "readahead",
        "refault", "accessed", "deactivated", "kept_active", "referenced", "kept_referenced", "pageout",
        "dirty_deferred", "under_writeback", "no_swap_space", "reclaimed", "rotated", "culled", "exited",
        "dropped", "collapsed" };
    static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<std::size_t>(PageCause::Count));
    return kNames[static_cast<int>(cause)];
}

void PageTrace::enable(bool enabled, std::size_t capacity)
{
    const bool wasTracing = m_tracing;
    m_tracing = enabled || m_watched != kNoFrame;
    m_capacity = capacity;
    if (m_tracing && !wasTracing) {
        // Start from where every frame is now, so the first move of each is reported from its real place.
        m_frameCause.assign(m_k.frames.flags.size(), 0);
        m_traceFrom.assign(m_k.frames.state.begin(), m_k.frames.state.end());
    } else if (!m_tracing) {
        m_frameCause.clear();
        m_traceFrom.clear();
        m_pageEvents.clear();
    }
    m_enabledByUser = enabled;
}

std::vector<PageEvent> PageTrace::drain(bool* dropped)
{
    if (dropped)
        *dropped = m_dropped;
    m_dropped = false;
    std::vector<PageEvent> out;
    out.swap(m_pageEvents);
    return out;
}

void PageTrace::watch(FrameIndex frame)
{
    m_watched = m_k.frames.managed(frame) ? frame : kNoFrame;
    m_watchedHistory.clear();
    enable(m_enabledByUser, m_capacity);
}

void PageTrace::move(FrameIndex frame, std::uint8_t to)
{
    PageEvent e;
    e.at = m_k.now;
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
    if (!m_enabledByUser)
        return;
    if (m_pageEvents.size() >= m_capacity) {
        m_dropped = true;
        return;
    }
    m_pageEvents.push_back(e);
}

std::size_t PageTrace::memoryBytes() const
{
    return m_frameCause.capacity() + m_traceFrom.capacity() + m_pageEvents.capacity() * sizeof(PageEvent);
}

} // namespace rlab::engine
