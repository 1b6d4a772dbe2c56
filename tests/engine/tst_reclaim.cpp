// SPDX-License-Identifier: GPL-3.0-or-later
// Reclaim rules (get_scan_count, inactive_is_low, folio_check_references) and the pipeline's
// behaviour in whole runs: kswapd wake/sleep, direct reclaim, swappiness, swap, determinism.
#include "builders.h"
#include "rlab/engine/proc_format.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/simulator.h"

#include <QTest>

#include <cstdio>
#include <sstream>

using namespace rlab::engine;

namespace {

using testing::kMiB;

WorkloadSpec anon(Pages size, std::uint64_t pagesPerSec, Tick start = 0)
{
    WorkloadSpec w = testing::anonWorkload(size, pagesPerSec);
    w.start = start;
    return w;
}

WorkloadSpec stream(const std::string& file, Pages size, std::uint64_t pagesPerSec)
{
    WorkloadSpec w;
    w.kind = WorkloadKind::Stream;
    w.file = file;
    w.size = size;
    w.ratePagesPerSec = pagesPerSec;
    return w;
}

WorkloadSpec fileSet(const std::string& file, Pages size, std::uint64_t perSec)
{
    WorkloadSpec w;
    w.kind = WorkloadKind::FileSet;
    w.file = file;
    w.size = size;
    w.accessesPerSec = perSec;
    return w;
}

WorkloadSpec workingSet(Pages size, std::uint64_t perSec)
{
    WorkloadSpec w;
    w.kind = WorkloadKind::WorkingSet;
    w.size = size;
    w.accessesPerSec = perSec;
    return w;
}

ProcessSpec process(const std::string& name, std::vector<WorkloadSpec> workload)
{
    return testing::processWith(name, std::move(workload));
}

/// A small PC (256 MiB) so runs are quick; optional swap.
Scenario machine(Pages ram = 256 * kMiB, Pages swap = 0)
{
    return testing::pcMachine(ram, swap);
}

/// How much `event` counts in the second after `fromSecond` of a run of `sc`.
double countedInSecond(const Scenario& sc, VmEvent event, Tick fromSecond)
{
    Simulator sim(sc, 1);
    sim.runUntil(fromSecond * kTicksPerSecond);
    const auto before = sim.events()[event];
    sim.runUntil((fromSecond + 1) * kTicksPerSecond);
    return static_cast<double>(sim.events()[event] - before);
}

std::string serialize(const std::vector<Event>& events)
{
    std::ostringstream out;
    for (const auto& e : events) {
        out << e.at << ' ' << e.name();
        forEachField(e, [&](std::string_view key, const EventValue& value) {
            out << ' ' << key << '=';
            std::visit([&](const auto& v) { out << v; }, value);
        });
        out << '\n';
    }
    return out.str();
}

} // namespace

class TestReclaim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manyNodesKeepTheirOwnLruCounts();
    void cpusAreSharedFairly();
    void kswapdPassRunsRoundByRound();
    void kswapdScansAtItsShareOfTheCpu();
    void pageoutsCostTheReclaimerCpuTime();
    void processLimitIsChecked();
    void memoryEstimateBoundsTheState();
    void invariantChecksRunWhenAsked();
    void memoryLimitRefusesHugeMachines();
    void mappingLimitIsCheckedNotWrapped();
    void framesAreIndexedByPfn();
    void scanCount_data();
    void scanCount();
    void inactiveLow_data();
    void inactiveLow();
    void references_data();
    void references();
    void activeListRule_data();
    void activeListRule();

    void markAccessedActivatesOnSecondRead();
    void kswapdWakesBelowLowSleepsAtHigh();
    void directReclaimWhenAllocationOutrunsKswapd_data();
    void directReclaimWhenAllocationOutrunsKswapd();
    void swappinessMovesReclaim();
    void noSwapMeansFileOnly();
    void equalPrioritySwapRoundRobin();
    void mlockIsUnevictable();
    void swapInFaultsBack();
    void sequentialSwapInReadahead();
    void dma32AllocationAndLowmemReserve();
    void outOfMemoryKillsTheHog();
    void determinism();
    void pageTrace();
};

void TestReclaim::scanCount_data()
{
    QTest::addColumn<int>("swappiness");
    QTest::addColumn<int>("priority");
    QTest::addColumn<bool>("swapFree");
    QTest::addColumn<bool>("tiny");
    QTest::addColumn<bool>("trim");
    QTest::addColumn<quint64>("anonCost");
    QTest::addColumn<quint64>("fileCost");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<quint64>("fa");
    QTest::addColumn<quint64>("ff");
    QTest::addColumn<quint64>("ia"); // nr[inactive_anon] with 40960 pages on each inactive list
    QTest::addColumn<quint64>("if_");
    // Hand-computed from vmscan.c:get_scan_count(): costs 0 → ap = swappiness, fp = 200 - swappiness.
    QTest::newRow("swappiness 60") << 60 << 12 << true << false << false << quint64 { 0 } << quint64 { 0 }
                                   << "fract"
                                   << "fract" << quint64 { 60 } << quint64 { 140 } << quint64 { 3 }
                                   << quint64 { 7 };
    QTest::newRow("swappiness 0") << 0 << 12 << true << false << false << quint64 { 0 } << quint64 { 0 }
                                  << "fract"
                                  << "fract" << quint64 { 0 } << quint64 { 200 } << quint64 { 0 }
                                  << quint64 { 10 };
    QTest::newRow("swappiness 100") << 100 << 12 << true << false << false << quint64 { 0 } << quint64 { 0 }
                                    << "fract"
                                    << "fract" << quint64 { 100 } << quint64 { 100 } << quint64 { 5 }
                                    << quint64 { 5 };
    QTest::newRow("swappiness 200") << 200 << 12 << true << false << false << quint64 { 0 } << quint64 { 0 }
                                    << "fract"
                                    << "fract" << quint64 { 200 } << quint64 { 0 } << quint64 { 10 }
                                    << quint64 { 0 };
    // anon_cost 100: total 100, anon 200, file 100, total 300 → ap = 60*301/201 = 89, fp = 140*301/101 = 417.
    QTest::newRow("anon costly") << 60 << 12 << true << false << false << quint64 { 100 } << quint64 { 0 }
                                 << "fract"
                                 << "fract" << quint64 { 89 } << quint64 { 417 } << quint64 { 1 }
                                 << quint64 { 8 };
    // file_cost 100: ap = 60*301/101 = 178, fp = 140*301/201 = 209.
    QTest::newRow("file costly") << 60 << 12 << true << false << false << quint64 { 0 } << quint64 { 100 }
                                 << "fract"
                                 << "fract" << quint64 { 178 } << quint64 { 209 } << quint64 { 4 }
                                 << quint64 { 5 };
    QTest::newRow("no swap space") << 60 << 12 << false << false << false << quint64 { 0 } << quint64 { 0 }
                                   << "file"
                                   << "no_swap" << quint64 { 0 } << quint64 { 0 } << quint64 { 0 }
                                   << quint64 { 10 };
    QTest::newRow("priority 0 equal")
        << 60 << 0 << true << false << false << quint64 { 0 } << quint64 { 0 } << "equal"
        << "priority_0" << quint64 { 0 } << quint64 { 0 } << quint64 { 40960 } << quint64 { 40960 };
    QTest::newRow("priority 0 swappiness 0")
        << 0 << 0 << true << false << false << quint64 { 0 } << quint64 { 0 } << "fract"
        << "fract" << quint64 { 0 } << quint64 { 200 } << quint64 { 0 } << quint64 { 40960 };
    QTest::newRow("file is tiny") << 0 << 12 << true << true << false << quint64 { 0 } << quint64 { 0 }
                                  << "anon"
                                  << "file_is_tiny" << quint64 { 0 } << quint64 { 0 } << quint64 { 10 }
                                  << quint64 { 0 };
    QTest::newRow("cache trim") << 200 << 12 << true << false << true << quint64 { 0 } << quint64 { 0 }
                                << "file"
                                << "cache_trim_mode" << quint64 { 0 } << quint64 { 0 } << quint64 { 0 }
                                << quint64 { 10 };
    QTest::newRow("tiny beats trim") << 60 << 12 << true << true << true << quint64 { 0 } << quint64 { 0 }
                                     << "anon"
                                     << "file_is_tiny" << quint64 { 0 } << quint64 { 0 } << quint64 { 10 }
                                     << quint64 { 0 };
    QTest::newRow("priority 3") << 60 << 3 << true << false << false << quint64 { 0 } << quint64 { 0 }
                                << "fract"
                                << "fract" << quint64 { 60 } << quint64 { 140 } << quint64 { 1536 }
                                << quint64 { 3584 };
}

