// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulation_worker.h"

#include "snapshot_mailbox.h"

#include <rlab/engine/state.h>

#include <QTimer>

#include <algorithm>
#include <exception>
#include <limits>
#include <type_traits>
#include <utility>

namespace rlab::ui {

namespace {

using engine::Simulator;

constexpr qint64 kPageMapIntervalNs = 50'000'000; // 20 page maps per second at most
constexpr Pages kPageMapSliceFrames = 65536; // about 50 µs of page-map work between two steps
constexpr qint64 kProcTextIntervalNs = 250'000'000; // /proc texts four times a second
constexpr std::size_t kMaxWatchedHistory = 2000;

} // namespace

SimulationWorker::SimulationWorker(SnapshotMailbox& mailbox, QObject* parent)
    : QObject(parent)
    , m_mailbox(mailbox)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SimulationWorker::runBatch);
    m_wall.start();
}

SimulationWorker::~SimulationWorker()
{
    // NOTE: pairs with requestStop(). The worker is deleted on its own thread (deleteLater when the thread
    // finishes), after the GUI thread's last call. Qt's event queue orders the two, but ThreadSanitizer
    // cannot see inside Qt and reported the delete as a race with that call: this acquire shows the order.
    [[maybe_unused]] const bool stopped = m_stopRequested.load(std::memory_order_acquire);
}

void SimulationWorker::requestStop()
{
    m_stopRequested.store(true, std::memory_order_release);
}

void SimulationWorker::runCommands()
{
    while (true) {
        // Slider writes in a row are applied together and published once.
        if (std::vector<cmd::WriteSysctl> writes = m_commands.popLeadingSysctlWrites(); !writes.empty()) {
            applySysctlWrites(std::move(writes));
            continue;
        }
        std::optional<QueuedCommand> next = m_commands.pop();
        if (!next)
            return;
        if (next->controlSerial != 0)
            m_controlSerial = next->controlSerial;
        execute(next->command);
    }
}

void SimulationWorker::execute(WorkerCommand& command)
{
    std::visit(
        [this](auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cmd::Load>) {
                load(c);
            } else if constexpr (std::is_same_v<T, cmd::Run>) {
                run();
            } else if constexpr (std::is_same_v<T, cmd::Pause>) {
                pause();
            } else if constexpr (std::is_same_v<T, cmd::Step>) {
                step(c.steps);
            } else if constexpr (std::is_same_v<T, cmd::RunTo>) {
                runTo(c.target);
            } else if constexpr (std::is_same_v<T, cmd::SetSpeed>) {
                setSpeed(c.usPerSecond);
            } else if constexpr (std::is_same_v<T, cmd::Apply>) {
                apply(c.command);
            } else if constexpr (std::is_same_v<T, cmd::WriteSysctl>) {
                std::vector<cmd::WriteSysctl> writes;
                writes.push_back(std::move(c));
                applySysctlWrites(std::move(writes));
            } else if constexpr (std::is_same_v<T, cmd::WatchFrame>) {
                watchFrame(c.frame);
            } else if constexpr (std::is_same_v<T, cmd::SetPageMapCells>) {
                m_pageMapCells = c.cells;
                refresh();
            } else if constexpr (std::is_same_v<T, cmd::SetProcTextsWanted>) {
                m_procTextsWanted = c.wanted;
                m_buddyWanted = c.buddy;
                if (c.wanted)
                    refresh();
            } else if constexpr (std::is_same_v<T, cmd::Refresh>) {
                refresh();
            } else if constexpr (std::is_same_v<T, cmd::BeginLessonStep>) {
                beginLessonStep(c.index);
            } else if constexpr (std::is_same_v<T, cmd::RunLessonStep>) {
                runLessonStep();
            } else if constexpr (std::is_same_v<T, cmd::Seek>) {
                seek(c.at);
            } else if constexpr (std::is_same_v<T, cmd::Resume>) {
                resume(c.keepLaterChanges);
            } else {
                static_assert(std::is_same_v<T, cmd::Invoke>);
                if (c.function)
                    c.function();
            }
        },
        command);
}

