// SPDX-License-Identifier: GPL-3.0-or-later
// PSI averaging against hand-computed values, dirty limits, refault activation and drop_caches.
#include "rlab/engine/psi.h"
#include "rlab/engine/rng.h"
#include "rlab/engine/simulator.h"

#include <QTest>

using namespace rlab::engine;

namespace {

constexpr Pages kMiB = 256;

Scenario singleZone(Pages managed)
{
    Scenario s;
    NodeSpec node;
    node.zones.push_back({ ZoneType::Dma32, managed, managed, managed });
    s.machine.nodes.push_back(node);
    s.machine.kernelPages = 0;
    s.machine.transparentHugepage = ThpMode::Never;
    s.sysctls.push_back({ "vm.min_free_kbytes", { 1024 } });
    return s;
}

ProcessSpec withWorkload(const std::string& name, WorkloadSpec w)
{
    ProcessSpec p;
    p.name = name;
    p.workload.push_back(std::move(w));
    return p;
}

WorkloadSpec fileWork(WorkloadKind kind, const std::string& file, Pages size, std::uint64_t rate)
{
    WorkloadSpec w;
    w.kind = kind;
    w.file = file;
    w.size = size;
    w.ratePagesPerSec = rate;
    w.accessesPerSec = rate;
    return w;
}

} // namespace

class TestPressure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void calcLoad_data();
    void calcLoad();
    void fixedPower();
    void psiAverages();
    void psiOverageIsPunted();
    void psiFromReclaim();
    void psiTrackerSomeAndFull();
    void psiTrackerMatchesTickByTick();
    void dirtyThresholds_data();
    void dirtyThresholds();
    void writerHeldAtDirtyLimit();
    void refaultsActivate();
    void dropCaches();
    void dropCachesClearsShadows();
};

void TestPressure::calcLoad_data()
{
    QTest::addColumn<quint64>("load");
    QTest::addColumn<quint64>("exp");
    QTest::addColumn<quint64>("active");
    QTest::addColumn<quint64>("expected");
    // (load*exp + active*(2048-exp) [+ 2047 when rising]) / 2048
    QTest::newRow("100% into 10s") << quint64 { 0 } << quint64 { kExp10s } << quint64 { 204800 }
                                   << quint64 { 37100 };
    QTest::newRow("50% into 10s") << quint64 { 0 } << quint64 { kExp10s } << quint64 { 102400 }
                                  << quint64 { 18550 };
    QTest::newRow("50% into 60s") << quint64 { 0 } << quint64 { kExp60s } << quint64 { 102400 }
                                  << quint64 { 3350 };
    QTest::newRow("50% into 300s") << quint64 { 0 } << quint64 { kExp300s } << quint64 { 102400 }
                                   << quint64 { 700 };
    QTest::newRow("decay 10s") << quint64 { 18550 } << quint64 { kExp10s } << quint64 { 0 }
                               << quint64 { 15189 };
    QTest::newRow("steady") << quint64 { 204800 } << quint64 { kExp10s } << quint64 { 204800 }
                            << quint64 { 204800 };
}

void TestPressure::calcLoad()
{
    QFETCH(quint64, load);
    QFETCH(quint64, exp);
    QFETCH(quint64, active);
    QFETCH(quint64, expected);
    QCOMPARE(quint64 { rlab::engine::calcLoad(load, exp, active) }, expected);
}

void TestPressure::fixedPower()
{
    QCOMPARE(fixedPowerInt(kExp10s, 0), std::uint64_t { 2048 });
    QCOMPARE(fixedPowerInt(kExp10s, 1), std::uint64_t { 1677 });
    // 1677^2 / 2048 rounded: (2812329 + 1024) >> 11 = 1373
    QCOMPARE(fixedPowerInt(kExp10s, 2), std::uint64_t { 1373 });
    QCOMPARE(calcLoadN(18550, kExp10s, 0, 1), rlab::engine::calcLoad(18550, kExp10s, 0));
}

