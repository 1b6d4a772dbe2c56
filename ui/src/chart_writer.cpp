// SPDX-License-Identifier: GPL-3.0-or-later
#include "chart_writer.h"

#include "controller/simulation_worker.h"
#include "controller/snapshot.h"
#include "export.h"
#include "plot/memory_plot.h"
#include "views/lru_view.h"
#include "views/page_map_view.h"

#include <rlab/engine/simulator.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPainter>

#include <exception>

namespace rlab::ui {

ChartResult writeCharts(
    const engine::Scenario& scenario, std::uint64_t seed, engine::Tick duration, const QString& outDir)
{
    ChartResult result;
    if (!QDir().mkpath(outDir)) {
        result.error = QCoreApplication::translate("Charts", "cannot create %1").arg(outDir);
        return result;
    }
    if (auto error = engine::Simulator::validate(scenario)) {
        result.error = QString::fromStdString(*error);
        return result;
    }
    MemoryPlots plots;
    LruView memory;
    PageMapView map;
    try {
        engine::Simulator sim(scenario, seed);
        Snapshot first;
        fillState(first, sim);
        first.samples.push_back(takeSample(sim, 0.0));
        first.events = sim.drainEvents();
        plots.reset(first);

        // Feed the plots the way the worker does: one sample per 10 ms, events in 100 ms batches.
        constexpr engine::Tick kBatch = 100 * engine::kTicksPerMs;
        engine::Tick nextSample = SimulationWorker::kSampleInterval;
        int steps = 0;
        int kswapdSteps = 0;
        while (sim.now() < duration && !sim.stopped()) {
            Snapshot batch;
            const engine::Tick batchEnd = std::min(duration, sim.now() + kBatch);
            while (sim.now() < batchEnd && !sim.stopped()) {
                sim.step();
                ++steps;
                kswapdSteps += anyKswapdRunning(sim) ? 1 : 0;
                if (sim.now() >= nextSample) {
                    batch.samples.push_back(
                        takeSample(sim, steps ? static_cast<double>(kswapdSteps) / steps : 0.0));
                    steps = kswapdSteps = 0;
                    nextSample += SimulationWorker::kSampleInterval;
                }
            }
            fillState(batch, sim);
            batch.events = sim.drainEvents();
            plots.addSnapshot(batch);
        }
        Snapshot last;
        fillState(last, sim);
        last.pageMap = std::make_shared<const PageMapSnapshot>(buildPageMap(sim, 24000));
        memory.setTitle(QCoreApplication::translate("Charts", "Memory · %1 at %2 s")
                            .arg(QString::fromStdString(scenario.name))
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
    if (!csv.open(QIODevice::WriteOnly) || csv.write(plots.history().toCsv().toUtf8()) < 0) {
        result.error = csv.fileName() + QStringLiteral(": ") + csv.errorString();
        return result;
    }
    result.files << csv.fileName();
    return result;
}

} // namespace rlab::ui
