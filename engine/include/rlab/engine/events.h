// SPDX-License-Identifier: GPL-3.0-or-later
// Engine events: what happened and when, for the event log, the plots' markers, lessons and
// events.jsonl. Each kind has a typed payload; its fields() lists the payload in the order events.jsonl
// writes it, under stable ASCII keys (the UI translates). eventKindName() is the one name table.
#pragma once

#include "rlab/engine/overloaded.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/units.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace rlab::engine {

/// Kinds of engine events, in the order of EventPayload's alternatives.
enum class EventKind : std::uint8_t
{
    ProcessStart,
    ProcessExit,
    ProcessKilled,
    KswapdWake,
    KswapdBalanced,
    KswapdSleep,
    WatermarkBoost,
    DirectReclaimThrottled,
    DirectReclaimBegin,
    DirectReclaimEnd,
    DirectCompaction,
    KcompactdRun,
    KhugepagedCollapse,
    MemcgReclaim,
    MemcgHighThrottle,
    AllocFail,
    ScanBalance,
    OomInvoked,
    OomCandidate,
    OomKill,
    OomReaped,
    Panic,
    Sysctl,
    OomScoreAdj,
    DropCaches,
    Swapon,
    Swapoff,
    ThpSetting,
    CgroupWrite,
    CgroupMove,
    CommandFailed,
    RunStopped,
    Count,
};
inline constexpr std::size_t kEventKindCount = static_cast<std::size_t>(EventKind::Count);

/// The events.jsonl name of a kind ("kswapd_wake").
std::string_view eventKindName(EventKind kind);
/// The kind with that name, or nullopt.
std::optional<EventKind> eventKindNamed(std::string_view name);

/// Payloads. Their field lists are what events.jsonl, lessons (first.<kind>.<field>) and the golden
/// traces see; change a key or its order only on purpose.
namespace ev {

/// A task named in an event; pid 0 and "kernel" for a kernel thread's allocation.
struct Task
{
    int pid = 0;
    std::string name;
    template<class F>
    void fields(F& f) const
    {
        f("pid", pid);
        f("name", name);
    }
};

struct ProcessStart
{
    Task task;
    static constexpr EventKind kKind = EventKind::ProcessStart;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
    }
};
struct ProcessExit
{
    Task task;
    static constexpr EventKind kKind = EventKind::ProcessExit;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
    }
};
struct ProcessKilled
{
    Task task;
    static constexpr EventKind kKind = EventKind::ProcessKilled;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
    }
};

/// Why kswapd woke: an allocation below the low watermark (wakeup_kswapd), or kswapd_try_to_sleep()
/// finding the node unbalanced again right after its nap or its sleep check.
enum class KswapdWakeReason : std::uint8_t
{
    Allocation,
    LowWmarkHitQuickly,
    HighWmarkHitQuickly,
};
const char* kswapdWakeReasonName(KswapdWakeReason reason); ///< "low_wmark_hit_quickly", ...

struct KswapdWake
{
    static constexpr EventKind kKind = EventKind::KswapdWake;
    int node = 0;
    KswapdWakeReason reason = KswapdWakeReason::Allocation;
    ZoneType zone = ZoneType::Normal; ///< Allocation: the zone below low
    /// Allocation: that zone's free pages; otherwise the free pages of the whole machine.
    Pages free = 0;
    Pages low = 0; ///< Allocation: that zone's low watermark
    int highestZoneidx = 0; ///< Allocation
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        if (reason == KswapdWakeReason::Allocation) {
            f("zone", std::string_view(zoneTypeName(zone)));
            f("free", free);
            f("low", low);
            f("highest_zoneidx", highestZoneidx);
        } else {
            f("reason", std::string_view(kswapdWakeReasonName(reason)));
            f("free", free);
        }
    }
};

struct KswapdBalanced
{
    static constexpr EventKind kKind = EventKind::KswapdBalanced;
    int node = 0;
    Pages reclaimed = 0;
    Pages scanned = 0;
    int priority = 0;
    int failures = 0;
    Tick runUs = 0;
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        f("reclaimed", reclaimed);
        f("scanned", scanned);
        f("priority", priority);
        f("failures", failures);
        f("run_us", runUs);
    }
};