void TestReclaim::scanCount()
{
    QFETCH(int, swappiness);
    QFETCH(int, priority);
    QFETCH(bool, swapFree);
    QFETCH(bool, tiny);
    QFETCH(bool, trim);
    QFETCH(quint64, anonCost);
    QFETCH(quint64, fileCost);
    QFETCH(QString, mode);
    QFETCH(QString, reason);
    QFETCH(quint64, fa);
    QFETCH(quint64, ff);
    QFETCH(quint64, ia);
    QFETCH(quint64, if_);
    ScanCountInput in;
    in.swappiness = swappiness;
    in.priority = priority;
    in.swapSpaceFree = swapFree;
    in.fileIsTiny = tiny;
    in.cacheTrimMode = trim;
    in.anonCost = anonCost;
    in.fileCost = fileCost;
    in.lruSizes = { 40960, 4095, 40960, 4095 };
    const auto r = getScanCount(in);
    QCOMPARE(QString::fromLatin1(scanBalanceModeName(r.mode)), mode);
    QCOMPARE(QString::fromLatin1(scanBalanceReasonName(r.reason)), reason);
    QCOMPARE(quint64 { r.fractionAnon }, fa);
    QCOMPARE(quint64 { r.fractionFile }, ff);
    QCOMPARE(quint64 { r.nr[0] }, ia);
    QCOMPARE(quint64 { r.nr[2] }, if_);
    // Lists under 4096 pages get nothing at priority 12.
    if (priority == 12)
        QCOMPARE(r.nr[1] + r.nr[3], Pages { 0 });
}

void TestReclaim::inactiveLow_data()
{
    QTest::addColumn<quint64>("inactive");
    QTest::addColumn<quint64>("active");
    QTest::addColumn<bool>("low");
    // Below 1 GiB the ratio is 1; at 1 GiB int_sqrt(10) = 3; at 10 GiB int_sqrt(100) = 10.
    QTest::newRow("small equal") << quint64 { 1000 } << quint64 { 1000 } << false;
    QTest::newRow("small active ahead") << quint64 { 1000 } << quint64 { 1001 } << true;
    QTest::newRow("1G ratio 3 edge") << quint64 { 65536 } << quint64 { 196608 } << false;
    QTest::newRow("1G ratio 3 over") << quint64 { 65535 } << quint64 { 196609 } << true;
    QTest::newRow("10G ratio 10 edge") << quint64 { 238313 } << quint64 { 2383127 } << false;
    QTest::newRow("10G ratio 10 over") << quint64 { 238312 } << quint64 { 2383128 } << true;
}

void TestReclaim::inactiveLow()
{
    QFETCH(quint64, inactive);
    QFETCH(quint64, active);
    QFETCH(bool, low);
    QCOMPARE(inactiveIsLow(inactive, active), low);
}

void TestReclaim::references_data()
{
    // The rule table of folio_check_references() (KERNEL_REFERENCE.md §5.9.1).
    QTest::addColumn<int>("young");
    QTest::addColumn<bool>("referenced");
    QTest::addColumn<bool>("exec");
    QTest::addColumn<bool>("locked");
    QTest::addColumn<bool>("file");
    QTest::addColumn<QString>("result");
    QTest::addColumn<bool>("setsReferenced");
    QTest::newRow("cold anon") << 0 << false << false << false << false << "reclaim" << false;
    QTest::newRow("cold file") << 0 << false << false << false << true << "reclaim" << false;
    QTest::newRow("read once file") << 0 << true << false << false << true << "reclaim_clean" << false;
    QTest::newRow("referenced anon, no pte") << 0 << true << false << false << false << "reclaim" << false;
    QTest::newRow("one young pte") << 1 << false << false << false << false << "keep" << true;
    QTest::newRow("one young pte exec file") << 1 << false << true << false << true << "activate" << true;
    QTest::newRow("one young pte exec anon") << 1 << false << true << false << false << "keep" << true;
    QTest::newRow("second trip") << 1 << true << false << false << false << "activate" << true;
    QTest::newRow("shared and used") << 2 << false << false << false << true << "activate" << true;
    QTest::newRow("mlocked vma") << 0 << false << false << true << false << "activate" << false;
}

void TestReclaim::references()
{
    QFETCH(int, young);
    QFETCH(bool, referenced);
    QFETCH(bool, exec);
    QFETCH(bool, locked);
    QFETCH(bool, file);
    QFETCH(QString, result);
    QFETCH(bool, setsReferenced);
    bool set = false;
    const auto r = checkReferences({ young, referenced, exec, locked, file }, set);
    QCOMPARE(QString::fromLatin1(folioReferencesName(r)), result);
    QCOMPARE(set, setsReferenced);
}

void TestReclaim::activeListRule_data()
{
    QTest::addColumn<bool>("referenced");
    QTest::addColumn<bool>("exec");
    QTest::addColumn<bool>("file");
    QTest::addColumn<bool>("keeps");
    QTest::newRow("referenced exec file") << true << true << true << true;
    QTest::newRow("referenced plain file") << true << false << true << false;
    QTest::newRow("referenced anon") << true << false << false << false;
    QTest::newRow("referenced exec anon") << true << true << false << false;
    QTest::newRow("idle exec file") << false << true << true << false;
}

void TestReclaim::activeListRule()
{
    QFETCH(bool, referenced);
    QFETCH(bool, exec);
    QFETCH(bool, file);
    QFETCH(bool, keeps);
    QCOMPARE(keepsActive(referenced, exec, file), keeps);
}

void TestReclaim::markAccessedActivatesOnSecondRead()
{
    // A small file read over and over ends up on the active list; a file streamed once never does.
    Scenario s = machine();
    s.processes.push_back(process("reader", { fileSet("hot.db", 4 * kMiB, 20000) }));
    s.processes.push_back(process("streamer", { stream("movie.mkv", 1024 * kMiB, 10000) }));
    Simulator sim(s, 7);
    sim.runUntil(2 * kTicksPerSecond);
    QCOMPARE(sim.checkInvariants(), std::string());
    QVERIFY(sim.events()[VmEvent::Pgactivate] > 0);
    QVERIFY(sim.global(NodeStat::NrActiveFile) > 0);
    QVERIFY(sim.global(NodeStat::NrActiveFile) <= 4 * kMiB); // only the re-read file can be active
    QVERIFY(sim.global(NodeStat::NrInactiveFile) >= 10000); // the streamed pages stay inactive
}

