// SPDX-License-Identifier: GPL-3.0-or-later
// Block devices and the flusher (fs/fs-writeback.c wb_workfn, simplified).
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/simulator.h"

#include <algorithm>

namespace rlab::engine {

using namespace detail;

namespace {

constexpr Tick kFlusherQueueAhead = 50 * kTicksPerMs; // the flusher keeps at most this much I/O queued

} // namespace

Tick Simulator::submitIo(std::uint32_t diskId, Pages pages, Tick at, bool withLatency)
{
    // A FIFO device: transfers are serialised at the device bandwidth, latency overlaps.
    Disk& disk = m_disks[diskId];
    const Tick start = std::max(at, disk.freeAt);
    const Tick transfer =
        static_cast<Tick>((pages * kTicksPerMs + disk.spec.pagesPerMs - 1) / disk.spec.pagesPerMs);
    disk.freeAt = start + transfer;
    return start + transfer + (withLatency ? disk.spec.latency : 0);
}

Tick Simulator::reclaimClock(const ScanControl& sc) const
{
    return sc.clockStart
        + static_cast<Tick>(sc.totalScanned * kTicksPerMs / m_machineSpec.reclaimScanPagesPerMs)
        + sc.throttle;
}

void Simulator::completeIo(Tick upTo)
{
    while (!m_inflight.empty() && m_inflight.front().done <= upTo) {
        std::pop_heap(m_inflight.begin(), m_inflight.end(), IoLater {});
        const IoRequest request = m_inflight.back();
        m_inflight.pop_back();
        endWriteback(request.frame);
    }
}

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
    const Disk& disk = m_disks[0];
    while (m_dirtyQueueHead < m_dirtyQueue.size()) {
        if (disk.freeAt > m_now + kFlusherQueueAhead)
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

} // namespace rlab::engine
