// SPDX-License-Identifier: GPL-3.0-or-later
// mm/huge_memory.c: anonymous transparent huge pages, their fault and their split.
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/gfp.h"

namespace rlab::engine {

using namespace detail;

std::uint32_t thpFaultGfp(ThpDefrag defrag, bool madvised)
{
    // huge_memory.c:vma_thp_gfp_mask()
    switch (defrag) {
    case ThpDefrag::Always: // GFP_TRANSHUGE, and only one try unless the region asked for THPs
        return gfp::kTranshugeLight | gfp::kDirectReclaim | (madvised ? 0 : gfp::kNoretry);
    case ThpDefrag::Defer:
        return gfp::kTranshugeLight | gfp::kKswapdReclaim;
    case ThpDefrag::DeferMadvise:
        return gfp::kTranshugeLight | (madvised ? gfp::kDirectReclaim : gfp::kKswapdReclaim);
    case ThpDefrag::Madvise:
        return gfp::kTranshugeLight | (madvised ? gfp::kDirectReclaim : 0);
    case ThpDefrag::Never:
        break;
    }
    return gfp::kTranshugeLight;
}

bool HugeMemory::vmaAllowed(const Mapping& mapping) const
{
    // huge_memory.c:hugepage_vma_check() for an anonymous VMA. Locked regions are left to 4 KiB pages
    // in this model (the kernel maps THPs there too).
    if (mapping.kind != MappingKind::Anon || mapping.locked || mapping.advice == HugepageAdvice::NoHugepage)
        return false;
    switch (m_k.thpMode) {
    case ThpMode::Always:
        return true;
    case ThpMode::Madvise:
        return mapping.advice == HugepageAdvice::Hugepage;
    case ThpMode::Never:
        break;
    }
    return false;
}

FrameIndex HugeMemory::headOf(FrameIndex frame) const
{
    // An order-9 block is aligned to 512 PFNs, and frame indices are PFNs.
    return (m_k.frames.flags[frame] & kPgTail) ? frame & ~static_cast<FrameIndex>(kHpagePmdNr - 1) : frame;
}

HugeMemory::FaultResult HugeMemory::anonymousFault(Process& process, int mappingIndex, Pages offset)
{
    Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
    if (!vmaAllowed(mapping))
        return FaultResult::Fallback;
    // transhuge_vma_suitable(): the 2 MiB around the address lies inside the region (which the model
    // starts on a 2 MiB boundary), and __handle_mm_fault() only tries a THP while the PMD is none.
    const Pages first = offset & ~(kHpagePmdNr - 1);
    if (first + kHpagePmdNr > mapping.entries.size())
        return FaultResult::Fallback;
    const std::size_t pmd = first >> kHpagePmdOrder;
    if (mapping.pmdPopulated[pmd])
        return FaultResult::Fallback;
    m_k.khugepaged.enter(process); // do_huge_pmd_anonymous_page() → khugepaged_enter_vma()

    // mempolicy.c:vma_alloc_folio(hugepage): the local node with __GFP_NORETRY first (compaction
    // only), then, when the mask may reclaim, the full mask on any node.
    const std::uint32_t gfpMask = thpFaultGfp(m_k.thpDefrag, mapping.advice == HugepageAdvice::Hugepage);
    AllocRequest request;
    request.order = kHpagePmdOrder;
    request.highestZoneidx = gfp::kZoneMovable;
    request.userPage = true;
    request.node = static_cast<int>(process.node);
    request.process = &process;
    request.gfp = gfpMask | gfp::kThisnode | gfp::kNoretry;
    AllocFailure failure = AllocFailure::Failed;
    FrameIndex head = m_k.alloc.allocPages(request, failure);
    if (head == kNoFrame && failure == AllocFailure::Failed && (gfpMask & gfp::kDirectReclaim)) {
        request.gfp = gfpMask;
        head = m_k.alloc.allocPages(request, failure);
    }
    if (head == kNoFrame && failure == AllocFailure::Retry)
        return FaultResult::Retry;
    mapping.pmdPopulated[pmd] = 1; // a THP, or the PTE table of the fallback
    if (head == kNoFrame) {
        ++m_k.vmEvents[VmEvent::ThpFaultFallback];
        return FaultResult::Fallback;
    }
    // __do_huge_pmd_anonymous_page(): a cgroup that refuses 512 pages gets 4 KiB faults instead.
    if (m_k.memcg.chargeFolio(head, kHpagePmdNr, process.memcg, &process, gfpMask)
        != MemControl::ChargeResult::Charged) {
        m_k.frames.freePages(head, kHpagePmdOrder);
        ++m_k.vmEvents[VmEvent::ThpFaultFallback];
        ++m_k.vmEvents[VmEvent::ThpFaultFallbackCharge];
        return FaultResult::Fallback;
    }
    m_k.memcg.count(process.memcg, MemcgCount::ThpFaultAlloc);

    // __do_huge_pmd_anonymous_page(): one fault maps 512 pages.
    ++m_k.vmEvents[VmEvent::ThpFaultAlloc];
    m_k.countFault(process, false);
    mapHugePage(process, mappingIndex, first, head, PageCause::Fault);
    return FaultResult::Mapped;
}

void HugeMemory::mapHugePage(
    Process& process, int mappingIndex, Pages first, FrameIndex head, PageCause cause)
{
    // page_add_new_anon_rmap() and set_pmd_at(); the folio is one entry on its LRU list.
    Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
    for (Pages i = 0; i < kHpagePmdNr; ++i) {
        const FrameIndex f = head + static_cast<FrameIndex>(i);
        m_k.frames.mapping[f] = static_cast<MappingIndex>(mappingIndex);
        m_k.frames.offset[f] = static_cast<std::uint32_t>(first + i);
        m_k.frames.flags[f] = kPgSwapbacked | (i == 0 ? kPgHead : kPgTail);
        mapping.entries.set(first + i, makeResident(f));
    }
    m_k.rmap.markMappedYoung(head);
    for (FrameIndex f = head + 1; f < head + static_cast<FrameIndex>(kHpagePmdNr); ++f) {
        m_k.frames.next[f] = m_k.frames.prev[f] = kNoFrame; // tails are never linked
        if (mapping.lazyYoung)
            m_k.frames.stamp[f] = m_k.frames.stamp[head];
    }
    mapping.resident += kHpagePmdNr;
    process.rssAnon += kHpagePmdNr;
    Node& node = m_k.frames.nodeOf(head);
    node.stat[NodeStat::NrAnonPages] += kHpagePmdNr;
    node.stat[NodeStat::NrAnonTransparentHugepages] += kHpagePmdNr; // NR_ANON_THPS counts pages
    m_k.trace.setCause(head, cause);
    m_k.frames.listAddHead(head, m_k.frames.lruFor(head)); // lru_cache_add_inactive_or_unevictable()
}

void HugeMemory::splitHugePage(FrameIndex head, std::vector<FrameIndex>& isolated)
{
    // split_huge_page_to_list() after __split_huge_pmd(): each page gets its own PTE with the PMD's
    // young and dirty bits, and the folio's flags.
    FrameStore& frames = m_k.frames;
    RLAB_ASSERT(frames.flags[head] & kPgHead);
    RLAB_ASSERT(frames.state[head] == static_cast<std::uint8_t>(FrameState::Isolated));
    const PageFlags shared = static_cast<PageFlags>(frames.flags[head] & ~kPgHead);
    const bool lazyYoung = m_k.mappings[frames.mapping[head]].lazyYoung; // else the stamps are unused
    frames.flags[head] = shared;
    for (FrameIndex f = head + 1; f < head + static_cast<FrameIndex>(kHpagePmdNr); ++f) {
        frames.flags[f] = shared;
        if (lazyYoung)
            frames.stamp[f] = frames.stamp[head];
        frames.state[f] = static_cast<std::uint8_t>(FrameState::Isolated);
    }
    for (FrameIndex f = head + 1; f < head + static_cast<FrameIndex>(kHpagePmdNr); ++f)
        isolated.push_back(f);
    frames.nodeOf(head).stat[NodeStat::NrAnonTransparentHugepages] -= kHpagePmdNr;
    ++m_k.vmEvents[VmEvent::ThpSplitPmd];
    ++m_k.vmEvents[VmEvent::ThpSplitPage];
}

} // namespace rlab::engine
