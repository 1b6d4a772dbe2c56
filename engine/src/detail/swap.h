// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

namespace rlab::engine {

struct Kernel;

/// The LRU helpers of mm/swap.c: marking pages accessed, rotating them after writeback, and the
/// reclaim cost each LRU type has paid.
class LruCache
{
public:
    explicit LruCache(Kernel& kernel)
        : m_k(kernel)
    {}

    /// folio_mark_accessed(): the second access of an inactive page activates it.
    void markAccessed(FrameIndex frame);
    /// folio_rotate_reclaimable(): to the inactive tail, so reclaim finds it next.
    void rotateReclaimable(FrameIndex frame);
    /// lru_note_cost()
    void lruNoteCost(Lruvec& lruvec, bool file, Pages nrPages);

private:
    Kernel& m_k;
};

} // namespace rlab::engine
