// SPDX-License-Identifier: GPL-3.0-or-later
// The cgroup v2 memory controller of mm/memcontrol.c and mm/page_counter.c (docs/kernel/memcg.md).
#include "rlab/engine/memcontrol.h"

#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "detail/kernel_constants.h"
#include "rlab/engine/gfp.h"

#include <algorithm>

namespace rlab::engine {

using detail::kJiffy;
using detail::kMaxReclaimRetries;
using detail::kSwapClusterMax;
using detail::swapDevice;
using detail::swapSlot;

namespace {

constexpr Pages kMemcgChargeBatch = 64; // MEMCG_CHARGE_BATCH
constexpr std::uint64_t kHz = 250; // CONFIG_HZ of Debian's kernel: the penalty is in jiffies

} // namespace

const char* memcgEventName(MemcgEvent event)
{
    static constexpr const char* kNames[] = { "low", "high", "max", "oom", "oom_kill", "oom_group_kill" };
    return kNames[static_cast<std::size_t>(event)];
}

void MemControl::boot(const std::vector<CgroupSpec>& cgroups, std::size_t nodes)
{
    m_groups.clear();
    m_swapOwner.clear();
    MemCgroup root;
    root.path = "/";
    m_groups.push_back(std::move(root));
    for (const CgroupSpec& spec : cgroups) {
        const std::size_t slash = spec.path.rfind('/');
        const std::string parentPath = slash == 0 ? "/" : spec.path.substr(0, slash);
        const auto parent = find(parentPath);
        RLAB_ASSERT(parent && m_groups.size() <= kMaxCgroups);
        MemCgroup group;
        group.path = spec.path;
        group.parent = *parent;
        group.memory.max = spec.limits.max;
        group.memory.high = spec.limits.high;
        group.memory.low = spec.limits.low;
        group.memory.min = spec.limits.min;
        group.swap.max = spec.limits.swapMax;
        group.oomGroup = spec.limits.oomGroup;
        const auto id = static_cast<std::uint8_t>(m_groups.size());
        group.lruvecs.resize(nodes);
        for (std::size_t n = 0; n < nodes; ++n) {
            Lruvec& vec = group.lruvecs[n];
            vec.node = static_cast<int>(n);
            vec.memcg = id;
            vec.head.fill(kNoFrame);
            vec.tail.fill(kNoFrame);
        }
        m_groups[static_cast<std::size_t>(*parent)].children.push_back(id);
        m_groups.push_back(std::move(group));
    }
}

std::optional<int> MemControl::find(const std::string& path) const
{
    for (std::size_t i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i].path == path)
            return static_cast<int>(i);
    }
    return std::nullopt;
}

Lruvec& MemControl::lruvec(int memcg, Node& node)
{
    if (memcg == 0)
        return node.lruvec;
    return m_groups[static_cast<std::size_t>(memcg)].lruvecs[static_cast<std::size_t>(node.id)];
}

int MemControl::iterNext(int id, int root) const
{
    // css_next_descendant_pre(): the first child, else the next sibling of the nearest ancestor below root.
    const MemCgroup& g = group(id);
    if (!g.children.empty())
        return g.children.front();
    while (id != root) {
        const MemCgroup& parent = group(group(id).parent);
        const auto it = std::find(parent.children.begin(), parent.children.end(), id);
        if (it + 1 != parent.children.end())
            return *(it + 1);
        id = group(id).parent;
    }
    return -1;
}

bool MemControl::isDescendant(int id, int ancestor) const
{
    for (; id >= 0; id = group(id).parent) {
        if (id == ancestor)
            return true;
    }
    return false;
}

Pages MemControl::subtreeLruSize(int memcg, const Node& node, LruList lru) const
{
    if (memcg == 0)
        return node.stat[nodeLruStat(lru)];
    Pages sum = 0;
    for (int id = memcg; id >= 0; id = iterNext(id, memcg))
        sum += group(id).lruvecs[static_cast<std::size_t>(node.id)].size[static_cast<std::size_t>(lru)];
    return sum;
}

