// SPDX-License-Identifier: GPL-3.0-or-later
// Page ownership: rmap (unmap), the page cache, workingset shadows, writeback start/end and
// mark_accessed.
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/simulator.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

int Simulator::fileViewMapCount(int fileMapping, Pages offset) const
{
    int count = 0;
    for (const auto& p : m_processes) {
        for (const auto& run : p.workloads) {
            if (run.mapping == fileMapping && !run.viewMapped.empty() && run.viewMapped[offset])
                ++count;
        }
    }
    return count;
}

void Simulator::unmapFrame(FrameIndex frame)
{
    // mm/rmap.c:try_to_unmap()
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPteMapped))
        return;
    Mapping& mapping = m_mappings[m_frameMapping[frame]];
    const std::uint32_t offset = m_frameOffset[frame];
    Node& node = nodeOf(frame);
    if (mapping.kind == MappingKind::Anon) {
        // The PTE now holds the swap entry; the swap count goes up by one.
        const std::uint32_t entry = m_frameSwap[frame];
        RLAB_ASSERT(entry != 0);
        mapping.entries.set(offset, kEntrySwap | entry);
        --mapping.resident;
        ++m_swap.device(swapDevice(entry)).swapMap[swapSlot(entry)];
        Process& p = m_processes[static_cast<std::size_t>(mapping.process)];
        --p.rssAnon;
        ++p.swapEnts;
        --node.stat[NodeStat::NrAnonPages];
    } else {
        const int fileMapping = static_cast<int>(m_frameMapping[frame]);
        for (auto& p : m_processes) {
            for (auto& run : p.workloads) {
                if (run.mapping == fileMapping && !run.viewMapped.empty() && run.viewMapped[offset]) {
                    run.viewMapped[offset] = 0;
                    --run.viewResident;
                    --p.rssFile;
                }
            }
        }
        --node.stat[NodeStat::NrMapped];
    }
    flags = static_cast<std::uint16_t>(flags & ~(kPteMapped | kPteYoung | kVmExec | kVmLocked));
}

void Simulator::removeMapping(FrameIndex frame)
{
    // mm/vmscan.c:__remove_mapping(reclaimed = true): the page cache or swap cache slot keeps a
    // shadow entry for refault detection.
    const std::uint16_t flags = m_frameFlags[frame];
    Mapping& mapping = m_mappings[m_frameMapping[frame]];
    if (flags & kPgSwapcache) {
        swapcacheDelete(frame, true);
    } else {
        RLAB_ASSERT(mapping.kind == MappingKind::File);
        std::uint32_t shadow = 0;
        workingsetEviction(frame, shadow);
        const Pages offset = m_frameOffset[frame];
        mapping.entries.set(offset, shadow);
        --nodeOf(frame).stat[NodeStat::NrFilePages];
        noteShadowChunk(static_cast<int>(m_frameMapping[frame]), mapping.entries.chunkOf(offset));
    }
    if (mapping.kind == MappingKind::File)
        --mapping.resident;
    m_frameMapping[frame] = kNoOwner;
}

void Simulator::noteShadowChunk(int mapping, std::size_t chunk)
{
    PageIndex& index = m_mappings[static_cast<std::size_t>(mapping)].entries;
    if (!index.shadowOnly(chunk) || index.shadowCounted(chunk))
        return;
    index.setShadowCounted(chunk, true);
    workingsetNodes() += kXaNodesPerChunk;
    m_shadowQueue.emplace_back(mapping, chunk);
}

void Simulator::shrinkShadowNodes()
{
    // mm/workingset.c:count_shadow_nodes(): shadow nodes beyond lru_pages >> (XA_CHUNK_SHIFT - 3) are
    // expendable; do_shrink_slab() scans half of them per call (the shrinker's seeks is 0).
    Pages lruPages = 0;
    for (const auto& node : m_nodes) {
        for (int l = 0; l < kNrLruLists; ++l)
            lruPages += node.lruvec.size[static_cast<std::size_t>(l)];
    }
    const std::uint64_t maxNodes = lruPages >> 3;
    if (workingsetNodes() <= maxNodes)
        return;
    std::uint64_t toFree = std::max<std::uint64_t>((workingsetNodes() - maxNodes) / 2, kXaNodesPerChunk);
    while (toFree > 0 && m_shadowQueueHead < m_shadowQueue.size()) {
        const auto [mapping, chunk] = m_shadowQueue[m_shadowQueueHead++];
        PageIndex& index = m_mappings[static_cast<std::size_t>(mapping)].entries;
        if (!index.shadowCounted(chunk) || !index.shadowOnly(chunk))
            continue; // refilled since, or already gone
        index.clearChunk(chunk);
        workingsetNodes() -= kXaNodesPerChunk;
        m_nodes[0].stat[NodeStat::WorkingsetNodereclaim] += kXaNodesPerChunk;
        toFree -= std::min(toFree, kXaNodesPerChunk);
    }
    if (m_shadowQueueHead > 4096 && m_shadowQueueHead * 2 > m_shadowQueue.size()) {
        m_shadowQueue.erase(
            m_shadowQueue.begin(), m_shadowQueue.begin() + static_cast<std::ptrdiff_t>(m_shadowQueueHead));
        m_shadowQueueHead = 0;
    }
}

