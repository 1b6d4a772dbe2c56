// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <random>

namespace rlab::engine {

__extension__ using Uint128 = unsigned __int128;

/// The engine's only source of randomness, seeded by the scenario (or --seed). std::mt19937_64 is
/// specified bit-for-bit by the standard, and the helpers below avoid the library's distributions,
/// whose output differs between standard libraries.
class Rng
{
public:
    /// Saves or restores this component's state (state.h; defined in state.cpp).
    template<class Archive>
    void stateIo(Archive& ar);
    explicit Rng(std::uint64_t seed = 1)
        : m_gen(seed)
    {}
    /// Uniform integer in [0, bound) (bound > 0), by Lemire's multiply-shift with rejection.
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const auto x = static_cast<Uint128>(m_gen()) * bound;
            if (static_cast<std::uint64_t>(x) >= threshold)
                return static_cast<std::uint64_t>(x >> 64);
        }
    }
    /// The next raw 64-bit output.
    std::uint64_t next() { return m_gen(); }
    /// Uniform real in [0, 1).
    double unit() { return static_cast<double>(m_gen() >> 11) * 0x1.0p-53; }

private:
    std::mt19937_64 m_gen;
};

} // namespace rlab::engine
