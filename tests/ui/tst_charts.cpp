// SPDX-License-Identifier: GPL-3.0-or-later
// The headless chart writer (reclaimlab --charts) and the plot history behind the plots and the CSV.
#include "chart_writer.h"
#include "plot/plot_history.h"

#include <rlab/engine/scenario.h>

#include <QFile>
#include <QImageReader>
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

    void pressureSeries()
    {
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_SCENARIO_DIR "/default.json");
        QVERIFY(parsed.scenario);
        QTemporaryDir dir;
        const ui::ChartResult r =
            ui::writeCharts(*parsed.scenario, 1, 18 * engine::kTicksPerSecond, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // The compiler's burst at 15 s stalls tasks on memory: PSI "some" rises above zero.
        const double peak = seriesPeak(dir.filePath(QStringLiteral("series.csv")), "psi:some");
        QVERIFY2(peak > 0.0, "PSI some stays 0");
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("pressure.png"))));
    }

    void kswapdDutyIsAFraction()
    {
        // Two nodes whose kswapds run at the same time: the duty is the share of steps with any kswapd
        // running, as the app's worker samples it, so it never exceeds 1.
        const engine::ParseResult parsed = engine::parseScenario(R"({
          "seed": 1, "machine": {"reclaim_scan_rate": 100, "nodes": [
            {"zones": [{"name": "Normal", "present_pages": 65536, "managed_pages": 65536}]},
            {"zones": [{"name": "Normal", "present_pages": 65536, "managed_pages": 65536}]}]},
          "processes": [
            {"name": "a", "node": 0, "workload": [{"type": "stream", "file": "fa", "size": "2G", "rate": "1G/s"}]},
            {"name": "b", "node": 1, "workload": [{"type": "stream", "file": "fb", "size": "2G", "rate": "1G/s"}]}]})");
        QVERIFY2(parsed.scenario, parsed.error.c_str());
        QTemporaryDir dir;
        const ui::ChartResult r =
            ui::writeCharts(*parsed.scenario, 1, 3 * engine::kTicksPerSecond, dir.path());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const double peak = seriesPeak(dir.filePath(QStringLiteral("series.csv")), "kswapd_running");
        QVERIFY2(peak > 0.5, qPrintable(QString::number(peak)));
        QVERIFY2(peak <= 1.0, qPrintable(QString::number(peak)));
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
            s.pgscanKswapd = static_cast<std::uint64_t>(i) * 50; // 50 pages per 10 ms = 5000/s
            s.pswpout = static_cast<std::uint64_t>(i / 10) * 7;
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
        again.pgscanKswapd = 1000;
        again.zones = { { 100, 10, 12, 14 }, { 1000, 100, 500, 600 } };
        h.append(again);
        QVERIFY(std::isfinite(h.values(QStringLiteral("rate:pgscan_kswapd")).back()));
        QCOMPARE(h.values(QStringLiteral("high:DMA32")).back(), 600.0);
        h.trimBefore(0.1);
        QCOMPARE(h.keys().front(), 0.1);
        QCOMPARE(h.values(QStringLiteral("free:DMA")).size(), h.size());
        const QString csv = h.toCsv();
        QVERIFY(csv.startsWith(QStringLiteral("t_s,free:DMA,min:DMA,low:DMA,high:DMA,free:DMA32")));
        QCOMPARE(csv.count(QLatin1Char('\n')), static_cast<qsizetype>(h.size() + 1));
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