void SimulationWorker::load(const cmd::Load& request)
{
    pause();
    m_scenario = request.scenario;
    m_runId = request.runId;
    m_serial = 0;
    m_broken = false;
    m_engineError.clear();
    m_applied.clear();
    m_errors.clear();
    m_pageMap.reset();
    m_mapBuilder.reset();
    m_pageMapIntervalNs = kPageMapIntervalNs;
    m_procTexts.reset();
    m_pageMapAt = m_procTextsAt = -1;
    m_watched = engine::kNoFrame;
    m_lesson.reset();
    m_lessonRunning = false;
    m_heldEvents.clear();
    m_recorder.reset();
    m_endAt = request.lesson ? std::nullopt : request.scenario->duration; // a lesson's steps set its runs
    m_runTo.reset();
    m_reachedEnd = false;
    m_liveLog.clear();
    m_logPos = 0;
    m_checkpoints.clear();
    m_checkpointBytes = 0;
    m_checkpointEvery = kFirstCheckpointInterval;
    m_headAt = 0;
    m_rewoundTo.reset();
    m_memoryLimit = request.memoryLimit;
    m_seed = request.seed;
    try {
        m_sim = std::make_unique<Simulator>(*m_scenario, request.seed, request.memoryLimit);
        m_sim->pageTrace().enable(true);
        // The recorder takes the sample at t = 0 and the boot events.
        m_recorder = std::make_unique<engine::Recorder>(*m_sim, *m_scenario, kSampleInterval);
    } catch (const std::exception& e) {
        m_recorder.reset();
        m_sim.reset();
        m_broken = true;
        m_engineError = e.what();
    }
    if (m_recorder) {
        m_bootEvents = m_recorder->takeEvents();
        m_heldEvents = m_bootEvents;
        takeCheckpoint();
    }
    m_debtUs = 0.0;
    m_lastWallNs = m_wall.nsecsElapsed();
    publish(kFreshAll);
    if (request.lesson)
        setLesson(request.lesson);
    if (request.run)
        run();
}

void SimulationWorker::run()
{
    if (m_running)
        return;
    // Continue: once the duration was shown, or stepped past, the run goes on without an end.
    if (m_reachedEnd || (m_endAt && m_sim && m_sim->now() >= *m_endAt))
        m_endAt.reset();
    m_reachedEnd = false;
    m_running = true;
    m_debtUs = 0.0;
    m_lastWallNs = m_wall.nsecsElapsed();
    schedule(0);
    publish(kFreshNone);
}

void SimulationWorker::pause()
{
    m_runTo.reset();
    if (!m_running)
        return;
    m_running = false;
    m_timer->stop();
    publish(kFreshAll);
}

void SimulationWorker::step(int steps)
{
    if (!m_sim)
        return;
    m_reachedEnd = false; // the banner describes where the run paused, not where a step goes
    for (int i = 0; i < steps; ++i) {
        if (!stepOnce())
            break;
    }
    publish(kFreshAll);
}

void SimulationWorker::runTo(RunTarget target)
{
    if (!m_sim || m_broken || m_sim->stopped() || m_lesson)
        return; // a lesson's steps drive its runs
    RunToRequest r;
    r.target = target;
    const Tick now = m_sim->now();
    r.limit = now + RunToRequest::kLimit;
    if (m_endAt && *m_endAt > now)
        r.limit = std::min(r.limit, *m_endAt);
    const auto want = [&r](engine::EventKind kind) { r.kinds[static_cast<std::size_t>(kind)] = true; };
    switch (target) {
    case RunTarget::KswapdWake:
        want(engine::EventKind::KswapdWake);
        break;
    case RunTarget::KswapdSleep:
        want(engine::EventKind::KswapdSleep);
        break;
    case RunTarget::DirectReclaim:
        want(engine::EventKind::DirectReclaimBegin);
        break;
    case RunTarget::OomKill:
        want(engine::EventKind::OomKill);
        break;
    case RunTarget::ScenarioEvent: {
        // Timed events apply at the step that starts at their time; those at `now` already have.
        const auto& events = m_scenario->events;
        const auto next = std::upper_bound(events.begin(), events.end(), now,
            [](Tick t, const engine::TimedCommand& e) { return t < e.at; });
        if (next == events.end()) {
            m_runTo = r;
            finishRunTo(false, now);
            publish(kFreshAll);
            return;
        }
        r.eventAt = next->at;
        r.limit = std::max(r.limit, next->at + Simulator::kStep);
        break;
    }
    }
    // Events of earlier steps do not count: they go to the log with the next snapshot.
    holdEvents(m_recorder->takeEvents());
    m_runTo = r;
    if (m_running) {
        m_debtUs = 0.0;
        schedule(0);
        publish(kFreshNone);
    } else {
        run();
    }
}

