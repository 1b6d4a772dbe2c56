// SPDX-License-Identifier: GPL-3.0-or-later
// mm/swapfile.c: swap devices, their priorities and the slot allocator.
#include "rlab/engine/swapfile.h"

#include "detail/assert.h"
#include "detail/entries.h"

#include <limits>

namespace rlab::engine {

using namespace detail;

Pages SwapSpace::totalPages() const
{
    Pages sum = 0;
    for (const auto& dev : m_devices) {
        if (dev.active)
            sum += dev.slots;
    }
    return sum;
}

Pages SwapSpace::freePages() const
{
    Pages sum = 0;
    for (const auto& dev : m_devices) {
        if (dev.active)
            sum += dev.slots - dev.inuse;
    }
    return sum;
}

std::optional<std::uint32_t> SwapSpace::allocSlot(FrameIndex frame)
{
    // get_swap_pages(): the highest priority device with free slots; devices of equal priority take
    // turns (plist_requeue). No per-CPU slot cache in the model.
    int best = -1;
    for (std::size_t i = 0; i < m_devices.size(); ++i) {
        const SwapDevice& dev = m_devices[i];
        if (!dev.active || dev.inuse >= dev.slots)
            continue;
        if (best < 0 || dev.priority > m_devices[static_cast<std::size_t>(best)].priority)
            best = static_cast<int>(i);
    }
    if (best < 0)
        return std::nullopt;
    // Round robin: among the devices of this priority pick the one used longest ago.
    const int prio = m_devices[static_cast<std::size_t>(best)].priority;
    std::uint64_t oldest = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t i = 0; i < m_devices.size(); ++i) {
        const SwapDevice& dev = m_devices[i];
        if (dev.active && dev.inuse < dev.slots && dev.priority == prio && dev.lastUsed < oldest) {
            oldest = dev.lastUsed;
            best = static_cast<int>(i);
        }
    }
    SwapDevice& dev = m_devices[static_cast<std::size_t>(best)];
    dev.lastUsed = ++m_useSeq;
    // Next-fit scan from the cursor (scan_swap_map_slots without clusters); slot 0 is the header.
    std::uint64_t slot = dev.clusterNext;
    for (Pages tries = 0; tries < dev.slots; ++tries) {
        if (slot > dev.slots)
            slot = 1;
        if (dev.swapMap[slot] == 0)
            break;
        ++slot;
    }
    RLAB_ASSERT(slot >= 1 && slot <= dev.slots && dev.swapMap[slot] == 0);
    dev.swapMap[slot] = kSwapHasCache;
    dev.shadow[slot] = 0;
    dev.cache[slot] = frame;
    ++dev.inuse;
    dev.clusterNext = slot + 1;
    return makeSwapEntry(static_cast<unsigned>(best), static_cast<std::uint32_t>(slot));
}

void SwapSpace::freeSlot(std::uint32_t entry)
{
    SwapDevice& dev = m_devices[swapDevice(entry)];
    const std::uint32_t slot = swapSlot(entry);
    RLAB_ASSERT(dev.swapMap[slot] == 0);
    RLAB_ASSERT(dev.inuse > 0);
    --dev.inuse;
    dev.shadow[slot] = 0; // the swap cache slot and any shadow in it go away with the entry
}

SwapSpace::SwaponResult SwapSpace::swapon(const SwapSpec& spec, std::uint32_t diskId)
{
    for (auto& dev : m_devices) {
        if (dev.name == spec.name) {
            if (dev.active)
                return { "swap device " + dev.name + " is already active", nullptr };
            dev.active = true;
            return {};
        }
    }
    if (m_devices.size() >= kMaxDevices)
        return { "at most " + std::to_string(kMaxDevices) + " swap devices", nullptr };
    SwapDevice dev;
    dev.name = spec.name;
    // mm/swapfile.c:setup_swap_info(): without -p, priorities count down from -1.
    dev.priority = spec.priority ? *spec.priority : --m_leastPriority;
    dev.slots = spec.size;
    dev.swapMap.assign(dev.slots + 1, 0);
    dev.cache.assign(dev.slots + 1, kNoFrame);
    dev.shadow.assign(dev.slots + 1, 0);
    dev.disk = spec.disk;
    dev.diskId = diskId;
    m_devices.push_back(std::move(dev));
    return { std::nullopt, &m_devices.back() };
}

std::optional<std::string> SwapSpace::swapoff(const std::string& name)
{
    for (auto& dev : m_devices) {
        if (dev.name == name && dev.active) {
            dev.active = false;
            return std::nullopt;
        }
    }
    return "no active swap device named " + name;
}

std::size_t SwapSpace::memoryBytes() const
{
    std::size_t total = 0;
    for (const auto& d : m_devices)
        total += sizeof(SwapDevice) + d.swapMap.capacity() * sizeof(d.swapMap[0])
            + d.cache.capacity() * sizeof(d.cache[0]) + d.shadow.capacity() * sizeof(d.shadow[0]);
    return total;
}

} // namespace rlab::engine
