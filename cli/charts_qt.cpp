// SPDX-License-Identifier: GPL-3.0-or-later
// --charts and lesson export: the only Qt code of the command line, built when the desktop app's ui
// library is.
#include "chart_writer.h"
#include "charts.h"
#include "comparison_chart.h"
#include "handout.h"
#include "i18n.h"
#include "plot/memory_plot.h"

#include <QApplication>

#include <functional>

namespace rlab::cli {

namespace {

/// Runs `draw` inside a QApplication on the offscreen platform (drawing needs one; it needs no
/// display), in `language` when one is given. Returns draw's error and adds what it wrote to `files`.
std::string withApplication(const std::string& language, std::vector<std::string>& files,
    const std::function<std::pair<QStringList, QString>()>& draw)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "reclaimlab-cli";
    char* argv[] = { name, nullptr };
    QApplication app(argc, argv);
    if (!language.empty())
        ui::installTranslations(app, QString::fromStdString(language));
    const auto [written, error] = draw();
    for (const QString& file : written)
        files.push_back(file.toStdString());
    return error.toStdString();
}

} // namespace

bool chartsAvailable()
{
    return true;
}

bool chartsUseEvent(engine::EventKind kind)
{
    return ui::MemoryPlots::markerFor(kind).has_value();
}

std::string writeCharts(const engine::Recording& recording, const engine::Simulator& sim,
    const std::string& scenarioName, const std::string& dir, std::vector<std::string>& files)
{
    return withApplication({}, files, [&] {
        const ui::ChartResult r = ui::writeCharts(
            recording, sim, QString::fromStdString(scenarioName), QString::fromStdString(dir));
        return std::pair { r.files, r.error };
    });
}

std::string writeComparisonChart(const std::vector<engine::KernelRecording>& kernel,
    const engine::CounterSeries& simulated, const std::string& title, const std::string& language,
    const std::string& dir, std::vector<std::string>& files)
{
    return withApplication(language == "en" ? std::string() : language, files, [&] {
        QString error;
        const QStringList written = ui::writeComparisonChart(
            kernel, simulated, QString::fromStdString(title), QString::fromStdString(dir), &error);
        return std::pair { written, error };
    });
}

std::string writeVariantChart(const std::vector<std::pair<std::string, engine::CounterSeries>>& variants,
    const std::string& title, const std::string& language, const std::string& dir,
    std::vector<std::string>& files)
{
    return withApplication(language == "en" ? std::string() : language, files, [&] {
        std::vector<ui::ChartVariant> chart;
        for (const auto& [label, series] : variants)
            chart.push_back({ QString::fromStdString(label), series });
        QString error;
        const QStringList written =
            ui::writeVariantChart(chart, QString::fromStdString(title), QString::fromStdString(dir), &error);
        return std::pair { written, error };
    });
}

std::string writeHandout(const engine::Lesson& lesson, std::uint64_t seed, const std::string& language,
    const std::string& dir, std::vector<std::string>& files)
{
    return withApplication(language, files, [&] {
        const ui::HandoutResult r =
            ui::writeHandout(lesson, seed, QString::fromStdString(language), QString::fromStdString(dir));
        return std::pair { r.files, r.error };
    });
}

} // namespace rlab::cli
