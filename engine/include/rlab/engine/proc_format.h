// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/counters.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

class MemControl;

class Simulator;

/// One `name value` line of /proc/vmstat.
struct ProcItem
{
    std::string_view name; ///< static storage (counterName() or a literal)
    std::uint64_t value = 0;
};

/// /proc/vmstat items in kernel order, valued as the kernel prints them (mm/vmstat.c:vmstat_start):
/// zone items Σ zones, NUMA events Σ zones, node items Σ nodes (THP items in huge pages),
/// nr_dirty_threshold, nr_dirty_background_threshold, then every vm event. The deprecated trailing
/// `nr_unstable 0` of vmstat_show() is not an item. O(nodes × zones + number of counters).
std::vector<ProcItem> vmstatItems(const Simulator& sim);
/// A node item's total as /proc/vmstat prints it: THP items in huge pages.
std::uint64_t vmstatNodeItem(const Simulator& sim, NodeStat item);

/// /proc/zoneinfo of 6.1 (mm/vmstat.c:zoneinfo_show_print) for every node and every zone type, one
/// online CPU. Empty zones print the short form (header, pages free … protection).
std::string renderZoneinfo(const Simulator& sim);

/// /proc/vmstat (mm/vmstat.c:vmstat_show): vmstatItems() as `name value` lines plus `nr_unstable 0`.
std::string renderVmstat(const Simulator& sim);

/// /proc/meminfo (fs/proc/meminfo.c:meminfo_proc_show) with the Debian 6.1 amd64 line set. Lines the
/// model has no data for print 0 or a documented hardware constant.
std::string renderMeminfo(const Simulator& sim);

/// /proc/buddyinfo (mm/vmstat.c:frag_show_print): free blocks per order of each populated zone.
std::string renderBuddyinfo(const Simulator& sim);

/// /proc/pagetypeinfo (mm/vmstat.c:pagetypeinfo_show): free blocks per migratetype and order, then
/// pageblocks per migratetype, for each node with memory.
std::string renderPagetypeinfo(const Simulator& sim);

/// A fragmentation index in thousandths as mm/vmstat.c prints it: "%<width>d.%03d" of (value / 1000,
/// value % 1000) with C's division: -1000 is "-1.000", 950 is "0.950".
std::string thousandthsText(int value, std::size_t width);

/// debugfs extfrag/extfrag_index (mm/vmstat.c:extfrag_show_print): __fragmentation_index() per order
/// of each populated zone, "-1.000" where a block of that order or larger is free.
std::string renderExtfragIndex(const Simulator& sim);

/// debugfs extfrag/unusable_index (mm/vmstat.c:unusable_show_print): the share of free memory a request
/// of each order cannot use.
std::string renderUnusableIndex(const Simulator& sim);
/// The memory files of every cgroup below the root, as `head /sys/fs/cgroup/<path>/memory.*` prints
/// them ("==> /db/memory.current <==" before each file); empty without cgroups.
std::string renderCgroupFiles(const Simulator& sim);
/// One cgroup file's text ("memory.current", "memory.stat", ...); nullopt for a file the model lacks.
std::optional<std::string> cgroupFileText(const MemControl& memcg, int id, std::string_view file);

/// /proc/swaps (mm/swapfile.c:swap_show) for the active swap devices in swapon order.
std::string renderSwaps(const Simulator& sim);

} // namespace rlab::engine
