// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/units.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rlab::engine {

/// Zone types in kernel index order (include/linux/mmzone.h enum zone_type, Debian amd64).
enum class ZoneType : std::uint8_t
{
    Dma = 0,
    Dma32 = 1,
    Normal = 2,
    Movable = 3,
    Device = 4,
};

/// The kernel's zone_names[]: "DMA", "DMA32", "Normal", "Movable", "Device".
const char* zoneTypeName(ZoneType type);

/// include/linux/mmzone.h enum migratetype (CONFIG_CMA=n, CONFIG_MEMORY_ISOLATION=y).
enum class Migratetype : std::uint8_t
{
    Unmovable = 0,
    Movable = 1,
    Reclaimable = 2,
    HighAtomic = 3, ///< MIGRATE_PCPTYPES: the types below it merge freely
    Isolate = 4,
};
inline constexpr int kMigrateTypes = 5;
inline constexpr int kMigratePcptypes = 3;
const char* migratetypeName(Migratetype type); ///< "Unmovable", ... as /proc/pagetypeinfo prints them

struct ZoneSpec
{
    ZoneType type = ZoneType::Normal;
    Pages spanned = 0; ///< defaults to present
    Pages present = 0;
    Pages managed = 0; ///< present minus what the kernel reserved at boot
};

struct NodeSpec
{
    std::vector<ZoneSpec> zones; ///< zone types not listed are empty (present 0)
};

/// /sys/kernel/mm/transparent_hugepage/enabled
enum class ThpMode : std::uint8_t
{
    Always,
    Madvise,
    Never,
};

/// /sys/kernel/mm/transparent_hugepage/defrag: how hard a THP fault tries (mm/huge_memory.c).
enum class ThpDefrag : std::uint8_t
{
    Always, ///< direct reclaim and compaction
    Defer, ///< wake kswapd and kcompactd, fall back at once
    DeferMadvise, ///< madvised regions as always, the others as defer
    Madvise, ///< madvised regions as always, the others not at all (the default)
    Never,
};

/// The words the sysfs files use ("always", "defer+madvise", ...).
const char* thpModeName(ThpMode mode);
const char* thpDefragName(ThpDefrag defrag);

/// madvise() advice on an anonymous region for THP.
enum class HugepageAdvice : std::uint8_t
{
    None,
    Hugepage, ///< MADV_HUGEPAGE: VM_HUGEPAGE
    NoHugepage, ///< MADV_NOHUGEPAGE: VM_NOHUGEPAGE, never a THP
};

/// Block device model: a FIFO queue with a fixed latency per request and a bandwidth.
struct DiskSpec
{
    Tick latency = 100; ///< per I/O, microseconds (SSD-like default)
    std::uint64_t pagesPerSecond = 128000; ///< bandwidth, 4 KiB pages per simulated second (500 MiB/s)
};

/// /sys/kernel/mm/transparent_hugepage/khugepaged/ (mm/khugepaged.c:khugepaged_init(), 6.1 defaults).
struct KhugepagedSpec
{
    std::uint32_t pagesToScan = 4096; ///< pages_to_scan: HPAGE_PMD_NR * 8 per pass
    std::uint32_t scanSleepMillisecs = 10000;
    std::uint32_t allocSleepMillisecs = 60000; ///< the wait after a failed huge page allocation
    bool defrag = true; ///< GFP_TRANSHUGE (may reclaim and compact) rather than GFP_TRANSHUGE_LIGHT
    std::uint32_t maxPtesNone = 511; ///< max_ptes_none: HPAGE_PMD_NR - 1
};

struct MachineSpec
{
    std::vector<NodeSpec> nodes;
    /// Set when the scenario gave "ram": the node layout was derived from it (documented estimate).
    std::optional<Pages> ram;
    ThpMode transparentHugepage = ThpMode::Always;
    ThpDefrag thpDefrag = ThpDefrag::Madvise;
    KhugepagedSpec khugepaged;
    /// Pages the kernel holds out of managed memory at start (slab, stacks, ...): never reclaimed.
    std::optional<Pages> kernelPages;
    /// CPU budget of one reclaimer (kswapd or a direct reclaimer): pages scanned per simulated ms.
    std::uint64_t reclaimScanPagesPerMs = 1000;
    /// CPUs shared by kswapd, direct reclaimers and processes; 0: each has a CPU of its own.
    std::uint32_t cpus = 0;
    /// CPU time a process spends per page it faults in, reads or writes (with `cpus`).
    Tick pageCpuTime = 0;
    /// CPU time a reclaimer spends per page it writes out (add_to_swap, unmap, submit); 0: the scan
    /// rate covers it.
    Tick pageoutCpuTime = 0;
    DiskSpec fileDisk;
};