void TestReclaim::kswapdWakesBelowLowSleepsAtHigh()
{
    Scenario s = machine(256 * kMiB, 128 * kMiB);
    // Fill memory with page cache, then a burst pushes free memory below low and stops.
    auto cache = process("cache", { stream("data.bin", 1024 * kMiB, 64 * kMiB) });
    cache.workload[0].stop = 5 * kTicksPerSecond; // then memory use settles and kswapd can sleep
    s.processes.push_back(cache);
    auto burst = process("burst", { anon(80 * kMiB, 200 * kMiB, 0) });
    burst.start = 4 * kTicksPerSecond;
    s.processes.push_back(burst);
    Simulator sim(s, 3);
    const int hz = static_cast<int>(ZoneType::Movable);
    KswapdState prev = sim.nodes()[0].kswapd.state;
    int wakes = 0;
    int sleeps = 0;
    while (sim.now() < 8 * kTicksPerSecond && !sim.stopped()) {
        // Free memory just before the step, to check what woke kswapd.
        std::vector<Pages> freeBefore;
        for (const auto& z : sim.nodes()[0].zones)
            freeBefore.push_back(z.freePages());
        sim.step();
        const Node& node = sim.nodes()[0];
        const KswapdState now = node.kswapd.state;
        if (prev == KswapdState::Sleeping && now == KswapdState::Running) {
            ++wakes;
            // Woken only after an allocation failed the low watermark in every eligible zone.
            bool allBelowLow = true;
            for (const auto& z : node.zones) {
                if (z.isManaged())
                    allBelowLow = allBelowLow
                        && z.freePages() <= z.lowWmark() + z.lowmemReserve[static_cast<std::size_t>(hz)];
            }
            QVERIFY2(allBelowLow, "kswapd woke with a zone above its low watermark");
        }
        if (prev == KswapdState::Napping && now == KswapdState::Sleeping) {
            ++sleeps;
            bool anyAboveHigh = false;
            for (const auto& z : node.zones) {
                if (z.isManaged())
                    anyAboveHigh = anyAboveHigh
                        || z.freePages() > z.highWmark() + z.lowmemReserve[static_cast<std::size_t>(hz)];
            }
            QVERIFY2(anyAboveHigh, "kswapd went to sleep with no zone above its high watermark");
        }
        prev = now;
    }
    QVERIFY(wakes > 0);
    QVERIFY(sleeps > 0);
    QVERIFY(sim.events()[VmEvent::Pageoutrun] > 0);
    QVERIFY(sim.events()[VmEvent::PgstealKswapd] > 0);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::directReclaimWhenAllocationOutrunsKswapd_data()
{
    QTest::addColumn<quint64>("allocPagesPerSec");
    QTest::addColumn<quint64>("kswapdPagesPerMs");
    QTest::addColumn<bool>("expectDirect");
    QTest::newRow("slow allocator, fast kswapd") << quint64 { 4 * kMiB } << quint64 { 2000 } << false;
    QTest::newRow("fast allocator, slow kswapd") << quint64 { 2048 * kMiB } << quint64 { 50 } << true;
}

void TestReclaim::directReclaimWhenAllocationOutrunsKswapd()
{
    QFETCH(quint64, allocPagesPerSec);
    QFETCH(quint64, kswapdPagesPerMs);
    QFETCH(bool, expectDirect);
    Scenario s = machine(256 * kMiB, 0);
    // No watermark boost: a boost raises the min watermark too (min_wmark_pages()), so right after a
    // migratetype fallback even a slow allocator reclaims directly; this is about kswapd's pace.
    s.sysctls.push_back({ "vm.watermark_boost_factor", { 0 } });
    s.machine.reclaimScanPagesPerMs = kswapdPagesPerMs;
    // Clean page cache fills memory first (a one-off read), then anon allocation needs reclaim.
    auto cache = process("cache", { stream("data.bin", 1024 * kMiB, 400 * kMiB) });
    cache.workload[0].stop = 550 * kTicksPerMs;
    s.processes.push_back(cache);
    auto hog = process("hog", { anon(96 * kMiB, allocPagesPerSec, 0) });
    hog.start = kTicksPerSecond;
    s.processes.push_back(hog);
    Simulator sim(s, 11);
    sim.runUntil(kTicksPerSecond);
    sim.apply(SetSysctl { { "vm.swappiness", { 60 } } });
    const auto stallsBefore = sim.events()[VmEvent::AllocstallMovable];
    sim.runUntil(31 * kTicksPerSecond);
    QVERIFY2(!sim.stopped(), sim.stopReason().c_str());
    const auto stalls = sim.events()[VmEvent::AllocstallMovable] - stallsBefore;
    QVERIFY(sim.events()[VmEvent::PgscanKswapd] > 0);
    if (expectDirect) {
        QVERIFY(stalls > 0);
        QVERIFY(sim.events()[VmEvent::PgscanDirect] > 0);
        QVERIFY(sim.events()[VmEvent::PgstealDirect] > 0);
        QVERIFY(sim.processes()[1].stallTotal > 0);
    } else {
        QCOMPARE(stalls, std::uint64_t { 0 });
        QCOMPARE(sim.events()[VmEvent::PgscanDirect], std::uint64_t { 0 });
    }
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::swappinessMovesReclaim()
{
    // Same machine and load; only vm.swappiness differs. 200 must take a larger share of reclaim
    // from anon than 0 does.
    auto share = [](int swappiness) {
        Scenario s = machine(256 * kMiB, 256 * kMiB);
        s.sysctls.push_back({ "vm.swappiness", { swappiness } });
        s.processes.push_back(process("idle-anon", { anon(100 * kMiB, 0) }));
        s.processes.push_back(process("reader", { fileSet("files", 160 * kMiB, 30000) }));
        Simulator sim(s, 5);
        sim.runUntil(20 * kTicksPerSecond);
        const double anonSteal = static_cast<double>(sim.events()[VmEvent::PgstealAnon]);
        const double fileSteal = static_cast<double>(sim.events()[VmEvent::PgstealFile]);
        return std::make_pair(anonSteal / std::max(1.0, anonSteal + fileSteal), sim.checkInvariants());
    };
    const auto [low, okLow] = share(0);
    const auto [high, okHigh] = share(200);
    QCOMPARE(okLow, std::string());
    QCOMPARE(okHigh, std::string());
    QVERIFY2(
        high > low + 0.3, qPrintable(QStringLiteral("anon share %1 (200) vs %2 (0)").arg(high).arg(low)));
}

void TestReclaim::noSwapMeansFileOnly()
{
    Scenario s = machine(256 * kMiB, 0);
    s.processes.push_back(process("idle-anon", { anon(100 * kMiB, 0) }));
    s.processes.push_back(process("reader", { stream("data", 400 * kMiB, 100 * kMiB) }));
    Simulator sim(s, 5);
    sim.runUntil(6 * kTicksPerSecond);
    QVERIFY(sim.events()[VmEvent::PgscanFile] > 0);
    QCOMPARE(sim.events()[VmEvent::PgscanAnon], std::uint64_t { 0 });
    QCOMPARE(sim.events()[VmEvent::Pswpout], std::uint64_t { 0 });
    QCOMPARE(sim.lastScanBalance().mode, ScanBalanceMode::File);
    QCOMPARE(sim.lastScanBalance().reason, ScanBalanceReason::NoSwap);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::equalPrioritySwapRoundRobin()
{
    Scenario s = machine(128 * kMiB, 0);
    for (const char* name : { "a", "b", "c" }) {
        SwapSpec dev;
        dev.name = name;
        dev.size = 64 * kMiB;
        dev.priority = std::string(name) == "c" ? 1 : 5; // c is lower: used only when a and b are full
        s.swap.push_back(dev);
    }
    s.processes.push_back(process("hog", { anon(120 * kMiB, 200 * kMiB) }));
    Simulator sim(s, 9);
    sim.runUntil(5 * kTicksPerSecond);
    const auto& devs = sim.swap().devices();
    QVERIFY(devs[0].inuse > 1000);
    const auto diff =
        devs[0].inuse > devs[1].inuse ? devs[0].inuse - devs[1].inuse : devs[1].inuse - devs[0].inuse;
    QVERIFY2(diff <= 2, "equal priorities must alternate");
    QCOMPARE(devs[2].inuse, Pages { 0 });
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::mlockIsUnevictable()
{
    Scenario s = machine(256 * kMiB, 64 * kMiB);
    WorkloadSpec lock;
    lock.kind = WorkloadKind::Mlock;
    lock.size = 32 * kMiB;
    s.processes.push_back(process("locked", { lock }));
    s.processes.push_back(process("reader", { stream("data", 400 * kMiB, 100 * kMiB) }));
    Simulator sim(s, 1);
    sim.runUntil(6 * kTicksPerSecond);
    QCOMPARE(sim.global(NodeStat::NrUnevictable), 32 * kMiB);
    QCOMPARE(sim.global(ZoneStat::NrMlock), 32 * kMiB);
    QCOMPARE(sim.processes()[0].rssAnon, 32 * kMiB);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::swapInFaultsBack()
{
    // A working set larger than what stays resident refaults from swap: major faults, pswpin,
    // and the swap-in refault counters move.
    Scenario s = machine(128 * kMiB, 256 * kMiB);
    auto p = process("thrash", { anon(100 * kMiB, 0), workingSet(100 * kMiB, 50000) });
    p.workload[1].kind = WorkloadKind::WorkingSet;
    s.processes.push_back(p);
    s.processes.push_back(process("filler", { anon(40 * kMiB, 20 * kMiB) }));
    Simulator sim(s, 2);
    sim.runUntil(10 * kTicksPerSecond);
    QVERIFY(sim.events()[VmEvent::Pswpout] > 0);
    QVERIFY(sim.events()[VmEvent::Pswpin] > 0);
    QVERIFY(sim.events()[VmEvent::Pgmajfault] > 0);
    QVERIFY(sim.global(NodeStat::WorkingsetRefaultAnon) > 0);
    const auto& proc = sim.processes()[0];
    QVERIFY(proc.swapEnts > 0);
    Pages used = 0;
    for (const auto& d : sim.swap().devices())
        used += d.inuse;
    QVERIFY(used >= proc.swapEnts);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::sequentialSwapInReadahead()
{
    // A 200 MiB region is swapped out by a hog, which is then killed; the owner sweeps the region
    // sequentially and faults it back. With vm.page-cluster 3 the VMA readahead window grows to 8
    // pages (mm/swap_state.c:__swapin_nr_pages), so most faults hit pages read ahead: far fewer major
    // faults for about the same pages read. With 0 every page is its own major fault.
    struct Figures
    {
        std::uint64_t majfault, pswpin, swapRa, swapRaHit;
        std::string invariants;
    };
    auto run = [](int pageCluster) {
        Scenario s = machine(512 * kMiB, 512 * kMiB);
        s.sysctls.push_back({ "vm.page-cluster", { pageCluster } });
        WorkloadSpec sweep = workingSet(200 * kMiB, 50000); // one pass in about 1 s
        sweep.pattern = AccessPattern::Sequential;
        s.processes.push_back(process("sweeper", { sweep }));
        auto hog = process("hog", { anon(400 * kMiB, 800 * kMiB) });
        hog.start = 2 * kTicksPerSecond;
        s.processes.push_back(hog);
        s.events.push_back({ 3 * kTicksPerSecond, KillProcess { "hog" } });
        Simulator sim(s, 1);
        sim.runUntil(8 * kTicksPerSecond);
        const auto& e = sim.events();
        Figures f { e[VmEvent::Pgmajfault], e[VmEvent::Pswpin], e[VmEvent::SwapRa], e[VmEvent::SwapRaHit],
            sim.checkInvariants() };
        // The whole region is back in memory.
        if (sim.processes()[0].rssAnon != 200 * kMiB || sim.processes()[0].swapEnts != 0)
            f.invariants += "region not fully swapped back in";
        return f;
    };
    const Figures off = run(0);
    const Figures on = run(3);
    QCOMPARE(off.invariants, std::string());
    QCOMPARE(on.invariants, std::string());
    qInfo("page-cluster 0: pgmajfault %llu pswpin %llu swap_ra %llu swap_ra_hit %llu",
        static_cast<unsigned long long>(off.majfault), static_cast<unsigned long long>(off.pswpin),
        static_cast<unsigned long long>(off.swapRa), static_cast<unsigned long long>(off.swapRaHit));
    qInfo("page-cluster 3: pgmajfault %llu pswpin %llu swap_ra %llu swap_ra_hit %llu",
        static_cast<unsigned long long>(on.majfault), static_cast<unsigned long long>(on.pswpin),
        static_cast<unsigned long long>(on.swapRa), static_cast<unsigned long long>(on.swapRaHit));
    QVERIFY(off.pswpin > 20000); // most of the region really came back from swap
    // No readahead: one page read per major fault.
    QCOMPARE(off.swapRa, std::uint64_t { 0 });
    QCOMPARE(off.swapRaHit, std::uint64_t { 0 });
    QCOMPARE(off.majfault, off.pswpin);
    // Readahead: a fault reads its page plus the window's others, which later faults find in the swap cache.
    QCOMPARE(on.pswpin, on.majfault + on.swapRa);
    QVERIFY(on.swapRaHit > on.swapRa * 9 / 10); // a sequential sweep uses nearly all of it
    QVERIFY2(on.majfault * 3 < off.majfault, "page-cluster 3 must need far fewer major faults");
    QVERIFY(on.majfault * 6 < on.pswpin); // close to one major fault per 8 pages read
    // About the same pages read either way.
    QVERIFY(on.pswpin * 4 > off.pswpin * 3 && on.pswpin * 3 < off.pswpin * 4);
}

void TestReclaim::dma32AllocationAndLowmemReserve()
{
    // An 8 GiB PC: DMA, DMA32 (about 3 GiB) and Normal. A driver allocates 3 GiB with GFP_DMA32, more
    // than DMA32 has free; then an application allocates 5 GiB with GFP_HIGHUSER_MOVABLE, more than
    // Normal has free. __zone_watermark_ok() asks free > mark + z->lowmem_reserve[highest_zoneidx]:
    // DMA32 protects nothing from a DMA32 request but lowmem_reserve[Movable] = managed(Normal) / 256
    // from a movable one, and DMA protects lowmem_reserve[DMA32] = managed(DMA32) / 256 from the driver.
    Scenario s = testing::pcMachine(8192 * kMiB, 4096 * kMiB);
    WorkloadSpec buffers = anon(3072 * kMiB, 2048 * kMiB);
    buffers.zone = ZoneType::Dma32;
    s.processes.push_back(process("driver", { buffers }));
    auto app = process("app", { anon(5120 * kMiB, 2048 * kMiB) });
    app.start = 3 * kTicksPerSecond;
    s.processes.push_back(app);
    Simulator sim(s, 1);

    const Zone& dma = sim.nodes()[0].zones[static_cast<std::size_t>(ZoneType::Dma)];
    const Zone& dma32 = sim.nodes()[0].zones[static_cast<std::size_t>(ZoneType::Dma32)];
    const Zone& normal = sim.nodes()[0].zones[static_cast<std::size_t>(ZoneType::Normal)];
    const auto reserve = [](const Zone& z, ZoneType hz) {
        return z.lowmemReserve[static_cast<std::size_t>(hz)];
    };
    QVERIFY(dma32.managed > 700000 && normal.managed > 1200000);
    QCOMPARE(reserve(dma32, ZoneType::Dma32), Pages { 0 });
    QCOMPARE(reserve(dma32, ZoneType::Movable), normal.managed / 256);
    QCOMPARE(reserve(dma, ZoneType::Dma32), dma32.managed / 256);
    const Pages dma32Floor = dma32.minWmark() + reserve(dma32, ZoneType::Dma32); // for the driver
    const Pages movableFloor = dma32.minWmark() + reserve(dma32, ZoneType::Movable); // for the app
    const Pages movableHigh = dma32.highWmark() + reserve(dma32, ZoneType::Movable);
    const Pages normalFreeAtStart = normal.freePages();

    // The zone of each resident page of a process's first workload (bit 31 of an entry: resident).
    auto pagesByZone = [&sim](std::size_t slot) {
        std::array<Pages, kMaxNrZones> count {};
        const Process& p = sim.processes()[slot];
        const Mapping& m = sim.mappings()[static_cast<std::size_t>(p.workloads[0].mapping)];
        for (Pages off = 0; off < m.entries.size(); ++off) {
            const std::uint32_t e = m.entries.get(off);
            if (!(e >> 31))
                continue;
            const FrameIndex f = e & 0x7fffffffU;
            for (const Zone& z : sim.nodes()[0].zones) {
                if (z.managed && f >= z.firstFrame() && f < z.firstFrame() + z.managed)
                    ++count[static_cast<std::size_t>(z.index())];
            }
        }
        return count;
    };

    // Phase 1: only the driver allocates.
    Pages dma32Lowest = dma32.freePages();
    Pages dmaLowest = dma.freePages();
    bool kswapdForDma32 = false;
    while (sim.now() < 3 * kTicksPerSecond) {
        sim.step();
        dma32Lowest = std::min(dma32Lowest, dma32.freePages());
        dmaLowest = std::min(dmaLowest, dma.freePages());
        for (const Event& e : sim.drainEvents()) {
            if (const auto* wake = e.as<ev::KswapdWake>())
                kswapdForDma32 = kswapdForDma32
                    || (wake->reason == ev::KswapdWakeReason::Allocation && wake->highestZoneidx == 1);
        }
    }
    const Process& driver = sim.processes()[0];
    const auto driverZones = pagesByZone(0);
    qInfo("DMA32: min %llu low %llu high %llu protection[Movable] %llu; driver took it down to %llu",
        static_cast<unsigned long long>(dma32.minWmark()), static_cast<unsigned long long>(dma32.lowWmark()),
        static_cast<unsigned long long>(dma32.highWmark()),
        static_cast<unsigned long long>(reserve(dma32, ZoneType::Movable)),
        static_cast<unsigned long long>(dma32Lowest));
    qInfo(
        "DMA: min %llu protection[DMA32] %llu; driver took it down to %llu; driver pages DMA %llu DMA32 %llu "
        "Normal %llu, swapped %llu",
        static_cast<unsigned long long>(dma.minWmark()),
        static_cast<unsigned long long>(reserve(dma, ZoneType::Dma32)),
        static_cast<unsigned long long>(dmaLowest), static_cast<unsigned long long>(driverZones[0]),
        static_cast<unsigned long long>(driverZones[1]), static_cast<unsigned long long>(driverZones[2]),
        static_cast<unsigned long long>(driver.swapEnts));
    QCOMPARE(driver.rssAnon + driver.swapEnts, 3072 * kMiB); // all allocated; the excess went to swap
    QVERIFY(driver.swapEnts > 0);
    QCOMPARE(driverZones[static_cast<std::size_t>(ZoneType::Normal)], Pages { 0 });
    QCOMPARE(driverZones[0] + driverZones[1], driver.rssAnon);
    QVERIFY(driverZones[0] > 0); // it fell back to DMA too
    // Still anon pages on the LRU, reclaimed (swapped) like any other.
    QVERIFY(sim.global(NodeStat::NrInactiveAnon) + sim.global(NodeStat::NrActiveAnon) >= driver.rssAnon);
    // Normal gave only the driver's page tables (GFP_KERNEL).
    QCOMPARE(normalFreeAtStart - normal.freePages(), driver.pgtablePages);
    // The driver may go down to min + protection[DMA32] in each zone: below what a movable request
    // may use of DMA32, and never into DMA's protection against DMA32 requests.
    QVERIFY(dma32Lowest >= dma32Floor);
    QVERIFY(dma32Lowest < movableFloor);
    QVERIFY(dmaLowest >= dma.minWmark() + reserve(dma, ZoneType::Dma32));
    QVERIFY(sim.events()[VmEvent::AllocstallDma32] > 0);
    QCOMPARE(sim.events()[VmEvent::AllocstallMovable], std::uint64_t { 0 });
    QVERIFY(kswapdForDma32);

    // Phase 2: the application fills Normal and then wants DMA32, where it may only take pages while
    // free > min + protection[Movable]; kswapd, woken for Movable, balances DMA32 at high + protection.
    Pages dma32LowestTaken = ~Pages { 0 };
    while (sim.now() < 7 * kTicksPerSecond) {
        const Pages before = dma32.freePages();
        sim.step();
        if (dma32.freePages() < before)
            dma32LowestTaken = std::min(dma32LowestTaken, dma32.freePages());
    }
    const auto appZones = pagesByZone(1);
    qInfo("app: pages Normal %llu DMA32 %llu; DMA32 free after a fall >= %llu (min + protection %llu); "
          "DMA32 free at the end %llu (high + protection %llu)",
        static_cast<unsigned long long>(appZones[2]), static_cast<unsigned long long>(appZones[1]),
        static_cast<unsigned long long>(dma32LowestTaken), static_cast<unsigned long long>(movableFloor),
        static_cast<unsigned long long>(dma32.freePages()), static_cast<unsigned long long>(movableHigh));
    QCOMPARE(sim.processes()[1].rssAnon + sim.processes()[1].swapEnts, 5120 * kMiB);
    QVERIFY(appZones[static_cast<std::size_t>(ZoneType::Dma32)] > 0);
    QVERIFY(dma32LowestTaken >= movableFloor);
    QVERIFY(dma32LowestTaken < movableHigh);
    QCOMPARE(sim.nodes()[0].kswapd.state, KswapdState::Sleeping);
    QVERIFY(dma32.freePages() > movableHigh);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::outOfMemoryKillsTheHog()
{
    // No swap and an anon hog bigger than RAM: direct reclaim makes no progress 16 times, the OOM
    // killer kills the hog, and its memory comes back.
    Scenario s = machine(128 * kMiB, 0);
    s.processes.push_back(process("hog", { anon(200 * kMiB, 400 * kMiB) }));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    QVERIFY2(!sim.stopped(), sim.stopReason().c_str());
    QCOMPARE(sim.processes()[0].state, ProcessState::Killed);
    QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 1 });
    QVERIFY(sim.events()[VmEvent::AllocstallMovable] >= 16);
    QCOMPARE(sim.processes()[0].rss(), Pages { 0 });
    QVERIFY(sim.global(ZoneStat::NrFreePages) > 100 * kMiB);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::determinism()
{
    auto run = [](std::uint64_t seed) {
        Scenario s = machine(128 * kMiB, 64 * kMiB);
        s.processes.push_back(process("ws", { anon(60 * kMiB, 0), workingSet(60 * kMiB, 30000) }));
        s.processes.push_back(process("reader", { fileSet("db", 80 * kMiB, 20000) }));
        s.events.push_back({ 2 * kTicksPerSecond, SetSysctl { { "vm.swappiness", { 150 } } } });
        Simulator sim(s, seed);
        std::string trace;
        for (int i = 0; i < 4000; ++i) {
            sim.step();
            trace += serialize(sim.drainEvents());
        }
        for (std::size_t i = 0; i < CounterArray<VmEvent>::size(); ++i)
            trace += std::to_string(sim.events().values[i]) + ',';
        return trace;
    };
    const std::string a = run(42);
    const std::string b = run(42);
    const std::string c = run(43);
    QVERIFY(a.size() > 1000);
    QVERIFY(a == b);
    QVERIFY(a != c);
}

void TestReclaim::pageTrace()
{
    // Every reclaimed page is traced with its cause and reclaimer, moves start from where the page
    // really was, and a watched frame keeps its whole history.
    Scenario s = machine(128 * kMiB, 64 * kMiB);
    s.processes.push_back(process("reader", { stream("data", 1024 * kMiB, 64 * kMiB) }));
    Simulator sim(s, 4);
    sim.runUntil(kTicksPerSecond);
    sim.pageTrace().enable(true, 1 << 20);
    const FrameIndex watched = 1000;
    sim.pageTrace().watch(watched);
    const auto stealBefore = sim.events()[VmEvent::PgstealKswapd] + sim.events()[VmEvent::PgstealDirect];
    sim.runUntil(3 * kTicksPerSecond);
    bool dropped = true;
    const auto moves = sim.pageTrace().drain(&dropped);
    QVERIFY(!dropped);
    const auto steal =
        sim.events()[VmEvent::PgstealKswapd] + sim.events()[VmEvent::PgstealDirect] - stealBefore;
    QVERIFY(steal > 1000);
    std::uint64_t reclaimed = 0;
    for (const auto& m : moves) {
        if (m.cause == PageCause::Reclaimed) {
            ++reclaimed;
            QCOMPARE(m.to, static_cast<std::uint8_t>(FrameState::Free));
            QVERIFY(m.from >= static_cast<std::uint8_t>(FrameState::LruBase)); // from an LRU list, not "free"
            QVERIFY(m.reclaimer == 1 || m.reclaimer == 2);
            QVERIFY(m.priority >= 0 && m.priority <= 12);
        }
    }
    QCOMPARE(reclaimed, steal);
    QVERIFY(!sim.pageTrace().watchedHistory().empty());
    for (const auto& m : sim.pageTrace().watchedHistory())
        QCOMPARE(m.frame, watched);
    QCOMPARE(std::string(pageCauseName(PageCause::Deactivated)), std::string("deactivated"));
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::framesAreIndexedByPfn()
{
    // Two nodes with holes and boot reservations: a frame's index is its PFN, node 1 starts where
    // node 0's span ends, and only the first `managed` PFNs of each zone are ever used.
    Scenario s;
    NodeSpec n0;
    n0.zones.push_back({ ZoneType::Dma, 4095, 3998, 3840 });
    n0.zones.push_back({ ZoneType::Dma32, 1044480, 782298, 765914 });
    n0.zones.push_back({ ZoneType::Normal, 40000, 40000, 30000 });
    NodeSpec n1;
    n1.zones.push_back({ ZoneType::Normal, 70000, 65536, 60000 });
    s.machine.nodes = { n0, n1 };
    s.machine.kernelPages = 2048;
    ProcessSpec hog = testing::processWith("hog", { testing::anonWorkload(900 * 1024, 4000000) });
    s.processes.push_back(hog);
    ProcessSpec far = testing::processWith("far", { testing::anonWorkload(50000, 0) });
    far.node = 1;
    s.processes.push_back(far);
    QCOMPARE(Simulator::validate(s), std::nullopt);
    Simulator sim(s, 3);
    const auto& zones0 = sim.nodes()[0].zones;
    const auto& zones1 = sim.nodes()[1].zones;
    QCOMPARE(zones0[0].startPfn, std::uint64_t { 1 });
    QCOMPARE(zones0[1].startPfn, std::uint64_t { 4096 });
    QCOMPARE(zones0[2].startPfn, std::uint64_t { 1048576 });
    QCOMPARE(zones1[2].startPfn, std::uint64_t { 1048576 + 40000 });
    QCOMPARE(sim.frames().size(), Pages { 1048576 + 40000 + 70000 });
    QCOMPARE(sim.frames().reserved(), sim.frames().size() - sim.totalRamPages());

    sim.runUntil(300 * kTicksPerMs);
    QCOMPARE(sim.checkInvariants(), std::string());
    Pages unmanaged = 0;
    for (FrameIndex f = 0; f < sim.frames().size(); ++f) {
        bool managed = false;
        for (const auto& node : sim.nodes()) {
            for (const auto& z : node.zones)
                managed = managed || (z.managed && f >= z.firstFrame() && f < z.firstFrame() + z.managed);
        }
        QCOMPARE(sim.frames().managed(f), managed);
        unmanaged += managed ? 0 : 1;
    }
    QCOMPARE(unmanaged, sim.frames().reserved());
    QVERIFY(!sim.frames().managed(static_cast<FrameIndex>(sim.frames().size())));
    // The far process's pages are node 1's PFNs.
    const Process& p = sim.processes()[1];
    const Mapping& m = sim.mappings()[static_cast<std::size_t>(p.workloads[0].mapping)];
    Pages onNode1 = 0;
    for (Pages off = 0; off < m.entries.size(); ++off) {
        const std::uint32_t e = m.entries.get(off);
        if (e >> 31) {
            const FrameIndex f = e & 0x7fffffffU;
            QVERIFY(f >= zones1[2].firstFrame() && f < zones1[2].firstFrame() + zones1[2].managed);
            ++onNode1;
        }
    }
    QCOMPARE(onNode1, Pages { 50000 });
}

void TestReclaim::mappingLimitIsCheckedNotWrapped()
{
    // A frame keeps a 16-bit mapping index: more regions and files than that are refused, by the
    // reader's validation and by a live start, never wrapped onto another owner.
    Scenario s = machine(64 * kMiB);
    ProcessSpec many = testing::processWith("many", {});
    many.workload.assign(kMaxMappings - 1, testing::anonWorkload(1, 0));
    s.processes.push_back(many);
    QCOMPARE(Simulator::validate(s), std::nullopt);
    Scenario tooMany = s;
    tooMany.processes.push_back(testing::processWith("one-more", { testing::anonWorkload(1, 0) }));
    tooMany.processes.push_back(testing::processWith("and-more", { testing::anonWorkload(1, 0) }));
    const auto error = Simulator::validate(tooMany);
    QVERIFY(error);
    QVERIFY2(error->find("65535") != std::string::npos, error->c_str());

    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerMs);
    QCOMPARE(sim.mappings().size(), kMaxMappings - 1);
    QCOMPARE(sim.apply(StartProcess { testing::processWith("last", { testing::anonWorkload(1, 0) }) }),
        std::nullopt);
    const auto refused =
        sim.apply(StartProcess { testing::processWith("over", { testing::anonWorkload(1, 0) }) });
    QVERIFY(refused);
    QVERIFY2(refused->find("at most 65535") != std::string::npos, refused->c_str());
    sim.runUntil(20 * kTicksPerMs);
    QCOMPARE(sim.mappings().size(), kMaxMappings);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestReclaim::processLimitIsChecked()
{
    // kMaxProcesses bounds what an OOM kill walks: a scenario over it is refused by validation, naming
    // the limit, and a live start past it is refused too.
    Scenario s = machine(64 * kMiB);
    for (std::size_t i = 0; i + 1 < kMaxProcesses; ++i)
        s.processes.push_back(testing::processWith("p" + std::to_string(i), {}));
    s.events.push_back({ kTicksPerMs, StartProcess { testing::processWith("late", {}) } });
    QCOMPARE(Simulator::validate(s), std::nullopt);
    Scenario tooMany = s;
    tooMany.processes.push_back(testing::processWith("one-more", {}));
    const auto error = Simulator::validate(tooMany);
    QVERIFY(error);
    QVERIFY2(error->find("processes: 4097 processes") != std::string::npos, error->c_str());

    Simulator sim(s, 1);
    sim.runUntil(2 * kTicksPerMs);
    QCOMPARE(sim.processes().size(), kMaxProcesses);
    const auto refused = sim.apply(StartProcess { testing::processWith("over", {}) });
    QVERIFY(refused);
    QVERIFY2(refused->find("at most 4096 processes") != std::string::npos, refused->c_str());
}

void TestReclaim::memoryEstimateBoundsTheState()
{
    // RAM and swap full, page cache churning: the engine's state stays within the estimate, and the
    // estimate's per-frame part is exactly the frame arrays plus the trace.
    Scenario s = machine(128 * kMiB, 128 * kMiB);
    s.processes.push_back(testing::processWith("hog", { testing::anonWorkload(200 * kMiB, 400 * kMiB) }));
    s.processes.push_back(testing::processWith("reader", { stream("data", 512 * kMiB, 200 * kMiB) }));
    const MemoryEstimate estimate = Simulator::estimateMemory(s);
    Pages managed = 0;
    for (const auto& zone : s.machine.nodes[0].zones)
        managed += zone.managed;
    QCOMPARE(estimate.frames, managed * (FrameStore::bytesPerFrame() + 2));
    Simulator sim(s, 1);
    sim.runUntil(4 * kTicksPerSecond);
    QVERIFY(sim.global(ZoneStat::NrFreePages) < 16 * kMiB);
    QVERIFY(sim.swap().freePages() < sim.swap().totalPages());
    QVERIFY2(sim.memoryBytes() <= estimate.total(),
        qPrintable(QStringLiteral("%1 > %2").arg(sim.memoryBytes()).arg(estimate.total())));
}

void TestReclaim::invariantChecksRunWhenAsked()
{
    // Any build: a walk every 100 steps when asked, none once disabled; the run itself is unchanged.
    Scenario s = machine(64 * kMiB, 64 * kMiB);
    s.processes.push_back(testing::processWith("hog", { testing::anonWorkload(100 * kMiB, 200 * kMiB) }));
    Simulator checked(s, 1);
    checked.checkInvariantsEvery(100);
    Simulator unchecked(s, 1);
    unchecked.disableInvariantChecks();
    checked.runUntil(kTicksPerSecond);
    unchecked.runUntil(kTicksPerSecond);
    QCOMPARE(checked.invariantWalks(), std::uint64_t { 100 });
    QCOMPARE(unchecked.invariantWalks(), std::uint64_t { 0 });
    QVERIFY(!checked.stopped());
    QCOMPARE(checked.events()[VmEvent::Pswpout], unchecked.events()[VmEvent::Pswpout]);
    QVERIFY(checked.events()[VmEvent::Pswpout] > 0);
}

void TestReclaim::memoryLimitRefusesHugeMachines()
{
    // Sixteen swap devices of the largest size need about 9 GiB of swap maps alone: refused under the
    // default limit, before anything is allocated, and accepted when the caller raises the limit.
    Scenario s = machine(64 * kMiB);
    for (int i = 0; i < 16; ++i) {
        SwapSpec device;
        device.name = "/dev/sd" + std::to_string(i);
        device.size = (Pages { 1 } << 26) - 2; // 255G and a bit: the largest device
        s.swap.push_back(device);
    }
    const auto error = Simulator::validate(s);
    QVERIFY(error);
    QVERIFY2(error->find("engine memory") != std::string::npos
            && error->find("limit of " + bytesText(kDefaultMemoryLimit)) != std::string::npos,
        error->c_str());
    QVERIFY(Simulator::estimateMemory(s).swap > kDefaultMemoryLimit);
    QCOMPARE(Simulator::validate(s, std::uint64_t { 64 } << 30), std::nullopt);
    const Simulator refused(s, 1);
    QVERIFY(refused.stopped());
    QCOMPARE(refused.stopReason(), *error);
    QVERIFY(refused.memoryBytes() < (std::size_t { 64 } << 20));

    // 4 TiB of RAM is within the PFN limit, but about 60 bytes a page is 240 GiB.
    Scenario big;
    NodeSpec node;
    node.zones.push_back({ ZoneType::Normal, Pages { 1 } << 30, Pages { 1 } << 30, Pages { 1 } << 30 });
    big.machine.nodes.push_back(node);
    const auto bigError = Simulator::validate(big);
    QVERIFY(bigError);
    QVERIFY2(bigError->find("engine memory") != std::string::npos, bigError->c_str());

    // Pages touched sparsely can each take a chunk of page-index entries: a 4 TiB region on 64 MiB of
    // RAM and 4 GiB of swap may fill one chunk per page it can hold.
    Scenario sparse = machine(64 * kMiB, 4096 * kMiB);
    WorkloadSpec random;
    random.kind = WorkloadKind::WorkingSet;
    random.size = Pages { 1 } << 30;
    random.accessesPerSec = 1000;
    sparse.processes.push_back(testing::processWith("sparse", { random }));
    QVERIFY(Simulator::estimateMemory(sparse).pageIndices >= (4096 + 64) * kMiB * PageIndex::chunkBytes());

    // Thousands of huge files: the sums saturate instead of wrapping to something small.
    Scenario files = machine(64 * kMiB);
    ProcessSpec reader = testing::processWith("reader", {});
    for (int i = 0; i < 4100; ++i)
        reader.workload.push_back(stream("f" + std::to_string(i), Pages { 1 } << 52, 1));
    files.processes.push_back(reader);
    QCOMPARE(Simulator::estimateMemory(files).total(), UINT64_MAX);
    QVERIFY(Simulator::validate(files));
    QVERIFY(Simulator::estimateMemory(big).frames > (std::uint64_t { 16 } << 30));
}

void TestReclaim::manyNodesKeepTheirOwnLruCounts()
{
    // 60 one-zone nodes (the zone code once was 8 bits: node 59's pages were counted on node 8).
    constexpr int kNodes = 60;
    Scenario s;
    for (int n = 0; n < kNodes; ++n) {
        NodeSpec node;
        ZoneSpec zone;
        zone.type = ZoneType::Normal;
        zone.present = zone.spanned = 16 * kMiB;
        zone.managed = 16 * kMiB;
        node.zones.push_back(zone);
        s.machine.nodes.push_back(node);
    }
    s.machine.kernelPages = 256;
    ProcessSpec far = testing::processWith("far", { testing::anonWorkload(8 * kMiB, 0) });
    far.node = kNodes - 1;
    s.processes.push_back(far);
    QCOMPARE(Simulator::validate(s), std::nullopt);
    Simulator sim(s, 1);
    sim.runUntil(100 * kTicksPerMs);
    QCOMPARE(sim.checkInvariants(), std::string());
    // Every node's per-node stats in zoneinfo: only node 59 holds the anonymous pages.
    const std::string zoneinfo = renderZoneinfo(sim);
    std::istringstream in(zoneinfo);
    std::string line;
    int node = -1;
    std::vector<std::int64_t> inactiveAnon(kNodes, -1);
    while (std::getline(in, line)) {
        int n = 0;
        char zone[16] = {};
        if (std::sscanf(line.c_str(), "Node %d, zone %15s", &n, zone) == 2)
            node = n;
        long long value = 0;
        if (node >= 0 && std::sscanf(line.c_str(), " nr_inactive_anon %lld", &value) == 1)
            inactiveAnon[static_cast<std::size_t>(node)] = value;
    }
    for (int n = 0; n < kNodes; ++n) {
        const auto expected = static_cast<std::int64_t>(
            sim.nodes()[static_cast<std::size_t>(n)].stat[NodeStat::NrInactiveAnon]);
        QCOMPARE(inactiveAnon[static_cast<std::size_t>(n)], expected);
        if (n != kNodes - 1)
            QCOMPARE(expected, std::int64_t { 0 });
    }
    QVERIFY(inactiveAnon[kNodes - 1] >= static_cast<std::int64_t>(8 * kMiB) - 16);
    QCOMPARE(sim.nodes()[kNodes - 1].lruvec.size[static_cast<std::size_t>(LruList::InactiveAnon)],
        static_cast<Pages>(inactiveAnon[kNodes - 1]));
}

void TestReclaim::cpusAreSharedFairly()
{
    // Each process asks for 10000 pages/s at 200 µs a page: two CPUs' worth, capped at one.
    const auto rssAfterOneSecond = [](std::uint32_t cpus, int processes) {
        Scenario sc = machine(1024 * kMiB);
        sc.machine.cpus = cpus;
        sc.machine.pageCpuTime = 200;
        sc.machine.transparentHugepage = ThpMode::Never; // the rate counts 4 KiB faults
        for (int i = 0; i < processes; ++i)
            sc.processes.push_back(process("p" + std::to_string(i), { anon(100 * kMiB, 10000) }));
        Simulator sim(sc, 1);
        sim.runUntil(kTicksPerSecond);
        std::vector<double> rss;
        for (const auto& p : sim.processes())
            rss.push_back(static_cast<double>(p.rssAnon));
        return rss;
    };
    const auto near = [](double got, double want) { return std::abs(got - want) <= want * 0.02; };
    // Without `cpus` every process runs at its rate.
    QVERIFY(near(rssAfterOneSecond(0, 1)[0], 10000));
    // One CPU: a whole CPU buys half the rate; two processes split it.
    QVERIFY(near(rssAfterOneSecond(1, 1)[0], 5000));
    for (const double r : rssAfterOneSecond(1, 2))
        QVERIFY2(near(r, 2500), qPrintable(QString::number(r)));
    // More CPUs than tasks: each still gets at most one.
    for (const double r : rssAfterOneSecond(4, 2))
        QVERIFY2(near(r, 5000), qPrintable(QString::number(r)));
}

void TestReclaim::kswapdScansAtItsShareOfTheCpu()
{
    // A reader streams a large file through a small machine while kswapd, at 20 pages per ms of CPU,
    // cannot keep up: how much kswapd scans in a second is its CPU time. A second process touches its
    // own resident memory at 50000 pages/s x 20 µs = a whole CPU. On one shared CPU, kswapd gets about
    // half (a third while the reader is not waiting for the disk) and scans accordingly less.
    const auto kswapdScanned = [](std::uint32_t cpus) {
        Scenario sc = machine(256 * kMiB);
        // No watermark boost: a fallback would send kswapd to balance one zone (the boosted one, as
        // page_alloc.c:rmqueue() wakes it), which is not what this measures.
        sc.sysctls.push_back({ "vm.watermark_boost_factor", { 0 } });
        sc.machine.reclaimScanPagesPerMs = 20;
        sc.machine.cpus = cpus;
        sc.machine.pageCpuTime = 20;
        sc.processes.push_back(process("reader", { stream("big", 2048 * kMiB, 50000) }));
        sc.processes.push_back(process("hog", { workingSet(16 * kMiB, 50000) }));
        return countedInSecond(sc, VmEvent::PgscanKswapd, 4);
    };
    const double alone = kswapdScanned(0);
    const double shared = kswapdScanned(1);
    QVERIFY2(alone > 15000, qPrintable(QString::number(alone))); // close to 20 pages/ms for a second
    qInfo("kswapd scanned %.0f alone, %.0f on a shared CPU", alone, shared);
    QVERIFY2(shared > alone * 0.25 && shared < alone * 0.6,
        qPrintable(QString("alone %1, shared %2").arg(alone).arg(shared)));
}

void TestReclaim::kswapdPassRunsRoundByRound()
{
    // A reader streams a file through a 1 GiB machine whose kswapd scans 2 pages per ms: a
    // balance_pgdat() pass of thousands of pages takes seconds. Its work comes a round at a time (pgscan
    // counts at most SWAP_CLUSTER_MAX pages of each inactive list per round), not all when the pass
    // begins (then one step took a whole pass: 7219 pages).
    Scenario sc = machine(1024 * kMiB);
    sc.machine.reclaimScanPagesPerMs = 2;
    sc.processes.push_back(process("reader", { stream("big", 4096 * kMiB, 100000) }));
    Simulator sim(sc, 1);
    std::uint64_t last = 0;
    std::uint64_t largestStep = 0;
    int stepsThatScanned = 0;
    for (Tick t = Simulator::kStep; t <= 6 * kTicksPerSecond; t += Simulator::kStep) {
        sim.runUntil(t);
        const std::uint64_t scanned = sim.events()[VmEvent::PgscanKswapd];
        largestStep = std::max(largestStep, scanned - last);
        stepsThatScanned += scanned > last ? 1 : 0;
        last = scanned;
    }
    qInfo("kswapd scanned %llu pages in %d steps, at most %llu in one", static_cast<unsigned long long>(last),
        stepsThatScanned, static_cast<unsigned long long>(largestStep));
    QVERIFY2(last > 5000, qPrintable(QString::number(last)));
    QVERIFY2(largestStep <= 5 * 32, qPrintable(QString::number(largestStep)));
}

void TestReclaim::pageoutsCostTheReclaimerCpuTime()
{
    // A hog drives a 256 MiB machine into swap. When writing a page out costs its reclaimer 2 ms of
    // CPU, kswapd and the one direct reclaimer write at most about 500 pages a second each; when it
    // costs nothing beyond its scan, the swap disk sets the pace instead.
    const auto swappedOutInASecond = [](Tick pageoutCost) {
        Scenario sc = machine(256 * kMiB, 1024 * kMiB);
        sc.machine.pageoutCpuTime = pageoutCost;
        sc.processes.push_back(process("hog", { anon(1024 * kMiB, 50000) }));
        return countedInSecond(sc, VmEvent::Pswpout, 2);
    };
    const double free = swappedOutInASecond(0);
    const double costly = swappedOutInASecond(2 * kTicksPerMs);
    qInfo("swapped out in a second: %.0f pages without a page-out cost, %.0f at 2 ms", free, costly);
    QVERIFY2(costly > 200 && costly <= 1100, qPrintable(QString::number(costly)));
    QVERIFY2(free > 5 * costly, qPrintable(QString("%1 against %2").arg(free).arg(costly)));
}

QTEST_APPLESS_MAIN(TestReclaim)
#include "tst_reclaim.moc"
