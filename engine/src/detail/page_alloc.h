// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

#include <vector>

namespace rlab::engine {

struct Kernel;

/// One order-0 allocation: what __alloc_pages() is asked for.
struct AllocRequest
{
    int highestZoneidx = 3; ///< gfp_zone(): Movable for GFP_HIGHUSER_MOVABLE
    bool userPage = true; ///< GFP_HIGHUSER_MOVABLE vs GFP_KERNEL
    int node = 0;
    Process* process = nullptr; ///< allocating task (stalls, events); nullptr = kernel thread
    std::uint32_t gfp = 0x140dca; ///< gfp mask for the OOM report (anon fault by default)
};

/// The zoned page allocator of mm/page_alloc.c for order-0 pages: zonelists, watermarks, the fast
/// path, and the slow path with kswapd wake-ups, direct reclaim, retries and the OOM killer.
class PageAllocator
{
public:
    explicit PageAllocator(Kernel& kernel)
        : m_k(kernel)
    {}

    /// __alloc_pages(): a frame, or kNoFrame when the allocation failed.
    FrameIndex allocPage(const AllocRequest& request);
    /// node_zonelist(): built once per (node, highest_zoneidx) at boot.
    const std::vector<Zone*>& zonelist(int node, int highestZoneidx);
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
    FrameIndex allocSlowpath(const AllocRequest& request);
    bool shouldReclaimRetry(const AllocRequest& request, bool didProgress, int& noProgressLoops);

    Kernel& m_k;
    std::vector<std::vector<Zone*>> m_zonelists; ///< [node * kMaxNrZones + highest_zoneidx]
    std::vector<bool> m_noFragment; ///< alloc_flags_nofragment() of each zonelist's preferred zone
};

} // namespace rlab::engine