bool SimulationWorker::runToReached()
{
    std::vector<engine::Event> events = m_recorder->takeEvents();
    std::optional<Tick> hit;
    for (const auto& e : events) {
        if (!hit && m_runTo->kinds[static_cast<std::size_t>(e.kind())])
            hit = e.at;
    }
    holdEvents(std::move(events));
    const Tick now = m_sim->now();
    if (m_runTo->eventAt && now > *m_runTo->eventAt)
        hit = *m_runTo->eventAt;
    if (hit) {
        finishRunTo(true, *hit);
        return true;
    }
    if (now >= m_runTo->limit || m_sim->stopped()) {
        finishRunTo(false, now);
        return true;
    }
    return false;
}

void SimulationWorker::finishRunTo(bool found, Tick at)
{
    m_runToOutcome.serial += 1;
    m_runToOutcome.target = m_runTo->target;
    m_runToOutcome.found = found;
    m_runToOutcome.at = at;
    m_runTo.reset();
    m_running = false;
    m_timer->stop();
}

void SimulationWorker::setSpeed(std::int64_t usPerSecond)
{
    m_speed = usPerSecond;
    m_debtUs = 0.0;
    m_lastWallNs = m_wall.nsecsElapsed();
    if (m_running)
        schedule(0);
}

bool SimulationWorker::applyCommand(const engine::Command& command)
{
    if (!m_sim) {
        m_errors.emplace_back("no scenario is loaded");
        return false;
    }
    if (m_sim->now() < m_headAt)
        resume(false); // a change made in the past starts a new history from there
    std::optional<std::string> error;
    try {
        error = m_sim->apply(command);
    } catch (const std::exception& e) {
        error = std::string("engine error: ") + e.what();
    }
    if (error) {
        m_errors.push_back(*error);
        return false;
    }
    // A slider sends many writes at one instant: the session keeps only the last of them.
    const auto* set = std::get_if<engine::SetSysctl>(&command);
    const auto replaces = [&](const std::vector<engine::TimedCommand>& changes) {
        if (!set || changes.empty() || changes.back().at != m_sim->now())
            return false;
        const auto* last = std::get_if<engine::SetSysctl>(&changes.back().command);
        return last && last->write.name == set->write.name;
    };
    if (replaces(m_applied))
        m_applied.pop_back();
    m_applied.push_back({ m_sim->now(), command });
    // The session log: a later change of the old history (kept by a resume) gives way to this one.
    m_liveLog.resize(m_logPos);
    if (replaces(m_liveLog))
        m_liveLog.pop_back();
    m_liveLog.push_back({ m_sim->now(), command });
    m_logPos = m_liveLog.size();
    // Watermarks and sizes jump on the plots at once, even while paused.
    m_recorder->sampleNow();
    return true;
}

void SimulationWorker::apply(const engine::Command& command)
{
    applyCommand(command);
    // The page map follows on its own clock: a command changes few frames at once.
    publish(kFreshTexts);
}

void SimulationWorker::applySysctlWrites(std::vector<cmd::WriteSysctl> writes)
{
    if (writes.empty())
        return;
    for (auto& w : writes) {
        applyCommand(engine::SetSysctl { engine::SysctlWrite { std::move(w.name), std::move(w.values) } });
        // Also a refused write counts as handled: its error and the engine's value are in the snapshot.
        m_sysctlSerial = std::max(m_sysctlSerial, w.serial);
    }
    publish(kFreshTexts);
}

void SimulationWorker::watchFrame(FrameIndex frame)
{
    if (!m_sim)
        return;
    m_sim->pageTrace().watch(frame);
    m_watched = m_sim->frames().managed(frame) ? frame : engine::kNoFrame;
    m_watchedSince = m_sim->now();
    if (m_watched != engine::kNoFrame)
        m_watchedFrom = static_cast<std::uint8_t>(m_sim->frames().stateOf(m_watched));
    publish(kFreshNone);
}