struct KswapdSleep
{
    static constexpr EventKind kKind = EventKind::KswapdSleep;
    int node = 0;
    Pages free = 0; ///< Σ free of the zones up to the highest zone index it balanced
    Pages high = 0; ///< Σ high watermarks of those zones
    int failures = 0;
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        f("free", free);
        f("high", high);
        f("failures", failures);
    }
};

struct DirectReclaimThrottled
{
    Task task;
    static constexpr EventKind kKind = EventKind::DirectReclaimThrottled;
    int node = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("node", node);
    }
};

struct DirectReclaimBegin
{
    Task task;
    static constexpr EventKind kKind = EventKind::DirectReclaimBegin;
    Pages freePages = 0;
    int order = 0; ///< the request's order: above 0 the zone may have free pages but no free block that big
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("free_pages", freePages);
        f("order", order);
    }
};

struct DirectReclaimEnd
{
    Task task;
    static constexpr EventKind kKind = EventKind::DirectReclaimEnd;
    Pages reclaimed = 0;
    Pages scanned = 0;
    Tick stallUs = 0;
    Tick endUs = 0; ///< the event is stamped when the reclaim began; this is when it ended
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("reclaimed", reclaimed);
        f("scanned", scanned);
        f("stall_us", stallUs);
        f("end_us", endUs);
    }
};

/// page_alloc.c:__alloc_pages_direct_compact(): a compaction stall of a high-order request (none when
/// every zone was skipped for too few free pages).
struct DirectCompaction
{
    Task task;
    static constexpr EventKind kKind = EventKind::DirectCompaction;
    int order = 0;
    std::string gfp; ///< the request's flags as %pGg prints them: "GFP_KERNEL|__GFP_COMP"
    std::string_view priority; ///< "COMPACT_PRIO_ASYNC", "COMPACT_PRIO_SYNC_LIGHT", "COMPACT_PRIO_SYNC_FULL"
    std::string_view result; ///< the best compact_result over the zones: "success", "complete", ...
    bool success = false; ///< the allocation got its block right after (compact_success)
    Pages migrated = 0;
    Tick stallUs = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("order", order);
        f("gfp", gfp);
        f("priority", priority);
        f("result", result);
        f("success", success ? 1 : 0);
        f("migrated", migrated);
        f("stall_us", stallUs);
    }
};

/// compaction.c:kcompactd_do_work() or proactive_compact_node() compacted at least one zone.
struct KcompactdRun
{
    static constexpr EventKind kKind = EventKind::KcompactdRun;
    int node = 0;
    int order = 0; ///< the order kswapd asked for; -1 for proactive compaction
    Pages migrated = 0;
    Tick runUs = 0;
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        f("order", order);
        f("migrated", migrated);
        f("run_us", runUs);
    }
};

/// khugepaged's collapse of a 2 MiB range of a process (collapse_huge_page()): done, or its huge page
/// allocation failed.
/// vmscan.c:try_to_free_mem_cgroup_pages() for a cgroup at memory.max or over memory.high, or a write
/// to its memory.max or memory.high: reclaim of that cgroup's subtree only, in the task's time.
struct MemcgReclaim
{
    Task task;
    static constexpr EventKind kKind = EventKind::MemcgReclaim;
    std::string cgroup;
    Pages nrToReclaim = 0;
    Pages reclaimed = 0;
    Pages scanned = 0;
    Tick stallUs = 0;
    Pages usage = 0; ///< memory.current in pages after the reclaim
    Pages max = 0; ///< memory.max in pages (kPageCounterMax: "max")
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("cgroup", cgroup);
        f("nr_to_reclaim", nrToReclaim);
        f("reclaimed", reclaimed);
        f("scanned", scanned);
        f("stall_us", stallUs);
        f("usage", usage);
        f("max", max);
    }
};

