// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_text.h"

#include "format.h"

namespace rlab::ui {

using engine::Event;

namespace {

const Event::Field* findField(const Event& event, std::string_view key)
{
    for (const auto& f : event.fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

QString pagesText(std::int64_t pages)
{
    return formatCount(static_cast<std::uint64_t>(std::max<std::int64_t>(pages, 0)));
}

QString who(const Event& e)
{
    const QString name = eventText(e, "name");
    const std::int64_t pid = eventInt(e, "pid");
    if (pid <= 0)
        return name;
    return EventText::tr("%1 (pid %2)").arg(name).arg(pid);
}

} // namespace

std::int64_t eventInt(const Event& event, std::string_view key, std::int64_t fallback)
{
    const auto* f = findField(event, key);
    if (!f)
        return fallback;
    if (f->type == Event::Field::Type::Real)
        return static_cast<std::int64_t>(f->realValue);
    return f->intValue;
}

double eventReal(const Event& event, std::string_view key, double fallback)
{
    const auto* f = findField(event, key);
    if (!f)
        return fallback;
    return f->type == Event::Field::Type::Real ? f->realValue : static_cast<double>(f->intValue);
}

QString eventText(const Event& event, std::string_view key)
{
    const auto* f = findField(event, key);
    if (!f)
        return {};
    if (f->type == Event::Field::Type::Text)
        return QString::fromStdString(f->text);
    if (f->type == Event::Field::Type::Real)
        return QString::number(f->realValue);
    return QString::number(f->intValue);
}

bool eventHas(const Event& event, std::string_view key)
{
    return findField(event, key) != nullptr;
}

EventCategory EventText::category(const Event& e)
{
    const std::string& t = e.type;
    if (t.starts_with("kswapd_"))
        return EventCategory::Kswapd;
    if (t.starts_with("direct_reclaim"))
        return EventCategory::DirectReclaim;
    if (t == "scan_balance")
        return EventCategory::ScanBalance;
    if (t == "out_of_memory" || t == "oom_kill" || t == "run_stopped")
        return EventCategory::Oom;
    if (t.starts_with("process_"))
        return EventCategory::Process;
    if (t == "sysctl" || t == "swapon" || t == "swapoff" || t == "drop_caches" || t == "oom_score_adj"
        || t == "command_failed")
        return EventCategory::Admin;
    return EventCategory::Other;
}

QString EventText::categoryName(EventCategory c)
{
    switch (c) {
    case EventCategory::Kswapd:
        return tr("kswapd");
    case EventCategory::DirectReclaim:
        return tr("Direct reclaim");
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
    const std::string& t = e.type;
    if (t == "kswapd_wake")
        return tr("kswapd woke up");
    if (t == "kswapd_sleep")
        return tr("kswapd sleeps");
    if (t == "kswapd_balanced")
        return tr("kswapd balanced");
    if (t == "direct_reclaim_begin")
        return tr("Direct reclaim starts");
    if (t == "direct_reclaim_end")
        return tr("Direct reclaim ends");
    if (t == "direct_reclaim_throttled")
        return tr("Direct reclaim throttled");
    if (t == "scan_balance")
        return tr("Scan balance");
    if (t == "sysctl")
        return tr("sysctl written");
    if (t == "out_of_memory")
        return tr("Out of memory");
    if (t == "oom_kill")
        return tr("OOM kill");
    if (t == "process_start")
        return tr("Process started");
    if (t == "process_exit")
        return tr("Process exited");
    if (t == "process_killed")
        return tr("Process killed");
    if (t == "swapon")
        return tr("swapon");
    if (t == "swapoff")
        return tr("swapoff");
    if (t == "drop_caches")
        return tr("drop_caches");
    if (t == "oom_score_adj")
        return tr("oom_score_adj changed");
    if (t == "run_stopped")
        return tr("Simulation stopped");
    if (t == "command_failed")
        return tr("Change refused");
    return QString::fromStdString(t);
}

QString EventText::explain(const Event& e)
{
    const std::string& t = e.type;
    if (t == "kswapd_wake") {
        const QString reason = eventText(e, "reason");
        if (reason == QLatin1String("low_wmark_hit_quickly"))
            return tr(
                "kswapd was napping after balancing, but free memory (%1 pages) fell below the low watermark "
                "again right away (kswapd_low_wmark_hit_quickly): it goes straight back to reclaiming.")
                .arg(pagesText(eventInt(e, "free")));
        if (reason == QLatin1String("high_wmark_hit_quickly"))
            return tr("kswapd's short nap ended with free memory (%1 pages) below the high watermark "
                      "(kswapd_high_wmark_hit_quickly): it reclaims again.")
                .arg(pagesText(eventInt(e, "free")));
        return tr(
            "An allocation found zone %1 with %2 free pages, below its low watermark (%3): the allocator "
            "woke "
            "kswapd of node %4, which now reclaims in the background until every zone is above its high "
            "watermark.")
            .arg(eventText(e, "zone"), pagesText(eventInt(e, "free")), pagesText(eventInt(e, "low")))
            .arg(eventInt(e, "node"));
    }
    if (t == "kswapd_balanced")
        return tr(
            "kswapd balanced node %1: it scanned %2 pages and reclaimed %3, ending at priority %4 after %5. "
            "Every zone is above its high watermark, so it naps.")
            .arg(eventInt(e, "node"))
            .arg(pagesText(eventInt(e, "scanned")), pagesText(eventInt(e, "reclaimed")))
            .arg(eventInt(e, "priority"))
            .arg(formatDuration(eventInt(e, "run_us")));
    if (t == "kswapd_sleep")
        return tr(
            "Free memory (%1 pages) stayed above the high watermark (%2) during kswapd's nap: kswapd goes to "
            "sleep until an allocation dips below a low watermark again.")
            .arg(pagesText(eventInt(e, "free")), pagesText(eventInt(e, "high")));
    if (t == "direct_reclaim_begin")
        return tr("%1 could not get a page without going below the min watermark (free: %2 pages). It must "
                  "reclaim memory itself before its allocation can succeed: the process stalls.")
            .arg(who(e), pagesText(eventInt(e, "free_pages")));
    if (t == "direct_reclaim_end")
        return tr("%1 finished direct reclaim: it scanned %2 pages and reclaimed %3, and was stalled for %4.")
            .arg(who(e), pagesText(eventInt(e, "scanned")), pagesText(eventInt(e, "reclaimed")),
                formatDuration(eventInt(e, "stall_us")));
    if (t == "direct_reclaim_throttled")
        return tr(
            "%1 was throttled: too many direct reclaimers and too little free memory on node %2, so it waits "
            "for kswapd to make progress (throttle_direct_reclaim).")
            .arg(who(e))
            .arg(eventInt(e, "node"));
    if (t == "scan_balance") {
        const bool kswapd = eventText(e, "reclaimer") == QLatin1String("kswapd");
        const std::string mode = eventText(e, "mode").toStdString();
        const double anon = eventReal(e, "anon_share") * 100.0;
        return tr(
            "%1 at priority %2 decided how to split its scan (get_scan_count): %3. Anon %4%, file %5% "
            "(swappiness %6). This pass scans %7 inactive and %8 active anon pages, %9 inactive and %10 "
            "active file pages.")
            .arg(kswapd ? tr("kswapd") : tr("Direct reclaim"))
            .arg(eventInt(e, "priority"))
            .arg(scanMode(mode))
            .arg(anon, 0, 'f', 0)
            .arg(100.0 - anon, 0, 'f', 0)
            .arg(eventInt(e, "swappiness"))
            .arg(pagesText(eventInt(e, "scan_inactive_anon")), pagesText(eventInt(e, "scan_active_anon")),
                pagesText(eventInt(e, "scan_inactive_file")), pagesText(eventInt(e, "scan_active_file")));
    }
    if (t == "sysctl") {
        QStringList values;
        for (const auto& f : e.fields) {
            if (f.key.starts_with("value"))
                values << QString::number(f.intValue);
        }
        return tr("%1 = %2 was written to /proc/sys. It takes effect at the next step.")
            .arg(eventText(e, "name"), values.join(QLatin1Char(' ')));
    }
    if (t == "out_of_memory")
        return tr(
            "%1 could not allocate a page even after direct reclaim made no progress %2 times (free: %3 "
            "pages). The kernel declares out of memory.")
            .arg(who(e))
            .arg(eventInt(e, "no_progress_loops"))
            .arg(pagesText(eventInt(e, "free_pages")));
    if (t == "oom_kill") {
        QStringList details;
        if (eventHas(e, "oom_score_adj"))
            details << tr("oom_score_adj %1").arg(eventInt(e, "oom_score_adj"));
        if (eventHas(e, "total_vm"))
            details << tr("total-vm %1 kB").arg(eventInt(e, "total_vm"));
        if (eventHas(e, "anon_rss"))
            details << tr("anon-rss %1 kB").arg(eventInt(e, "anon_rss"));
        const QString extra =
            details.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(details.join(QStringLiteral(", ")));
        return tr("The OOM killer chose %1 as the process whose death frees the most memory, weighted by "
                  "oom_score_adj, and killed it%2.")
            .arg(who(e), extra);
    }
    if (t == "process_start")
        return tr("%1 started.").arg(who(e));
    if (t == "process_exit")
        return tr("%1 exited; its memory returns to the free lists.").arg(who(e));
    if (t == "process_killed")
        return tr("%1 was killed (SIGKILL); its memory returns to the free lists.").arg(who(e));
    if (t == "swapon")
        return tr(
            "Swap device %1 was enabled with %2 pages (priority %3). Anonymous pages can be swapped out "
            "again.")
            .arg(eventText(e, "device"), pagesText(eventInt(e, "pages")))
            .arg(eventInt(e, "priority"));
    if (t == "swapoff")
        return tr("Swap device %1 was disabled: no new pages go there, so anonymous memory can no longer be "
                  "reclaimed through it.")
            .arg(eventText(e, "device"));
    if (t == "drop_caches") {
        const auto mode = eventInt(e, "mode");
        const QString what = mode == 1 ? tr("the clean page cache")
            : mode == 2                ? tr("reclaimable slab objects")
                                       : tr("the clean page cache and slab objects");
        return tr("echo %1 > /proc/sys/vm/drop_caches: the kernel dropped %2. Dirty and mapped pages stay.")
            .arg(mode)
            .arg(what);
    }
    if (t == "oom_score_adj")
        return tr(
            "oom_score_adj of %1 is now %2: the OOM killer's choice is weighted by it (-1000 never kills, "
            "1000 kills first).")
            .arg(who(e))
            .arg(eventInt(e, "value"));
    if (t == "run_stopped")
        return tr("The simulation stopped: %1").arg(eventText(e, "reason"));
    if (t == "command_failed")
        return tr("A change was refused: %1").arg(eventText(e, "error"));
    QStringList fields;
    for (const auto& f : e.fields)
        fields << QString::fromStdString(f.key) + QLatin1Char('=') + eventText(e, f.key);
    return fields.join(QStringLiteral(", "));
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

QString EventText::scanMode(const std::string& mode)
{
    if (mode == "fract")
        return tr("anon and file in proportion to swappiness and the recent cost of each");
    if (mode == "file")
        return tr("file pages only (no swap space, or the page cache alone can be trimmed)");
    if (mode == "anon")
        return tr("anon pages only (the file lists are tiny)");
    if (mode == "equal")
        return tr("every list equally (priority 0: last resort)");
    return tr("no reclaim yet");
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

QString EventText::sysctlHelp(std::string_view name, std::string_view engineHelp)
{
    if (name == "vm.swappiness")
        return tr(
            "How much reclaim prefers swapping anonymous pages over dropping page cache: 0 avoids swap, "
            "100 treats both alike, 200 prefers swap.");
    if (name == "vm.min_free_kbytes")
        return tr(
            "Memory kept free for emergencies; split over the zones as their min watermarks. Low and high "
            "follow from it.");
    if (name == "vm.watermark_scale_factor")
        return tr(
            "Gap between the min, low and high watermarks, in 1/10000 of each zone: larger wakes kswapd "
            "earlier and lets it reclaim more.");
    if (name == "vm.watermark_boost_factor")
        return tr(
            "How far the watermarks are boosted after memory fragmentation events, in 1/10000 of the high "
            "watermark.");
    if (name == "vm.dirty_ratio")
        return tr("Percentage of memory that may be dirty before writers are throttled.");
    if (name == "vm.dirty_background_ratio")
        return tr("Percentage of dirty memory at which background writeback starts.");
    if (name == "vm.dirty_bytes")
        return tr("Hard dirty limit in bytes (0 = use dirty_ratio).");
    if (name == "vm.dirty_background_bytes")
        return tr("Background writeback threshold in bytes (0 = use dirty_background_ratio).");
    if (name == "vm.dirty_expire_centisecs")
        return tr("Age at which dirty data is written out.");
    if (name == "vm.dirty_writeback_centisecs")
        return tr("How often the flusher wakes up (0 disables periodic writeback).");
    if (name == "vm.page-cluster")
        return tr("Swap readahead: 2^n pages are read per swap-in.");
    if (name == "vm.oom_kill_allocating_task")
        return tr(
            "1: the OOM killer kills the task that failed to allocate instead of searching for the biggest.");
    if (name == "vm.panic_on_oom")
        return tr("0: kill a process on OOM; 1: panic on a system-wide OOM; 2: always panic.");
    if (name == "vm.oom_dump_tasks")
        return tr("1: the OOM report lists every task with its memory use.");
    if (name == "vm.lowmem_reserve_ratio")
        return tr("Per zone type: protects 1/ratio of the higher zones' memory from fallback allocations.");
    return QString::fromUtf8(engineHelp.data(), static_cast<qsizetype>(engineHelp.size()));
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
