// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <rlab/engine/lesson_session.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class QTimer;

namespace rlab::ui {

class SnapshotMailbox;

/// Owns the engine::Simulator on the worker thread (STYLE.md §3). Every method without "thread-safe"
/// runs on the worker thread; the controller reaches them through enqueue() and a queued call of
/// runCommands(), so commands land between batches, never inside a step.
class SimulationWorker : public QObject
{
    Q_OBJECT
public:
    /// Simulated time between two plot samples.
    static constexpr Tick kSampleInterval = 10 * engine::kTicksPerMs;
    /// Wall-clock budget of one batch before the worker publishes and returns to its event loop.
    static constexpr qint64 kBatchBudgetNs = 8'000'000;

    explicit SimulationWorker(SnapshotMailbox& mailbox, QObject* parent = nullptr);
    ~SimulationWorker() override;

    // --- thread-safe
    void setPageMapCells(int cells) { m_pageMapCells.store(cells); }
    void setProcTextsWanted(bool wanted) { m_procTextsWanted.store(wanted); }
    /// The controller's last call before it ends the thread (the worker is then deleted there).
    void requestStop();
    /// Queues a slider write for run `runId`; the newest value of each sysctl wins. A running batch applies
    /// the queue between two steps and publishes at once, so the next frame can show the effect. Returns
    /// true when the queue was empty (the caller then posts applySysctls() for a paused worker).
    bool queueSysctl(
        std::string name, std::vector<std::int64_t> values, std::uint64_t serial, std::uint64_t runId);
    /// Drops the queued writes (a new run starts).
    void clearSysctls();
    /// Queues a command for runCommands(). The running batch ends at the next step, so a command waits
    /// for one step, not for a whole batch.
    void enqueue(std::function<void()> command);

    // --- worker thread
    /// Runs the queued commands in order (the controller posts a call to it after each enqueue()).
    Q_INVOKABLE void runCommands();
    /// Marks the control request being handled (the snapshot reports it back to the controller).
    void setControlSerial(std::uint64_t serial) { m_controlSerial = serial; }
    /// Applies the queued slider writes of the current run and publishes.
    void applySysctls();
    void load(std::shared_ptr<const engine::Scenario> scenario, std::uint64_t seed, std::uint64_t runId);
    void run();
    void pause();
    void step(int steps);
    void setSpeed(std::int64_t usPerSecond);
    void apply(const engine::Command& command);
    void watchFrame(FrameIndex frame);
    /// Publishes now with a fresh page map and /proc texts (a view became visible).
    void refresh();

    // --- lessons (worker thread)
    /// Called with each finished lesson step, on the worker thread (set once, before the thread runs).
    void setLessonCallback(std::function<void(engine::LessonStepOutcome)> callback)
    {
        m_lessonCallback = std::move(callback);
    }
    /// Follows a lesson in the current run from step 0 (nullptr: none).
    void setLesson(std::shared_ptr<const engine::Lesson> lesson);
    void beginLessonStep(std::size_t index);
    /// Runs until the current step's stop (or its limit), then pauses and reports the outcome.
    void runLessonStep();

private:
    struct QueuedSysctl
    {
        std::string name;
        std::vector<std::int64_t> values;
        std::uint64_t serial = 0;
        std::uint64_t runId = 0;
    };
    /// What publish() recomputes even when its interval has not passed.
    enum Fresh
    {
        kFreshNone = 0,
        kFreshMap = 1, ///< the page map (O(frames))
        kFreshTexts = 2, ///< the /proc texts, when a text tab is visible
        kFreshAll = kFreshMap | kFreshTexts,
    };

    void runBatch();
    void schedule(int delayMs);
    /// One engine step with sampling; false when the run cannot continue.
    bool stepOnce();
    /// Applies a command without publishing; false when the engine refused it.
    bool applyCommand(const engine::Command& command);
    void publish(int fresh);
    /// Scans about `frames` more frames of the page map being built; finishes it when it is complete.
    void advancePageMap(Pages frames);
    void recordSample();
    void finishLessonStep();
    /// Drains the engine's events into the lesson and keeps them for the next snapshot.
    void passEventsToLesson();

    SnapshotMailbox& m_mailbox;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_wall;

    std::shared_ptr<const engine::Scenario> m_scenario;
    std::unique_ptr<engine::Simulator> m_sim;
    std::uint64_t m_runId = 0;
    std::uint64_t m_serial = 0;
    std::uint64_t m_controlSerial = 0;
    bool m_running = false;
    bool m_broken = false;
    std::string m_engineError;
    std::int64_t m_speed = 1'000'000;
    double m_debtUs = 0.0;
    qint64 m_lastWallNs = 0;

    Tick m_nextSampleAt = 0;
    int m_stepsSinceSample = 0;
    int m_kswapdStepsSinceSample = 0;

    // deltas for the next snapshot
    std::vector<Sample> m_samples;
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

    std::uint64_t m_sysctlSerial = 0;
    std::mutex m_sysctlMutex;
    std::vector<QueuedSysctl> m_sysctls; ///< guarded by m_sysctlMutex
    std::atomic<bool> m_sysctlsQueued { false };
    std::mutex m_commandMutex;
    std::vector<std::function<void()>> m_commands; ///< guarded by m_commandMutex
    std::atomic<int> m_commandsWaiting { 0 };

    std::unique_ptr<engine::LessonSession> m_lesson;
    bool m_lessonRunning = false;
    std::vector<engine::Event> m_heldEvents; ///< drained every step for the lesson, published later
    std::vector<engine::Event> m_bootEvents; ///< what the engine recorded while it booted
    std::function<void(engine::LessonStepOutcome)> m_lessonCallback;

    std::atomic<int> m_pageMapCells { 0 };
    std::atomic<bool> m_procTextsWanted { false };
    std::atomic<bool> m_stopRequested { false };
};

} // namespace rlab::ui