std::uint64_t MemControl::subtreeCount(int memcg, MemcgCount count) const
{
    std::uint64_t sum = 0;
    for (int id = memcg; id >= 0; id = iterNext(id, memcg))
        sum += group(id).counts[static_cast<std::size_t>(count)];
    return sum;
}

// ---------------------------------------------------------------------------------------------------------
// page_counter.c

void MemControl::propagateProtectedUsage(int memcg)
{
    // page_counter.c:propagate_protected_usage(): the parent sums its children's protected usage.
    for (int id = memcg; id > 0; id = group(id).parent) {
        PageCounter& c = group(id).memory;
        PageCounter& parent = group(group(id).parent).memory;
        const Pages minUsage = std::min(c.usage, c.min);
        const Pages lowUsage = std::min(c.usage, c.low);
        parent.childrenMinUsage = parent.childrenMinUsage - c.minUsage + minUsage;
        parent.childrenLowUsage = parent.childrenLowUsage - c.lowUsage + lowUsage;
        c.minUsage = minUsage;
        c.lowUsage = lowUsage;
    }
}

int MemControl::counterTryCharge(int memcg, Pages n, bool swap)
{
    // page_counter_try_charge(): every level up to the root; a level that would pass its max refuses,
    // counts a failcnt, and the levels below are undone.
    for (int id = memcg; id >= 0; id = group(id).parent) {
        PageCounter& c = swap ? group(id).swap : group(id).memory;
        if (c.usage + n > c.max) {
            ++c.failcnt;
            for (int undo = memcg; undo != id; undo = group(undo).parent)
                (swap ? group(undo).swap : group(undo).memory).usage -= n;
            return id;
        }
        c.usage += n;
        c.watermark = std::max(c.watermark, c.usage);
    }
    if (!swap)
        propagateProtectedUsage(memcg);
    return -1;
}

void MemControl::counterCharge(int memcg, Pages n, bool swap)
{
    for (int id = memcg; id >= 0; id = group(id).parent) {
        PageCounter& c = swap ? group(id).swap : group(id).memory;
        c.usage += n;
        c.watermark = std::max(c.watermark, c.usage);
    }
    if (!swap)
        propagateProtectedUsage(memcg);
}

void MemControl::counterUncharge(int memcg, Pages n, bool swap)
{
    for (int id = memcg; id >= 0; id = group(id).parent) {
        PageCounter& c = swap ? group(id).swap : group(id).memory;
        RLAB_ASSERT(c.usage >= n);
        c.usage -= std::min(c.usage, n);
    }
    if (!swap)
        propagateProtectedUsage(memcg);
}

// ---------------------------------------------------------------------------------------------------------
// Charging

void MemControl::memoryEvent(int memcg, MemcgEvent event)
{
    // memcg_memory_event(): .local on the cgroup, the hierarchical count up to the root's children.
    const auto e = static_cast<std::size_t>(event);
    ++group(memcg).eventsLocal[e];
    for (int id = memcg; id > 0; id = group(id).parent)
        ++group(id).events[e];
}

Pages MemControl::reclaim(int memcg, Pages n, std::uint32_t gfp, Process* task)
{
    const Tick begin = std::max(m_k.now, task ? task->busyUntil : m_k.now);
    if (task)
        task->state = ProcessState::DirectReclaim;
    Vmscan::DirectReclaimCost cost;
    const Pages reclaimed = m_k.vmscan.tryToFreeMemCgroupPages(memcg, n, gfp, task, cost);
    const Tick stall = cost.cpu + 1 + cost.throttle;
    if (task) {
        // A memstall (psi_memstall_enter() around try_to_free_mem_cgroup_pages()).
        task->busyUntil = begin + stall;
        task->reclaimCpuUntil = begin + cost.cpu + 1;
        task->reclaimCpuShare = m_k.reclaimerCpuShare;
        m_k.psi.noteBlocked(static_cast<int>(task - m_k.processes.data()), begin, begin + stall, true, true);
        task->stallTotal += stall;
    }
    m_k.recordAt(begin,
        ev::MemcgReclaim { m_k.taskOf(task), group(memcg).path, n, reclaimed, cost.scanned, stall,
            group(memcg).memory.usage, group(memcg).memory.max });
    return reclaimed;
}

