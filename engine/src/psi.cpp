// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/psi.h"

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

} // namespace rlab::engine