void Simulator::workingsetEviction(FrameIndex frame, std::uint32_t& shadowOut)
{
    // mm/workingset.c:workingset_eviction(): remember the clock, then advance it.
    Lruvec& vec = nodeOf(frame).lruvec;
    const std::uint64_t eviction = vec.nonresidentAge;
    vec.nonresidentAge += 1;
    shadowOut = makeShadow(eviction, (m_frameFlags[frame] & kPgWorkingset) != 0);
}

bool Simulator::workingsetRefault(FrameIndex frame, std::uint32_t shadow)
{
    // mm/workingset.c:workingset_refault(): activate when the refault distance fits in the workingset
    // (the rule itself is reclaim_rules.h:refaultActivates()).
    Node& node = nodeOf(frame);
    Lruvec& vec = node.lruvec;
    const bool file = !(m_frameFlags[frame] & kPgSwapbacked);
    RefaultInput in;
    in.file = file;
    in.distance = refaultDistance(vec.nonresidentAge, shadowEviction(shadow), kShadowEvictionMask);
    for (std::size_t l = 0; l < in.lruSizes.size(); ++l)
        in.lruSizes[l] = vec.size[l]; // inactive_anon, active_anon, inactive_file, active_file
    in.swapFree = freeSwapPages() > 0;
    ++node.stat[file ? NodeStat::WorkingsetRefaultFile : NodeStat::WorkingsetRefaultAnon];
    if (!refaultActivates(in))
        return false;
    m_frameFlags[frame] |= kPgActive;
    vec.nonresidentAge += 1;
    ++node.stat[file ? NodeStat::WorkingsetActivateFile : NodeStat::WorkingsetActivateAnon];
    if (shadowWorkingset(shadow)) {
        m_frameFlags[frame] |= kPgWorkingset;
        lruNoteCost(node, file, 1); // lru_note_cost_folio()
        ++node.stat[file ? NodeStat::WorkingsetRestoreFile : NodeStat::WorkingsetRestoreAnon];
    }
    return true;
}

bool Simulator::testAndClearYoung(FrameIndex frame)
{
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPteMapped))
        return false; // no PTE: folio_referenced() finds nothing
    bool young = flags & kPteYoung;
    flags = static_cast<std::uint16_t>(flags & ~kPteYoung);
    const Mapping& mapping = m_mappings[m_frameMapping[frame]];
    if (!mapping.lazyYoung)
        return young;
    // Each page of a uniformly accessed region is touched as a Poisson process: the accessed bit is
    // set with probability 1 - exp(-expected accesses since it was cleared).
    const std::uint16_t now = accessStamp(mapping);
    const auto elapsed = static_cast<std::uint16_t>(now - m_frameStamp[frame]);
    m_frameStamp[frame] = now;
    if (!young)
        young = elapsed >= m_youngThreshold.size() || m_rng.next() < m_youngThreshold[elapsed];
    return young;
}

void Simulator::markMappedYoung(FrameIndex frame)
{
    m_frameFlags[frame] |= kPteMapped | kPteYoung;
    const Mapping& mapping = m_mappings[m_frameMapping[frame]];
    if (mapping.lazyYoung)
        m_frameStamp[frame] = accessStamp(mapping); // only lazily accessed regions read it
}

void Simulator::markAccessed(FrameIndex frame)
{
    // mm/swap.c:folio_mark_accessed(): the second access of an inactive page activates it.
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPgReferenced)) {
        flags |= kPgReferenced;
        return;
    }
    if (flags & kPgUnevictable)
        return;
    if (!(flags & kPgActive)) {
        if (m_frameState[frame] >= static_cast<std::uint8_t>(FrameState::LruBase)) {
            listRemove(frame);
            flags |= kPgActive;
            setCause(frame, PageCause::Accessed);
            listAddHead(frame, lruFor(frame));
            ++m_vmEvents[VmEvent::Pgactivate];
        }
        flags = static_cast<std::uint16_t>(flags & ~kPgReferenced);
        nodeOf(frame).lruvec.nonresidentAge += 1; // workingset_activation()
    }
}

void Simulator::setDirty(FrameIndex frame)
{
    // mm/page-writeback.c:folio_account_dirtied() for a page-cache page.
    std::uint16_t& flags = m_frameFlags[frame];
    if (flags & kPgDirty)
        return;
    flags |= kPgDirty;
    if (flags & kPgSwapbacked)
        return; // anon/swapcache dirtiness is not accounted
    Node& node = nodeOf(frame);
    ++node.stat[NodeStat::NrDirty];
    ++node.stat[NodeStat::NrDirtied];
    ++zoneOf(frame).stat[ZoneStat::NrZoneWritePending];
    ++m_files[static_cast<std::size_t>(m_mappings[m_frameMapping[frame]].file)].dirty;
    m_dirtyQueue.push_back({ m_now, frame, m_frameMapping[frame], m_frameOffset[frame] });
}

