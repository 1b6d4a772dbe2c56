// SPDX-License-Identifier: GPL-3.0-or-later
// Every shipped scenario runs, and shows what it says it shows: the OOM scenarios kill the process a
// real 6.1 kernel would, the streaming one keeps its hot set, the thrashing one refaults...
#include "rlab/engine/simulator.h"

#include <QDir>
#include <QTest>

#include <algorithm>

using namespace rlab::engine;

namespace {

const Process* byName(const Simulator& sim, const std::string& name)
{
    for (const auto& p : sim.processes()) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

bool killed(const Simulator& sim, const std::string& name)
{
    const Process* p = byName(sim, name);
    return p && p->state == ProcessState::Killed && p->oomVictim;
}

Pages residentOf(const Simulator& sim, const std::string& file)
{
    for (const auto& f : sim.files()) {
        if (f.name == file)
            return sim.mappings()[static_cast<std::size_t>(f.mapping)].resident;
    }
    return 0;
}

} // namespace

class TestShipped : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyScenarioIsChecked();
    void run_data();
    void run();
};

void TestShipped::everyScenarioIsChecked()
{
    // A new shipped scenario must get a row below.
    const QStringList files = QDir(QStringLiteral(RLAB_SCENARIO_DIR)).entryList({ QStringLiteral("*.json") });
    QCOMPARE(files.size(), 15);
}

void TestShipped::run_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("seconds"); // simulated; 0 = the scenario's duration
    for (const char* name : { "default", "anon-leak", "oom-score-adj", "oom-kill-allocating-task-on",
             "oom-kill-allocating-task-off", "panic-on-oom", "dirty-writer", "thrashing-refaults",
             "swappiness-compare", "file-server-streaming", "compaction-driver", "compaction-fails",
             "memcg-max-vs-global", "memcg-low-noisy-neighbour" })
        QTest::newRow(name) << QString::fromLatin1(name) << 0;
    QTest::newRow("db-burst-64g") << QStringLiteral("db-burst-64g") << 1; // 16 M frames: boot and a second
    // Lessons are run by the lesson_check test (reclaimlab-cli lesson check) and tst_lesson.
}

