// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "command_queue.h"
#include "snapshot.h"

#include <rlab/engine/lesson_session.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QElapsedTimer>
#include <QObject>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QTimer;

namespace rlab::ui {

class SnapshotMailbox;

/// Owns the engine::Simulator on the worker thread (STYLE.md §3). Its only inbound channel is one
/// CommandQueue: the controller pushes a command with enqueue() and, when the queue was empty, posts a
/// queued call of runCommands(). Commands land between batches, never inside a step; a running batch
/// applies the slider writes at the front of the queue between two steps and ends at any other command.
class SimulationWorker : public QObject
{
    Q_OBJECT
public:
    /// Simulated time between two plot samples.
    static constexpr Tick kSampleInterval = engine::kPlotSampleInterval;
    /// Wall-clock budget of one batch before the worker publishes and returns to its event loop.
    static constexpr qint64 kBatchBudgetNs = 8'000'000;
    /// Bytes the timeline's checkpoints (engine state files) may take together. Past it every other
    /// checkpoint goes and the interval doubles; the one at t = 0 always stays.
    static constexpr std::uint64_t kCheckpointBudget = std::uint64_t { 1 } << 30;
    /// The first interval between checkpoints, in simulated time: a seek replays at most this much.
    static constexpr Tick kFirstCheckpointInterval = 2 * engine::kTicksPerSecond;

    explicit SimulationWorker(SnapshotMailbox& mailbox, QObject* parent = nullptr);
    ~SimulationWorker() override;

    // --- thread-safe
    /// Queues a command (CommandQueue's order rule: latest wins for a sysctl). True when the queue was
    /// empty: the caller then posts a queued call of runCommands().
    bool enqueue(QueuedCommand command) { return m_commands.push(std::move(command)); }
    /// The controller's last call before it ends the thread (the worker is then deleted there).
    void requestStop();

    // --- worker thread
    /// Runs the queued commands in order until the queue is empty.
    Q_INVOKABLE void runCommands();
    /// Called with each finished lesson step, on the worker thread (set once, before the thread runs).
    void setLessonCallback(std::function<void(engine::LessonStepOutcome)> callback)
    {
        m_lessonCallback = std::move(callback);
    }

private:
    /// What publish() recomputes even when its interval has not passed.
    enum Fresh
    {
        kFreshNone = 0,
        kFreshMap = 1, ///< the page map (O(frames))
        kFreshTexts = 2, ///< the /proc texts, when a text tab is visible
        kFreshAll = kFreshMap | kFreshTexts,
    };

    void execute(WorkerCommand& command);
    void load(const cmd::Load& request);
    void run();
    void pause();
    void step(int steps);
    void runTo(RunTarget target);
    /// After a step of a run to a target: true when the run to it ends here.
    bool runToReached();
    void finishRunTo(bool found, Tick at);
    void setSpeed(std::int64_t usPerSecond);
    void apply(const engine::Command& command);
    /// Applies slider writes (oldest first) and publishes, so that the next frame shows their effect.
    void applySysctlWrites(std::vector<cmd::WriteSysctl> writes);
    void watchFrame(FrameIndex frame);
    /// The timeline (cmd::Seek, cmd::Resume).
    void seek(Tick at);
    void resume(bool keepLaterChanges);
    /// Keeps the engine state now as a checkpoint, within kCheckpointBudget.
    void takeCheckpoint();
    /// Applies the live changes of the session log that are due now (a replay after a seek or a resume).
    void replayDueChanges(bool report);
    /// Rebinds what follows a simulator (page trace, watched frame, cached views) after a restore.
    void adoptRestored();
    /// Publishes now with a fresh page map and /proc texts (a view became visible).
    void refresh();
    /// Follows a lesson in the current run from step 0 (nullptr: none).
    void setLesson(std::shared_ptr<const engine::Lesson> lesson);
    void beginLessonStep(std::size_t index);
    /// Runs until the current step's stop (or its limit), then pauses and reports the outcome.
    void runLessonStep();

