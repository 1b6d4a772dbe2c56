// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_runner.h"

#include <rlab/engine/proc_format.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rlab::engine;

namespace {

using rlab::testing::CliResult;
using rlab::testing::readAll;
using rlab::testing::runCli;
using rlab::testing::writeFile;

// Small and quick: 125 MiB of RAM and one process allocating 150 MiB, so kswapd and swap get work.
const char* const kScenario = R"({
  "name": "cli-test",
  "seed": 42,
  "duration": "1s",
  "machine": {
    "nodes": [ { "zones": [
      { "name": "DMA32", "present_pages": 32768, "managed_pages": 32000 }
    ] } ],
    "transparent_hugepage": "never"
  },
  "swap": [ { "name": "/dev/vdb", "size": "64M" } ],
  "processes": [
    { "name": "hog", "workload": [ { "type": "anon", "size": "150M", "rate": "200M/s" } ] }
  ]
})";

const QStringList kOutputFiles = {
    QStringLiteral("timeseries.csv"),
    QStringLiteral("zoneinfo.txt"),
    QStringLiteral("vmstat.txt"),
    QStringLiteral("meminfo.txt"),
    QStringLiteral("buddyinfo.txt"),
    QStringLiteral("pagetypeinfo.txt"),
    QStringLiteral("extfrag_index.txt"),
    QStringLiteral("unusable_index.txt"),
    QStringLiteral("swaps.txt"),
    QStringLiteral("dmesg.txt"),
    QStringLiteral("events.jsonl"),
    QStringLiteral("summary.json"),
};

QList<QByteArray> csvLines(const QString& path)
{
    QByteArray data = readAll(path);
    if (data.endsWith('\n'))
        data.chop(1);
    return data.split('\n');
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesAllFiles();
    void timeseriesHeader();
    void timeseriesHeaderSeveralNodes();
    void timeseriesRows_data();
    void timeseriesRows();
    void sameSeedSameBytes();
    void durationZeroWritesInitialState();
    void defaultOutputDirectory();
    void maxEventsCapsEachType();
    void checkInvariantsWalksInAnyBuild();
    void unwritableOutputFailsBeforeTheRun();
    void validateGoodFile();
    void charts();
    void validateBadFileNamesKeyPath();
    void badFlag_data();
    void badFlag();
    void helpAndVersion();
    void lessonCheckExitCodes();
    void lessonExportWritesPdfs();
    void quizSameSeedSameProblem();
    void compareRecording();
    void compareRecordingBadInput();

private:
    QTemporaryDir m_dir;
    QString m_scenario;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_scenario = m_dir.filePath(QStringLiteral("cli-test.json"));
    QVERIFY(writeFile(m_scenario, kScenario));
    QVERIFY2(QFile::exists(QStringLiteral(RLAB_CLI_PATH)), RLAB_CLI_PATH);
}

