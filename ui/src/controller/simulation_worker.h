// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"

#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace rlab::ui {

class SnapshotMailbox;

/// Owns the engine::Simulator on the worker thread (STYLE.md §3). Every method without "thread-safe"
/// runs on the worker thread; the controller reaches them with queued QMetaObject::invokeMethod calls,
/// so commands land between batches, never inside a step.
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
    void requestStop() { m_stopRequested.store(true); }

    // --- worker thread
    /// Marks the control request being handled (the snapshot reports it back to the controller).
    void setControlSerial(std::uint64_t serial) { m_controlSerial = serial; }
    void load(std::shared_ptr<const engine::Scenario> scenario, std::uint64_t seed, std::uint64_t runId);
    void run();
    void pause();
    void step(int steps);
    void setSpeed(std::int64_t usPerSecond);
    void apply(const engine::Command& command);
    void watchFrame(FrameIndex frame);
    /// Publishes now with a fresh page map and /proc texts (a view became visible).
    void refresh();

private:
    void runBatch();
    void schedule(int delayMs);
    /// One engine step with sampling; false when the run cannot continue.
    bool stepOnce();
    void publish(bool fresh);
    void recordSample();

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
    qint64 m_pageMapAtNs = -1;
    Tick m_pageMapAt = -1;
    int m_pageMapCellsUsed = 0;
    std::shared_ptr<const ProcTexts> m_procTexts;
    qint64 m_procTextsAtNs = -1;
    Tick m_procTextsAt = -1;
    FrameIndex m_watched = engine::kNoFrame;
    Tick m_watchedSince = 0;
    std::uint8_t m_watchedFrom = 0;

    std::atomic<int> m_pageMapCells { 0 };
    std::atomic<bool> m_procTextsWanted { false };
    std::atomic<bool> m_stopRequested { false };
};

} // namespace rlab::ui
