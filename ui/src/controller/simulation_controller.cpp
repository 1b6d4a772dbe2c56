// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulation_controller.h"

#include "lesson_text.h"
#include "simulation_worker.h"
#include "speed.h"

#include <rlab/engine/simulator.h>

#include <QFile>
#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <iterator>
#include <limits>

namespace rlab::ui {

SimulationController::SimulationController(QObject* parent)
    : QObject(parent)
    , m_pullTimer(new QTimer(this))
    , m_speedIndex(Speed::kDefault)
    , m_latest(std::make_shared<const Snapshot>())
{
    m_thread.setObjectName(QStringLiteral("rlab-simulation"));
    m_worker = new SimulationWorker(m_mailbox);
    m_worker->setLessonCallback([this](engine::LessonStepOutcome outcome) {
        // Worker thread: hand the outcome to the GUI thread.
        QMetaObject::invokeMethod(
            this,
            [this, runId = m_runIdForWorker.load(), outcome = std::move(outcome)] {
                if (runId == m_runId)
                    Q_EMIT lessonStepFinished(outcome);
            },
            Qt::QueuedConnection);
    });
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    post(cmd::SetSpeed { Speed::usPerSecond(m_speedIndex) });

    m_pullTimer->setTimerType(Qt::PreciseTimer);
    m_pullTimer->setInterval(kFrameIntervalMs);
    connect(m_pullTimer, &QTimer::timeout, this, &SimulationController::tick);
    m_pullTimer->start();
}

SimulationController::~SimulationController()
{
    m_pullTimer->stop();
    m_worker->requestStop();
    m_thread.quit();
    m_thread.wait();
}

void SimulationController::post(WorkerCommand command, std::uint64_t controlSerial)
{
    // NOTE: the command travels in the worker's own queue (a std::mutex), and the queued call that
    // wakes the worker carries no data. A lambda posted with QMetaObject::invokeMethod() is written here
    // and read on the worker thread, ordered only by Qt's event-queue lock, which ThreadSanitizer cannot
    // see inside an uninstrumented Qt: every command was reported as a data race.
    // A non-empty queue already has a wake-up on its way (CommandQueue::push()), so a slider drag does
    // not flood the worker's event queue.
    if (m_worker->enqueue({ std::move(command), controlSerial }))
        QMetaObject::invokeMethod(m_worker, "runCommands", Qt::QueuedConnection);
}

void SimulationController::postControl(WorkerCommand command)
{
    post(std::move(command), ++m_controlSent);
}

QString SimulationController::openScenarioFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1: cannot read: %2").arg(path, file.errorString());
    return openScenarioText(file.readAll(), path, path);
}

QString SimulationController::validate(const engine::Scenario& scenario, std::uint64_t memoryLimit)
{
    if (auto error = engine::Simulator::validate(scenario, std::numeric_limits<std::uint64_t>::max()))
        return QString::fromStdString(*error);
    if (auto error = engine::Simulator::checkMemoryLimit(scenario, memoryLimit))
        return tr("%1, or raise the limit with --memory-limit SIZE").arg(QString::fromStdString(*error));
    return {};
}

QString SimulationController::openScenarioText(
    const QByteArray& json, const QString& label, const QString& path)
{
    engine::ParseResult parsed = engine::parseScenario(json.toStdString());
    if (!parsed.scenario)
        return label + QStringLiteral(": ") + QString::fromStdString(parsed.error);
    if (const QString error = validate(*parsed.scenario, m_memoryLimit); !error.isEmpty())
        return label + QStringLiteral(": ") + error;
    loadScenario(std::move(*parsed.scenario), path);
    return {};
}

QString SimulationController::openLessonFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1: cannot read: %2").arg(path, file.errorString());
    return openLessonText(file.readAll(), path, path);
}

