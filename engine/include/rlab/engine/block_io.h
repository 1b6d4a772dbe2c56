// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/scenario.h"
#include "rlab/engine/units.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace rlab::engine {

/// The block layer, simplified: FIFO disks that serialise transfers at their bandwidth while latency
/// overlaps, and the page writes in flight (swap-out and file writeback) until they complete.
class BlockIo
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    static constexpr std::uint32_t kFileDisk = 0; ///< disk 0 holds the files; swap devices follow

    /// Adds a disk; returns its id.
    std::uint32_t addDisk(const DiskSpec& spec);
    std::size_t diskCount() const { return m_disks.size(); }
    /// When the disk has finished every transfer queued so far.
    Tick freeAt(std::uint32_t disk) const { return m_disks[disk].freeAt; }
    /// Whether the disk still has at least `pages` of I/O to transfer after time `at`. Compared as time
    /// (the transfer time of `pages`, rounded up), so a fast disk's rate times a long backlog never
    /// overflows.
    bool hasQueued(std::uint32_t disk, Tick at, Pages pages) const
    {
        const Disk& d = m_disks[disk];
        const std::uint64_t rate = d.spec.pagesPerSecond;
        const auto drain = static_cast<Tick>((pages * kTicksPerSecond + rate - 1) / rate);
        return d.freeAt > at && d.freeAt - at >= drain;
    }

    /// Queues `pages` of I/O on a disk at time `at`; returns when it completes.
    Tick submit(std::uint32_t disk, Pages pages, Tick at, bool withLatency = true);
    struct Write
    {
        Tick wait = 0; ///< how long the submitter waited for room in the request queue
        Tick done = 0;
    };
    /// submit_bio() of one page write for `frame`: a full request queue blocks the submitter until the
    /// device has drained to its queue depth. The write stays in flight until complete() ends it.
    Write submitWrite(std::uint32_t disk, FrameIndex frame, Tick at);

    /// When the next write in flight completes, or nullopt.
    std::optional<Tick> nextCompletion() const
    {
        return m_inflight.empty() ? std::nullopt : std::optional<Tick>(m_inflight.front().done);
    }
    /// Ends every write done by `upTo`, in completion order: calls endWriteback(frame) for each.
    template<class EndWriteback>
    void complete(Tick upTo, EndWriteback&& endWriteback)
    {
        while (!m_inflight.empty() && m_inflight.front().done <= upTo) {
            std::pop_heap(m_inflight.begin(), m_inflight.end(), Later {});
            const FrameIndex frame = m_inflight.back().frame;
            m_inflight.pop_back();
            endWriteback(frame);
        }
    }

    std::size_t memoryBytes() const
    {
        return m_disks.capacity() * sizeof(Disk) + m_inflight.capacity() * sizeof(Request);
    }

private:
    struct Disk
    {
        DiskSpec spec;
        Tick freeAt = 0;
    };
    struct Request
    {
        Tick done = 0;
        FrameIndex frame = kNoFrame;
        std::uint64_t seq = 0;
    };
    struct Later
    {
        bool operator()(const Request& a, const Request& b) const
        {
            return a.done != b.done ? a.done > b.done : a.seq > b.seq;
        }
    };
    std::vector<Disk> m_disks;
    std::vector<Request> m_inflight; ///< min-heap by completion time
    std::uint64_t m_seq = 0;
};

} // namespace rlab::engine