bool MemControl::memcgOom(int memcg, std::uint32_t gfp, int order, Process* task)
{
    // memcontrol.c:mem_cgroup_oom(): never for costly orders (a THP charge fails and falls back).
    if (order > kPageAllocCostlyOrder)
        return false;
    memoryEvent(memcg, MemcgEvent::Oom);
    const PageCounter& c = group(memcg).memory;
    if (c.max > c.usage && c.max - c.usage >= (Pages { 1 } << order))
        return true; // mem_cgroup_out_of_memory(): a margin appeared meanwhile
    return m_k.oom.memcgOutOfMemory(memcg, gfp, order, task);
}

bool MemControl::tryCharge(int memcg, Pages n, std::uint32_t gfp, Process* task, ChargeResult& result)
{
    // memcontrol.c:try_charge_memcg(). The per-CPU stock is not modelled: every charge goes to the
    // counters (docs/engine-model.md).
    int retries = kMaxReclaimRetries;
    bool drained = false;
    bool passedOom = false;
    bool maxEventRaised = false;
    int overLimit = -1;
    for (;;) {
        overLimit = counterTryCharge(memcg, n, false);
        if (overLimit < 0) {
            result = ChargeResult::Charged;
            return true;
        }
        if (!(gfp & gfp::kDirectReclaim))
            break;
        memoryEvent(overLimit, MemcgEvent::Max);
        maxEventRaised = true;
        const Pages reclaimed = reclaim(overLimit, n, gfp, task);
        const PageCounter& c = group(overLimit).memory;
        if (c.max > c.usage && c.max - c.usage >= n)
            continue;
        if (!drained) {
            drained = true; // drain_all_stock(): nothing to drain without a stock, but the pass is taken
            continue;
        }
        if (gfp & gfp::kNoretry)
            break;
        if (reclaimed && n <= (Pages { 1 } << kPageAllocCostlyOrder))
            continue;
        if (retries-- > 0)
            continue;
        if (gfp & gfp::kRetryMayfail)
            break;
        if (passedOom && task && task->oomVictim)
            break;
        const int order = n >= kHpagePmdNr ? kHpagePmdOrder : 0;
        if (memcgOom(overLimit, gfp, order, task)) {
            // A victim was killed or is exiting: the kernel retries at once; here the task sleeps a
            // jiffy first, so that the victim's memory is released in simulated time.
            passedOom = true;
            result = ChargeResult::Retry;
            return false;
        }
        break;
    }
    // nomem: __GFP_NOFAIL and __GFP_HIGH go over the limit; the others get -ENOMEM.
    if (gfp & (gfp::kNofail | gfp::kHigh)) {
        if (!maxEventRaised && overLimit > 0)
            memoryEvent(overLimit, MemcgEvent::Max);
        counterCharge(memcg, n, false);
        result = ChargeResult::Charged;
        return true;
    }
    // A fault's VM_FAULT_OOM: pagefault_out_of_memory() retries it; a THP charge falls back.
    result = n >= kHpagePmdNr || (gfp & gfp::kNoretry) ? ChargeResult::Failed : ChargeResult::Retry;
    return false;
}