QString SimulationController::openLessonText(
    const QByteArray& json, const QString& label, const QString& path)
{
    engine::LessonParseResult parsed = engine::parseLesson(json.toStdString());
    if (!parsed.lesson)
        return label + QStringLiteral(": ") + QString::fromStdString(parsed.error);
    if (const QString error = validate(parsed.lesson->scenario, m_memoryLimit); !error.isEmpty())
        return label + QStringLiteral(": ") + error;
    auto lesson = std::make_shared<const engine::Lesson>(std::move(*parsed.lesson));
    m_seed = lesson->scenario.seed;
    engine::Scenario scenario = lesson->scenario;
    // The window title and memory view name the lesson in the UI language.
    scenario.name = lesson->title.in(lessonLanguage().toStdString());
    m_scenario = std::make_shared<const engine::Scenario>(std::move(scenario));
    m_path = path;
    m_lesson = std::move(lesson);
    m_running = false; // a lesson runs step by step
    startRun();
    Q_EMIT runStateChanged(m_running);
    return {};
}

void SimulationController::beginLessonStep(std::size_t index)
{
    if (!m_lesson)
        return;
    post(cmd::BeginLessonStep { index });
}

void SimulationController::runLessonStep()
{
    if (!m_lesson)
        return;
    m_running = true;
    postControl(cmd::RunLessonStep {});
    Q_EMIT runStateChanged(true);
}

void SimulationController::loadScenario(engine::Scenario scenario, const QString& path)
{
    m_lesson.reset();
    m_seed = scenario.seed;
    m_scenario = std::make_shared<const engine::Scenario>(std::move(scenario));
    m_path = path;
    m_running = m_runOnLoad;
    startRun();
    Q_EMIT runStateChanged(m_running);
}

engine::Scenario SimulationController::sessionScenario() const
{
    engine::Scenario out = m_scenario ? *m_scenario : engine::Scenario {};
    // Changes made during a replay came after the replayed ones in the list, not in time.
    std::vector<engine::TimedCommand> changes = m_liveChanges;
    std::stable_sort(changes.begin(), changes.end(),
        [](const engine::TimedCommand& a, const engine::TimedCommand& b) { return a.at < b.at; });
    std::vector<engine::TimedCommand> merged;
    merged.reserve(out.events.size() + changes.size());
    // At one instant the scenario's own events go first, as they did in the recorded run.
    std::merge(out.events.begin(), out.events.end(), changes.begin(), changes.end(),
        std::back_inserter(merged),
        [](const engine::TimedCommand& a, const engine::TimedCommand& b) { return a.at < b.at; });
    out.events = std::move(merged);
    return out;
}

void SimulationController::startRun(LiveChanges changes)
{
    ++m_runId;
    std::shared_ptr<const engine::Scenario> toRun = m_scenario;
    // A lesson's steps drive its run; its live changes are not replayed.
    if (changes == LiveChanges::Replay && !m_lesson && !m_liveChanges.empty()) {
        std::stable_sort(m_liveChanges.begin(), m_liveChanges.end(),
            [](const engine::TimedCommand& a, const engine::TimedCommand& b) { return a.at < b.at; });
        toRun = std::make_shared<engine::Scenario>(sessionScenario());
        m_replayed = m_liveChanges.size();
    } else {
        m_liveChanges.clear();
        m_replayed = 0;
    }
    m_mailbox.clear();
    auto fresh = std::make_shared<Snapshot>();
    fresh->runId = m_runId;
    m_latest = std::move(fresh);
    m_runIdForWorker.store(m_runId);
    // Commands queued before this one still reach the old run (a slider write there is harmless: the
    // new run starts from the scenario's values).
    postControl(cmd::Load { std::move(toRun), m_seed, m_memoryLimit, m_runId, m_lesson, m_running });
    Q_EMIT runStarted();
    if (m_lesson)
        Q_EMIT lessonStarted();
}

void SimulationController::run()
{
    if (!m_scenario)
        return;
    m_running = true;
    postControl(cmd::Run {});
    Q_EMIT runStateChanged(true);
}

void SimulationController::pause()
{
    m_running = false;
    postControl(cmd::Pause {});
    Q_EMIT runStateChanged(false);
}

void SimulationController::togglePause()
{
    if (m_running)
        pause();
    else
        run();
}

void SimulationController::step(int steps)
{
    if (m_running)
        pause();
    postControl(cmd::Step { steps });
}