    void runBatch();
    void schedule(int delayMs);
    /// One engine step with sampling; false when the run cannot continue.
    bool stepOnce();
    /// Applies a command without publishing; false when the engine refused it.
    bool applyCommand(const engine::Command& command);
    void publish(int fresh);
    /// Scans about `frames` more frames of the page map being built; finishes it when it is complete.
    void advancePageMap(Pages frames);
    void finishLessonStep();
    /// Drains the engine's events into the lesson and keeps them for the next snapshot.
    void passEventsToLesson();
    /// Keeps `events` for the next snapshot's log (m_heldEvents), after those already held.
    void holdEvents(std::vector<engine::Event>&& events);

    SnapshotMailbox& m_mailbox;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_wall;

    std::shared_ptr<const engine::Scenario> m_scenario;
    std::unique_ptr<engine::Simulator> m_sim;
    std::unique_ptr<engine::Recorder> m_recorder; ///< steps and samples m_sim; declared after it
    std::uint64_t m_runId = 0;
    std::uint64_t m_serial = 0;
    std::uint64_t m_controlSerial = 0;
    bool m_running = false;
    bool m_broken = false;
    std::string m_engineError;
    std::int64_t m_speed = 1'000'000;
    double m_debtUs = 0.0;
    qint64 m_lastWallNs = 0;

    // The timeline: every live change of the run in order, how many of them the simulator has seen,
    // checkpoints to seek from, and the furthest time simulated.
    struct Checkpoint
    {
        Tick at = 0;
        std::string state; ///< engine::saveState()
        std::size_t logSize = 0; ///< live changes applied before it was taken
    };
    std::vector<engine::TimedCommand> m_liveLog;
    std::size_t m_logPos = 0;
    std::vector<Checkpoint> m_checkpoints;
    std::uint64_t m_checkpointBytes = 0;
    Tick m_checkpointEvery = kFirstCheckpointInterval;
    Tick m_headAt = 0;
    std::optional<Tick> m_rewoundTo; ///< for the next snapshot
    std::uint64_t m_memoryLimit = engine::kDefaultMemoryLimit;
    std::uint64_t m_seed = 1;

    // deltas for the next snapshot (the samples wait in m_recorder)
    std::vector<engine::TimedCommand> m_applied;
    std::vector<std::string> m_errors;

    std::shared_ptr<const PageMapSnapshot> m_pageMap;
    std::unique_ptr<PageMapBuilder> m_mapBuilder; ///< the next page map, built between steps
    int m_mapBuilderCells = 0;
    qint64 m_mapScanNs = 0;
    qint64 m_pageMapIntervalNs = 50'000'000;
    qint64 m_pageMapAtNs = -1;
    Tick m_pageMapAt = -1;
    int m_pageMapCellsUsed = 0;
    std::shared_ptr<const ProcTexts> m_procTexts;
    qint64 m_procTextsAtNs = -1;
    Tick m_procTextsAt = -1;
    FrameIndex m_watched = engine::kNoFrame;
    Tick m_watchedSince = 0;
    std::uint8_t m_watchedFrom = 0;

    std::uint64_t m_sysctlSerial = 0; ///< the last slider write applied (Snapshot::sysctlSerial)
    CommandQueue m_commands;

    std::unique_ptr<engine::LessonSession> m_lesson;
    bool m_lessonRunning = false;
    /// The scenario's duration: the run pauses there once (Snapshot::reachedEnd); Run goes on past it.
    std::optional<Tick> m_endAt;
    bool m_reachedEnd = false;
    /// A "run to" in progress: the event kinds that end it, or the time of the scenario event, and the
    /// simulated time where it gives up.
    struct RunToRequest
    {
        /// Simulated time a run to a target covers at most (or up to the scenario's end).
        static constexpr Tick kLimit = 600 * engine::kTicksPerSecond;
        RunTarget target = RunTarget::KswapdWake;
        std::array<bool, engine::kEventKindCount> kinds {};
        std::optional<Tick> eventAt;
        Tick limit = 0;
    };
    std::optional<RunToRequest> m_runTo;
    RunToOutcome m_runToOutcome;
    std::vector<engine::Event> m_heldEvents; ///< drained every step for the lesson, published later
    std::vector<engine::Event> m_bootEvents; ///< what the engine recorded while it booted
    std::function<void(engine::LessonStepOutcome)> m_lessonCallback;

    int m_pageMapCells = 0;
    bool m_procTextsWanted = false;
    bool m_buddyWanted = false;
    std::atomic<bool> m_stopRequested { false };
};

} // namespace rlab::ui