/// memcontrol.c:mem_cgroup_handle_over_high(): a task of a cgroup over memory.high sleeps the penalty.
struct MemcgHighThrottle
{
    Task task;
    static constexpr EventKind kKind = EventKind::MemcgHighThrottle;
    std::string cgroup;
    Tick sleepUs = 0;
    Pages usage = 0;
    Pages high = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("cgroup", cgroup);
        f("sleep_us", sleepUs);
        f("usage", usage);
        f("high", high);
    }
};

struct KhugepagedCollapse
{
    static constexpr EventKind kKind = EventKind::KhugepagedCollapse;
    Task task;
    int node = 0;
    std::string result; ///< "succeeded" or "alloc_huge_page_failed" (enum scan_result)
    std::int64_t pages = 0; ///< 4 KiB pages copied into the THP and freed
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("node", node);
        f("result", result);
        f("pages", pages);
    }
};

/// __alloc_pages_slowpath() returned NULL: the "page allocation failure" of warn_alloc() (logged at most
/// once per 10 s, never with __GFP_NOWARN; every failure is an event).
struct AllocFail
{
    Task task;
    static constexpr EventKind kKind = EventKind::AllocFail;
    int order = 0;
    std::string gfp; ///< as %pGg prints it
    bool nowarn = false; ///< __GFP_NOWARN: warn_alloc() logs nothing (a THP fault, say)
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("order", order);
        f("gfp", gfp);
        f("nowarn", nowarn ? 1 : 0);
    }
};

/// One get_scan_count() decision.
struct ScanBalance
{
    static constexpr EventKind kKind = EventKind::ScanBalance;
    int node = 0;
    bool kswapd = false;
    int priority = 0;
    int swappiness = 0;
    ScanBalanceMode mode = ScanBalanceMode::Equal;
    ScanBalanceReason reason = ScanBalanceReason::Fract;
    std::uint64_t anonCost = 0;
    std::uint64_t fileCost = 0;
    std::uint64_t fractionAnon = 0;
    std::uint64_t fractionFile = 0;
    std::uint64_t denominator = 0;
    double anonShare = 0.5; ///< share of the scan aimed at anon
    std::array<Pages, 4> scan {}; ///< nr[] per evictable list, in enum lru_list order
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        f("reclaimer", std::string_view(kswapd ? "kswapd" : "direct"));
        f("priority", priority);
        f("swappiness", swappiness);
        f("mode", std::string_view(scanBalanceModeName(mode)));
        f("reason", std::string_view(scanBalanceReasonName(reason)));
        f("anon_cost", anonCost);
        f("file_cost", fileCost);
        f("fraction_anon", fractionAnon);
        f("fraction_file", fractionFile);
        f("denominator", denominator);
        f("anon_share", anonShare);
        f("scan_inactive_anon", scan[0]);
        f("scan_active_anon", scan[1]);
        f("scan_inactive_file", scan[2]);
        f("scan_active_file", scan[3]);
    }
};

struct OomInvoked
{
    Task task;
    static constexpr EventKind kKind = EventKind::OomInvoked;
    Pages totalpages = 0;
    Pages freePages = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("totalpages", totalpages);
        f("free_pages", freePages);
    }
};

/// The memory oom_badness() weighs, shared by a candidate and the victim.
struct OomFootprint
{
    Task task;
    Pages rssPages = 0;
    Pages swapPages = 0;
    Pages pgtablesPages = 0;
    int oomScoreAdj = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("rss_pages", rssPages);
        f("swap_pages", swapPages);
        f("pgtables_pages", pgtablesPages);
        f("oom_score_adj", oomScoreAdj);
    }
};

