// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparison_chart.h"

#include "export.h"
#include "plot/qcp_include.h"
#include "theme.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>

#include <array>
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

/// A cumulative counter from the series' start: a real machine's counters count since its boot.
QVector<double> sinceStart(QVector<double> values)
{
    if (!values.isEmpty()) {
        const double first = values.front();
        for (double& v : values)
            v -= first;
    }
    return values;
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
    if (legend) // null: a line the legend does not name
        g->addToLegend(legend);
}

void styleRect(QCPAxisRect* rect, const QString& xLabel, const QString& yLabel)
{
    const ThemeColors& c = Theme::colors();
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
    rect->axis(QCPAxis::atBottom)->setLabel(xLabel);
    rect->axis(QCPAxis::atLeft)->setLabel(yLabel);
}

/// A plot with a title row; the caller adds its axis rects below it.
void startPlot(QCustomPlot& plot, const QString& title)
{
    plot.setBackground(Theme::colors().panel);
    plot.setAutoAddPlottableToLegend(false); // each chart names the lines its legend shows
    plot.setLocale(QLocale::c()); // "1·10⁶" in every language: another locale's exponent defeats it
    plot.plotLayout()->clear();
    auto* heading = new QCPTextElement(&plot, title, Theme::font(15.0, true));
    heading->setTextColor(Theme::colors().text);
    plot.plotLayout()->addElement(0, 0, heading);
    plot.plotLayout()->setRowStretchFactor(0, 0.01);
}

QCPLegend* addLegend(QCustomPlot& plot, int row, int columns)
{
    const ThemeColors& c = Theme::colors();
    auto* legend = new QCPLegend;
    plot.plotLayout()->addElement(row, 0, legend);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBrush(c.panel);
    legend->setBorderPen(QPen(c.grid));
    legend->setTextColor(c.text);
    legend->setFont(Theme::font(11.0));
    legend->setLayer(QStringLiteral("legend"));
    plot.plotLayout()->setRowStretchFactor(row, 0.01);
    return legend;
}

/// Time axis 0..endS; the value axis from 0 (or, on a log axis, from half the smallest value) to a
/// little above the largest value any graph has.
void fitRanges(QCPAxisRect* rect, double endS)
{
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
    QCPAxis* axis = rect->axis(QCPAxis::atLeft);
    if (axis->scaleType() == QCPAxis::stLogarithmic)
        axis->setRange(std::max(1.0, lower / 2), upper * 2);
    else
        axis->setRange(0, upper * 1.05);
}

/// A log scale: a fall from hundreds of thousands of pages and the watermarks near the floor both stay
/// readable.
void setLogScale(QCPAxisRect* rect)
{
    QCPAxis* axis = rect->axis(QCPAxis::atLeft);
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    axis->setNumberFormat(QStringLiteral("gb"));
}

/// Writes BASE.png and BASE.svg (1920 × 1080) of `plot` into `outDir`.
QStringList exportPlot(
    QCustomPlot& plot, const QString& outDir, const QString& base, const QString& title, QString* error)
{
    QStringList files;
    const QDir dir(outDir);
    for (const ExportFormat format : { ExportFormat::Png, ExportFormat::Svg }) {
        const QString path = dir.filePath(base + QStringLiteral(".") + formatSuffix(format));
        if (!exportChartFile(plot, path, title, error))
            return files;
        files << path;
    }
    return files;
}

} // namespace

bool exportChartFile(QCustomPlot& plot, const QString& path, const QString& title, QString* error)
{
    ExportOptions options;
    options.preset = SizePreset::Hd1080;
    options.format = formatForPath(path, ExportFormat::Png);
    const Renderer renderer = [&plot](QPaintDevice& device, const QSize& size, bool) {
        QCPPainter painter(&device);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.fillRect(QRect(QPoint(0, 0), size), Theme::colors().panel);
        plot.toPainter(&painter, size.width(), size.height());
    };
    if (!exportRendering(renderer, path, options, title, error)) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    return true;
}

