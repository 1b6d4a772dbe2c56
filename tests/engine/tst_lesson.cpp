// SPDX-License-Identifier: GPL-3.0-or-later
// Lessons: the reader's key-path errors, the expression language, grading, the session's stops and
// probes, and the shipped lessons' promises (both languages, enough steps and checked questions, drills).
#include <rlab/engine/lesson.h>
#include <rlab/engine/lesson_session.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <map>
#include <set>

using namespace rlab::engine;

namespace {

const char* kMinimal = R"({
  "format": "reclaimlab-lesson-1", "id": "t", "topic": "kswapd",
  "title": {"en": "T", "zh_CN": "标题"}, "summary": {"en": "S", "zh_CN": "摘要"},
  "scenario": {"seed": 1, "duration": "10s", "machine": {"ram": "512M"}, "swap": [{"name": "/dev/vda2", "size": "256M"}],
    "processes": [{"name": "reader", "workload": [{"type": "stream", "file": "f", "size": "4G", "rate": "100M/s"}]},
                  {"name": "hog", "start": "1s", "workload": [{"type": "anon", "size": "100M", "rate": "50M/s"}]}]},
  "steps": [
    {"text": {"en": "a", "zh_CN": "甲"}, "question": {"kind": "number", "prompt": {"en": "p", "zh_CN": "问"},
       "answer": "zone.DMA32.low", "unit": "pages", "tolerance": "1%"}, "explain": {"en": "e", "zh_CN": "释"}},
    {"text": {"en": "b", "zh_CN": "乙"}, "run": {"event": "kswapd_wake"},
     "checks": [{"expr": "first.kswapd_wake.free <= first.kswapd_wake.low", "text": {"en": "c", "zh_CN": "查"}}]},
    {"text": {"en": "c", "zh_CN": "丙"}, "task": {"text": {"en": "t", "zh_CN": "任务"}, "sysctl": {"vm.swappiness": 100}},
     "run": {"for": "1s"},
     "question": {"kind": "choice", "prompt": {"en": "p", "zh_CN": "问"}, "answer": "y",
       "choices": [{"id": "y", "text": {"en": "yes", "zh_CN": "是"}, "when": "sysctl.vm.swappiness == 100"},
                   {"id": "n", "text": {"en": "no", "zh_CN": "否"}, "when": "sysctl.vm.swappiness != 100"}]},
     "explain": {"en": "e", "zh_CN": "释"}}
  ]
})";

class Probes : public ProbeSource
{
public:
    std::map<std::string, LessonValue> values;
    std::optional<LessonValue> probe(std::string_view name, std::string& error) const override
    {
        const auto it = values.find(std::string(name));
        if (it == values.end()) {
            error = "unknown";
            return std::nullopt;
        }
        return it->second;
    }
};

QString lessonDir()
{
    return QStringLiteral(RLAB_SOURCE_DIR "/lessons");
}

QStringList shippedLessons()
{
    QStringList files;
    const QDir dir(lessonDir());
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

bool hasCjk(const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x4e00 && c.unicode() <= 0x9fff)
            return true;
    }
    return false;
}

/// Every {"en": ...} object in the document must have a Chinese sibling with Chinese characters.
void checkChinese(const QJsonValue& value, const QString& path, QStringList& missing)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.contains(QStringLiteral("en"))) {
            const QString zh = object.value(QStringLiteral("zh_CN")).toString();
            const QString en = object.value(QStringLiteral("en")).toString();
            // Prose (three or more plain words) must be translated; a formula may stay as it is.
            static const QRegularExpression word(QStringLiteral("(^|\\s)[A-Za-z]{3,}[,.:;!?]?(?=\\s|$)"));
            // Kernel names kept as they are in the Chinese text do not count as untranslated prose.
            int untranslated = 0;
            for (auto it = word.globalMatch(en); it.hasNext();) {
                const QString w =
                    it.next().captured(0).trimmed().remove(QRegularExpression(QStringLiteral("[,.:;!?]$")));
                untranslated += zh.contains(w, Qt::CaseInsensitive) ? 0 : 1;
            }
            const bool sentence = untranslated >= 3;
            if (zh.trimmed().isEmpty() || (sentence && !hasCjk(zh)))
                missing << path;
        }
        for (auto it = object.begin(); it != object.end(); ++it)
            checkChinese(it.value(), path + QLatin1Char('.') + it.key(), missing);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            checkChinese(array[i], path + QStringLiteral("[%1]").arg(i), missing);
    }
}

} // namespace

