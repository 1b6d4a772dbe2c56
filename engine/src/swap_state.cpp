// SPDX-License-Identifier: GPL-3.0-or-later
// mm/swap_state.c: the swap cache (pages between their anon mapping and a swap slot), and swapon's
// wiring of a new device to its disk and the kernel log.
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/simulator.h"

namespace rlab::engine {

using namespace detail;

bool Simulator::addToSwap(FrameIndex frame)
{
    // mm/swap_state.c:add_to_swap() → get_swap_pages().
    const auto entry = m_swap.allocSlot(frame);
    if (!entry)
        return false;
    m_frameSwap[frame] = *entry;
    m_frameFlags[frame] |= kPgSwapcache | kPgDirty; // add_to_swap() dirties the folio
    Node& node = nodeOf(frame);
    ++node.stat[NodeStat::NrSwapcached];
    ++node.stat[NodeStat::NrFilePages];
    return true;
}

void Simulator::swapcacheDelete(FrameIndex frame, bool keepShadow)
{
    // mm/swap_state.c:__delete_from_swap_cache() (+ put_swap_folio when no PTE holds the entry).
    const std::uint32_t entry = m_frameSwap[frame];
    RLAB_ASSERT(entry != 0);
    SwapDevice& dev = m_swap.device(swapDevice(entry));
    const std::uint32_t slot = swapSlot(entry);
    dev.cache[slot] = kNoFrame;
    dev.swapMap[slot] = static_cast<std::uint8_t>(dev.swapMap[slot] & ~kSwapHasCache);
    if (keepShadow) {
        std::uint32_t shadow = 0;
        workingsetEviction(frame, shadow);
        dev.shadow[slot] = shadow;
    }
    if (dev.swapMap[slot] == 0)
        m_swap.freeSlot(entry);
    m_frameSwap[frame] = 0;
    m_frameFlags[frame] = static_cast<std::uint16_t>(m_frameFlags[frame] & ~(kPgSwapcache | kPgReadahead));
    Node& node = nodeOf(frame);
    --node.stat[NodeStat::NrSwapcached];
    --node.stat[NodeStat::NrFilePages];
}

std::optional<std::string> Simulator::swapon(const SwapSpec& spec)
{
    const auto result = m_swap.swapon(spec, static_cast<std::uint32_t>(m_io.diskCount()));
    if (result.error || !result.added)
        return result.error;
    const SwapDevice& dev = *result.added;
    m_io.addDisk(spec.disk);
    // mm/swapfile.c:enable_swap_info() prints this on every swapon; SS marks a solid-state device.
    printk("Adding " + std::to_string(dev.slots * 4) + "k swap on " + dev.name
        + ".  Priority:" + std::to_string(dev.priority) + " extents:1 across:" + std::to_string(dev.slots * 4)
        + "k " + (dev.disk.latency < 1000 ? "SS" : ""));
    record(ev::Swapon { dev.name, dev.slots, dev.priority });
    return std::nullopt;
}

} // namespace rlab::engine