void TestCli::writesAllFiles()
{
    const QString out = m_dir.filePath(QStringLiteral("all"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const QString& name : kOutputFiles) {
        QVERIFY2(QFile::exists(out + QLatin1Char('/') + name), qPrintable(name));
        QVERIFY2(r.out.contains(name), qPrintable(r.out)); // one line per file
    }
    const QByteArray summary = readAll(out + QStringLiteral("/summary.json"));
    QVERIFY(summary.contains("\"scenario\": \"cli-test\""));
    QVERIFY(summary.contains("\"seed\": 42"));
    QVERIFY(summary.contains("\"duration_ms\": 1000"));
    QVERIFY(summary.contains("\"name\": \"hog\""));
    QVERIFY(summary.contains("\"totals\": {"));
    QVERIFY(readAll(out + QStringLiteral("/swaps.txt")).startsWith("Filename\t\t\t\tType"));
    // Each event line is one JSON object that starts with its time and type.
    const QByteArray events = readAll(out + QStringLiteral("/events.jsonl"));
    for (const QByteArray& line : events.split('\n')) {
        if (!line.isEmpty())
            QVERIFY2(line.startsWith("{\"t_us\":") && line.endsWith('}') && line.contains(",\"type\":\""),
                line.constData());
    }
}

void TestCli::timeseriesHeader()
{
    const QString out = m_dir.filePath(QStringLiteral("header"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out,
        QStringLiteral("--duration"), QStringLiteral("200ms") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QByteArray> lines = csvLines(out + QStringLiteral("/timeseries.csv"));
    QVERIFY(!lines.isEmpty());
    const QList<QByteArray> header = lines.front().split(',');
    const QList<QByteArray> named = {
        "t_ms",
        "dma32_free",
        "dma32_min",
        "dma32_low",
        "dma32_high",
        "nr_free_pages",
        "nr_inactive_anon",
        "nr_active_anon",
        "nr_inactive_file",
        "nr_active_file",
        "nr_unevictable",
        "nr_dirty",
        "nr_writeback",
        "pgpgin",
        "pgpgout",
        "pswpin",
        "pswpout",
        "pgfault",
        "pgmajfault",
        "pgscan_kswapd",
        "pgscan_direct",
        "pgsteal_kswapd",
        "pgsteal_direct",
        "pgscan_anon",
        "pgscan_file",
        "pgsteal_anon",
        "pgsteal_file",
        "pgactivate",
        "pgdeactivate",
        "pgrefill",
        "pgrotated",
        "allocstall_dma",
        "allocstall_dma32",
        "allocstall_normal",
        "allocstall_movable",
        "pageoutrun",
        "kswapd_low_wmark_hit_quickly",
        "kswapd_high_wmark_hit_quickly",
        "workingset_refault_anon",
        "workingset_refault_file",
        "workingset_activate_anon",
        "workingset_activate_file",
        "workingset_restore_anon",
        "workingset_restore_file",
        "nr_swapcached",
        "nr_vmscan_write",
        "nr_vmscan_immediate_reclaim",
        "nr_dirtied",
        "nr_written",
        "oom_kill",
        "pgmigrate_success",
        "compact_migrate_scanned",
        "compact_free_scanned",
        "compact_stall",
        "compact_fail",
        "compact_success",
        "compact_daemon_wake",
        "swap_used_pages",
        "kswapd0_state",
        "psi_some_avg10",
        "psi_some_avg60",
        "psi_some_avg300",
        "psi_some_total_us",
        "psi_full_avg10",
        "psi_full_avg60",
        "psi_full_avg300",
        "psi_full_total_us",
        "hog_rss",
        "hog_swap",
        "hog_oom_score",
    };
    QCOMPARE(header, named); // a single node with one managed zone: exactly these columns
    QVERIFY(!header.contains("dma_free")); // unmanaged zones have no columns
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        QCOMPARE(fields.size(), header.size());
        for (qsizetype f = 0; f < fields.size(); ++f) {
            bool ok = false;
            if (header[f].startsWith("psi_") && header[f].contains("avg"))
                QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d\\d$"))
                             .match(QString::fromLatin1(fields[f]))
                             .hasMatch(),
                    lines[i].constData()); // LOAD_INT.LOAD_FRAC
            else {
                fields[f].toULongLong(&ok);
                QVERIFY2(ok, lines[i].constData()); // integers
            }
        }
    }
}

void TestCli::timeseriesHeaderSeveralNodes()
{
    const QString scenario = m_dir.filePath(QStringLiteral("two-nodes.json"));
    QVERIFY(writeFile(scenario, R"({ "name": "two-nodes", "machine": { "nodes": [
        { "zones": [ { "name": "DMA32", "present_pages": 32768, "managed_pages": 32000 } ] },
        { "zones": [ { "name": "Normal", "present_pages": 32768, "managed_pages": 32000 } ] } ] } })"));
    const QString out = m_dir.filePath(QStringLiteral("two-nodes"));
    const CliResult r = runCli({ QStringLiteral("run"), scenario, QStringLiteral("--out"), out,
        QStringLiteral("--duration"), QStringLiteral("100ms") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QByteArray> header = csvLines(out + QStringLiteral("/timeseries.csv")).front().split(',');
    const QList<QByteArray> zoneColumns = { "node0_dma32_free", "node0_dma32_min", "node0_dma32_low",
        "node0_dma32_high", "node1_normal_free", "node1_normal_min", "node1_normal_low",
        "node1_normal_high" };
    QCOMPARE(header.mid(1, zoneColumns.size()), zoneColumns);
    const qsizetype kswapd0 = header.indexOf("kswapd0_state");
    QVERIFY(kswapd0 > 0);
    QCOMPARE(
        header.mid(kswapd0, 3), (QList<QByteArray> { "kswapd0_state", "kswapd1_state", "psi_some_avg10" }));
}

void TestCli::timeseriesRows_data()
{
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("sample");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QByteArray>("lastTime");

    QTest::addRow("1s by 100ms") << QStringLiteral("1s") << QStringLiteral("100ms") << 11
                                 << QByteArray("1000");
    QTest::addRow("500ms by 50ms") << QStringLiteral("500ms") << QStringLiteral("50ms") << 11
                                   << QByteArray("500");
    QTest::addRow("300ms by 300ms") << QStringLiteral("300ms") << QStringLiteral("300ms") << 2
                                    << QByteArray("300");
    // Not a multiple: rows at 0, 100, 200, then the end at 250.
    QTest::addRow("250ms by 100ms") << QStringLiteral("250ms") << QStringLiteral("100ms") << 4
                                    << QByteArray("250");
    QTest::addRow("0 by 100ms") << QStringLiteral("0") << QStringLiteral("100ms") << 1 << QByteArray("0");
}

void TestCli::timeseriesRows()
{
    QFETCH(QString, duration);
    QFETCH(QString, sample);
    QFETCH(int, rows);
    QFETCH(QByteArray, lastTime);
    const QString out =
        m_dir.filePath(QStringLiteral("rows-") + QString::fromLatin1(QTest::currentDataTag()));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out,
        QStringLiteral("--duration"), duration, QStringLiteral("--sample"), sample });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QByteArray> lines = csvLines(out + QStringLiteral("/timeseries.csv"));
    QCOMPARE(lines.size(), rows + 1); // + header
    QVERIFY(lines[1].startsWith("0,"));
    QCOMPARE(lines.back().split(',').front(), lastTime);
}

