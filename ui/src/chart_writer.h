// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

/// Runs a scenario headless on the calling thread and writes the app's charts: each plot, the memory view
/// and the page map as PNG and SVG at 1920 × 1080, plus series.csv. Needs a QApplication (the offscreen
/// platform is enough). Used by `reclaimlab --charts` and when there is no display.
ChartResult writeCharts(
    const engine::Scenario& scenario, std::uint64_t seed, engine::Tick duration, const QString& outDir);

} // namespace rlab::ui
