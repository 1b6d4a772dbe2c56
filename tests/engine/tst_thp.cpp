// SPDX-License-Identifier: GPL-3.0-or-later
// Anonymous transparent huge pages against Linux 6.1's mm/huge_memory.c, mm/memory.c and mm/vmscan.c
// (docs/kernel/buddy-compaction-thp.md §4).
#include "../../engine/src/detail/huge_memory.h"

#include <rlab/engine/gfp.h>
#include <rlab/engine/proc_format.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>
#include <rlab/engine/state.h>

#include <QTest>

#include <memory>
#include <string>

using namespace rlab::engine;

namespace {

Scenario parse(const std::string& json)
{
    ParseResult parsed = parseScenario(json);
    if (!parsed.scenario)
        qFatal("%s", parsed.error.c_str());
    return *parsed.scenario;
}

std::string parseError(const std::string& json)
{
    return parseScenario(json).error;
}

/// A 2 GB machine with one process whose workload is `workload`; `machine` adds keys to "machine".
std::string oneProcess(
    const std::string& workload, const std::string& machine = "", const std::string& events = "[]")
{
    return "{\"name\": \"t\", \"machine\": {\"ram\": \"2G\"" + machine + "}, \"events\": " + events
        + ", \"processes\": [{\"name\": \"p\", \"workload\": [" + workload + "]}]}";
}

Pages thpPages(const Simulator& sim)
{
    return sim.global(NodeStat::NrAnonTransparentHugepages);
}

} // namespace