/// One process as select_bad_process() weighs it.
struct OomCandidate
{
    OomFootprint who;
    static constexpr EventKind kKind = EventKind::OomCandidate;
    std::int64_t adjPages = 0; ///< oom_score_adj × totalpages / 1000
    std::optional<std::int64_t> badness; ///< nullopt: never chosen (LONG_MIN)
    bool victim = false; ///< already an OOM victim (why badness is nullopt, else unkillable)
    std::int64_t oomScore = 0;
    template<class F>
    void fields(F& f) const
    {
        who.fields(f);
        f("adj_pages", adjPages);
        if (badness)
            f("badness", *badness);
        else
            f("badness", std::string_view(victim ? "victim" : "unkillable"));
        f("oom_score", oomScore);
    }
};

struct OomKill
{
    OomFootprint who;
    static constexpr EventKind kKind = EventKind::OomKill;
    /// "Out of memory", "Out of memory (oom_kill_allocating_task)", "Memory cgroup out of memory"
    std::string message;
    bool memcg() const { return message.rfind("Memory cgroup", 0) == 0; } ///< CONSTRAINT_MEMCG
    std::int64_t oomScore = 0;
    template<class F>
    void fields(F& f) const
    {
        who.task.fields(f);
        f("message", message);
        f("rss_pages", who.rssPages);
        f("swap_pages", who.swapPages);
        f("pgtables_pages", who.pgtablesPages);
        f("oom_score_adj", who.oomScoreAdj);
        f("oom_score", oomScore);
    }
};

struct OomReaped
{
    Task task;
    static constexpr EventKind kKind = EventKind::OomReaped;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
    }
};

struct Panic
{
    static constexpr EventKind kKind = EventKind::Panic;
    std::string reason;
    template<class F>
    void fields(F& f) const
    {
        f("reason", reason);
    }
};

struct Sysctl
{
    static constexpr EventKind kKind = EventKind::Sysctl;
    std::string name;
    std::vector<std::int64_t> values;
    template<class F>
    void fields(F& f) const
    {
        f("name", name);
        for (std::size_t i = 0; i < values.size(); ++i)
            f(values.size() == 1 ? std::string("value") : "value" + std::to_string(i), values[i]);
    }
};

/// A write to /sys/kernel/mm/transparent_hugepage/enabled or defrag; both shown as they read after it.
struct ThpSetting
{
    static constexpr EventKind kKind = EventKind::ThpSetting;
    std::string enabled;
    std::string defrag;
    template<class F>
    void fields(F& f) const
    {
        f("enabled", enabled);
        f("defrag", defrag);
    }
};

/// A write to a cgroup's memory files (the scenario's or the user's).
struct CgroupWrite
{
    static constexpr EventKind kKind = EventKind::CgroupWrite;
    std::string cgroup;
    std::string file; ///< "memory.max", ...
    std::string value; ///< as the file reads back: bytes, or "max"
    template<class F>
    void fields(F& f) const
    {
        f("cgroup", cgroup);
        f("file", file);
        f("value", value);
    }
};

/// A process moved to another cgroup (echo pid > cgroup.procs).
struct CgroupMove
{
    Task task;
    static constexpr EventKind kKind = EventKind::CgroupMove;
    std::string from;
    std::string to;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("from", from);
        f("to", to);
    }
};

struct OomScoreAdj
{
    Task task;
    static constexpr EventKind kKind = EventKind::OomScoreAdj;
    int value = 0;
    template<class F>
    void fields(F& f) const
    {
        task.fields(f);
        f("value", value);
    }
};

/// page_alloc.c:steal_suitable_fallback() took pages from another migratetype's pageblock below
/// pageblock order and boost_watermark() raised the zone's watermarks; kswapd reclaims the boost.
struct WatermarkBoost
{
    static constexpr EventKind kKind = EventKind::WatermarkBoost;
    int node = 0;
    ZoneType zone = ZoneType::Normal;
    Migratetype migratetype = Migratetype::Unmovable; ///< the request that fell back
    Pages boost = 0; ///< watermark_boost after the raise
    Pages high = 0; ///< the unboosted high watermark
    template<class F>
    void fields(F& f) const
    {
        f("node", node);
        f("zone", std::string_view(zoneTypeName(zone)));
        f("migratetype", std::string_view(migratetypeName(migratetype)));
        f("boost", boost);
        f("high", high);
    }
};

