// SPDX-License-Identifier: GPL-3.0-or-later
// "Save as scenario": every shipped scenario survives write → read unchanged, and live changes become
// timed events in time order.
#include "scenario_writer.h"

#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QDir>
#include <QTest>

using namespace rlab;

class TestScenarioWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(RLAB_SCENARIO_DIR));
        for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
        QTest::newRow("classroom") << QStringLiteral(RLAB_UI_TEST_DATA "/classroom.json");
    }

    void roundTrip()
    {
        QFETCH(QString, path);
        const engine::ParseResult original = engine::loadScenarioFile(path.toStdString());
        QVERIFY2(original.scenario, original.error.c_str());
        const QByteArray written = ui::scenarioToJson(*original.scenario, {});
        const engine::ParseResult reread = engine::parseScenario(written.toStdString());
        QVERIFY2(reread.scenario, (reread.error + "\n" + written.toStdString()).c_str());
        const engine::Scenario& a = *original.scenario;
        const engine::Scenario& b = *reread.scenario;
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.seed, a.seed);
        QCOMPARE(b.duration, a.duration);
        QCOMPARE(b.processes.size(), a.processes.size());
        QCOMPARE(b.swap.size(), a.swap.size());
        QCOMPARE(b.events.size(), a.events.size());
        for (std::size_t i = 0; i < a.swap.size(); ++i) {
            QCOMPARE(b.swap[i].size, a.swap[i].size);
            QCOMPARE(b.swap[i].disk.latency, a.swap[i].disk.latency);
            QCOMPARE(b.swap[i].disk.pagesPerSecond, a.swap[i].disk.pagesPerSecond);
        }
        for (std::size_t i = 0; i < a.processes.size(); ++i) {
            QCOMPARE(b.processes[i].name, a.processes[i].name);
            QCOMPARE(b.processes[i].start, a.processes[i].start);
            QCOMPARE(b.processes[i].exit, a.processes[i].exit);
            QCOMPARE(b.processes[i].oomScoreAdj, a.processes[i].oomScoreAdj);
            QCOMPARE(b.processes[i].workload.size(), a.processes[i].workload.size());
            for (std::size_t w = 0; w < a.processes[i].workload.size(); ++w) {
                const auto& x = a.processes[i].workload[w];
                const auto& y = b.processes[i].workload[w];
                QCOMPARE(y.kind, x.kind);
                QCOMPARE(y.size, x.size);
                QCOMPARE(y.ratePagesPerSec, x.ratePagesPerSec);
                QCOMPARE(y.accessesPerSec, x.accessesPerSec);
                QCOMPARE(y.file, x.file);
            }
        }
        // The same machine: same zones, and the same first second of simulation.
        engine::Simulator simA(a, a.seed);
        engine::Simulator simB(b, b.seed);
        QCOMPARE(simB.totalRamPages(), simA.totalRamPages());
        simA.runUntil(200 * engine::kTicksPerMs);
        simB.runUntil(200 * engine::kTicksPerMs);
        QCOMPARE(simB.global(engine::ZoneStat::NrFreePages), simA.global(engine::ZoneStat::NrFreePages));
        QCOMPARE(simB.events()[engine::VmEvent::Pgfault], simA.events()[engine::VmEvent::Pgfault]);
        // Writing again gives the same text.
        QCOMPARE(ui::scenarioToJson(b, {}), written);
    }

    void liveChangesBecomeEvents()
    {
        const engine::ParseResult parsed = engine::loadScenarioFile(RLAB_UI_TEST_DATA "/classroom.json");
        QVERIFY(parsed.scenario);
        engine::ProcessSpec extra;
        extra.name = "hog-1";
        extra.workload.push_back({ engine::WorkloadKind::Anon, 0, std::nullopt, 1000, 500, 0, false, {} });
        const std::vector<engine::TimedCommand> live {
            { 3000, engine::SetSysctl { { "vm.swappiness", { 10 } } } },
            { 3000, engine::SetSysctl { { "vm.min_free_kbytes", { 8192 } } } },
            { 1000, engine::DropCaches { 3 } },
            { 5000, engine::StartProcess { extra } },
            { 6000, engine::SetOomScoreAdj { "hog-1", 500 } },
            { 7000, engine::KillProcess { "hog-1" } },
            { 8000, engine::Swapoff { "/dev/vda2" } },
        };
        const engine::ParseResult reread =
            engine::parseScenario(ui::scenarioToJson(*parsed.scenario, live).toStdString());
        QVERIFY2(reread.scenario, reread.error.c_str());
        const auto& ev = reread.scenario->events;
        QCOMPARE(ev.size(), live.size());
        QCOMPARE(ev[0].at, engine::Tick { 1000 });
        QVERIFY(std::holds_alternative<engine::DropCaches>(ev[0].command));
        // Writes at one instant keep their order.
        QCOMPARE(std::get<engine::SetSysctl>(ev[1].command).write.name, std::string("vm.swappiness"));
        QCOMPARE(std::get<engine::SetSysctl>(ev[2].command).write.name, std::string("vm.min_free_kbytes"));
        QCOMPARE(std::get<engine::StartProcess>(ev[3].command).process.workload.front().size,
            engine::Pages { 1000 });
        QCOMPARE(std::get<engine::SetOomScoreAdj>(ev[4].command).oomScoreAdj, 500);
        QCOMPARE(std::get<engine::KillProcess>(ev[5].command).process, std::string("hog-1"));
        QCOMPARE(std::get<engine::Swapoff>(ev[6].command).device, std::string("/dev/vda2"));
    }

    void dirtyPairsKeepTheValueInForce()
    {
        engine::Scenario s;
        s.name = "dirty";
        s.machine.ram = 65536;
        s.sysctls = { { "vm.dirty_ratio", { 30 } }, { "vm.dirty_bytes", { 64 * 1024 * 1024 } } };
        const engine::ParseResult reread = engine::parseScenario(ui::scenarioToJson(s, {}).toStdString());
        QVERIFY2(reread.scenario, reread.error.c_str());
        engine::Simulator sim(*reread.scenario, 1);
        QCOMPARE(sim.tunables().dirtyBytes, std::int64_t { 64 * 1024 * 1024 });
        QCOMPARE(sim.tunables().dirtyRatio, 0);
    }
};

QTEST_APPLESS_MAIN(TestScenarioWriter)
#include "tst_scenario_writer.moc"
