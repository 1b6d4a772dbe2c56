// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "command_queue.h"
#include "snapshot.h"
#include "snapshot_mailbox.h"

#include <rlab/engine/lesson_session.h>
#include <rlab/engine/scenario.h>

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QTimer;

namespace rlab::ui {

class SimulationWorker;

/// The GUI thread's handle on the simulation (STYLE.md §3). Owns the worker thread, sends every request to
/// the worker through its one CommandQueue, and pulls the newest snapshot on each frame tick: views read
/// latest() after snapshotPublished(). No call waits for the worker (only the destructor joins the
/// thread). The live changes of the session are kept as timed commands for "Save as scenario".
class SimulationController : public QObject
{
    Q_OBJECT
public:
    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    /// Reads, parses and validates a scenario file and, when it is fine, starts a new run from it.
    /// Returns an empty string on success, else the reader's error naming the key path; the current run
    /// then continues untouched.
    QString openScenarioFile(const QString& path);
    /// The same for scenario text (resources, tests). `label` stands in for the file name.
    QString openScenarioText(const QByteArray& json, const QString& label, const QString& path = {});
    /// Why the app refuses to run `scenario` (Simulator::validate; above `memoryLimit` bytes of engine
    /// memory, naming --memory-limit), or empty.
    static QString validate(const engine::Scenario& scenario, std::uint64_t memoryLimit);
    /// Starts a new run of an already validated scenario.
    void loadScenario(engine::Scenario scenario, const QString& path);

    /// Reads a lesson file (docs/lesson-format.md) and starts its scenario at step 1. Returns an empty
    /// string, or the reader's error naming the key path (the current run then continues).
    QString openLessonFile(const QString& path);
    QString openLessonText(const QByteArray& json, const QString& label, const QString& path = {});
    /// The open lesson, or nullptr (a plain scenario is open).
    std::shared_ptr<const engine::Lesson> lesson() const { return m_lesson; }
    /// Shows step `index` of the lesson: its run starts from the engine's state now.
    void beginLessonStep(std::size_t index);
    /// Runs until the current step's stop; lessonStepFinished() reports the outcome.
    void runLessonStep();

    void run();
    void pause();
    void togglePause();
    /// Advances `steps` steps of 100 µs and pauses.
    void step(int steps = 1);
    /// What a rewind does with the session's live changes.
    enum class LiveChanges
    {
        Replay, ///< applied again at their simulated times (they are timed commands)
        Forget, ///< dropped: the run starts from the scenario alone
    };
    /// Runs at full speed to the next event of `target` and pauses there (Snapshot::runTo tells where),
    /// or after RunToRequest's limit. Not in a lesson.
    void runTo(RunTarget target);
    /// The timeline: pauses and shows the run at `at` (0..Snapshot::headAt) in every view; the worker
    /// restores the nearest checkpoint and replays the live changes up to it. Not in a lesson.
    void seek(Tick at);
    /// Continues from the moment shown (Snapshot::viewingPast): the history after it is discarded
    /// (historyRewound), and the live changes made after it happen again at their times or are dropped.
    /// Run, Step, Run to and a live change in the past do this on their own, keeping the changes.
    void resumeFromHere(bool keepLaterChanges);
    /// Pauses and rewinds to time 0.
    void stop(LiveChanges changes = LiveChanges::Replay);
    /// Rewinds to time 0 and keeps running if it was.
    void restart(LiveChanges changes = LiveChanges::Replay);
    void setSpeedIndex(int index);
    int speedIndex() const { return m_speedIndex; }
    /// Whether the run was asked to run (the worker may have stopped it: see Snapshot::running).
    bool isRunning() const { return m_running; }
    void setRunOnLoad(bool run) { m_runOnLoad = run; }

    /// A live change, applied at the next step boundary and recorded with its simulated time.
    void apply(const engine::Command& command);
    /// A slider write; returns at once. A newer write of the same sysctl replaces it while it still waits
    /// in the queue (latest wins, CommandQueue). Returns the write's serial: a snapshot whose
    /// Snapshot::sysctlSerial is at least this one has applied it (or reported why the engine refused it).
    std::uint64_t setSysctl(const std::string& name, std::vector<std::int64_t> values);
    /// Calls `function` on the worker thread, in order with the requests sent before and after it (tests
    /// hold the worker inside a command with it).
    void runOnWorker(std::function<void()> function);