void SimulationWorker::refresh()
{
    publish(kFreshAll);
}

void SimulationWorker::schedule(int delayMs)
{
    if (m_stopRequested.load())
        return;
    m_timer->start(std::max(delayMs, 0));
}

bool SimulationWorker::stepOnce()
{
    if (!m_recorder || m_broken || m_sim->stopped())
        return false;
    if (m_running && m_endAt && m_sim->now() >= *m_endAt) { // a Step past the end just steps
        m_reachedEnd = true;
        return false;
    }
    if (m_sim->now() < m_headAt)
        resume(true); // stepping on from the past: the later live changes happen again
    replayDueChanges(true);
    try {
        m_recorder->step();
    } catch (const std::exception& e) {
        // NOTE: an engine assertion leaves the machine half-updated; the run ends here and the GUI
        // shows the message, but the app keeps working (another scenario can be opened).
        m_broken = true;
        m_engineError = e.what();
        m_running = false;
        return false;
    }
    m_headAt = std::max(m_headAt, m_sim->now());
    if (!m_checkpoints.empty() && m_sim->now() >= m_checkpoints.back().at + m_checkpointEvery)
        takeCheckpoint();
    if (m_runTo && runToReached())
        return false;
    if (m_lesson) {
        // The lesson sees every step's events (a stop can be "the next kswapd_wake").
        passEventsToLesson();
        if (m_lessonRunning && m_lesson->runOver(*m_sim)) {
            finishLessonStep();
            return false;
        }
    }
    return !m_sim->stopped();
}

void SimulationWorker::takeCheckpoint()
{
    if (!m_sim || !m_recorder || m_sim->stopped() || m_broken)
        return;
    Checkpoint checkpoint { m_sim->now(), engine::saveState(*m_sim, { {}, m_seed, m_recorder->counters() }),
        m_logPos };
    m_checkpointBytes += checkpoint.state.size();
    m_checkpoints.push_back(std::move(checkpoint));
    // Over the budget: every other checkpoint goes (t = 0 stays) and they come half as often.
    while (m_checkpointBytes > kCheckpointBudget && m_checkpoints.size() > 2) {
        std::vector<Checkpoint> kept;
        m_checkpointBytes = 0;
        for (std::size_t i = 0; i < m_checkpoints.size(); ++i) {
            if (i % 2 == 0 || i + 1 == m_checkpoints.size()) {
                m_checkpointBytes += m_checkpoints[i].state.size();
                kept.push_back(std::move(m_checkpoints[i]));
            }
        }
        m_checkpoints = std::move(kept);
        m_checkpointEvery *= 2;
    }
}

void SimulationWorker::replayDueChanges(bool report)
{
    while (m_logPos < m_liveLog.size() && m_liveLog[m_logPos].at <= m_sim->now()) {
        const engine::TimedCommand& change = m_liveLog[m_logPos++];
        if (auto error = m_sim->apply(change.command))
            m_errors.push_back(*error);
        m_recorder->sampleNow(); // as when it was made: the recorder's totals stay those of the first time
        if (report)
            m_applied.push_back(change);
    }
}

void SimulationWorker::adoptRestored()
{
    m_sim->pageTrace().enable(true);
    if (m_watched != engine::kNoFrame) {
        m_sim->pageTrace().watch(m_watched);
        m_watchedSince = m_sim->now();
        m_watchedFrom = static_cast<std::uint8_t>(m_sim->frames().stateOf(m_watched));
    }
    m_mapBuilder.reset();
    m_pageMap.reset();
    m_pageMapAt = m_procTextsAt = -1;
    m_pageMapAtNs = m_procTextsAtNs = -1;
}

