// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "detail/vmscan.h"
#include "rlab/engine/machine.h"

#include <vector>

namespace rlab::engine {

struct Kernel;

/// A balance_pgdat() iteration under way: kswapd_shrink_node() runs round by round in simulated time.
struct KswapdPass
{
    ScanControl sc;
    LruvecScan scan;
    Pages reclaimedBefore = 0;
    bool raisePriority = true;
    bool active = false;
};

/// The kswapd threads of mm/vmscan.c: wake-up, balance_pgdat()'s priority loop run round by round in
/// simulated time, and the nap-then-sleep protocol. Each node's state is its KswapdThread and its pass.
class Kswapd
{
public:
    /// Saves or restores the passes under way (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit Kswapd(Kernel& kernel)
        : m_k(kernel)
    {}

    /// wakeup_kswapd()
    void wakeupKswapd(Zone& zone, int order, int highestZoneidx, std::uint32_t gfpMask);
    /// One step of a node's kswapd.
    void tickKswapd(Node& node);
    /// Wakes a node's kswapd into balance_pgdat() now (wake_up(&pgdat->kswapd_wait)).
    void beginBalancePgdat(Node& node);

private:
    bool pgdatBalanced(const Node& node, int order, int highestZoneidx) const;
    bool prepareKswapdSleep(Node& node, int order, int highestZoneidx);
    /// One round of the pass under way, starting one if none is; false when balance_pgdat() returned.
    bool passRound(Node& node);
    bool beginPass(Node& node); ///< false when balance_pgdat() returned instead
    bool endPass(Node& node); ///< false when balance_pgdat() returned
    void startRound(Node& node);
    void chargeRound(Node& node);
    KswapdPass& passOf(const Node& node);
    void finishBalancePgdat(Node& node);
    void kswapdTryToSleep(Node& node);

    Kernel& m_k;
    std::vector<KswapdPass> m_passes; ///< per node
};

} // namespace rlab::engine
