// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lessons: a scenario wrapped in ordered steps with text in English and Chinese, questions asked before
// the reveal, checkpoints the engine evaluates, and live changes the student is asked to make. The file
// format is docs/lesson-format.md (schema resources/lesson.schema.json); lesson_io.cpp reads it.

#include "rlab/engine/lesson_expr.h"
#include "rlab/engine/scenario.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

/// The languages every lesson text is written in ("en", "zh_CN").
inline constexpr std::string_view kLessonLanguages[] = { "en", "zh_CN" };

/// One text in every lesson language.
struct LocalText
{
    std::string en;
    std::string zhCN;
    /// The text in `language` ("zh_CN", "zh", "zh_CN.UTF-8" give Chinese; anything else English).
    const std::string& in(std::string_view language) const;
    bool empty() const { return en.empty(); }
};

/// Topics, in the order of the app's Lessons menu.
enum class LessonTopic : std::uint8_t
{
    Watermarks,
    Kswapd,
    DirectReclaim,
    Lru,
    Swap,
    Writeback,
    Oom,
    Pressure,
    Numa,
    Fragmentation,
    CaseStudy,
};
inline constexpr int kLessonTopicCount = 11;
const char* lessonTopicName(LessonTopic topic); ///< "watermarks", "kswapd", "direct-reclaim", ...
const LocalText& lessonTopicTitle(LessonTopic topic);

/// How far a step runs the simulation before its answers are revealed.
struct LessonRun
{
    enum class Kind : std::uint8_t
    {
        None, ///< evaluate at once, in the current state
        For, ///< run `time` more
        Until, ///< run until the clock reads `time`
        Event, ///< run until the next engine event of type `event`
        When, ///< run until `when` holds
    };
    Kind kind = Kind::None;
    Tick time = 0;
    std::string event;
    Expression when;
    /// Absolute simulated time at which a run that has not met its condition gives up (0: the
    /// scenario's duration, else 10 minutes). A stop at the limit fails `lesson check`.
    Tick limit = 0;
};

/// A live change the student makes (a slider, the process table, Drop caches); verified on the engine's
/// state before the step runs. `lesson check` makes it by itself.
struct LessonTask
{
    Command command;
    LocalText text;
};

/// A copy of the machine, forked when the step's run starts, that runs the step beside the original on the
/// same clock with other sysctls: "what if swappiness were 200 here?". The step's expressions read it as
/// `variant.<name>` (docs/lesson-format.md).
struct LessonCompare
{
    std::vector<SysctlWrite> sysctls;
    LocalText label; ///< what the variant is, for the lesson panel ("the same machine at swappiness 200")
};

struct LessonChoice
{
    std::string id;
    LocalText text;
    /// Holds exactly for the right choice at the reveal; `lesson check` verifies it.
    std::optional<Expression> when;
};

struct LessonQuestion
{
    enum class Kind : std::uint8_t
    {
        Number, ///< a number with unit and tolerance; the answer is an expression the engine evaluates
        Choice, ///< one of several choices
        OomVictim, ///< the process the OOM killer will kill (the first kill during the step's run)
    };
    Kind kind = Kind::Number;
    LocalText prompt;
    LocalText hint;
    // Number
    Expression answer;
    std::string unit; ///< shown next to the box: "pages", "kB", "s", "%", ...
    double tolerance = 0; ///< absolute, or a fraction of the answer when tolerancePercent
    bool tolerancePercent = false;
    std::optional<double> expectMin; ///< `lesson check`: the engine's answer must lie in [min, max]
    std::optional<double> expectMax;
    // Choice
    std::vector<LessonChoice> choices;
    // Choice: the right choice's id; OomVictim: the victim's process name.
    std::string expected;
};

/// A condition on engine state or events at the step's stop, with what it shows.
struct LessonCheck
{
    Expression expr;
    LocalText text;
};

struct LessonStep
{
    LocalText title;
    LocalText text;
    /// A popular claim (from the articles students read first) that this step puts to the test.
    std::optional<LocalText> claim;
    std::optional<LessonTask> task;
    std::optional<LessonCompare> compare;
    LessonRun run;
    std::optional<LessonQuestion> question;
    std::vector<LessonCheck> checks;
    LocalText explain; ///< shown after the answer, naming the kernel function
    std::string highlight; ///< a view of the app (lessonViewNames())
};

struct Lesson
{
    std::string id;
    LessonTopic topic = LessonTopic::Watermarks;
    LocalText title;
    LocalText summary;
    std::vector<std::string> concepts; ///< SEED_CLAIMS.md concept ids ("A4", "D11", ...)
    Scenario scenario;
    std::vector<LessonStep> steps;
};

/// The app views a step may highlight ("memory", "plot.watermarks", "tab.zoneinfo", ...).
const std::vector<std::string_view>& lessonViewNames();

struct LessonParseResult
{
    std::optional<Lesson> lesson;
    std::string error; ///< "<key path>: <what is wrong>; <what is allowed>"
};

/// Parses lesson JSON text; never throws.
LessonParseResult parseLesson(const std::string& jsonText);
/// Reads and parses a lesson file (errors name the file too).
LessonParseResult loadLessonFile(const std::string& path);
/// Whether a JSON text is a lesson (has "steps") rather than a plain scenario. Cheap, never throws.
bool looksLikeLesson(const std::string& jsonText);

} // namespace rlab::engine