void SimulationWorker::seek(Tick at)
{
    if (!m_sim || !m_recorder || m_lesson || m_checkpoints.empty())
        return;
    pause();
    publish(kFreshNone); // what happened before the seek is history the views keep
    at = std::clamp<Tick>(at, 0, m_headAt) / Simulator::kStep * Simulator::kStep;
    const auto after = std::upper_bound(
        m_checkpoints.begin(), m_checkpoints.end(), at, [](Tick t, const Checkpoint& c) { return t < c.at; });
    const Checkpoint& from = *std::prev(after);
    // Going forward within the checkpoint's stretch steps on from here; anything else restores.
    const bool stepOn = !m_broken && !m_sim->stopped() && m_sim->now() <= at && m_sim->now() >= from.at;
    if (!stepOn) {
        m_recorder.reset();
        m_sim.reset(); // first: a big machine must not be in memory twice
        engine::RestoredState restored = engine::restoreState(from.state, m_memoryLimit);
        if (!restored.sim) {
            m_broken = true;
            m_engineError = "cannot restore the checkpoint at "
                + std::to_string(from.at / engine::kTicksPerMs) + " ms: " + restored.error;
            publish(kFreshNone);
            return;
        }
        m_sim = std::move(restored.sim);
        m_recorder =
            std::make_unique<engine::Recorder>(*m_sim, *m_scenario, kSampleInterval, restored.run.recorder);
        m_logPos = from.logSize;
        m_broken = false;
        m_engineError.clear();
        adoptRestored();
    }
    constexpr std::uint64_t kDiscardEvery = 1000; // the replayed samples and events are known history
    try {
        for (std::uint64_t n = 1; m_sim->now() < at && !m_sim->stopped(); ++n) {
            replayDueChanges(false);
            m_recorder->step();
            if (n % kDiscardEvery == 0) {
                m_recorder->takeSamples();
                m_recorder->takeEvents();
            }
        }
        replayDueChanges(false); // the changes made at `at` itself
    } catch (const std::exception& e) {
        m_broken = true;
        m_engineError = e.what();
    }
    m_recorder->takeSamples();
    m_recorder->takeEvents();
    m_sim->pageTrace().drain(nullptr);
    m_reachedEnd = false;
    publish(kFreshAll);
}

void SimulationWorker::resume(bool keepLaterChanges)
{
    if (!m_sim || m_sim->now() >= m_headAt)
        return;
    const Tick now = m_sim->now();
    if (!keepLaterChanges)
        m_liveLog.resize(m_logPos);
    std::erase_if(m_checkpoints, [now](const Checkpoint& c) { return c.at > now; });
    m_checkpointBytes = 0;
    for (const Checkpoint& c : m_checkpoints)
        m_checkpointBytes += c.state.size();
    m_headAt = now;
    m_rewoundTo = now;
}

void SimulationWorker::runBatch()
{
    if (!m_running || !m_sim || m_stopRequested.load())
        return;
    const qint64 start = m_wall.nsecsElapsed();
    int steps = 0;
    bool more = true;
    // Slider writes at the front of the queue are applied right here between two steps, so the next
    // snapshot has them. Any other command ends the batch: it runs from the event loop (runCommands())
    // before the next batch, in its queue order.
    const auto interrupted = [this] {
        if (m_commands.waiting())
            applySysctlWrites(m_commands.popLeadingSysctlWrites());
        if (m_mapBuilder)
            advancePageMap(kPageMapSliceFrames);
        return m_commands.waiting() || m_stopRequested.load();
    };
    if (m_speed <= 0 || m_runTo) { // a run to a target goes at full speed
        while (m_wall.nsecsElapsed() - start < kBatchBudgetNs && !interrupted()) {
            if (!stepOnce()) {
                more = false;
                break;
            }
            ++steps;
        }
    } else {
        const qint64 elapsed = start - m_lastWallNs;
        m_lastWallNs = start;
        m_debtUs += static_cast<double>(elapsed) * static_cast<double>(m_speed) / 1e9;
        // A machine that cannot keep up runs as fast as it can instead of piling up debt.
        m_debtUs =
            std::min(m_debtUs, static_cast<double>(m_speed) * 0.25 + static_cast<double>(Simulator::kStep));
        while (m_debtUs >= static_cast<double>(Simulator::kStep) && !interrupted()) {
            if (!stepOnce()) {
                more = false;
                break;
            }
            ++steps;
            m_debtUs -= static_cast<double>(Simulator::kStep);
            if (m_wall.nsecsElapsed() - start >= kBatchBudgetNs)
                break;
        }
    }
    if (m_mapBuilder && m_speed > 0 && !m_runTo)
        advancePageMap(std::numeric_limits<Pages>::max()); // below full speed there is time to finish it
    if (!more || m_broken || m_sim->stopped())
        m_running = false;
    if (steps > 0 || !m_running)
        publish(m_running ? kFreshNone : kFreshAll);
    if (!m_running)
        return;
    if (m_speed <= 0 || m_runTo || m_debtUs >= static_cast<double>(Simulator::kStep)) {
        schedule(0);
    } else {
        const double missingUs = static_cast<double>(Simulator::kStep) - m_debtUs;
        const double waitMs = missingUs * 1000.0 / static_cast<double>(m_speed);
        schedule(std::clamp(static_cast<int>(waitMs), 1, 16));
    }
}

