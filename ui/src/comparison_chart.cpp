// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison_chart.h"

#include "export.h"
#include "plot/qcp_include.h"
#include "theme.h"

#include <QCoreApplication>
#include <QDir>

#include <limits>

namespace rlab::ui {

namespace {

/// The sum of `names` per sample (e.g. the watermarks of every zone), or empty when one is missing.
QVector<double> summed(const engine::CounterSeries& s, const std::vector<std::string>& names)
{
    QVector<double> out(static_cast<qsizetype>(s.tMs.size()), 0.0);
    for (const std::string& name : names) {
        const auto* col = s.column(name);
        if (!col)
            return {};
        for (qsizetype i = 0; i < out.size(); ++i)
            out[i] += static_cast<double>((*col)[static_cast<std::size_t>(i)]);
    }
    return out;
}

QVector<double> seconds(const engine::CounterSeries& s)
{
    QVector<double> out;
    for (const double t : s.tMs)
        out.push_back(t / 1000.0);
    return out;
}

void addLine(QCPAxisRect* rect, const QVector<double>& x, const QVector<double>& y, const QPen& pen,
    const QString& name, QCPLegend* legend)
{
    if (y.isEmpty())
        return;
    QCPGraph* g = rect->parentPlot()->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setData(x, y, true);
    g->setPen(pen);
    g->setName(name);
    g->addToLegend(legend);
}

} // namespace

QStringList writeComparisonChart(const std::vector<engine::KernelRecording>& kernel,
    const engine::CounterSeries& simulated, const QString& title, const QString& outDir, QString* error)
{
    QStringList files;
    if (!QDir().mkpath(outDir)) {
        *error = QCoreApplication::translate("ComparisonChart", "cannot create %1").arg(outDir);
        return files;
    }
    const ThemeColors& c = Theme::colors();
    QCustomPlot plot;
    plot.setBackground(c.panel);
    plot.plotLayout()->clear();
    auto* heading = new QCPTextElement(&plot, title, Theme::font(15.0, true));
    heading->setTextColor(c.text);
    plot.plotLayout()->addElement(0, 0, heading);
    auto* freeRect = new QCPAxisRect(&plot);
    auto* scanRect = new QCPAxisRect(&plot);
    plot.plotLayout()->addElement(1, 0, freeRect);
    plot.plotLayout()->addElement(2, 0, scanRect);
    auto* legend = new QCPLegend;
    plot.plotLayout()->addElement(3, 0, legend);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(4);
    legend->setBrush(c.panel);
    legend->setBorderPen(QPen(c.grid));
    legend->setTextColor(c.text);
    legend->setFont(Theme::font(11.0));
    legend->setLayer(QStringLiteral("legend"));
    plot.plotLayout()->setRowStretchFactor(0, 0.01);
    plot.plotLayout()->setRowStretchFactor(3, 0.01);
    for (QCPAxisRect* rect : { freeRect, scanRect }) {
        for (QCPAxis* axis : { rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft) }) {
            axis->setBasePen(QPen(c.mutedText, 1));
            axis->setTickPen(QPen(c.mutedText, 1));
            axis->setSubTickPen(QPen(c.mutedText, 1));
            axis->setTickLabelColor(c.text);
            axis->setLabelColor(c.text);
            axis->setTickLabelFont(Theme::font(11.0));
            axis->setLabelFont(Theme::font(12.0));
            axis->grid()->setPen(QPen(c.grid, 1));
        }
        rect->axis(QCPAxis::atBottom)
            ->setLabel(QCoreApplication::translate("ComparisonChart", "time after the steps started (s)"));
    }
    freeRect->axis(QCPAxis::atLeft)
        ->setLabel(QCoreApplication::translate("ComparisonChart", "free pages (all zones)"));
    scanRect->axis(QCPAxis::atLeft)
        ->setLabel(QCoreApplication::translate("ComparisonChart", "pages scanned (cumulative)"));

    const QVector<double> simT = seconds(simulated);
    std::vector<std::string> zoneFree, zoneMin, zoneLow, zoneHigh;
    for (const std::string& z : simulated.zones) {
        zoneFree.push_back(z + "_free");
        zoneMin.push_back(z + "_min");
        zoneLow.push_back(z + "_low");
        zoneHigh.push_back(z + "_high");
    }
    addLine(freeRect, simT, summed(simulated, zoneMin), QPen(c.wmarkMin, 1.5, Qt::DashLine),
        QCoreApplication::translate("ComparisonChart", "min (simulated)"), legend);
    addLine(freeRect, simT, summed(simulated, zoneLow), QPen(c.wmarkLow, 1.5, Qt::DashLine),
        QCoreApplication::translate("ComparisonChart", "low (simulated)"), legend);
    addLine(freeRect, simT, summed(simulated, zoneHigh), QPen(c.wmarkHigh, 1.5, Qt::DashLine),
        QCoreApplication::translate("ComparisonChart", "high (simulated)"), legend);

