// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// Refault detection of mm/workingset.c: shadow entries, the refault distance, and the shadow-node
/// shrinker.
class Workingset
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    static constexpr std::uint64_t kXaNodesPerChunk = PageIndex::kChunkSize / 64; ///< xa_node has 64 slots

    explicit Workingset(Kernel& kernel)
        : m_k(kernel)
    {}

    /// workingset_eviction(): the shadow entry that replaces an evicted page.
    void workingsetEviction(FrameIndex frame, std::uint32_t& shadowOut);
    /// workingset_refault(): true when the refaulting page is activated.
    bool workingsetRefault(FrameIndex frame, std::uint32_t shadow);
    /// A file page became a shadow: count its chunk as a shadow node if it holds no page any more.
    void noteShadowChunk(int mapping, std::size_t chunk);
    /// The shadow shrinker (scan_shadow_nodes), run from shrink_node like shrink_slab.
    void shrinkShadowNodes();
    /// Shadow-only chunks, in xa_node units (workingset_nodes).
    std::uint64_t& workingsetNodes();
    std::size_t memoryBytes() const { return m_shadowQueue.capacity() * sizeof(m_shadowQueue[0]); }

private:
    Kernel& m_k;
    std::vector<std::pair<int, std::size_t>> m_shadowQueue; ///< shadow-only chunks, oldest first
    std::size_t m_shadowQueueHead = 0;
};

} // namespace rlab::engine