    void watchFrame(FrameIndex frame);
    /// The page-map view's cell budget (0: no page map is computed).
    void setPageMapCells(int cells);
    /// Whether a /proc text tab or the fragmentation view is visible (the texts are rendered only then;
    /// the fragmentation view's data, a walk of the free lists, only with `buddy`).
    void setProcTextsWanted(bool wanted, bool buddy = false);

    /// The newest snapshot the GUI has taken (never nullptr after construction).
    SnapshotPtr latest() const { return m_latest; }
    const engine::Scenario* scenario() const { return m_scenario.get(); }
    QString scenarioPath() const { return m_path; }
    std::uint64_t seed() const { return m_seed; }
    /// Bytes of engine memory a scenario may need (Simulator::estimateMemory) before opening it is refused:
    /// engine::kDefaultMemoryLimit, or the app's --memory-limit. Applies to the next scenario opened.
    std::uint64_t memoryLimit() const { return m_memoryLimit; }
    void setMemoryLimit(std::uint64_t bytes) { m_memoryLimit = bytes; }
    /// The live changes of the session (this run's and those replayed from before a rewind), in time
    /// order, with their simulated times.
    const std::vector<engine::TimedCommand>& liveChanges() const { return m_liveChanges; }
    /// The scenario with every live change of the session as a timed event: what a rewind with Replay
    /// runs, and what Compare with a Variant starts from.
    engine::Scenario sessionScenario() const;
    /// How many live changes the current run replays from before the last rewind.
    std::size_t replayedChanges() const { return m_replayed; }

    /// Takes a waiting snapshot now (the frame timer does this otherwise), without waiting for one. True
    /// when one was taken.
    bool pullSnapshot();

    /// The GUI's frame clock: every view updates on it, so that one tick makes one frame. 14 ms (71 Hz),
    /// not 16.7: without vsync a frame's end moves with its work, which varies by a few milliseconds (a
    /// snapshot after a long engine step carries more), and the clock must be fast enough that a late
    /// frame still follows the one before within 16.7 ms. At 16 ms one frame in six did not; at 15 ms
    /// the 90th percentile sat right at 16.7 ms (docs/gui-performance.md).
    static constexpr int kFrameIntervalMs = 14;

Q_SIGNALS:
    /// A new snapshot is in latest(). Its deltas (events, samples) are this snapshot's only.
    void snapshotPublished();
    /// Every tick of the frame clock, after snapshotPublished() when there was a new snapshot: animations
    /// advance here, so they paint in the same frame as the data.
    void frameTick();
    /// A new run started (scenario loaded or rewound): views drop their history.
    void runStarted();
    /// The run continued from `at`, an earlier moment: views drop what they recorded after it. Emitted
    /// before the snapshotPublished() whose deltas follow it.
    void historyRewound(Tick at);
    void runStateChanged(bool running);
    void speedChanged(int index);
    void commandFailed(const QString& error);
    /// A lesson was opened (or its run rewound to step 1).
    void lessonStarted();
    /// The current lesson step reached its stop (or its limit): the answer and checkpoints.
    void lessonStepFinished(const engine::LessonStepOutcome& outcome);

private:
    void post(WorkerCommand command, std::uint64_t controlSerial = 0);
    /// Posts a run/pause/step/load request, numbered so that a snapshot tells which ones it has seen.
    void postControl(WorkerCommand command);
    /// Starts the scenario from time 0; with Replay the live changes so far are in its timed events.
    void startRun(LiveChanges changes = LiveChanges::Forget);
    void tick();

    SnapshotMailbox m_mailbox;
    QThread m_thread;
    SimulationWorker* m_worker = nullptr;
    QTimer* m_pullTimer = nullptr;

    std::shared_ptr<const engine::Scenario> m_scenario;
    QString m_path;
    std::uint64_t m_seed = 1;
    std::uint64_t m_memoryLimit = engine::kDefaultMemoryLimit;
    std::uint64_t m_runId = 0;
    std::atomic<std::uint64_t> m_runIdForWorker { 0 }; ///< m_runId, readable from the worker thread
    std::uint64_t m_controlSent = 0; ///< run/pause/step/load requests posted to the worker
    bool m_running = false;
    bool m_runOnLoad = false;
    int m_speedIndex;
    SnapshotPtr m_latest;
    std::vector<engine::TimedCommand> m_liveChanges;
    /// How many of m_liveChanges the current run replays as scenario events (the rest came live).
    std::size_t m_replayed = 0;
    std::shared_ptr<const engine::Lesson> m_lesson;

    std::uint64_t m_sysctlSent = 0; ///< serial of the last slider write
};

} // namespace rlab::ui
