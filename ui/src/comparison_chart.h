// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/fidelity.h>

#include <QString>
#include <QStringList>

#include <vector>

class QCustomPlot;

namespace rlab::ui {

/// Draws a kernel-lab recording (each run) and its simulated replay in one chart, as compare.png and
/// compare.svg (1920 × 1080) in `outDir`: free pages against the simulated watermarks above, pages
/// scanned by kswapd and by direct reclaim below. Needs a QApplication. Returns the files written; on
/// failure sets `error`. Used by `reclaimlab-cli compare-recording --out`.
QStringList writeComparisonChart(const std::vector<engine::KernelRecording>& kernel,
    const engine::CounterSeries& simulated, const QString& title, const QString& outDir, QString* error);

/// Writes `plot` at 1920 × 1080 into `path` as PNG, SVG or PDF (by its suffix). On failure returns false
/// and sets `error` naming the file.
bool exportChartFile(QCustomPlot& plot, const QString& path, const QString& title, QString* error);

/// One run of a comparison: its label ("vm.swappiness=100") and its samples.
struct ChartVariant
{
    QString label;
    engine::CounterSeries series;
};

/// Draws two or more runs of a scenario on one clock, one colour per run, as compare.png and compare.svg
/// (1920 × 1080) in `outDir`: free pages against the low watermark, the anon and file LRU, pages scanned
/// and swapped out, refaults and allocation stalls. Needs a QApplication. Returns the files written; on
/// failure sets `error`. Used by `reclaimlab-cli compare`.
QStringList writeVariantChart(
    const std::vector<ChartVariant>& variants, const QString& title, const QString& outDir, QString* error);
/// Draws that chart into `plot` (its layout replaced): the app's Compare dialog shows it.
void drawVariantChart(QCustomPlot& plot, const std::vector<ChartVariant>& variants, const QString& title);

} // namespace rlab::ui
