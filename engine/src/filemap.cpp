// SPDX-License-Identifier: GPL-3.0-or-later
// mm/filemap.c: the end of a page's writeback; fs/drop_caches.c: dropping the clean page cache.
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/simulator.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

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