void TestCli::sameSeedSameBytes()
{
    const QString a = m_dir.filePath(QStringLiteral("same-a"));
    const QString b = m_dir.filePath(QStringLiteral("same-b"));
    for (const QString& out : { a, b }) {
        const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out,
            QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--quiet") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, out + QLatin1Char('\n')); // --quiet prints only the directory
    }
    for (const QString& name : kOutputFiles) {
        const QByteArray first = readAll(a + QLatin1Char('/') + name);
        QVERIFY2(!first.isEmpty(), qPrintable(name));
        QVERIFY2(first == readAll(b + QLatin1Char('/') + name), qPrintable(name));
    }
}

void TestCli::durationZeroWritesInitialState()
{
    const QString out = m_dir.filePath(QStringLiteral("zero"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out,
        QStringLiteral("--duration"), QStringLiteral("0") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const ParseResult parsed = loadScenarioFile(m_scenario.toStdString());
    QVERIFY2(parsed.scenario, parsed.error.c_str());
    const Simulator sim(*parsed.scenario, parsed.scenario->seed);
    QCOMPARE(readAll(out + QStringLiteral("/zoneinfo.txt")), QByteArray::fromStdString(renderZoneinfo(sim)));
    QCOMPARE(readAll(out + QStringLiteral("/meminfo.txt")), QByteArray::fromStdString(renderMeminfo(sim)));
    QVERIFY(readAll(out + QStringLiteral("/summary.json")).contains("\"duration_ms\": 0"));
    QCOMPARE(QString::fromStdString(sim.checkInvariants()), QString());
}

void TestCli::defaultOutputDirectory()
{
    QTemporaryDir cwd;
    QVERIFY(cwd.isValid());
    const CliResult r =
        runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--duration"), QStringLiteral("100ms") },
            cwd.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(cwd.filePath(QStringLiteral("reclaimlab-out/cli-test/timeseries.csv"))));
    QVERIFY(QFile::exists(cwd.filePath(QStringLiteral("reclaimlab-out/cli-test/summary.json"))));
}

void TestCli::maxEventsCapsEachType()
{
    // The capped file holds the first N events of each type of the full one; the rest are counted.
    const QString full = m_dir.filePath(QStringLiteral("events-full"));
    const QString capped = m_dir.filePath(QStringLiteral("events-capped"));
    const CliResult all = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), full });
    QVERIFY2(all.exitCode == 0, qPrintable(all.err));
    QVERIFY2(!all.err.contains(QStringLiteral("--max-events")), qPrintable(all.err));
    constexpr int kCap = 3;
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), capped,
        QStringLiteral("--max-events"), QString::number(kCap) });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    const auto typeOf = [](const QByteArray& line) {
        return QJsonDocument::fromJson(line).object().value(QStringLiteral("type")).toString();
    };
    QMap<QString, int> seen;
    QByteArrayList expected;
    for (const QByteArray& line : readAll(full + QStringLiteral("/events.jsonl")).split('\n')) {
        if (!line.isEmpty() && ++seen[typeOf(line)] <= kCap)
            expected << line;
    }
    QByteArrayList kept = readAll(capped + QStringLiteral("/events.jsonl")).split('\n');
    kept.removeAll(QByteArray());
    QCOMPARE(kept, expected);

    const QJsonObject dropped = QJsonDocument::fromJson(readAll(capped + QStringLiteral("/summary.json")))
                                    .object()
                                    .value(QStringLiteral("events_dropped"))
                                    .toObject();
    int cappedTypes = 0;
    for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
        const int over = it.value() - kCap;
        QCOMPARE(dropped.value(it.key()).toInt(), std::max(over, 0));
        if (over > 0) {
            ++cappedTypes;
            QVERIFY2(r.err.contains(it.key()), qPrintable(r.err));
        }
    }
    QVERIFY(cappedTypes > 0); // the test run logs more than kCap events of some type
    QCOMPARE(dropped.size(), cappedTypes);
}

