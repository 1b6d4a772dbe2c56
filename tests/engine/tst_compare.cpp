// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli compare: variants run on one clock, each as `run` would run it, their end states side by
// side, and the chart drawn; bad variants are refused with the reason.
#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using rlab::testing::CliResult;
using rlab::testing::readAll;
using rlab::testing::runCli;
using rlab::testing::writeFile;

/// differences.csv as column → cells.
QMap<QString, QStringList> table(const QString& path)
{
    QMap<QString, QStringList> rows;
    for (const QByteArray& line : readAll(path).split('\n')) {
        if (line.isEmpty())
            continue;
        QStringList cells = QString::fromUtf8(line).split(QLatin1Char(','));
        rows.insert(cells.takeFirst(), cells);
    }
    return rows;
}

const QString kScenario = QStringLiteral(RLAB_SCENARIO_DIR "/default.json");

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sweepRunsEachVariantLikeRun();
    void twoScenarioFiles();
    void overlaysARecording();
    void refusesBadVariants();
};

void TestCompare::sweepRunsEachVariantLikeRun()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("cmp"));
    const CliResult r = runCli({ QStringLiteral("compare"), kScenario, QStringLiteral("--set"),
        QStringLiteral("vm.swappiness=60,200"), QStringLiteral("--duration"), QStringLiteral("18s"),
        QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));

    // default.json leaves swappiness at 60: that variant is the plain run, byte for byte.
    const QString plain = dir.filePath(QStringLiteral("plain"));
    QCOMPARE(runCli({ QStringLiteral("run"), kScenario, QStringLiteral("--duration"), QStringLiteral("18s"),
                        QStringLiteral("--out"), plain, QStringLiteral("--quiet") })
                 .exitCode,
        0);
    const QByteArray expected = readAll(plain + QStringLiteral("/timeseries.csv"));
    QVERIFY(expected.count('\n') > 100);
    QCOMPARE(readAll(out + QStringLiteral("/vm.swappiness=60/timeseries.csv")), expected);
    const QByteArray other = readAll(out + QStringLiteral("/vm.swappiness=200/timeseries.csv"));
    QVERIFY(!other.isEmpty() && other != expected);

    const QMap<QString, QStringList> rows = table(out + QStringLiteral("/differences.csv"));
    QCOMPARE(rows.value(QStringLiteral("column")),
        QStringList({ QStringLiteral("\"vm.swappiness=60\""), QStringLiteral("\"vm.swappiness=200\""),
            QStringLiteral("\"vm.swappiness=200 - vm.swappiness=60\"") }));
    QCOMPARE(rows.value(QStringLiteral("t_ms")).value(0), QStringLiteral("18000"));
    // The end values are the last rows of the runs, and the difference is theirs.
    const QStringList lastRow =
        QString::fromUtf8(expected.trimmed().split('\n').last()).split(QLatin1Char(','));
    const QStringList header = QString::fromUtf8(expected.split('\n').first()).split(QLatin1Char(','));
    const QStringList pswpout = rows.value(QStringLiteral("pswpout"));
    QCOMPARE(pswpout.value(0), lastRow.value(header.indexOf(QStringLiteral("pswpout"))));
    QCOMPARE(pswpout.value(2).toLongLong(), pswpout.value(1).toLongLong() - pswpout.value(0).toLongLong());
    const QStringList direct = rows.value(QStringLiteral("pgscan_direct"));
    QVERIFY(direct.value(0) != direct.value(1));
    QCOMPARE(direct.value(2).toLongLong(), direct.value(1).toLongLong() - direct.value(0).toLongLong());

