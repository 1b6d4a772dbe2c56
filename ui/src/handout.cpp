// SPDX-License-Identifier: GPL-3.0-or-later
#include "handout.h"

#include "chart_writer.h"
#include "lesson_text.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace rlab::ui {

namespace {

QString tr(const char* text)
{
    // lupdate files these calls under the namespace's context.
    return QCoreApplication::translate("rlab::ui", text);
}

QString stepHeading(const engine::Lesson& lesson, std::size_t i, const QString& language)
{
    const auto& step = lesson.steps[i];
    QString heading = tr("Step %1").arg(i + 1);
    if (!step.title.empty())
        heading += QStringLiteral(" · ") + lessonHtml(step.title, language);
    return heading;
}

const char* kStyle = "<style>"
                     "body { font-size: 10pt; }"
                     "h1 { font-size: 18pt; margin-bottom: 2pt; }"
                     "h2 { font-size: 12pt; margin-top: 14pt; margin-bottom: 3pt; color: #1f4e79; }"
                     "p { margin-top: 2pt; margin-bottom: 4pt; }"
                     ".claim { background-color: #fff4e0; }"
                     ".task { background-color: #e8f1fb; }"
                     ".answer { background-color: #eaf6ea; }"
                     ".muted { color: #555555; }"
                     "</style>";

QString box(const QString& cssClass, const QString& label, const QString& body)
{
    return QStringLiteral(
        "<table width=\"100%\" cellpadding=\"5\" class=\"%1\"><tr><td><b>%2</b> %3</td></tr></table>")
        .arg(cssClass, label, body);
}

void writePdf(const QString& html, const QString& path, const QString& language, const QString& title,
    const std::vector<std::pair<QString, QImage>>& images)
{
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageMargins(QMarginsF(16, 16, 16, 16), QPageLayout::Millimeter);
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("ReclaimLab"));
    QTextDocument doc;
    QFont font(language.startsWith(QLatin1String("zh")) ? QStringLiteral("Noto Sans CJK SC")
                                                        : QStringLiteral("Noto Sans"));
    font.setPointSizeF(10);
    doc.setDefaultFont(font);
    for (const auto& [name, image] : images)
        doc.addResource(QTextDocument::ImageResource, QUrl(name), image);
    doc.setHtml(html);
    doc.print(&pdf);
}

} // namespace

QString worksheetHtml(
    const engine::Lesson& lesson, const QString& language, const QStringList& chartResources)
{
    QString html = QLatin1String(kStyle);
    html += QStringLiteral("<h1>%1</h1>").arg(lessonHtml(lesson.title, language));
    html +=
        QStringLiteral("<p class=\"muted\">%1 · %2</p>")
            .arg(tr("ReclaimLab worksheet"), lessonHtml(engine::lessonTopicTitle(lesson.topic), language));
    html += QStringLiteral("<p>%1</p>").arg(lessonHtml(lesson.summary, language));
    html += QStringLiteral("<p class=\"muted\">%1 ____________________ &nbsp; %2 ____________</p>")
                .arg(tr("Name:"), tr("Date:"));
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const auto& step = lesson.steps[i];
        html += QStringLiteral("<h2>%1</h2>").arg(stepHeading(lesson, i, language));
        if (step.claim)
            html += box(QStringLiteral("claim"), tr("A popular claim:"), lessonHtml(*step.claim, language));
        html += QStringLiteral("<p>%1</p>").arg(lessonHtml(step.text, language));
        if (step.task)
            html += box(QStringLiteral("task"), tr("Your change:"), lessonHtml(step.task->text, language));
        if (step.compare && !step.compare->label.empty())
            html +=
                box(QStringLiteral("task"), tr("Side by side:"), lessonHtml(step.compare->label, language));
        if (!step.question)
            continue;
        const auto& q = *step.question;
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Question:"), lessonHtml(q.prompt, language));
        if (q.kind == engine::LessonQuestion::Kind::Choice) {
            html += QStringLiteral("<p>");
            for (const auto& choice : q.choices)
                html += QStringLiteral("&#9744; %1) %2<br>")
                            .arg(QString::fromStdString(choice.id).toHtmlEscaped(),
                                lessonHtml(choice.text, language));
            html += QStringLiteral("</p>");
        } else if (q.kind == engine::LessonQuestion::Kind::OomVictim) {
            QStringList names;
            for (const auto& p : lesson.scenario.processes)
                names << QString::fromStdString(p.name).toHtmlEscaped();
            html += QStringLiteral("<p>%1 %2</p>").arg(tr("Processes:"), names.join(QStringLiteral(", ")));
            html += QStringLiteral("<p>%1 ______________________</p>").arg(tr("My prediction:"));
        } else {
            html += QStringLiteral("<p>%1 ______________________ %2</p>")
                        .arg(tr("My prediction:"), lessonUnit(q.unit));
        }
        html += QStringLiteral("<p>%1 ______________________</p>").arg(tr("What the run showed:"));
        html += QStringLiteral("<p>%1<br>______________________________________________________________<br>"
                               "______________________________________________________________</p>")
                    .arg(tr("Why:"));
    }
    if (!chartResources.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2>").arg(tr("The reference run"));
        for (const QString& name : chartResources)
            html += QStringLiteral("<p><img src=\"%1\" width=\"620\"></p>").arg(name);
    }
    return html;
}