MemControl::ChargeResult MemControl::chargeFolio(
    FrameIndex frame, Pages n, int memcg, Process* task, std::uint32_t gfp)
{
    if (memcg == 0 || !enabled())
        return ChargeResult::Charged;
    ChargeResult result = ChargeResult::Charged;
    if (!tryCharge(memcg, n, gfp, task, result))
        return result;
    for (FrameIndex f = frame; f < frame + static_cast<FrameIndex>(n); ++f)
        m_k.frames.memcg[f] = static_cast<std::uint8_t>(memcg);
    // The memory.high check of done_restock(), here per charge: the stock would run it once per 64
    // pages, which handleOverHigh() keeps by acting on 64 pages over at a time.
    if (task) {
        for (int id = memcg; id > 0; id = group(id).parent) {
            if (group(id).memory.usage > group(id).memory.high) {
                task->memcgNrPagesOverHigh += n;
                break;
            }
        }
        if (task->memcgNrPagesOverHigh >= kMemcgChargeBatch)
            handleOverHigh(*task);
    }
    return ChargeResult::Charged;
}

void MemControl::unchargePages(FrameIndex frame, Pages n)
{
    const int memcg = m_k.frames.memcg[frame];
    counterUncharge(memcg, n, false);
    for (FrameIndex f = frame; f < frame + static_cast<FrameIndex>(n); ++f)
        m_k.frames.memcg[f] = 0;
}

std::uint64_t memcgOverage(Pages usage, Pages high)
{
    // memcontrol.c:calculate_overage(): how far usage is over high, in 1/2^20 (MEMCG_DELAY_PRECISION_SHIFT).
    if (usage <= high)
        return 0;
    const Pages h = std::max<Pages>(high, 1);
    return ((usage - h) << 20) / h;
}

std::uint64_t calculateHighDelay(std::uint64_t maxOverage, Pages nrPages)
{
    // memcontrol.c:calculate_high_delay(): quadratic in the overage, in jiffies.
    if (maxOverage == 0)
        return 0;
    std::uint64_t penalty = maxOverage * maxOverage * kHz;
    penalty >>= 20; // MEMCG_DELAY_PRECISION_SHIFT
    penalty >>= 14; // MEMCG_DELAY_SCALING_SHIFT
    return penalty * nrPages / kMemcgChargeBatch;
}