#ifdef RLAB_HAVE_GUI
    // The PNG's IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    const QByteArray png = readAll(out + QStringLiteral("/compare.png"));
    QVERIFY(png.startsWith("\x89PNG") && png.size() > 10000);
    const auto be32 = [&png](int at) {
        return (static_cast<quint32>(static_cast<quint8>(png[at])) << 24)
            | (static_cast<quint32>(static_cast<quint8>(png[at + 1])) << 16)
            | (static_cast<quint32>(static_cast<quint8>(png[at + 2])) << 8)
            | static_cast<quint8>(png[at + 3]);
    };
    QCOMPARE(be32(16), 1920U);
    QCOMPARE(be32(20), 1080U);
    QVERIFY(readAll(out + QStringLiteral("/compare.svg")).contains("<svg"));
#endif
}

void TestCompare::twoScenarioFiles()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("cmp"));
    const CliResult r = runCli(
        { QStringLiteral("compare"), QStringLiteral(RLAB_SCENARIO_DIR "/oom-kill-allocating-task-off.json"),
            QStringLiteral(RLAB_SCENARIO_DIR "/oom-kill-allocating-task-on.json"),
            QStringLiteral("--duration"), QStringLiteral("2s"), QStringLiteral("--out"), out,
            QStringLiteral("--set"), QStringLiteral("vm.swappiness=10") });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QMap<QString, QStringList> rows = table(out + QStringLiteral("/differences.csv"));
    QCOMPARE(rows.value(QStringLiteral("column")).value(0),
        QStringLiteral("\"oom-kill-allocating-task-off vm.swappiness=10\""));
    QVERIFY(
        QFile::exists(out + QStringLiteral("/oom-kill-allocating-task-on_vm.swappiness=10/timeseries.csv")));
}

void TestCompare::overlaysARecording()
{
    // A kernel-lab run (the files `record` writes) beside two variants of its replay scenario.
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("cmp"));
    const QString lab = QStringLiteral(RLAB_REFERENCE_DIR "/kernel/b-swappiness-60");
    const CliResult r =
        runCli({ QStringLiteral("compare"), lab + QStringLiteral("/scenario.json"), QStringLiteral("--set"),
            QStringLiteral("vm.swappiness=60,100"), QStringLiteral("--duration"), QStringLiteral("2s"),
            QStringLiteral("--recording"), lab + QStringLiteral("/run1"), QStringLiteral("--out"), out });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
#ifdef RLAB_HAVE_GUI
    const QByteArray svg = readAll(out + QStringLiteral("/compare.svg"));
    QVERIFY(svg.contains("recording run1"));
    QVERIFY(svg.contains("vm.swappiness=100"));
#endif
    // The table compares the simulated variants only.
    QCOMPARE(table(out + QStringLiteral("/differences.csv")).value(QStringLiteral("column")).size(), 3);
}

void TestCompare::refusesBadVariants()
{
    const auto err = [](const QStringList& args) {
        const CliResult r = runCli(QStringList { QStringLiteral("compare") } + args);
        return r.exitCode == 2 ? r.err : QStringLiteral("exit %1").arg(r.exitCode);
    };
    QVERIFY(err({ kScenario }).contains(QStringLiteral("two or more variants")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("vm.swappiness=0,300") })
                .contains(QStringLiteral("0..200")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("vm.nonsense=1,2") })
                .contains(QStringLiteral("unknown sysctl 'vm.nonsense'")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("vm.lowmem_reserve_ratio=1,2") })
                .contains(QStringLiteral("one value per zone type")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("vm.swappiness=1,2,3"),
                    QStringLiteral("--set"), QStringLiteral("vm.page-cluster=0,1,2") })
                .contains(QStringLiteral("more than 8 variants")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("swappiness") })
                .contains(QStringLiteral("NAME=V1,V2")));
    QVERIFY(err({}).contains(QStringLiteral("missing SCENARIO")));
    QVERIFY(err({ kScenario, QStringLiteral("--set"), QStringLiteral("vm.swappiness=1,2"),
                    QStringLiteral("--recording"), QStringLiteral(RLAB_SCENARIO_DIR) })
                .startsWith(QStringLiteral("reclaimlab-cli: compare: --recording: ")));
    QVERIFY(err({ kScenario, QStringLiteral("--frob"), QStringLiteral("1") })
                .contains(QStringLiteral("unknown option")));
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