Tick Simulator::pageoutWrite(FrameIndex frame, Tick at)
{
    // folio_clear_dirty_for_io() + ->writepage(): swap_writepage() or the filesystem's writepage.
    std::uint16_t& flags = m_frameFlags[frame];
    const bool anon = flags & kPgSwapbacked;
    Node& node = nodeOf(frame);
    Zone& zone = zoneOf(frame);
    if (!anon && (flags & kPgDirty)) {
        --node.stat[NodeStat::NrDirty];
        --zone.stat[ZoneStat::NrZoneWritePending];
        --m_files[static_cast<std::size_t>(m_mappings[m_frameMapping[frame]].file)].dirty;
    }
    flags = static_cast<std::uint16_t>((flags & ~kPgDirty) | kPgWriteback);
    ++node.stat[NodeStat::NrWriteback];
    ++zone.stat[ZoneStat::NrZoneWritePending];
    m_vmEvents[VmEvent::Pgpgout] += kPageSize / 1024;
    std::uint32_t disk = 0;
    if (anon) {
        ++m_vmEvents[VmEvent::Pswpout];
        disk = m_swap.device(swapDevice(m_frameSwap[frame])).diskId;
    }
    return m_io.submitWrite(disk, frame, at).wait;
}

void Simulator::endWriteback(FrameIndex frame)
{
    // mm/filemap.c:folio_end_writeback(): PG_reclaim pages are rotated to the inactive tail.
    std::uint16_t& flags = m_frameFlags[frame];
    RLAB_ASSERT(flags & kPgWriteback);
    flags = static_cast<std::uint16_t>(flags & ~kPgWriteback);
    Node& node = nodeOf(frame);
    --node.stat[NodeStat::NrWriteback];
    --zoneOf(frame).stat[ZoneStat::NrZoneWritePending];
    ++node.stat[NodeStat::NrWritten];
    if (flags & kPgReclaim) {
        flags = static_cast<std::uint16_t>(flags & ~kPgReclaim);
        rotateReclaimable(frame);
    }
}

void Simulator::rotateReclaimable(FrameIndex frame)
{
    // mm/swap.c:folio_rotate_reclaimable() → lru_move_tail_fn()
    const std::uint16_t flags = m_frameFlags[frame];
    if (m_frameState[frame] < static_cast<std::uint8_t>(FrameState::LruBase) || (flags & kPgDirty)
        || (flags & kPgUnevictable))
        return;
    listRemove(frame);
    m_frameFlags[frame] = static_cast<std::uint16_t>(flags & ~kPgActive);
    setCause(frame, PageCause::Rotated);
    listAddTail(frame, lruFor(frame));
    ++m_vmEvents[VmEvent::Pgrotated];
}

void Simulator::dropPagecache()
{
    // fs/drop_caches.c → mm/truncate.c:invalidate_mapping_pagevec(): clean, unmapped page-cache pages
    // are removed without a shadow; the others are deactivated (deactivate_file_folio). Shadow entries
    // go too (invalidate_exceptional_entry → clear_shadow_entry), so a later read is a cold miss.
    for (auto& file : m_files) {
        Mapping& mapping = m_mappings[static_cast<std::size_t>(file.mapping)];
        PageIndex& index = mapping.entries;
        for (std::size_t chunk = 0; chunk < index.chunkCount(); ++chunk) {
            const bool counted = index.shadowCounted(chunk);
            const Pages first = static_cast<Pages>(chunk) << PageIndex::kChunkShift;
            const Pages end = std::min<Pages>(first + PageIndex::kChunkSize, index.size());
            for (Pages off = first; off < end; ++off) {
                const std::uint32_t e = index.get(off);
                if (e == 0)
                    continue;
                if (!isResident(e)) {
                    index.set(off, 0);
                    continue;
                }
                const FrameIndex f = residentFrame(e);
                std::uint16_t& flags = m_frameFlags[f];
                if (flags & kPteMapped)
                    continue;
                if (flags & (kPgDirty | kPgWriteback)) {
                    if (m_frameState[f] >= static_cast<std::uint8_t>(FrameState::LruBase)
                        && !(flags & kPgUnevictable)) {
                        const bool wasActive = flags & kPgActive;
                        listRemove(f);
                        flags =
                            static_cast<std::uint16_t>((flags & ~(kPgActive | kPgReferenced)) | kPgReclaim);
                        setCause(f, PageCause::Deactivated);
                        listAddHead(f, lruFor(f));
                        if (wasActive)
                            ++m_vmEvents[VmEvent::Pgdeactivate];
                    }
                    continue;
                }
                listRemove(f);
                index.set(off, 0);
                --mapping.resident;
                Node& node = nodeOf(f);
                --node.stat[NodeStat::NrFilePages];
                setCause(f, PageCause::Dropped);
                freeFrame(f);
            }
            // A counted shadow node held only shadows: it is gone now (workingset_nodes falls).
            if (counted && !index.shadowCounted(chunk))
                workingsetNodes() -= kXaNodesPerChunk;
        }
    }
}

} // namespace rlab::engine