struct DropCaches
{
    static constexpr EventKind kKind = EventKind::DropCaches;
    int mode = 0;
    template<class F>
    void fields(F& f) const
    {
        f("mode", mode);
    }
};

struct Swapon
{
    static constexpr EventKind kKind = EventKind::Swapon;
    std::string device;
    Pages pages = 0;
    int priority = 0;
    template<class F>
    void fields(F& f) const
    {
        f("device", device);
        f("pages", pages);
        f("priority", priority);
    }
};

struct Swapoff
{
    static constexpr EventKind kKind = EventKind::Swapoff;
    std::string device;
    template<class F>
    void fields(F& f) const
    {
        f("device", device);
    }
};

struct CommandFailed
{
    static constexpr EventKind kKind = EventKind::CommandFailed;
    std::string error;
    template<class F>
    void fields(F& f) const
    {
        f("error", error);
    }
};

struct RunStopped
{
    static constexpr EventKind kKind = EventKind::RunStopped;
    std::string reason;
    template<class F>
    void fields(F& f) const
    {
        f("reason", reason);
    }
};

} // namespace ev

/// Alternatives in EventKind order (checked below), so the variant's index is the kind.
using EventPayload = std::variant<ev::ProcessStart, ev::ProcessExit, ev::ProcessKilled, ev::KswapdWake,
    ev::KswapdBalanced, ev::KswapdSleep, ev::WatermarkBoost, ev::DirectReclaimThrottled,
    ev::DirectReclaimBegin, ev::DirectReclaimEnd, ev::DirectCompaction, ev::KcompactdRun,
    ev::KhugepagedCollapse, ev::MemcgReclaim, ev::MemcgHighThrottle, ev::AllocFail, ev::ScanBalance,
    ev::OomInvoked, ev::OomCandidate, ev::OomKill, ev::OomReaped, ev::Panic, ev::Sysctl, ev::OomScoreAdj,
    ev::DropCaches, ev::Swapon, ev::Swapoff, ev::ThpSetting, ev::CgroupWrite, ev::CgroupMove,
    ev::CommandFailed, ev::RunStopped>;

namespace detail {
template<std::size_t... I>
constexpr bool payloadsInKindOrder(std::index_sequence<I...>)
{
    return ((static_cast<std::size_t>(std::variant_alternative_t<I, EventPayload>::kKind) == I) && ...);
}
} // namespace detail
static_assert(std::variant_size_v<EventPayload> == kEventKindCount);
static_assert(detail::payloadsInKindOrder(std::make_index_sequence<kEventKindCount>()));

/// A timestamped engine event.
struct Event
{
    Tick at = 0;
    EventPayload payload;

    EventKind kind() const { return static_cast<EventKind>(payload.index()); }
    std::string_view name() const { return eventKindName(kind()); }
    template<class T>
    const T* as() const
    {
        return std::get_if<T>(&payload);
    }
};

/// A field's value as events.jsonl writes it.
using EventValue = std::variant<std::int64_t, double, std::string_view>;

/// Calls visit(std::string_view key, EventValue value) for each field of the event, in order.
template<class Visit>
void forEachField(const Event& event, Visit&& visit)
{
    auto put = [&](std::string_view key, const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, double>)
            visit(key, EventValue { value });
        else if constexpr (std::is_integral_v<T>)
            visit(key, EventValue { static_cast<std::int64_t>(value) });
        else
            visit(key, EventValue { std::string_view(value) });
    };
    std::visit([&](const auto& payload) { payload.fields(put); }, event.payload);
}

/// The value of one field, or nullopt when the event has no field with that key.
std::optional<EventValue> eventField(const Event& event, std::string_view key);

/// A field an event of some kind can have, and whether it is a number (lessons take min/max/sum of those).
struct EventFieldName
{
    std::string key;
    bool number = true;
};
/// Every field an event of this kind can have, in fields() order (for checking lessons when they are read).
std::vector<EventFieldName> eventFieldNames(EventKind kind);

} // namespace rlab::engine
