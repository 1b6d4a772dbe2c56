// SPDX-License-Identifier: GPL-3.0-or-later
// Engine state files: a restored state continues byte-identically (the engine, and `reclaimlab-cli run
// --resume` on every shipped scenario), and a damaged or foreign file is refused with a reason.
#include "cli_runner.h"

#include <rlab/engine/proc_format.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>
#include <rlab/engine/state.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <functional>
#include <map>

using namespace rlab::engine;

namespace {

using rlab::testing::CliResult;
using rlab::testing::readAll;
using rlab::testing::runCli;
using rlab::testing::writeFile;

Scenario shipped(const QString& name)
{
    const ParseResult parsed =
        loadScenarioFile(QStringLiteral(RLAB_SCENARIO_DIR "/%1.json").arg(name).toStdString());
    if (!parsed.scenario)
        qFatal("%s", parsed.error.c_str());
    return *parsed.scenario;
}

/// Every /proc text and the kernel log: what a run's end shows.
std::string procTexts(const Simulator& sim)
{
    std::string out =
        renderZoneinfo(sim) + renderVmstat(sim) + renderMeminfo(sim) + renderSwaps(sim) + sim.psi().render();
    for (const std::string& line : sim.kernelLog())
        out += line + "\n";
    return out;
}

void runTo(Simulator& sim, Tick end)
{
    while (sim.now() < end && !sim.stopped()) {
        sim.step();
        sim.drainEvents();
    }
}

/// A payload changed by `edit`, behind a header that matches it: the checksum passes, the contents do not.
std::string withPayload(const std::string& file, const std::function<void(std::string&)>& edit)
{
    std::string payload = file.substr(kStateHeaderBytes);
    edit(payload);
    std::string out = file.substr(0, kStateHeaderBytes) + payload;
    const auto size = static_cast<std::uint64_t>(payload.size());
    const std::uint64_t sum = stateChecksum(payload);
    std::memcpy(out.data() + kStateHeaderBytes - 16, &size, 8);
    std::memcpy(out.data() + kStateHeaderBytes - 8, &sum, 8);
    return out;
}

} // namespace

class TestState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restoredStateContinuesLikeTheOriginal();
    void savingIsDeterministicAndRoundTrips();
    void refusesDamagedAndForeignFiles();
    void shippedScenariosResumeByteIdentically_data();
    void shippedScenariosResumeByteIdentically();
    void resumeUsageErrors();
};

void TestState::restoredStateContinuesLikeTheOriginal()
{
    const Scenario scenario = shipped(QStringLiteral("thrashing-refaults"));
    Simulator original(scenario, scenario.seed);
    runTo(original, 1500 * kTicksPerMs);
    const std::string file = saveState(original, { "thrashing-refaults.json", scenario.seed, {} });

    RestoredState restored = restoreState(file);
    QVERIFY2(restored.sim, restored.error.c_str());
    QCOMPARE(restored.sim->now(), original.now());
    QCOMPARE(restored.run.scenarioFile, std::string("thrashing-refaults.json"));
    QCOMPARE(restored.scenario.name, scenario.name);
    QCOMPARE(procTexts(*restored.sim), procTexts(original));

    // Both go on for a second, with a live change applied to each at the same moment.
    const Command write = SetSysctl { { "vm.swappiness", { 200 } } };
    for (Simulator* sim : { &original, restored.sim.get() }) {
        runTo(*sim, 2000 * kTicksPerMs);
        QVERIFY(!sim->apply(write));
        runTo(*sim, 2500 * kTicksPerMs);
    }
    QVERIFY(original.global(NodeStat::NrActiveFile) > 0);
    QCOMPARE(procTexts(*restored.sim), procTexts(original));
    QCOMPARE(restored.sim->tunables().swappiness, 200);
}

void TestState::savingIsDeterministicAndRoundTrips()
{
    const Scenario scenario = shipped(QStringLiteral("dirty-writer"));
    Simulator a(scenario, 7);
    Simulator b(scenario, 7);
    runTo(a, 700 * kTicksPerMs);
    runTo(b, 700 * kTicksPerMs);
    const RunInfo run { "x.json", 7, { 7000, 123, 7000, 120, 700 * kTicksPerMs, 0.25 } };
    const std::string fileA = saveState(a, run);
    QCOMPARE(saveState(b, run), fileA); // no byte depends on memory the engine never wrote

    const RestoredState restored = restoreState(fileA);
    QVERIFY2(restored.sim, restored.error.c_str());
    QCOMPARE(restored.run.recorder.kswapdSteps, std::uint64_t { 123 });
    QCOMPARE(restored.run.recorder.lastSampleDuty, 0.25);
    QCOMPARE(saveState(*restored.sim, restored.run), fileA); // everything read is written back

    Simulator c(scenario, 8); // another seed: another state
    runTo(c, 700 * kTicksPerMs);
    QVERIFY(saveState(c, run) != fileA);
}

