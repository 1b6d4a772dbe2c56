// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Readers of a real machine's /proc files, as pure functions of their text: `reclaimlab-cli machine
// import` turns them into a scenario and `reclaimlab-cli record` into a kernel-lab recording. Each reader
// that can fail returns nullopt and sets `error` to "FILE:LINE: what is wrong" (FILE as the caller names
// it), so a bad input is reported where it is.

#include <rlab/engine/scenario.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rlab::engine {

/// One zone as /proc/zoneinfo prints it (mm/vmstat.c:zoneinfo_show_print()). The watermarks are the
/// printed ones, which include the zone's watermark_boost (min_wmark_pages() and friends add it).
struct HostZone
{
    int node = 0; ///< the kernel's node id (may have gaps: nodes 0 and 2)
    std::string name; ///< "DMA", "DMA32", "Normal", "Movable" or "Device"
    std::size_t line = 0; ///< line of its "Node N, zone NAME" header, from 1
    std::uint64_t free = 0;
    std::uint64_t boost = 0;
    std::uint64_t min = 0;
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    std::uint64_t spanned = 0;
    std::uint64_t present = 0;
    std::uint64_t managed = 0;
    std::vector<std::uint64_t> protection; ///< lowmem_reserve[], one per zone type of the kernel
};

/// The zone type of a zone_names[] entry; nullopt for "HighMem" (32-bit only) and unknown names.
std::optional<ZoneType> zoneTypeFromName(std::string_view name);

/// Reads /proc/zoneinfo strictly: every zone must have its free, min, low, high, spanned, present and
/// managed lines with plain decimal numbers, managed <= present <= spanned and min <= low <= high, zone
/// names from zone_names[], each zone once per node and nodes in ascending order. Lines the importer
/// does not use (per-node stats, counters, pagesets) are skipped, so newer kernels' extra lines pass.
std::optional<std::vector<HostZone>> parseHostZoneinfo(
    std::string_view text, const std::string& file, std::string& error);

/// One zone of a zoneinfo sample, as tools/kernel-lab/parse_recording.py splits it for zoneinfo.tsv:
/// the node's per-node stats as "node_<name>" (printed with the node's first zone), then "free",
/// "boost", "min", "low", "high", "spanned", "present", "managed" and the zone's nr_* counters, in the
/// order printed. Never fails: lines of other shapes are skipped.
struct ZoneinfoRecord
{
    std::string node;
    std::string zone;
    std::vector<std::pair<std::string, std::string>> fields;
};
std::vector<ZoneinfoRecord> zoneinfoRecords(std::string_view text);

/// "name value" lines (/proc/vmstat) in file order; lines of another shape are skipped.
std::vector<std::pair<std::string, std::string>> keyValueLines(std::string_view text);

/// /proc/meminfo: "Key:   value [kB]" lines, values as printed (kB, or a count for HugePages_*).
std::optional<std::vector<std::pair<std::string, std::uint64_t>>> parseMeminfo(
    std::string_view text, const std::string& file, std::string& error);

/// A /proc/meminfo value by key, or nullopt.
std::optional<std::uint64_t> meminfoValue(
    const std::vector<std::pair<std::string, std::uint64_t>>& meminfo, std::string_view key);

/// One line of /proc/swaps (mm/swapfile.c:swap_show()).
struct HostSwap
{
    std::string name; ///< with the octal escapes of seq_file_path() ("\040" for a space) undone
    std::string type; ///< "partition" or "file"
    std::uint64_t sizeKb = 0; ///< usable pages in kB (the header page is not counted)
    std::uint64_t usedKb = 0;
    std::int64_t priority = 0;
    std::size_t line = 0;
};
std::optional<std::vector<HostSwap>> parseSwaps(
    std::string_view text, const std::string& file, std::string& error);

/// A /proc/sys file of integers separated by blanks (one, or one per zone type for lowmem_reserve_ratio).
std::optional<std::vector<std::int64_t>> parseSysctlValues(
    std::string_view text, const std::string& file, std::string& error);

/// What the importer takes from /proc/PID/status.
struct HostProcess
{
    std::string name;
    std::int64_t pid = 0;
    std::int64_t ppid = 0;
    std::uint64_t uid = 0; ///< the real uid (first of the Uid: line)
    std::optional<std::uint64_t> vmRssKb; ///< none for kernel threads and zombies: they have no mm
    bool kthread = false; ///< "Kthread: 1" (kernels that print it), or a child of kthreadd (pid 2)
};
std::optional<HostProcess> parseProcessStatus(
    std::string_view text, const std::string& file, std::string& error);

/// /proc/PID/oom_score_adj: one integer in -1000..1000.
std::optional<int> parseOomScoreAdj(std::string_view text, const std::string& file, std::string& error);

/// /sys/kernel/mm/transparent_hugepage/enabled: the mode in brackets, "always [madvise] never".
std::optional<ThpMode> parseThpMode(std::string_view text, const std::string& file, std::string& error);

/// The kernel's own memory at import, in pages: MemTotal minus MemFree minus the pages on the LRU lists
/// (Active, Inactive, Unevictable), the rule of tools/kernel-lab/make_scenario.py. It holds slab, kernel
/// stacks, page tables, vmalloc and per-cpu memory, and what drivers allocated. MemTotal is
/// totalram_pages(), the managed pages of every zone. nullopt (and `missing` set to the key) when a key
/// is absent; 0 when the host's figures leave nothing.
std::optional<std::uint64_t> hostKernelPages(
    const std::vector<std::pair<std::string, std::uint64_t>>& meminfo, std::string& missing);

} // namespace rlab::engine
