// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/block_io.h"

namespace rlab::engine {

namespace {

// Request queue depth: 256 requests of one page, as reclaim writes pages one by one (the lab's guest
// never has more than about 260 pages of swap-out under writeback).
constexpr Pages kMaxQueuedPages = 256;

} // namespace

std::uint32_t BlockIo::addDisk(const DiskSpec& spec)
{
    m_disks.push_back({ spec, 0 });
    return static_cast<std::uint32_t>(m_disks.size() - 1);
}

Tick BlockIo::submit(std::uint32_t diskId, Pages pages, Tick at, bool withLatency)
{
    Disk& disk = m_disks[diskId];
    const Tick start = std::max(at, disk.freeAt);
    const Tick transfer = static_cast<Tick>(
        (pages * kTicksPerSecond + disk.spec.pagesPerSecond - 1) / disk.spec.pagesPerSecond);
    disk.freeAt = start + transfer;
    return start + transfer + (withLatency ? disk.spec.latency : 0);
}

BlockIo::Write BlockIo::submitWrite(std::uint32_t diskId, FrameIndex frame, Tick at)
{
    const Disk& d = m_disks[diskId];
    const Tick queueDepthTime = static_cast<Tick>(
        kMaxQueuedPages * kTicksPerSecond / std::max<std::uint64_t>(1, d.spec.pagesPerSecond));
    const Tick wait = std::max<Tick>(0, d.freeAt - at - queueDepthTime);
    const Tick done = submit(diskId, 1, at + wait);
    m_inflight.push_back({ done, frame, m_seq++ });
    std::push_heap(m_inflight.begin(), m_inflight.end(), Later {});
    return { wait, done };
}

} // namespace rlab::engine
