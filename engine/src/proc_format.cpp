// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/proc_format.h"

#include "detail/kernel_constants.h"
#include "rlab/engine/append_int.h"
#include "rlab/engine/buddy.h"
#include "rlab/engine/simulator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdlib>

namespace rlab::engine {

using detail::kMaxReclaimRetries;

namespace {

// Debian 6.1 amd64 constants the formats depend on.
constexpr int kOnlineCpus = 1; // the model runs one CPU
constexpr std::uint64_t kOvercommitRatio = 50; // mm/util.c sysctl_overcommit_ratio default
// VMALLOC_TOTAL >> 10 with 4-level paging (32 TiB - 1 byte): what Debian prints on common hardware.
constexpr std::uint64_t kVmallocTotalKb = 34359738367;
constexpr std::uint64_t kHugepageSizeKb = 2048;

/// printf "%-Ns": left-justified, never truncated.
void appendLeft(std::string& out, std::string_view text, std::size_t width)
{
    out.append(text);
    if (text.size() < width)
        out.append(width - text.size(), ' ');
}

/// printf "%Nlu": right-justified, never truncated.
void appendRight(std::string& out, std::uint64_t value, std::size_t width)
{
    std::string digits;
    appendInt(digits, value);
    if (digits.size() < width)
        out.append(width - digits.size(), ' ');
    out.append(digits);
}

/// "\n      %-12s %lu", the item line of zoneinfo_show_print().
void appendStatLine(std::string& out, std::string_view name, std::uint64_t value)
{
    out.append("\n      ");
    appendLeft(out, name, 12);
    out.push_back(' ');
    appendInt(out, value);
}

/// include/linux/mmzone.h:vmstat_item_print_in_thp(): these node items print in huge pages.
bool printInThp(NodeStat item)
{
    return item == NodeStat::NrAnonTransparentHugepages || item == NodeStat::NrFileHugepages
        || item == NodeStat::NrShmemHugepages || item == NodeStat::NrShmemPmdmapped
        || item == NodeStat::NrFilePmdmapped;
}

std::uint64_t nodeItemValue(std::uint64_t pages, NodeStat item)
{
    return printInThp(item) ? pages / kHpagePmdNr : pages;
}

/// fls(): 1-based index of the highest set bit, 0 for 0.
int fls(std::uint64_t x)
{
    return static_cast<int>(std::bit_width(x));
}

/// mm/page_alloc.c:zone_batchsize() with the max(1, …) of zone_set_pageset_high_and_batch().
std::uint64_t pcpBatch(const Zone& zone)
{
    std::uint64_t batch = std::min<std::uint64_t>(zone.managed >> 10, (1U << 20) / kPageSize);
    batch /= 4;
    if (batch < 1)
        batch = 1;
    batch = std::bit_floor(batch + batch / 2) - 1;
    return std::max<std::uint64_t>(1, batch);
}

/// mm/page_alloc.c:zone_highsize() with percpu_pagelist_high_fraction 0. It runs from
/// setup_per_zone_wmarks(), which has just cleared the boost, so the unboosted low mark is used.
std::uint64_t pcpHigh(const Zone& zone, std::uint64_t batch)
{
    const std::uint64_t high = zone.wmark.low / kOnlineCpus;
    return std::max(high, batch << 2);
}

/// mm/vmstat.c:calculate_normal_threshold().
std::uint64_t normalThreshold(const Zone& zone)
{
    const std::uint64_t mem = zone.managed >> (27 - kPageShift);
    const auto threshold = static_cast<std::uint64_t>(2 * fls(kOnlineCpus) * (1 + fls(mem)));
    return std::min<std::uint64_t>(125, threshold);
}

/// The stat_threshold zoneinfo prints. While kswapd is awake (not in its full sleep),
/// kswapd_try_to_sleep() has switched the zones with a percpu_drift_mark to
/// calculate_pressure_threshold() (mm/vmstat.c:set_pgdat_percpu_threshold).
/// NOTE: the kernel sets percpu_drift_mark from the boot watermarks; we use the current ones.
std::uint64_t statThreshold(const Zone& zone, const Node& node)
{
    const std::uint64_t normal = normalThreshold(zone);
    const Pages tolerateDrift = zone.wmark.low - zone.wmark.min;
    const bool driftMark = normal * kOnlineCpus > tolerateDrift;
    if (!driftMark || node.kswapd.state == KswapdState::Sleeping)
        return normal;
    const std::uint64_t pressure = std::max<std::uint64_t>(1, tolerateDrift / kOnlineCpus);
    return std::min<std::uint64_t>(125, pressure);
}

void appendZone(std::string& out, const Node& node, int zoneIndex, int firstPopulated)
{
    const Zone& zone = node.zones[static_cast<std::size_t>(zoneIndex)];
    // Named by index: the array slot is the zone type, whatever an empty slot's fields hold.
    const std::string_view name = zoneTypeName(static_cast<ZoneType>(zoneIndex));
    out.append("Node ");
    appendInt(out, node.id);
    out.append(", zone ");
    out.append(name.size() < 8 ? 8 - name.size() : 0, ' ');
    out.append(name);

    if (zoneIndex == firstPopulated) {
        out.append("\n  per-node stats");
        for (std::size_t i = 0; i < CounterArray<NodeStat>::size(); ++i) {
            const auto item = static_cast<NodeStat>(i);
            appendStatLine(out, counterName(item), nodeItemValue(node.stat[item], item));
        }
    }

    const auto field = [&out](std::string_view label, std::uint64_t value) {
        out.append(label);
        appendInt(out, value);
    };
    field("\n  pages free     ", zone.freePages());
    field("\n        boost    ", zone.watermarkBoost);
    field("\n        min      ", zone.minWmark());
    field("\n        low      ", zone.lowWmark());
    field("\n        high     ", zone.highWmark());
    field("\n        spanned  ", zone.spanned);
    field("\n        present  ", zone.present);
    field("\n        managed  ", zone.managed);
    field("\n        cma      ", 0); // CONFIG_CMA is not set
    out.append("\n        protection: (");
    for (std::size_t j = 0; j < zone.lowmemReserve.size(); ++j) {
        if (j > 0)
            out.append(", ");
        appendInt(out, zone.lowmemReserve[j]);
    }
    out.push_back(')');

    if (!zone.isPopulated()) {
        out.push_back('\n');
        return;
    }

    for (std::size_t i = 0; i < CounterArray<ZoneStat>::size(); ++i) {
        const auto item = static_cast<ZoneStat>(i);
        appendStatLine(out, counterName(item), zone.stat[item]);
    }
    for (std::size_t i = 0; i < CounterArray<NumaStat>::size(); ++i) {
        const auto item = static_cast<NumaStat>(i);
        appendStatLine(out, counterName(item), zone.numa[item]);
    }

    // One CPU, and the model keeps no pages on per-CPU lists, so count is always 0.
    const std::uint64_t batch = pcpBatch(zone);
    out.append("\n  pagesets\n    cpu: 0\n              count: 0");
    field("\n              high:  ", pcpHigh(zone, batch));
    field("\n              batch: ", batch);
    field("\n  vm stats threshold: ", statThreshold(zone, node));
    field("\n  node_unreclaimable:  ", node.kswapd.failures >= kMaxReclaimRetries ? 1U : 0U);
    field("\n  start_pfn:           ", zone.startPfn);
    out.push_back('\n');
}

/// fs/proc/meminfo.c:show_val_kb(): the label is already padded to 16 columns, value %8lu kB.
void appendKbLine(std::string& out, std::string_view label, std::uint64_t kb)
{
    appendLeft(out, label, 16);
    appendRight(out, kb, 8);
    out.append(" kB\n");
}

void appendPagesLine(std::string& out, std::string_view label, Pages pages)
{
    appendKbLine(out, label, toKib(pages).value);
}

/// fs/seq_file.c:mangle_path(): characters of `escape` become a backslash and three octal digits.
std::string manglePath(std::string_view path, std::string_view escape)
{
    std::string out;
    for (const char c : path) {
        if (escape.find(c) == std::string_view::npos) {
            out.push_back(c);
            continue;
        }
        const auto u = static_cast<unsigned char>(c);
        out.push_back('\\');
        out.push_back(static_cast<char>('0' + ((u >> 6) & 7)));
        out.push_back(static_cast<char>('0' + ((u >> 3) & 7)));
        out.push_back(static_cast<char>('0' + (u & 7)));
    }
    return out;
}

} // namespace

std::uint64_t vmstatNodeItem(const Simulator& sim, NodeStat item)
{
    return nodeItemValue(sim.global(item), item);
}

std::vector<ProcItem> vmstatItems(const Simulator& sim)
{
    std::vector<ProcItem> items;
    items.reserve(CounterArray<ZoneStat>::size() + CounterArray<NumaStat>::size()
        + CounterArray<NodeStat>::size() + 2 + CounterArray<VmEvent>::size());

    for (std::size_t i = 0; i < CounterArray<ZoneStat>::size(); ++i) {
        const auto item = static_cast<ZoneStat>(i);
        items.push_back({ counterName(item), sim.global(item) });
    }
    for (std::size_t i = 0; i < CounterArray<NumaStat>::size(); ++i) {
        const auto item = static_cast<NumaStat>(i);
        std::uint64_t sum = 0;
        for (const Node& node : sim.nodes()) {
            for (const Zone& zone : node.zones)
                sum += zone.numa[item];
        }
        items.push_back({ counterName(item), sum });
    }
    for (std::size_t i = 0; i < CounterArray<NodeStat>::size(); ++i) {
        const auto item = static_cast<NodeStat>(i);
        items.push_back({ counterName(item), nodeItemValue(sim.global(item), item) });
    }
    // enum writeback_stat_item order: NR_DIRTY_THRESHOLD, NR_DIRTY_BG_THRESHOLD.
    const auto [background, hard] = sim.dirtyThresholds();
    items.push_back({ "nr_dirty_threshold", hard });
    items.push_back({ "nr_dirty_background_threshold", background });
    const auto& events = sim.events();
    for (std::size_t i = 0; i < CounterArray<VmEvent>::size(); ++i) {
        const auto item = static_cast<VmEvent>(i);
        items.push_back({ counterName(item), events[item] });
    }
    return items;
}

std::string renderZoneinfo(const Simulator& sim)
{
    std::string out;
    for (const Node& node : sim.nodes()) {
        int firstPopulated = -1; // mm/vmstat.c:is_zone_first_populated()
        for (int z = 0; z < kMaxNrZones; ++z) {
            if (node.zones[static_cast<std::size_t>(z)].isPopulated()) {
                firstPopulated = z;
                break;
            }
        }
        for (int z = 0; z < kMaxNrZones; ++z)
            appendZone(out, node, z, firstPopulated);
    }
    return out;
}

namespace {

/// printf "%Ns": right-justified text.
void appendRightText(std::string& out, std::string_view text, std::size_t width)
{
    if (text.size() < width)
        out.append(width - text.size(), ' ');
    out.append(text);
}

/// "Node %d, zone %8s " (mm/vmstat.c:frag_show_print() and pagetypeinfo_showblockcount_print()).
void appendNodeZone(std::string& out, int node, const Zone& zone)
{
    out.append("Node ");
    appendInt(out, static_cast<std::uint64_t>(node));
    out.append(", zone ");
    appendRightText(out, zoneTypeName(zone.type), 8);
    out.push_back(' ');
}

bool nodeHasMemory(const Node& node)
{
    return std::any_of(node.zones.begin(), node.zones.end(), [](const Zone& z) { return z.isPopulated(); });
}

/// mm/vmstat.c:walk_zones_in_node() with assert_populated: "Node %d, zone %8s ", `perOrder(out, zone,
/// order)` for each order, a newline; one line per populated zone.
template<class PerOrder>
std::string perPopulatedZone(const Simulator& sim, PerOrder perOrder)
{
    std::string out;
    for (const Node& node : sim.nodes()) {
        for (const Zone& zone : node.zones) {
            if (!zone.isPopulated())
                continue;
            appendNodeZone(out, node.id, zone);
            for (int order = 0; order < kMaxOrder; ++order)
                perOrder(out, zone, order);
            out.push_back('\n');
        }
    }
    return out;
}

/// `index(zone, order)` per order as "%<width>d.%03d " of (index / 1000, index % 1000), as C divides.
template<class Index>
std::string renderOrderIndex(const Simulator& sim, std::size_t width, Index index)
{
    return perPopulatedZone(sim, [&](std::string& out, const Zone& zone, int order) {
        out.append(thousandthsText(index(zone, order), width));
        out.push_back(' ');
    });
}

} // namespace

std::string renderBuddyinfo(const Simulator& sim)
{
    // mm/vmstat.c:frag_show_print(): free blocks per order.
    return perPopulatedZone(sim, [](std::string& out, const Zone& zone, int order) {
        appendRight(out, zone.freeArea[static_cast<std::size_t>(order)].nrFree, 6);
        out.push_back(' ');
    });
}

std::string thousandthsText(int value, std::size_t width)
{
    std::string out = std::to_string(value / 1000);
    out.insert(0, out.size() < width ? width - out.size() : 0, ' ');
    out.push_back('.');
    const std::string part = std::to_string(std::abs(value % 1000));
    out.append(3 - part.size(), '0');
    out.append(part);
    return out;
}

std::string renderExtfragIndex(const Simulator& sim)
{
    return renderOrderIndex(sim, 2, fragmentationIndex);
}

std::string renderUnusableIndex(const Simulator& sim)
{
    return renderOrderIndex(sim, 1, unusableFreeIndex);
}

std::string renderPagetypeinfo(const Simulator& sim)
{
    // mm/vmstat.c:pagetypeinfo_show(), per node with memory: free blocks per type and order (a list
    // walk that stops at 100000 and prints ">100000"), then pageblocks per type. No "mixed blocks"
    // section: that needs page_owner.
    constexpr Pages kCountLimit = 100000;
    std::string out;
    for (const Node& node : sim.nodes()) {
        if (!nodeHasMemory(node))
            continue;
        out.append("Page block order: ");
        appendInt(out, static_cast<std::uint64_t>(kPageblockOrder));
        out.append("\nPages per block:  ");
        appendInt(out, kPageblockPages);
        out.append("\n\n");
        appendLeft(out, "Free pages count per migrate type at order", 43);
        out.push_back(' ');
        for (int order = 0; order < kMaxOrder; ++order) {
            appendRight(out, static_cast<std::uint64_t>(order), 6);
            out.push_back(' ');
        }
        out.push_back('\n');
        for (const Zone& zone : node.zones) {
            if (!zone.isPopulated())
                continue;
            for (int t = 0; t < kMigrateTypes; ++t) {
                out.append("Node ");
                appendRight(out, static_cast<std::uint64_t>(node.id), 4);
                out.append(", zone ");
                appendRightText(out, zoneTypeName(zone.type), 8);
                out.append(", type ");
                appendRightText(out, migratetypeName(static_cast<Migratetype>(t)), 12);
                out.push_back(' ');
                for (const FreeArea& area : zone.freeArea) {
                    const Pages blocks = area.blocks[static_cast<std::size_t>(t)];
                    if (blocks >= kCountLimit)
                        out.push_back('>');
                    appendRight(out, std::min(blocks, kCountLimit), 6);
                    out.push_back(' ');
                }
                out.push_back('\n');
            }
        }
        out.append("\n");
        appendLeft(out, "Number of blocks type ", 23);
        for (int t = 0; t < kMigrateTypes; ++t) {
            appendRightText(out, migratetypeName(static_cast<Migratetype>(t)), 12);
            out.push_back(' ');
        }
        out.push_back('\n');
        for (const Zone& zone : node.zones) {
            if (!zone.isPopulated())
                continue;
            // pagetypeinfo_showblockcount_print() skips pageblocks of memory sections with no memory
            // (pfn_to_online_page()): the model's holes end the span, so only sections that hold some
            // of the zone's present pages count.
            constexpr std::uint64_t kPagesPerSection = std::uint64_t { 1 } << (27 - 12); // SECTION_SIZE_BITS
            const std::uint64_t presentEnd = zone.startPfn + zone.present;
            const std::uint64_t onlineEnd = std::min(zone.startPfn + zone.spanned,
                (presentEnd + kPagesPerSection - 1) / kPagesPerSection * kPagesPerSection);
            std::array<Pages, kMigrateTypes> count {};
            for (std::uint64_t pfn = zone.startPfn; pfn < onlineEnd; pfn += kPageblockPages)
                ++count[static_cast<std::size_t>(zone.pageblockMigratetype(pfn))];
            appendNodeZone(out, node.id, zone);
            for (const Pages n : count) {
                appendRight(out, n, 12);
                out.push_back(' ');
            }
            out.push_back('\n');
        }
    }
    return out;
}

std::string renderVmstat(const Simulator& sim)
{
    std::string out;
    for (const ProcItem& item : vmstatItems(sim)) {
        out.append(item.name);
        out.push_back(' ');
        appendInt(out, item.value);
        out.push_back('\n');
    }
    // vmstat_show() appends this deprecated counter so old parsers keep working.
    out.append("nr_unstable 0\n");
    return out;
}

std::string renderMeminfo(const Simulator& sim)
{
    const auto node = [&sim](NodeStat item) { return sim.global(item); };
    const Pages totalram = sim.totalRamPages();
    const Pages freeram = sim.global(ZoneStat::NrFreePages);
    const Pages swapCached = node(NodeStat::NrSwapcached);
    const Pages buffers = 0; // no block-device page cache in the model (nr_blockdev_pages)
    const Pages filePages = node(NodeStat::NrFilePages);
    const Pages cached = filePages > swapCached + buffers ? filePages - swapCached - buffers : 0;
    const Pages activeAnon = node(NodeStat::NrActiveAnon);
    const Pages inactiveAnon = node(NodeStat::NrInactiveAnon);
    const Pages activeFile = node(NodeStat::NrActiveFile);
    const Pages inactiveFile = node(NodeStat::NrInactiveFile);
    const Pages sreclaimable = node(NodeStat::NrSlabReclaimable);
    const Pages sunreclaim = node(NodeStat::NrSlabUnreclaimable);
    const Pages miscReclaimable = node(NodeStat::NrKernelMiscReclaimable);

    // mm/page_alloc.c:si_mem_available(); signed like the kernel's `long available`.
    Pages wmarkLow = 0;
    Pages totalreserve = 0;
    for (const Node& n : sim.nodes()) {
        totalreserve += n.totalreservePages;
        for (const Zone& zone : n.zones)
            wmarkLow += zone.lowWmark();
    }
    auto available = static_cast<std::int64_t>(freeram) - static_cast<std::int64_t>(totalreserve);
    const Pages pagecache = activeFile + inactiveFile;
    available += static_cast<std::int64_t>(pagecache - std::min(pagecache / 2, wmarkLow));
    const Pages reclaimable = sreclaimable + miscReclaimable;
    available += static_cast<std::int64_t>(reclaimable - std::min(reclaimable / 2, wmarkLow));
    available = std::max<std::int64_t>(available, 0);

    // vm_memory_committed(): the model commits exactly the address space of its live processes.
    Pages committed = 0;
    for (const Process& p : sim.processes()) {
        if (p.state != ProcessState::NotStarted && p.state != ProcessState::Exited
            && p.state != ProcessState::Killed)
            committed += p.totalVm;
    }
    // mm/util.c:vm_commit_limit() with overcommit_ratio 50, no overcommit_kbytes and no hugetlb.
    const Pages commitLimit = totalram * kOvercommitRatio / 100 + sim.swap().totalPages();

    // arch/x86/mm/pat/set_memory.c:arch_report_meminfo(). The model maps all RAM up to the last
    // zone's end pfn with 2 MiB pages; the real split between 4k/2M/1G depends on firmware holes.
    std::uint64_t endPfn = 0;
    for (const Node& n : sim.nodes()) {
        for (const Zone& zone : n.zones) {
            if (zone.spanned > 0)
                endPfn = std::max(endPfn, zone.startPfn + zone.spanned);
        }
    }
    const std::uint64_t directMap2M = (endPfn + kHpagePmdNr - 1) / kHpagePmdNr * kHugepageSizeKb;

    std::string out;
    appendPagesLine(out, "MemTotal:", totalram);
    appendPagesLine(out, "MemFree:", freeram);
    appendPagesLine(out, "MemAvailable:", static_cast<Pages>(available));
    appendPagesLine(out, "Buffers:", buffers);
    appendPagesLine(out, "Cached:", cached);
    appendPagesLine(out, "SwapCached:", swapCached);
    appendPagesLine(out, "Active:", activeAnon + activeFile);
    appendPagesLine(out, "Inactive:", inactiveAnon + inactiveFile);
    appendPagesLine(out, "Active(anon):", activeAnon);
    appendPagesLine(out, "Inactive(anon):", inactiveAnon);
    appendPagesLine(out, "Active(file):", activeFile);
    appendPagesLine(out, "Inactive(file):", inactiveFile);
    appendPagesLine(out, "Unevictable:", node(NodeStat::NrUnevictable));
    appendPagesLine(out, "Mlocked:", sim.global(ZoneStat::NrMlock));
    appendPagesLine(out, "SwapTotal:", sim.swap().totalPages());
    appendPagesLine(out, "SwapFree:", sim.swap().freePages());
    appendKbLine(out, "Zswap:", 0); // CONFIG_ZSWAP=y but zswap is off by default on Debian
    appendKbLine(out, "Zswapped:", 0);
    appendPagesLine(out, "Dirty:", node(NodeStat::NrDirty));
    appendPagesLine(out, "Writeback:", node(NodeStat::NrWriteback));
    appendPagesLine(out, "AnonPages:", node(NodeStat::NrAnonPages));
    appendPagesLine(out, "Mapped:", node(NodeStat::NrMapped));
    appendPagesLine(out, "Shmem:", node(NodeStat::NrShmem));
    appendPagesLine(out, "KReclaimable:", sreclaimable + miscReclaimable);
    appendPagesLine(out, "Slab:", sreclaimable + sunreclaim);
    appendPagesLine(out, "SReclaimable:", sreclaimable);
    appendPagesLine(out, "SUnreclaim:", sunreclaim);
    appendKbLine(out, "KernelStack:", node(NodeStat::NrKernelStack)); // NR_KERNEL_STACK_KB is in kB
    appendPagesLine(out, "PageTables:", node(NodeStat::NrPageTablePages));
    appendPagesLine(out, "SecPageTables:", node(NodeStat::NrSecPageTablePages));
    appendKbLine(out, "NFS_Unstable:", 0);
    appendPagesLine(out, "Bounce:", sim.global(ZoneStat::NrBounce));
    appendPagesLine(out, "WritebackTmp:", node(NodeStat::NrWritebackTemp));
    appendPagesLine(out, "CommitLimit:", commitLimit);
    appendPagesLine(out, "Committed_AS:", committed);
    appendKbLine(out, "VmallocTotal:", kVmallocTotalKb);
    appendKbLine(out, "VmallocUsed:", 0); // vmalloc is not modelled
    appendKbLine(out, "VmallocChunk:", 0);
    appendKbLine(out, "Percpu:", 0); // per-CPU allocations are not modelled
    out.append("HardwareCorrupted: ");
    appendRight(out, 0, 5);
    out.append(" kB\n");
    appendPagesLine(out, "AnonHugePages:", node(NodeStat::NrAnonTransparentHugepages));
    appendPagesLine(out, "ShmemHugePages:", node(NodeStat::NrShmemHugepages));
    appendPagesLine(out, "ShmemPmdMapped:", node(NodeStat::NrShmemPmdmapped));
    appendPagesLine(out, "FileHugePages:", node(NodeStat::NrFileHugepages));
    appendPagesLine(out, "FilePmdMapped:", node(NodeStat::NrFilePmdmapped));
    // mm/hugetlb.c:hugetlb_report_meminfo(): no hugetlb pages are reserved in the model.
    for (const std::string_view label :
        { "HugePages_Total:   ", "HugePages_Free:    ", "HugePages_Rsvd:    ", "HugePages_Surp:    " }) {
        out.append(label);
        appendRight(out, 0, 5);
        out.push_back('\n');
    }
    appendKbLine(out, "Hugepagesize:", kHugepageSizeKb);
    appendKbLine(out, "Hugetlb:", 0);
    appendKbLine(out, "DirectMap4k:", 0);
    appendKbLine(out, "DirectMap2M:", directMap2M);
    appendKbLine(out, "DirectMap1G:", 0);
    return out;
}

std::string renderSwaps(const Simulator& sim)
{
    std::string out = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
    for (const SwapDevice& dev : sim.swap().devices()) {
        if (!dev.active)
            continue;
        const std::string path = manglePath(dev.name, " \t\n\\");
        const std::uint64_t bytes = toKib(dev.slots).value; // si->pages excludes the header page
        const std::uint64_t inuse = toKib(dev.inuse).value;
        out.append(path);
        out.append(path.size() < 40 ? 40 - path.size() : 1, ' ');
        // The model cannot stat the path: names under /dev/ are taken to be block devices.
        out.append(dev.name.starts_with("/dev/") ? "partition" : "file\t");
        out.push_back('\t');
        appendInt(out, bytes);
        out.append(bytes < 10000000 ? "\t\t" : "\t");
        appendInt(out, inuse);
        out.append(inuse < 10000000 ? "\t\t" : "\t");
        appendInt(out, dev.priority);
        out.push_back('\n');
    }
    return out;
}

} // namespace rlab::engine