class TestThp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void faultGfpFollowsVmaThpGfpMask()
    {
        // huge_memory.c:vma_thp_gfp_mask(). GFP_TRANSHUGE_LIGHT = GFP_HIGHUSER_MOVABLE | __GFP_COMP |
        // __GFP_NOMEMALLOC | __GFP_NOWARN without __GFP_RECLAIM = 0x1c20ca; GFP_TRANSHUGE adds
        // __GFP_DIRECT_RECLAIM (0x400).
        constexpr std::uint32_t light = 0x1c20ca;
        constexpr std::uint32_t direct = light | 0x400;
        constexpr std::uint32_t kswapd = light | 0x800;
        QCOMPARE(gfp::names(light), std::string("GFP_TRANSHUGE_LIGHT"));
        QCOMPARE(gfp::names(direct), std::string("GFP_TRANSHUGE"));
        QCOMPARE(thpFaultGfp(ThpDefrag::Always, false), direct | 0x10000); // __GFP_NORETRY
        QCOMPARE(thpFaultGfp(ThpDefrag::Always, true), direct);
        QCOMPARE(thpFaultGfp(ThpDefrag::Defer, false), kswapd);
        QCOMPARE(thpFaultGfp(ThpDefrag::Defer, true), kswapd);
        QCOMPARE(thpFaultGfp(ThpDefrag::DeferMadvise, false), kswapd);
        QCOMPARE(thpFaultGfp(ThpDefrag::DeferMadvise, true), direct);
        QCOMPARE(thpFaultGfp(ThpDefrag::Madvise, false), light);
        QCOMPARE(thpFaultGfp(ThpDefrag::Madvise, true), direct);
        QCOMPARE(thpFaultGfp(ThpDefrag::Never, true), light);
    }

    void oneFaultMapsTwoMegabytes()
    {
        // 100 MB + 1 MB: fifty THPs, one fault each; the last 1 MB cannot hold a PMD and faults 4 KB
        // pages without trying a THP.
        Simulator sim(parse(oneProcess(R"({"type": "anon", "size": "101M", "rate": "101M/s"})")), 1);
        sim.runUntil(2 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        QCOMPARE(sim.events()[VmEvent::ThpFaultAlloc], std::uint64_t { 50 });
        QCOMPARE(sim.events()[VmEvent::ThpFaultFallback], std::uint64_t { 0 });
        QCOMPARE(sim.events()[VmEvent::Pgfault], std::uint64_t { 50 + 256 });
        QCOMPARE(thpPages(sim), Pages { 50 * 512 });
        QCOMPARE(sim.processes()[0].rssAnon, Pages { 101 * 256 });
        QCOMPARE(sim.global(NodeStat::NrAnonPages), Pages { 101 * 256 });
        // The LRU counts pages: one list entry stands for 512 of them.
        QCOMPARE(
            sim.nodes()[0].lruvec.size[static_cast<std::size_t>(LruList::InactiveAnon)], Pages { 101 * 256 });
        const std::string vmstat = renderVmstat(sim);
        QVERIFY(vmstat.find("\nnr_anon_transparent_hugepages 50\n") != std::string::npos);
        const std::string meminfo = renderMeminfo(sim);
        QVERIFY(meminfo.find("AnonHugePages:    102400 kB\n") != std::string::npos);
    }

    void enabledAndMadviseDecideWhereThpsGo()
    {
        struct Case
        {
            const char* enabled;
            const char* advice; // the workload's "madvise", or "" for none
            bool thp;
        };
        const Case cases[] = {
            { "always", "", true },
            { "always", "nohugepage", false },
            { "madvise", "", false },
            { "madvise", "hugepage", true },
            { "never", "hugepage", false },
        };
        for (const Case& c : cases) {
            const std::string quote = "\"";
            const std::string advice = *c.advice ? ", \"madvise\": " + quote + c.advice + quote : "";
            const std::string workload = R"({"type": "anon", "size": "20M", "rate": "20M/s")" + advice + "}";
            Simulator sim(
                parse(oneProcess(workload, ", \"transparent_hugepage\": " + quote + c.enabled + quote)), 1);
            sim.runUntil(2 * kTicksPerSecond);
            QCOMPARE(sim.checkInvariants(), std::string());
            QVERIFY2((sim.events()[VmEvent::ThpFaultAlloc] == 10) == c.thp, c.enabled);
            QCOMPARE(thpPages(sim), c.thp ? Pages { 20 * 256 } : Pages { 0 });
        }
    }

    void smallMachinesBootWithThpOff()
    {
        // hugepage_init(): below 512 MB of RAM both files read never, whatever the command line said.
        Simulator sim(parse(R"({"name": "t", "machine": {"ram": "256M"}, "processes": [{"name": "p",
            "workload": [{"type": "anon", "size": "20M", "rate": "20M/s"}]}]})"),
            1);
        QCOMPARE(sim.thpMode(), ThpMode::Never);
        QCOMPARE(sim.thpDefrag(), ThpDefrag::Never);
        sim.runUntil(kTicksPerSecond);
        QCOMPARE(sim.events()[VmEvent::ThpFaultAlloc], std::uint64_t { 0 });
        // Writing the file turns them on.
        QVERIFY(!sim.apply(SetThp { ThpMode::Always, std::nullopt }));
        QCOMPARE(sim.thpMode(), ThpMode::Always);
    }

    void liveWriteChangesLaterFaults()
    {
        // Off at 0.5 s: the THPs mapped so far stay, later faults map 4 KB pages.
        Simulator sim(parse(oneProcess(R"({"type": "anon", "size": "40M", "rate": "40M/s"})", "",
                          R"([{"at": "500ms", "transparent_hugepage": {"enabled": "never"}}])")),
            1);
        sim.runUntil(2 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        const auto allocs = sim.events()[VmEvent::ThpFaultAlloc];
        QVERIFY(allocs >= 9 && allocs <= 11);
        QCOMPARE(thpPages(sim), Pages { allocs * 512 });
        QCOMPARE(sim.processes()[0].rssAnon, Pages { 40 * 256 });
        QCOMPARE(sim.events()[VmEvent::Pgfault], allocs + (40 * 256 - allocs * 512));
    }

    void defragDecidesWhetherAFaultCompacts()
    {
        // Fragmented memory: two processes fault 4 KB pages in turn (THP off), one exits, then THP is
        // switched on and a third process faults. With defrag=madvise (the default) a fault that finds
        // no free 2 MB block falls back at once; defer falls back too but wakes kcompactd; always
        // compacts in the fault and gets every THP.
        const auto run = [](const char* defrag) {
            std::string json = R"({"name": "t", "duration": "12s",
                "machine": {"ram": "1G", "transparent_hugepage_defrag": "DEFRAG"},
                "sysctl": {"vm.compaction_proactiveness": 0},
                "events": [{"at": "0s", "transparent_hugepage": {"enabled": "never"}},
                           {"at": "10s", "transparent_hugepage": {"enabled": "always"}}],
                "processes": [
                  {"name": "a", "workload": [{"type": "anon", "size": "380M", "rate": "80M/s"}]},
                  {"name": "b", "exit": "9s", "workload": [{"type": "anon", "size": "380M", "rate": "80M/s"}]},
                  {"name": "c", "start": "10s", "workload": [{"type": "anon", "size": "200M", "rate": "200M/s"}]}]})";
            json.replace(json.find("DEFRAG"), 6, defrag);
            Simulator sim(parse(json), 1);
            sim.runUntil(12 * kTicksPerSecond);
            if (const std::string broken = sim.checkInvariants(); !broken.empty())
                qFatal("%s", broken.c_str());
            return sim.events();
        };
        const auto lazy = run("madvise");
        QVERIFY(lazy[VmEvent::ThpFaultFallback] > 0);
        QCOMPARE(lazy[VmEvent::CompactStall], std::uint64_t { 0 });
        QCOMPARE(lazy[VmEvent::CompactDaemonWake], std::uint64_t { 0 });
        QCOMPARE(lazy[VmEvent::ThpFaultAlloc] + lazy[VmEvent::ThpFaultFallback], std::uint64_t { 100 });
        const auto deferred = run("defer");
        QVERIFY(deferred[VmEvent::ThpFaultFallback] > 0);
        QCOMPARE(deferred[VmEvent::CompactStall], std::uint64_t { 0 });
        QVERIFY(deferred[VmEvent::CompactDaemonWake] > 0);
        const auto eager = run("always");
        QVERIFY(eager[VmEvent::CompactStall] > 0);
        QCOMPARE(eager[VmEvent::ThpFaultAlloc], std::uint64_t { 100 });
        QCOMPARE(eager[VmEvent::ThpFaultFallback], std::uint64_t { 0 });
    }

    void reclaimSplitsBeforeSwapping()
    {
        // A THP on the inactive list is split when reclaim would swap it (the swap device hands out no
        // whole cluster): thp_split_page and thp_swpout_fallback once per THP, then 4 KB swap-out.
        Simulator sim(
            parse(R"({"name": "t", "machine": {"ram": "1G"}, "swap": [{"name": "/dev/vda2", "size": "1G"}],
            "processes": [{"name": "p", "workload": [{"type": "anon", "size": "1200M", "rate": "400M/s"}]}]})"),
            1);
        sim.runUntil(5 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        const auto& ev = sim.events();
        QVERIFY(ev[VmEvent::ThpSplitPage] > 0);
        QCOMPARE(ev[VmEvent::ThpSwpoutFallback], ev[VmEvent::ThpSplitPage]);
        QCOMPARE(ev[VmEvent::ThpSplitPmd], ev[VmEvent::ThpSplitPage]);
        QCOMPARE(ev[VmEvent::ThpSwpout], std::uint64_t { 0 });
        QVERIFY(ev[VmEvent::Pswpout] > 0);
        QCOMPARE(thpPages(sim), Pages { (ev[VmEvent::ThpFaultAlloc] - ev[VmEvent::ThpSplitPage]) * 512 });
        QCOMPARE(sim.processes()[0].rssAnon + sim.processes()[0].swapEnts, Pages { 1200 * 256 });
    }

    void exitFreesWholeThps()
    {
        Simulator sim(
            parse(R"({"name": "t", "machine": {"ram": "2G"}, "processes": [{"name": "p", "exit": "1s",
            "workload": [{"type": "anon", "size": "64M", "rate": "128M/s"}]}]})"),
            1);
        sim.runUntil(kTicksPerSecond / 2);
        const Pages freeBefore = sim.global(ZoneStat::NrFreePages);
        QCOMPARE(thpPages(sim), Pages { 64 * 256 });
        sim.runUntil(2 * kTicksPerSecond);
        QCOMPARE(sim.checkInvariants(), std::string());
        QCOMPARE(thpPages(sim), Pages { 0 });
        QVERIFY(sim.global(ZoneStat::NrFreePages) >= freeBefore + 64 * 256);
    }

    void khugepagedCollapsesEightRangesPerPass()
    {
        // The process starts with THP on (its address space joins khugepaged's list), then faults 20 MB
        // as 4 KB pages while THP is off; THP on at 2 s starts khugepaged, which scans at once. A pass has
        // pages_to_scan = 4096 of progress: 1 for the address space, 512 per 2 MB, and it returns to
        // khugepaged_do_scan() after each collapse, so each collapse costs 513: 7 * 513 = 3591 < 4096 <= 8 *
        // 513. The next pass, scan_sleep_millisecs = 10 s later, collapses the last two and wraps around the
        // list (one full scan).
        Simulator sim(
            parse(oneProcess(R"({"type": "anon", "size": "20M", "rate": "20M/s", "start": "100ms"})", "",
                R"([{"at": "50ms", "transparent_hugepage": {"enabled": "never"}},
                              {"at": "2s", "transparent_hugepage": {"enabled": "always"}}])")),
            1);
        sim.runUntil(2 * kTicksPerSecond);
        QCOMPARE(sim.events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 0 });
        QCOMPARE(sim.global(NodeStat::NrAnonPages), Pages { 20 * 256 });
        sim.runUntil(2 * kTicksPerSecond + kTicksPerMs);
        QCOMPARE(sim.checkInvariants(), std::string());
        QCOMPARE(sim.events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 8 });
        QCOMPARE(thpPages(sim), Pages { 8 * 512 });
        QCOMPARE(sim.khugepagedPagesCollapsed(), std::uint64_t { 8 });
        QCOMPARE(sim.khugepagedFullScans(), std::uint64_t { 0 });
        // The data moved: rss and the anon counter stay; the LRU holds 8 THP entries and 1024 pages.
        QCOMPARE(sim.processes()[0].rssAnon, Pages { 20 * 256 });
        QCOMPARE(sim.global(NodeStat::NrAnonPages), Pages { 20 * 256 });
        sim.runUntil(12 * kTicksPerSecond - kTicksPerMs);
        QCOMPARE(sim.events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 8 });
        sim.runUntil(12 * kTicksPerSecond + kTicksPerMs);
        QCOMPARE(sim.checkInvariants(), std::string());
        QCOMPARE(sim.events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 10 });
        QCOMPARE(thpPages(sim), Pages { 20 * 256 });
        QCOMPARE(sim.khugepagedFullScans(), std::uint64_t { 1 });
        QCOMPARE(sim.events()[VmEvent::Pgfault], std::uint64_t { 20 * 256 }); // a collapse is no fault
        int collapses = 0;
        for (const Event& e : sim.drainEvents()) {
            if (const auto* c = e.as<ev::KhugepagedCollapse>()) {
                ++collapses;
                QCOMPARE(c->result, std::string("succeeded"));
                QCOMPARE(c->pages, std::int64_t { 512 });
                QCOMPARE(c->task.name, std::string("p"));
            }
        }
        QCOMPARE(collapses, 10);
    }

    void khugepagedOnlyScansAddressSpacesItWasTold()
    {
        // An address space joins khugepaged's list when a region is mapped, or a THP fault is tried,
        // while THP is enabled. Mapped while it read never, and faulted in before it was turned on, it
        // is never scanned.
        Simulator sim(parse(oneProcess(R"({"type": "anon", "size": "20M", "rate": "20M/s"})",
                          R"(, "transparent_hugepage": "never")",
                          R"([{"at": "2s", "transparent_hugepage": {"enabled": "always"}}])")),
            1);
        sim.runUntil(13 * kTicksPerSecond);
        QCOMPARE(sim.events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 0 });
        QCOMPARE(sim.khugepagedFullScans(), std::uint64_t { 0 });
    }

    void maxPtesNoneLimitsSparseRanges()
    {
        // About 1.5 MB of the first 2 MB faulted (383 pages, 129 PTEs none). max_ptes_none = 511 (the
        // default) collapses it and the THP fills the holes: rss grows to 512 pages. With 100, the range
        // exceeds it: thp_scan_exceed_none_pte once per pass, nothing collapsed.
        const auto run = [](const std::string& khugepaged) {
            auto sim = std::make_unique<Simulator>(
                parse(oneProcess(
                    R"({"type": "anon", "size": "4M", "rate": "1M/s", "start": "100ms", "stop": "1600ms"})",
                    khugepaged,
                    R"([{"at": "50ms", "transparent_hugepage": {"enabled": "never"}},
                        {"at": "2s", "transparent_hugepage": {"enabled": "always"}}])")),
                1);
            sim->runUntil(2 * kTicksPerSecond);
            if (sim->processes()[0].rssAnon != 383) // the 384th page was due at the stop
                qFatal("rss %llu before the collapse",
                    static_cast<unsigned long long>(sim->processes()[0].rssAnon));
            sim->runUntil(2 * kTicksPerSecond + kTicksPerMs);
            if (const std::string broken = sim->checkInvariants(); !broken.empty())
                qFatal("%s", broken.c_str());
            return sim;
        };
        const auto dense = run("");
        QCOMPARE(dense->events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 1 });
        QCOMPARE(dense->processes()[0].rssAnon, Pages { 512 });
        QCOMPARE(dense->global(NodeStat::NrAnonPages), Pages { 512 });
        int collapses = 0;
        for (const Event& e : dense->drainEvents()) {
            if (const auto* c = e.as<ev::KhugepagedCollapse>()) {
                QCOMPARE(c->pages, std::int64_t { 383 });
                ++collapses;
            }
        }
        QCOMPARE(collapses, 1);
        const auto sparse = run(R"(, "khugepaged": {"max_ptes_none": 100})");
        QCOMPARE(sparse->events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 0 });
        QCOMPARE(sparse->events()[VmEvent::ThpScanExceedNonePte], std::uint64_t { 1 });
        QCOMPARE(sparse->khugepagedFullScans(), std::uint64_t { 2 }); // at boot (nothing faulted) and at 2 s
        QCOMPARE(sparse->processes()[0].rssAnon, Pages { 383 });
    }

    void khugepagedDefragDecidesOnFragmentedMemory()
    {
        // Free memory mostly single pages (two interleaved fillers, one exits at 7 s); THP on at 8 s with
        // defrag = madvise, so tool's faults never compact.
        // khugepaged scans tool at its start (9 s, nothing faulted yet: 8 ranges pass by), then every
        // 2 s. Some of tool's faults find a free 2 MB block; the others fall back. With khugepaged/defrag
        // = 1 its GFP_TRANSHUGE allocation compacts and collapses; with 0
        // (GFP_TRANSHUGE_LIGHT) it fails, sleeps alloc_sleep_millisecs (5 s) and, failing again, ends
        // the pass: failures at 11 s, 16 s, 18 s, 23 s.
        const auto run = [](int defrag, Tick until) {
            std::string json = R"({"name": "t", "machine": {"ram": "1G", "transparent_hugepage": "never",
                "khugepaged": {"defrag": DEFRAG, "scan_sleep_millisecs": 2000, "alloc_sleep_millisecs": 5000}},
                "sysctl": {"vm.compaction_proactiveness": 0},
                "events": [{"at": "8s", "transparent_hugepage": {"enabled": "always"}}],
                "processes": [
                  {"name": "db", "workload": [{"type": "anon", "size": "460M", "rate": "80M/s"}]},
                  {"name": "batch", "exit": "7s", "workload": [{"type": "anon", "size": "460M", "rate": "80M/s"}]},
                  {"name": "tool", "start": "9s", "workload": [{"type": "anon", "size": "40M", "rate": "200M/s"}]}]})";
            json.replace(json.find("DEFRAG"), 6, std::to_string(defrag));
            auto sim = std::make_unique<Simulator>(parse(json), 1);
            sim->runUntil(until);
            if (const std::string broken = sim->checkInvariants(); !broken.empty())
                qFatal("%s", broken.c_str());
            return sim;
        };
        const auto compacting = run(1, 11 * kTicksPerSecond + kTicksPerMs);
        const auto& ev = compacting->events();
        QVERIFY(ev[VmEvent::ThpFaultFallback] > 0);
        QCOMPARE(ev[VmEvent::ThpFaultFallback] + ev[VmEvent::ThpFaultAlloc], std::uint64_t { 20 });
        QVERIFY(ev[VmEvent::ThpCollapseAlloc] > 0);
        QCOMPARE(ev[VmEvent::ThpCollapseAllocFailed], std::uint64_t { 0 });
        QVERIFY(ev[VmEvent::CompactStall] > 0); // the faults' light mask never compacts: khugepaged did
        QCOMPARE(thpPages(*compacting),
            Pages { (ev[VmEvent::ThpFaultAlloc] + ev[VmEvent::ThpCollapseAlloc]) * 512 });

        const auto light = run(0, 9 * kTicksPerSecond);
        QCOMPARE(light->events()[VmEvent::ThpFaultFallback] + light->events()[VmEvent::ThpFaultAlloc],
            std::uint64_t { 0 });
        const auto failures = [&light](Tick at) {
            light->runUntil(at);
            return light->events()[VmEvent::ThpCollapseAllocFailed];
        };
        QCOMPARE(failures(11 * kTicksPerSecond - kTicksPerMs), std::uint64_t { 0 });
        QCOMPARE(failures(11 * kTicksPerSecond + kTicksPerMs), std::uint64_t { 1 });
        QCOMPARE(failures(16 * kTicksPerSecond - kTicksPerMs), std::uint64_t { 1 });
        QCOMPARE(failures(16 * kTicksPerSecond + kTicksPerMs), std::uint64_t { 2 });
        QCOMPARE(failures(18 * kTicksPerSecond - kTicksPerMs), std::uint64_t { 2 });
        QCOMPARE(failures(18 * kTicksPerSecond + kTicksPerMs), std::uint64_t { 3 });
        QCOMPARE(failures(23 * kTicksPerSecond + kTicksPerMs), std::uint64_t { 4 });
        QCOMPARE(light->events()[VmEvent::ThpFaultFallback], ev[VmEvent::ThpFaultFallback]);
        QCOMPARE(light->events()[VmEvent::ThpCollapseAlloc], std::uint64_t { 0 });
        QCOMPARE(light->events()[VmEvent::CompactStall], std::uint64_t { 0 });

        // Saved while khugepaged sleeps inside a pass (13 s), the restored run fails at the same times.
        const auto saved = run(0, 13 * kTicksPerSecond);
        RestoredState restored = restoreState(saveState(*saved, { "t.json", 1, {} }));
        QVERIFY2(restored.sim, restored.error.c_str());
        restored.sim->runUntil(23 * kTicksPerSecond + kTicksPerMs);
        QCOMPARE(restored.sim->events()[VmEvent::ThpCollapseAllocFailed], std::uint64_t { 4 });
        QCOMPARE(restored.sim->khugepagedFullScans(), light->khugepagedFullScans());
        QCOMPARE(renderVmstat(*restored.sim), renderVmstat(*light));
    }

    void badThpInputNamesTheKey()
    {
        QCOMPARE(parseError(oneProcess(
                     R"({"type": "anon", "size": "2M"})", R"(, "transparent_hugepage_defrag": "sometimes")")),
            std::string("machine.transparent_hugepage_defrag: \"sometimes\" is not allowed; expected one of "
                        "\"always\", \"defer\", \"defer+madvise\", \"madvise\", \"never\""));
        const std::string advice =
            parseError(oneProcess(R"({"type": "anon", "size": "2M", "madvise": "huge"})"));
        QVERIFY2(advice.starts_with("processes[0].workload[0].madvise: "), advice.c_str());
        QVERIFY2(advice.find("\"hugepage\"") != std::string::npos, advice.c_str());
        const std::string file = parseError(oneProcess(
            R"({"type": "working_set", "size": "2M", "access_rate": 10, "file": "f", "madvise": "hugepage"})"));
        QVERIFY2(file.starts_with("processes[0].workload[0].madvise: "), file.c_str());
        const std::string empty = parseError(oneProcess(
            R"({"type": "anon", "size": "2M"})", "", R"([{"at": "1s", "transparent_hugepage": {}}])"));
        QVERIFY2(empty.starts_with("events[0].transparent_hugepage: is empty"), empty.c_str());
        const std::string key = parseError(oneProcess(R"({"type": "anon", "size": "2M"})", "",
            R"([{"at": "1s", "transparent_hugepage": {"enable": "never"}}])"));
        QVERIFY2(key.starts_with("events[0].transparent_hugepage.enable: "), key.c_str());
        const std::string none = parseError(
            oneProcess(R"({"type": "anon", "size": "2M"})", R"(, "khugepaged": {"max_ptes_none": 512})"));
        QCOMPARE(none,
            std::string("machine.khugepaged.max_ptes_none: value 512 is out of range; expected an integer in "
                        "0..511 (HPAGE_PMD_NR - 1 at most)"));
        const std::string scan = parseError(
            oneProcess(R"({"type": "anon", "size": "2M"})", R"(, "khugepaged": {"pages_to_scan": 0})"));
        QVERIFY2(scan.starts_with("machine.khugepaged.pages_to_scan: "), scan.c_str());
        const std::string unknown = parseError(
            oneProcess(R"({"type": "anon", "size": "2M"})", R"(, "khugepaged": {"scan_sleep": 1})"));
        QVERIFY2(unknown.starts_with("machine.khugepaged.scan_sleep: "), unknown.c_str());
        QVERIFY2(unknown.find("scan_sleep_millisecs") != std::string::npos, unknown.c_str());
    }
};

QTEST_APPLESS_MAIN(TestThp)
#include "tst_thp.moc"