void TestCli::checkInvariantsWalksInAnyBuild()
{
    // 1 s with a walk every 100 ms: ten walks, all fine, and the same files as without the checks.
    const QString checked = m_dir.filePath(QStringLiteral("invariants"));
    const QString plain = m_dir.filePath(QStringLiteral("invariants-off"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), checked,
        QStringLiteral("--check-invariants=100ms") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject summary =
        QJsonDocument::fromJson(readAll(checked + QStringLiteral("/summary.json"))).object();
    QCOMPARE(summary.value(QStringLiteral("invariant_walks")).toInt(), 10);
    QCOMPARE(summary.value(QStringLiteral("stopped")).toBool(), false);
    const CliResult p = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), plain });
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    QCOMPARE(
        readAll(checked + QStringLiteral("/events.jsonl")), readAll(plain + QStringLiteral("/events.jsonl")));
    QCOMPARE(
        readAll(checked + QStringLiteral("/vmstat.txt")), readAll(plain + QStringLiteral("/vmstat.txt")));
}

void TestCli::unwritableOutputFailsBeforeTheRun()
{
    // A file that cannot be created fails the run before it simulates, with the system's reason, and
    // the files of an earlier run stay as they were.
    const QString out = m_dir.filePath(QStringLiteral("unwritable"));
    QVERIFY(QDir().mkpath(out + QStringLiteral("/events.jsonl.part")));
    QVERIFY(writeFile(out + QStringLiteral("/summary.json"), "earlier run\n"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--out"), out });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("events.jsonl.part: Is a directory")), qPrintable(r.err));
    QCOMPARE(readAll(out + QStringLiteral("/summary.json")), QByteArray("earlier run\n"));
    QCOMPARE(QDir(out).entryList(QDir::Files), QStringList { QStringLiteral("summary.json") });
}

void TestCli::validateGoodFile()
{
    const CliResult r = runCli({ QStringLiteral("validate"), m_scenario });
    QCOMPARE(r.exitCode, 0);
    // The estimate: 125 MiB of RAM at about 60 bytes a page, 64 MiB of swap, 16 MiB of fixed buffers.
    const QRegularExpression ok(QStringLiteral("^(.*): ok \\(engine memory up to (\\d+\\.\\d) MiB\\)\n$"));
    const auto match = ok.match(r.out);
    QVERIFY2(match.hasMatch(), qPrintable(r.out));
    QCOMPARE(match.captured(1), m_scenario);
    QVERIFY2(match.captured(2).toDouble() > 16.0 && match.captured(2).toDouble() < 32.0, qPrintable(r.out));
}

void TestCli::charts()
{
    const QString out = m_dir.filePath(QStringLiteral("charts-run"));
    const CliResult r = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--duration"),
        QStringLiteral("300ms"), QStringLiteral("--out"), out, QStringLiteral("--charts") });
#ifdef RLAB_HAVE_GUI
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile png(out + QStringLiteral("/charts/watermarks.png"));
    QVERIFY(png.open(QIODevice::ReadOnly));
    QCOMPARE(png.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    QVERIFY(readAll(out + QStringLiteral("/charts/watermarks.svg")).contains("<svg"));
    QVERIFY(QFile::exists(out + QStringLiteral("/charts/series.csv")));
    QVERIFY(r.out.contains(QStringLiteral("/charts/watermarks.png")));
    // One simulation: the files equal a run without --charts, and the charts' series.csv is the same
    // format, every 10 ms (the same bytes as timeseries.csv with --sample 10ms).
    const QString plain = m_dir.filePath(QStringLiteral("charts-plain"));
    const CliResult p = runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--duration"),
        QStringLiteral("300ms"), QStringLiteral("--out"), plain });
    QVERIFY2(p.exitCode == 0, qPrintable(p.err));
    for (const char* file : { "/timeseries.csv", "/events.jsonl", "/summary.json", "/vmstat.txt" })
        QCOMPARE(readAll(out + QLatin1String(file)), readAll(plain + QLatin1String(file)));
    const QString fine = m_dir.filePath(QStringLiteral("charts-10ms"));
    const CliResult f =
        runCli({ QStringLiteral("run"), m_scenario, QStringLiteral("--duration"), QStringLiteral("300ms"),
            QStringLiteral("--sample"), QStringLiteral("10ms"), QStringLiteral("--out"), fine });
    QVERIFY2(f.exitCode == 0, qPrintable(f.err));
    QCOMPARE(readAll(out + QStringLiteral("/charts/series.csv")),
        readAll(fine + QStringLiteral("/timeseries.csv")));
