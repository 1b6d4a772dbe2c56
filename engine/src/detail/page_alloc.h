// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "detail/compaction.h"
#include "rlab/engine/machine.h"

#include <vector>

namespace rlab::engine {

struct Kernel;

/// One allocation: what __alloc_pages() is asked for.
struct AllocRequest
{
    int highestZoneidx = 3; ///< gfp_zone(): Movable for GFP_HIGHUSER_MOVABLE
    bool userPage = true; ///< GFP_HIGHUSER_MOVABLE vs GFP_KERNEL
    int node = 0;
    Process* process = nullptr; ///< allocating task (stalls, events); nullptr = kernel thread
    const char* kthread = "kernel"; ///< the kernel thread's name in events, when process is nullptr
    std::uint32_t gfp = 0x140dca; ///< the gfp mask (anon fault by default)
    int order = 0; ///< 2^order contiguous pages
};

/// How an allocation that returned no page ended.
enum class AllocFailure : std::uint8_t
{
    Retry, ///< the task waits (throttled, or an OOM victim is exiting) and faults again
    Failed, ///< __alloc_pages() returned NULL: the caller sees the failure (warn_alloc printed)
};

/// The zoned page allocator of mm/page_alloc.c: zonelists, watermarks, the fast path, and the slow
/// path with kswapd wake-ups, direct reclaim, retries, the highatomic reserve and the OOM killer.
class PageAllocator
{
public:
    explicit PageAllocator(Kernel& kernel)
        : m_k(kernel)
    {}
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);

    /// __alloc_pages(): the first frame of 2^order pages, or kNoFrame; then `failure` says whether the
    /// caller should wait and retry or has a failed allocation.
    FrameIndex allocPages(const AllocRequest& request, AllocFailure& failure);
    FrameIndex allocPage(const AllocRequest& request)
    {
        AllocFailure failure {};
        return allocPages(request, failure);
    }
    /// node_zonelist(): built once per (node, highest_zoneidx) at boot; with __GFP_THISNODE the node's
    /// own zones only.
    const std::vector<Zone*>& zonelist(int node, int highestZoneidx, std::uint32_t gfpMask);
    void buildZonelists();
    /// __setup_per_zone_wmarks() and, when asked, setup_per_zone_lowmem_reserve(), then
    /// calculate_totalreserve_pages().
    void recomputeWatermarks(bool lowmemReserveToo);
    Pages zoneReclaimablePages(const Zone& zone) const;
    /// allow_direct_reclaim(): false while the node's free pages are below half its min marks.
    bool allowDirectReclaim(Node& node);

private:
    FrameIndex getPageFromFreelist(const AllocRequest& request, unsigned allocFlags);
    unsigned allocFlagsNofragment(const AllocRequest& request);
    FrameIndex allocSlowpath(const AllocRequest& request, AllocFailure& failure);
    bool shouldReclaimRetry(
        const AllocRequest& request, unsigned allocFlags, bool didProgress, int& noProgressLoops);
    /// __alloc_pages_direct_compact(): compaction, then the free lists; counts compact_stall and
    /// compact_success or compact_fail.
    FrameIndex directCompact(
        const AllocRequest& request, unsigned allocFlags, CompactPriority priority, CompactResult& result);
    /// unreserve_highatomic_pageblock() over the request's zonelist.
    bool unreserveHighatomic(const AllocRequest& request, bool force);
    /// warn_alloc("page allocation failure"), at most once per 10 s as its ratelimit allows.
    void warnAlloc(const AllocRequest& request);
    /// The task events name: the process, or the kernel thread (pid 0).
    static ev::Task taskOf(const AllocRequest& request);

    Kernel& m_k;
    std::vector<std::vector<Zone*>> m_zonelists; ///< [node * kMaxNrZones + highest_zoneidx], then NOFALLBACK
    std::vector<bool> m_noFragment; ///< alloc_flags_nofragment() of each zonelist's preferred zone
    Tick m_warnAllocBegin = 0; ///< warn_alloc()'s ratelimit interval start (nopage_rs)
    bool m_warnAllocPrinted = false; ///< one message printed in this interval
    int m_warnAllocMissed = 0; ///< calls suppressed in this interval
};

} // namespace rlab::engine
