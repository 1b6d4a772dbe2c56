// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <cstdint>
#include <memory>
#include <mutex>

namespace rlab::ui {

/// Latest-value mailbox between the worker (publish) and the GUI (take), STYLE.md §2. State is
/// latest-wins; the deltas (events, page moves, plot samples, applied commands) of a snapshot the GUI
/// never took are merged into the next one, so nothing the plots or the log need is lost. Neither side
/// waits for the other: the mutex only guards the pointer swap and the merge.
class SnapshotMailbox
{
public:
    static constexpr std::size_t kMaxPageEvents = 20000;
    static constexpr std::size_t kMaxEvents = 50000;

    /// Worker thread: hands over a finished snapshot.
    void publish(std::shared_ptr<Snapshot> snapshot);
    /// GUI thread: the newest snapshot not taken yet, or nullptr.
    SnapshotPtr take();
    /// Drops an untaken snapshot (a new run starts).
    void clear();

private:
    std::mutex m_mutex;
    std::shared_ptr<Snapshot> m_pending;
};

} // namespace rlab::ui
