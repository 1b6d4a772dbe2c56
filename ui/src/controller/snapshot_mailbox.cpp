// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot_mailbox.h"

#include <utility>

namespace rlab::ui {

void SnapshotMailbox::publish(std::shared_ptr<Snapshot> snapshot)
{
    std::shared_ptr<Snapshot> older;
    {
        std::lock_guard lock(m_mutex);
        older = std::exchange(m_pending, nullptr);
    }
    // Merged outside the lock, so take() never waits for a merge (the GUI gets nothing meanwhile, and
    // this snapshot at its next frame). The older snapshot was never handed out: no reader races with it.
    if (older && older->runId == snapshot->runId)
        mergeDeltas(*snapshot, std::move(*older), kMaxPageEvents, kMaxEvents);
    std::lock_guard lock(m_mutex);
    m_pending = std::move(snapshot);
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