#else
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QStringLiteral("--charts")));
#endif
}

void TestCli::validateBadFileNamesKeyPath()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeFile(bad, R"({ "name": "bad", "machine": { "ram": "12Q" } })"));
    const CliResult r = runCli({ QStringLiteral("validate"), m_scenario, bad });
    QCOMPARE(r.exitCode, 2);
    const QString all = r.out + r.err;
    QVERIFY2(all.contains(m_scenario + QStringLiteral(": ok")), qPrintable(all));
    QVERIFY2(all.contains(bad), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("machine.ram")), qPrintable(all));

    const CliResult run = runCli(
        { QStringLiteral("run"), bad, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("bad-out")) });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("machine.ram")), qPrintable(run.err));

    // A swap device of exactly 256 GiB is two pages too large: the message says what fits.
    const QString swap = m_dir.filePath(QStringLiteral("swap.json"));
    QVERIFY(writeFile(swap, R"({"machine": {"ram": "1G"}, "swap": [{"name": "a", "size": "256G"}]})"));
    const CliResult big = runCli({ QStringLiteral("validate"), swap });
    QCOMPARE(big.exitCode, 2);
    QVERIFY2(big.out.contains(QStringLiteral("swap[0].size")) && big.out.contains(QStringLiteral("\"255G\"")),
        qPrintable(big.out));

    // Sixteen devices of the largest size pass the format but not the memory limit, which a flag raises.
    QString devices;
    for (int i = 0; i < 16; ++i)
        devices += QStringLiteral("%1{\"name\": \"sd%2\", \"size\": \"255G\"}")
                       .arg(i ? QStringLiteral(", ") : QString())
                       .arg(i);
    const QString many = m_dir.filePath(QStringLiteral("many-swaps.json"));
    QVERIFY(
        writeFile(many, QStringLiteral(R"({"machine": {"ram": "1G"}, "swap": [%1]})").arg(devices).toUtf8()));
    const CliResult refused = runCli({ QStringLiteral("validate"), many });
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.out.contains(QStringLiteral("engine memory"))
            && refused.out.contains(QStringLiteral("limit of 8.0 GiB"))
            && refused.out.contains(QStringLiteral("--memory-limit")),
        qPrintable(refused.out));
    const CliResult raised =
        runCli({ QStringLiteral("validate"), QStringLiteral("--memory-limit"), QStringLiteral("16G"), many });
    QVERIFY2(raised.exitCode == 0, qPrintable(raised.out + raised.err));
    const CliResult runRefused = runCli({ QStringLiteral("run"), many, QStringLiteral("--out"),
        m_dir.filePath(QStringLiteral("many-swaps-out")) });
    QCOMPARE(runRefused.exitCode, 2);
    QVERIFY2(runRefused.err.contains(QStringLiteral("--memory-limit")), qPrintable(runRefused.err));
}

