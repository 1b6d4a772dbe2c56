// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// vma_thp_gfp_mask() (mm/huge_memory.c): the gfp mask of a THP fault for a defrag mode, in a region
/// with or without MADV_HUGEPAGE.
std::uint32_t thpFaultGfp(ThpDefrag defrag, bool madvised);

/// Anonymous transparent huge pages (mm/huge_memory.c): the fault that maps a 2 MiB folio with one PMD,
/// and its split into 512 pages. Not modelled: the huge zero page (every fault here writes), THP swap-out
/// in one piece (a swap device here never hands out a whole cluster, as a swap file does not), the
/// deferred split queue, and THP migration (compaction skips THPs, as 6.1's does).
class HugeMemory
{
public:
    explicit HugeMemory(Kernel& kernel)
        : m_k(kernel)
    {}

    enum class FaultResult : std::uint8_t
    {
        Mapped, ///< a THP maps the 2 MiB around the address
        Fallback, ///< no THP here: the caller faults in one page (thp_fault_fallback when one was tried)
        Retry, ///< the task was throttled in reclaim: the fault is retried later
    };
    /// mm/memory.c:create_huge_pmd() → do_huge_pmd_anonymous_page() for a write fault at `offset`.
    FaultResult anonymousFault(Process& process, int mappingIndex, Pages offset);
    /// split_huge_page_to_list() of an isolated THP: `head` becomes 512 pages with the folio's flags,
    /// the other 511 isolated too and appended to `isolated` (reclaim goes on with them).
    void splitHugePage(FrameIndex head, std::vector<FrameIndex>& isolated);
    /// The head of the folio a page belongs to (compound_head()).
    FrameIndex headOf(FrameIndex frame) const;
    /// hugepage_vma_check(): whether this region may use THPs (faults and khugepaged).
    bool vmaAllowed(const Mapping& mapping) const;
    /// Maps the 512 pages from `head` at the region's 2 MiB from `first` with one PMD, and puts the folio
    /// on its LRU list (a THP fault, or khugepaged's collapse).
    void mapHugePage(Process& process, int mappingIndex, Pages first, FrameIndex head, PageCause cause);

private:
    Kernel& m_k;
};

} // namespace rlab::engine