namespace rlab::engine {

namespace {

/// The files renderCgroupFiles() shows, in `ls` order of a cgroup directory.
constexpr std::array<std::string_view, 13> kCgroupFiles = { "memory.current", "memory.events",
    "memory.events.local", "memory.high", "memory.low", "memory.max", "memory.min", "memory.oom.group",
    "memory.peak", "memory.stat", "memory.swap.current", "memory.swap.events", "memory.swap.max" };

} // namespace

std::optional<std::string> cgroupFileText(const MemControl& memcg, int id, std::string_view file)
{
    // mm/memcontrol.c: the limit files read "max" or bytes, the usages bytes, the rest their tables.
    const MemCgroup& g = memcg.group(id);
    const auto bytes = [](Pages pages) { return std::to_string(pages * kPageSize) + "\n"; };
    if (file == "memory.current")
        return bytes(g.memory.usage);
    if (file == "memory.events")
        return memcg.memoryEvents(id, false);
    if (file == "memory.events.local")
        return memcg.memoryEvents(id, true);
    if (file == "memory.high")
        return MemControl::limitText(g.memory.high) + "\n";
    if (file == "memory.low")
        return MemControl::limitText(g.memory.low) + "\n";
    if (file == "memory.max")
        return MemControl::limitText(g.memory.max) + "\n";
    if (file == "memory.min")
        return MemControl::limitText(g.memory.min) + "\n";
    if (file == "memory.oom.group")
        return std::string(g.oomGroup ? "1\n" : "0\n");
    if (file == "memory.peak")
        return bytes(g.memory.watermark);
    if (file == "memory.stat")
        return memcg.memoryStat(id);
    if (file == "memory.swap.current")
        return bytes(g.swap.usage);
    if (file == "memory.swap.events")
        return memcg.swapEvents(id);
    if (file == "memory.swap.max")
        return MemControl::limitText(g.swap.max) + "\n";
    return std::nullopt;
}

std::string renderCgroupFiles(const Simulator& sim)
{
    const MemControl& memcg = sim.memcg();
    std::string out;
    if (!memcg.enabled())
        return out;
    const auto stats = memcg.pageStats(); // one walk for every cgroup's memory.stat
    for (int id = 1; id < static_cast<int>(memcg.size()); ++id) {
        for (const std::string_view file : kCgroupFiles) {
            if (!out.empty())
                out += "\n";
            out += "==> " + memcg.group(id).path + "/" + std::string(file) + " <==\n";
            out += file == "memory.stat" ? memcg.memoryStat(id, stats) : *cgroupFileText(memcg, id, file);
        }
    }
    return out;
}

} // namespace rlab::engine