void TestCli::badFlag_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named");

    QTest::addRow("unknown option") << QStringList { QStringLiteral("--bogus") } << QStringLiteral("--bogus");
    QTest::addRow("seed not a number")
        << QStringList { QStringLiteral("--seed"), QStringLiteral("abc") } << QStringLiteral("--seed");
    QTest::addRow("negative seed") << QStringList { QStringLiteral("--seed=-1") } << QStringLiteral("--seed");
    QTest::addRow("duration unit") << QStringList { QStringLiteral("--duration"), QStringLiteral("5x") }
                                   << QStringLiteral("--duration");
    QTest::addRow("duration below 1ms") << QStringList { QStringLiteral("--duration"),
        QStringLiteral("500us") } << QStringLiteral("--duration");
    QTest::addRow("duration overflowing")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("9223372036854775807us") }
        << QStringLiteral("--duration");
    QTest::addRow("duration above the limit") << QStringList { QStringLiteral("--duration"),
        QStringLiteral("1000001s") } << QStringLiteral("--duration");
    QTest::addRow("sample zero") << QStringList { QStringLiteral("--sample"), QStringLiteral("0") }
                                 << QStringLiteral("--sample");
    QTest::addRow("missing value") << QStringList { QStringLiteral("--out") } << QStringLiteral("--out");
    QTest::addRow("invariant interval off the step")
        << QStringList { QStringLiteral("--check-invariants=150us") } << QStringLiteral("--check-invariants");
    QTest::addRow("memory limit too small") << QStringList { QStringLiteral("--memory-limit"),
        QStringLiteral("1M") } << QStringLiteral("--memory-limit");
    QTest::addRow("negative max-events")
        << QStringList { QStringLiteral("--max-events=-1") } << QStringLiteral("--max-events");
    QTest::addRow("max-events above the limit") << QStringList { QStringLiteral("--max-events"),
        QStringLiteral("1000000001") } << QStringLiteral("1000000000");
}

