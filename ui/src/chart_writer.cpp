// SPDX-License-Identifier: GPL-3.0-or-later
#include "chart_writer.h"

#include "controller/snapshot.h"
#include "export.h"
#include "plot/memory_plot.h"
#include "views/lru_view.h"
#include "views/page_map_view.h"

#include <rlab/engine/simulator.h>
#include <rlab/engine/timeseries_csv.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPainter>

#include <exception>

namespace rlab::ui {

ChartResult writeCharts(const engine::Recording& recording, const engine::Simulator& sim,
    const QString& scenarioName, const QString& outDir)
{
    ChartResult result;
    if (!QDir().mkpath(outDir)) {
        result.error = QCoreApplication::translate("Charts", "cannot create %1").arg(outDir);
        return result;
    }
    const std::vector<engine::Sample> samples =
        engine::samplesEvery(recording.samples, engine::kPlotSampleInterval);
    const engine::SeriesLayout noLayout;
    const engine::SeriesLayout& layout = recording.layout ? *recording.layout : noLayout;
    MemoryPlots plots;
    LruView memory;
    PageMapView map;
    try {
        Snapshot first;
        fillState(first, sim);
        first.seriesLayout = recording.layout;
        if (!samples.empty()) // a Recorder always has the sample at the start
            first.samples.push_back(samples.front());
        const auto bootEnd = recording.events.begin() + static_cast<std::ptrdiff_t>(recording.bootEvents);
        first.events.assign(recording.events.begin(), bootEnd);
        plots.reset(first);

        // Feed the plots the way the worker does: events and samples in batches of 100 ms.
        constexpr engine::Tick kBatch = 100 * engine::kTicksPerMs;
        auto sample = samples.empty() ? samples.end() : samples.begin() + 1;
        auto event = bootEnd;
        for (engine::Tick at = 0; at < sim.now();) {
            at = std::min(sim.now(), at + kBatch);
            Snapshot batch;
            batch.now = at;
            for (; sample != samples.end() && sample->at <= at; ++sample)
                batch.samples.push_back(*sample);
            for (; event != recording.events.end() && (event->at <= at || at == sim.now()); ++event)
                batch.events.push_back(*event);
            plots.addSnapshot(batch);
        }
        Snapshot last;
        fillState(last, sim);
        last.pageMap = std::make_shared<const PageMapSnapshot>(buildPageMap(sim, 24000));
        memory.setTitle(QCoreApplication::translate("Charts", "Memory · %1 at %2 s")
                            .arg(scenarioName)
                            .arg(static_cast<double>(sim.now()) / 1e6, 0, 'f', 1));
        memory.setSnapshot(last);
        map.setSnapshot(last);
        result.end = sim.now();
        if (sim.stopped())
            result.stopReason = QString::fromStdString(sim.stopReason());
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
        return result;
    }
    plots.setFollowing(false);
    plots.showRange(0.0, static_cast<double>(result.end) / 1e6);

    const QDir dir(outDir);
    ExportOptions options;
    options.preset = SizePreset::Hd1080;
    const auto write = [&](const Renderer& renderer, const QString& stem, const QString& title) {
        for (const ExportFormat format : { ExportFormat::Png, ExportFormat::Svg }) {
            options.format = format;
            const QString path = dir.filePath(stem + QLatin1Char('.') + formatSuffix(format));
            QString error;
            if (!exportRendering(renderer, path, options, title, &error)) {
                result.error = path + QStringLiteral(": ") + error;
                return false;
            }
            result.files << path;
        }
        return true;
    };
    for (int k = 0; k < MemoryPlots::kKindCount; ++k) {
        const auto kind = static_cast<MemoryPlots::Kind>(k);
        const Renderer r = [&plots, kind](QPaintDevice& device, const QSize& size, bool large) {
            plots.render(kind, device, size, large);
        };
        if (!write(r, MemoryPlots::fileStem(kind), MemoryPlots::title(kind)))
            return result;
    }
    const Renderer memoryRenderer = [&memory](QPaintDevice& device, const QSize& size, bool) {
        QPainter p(&device);
        p.setRenderHint(QPainter::Antialiasing);
        memory.render(p, QRectF(QPointF(0, 0), QSizeF(size)), std::max(1.0, size.width() / 1300.0));
    };
    if (!write(memoryRenderer, QStringLiteral("memory-view"), LruView::tr("Memory")))
        return result;
    const Renderer mapRenderer = [&map](QPaintDevice& device, const QSize& size, bool) {
        QPainter p(&device);
        map.render(p, QRectF(QPointF(0, 0), QSizeF(size)), std::max(1.0, size.width() / 1300.0));
    };
    if (!write(mapRenderer, QStringLiteral("page-map"), PageMapView::tr("Physical memory map")))
        return result;
    QFile csv(dir.filePath(QStringLiteral("series.csv")));
    const std::string text = engine::timeseriesCsv(layout, samples);
    if (!csv.open(QIODevice::WriteOnly) || csv.write(text.data(), static_cast<qint64>(text.size())) < 0) {
        result.error = csv.fileName() + QStringLiteral(": ") + csv.errorString();
        return result;
    }
    result.files << csv.fileName();
    return result;
}

ChartResult writeCharts(const engine::Scenario& scenario, std::uint64_t seed, engine::Tick duration,
    const QString& outDir, std::uint64_t memoryLimit)
{
    if (auto error = engine::Simulator::validate(scenario, memoryLimit)) {
        ChartResult result;
        result.error = QString::fromStdString(*error);
        return result;
    }
    try {
        engine::Simulator sim(scenario, seed, memoryLimit);
        engine::Recorder recorder(sim, scenario, engine::kPlotSampleInterval);
        recorder.setEnd(duration);
        recorder.run();
        return writeCharts(recorder.takeRecording(), sim, QString::fromStdString(scenario.name), outDir);
    } catch (const std::exception& e) {
        ChartResult result;
        result.error = QString::fromUtf8(e.what());
        return result;
    }
}

} // namespace rlab::ui
