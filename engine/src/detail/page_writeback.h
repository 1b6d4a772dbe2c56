// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <utility>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// Dirty page accounting and limits of mm/page-writeback.c, and the flusher that writes dirty pages
/// back (fs/fs-writeback.c wb_workfn, simplified).
class Writeback
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit Writeback(Kernel& kernel)
        : m_k(kernel)
    {}

    /// Schedules the first periodic flush (dirty_writeback_centisecs after boot).
    void boot();
    /// The flusher's share of one step.
    void tickFlusher();
    /// wakeup_flusher_threads(WB_REASON_VMSCAN): write everything dirty.
    void wakeupFlusher();
    /// folio_mark_dirty() of a page-cache page.
    void setDirty(FrameIndex frame);
    /// Global dirty thresholds (global_dirty_limits): {background, hard} in pages.
    std::pair<Pages, Pages> dirtyThresholds() const;
    std::size_t memoryBytes() const { return m_dirtyQueue.capacity() * sizeof(DirtyRecord); }

private:
    struct DirtyRecord
    {
        Tick at;
        FrameIndex frame;
        MappingIndex mapping;
        std::uint32_t offset;
    };

    Kernel& m_k;
    Tick m_nextFlush = 0;
    bool m_flusherWoken = false;
    std::vector<DirtyRecord> m_dirtyQueue; ///< clean→dirty transitions in time order (entries may be stale)
    std::size_t m_dirtyQueueHead = 0;
};

} // namespace rlab::engine