void TestCli::badFlag()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    const CliResult r = runCli(QStringList { QStringLiteral("run"), m_scenario } + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(named), qPrintable(r.err));

    const CliResult command = runCli({ QStringLiteral("frobnicate") });
    QCOMPARE(command.exitCode, 2);
    const CliResult none = runCli({ QStringLiteral("run") });
    QCOMPARE(none.exitCode, 2);
}

void TestCli::helpAndVersion()
{
    for (const QString& flag : { QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("help") }) {
        const CliResult r = runCli({ flag });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("timeseries.csv")));
        QVERIFY(r.out.contains(QStringLiteral("kswapd<N>_state")));
        QVERIFY(r.out.contains(QStringLiteral("nr_vmscan_immediate_reclaim")));
        QVERIFY(r.out.contains(QStringLiteral("validate FILE...")));
    }
    const CliResult v = runCli({ QStringLiteral("--version") });
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("reclaimlab-cli ")));
}

void TestCli::lessonCheckExitCodes()
{
    const QString lesson = QStringLiteral(RLAB_SOURCE_DIR "/lessons/01-watermarks.json");
    const CliResult ok = runCli({ QStringLiteral("lesson"), QStringLiteral("check"), lesson });
    QCOMPARE(ok.exitCode, 0);
    QVERIFY2(ok.out.contains(QStringLiteral(": ok (")), qPrintable(ok.out));
    QVERIFY(runCli({ QStringLiteral("validate"), lesson }).out.contains(QStringLiteral(": ok")));
    // A lesson whose stated answer the engine contradicts fails with the step named.
    QTemporaryDir dir;
    QByteArray text = readAll(lesson);
    text.replace(R"("answer": "earlier")", R"("answer": "later")");
    const QString wrong = dir.filePath(QStringLiteral("wrong.json"));
    QFile f(wrong);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text) > 0);
    f.close();
    const CliResult bad = runCli({ QStringLiteral("lesson"), QStringLiteral("check"), wrong });
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.out.contains(QStringLiteral("steps[4].question: the file says choice later")),
        qPrintable(bad.out));
    QCOMPARE(runCli({ QStringLiteral("lesson"), QStringLiteral("check") }).exitCode, 2);
    QCOMPARE(runCli({ QStringLiteral("lesson"), QStringLiteral("frob") }).exitCode, 2);
}

void TestCli::lessonExportWritesPdfs()
{
#ifdef RLAB_HAVE_GUI
    QTemporaryDir dir;
    const QString lesson = QStringLiteral(RLAB_SOURCE_DIR "/lessons/01-watermarks.json");
    const CliResult r = runCli({ QStringLiteral("lesson"), QStringLiteral("export"), lesson,
        QStringLiteral("--out"), dir.path(), QStringLiteral("--lang"), QStringLiteral("zh_CN") });
    QCOMPARE(r.exitCode, 0);
    for (const char* name : { "watermarks-worksheet-zh_CN.pdf", "watermarks-answers-zh_CN.pdf" }) {
        const QByteArray pdf = readAll(dir.filePath(QLatin1String(name)));
        QVERIFY2(pdf.startsWith("%PDF-"), name);
        QVERIFY(pdf.size() > 10000);
    }
    QVERIFY(r.out.contains(QStringLiteral("charts/watermarks.png")));
    QCOMPARE(runCli({ QStringLiteral("lesson"), QStringLiteral("export"), lesson, QStringLiteral("--lang"),
                        QStringLiteral("fr") })
                 .exitCode,
        2);
#else
    QSKIP("lesson export needs the desktop app's ui library");
#endif
}

