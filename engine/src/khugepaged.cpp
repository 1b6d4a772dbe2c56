// SPDX-License-Identifier: GPL-3.0-or-later
// mm/khugepaged.c: the scan of registered address spaces and the collapse of 4 KiB pages into THPs.
#include "detail/khugepaged.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/gfp.h"

#include <algorithm>

namespace rlab::engine {

using namespace detail;

namespace {
constexpr Pages kMaxPtesSwap = kHpagePmdNr / 8; // khugepaged_max_ptes_swap's default

bool hugepageFlagsEnabled(ThpMode mode)
{
    return mode != ThpMode::Never; // hugepage_flags_enabled(): always or madvise
}

bool exiting(const Process& process)
{
    // hpage_collapse_test_exit(): the address space is gone or going.
    return process.state == ProcessState::Exited || process.state == ProcessState::Killed;
}

const char* scanResultName(Khugepaged::ScanResult result)
{
    switch (result) {
    case Khugepaged::ScanResult::Succeed:
        return "succeeded";
    case Khugepaged::ScanResult::AllocHugePageFail:
        return "alloc_huge_page_failed";
    case Khugepaged::ScanResult::CgroupChargeFail:
        return "cgroup_charge_failed";
    default:
        break;
    }
    return "failed";
}
} // namespace

bool Khugepaged::regionScannable(const Process& process, std::size_t workload) const
{
    const WorkloadRun& run = process.workloads[workload];
    const Mapping& mapping = m_k.mappings[static_cast<std::size_t>(run.mapping)];
    // A GFP_DMA32 region is a device's buffer: the model gives it no THPs (see Workloads::touchAnon).
    // hugepage_vma_check() outside a fault also wants a whole aligned 2 MiB in the region.
    return run.spec.zone != ZoneType::Dma32 && mapping.entries.size() >= kHpagePmdNr
        && m_k.huge.vmaAllowed(mapping);
}

void Khugepaged::enter(const Process& process)
{
    // khugepaged.c:khugepaged_enter_vma() → __khugepaged_enter(): once per address space (MMF_VM_HUGEPAGE).
    if (!hugepageFlagsEnabled(m_k.thpMode))
        return;
    const int slot = static_cast<int>(&process - m_k.processes.data());
    if (m_onList.size() < m_k.processes.size())
        m_onList.resize(m_k.processes.size());
    if (m_onList[static_cast<std::size_t>(slot)])
        return;
    bool eligible = false;
    for (std::size_t w = 0; w < process.workloads.size() && !eligible; ++w)
        eligible = regionScannable(process, w);
    if (!eligible)
        return;
    const bool wakeup = m_mmSlots.empty();
    m_mmSlots.push_back(slot); // behind the cursor, "to let the area settle down a little"
    m_onList[static_cast<std::size_t>(slot)] = true;
    if (wakeup)
        m_wakeAt = std::min(m_wakeAt, m_k.now);
}

void Khugepaged::thpModeChanged(ThpMode before)
{
    // huge_memory.c:enabled_store() → start_stop_khugepaged(): the thread stops at never and starts,
    // scanning at once, otherwise. Its list of address spaces stays; the cursor does not.
    const bool was = hugepageFlagsEnabled(before);
    const bool is = hugepageFlagsEnabled(m_k.thpMode);
    if (was == is)
        return;
    m_scanSlot = -1;
    m_inPass = false;
    m_wakeAt = is ? m_k.now : kWaitForWork;
}

bool Khugepaged::hasWork() const
{
    return !m_mmSlots.empty() && hugepageFlagsEnabled(m_k.thpMode);
}

void Khugepaged::tick()
{
    // khugepaged(): do_scan, then a timed sleep of scan_sleep_millisecs while there is work, or an
    // untimed one until an address space is entered.
    if (!hugepageFlagsEnabled(m_k.thpMode) || m_k.now < m_wakeAt)
        return;
    if (!m_inPass) {
        m_inPass = true;
        m_passProgress = 0;
        m_passThroughHead = 0;
        m_passWaited = false;
    }
    doScan();
    if (m_inPass)
        return; // sleeping alloc_sleep_millisecs inside the pass
    m_wakeAt = hasWork()
        ? m_k.now + static_cast<Tick>(m_k.machineSpec.khugepaged.scanSleepMillisecs) * kTicksPerMs
        : kWaitForWork;
}

void Khugepaged::doScan()
{
    // khugepaged.c:khugepaged_do_scan()
    const std::uint64_t pages = m_k.machineSpec.khugepaged.pagesToScan;
    ScanResult result = ScanResult::Succeed;
    for (;;) {
        if (m_scanSlot < 0)
            ++m_passThroughHead;
        if (hasWork() && m_passThroughHead < 2)
            m_passProgress += scanMmSlot(pages - m_passProgress, result);
        else
            m_passProgress = pages;
        if (m_passProgress >= pages)
            break;
        if (result == ScanResult::AllocHugePageFail) {
            // The first failed allocation sleeps alloc_sleep_millisecs; a second one ends the pass.
            if (m_passWaited)
                break;
            m_passWaited = true;
            m_wakeAt =
                m_k.now + static_cast<Tick>(m_k.machineSpec.khugepaged.allocSleepMillisecs) * kTicksPerMs;
            return;
        }
    }
    m_inPass = false;
}

void Khugepaged::advanceSlot()
{
    // The end of an address space: the next one, or back to the list head (a full scan). An exiting
    // one leaves the list (collect_mm_slot()).
    const int slot = m_mmSlots[static_cast<std::size_t>(m_scanSlot)];
    const bool gone = exiting(m_k.processes[static_cast<std::size_t>(slot)]);
    int next = m_scanSlot + 1;
    if (gone) {
        m_mmSlots.erase(m_mmSlots.begin() + m_scanSlot);
        m_onList[static_cast<std::size_t>(slot)] = false;
        --next;
    }
    m_scanWorkload = 0;
    m_scanOffset = 0;
    if (next < static_cast<int>(m_mmSlots.size())) {
        m_scanSlot = next;
    } else {
        m_scanSlot = -1;
        ++m_fullScans;
    }
}

std::uint64_t Khugepaged::scanMmSlot(std::uint64_t pages, ScanResult& result)
{
    // khugepaged.c:khugepaged_scan_mm_slot(): the regions from the cursor, 2 MiB at a time; it returns
    // after a collapse attempt (the mmap_lock was dropped) or when `pages` is reached.
    result = ScanResult::Fail;
    if (m_scanSlot < 0) {
        m_scanSlot = 0;
        m_scanWorkload = 0;
        m_scanOffset = 0;
    }
    Process& process =
        m_k.processes[static_cast<std::size_t>(m_mmSlots[static_cast<std::size_t>(m_scanSlot)])];
    std::uint64_t progress = 1;
    if (exiting(process)) {
        advanceSlot();
        return progress;
    }
    for (; m_scanWorkload < process.workloads.size(); ++m_scanWorkload, m_scanOffset = 0) {
        const int mappingIndex = process.workloads[m_scanWorkload].mapping;
        const Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
        if (!regionScannable(process, m_scanWorkload)) { // anonymous regions only
            ++progress;
            continue;
        }
        // The model starts regions on a 2 MiB boundary: hend rounds the end down.
        const Pages end = mapping.entries.size() & ~(kHpagePmdNr - 1);
        while (m_scanOffset < end) {
            const Pages first = m_scanOffset;
            result = scanPmd(process, mappingIndex, first);
            const bool attempted = result == ScanResult::Succeed || result == ScanResult::AllocHugePageFail
                || result == ScanResult::CgroupChargeFail || result == ScanResult::Fail;
            if (result == ScanResult::Succeed)
                ++m_pagesCollapsed;
            m_scanOffset += kHpagePmdNr;
            progress += kHpagePmdNr;
            if (attempted || progress >= pages)
                return progress;
        }
    }
    advanceSlot();
    return progress;
}

Khugepaged::ScanResult Khugepaged::scanPmd(Process& process, int mappingIndex, Pages first)
{
    // khugepaged.c:hpage_collapse_scan_pmd()
    const Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
    if (!mapping.pmdPopulated[first >> kHpagePmdOrder])
        return ScanResult::PmdNull;
    const std::uint32_t firstEntry = mapping.entries.get(first);
    if (isResident(firstEntry) && (m_k.frames.flags[residentFrame(firstEntry)] & kPgHead))
        return ScanResult::PmdMapped;
    Pages noneOrZero = 0;
    Pages unmapped = 0;
    Pages referenced = 0;
    bool writable = false;
    std::vector<Pages>& nodeLoad = m_nodeLoad;
    nodeLoad.assign(m_k.nodes.size(), 0);
    for (Pages i = 0; i < kHpagePmdNr; ++i) {
        const std::uint32_t e = mapping.entries.get(first + i);
        if (isSwapEntry(e)) {
            if (++unmapped > kMaxPtesSwap) {
                ++m_k.vmEvents[VmEvent::ThpScanExceedSwapPte];
                return ScanResult::ExceedSwapPte;
            }
            continue;
        }
        if (!isResident(e)) {
            if (++noneOrZero > m_k.machineSpec.khugepaged.maxPtesNone) {
                ++m_k.vmEvents[VmEvent::ThpScanExceedNonePte];
                return ScanResult::ExceedNonePte;
            }
            continue;
        }
        writable = true; // private anonymous memory that was written
        const FrameIndex f = residentFrame(e);
        ++nodeLoad[static_cast<std::size_t>(m_k.frames.nodeOf(f).id)];
        if (const ScanResult busy = pageBusy(f); busy != ScanResult::Succeed)
            return busy;
        if (m_k.rmap.testYoung(f) || (m_k.frames.flags[f] & kPgReferenced))
            ++referenced;
    }
    if (!writable)
        return ScanResult::PageRo;
    if (referenced == 0 || (unmapped && referenced < kHpagePmdNr / 2))
        return ScanResult::LackReferencedPage;
    if (unmapped)
        return ScanResult::SwapinNotModelled;
    // hpage_collapse_find_target_node(): the first node with the most pages.
    const auto target = std::max_element(nodeLoad.begin(), nodeLoad.end()) - nodeLoad.begin();
    return collapseHugePage(process, mappingIndex, first, static_cast<int>(target));
}

Khugepaged::ScanResult Khugepaged::pageBusy(FrameIndex frame) const
{
    // hpage_collapse_scan_pmd() and __collapse_huge_page_isolate(): a page off the LRU (isolated by
    // reclaim or compaction), locked or under writeback cannot be collapsed now.
    if (!isLruStateCode(m_k.frames.state[frame]))
        return ScanResult::PageLru;
    if (m_k.frames.flags[frame] & (kPgLocked | kPgWriteback))
        return ScanResult::PageLock;
    return ScanResult::Succeed;
}

bool Khugepaged::rangeStillCollapsible(const Mapping& mapping, Pages first) const
{
    bool any = false;
    for (Pages i = 0; i < kHpagePmdNr; ++i) {
        const std::uint32_t e = mapping.entries.get(first + i);
        if (isSwapEntry(e))
            return false;
        if (!isResident(e))
            continue;
        const FrameIndex f = residentFrame(e);
        if (pageBusy(f) != ScanResult::Succeed || (m_k.frames.flags[f] & kPgHead))
            return false;
        any = true;
    }
    return any;
}

Khugepaged::ScanResult Khugepaged::collapseHugePage(Process& process, int mappingIndex, Pages first, int node)
{
    // khugepaged.c:collapse_huge_page() → alloc_charge_hpage(): GFP_TRANSHUGE with khugepaged/defrag,
    // else GFP_TRANSHUGE_LIGHT, on the target node only.
    AllocRequest request;
    request.order = kHpagePmdOrder;
    request.highestZoneidx = gfp::kZoneMovable;
    request.userPage = true;
    request.node = node;
    request.process = nullptr; // khugepaged's own context
    request.kthread = "khugepaged";
    request.gfp = (m_k.machineSpec.khugepaged.defrag ? gfp::kTranshugeLight | gfp::kDirectReclaim
                                                     : gfp::kTranshugeLight)
        | gfp::kThisnode;
    AllocFailure failure = AllocFailure::Failed;
    const FrameIndex head = m_k.alloc.allocPages(request, failure);
    if (head == kNoFrame) {
        ++m_k.vmEvents[VmEvent::ThpCollapseAllocFailed];
        m_k.record(ev::KhugepagedCollapse {
            m_k.taskOf(&process), node, scanResultName(ScanResult::AllocHugePageFail), 0 });
        return ScanResult::AllocHugePageFail;
    }
    ++m_k.vmEvents[VmEvent::ThpCollapseAlloc];
    // alloc_charge_hpage(): the address space's cgroup pays; khugepaged's own time is not modelled.
    if (m_k.memcg.chargeFolio(head, kHpagePmdNr, process.memcg, nullptr, request.gfp)
        != MemControl::ChargeResult::Charged) {
        m_k.frames.freePages(head, kHpagePmdOrder);
        m_k.record(ev::KhugepagedCollapse {
            m_k.taskOf(&process), node, scanResultName(ScanResult::CgroupChargeFail), 0 });
        return ScanResult::CgroupChargeFail;
    }
    m_k.memcg.count(process.memcg, MemcgCount::ThpCollapseAlloc);

    // __collapse_huge_page_isolate() under the mmap write lock: the allocation's reclaim or compaction
    // may have swapped out or isolated pages of this range since the scan.
    Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
    if (!rangeStillCollapsible(mapping, first)) {
        m_k.frames.freePages(head, kHpagePmdOrder);
        return ScanResult::Fail;
    }
    // __collapse_huge_page_copy(): each 4 KiB page is copied into the THP and freed.
    Pages copied = 0;
    for (Pages i = 0; i < kHpagePmdNr; ++i) {
        const std::uint32_t e = mapping.entries.get(first + i);
        if (!isResident(e))
            continue;
        m_k.workloads.zapAnonPage(process, mapping, residentFrame(e), PageCause::Collapsed);
        mapping.entries.set(first + i, 0);
        ++copied;
    }
    m_k.huge.mapHugePage(process, mappingIndex, first, head, PageCause::Collapsed);
    m_k.record(ev::KhugepagedCollapse {
        m_k.taskOf(&process), node, scanResultName(ScanResult::Succeed), static_cast<std::int64_t>(copied) });
    return ScanResult::Succeed;
}

} // namespace rlab::engine
