// SPDX-License-Identifier: GPL-3.0-or-later
// Golden traces: each tests/golden/<case>.json runs for its duration and must reproduce
// <case>.expected.txt byte for byte (counters every 250 ms, the events, the final /proc files and the
// kernel log). A change in behaviour shows as a diff; RLAB_UPDATE_GOLDEN=1 rewrites the expected files
// for review. Optimisations must leave them unchanged.
#include "rlab/engine/proc_format.h"
#include "rlab/engine/simulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <sstream>

using namespace rlab::engine;

namespace {

std::string trace(const Scenario& s)
{
    Simulator sim(s, s.seed);
    std::ostringstream out;
    const Tick end = s.duration.value_or(5 * kTicksPerSecond);
    const Tick sample = 250 * kTicksPerMs;
    auto counters = [&] {
        out << "t=" << sim.now() << " free=" << sim.global(ZoneStat::NrFreePages);
        for (const auto item : { NodeStat::NrInactiveAnon, NodeStat::NrActiveAnon, NodeStat::NrInactiveFile,
                 NodeStat::NrActiveFile, NodeStat::NrDirty, NodeStat::NrWriteback })
            out << ' ' << counterName(item) << '=' << sim.global(item);
        for (const auto item : { VmEvent::PgscanKswapd, VmEvent::PgscanDirect, VmEvent::PgstealAnon,
                 VmEvent::PgstealFile, VmEvent::Pswpin, VmEvent::Pswpout, VmEvent::OomKill })
            out << ' ' << counterName(item) << '=' << sim.events()[item];
        out << '\n';
    };
    auto events = [&] {
        // Every event, verbatim, except the many scan_balance decisions: those are counted and hashed
        // (FNV-1a over their text) so the file stays small but any change still shows.
        std::uint64_t scanHash = 1469598103934665603ULL;
        std::size_t scans = 0;
        for (const auto& e : sim.drainEvents()) {
            std::ostringstream line;
            line << e.at << ' ' << e.name();
            forEachField(e, [&](std::string_view key, const EventValue& value) {
                line << ' ' << key << '=';
                if (const auto* real = std::get_if<double>(&value))
                    line << static_cast<long long>(*real * 1e6); // micro-units: exact across platforms
                else
                    std::visit([&](const auto& v) { line << v; }, value);
            });
            if (e.kind() == EventKind::ScanBalance) {
                ++scans;
                for (const char c : line.str())
                    scanHash = (scanHash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
            } else {
                out << "  " << line.str() << '\n';
            }
        }
        if (scans)
            out << "  scan_balance x" << scans << " fnv=" << std::hex << scanHash << std::dec << '\n';
    };
    counters();
    while (sim.now() < end && !sim.stopped()) {
        sim.runUntil(std::min(end, sim.now() + sample));
        events();
        counters();
    }
    out << renderZoneinfo(sim) << renderVmstat(sim) << renderMeminfo(sim) << sim.psi().render();
    for (const auto& line : sim.kernelLog())
        out << line << '\n';
    return out.str();
}

} // namespace

class TestGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
};

void TestGolden::golden_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(RLAB_SOURCE_DIR "/tests/golden"));
    const QStringList cases = dir.entryList({ QStringLiteral("*.json") });
    QVERIFY(cases.size() >= 2);
    for (const QString& c : cases)
        QTest::newRow(qPrintable(c)) << dir.filePath(c);
}

void TestGolden::golden()
{
    QFETCH(QString, path);
    const auto parsed = loadScenarioFile(path.toStdString());
    QVERIFY2(parsed.scenario, parsed.error.c_str());
    const std::string actual = trace(*parsed.scenario);
    const std::string again = trace(*parsed.scenario);
    QVERIFY2(actual == again, "the same scenario and seed gave two different traces");

    const QString expectedPath = path.chopped(5) + QStringLiteral(".expected.txt");
    if (qEnvironmentVariableIsSet("RLAB_UPDATE_GOLDEN")) {
        QFile out(expectedPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(actual.data(), static_cast<qint64>(actual.size()));
        QSKIP("expected file rewritten; review the diff");
    }
    QFile expectedFile(expectedPath);
    QVERIFY2(
        expectedFile.open(QIODevice::ReadOnly), qPrintable(expectedPath + QStringLiteral(" is missing")));
    const QByteArray expected = expectedFile.readAll();
    if (expected.toStdString() != actual) {
        const QString actualPath =
            QDir::current().filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".actual.txt"));
        QFile out(actualPath);
        if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            out.write(actual.data(), static_cast<qint64>(actual.size()));
        QFAIL(qPrintable(QStringLiteral("trace differs; see: diff -u %1 %2").arg(expectedPath, actualPath)));
    }
}

QTEST_APPLESS_MAIN(TestGolden)
#include "tst_golden.moc"