QString answerKeyHtml(
    const engine::Lesson& lesson, const engine::LessonReport& report, const QString& language)
{
    QString html = QLatin1String(kStyle);
    html += QStringLiteral("<h1>%1</h1>").arg(lessonHtml(lesson.title, language));
    html += QStringLiteral("<p class=\"muted\">%1</p>")
                .arg(tr("Answer key — every answer computed by the engine"));
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const auto& step = lesson.steps[i];
        html += QStringLiteral("<h2>%1</h2>").arg(stepHeading(lesson, i, language));
        const engine::LessonStepOutcome* outcome = i < report.steps.size() ? &report.steps[i] : nullptr;
        if (outcome)
            html += QStringLiteral("<p class=\"muted\">%1</p>")
                        .arg(tr("The run stops at %1 s.")
                                 .arg(static_cast<double>(outcome->stoppedAt) / 1e6, 0, 'f', 2));
        if (step.question) {
            const auto& q = *step.question;
            QString answer = tr("(no answer: %1)")
                                 .arg(outcome ? QString::fromStdString(outcome->answerProblem) : QString());
            if (outcome && outcome->answer) {
                answer = QString::fromStdString(outcome->answer->display()).toHtmlEscaped();
                if (q.kind == engine::LessonQuestion::Kind::Number) {
                    answer += QLatin1Char(' ') + lessonUnit(q.unit);
                    if (q.tolerance > 0) {
                        const auto [lo, hi] = engine::acceptedRange(q, outcome->answer->number);
                        answer += QStringLiteral(" <span class=\"muted\">(%1 %2 … %3)</span>")
                                      .arg(tr("accepted:"),
                                          QString::fromStdString(engine::LessonValue::of(lo).display()),
                                          QString::fromStdString(engine::LessonValue::of(hi).display()));
                    }
                } else if (q.kind == engine::LessonQuestion::Kind::Choice) {
                    for (const auto& choice : q.choices) {
                        if (choice.id == outcome->answer->text)
                            answer += QStringLiteral(") ") + lessonHtml(choice.text, language);
                    }
                }
            }
            html +=
                QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Question:"), lessonHtml(q.prompt, language));
            html += box(QStringLiteral("answer"), tr("Answer:"), answer);
        }
        if (!step.explain.empty())
            html += QStringLiteral("<p>%1</p>").arg(lessonHtml(step.explain, language));
        for (std::size_t c = 0; c < step.checks.size(); ++c) {
            const bool ok = outcome && c < outcome->checks.size() && outcome->checks[c].ok;
            html += QStringLiteral("<p class=\"muted\">%1 %2</p>")
                        .arg(ok ? QStringLiteral("&#10003;") : QStringLiteral("&#10007;"),
                            lessonHtml(step.checks[c].text, language));
        }
    }
    return html;
}

HandoutResult writeHandout(
    const engine::Lesson& lesson, std::uint64_t seed, const QString& language, const QString& outDir)
{
    HandoutResult result;
    const QDir dir(outDir);
    if (!QDir().mkpath(outDir)) {
        result.error = tr("cannot create %1").arg(outDir);
        return result;
    }
    auto shared = std::make_shared<const engine::Lesson>(lesson);
    const engine::LessonReport report = engine::runLesson(shared, seed);
    engine::Tick end = 0;
    for (const auto& outcome : report.steps)
        end = std::max(end, outcome.stoppedAt);
    if (end == 0)
        end = lesson.scenario.duration.value_or(30 * engine::kTicksPerSecond);

    const QString chartDir = dir.filePath(QStringLiteral("charts"));
    const ChartResult charts = writeCharts(lesson.scenario, seed, end, chartDir);
    if (!charts.error.isEmpty()) {
        result.error = charts.error;
        return result;
    }
    // The watermark plot, then the plots the steps point at.
    std::vector<QString> stems = { QStringLiteral("watermarks") };
    static const std::vector<std::pair<std::string_view, QString>> kPlotStems = {
        { "plot.lru", QStringLiteral("lru-lists") },
        { "plot.reclaim", QStringLiteral("reclaim-kswapd-direct") },
        { "plot.anon_file", QStringLiteral("reclaim-anon-file") },
        { "plot.swap", QStringLiteral("swap-writeback") }, { "plot.psi", QStringLiteral("pressure") },
        { "memory", QStringLiteral("memory-view") }
    };
    for (const auto& step : lesson.steps) {
        for (const auto& [view, stem] : kPlotStems) {
            if (step.highlight == view && std::find(stems.begin(), stems.end(), stem) == stems.end())
                stems.push_back(stem);
        }
    }
    std::vector<std::pair<QString, QImage>> images;
    QStringList resources;
    for (const QString& stem : stems) {
        const QString path = QDir(chartDir).filePath(stem + QStringLiteral(".png"));
        QImage image(path);
        if (image.isNull())
            continue;
        const QString name = QStringLiteral("chart-") + stem;
        images.emplace_back(name, image);
        resources << name;
        result.files << path;
    }

    const QString id = QString::fromStdString(lesson.id);
    const QString title = QString::fromStdString(lesson.title.in(language.toStdString()));
    const QString worksheet =
        dir.filePath(id + QStringLiteral("-worksheet-") + language + QStringLiteral(".pdf"));
    const QString answers =
        dir.filePath(id + QStringLiteral("-answers-") + language + QStringLiteral(".pdf"));
    writePdf(worksheetHtml(lesson, language, resources), worksheet, language, title, images);
    writePdf(answerKeyHtml(lesson, report, language), answers, language, title, {});
    for (const QString& path : { worksheet, answers }) {
        if (QFileInfo(path).size() == 0) {
            result.error = tr("cannot write %1").arg(path);
            return result;
        }
    }
    result.files.prepend(answers);
    result.files.prepend(worksheet);
    return result;
}

} // namespace rlab::ui
