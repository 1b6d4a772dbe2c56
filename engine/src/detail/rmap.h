// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <array>
#include <cstdint>

namespace rlab::engine {

struct Kernel;

/// The reverse map of mm/rmap.c: the PTE that maps a page (one at most in this model), unmapping it,
/// and the accessed bit reclaim reads through it.
class Rmap
{
public:
    explicit Rmap(Kernel& kernel);

    /// try_to_unmap(): clears the PTE; an anonymous PTE becomes a swap entry.
    void unmapFrame(FrameIndex frame);
    /// folio_referenced() for one PTE: was the page accessed since its young bit was last cleared?
    /// Clears it.
    bool testAndClearYoung(FrameIndex frame);
    /// pte_young() without clearing it (khugepaged's look).
    bool testYoung(FrameIndex frame);
    /// A new PTE maps the page: young, and the access clock starts from now.
    void markMappedYoung(FrameIndex frame);
    /// How many processes map a file page through their file views.
    int fileViewMapCount(int fileMapping, Pages offset) const;

private:
    static constexpr double kStampUnits = 64.0; ///< stamp resolution: 1/64 of an expected access
    std::uint16_t accessStamp(const Mapping& mapping) const
    {
        return static_cast<std::uint16_t>(static_cast<std::uint64_t>(mapping.accessClock * kStampUnits));
    }

    Kernel& m_k;
    /// P(accessed) for a stamp difference, as a 2^64 fraction.
    std::array<std::uint64_t, 1024> m_youngThreshold {};
};

} // namespace rlab::engine
