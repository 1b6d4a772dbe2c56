// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>

#include <QString>
#include <QStringList>

namespace rlab::ui {

struct ChartResult
{
    QStringList files; ///< every file written, in order
    QString error; ///< empty on success
    engine::Tick end = 0; ///< simulated time reached
    QString stopReason; ///< set when the run stopped before `duration`
};

/// Writes the app's charts of a recorded run: each plot (from the samples every kPlotSampleInterval),
/// the memory view and the page map (of `sim`, the machine at the end of the run) as PNG and SVG at
/// 1920 × 1080, plus series.csv (engine::timeseriesCsv). Needs a QApplication (the offscreen platform is
/// enough). Used by `reclaimlab-cli run --charts`.
ChartResult writeCharts(const engine::Recording& recording, const engine::Simulator& sim,
    const QString& scenarioName, const QString& outDir);
/// Records a scenario headless on the calling thread (engine::Recorder), then writes its charts as above.
/// Used by `reclaimlab --charts`, the lesson handouts and when there is no display. `memoryLimit`: as
/// Simulator::validate takes it (the app's --memory-limit).
ChartResult writeCharts(const engine::Scenario& scenario, std::uint64_t seed, engine::Tick duration,
    const QString& outDir, std::uint64_t memoryLimit = engine::kDefaultMemoryLimit);

} // namespace rlab::ui