void TestState::refusesDamagedAndForeignFiles()
{
    const Scenario scenario = shipped(QStringLiteral("anon-leak"));
    Simulator sim(scenario, scenario.seed);
    runTo(sim, 300 * kTicksPerMs);
    const std::string file = saveState(sim, { "anon-leak.json", scenario.seed, {} });
    QVERIFY(restoreState(file).sim);

    const auto refusal = [](const std::string& bytes, std::uint64_t limit = kDefaultMemoryLimit) {
        RestoredState r = restoreState(bytes, limit);
        if (r.sim) {
            try {
                runTo(*r.sim, r.sim->now() + 200 * kTicksPerMs);
            } catch (const std::exception& e) {
                return std::string("(accepted, then) ") + e.what();
            }
            return std::string("(accepted)") + (r.sim->stopped() ? " stopped " + r.sim->stopReason() : "");
        }
        return r.error;
    };
    std::string flipped = file;
    flipped[file.size() / 2] = static_cast<char>(flipped[file.size() / 2] ^ 0x21);
    QVERIFY(refusal(flipped).find("checksum") != std::string::npos);
    QVERIFY(refusal(file.substr(0, file.size() - 100)).find("cut short") != std::string::npos);
    QVERIFY(refusal("{\"name\": \"a scenario\"}").find("not a ReclaimLab state file") != std::string::npos);
    QVERIFY(refusal(std::string()).find("not a ReclaimLab state file") != std::string::npos);

    std::string otherFormat = file;
    otherFormat[16] = 9;
    QVERIFY(refusal(otherFormat).find("state format 9") != std::string::npos);
    std::string otherOrder = file;
    std::swap(otherOrder[20], otherOrder[23]);
    QVERIFY(refusal(otherOrder).find("byte order") != std::string::npos);

    // Checksums that pass over contents that do not.
    QVERIFY(refusal(withPayload(file, [](std::string& p) { p.resize(p.size() - 3); })).find("ends early")
        != std::string::npos);
    QVERIFY(refusal(withPayload(file, [](std::string& p) { p += "xyz"; })).find("after its end")
        != std::string::npos);
    QVERIFY(refusal(withPayload(file, [](std::string& p) { p[8] = 'X'; })).find("written by reclaimlab")
        != std::string::npos);
    // A byte changed at 60 places over the payload: each restore is refused with a reason, or gives a
    // machine that runs on without a crash, an assertion or a broken invariant (Debug builds check them
    // every step). Changes that break a frame list are caught by the restore's invariant walk.
    std::map<std::string, int> verdicts;
    const std::size_t payloadBytes = file.size() - kStateHeaderBytes;
    for (std::size_t k = 1; k <= 60; ++k) {
        const std::string verdict = refusal(withPayload(file, [&](std::string& p) {
            const std::size_t at = payloadBytes * k / 61;
            p[at] = static_cast<char>(p[at] ^ 0x55);
        }));
        QVERIFY2(verdict == "(accepted)" || verdict[0] != '(', verdict.c_str());
        ++verdicts[verdict.substr(0, verdict.find(':'))];
    }
    QVERIFY(verdicts["the state breaks an engine invariant"] > 0);
    QVERIFY(refusal(file, 1ULL << 20).find("its scenario") != std::string::npos);
}

void TestState::shippedScenariosResumeByteIdentically_data()
{
    QTest::addColumn<QString>("scenario");
    const QStringList scenarios = QDir(QStringLiteral(RLAB_SCENARIO_DIR))
                                      .entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    QVERIFY(scenarios.size() >= 10);
    for (const QString& name : scenarios)
        QTest::newRow(qPrintable(name)) << QStringLiteral(RLAB_SCENARIO_DIR "/") + name;
}

