// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

namespace rlab::engine {

struct Kernel;

/// The kswapd threads of mm/vmscan.c: wake-up, balance_pgdat()'s priority loop run one pass per CPU
/// budget in simulated time, and the nap-then-sleep protocol. Each node's state is its KswapdThread.
class Kswapd
{
public:
    explicit Kswapd(Kernel& kernel)
        : m_k(kernel)
    {}

    /// wakeup_kswapd()
    void wakeupKswapd(Zone& zone, int order, int highestZoneidx);
    /// One step of a node's kswapd.
    void tickKswapd(Node& node);
    /// Wakes a node's kswapd into balance_pgdat() now (wake_up(&pgdat->kswapd_wait)).
    void beginBalancePgdat(Node& node);

private:
    bool pgdatBalanced(const Node& node, int order, int highestZoneidx) const;
    bool prepareKswapdSleep(Node& node, int order, int highestZoneidx);
    bool balancePgdatPass(Node& node); ///< one priority iteration; false when balance_pgdat returned
    void finishBalancePgdat(Node& node);
    void kswapdTryToSleep(Node& node);

    Kernel& m_k;
};

} // namespace rlab::engine
