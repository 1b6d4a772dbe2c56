// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"
#include "rlab/engine/scenario.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

struct Kernel;

/// include/linux/page_counter.h struct page_counter: a usage charged up the tree, its limits and the
/// protection bookkeeping of propagate_protected_usage().
struct PageCounter
{
    Pages usage = 0;
    Pages max = kPageCounterMax;
    Pages high = kPageCounterMax;
    Pages min = 0;
    Pages low = 0;
    Pages emin = 0; ///< effective memory.min of the last reclaim walk
    Pages elow = 0;
    Pages minUsage = 0; ///< min(usage, min), as the parent counts it
    Pages lowUsage = 0;
    Pages childrenMinUsage = 0;
    Pages childrenLowUsage = 0;
    Pages watermark = 0; ///< memory.peak
    std::uint64_t failcnt = 0; ///< charges this level refused (the OOM report's failcnt)
};

/// memory.events, in the file's order (include/linux/memcontrol.h enum memcg_memory_event).
enum class MemcgEvent : std::uint8_t
{
    Low,
    High,
    Max,
    Oom,
    OomKill,
    OomGroupKill,
    Count,
};
inline constexpr std::size_t kNrMemcgEvents = static_cast<std::size_t>(MemcgEvent::Count);
const char* memcgEventName(MemcgEvent event); ///< "low", "high", ...

/// memory.swap.events: high, max, fail.
enum class MemcgSwapEvent : std::uint8_t
{
    High,
    Max,
    Fail,
    Count,
};

/// The per-cgroup event counts the model keeps (memcg_vm_event_stat[] and the workingset items of
/// memory_stats[]); memory.stat prints the others as 0.
enum class MemcgCount : std::uint8_t
{
    PgscanKswapd,
    PgscanDirect,
    PgstealKswapd,
    PgstealDirect,
    Pgfault,
    Pgmajfault,
    Pgrefill,
    Pgactivate,
    Pgdeactivate,
    WorkingsetRefaultAnon,
    WorkingsetRefaultFile,
    WorkingsetActivateAnon,
    WorkingsetActivateFile,
    ThpFaultAlloc,
    ThpCollapseAlloc,
    Count,
};

/// memcontrol.c:effective_protection() (no memory_recursiveprot): a cgroup's effective memory.min or
/// memory.low from its usage, its setting, its parent's effective value and the protected usage of
/// the parent's children.
Pages effectiveProtection(Pages usage, Pages setting, Pages parentEffective, Pages siblingsProtected);
/// memcontrol.c:calculate_overage(): usage over high in units of 2^-20.
std::uint64_t memcgOverage(Pages usage, Pages high);
/// memcontrol.c:calculate_high_delay(): the memory.high penalty in jiffies (HZ = 250) for `nrPages`
/// charged over high at the given overage, before the 2 s cap.
std::uint64_t calculateHighDelay(std::uint64_t maxOverage, Pages nrPages);

/// One cgroup v2 directory with its memory controller state (struct mem_cgroup).
struct MemCgroup
{
    std::string path; ///< "/" for the root
    int parent = -1;
    std::vector<std::uint8_t> children; ///< in creation order
    PageCounter memory;
    PageCounter swap;
    bool oomGroup = false;
    std::array<std::uint64_t, kNrMemcgEvents> events {}; ///< memory.events: this cgroup and below
    std::array<std::uint64_t, kNrMemcgEvents> eventsLocal {}; ///< memory.events.local
    std::array<std::uint64_t, static_cast<std::size_t>(MemcgSwapEvent::Count)> swapEvents {};
    std::array<std::uint64_t, static_cast<std::size_t>(MemcgCount::Count)> counts {}; ///< this cgroup only
    std::vector<Lruvec> lruvecs; ///< one per node; the root's are the nodes' own, so this stays empty
};