void TestState::shippedScenariosResumeByteIdentically()
{
    QFETCH(QString, scenario);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString straight = dir.filePath(QStringLiteral("straight"));
    const QStringList points = { QStringLiteral("500ms"), QStringLiteral("1500ms"),
        QStringLiteral("2500ms") };
    const QList<int> pointMs = { 500, 1500, 2500 };
    QStringList args = { QStringLiteral("run"), scenario, QStringLiteral("--duration"), QStringLiteral("3s"),
        QStringLiteral("--out"), straight, QStringLiteral("--quiet") };
    for (int i = 0; i < points.size(); ++i)
        args << QStringLiteral("--save-state")
             << points[i] + QStringLiteral(":") + dir.filePath(QString::number(i));
    const CliResult run = runCli(args);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    const QList<QByteArray> rows = readAll(straight + QStringLiteral("/timeseries.csv")).split('\n');
    const QByteArray events = readAll(straight + QStringLiteral("/events.jsonl"));
    for (int i = 0; i < points.size(); ++i) {
        const QString resumed = dir.filePath(QStringLiteral("resumed%1").arg(i));
        const CliResult r = runCli({ QStringLiteral("run"), QStringLiteral("--resume"),
            dir.filePath(QString::number(i)), QStringLiteral("--duration"), QStringLiteral("3s"),
            QStringLiteral("--out"), resumed, QStringLiteral("--quiet") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const char* name : { "zoneinfo.txt", "vmstat.txt", "meminfo.txt", "swaps.txt", "pressure.txt",
                 "dmesg.txt", "summary.json" }) {
            const QByteArray expected = readAll(straight + QStringLiteral("/") + QLatin1String(name));
            QVERIFY(!expected.isEmpty() || QLatin1String(name) == QLatin1String("dmesg.txt"));
            QVERIFY2(readAll(resumed + QStringLiteral("/") + QLatin1String(name)) == expected,
                qPrintable(points[i] + QStringLiteral(": ") + QLatin1String(name)));
        }
        // timeseries.csv: the header, then the straight run's rows from the saved time on.
        QByteArray expectedRows = rows.first() + '\n';
        for (qsizetype k = 1; k < rows.size(); ++k) {
            if (!rows[k].isEmpty() && rows[k].split(',').first().toInt() >= pointMs[i])
                expectedRows += rows[k] + '\n';
        }
        QVERIFY(expectedRows.count('\n') > 2);
        QCOMPARE(readAll(resumed + QStringLiteral("/timeseries.csv")), expectedRows);
        // events.jsonl: what the resumed run logs is how the straight run's log ends.
        const QByteArray tail = readAll(resumed + QStringLiteral("/events.jsonl"));
        QVERIFY(events.endsWith(tail));
    }
}

void TestState::resumeUsageErrors()
{
    QTemporaryDir dir;
    const QString scenario = QStringLiteral(RLAB_SCENARIO_DIR "/anon-leak.json");
    const QString state = dir.filePath(QStringLiteral("s.bin"));
    const QString out = dir.filePath(QStringLiteral("out"));
    QCOMPARE(runCli({ QStringLiteral("run"), scenario, QStringLiteral("--duration"), QStringLiteral("1s"),
                        QStringLiteral("--out"), out, QStringLiteral("--save-state"),
                        QStringLiteral("400ms:") + state })
                 .exitCode,
        0);
    QVERIFY(QFile::exists(state));

    const auto err = [&](const QStringList& args) {
        const CliResult r = runCli(QStringList { QStringLiteral("run") } + args);
        return r.exitCode == 2 ? r.err : QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err);
    };
    QVERIFY(
        err({ QStringLiteral("--resume"), state, scenario }).contains(QStringLiteral("no SCENARIO.json")));
    QVERIFY(err({ QStringLiteral("--resume"), state, QStringLiteral("--seed"), QStringLiteral("3") })
                .contains(QStringLiteral("--seed is not allowed")));
    QVERIFY(err({ QStringLiteral("--resume"), state, QStringLiteral("--duration"), QStringLiteral("300ms") })
                .contains(QStringLiteral("before the saved time 400 ms")));
    QVERIFY(err({ QStringLiteral("--resume"), scenario })
                .contains(QStringLiteral("not a ReclaimLab state file")));
    QVERIFY(err({ QStringLiteral("--resume"), dir.filePath(QStringLiteral("missing.bin")) })
                .contains(QStringLiteral("cannot open")));
    QVERIFY(err({ scenario, QStringLiteral("--duration"), QStringLiteral("1s"),
                    QStringLiteral("--save-state"), QStringLiteral("2s:") + state })
                .contains(QStringLiteral("outside the run (0..1000 ms)")));
    QVERIFY(err({ scenario, QStringLiteral("--save-state"), QStringLiteral("nocolon") })
                .contains(QStringLiteral("expected AT:FILE")));

    // A run that stops before a save time says so and leaves no file.
    const QString panic = QStringLiteral(RLAB_SCENARIO_DIR "/panic-on-oom.json");
    const QString never = dir.filePath(QStringLiteral("never.bin"));
    const CliResult stopped = runCli({ QStringLiteral("run"), panic, QStringLiteral("--duration"),
        QStringLiteral("600s"), QStringLiteral("--out"), dir.filePath(QStringLiteral("p")),
        QStringLiteral("--save-state"), QStringLiteral("590s:") + never });
    QCOMPARE(stopped.exitCode, 1);
    QVERIFY2(stopped.err.contains(QStringLiteral("was not written")), qPrintable(stopped.err));
    QVERIFY(!QFile::exists(never));
}

QTEST_GUILESS_MAIN(TestState)
#include "tst_state.moc"
