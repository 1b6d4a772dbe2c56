// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/tunables.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

namespace {

constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kLongMax = std::numeric_limits<std::int64_t>::max();

using Values = std::span<const std::int64_t>;

/// Read and write of a plain int sysctl stored in one Tunables member.
template<int Tunables::*Member>
void writeInt(Tunables& t, Values v)
{
    t.*Member = static_cast<int>(v[0]);
}
template<int Tunables::*Member>
std::vector<std::int64_t> readInt(const Tunables& t)
{
    return { t.*Member };
}
template<std::int64_t Tunables::*Member>
void writeLong(Tunables& t, Values v)
{
    t.*Member = v[0];
}
template<std::int64_t Tunables::*Member>
std::vector<std::int64_t> readLong(const Tunables& t)
{
    return { t.*Member };
}

// Ranges as enforced by the 6.1 handlers (kernel/sysctl.c, mm/page_alloc.c, mm/page-writeback.c).
constexpr SysctlInfo kSysctls[] = {
    { "vm.compact_unevictable_allowed", 0, 1, false, "",
        "1: compaction may move mlocked (unevictable) pages.",
        "1：内存规整可以迁移被 mlock 锁定（不可回收）的页。", { 0, 1, 0 }, SysctlEffect::None,
        writeInt<&Tunables::compactUnevictableAllowed>, readInt<&Tunables::compactUnevictableAllowed> },
    { "vm.compaction_proactiveness", 0, 100, false, "",
        "How hard kcompactd compacts in the background, before any allocation needs it: 0 turns proactive "
        "compaction off.",
        "kcompactd 在没有分配请求时主动规整内存的力度：0 关闭主动规整。", { 0, 100, 0 }, SysctlEffect::None,
        writeInt<&Tunables::compactionProactiveness>, readInt<&Tunables::compactionProactiveness> },
    { "vm.dirty_background_bytes", 0, kLongMax, false, "bytes",
        "Background writeback threshold in bytes (0 = use dirty_background_ratio; writing it zeroes "
        "dirty_background_ratio).",
        "以字节计的后台回写阈值（0 = 使用 dirty_background_ratio；写入它会把 dirty_background_ratio 置 0）。",
        { 0, 64, 1024 }, SysctlEffect::None,
        // page-writeback.c:dirty_background_bytes_handler
        [](Tunables& t, Values v) {
            t.dirtyBackgroundBytes = v[0];
            if (v[0] != 0)
                t.dirtyBackgroundRatio = 0;
        },
        readLong<&Tunables::dirtyBackgroundBytes> },
    { "vm.dirty_background_ratio", 0, 100, false, "%",
        "Percentage of dirty memory at which background writeback starts.", "开始后台回写时的脏内存百分比。",
        { 0, 100, 0 }, SysctlEffect::None,
        // page-writeback.c:dirty_background_ratio_handler
        [](Tunables& t, Values v) {
            t.dirtyBackgroundRatio = static_cast<int>(v[0]);
            t.dirtyBackgroundBytes = 0;
        },
        readInt<&Tunables::dirtyBackgroundRatio> },
    { "vm.dirty_bytes", 0, kLongMax, false, "bytes",
        "Hard dirty limit in bytes, 0 or at least 8192 (0 = use dirty_ratio; writing it zeroes dirty_ratio).",
        "以字节计的脏页硬上限，0 或至少 8192（0 = 使用 dirty_ratio；写入它会把 dirty_ratio 置 0）。",
        { 0, 64, 1024 }, SysctlEffect::None,
        // page-writeback.c:dirty_bytes_handler
        [](Tunables& t, Values v) {
            t.dirtyBytes = v[0];
            if (v[0] != 0)
                t.dirtyRatio = 0;
        },
        readLong<&Tunables::dirtyBytes> },
    { "vm.dirty_expire_centisecs", 0, kIntMax, false, "centisecs", "Age at which dirty data is written out.",
        "脏数据存在多久后被写出。", { 0, 60000, 0 }, SysctlEffect::None,
        writeInt<&Tunables::dirtyExpireCentisecs>, readInt<&Tunables::dirtyExpireCentisecs> },
    { "vm.dirty_ratio", 0, 100, false, "%",
        "Percentage of memory that may be dirty before writers are throttled.",
        "写入者被限流之前允许的脏内存百分比。", { 0, 100, 0 }, SysctlEffect::None,
        // page-writeback.c:dirty_ratio_handler
        [](Tunables& t, Values v) {
            t.dirtyRatio = static_cast<int>(v[0]);
            t.dirtyBytes = 0;
        },
        readInt<&Tunables::dirtyRatio> },
    { "vm.dirty_writeback_centisecs", 0, kIntMax, false, "centisecs",
        "How often the flusher wakes up (0 disables periodic writeback).",
        "flusher 线程唤醒的间隔（0 关闭定期回写）。", { 0, 6000, 0 }, SysctlEffect::None,
        writeInt<&Tunables::dirtyWritebackCentisecs>, readInt<&Tunables::dirtyWritebackCentisecs> },
    { "vm.extfrag_threshold", 0, 1000, false, "",
        "Costly (order > 3) allocations compact a zone only when its fragmentation index is above this: "
        "below, the failure is lack of memory and reclaim is tried instead.",
        "高阶（order > 3）分配只在内存区的碎片指数高于此值时才规整：低于此值说明是内存不足，应先回收。",
        { 0, 1000, 0 }, SysctlEffect::None, writeInt<&Tunables::extfragThreshold>,
        readInt<&Tunables::extfragThreshold> },
    { "vm.lowmem_reserve_ratio", 0, kIntMax, true, "",
        "Per zone type (DMA DMA32 Normal Movable Device): protects 1/ratio of the higher zones' memory from "
        "fallback allocations.",
        "按内存区类型（DMA DMA32 Normal Movable Device）：保护较高内存区的 1/ratio 内存不被回退分配占用。",
        { 0, 100, 0 }, SysctlEffect::LowmemReserve,
        // page_alloc.c:lowmem_reserve_ratio_sysctl_handler stores values < 1 as 0; a partial write keeps
        // the remaining entries.
        [](Tunables& t, Values v) {
            for (std::size_t i = 0; i < v.size(); ++i)
                t.lowmemReserveRatio[i] = v[i] < 1 ? 0 : static_cast<int>(v[i]);
        },
        [](const Tunables& t) {
            return std::vector<std::int64_t>(t.lowmemReserveRatio.begin(), t.lowmemReserveRatio.end());
        } },
    { "vm.min_free_kbytes", 0, kIntMax, false, "kB",
        "Memory kept free for emergencies; split over the zones as their min watermarks. Low and high follow "
        "from it.",
        "为紧急情况保留的空闲内存，按各内存区分配为最低水位线；低水位线和高水位线由它推算。", { 0, 4096, 16 },
        SysctlEffect::Watermarks, writeLong<&Tunables::minFreeKbytes>, readLong<&Tunables::minFreeKbytes> },
    { "vm.oom_dump_tasks", 0, kIntMax, false, "", "1: the OOM report lists every task with its memory use.",
        "1：OOM 报告列出每个任务及其内存用量。", { 0, 1, 0 }, SysctlEffect::None,
        writeInt<&Tunables::oomDumpTasks>, readInt<&Tunables::oomDumpTasks> },
    { "vm.oom_kill_allocating_task", 0, kIntMax, false, "",
        "1: the OOM killer kills the task that failed to allocate instead of searching for the biggest.",
        "1：OOM killer 直接杀死分配失败的任务，而不是寻找最大的进程。", { 0, 1, 0 }, SysctlEffect::None,
        writeInt<&Tunables::oomKillAllocatingTask>, readInt<&Tunables::oomKillAllocatingTask> },
    { "vm.page-cluster", 0, kIntMax, false, "", "Swap readahead: 2^n pages are read per swap-in.",
        "交换预读：每次换入读取 2^n 页。", { 0, 10, 0 }, SysctlEffect::None, writeInt<&Tunables::pageCluster>,
        readInt<&Tunables::pageCluster> },
    { "vm.panic_on_oom", 0, 2, false, "",
        "0: kill a process on OOM; 1: panic on a system-wide OOM; 2: always panic.",
        "0：OOM 时杀死一个进程；1：全局 OOM 时内核 panic；2：总是 panic。", { 0, 2, 0 }, SysctlEffect::None,
        writeInt<&Tunables::panicOnOom>, readInt<&Tunables::panicOnOom> },
    { "vm.swappiness", 0, 200, false, "",
        "How much reclaim prefers swapping anonymous pages over dropping page cache: 0 avoids swap, 100 "
        "treats "
        "both alike, 200 prefers swap.",
        "回收时换出匿名页相对于丢弃页缓存的倾向：0 尽量避免交换，100 两者同等对待，200 优先交换。",
        { 0, 200, 0 }, SysctlEffect::None, writeInt<&Tunables::swappiness>, readInt<&Tunables::swappiness> },
    { "vm.watermark_boost_factor", 0, kIntMax, false, "1/10000",
        "How far the watermarks are boosted after memory fragmentation events, in 1/10000 of the high "
        "watermark.",
        "发生内存碎片事件后水位线的提升幅度，以高水位线的万分之一计。", { 0, 30000, 0 }, SysctlEffect::None,
        writeInt<&Tunables::watermarkBoostFactor>, readInt<&Tunables::watermarkBoostFactor> },
    { "vm.watermark_scale_factor", 1, 3000, false, "1/10000",
        "Gap between the min, low and high watermarks, in 1/10000 of each zone: larger wakes kswapd earlier "
        "and lets it reclaim more.",
        "最低、低、高水位线之间的间距，以各内存区大小的万分之一计：越大则 kswapd 越早被唤醒、回收得越多。",
        { 1, 1000, 0 }, SysctlEffect::Watermarks, writeInt<&Tunables::watermarkScaleFactor>,
        readInt<&Tunables::watermarkScaleFactor> },
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

std::int64_t teachingMax(const SysctlInfo& info, std::int64_t totalRamKb)
{
    if (info.teaching.ramKbDivisor <= 0)
        return info.teaching.max;
    return std::clamp(totalRamKb / info.teaching.ramKbDivisor, info.teaching.max, kIntMax);
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
    info.write(t, values);
}

std::vector<std::int64_t> readSysctl(const Tunables& t, std::string_view name)
{
    const SysctlInfo* info = findSysctl(name);
    return info ? info->read(t) : std::vector<std::int64_t> {};
}

} // namespace rlab::engine
