// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/tunables.h"

#include <limits>

namespace rlab::engine {

namespace {

constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// Ranges as enforced by the 6.1 handlers (kernel/sysctl.c, mm/page_alloc.c, mm/page-writeback.c).
constexpr SysctlInfo kSysctls[] = {
    { "vm.dirty_background_bytes", 0, std::numeric_limits<std::int64_t>::max(), false, "bytes",
        "background writeback threshold in bytes (writing it zeroes dirty_background_ratio)" },
    { "vm.dirty_background_ratio", 0, 100, false, "%",
        "background writeback threshold, percent of dirtyable memory" },
    { "vm.dirty_bytes", 0, std::numeric_limits<std::int64_t>::max(), false, "bytes",
        "hard dirty limit in bytes, 0 or at least 8192 (writing it zeroes dirty_ratio)" },
    { "vm.dirty_expire_centisecs", 0, kIntMax, false, "centisecs", "age at which dirty data is written" },
    { "vm.dirty_ratio", 0, 100, false, "%", "hard dirty limit, percent of dirtyable memory" },
    { "vm.dirty_writeback_centisecs", 0, kIntMax, false, "centisecs",
        "flusher wake-up interval (0 disables periodic writeback)" },
    { "vm.lowmem_reserve_ratio", 0, kIntMax, true, "",
        "per zone type (DMA DMA32 Normal Movable Device): protect 1/ratio of the upper zones" },
    { "vm.min_free_kbytes", 0, kIntMax, false, "kB", "reserve split into the zones' min watermarks" },
    { "vm.oom_dump_tasks", 0, kIntMax, false, "", "print the task table on an OOM kill" },
    { "vm.oom_kill_allocating_task", 0, kIntMax, false, "", "kill the allocating task instead of scanning" },
    { "vm.page-cluster", 0, kIntMax, false, "", "swap readahead: 2^page-cluster pages" },
    { "vm.panic_on_oom", 0, 2, false, "", "0 kill, 1 panic on system-wide OOM, 2 always panic" },
    { "vm.swappiness", 0, 200, false, "", "relative IO cost of swapping vs. dropping file pages" },
    { "vm.watermark_boost_factor", 0, kIntMax, false, "1/10000", "boost limit, fraction of high" },
    { "vm.watermark_scale_factor", 1, 3000, false, "1/10000",
        "watermark gap, fraction of the zone's managed pages" },
};

} // namespace

std::span<const SysctlInfo> sysctlTable()
{
    return kSysctls;
}

const SysctlInfo* findSysctl(std::string_view name)
{
    for (const auto& info : kSysctls) {
        if (info.name == name)
            return &info;
    }
    return nullptr;
}

std::optional<std::string> checkSysctl(const SysctlInfo& info, std::span<const std::int64_t> values)
{
    const std::string range = "an integer in " + std::to_string(info.min) + ".." + std::to_string(info.max);
    if (info.vector) {
        if (values.empty() || values.size() > static_cast<std::size_t>(kMaxNrZones))
            return "expected an array of 1.." + std::to_string(kMaxNrZones) + " integers (" + range + ")";
    } else if (values.size() != 1) {
        return "expected a single integer: " + range;
    }
    for (const auto v : values) {
        if (v < info.min || v > info.max)
            return "value " + std::to_string(v) + " is out of range: expected " + range;
    }
    // page-writeback.c:dirty_bytes_handler has extra1 = &dirty_bytes_min (2 * PAGE_SIZE).
    if (info.name == "vm.dirty_bytes" && values[0] != 0 && values[0] < 8192)
        return "value " + std::to_string(values[0]) + " is too small: expected 0 or at least 8192";
    return std::nullopt;
}

void writeSysctl(Tunables& t, const SysctlInfo& info, std::span<const std::int64_t> values)
{
    const auto asInt = [&](std::size_t i) { return static_cast<int>(values[i]); };
    const std::string_view n = info.name;
    if (n == "vm.swappiness") {
        t.swappiness = asInt(0);
    } else if (n == "vm.min_free_kbytes") {
        t.minFreeKbytes = values[0];
    } else if (n == "vm.watermark_scale_factor") {
        t.watermarkScaleFactor = asInt(0);
    } else if (n == "vm.watermark_boost_factor") {
        t.watermarkBoostFactor = asInt(0);
    } else if (n == "vm.lowmem_reserve_ratio") {
        // page_alloc.c:lowmem_reserve_ratio_sysctl_handler stores values < 1 as 0.
        for (std::size_t i = 0; i < values.size(); ++i)
            t.lowmemReserveRatio[i] = values[i] < 1 ? 0 : asInt(i);
    } else if (n == "vm.page-cluster") {
        t.pageCluster = asInt(0);
    } else if (n == "vm.dirty_ratio") {
        t.dirtyRatio = asInt(0);
        t.dirtyBytes = 0; // page-writeback.c:dirty_ratio_handler
    } else if (n == "vm.dirty_background_ratio") {
        t.dirtyBackgroundRatio = asInt(0);
        t.dirtyBackgroundBytes = 0;
    } else if (n == "vm.dirty_bytes") {
        t.dirtyBytes = values[0];
        if (values[0] != 0)
            t.dirtyRatio = 0;
    } else if (n == "vm.dirty_background_bytes") {
        t.dirtyBackgroundBytes = values[0];
        if (values[0] != 0)
            t.dirtyBackgroundRatio = 0;
    } else if (n == "vm.dirty_expire_centisecs") {
        t.dirtyExpireCentisecs = asInt(0);
    } else if (n == "vm.dirty_writeback_centisecs") {
        t.dirtyWritebackCentisecs = asInt(0);
    } else if (n == "vm.oom_kill_allocating_task") {
        t.oomKillAllocatingTask = asInt(0);
    } else if (n == "vm.panic_on_oom") {
        t.panicOnOom = asInt(0);
    } else if (n == "vm.oom_dump_tasks") {
        t.oomDumpTasks = asInt(0);
    }
}

std::vector<std::int64_t> readSysctl(const Tunables& t, std::string_view n)
{
    if (n == "vm.swappiness")
        return { t.swappiness };
    if (n == "vm.min_free_kbytes")
        return { t.minFreeKbytes };
    if (n == "vm.watermark_scale_factor")
        return { t.watermarkScaleFactor };
    if (n == "vm.watermark_boost_factor")
        return { t.watermarkBoostFactor };
    if (n == "vm.lowmem_reserve_ratio")
        return { t.lowmemReserveRatio.begin(), t.lowmemReserveRatio.end() };
    if (n == "vm.page-cluster")
        return { t.pageCluster };
    if (n == "vm.dirty_ratio")
        return { t.dirtyRatio };
    if (n == "vm.dirty_background_ratio")
        return { t.dirtyBackgroundRatio };
    if (n == "vm.dirty_bytes")
        return { t.dirtyBytes };
    if (n == "vm.dirty_background_bytes")
        return { t.dirtyBackgroundBytes };
    if (n == "vm.dirty_expire_centisecs")
        return { t.dirtyExpireCentisecs };
    if (n == "vm.dirty_writeback_centisecs")
        return { t.dirtyWritebackCentisecs };
    if (n == "vm.oom_kill_allocating_task")
        return { t.oomKillAllocatingTask };
    if (n == "vm.panic_on_oom")
        return { t.panicOnOom };
    if (n == "vm.oom_dump_tasks")
        return { t.oomDumpTasks };
    return {};
}

} // namespace rlab::engine
