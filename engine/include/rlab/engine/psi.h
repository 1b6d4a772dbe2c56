// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/units.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rlab::engine {

/// Fixed-point helpers of include/linux/sched/loadavg.h and kernel/sched/loadavg.c.
inline constexpr unsigned kFshift = 11;
inline constexpr std::uint64_t kFixed1 = 1U << kFshift;
inline constexpr std::uint64_t kExp10s = 1677; ///< 1/exp(2s/10s)
inline constexpr std::uint64_t kExp60s = 1981; ///< 1/exp(2s/60s)
inline constexpr std::uint64_t kExp300s = 2034; ///< 1/exp(2s/300s)
/// PSI_FREQ = 2*HZ+1 jiffies at HZ = 250: 2.004 s.
inline constexpr Tick kPsiPeriod = 501 * 4 * kTicksPerMs;

/// calc_load(): a1 = a0 * e + a * (1 - e), rounded up when the load rises.
std::uint64_t calcLoad(std::uint64_t load, std::uint64_t exp, std::uint64_t active);
/// fixed_power_int(x, FSHIFT, n): x^n in fixed point.
std::uint64_t fixedPowerInt(std::uint64_t x, unsigned n);
/// calc_load_n(): n periods at once.
std::uint64_t calcLoadN(std::uint64_t load, std::uint64_t exp, std::uint64_t active, unsigned n);

/// Memory pressure of one PSI group (the whole system): some and full, as kernel/sched/psi.c keeps them.
class Psi
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    enum State
    {
        Some = 0,
        Full = 1,
    };

    /// Adds stall time (ns) observed in simulated time; averages update every kPsiPeriod.
    void addStall(std::uint64_t someNs, std::uint64_t fullNs);
    /// psi_avgs_work(): at `now`, fold the period's stall time into avg10/avg60/avg300.
    void update(Tick now);

    std::uint64_t totalNs(State s) const { return m_total[s]; }
    /// avg10/avg60/avg300 in FIXED_1 fixed point of a percentage.
    const std::array<std::uint64_t, 3>& avg(State s) const { return m_avg[s]; }
    Tick nextUpdate() const { return m_nextUpdate; }

    /// psi_show(): "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull ...\n".
    std::string render() const;

private:
    std::array<std::uint64_t, 2> m_total {};
    std::array<std::uint64_t, 2> m_avgTotal {};
    std::array<std::array<std::uint64_t, 3>, 2> m_avg {};
    Tick m_lastUpdate = 0;
    Tick m_nextUpdate = kPsiPeriod;
};

/// Who is stalled when (psi_memstall_enter/leave and the task states), folded into the system's PSI
/// group once per step (kernel/sched/psi.c psi_group_change() on one CPU).
class PsiTracker
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    const Psi& group() const { return m_group; }

    /// Records that a task (process slot, or -1 - node for kswapd) could not run its work in
    /// [start, end). memstall: psi_memstall_enter() was in effect; running: it was on a CPU
    /// (reclaiming) meanwhile.
    void noteBlocked(int owner, Tick start, Tick end, bool memstall, bool running);
    /// Folds the step [now, now + step) into the group: "some" while any task is in a memstall; "full"
    /// while one is and no task with work to do runs productively. listWorking fills the slots of the
    /// tasks that have work (called only when a stall overlaps the step). Then updates the averages
    /// when their period is due.
    void account(Tick now, Tick step, const std::function<void(std::vector<int>&)>& listWorking);

    std::size_t memoryBytes() const;

private:
    void fold(Tick a, Tick b, const std::function<void(std::vector<int>&)>& listWorking);

    struct BlockedInterval
    {
        int owner;
        Tick start;
        Tick end;
        bool memstall;
        bool running;
    };
    /// Where a blocked interval starts (+1) or ends (-1) within the folded step.
    struct Edge
    {
        Tick at;
        int delta;
        bool memstall;
        std::ptrdiff_t workingSlot; ///< the owner's index in m_working, or -1 when it has no work
    };
    Psi m_group;
    std::vector<BlockedInterval> m_blocked;
    std::vector<Edge> m_edges; ///< scratch
    std::vector<int> m_working; ///< scratch
    std::vector<int> m_blockedCount; ///< scratch
};

} // namespace rlab::engine
