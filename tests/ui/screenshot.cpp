// SPDX-License-Identifier: GPL-3.0-or-later
// Developer tool: renders the main window after a scenario has run a while and saves it as PNG (for the
// README screenshot and for checking the look without a display). Not a test.
//   ui_screenshot OUT.png [--scenario FILE] [--seconds 20] [--seek 5] [--recording DIR] [--lang zh_CN]
//   [--theme dark] [--size 1920x1080]
//                         [--tab N] [--plot N] [--view NAME] [--full-resolution S] [--switch-lang zh_CN]
#include "compare_dialog.h"
#include "controller/simulation_controller.h"
#include "controller/speed.h"
#include "i18n.h"
#include "main_window.h"
#include "panels/lesson_panel.h"
#include "plot/memory_plot.h"
#include "settings.h"
#include "views/page_map_view.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace rlab;

namespace {

void waitMs(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        QApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2);
    }
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("out"), QStringLiteral("PNG file"));
    const QCommandLineOption scenario(
        QStringLiteral("scenario"), QStringLiteral("scenario"), QStringLiteral("FILE"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("simulated seconds"),
        QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption lang(
        QStringLiteral("lang"), QStringLiteral("language"), QStringLiteral("LANG"), QStringLiteral("en"));
    const QCommandLineOption theme(
        QStringLiteral("theme"), QStringLiteral("theme"), QStringLiteral("THEME"), QStringLiteral("light"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("WxH"), QStringLiteral("SIZE"), QStringLiteral("1920x1080"));
    const QCommandLineOption tab(
        QStringLiteral("tab"), QStringLiteral("bottom tab"), QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption plot(
        QStringLiteral("plot"), QStringLiteral("plot tab"), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption view(QStringLiteral("view"),
        QStringLiteral("a view to bring forward, as a lesson's highlight names it (tab.cgroups)"),
        QStringLiteral("NAME"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("speed index at capture"),
        QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption settle(QStringLiteral("settle"), QStringLiteral("wall ms before the capture"),
        QStringLiteral("MS"), QStringLiteral("2500"));
    const QCommandLineOption lesson(
        QStringLiteral("lesson"), QStringLiteral("lesson file to open"), QStringLiteral("FILE"));
    const QCommandLineOption lessonStep(QStringLiteral("lesson-step"),
        QStringLiteral("reveal this many steps before the capture"), QStringLiteral("N"),
        QStringLiteral("0"));
    const QCommandLineOption lessonAnswer(QStringLiteral("lesson-answer"),
        QStringLiteral("then answer the step with TEXT and press Check"), QStringLiteral("TEXT"));
    const QCommandLineOption teacher(QStringLiteral("teacher"), QStringLiteral("teacher mode on"));
    const QCommandLineOption zoom(QStringLiteral("zoom"), QStringLiteral("Zoom on the watermark plot"));
    const QCommandLineOption fullResolution(QStringLiteral("full-resolution"),
        QStringLiteral("seconds the plots keep at full resolution"), QStringLiteral("S"),
        QStringLiteral("120"));
    const QCommandLineOption switchLang(QStringLiteral("switch-lang"),
        QStringLiteral("switch to LANG from View → Language just before the capture"),
        QStringLiteral("LANG"));
    const QCommandLineOption seek(QStringLiteral("seek"),
        QStringLiteral("after the run, show this simulated second on the timeline"), QStringLiteral("S"));
    const QCommandLineOption recording(QStringLiteral("recording"),
        QStringLiteral("overlay this recording directory on the plots"), QStringLiteral("DIR"));
    const QCommandLineOption compare(QStringLiteral("compare"),
        QStringLiteral("after the run, capture Compare with a Variant for NAME=VALUE instead of the window"),
        QStringLiteral("NAME=VALUE"));
    parser.addOptions({ compare, recording, seek, scenario, seconds, lang, theme, size, tab, plot, view,
        speed, settle, lesson, lessonStep, lessonAnswer, teacher, zoom, fullResolution, switchLang });
    parser.process(app);
    if (parser.positionalArguments().isEmpty()) {
        std::fputs("usage: ui_screenshot OUT.png [options]\n", stderr);
        return 2;
    }
    ui::installTranslations(app, parser.value(lang));
    QTemporaryDir dir;
    ui::Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setTheme(parser.value(theme));
    settings.setRunOnOpen(false);
    ui::MainWindow window(&settings);
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    window.resize(wh.value(0).toInt(), wh.value(1).toInt());
    window.show();
    window.plots()->setZoomed(parser.isSet(zoom));
    window.plots()->setFullResolutionSeconds(parser.value(fullResolution).toDouble());
    waitMs(300);
    // A window switched live should look like one started in that language.
    const auto capture = [&] {
        if (parser.isSet(switchLang)) {
            const QString name = parser.value(switchLang) == QLatin1String("system")
                ? QStringLiteral("lang-system")
                : QStringLiteral("lang-") + parser.value(switchLang);
            if (QAction* a = window.action(name))
                a->trigger();
            else
                ui::setUiLanguage(parser.value(switchLang));
            waitMs(500);
        }
        window.grab().save(parser.positionalArguments().front());
    };
    if (parser.isSet(lesson)) {
        if (!window.openLesson(parser.value(lesson)))
            return 1;
        auto* panel = window.lessonPanel();
        panel->setTeacherMode(parser.isSet(teacher));
        window.controller()->setSpeedIndex(ui::Speed::kMax);
        const auto waitReveal = [panel] {
            for (int i = 0; i < 3000 && !panel->revealed(); ++i)
                waitMs(20);
        };
        const auto doTask = [panel, &window] {
            if (!panel->taskButton()->isVisible() || !panel->taskButton()->isEnabled())
                return;
            panel->taskButton()->click(); // "Do it for me"; the next snapshot says it is done
            for (int i = 0; i < 250 && !window.controller()->latest()->lessonTaskDone; ++i)
                waitMs(20);
        };
        for (int i = 0; i < parser.value(lessonStep).toInt(); ++i) {
            doTask();
            panel->revealButton()->click();
            if (!panel->revealButton()->isVisible())
                panel->checkButton()->click();
            waitReveal();
            for (int j = 0; j < 3000 && !panel->nextButton()->isEnabled(); ++j)
                waitMs(20); // the step's run may still be going
            panel->nextButton()->click();
            waitMs(200);
        }
        doTask();
        if (parser.isSet(lessonAnswer)) {
            panel->setAnswer(parser.value(lessonAnswer));
            panel->checkButton()->click();
            waitReveal();
        }
        waitMs(parser.value(QStringLiteral("settle")).toInt());
        capture();
        std::printf("saved %s at %.3f s\n", qPrintable(parser.positionalArguments().front()),
            static_cast<double>(window.controller()->latest()->now) / 1e6);
        return 0;
    }
    const bool ok =
        parser.isSet(scenario) ? window.openScenario(parser.value(scenario)) : window.openDefaultScenario();
    if (!ok)
        return 1;
    if (parser.isSet(recording) && !window.overlayRecording(parser.value(recording)))
        return 1;
    window.bottomTabs()->setCurrentIndex(parser.value(tab).toInt());
    window.plots()->setCurrentKind(static_cast<ui::MemoryPlots::Kind>(parser.value(plot).toInt()));
    if (parser.isSet(view))
        window.highlightView(parser.value(view));
    auto* c = window.controller();
    const auto target = static_cast<engine::Tick>(parser.value(seconds).toDouble() * 1e6);
    c->setSpeedIndex(ui::Speed::kMax);
    c->run();
    while (c->latest()->now < target - 500'000 && !c->latest()->stopped && !c->latest()->reachedEnd)
        waitMs(20);
    // The last half second at the capture speed, so sprites fly and a followed page has a history.
    c->setSpeedIndex(parser.value(speed).toInt());
    // Follow a page that was just read into the page cache: reclaim will move it again soon.
    engine::FrameIndex follow = engine::kNoFrame;
    QObject::connect(c, &ui::SimulationController::snapshotPublished, c, [c, &follow] {
        for (const auto& e : c->latest()->pageEvents) {
            if (follow == engine::kNoFrame && e.cause == engine::PageCause::Read)
                follow = e.frame;
        }
    });
    for (int i = 0; i < 200 && follow == engine::kNoFrame; ++i)
        waitMs(10);
    c->watchFrame(follow);
    if (parser.isSet(seek)) {
        const auto at = static_cast<engine::Tick>(parser.value(seek).toDouble() * 1e6);
        c->seek(at);
        for (int i = 0; i < 6000 && (c->latest()->now != at || c->latest()->running); ++i)
            waitMs(10);
    }
    if (parser.isSet(compare)) {
        c->pause();
        const QStringList parts = parser.value(compare).split(QLatin1Char('='));
        ui::CompareDialog dialog(
            c->sessionScenario(), c->seed(), c->latest()->headAt, c->memoryLimit(), &window);
        dialog.resize(1800, 960);
        dialog.show();
        dialog.setVariant(parts.value(0), parts.value(1).toLongLong());
        dialog.start();
        while (dialog.running())
            waitMs(50);
        waitMs(parser.value(QStringLiteral("settle")).toInt());
        dialog.grab().save(parser.positionalArguments().front());
        std::printf("saved %s\n", qPrintable(parser.positionalArguments().front()));
        return 0;
    }
    waitMs(parser.value(QStringLiteral("settle")).toInt());
    capture();
    std::printf("saved %s at %.3f s\n", qPrintable(parser.positionalArguments().front()),
        static_cast<double>(c->latest()->now) / 1e6);
    return 0;
}
