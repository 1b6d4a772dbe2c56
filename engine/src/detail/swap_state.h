// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

namespace rlab::engine {

struct Kernel;

/// The swap cache of mm/swap_state.c: anonymous pages on their way to or from a swap slot.
class SwapCache
{
public:
    explicit SwapCache(Kernel& kernel)
        : m_k(kernel)
    {}

    /// add_to_swap(): allocates a slot and puts the page in the swap cache; false when swap is full.
    bool addToSwap(FrameIndex frame);
    /// __delete_from_swap_cache(); `keepShadow` leaves a workingset shadow in the slot (reclaim).
    void swapcacheDelete(FrameIndex frame, bool keepShadow);
    /// Gives a slot with no users back to its device, and uncharges its cgroup.
    void freeSwapSlot(std::uint32_t entry);

private:
    Kernel& m_k;
};

} // namespace rlab::engine
