// SPDX-License-Identifier: GPL-3.0-or-later
// mm/filemap.c: the end of a page's writeback; fs/drop_caches.c: dropping the clean page cache.
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/reclaim_rules.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

void Filemap::endWriteback(FrameIndex frame)
{
    // mm/filemap.c:folio_end_writeback(): PG_reclaim pages are rotated to the inactive tail.
    PageFlags& flags = m_k.frames.flags[frame];
    RLAB_ASSERT(flags & kPgWriteback);
    flags = static_cast<PageFlags>(flags & ~kPgWriteback);
    Node& node = m_k.frames.nodeOf(frame);
    --node.stat[NodeStat::NrWriteback];
    --m_k.frames.zoneOf(frame).stat[ZoneStat::NrZoneWritePending];
    ++node.stat[NodeStat::NrWritten];
    if (flags & kPgReclaim) {
        flags = static_cast<PageFlags>(flags & ~kPgReclaim);
        m_k.lru.rotateReclaimable(frame);
    }
}

void Filemap::dropPagecache()
{
    // fs/drop_caches.c → mm/truncate.c:invalidate_mapping_pagevec(): clean, unmapped page-cache pages
    // are removed without a shadow; the others are deactivated (deactivate_file_folio). Shadow entries
    // go too (invalidate_exceptional_entry → clear_shadow_entry), so a later read is a cold miss.
    for (auto& file : m_k.files) {
        Mapping& mapping = m_k.mappings[static_cast<std::size_t>(file.mapping)];
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
                PageFlags& flags = m_k.frames.flags[f];
                if (flags & kPteMapped)
                    continue;
                if (flags & (kPgDirty | kPgWriteback)) {
                    if (m_k.frames.state[f] >= static_cast<std::uint8_t>(FrameState::LruBase)
                        && !(flags & kPgUnevictable)) {
                        const bool wasActive = flags & kPgActive;
                        m_k.frames.listRemove(f);
                        flags = static_cast<PageFlags>((flags & ~(kPgActive | kPgReferenced)) | kPgReclaim);
                        m_k.trace.setCause(f, PageCause::Deactivated);
                        m_k.frames.listAddHead(f, m_k.frames.lruFor(f));
                        if (wasActive) {
                            ++m_k.vmEvents[VmEvent::Pgdeactivate];
                            m_k.memcg.count(m_k.frames.memcgOf(f), MemcgCount::Pgdeactivate);
                        }
                    }
                    continue;
                }
                m_k.frames.listRemove(f);
                index.set(off, 0);
                --mapping.resident;
                Node& node = m_k.frames.nodeOf(f);
                --node.stat[NodeStat::NrFilePages];
                m_k.trace.setCause(f, PageCause::Dropped);
                m_k.frames.freeFrame(f);
            }
            // A counted shadow node held only shadows: it is gone now (workingset_nodes falls).
            if (counted && !index.shadowCounted(chunk))
                m_k.workingset.workingsetNodes() -= Workingset::kXaNodesPerChunk;
        }
    }
}

} // namespace rlab::engine
