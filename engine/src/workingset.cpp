// SPDX-License-Identifier: GPL-3.0-or-later
// mm/workingset.c: shadow entries of evicted pages, refault detection and the shadow-node shrinker.
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/reclaim_rules.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

std::uint64_t& Workingset::workingsetNodes()
{
    return m_k.nodes[0].stat[NodeStat::WorkingsetNodes];
}

void Workingset::noteShadowChunk(int mapping, std::size_t chunk)
{
    PageIndex& index = m_k.mappings[static_cast<std::size_t>(mapping)].entries;
    if (!index.shadowOnly(chunk) || index.shadowCounted(chunk))
        return;
    index.setShadowCounted(chunk, true);
    workingsetNodes() += kXaNodesPerChunk;
    m_shadowQueue.emplace_back(mapping, chunk);
}

void Workingset::shrinkShadowNodes()
{
    // mm/workingset.c:count_shadow_nodes(): shadow nodes beyond lru_pages >> (XA_CHUNK_SHIFT - 3) are
    // expendable; do_shrink_slab() scans half of them per call (the shrinker's seeks is 0).
    Pages lruPages = 0;
    for (const auto& node : m_k.nodes) {
        for (int l = 0; l < kNrLruLists; ++l)
            lruPages += node.stat[nodeLruStat(static_cast<LruList>(l))];
    }
    const std::uint64_t maxNodes = lruPages >> 3;
    if (workingsetNodes() <= maxNodes)
        return;
    std::uint64_t toFree = std::max<std::uint64_t>((workingsetNodes() - maxNodes) / 2, kXaNodesPerChunk);
    while (toFree > 0 && m_shadowQueueHead < m_shadowQueue.size()) {
        const auto [mapping, chunk] = m_shadowQueue[m_shadowQueueHead++];
        PageIndex& index = m_k.mappings[static_cast<std::size_t>(mapping)].entries;
        if (!index.shadowCounted(chunk) || !index.shadowOnly(chunk))
            continue; // refilled since, or already gone
        index.clearChunk(chunk);
        workingsetNodes() -= kXaNodesPerChunk;
        m_k.nodes[0].stat[NodeStat::WorkingsetNodereclaim] += kXaNodesPerChunk;
        toFree -= std::min(toFree, kXaNodesPerChunk);
    }
    if (m_shadowQueueHead > 4096 && m_shadowQueueHead * 2 > m_shadowQueue.size()) {
        m_shadowQueue.erase(
            m_shadowQueue.begin(), m_shadowQueue.begin() + static_cast<std::ptrdiff_t>(m_shadowQueueHead));
        m_shadowQueueHead = 0;
    }
}

void Workingset::workingsetEviction(FrameIndex frame, std::uint32_t& shadowOut)
{
    // mm/workingset.c:workingset_eviction(): remember the clock, then advance it.
    Lruvec& vec = m_k.frames.nodeOf(frame).lruvec;
    const std::uint64_t eviction = vec.nonresidentAge;
    vec.nonresidentAge += 1;
    shadowOut = makeShadow(eviction, (m_k.frames.flags[frame] & kPgWorkingset) != 0);
}

bool Workingset::workingsetRefault(FrameIndex frame, std::uint32_t shadow)
{
    // mm/workingset.c:workingset_refault(): activate when the refault distance fits in the workingset
    // (the rule itself is reclaim_rules.h:refaultActivates()).
    Node& node = m_k.frames.nodeOf(frame);
    Lruvec& vec = node.lruvec;
    const bool file = !(m_k.frames.flags[frame] & kPgSwapbacked);
    RefaultInput in;
    in.file = file;
    in.distance = refaultDistance(vec.nonresidentAge, shadowEviction(shadow), kShadowEvictionMask);
    // The distance and the workingset size are the node's: the model keeps one eviction clock per node,
    // not one per reclaim target's lruvec (docs/engine-model.md).
    for (std::size_t l = 0; l < in.lruSizes.size(); ++l)
        in.lruSizes[l] = m_k.memcg.subtreeLruSize(0, node, static_cast<LruList>(l));
    const int memcg = m_k.frames.memcgOf(frame);
    in.swapFree = m_k.memcg.nrSwapPages(memcg) > 0;
    ++node.stat[file ? NodeStat::WorkingsetRefaultFile : NodeStat::WorkingsetRefaultAnon];
    m_k.memcg.count(memcg, file ? MemcgCount::WorkingsetRefaultFile : MemcgCount::WorkingsetRefaultAnon);
    if (!refaultActivates(in))
        return false;
    m_k.frames.flags[frame] |= kPgActive;
    vec.nonresidentAge += 1;
    ++node.stat[file ? NodeStat::WorkingsetActivateFile : NodeStat::WorkingsetActivateAnon];
    m_k.memcg.count(memcg, file ? MemcgCount::WorkingsetActivateFile : MemcgCount::WorkingsetActivateAnon);
    if (shadowWorkingset(shadow)) {
        m_k.frames.flags[frame] |= kPgWorkingset;
        m_k.lru.lruNoteCost(m_k.frames.lruvecOf(frame), file, 1); // lru_note_cost_folio()
        ++node.stat[file ? NodeStat::WorkingsetRestoreFile : NodeStat::WorkingsetRestoreAnon];
    }
    return true;
}

} // namespace rlab::engine
