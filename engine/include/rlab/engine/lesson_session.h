// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running a lesson against the engine: step stops, the names lesson expressions read (probes), answers,
// checkpoints, tasks, and grading a student's answer. The app's worker drives a LessonSession beside its
// Simulator; runLesson() drives one headless (`reclaimlab-cli lesson check`, handouts, tests).

#include "rlab/engine/lesson.h"
#include "rlab/engine/simulator.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

/// Every engine event type a lesson may name.
const std::vector<std::string_view>& lessonEventTypes();

/// Checks a name an expression reads against the probe grammar (docs/lesson-format.md) and the
/// scenario (zones, processes). nullopt when fine, else what is wrong and the allowed forms.
std::optional<std::string> checkProbeName(std::string_view name, const Scenario& scenario);

/// What one step came to at its stop.
struct LessonStepOutcome
{
    std::size_t step = 0;
    Tick stoppedAt = 0;
    bool stopReached = true; ///< false: the run hit its limit or the simulation stopped first
    std::string stopProblem;
    std::optional<LessonValue> answer; ///< the engine's answer to the step's question
    std::string answerProblem; ///< why there is no answer, or why the engine disagrees with the file
    struct Check
    {
        bool ok = false;
        std::string detail; ///< the values behind it, or the evaluation error
    };
    std::vector<Check> checks;
    bool ok() const;
};

class LessonSession final : public ProbeSource
{
public:
    explicit LessonSession(std::shared_ptr<const Lesson> lesson);

    const Lesson& lesson() const { return *m_lesson; }
    std::size_t stepIndex() const { return m_step; }
    const LessonStep& step() const { return m_lesson->steps[m_step]; }

    /// Starts step `index`: its run is measured from now and its event tallies start empty.
    void beginStep(std::size_t index, const Simulator& sim);
    /// After every engine step, with the events that step recorded.
    void observe(const Simulator& sim, const std::vector<Event>& events);
    /// Whether the step's run condition holds now.
    bool conditionMet(const Simulator& sim) const;
    /// Starts the step's run: fixes the time at which it gives up (its limit, never past the scenario's
    /// duration; without a duration at most 10 minutes from now). A step with a "compare" forks its
    /// variant here: a copy of the machine with the variant's sysctls, stepped by observe() to the same
    /// time as the original and read by `variant.<name>`.
    void startRun(const Simulator& sim);
    /// Whether the run is over: its condition holds, it reached its limit, or the simulation stopped.
    bool runOver(const Simulator& sim) const;
    /// The step's variant now (nullptr: the step has none, or its run has not started).
    const Simulator* variant() const { return m_variantSim.get(); }
    /// Whether the student has made the step's task (true when it has none).
    bool taskDone(const Simulator& sim) const;
    /// Evaluates the step's question and checkpoints now; a run that ended short of its condition says
    /// why in stopProblem.
    LessonStepOutcome finishStep(const Simulator& sim);

    /// Evaluates an expression against the engine now.
    std::optional<LessonValue> evaluate(
        const Expression& expr, const Simulator& sim, std::string& error) const;
    std::optional<LessonValue> probe(std::string_view name, std::string& error) const override;

private:
    struct Tally
    {
        std::uint64_t count = 0;
        Event first;
        Event last;
        std::map<std::string, double, std::less<>> min;
        std::map<std::string, double, std::less<>> max;
        std::map<std::string, double, std::less<>> sum;
    };
    using Tallies = std::map<std::string, Tally, std::less<>>;
    static void add(Tallies& tallies, const Event& event);
    std::optional<LessonValue> probeEvents(
        const Tallies& tallies, std::string_view what, std::string_view rest, std::string& error) const;
    std::optional<LessonValue> probeZone(int node, std::string_view rest, std::string& error) const;
    std::optional<LessonValue> probeNode(int node, std::string_view rest, std::string& error) const;
    std::optional<LessonValue> probeProcess(std::string_view rest, std::string& error) const;
    std::optional<LessonValue> probeCgroup(std::string_view rest, std::string& error) const;
    void forkVariant(const Simulator& sim);

    std::shared_ptr<const Lesson> m_lesson;
    std::size_t m_step = 0;
    Tick m_stepStart = 0;
    Tick m_runLimit = 0;
    Tallies m_run;
    Tallies m_stepTallies;
    std::map<int, std::uint64_t> m_kswapdWakes; ///< by node
    std::vector<std::vector<Pages>> m_lowestFree; ///< [node][zone] since the start
    mutable const Simulator* m_sim = nullptr; ///< the simulator being probed, during evaluate()
    /// The step's variant (LessonCompare) and the session that tallies its events.
    std::unique_ptr<Simulator> m_variantSim;
    std::unique_ptr<LessonSession> m_variant;
    std::string m_variantProblem;
};

/// Grades a student's answer against the engine's. Number answers accept "1234", "1,234", "1234 pages".
bool gradeAnswer(const LessonQuestion& question, const LessonValue& truth, const std::string& studentAnswer);
/// The accepted range of a number question, for showing it ("1200 .. 1260").
std::pair<double, double> acceptedRange(const LessonQuestion& question, double truth);

/// A whole lesson run headless, every task made as asked.
struct LessonReport
{
    std::vector<LessonStepOutcome> steps;
    std::vector<std::string> problems; ///< every failed check, answer or stop, with its step
    bool ok() const { return problems.empty(); }
};
LessonReport runLesson(std::shared_ptr<const Lesson> lesson, std::uint64_t seed);

} // namespace rlab::engine
