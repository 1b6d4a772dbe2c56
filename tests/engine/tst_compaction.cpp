// SPDX-License-Identifier: GPL-3.0-or-later
// High-order allocations, compaction and kcompactd, against the rules of Linux 6.1's mm/page_alloc.c and
// mm/compaction.c (docs/kernel/buddy-compaction-thp.md §3).
#include "../../engine/src/detail/compaction.h"

#include <rlab/engine/events.h>
#include <rlab/engine/gfp.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QTest>

#include <algorithm>
#include <string>

using namespace rlab::engine;

namespace {

/// A 512 MB PC without swap where two processes fault their 220 MB in alternately, page by page, so
/// their pages interleave; `b` exits at 6.5 s and leaves every other page free. `extra` adds processes
/// (JSON objects, comma first) and `sysctl` the scenario's sysctls.
std::string interleavedMachine(
    const std::string& extra, const std::string& sysctl = R"({"vm.compaction_proactiveness": 0})")
{
    return R"({"name": "t", "duration": "12s", "machine": {"ram": "512M", "kernel_pages": 2048},
        "sysctl": )"
        + sysctl + R"(,
        "processes": [
          {"name": "a", "workload": [{"type": "anon", "size": "220M", "rate": "40M/s"}]},
          {"name": "b", "exit": "6500ms", "workload": [{"type": "anon", "size": "220M", "rate": "40M/s"}]})"
        + extra + "]}";
}

Scenario parse(const std::string& json)
{
    ParseResult parsed = parseScenario(json);
    if (!parsed.scenario)
        qFatal("%s", parsed.error.c_str());
    return *parsed.scenario;
}

