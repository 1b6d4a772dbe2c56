// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

/// The swap devices and their slot allocator (mm/swapfile.c: swap_info[], get_swap_pages(),
/// swap_free()). Knows slots and the swap cache's slot → frame map, not the frames themselves.
class SwapSpace
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    static constexpr std::size_t kMaxDevices = 16; ///< the swap entry keeps the device in 4 bits

    const std::vector<SwapDevice>& devices() const { return m_devices; }
    SwapDevice& device(std::size_t index) { return m_devices[index]; }
    const SwapDevice& device(std::size_t index) const { return m_devices[index]; }

    /// total_swap_pages and nr_swap_pages of the active devices.
    Pages totalPages() const;
    Pages freePages() const;
    /// include/linux/swap.h:vm_swap_full(): less than half the swap space free.
    bool full() const { return freePages() * 2 < totalPages(); }

    /// get_swap_pages(): a slot on the highest-priority device with room (equal priorities take
    /// turns), marked SWAP_HAS_CACHE with `frame` in the swap cache. Returns the swap entry, or nullopt
    /// when every active device is full.
    std::optional<std::uint32_t> allocSlot(FrameIndex frame);
    /// The last reference to a slot went away: it is free again, with any shadow in it.
    void freeSlot(std::uint32_t entry);

    /// swapon. Re-enabling a known device only activates it (added = false); a new one gets the next
    /// automatic priority (setup_swap_info: -2, -3, ...) unless the spec names one.
    struct SwaponResult
    {
        std::optional<std::string> error;
        const SwapDevice* added = nullptr;
    };
    SwaponResult swapon(const SwapSpec& spec, std::uint32_t diskId);
    /// Simplified swapoff: in-use slots stay until their pages fault back in; the device takes no new
    /// slots and leaves SwapTotal at once. Returns an error for a device that is not active.
    std::optional<std::string> swapoff(const std::string& name);

    std::size_t memoryBytes() const;

private:
    std::vector<SwapDevice> m_devices;
    int m_leastPriority = -1; ///< mm/swapfile.c least_priority: the first automatic device gets -2
    std::uint64_t m_useSeq = 0; ///< round robin among equal priorities
};

} // namespace rlab::engine
