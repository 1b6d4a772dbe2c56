// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab: the desktop app. Only wiring: choose the platform, load translations, then either open the
// main window or, without a display (or with --charts), write the charts headless.
#include "chart_writer.h"
#include "controller/simulation_controller.h"
#include "format.h"
#include "gui_benchmark.h"
#include "i18n.h"
#include "main_window.h"
#include "settings.h"

#include <rlab/engine/lesson.h>
#include <rlab/engine/scenario.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QWindow>

#include <cstdio>
#include <cstring>
#include <optional>
#include <thread>

namespace {

bool hasArgument(int argc, char** argv, const char* name)
{
    const std::size_t n = std::strlen(name);
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0 || (std::strncmp(argv[i], name, n) == 0 && argv[i][n] == '='))
            return true;
    }
    return false;
}

void print(FILE* stream, const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fputc('\n', stream);
}

const QString kBenchmarkScenario = QStringLiteral(":/benchmark/benchmark-16g.json");

/// `--benchmark`: the main window at 1920 × 1080 with fresh settings, the scenario at maximum speed,
/// frame times and the slider's delay printed as a table and one machine-readable line.
int runBenchmark(
    const QString& scenarioPath, qint64 durationMs, const QString& theme, std::uint64_t memoryLimit)
{
    QTemporaryDir dir;
    rlab::ui::Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    if (!theme.isEmpty())
        settings.setTheme(theme);
    settings.setRunOnOpen(false);
    rlab::ui::MainWindow window(&settings);
    window.resize(1920, 1080);
    window.show();
    window.controller()->setMemoryLimit(memoryLimit);
    const QString path = scenarioPath.isEmpty() ? kBenchmarkScenario : scenarioPath;
    if (!window.openScenario(path))
        return 2;
    QElapsedTimer wait;
    wait.start();
    while (!(window.windowHandle() && window.windowHandle()->isExposed()) && wait.elapsed() < 5000) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    rlab::ui::GuiBenchmarkOptions options;
    options.durationMs = durationMs;
    rlab::ui::GuiBenchmark benchmark(&window, options);
    const rlab::ui::GuiBenchmarkResult result = benchmark.run();
    if (!result.ok) {
        print(stderr, QApplication::translate("main", "reclaimlab: %1").arg(result.error));
        return 1;
    }
    print(stdout, rlab::ui::GuiBenchmark::table(result));
    print(stdout, rlab::ui::GuiBenchmark::line(result));
    if (result.width != 1920 || result.height != 1080)
        print(stderr,
            QApplication::translate("main", "Warning: the window was %1×%2, not 1920×1080.")
                .arg(result.width)
                .arg(result.height));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // The platform must be chosen before QApplication exists: without a display (and without an explicit
    // QT_QPA_PLATFORM or -platform) the app writes its charts instead of opening a window.
    const bool platformChosen =
        qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || hasArgument(argc, argv, "-platform");
    const bool noDisplay =
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    const bool chartsAsked = hasArgument(argc, argv, "--charts");
    const bool benchmarkAsked = hasArgument(argc, argv, "--benchmark");
    const bool headless = chartsAsked || (!platformChosen && noDisplay && !benchmarkAsked);
    // The benchmark paints a real window: offscreen when there is no display.
    if ((headless || benchmarkAsked) && !platformChosen && (noDisplay || chartsAsked))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ReclaimLab"));
    QApplication::setApplicationName(QStringLiteral("reclaimlab"));
    QApplication::setApplicationDisplayName(QStringLiteral("ReclaimLab"));
    QApplication::setApplicationVersion(QStringLiteral(RLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("reclaimlab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Watch Linux 6.1 reclaim memory, and steer it live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption chartsOption(QStringLiteral("charts"),
        QApplication::translate("main", "Write the charts (PNG, SVG, CSV) into DIR without a window."),
        QStringLiteral("DIR"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
        QApplication::translate("main",
            "Simulated time for --charts, e.g. 30s or 500ms (default 30s); wall time measured by "
            "--benchmark (default 20s)."),
        QStringLiteral("TIME"), QStringLiteral("30s"));
    const QCommandLineOption benchmarkOption(QStringLiteral("benchmark"),
        QApplication::translate("main",
            "Measure the GUI: the window at 1920×1080 runs SCENARIO (default: a built-in 16 GiB machine) "
            "at maximum speed and prints frame-time percentiles and how many frames a slider's effect "
            "takes to show."));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QApplication::translate("main", "Random seed (default: the scenario's)."), QStringLiteral("N"));
    const QCommandLineOption langOption(QStringLiteral("lang"),
        QApplication::translate("main", "User interface language, e.g. zh_CN or en."),
        QStringLiteral("LANG"));
    const QCommandLineOption themeOption(
        QStringLiteral("theme"), QApplication::translate("main", "light or dark."), QStringLiteral("THEME"));
    const QCommandLineOption pausedOption(
        QStringLiteral("paused"), QApplication::translate("main", "Open the scenario paused."));
    const QCommandLineOption memoryLimitOption(QStringLiteral("memory-limit"),
        QApplication::translate("main",
            "Engine memory a scenario may need before it is refused, from 64M to 1T (default 8G); RAM costs "
            "about 60 bytes per 4 KiB page."),
        QStringLiteral("SIZE"));
    parser.addOptions({ chartsOption, durationOption, benchmarkOption, seedOption, langOption, themeOption,
        pausedOption, memoryLimitOption });
    parser.addPositionalArgument(QStringLiteral("scenario"),
        QApplication::translate("main", "Scenario or lesson file to open (default: the built-in scenario)."),
        QStringLiteral("[SCENARIO]"));
    parser.process(app);

    rlab::ui::Settings settings;
    // --lang is for this run only: the saved language stays until View → Language chooses another.
    const QString language = parser.isSet(langOption) ? parser.value(langOption) : settings.language();
    rlab::ui::installTranslations(app, language);
    if (parser.isSet(themeOption))
        settings.setTheme(parser.value(themeOption));

    std::uint64_t memoryLimit = rlab::engine::kDefaultMemoryLimit;
    if (parser.isSet(memoryLimitOption)) {
        if (auto error =
                rlab::engine::parseMemoryLimit(parser.value(memoryLimitOption).toStdString(), memoryLimit)) {
            print(stderr, QString::fromStdString(*error));
            return 2;
        }
    }

    const QStringList positional = parser.positionalArguments();
    const QString scenarioPath = positional.isEmpty() ? QString() : positional.front();

    // --duration, checked once for both uses; reports the error itself.
    const auto durationValue = [&]() -> std::optional<rlab::engine::Tick> {
        const auto duration = rlab::engine::parseDuration(parser.value(durationOption).toStdString());
        if (!duration || *duration <= 0) {
            print(stderr,
                QApplication::translate(
                    "main", "--duration: '%1' is not a duration; expected e.g. 30s, 500ms, 2m")
                    .arg(parser.value(durationOption)));
            return std::nullopt;
        }
        return duration;
    };

    if (parser.isSet(benchmarkOption) && !chartsAsked) {
        qint64 durationMs = 20'000;
        if (parser.isSet(durationOption)) {
            const auto duration = durationValue();
            if (!duration)
                return 2;
            durationMs = std::max<qint64>(1, *duration / 1000);
        }
        return runBenchmark(scenarioPath, durationMs, parser.value(themeOption), memoryLimit);
    }

    if (headless) {
        const QString source =
            scenarioPath.isEmpty() ? QStringLiteral(":/scenarios/default.json") : scenarioPath;
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly)) {
            print(stderr,
                QApplication::translate("main", "%1: cannot read: %2").arg(source, file.errorString()));
            return 2;
        }
        // A lesson draws the charts of its scenario.
        const std::string text = file.readAll().toStdString();
        rlab::engine::ParseResult parsed;
        if (rlab::engine::looksLikeLesson(text)) {
            rlab::engine::LessonParseResult lesson = rlab::engine::parseLesson(text);
            if (lesson.lesson)
                parsed.scenario = std::move(lesson.lesson->scenario);
            parsed.error = std::move(lesson.error);
        } else {
            parsed = rlab::engine::parseScenario(text);
        }
        if (!parsed.scenario) {
            print(stderr, source + QStringLiteral(": ") + QString::fromStdString(parsed.error));
            return 2;
        }
        const auto duration = durationValue();
        if (!duration)
            return 2;
        std::uint64_t seed = parsed.scenario->seed;
        if (parser.isSet(seedOption)) {
            bool ok = false;
            seed = parser.value(seedOption).toULongLong(&ok);
            if (!ok) {
                print(stderr,
                    QApplication::translate("main", "--seed: '%1' is not an integer")
                        .arg(parser.value(seedOption)));
                return 2;
            }
        }
        const QString stem = scenarioPath.isEmpty()
            ? QStringLiteral("default")
            : rlab::ui::slugify(QFileInfo(scenarioPath).completeBaseName());
        const QString outDir = parser.isSet(chartsOption)
            ? parser.value(chartsOption)
            : QDir(QStringLiteral("reclaimlab-out")).filePath(stem + QStringLiteral("/charts"));
        // Checked here, not only in writeCharts(), so a refusal names the flag that raises the limit.
        if (const QString error = rlab::ui::SimulationController::validate(*parsed.scenario, memoryLimit);
            !error.isEmpty()) {
            print(stderr, QApplication::translate("main", "reclaimlab: %1").arg(error));
            return 1;
        }
        if (!chartsAsked)
            print(stdout,
                QApplication::translate(
                    "main", "No display found: writing charts instead of opening a window."));
        const rlab::ui::ChartResult result =
            rlab::ui::writeCharts(*parsed.scenario, seed, *duration, outDir, memoryLimit);
        if (!result.error.isEmpty()) {
            print(stderr, QApplication::translate("main", "reclaimlab: %1").arg(result.error));
            return 1;
        }
        print(stdout,
            QApplication::translate("main", "Ran “%1” for %2 s of simulated time; wrote %n file(s) to %3:",
                nullptr, static_cast<int>(result.files.size()))
                .arg(QString::fromStdString(parsed.scenario->name))
                .arg(static_cast<double>(result.end) / 1e6, 0, 'f', 1)
                .arg(QDir(outDir).absolutePath()));
        for (const QString& f : result.files)
            print(stdout, QStringLiteral("  ") + f);
        if (!result.stopReason.isEmpty())
            print(
                stdout, QApplication::translate("main", "The run stopped early: %1").arg(result.stopReason));
        return 0;
    }

    rlab::ui::MainWindow window(&settings);
    window.controller()->setMemoryLimit(memoryLimit);
    if (parser.isSet(pausedOption))
        window.controller()->setRunOnLoad(false);
    if (scenarioPath.isEmpty() || !window.openScenario(scenarioPath))
        window.openDefaultScenario();
    window.show();
    return QApplication::exec();
}
