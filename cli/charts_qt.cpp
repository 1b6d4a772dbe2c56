// SPDX-License-Identifier: GPL-3.0-or-later
// --charts: the only Qt code of the command line, built when the desktop app's ui library is.
#include "chart_writer.h"
#include "charts.h"
#include "handout.h"
#include "i18n.h"

#include <QApplication>

namespace rlab::cli {

bool chartsAvailable()
{
    return true;
}

std::string writeCharts(const engine::Scenario& scenario, std::uint64_t seed, engine::Tick duration,
    const std::string& dir, std::vector<std::string>& files)
{
    // Drawing needs a QApplication; the offscreen platform needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "reclaimlab-cli";
    char* argv[] = { name, nullptr };
    QApplication app(argc, argv);
    const ui::ChartResult result = ui::writeCharts(scenario, seed, duration, QString::fromStdString(dir));
    for (const QString& file : result.files)
        files.push_back(file.toStdString());
    return result.error.toStdString();
}

std::string writeHandout(const engine::Lesson& lesson, std::uint64_t seed, const std::string& language,
    const std::string& dir, std::vector<std::string>& files)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "reclaimlab-cli";
    char* argv[] = { name, nullptr };
    QApplication app(argc, argv);
    ui::installTranslations(app, QString::fromStdString(language));
    const ui::HandoutResult result =
        ui::writeHandout(lesson, seed, QString::fromStdString(language), QString::fromStdString(dir));
    for (const QString& file : result.files)
        files.push_back(file.toStdString());
    return result.error.toStdString();
}

} // namespace rlab::cli