    // The kernel's runs in muted tones under the simulation's strong lines.
    const QColor kernelFree = c.mutedText;
    QColor kswapdKernel = c.kswapd;
    kswapdKernel.setAlpha(130);
    QColor directKernel = c.direct;
    directKernel.setAlpha(130);
    for (std::size_t r = 0; r < kernel.size(); ++r) {
        const engine::CounterSeries& k = kernel[r].series;
        const QVector<double> t = seconds(k);
        const Qt::PenStyle style = r == 0 ? Qt::SolidLine : Qt::DotLine;
        addLine(freeRect, t, summed(k, { "nr_free_pages" }), QPen(kernelFree, 2.0, style),
            QCoreApplication::translate("ComparisonChart", "free, Linux 6.1 run %1").arg(r + 1), legend);
        addLine(scanRect, t, summed(k, { "pgscan_kswapd" }), QPen(kswapdKernel, 2.0, style),
            QCoreApplication::translate("ComparisonChart", "kswapd, Linux 6.1 run %1").arg(r + 1), legend);
        addLine(scanRect, t, summed(k, { "pgscan_direct" }), QPen(directKernel, 2.0, style),
            QCoreApplication::translate("ComparisonChart", "direct, Linux 6.1 run %1").arg(r + 1), legend);
    }
    addLine(freeRect, simT, summed(simulated, { "nr_free_pages" }), QPen(c.free.darker(130), 2.5),
        QCoreApplication::translate("ComparisonChart", "free, ReclaimLab"), legend);
    addLine(scanRect, simT, summed(simulated, { "pgscan_kswapd" }), QPen(c.kswapd, 2.5),
        QCoreApplication::translate("ComparisonChart", "kswapd, ReclaimLab"), legend);
    addLine(scanRect, simT, summed(simulated, { "pgscan_direct" }), QPen(c.direct, 2.5),
        QCoreApplication::translate("ComparisonChart", "direct, ReclaimLab"), legend);

    double endS = simT.isEmpty() ? 1.0 : simT.back();
    for (const auto& k : kernel)
        endS = std::max(endS, k.endMs / 1000.0);
    // Free pages on a log scale: the fall from hundreds of thousands and the watermarks near the floor
    // both stay readable.
    QCPAxis* freeAxis = freeRect->axis(QCPAxis::atLeft);
    freeAxis->setScaleType(QCPAxis::stLogarithmic);
    freeAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    freeAxis->setNumberFormat(QStringLiteral("gb"));
    for (QCPAxisRect* rect : { freeRect, scanRect }) {
        rect->axis(QCPAxis::atBottom)->setRange(0, endS);
        double lower = std::numeric_limits<double>::max();
        double upper = 0;
        for (QCPGraph* g : rect->graphs()) {
            bool found = false;
            const QCPRange r = g->getValueRange(found, QCP::sdPositive, QCPRange(0, endS));
            if (found) {
                lower = std::min(lower, r.lower);
                upper = std::max(upper, r.upper);
            }
        }
        if (upper <= 0) {
            lower = 1;
            upper = 10;
        }
        if (rect == freeRect)
            freeAxis->setRange(std::max(1.0, lower / 2), upper * 2);
        else
            rect->axis(QCPAxis::atLeft)->setRange(0, upper * 1.05);
    }

    ExportOptions options;
    options.preset = SizePreset::Hd1080;
    const QDir dir(outDir);
    for (const ExportFormat format : { ExportFormat::Png, ExportFormat::Svg }) {
        options.format = format;
        const QString path = dir.filePath(QStringLiteral("compare.") + formatSuffix(format));
        const Renderer renderer = [&plot](QPaintDevice& device, const QSize& size, bool) {
            QCPPainter painter(&device);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.fillRect(QRect(QPoint(0, 0), size), Theme::colors().panel);
            plot.toPainter(&painter, size.width(), size.height());
        };
        if (!exportRendering(renderer, path, options, title, error)) {
            *error = path + QStringLiteral(": ") + *error;
            return files;
        }
        files << path;
    }
    return files;
}

} // namespace rlab::ui