/// include/linux/page_counter.h PAGE_COUNTER_MAX (LONG_MAX / PAGE_SIZE): the "max" of memory.max and
/// the other limit files.
inline constexpr Pages kPageCounterMax = 2251799813685247;

/// The memory controller files of one cgroup v2 directory (mm/memcontrol.c); pages, with "max" as
/// kPageCounterMax. The defaults are a new cgroup's.
struct CgroupLimits
{
    Pages max = kPageCounterMax; ///< memory.max
    Pages high = kPageCounterMax; ///< memory.high
    Pages low = 0; ///< memory.low
    Pages min = 0; ///< memory.min
    Pages swapMax = kPageCounterMax; ///< memory.swap.max
    bool oomGroup = false; ///< memory.oom.group
};

/// The most cgroups below the root a machine has: a page's memcg id is one byte (0 is the root).
inline constexpr std::size_t kMaxCgroups = 255;

/// One cgroup below the root, e.g. "/system.slice/db.service"; missing parents are created with the
/// defaults.
struct CgroupSpec
{
    std::string path;
    CgroupLimits limits;
};

struct SwapSpec
{
    std::string name; ///< e.g. "/dev/vda2"
    Pages size = 0; ///< usable slots (slot 0, the header, is extra)
    std::optional<int> priority; ///< swapon -p; unset: automatic -1, -2, ...
    DiskSpec disk;
};

/// One sysctl write: kernel name and value(s) (a vector sysctl has several).
struct SysctlWrite
{
    std::string name;
    std::vector<std::int64_t> values;
};

enum class WorkloadKind : std::uint8_t
{
    Anon, ///< allocate anonymous memory at `rate` up to `size`, then hold it (hog, leak, burst)
    WorkingSet, ///< touch `size` of memory (anon or a file) uniformly at `accessRate`
    Stream, ///< read `file` sequentially at `rate`, wrapping at its end (streaming reader)
    FileSet, ///< read() pages of `file` uniformly at `accessRate` (repeated reads of a file set)
    Write, ///< write() `file` sequentially at `rate`, dirtying page cache
    Exec, ///< executable mapping (VM_EXEC) of `file`, touched at `accessRate`
    Mlock, ///< mlock()ed anonymous memory of `size`, allocated at once
    /// Kernel memory a driver or subsystem allocates with alloc_pages(): blocks of 2^order pages with a
    /// gfp mask, at `rate` pages per second while it holds less than `size`; each freed after
    /// `lifetime`, except every `keepEvery`-th block, held until the process exits.
    KernelAlloc,
};

/// Order of a working set's accesses.
enum class AccessPattern : std::uint8_t
{
    Random, ///< a uniformly random page each access
    Sequential, ///< the next page each access, wrapping at the end of the region
};

struct WorkloadSpec
{
    WorkloadKind kind = WorkloadKind::Anon;
    Tick start = 0; ///< relative to the process start
    std::optional<Tick> stop; ///< relative to the process start
    Pages size = 0; ///< region size
    std::uint64_t ratePagesPerSec = 0; ///< Anon/Stream/Write: pages per second; 0 = all at once
    std::uint64_t accessesPerSec = 0; ///< WorkingSet/FileSet/Exec: page accesses per second
    bool fileBacked = false; ///< WorkingSet: mmap of `file` instead of anonymous memory
    std::string file; ///< file name (files are shared between processes by name)
    /// Anon/Mlock: gfp_zone() of the page allocations, i.e. the highest zone they may use. Movable is
    /// GFP_HIGHUSER_MOVABLE (every zone); Dma32 is GFP_KERNEL|GFP_DMA32 (only DMA32 and DMA), as for
    /// the buffers of a device that can only address 32 bits.
    ZoneType zone = ZoneType::Movable;
    AccessPattern pattern = AccessPattern::Random; ///< WorkingSet of anonymous memory only
    int order = 0; ///< KernelAlloc: 2^order pages per allocation
    std::uint32_t gfp = 0xcc0; ///< KernelAlloc: the gfp mask (GFP_KERNEL by default)
    std::optional<Tick> lifetime {}; ///< KernelAlloc: a block is freed this long after it was allocated
    std::uint32_t keepEvery = 0; ///< KernelAlloc: with a lifetime, every n-th block is kept (0: none)
    HugepageAdvice madvise = HugepageAdvice::None; ///< Anon/WorkingSet of anonymous memory

