// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

inline constexpr int kMaxNrZones = 5; ///< DMA, DMA32, Normal, Movable, Device (Debian amd64 MAX_NR_ZONES).

/// Every /proc/sys/vm knob the engine models, with the kernel's defaults (Debian 12, 6.1, amd64).
/// Applied only between steps, through Simulator::apply().
struct Tunables
{
    int swappiness = 60;
    /// -1 means "not written by the user": the kernel computes it (calculate_min_free_kbytes and the
    /// THP raise). Writing the sysctl pins it (user_min_free_kbytes).
    std::int64_t minFreeKbytes = -1;
    int watermarkScaleFactor = 10;
    int watermarkBoostFactor = 15000;
    std::array<int, kMaxNrZones> lowmemReserveRatio { 256, 256, 32, 0, 0 };
    int pageCluster = 3;
    int dirtyRatio = 20;
    int dirtyBackgroundRatio = 10;
    std::int64_t dirtyBytes = 0;
    std::int64_t dirtyBackgroundBytes = 0;
    int dirtyExpireCentisecs = 3000;
    int dirtyWritebackCentisecs = 500;
    int oomKillAllocatingTask = 0;
    int panicOnOom = 0;
    int oomDumpTasks = 1;
    int compactionProactiveness = 20;
    int extfragThreshold = 500;
    int compactUnevictableAllowed = 1; ///< 1 on kernels without PREEMPT_RT
};

/// What else a sysctl write changes in the engine (its handler's side effect).
enum class SysctlEffect : std::uint8_t
{
    None,
    Watermarks, ///< setup_per_zone_wmarks() (min_free_kbytes, watermark_scale_factor)
    LowmemReserve, ///< setup_per_zone_lowmem_reserve(), then the watermarks (lowmem_reserve_ratio)
};

/// A slider range that is useful in class; the kernel accepts [min, max]. With ramKbDivisor > 0 the
/// upper end is the machine's RAM in kB divided by it, at least `max`. Byte sysctls count in MiB here,
/// as the tunables panel shows them.
struct TeachingRange
{
    std::int64_t min = 0;
    std::int64_t max = 0;
    std::int64_t ramKbDivisor = 0;
};

/// One sysctl, everything about it in one row: its kernel name, the range its 6.1 handler accepts,
/// unit, help in English and Chinese, the slider range, side effect and how it reads and writes
/// Tunables. The scenario and lesson readers, the engine, the tunables panel and the CLI help all read
/// this table.
struct SysctlInfo
{
    std::string_view name; ///< e.g. "vm.swappiness"
    std::int64_t min;
    std::int64_t max;
    bool vector; ///< lowmem_reserve_ratio takes one value per zone type
    std::string_view unit; ///< "" (plain number), "kB", "bytes", "centisecs", "%", "1/10000"
    std::string_view help;
    std::string_view helpZh;
    TeachingRange teaching;
    SysctlEffect effect;
    /// Stores checked values with the handler's side rules (e.g. dirty_bytes zeroes dirty_ratio).
    void (*write)(Tunables&, std::span<const std::int64_t>);
    /// The value(s) as /proc/sys/vm prints them.
    std::vector<std::int64_t> (*read)(const Tunables&);
};

/// The slider's upper end for a machine with `totalRamKb` of RAM.
std::int64_t teachingMax(const SysctlInfo& info, std::int64_t totalRamKb);

/// All sysctls the engine accepts, in kernel name order. The single source for validation, docs and UI.
std::span<const SysctlInfo> sysctlTable();

/// Looks up a sysctl by its kernel name ("vm.swappiness"); nullptr when the engine does not model it.
const SysctlInfo* findSysctl(std::string_view name);

/// Checks a value list for a sysctl. Returns an error text naming the allowed range, or nullopt.
std::optional<std::string> checkSysctl(const SysctlInfo& info, std::span<const std::int64_t> values);

/// Writes a checked value into the tunables (SysctlInfo::write). Precondition: checkSysctl() returned
/// nullopt.
void writeSysctl(Tunables& tunables, const SysctlInfo& info, std::span<const std::int64_t> values);

/// Reads the current value(s) as /proc/sys/vm would print them; empty for an unknown name.
std::vector<std::int64_t> readSysctl(const Tunables& tunables, std::string_view name);

} // namespace rlab::engine
