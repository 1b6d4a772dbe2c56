// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_text.h"

#include "format.h"
#include "lesson_text.h"

namespace rlab::ui {

using engine::Event;

namespace ev = engine::ev;
using engine::EventKind;

namespace {

QString pagesText(std::uint64_t pages)
{
    return formatCount(pages);
}

QString who(const ev::Task& task)
{
    const QString name = QString::fromStdString(task.name);
    if (task.pid <= 0)
        return name;
    return EventText::tr("%1 (pid %2)").arg(name).arg(task.pid);
}

QString explainKswapdWake(const ev::KswapdWake& w)
{
    switch (w.reason) {
    case ev::KswapdWakeReason::LowWmarkHitQuickly:
        return EventText::tr(
            "kswapd was napping after balancing, but free memory (%1 pages) fell below the low watermark "
            "again right away (kswapd_low_wmark_hit_quickly): it goes straight back to reclaiming.")
            .arg(pagesText(w.free));
    case ev::KswapdWakeReason::HighWmarkHitQuickly:
        return EventText::tr("kswapd's short nap ended with free memory (%1 pages) below the high watermark "
                             "(kswapd_high_wmark_hit_quickly): it reclaims again.")
            .arg(pagesText(w.free));
    case ev::KswapdWakeReason::Allocation:
        break;
    }
    return EventText::tr(
        "An allocation found zone %1 with %2 free pages, below its low watermark (%3): the allocator "
        "woke "
        "kswapd of node %4, which now reclaims in the background until every zone is above its high "
        "watermark.")
        .arg(QLatin1String(engine::zoneTypeName(w.zone)), pagesText(w.free), pagesText(w.low))
        .arg(w.node);
}

QString explainScanBalance(const ev::ScanBalance& b)
{
    const double anon = b.anonShare * 100.0;
    return EventText::tr(
        "%1 at priority %2 decided how to split its scan (get_scan_count): %3. Anon %4%, file %5% "
        "(swappiness %6). This pass scans %7 inactive and %8 active anon pages, %9 inactive and %10 "
        "active file pages.")
        .arg(b.kswapd ? EventText::tr("kswapd") : EventText::tr("Direct reclaim"))
        .arg(b.priority)
        .arg(EventText::scanMode(b.mode))
        .arg(anon, 0, 'f', 0)
        .arg(100.0 - anon, 0, 'f', 0)
        .arg(b.swappiness)
        .arg(pagesText(b.scan[0]), pagesText(b.scan[1]), pagesText(b.scan[2]), pagesText(b.scan[3]));
}

QString explainOomCandidate(const ev::OomCandidate& c)
{
    if (!c.badness && c.victim)
        return EventText::tr(
            "%1 is already an OOM victim: while it has not been reaped, the OOM killer waits "
            "for it instead of choosing another process.")
            .arg(who(c.who.task));
    if (!c.badness)
        return EventText::tr("%1 is never chosen: its oom_score_adj is -1000, or its memory has already been "
                             "reaped.")
            .arg(who(c.who.task));
    return EventText::tr(
        "%1: badness %2 = %3 resident + %4 swapped + %5 page-table pages, plus oom_score_adj "
        "%6 × totalpages / 1000 = %7 (oom_badness); oom_score %8.")
        .arg(who(c.who.task))
        .arg(*c.badness)
        .arg(pagesText(c.who.rssPages), pagesText(c.who.swapPages), pagesText(c.who.pgtablesPages))
        .arg(c.who.oomScoreAdj)
        .arg(c.adjPages)
        .arg(c.oomScore);
}

QString explainDropCaches(int mode)
{
    const QString what = mode == 1 ? EventText::tr("the clean page cache")
        : mode == 2                ? EventText::tr("reclaimable slab objects")
                                   : EventText::tr("the clean page cache and slab objects");
    return EventText::tr(
        "echo %1 > /proc/sys/vm/drop_caches: the kernel dropped %2. Dirty and mapped pages stay.")
        .arg(mode)
        .arg(what);
}

QString explainDirectCompaction(const ev::DirectCompaction& c)
{
    const QString head = EventText::tr("%1 needed an order-%2 block (%3) and compacted memory itself at "
                                       "priority %4: it moved %5 pages and stalled for %6.")
                             .arg(who(c.task))
                             .arg(c.order)
                             .arg(QString::fromStdString(c.gfp), QLatin1String(c.priority),
                                 pagesText(c.migrated), formatDuration(static_cast<std::int64_t>(c.stallUs)));
    if (c.success)
        return head + QLatin1Char(' ') + EventText::tr("A free block of that order formed: compact_success.");
    return head + QLatin1Char(' ')
        + EventText::tr("The allocation still found no block of that order above the watermark (compaction "
                        "result: %1): compact_fail; the allocator reclaims and retries, or gives up.")
              .arg(QLatin1String(c.result));
}

} // namespace

EventCategory EventText::category(const Event& e)
{
    switch (e.kind()) {
    case EventKind::KswapdWake:
    case EventKind::KswapdBalanced:
    case EventKind::KswapdSleep:
        return EventCategory::Kswapd;
    case EventKind::DirectReclaimThrottled:
    case EventKind::DirectReclaimBegin:
    case EventKind::DirectReclaimEnd:
    case EventKind::MemcgReclaim:
    case EventKind::MemcgHighThrottle:
        return EventCategory::DirectReclaim;
    case EventKind::WatermarkBoost:
    case EventKind::DirectCompaction:
    case EventKind::KcompactdRun:
    case EventKind::KhugepagedCollapse:
    case EventKind::AllocFail:
        return EventCategory::Compaction;
    case EventKind::ScanBalance:
        return EventCategory::ScanBalance;
    case EventKind::OomInvoked:
    case EventKind::OomCandidate:
    case EventKind::OomKill:
    case EventKind::OomReaped:
    case EventKind::Panic:
    case EventKind::RunStopped:
        return EventCategory::Oom;
    case EventKind::ProcessStart:
    case EventKind::ProcessExit:
    case EventKind::ProcessKilled:
        return EventCategory::Process;
    case EventKind::Sysctl:
    case EventKind::OomScoreAdj:
    case EventKind::DropCaches:
    case EventKind::Swapon:
    case EventKind::Swapoff:
    case EventKind::ThpSetting:
    case EventKind::CgroupWrite:
    case EventKind::CgroupMove:
    case EventKind::CommandFailed:
        return EventCategory::Admin;
    case EventKind::Count:
        break;
    }
    return EventCategory::Other;
}

QString EventText::categoryName(EventCategory c)
{
    switch (c) {
    case EventCategory::Kswapd:
        return tr("kswapd");
    case EventCategory::DirectReclaim:
        return tr("Direct reclaim");
    case EventCategory::Compaction:
        return tr("Compaction");
    case EventCategory::ScanBalance:
        return tr("Scan balance");
    case EventCategory::Oom:
        return tr("Out of memory");
    case EventCategory::Process:
        return tr("Processes");
    case EventCategory::Admin:
        return tr("Live changes");
    case EventCategory::Other:
        break;
    }
    return tr("Other");
}

QString EventText::title(const Event& e)
{
    switch (e.kind()) {
    case EventKind::KswapdWake:
        return tr("kswapd woke up");
    case EventKind::KswapdSleep:
        return tr("kswapd sleeps");
    case EventKind::KswapdBalanced:
        return tr("kswapd balanced");
    case EventKind::WatermarkBoost:
        return tr("Watermark boost");
    case EventKind::DirectReclaimBegin:
        return tr("Direct reclaim starts");
    case EventKind::DirectReclaimEnd:
        return tr("Direct reclaim ends");
    case EventKind::DirectReclaimThrottled:
        return tr("Direct reclaim throttled");
    case EventKind::DirectCompaction:
        return tr("Direct compaction");
    case EventKind::KcompactdRun:
        return tr("kcompactd compacted");
    case EventKind::KhugepagedCollapse:
        return tr("khugepaged collapse");
    case EventKind::MemcgReclaim:
        return tr("Cgroup reclaim");
    case EventKind::MemcgHighThrottle:
        return tr("memory.high throttle");
    case EventKind::CgroupWrite:
        return tr("Cgroup file written");
    case EventKind::CgroupMove:
        return tr("Process moved to a cgroup");
    case EventKind::AllocFail:
        return tr("Allocation failure");
    case EventKind::ScanBalance:
        return tr("Scan balance");
    case EventKind::Sysctl:
        return tr("sysctl written");
    case EventKind::OomInvoked:
        return tr("Out of memory");
    case EventKind::OomCandidate:
        return tr("OOM candidate");
    case EventKind::OomKill:
        return tr("OOM kill");
    case EventKind::OomReaped:
        return tr("OOM reaper done");
    case EventKind::Panic:
        return tr("Kernel panic");
    case EventKind::ProcessStart:
        return tr("Process started");
    case EventKind::ProcessExit:
        return tr("Process exited");
    case EventKind::ProcessKilled:
        return tr("Process killed");
    case EventKind::Swapon:
        return tr("swapon");
    case EventKind::Swapoff:
        return tr("swapoff");
    case EventKind::ThpSetting:
        return tr("THP setting written");
    case EventKind::DropCaches:
        return tr("drop_caches");
    case EventKind::OomScoreAdj:
        return tr("oom_score_adj changed");
    case EventKind::RunStopped:
        return tr("Simulation stopped");
    case EventKind::CommandFailed:
        return tr("Change refused");
    case EventKind::Count:
        break;
    }
    return QString::fromLatin1(e.name());
}

QString EventText::explain(const Event& e)
{
    // One overload per payload: a new event kind without its sentence fails to compile.
    return std::visit(
        engine::Overloaded {
            [](const ev::KswapdWake& w) { return explainKswapdWake(w); },
            [](const ev::KswapdBalanced& b) {
                return tr(
                    "kswapd balanced node %1: it scanned %2 pages and reclaimed %3, ending at priority %4 "
                    "after %5. Every zone is above its high watermark, so it naps.")
                    .arg(b.node)
                    .arg(pagesText(b.scanned), pagesText(b.reclaimed))
                    .arg(b.priority)
                    .arg(formatDuration(static_cast<std::int64_t>(b.runUs)));
            },
            [](const ev::KswapdSleep& k) {
                return tr("Free memory (%1 pages) stayed above the high watermark (%2) during kswapd's nap: "
                          "kswapd goes to sleep until an allocation dips below a low watermark again.")
                    .arg(pagesText(k.free), pagesText(k.high));
            },
            [](const ev::WatermarkBoost& b) {
                return tr("A %1 allocation found no free block of its own migratetype in zone %2 and took "
                          "pages from another type's pageblock (a fallback that fragments memory). The "
                          "kernel raised the zone's watermark_boost to %3 pages (at most 1.5 × "
                          "the high watermark of %4 pages) and woke kswapd to reclaim that much more, so "
                          "later requests find free blocks of their own type.")
                    .arg(QLatin1String(engine::migratetypeName(b.migratetype)),
                        QLatin1String(engine::zoneTypeName(b.zone)), pagesText(b.boost), pagesText(b.high));
            },
            [](const ev::DirectReclaimBegin& d) {
                if (d.order > 0) {
                    return tr("%1 needs a free block of order %2 (%3 contiguous pages) and no zone has one "
                              "above its min watermark (free: %4 pages, maybe in smaller pieces). It must "
                              "reclaim memory itself, then compact: the process stalls.")
                        .arg(who(d.task))
                        .arg(d.order)
                        .arg(pagesText(std::uint64_t { 1 } << d.order), pagesText(d.freePages));
                }
                return tr(
                    "%1 could not get a page without going below the min watermark (free: %2 pages). It "
                    "must reclaim memory itself before its allocation can succeed: the process stalls.")
                    .arg(who(d.task), pagesText(d.freePages));
            },
            [](const ev::DirectCompaction& c) { return explainDirectCompaction(c); },
            [](const ev::KcompactdRun& k) {
                if (k.order < 0) {
                    return tr("Proactive compaction (vm.compaction_proactiveness): kcompactd found node %1 "
                              "fragmented and moved %2 pages in %3 to gather free memory into pageblocks.")
                        .arg(k.node)
                        .arg(pagesText(k.migrated), formatDuration(static_cast<std::int64_t>(k.runUs)));
                }
                return tr(
                    "kcompactd of node %1, woken for order-%2 requests (by kswapd, or by an allocation that "
                    "may "
                    "not compact itself), moved %3 pages in %4 so that free memory forms larger blocks.")
                    .arg(k.node)
                    .arg(k.order)
                    .arg(pagesText(k.migrated), formatDuration(static_cast<std::int64_t>(k.runUs)));
            },
            [](const ev::KhugepagedCollapse& c) {
                if (c.result == "cgroup_charge_failed") {
                    return tr(
                        "khugepaged allocated a huge page to collapse a 2 MiB range of %1 (pid %2), but "
                        "the process's cgroup refused the charge of 512 pages (memory.max), so the range "
                        "stays in 4 KiB pages.")
                        .arg(QString::fromStdString(c.task.name))
                        .arg(c.task.pid);
                }
                if (c.result != "succeeded") {
                    return tr("khugepaged found a 2 MiB range of %1 (pid %2) worth collapsing, but could not "
                              "allocate a huge page on node %3 (thp_collapse_alloc_failed). It sleeps "
                              "alloc_sleep_millisecs before it tries again.")
                        .arg(QString::fromStdString(c.task.name))
                        .arg(c.task.pid)
                        .arg(c.node);
                }
                return tr("khugepaged collapsed a 2 MiB range of %1 (pid %2) into a transparent huge page on "
                          "node %3: it copied %4 and freed them (thp_collapse_alloc).")
                    .arg(QString::fromStdString(c.task.name))
                    .arg(c.task.pid)
                    .arg(c.node)
                    .arg(pagesText(static_cast<std::uint64_t>(c.pages)));
            },
            [](const ev::AllocFail& a) {
                if (a.nowarn) {
                    return tr(
                        "The allocation of %1 (order %2, %3 contiguous pages, %4) failed. With __GFP_NOWARN "
                        "the kernel logs nothing: the caller has a fallback (a THP fault takes a small "
                        "page).")
                        .arg(who(a.task))
                        .arg(a.order)
                        .arg(pagesText(std::uint64_t { 1 } << a.order), QString::fromStdString(a.gfp));
                }
                return tr("The allocation of %1 (order %2, %3 contiguous pages, %4) failed: the kernel logs "
                          "\"page allocation failure\" (at most once per 10 s) and the caller must cope "
                          "without the memory; a driver drops a packet, for example.")
                    .arg(who(a.task))
                    .arg(a.order)
                    .arg(pagesText(std::uint64_t { 1 } << a.order), QString::fromStdString(a.gfp));
            },
            [](const ev::DirectReclaimEnd& d) {
                return tr("%1 finished direct reclaim: it scanned %2 pages and reclaimed %3, and was stalled "
                          "for %4.")
                    .arg(who(d.task), pagesText(d.scanned), pagesText(d.reclaimed),
                        formatDuration(static_cast<std::int64_t>(d.stallUs)));
            },
            [](const ev::DirectReclaimThrottled& d) {
                return tr(
                    "%1 was throttled: too many direct reclaimers and too little free memory on node %2, "
                    "so it waits for kswapd to make progress (throttle_direct_reclaim).")
                    .arg(who(d.task))
                    .arg(d.node);
            },
            [](const ev::ScanBalance& b) { return explainScanBalance(b); },
            [](const ev::MemcgReclaim& r) {
                const QString limit =
                    r.max >= engine::kPageCounterMax ? QStringLiteral("max") : pagesText(r.max);
                return tr("%1 reclaimed in cgroup %2 only (try_to_free_mem_cgroup_pages): it asked for %3, "
                          "scanned %4, freed %5 and stalled for %6. memory.current is now %7 of memory.max "
                          "%8. Memory outside the cgroup is not touched, however much is free.")
                    .arg(who(r.task), QString::fromStdString(r.cgroup), pagesText(r.nrToReclaim),
                        pagesText(r.scanned), pagesText(r.reclaimed),
                        formatDuration(static_cast<std::int64_t>(r.stallUs)), pagesText(r.usage), limit);
            },
            [](const ev::MemcgHighThrottle& t) {
                return tr(
                    "%1 sleeps %2 because cgroup %3 is over memory.high (%4 of %5): the penalty grows with "
                    "the square of the overage (calculate_high_delay), at most 2 s per return to user "
                    "mode. memory.high slows a cgroup down; it never kills.")
                    .arg(who(t.task), formatDuration(static_cast<std::int64_t>(t.sleepUs)),
                        QString::fromStdString(t.cgroup), pagesText(t.usage), pagesText(t.high));
            },
            [](const ev::CgroupWrite& w) {
                return tr(
                    "%1 of cgroup %2 now reads %3. A lower memory.max or memory.high reclaims the cgroup "
                    "at once; memory.low and memory.min only change what reclaim spares.")
                    .arg(QString::fromStdString(w.file), QString::fromStdString(w.cgroup),
                        QString::fromStdString(w.value));
            },
            [](const ev::CgroupMove& m) {
                return tr(
                    "%1 moved from cgroup %2 to %3. Its new pages are charged to %3; the pages it already "
                    "has stay charged to %2 (cgroup v2 does not move charges).")
                    .arg(who(m.task), QString::fromStdString(m.from), QString::fromStdString(m.to));
            },
            [](const ev::ThpSetting& t) {
                return tr("/sys/kernel/mm/transparent_hugepage now reads enabled = %1, defrag = %2. Faults "
                          "from now on follow it; THPs already mapped stay.")
                    .arg(QString::fromStdString(t.enabled), QString::fromStdString(t.defrag));
            },
            [](const ev::Sysctl& w) {
                QStringList values;
                for (const auto v : w.values)
                    values << QString::number(v);
                return tr("%1 = %2 was written to /proc/sys. It takes effect at the next step.")
                    .arg(QString::fromStdString(w.name), values.join(QLatin1Char(' ')));
            },
            [](const ev::OomInvoked& o) {
                return tr("%1 could not allocate a page: reclaim made no progress and the retries ran out "
                          "(free: %2 pages). The kernel calls the OOM killer (out_of_memory), which weighs "
                          "every process against %3 pages of RAM and swap.")
                    .arg(who(o.task), pagesText(o.freePages), pagesText(o.totalpages));
            },
            [](const ev::OomCandidate& c) { return explainOomCandidate(c); },
            [](const ev::OomKill& k) {
                const QString extra = QStringLiteral(" (%1)").arg(QStringList {
                    tr("oom_score_adj %1").arg(k.who.oomScoreAdj), tr("oom_score %1").arg(k.oomScore),
                    tr("%1 resident pages").arg(pagesText(k.who.rssPages)) }
                                                                      .join(QStringLiteral(", ")));
                if (k.memcg()) {
                    return tr(
                        "A cgroup could not get under its memory.max by reclaim: the memory cgroup OOM "
                        "killer chose %1 among the processes of that cgroup only, weighted by "
                        "oom_score_adj against the cgroup's limit, and killed it%2. Processes outside the "
                        "cgroup are never chosen, however large.")
                        .arg(who(k.who.task), extra);
                }
                return tr(
                    "The OOM killer chose %1 as the process whose death frees the most memory, weighted "
                    "by oom_score_adj, and killed it%2.")
                    .arg(who(k.who.task), extra);
            },
            [](const ev::OomReaped& r) {
                return tr("The oom_reaper freed the anonymous memory of %1 without waiting for it to exit; "
                          "the OOM killer may now choose another victim (MMF_OOM_SKIP).")
                    .arg(who(r.task));
            },
            [](const ev::Panic& p) { return tr("Kernel panic: %1").arg(QString::fromStdString(p.reason)); },
            [](const ev::ProcessStart& p) { return tr("%1 started.").arg(who(p.task)); },
            [](const ev::ProcessExit& p) {
                return tr("%1 exited; its memory returns to the free lists.").arg(who(p.task));
            },
            [](const ev::ProcessKilled& p) {
                return tr("%1 was killed (SIGKILL); its memory returns to the free lists.").arg(who(p.task));
            },
            [](const ev::Swapon& s) {
                return tr("Swap device %1 was enabled with %2 pages (priority %3). Anonymous pages can be "
                          "swapped out again.")
                    .arg(QString::fromStdString(s.device), pagesText(s.pages))
                    .arg(s.priority);
            },
            [](const ev::Swapoff& s) {
                return tr("Swap device %1 was disabled: no new pages go there, so anonymous memory can no "
                          "longer be reclaimed through it.")
                    .arg(QString::fromStdString(s.device));
            },
            [](const ev::DropCaches& d) { return explainDropCaches(d.mode); },
            [](const ev::OomScoreAdj& a) {
                return tr("oom_score_adj of %1 is now %2: the OOM killer's choice is weighted by it (-1000 "
                          "never kills, 1000 kills first).")
                    .arg(who(a.task))
                    .arg(a.value);
            },
            [](const ev::RunStopped& r) {
                return tr("The simulation stopped: %1").arg(QString::fromStdString(r.reason));
            },
            [](const ev::CommandFailed& c) {
                return tr("A change was refused: %1").arg(QString::fromStdString(c.error));
            },
        },
        e.payload);
}

QString EventText::lruName(engine::LruList lru)
{
    switch (lru) {
    case engine::LruList::InactiveAnon:
        return tr("Inactive anon");
    case engine::LruList::ActiveAnon:
        return tr("Active anon");
    case engine::LruList::InactiveFile:
        return tr("Inactive file");
    case engine::LruList::ActiveFile:
        return tr("Active file");
    case engine::LruList::Unevictable:
        return tr("Unevictable");
    }
    return {};
}

QString EventText::placeName(std::uint8_t code)
{
    if (code == static_cast<std::uint8_t>(engine::FrameState::Free))
        return tr("free");
    if (code == static_cast<std::uint8_t>(engine::FrameState::Kernel))
        return tr("kernel");
    if (code == static_cast<std::uint8_t>(engine::FrameState::Isolated))
        return tr("isolated");
    const int lru = code - static_cast<int>(engine::FrameState::LruBase);
    if (lru >= 0 && lru < engine::kNrLruLists)
        return lruName(static_cast<engine::LruList>(lru)).toLower();
    return QString::number(code);
}

QString EventText::causeText(engine::PageCause cause)
{
    using engine::PageCause;
    switch (cause) {
    case PageCause::Unknown:
        break;
    case PageCause::Fault:
        return tr("first touch of anonymous memory (page fault)");
    case PageCause::Read:
        return tr("read into the page cache");
    case PageCause::Write:
        return tr("written into the page cache");
    case PageCause::SwapIn:
        return tr("swapped back in");
    case PageCause::Readahead:
        return tr("swap readahead");
    case PageCause::Refault:
        return tr("refault of a recently evicted page: activated");
    case PageCause::Accessed:
        return tr("second access: activated");
    case PageCause::Deactivated:
        return tr("deactivated by shrink_active_list");
    case PageCause::KeptActive:
        return tr("referenced executable page: kept active");
    case PageCause::Referenced:
        return tr("referenced: activated");
    case PageCause::KeptReferenced:
        return tr("referenced once: one more trip round the list");
    case PageCause::Pageout:
        return tr("written out by reclaim");
    case PageCause::DirtyDeferred:
        return tr("dirty: writeback started, kept for now");
    case PageCause::UnderWriteback:
        return tr("under writeback: kept for now");
    case PageCause::NoSwapSpace:
        return tr("no swap space: activated");
    case PageCause::Reclaimed:
        return tr("reclaimed");
    case PageCause::Rotated:
        return tr("writeback done: rotated to the tail");
    case PageCause::Culled:
        return tr("mlocked: moved to the unevictable list");
    case PageCause::Exited:
        return tr("freed when its process exited");
    case PageCause::Dropped:
        return tr("dropped by drop_caches");
    case PageCause::Collapsed:
        return tr("collapsed into a transparent huge page by khugepaged");
    case PageCause::Count:
        break;
    }
    return tr("moved");
}

QString EventText::reclaimerName(int reclaimer)
{
    switch (reclaimer) {
    case 1:
        return tr("kswapd");
    case 2:
        return tr("direct reclaim");
    default:
        return {};
    }
}

QString EventText::pageMove(const engine::PageEvent& m)
{
    QString text = tr("%1 → %2: %3").arg(placeName(m.from), placeName(m.to), causeText(m.cause));
    if (m.reclaimer == 1 || m.reclaimer == 2) {
        if (m.priority >= 0)
            text += tr(", scanned by %1 at priority %2").arg(reclaimerName(m.reclaimer)).arg(m.priority);
        else
            text += tr(", by %1").arg(reclaimerName(m.reclaimer));
    }
    return text;
}

QString EventText::processState(engine::ProcessState state)
{
    using engine::ProcessState;
    switch (state) {
    case ProcessState::NotStarted:
        return tr("not started");
    case ProcessState::Running:
        return tr("running");
    case ProcessState::DirectReclaim:
        return tr("stalled: reclaim");
    case ProcessState::Throttled:
        return tr("throttled");
    case ProcessState::IoWait:
        return tr("stalled: I/O");
    case ProcessState::OutOfMemory:
        return tr("out of memory");
    case ProcessState::Exited:
        return tr("exited");
    case ProcessState::Killed:
        return tr("killed");
    }
    return {};
}

QString EventText::scanMode(engine::ScanBalanceMode mode)
{
    switch (mode) {
    case engine::ScanBalanceMode::Fract:
        return tr("anon and file in proportion to swappiness and the recent cost of each");
    case engine::ScanBalanceMode::File:
        return tr("file pages only (no swap space, or the page cache alone can be trimmed)");
    case engine::ScanBalanceMode::Anon:
        return tr("anon pages only (the file lists are tiny)");
    case engine::ScanBalanceMode::Equal:
        break;
    }
    return tr("every list equally (priority 0: last resort)");
}

QString EventText::kswapdState(engine::KswapdState state)
{
    switch (state) {
    case engine::KswapdState::Sleeping:
        return tr("sleeping");
    case engine::KswapdState::Napping:
        return tr("napping");
    case engine::KswapdState::Running:
        return tr("reclaiming");
    }
    return {};
}

QString EventText::sysctlHelp(const engine::SysctlInfo& info)
{
    // The help lives in the engine's sysctl table, in both languages, beside the sysctl's range.
    const std::string_view text = lessonLanguage() == QLatin1String("zh_CN") ? info.helpZh : info.help;
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString EventText::sysctlUnit(std::string_view unit)
{
    if (unit == "kB")
        return tr("kB");
    if (unit == "%")
        return tr("%");
    if (unit == "bytes")
        return tr("bytes");
    if (unit == "centisecs")
        return tr("centisecs");
    if (unit == "1/10000")
        return tr("‱");
    return {};
}

} // namespace rlab::ui