void SimulationWorker::setLesson(std::shared_ptr<const engine::Lesson> lesson)
{
    m_lessonRunning = false;
    m_lesson.reset();
    if (lesson && m_sim && !lesson->steps.empty()) {
        m_lesson = std::make_unique<engine::LessonSession>(std::move(lesson));
        m_lesson->observe(*m_sim, m_bootEvents); // swapon of the scenario's devices
        m_lesson->beginStep(0, *m_sim);
    }
    publish(kFreshNone);
}

void SimulationWorker::beginLessonStep(std::size_t index)
{
    if (!m_lesson || !m_sim)
        return;
    m_lessonRunning = false;
    passEventsToLesson(); // the previous step's last events still count for the run and the log
    m_lesson->beginStep(index, *m_sim);
    publish(kFreshNone);
}

void SimulationWorker::runLessonStep()
{
    if (!m_lesson || !m_sim || m_broken)
        return;
    // Events of live changes made since the step began (a task's sysctl write) count for this step.
    passEventsToLesson();
    m_lesson->startRun(*m_sim);
    if (m_lesson->runOver(*m_sim)) {
        finishLessonStep();
        publish(kFreshAll);
        return;
    }
    m_lessonRunning = true;
    run();
}

void SimulationWorker::holdEvents(std::vector<engine::Event>&& events)
{
    m_heldEvents.insert(
        m_heldEvents.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
}

void SimulationWorker::passEventsToLesson()
{
    // The snapshot gets them at the next publish.
    std::vector<engine::Event> events = m_recorder->takeEvents();
    m_lesson->observe(*m_sim, events);
    holdEvents(std::move(events));
}

void SimulationWorker::finishLessonStep()
{
    m_lessonRunning = false;
    m_running = false;
    engine::LessonStepOutcome outcome = m_lesson->finishStep(*m_sim);
    if (m_lessonCallback)
        m_lessonCallback(std::move(outcome));
}

void SimulationWorker::advancePageMap(Pages frames)
{
    if (!m_mapBuilder || !m_sim)
        return;
    const qint64 start = m_wall.nsecsElapsed();
    const bool done = m_mapBuilder->advance(*m_sim, frames);
    const qint64 end = m_wall.nsecsElapsed();
    m_mapScanNs += end - start;
    if (!done)
        return;
    m_pageMap = std::make_shared<const PageMapSnapshot>(m_mapBuilder->take());
    m_mapBuilder.reset();
    m_pageMapAtNs = end;
    m_pageMapAt = m_sim->now();
    m_pageMapCellsUsed = m_mapBuilderCells;
    // A big machine's map costs milliseconds: refresh it less often, so that it stays about a twentieth
    // of the worker's time (50 ms apart at least: 20 maps a second).
    m_pageMapIntervalNs = std::max(kPageMapIntervalNs, 20 * m_mapScanNs);
    m_mapScanNs = 0;
}

void SimulationWorker::publish(int fresh)
{
    auto s = std::make_shared<Snapshot>();
    s->runId = m_runId;
    s->serial = ++m_serial;
    s->running = m_running;
    s->reachedEnd = m_reachedEnd && !m_running;
    s->duration = m_endAt.value_or(0);
    s->runTo = m_runToOutcome;
    s->controlSerial = m_controlSerial;
    s->sysctlSerial = m_sysctlSerial;
    s->headAt = m_headAt;
    s->checkpoints = m_checkpoints.size();
    s->checkpointBytes = m_checkpointBytes;
    s->checkpointEvery = m_checkpointEvery;
    s->rewoundTo = m_rewoundTo;
    m_rewoundTo.reset();
    if (m_sim) {
        fillState(*s, *m_sim);
        if (m_lesson)
            s->lessonTaskDone = m_lesson->taskDone(*m_sim);
        try {
            s->events = std::move(m_heldEvents);
            m_heldEvents.clear();
            std::vector<engine::Event> more = m_recorder->takeEvents();
            s->events.insert(
                s->events.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
            bool dropped = false;
            s->pageEvents = m_sim->pageTrace().drain(&dropped);
            s->pageEventsDropped = dropped;
        } catch (const std::exception& e) {
            m_engineError = e.what();
        }
        const qint64 wall = m_wall.nsecsElapsed();
        const int cells = m_pageMapCells;
        const bool mapStale = m_pageMapAt != m_sim->now() || m_pageMapCellsUsed != cells;
        if (cells > 0 && mapStale && (fresh & kFreshMap)) {
            // Paused, loaded or a view appeared: the whole map now.
            m_mapBuilder = std::make_unique<PageMapBuilder>(*m_sim, cells);
            m_mapBuilderCells = cells;
            advancePageMap(std::numeric_limits<Pages>::max());
        } else if (cells > 0 && mapStale && !m_mapBuilder
            && (m_pageMapAtNs < 0 || wall - m_pageMapAtNs >= m_pageMapIntervalNs)) {
            // Running: the batch builds it a slice per step (advancePageMap) and a later snapshot has it.
            m_mapBuilder = std::make_unique<PageMapBuilder>(*m_sim, cells);
            m_mapBuilderCells = cells;
            m_mapScanNs = 0;
        }
        if (cells > 0)
            s->pageMap = m_pageMap;
        // Rendered again when the fragmentation view asks for what the last texts left out.
        const bool buddyMissing = m_buddyWanted && !(m_procTexts && m_procTexts->withBuddy);
        if (m_procTextsWanted && (m_procTextsAt != m_sim->now() || buddyMissing)
            && ((fresh & kFreshTexts) || buddyMissing || m_procTextsAtNs < 0
                || wall - m_procTextsAtNs >= kProcTextIntervalNs)) {
            try {
                m_procTexts = std::make_shared<const ProcTexts>(renderProcTexts(*m_sim, m_buddyWanted));
            } catch (const std::exception& e) {
                m_engineError = e.what();
            }
            m_procTextsAtNs = wall;
            m_procTextsAt = m_sim->now();
        }
        s->procTexts = m_procTexts;
        if (m_watched != engine::kNoFrame) {
            auto watched = std::make_shared<WatchedPage>();
            watched->frame = m_watched;
            watched->zone = zoneOfFrame(*m_sim, m_watched);
            watched->state = m_sim->frames().stateOf(m_watched);
            watched->flags = m_sim->frames().flags[m_watched];
            watched->since = m_watchedSince;
            const auto& history = m_sim->pageTrace().watchedHistory();
            const std::size_t first =
                history.size() > kMaxWatchedHistory ? history.size() - kMaxWatchedHistory : 0;
            watched->history.assign(history.begin() + static_cast<std::ptrdiff_t>(first), history.end());
            // NOTE: Simulator::watchFrame() restarts page tracing, which forgets where every frame was, so
            // the first recorded move says "from free". The state at selection time is the real origin.
            if (first == 0 && !watched->history.empty())
                watched->history.front().from = m_watchedFrom;
            s->watched = std::move(watched);
        }
    }
    if (!m_engineError.empty()) {
        s->stopped = true;
        s->stopReason = "engine error: " + m_engineError;
    }
    if (m_recorder) {
        s->samples = m_recorder->takeSamples();
        s->seriesLayout = m_recorder->layout();
    }
    s->appliedCommands = std::move(m_applied);
    m_applied.clear();
    s->commandErrors = std::move(m_errors);
    m_errors.clear();
    m_mailbox.publish(std::move(s));
}

} // namespace rlab::ui
