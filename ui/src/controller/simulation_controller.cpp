// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulation_controller.h"

#include "lesson_text.h"
#include "simulation_worker.h"
#include "speed.h"

#include <rlab/engine/simulator.h>

#include <QFile>
#include <QMetaObject>
#include <QTimer>

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
    post([w = m_worker, speed = Speed::usPerSecond(m_speedIndex)] { w->setSpeed(speed); });

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

template<typename F>
void SimulationController::post(F&& function)
{
    // NOTE: the command travels in the worker's own queue (a std::mutex), and the queued call that
    // wakes the worker carries no data. A lambda posted with QMetaObject::invokeMethod() is written here
    // and read on the worker thread, ordered only by Qt's event-queue lock, which ThreadSanitizer cannot
    // see inside an uninstrumented Qt: every command was reported as a data race.
    m_worker->enqueue(std::function<void()>(std::forward<F>(function)));
    QMetaObject::invokeMethod(m_worker, "runCommands", Qt::QueuedConnection);
}

QString SimulationController::openScenarioFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1: cannot read: %2").arg(path, file.errorString());
    return openScenarioText(file.readAll(), path, path);
}

QString SimulationController::openScenarioText(
    const QByteArray& json, const QString& label, const QString& path)
{
    engine::ParseResult parsed = engine::parseScenario(json.toStdString());
    if (!parsed.scenario)
        return label + QStringLiteral(": ") + QString::fromStdString(parsed.error);
    if (auto error = engine::Simulator::validate(*parsed.scenario))
        return label + QStringLiteral(": ") + QString::fromStdString(*error);
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
    if (auto error = engine::Simulator::validate(parsed.lesson->scenario))
        return label + QStringLiteral(": ") + QString::fromStdString(*error);
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
    post([w = m_worker, index] { w->beginLessonStep(index); });
}

void SimulationController::runLessonStep()
{
    if (!m_lesson)
        return;
    m_running = true;
    post([w = m_worker, c = ++m_controlSent] {
        w->setControlSerial(c);
        w->runLessonStep();
    });
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

void SimulationController::startRun()
{
    ++m_runId;
    m_liveChanges.clear();
    m_worker->clearSysctls();
    m_sysctlAwaited = 0;
    m_mailbox.clear();
    auto fresh = std::make_shared<Snapshot>();
    fresh->runId = m_runId;
    m_latest = std::move(fresh);
    const bool running = m_running;
    m_runIdForWorker.store(m_runId);
    post([w = m_worker, scenario = m_scenario, seed = m_seed, runId = m_runId, running, lesson = m_lesson,
             c = ++m_controlSent] {
        w->setControlSerial(c);
        w->pause();
        w->load(scenario, seed, runId);
        if (lesson)
            w->setLesson(lesson);
        if (running)
            w->run();
    });
    Q_EMIT runStarted();
    if (m_lesson)
        Q_EMIT lessonStarted();
}

void SimulationController::run()
{
    if (!m_scenario)
        return;
    m_running = true;
    post([w = m_worker, c = ++m_controlSent] {
        w->setControlSerial(c);
        w->run();
    });
    Q_EMIT runStateChanged(true);
}

void SimulationController::pause()
{
    m_running = false;
    post([w = m_worker, c = ++m_controlSent] {
        w->setControlSerial(c);
        w->pause();
    });
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
    post([w = m_worker, steps, c = ++m_controlSent] {
        w->setControlSerial(c);
        w->step(steps);
    });
}

void SimulationController::stop()
{
    if (!m_scenario)
        return;
    m_running = false;
    startRun();
    Q_EMIT runStateChanged(false);
}

void SimulationController::restart()
{
    if (!m_scenario)
        return;
    startRun();
    Q_EMIT runStateChanged(m_running);
}

void SimulationController::setSpeedIndex(int index)
{
    index = Speed::clampIndex(index);
    if (index == m_speedIndex)
        return;
    m_speedIndex = index;
    post([w = m_worker, speed = Speed::usPerSecond(index)] { w->setSpeed(speed); });
    Q_EMIT speedChanged(index);
}

void SimulationController::apply(const engine::Command& command)
{
    post([w = m_worker, command] { w->apply(command); });
}

void SimulationController::setSysctl(const std::string& name, std::vector<std::int64_t> values)
{
    m_sysctlAwaited = ++m_sysctlSent;
    m_sysctlSentAt.start();
    if (m_worker->queueSysctl(name, std::move(values), m_sysctlSent, m_runId))
        post([w = m_worker] { w->applySysctls(); }); // a paused worker applies it from its event loop
    // The worker applies the write between two steps, usually within a few µs: take its snapshot now, so
    // that the frame that draws the slider at its new place also draws the engine's new watermarks. A
    // long engine step (deep reclaim on a big machine takes milliseconds) makes this wait at most
    // kSliderWait; then the next frame ticks wait again.
    if (m_mailbox.waitForSysctl(m_runId, m_sysctlAwaited, kSliderWait))
        pullSnapshot();
}

void SimulationController::watchFrame(FrameIndex frame)
{
    post([w = m_worker, frame] { w->watchFrame(frame); });
}

void SimulationController::setPageMapCells(int cells)
{
    m_worker->setPageMapCells(cells);
    post([w = m_worker] { w->refresh(); });
}

void SimulationController::setProcTextsWanted(bool wanted)
{
    m_worker->setProcTextsWanted(wanted);
    if (wanted)
        post([w = m_worker] { w->refresh(); });
}

void SimulationController::tick()
{
    pullSnapshot();
    Q_EMIT frameTick();
}

bool SimulationController::pullSnapshot()
{
    if (m_sysctlAwaited > 0) {
        // A slider write the worker has not confirmed yet (it was inside a long step when setSysctl()
        // waited): wait for it again, so that this frame shows it if it can.
        constexpr qint64 kGiveUpMs = 250;
        if (m_sysctlSentAt.elapsed() > kGiveUpMs)
            m_sysctlAwaited = 0;
        else
            m_mailbox.waitForSysctl(m_runId, m_sysctlAwaited, kSliderWait);
    }
    SnapshotPtr snapshot = m_mailbox.take();
    if (!snapshot || snapshot->runId != m_runId)
        return false;
    if (snapshot->sysctlSerial >= m_sysctlAwaited)
        m_sysctlAwaited = 0;
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
