// SPDX-License-Identifier: GPL-3.0-or-later
// mm/swap_state.c: the swap cache (pages between their anon mapping and a swap slot).
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"

namespace rlab::engine {

using namespace detail;

bool SwapCache::addToSwap(FrameIndex frame)
{
    // mm/swap_state.c:add_to_swap() → get_swap_pages().
    const auto entry = m_k.swap.allocSlot(frame);
    if (!entry)
        return false;
    // folio_alloc_swap() → __mem_cgroup_try_charge_swap(): memory.swap.max may refuse the slot.
    if (!m_k.memcg.chargeSwap(frame, *entry)) {
        SwapDevice& dev = m_k.swap.device(swapDevice(*entry));
        dev.swapMap[swapSlot(*entry)] = 0;
        m_k.swap.freeSlot(*entry);
        return false;
    }
    m_k.frames.swapEntry[frame] = *entry;
    m_k.frames.flags[frame] |= kPgSwapcache | kPgDirty; // add_to_swap() dirties the folio
    Node& node = m_k.frames.nodeOf(frame);
    ++node.stat[NodeStat::NrSwapcached];
    ++node.stat[NodeStat::NrFilePages];
    return true;
}

void SwapCache::swapcacheDelete(FrameIndex frame, bool keepShadow)
{
    // mm/swap_state.c:__delete_from_swap_cache() (+ put_swap_folio when no PTE holds the entry).
    const std::uint32_t entry = m_k.frames.swapEntry[frame];
    RLAB_ASSERT(entry != 0);
    SwapDevice& dev = m_k.swap.device(swapDevice(entry));
    const std::uint32_t slot = swapSlot(entry);
    dev.cache[slot] = kNoFrame;
    dev.swapMap[slot] = static_cast<std::uint8_t>(dev.swapMap[slot] & ~kSwapHasCache);
    if (keepShadow) {
        std::uint32_t shadow = 0;
        m_k.workingset.workingsetEviction(frame, shadow);
        dev.shadow[slot] = shadow;
    }
    if (dev.swapMap[slot] == 0)
        freeSwapSlot(entry);
    m_k.frames.swapEntry[frame] = 0;
    m_k.frames.flags[frame] =
        static_cast<PageFlags>(m_k.frames.flags[frame] & ~(kPgSwapcache | kPgReadahead));
    Node& node = m_k.frames.nodeOf(frame);
    --node.stat[NodeStat::NrSwapcached];
    --node.stat[NodeStat::NrFilePages];
}

void SwapCache::freeSwapSlot(std::uint32_t entry)
{
    // swap_entry_free(): the slot's cgroup is uncharged as the slot goes back.
    m_k.memcg.unchargeSwap(entry);
    m_k.swap.freeSlot(entry);
}

} // namespace rlab::engine