/// The memory controller of mm/memcontrol.c (cgroup v2): the cgroup tree, charging of pages and swap
/// against memory.max and memory.swap.max, memory.high throttling, protection, and the views. With
/// no cgroup below the root it is off: nothing is charged and every page is on its node's lruvec.
class MemControl
{
public:
    explicit MemControl(Kernel& kernel)
        : m_k(kernel)
    {}
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);

    /// Creates the root and the scenario's cgroups (parents before children, as the reader lists them).
    void boot(const std::vector<CgroupSpec>& cgroups, std::size_t nodes);
    bool enabled() const { return m_groups.size() > 1; }
    std::size_t size() const { return m_groups.size(); }
    const MemCgroup& group(int id) const { return m_groups[static_cast<std::size_t>(id)]; }
    MemCgroup& group(int id) { return m_groups[static_cast<std::size_t>(id)]; }
    std::optional<int> find(const std::string& path) const;
    /// mem_cgroup_lruvec(): the root's is the node's own.
    Lruvec& lruvec(int memcg, Node& node);
    /// mem_cgroup_iter() without a cookie: the cgroup after `id` in a pre-order walk of `root`'s
    /// subtree, or -1 after the last.
    int iterNext(int id, int root) const;
    bool isDescendant(int id, int ancestor) const; ///< mem_cgroup_is_descendant(): itself included
    /// Σ of an LRU list over the subtree's lruvecs on a node (lruvec_page_state() is hierarchical).
    Pages subtreeLruSize(int memcg, const Node& node, LruList lru) const;
    std::uint64_t subtreeCount(int memcg, MemcgCount count) const;
    void count(int memcg, MemcgCount count, std::uint64_t n = 1)
    {
        m_groups[static_cast<std::size_t>(memcg)].counts[static_cast<std::size_t>(count)] += n;
    }

    // Charging. A page's cgroup is FrameStore::memcg; 0 (the root) is never charged.
    enum class ChargeResult : std::uint8_t
    {
        Charged,
        Retry, ///< the task waits a jiffy and faults again (a memcg OOM kill, or none possible)
        Failed, ///< -ENOMEM to a caller that falls back (a THP charge, a GFP_NORETRY collapse)
    };
    /// mem_cgroup_charge(): the `nrPages` pages at `frame` (a new page, or a THP's 512) to `memcg`,
    /// reclaiming the cgroup (try_charge_memcg()) in `task`'s time; then the memory.high check.
    ChargeResult chargeFolio(FrameIndex frame, Pages nrPages, int memcg, Process* task, std::uint32_t gfp);
    /// The pages of a freed block are uncharged (mem_cgroup_uncharge()); FrameStore calls it.
    void unchargePages(FrameIndex frame, Pages n);
    /// __mem_cgroup_try_charge_swap(): false when memory.swap.max refuses (the folio stays in memory).
    bool chargeSwap(FrameIndex frame, std::uint32_t entry);
    void unchargeSwap(std::uint32_t entry); ///< __mem_cgroup_uncharge_swap() when the slot is freed
    /// The cgroup recorded for a swap entry (swap_cgroup), 0 when none.
    int swapOwner(std::uint32_t entry) const;
    /// mem_cgroup_get_nr_swap_pages(): free swap within swap.max of the cgroup and its ancestors.
    Pages nrSwapPages(int memcg) const;
    /// mem_cgroup_handle_over_high() for a task whose charges went over memory.high.
    void handleOverHigh(Process& task);

    // Protection (mem_cgroup_calculate_protection()), for the reclaim walk.
    void calculateProtection(int root, int memcg);
    bool belowMin(int target, int memcg) const;
    bool belowLow(int target, int memcg) const;
    /// mem_cgroup_protection(): the effective min and low get_scan_count() applies (0 for the target).
    std::pair<Pages, Pages> protection(int target, int memcg) const;

    /// memcg_memory_event(): the local count, and the hierarchical one up to the root's children.
    void memoryEvent(int memcg, MemcgEvent event);
    /// A live write to a cgroup's files (memory_max_write() and the others), in `writer`'s time.
    std::optional<std::string> write(const SetCgroup& write);
    /// The cgroup's memory.max plus its swap when swappiness allows (mem_cgroup_get_max()).
    Pages maxPages(int memcg) const;

    // Views, in the kernel's formats (mm/memcontrol.c).
    /// A cgroup's own pages by state (not its subtree's), for memory.stat.
    struct PageStats
    {
        Pages anon = 0, file = 0, fileMapped = 0, fileDirty = 0, fileWriteback = 0, swapcached = 0,
              anonThp = 0;
    };
    /// One walk of the charged frames (O(frames)): every cgroup's PageStats, indexed by id.
    std::vector<PageStats> pageStats() const;
    /// memory.stat: the 51 lines of 6.1, from pageStats() (taken here when not given).
    std::string memoryStat(int memcg) const { return memoryStat(memcg, pageStats()); }
    std::string memoryStat(int memcg, const std::vector<PageStats>& local) const;
    std::string memoryEvents(int memcg, bool local) const; ///< memory.events(.local)
    std::string swapEvents(int memcg) const; ///< memory.swap.events
    /// A limit file as it reads: "max" or bytes.
    static std::string limitText(Pages pages);

    /// Checks every cgroup's memory and swap usage against the pages and swap slots charged to its
    /// subtree (O(frames + slots)); an empty string when they agree.
    std::string checkCharges() const;

private:
    bool tryCharge(int memcg, Pages n, std::uint32_t gfp, Process* task, ChargeResult& result);
    /// page_counter_try_charge(): the level that refused, or -1 when every level took the pages.
    int counterTryCharge(int memcg, Pages n, bool swap);
    void counterCharge(int memcg, Pages n, bool swap);
    void counterUncharge(int memcg, Pages n, bool swap);
    void propagateProtectedUsage(int memcg);
    /// try_to_free_mem_cgroup_pages() in `task`'s time: its scan, page-out and sleeps stall the task.
    Pages reclaim(int memcg, Pages n, std::uint32_t gfp, Process* task);
    bool memcgOom(int memcg, std::uint32_t gfp, int order, Process* task);
    /// A write to memory.reclaim; the error the write returns, if any.
    std::optional<std::string> proactiveReclaim(int memcg, Pages target);

    Kernel& m_k;
    std::vector<MemCgroup> m_groups;
    std::vector<std::vector<std::uint8_t>> m_swapOwner; ///< swap_cgroup: per device, per slot
};

} // namespace rlab::engine