void MemControl::handleOverHigh(Process& task)
{
    // memcontrol.c:mem_cgroup_handle_over_high(): reclaim every level over high, then sleep the
    // penalty for the worst overage (at most 2 s) unless it is at most 2 jiffies.
    const Pages nr = task.memcgNrPagesOverHigh;
    task.memcgNrPagesOverHigh = 0;
    if (nr == 0 || task.memcg == 0)
        return;
    const int memcg = task.memcg;
    int retries = kMaxReclaimRetries;
    bool inRetry = false;
    for (;;) {
        Pages reclaimed = 0;
        // reclaim_high()
        for (int id = memcg; id > 0; id = group(id).parent) {
            if (group(id).memory.usage <= group(id).memory.high)
                continue;
            memoryEvent(id, MemcgEvent::High);
            reclaimed += reclaim(id, inRetry ? kSwapClusterMax : nr, gfp::kKernel, &task);
        }
        std::uint64_t memOverage = 0;
        std::uint64_t swapOverage = 0;
        for (int id = memcg; id > 0; id = group(id).parent) {
            memOverage = std::max(memOverage, memcgOverage(group(id).memory.usage, group(id).memory.high));
            const std::uint64_t so = memcgOverage(group(id).swap.usage, group(id).swap.high);
            if (so > 0)
                ++group(id).swapEvents[static_cast<std::size_t>(MemcgSwapEvent::High)];
            swapOverage = std::max(swapOverage, so);
        }
        std::uint64_t penalty = calculateHighDelay(memOverage, nr) + calculateHighDelay(swapOverage, nr);
        penalty = std::min<std::uint64_t>(penalty, 2 * kHz); // MEMCG_MAX_HIGH_DELAY_JIFFIES
        if (penalty <= kHz / 100)
            return;
        if (reclaimed || retries-- > 0) {
            inRetry = true;
            continue;
        }
        const Tick from = std::max(m_k.now, task.busyUntil);
        const Tick sleep = static_cast<Tick>(penalty) * kJiffy;
        task.busyUntil = from + sleep;
        m_k.psi.noteBlocked(static_cast<int>(&task - m_k.processes.data()), from, from + sleep, true, false);
        task.stallTotal += sleep;
        m_k.recordAt(from,
            ev::MemcgHighThrottle { m_k.taskOf(&task), group(memcg).path, sleep, group(memcg).memory.usage,
                group(memcg).memory.high });
        return;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Swap

int MemControl::swapOwner(std::uint32_t entry) const
{
    const std::size_t dev = swapDevice(entry);
    if (dev >= m_swapOwner.size() || swapSlot(entry) >= m_swapOwner[dev].size())
        return 0;
    return m_swapOwner[dev][swapSlot(entry)];
}

Pages MemControl::nrSwapPages(int memcg) const
{
    Pages free = m_k.swap.freePages();
    if (!enabled())
        return free;
    for (int id = memcg; id > 0; id = group(id).parent) {
        const PageCounter& c = group(id).swap;
        free = std::min(free, c.max > c.usage ? c.max - c.usage : 0);
    }
    return free;
}

bool MemControl::chargeSwap(FrameIndex frame, std::uint32_t entry)
{
    // memcontrol.c:__mem_cgroup_try_charge_swap(): the folio's cgroup pays for its slot.
    const int memcg = m_k.frames.memcgOf(frame);
    if (memcg == 0)
        return true;
    const Pages n = m_k.frames.folioNrPages(frame);
    if (const int refused = counterTryCharge(memcg, n, true); refused >= 0) {
        ++group(refused).swapEvents[static_cast<std::size_t>(MemcgSwapEvent::Max)];
        ++group(refused).swapEvents[static_cast<std::size_t>(MemcgSwapEvent::Fail)];
        return false;
    }
    const std::size_t dev = swapDevice(entry);
    if (m_swapOwner.size() <= dev)
        m_swapOwner.resize(dev + 1);
    auto& owners = m_swapOwner[dev];
    if (owners.size() <= swapSlot(entry))
        owners.resize(m_k.swap.device(dev).swapMap.size());
    owners[swapSlot(entry)] = static_cast<std::uint8_t>(memcg);
    return true;
}

void MemControl::unchargeSwap(std::uint32_t entry)
{
    const int memcg = swapOwner(entry);
    if (memcg == 0)
        return;
    m_swapOwner[swapDevice(entry)][swapSlot(entry)] = 0;
    counterUncharge(memcg, 1, true);
}

// ---------------------------------------------------------------------------------------------------------
// Protection

Pages effectiveProtection(Pages usage, Pages setting, Pages parentEffective, Pages siblingsProtected)
{
    // memcontrol.c:effective_protection() without memory_recursiveprot (the kernel's default mount):
    // the children share the parent's protection in proportion to their protected usage.
    const Pages protectedUsage = std::min(usage, setting);
    if (siblingsProtected > parentEffective)
        return protectedUsage * parentEffective / siblingsProtected;
    return protectedUsage;
}

void MemControl::calculateProtection(int root, int memcg)
{
    // memcontrol.c:mem_cgroup_calculate_protection()
    MemCgroup& g = group(memcg);
    if (memcg == root || g.memory.usage == 0)
        return;
    // The target's children take their own settings (the reclaim is about the target, not above it).
    const int parent = g.parent;
    if (parent == root) {
        g.memory.emin = g.memory.min;
        g.memory.elow = g.memory.low;
        return;
    }
    const PageCounter& p = group(parent).memory;
    g.memory.emin = effectiveProtection(g.memory.usage, g.memory.min, p.emin, p.childrenMinUsage);
    g.memory.elow = effectiveProtection(g.memory.usage, g.memory.low, p.elow, p.childrenLowUsage);
}

bool MemControl::belowMin(int, int memcg) const
{
    // memcontrol.h:mem_cgroup_below_min(); 6.1 tests the reclaim target too, on its stale emin.
    return memcg != 0 && group(memcg).memory.emin >= group(memcg).memory.usage;
}

bool MemControl::belowLow(int, int memcg) const
{
    return memcg != 0 && group(memcg).memory.elow >= group(memcg).memory.usage;
}

std::pair<Pages, Pages> MemControl::protection(int target, int memcg) const
{
    if (memcg == 0 || memcg == target)
        return { 0, 0 };
    return { group(memcg).memory.emin, group(memcg).memory.elow };
}

Pages MemControl::maxPages(int memcg) const
{
    // mem_cgroup_get_max()
    const MemCgroup& g = group(memcg);
    Pages max = g.memory.max;
    if (m_k.tunables.swappiness)
        max += std::min(g.swap.max, m_k.swap.totalPages());
    return max;
}

// ---------------------------------------------------------------------------------------------------------
// Live writes

std::optional<std::string> MemControl::write(const SetCgroup& w)
{
    const auto found = find(w.path);
    if (!found)
        return "unknown cgroup " + w.path;
    const int memcg = *found;
    MemCgroup& g = group(memcg);
    if (memcg == 0 && (w.max || w.high || w.low || w.min || w.swapMax || w.oomGroup))
        return "the root cgroup has no memory limit files";
    if (w.max) {
        // memory_max_write(): reclaim down to the new limit, then OOM-kill inside the cgroup.
        g.memory.max = *w.max;
        int retries = kMaxReclaimRetries;
        while (g.memory.usage > g.memory.max && !m_k.stopped) {
            if (retries > 0) {
                if (!reclaim(memcg, g.memory.usage - g.memory.max, gfp::kKernel, nullptr))
                    --retries;
                continue;
            }
            // The kernel kills until the usage fits; a victim's memory is freed over simulated time
            // here, so the write kills once and the cgroup's next charges reclaim or kill again.
            memoryEvent(memcg, MemcgEvent::Oom);
            m_k.oom.memcgOutOfMemory(memcg, gfp::kKernel, 0, nullptr);
            break;
        }
    }
    if (w.high) {
        // memory_high_write(): reclaim down to it; never an OOM.
        g.memory.high = *w.high;
        int retries = kMaxReclaimRetries;
        while (g.memory.usage > g.memory.high && !m_k.stopped) {
            const Pages r = reclaim(memcg, g.memory.usage - g.memory.high, gfp::kKernel, nullptr);
            if (!r && !retries--)
                break;
        }
    }
    if (w.low) {
        g.memory.low = *w.low;
        propagateProtectedUsage(memcg);
    }
    if (w.min) {
        g.memory.min = *w.min;
        propagateProtectedUsage(memcg);
    }
    if (w.swapMax)
        g.swap.max = *w.swapMax;
    if (w.oomGroup)
        g.oomGroup = *w.oomGroup;
    if (w.reclaim)
        return proactiveReclaim(memcg, *w.reclaim);
    return std::nullopt;
}

std::optional<std::string> MemControl::proactiveReclaim(int memcg, Pages target)
{
    // memcontrol.c:memory_reclaim(): reclaim until `target` pages came back; a call that reclaims
    // nothing uses one of 16 retries, and the 17th such call fails the write with -EAGAIN. It never
    // OOM-kills and raises no memory.events. The writer's own time is not modelled.
    Pages reclaimed = 0;
    int retries = kMaxReclaimRetries;
    while (reclaimed < target && !m_k.stopped) {
        const Pages r = reclaim(memcg, target - reclaimed, gfp::kKernel, nullptr);
        if (!r && !retries--)
            return "memory.reclaim of " + group(memcg).path + ": -EAGAIN after reclaiming "
                + std::to_string(reclaimed) + " of " + std::to_string(target) + " pages";
        reclaimed += r;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------
// Views

std::string MemControl::limitText(Pages pages)
{
    return pages >= kPageCounterMax ? "max" : std::to_string(pages * kPageSize);
}

std::string MemControl::memoryEvents(int memcg, bool local) const
{
    const auto& counts = local ? group(memcg).eventsLocal : group(memcg).events;
    std::string out;
    for (std::size_t e = 0; e < kNrMemcgEvents; ++e)
        out +=
            std::string(memcgEventName(static_cast<MemcgEvent>(e))) + " " + std::to_string(counts[e]) + "\n";
    return out;
}

std::string MemControl::swapEvents(int memcg) const
{
    const auto& e = group(memcg).swapEvents;
    return "high " + std::to_string(e[0]) + "\nmax " + std::to_string(e[1]) + "\nfail " + std::to_string(e[2])
        + "\n";
}

std::vector<MemControl::PageStats> MemControl::pageStats() const
{
    // The page states come from a walk of the charged frames.
    std::vector<PageStats> stats(m_groups.size());
    const FrameStore& frames = m_k.frames;
    if (frames.memcg.empty())
        return stats;
    for (FrameIndex f = 0; f < frames.size(); ++f) {
        // A free frame's id is not kept: look at the held ones only.
        if (!frames.managed(f) || frames.stateOf(f) == FrameState::Free || frames.memcg[f] == 0)
            continue;
        PageStats& st = stats[frames.memcg[f]];
        const PageFlags flags = frames.flags[f];
        if (flags & kPgSwapcache)
            ++st.swapcached;
        if (!(flags & kPgSwapbacked)) {
            ++st.file;
            st.fileMapped += (flags & kPteMapped) ? 1 : 0;
            st.fileDirty += (flags & kPgDirty) ? 1 : 0;
            st.fileWriteback += (flags & kPgWriteback) ? 1 : 0;
            continue;
        }
        const MappingIndex m = frames.mapping[f];
        if (m == kNoMapping)
            continue;
        // Mapped anon: the region's entry for this page still points at it (not only the swap cache).
        const FrameIndex head = (flags & kPgTail) ? f - f % static_cast<FrameIndex>(kHpagePmdNr) : f;
        const std::uint32_t e = m_k.mappings[m].entries.get(frames.offset[head] + (f - head));
        if (detail::isResident(e)) {
            ++st.anon;
            st.anonThp += (flags & (kPgHead | kPgTail)) ? 1 : 0;
        }
    }
    return stats;
}

std::string MemControl::memoryStat(int memcg, const std::vector<PageStats>& local) const
{
    // memcontrol.c:memory_stat_format(): the subtree's pages by state (bytes), then event counts. Kernel
    // memory (slab, stacks, page tables, sockets) is not charged in the model and reads 0.
    PageStats sum;
    for (int id = memcg; id >= 0; id = iterNext(id, memcg)) {
        const PageStats& st = local[static_cast<std::size_t>(id)];
        sum.anon += st.anon;
        sum.file += st.file;
        sum.fileMapped += st.fileMapped;
        sum.fileDirty += st.fileDirty;
        sum.fileWriteback += st.fileWriteback;
        sum.swapcached += st.swapcached;
        sum.anonThp += st.anonThp;
    }
    const auto [anon, file, fileMapped, fileDirty, fileWriteback, swapcached, anonThp] = sum;
    std::array<Pages, kNrLruLists> lru {};
    for (const Node& node : m_k.nodes) {
        for (int l = 0; l < kNrLruLists; ++l)
            lru[static_cast<std::size_t>(l)] += subtreeLruSize(memcg, node, static_cast<LruList>(l));
    }
    const auto c = [&](MemcgCount count) { return subtreeCount(memcg, count); };
    std::string out;
    const auto line = [&](const char* name, std::uint64_t value) {
        out += name;
        out += ' ';
        out += std::to_string(value);
        out += '\n';
    };
    const auto bytes = [&](const char* name, Pages pages) { line(name, pages * kPageSize); };
    bytes("anon", anon);
    bytes("file", file);
    for (const char* zero : { "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
             "vmalloc", "shmem", "zswap", "zswapped" })
        line(zero, 0);
    bytes("file_mapped", fileMapped);
    bytes("file_dirty", fileDirty);
    bytes("file_writeback", fileWriteback);
    bytes("swapcached", swapcached);
    bytes("anon_thp", anonThp);
    line("file_thp", 0);
    line("shmem_thp", 0);
    bytes("inactive_anon", lru[0]);
    bytes("active_anon", lru[1]);
    bytes("inactive_file", lru[2]);
    bytes("active_file", lru[3]);
    bytes("unevictable", lru[4]);
    line("slab_reclaimable", 0);
    line("slab_unreclaimable", 0);
    line("slab", 0);
    line("workingset_refault_anon", c(MemcgCount::WorkingsetRefaultAnon));
    line("workingset_refault_file", c(MemcgCount::WorkingsetRefaultFile));
    line("workingset_activate_anon", c(MemcgCount::WorkingsetActivateAnon));
    line("workingset_activate_file", c(MemcgCount::WorkingsetActivateFile));
    line("workingset_restore_anon", 0);
    line("workingset_restore_file", 0);
    line("workingset_nodereclaim", 0);
    line("pgscan", c(MemcgCount::PgscanKswapd) + c(MemcgCount::PgscanDirect));
    line("pgsteal", c(MemcgCount::PgstealKswapd) + c(MemcgCount::PgstealDirect));
    line("pgscan_kswapd", c(MemcgCount::PgscanKswapd));
    line("pgscan_direct", c(MemcgCount::PgscanDirect));
    line("pgsteal_kswapd", c(MemcgCount::PgstealKswapd));
    line("pgsteal_direct", c(MemcgCount::PgstealDirect));
    line("pgfault", c(MemcgCount::Pgfault));
    line("pgmajfault", c(MemcgCount::Pgmajfault));
    line("pgrefill", c(MemcgCount::Pgrefill));
    line("pgactivate", c(MemcgCount::Pgactivate));
    line("pgdeactivate", c(MemcgCount::Pgdeactivate));
    for (const char* zero : { "pglazyfree", "pglazyfreed", "zswpin", "zswpout" })
        line(zero, 0);
    line("thp_fault_alloc", c(MemcgCount::ThpFaultAlloc));
    line("thp_collapse_alloc", c(MemcgCount::ThpCollapseAlloc));
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Invariants

std::string MemControl::checkCharges() const
{
    if (!enabled())
        return {};
    std::vector<Pages> memory(m_groups.size());
    std::vector<Pages> swap(m_groups.size());
    const FrameStore& frames = m_k.frames;
    for (FrameIndex f = 0; f < frames.size(); ++f) {
        if (frames.managed(f) && frames.stateOf(f) != FrameState::Free && frames.memcg[f] != 0)
            ++memory[frames.memcg[f]];
    }
    for (const auto& owners : m_swapOwner) {
        for (const std::uint8_t owner : owners) {
            if (owner)
                ++swap[owner];
        }
    }
    // Children come after their parents: sum backwards.
    for (std::size_t id = m_groups.size() - 1; id > 0; --id) {
        const MemCgroup& g = m_groups[id];
        if (g.memory.usage != memory[id])
            return "cgroup " + g.path + " memory.current is " + std::to_string(g.memory.usage)
                + " pages but its pages charged are " + std::to_string(memory[id]);
        if (g.swap.usage != swap[id])
            return "cgroup " + g.path + " memory.swap.current is " + std::to_string(g.swap.usage)
                + " pages but its swap slots charged are " + std::to_string(swap[id]);
        memory[static_cast<std::size_t>(g.parent)] += memory[id];
        swap[static_cast<std::size_t>(g.parent)] += swap[id];
    }
    if (m_groups[0].memory.usage != memory[0])
        return "the root cgroup's usage differs from its children's";
    return {};
}

} // namespace rlab::engine