bool logHas(const Simulator& sim, const std::string& text)
{
    const auto& log = sim.kernelLog();
    return std::any_of(log.begin(), log.end(),
        [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

const WorkloadRun& driverRun(const Simulator& sim)
{
    for (const auto& p : sim.processes()) {
        if (p.name == "driver")
            return p.workloads.front();
    }
    qFatal("no driver");
}

Pages freeAtOrder(const Simulator& sim, int minOrder)
{
    Pages blocks = 0;
    for (const auto& zone : sim.nodes()[0].zones) {
        for (int o = minOrder; o < kMaxOrder; ++o)
            blocks += zone.freeArea[static_cast<std::size_t>(o)].nrFree;
    }
    return blocks;
}

} // namespace

class TestCompaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gfpNamesAsThePrintkDoes()
    {
        // %pGg takes the composite names first (include/trace/events/mmflags.h order).
        QCOMPARE(gfp::names(0xcc0), std::string("GFP_KERNEL"));
        QCOMPARE(gfp::names(0xa20), std::string("GFP_ATOMIC"));
        QCOMPARE(gfp::names(0x2a20), std::string("GFP_ATOMIC|__GFP_NOWARN"));
        QCOMPARE(gfp::names(0x140dca), std::string("GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO"));
        QCOMPARE(gfp::names(0x400dc0), std::string("GFP_KERNEL_ACCOUNT|__GFP_ZERO"));
        QCOMPARE(gfp::names(0x800), std::string("GFP_NOWAIT"));
        QCOMPARE(gfp::names(0x8000000), std::string("0x8000000"));
        QCOMPARE(gfp::parse("GFP_KERNEL|__GFP_NORETRY"), std::optional<std::uint32_t>(0x10cc0));
        QCOMPARE(gfp::parse("GFP_KERNEL|__GFP_RECLAIMABLE"), std::optional<std::uint32_t>(0xcd0));
        QVERIFY(!gfp::parse("GFP_KERNAL"));
        QVERIFY(!gfp::parse("GFP_KERNEL|"));
        QCOMPARE(gfp::zoneOf(0xcc0), 2);
        QCOMPARE(gfp::zoneOf(0xcc4), 1);
        QCOMPARE(gfp::zoneOf(0x100cca), 3);
        QCOMPARE(gfp::zoneOf(0xcc8), 2); // __GFP_MOVABLE without __GFP_HIGHMEM is ZONE_NORMAL
        for (const std::uint32_t mask : { 0xcc0U, 0xa20U, 0x2a20U, 0x140dcaU, 0x10cd0U })
            QCOMPARE(gfp::parse(gfp::names(mask)), std::optional<std::uint32_t>(mask));
    }

    void deferralFollowsTheKernel()
    {
        // compaction.c: defer_compaction(), compaction_deferred(), compaction_defer_reset().
        Zone zone;
        zone.compactOrderFailed = 11;
        Compaction::deferCompaction(zone, 4);
        Compaction::deferCompaction(zone, 5);
        QCOMPARE(zone.compactDeferShift, 2U);
        QCOMPARE(zone.compactOrderFailed, 4);
        QCOMPARE(zone.compactConsidered, 0U);
        QVERIFY(!Compaction::compactionDeferred(zone, 3)); // below the failed order: never deferred
        // 1 << 2 = 4: three attempts are deferred, the fourth goes ahead and stays allowed.
        QVERIFY(Compaction::compactionDeferred(zone, 4));
        QVERIFY(Compaction::compactionDeferred(zone, 4));
        QVERIFY(Compaction::compactionDeferred(zone, 9));
        QVERIFY(!Compaction::compactionDeferred(zone, 4));
        QVERIFY(!Compaction::compactionDeferred(zone, 4));
        QCOMPARE(zone.compactConsidered, 4U);
        for (int i = 0; i < 10; ++i)
            Compaction::deferCompaction(zone, 4);
        QCOMPARE(zone.compactDeferShift, 6U); // COMPACT_MAX_DEFER_SHIFT
        // A success reported by compaction (not yet by the allocation) raises order_failed only.
        Compaction::deferReset(zone, 6, false);
        QCOMPARE(zone.compactOrderFailed, 7);
        QCOMPARE(zone.compactDeferShift, 6U);
        Compaction::deferReset(zone, 6, true);
        QCOMPARE(zone.compactDeferShift, 0U);
        QCOMPARE(zone.compactConsidered, 0U);
    }

    void directCompactionServesAnOrder3Request()
    {
        // No order-3 block is free once the free big blocks are used: GFP_KERNEL order 3 (unmovable,
        // not costly) compacts, first async, then at SYNC_LIGHT, and gets its blocks; nobody is killed.
        Simulator sim(parse(interleavedMachine(R"(,
          {"name": "driver", "start": "7s", "workload": [{"type": "kernel_alloc", "order": 3, "gfp": "GFP_KERNEL",
            "size": "64M", "rate": "64M/s"}]})")),
            1);
        sim.runUntil(7 * kTicksPerSecond);
        const Pages slabBefore = sim.nodes()[0].stat[NodeStat::NrSlabUnreclaimable];
        QCOMPARE(freeAtOrder(sim, 3) < 16384 / 8, true); // the free large blocks cannot hold 64 MB
        sim.runUntil(10 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        const WorkloadRun& run = driverRun(sim);
        QCOMPARE(run.kernelAllocFailures, std::uint64_t { 0 });
        QCOMPARE(run.cursor, Pages { 16384 });
        QCOMPARE(sim.nodes()[0].stat[NodeStat::NrSlabUnreclaimable] - slabBefore, Pages { 16384 });
        QVERIFY(sim.events()[VmEvent::CompactStall] > 0);
        QVERIFY(sim.events()[VmEvent::CompactSuccess] > 0);
        QVERIFY(sim.events()[VmEvent::PgmigrateSuccess] > 0);
        QVERIFY(sim.events()[VmEvent::CompactMigrateScanned] > 0);
        QVERIFY(sim.events()[VmEvent::CompactIsolated] >= sim.events()[VmEvent::PgmigrateSuccess]);
        QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 0 });
        QVERIFY(!logHas(sim, "page allocation failure"));
        // The anonymous pages that moved are still a's: all of them resident, none lost.
        QCOMPARE(sim.processes()[0].rssAnon, Pages { 220 * 256 });
    }

    void atomicHighOrderFailsAndKcompactdRepairs()
    {
        // GFP_ATOMIC cannot reclaim or compact: on fragmented memory an order-3 request fails with the
        // kernel's warning; kswapd (nothing to reclaim without swap) hands the order to kcompactd.
        Simulator sim(parse(interleavedMachine(R"(,
          {"name": "driver", "start": "7s", "workload": [{"type": "kernel_alloc", "order": 3, "gfp": "GFP_ATOMIC",
            "size": "96M", "rate": "64M/s", "lifetime": "200ms"}]})")),
            1);
        sim.runUntil(12 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        QVERIFY(logHas(sim,
            "driver: page allocation failure: order:3, mode:0xa20(GFP_ATOMIC), "
            "nodemask=(null),cpuset=/,mems_allowed=0"));
        QVERIFY(logHas(sim, "  warn_alloc"));
        QVERIFY(driverRun(sim).kernelAllocFailures > 0);
        QCOMPARE(sim.events()[VmEvent::CompactStall], std::uint64_t { 0 }); // no direct compaction
        QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 0 });
        QVERIFY(sim.events()[VmEvent::CompactDaemonWake] > 0);
        QVERIFY(sim.events()[VmEvent::CompactDaemonMigrateScanned] > 0);
        QVERIFY(sim.events()[VmEvent::PgmigrateSuccess] > 0);
        QVERIFY(driverRun(sim).kernelAllocs > 0);
    }

    void everyFailureIsAnEventNowarnOnesAreNotLogged()
    {
        // warn_alloc() prints at most once per 10 s and never for __GFP_NOWARN; every failure is an
        // alloc_fail event, which says whether it was silent.
        for (const bool nowarn : { false, true }) {
            const std::string gfp = nowarn ? "GFP_ATOMIC|__GFP_NOWARN" : "GFP_ATOMIC";
            Simulator sim(parse(interleavedMachine(R"(,
              {"name": "driver", "start": "7s", "workload": [{"type": "kernel_alloc", "order": 3, "gfp": ")"
                              + gfp + R"(", "size": "96M", "rate": "64M/s", "lifetime": "200ms"}]})")),
                1);
            sim.runUntil(12 * kTicksPerSecond);
            std::uint64_t failures = 0;
            for (const Event& e : sim.drainEvents()) {
                if (const auto* fail = e.as<ev::AllocFail>()) {
                    ++failures;
                    QCOMPARE(fail->task.name, std::string("driver"));
                    QCOMPARE(fail->order, 3);
                    QCOMPARE(fail->gfp, gfp);
                    QCOMPARE(fail->nowarn, nowarn);
                }
            }
            QVERIFY(failures > 1);
            QCOMPARE(failures, driverRun(sim).kernelAllocFailures);
            QCOMPARE(logHas(sim, "page allocation failure"), !nowarn);
        }
    }

    void costlyOrderFailsWithoutTheOomKiller()
    {
        // Unmovable pages interleaved with free ones: compaction has nothing to move. An order-4
        // GFP_KERNEL request is costly: after reclaim and compaction it fails (warn_alloc), and the OOM
        // killer, never used for order > 3, stays out.
        Simulator sim(
            parse(R"({"name": "t", "duration": "10s", "machine": {"ram": "512M", "kernel_pages": 2048},
            "sysctl": {"vm.compaction_proactiveness": 0},
            "processes": [
              {"name": "slab-a", "workload": [{"type": "kernel_alloc", "size": "220M", "rate": "40M/s"}]},
              {"name": "slab-b", "exit": "6s", "workload": [{"type": "kernel_alloc", "size": "220M", "rate": "40M/s"}]},
              {"name": "driver", "start": "7s", "workload": [{"type": "kernel_alloc", "order": 4, "size": "64M", "rate": "64M/s"}]}
            ]})"),
            1);
        sim.runUntil(9 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        QVERIFY(logHas(sim, "driver: page allocation failure: order:4, mode:0xcc0(GFP_KERNEL)"));
        QVERIFY(driverRun(sim).kernelAllocFailures > 0);
        QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 0 });
        QVERIFY(!logHas(sim, "invoked oom-killer"));
        QVERIFY(sim.events()[VmEvent::CompactStall] > 0);
        QVERIFY(sim.events()[VmEvent::CompactFail] > 0);
        QCOMPARE(sim.events()[VmEvent::PgmigrateSuccess], std::uint64_t { 0 });
    }

    void proactiveCompactionBuildsPageblocks()
    {
        // vm.compaction_proactiveness 20: with nearly all free memory in blocks below order 9 (score
        // above 90), kcompactd compacts every zone whole until the score is at most 80.
        const std::string json = interleavedMachine("", R"({"vm.compaction_proactiveness": 20})");
        Simulator sim(parse(json), 1);
        sim.runUntil(6400 * kTicksPerMs);
        const Pages before = freeAtOrder(sim, 9);
        sim.runUntil(9 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        QVERIFY(sim.events()[VmEvent::CompactDaemonMigrateScanned] > 0);
        QVERIFY(sim.events()[VmEvent::PgmigrateSuccess] > 0);
        QVERIFY(freeAtOrder(sim, 9) >= before + 5);
        // It stops at the low mark: the share of free memory in blocks below order 9 is at most 80 %.
        Pages free = 0;
        Pages inBlocks = 0;
        for (const auto& zone : sim.nodes()[0].zones) {
            for (int o = 0; o < kMaxOrder; ++o) {
                const Pages pages = Pages { zone.freeArea[static_cast<std::size_t>(o)].nrFree } << o;
                free += pages;
                inBlocks += o >= 9 ? pages : 0;
            }
        }
        QVERIFY((free - inBlocks) * 100 / free <= 80);
        QVERIFY((free - inBlocks) * 100 / free >= 70); // and no further: compaction stops there
        QCOMPARE(sim.events()[VmEvent::CompactStall], std::uint64_t { 0 });

        // The same machine with proactive compaction off leaves the free pages scattered.
        Simulator off(parse(interleavedMachine("")), 1);
        off.runUntil(9 * kTicksPerSecond);
        QCOMPARE(off.events()[VmEvent::PgmigrateSuccess], std::uint64_t { 0 });
        QVERIFY(freeAtOrder(off, 9) < before + 2);
    }

    void kernelAllocErrorsNameTheKey()
    {
        const auto error = [](const std::string& workload) {
            return parseScenario(
                R"({"name": "t", "machine": {"ram": "512M"}, "processes": [{"name": "d", "workload": [)"
                + workload + "]}]}")
                .error;
        };
        QVERIFY(error(R"({"type": "kernel_alloc", "size": "1M", "rate": "1M/s", "gfp": "GFP_KERNAL"})")
                    .starts_with(
                        "processes[0].workload[0].gfp: \"GFP_KERNAL\" has a name that is not a gfp flag"));
        QVERIFY(error(R"({"type": "kernel_alloc", "size": "1M", "rate": "1M/s", "gfp": "GFP_KERNAL"})")
                    .find("GFP_ATOMIC")
            != std::string::npos);
        QVERIFY(error(R"({"type": "kernel_alloc", "size": "8M", "rate": "1M/s", "order": 11})")
                    .starts_with("processes[0].workload[0].order: value 11 is out of range; expected an "
                                 "integer in 0..10"));
        QVERIFY(error(R"({"type": "kernel_alloc", "size": "16K", "rate": "1M/s", "order": 3})")
                    .starts_with("processes[0].workload[0].size: 4 pages is less than one block of order 3"));
        QVERIFY(error(R"({"type": "kernel_alloc", "size": "1M", "rate": "1M/s", "keep_every": 4})")
                    .starts_with("processes[0].workload[0].keep_every: needs \"lifetime\""));
        QVERIFY(
            error(R"({"type": "kernel_alloc", "size": "1M", "rate": "1M/s", "zone": "dma32"})")
                .starts_with("processes[0].workload[0].zone: not a key of workload type \"kernel_alloc\""));
        QVERIFY(error(
            R"({"type": "kernel_alloc", "size": "8M", "rate": "1M/s", "order": 4, "gfp": "GFP_KERNEL|__GFP_NOFAIL"})")
                    .starts_with("processes[0].workload[0].gfp: __GFP_NOFAIL at order 4"));
    }

    void keptBlocksStayAndTheRestExpire()
    {
        // lifetime 100 ms, keep_every 4: after the rate stops, a quarter of the blocks stay held.
        Simulator sim(
            parse(R"({"name": "t", "duration": "3s", "machine": {"ram": "512M", "kernel_pages": 2048},
            "processes": [{"name": "driver", "workload": [{"type": "kernel_alloc", "order": 2, "size": "64M",
              "rate": "16M/s", "stop": "1s", "lifetime": "100ms", "keep_every": 4}]}]})"),
            1);
        const Pages slabBoot = sim.nodes()[0].stat[NodeStat::NrSlabUnreclaimable];
        sim.runUntil(2 * kTicksPerSecond);
        const WorkloadRun& run = driverRun(sim);
        QCOMPARE(run.kernelAllocs, std::uint64_t { 1024 }); // 16 MB/s for 1 s in blocks of 4 pages
        QCOMPARE(run.keptBlocks.size(), std::size_t { 256 });
        QCOMPARE(run.cursor, Pages { 1024 });
        QCOMPARE(sim.nodes()[0].stat[NodeStat::NrSlabUnreclaimable] - slabBoot, Pages { 1024 });
        QCOMPARE(sim.checkInvariants(), std::string());
    }
};

QTEST_APPLESS_MAIN(TestCompaction)
#include "tst_compaction.moc"