void TestPressure::psiAverages()
{
    // Half of one 2.004 s period stalled ("some"), nothing "full": avg10 = 9.05, avg60 = 1.63, avg300 = 0.34.
    Psi psi;
    psi.addStall(std::uint64_t { 1002 } * 1000 * 1000, 0);
    psi.update(kPsiPeriod);
    QCOMPARE(psi.avg(Psi::Some)[0], std::uint64_t { 18550 });
    QCOMPARE(psi.avg(Psi::Some)[1], std::uint64_t { 3350 });
    QCOMPARE(psi.avg(Psi::Some)[2], std::uint64_t { 700 });
    QCOMPARE(psi.avg(Psi::Full)[0], std::uint64_t { 0 });
    QCOMPARE(psi.render(),
        std::string("some avg10=9.05 avg60=1.63 avg300=0.34 total=1002000\n"
                    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"));
    psi.update(2 * kPsiPeriod); // an idle period decays the averages
    QCOMPARE(psi.avg(Psi::Some)[0], std::uint64_t { 15189 });
}

void TestPressure::psiOverageIsPunted()
{
    // More stall than the period length counts as 100 % now and the rest in the next period.
    Psi psi;
    psi.addStall(std::uint64_t { 3006 } * 1000 * 1000, std::uint64_t { 3006 } * 1000 * 1000); // 1.5 periods
    psi.update(kPsiPeriod);
    QCOMPARE(psi.avg(Psi::Full)[0], std::uint64_t { 37100 });
    psi.update(2 * kPsiPeriod);
    // The punted half period is 50 %: calc_load(37100, EXP_10s, 50 * FIXED_1).
    QCOMPARE(psi.avg(Psi::Full)[0], rlab::engine::calcLoad(37100, kExp10s, 102400));
    QCOMPARE(psi.totalNs(Psi::Full), std::uint64_t { 3006 } * 1000 * 1000);
}

void TestPressure::psiFromReclaim()
{
    // Direct reclaim and kswapd both count as memory stalls; an idle machine has none.
    Scenario idle = singleZone(64 * kMiB);
    Simulator quiet(idle, 1);
    quiet.runUntil(5 * kTicksPerSecond);
    QCOMPARE(quiet.psi().totalNs(Psi::Some), std::uint64_t { 0 });

    Scenario busy = singleZone(64 * kMiB);
    busy.machine.reclaimScanPagesPerMs = 20;
    WorkloadSpec hog;
    hog.kind = WorkloadKind::Anon;
    hog.size = 40 * kMiB;
    hog.ratePagesPerSec = 200 * kMiB;
    auto reader = withWorkload("reader", fileWork(WorkloadKind::Stream, "data", 1024 * kMiB, 100 * kMiB));
    busy.processes.push_back(reader);
    auto hogProcess = withWorkload("hog", hog);
    hogProcess.start = kTicksPerSecond;
    busy.processes.push_back(hogProcess);
    Simulator sim(busy, 1);
    sim.runUntil(6 * kTicksPerSecond);
    QVERIFY(sim.events()[VmEvent::AllocstallMovable] > 0);
    const auto some = sim.psi().totalNs(Psi::Some);
    QVERIFY(some > 0);
    QVERIFY(sim.psi().totalNs(Psi::Full) <= some);
    QVERIFY(some <= std::uint64_t { 6 } * 1000 * 1000 * 1000);
    QVERIFY(sim.psi().avg(Psi::Some)[0] > 0);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestPressure::psiTrackerSomeAndFull()
{
    // One step [0, 100): task 0 in a memstall over [10, 50); task 1 waits on I/O over [30, 70); kswapd
    // (owner -1) reclaims over [60, 80). Some: [10, 50) + [60, 80) = 60. Full: only [30, 50), where
    // both working tasks are blocked; during [60, 70) task 0 runs.
    PsiTracker tracker;
    tracker.noteBlocked(0, 10, 50, true, false);
    tracker.noteBlocked(1, 30, 70, false, false);
    tracker.noteBlocked(-1, 60, 80, true, true);
    tracker.account(0, 100, [](std::vector<int>& working) { working = { 0, 1 }; });
    QCOMPARE(tracker.group().totalNs(Psi::Some), std::uint64_t { 60 } * 1000);
    QCOMPARE(tracker.group().totalNs(Psi::Full), std::uint64_t { 20 } * 1000);
}

void TestPressure::psiTrackerMatchesTickByTick()
{
    // Random intervals against a tick-by-tick count of the same rule, across step boundaries.
    struct Interval
    {
        int owner;
        Tick start;
        Tick end;
        bool memstall;
    };
    constexpr Tick kStep = 100;
    constexpr Tick kSpan = 40 * kStep;
    const std::vector<int> working = { 0, 2, 3 };
    Rng rng(7);
    for (int round = 0; round < 20; ++round) {
        std::vector<Interval> intervals;
        for (int i = 0; i < 40; ++i) {
            const int owner = static_cast<int>(rng.below(6)) - 1; // -1 is kswapd
            const Tick start = static_cast<Tick>(rng.below(kSpan));
            const Tick end = std::min<Tick>(kSpan, start + 1 + static_cast<Tick>(rng.below(3 * kStep)));
            intervals.push_back({ owner, start, end, rng.below(2) == 0 });
        }
        PsiTracker tracker;
        for (const Interval& iv : intervals)
            tracker.noteBlocked(iv.owner, iv.start, iv.end, iv.memstall, false);
        for (Tick at = 0; at < kSpan; at += kStep)
            tracker.account(at, kStep, [&working](std::vector<int>& w) { w = working; });

        std::uint64_t some = 0;
        std::uint64_t full = 0;
        for (Tick t = 0; t < kSpan; ++t) {
            const auto covers = [t](const Interval& iv) { return iv.start <= t && t < iv.end; };
            const bool stalled = std::any_of(intervals.begin(), intervals.end(),
                [&](const Interval& iv) { return iv.memstall && covers(iv); });
            if (!stalled)
                continue;
            ++some;
            const bool anyRuns = std::any_of(working.begin(), working.end(), [&](int p) {
                return std::none_of(intervals.begin(), intervals.end(),
                    [&](const Interval& iv) { return iv.owner == p && covers(iv); });
            });
            if (!anyRuns)
                ++full;
        }
        QVERIFY(some > 0);
        QCOMPARE(tracker.group().totalNs(Psi::Some), some * 1000);
        QCOMPARE(tracker.group().totalNs(Psi::Full), full * 1000);
    }
}

void TestPressure::dirtyThresholds_data()
{
    QTest::addColumn<QString>("sysctl");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<quint64>("background");
    QTest::addColumn<quint64>("hard");
    // One DMA32 zone of 32000 pages, min_free_kbytes 1024: high = 256 + 2*64 = 384, so dirtyable memory
    // is 32000 - 384 + 0 file + 1 = 31617. 20 %: (20*4096/100)*31617/4096 = 6321; 10 %: 409*31617/4096 =
    // 3157.
    QTest::newRow("defaults") << QStringLiteral("vm.dirty_ratio") << qint64 { 20 } << quint64 { 3157 }
                              << quint64 { 6321 };
    QTest::newRow("ratio 40") << QStringLiteral("vm.dirty_ratio") << qint64 { 40 } << quint64 { 3157 }
                              << quint64 { 12643 };
    // dirty_bytes 1 MiB = 256 pages; background 3157 >= 256 so it becomes 256 / 2.
    QTest::newRow("bytes below background")
        << QStringLiteral("vm.dirty_bytes") << qint64 { 1048576 } << quint64 { 128 } << quint64 { 256 };
    QTest::newRow("background bytes") << QStringLiteral("vm.dirty_background_bytes") << qint64 { 409600 }
                                      << quint64 { 100 } << quint64 { 6321 };
}

void TestPressure::dirtyThresholds()
{
    QFETCH(QString, sysctl);
    QFETCH(qint64, value);
    QFETCH(quint64, background);
    QFETCH(quint64, hard);
    Scenario s = singleZone(32000);
    Simulator sim(s, 1);
    QVERIFY(!sim.apply(SetSysctl { { sysctl.toStdString(), { value } } }));
    const auto [bg, thresh] = sim.dirtyThresholds();
    QCOMPARE(quint64 { bg }, background);
    QCOMPARE(quint64 { thresh }, hard);
}

void TestPressure::writerHeldAtDirtyLimit()
{
    // A writer faster than a slow disk: dirty + writeback stays near the hard limit, the flusher runs,
    // pages get written (nr_written), and the writer spends time paused.
    Scenario s = singleZone(64 * kMiB);
    s.machine.fileDisk.pagesPerSecond = 5000; // 20 MB/s
    s.machine.fileDisk.latency = 8 * kTicksPerMs;
    s.processes.push_back(
        withWorkload("dd", fileWork(WorkloadKind::Write, "out.img", 512 * kMiB, 100 * kMiB)));
    Simulator sim(s, 1);
    Pages maxDirty = 0;
    while (sim.now() < 8 * kTicksPerSecond) {
        sim.step();
        maxDirty = std::max(maxDirty, sim.global(NodeStat::NrDirty) + sim.global(NodeStat::NrWriteback));
    }
    const auto [bg, thresh] = sim.dirtyThresholds();
    QVERIFY(sim.global(NodeStat::NrWritten) > 0);
    QVERIFY(sim.global(NodeStat::NrDirtied) > sim.global(NodeStat::NrWritten));
    QVERIFY2(
        maxDirty <= thresh + thresh / 4, qPrintable(QStringLiteral("%1 vs %2").arg(maxDirty).arg(thresh)));
    QVERIFY(bg < thresh);
    // 8 s at 100 MB/s would dirty 800 MB; the disk's 20 MB/s holds the writer far below that.
    QVERIFY(sim.global(NodeStat::NrDirtied) < 200 * kMiB);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestPressure::refaultsActivate()
{
    // A file set a little larger than memory: evicted pages come back while their refault distance is
    // within the workingset, so they are activated (workingset_activate_file), and pages that were
    // active before eviction are restored (workingset_restore_file).
    Scenario s = singleZone(64 * kMiB);
    s.processes.push_back(withWorkload("reader", fileWork(WorkloadKind::FileSet, "set", 72 * kMiB, 20000)));
    Simulator sim(s, 3);
    sim.runUntil(30 * kTicksPerSecond);
    const auto refaults = sim.global(NodeStat::WorkingsetRefaultFile);
    const auto activates = sim.global(NodeStat::WorkingsetActivateFile);
    QVERIFY(refaults > 0);
    QVERIFY(activates > 0);
    QVERIFY(activates <= refaults);
    QVERIFY(sim.global(NodeStat::WorkingsetRestoreFile) <= activates);
    QVERIFY(sim.global(NodeStat::WorkingsetRestoreFile) > 0);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestPressure::dropCaches()
{
    // drop_caches 1 frees clean, unmapped page cache; dirty and mapped pages stay.
    Scenario s = singleZone(64 * kMiB);
    s.processes.push_back(withWorkload("reader", fileWork(WorkloadKind::Stream, "a", 16 * kMiB, 32 * kMiB)));
    WorkloadSpec exec = fileWork(WorkloadKind::Exec, "bin", 2 * kMiB, 2000);
    s.processes.push_back(withWorkload("app", exec));
    WorkloadSpec write = fileWork(WorkloadKind::Write, "log", 1 * kMiB, 1 * kMiB);
    s.processes.push_back(withWorkload("logger", write));
    s.processes[0].workload[0].stop = 500 * kTicksPerMs;
    s.processes[2].workload[0].stop = 1000 * kTicksPerMs;
    s.sysctls.push_back({ "vm.dirty_expire_centisecs", { 100000 } });
    s.sysctls.push_back({ "vm.dirty_writeback_centisecs", { 0 } });
    Simulator sim(s, 1);
    sim.runUntil(2 * kTicksPerSecond);
    const Pages before = sim.global(NodeStat::NrFilePages);
    const Pages dirty = sim.global(NodeStat::NrDirty);
    const Pages mapped = sim.global(NodeStat::NrMapped);
    QVERIFY(before > 16 * kMiB / 2);
    QVERIFY(dirty > 0);
    QVERIFY(mapped > 0);
    QVERIFY(!sim.apply(DropCaches { 1 }));
    QCOMPARE(sim.events()[VmEvent::DropPagecache], std::uint64_t { 1 });
    const Pages after = sim.global(NodeStat::NrFilePages);
    QVERIFY(after < before);
    QVERIFY(after >= dirty + mapped);
    QCOMPARE(sim.global(NodeStat::NrDirty), dirty);
    QCOMPARE(sim.global(NodeStat::NrMapped), mapped);
    QVERIFY(sim.apply(DropCaches { 4 }).has_value());
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestPressure::dropCachesClearsShadows()
{
    // mm/truncate.c:invalidate_mapping_pagevec() clears shadow entries too: after drop_caches a re-read
    // is a cold miss, not a refault. Without the drop the same re-read refaults.
    const auto run = [](bool drop) {
        Scenario s = singleZone(64 * kMiB);
        s.processes.push_back(
            withWorkload("reader", fileWork(WorkloadKind::Stream, "a", 96 * kMiB, 64 * kMiB)));
        s.processes[0].workload[0].stop = 1500 * kTicksPerMs; // once through: the early pages leave shadows
        Simulator sim(s, 1);
        sim.runUntil(2 * kTicksPerSecond);
        const std::uint64_t nodes = sim.global(NodeStat::WorkingsetNodes);
        if (drop)
            [&] { QVERIFY(!sim.apply(DropCaches { 1 })); }();
        const std::uint64_t refaults = sim.global(NodeStat::WorkingsetRefaultFile);
        StartProcess again;
        again.process = withWorkload("again", fileWork(WorkloadKind::Stream, "a", 96 * kMiB, 64 * kMiB));
        [&] { QVERIFY(!sim.apply(again)); }();
        sim.runUntil(3 * kTicksPerSecond);
        [&] { QCOMPARE(sim.checkInvariants(), std::string()); }();
        return std::tuple { nodes, sim.global(NodeStat::WorkingsetNodes),
            sim.global(NodeStat::WorkingsetRefaultFile) - refaults };
    };
    const auto [nodesKept, nodesAfterKept, refaultsKept] = run(false);
    const auto [nodesBefore, nodesAfterDrop, refaultsAfterDrop] = run(true);
    QVERIFY(nodesBefore > 0);
    QCOMPARE(nodesKept, nodesBefore);
    QVERIFY2(refaultsKept > 1000, qPrintable(QString::number(refaultsKept)));
    QCOMPARE(refaultsAfterDrop, std::uint64_t { 0 });
    Q_UNUSED(nodesAfterKept);
    Q_UNUSED(nodesAfterDrop);
}

QTEST_APPLESS_MAIN(TestPressure)
#include "tst_pressure.moc"
