// SPDX-License-Identifier: GPL-3.0-or-later
// Lesson JSON reader. The format is docs/lesson-format.md and resources/lesson.schema.json, which must
// change together with this file. Errors name the key path, as the scenario reader's do.
#include "detail/json_reader.h"
#include "rlab/engine/lesson.h"
#include "rlab/engine/lesson_session.h"

#include <algorithm>
#include <array>
#include <set>

namespace rlab::engine {

namespace {

using namespace std::string_view_literals;
using namespace detail;

constexpr std::string_view kFormat = "reclaimlab-lesson-1";
constexpr std::size_t kMaxSteps = 200;
constexpr std::size_t kMaxTextBytes = 20000;

constexpr std::array kTopKeys = { "format"sv, "id"sv, "topic"sv, "title"sv, "summary"sv, "concepts"sv,
    "scenario"sv, "steps"sv };
constexpr std::array kTextKeys = { "en"sv, "zh_CN"sv };
constexpr std::array kStepKeys = { "title"sv, "text"sv, "claim"sv, "task"sv, "compare"sv, "run"sv,
    "question"sv, "checks"sv, "explain"sv, "highlight"sv };
constexpr std::array kCompareKeys = { "sysctl"sv, "label"sv };
constexpr std::string_view kVariantPrefix = "variant.";
constexpr std::array kTaskKeys = { "text"sv, "sysctl"sv, "oom_score_adj"sv, "drop_caches"sv, "swapoff"sv,
    "kill"sv, "transparent_hugepage"sv };
constexpr std::array kTaskActions = { "sysctl"sv, "oom_score_adj"sv, "drop_caches"sv, "swapoff"sv, "kill"sv,
    "transparent_hugepage"sv };
constexpr std::array kRunKeys = { "for"sv, "until"sv, "event"sv, "when"sv, "limit"sv };
constexpr std::array kQuestionKeys = { "kind"sv, "prompt"sv, "hint"sv, "answer"sv, "unit"sv, "tolerance"sv,
    "expect"sv, "choices"sv };
constexpr std::array kChoiceKeys = { "id"sv, "text"sv, "when"sv };
constexpr std::array kCheckKeys = { "expr"sv, "text"sv };
constexpr std::array kOomAdjKeys = { "process"sv, "value"sv };

constexpr std::array kTopics = { "watermarks"sv, "kswapd"sv, "direct-reclaim"sv, "lru"sv, "swap"sv,
    "writeback"sv, "oom"sv, "pressure"sv, "numa"sv, "fragmentation"sv, "case-study"sv };

template<typename Names>
std::string joined(const Names& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

class LessonReader
{
public:
    Lesson read(const Json& root);

private:
    LocalText readText(const Json& value, const std::string& path, bool required = true);
    LocalText optionalText(const Json& object, const std::string& path, std::string_view key);
    Expression readExpression(const Json& value, const std::string& path);
    LessonStep readStep(const Json& value, const std::string& path);
    LessonTask readTask(const Json& value, const std::string& path);
    LessonRun readRun(const Json& value, const std::string& path);
    LessonQuestion readQuestion(const Json& value, const std::string& path);

    const Scenario* m_scenario = nullptr;
    bool m_stepCompares = false; ///< the step being read has a "compare": variant.<name> is allowed
};

Lesson LessonReader::read(const Json& root)
{
    if (!root.is_object())
        fail("", "is " + typeName(root), "expected a lesson object with keys " + joined(kTopKeys));
    checkKeys(root, "", kTopKeys);
    const std::string format =
        readString(require(root, "", "format", "expected \"" + std::string(kFormat) + "\""), "format",
            "expected a string");
    if (format != kFormat)
        fail("format", quote(format) + " is not a lesson format this version reads",
            "expected \"" + std::string(kFormat) + "\"");
    Lesson lesson;
    lesson.id = readString(require(root, "", "id", "expected a short name like \"watermarks\""), "id",
        "expected a short name like \"watermarks\"");
    if (lesson.id.empty() || lesson.id.size() > 64
        || !std::all_of(lesson.id.begin(), lesson.id.end(),
            [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }))
        fail("id", quote(lesson.id) + " is not allowed", "expected 1..64 characters a-z, 0-9 and -");
    const std::string topic = readString(require(root, "", "topic", "expected one of " + joined(kTopics)),
        "topic", "expected one of " + joined(kTopics));
    const auto topicIt = std::find(kTopics.begin(), kTopics.end(), topic);
    if (topicIt == kTopics.end())
        fail("topic", quote(topic) + " is not allowed", "expected one of " + joined(kTopics));
    lesson.topic = static_cast<LessonTopic>(topicIt - kTopics.begin());
    lesson.title = readText(require(root, "", "title", "expected {\"en\": ..., \"zh_CN\": ...}"), "title");
    lesson.summary =
        readText(require(root, "", "summary", "expected {\"en\": ..., \"zh_CN\": ...}"), "summary");
    if (const Json* concepts = find(root, "concepts")) {
        if (!concepts->is_array())
            fail("concepts", "is " + typeName(*concepts), "expected an array of concept ids like \"A4\"");
        for (std::size_t i = 0; i < concepts->size(); ++i)
            lesson.concepts.push_back(
                readString((*concepts)[i], element("concepts", i), "expected a concept id"));
    }
    lesson.scenario = readScenarioObject(
        require(root, "", "scenario", "expected a scenario object (docs/scenario-format.md)"), "scenario");
    m_scenario = &lesson.scenario;
    const Json& steps = require(root, "", "steps", "expected an array of step objects");
    if (!steps.is_array())
        fail("steps", "is " + typeName(steps), "expected an array of step objects");
    if (steps.empty() || steps.size() > kMaxSteps)
        fail("steps", "has " + std::to_string(steps.size()) + " steps",
            "expected 1.." + std::to_string(kMaxSteps) + " steps");
    for (std::size_t i = 0; i < steps.size(); ++i)
        lesson.steps.push_back(readStep(steps[i], element("steps", i)));
    return lesson;
}

LocalText LessonReader::readText(const Json& value, const std::string& path, bool required)
{
    const std::string allowed = "expected {\"en\": \"...\", \"zh_CN\": \"...\"} (both languages)";
    if (!value.is_object())
        fail(path, "is " + typeName(value), allowed);
    checkKeys(value, path, kTextKeys);
    LocalText text;
    text.en = readString(require(value, path, "en", allowed), child(path, "en"), "expected a string");
    text.zhCN = readString(require(value, path, "zh_CN", allowed), child(path, "zh_CN"), "expected a string");
    for (const auto& [key, s] : { std::pair { "en"sv, &text.en }, std::pair { "zh_CN"sv, &text.zhCN } }) {
        if (required && s->empty())
            fail(child(path, key), "is empty", "expected the text in this language");
        if (s->size() > kMaxTextBytes)
            fail(child(path, key), "is longer than " + std::to_string(kMaxTextBytes) + " bytes",
                "expected a shorter text");
    }
    return text;
}

LocalText LessonReader::optionalText(const Json& object, const std::string& path, std::string_view key)
{
    const Json* value = find(object, key);
    return value ? readText(*value, child(path, key)) : LocalText {};
}

Expression LessonReader::readExpression(const Json& value, const std::string& path)
{
    const std::string allowed = "expected an expression like \"first.kswapd_wake.free <= zone.DMA32.low\" "
                                "(docs/lesson-format.md)";
    const std::string text = readString(value, path, allowed);
    std::string error;
    auto expr = Expression::parse(text, error);
    if (!expr)
        fail(path, quote(text) + ": " + error, allowed);
    for (const auto& name : expr->names()) {
        if (name.starts_with(kVariantPrefix) && !m_stepCompares)
            fail(path, name + " reads the variant, but this step has no \"compare\"",
                "a \"compare\": {\"sysctl\": {...}} in the step, or names without variant.");
        if (auto problem = checkProbeName(name, *m_scenario))
            fail(path, *problem, "names of docs/lesson-format.md");
    }
    return *expr;
}

LessonStep LessonReader::readStep(const Json& value, const std::string& path)
{
    if (!value.is_object())
        fail(path, "is " + typeName(value), "expected a step object with keys " + joined(kStepKeys));
    checkKeys(value, path, kStepKeys);
    LessonStep step;
    step.title = optionalText(value, path, "title");
    step.text =
        readText(require(value, path, "text", "expected {\"en\": ..., \"zh_CN\": ...}"), child(path, "text"));
    if (const Json* claim = find(value, "claim"))
        step.claim = readText(*claim, child(path, "claim"));
    if (const Json* task = find(value, "task"))
        step.task = readTask(*task, child(path, "task"));
    m_stepCompares = false;
    if (const Json* compare = find(value, "compare")) {
        const std::string comparePath = child(path, "compare");
        if (!compare->is_object())
            fail(comparePath, "is " + typeName(*compare),
                "expected {\"sysctl\": {\"vm.swappiness\": 200}, \"label\": {\"en\": ..., \"zh_CN\": ...}}");
        checkKeys(*compare, comparePath, kCompareKeys);
        LessonCompare c;
        c.sysctls =
            readSysctls(require(*compare, comparePath, "sysctl", "expected {\"vm.<name>\": value, ...}"),
                child(comparePath, "sysctl"));
        if (c.sysctls.empty())
            fail(child(comparePath, "sysctl"), "is empty", "expected at least one sysctl the variant sets");
        c.label = optionalText(*compare, comparePath, "label");
        step.compare = std::move(c);
        m_stepCompares = true;
    }
    if (const Json* run = find(value, "run"))
        step.run = readRun(*run, child(path, "run"));
    if (const Json* question = find(value, "question"))
        step.question = readQuestion(*question, child(path, "question"));
    if (const Json* checks = find(value, "checks")) {
        const std::string checksPath = child(path, "checks");
        if (!checks->is_array())
            fail(checksPath, "is " + typeName(*checks), "expected an array of {\"expr\", \"text\"} objects");
        for (std::size_t i = 0; i < checks->size(); ++i) {
            const std::string checkPath = element(checksPath, i);
            const Json& check = (*checks)[i];
            if (!check.is_object())
                fail(checkPath, "is " + typeName(check), "expected {\"expr\": \"...\", \"text\": {...}}");
            checkKeys(check, checkPath, kCheckKeys);
            LessonCheck c;
            c.expr = readExpression(
                require(check, checkPath, "expr", "expected an expression"), child(checkPath, "expr"));
            c.text = readText(require(check, checkPath, "text", "expected {\"en\": ..., \"zh_CN\": ...}"),
                child(checkPath, "text"));
            step.checks.push_back(std::move(c));
        }
    }
    step.explain = optionalText(value, path, "explain");
    if (step.question && step.explain.empty())
        fail(child(path, "explain"), "missing required key", "a step with a question explains its answer");
    if (const Json* highlight = find(value, "highlight")) {
        const auto& views = lessonViewNames();
        step.highlight = readString(*highlight, child(path, "highlight"), "expected one of " + joined(views));
        if (std::find(views.begin(), views.end(), step.highlight) == views.end())
            fail(child(path, "highlight"), quote(step.highlight) + " is not a view",
                "expected one of " + joined(views));
    }
    return step;
}

LessonTask LessonReader::readTask(const Json& value, const std::string& path)
{
    const std::string oneAction = "expected \"text\" and exactly one of " + joined(kTaskActions);
    if (!value.is_object())
        fail(path, "is " + typeName(value), oneAction);
    checkKeys(value, path, kTaskKeys);
    LessonTask task;
    task.text = readText(require(value, path, "text", oneAction), child(path, "text"));
    std::vector<std::string_view> actions;
    for (const auto action : kTaskActions) {
        if (find(value, action))
            actions.push_back(action);
    }
    if (actions.size() != 1)
        fail(path, actions.empty() ? "has no action" : "has several actions (" + joined(actions) + ")",
            oneAction);
    const std::string_view action = actions.front();
    const std::string actionPath = child(path, action);
    const Json& body = *find(value, action);
    const auto processName = [&](const Json& name, const std::string& namePath) {
        const std::string text = readString(name, namePath, "expected a process name");
        bool known = false;
        for (const auto& p : m_scenario->processes)
            known = known || p.name == text;
        if (!known)
            fail(namePath, "unknown process " + quote(text), "expected a process of the scenario");
        return text;
    };
    if (action == "sysctl") {
        auto writes = readSysctls(body, actionPath);
        if (writes.size() != 1)
            fail(actionPath, "has " + std::to_string(writes.size()) + " sysctls",
                "expected exactly one sysctl and value");
        task.command = SetSysctl { std::move(writes.front()) };
    } else if (action == "oom_score_adj") {
        if (!body.is_object())
            fail(actionPath, "is " + typeName(body), "expected {\"process\": name, \"value\": -1000..1000}");
        checkKeys(body, actionPath, kOomAdjKeys);
        SetOomScoreAdj adj;
        adj.process = processName(
            require(body, actionPath, "process", "expected a process name"), child(actionPath, "process"));
        adj.oomScoreAdj =
            static_cast<int>(readInt(require(body, actionPath, "value", "expected an integer in -1000..1000"),
                child(actionPath, "value"), -1000, 1000));
        task.command = adj;
    } else if (action == "drop_caches") {
        task.command = DropCaches { static_cast<int>(readInt(body, actionPath, 1, 3)) };
    } else if (action == "swapoff") {
        const std::string device = readString(body, actionPath, "expected a swap device name");
        bool known = false;
        for (const auto& dev : m_scenario->swap)
            known = known || dev.name == device;
        if (!known)
            fail(actionPath, "unknown swap device " + quote(device),
                "expected a device of the scenario's swap[]");
        task.command = Swapoff { device };
    } else if (action == "transparent_hugepage") {
        task.command = readThpWrite(body, actionPath);
    } else {
        task.command = KillProcess { processName(body, actionPath) };
    }
    return task;
}

LessonRun LessonReader::readRun(const Json& value, const std::string& path)
{
    const std::string oneKind =
        "expected exactly one of \"for\", \"until\", \"event\", \"when\" (and an optional \"limit\")";
    if (!value.is_object())
        fail(path, "is " + typeName(value), oneKind);
    checkKeys(value, path, kRunKeys);
    LessonRun run;
    int kinds = 0;
    if (const Json* v = find(value, "for")) {
        run.kind = LessonRun::Kind::For;
        run.time = readDuration(*v, child(path, "for"));
        ++kinds;
    }
    if (const Json* v = find(value, "until")) {
        run.kind = LessonRun::Kind::Until;
        run.time = readDuration(*v, child(path, "until"));
        ++kinds;
    }
    if (const Json* v = find(value, "event")) {
        run.kind = LessonRun::Kind::Event;
        const auto& types = lessonEventTypes();
        run.event = readString(*v, child(path, "event"), "expected an event type: " + joined(types));
        if (std::find(types.begin(), types.end(), run.event) == types.end())
            fail(child(path, "event"), quote(run.event) + " is not an engine event",
                "expected one of " + joined(types));
        ++kinds;
    }
    if (const Json* v = find(value, "when")) {
        run.kind = LessonRun::Kind::When;
        run.when = readExpression(*v, child(path, "when"));
        ++kinds;
    }
    if (kinds != 1)
        fail(path, kinds == 0 ? "has no run condition" : "has several run conditions", oneKind);
    if (const Json* v = find(value, "limit"))
        run.limit = readDuration(*v, child(path, "limit"));
    return run;
}

LessonQuestion LessonReader::readQuestion(const Json& value, const std::string& path)
{
    const std::string kinds = "expected \"number\", \"choice\" or \"oom_victim\"";
    if (!value.is_object())
        fail(path, "is " + typeName(value), "expected a question object with keys " + joined(kQuestionKeys));
    checkKeys(value, path, kQuestionKeys);
    LessonQuestion q;
    const std::string kind = readString(require(value, path, "kind", kinds), child(path, "kind"), kinds);
    q.prompt = readText(
        require(value, path, "prompt", "expected {\"en\": ..., \"zh_CN\": ...}"), child(path, "prompt"));
    q.hint = optionalText(value, path, "hint");
    const auto notFor = [&](std::string_view key, std::string_view what) {
        if (find(value, key))
            fail(child(path, key), "is not used by a " + std::string(what) + " question",
                "allowed keys for " + std::string(what) + ": see docs/lesson-format.md");
    };
    if (kind == "number") {
        q.kind = LessonQuestion::Kind::Number;
        notFor("choices", kind);
        q.answer =
            readExpression(require(value, path, "answer", "expected an expression the engine evaluates"),
                child(path, "answer"));
        if (const Json* unit = find(value, "unit"))
            q.unit = readString(*unit, child(path, "unit"), "expected a unit like \"pages\", \"kB\", \"s\"");
        if (const Json* tol = find(value, "tolerance")) {
            const std::string tolPath = child(path, "tolerance");
            const std::string allowed = "expected a number >= 0 or a percentage like \"5%\"";
            if (tol->is_number()) {
                q.tolerance = tol->get<double>();
            } else if (tol->is_string() && tol->get<std::string>().ends_with('%')) {
                const std::string text = tol->get<std::string>();
                try {
                    std::size_t used = 0;
                    q.tolerance = std::stod(text.substr(0, text.size() - 1), &used);
                    if (used != text.size() - 1)
                        fail(tolPath, quote(text) + " is not a percentage", allowed);
                } catch (const std::logic_error&) {
                    fail(tolPath, quote(text) + " is not a percentage", allowed);
                }
                q.tolerancePercent = true;
            } else {
                fail(tolPath, "is " + typeName(*tol), allowed);
            }
            if (!(q.tolerance >= 0) || q.tolerance > 1e12)
                fail(tolPath, "is out of range", allowed);
        }
        if (const Json* expect = find(value, "expect")) {
            const std::string expectPath = child(path, "expect");
            const std::string allowed = "expected [min, max] numbers the engine's answer must lie in";
            if (!expect->is_array() || expect->size() != 2 || !(*expect)[0].is_number()
                || !(*expect)[1].is_number())
                fail(expectPath, "is " + typeName(*expect), allowed);
            q.expectMin = (*expect)[0].get<double>();
            q.expectMax = (*expect)[1].get<double>();
            if (*q.expectMin > *q.expectMax)
                fail(expectPath, "min is above max", allowed);
        }
    } else if (kind == "choice") {
        q.kind = LessonQuestion::Kind::Choice;
        for (const auto key : { "unit"sv, "tolerance"sv, "expect"sv })
            notFor(key, kind);
        const std::string choicesPath = child(path, "choices");
        const Json& choices =
            require(value, path, "choices", "expected an array of {\"id\", \"text\", \"when\"}");
        if (!choices.is_array() || choices.size() < 2 || choices.size() > 8)
            fail(choicesPath,
                choices.is_array() ? "has " + std::to_string(choices.size()) + " choices"
                                   : "is " + typeName(choices),
                "expected an array of 2..8 choices");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < choices.size(); ++i) {
            const std::string choicePath = element(choicesPath, i);
            const Json& c = choices[i];
            if (!c.is_object())
                fail(choicePath, "is " + typeName(c),
                    "expected {\"id\": \"a\", \"text\": {...}, \"when\": \"...\"}");
            checkKeys(c, choicePath, kChoiceKeys);
            LessonChoice choice;
            choice.id = readString(require(c, choicePath, "id", "expected a short id"),
                child(choicePath, "id"), "expected a short id");
            if (choice.id.empty() || !ids.insert(choice.id).second)
                fail(child(choicePath, "id"),
                    choice.id.empty() ? "is empty" : "duplicate id " + quote(choice.id),
                    "expected a unique, non-empty id");
            choice.text = readText(require(c, choicePath, "text", "expected {\"en\": ..., \"zh_CN\": ...}"),
                child(choicePath, "text"));
            if (const Json* when = find(c, "when"))
                choice.when = readExpression(*when, child(choicePath, "when"));
            q.choices.push_back(std::move(choice));
        }
        const std::string answerPath = child(path, "answer");
        q.expected = readString(require(value, path, "answer", "expected the id of the right choice"),
            answerPath, "expected the id of the right choice");
        if (!ids.contains(q.expected))
            fail(answerPath, quote(q.expected) + " is not a choice id", "expected one of " + joined(ids));
    } else if (kind == "oom_victim") {
        q.kind = LessonQuestion::Kind::OomVictim;
        for (const auto key : { "unit"sv, "tolerance"sv, "expect"sv, "choices"sv })
            notFor(key, kind);
        const std::string answerPath = child(path, "answer");
        q.expected = readString(
            require(value, path, "answer", "expected the name of the process the OOM killer kills"),
            answerPath, "expected a process name");
        bool known = false;
        for (const auto& p : m_scenario->processes)
            known = known || p.name == q.expected;
        if (!known)
            fail(answerPath, "unknown process " + quote(q.expected), "expected a process of the scenario");
    } else {
        fail(child(path, "kind"), quote(kind) + " is not allowed", kinds);
    }
    return q;
}

const std::array<LocalText, kLessonTopicCount> kTopicTitles = { {
    { "Watermarks", "水位线" },
    { "kswapd", "kswapd" },
    { "Direct reclaim", "直接回收" },
    { "LRU lists and scan balance", "LRU 链表与扫描比例" },
    { "Swap", "交换（swap）" },
    { "Dirty pages and writeback", "脏页与回写" },
    { "The OOM killer", "OOM killer" },
    { "Memory pressure (PSI)", "内存压力（PSI）" },
    { "NUMA", "NUMA" },
    { "Fragmentation and compaction", "碎片与内存规整" },
    { "Case studies", "案例分析" },
} };

} // namespace

const std::string& LocalText::in(std::string_view language) const
{
    return language.starts_with("zh") && !zhCN.empty() ? zhCN : en;
}

const char* lessonTopicName(LessonTopic topic)
{
    return kTopics[static_cast<std::size_t>(topic)].data();
}

const LocalText& lessonTopicTitle(LessonTopic topic)
{
    return kTopicTitles[static_cast<std::size_t>(topic)];
}

const std::vector<std::string_view>& lessonViewNames()
{
    static const std::vector<std::string_view> views = { "memory", "page_map", "plot.watermarks", "plot.lru",
        "plot.reclaim", "plot.anon_file", "plot.swap", "plot.psi", "tunables", "processes", "tab.zoneinfo",
        "tab.vmstat", "tab.meminfo", "tab.buddyinfo", "tab.pagetypeinfo", "tab.extfrag_index", "tab.swaps",
        "tab.pressure", "tab.dmesg", "tab.cgroups", "events", "buddy" };
    return views;
}

LessonParseResult parseLesson(const std::string& jsonText)
{
    try {
        const Json root = parseStrictJson(jsonText);
        return { LessonReader().read(root), {} };
    } catch (const JsonFailure& failure) {
        return { std::nullopt, failure.message };
    } catch (const std::exception& error) {
        return { std::nullopt,
            "(top level): cannot parse: " + sanitize(error.what()) + "; expected a smaller file" };
    }
}

LessonParseResult loadLessonFile(const std::string& path)
{
    try {
        LessonParseResult result = parseLesson(readTextFile(path));
        if (!result.lesson)
            result.error = path + ": " + result.error;
        return result;
    } catch (const JsonFailure& failure) {
        return { std::nullopt, failure.message };
    } catch (const std::exception& error) {
        return { std::nullopt, path + ": cannot read: " + sanitize(error.what()) };
    }
}

bool looksLikeLesson(const std::string& jsonText)
{
    return jsonText.find("\"reclaimlab-lesson-") != std::string::npos;
}

} // namespace rlab::engine