void SimulationController::seek(Tick at)
{
    if (!m_scenario || m_lesson)
        return;
    m_running = false;
    postControl(cmd::Seek { at });
    Q_EMIT runStateChanged(false);
}

void SimulationController::resumeFromHere(bool keepLaterChanges)
{
    post(cmd::Resume { keepLaterChanges });
}

void SimulationController::runTo(RunTarget target)
{
    if (!m_scenario || m_lesson)
        return;
    m_running = true;
    postControl(cmd::RunTo { target });
    Q_EMIT runStateChanged(true);
}

void SimulationController::stop(LiveChanges changes)
{
    if (!m_scenario)
        return;
    m_running = false;
    startRun(changes);
    Q_EMIT runStateChanged(false);
}

void SimulationController::restart(LiveChanges changes)
{
    if (!m_scenario)
        return;
    startRun(changes);
    Q_EMIT runStateChanged(m_running);
}

void SimulationController::setSpeedIndex(int index)
{
    index = Speed::clampIndex(index);
    if (index == m_speedIndex)
        return;
    m_speedIndex = index;
    post(cmd::SetSpeed { Speed::usPerSecond(index) });
    Q_EMIT speedChanged(index);
}

void SimulationController::apply(const engine::Command& command)
{
    post(cmd::Apply { command });
}

std::uint64_t SimulationController::setSysctl(const std::string& name, std::vector<std::int64_t> values)
{
    // Returns at once: the worker applies the write between two steps (usually within microseconds,
    // after a long engine step at worst), and a later frame shows it. The slider holds its value till then.
    const std::uint64_t serial = ++m_sysctlSent;
    post(cmd::WriteSysctl { name, std::move(values), serial });
    return serial;
}

void SimulationController::runOnWorker(std::function<void()> function)
{
    post(cmd::Invoke { std::move(function) });
}

void SimulationController::watchFrame(FrameIndex frame)
{
    post(cmd::WatchFrame { frame });
}

void SimulationController::setPageMapCells(int cells)
{
    post(cmd::SetPageMapCells { cells });
}

void SimulationController::setProcTextsWanted(bool wanted, bool buddy)
{
    post(cmd::SetProcTextsWanted { wanted, buddy });
}

void SimulationController::tick()
{
    pullSnapshot();
    Q_EMIT frameTick();
}

bool SimulationController::pullSnapshot()
{
    SnapshotPtr snapshot = m_mailbox.take(); // never waits for the worker, only for its pointer swap
    if (!snapshot || snapshot->runId != m_runId)
        return false;
    if (snapshot->rewoundTo) { // the changes of this run made after that moment are gone or come again
        const Tick cut = *snapshot->rewoundTo;
        const auto first =
            m_liveChanges.begin() + static_cast<std::ptrdiff_t>(std::min(m_replayed, m_liveChanges.size()));
        m_liveChanges.erase(std::remove_if(first, m_liveChanges.end(),
                                [cut](const engine::TimedCommand& c) { return c.at > cut; }),
            m_liveChanges.end());
        Q_EMIT historyRewound(cut);
    }
    for (const auto& applied : snapshot->appliedCommands) {
        // A dragged slider writes many values at one instant: the session keeps the last one.
        const auto* set = std::get_if<engine::SetSysctl>(&applied.command);
        if (set && !m_liveChanges.empty() && m_liveChanges.back().at == applied.at) {
            const auto* last = std::get_if<engine::SetSysctl>(&m_liveChanges.back().command);
            if (last && last->write.name == set->write.name)
                m_liveChanges.pop_back();
        }
        m_liveChanges.push_back(applied);
    }
    m_latest = std::move(snapshot);
    for (const auto& error : m_latest->commandErrors)
        Q_EMIT commandFailed(QString::fromStdString(error));
    if (m_latest->controlSerial == m_controlSent && m_latest->running != m_running) {
        // The worker has seen every run/pause we sent and still differs: the run ended by itself
        // (the simulation stopped, or an engine error).
        m_running = m_latest->running;
        Q_EMIT runStateChanged(m_running);
    }
    Q_EMIT snapshotPublished();
    return true;
}

} // namespace rlab::ui
