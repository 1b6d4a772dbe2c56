// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// khugepaged (mm/khugepaged.c): the kernel thread that walks the address spaces on its list and
/// collapses 2 MiB ranges of 4 KiB anonymous pages into THPs. Simplified: its own CPU time is not
/// modelled (its reclaim and compaction take no simulated time), a range with a page in swap is left
/// alone (the kernel swaps up to max_ptes_swap of them back in first), and file-backed ranges are not
/// collapsed (CONFIG_READ_ONLY_THP_FOR_FS).
class Khugepaged
{
public:
    explicit Khugepaged(Kernel& kernel)
        : m_k(kernel)
    {}
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);

    /// khugepaged_enter_vma(): puts the process's address space on the scan list when THP is enabled
    /// and one of its regions may use THPs; the thread wakes if the list was empty.
    void enter(const Process& process);
    /// start_stop_khugepaged() after a write to transparent_hugepage/enabled.
    void thpModeChanged(ThpMode before);
    /// khugepaged(): a scan pass when the thread's sleep is over.
    void tick();

    std::uint64_t pagesCollapsed() const { return m_pagesCollapsed; } ///< khugepaged/pages_collapsed
    std::uint64_t fullScans() const { return m_fullScans; } ///< khugepaged/full_scans

    /// enum scan_result values the model can reach (include/trace/events/huge_memory.h).
    enum class ScanResult : std::uint8_t
    {
        Succeed,
        Fail,
        PmdNull, ///< no PTE table: nothing was ever faulted there
        PmdMapped, ///< already a THP
        ExceedNonePte,
        ExceedSwapPte,
        SwapinNotModelled, ///< 1..max_ptes_swap pages in swap: the kernel swaps them in, the model skips
        PageRo,
        PageLru, ///< a page is off the LRU (isolated)
        PageLock, ///< a page is locked or under writeback
        LackReferencedPage,
        AllocHugePageFail,
        CgroupChargeFail, ///< mem_cgroup_charge() refused the huge page
    };

private:
    bool hasWork() const;
    /// hugepage_vma_check() for the workload's region of `process`.
    bool regionScannable(const Process& process, std::size_t workload) const;
    /// khugepaged_do_scan() from where it stopped (a pass may sleep after a failed allocation).
    void doScan();
    /// khugepaged_scan_mm_slot(): scans the current address space from the cursor; returns progress.
    std::uint64_t scanMmSlot(std::uint64_t pages, ScanResult& result);
    /// hpage_collapse_scan_pmd() of the 2 MiB at `first` in an anonymous region.
    ScanResult scanPmd(Process& process, int mappingIndex, Pages first);
    /// PageLru or PageLock when a page cannot be collapsed now; Succeed otherwise.
    ScanResult pageBusy(FrameIndex frame) const;
    /// __collapse_huge_page_isolate()'s checks, after the allocation (reclaim may have moved pages).
    bool rangeStillCollapsible(const Mapping& mapping, Pages first) const;
    /// collapse_huge_page(): allocate on `node`, copy, free the 4 KiB pages, map the THP.
    ScanResult collapseHugePage(Process& process, int mappingIndex, Pages first, int node);
    void advanceSlot(); ///< the current address space is done: the next one, or a full scan ends

    static constexpr Tick kWaitForWork = std::numeric_limits<Tick>::max();

    Kernel& m_k;
    std::vector<int> m_mmSlots; ///< process indexes, in the order they were entered
    std::vector<bool> m_onList; ///< MMF_VM_HUGEPAGE per process: it is in m_mmSlots
    std::vector<Pages> m_nodeLoad; ///< scanPmd()'s pages per node, kept to avoid an allocation per range
    int m_scanSlot = -1; ///< khugepaged_scan.mm_slot: index into m_mmSlots, -1 for none
    std::size_t m_scanWorkload = 0; ///< khugepaged_scan.address as (region, page offset in it)
    Pages m_scanOffset = 0;
    Tick m_wakeAt = kWaitForWork; ///< when the thread runs next, or it waits for an enter()
    bool m_inPass = false; ///< a pass sleeping after its first failed allocation
    bool m_passWaited = false; ///< the pass slept once already: the next failure ends it
    std::uint64_t m_passProgress = 0;
    unsigned m_passThroughHead = 0;
    std::uint64_t m_pagesCollapsed = 0;
    std::uint64_t m_fullScans = 0;
};

} // namespace rlab::engine
