// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// Page-move tracing for the GUI's animation and one frame's history. Off by default: it costs a
/// little per move. Moves since the last drain go into a bounded ring.
class PageTrace
{
public:
    explicit PageTrace(Kernel& kernel)
        : m_k(kernel)
    {}

    /// Turns the ring on or off; `capacity` moves at most between drains.
    void enable(bool enabled, std::size_t capacity = 65536);
    /// The moves since the last call; `dropped` tells that the ring overflowed.
    std::vector<PageEvent> drain(bool* dropped = nullptr);
    /// Keeps the complete history of one managed frame (kNoFrame, or any other PFN, stops).
    void watch(FrameIndex frame);
    const std::vector<PageEvent>& watchedHistory() const { return m_watchedHistory; }

    // Engine side.
    bool active() const { return m_tracing; }
    /// Why the frame's next move happens.
    void setCause(FrameIndex frame, PageCause cause)
    {
        if (m_tracing)
            m_frameCause[frame] = static_cast<std::uint8_t>(cause);
    }
    void move(FrameIndex frame, std::uint8_t to);
    /// A frame left the free list without a traced move (it is held by the kernel until it lands).
    void takenFromFree(FrameIndex frame)
    {
        if (m_tracing)
            m_traceFrom[frame] = static_cast<std::uint8_t>(FrameState::Free);
    }
    /// Who moves pages now: 0 none, 1 kswapd, 2 direct reclaim, at which priority.
    void setReclaimer(std::uint8_t reclaimer, int priority)
    {
        m_reclaimer = reclaimer;
        m_reclaimPriority = static_cast<std::int8_t>(priority);
    }
    std::size_t memoryBytes() const;

private:
    Kernel& m_k;
    bool m_tracing = false;
    bool m_enabledByUser = false;
    std::size_t m_capacity = 65536;
    bool m_dropped = false;
    std::vector<PageEvent> m_pageEvents;
    std::vector<std::uint8_t> m_frameCause; ///< pending cause per frame
    std::vector<std::uint8_t> m_traceFrom; ///< where the frame was before it was isolated
    FrameIndex m_watched = kNoFrame;
    std::vector<PageEvent> m_watchedHistory;
    std::uint8_t m_reclaimer = 0;
    std::int8_t m_reclaimPriority = -1;
};

} // namespace rlab::engine
