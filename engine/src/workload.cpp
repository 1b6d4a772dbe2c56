// SPDX-License-Identifier: GPL-3.0-or-later
// Processes running their workloads: page faults, page-cache reads and writes, swap-in.
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/gfp.h"

#include <algorithm>
#include <cmath>

namespace rlab::engine {

using namespace detail;

namespace {

using gfp::kZoneDma32;
using gfp::kZoneMovable;
using gfp::kZoneNormal;
constexpr Pages kPtePagesPerTable = 512; // PTEs per page-table page
constexpr Pages kBasePageTables = 9; // pgd and upper levels, stack and binary (calibrated)
constexpr Pages kReadaheadPages = 32; // default ra_pages: 128 KiB
constexpr Tick kMaxDirtyPause = 200 * kTicksPerMs; // MAX_PAUSE: max(HZ/5, 1)
constexpr Pages kDirtyRatelimitPages = 32;
// gfp masks, as the OOM report prints them (include/linux/gfp_types.h)
constexpr std::uint32_t kGfpAnonFault = 0x140dca; // GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO
constexpr std::uint32_t kGfpFolio = 0x140cca; // GFP_HIGHUSER_MOVABLE|__GFP_COMP (page cache, swap-in)
constexpr std::uint32_t kGfpPgtableUser = 0x400dc0; // GFP_PGTABLE_USER: GFP_KERNEL_ACCOUNT|__GFP_ZERO
constexpr std::uint32_t kGfpDma32 = 0xcc4; // GFP_KERNEL|GFP_DMA32 (a 32-bit DMA device's buffers)
constexpr Pages kPtrsPerPmd = 512; // pages one PMD maps (2 MiB): swap readahead stays inside it
constexpr Pages kSwapRaHitsMax = 63; // SWAP_RA_HITS_MAX: the hits field of swap_readahead_info

} // namespace

FrameIndex Workloads::allocForProcess(Process& process, int highestZoneidx, std::uint32_t gfp)
{
    AllocRequest request;
    request.gfp = gfp;
    request.highestZoneidx = highestZoneidx;
    request.userPage = highestZoneidx == kZoneMovable;
    request.node = static_cast<int>(process.node);
    request.process = &process;
    return m_k.alloc.allocPage(request);
}

bool Workloads::chargeNewPage(Process& process, FrameIndex frame, std::uint32_t gfp, int memcg)
{
    if (!m_k.memcg.enabled())
        return true;
    if (m_k.memcg.chargeFolio(frame, 1, memcg, &process, gfp) == MemControl::ChargeResult::Charged)
        return true;
    m_k.frames.freeFrame(frame);
    if (process.state != ProcessState::Killed && !m_k.stopped) {
        const Tick from = std::max(process.busyUntil, m_k.now);
        process.busyUntil = from + detail::kJiffy;
        m_k.psi.noteBlocked(
            static_cast<int>(&process - m_k.processes.data()), from, process.busyUntil, false, false);
    }
    return false;
}

bool Workloads::ensurePageTables(Process& process, Pages coveredPages)
{
    // Page-table pages grow with the virtual pages whose PTEs exist: one PTE page per 512 pages and
    // one PMD page per GiB, plus a base (pgtables_bytes of /proc/<pid>/status, VmPTE).
    // The count only changes when a new PTE page is needed: every 512th page.
    if (process.pgtablePages > 0 && coveredPages > 0 && (coveredPages - 1) % kPtePagesPerTable != 0) {
        process.pgtableCovered = std::max(process.pgtableCovered, coveredPages);
        return true;
    }
    const Pages needed = kBasePageTables + (coveredPages + kPtePagesPerTable - 1) / kPtePagesPerTable
        + (coveredPages + kPtePagesPerTable * kPtePagesPerTable - 1)
            / (kPtePagesPerTable * kPtePagesPerTable);
    while (process.pgtablePages < needed) {
        const FrameIndex f = allocForProcess(process, kZoneNormal, kGfpPgtableUser);
        if (f == kNoFrame)
            return false;
        process.pgtableFrames.push_back(f);
        ++process.pgtablePages;
        ++m_k.frames.nodeOf(f).stat[NodeStat::NrPageTablePages];
    }
    process.pgtableCovered = std::max(process.pgtableCovered, coveredPages);
    return true;
}

bool Workloads::touchAnon(Process& process, WorkloadRun& run, Pages offset, bool allocateOnly)
{
    Mapping& mapping = m_k.mappings[static_cast<std::size_t>(run.mapping)];
    const std::uint32_t e = mapping.entries.get(offset);
    if (isResident(e)) {
        // The MMU sets the accessed bit; for a lazily accessed region it is drawn when reclaim looks.
        // A sequential sweep sets it for real (its access clock stays still, see noteAccesses()).
        // A THP has one accessed bit, in its PMD: the head's.
        if (!allocateOnly && (!mapping.lazyYoung || run.spec.pattern == AccessPattern::Sequential))
            m_k.frames.flags[m_k.huge.headOf(residentFrame(e))] |= kPteYoung;
        return true;
    }
    if (isSwapEntry(e))
        return swapIn(process, mapping, offset);

    // A GFP_DMA32 region is a device's buffer: no THP there.
    if (m_k.thpMode != ThpMode::Never && run.spec.zone != ZoneType::Dma32) {
        switch (m_k.huge.anonymousFault(process, run.mapping, offset)) {
        case HugeMemory::FaultResult::Mapped:
            // The PTE page deposited with the PMD (pgtable_trans_huge_deposit()).
            ensurePageTables(process, process.pgtableCovered + kHpagePmdNr);
            return true;
        case HugeMemory::FaultResult::Retry:
            return false;
        case HugeMemory::FaultResult::Fallback:
            break;
        }
    }

    // mm/memory.c:do_anonymous_page(). A GFP_DMA32 workload may only use DMA32 and DMA: the watermark
    // checks then add those zones' lowmem_reserve[DMA32], and kswapd is woken for highest_zoneidx DMA32.
    if (!ensurePageTables(process, process.pgtableCovered + 1))
        return false;
    const bool dma32 = run.spec.zone == ZoneType::Dma32;
    const FrameIndex f =
        allocForProcess(process, dma32 ? kZoneDma32 : kZoneMovable, dma32 ? kGfpDma32 : kGfpAnonFault);
    if (f == kNoFrame || !chargeNewPage(process, f, dma32 ? kGfpDma32 : kGfpAnonFault, process.memcg))
        return false;
    m_k.countFault(process, false);
    Mapping& m =
        m_k.mappings[static_cast<std::size_t>(run.mapping)]; // allocation may not move mappings, but be safe
    m_k.frames.mapping[f] = static_cast<MappingIndex>(run.mapping);
    m_k.frames.offset[f] = static_cast<std::uint32_t>(offset);
    m_k.frames.flags[f] = kPgSwapbacked;
    m_k.rmap.markMappedYoung(f);
    m.entries.set(offset, makeResident(f));
    if (const std::size_t pmd = offset >> kHpagePmdOrder; pmd < m.pmdPopulated.size())
        m.pmdPopulated[pmd] = 1; // __pte_alloc(): a PTE table maps this 2 MiB now
    ++m.resident;
    ++process.rssAnon;
    ++m_k.frames.nodeOf(f).stat[NodeStat::NrAnonPages];
    if (m.locked) {
        // mlock: the page goes straight to the unevictable list (mm/mlock.c).
        m_k.frames.flags[f] |= kVmLocked | kPgMlocked | kPgUnevictable;
        ++m_k.frames.zoneOf(f).stat[ZoneStat::NrMlock];
        ++m_k.vmEvents[VmEvent::UnevictablePgsMlocked];
    }
    m_k.trace.setCause(f, PageCause::Fault);
    m_k.frames.listAddHead(f, m_k.frames.lruFor(f)); // lru_cache_add_inactive_or_unevictable()
    return true;
}

bool Workloads::swapIn(Process& process, Mapping& mapping, Pages offset)
{
    // mm/memory.c:do_swap_page() with VMA-based readahead (mm/swap_state.c:swap_vma_readahead).
    const std::uint32_t entry = swapEntryOf(mapping.entries.get(offset));
    SwapDevice& dev = m_k.swap.device(swapDevice(entry));
    const std::uint32_t slot = swapSlot(entry);
    const int mappingIndex = static_cast<int>(&mapping - m_k.mappings.data());
    m_k.countFault(process, false);

    // The mapping's vma->swap_readahead_info.
    const auto mappingSlot = static_cast<std::size_t>(mappingIndex);
    if (m_swapReadahead.size() <= mappingSlot)
        m_swapReadahead.resize(mappingSlot + 1);
    SwapReadahead& ra = m_swapReadahead[mappingSlot];

    FrameIndex f = dev.cache[slot];
    if (f != kNoFrame) {
        // swap_state.c:lookup_swap_cache(): a minor fault. It records this address, and a page that
        // readahead brought in counts as a hit (swap_ra_hit), which widens the next window.
        const bool readahead = m_k.frames.flags[f] & kPgReadahead;
        if (readahead)
            ++m_k.vmEvents[VmEvent::SwapRaHit];
        ra.prevOffset = offset;
        ra.seen = true;
        if (readahead)
            ra.hits = std::min(ra.hits + 1, kSwapRaHitsMax);
    } else {
        // swap_state.c:swap_vma_readahead() → swap_ra_info() → __swapin_nr_pages() (6.1): the window
        // is at most 2^min(page-cluster, SWAP_RA_ORDER_CEILING = 5) pages; page-cluster 0 reads one page
        // and leaves swap_readahead_info alone. Without hits it is 2 pages if this fault is next to the
        // last one, else 1; with hits it is hits + 2 rounded up to a power of two (at least 4); it
        // shrinks by at most half per fault. It lies ahead of the fault when the last fault was the page
        // before, behind it when that was the page after, and around it otherwise, inside the VMA and
        // the PMD (swap_ra_clamp_pfn; the model aligns each region to a PMD). Every page in it that
        // is still swapped out and not in the swap cache is read (SWAP_RA counts all but the fault's).
        const Pages maxPages = Pages { 1 } << std::min(m_k.tunables.pageCluster, 5);
        Pages pages = 1;
        Pages lo = offset;
        Pages hi = offset + 1;
        if (maxPages > 1) {
            const bool after = ra.seen && offset == ra.prevOffset + 1;
            const bool before = ra.seen && offset + 1 == ra.prevOffset;
            pages = ra.hits + 2;
            if (pages == 2) {
                if (!after && !before)
                    pages = 1;
            } else {
                Pages roundup = 4;
                while (roundup < pages)
                    roundup <<= 1;
                pages = roundup;
            }
            pages = std::min(pages, maxPages);
            pages = std::max<Pages>(pages, ra.window / 2);
            ra = SwapReadahead { offset, true, pages, 0 };
            if (pages > 1) {
                const Pages left = after ? 0 : before ? pages - 1 : (pages - 1) / 2; // before the fault
                const Pages pmdStart = offset - offset % kPtrsPerPmd;
                lo = std::max(offset >= left ? offset - left : 0, pmdStart);
                hi = std::min({ offset - left + pages, pmdStart + kPtrsPerPmd, mapping.entries.size() });
            }
        }

        Pages reads = 0;
        auto readIn = [&](Pages off, bool readahead) -> FrameIndex {
            const std::uint32_t e = m_k.mappings[static_cast<std::size_t>(mappingIndex)].entries.get(off);
            if (!isSwapEntry(e))
                return kNoFrame;
            const std::uint32_t ent = swapEntryOf(e);
            SwapDevice& d = m_k.swap.device(swapDevice(ent));
            const std::uint32_t s = swapSlot(ent);
            if (d.cache[s] != kNoFrame)
                return kNoFrame;
            const FrameIndex page = allocForProcess(process, kZoneMovable, kGfpFolio);
            if (page == kNoFrame)
                return kNoFrame;
            // mem_cgroup_swapin_charge_folio(): the cgroup that swapped it out pays again.
            const int owner = m_k.memcg.swapOwner(ent);
            if (!chargeNewPage(process, page, kGfpFolio, owner ? owner : process.memcg))
                return kNoFrame;
            m_k.frames.mapping[page] = static_cast<MappingIndex>(mappingIndex);
            m_k.frames.offset[page] = static_cast<std::uint32_t>(off);
            m_k.frames.swapEntry[page] = ent;
            m_k.frames.flags[page] = static_cast<PageFlags>(
                kPgSwapbacked | kPgSwapcache | (readahead ? PageFlags { kPgReadahead } : PageFlags { 0 }));
            d.cache[s] = page;
            d.swapMap[s] = static_cast<std::uint8_t>(d.swapMap[s] | kSwapHasCache);
            Node& node = m_k.frames.nodeOf(page);
            ++node.stat[NodeStat::NrSwapcached];
            ++node.stat[NodeStat::NrFilePages];
            bool activated = false;
            if (const std::uint32_t shadow = d.shadow[s]) {
                d.shadow[s] = 0;
                activated = m_k.workingset.workingsetRefault(page, shadow);
            }
            m_k.trace.setCause(page,
                activated       ? PageCause::Refault
                    : readahead ? PageCause::Readahead
                                : PageCause::SwapIn);
            m_k.frames.listAddHead(page, m_k.frames.lruFor(page));
            ++m_k.vmEvents[VmEvent::Pswpin];
            m_k.vmEvents[VmEvent::Pgpgin] += kPageSize / 1024;
            if (readahead)
                ++m_k.vmEvents[VmEvent::SwapRa];
            ++reads;
            return page;
        };
        // Readahead pages first: the faulting page is allocated last, so no later allocation's
        // reclaim can take it before it is mapped.
        for (Pages off = lo; off < hi; ++off) {
            if (off != offset && !m_k.stopped && process.state != ProcessState::Throttled)
                readIn(off, true);
        }
        if (m_k.stopped || process.state == ProcessState::Throttled)
            return false;
        f = readIn(offset, false);
        if (f == kNoFrame)
            return false; // throttled or out of memory: the fault is retried later
        m_k.countFault(process, true);
        // The task waits for the read (swap_readpage, then folio_lock on the uptodate page).
        const Tick start = std::max(m_k.now, process.busyUntil);
        process.busyUntil = m_k.io.submit(dev.diskId, reads, start);
        process.state = ProcessState::IoWait;
        // swap_readpage(): reading back a page that was in the workingset is a memory stall.
        m_k.psi.noteBlocked(static_cast<int>(&process - m_k.processes.data()), start, process.busyUntil,
            (m_k.frames.flags[f] & kPgWorkingset) != 0, false);
    }

    // Map it: the PTE gets the page, the swap count drops (swap_free).
    Mapping& m = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
    m.entries.set(offset, makeResident(f));
    ++m.resident;
    --dev.swapMap[slot];
    --process.swapEnts;
    ++process.rssAnon;
    ++m_k.frames.nodeOf(f).stat[NodeStat::NrAnonPages];
    m_k.frames.flags[f] = static_cast<PageFlags>(m_k.frames.flags[f] & ~kPgReadahead);
    m_k.rmap.markMappedYoung(f);
    // should_try_to_free_swap(): a write fault by the only user frees the slot; the page is dirty.
    if (!(m_k.frames.flags[f] & kPgWriteback) && (dev.swapMap[slot] & ~kSwapHasCache) == 0) {
        m_k.swapCache.swapcacheDelete(f, false);
        m_k.frames.flags[f] |= kPgDirty;
    }
    return true;
}

bool Workloads::touchFile(Process& process, WorkloadRun& run, Pages offset, bool mapped, bool write)
{
    const int mappingIndex = run.mapping;
    // Page tables first: their allocation may reclaim, and must not reclaim the page we are about to use.
    if (mapped && !run.viewMapped[offset] && !ensurePageTables(process, process.pgtableCovered + 1))
        return false;
    const std::uint32_t e = m_k.mappings[static_cast<std::size_t>(mappingIndex)].entries.get(offset);
    FrameIndex f = kNoFrame;
    const bool exec = run.spec.kind == WorkloadKind::Exec;
    if (isResident(e)) {
        f = residentFrame(e);
    } else {
        // Page-cache miss: filemap_read/filemap_fault → page_cache_ra → add_to_page_cache_lru.
        f = allocForProcess(process, kZoneMovable, kGfpFolio);
        // __filemap_add_folio(): the task that brings a page into the cache pays for it, for as long as
        // the page stays cached.
        if (f == kNoFrame || !chargeNewPage(process, f, kGfpFolio, process.memcg))
            return false;
        Mapping& mapping = m_k.mappings[static_cast<std::size_t>(mappingIndex)];
        const std::uint32_t shadow = isShadow(e) ? e : 0;
        m_k.frames.mapping[f] = static_cast<MappingIndex>(mappingIndex);
        m_k.frames.offset[f] = static_cast<std::uint32_t>(offset);
        m_k.frames.flags[f] = 0;
        const bool wasShadowChunk = shadow && mapping.entries.shadowCounted(mapping.entries.chunkOf(offset));
        mapping.entries.set(offset, makeResident(f));
        ++mapping.resident;
        if (wasShadowChunk) {
            // The chunk holds a page again: no longer a shadow node.
            mapping.entries.setShadowCounted(mapping.entries.chunkOf(offset), false);
            m_k.workingset.workingsetNodes() -= Workingset::kXaNodesPerChunk;
        }
        ++m_k.frames.nodeOf(f).stat[NodeStat::NrFilePages];
        const bool activated = shadow && m_k.workingset.workingsetRefault(f, shadow);
        m_k.trace.setCause(f, activated ? PageCause::Refault : write ? PageCause::Write : PageCause::Read);
        m_k.frames.listAddHead(f, m_k.frames.lruFor(f));
        if (!write) {
            // The read. Sequential streams are read ahead asynchronously, so after the first window
            // only the transfer time shows; a random read waits for the device's latency too.
            m_k.vmEvents[VmEvent::Pgpgin] += kPageSize / 1024;
            const bool sequential = run.spec.kind == WorkloadKind::Stream;
            const Tick start = std::max(m_k.now, process.busyUntil);
            process.busyUntil =
                m_k.io.submit(BlockIo::kFileDisk, 1, start, !sequential || offset < kReadaheadPages);
            process.state = ProcessState::IoWait;
            // filemap_read_folio(): a workingset page being read back is a memory stall.
            m_k.psi.noteBlocked(static_cast<int>(&process - m_k.processes.data()), start, process.busyUntil,
                (m_k.frames.flags[f] & kPgWorkingset) != 0, false);
            if (mapped)
                m_k.countFault(process, true);
        }
    }

    if (mapped) {
        if (!run.viewMapped[offset]) {
            // filemap_fault / do_set_pte: a new PTE, young; a minor fault if the page was cached.
            m_k.countFault(process, false);
            run.viewMapped[offset] = 1;
            ++run.viewResident;
            ++process.rssFile;
            if (!(m_k.frames.flags[f] & kPteMapped))
                ++m_k.frames.nodeOf(f).stat[NodeStat::NrMapped];
            m_k.rmap.markMappedYoung(f);
            if (exec)
                m_k.frames.flags[f] |= kVmExec;
        } else if (!m_k.mappings[static_cast<std::size_t>(mappingIndex)].lazyYoung) {
            m_k.frames.flags[f] |= kPteYoung;
        }
    } else if (!write) {
        m_k.lru.markAccessed(f); // filemap_read() marks each page it copies
    }
    if (write) {
        m_k.writeback.setDirty(f);
        // Simplified balance_dirty_pages(), checked every 32 dirtied pages (ratelimit_pages): free run
        // below (thresh + bg) / 2, then pauses growing linearly to MAX_PAUSE (200 ms) at the hard limit.
        if (++run.dirtiedSinceCheck >= kDirtyRatelimitPages) {
            run.dirtiedSinceCheck = 0;
            const auto [bg, thresh] = m_k.writeback.dirtyThresholds();
            const Pages dirty = m_k.global(NodeStat::NrDirty) + m_k.global(NodeStat::NrWriteback);
            const Pages freerun = (thresh + bg) / 2;
            if (dirty > freerun) {
                const Tick pause = dirty >= thresh
                    ? kMaxDirtyPause
                    : static_cast<Tick>(kMaxDirtyPause * static_cast<Tick>(dirty - freerun)
                        / static_cast<Tick>(std::max<Pages>(1, thresh - freerun)));
                const Tick from = std::max(m_k.now, process.busyUntil);
                process.busyUntil = from + pause;
                m_k.psi.noteBlocked(
                    static_cast<int>(&process - m_k.processes.data()), from, process.busyUntil, false, false);
                m_k.writeback.wakeupFlusher();
            }
        }
    }
    return true;
}

void Workloads::runProcess(Process& process)
{
    if (process.state == ProcessState::NotStarted || process.state == ProcessState::Exited
        || process.state == ProcessState::Killed || process.state == ProcessState::OutOfMemory)
        return;
    const Tick stepEnd = m_k.now + kStepTicks;
    for (auto& run : process.workloads) {
        if (run.spec.kind == WorkloadKind::KernelAlloc)
            freeKernelBlocks(run, false);
    }
    if (process.state == ProcessState::Throttled) {
        if (!m_k.alloc.allowDirectReclaim(m_k.nodes[process.node])) {
            // Waiting on pfmemalloc_wait inside __perform_reclaim(): a memory stall, off the CPU.
            m_k.psi.noteBlocked(
                static_cast<int>(&process - m_k.processes.data()), m_k.now, stepEnd, true, false);
            return;
        }
        process.state = ProcessState::Running;
    }
    if (process.busyUntil >= stepEnd)
        return;
    if (process.busyUntil <= m_k.now)
        process.state = ProcessState::Running;
    for (auto& run : process.workloads) {
        if (!run.activeAt(m_k.now))
            continue;
        if (!runWorkload(process, run, stepEnd))
            break;
        if (process.busyUntil >= stepEnd || process.state == ProcessState::Throttled)
            break;
    }
}

bool Workloads::runWorkload(Process& process, WorkloadRun& run, Tick stepEnd)
{
    const WorkloadSpec& spec = run.spec;
    const Tick available = stepEnd - std::max(m_k.now, process.busyUntil);
    if (available <= 0)
        return true;
    const std::uint64_t perSecond = spec.perSecond();
    Pages ops = 0;
    if (perSecond == 0 && (spec.kind == WorkloadKind::Anon || spec.kind == WorkloadKind::Mlock)) {
        ops = spec.size - std::min(spec.size, run.cursor); // all at once
    } else {
        // A kernel allocation's unit is its block of 2^order pages.
        const double unit = spec.kind == WorkloadKind::KernelAlloc ? std::ldexp(1.0, spec.order) : 1.0;
        const double exact = static_cast<double>(perSecond) / unit * static_cast<double>(available)
                / static_cast<double>(kTicksPerSecond) * m_k.rateFactorOf(process)
            + run.carry;
        ops = static_cast<Pages>(std::floor(exact));
        run.carry = exact - static_cast<double>(ops);
    }
    if (spec.kind == WorkloadKind::KernelAlloc)
        return runKernelAlloc(process, run, stepEnd, ops);
    for (Pages i = 0; i < ops; ++i) {
        if (m_k.stopped || process.busyUntil >= stepEnd) {
            run.carry = 0.0; // work the stalled process could not do is not owed later
            ops = i;
            break;
        }
        bool ok = true;
        switch (spec.kind) {
        case WorkloadKind::Anon:
        case WorkloadKind::Mlock:
            if (run.cursor >= spec.size)
                return true;
            ok = touchAnon(process, run, run.cursor, true);
            if (ok)
                ++run.cursor;
            break;
        case WorkloadKind::WorkingSet:
            if (spec.fileBacked) {
                ok = touchFile(process, run, m_k.rng.below(spec.size), true, false);
            } else if (spec.pattern == AccessPattern::Sequential) {
                ok = touchAnon(process, run, run.cursor % spec.size, false);
                if (ok)
                    ++run.cursor;
            } else {
                ok = touchAnon(process, run, m_k.rng.below(spec.size), false);
            }
            break;
        case WorkloadKind::FileSet:
            ok = touchFile(process, run, m_k.rng.below(spec.size), false, false);
            break;
        case WorkloadKind::Exec:
            ok = touchFile(process, run, m_k.rng.below(spec.size), true, false);
            break;
        case WorkloadKind::Stream:
            ok = touchFile(process, run, run.cursor % spec.size, false, false);
            if (ok)
                ++run.cursor;
            break;
        case WorkloadKind::Write:
            ok = touchFile(process, run, run.cursor % spec.size, false, true);
            if (ok)
                ++run.cursor;
            break;
        case WorkloadKind::KernelAlloc:
            RLAB_ASSERT(false); // runKernelAlloc()
            break;
        }
        if (!ok) {
            run.carry = 0.0;
            noteAccesses(run, i);
            return false;
        }
    }
    noteAccesses(run, ops);
    return true;
}

namespace {
/// kmalloc_large_node() accounts its pages as slab: reclaimable with __GFP_RECLAIMABLE.
NodeStat kernelAllocStat(const WorkloadSpec& spec)
{
    return (spec.gfp & gfp::kReclaimable) ? NodeStat::NrSlabReclaimable : NodeStat::NrSlabUnreclaimable;
}
} // namespace

bool Workloads::runKernelAlloc(Process& process, WorkloadRun& run, Tick stepEnd, Pages allocations)
{
    // kmalloc_large(): alloc_pages(gfp, order) from a driver or subsystem, up to `size` held. A failed
    // allocation (NULL: an atomic one, or a costly order) is dropped, as a driver drops the packet it
    // was for.
    const WorkloadSpec& spec = run.spec;
    const Pages block = Pages { 1 } << spec.order;
    AllocRequest request;
    request.gfp = spec.gfp;
    request.order = spec.order;
    request.highestZoneidx = gfp::zoneOf(spec.gfp);
    request.userPage = false;
    request.node = static_cast<int>(process.node);
    request.process = &process;
    for (Pages i = 0; i < allocations; ++i) {
        if (m_k.stopped || process.busyUntil >= stepEnd) {
            run.carry = 0.0;
            break;
        }
        if (run.cursor + block > spec.size)
            return true; // holds all it may until blocks are freed
        AllocFailure failure {};
        const FrameIndex f = m_k.alloc.allocPages(request, failure);
        if (f == kNoFrame) {
            if (failure == AllocFailure::Failed) {
                ++run.kernelAllocFailures;
                continue;
            }
            run.carry = 0.0;
            return false; // the task waits (throttled, or an OOM victim is exiting)
        }
        ++run.kernelAllocs;
        run.cursor += block;
        m_k.frames.nodeOf(f).stat[kernelAllocStat(spec)] += block;
        const bool kept = !spec.lifetime || (spec.keepEvery && run.kernelAllocs % spec.keepEvery == 0);
        if (kept)
            run.keptBlocks.push_back(f);
        else
            run.kernelBlocks.push_back({ f, m_k.now + *spec.lifetime });
    }
    return true;
}

void Workloads::freeKernelBlocks(WorkloadRun& run, bool all)
{
    // free_pages() of the blocks whose lifetime is over, or of every block at exit.
    const int order = run.spec.order;
    const Pages block = Pages { 1 } << order;
    const NodeStat stat = kernelAllocStat(run.spec);
    const auto release = [&](FrameIndex f) {
        m_k.frames.nodeOf(f).stat[stat] -= block;
        m_k.frames.freePages(f, order);
        run.cursor -= block;
    };
    while (run.kernelBlocksHead < run.kernelBlocks.size()
        && (all || run.kernelBlocks[run.kernelBlocksHead].freeAt <= m_k.now))
        release(run.kernelBlocks[run.kernelBlocksHead++].frame);
    if (run.kernelBlocksHead == run.kernelBlocks.size()) {
        run.kernelBlocks.clear();
        run.kernelBlocksHead = 0;
    } else if (run.kernelBlocksHead > 4096 && run.kernelBlocksHead * 2 > run.kernelBlocks.size()) {
        run.kernelBlocks.erase(run.kernelBlocks.begin(),
            run.kernelBlocks.begin() + static_cast<std::ptrdiff_t>(run.kernelBlocksHead));
        run.kernelBlocksHead = 0;
    }
    if (all) {
        for (const FrameIndex f : run.keptBlocks)
            release(f);
        run.keptBlocks.clear();
    }
}

void Workloads::noteAccesses(WorkloadRun& run, Pages accesses)
{
    // Advance the region's access clock by the accesses made, spread uniformly over its pages. A
    // sequential sweep sets the accessed bits itself (touchAnon), so its clock stays at zero.
    Mapping& mapping = m_k.mappings[static_cast<std::size_t>(run.mapping)];
    if (mapping.lazyYoung && accesses && run.spec.size && run.spec.pattern == AccessPattern::Random)
        mapping.accessClock += static_cast<double>(accesses) / static_cast<double>(run.spec.size);
}

void Workloads::zapAnonPage(Process& process, Mapping& mapping, FrameIndex f, PageCause cause)
{
    // zap_pte_range() for one anonymous page, then free_page_and_swap_cache().
    PageFlags& flags = m_k.frames.flags[f];
    Node& node = m_k.frames.nodeOf(f);
    --node.stat[NodeStat::NrAnonPages];
    --process.rssAnon;
    --mapping.resident;
    if (flags & kPgMlocked) {
        --m_k.frames.zoneOf(f).stat[ZoneStat::NrMlock];
        ++m_k.vmEvents[VmEvent::UnevictablePgsMunlocked];
    }
    if (flags & kPgSwapcache)
        m_k.swapCache.swapcacheDelete(f, false);
    m_k.trace.setCause(f, cause);
    if (flags & kPgWriteback) {
        // The page stays on the LRU until its write completes, then reclaim frees it.
        flags = static_cast<PageFlags>(flags & ~(kPteMapped | kPteYoung | kVmLocked | kPgMlocked));
        m_k.frames.mapping[f] = kNoMapping;
    } else {
        m_k.frames.listRemove(f);
        m_k.frames.freeFrame(f);
    }
}

void Workloads::releaseProcessMemory(Process& process)
{
    while (!releaseSome(process, ~Pages { 0 })) {}
}

bool Workloads::releaseSome(Process& process, Pages budget)
{
    // exit_mmap() (or the oom_reaper) unmapping the process's memory, mapping by mapping, so that it
    // can be spread over simulated time. Swap entries are freed (free_swap_and_cache).
    const int slot = static_cast<int>(&process - m_k.processes.data());
    Pages done = 0;
    while (process.releaseWorkload < process.workloads.size()) {
        WorkloadRun& run = process.workloads[process.releaseWorkload];
        if (run.spec.kind == WorkloadKind::KernelAlloc)
            freeKernelBlocks(run, true); // the driver's memory goes when its file is released
        Mapping& mapping = m_k.mappings[static_cast<std::size_t>(run.mapping)];
        if (mapping.kind == MappingKind::File) {
            for (Pages off = 0; off < run.viewMapped.size(); ++off) {
                if (!run.viewMapped[off])
                    continue;
                run.viewMapped[off] = 0;
                --process.rssFile;
                const std::uint32_t e = mapping.entries.get(off);
                if (isResident(e) && m_k.rmap.fileViewMapCount(run.mapping, off) == 0) {
                    const FrameIndex f = residentFrame(e);
                    if (m_k.frames.flags[f] & kPteMapped)
                        --m_k.frames.nodeOf(f).stat[NodeStat::NrMapped];
                    m_k.frames.flags[f] =
                        static_cast<PageFlags>(m_k.frames.flags[f] & ~(kPteMapped | kPteYoung | kVmExec));
                }
            }
            run.viewResident = 0;
            ++process.releaseWorkload;
            process.releaseOffset = 0;
            continue;
        }
        RLAB_ASSERT(mapping.process == slot);
        while (process.releaseOffset < mapping.entries.size()) {
            if (done >= budget)
                return false;
            const Pages offset = process.releaseOffset++;
            const std::uint32_t e = mapping.entries.get(offset);
            if (isResident(e) && (m_k.frames.flags[residentFrame(e)] & kPgHead)) {
                // zap_huge_pmd(): the whole THP goes at once (it is never under writeback or in swap).
                const FrameIndex head = residentFrame(e);
                done += kHpagePmdNr;
                Node& node = m_k.frames.nodeOf(head);
                node.stat[NodeStat::NrAnonPages] -= kHpagePmdNr;
                node.stat[NodeStat::NrAnonTransparentHugepages] -= kHpagePmdNr;
                process.rssAnon -= kHpagePmdNr;
                mapping.resident -= kHpagePmdNr;
                m_k.trace.setCause(head, PageCause::Exited);
                m_k.frames.listRemove(head);
                m_k.frames.freePages(head, kHpagePmdOrder);
                process.releaseOffset += kHpagePmdNr - 1;
            } else if (isResident(e)) {
                ++done;
                zapAnonPage(process, mapping, residentFrame(e), PageCause::Exited);
            } else if (isSwapEntry(e)) {
                ++done;
                --process.swapEnts;
                const std::uint32_t entry = swapEntryOf(e);
                SwapDevice& dev = m_k.swap.device(swapDevice(entry));
                const std::uint32_t s = swapSlot(entry);
                --dev.swapMap[s];
                if (dev.swapMap[s] == kSwapHasCache) {
                    // Only the swap cache holds it: drop the cached page too (free_swap_and_cache).
                    const FrameIndex f = dev.cache[s];
                    m_k.trace.setCause(f, PageCause::Exited);
                    const bool underWriteback = m_k.frames.flags[f] & kPgWriteback;
                    m_k.swapCache.swapcacheDelete(f, false);
                    if (underWriteback) {
                        m_k.frames.mapping[f] = kNoMapping;
                    } else {
                        m_k.frames.listRemove(f);
                        m_k.frames.freeFrame(f);
                    }
                } else if (dev.swapMap[s] == 0) {
                    m_k.swapCache.freeSwapSlot(entry);
                }
            }
            mapping.entries.set(offset, 0);
        }
        ++process.releaseWorkload;
        process.releaseOffset = 0;
    }
    for (const FrameIndex f : process.pgtableFrames) {
        --m_k.frames.nodeOf(f).stat[NodeStat::NrPageTablePages];
        m_k.frames.freeFrame(f);
    }
    process.pgtableFrames.clear();
    process.pgtablePages = 0;
    process.rssAnon = process.rssFile = process.rssShmem = process.swapEnts = 0;
    return true;
}

Process* Workloads::findProcess(const std::string& name)
{
    for (auto& p : m_k.processes) {
        if (p.name == name && p.state != ProcessState::Exited && p.state != ProcessState::Killed)
            return &p;
    }
    return nullptr;
}

int Workloads::fileFor(const std::string& name, Pages size)
{
    for (std::size_t i = 0; i < m_k.files.size(); ++i) {
        if (m_k.files[i].name == name) {
            Mapping& mapping = m_k.mappings[static_cast<std::size_t>(m_k.files[i].mapping)];
            if (size > m_k.files[i].size) {
                m_k.files[i].size = size;
                mapping.entries.resize(size);
            }
            return static_cast<int>(i);
        }
    }
    FileObject file;
    file.name = name;
    file.size = size;
    Mapping mapping;
    mapping.kind = MappingKind::File;
    mapping.file = static_cast<int>(m_k.files.size());
    mapping.entries.resize(size);
    file.mapping = static_cast<int>(m_k.mappings.size());
    m_k.mappings.push_back(std::move(mapping));
    m_k.files.push_back(file);
    return static_cast<int>(m_k.files.size() - 1);
}

void Workloads::startProcess(const ProcessSpec& spec)
{
    Process p;
    p.pid = spec.pid.value_or(m_nextPid++);
    p.name = spec.name;
    p.uid = spec.uid;
    p.oomScoreAdj = spec.oomScoreAdj;
    p.node = std::min<std::uint32_t>(spec.node, static_cast<std::uint32_t>(m_k.nodes.size() - 1));
    p.memcg = static_cast<std::uint8_t>(m_k.memcg.find(spec.cgroup).value_or(0));
    p.start = m_k.now;
    if (spec.exit)
        p.exit = m_k.now + (*spec.exit - spec.start);
    p.state = ProcessState::Running;
    p.busyUntil = m_k.now;
    const int slot = static_cast<int>(m_k.processes.size());
    for (const auto& w : spec.workload) {
        WorkloadRun run;
        run.spec = w;
        run.spec.start += m_k.now;
        if (run.spec.stop)
            *run.spec.stop += m_k.now;
        const bool fileBacked = w.kind == WorkloadKind::Stream || w.kind == WorkloadKind::FileSet
            || w.kind == WorkloadKind::Write || w.kind == WorkloadKind::Exec
            || (w.kind == WorkloadKind::WorkingSet && w.fileBacked);
        if (fileBacked) {
            const int file = fileFor(w.file, w.size);
            run.mapping = m_k.files[static_cast<std::size_t>(file)].mapping;
            if (w.kind == WorkloadKind::Exec || w.kind == WorkloadKind::WorkingSet) {
                run.viewMapped.assign(w.size, 0);
                p.totalVm += w.size;
                m_k.mappings[static_cast<std::size_t>(run.mapping)].lazyYoung = true;
            }
        } else {
            Mapping mapping;
            mapping.kind = MappingKind::Anon;
            mapping.process = slot;
            mapping.locked = w.kind == WorkloadKind::Mlock;
            mapping.lazyYoung = w.kind == WorkloadKind::WorkingSet;
            mapping.advice = w.madvise;
            // Kernel memory is in no address space: its mapping stays empty.
            const bool user = w.kind != WorkloadKind::KernelAlloc;
            mapping.entries.resize(user ? w.size : 0);
            mapping.pmdPopulated.assign(mapping.entries.size() >> kHpagePmdOrder, 0);
            run.mapping = static_cast<int>(m_k.mappings.size());
            m_k.mappings.push_back(std::move(mapping));
            if (user)
                p.totalVm += w.size;
        }
        p.workloads.push_back(std::move(run));
    }
    m_k.processes.push_back(std::move(p));
    Process& added = m_k.processes.back();
    m_k.record(ev::ProcessStart { m_k.taskOf(&added) });
    m_k.khugepaged.enter(added); // mmap_region() → khugepaged_enter_vma()
    // The base page tables of a new mm (pgd, the first levels, the stack and binary's PTE pages).
    ensurePageTables(added, 0);
}

void Workloads::exitProcess(Process& process, ProcessState finalState)
{
    releaseProcessMemory(process);
    process.state = finalState;
    if (finalState == ProcessState::Killed)
        m_k.record(ev::ProcessKilled { m_k.taskOf(&process) });
    else
        m_k.record(ev::ProcessExit { m_k.taskOf(&process) });
}

void Workloads::boot(const std::vector<ProcessSpec>& processes)
{
    for (const auto& spec : processes) {
        ProcessSpec p = spec;
        if (!p.pid)
            p.pid = m_nextPid++;
        m_toStart.push_back(p);
    }
    std::stable_sort(m_toStart.begin(), m_toStart.end(),
        [](const ProcessSpec& a, const ProcessSpec& b) { return a.start < b.start; });
}

std::optional<std::string> Workloads::queueStart(ProcessSpec spec)
{
    // Each workload may add a region or a page cache; queued starts have theirs reserved.
    std::size_t reserved = m_k.mappings.size() + spec.workload.size();
    for (const auto& queued : m_toStart)
        reserved += queued.workload.size();
    if (reserved > kMaxMappings)
        return "cannot start " + spec.name + ": a machine holds at most " + std::to_string(kMaxMappings)
            + " memory regions and files";
    if (!m_k.memcg.find(spec.cgroup))
        return "cannot start " + spec.name + ": no cgroup " + spec.cgroup;
    if (m_k.processes.size() + m_toStart.size() >= kMaxProcesses)
        return "cannot start " + spec.name + ": a machine runs at most " + std::to_string(kMaxProcesses)
            + " processes";
    // The process's own start, exit and workload times count from the command's time.
    if (!spec.pid)
        spec.pid = m_nextPid++;
    if (spec.exit)
        *spec.exit += m_k.now;
    spec.start += m_k.now;
    if (spec.start <= m_k.now) {
        startProcess(spec);
        return std::nullopt;
    }
    auto at = std::upper_bound(m_toStart.begin(), m_toStart.end(), spec.start,
        [](Tick t, const ProcessSpec& p) { return t < p.start; });
    m_toStart.insert(at, spec);
    return std::nullopt;
}

void Workloads::tickStartsAndExits()
{
    while (!m_toStart.empty() && m_toStart.front().start <= m_k.now) {
        startProcess(m_toStart.front());
        m_toStart.erase(m_toStart.begin());
    }
    for (auto& p : m_k.processes) {
        if (p.exit && *p.exit <= m_k.now
            && (p.state != ProcessState::Exited && p.state != ProcessState::Killed
                && p.state != ProcessState::OutOfMemory))
            exitProcess(p, ProcessState::Exited);
    }
}

void Workloads::runProcesses()
{
    if (m_pidOrder.size() != m_k.processes.size()) {
        m_pidOrder.resize(m_k.processes.size());
        for (std::size_t i = 0; i < m_pidOrder.size(); ++i)
            m_pidOrder[i] = i;
        std::stable_sort(m_pidOrder.begin(), m_pidOrder.end(),
            [this](std::size_t a, std::size_t b) { return m_k.processes[a].pid < m_k.processes[b].pid; });
    }
    for (const auto i : m_pidOrder) {
        if (m_k.stopped)
            break;
        runProcess(m_k.processes[i]);
    }
}

std::size_t Workloads::memoryBytes() const
{
    std::size_t total = 0;
    for (const auto& p : m_k.processes) {
        total += sizeof(Process) + p.pgtableFrames.capacity() * sizeof(FrameIndex);
        for (const auto& run : p.workloads)
            total += sizeof(WorkloadRun) + run.viewMapped.capacity();
    }
    return total;
}

} // namespace rlab::engine