void TestCli::quizSameSeedSameProblem()
{
    const QStringList args = { QStringLiteral("quiz"), QStringLiteral("oom-score"), QStringLiteral("--seed"),
        QStringLiteral("42"), QStringLiteral("--answers") };
    const CliResult a = runCli(args);
    const CliResult b = runCli(args);
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(a.out, b.out);
    QVERIFY(a.out.contains(QStringLiteral("oom_badness")));
    const CliResult other = runCli({ QStringLiteral("quiz"), QStringLiteral("oom-score"),
        QStringLiteral("--seed"), QStringLiteral("43") });
    QVERIFY(other.out != a.out);
    QCOMPARE(runCli({ QStringLiteral("quiz"), QStringLiteral("bogus"), QStringLiteral("--seed"),
                        QStringLiteral("1") })
                 .exitCode,
        2);
}

void TestCli::compareRecording()
{
    // A recorded experiment against its replay: the table names every figure with both sides and a
    // verdict, --out writes it as CSV with the runs' spread, both series over time, and the chart.
    const QString experiment = QStringLiteral(RLAB_REFERENCE_DIR "/kernel/c-refault-224");
    const QString out = m_dir.filePath(QStringLiteral("compare"));
    const CliResult r =
        runCli({ QStringLiteral("compare-recording"), experiment, QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("kernel1   kernel2       sim       tol  holds")));
    QVERIFY(r.out.contains(QStringLiteral("workingset_refault_file")));
    QVERIFY(r.out.contains(QStringLiteral(" figures hold.")));
    const QList<QByteArray> table = csvLines(out + QStringLiteral("/compare.csv"));
    QCOMPARE(
        table.front(), QByteArray("figure,kernel1,kernel2,kernel_mean,spread,simulated,tolerance,holds"));
    bool refaults = false;
    for (const QByteArray& line : table) {
        const QList<QByteArray> f = line.split(',');
        QCOMPARE(f.size(), 8);
        if (f[0] == "workingset_refault_file") {
            // Both runs refault on every pass of the 224 MiB file (tens of thousands of pages).
            refaults = f[1].toLongLong() > 50000 && f[2].toLongLong() > 50000 && f[7] == "yes";
        }
    }
    QVERIFY(refaults);
    const QList<QByteArray> series = csvLines(out + QStringLiteral("/series.csv"));
    QVERIFY(series.front().startsWith("t_ms,sim_nr_free_pages,"));
    QVERIFY(series.front().contains(",kernel2_pgscan_kswapd,"));
    QVERIFY(series.size() > 100);
#ifdef RLAB_HAVE_GUI
    QFile png(out + QStringLiteral("/compare.png"));
    QVERIFY(png.open(QIODevice::ReadOnly));
    QCOMPARE(png.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
    QVERIFY(readAll(out + QStringLiteral("/compare.svg")).contains("<svg"));
#endif
    // One run directory compares alone, with the scenario given.
    const CliResult one = runCli({ QStringLiteral("compare-recording"), experiment + QStringLiteral("/run2"),
        experiment + QStringLiteral("/scenario.json") });
    QVERIFY2(one.exitCode == 0, qPrintable(one.err));
    QVERIFY(one.out.contains(QStringLiteral("(1 run)")));
}

void TestCli::compareRecordingBadInput()
{
    const QString experiment = QStringLiteral(RLAB_REFERENCE_DIR "/kernel/c-refault-224");
    const struct
    {
        QStringList args;
        const char* named;
    } cases[] = {
        { {}, "expected RECORDING_DIR" },
        { { m_dir.path() }, "no recording (vmstat.tsv)" },
        { { experiment, QStringLiteral("--bogus") }, "unknown option '--bogus'" },
        { { experiment, QStringLiteral("--lang"), QStringLiteral("fr") },
            "'fr' is not allowed; expected en or zh_CN" },
        { { experiment, m_dir.filePath(QStringLiteral("missing.json")) }, "missing.json" },
    };
    for (const auto& c : cases) {
        const CliResult r = runCli(QStringList { QStringLiteral("compare-recording") } + c.args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String(c.named)), qPrintable(r.err));
    }
}

QTEST_APPLESS_MAIN(TestCli)
#include "tst_cli.moc"
