// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <rlab/engine/lesson_session.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rlab::ui {

/// The requests the controller sends to the worker, as values (STYLE.md §3).
namespace cmd {
/// Starts run `runId` (paused first; running afterwards when `run`), following `lesson` when set.
struct Load
{
    std::shared_ptr<const engine::Scenario> scenario;
    std::uint64_t seed = 1;
    std::uint64_t memoryLimit = engine::kDefaultMemoryLimit;
    std::uint64_t runId = 0;
    std::shared_ptr<const engine::Lesson> lesson;
    bool run = false;
};
struct Run
{
};
struct Pause
{
};
struct Step
{
    int steps = 1;
};
/// Runs at full speed to the next `target` (Snapshot::runTo tells how it ended).
struct RunTo
{
    RunTarget target = RunTarget::KswapdWake;
};
struct SetSpeed
{
    std::int64_t usPerSecond = 0;
};
/// A live change (not a slider write), applied at the next step boundary.
struct Apply
{
    engine::Command command;
};
/// A slider write. `serial` comes back as Snapshot::sysctlSerial once the engine has applied it.
struct WriteSysctl
{
    std::string name;
    std::vector<std::int64_t> values;
    std::uint64_t serial = 0;
};
struct WatchFrame
{
    FrameIndex frame = engine::kNoFrame;
};
/// The page-map view's cell budget (0: no page map); publishes a fresh map.
struct SetPageMapCells
{
    int cells = 0;
};
/// Whether a /proc text tab is visible; publishes fresh texts when it is.
struct SetProcTextsWanted
{
    bool wanted = false;
    bool buddy = false; ///< the fragmentation view's data too (a walk of the free lists)
};
/// Publishes now with a fresh page map and /proc texts.
struct Refresh
{
};
struct BeginLessonStep
{
    std::size_t index = 0;
};
struct RunLessonStep
{
};
/// Shows the run at simulated time `at` (clamped to 0..the furthest time simulated): restores the nearest
/// checkpoint before it and replays the session's live changes up to it. Pauses.
struct Seek
{
    Tick at = 0;
};
/// Continues from a moment in the past: the history after it is discarded (Snapshot::rewoundTo), and the
/// live changes made after it are applied again at their times (`keepLaterChanges`) or dropped.
struct Resume
{
    bool keepLaterChanges = true;
};
/// Calls `function` on the worker thread, in order with the other commands (tests hold the worker so).
struct Invoke
{
    std::function<void()> function;
};
} // namespace cmd

using WorkerCommand = std::variant<cmd::Load, cmd::Run, cmd::Pause, cmd::Step, cmd::RunTo, cmd::SetSpeed,
    cmd::Apply, cmd::WriteSysctl, cmd::WatchFrame, cmd::SetPageMapCells, cmd::SetProcTextsWanted,
    cmd::Refresh, cmd::BeginLessonStep, cmd::RunLessonStep, cmd::Seek, cmd::Resume, cmd::Invoke>;

/// One queued request. `controlSerial` is non-zero for run/pause/step/load requests: the worker reports
/// the last one it handled in Snapshot::controlSerial.
struct QueuedCommand
{
    WorkerCommand command;
    std::uint64_t controlSerial = 0;
};

/// The controller's only channel to the worker: a FIFO under one mutex, pushed from the GUI thread and
/// drained by the worker. One exception to FIFO order, the latest-wins rule for sliders: a sysctl write
/// replaces a queued write of the same sysctl when only other sysctl writes lie between the two. The older
/// write is dropped and the newer one goes to the back, so the writes left keep the order of their last
/// values. A write never passes another kind of command: a step, load or live change queued after a write
/// still sees that value, and a write queued after it still comes after it.
class CommandQueue
{
public:
    /// Any thread. True when the queue was empty: the caller then wakes the worker (a non-empty queue
    /// already has a wake-up on its way).
    bool push(QueuedCommand command);
    /// Worker thread: the oldest command, or nothing.
    std::optional<QueuedCommand> pop();
    /// Worker thread: removes and returns the sysctl writes at the front of the queue, oldest first.
    std::vector<cmd::WriteSysctl> popLeadingSysctlWrites();
    /// Any thread, no lock: whether a command was waiting a moment ago (a running batch polls this).
    bool waiting() const { return m_waiting.load(std::memory_order_acquire); }
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::deque<QueuedCommand> m_queue; ///< guarded by m_mutex
    std::atomic<bool> m_waiting { false }; ///< !m_queue.empty(), written under m_mutex
};

} // namespace rlab::ui