QStringList writeComparisonChart(const std::vector<engine::KernelRecording>& kernel,
    const engine::CounterSeries& simulated, const QString& title, const QString& outDir, QString* error)
{
    if (!QDir().mkpath(outDir)) {
        *error = QCoreApplication::translate("ComparisonChart", "cannot create %1").arg(outDir);
        return {};
    }
    const ThemeColors& c = Theme::colors();
    QCustomPlot plot;
    startPlot(plot, title);
    auto* freeRect = new QCPAxisRect(&plot);
    auto* scanRect = new QCPAxisRect(&plot);
    plot.plotLayout()->addElement(1, 0, freeRect);
    plot.plotLayout()->addElement(2, 0, scanRect);
    QCPLegend* legend = addLegend(plot, 3, 4);
    const QString timeLabel =
        QCoreApplication::translate("ComparisonChart", "time after the steps started (s)");
    styleRect(freeRect, timeLabel, QCoreApplication::translate("ComparisonChart", "free pages (all zones)"));
    styleRect(
        scanRect, timeLabel, QCoreApplication::translate("ComparisonChart", "pages scanned (cumulative)"));

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
    setLogScale(freeRect);
    for (QCPAxisRect* rect : { freeRect, scanRect })
        fitRanges(rect, endS);
    return exportPlot(plot, outDir, QStringLiteral("compare"), title, error);
}

QStringList writeVariantChart(
    const std::vector<ChartVariant>& variants, const QString& title, const QString& outDir, QString* error)
{
    if (!QDir().mkpath(outDir)) {
        *error = QCoreApplication::translate("ComparisonChart", "cannot create %1").arg(outDir);
        return {};
    }
    QCustomPlot plot;
    drawVariantChart(plot, variants, title);
    return exportPlot(plot, outDir, QStringLiteral("compare"), title, error);
}

void drawVariantChart(QCustomPlot& plot, const std::vector<ChartVariant>& variants, const QString& title)
{
    // Distinct hues that stay apart in print and for the common colour-vision deficiencies.
    static const std::array<QColor, 8> kVariantColors = { QColor(0x00, 0x72, 0xb2), QColor(0xd5, 0x5e, 0x00),
        QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9),
        QColor(0xe6, 0x9f, 0x00), QColor(0x7f, 0x7f, 0x7f), QColor(0x00, 0x00, 0x00) };
    plot.clearPlottables();
    startPlot(plot, title);
    auto* grid = new QCPLayoutGrid;
    plot.plotLayout()->addElement(1, 0, grid);
    const QString timeLabel = QCoreApplication::translate("ComparisonChart", "simulated time (s)");
    const std::array<QString, 4> yLabels = {
        QCoreApplication::translate("ComparisonChart", "free pages: solid; low watermark: dashed"),
        QCoreApplication::translate("ComparisonChart", "LRU pages: anon solid, file dashed"),
        QCoreApplication::translate("ComparisonChart", "scanned: solid; swapped out: dashed (cumulative)"),
        QCoreApplication::translate(
            "ComparisonChart", "refaults: solid; allocation stalls: dashed (cumulative)"),
    };
    std::array<QCPAxisRect*, 4> rects {};
    for (std::size_t i = 0; i < rects.size(); ++i) {
        rects[i] = new QCPAxisRect(&plot);
        grid->addElement(static_cast<int>(i / 2), static_cast<int>(i % 2), rects[i]);
        styleRect(rects[i], timeLabel, yLabels[i]);
    }
    QCPLegend* legend = addLegend(plot, 2, 4);

    double endS = 1.0;
    for (std::size_t v = 0; v < variants.size(); ++v) {
        const engine::CounterSeries& s = variants[v].series;
        const QColor color = kVariantColors[v % kVariantColors.size()];
        const QVector<double> t = seconds(s);
        if (!t.isEmpty())
            endS = std::max(endS, t.back());
        std::vector<std::string> zoneLow;
        for (const std::string& z : s.zones)
            zoneLow.push_back(z + "_low");
        const QPen solid(color, 2.2);
        const QPen dashed(color, 1.6, Qt::DashLine);
        addLine(rects[0], t, summed(s, { "nr_free_pages" }), solid, variants[v].label, legend);
        addLine(rects[0], t, summed(s, zoneLow), dashed, {}, nullptr);
        addLine(rects[1], t, summed(s, { "nr_inactive_anon", "nr_active_anon" }), solid, {}, nullptr);
        addLine(rects[1], t, summed(s, { "nr_inactive_file", "nr_active_file" }), dashed, {}, nullptr);
        addLine(rects[2], t, sinceStart(summed(s, { "pgscan_kswapd", "pgscan_direct" })), solid, {}, nullptr);
        addLine(rects[2], t, sinceStart(summed(s, { "pswpout" })), dashed, {}, nullptr);
        addLine(rects[3], t, sinceStart(summed(s, { "workingset_refault_anon", "workingset_refault_file" })),
            solid, {}, nullptr);
        addLine(rects[3], t,
            sinceStart(summed(
                s, { "allocstall_dma", "allocstall_dma32", "allocstall_normal", "allocstall_movable" })),
            dashed, {}, nullptr);
    }
    setLogScale(rects[0]);
    for (QCPAxisRect* rect : rects)
        fitRanges(rect, endS);
}

} // namespace rlab::ui
