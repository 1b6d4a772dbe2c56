// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot_mailbox.h"

#include <utility>

namespace rlab::ui {

void SnapshotMailbox::publish(std::shared_ptr<Snapshot> snapshot)
{
    {
        std::lock_guard lock(m_mutex);
        // The pending snapshot was never handed out, so changing it here races with no reader.
        if (m_pending && m_pending->runId == snapshot->runId)
            mergeDeltas(*snapshot, std::move(*m_pending), kMaxPageEvents, kMaxEvents);
        m_pending = std::move(snapshot);
    }
    m_published.notify_all();
}

bool SnapshotMailbox::waitForSysctl(
    std::uint64_t runId, std::uint64_t sysctlSerial, std::chrono::microseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_published.wait_for(lock, timeout,
        [&] { return m_pending && m_pending->runId == runId && m_pending->sysctlSerial >= sysctlSerial; });
}

SnapshotPtr SnapshotMailbox::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_pending, nullptr);
}

void SnapshotMailbox::clear()
{
    std::lock_guard lock(m_mutex);
    m_pending.reset();
}

} // namespace rlab::ui