    /// Pages (or page accesses) the workload asks for per second; 0 for mlock and "all at once".
    std::uint64_t perSecond() const
    {
        switch (kind) {
        case WorkloadKind::Anon:
        case WorkloadKind::Stream:
        case WorkloadKind::Write:
        case WorkloadKind::KernelAlloc:
            return ratePagesPerSec;
        case WorkloadKind::WorkingSet:
        case WorkloadKind::FileSet:
        case WorkloadKind::Exec:
            return accessesPerSec;
        case WorkloadKind::Mlock:
            break;
        }
        return 0;
    }
};

struct ProcessSpec
{
    std::string name;
    std::optional<int> pid; ///< unset: assigned in order from 1000
    std::uint32_t uid = 0;
    int oomScoreAdj = 0;
    Tick start = 0;
    std::optional<Tick> exit;
    std::uint32_t node = 0; ///< preferred NUMA node
    std::string cgroup = "/"; ///< the cgroup v2 path it runs in ("/" = the root cgroup)
    std::vector<WorkloadSpec> workload;
};

struct SetSysctl
{
    SysctlWrite write;
};
struct SetOomScoreAdj
{
    std::string process; ///< process name
    int oomScoreAdj = 0;
};
struct StartProcess
{
    ProcessSpec process;
};
struct KillProcess
{
    std::string process;
};
struct DropCaches
{
    int mode = 3; ///< 1 page cache, 2 slab, 3 both
};
struct Swapoff
{
    std::string device;
};
struct Swapon
{
    SwapSpec device;
};

/// A write to /sys/kernel/mm/transparent_hugepage/enabled or defrag (or both).
struct SetThp
{
    std::optional<ThpMode> enabled;
    std::optional<ThpDefrag> defrag;
};

/// Writes to one cgroup's memory files; the ones given, in the order max, high, low, min, swap.max,
/// oom.group, then memory.reclaim (the only one the root cgroup has).
struct SetCgroup
{
    std::string path;
    std::optional<Pages> max, high, low, min, swapMax;
    std::optional<bool> oomGroup;
    std::optional<Pages> reclaim; ///< memory.reclaim: pages to reclaim from the cgroup now
};
/// Echoing a pid into cgroup.procs: later charges go to the new cgroup; pages keep their charge.
struct MoveProcess
{
    std::string process;
    std::string cgroup;
};

/// A live change: the same values the GUI sends and a scenario's "events" replay.
using Command = std::variant<SetSysctl, SetOomScoreAdj, StartProcess, KillProcess, DropCaches, Swapoff,
    Swapon, SetThp, SetCgroup, MoveProcess>;

struct TimedCommand
{
    Tick at = 0;
    Command command;
};

struct Scenario
{
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    std::optional<Tick> duration; ///< default run length for the command line
    MachineSpec machine;
    std::vector<SysctlWrite> sysctls; ///< applied in order before boot-time watermarks are final
    std::vector<SwapSpec> swap;
    std::vector<CgroupSpec> cgroups; ///< below the root; none: the memory controller is not in use
    std::vector<ProcessSpec> processes;
    std::vector<TimedCommand> events; ///< sorted by time; ties keep file order
};

/// Result of parsing a scenario: either a scenario or an error naming the key path and what is allowed.
struct ParseResult
{
    std::optional<Scenario> scenario;
    std::string error;
};

/// Parses scenario JSON text. Never throws; every problem comes back in ParseResult::error as
/// "<key path>: <what is wrong>; <what is allowed>", e.g. "processes[0].workload[1].rate: ...".
ParseResult parseScenario(const std::string& jsonText);
/// Reads and parses a scenario file (errors name the file too).
ParseResult loadScenarioFile(const std::string& path);

/// Size with a unit as scenarios write it: "512M", "4G", "64K", "1T" (binary units) or a plain page count.
std::optional<Pages> parseSize(const std::string& text);
/// Duration: "2s", "500ms", "1.5s", "2m", "100us". Returns microseconds.
std::optional<Tick> parseDuration(const std::string& text);

/// Builds the zones of one x86-64 PC node from its RAM size (see docs/scenario-format.md for the
/// estimate of what the kernel reserves).
NodeSpec pcLayout(Pages ramPages);

} // namespace rlab::engine
