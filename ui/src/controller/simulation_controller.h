// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"
#include "snapshot_mailbox.h"

#include <rlab/engine/scenario.h>

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

class QTimer;

namespace rlab::ui {

class SimulationWorker;

/// The GUI thread's handle on the simulation (STYLE.md §3). Owns the worker thread, forwards commands to
/// the worker as queued calls, and pulls the newest snapshot every 16 ms: views read latest() after
/// snapshotPublished(). The live changes of the session are kept as timed commands for "Save as scenario".
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
    /// Starts a new run of an already validated scenario.
    void loadScenario(engine::Scenario scenario, const QString& path);

    void run();
    void pause();
    void togglePause();
    /// Advances `steps` steps of 100 µs and pauses.
    void step(int steps = 1);
    /// Pauses and rewinds to time 0 (the live changes of the run are forgotten).
    void stop();
    /// Rewinds to time 0 and keeps running if it was.
    void restart();
    void setSpeedIndex(int index);
    int speedIndex() const { return m_speedIndex; }
    /// Whether the run was asked to run (the worker may have stopped it: see Snapshot::running).
    bool isRunning() const { return m_running; }
    void setRunOnLoad(bool run) { m_runOnLoad = run; }

    /// A live change, applied at the next step boundary and recorded with its simulated time.
    void apply(const engine::Command& command);
    /// Slider writes: only the newest value of each sysctl reaches the worker (latest wins).
    void setSysctl(const std::string& name, std::vector<std::int64_t> values);

    void watchFrame(FrameIndex frame);
    /// The page-map view's cell budget (0: no page map is computed).
    void setPageMapCells(int cells);
    /// Whether a /proc text tab is visible (the texts are rendered only then).
    void setProcTextsWanted(bool wanted);

    /// The newest snapshot the GUI has taken (never nullptr after construction).
    SnapshotPtr latest() const { return m_latest; }
    const engine::Scenario* scenario() const { return m_scenario.get(); }
    QString scenarioPath() const { return m_path; }
    std::uint64_t seed() const { return m_seed; }
    /// The live changes applied in this run, in order, with their simulated times.
    const std::vector<engine::TimedCommand>& liveChanges() const { return m_liveChanges; }

    /// Takes a waiting snapshot now (the 16 ms timer does this otherwise). True when one was taken.
    bool pullSnapshot();

Q_SIGNALS:
    /// A new snapshot is in latest(). Its deltas (events, samples) are this snapshot's only.
    void snapshotPublished();
    /// A new run started (scenario loaded or rewound): views drop their history.
    void runStarted();
    void runStateChanged(bool running);
    void speedChanged(int index);
    void commandFailed(const QString& error);

private:
    template<typename F>
    void post(F&& function);
    void startRun();
    void applyPendingSysctls();

    SnapshotMailbox m_mailbox;
    QThread m_thread;
    SimulationWorker* m_worker = nullptr;
    QTimer* m_pullTimer = nullptr;

    std::shared_ptr<const engine::Scenario> m_scenario;
    QString m_path;
    std::uint64_t m_seed = 1;
    std::uint64_t m_runId = 0;
    std::uint64_t m_controlSent = 0; ///< run/pause/step/load requests posted to the worker
    bool m_running = false;
    bool m_runOnLoad = false;
    int m_speedIndex;
    SnapshotPtr m_latest;
    std::vector<engine::TimedCommand> m_liveChanges;

    std::mutex m_sysctlMutex;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> m_pendingSysctls;
};

} // namespace rlab::ui