class TestLesson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void minimalLessonRuns()
    {
        const auto parsed = parseLesson(kMinimal);
        QVERIFY2(parsed.lesson, parsed.error.c_str());
        QCOMPARE(parsed.lesson->steps.size(), std::size_t { 3 });
        QCOMPARE(parsed.lesson->topic, LessonTopic::Kswapd);
        QCOMPARE(parsed.lesson->title.in("zh_CN"), std::string("标题"));
        QCOMPARE(parsed.lesson->title.in("en"), std::string("T"));
        auto lesson = std::make_shared<const Lesson>(*parsed.lesson);
        const LessonReport report = runLesson(lesson, 1);
        for (const auto& problem : report.problems)
            qWarning("%s", problem.c_str());
        QVERIFY(report.ok());
        QCOMPARE(report.steps.size(), std::size_t { 3 });
        // Step 1 reveals at t = 0 with the engine's low mark; step 2 stops at the first kswapd wake.
        QCOMPARE(report.steps[0].stoppedAt, Tick { 0 });
        QVERIFY(report.steps[0].answer && report.steps[0].answer->number > 0);
        QVERIFY(report.steps[1].stoppedAt > 0);
        QVERIFY(report.steps[1].checks.at(0).ok);
        // Step 3 ran exactly 1 s more, with the task made.
        QCOMPARE(report.steps[2].stoppedAt, report.steps[1].stoppedAt + kTicksPerSecond);
        QCOMPARE(report.steps[2].answer->text, std::string("y"));
    }

    void sessionFollowsStepsAndTasks()
    {
        auto lesson = std::make_shared<const Lesson>(*parseLesson(kMinimal).lesson);
        Simulator sim(lesson->scenario, 1);
        LessonSession session(lesson);
        session.beginStep(1, sim);
        QVERIFY(!session.conditionMet(sim));
        while (!session.conditionMet(sim) && sim.now() < 10 * kTicksPerSecond) {
            sim.step();
            session.observe(sim, sim.drainEvents());
        }
        QVERIFY(session.conditionMet(sim));
        std::string error;
        const auto wake = Expression::parse("step.events.kswapd_wake.count", error);
        QCOMPARE(session.evaluate(*wake, sim, error)->number, 1.0);
        // A new step forgets the step tallies but not the run's.
        session.beginStep(2, sim);
        QCOMPARE(session.evaluate(*wake, sim, error)->number, 0.0);
        const auto all = Expression::parse("events.kswapd_wake.count", error);
        QCOMPARE(session.evaluate(*all, sim, error)->number, 1.0);
        QVERIFY(!session.taskDone(sim));
        QVERIFY(!sim.apply(SetSysctl { { "vm.swappiness", { 100 } } }));
        QVERIFY(session.taskDone(sim));
        // A name that has no value yet says why.
        const auto oom = Expression::parse("first.oom_kill.name", error);
        QVERIFY(!session.evaluate(*oom, sim, error));
        QVERIFY2(error.find("no oom_kill event yet") != std::string::npos, error.c_str());
    }

    void readerErrorsNameTheKeyPath_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("error");
        const auto row = [](const char* name, const char* from, const char* to, const char* error) {
            QTest::newRow(name) << QString::fromUtf8(from) << QString::fromUtf8(to)
                                << QString::fromUtf8(error);
        };
        row("format", R"("reclaimlab-lesson-1")", R"("reclaimlab-lesson-9")",
            "format: \"reclaimlab-lesson-9\" is not a lesson format");
        row("topic", R"("topic": "kswapd")", R"("topic": "kswap")",
            "topic: \"kswap\" is not allowed; expected one of watermarks");
        row("id", R"("id": "t")", R"("id": "T x")", "id: \"T x\" is not allowed");
        row("unknown top key", R"("id": "t",)", R"("id": "t", "colour": 1,)",
            "colour: unknown key; allowed keys: format");
        row("no chinese", R"({"en": "a", "zh_CN": "甲"})", R"({"en": "a"})",
            "steps[0].text.zh_CN: missing required key");
        row("empty chinese", R"({"en": "a", "zh_CN": "甲"})", R"({"en": "a", "zh_CN": ""})",
            "steps[0].text.zh_CN: is empty");
        row("scenario", R"("ram": "512M")", R"("ram": "5 GB")", "scenario.machine.ram:");
        row("bad zone", R"("answer": "zone.DMA32.low")", R"("answer": "zone.DMA33.low")",
            "steps[0].question.answer: unknown zone DMA33");
        row("bad counter", R"("answer": "zone.DMA32.low")", R"("answer": "vmstat.pgscan_kswap")",
            "steps[0].question.answer: unknown counter vmstat.pgscan_kswap");
        row("bad event field", R"("answer": "zone.DMA32.low")", R"("answer": "first.kswapd_wake.lowest")",
            "steps[0].question.answer: unknown field lowest of kswapd_wake in first.kswapd_wake.lowest; "
            "allowed: t, "
            "node, zone, free, low, highest_zoneidx, reason");
        row("sum of a text field", R"("answer": "zone.DMA32.low")", R"("answer": "sum.oom_kill.name")",
            "allowed: pid, rss_pages, swap_pages, pgtables_pages, oom_score_adj, oom_score");
        row("bad syntax", R"("answer": "zone.DMA32.low")", R"("answer": "zone.DMA32.low +")",
            "steps[0].question.answer: \"zone.DMA32.low +\": column");
        row("bad event", R"("run": {"event": "kswapd_wake"})", R"("run": {"event": "kswapd_woke"})",
            "steps[1].run.event: \"kswapd_woke\" is not an engine event");
        row("two runs", R"("run": {"for": "1s"})", R"("run": {"for": "1s", "until": "3s"})",
            "steps[2].run: has several run conditions");
        row("bad tolerance", R"("tolerance": "1%")", R"("tolerance": "x%")",
            "steps[0].question.tolerance: \"x%\" is not a percentage");
        row("bad choice answer", R"("answer": "y")", R"("answer": "z")",
            "steps[2].question.answer: \"z\" is not a choice id");
        row("bad process", R"("sysctl": {"vm.swappiness": 100}})", R"("kill": "nobody"})",
            "steps[2].task.kill: unknown process \"nobody\"");
        row("bad sysctl", R"("vm.swappiness": 100})", R"("vm.swappiness": 300})",
            "steps[2].task.sysctl.\"vm.swappiness\":");
        row("bad thp task", R"("sysctl": {"vm.swappiness": 100}})",
            R"("transparent_hugepage": {"defrag": "sometimes"}})",
            "steps[2].task.transparent_hugepage.defrag: \"sometimes\" is not allowed");
        row("bad highlight", R"("text": {"en": "a", "zh_CN": "甲"},)",
            R"("text": {"en": "a", "zh_CN": "甲"}, "highlight": "plot.foo",)",
            "steps[0].highlight: \"plot.foo\" is not a view");
        row("no explain", R"(, "explain": {"en": "e", "zh_CN": "释"}},
    {"text": {"en": "b")",
            R"(},
    {"text": {"en": "b")",
            "steps[0].explain: missing required key");
        row("duplicate key", R"("id": "t",)", R"("id": "t", "id": "u",)", "id: duplicate key");
        row("bad json", R"("id": "t",)", R"("id": "t")", "invalid JSON");
        row("variant without compare", R"("answer": "zone.DMA32.low")",
            R"("answer": "variant.zone.DMA32.low")",
            "steps[0].question.answer: variant.zone.DMA32.low reads the variant, but this step has no "
            "\"compare\"");
        row("bad compare sysctl", R"("run": {"for": "1s"})",
            R"("compare": {"sysctl": {"vm.swappiness": 999}}, "run": {"for": "1s"})",
            "steps[2].compare.sysctl");
        row("compare key", R"("run": {"for": "1s"})",
            R"("compare": {"sysctl": {"vm.swappiness": 1}, "x": 1}, "run": {"for": "1s"})",
            "steps[2].compare.x: unknown key");
    }

    void compareStepRunsAVariantBeside()
    {
        // Step 3 sets swappiness 100 and, beside it, a copy at 0 runs the same 3 s: each reads its own
        // sysctl, both reach the same time, and the copy's step saw one more sysctl write (its own).
        QString text = QString::fromUtf8(kMinimal);
        text.replace(QStringLiteral(R"("run": {"for": "1s"},)"),
            QStringLiteral(
                R"("compare": {"sysctl": {"vm.swappiness": 0}, "label": {"en": "at 0", "zh_CN": "为 0"}},
               "run": {"for": "3s"},
               "checks": [{"expr": "variant.sysctl.vm.swappiness == 0 and sysctl.vm.swappiness == 100", "text": {"en": "c", "zh_CN": "查"}},
                          {"expr": "variant.t == t", "text": {"en": "c", "zh_CN": "查"}},
                          {"expr": "variant.step.events.sysctl.count == step.events.sysctl.count + 1", "text": {"en": "c", "zh_CN": "查"}}],)"));
        const auto parsed = parseLesson(text.toStdString());
        QVERIFY2(parsed.lesson, parsed.error.c_str());
        const auto lesson = std::make_shared<const Lesson>(*parsed.lesson);
        QVERIFY(lesson->steps[2].compare);
        QCOMPARE(lesson->steps[2].compare->label.en, std::string("at 0"));
        const LessonReport report = runLesson(lesson, 1);
        QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());

        // Driven by hand: the variant exists during the run only, and its answers differ from the original's.
        Simulator sim(lesson->scenario, 1);
        LessonSession session(lesson);
        session.observe(sim, sim.drainEvents());
        sim.runUntil(2 * kTicksPerSecond);
        session.observe(sim, sim.drainEvents());
        session.beginStep(2, sim);
        QVERIFY(!sim.apply(SetSysctl { { "vm.swappiness", { 100 } } }));
        session.observe(sim, sim.drainEvents());
        QVERIFY(!session.variant());
        std::string error;
        const auto swappiness = Expression::parse("variant.sysctl.vm.swappiness", error);
        QVERIFY(swappiness);
        QVERIFY(!session.evaluate(*swappiness, sim, error));
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("only during its step's run")),
            error.c_str());
        session.startRun(sim);
        QVERIFY(session.variant());
        while (!session.runOver(sim)) {
            sim.step();
            session.observe(sim, sim.drainEvents());
        }
        QCOMPARE(session.variant()->now(), sim.now());
        QCOMPARE(session.evaluate(*swappiness, sim, error)->number, 0.0);
        // The same load ran in the copy: as many pages came in from the file as in the original.
        const auto read =
            Expression::parse("variant.vmstat.pgpgin == vmstat.pgpgin and vmstat.pgpgin > 0", error);
        QVERIFY(session.evaluate(*read, sim, error)->truthy());
        session.beginStep(0, sim);
        QVERIFY(!session.variant());
    }

    void readerErrorsNameTheKeyPath()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, error);
        QString text = QString::fromUtf8(kMinimal);
        QVERIFY2(text.contains(from), qPrintable(from));
        text.replace(text.indexOf(from), from.size(), to);
        const auto parsed = parseLesson(text.toStdString());
        QVERIFY(!parsed.lesson);
        QVERIFY2(QString::fromStdString(parsed.error).contains(error), parsed.error.c_str());
    }

    void expressions()
    {
        Probes p;
        p.values["a"] = LessonValue::of(6.0);
        p.values["b"] = LessonValue::of(4.0);
        p.values["proc.db-server.rss"] = LessonValue::of(10.0);
        p.values["mode"] = LessonValue::of(std::string("file"));
        const auto eval = [&](const char* text) {
            std::string error;
            const auto expr = Expression::parse(text, error);
            if (!expr)
                return std::string("parse: ") + error;
            const auto value = expr->evaluate(p, error);
            return value ? value->display() : "error: " + error;
        };
        QCOMPARE(eval("a - b * 2"), std::string("-2"));
        QCOMPARE(eval("(a - b) * 2"), std::string("4"));
        QCOMPARE(eval("a / b"), std::string("1.5"));
        QCOMPARE(eval("max(a, b) + min(a, b) + abs(-3) + floor(2.7)"), std::string("15"));
        QCOMPARE(eval("a > b and not b > a"), std::string("1"));
        QCOMPARE(eval("a < b or b == 4"), std::string("1"));
        QCOMPARE(eval("mode == \"file\""), std::string("1"));
        QCOMPARE(eval("mode != \"anon\" and proc.db-server.rss - 1 == 9"), std::string("1"));
        QCOMPARE(eval("a / (b - 4)"), std::string("error: division by zero"));
        QCOMPARE(eval("mode + 1"), std::string("error: arithmetic needs a number, got the text \"file\""));
        QCOMPARE(eval("c + 1"), std::string("error: c: unknown"));
        QVERIFY(eval("a +").starts_with("parse: column 4"));
        QVERIFY(eval("(a").starts_with("parse:"));
        QVERIFY(eval("max(a)").starts_with("parse:"));
        QVERIFY(eval("zone.").starts_with("parse:"));
        std::string deep(200, '(');
        QVERIFY(eval(deep.c_str()).starts_with("parse:"));
    }

    void grading()
    {
        LessonQuestion q;
        q.kind = LessonQuestion::Kind::Number;
        q.tolerance = 2;
        q.tolerancePercent = true;
        const auto truth = LessonValue::of(1000.0);
        QVERIFY(gradeAnswer(q, truth, "1000"));
        QVERIFY(gradeAnswer(q, truth, "1,019 pages"));
        QVERIFY(gradeAnswer(q, truth, " 980 "));
        QVERIFY(!gradeAnswer(q, truth, "979"));
        QVERIFY(!gradeAnswer(q, truth, "lots"));
        QVERIFY(!gradeAnswer(q, truth, ""));
        q.tolerancePercent = false;
        q.tolerance = 0;
        QVERIFY(gradeAnswer(q, truth, "1000"));
        QVERIFY(!gradeAnswer(q, truth, "1001"));
        q.kind = LessonQuestion::Kind::OomVictim;
        QVERIFY(gradeAnswer(q, LessonValue::of(std::string("etl-job")), "etl-job"));
        QVERIFY(!gradeAnswer(q, LessonValue::of(std::string("etl-job")), "mariadb"));
    }

    void checkerCatchesAWrongLesson()
    {
        // The file says "n" but the engine finds "y": lesson check must fail and say so.
        QString text = QString::fromUtf8(kMinimal);
        text.replace(QStringLiteral(R"("answer": "y")"), QStringLiteral(R"("answer": "n")"));
        auto lesson = std::make_shared<const Lesson>(*parseLesson(text.toStdString()).lesson);
        const LessonReport report = runLesson(lesson, 1);
        QVERIFY(!report.ok());
        QVERIFY(
            report.problems.front().find("steps[2].question: the file says choice n") != std::string::npos);
    }

    void shippedLessonsTeach()
    {
        const QStringList files = shippedLessons();
        QVERIFY2(files.size() >= 15, qPrintable(QStringLiteral("%1 lessons").arg(files.size())));
        int drills = 0;
        std::set<LessonTopic> topics;
        for (const QString& file : files) {
            const auto parsed = loadLessonFile(file.toStdString());
            QVERIFY2(parsed.lesson, parsed.error.c_str());
            const Lesson& lesson = *parsed.lesson;
            topics.insert(lesson.topic);
            QVERIFY2(lesson.steps.size() >= 4, qPrintable(file));
            int checked = 0;
            for (const auto& step : lesson.steps) {
                drills += step.claim ? 1 : 0;
                if (!step.question)
                    continue;
                const auto& q = *step.question;
                const bool engineChecked = q.kind != LessonQuestion::Kind::Choice
                    || std::all_of(q.choices.begin(), q.choices.end(),
                        [](const LessonChoice& c) { return c.when.has_value(); });
                checked += engineChecked ? 1 : 0;
            }
            QVERIFY2(
                checked >= 2, qPrintable(file + QStringLiteral(": fewer than 2 engine-checked questions")));
            // Every text has its Chinese version (the reader requires the key; this also wants Chinese in
            // it).
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QStringList missing;
            checkChinese(QJsonDocument::fromJson(f.readAll()).object(), QFileInfo(file).fileName(), missing);
            QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        }
        QVERIFY2(drills >= 10, qPrintable(QStringLiteral("%1 misconception drills").arg(drills)));
        QVERIFY(topics.size() >= 8);
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
