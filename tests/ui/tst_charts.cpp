// SPDX-License-Identifier: GPL-3.0-or-later
// The headless chart writer (reclaimlab --charts) and the plot history behind the plots and the CSV.
#include "chart_writer.h"
#include "plot/memory_plot.h"
#include "plot/plot_history.h"
#include "plot/qcp_include.h"

#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/timeseries_csv.h>

#include <QFile>
#include <QImageReader>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace rlab;

/// The largest value of one column of series.csv; -1 when the file or the column is missing.
double seriesPeak(const QString& path, const QByteArray& column)
{
    QFile csv(path);
    if (!csv.open(QIODevice::ReadOnly))
        return -1.0;
    const QList<QByteArray> lines = csv.readAll().split('\n');
    const auto index = lines.front().split(',').indexOf(column);
    if (index < 1)
        return -1.0;
    double peak = 0.0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cells = lines[i].split(',');
        if (cells.size() > index)
            peak = std::max(peak, cells[index].toDouble());
    }
    return peak;
}

class TestCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesEveryChart()
    {
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_UI_TEST_DATA "/classroom.json");
        QVERIFY(parsed.scenario);
        QTemporaryDir dir;
        const ui::ChartResult r = ui::writeCharts(
            *parsed.scenario, 7, 2 * engine::kTicksPerSecond, dir.filePath(QStringLiteral("charts")));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.end, 2 * engine::kTicksPerSecond);
        QCOMPARE(r.files.size(), 17); // 8 views × PNG + SVG, and the CSV
        for (const QString& f : r.files) {
            QVERIFY2(QFileInfo(f).size() > 500, qPrintable(f));
            if (f.endsWith(QLatin1String(".png")))
                QCOMPARE(QImageReader(f).size(), QSize(1920, 1080));
        }
        QFile csv(r.files.back());
        QVERIFY(csv.open(QIODevice::ReadOnly));
        // 2 s at one sample per 10 ms, plus the sample at 0 and the header.
        QCOMPARE(csv.readAll().count('\n'), 202);
    }

    void translationsComplete()
    {
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/rlab_zh_CN.qm")));
        QCOMPARE(zh.translate("rlab::ui::MemoryPlots", "Watermarks"), QStringLiteral("水位线"));
        QCOMPARE(zh.translate("EventText", "kswapd woke up"), QStringLiteral("kswapd 被唤醒"));
        // Every message of the Simplified Chinese file has a translation.
        QFile ts(QStringLiteral(RLAB_SOURCE_DIR "/resources/translations/rlab_zh_CN.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.count("<source>") > 400);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QCOMPARE(text.count("<translation></translation>"), 0);
    }

    void plotsRetranslateLive()
    {
        ui::MemoryPlots plots;
        auto* tabs = plots.findChild<QTabBar*>();
        auto* watermarks = plots.findChild<QCustomPlot*>(QStringLiteral("watermarks"));
        QVERIFY(tabs && watermarks);
        const auto graphNames = [watermarks] {
            QStringList names;
            for (int i = 0; i < watermarks->graphCount(); ++i)
                names << watermarks->graph(i)->name();
            return names;
        };
        QCOMPARE(tabs->tabText(0), QStringLiteral("Watermarks"));
        QVERIFY(graphNames().contains(QStringLiteral("direct reclaim")));
        // Installing a translator sends LanguageChange: the plots take the new texts at once.
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/rlab_zh_CN.qm")));
        QVERIFY(QCoreApplication::installTranslator(&zh));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCOMPARE(tabs->tabText(0), QStringLiteral("水位线"));
        QCOMPARE(watermarks->xAxis->label(), zh.translate("rlab::ui::MemoryPlots", "simulated time (s)"));
        QVERIFY(graphNames().contains(zh.translate("rlab::ui::MemoryPlots", "direct reclaim")));
        QVERIFY(!graphNames().contains(QStringLiteral("direct reclaim")));
        QCoreApplication::removeTranslator(&zh);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCOMPARE(tabs->tabText(0), QStringLiteral("Watermarks"));
    }

    void pressureSeries()
    {
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_SCENARIO_DIR "/default.json");
        QVERIFY(parsed.scenario);
        QTemporaryDir dir;
        const ui::ChartResult r =
            ui::writeCharts(*parsed.scenario, 1, 18 * engine::kTicksPerSecond, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // The compiler's burst at 15 s stalls tasks on memory: PSI "some" rises above zero.
        const double peak = seriesPeak(dir.filePath(QStringLiteral("series.csv")), "psi_some_total_us");
        QVERIFY2(peak > 0.0, "PSI some stays 0");
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("pressure.png"))));
    }

    void seriesCsvIsTheRecording()
    {
        // series.csv is the one time-series format, from the recorded samples every 10 ms; the plot
        // history fed those samples (what the app's CSV export writes) gives the same bytes.
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_UI_TEST_DATA "/classroom.json");
        QVERIFY(parsed.scenario);
        engine::Simulator sim(*parsed.scenario, 7);
        engine::Recorder recorder(sim, *parsed.scenario, engine::kPlotSampleInterval);
        recorder.setEnd(engine::kTicksPerSecond);
        recorder.run();
        const engine::Recording recording = recorder.takeRecording();
        QTemporaryDir dir;
        const ui::ChartResult r = ui::writeCharts(recording, sim, QStringLiteral("classroom"), dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QFile csv(dir.filePath(QStringLiteral("series.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray written = csv.readAll();
        const std::string expected = engine::timeseriesCsv(*recording.layout, recording.samples);
        QCOMPARE(written, QByteArray::fromStdString(expected));
        ui::PlotHistory h;
        h.reset({ "DMA", "DMA32" }, recording.layout);
        for (const auto& s : recording.samples)
            h.append(s);
        QCOMPARE(h.toCsv().toUtf8(), written);
        QVERIFY(written.startsWith("t_ms,"));
        // The same run drawn again from a second scenario run gives the same file.
        const ui::ChartResult again = ui::writeCharts(
            *parsed.scenario, 7, engine::kTicksPerSecond, dir.filePath(QStringLiteral("again")));
        QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
        QFile csv2(dir.filePath(QStringLiteral("again/series.csv")));
        QVERIFY(csv2.open(QIODevice::ReadOnly));
        QCOMPARE(csv2.readAll(), written);
    }

    void badDirectoryFails()
    {
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_UI_TEST_DATA "/classroom.json");
        const ui::ChartResult r =
            ui::writeCharts(*parsed.scenario, 7, 100'000, QStringLiteral("/proc/rlab-cannot-write-here"));
        QVERIFY(!r.error.isEmpty());
        QVERIFY(r.files.isEmpty());
    }

    void historyRates()
    {
        ui::PlotHistory h;
        h.reset({ "DMA", "DMA32" });
        for (int i = 0; i <= 20; ++i) {
            ui::Sample s;
            s.at = i * 10'000; // 10 ms
            s.zones = { { 100, 10, 12, 14 }, { 1000, 100, 120, 140 } };
            s.counters[ui::Sample::counterIndex("pgscan_kswapd")] =
                static_cast<std::uint64_t>(i) * 50; // 50 pages per 10 ms = 5000/s
            s.counters[ui::Sample::counterIndex("pswpout")] = static_cast<std::uint64_t>(i / 10) * 7;
            h.append(s);
        }
        QCOMPARE(h.size(), std::size_t { 21 });
        QCOMPARE(h.values(QStringLiteral("free:total")).back(), 1100.0);
        QCOMPARE(h.values(QStringLiteral("high:DMA32")).back(), 140.0);
        QCOMPARE(h.values(QStringLiteral("rate:pgscan_kswapd")).back(), 5000.0);
        QCOMPARE(h.values(QStringLiteral("rate:pgscan_kswapd")).front(), 0.0);
        // A forced sample at the same instant repeats the last rate instead of dividing by zero.
        ui::Sample again;
        again.at = 200'000;
        again.counters[ui::Sample::counterIndex("pgscan_kswapd")] = 1000;
        again.zones = { { 100, 10, 12, 14 }, { 1000, 100, 500, 600 } };
        h.append(again);
        QVERIFY(std::isfinite(h.values(QStringLiteral("rate:pgscan_kswapd")).back()));
        QCOMPARE(h.values(QStringLiteral("high:DMA32")).back(), 600.0);
        h.foldBefore(0.1);
        QCOMPARE(h.keys().front(), 0.1);
        QCOMPARE(h.foldedUntil(), 0.1);
        QCOMPARE(h.values(QStringLiteral("free:DMA")).size(), h.size());
        QCOMPARE(h.values(QStringLiteral("kswapd_running")).size(), h.size());
        // The ten folded samples (0 … 90 ms) are one bucket of the envelope.
        const ui::Envelope& rate = h.envelope(QStringLiteral("rate:pgscan_kswapd"));
        QCOMPARE(rate.buckets().size(), std::size_t { 1 });
        QCOMPARE(rate.buckets().front().min.value, 0.0);
        QCOMPARE(rate.buckets().front().max.value, 5000.0);
        QCOMPARE(h.firstKey(), std::optional<double>(0.0));
        // Without a layout the CSV has the fixed columns only: one row for the folded bucket, then one per
        // kept sample.
        const QString csv = h.toCsv();
        QVERIFY(csv.startsWith(QStringLiteral("t_ms,nr_free_pages,")));
        QCOMPARE(csv.count(QLatin1Char('\n')), static_cast<qsizetype>(h.size() + 2));
        QVERIFY(csv.section(QLatin1Char('\n'), 1, 1).startsWith(QStringLiteral("90,")));
    }

    void envelopeKeepsExtremesInBoundedMemory()
    {
        ui::Envelope e;
        // A saw tooth with period 0.25 s: every 1 s bucket spans 0 … 99.
        for (int i = 0; i < 400; ++i)
            e.add(i * 0.01, static_cast<double>((i % 25) * 4 + (i % 25 == 24 ? 3 : 0)));
        QCOMPARE(e.width(), ui::Envelope::kFirstWidth);
        QCOMPARE(e.buckets().size(), std::size_t { 4 });
        QCOMPARE(e.buckets()[1].min.value, 0.0);
        QCOMPARE(e.buckets()[1].max.value, 99.0);
        QCOMPARE(e.buckets()[1].max.key, 1.24);
        QVERIFY(e.find(1.5) == &e.buckets()[1]);
        QVERIFY(e.find(-0.5) == nullptr);
        QVERIFY(e.find(4.5) == nullptr);
        // Points come in time order, each at most once.
        const auto points = e.points();
        for (std::size_t i = 1; i < points.size(); ++i)
            QVERIFY(points[i].key > points[i - 1].key);
        QCOMPARE(points.size(), std::size_t { 12 });

        // Past kMaxBuckets the width doubles: memory stays bounded and the extremes survive.
        ui::Envelope slow;
        const int seconds = static_cast<int>(ui::Envelope::kMaxBuckets) * 5;
        for (int t = 0; t < seconds; ++t)
            slow.add(t + 0.5, t == 777 ? -1.0 : (t == 9000 ? 1e6 : 1.0));
        QVERIFY(slow.buckets().size() <= ui::Envelope::kMaxBuckets);
        QCOMPARE(slow.width(), 8.0);
        const ui::Envelope::Bucket* low = slow.find(777.5);
        QVERIFY(low);
        QCOMPARE(low->start, 776.0);
        QCOMPARE(low->min.value, -1.0);
        QCOMPARE(low->min.key, 777.5);
        QCOMPARE(slow.find(9000.0)->max.value, 1e6);
        QCOMPARE(slow.find(9000.0)->last.key, 9007.5);
    }

    void foldedSamplesOnePerBucket()
    {
        // kswapd runs in every other step during the first two seconds, then not at all.
        ui::PlotHistory h;
        auto layout = std::make_shared<engine::SeriesLayout>();
        layout->zones = { { .node = 0, .zone = 1, .column = "dma32" } };
        h.reset({ "DMA32" }, layout);
        ui::Sample s;
        s.zones = { { 100, 10, 12, 14 } };
        for (int i = 0; i <= 400; ++i) {
            s.at = i * 10'000;
            s.kswapdDuty = i <= 200 ? 0.5 : 0.0;
            s.counters[ui::Sample::counterIndex("pgscan_kswapd")] = static_cast<std::uint64_t>(i) * 3;
            h.append(s);
        }
        h.foldBefore(3.0);
        const QStringList rows = h.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const auto column =
            static_cast<int>(rows.front().split(QLatin1Char(',')).indexOf(QStringLiteral("pgscan_kswapd")));
        QVERIFY(column > 0);
        // Rows 1 … 3: the last sample of the buckets [0, 1), [1, 2), [2, 3); then every kept sample.
        QCOMPARE(rows.size(), 1 + 3 + 101);
        QCOMPARE(rows[1].section(QLatin1Char(','), 0, 0), QStringLiteral("990"));
        QCOMPARE(rows[2].section(QLatin1Char(','), 0, 0), QStringLiteral("1990"));
        QCOMPARE(rows[3].section(QLatin1Char(','), 0, 0), QStringLiteral("2990"));
        QCOMPARE(rows[3].section(QLatin1Char(','), column, column), QStringLiteral("897"));
        QCOMPARE(rows[4].section(QLatin1Char(','), 0, 0), QStringLiteral("3000"));
        const ui::Envelope& running = h.envelope(QStringLiteral("kswapd_running"));
        QCOMPARE(running.buckets().size(), std::size_t { 3 });
        QCOMPARE(running.buckets()[2].max.value, 0.5); // the sample at 2.00 s
        QCOMPARE(running.buckets()[2].min.value, 0.0);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
