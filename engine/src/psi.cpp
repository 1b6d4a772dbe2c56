// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/psi.h"

#include <algorithm>
#include <cstdio>

namespace rlab::engine {

std::uint64_t calcLoad(std::uint64_t load, std::uint64_t exp, std::uint64_t active)
{
    std::uint64_t newload = load * exp + active * (kFixed1 - exp);
    if (active >= load)
        newload += kFixed1 - 1;
    return newload / kFixed1;
}

std::uint64_t fixedPowerInt(std::uint64_t x, unsigned n)
{
    std::uint64_t result = kFixed1;
    if (n) {
        for (;;) {
            if (n & 1) {
                result *= x;
                result += 1U << (kFshift - 1);
                result >>= kFshift;
            }
            n >>= 1;
            if (!n)
                break;
            x *= x;
            x += 1U << (kFshift - 1);
            x >>= kFshift;
        }
    }
    return result;
}

std::uint64_t calcLoadN(std::uint64_t load, std::uint64_t exp, std::uint64_t active, unsigned n)
{
    return calcLoad(load, fixedPowerInt(exp, n), active);
}

void Psi::addStall(std::uint64_t someNs, std::uint64_t fullNs)
{
    m_total[Some] += someNs;
    m_total[Full] += fullNs;
}

void Psi::update(Tick now)
{
    // kernel/sched/psi.c:update_averages() and calc_avgs(). The model runs the averaging work every
    // period, so missed_periods stays 0 and idle periods decay one at a time.
    const auto periodNs = static_cast<std::uint64_t>(now - m_lastUpdate) * 1000;
    m_lastUpdate = now;
    m_nextUpdate = now + kPsiPeriod;
    for (int s = 0; s < 2; ++s) {
        std::uint64_t sample = m_total[static_cast<std::size_t>(s)] - m_avgTotal[static_cast<std::size_t>(s)];
        if (sample > periodNs)
            sample = periodNs; // the overage is punted into the next period
        m_avgTotal[static_cast<std::size_t>(s)] += sample;
        const std::uint64_t pct = (periodNs ? sample * 100 / periodNs : 0) * kFixed1;
        auto& avg = m_avg[static_cast<std::size_t>(s)];
        avg[0] = calcLoad(avg[0], kExp10s, pct);
        avg[1] = calcLoad(avg[1], kExp60s, pct);
        avg[2] = calcLoad(avg[2], kExp300s, pct);
    }
}

std::string Psi::render() const
{
    // kernel/sched/psi.c:psi_show() with LOAD_INT/LOAD_FRAC; total in microseconds.
    std::string out;
    const char* names[2] = { "some", "full" };
    for (int s = 0; s < 2; ++s) {
        const auto& a = m_avg[static_cast<std::size_t>(s)];
        auto integer = [](std::uint64_t x) { return static_cast<unsigned long>(x >> kFshift); };
        auto frac = [](std::uint64_t x) {
            return static_cast<unsigned long>(((x & (kFixed1 - 1)) * 100) >> kFshift);
        };
        char line[160];
        std::snprintf(line, sizeof line, "%s avg10=%lu.%02lu avg60=%lu.%02lu avg300=%lu.%02lu total=%llu\n",
            names[s], integer(a[0]), frac(a[0]), integer(a[1]), frac(a[1]), integer(a[2]), frac(a[2]),
            static_cast<unsigned long long>(m_total[static_cast<std::size_t>(s)] / 1000));
        out += line;
    }
    return out;
}

void PsiTracker::noteBlocked(int owner, Tick start, Tick end, bool memstall, bool running)
{
    if (end <= start)
        return;
    // A task's waits follow each other: extend its last interval when this one continues it.
    for (auto it = m_blocked.rbegin(); it != m_blocked.rend() && it - m_blocked.rbegin() < 8; ++it) {
        if (it->owner == owner) {
            if (it->end == start && it->memstall == memstall && it->running == running) {
                it->end = end;
                return;
            }
            break;
        }
    }
    m_blocked.push_back({ owner, start, end, memstall, running });
}

void PsiTracker::account(Tick now, Tick step, const std::function<void(std::vector<int>&)>& listWorking)
{
    fold(now, now + step, listWorking);
    // psi_avgs_work() runs every PSI_FREQ, seen at the end of the step.
    if (now + step >= m_group.nextUpdate())
        m_group.update(now + step);
}

void PsiTracker::fold(Tick a, Tick b, const std::function<void(std::vector<int>&)>& listWorking)
{
    if (m_blocked.empty())
        return;
    const auto overlaps = [a, b](const BlockedInterval& iv) { return iv.end > a && iv.start < b; };
    const bool anyMemstall = std::any_of(m_blocked.begin(), m_blocked.end(),
        [&](const BlockedInterval& iv) { return iv.memstall && overlaps(iv); });
    if (!anyMemstall) {
        std::erase_if(m_blocked, [b](const BlockedInterval& iv) { return iv.end <= b; });
        return;
    }
    // kernel/sched/psi.c on one CPU: "some" while any task is in a memstall; "full" while some task is
    // and no task that has work to do is running productively (tasks waiting on I/O are not running).
    // One sweep over the interval edges keeps this O(n log n) in the number of blocked intervals.
    std::vector<int>& working = m_working;
    working.clear();
    listWorking(working);
    if (!std::is_sorted(working.begin(), working.end()))
        std::sort(working.begin(), working.end());
    working.erase(std::unique(working.begin(), working.end()), working.end());
    const auto workingSlot = [&working](int owner) -> std::ptrdiff_t {
        const auto it = std::lower_bound(working.begin(), working.end(), owner);
        return it != working.end() && *it == owner ? it - working.begin() : -1;
    };

    std::vector<int>& blockedCount = m_blockedCount; // per working task: its intervals covering now
    blockedCount.assign(working.size(), 0);
    std::size_t productive = working.size(); // working tasks with no interval covering now
    int memstalls = 0;
    const auto apply = [&](int delta, bool memstall, std::ptrdiff_t slot) {
        if (memstall)
            memstalls += delta;
        if (slot < 0)
            return;
        int& count = blockedCount[static_cast<std::size_t>(slot)];
        if (delta > 0 && count++ == 0)
            --productive;
        else if (delta < 0 && --count == 0)
            ++productive;
    };
    // Most intervals cover the whole step: they set the state at `a` and need no edge; only the edges
    // inside (a, b) are sorted.
    std::vector<Edge>& edges = m_edges;
    edges.clear();
    for (const auto& iv : m_blocked) {
        if (!overlaps(iv))
            continue;
        const std::ptrdiff_t slot = workingSlot(iv.owner);
        if (iv.start <= a)
            apply(+1, iv.memstall, slot);
        else
            edges.push_back({ iv.start, +1, iv.memstall, slot });
        if (iv.end < b)
            edges.push_back({ iv.end, -1, iv.memstall, slot });
    }
    std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) { return x.at < y.at; });

    Tick some = 0;
    Tick full = 0;
    Tick at = a;
    const auto accrue = [&](Tick until) {
        if (memstalls > 0) {
            some += until - at;
            if (productive == 0)
                full += until - at;
        }
        at = until;
    };
    for (std::size_t e = 0; e < edges.size();) {
        accrue(edges[e].at);
        // Every edge at one instant applies before the state is read: [start, end) intervals.
        for (; e < edges.size() && edges[e].at == at; ++e)
            apply(edges[e].delta, edges[e].memstall, edges[e].workingSlot);
    }
    accrue(b);
    m_group.addStall(static_cast<std::uint64_t>(some) * 1000, static_cast<std::uint64_t>(full) * 1000);
    std::erase_if(m_blocked, [b](const BlockedInterval& iv) { return iv.end <= b; });
}

std::size_t PsiTracker::memoryBytes() const
{
    return m_blocked.capacity() * sizeof(BlockedInterval) + m_edges.capacity() * sizeof(Edge)
        + m_working.capacity() * sizeof(int) + m_blockedCount.capacity() * sizeof(int);
}

} // namespace rlab::engine
