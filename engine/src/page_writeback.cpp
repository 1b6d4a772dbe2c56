// SPDX-License-Identifier: GPL-3.0-or-later
// mm/page-writeback.c dirty limits and the flusher (fs/fs-writeback.c wb_workfn, simplified).
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"

#include <algorithm>

namespace rlab::engine {

using namespace detail;

namespace {

// The flusher submits until the device's request queue is full: blk-mq's 256 tags (virtio-blk's
// default queue size), each request up to 128 pages (512 KiB) of merged writeback. The kernel lab's
// (d) runs keep 20 to 80 MiB under writeback on a 16 MB/s disk, so the queue is that deep.
constexpr Pages kFlusherQueuePages = 256 * 128;

} // namespace

void Writeback::boot()
{
    m_nextFlush = static_cast<Tick>(m_k.tunables.dirtyWritebackCentisecs) * 10 * kTicksPerMs;
}

void Writeback::wakeupFlusher()
{
    m_flusherWoken = true;
}

void Writeback::tickFlusher()
{
    // The flusher writes the oldest dirty pages first: periodically those older than
    // dirty_expire_centisecs (kupdate), continuously while nr_dirty is above the background threshold,
    // and everything when reclaim woke it (WB_REASON_VMSCAN).
    const auto [bg, thresh] = dirtyThresholds();
    (void)thresh;
    const Tick expire = static_cast<Tick>(m_k.tunables.dirtyExpireCentisecs) * 10 * kTicksPerMs;
    bool periodic = false;
    if (m_k.tunables.dirtyWritebackCentisecs > 0 && m_k.now >= m_nextFlush) {
        periodic = true;
        m_nextFlush = m_k.now + static_cast<Tick>(m_k.tunables.dirtyWritebackCentisecs) * 10 * kTicksPerMs;
    }
    while (m_dirtyQueueHead < m_dirtyQueue.size()) {
        if (m_k.io.hasQueued(BlockIo::kFileDisk, m_k.now, kFlusherQueuePages))
            break;
        const DirtyRecord& rec = m_dirtyQueue[m_dirtyQueueHead];
        const bool background = m_k.global(NodeStat::NrDirty) > bg;
        const bool expired = periodic && rec.at + expire <= m_k.now;
        if (!background && !expired && !m_flusherWoken)
            break;
        ++m_dirtyQueueHead;
        const FrameIndex f = rec.frame;
        // Skip records of pages cleaned, freed or reused since.
        if (m_k.frames.mapping[f] != rec.mapping || m_k.frames.offset[f] != rec.offset
            || !(m_k.frames.flags[f] & kPgDirty) || (m_k.frames.flags[f] & (kPgWriteback | kPgSwapbacked)))
            continue;
        m_k.vmscan.pageoutWrite(f, m_k.now);
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

std::pair<Pages, Pages> Writeback::dirtyThresholds() const
{
    // page-writeback.c:global_dirtyable_memory() and domain_dirty_limits()
    Pages totalreserve = 0;
    for (const auto& node : m_k.nodes)
        totalreserve += node.totalreservePages;
    const Pages free = m_k.global(ZoneStat::NrFreePages);
    Pages avail = free - std::min(free, totalreserve);
    avail += m_k.global(NodeStat::NrInactiveFile) + m_k.global(NodeStat::NrActiveFile);
    avail += 1;
    Pages thresh = 0;
    Pages bg = 0;
    if (m_k.tunables.dirtyBytes)
        thresh = bytesToPagesRoundUp(static_cast<std::uint64_t>(m_k.tunables.dirtyBytes));
    else
        thresh = (static_cast<Pages>(m_k.tunables.dirtyRatio) * kPageSize / 100) * avail / kPageSize;
    if (m_k.tunables.dirtyBackgroundBytes)
        bg = bytesToPagesRoundUp(static_cast<std::uint64_t>(m_k.tunables.dirtyBackgroundBytes));
    else
        bg = (static_cast<Pages>(m_k.tunables.dirtyBackgroundRatio) * kPageSize / 100) * avail / kPageSize;
    if (bg >= thresh)
        bg = thresh / 2;
    return { bg, thresh };
}

void Writeback::setDirty(FrameIndex frame)
{
    // mm/page-writeback.c:folio_account_dirtied() for a page-cache page.
    PageFlags& flags = m_k.frames.flags[frame];
    if (flags & kPgDirty)
        return;
    flags |= kPgDirty;
    if (flags & kPgSwapbacked)
        return; // anon/swapcache dirtiness is not accounted
    Node& node = m_k.frames.nodeOf(frame);
    ++node.stat[NodeStat::NrDirty];
    ++node.stat[NodeStat::NrDirtied];
    ++m_k.frames.zoneOf(frame).stat[ZoneStat::NrZoneWritePending];
    ++m_k.files[static_cast<std::size_t>(m_k.mappings[m_k.frames.mapping[frame]].file)].dirty;
    m_dirtyQueue.push_back({ m_k.now, frame, m_k.frames.mapping[frame], m_k.frames.offset[frame] });
}

} // namespace rlab::engine