void TestShipped::run()
{
    QFETCH(QString, file);
    QFETCH(int, seconds);
    const auto parsed =
        loadScenarioFile(QStringLiteral(RLAB_SCENARIO_DIR "/%1.json").arg(file).toStdString());
    QVERIFY2(parsed.scenario, parsed.error.c_str());
    const Scenario& s = *parsed.scenario;
    QVERIFY(!Simulator::validate(s));
    Simulator sim(s, s.seed);
    const Tick end = seconds ? seconds * kTicksPerSecond : s.duration.value_or(30 * kTicksPerSecond);

    // Sample what a few checks need while running.
    Pages maxDirty = 0;
    std::array<std::uint64_t, 3> anonScan {};
    std::array<std::uint64_t, 3> fileScan {};
    Pages dbBeforeLowDropped = 0;
    while (sim.now() < end && !sim.stopped()) {
        sim.step();
        // memcg-low-noisy-neighbour: /db loses its memory.low at 15 s.
        if (file == QLatin1String("memcg-low-noisy-neighbour") && sim.now() == 14 * kTicksPerSecond)
            dbBeforeLowDropped = sim.memcg().group(*sim.memcg().find("/db")).memory.usage;
        maxDirty = std::max(maxDirty, sim.global(NodeStat::NrDirty) + sim.global(NodeStat::NrWriteback));
        // swappiness-compare: the phases end at 20 s, 50 s and 75 s (swappiness 0, 100, 200).
        const Tick phaseEnds[3] = { 20 * kTicksPerSecond, 50 * kTicksPerSecond, 75 * kTicksPerSecond };
        for (std::size_t phase = 0; phase < 3; ++phase) {
            if (file == QLatin1String("swappiness-compare") && sim.now() == phaseEnds[phase]) {
                anonScan[phase] = sim.events()[VmEvent::PgstealAnon];
                fileScan[phase] = sim.events()[VmEvent::PgstealFile];
            }
        }
    }
    QCOMPARE(sim.checkInvariants(), std::string());
    const auto& ev = sim.events();

    if (file == QLatin1String("panic-on-oom")) {
        QVERIFY(sim.stopped());
        QVERIFY(sim.stopReason().find("panic_on_oom") != std::string::npos);
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 0 });
        return;
    }
    QVERIFY2(!sim.stopped(), sim.stopReason().c_str());
    if (file == QLatin1String("default")) {
        QVERIFY(ev[VmEvent::Pageoutrun] > 0);
        QVERIFY(ev[VmEvent::AllocstallMovable] > 0); // the compiler outruns kswapd
        QVERIFY(ev[VmEvent::Pswpout] > 0);
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 0 });
    } else if (file == QLatin1String("anon-leak")) {
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 1 });
        QVERIFY(killed(sim, "leaky-service"));
        QVERIFY(sim.swap().freePages() > 0); // the victim's swap came back
    } else if (file == QLatin1String("oom-score-adj")) {
        QVERIFY(killed(sim, "batch-job"));
        QVERIFY(!killed(sim, "postgres"));
        QCOMPARE(sim.oom().oomScore(*byName(sim, "postgres")), std::int64_t { 0 });
    } else if (file == QLatin1String("oom-kill-allocating-task-on")) {
        QVERIFY(killed(sim, "log-shipper"));
        QVERIFY(!killed(sim, "cache-service"));
    } else if (file == QLatin1String("oom-kill-allocating-task-off")) {
        QVERIFY(killed(sim, "cache-service"));
        QVERIFY(!killed(sim, "log-shipper"));
    } else if (file == QLatin1String("dirty-writer")) {
        const auto [bg, thresh] = sim.dirtyThresholds();
        QVERIFY(sim.global(NodeStat::NrWritten) > 0);
        QVERIFY(maxDirty > bg);
        QVERIFY(maxDirty <= thresh);
    } else if (file == QLatin1String("thrashing-refaults")) {
        QVERIFY(sim.global(NodeStat::WorkingsetRefaultAnon) > 0);
        QVERIFY(sim.global(NodeStat::WorkingsetActivateAnon) > 0);
        QVERIFY(ev[VmEvent::Pgmajfault] > 0);
        QVERIFY(sim.psi().totalNs(Psi::Some) > 0);
    } else if (file == QLatin1String("swappiness-compare")) {
        // Anon's share of what was reclaimed grows from phase to phase (swappiness 0, 100, 200).
        auto share = [&](std::size_t phase) {
            const double a = static_cast<double>(anonScan[phase] - (phase ? anonScan[phase - 1] : 0));
            const double f = static_cast<double>(fileScan[phase] - (phase ? fileScan[phase - 1] : 0));
            return a / std::max(1.0, a + f);
        };
        QVERIFY2(share(0) < share(1) && share(1) < share(2),
            qPrintable(QStringLiteral("%1 %2 %3").arg(share(0)).arg(share(1)).arg(share(2))));
        QVERIFY(share(0) < 0.05);
    } else if (file == QLatin1String("file-server-streaming")) {
        // The backup read far more than RAM, yet most of the hot set is still cached.
        const Pages hot = residentOf(sim, "htdocs");
        QVERIFY2(hot > 262144 * 8 / 10, qPrintable(QString::number(hot)));
        QVERIFY(ev[VmEvent::PgstealFile] > 1000000);
    } else if (file.endsWith(QLatin1String("01-watermarks"))) {
        QVERIFY(ev[VmEvent::Pageoutrun] > 10);
        QCOMPARE(ev[VmEvent::AllocstallMovable], std::uint64_t { 0 });
    } else if (file.endsWith(QLatin1String("03-oom-killer"))) {
        QVERIFY(killed(sim, "etl-job"));
        QVERIFY(!killed(sim, "mariadb"));
    } else if (file == QLatin1String("compaction-driver")) {
        // Every 32 KB buffer came from compaction or the free lists; nobody was killed.
        const Process* driver = byName(sim, "driver");
        QVERIFY(driver && driver->workloads[0].kernelAllocs > 1000);
        QCOMPARE(driver->workloads[0].kernelAllocFailures, std::uint64_t { 0 });
        QVERIFY(ev[VmEvent::CompactStall] > 0);
        QVERIFY(ev[VmEvent::CompactSuccess] > 0);
        QVERIFY(ev[VmEvent::PgmigrateSuccess] > 0);
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 0 });
    } else if (file == QLatin1String("compaction-fails")) {
        // Free memory is plenty, but in single pages between unmovable ones: the atomic allocations
        // fail, kcompactd finds nothing to migrate, the costly request fails too, and nobody is killed.
        const auto hasLine = [&](const std::string& text) {
            return std::any_of(sim.kernelLog().begin(), sim.kernelLog().end(),
                [&](const std::string& line) { return line.find(text) != std::string::npos; });
        };
        QVERIFY(hasLine("nic-driver: page allocation failure: order:3, mode:0xa20(GFP_ATOMIC)"));
        QVERIFY(hasLine("warn_alloc: "));
        QVERIFY(byName(sim, "nic-driver")->workloads[0].kernelAllocFailures > 1000);
        QVERIFY(byName(sim, "raid-driver")->workloads[0].kernelAllocFailures > 0);
        QVERIFY(ev[VmEvent::CompactDaemonWake] > 0);
        QVERIFY(ev[VmEvent::CompactFail] > 0);
        QCOMPARE(ev[VmEvent::PgmigrateSuccess], std::uint64_t { 0 });
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 0 });
        QVERIFY(sim.global(ZoneStat::NrFreePages) > 200000);
    } else if (file == QLatin1String("memcg-max-vs-global")) {
        // Only /batch was reclaimed and only its leak was killed, with gigabytes free on the machine.
        QVERIFY(killed(sim, "batch-leak"));
        QVERIFY(!killed(sim, "nginx") && !killed(sim, "batch-cron"));
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 1 });
        QCOMPARE(ev[VmEvent::AllocstallMovable], std::uint64_t { 0 });
        const MemCgroup& batch = sim.memcg().group(*sim.memcg().find("/batch"));
        QCOMPARE(batch.events[static_cast<std::size_t>(MemcgEvent::OomKill)], std::uint64_t { 1 });
        QCOMPARE(batch.memory.watermark, Pages { 512 * 256 });
        QVERIFY(sim.global(ZoneStat::NrFreePages) > 256 * 1024);
    } else if (file == QLatin1String("memcg-low-noisy-neighbour")) {
        // Protected, the database keeps its 900 MiB while the backup streams; without it, it shrinks.
        QVERIFY2(dbBeforeLowDropped > 800 * 256, qPrintable(QString::number(dbBeforeLowDropped)));
        const MemCgroup& db = sim.memcg().group(*sim.memcg().find("/db"));
        QVERIFY(db.memory.usage < dbBeforeLowDropped * 3 / 4);
        QCOMPARE(ev[VmEvent::OomKill], std::uint64_t { 0 });
    } else if (file == QLatin1String("db-burst-64g")) {
        QCOMPARE(sim.tunables().minFreeKbytes, std::int64_t { 67584 });
        QVERIFY(sim.frames().size() > 16000000);
    }
}

QTEST_APPLESS_MAIN(TestShipped)
#include "tst_shipped.moc"
