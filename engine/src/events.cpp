// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/events.h"

#include "rlab/engine/tunables.h"

#include <algorithm>

namespace rlab::engine {

namespace {

constexpr std::array<std::string_view, kEventKindCount> kEventKindNames = { "process_start", "process_exit",
    "process_killed", "kswapd_wake", "kswapd_balanced", "kswapd_sleep", "watermark_boost",
    "direct_reclaim_throttled", "direct_reclaim_begin", "direct_reclaim_end", "direct_compaction",
    "kcompactd_run", "khugepaged_collapse", "memcg_reclaim", "memcg_high_throttle", "alloc_fail",
    "scan_balance", "oom_invoked", "oom_candidate", "oom_kill", "oom_reaped", "panic", "sysctl",
    "oom_score_adj", "drop_caches", "swapon", "swapoff", "transparent_hugepage", "cgroup_write",
    "cgroup_move", "command_failed", "run_stopped" };

} // namespace

std::string_view eventKindName(EventKind kind)
{
    return kEventKindNames[static_cast<std::size_t>(kind)];
}

std::optional<EventKind> eventKindNamed(std::string_view name)
{
    const auto it = std::find(kEventKindNames.begin(), kEventKindNames.end(), name);
    if (it == kEventKindNames.end())
        return std::nullopt;
    return static_cast<EventKind>(it - kEventKindNames.begin());
}

const char* ev::kswapdWakeReasonName(KswapdWakeReason reason)
{
    switch (reason) {
    case KswapdWakeReason::Allocation:
        return "allocation";
    case KswapdWakeReason::LowWmarkHitQuickly:
        return "low_wmark_hit_quickly";
    case KswapdWakeReason::HighWmarkHitQuickly:
        return "high_wmark_hit_quickly";
    }
    return "allocation";
}

namespace {

template<std::size_t... I>
EventPayload defaultPayload(std::size_t kind, std::index_sequence<I...>)
{
    EventPayload out;
    ((kind == I ? (out.emplace<I>(), 0) : 0), ...);
    return out;
}

} // namespace

std::vector<EventFieldName> eventFieldNames(EventKind kind)
{
    // Payloads whose field list depends on their values are collected in each shape.
    std::vector<Event> shapes { { 0,
        defaultPayload(static_cast<std::size_t>(kind), std::make_index_sequence<kEventKindCount>()) } };
    if (kind == EventKind::KswapdWake)
        shapes.push_back({ 0, ev::KswapdWake { .reason = ev::KswapdWakeReason::LowWmarkHitQuickly } });
    if (kind == EventKind::Sysctl) {
        shapes[0] = { 0, ev::Sysctl { "", { 0 } } };
        shapes.push_back(
            { 0, ev::Sysctl { "", std::vector<std::int64_t>(static_cast<std::size_t>(kMaxNrZones), 0) } });
    }
    std::vector<EventFieldName> names;
    for (const auto& shape : shapes) {
        forEachField(shape, [&](std::string_view key, const EventValue& value) {
            const bool known =
                std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.key == key; });
            if (!known)
                names.push_back({ std::string(key), !std::holds_alternative<std::string_view>(value) });
        });
    }
    return names;
}

std::optional<EventValue> eventField(const Event& event, std::string_view key)
{
    std::optional<EventValue> found;
    forEachField(event, [&](std::string_view k, EventValue value) {
        if (!found && k == key)
            found = value;
    });
    return found;
}

} // namespace rlab::engine
