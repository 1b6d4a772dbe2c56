// SPDX-License-Identifier: GPL-3.0-or-later
// mm/page-writeback.c dirty limits and the flusher (fs/fs-writeback.c wb_workfn, simplified).
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/simulator.h"

#include <algorithm>

namespace rlab::engine {

using namespace detail;

namespace {

constexpr Tick kFlusherQueueAhead = 50 * kTicksPerMs; // the flusher keeps at most this much I/O queued

} // namespace

void Simulator::wakeupFlusher()
{
    m_flusherWoken = true;
}

void Simulator::tickFlusher()
{
    // The flusher writes the oldest dirty pages first: periodically those older than
    // dirty_expire_centisecs (kupdate), continuously while nr_dirty is above the background threshold,
    // and everything when reclaim woke it (WB_REASON_VMSCAN).
    const auto [bg, thresh] = dirtyThresholds();
    (void)thresh;
    const Tick expire = static_cast<Tick>(m_tunables.dirtyExpireCentisecs) * 10 * kTicksPerMs;
    bool periodic = false;
    if (m_tunables.dirtyWritebackCentisecs > 0 && m_now >= m_nextFlush) {
        periodic = true;
        m_nextFlush = m_now + static_cast<Tick>(m_tunables.dirtyWritebackCentisecs) * 10 * kTicksPerMs;
    }
    while (m_dirtyQueueHead < m_dirtyQueue.size()) {
        if (m_io.freeAt(BlockIo::kFileDisk) > m_now + kFlusherQueueAhead)
            break;
        const DirtyRecord& rec = m_dirtyQueue[m_dirtyQueueHead];
        const bool background = global(NodeStat::NrDirty) > bg;
        const bool expired = periodic && rec.at + expire <= m_now;
        if (!background && !expired && !m_flusherWoken)
            break;
        ++m_dirtyQueueHead;
        const FrameIndex f = rec.frame;
        // Skip records of pages cleaned, freed or reused since.
        if (m_frameMapping[f] != rec.mapping || m_frameOffset[f] != rec.offset
            || !(m_frameFlags[f] & kPgDirty) || (m_frameFlags[f] & (kPgWriteback | kPgSwapbacked)))
            continue;
        pageoutWrite(f, m_now);
    }
    if (m_dirtyQueueHead == m_dirtyQueue.size()) {
        m_dirtyQueue.clear();
        m_dirtyQueueHead = 0;
        m_flusherWoken = false;
    } else if (m_dirtyQueueHead > 65536 && m_dirtyQueueHead * 2 > m_dirtyQueue.size()) {
        m_dirtyQueue.erase(
            m_dirtyQueue.begin(), m_dirtyQueue.begin() + static_cast<std::ptrdiff_t>(m_dirtyQueueHead));
        m_dirtyQueueHead = 0;
    }
}

std::pair<Pages, Pages> Simulator::dirtyThresholds() const
{
    // page-writeback.c:global_dirtyable_memory() and domain_dirty_limits()
    Pages totalreserve = 0;
    for (const auto& node : m_nodes)
        totalreserve += node.totalreservePages;
    const Pages free = global(ZoneStat::NrFreePages);
    Pages avail = free - std::min(free, totalreserve);
    avail += global(NodeStat::NrInactiveFile) + global(NodeStat::NrActiveFile);
    avail += 1;
    Pages thresh = 0;
    Pages bg = 0;
    if (m_tunables.dirtyBytes)
        thresh = bytesToPagesRoundUp(static_cast<std::uint64_t>(m_tunables.dirtyBytes));
    else
        thresh = (static_cast<Pages>(m_tunables.dirtyRatio) * kPageSize / 100) * avail / kPageSize;
    if (m_tunables.dirtyBackgroundBytes)
        bg = bytesToPagesRoundUp(static_cast<std::uint64_t>(m_tunables.dirtyBackgroundBytes));
    else
        bg = (static_cast<Pages>(m_tunables.dirtyBackgroundRatio) * kPageSize / 100) * avail / kPageSize;
    if (bg >= thresh)
        bg = thresh / 2;
    return { bg, thresh };
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

} // namespace rlab::engine
