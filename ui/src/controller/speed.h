// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <array>
#include <cstdint>

namespace rlab::ui {

/// Simulation speeds, from slow motion (one 100 µs step per second: single page moves can be
/// followed) to as fast as the machine allows. Values are simulated microseconds per wall second.
struct Speed
{
    static constexpr std::array<std::int64_t, 8> kLadder { 100, 1'000, 10'000, 100'000, 1'000'000, 4'000'000,
        20'000'000, 0 };
    static constexpr int kCount = static_cast<int>(kLadder.size());
    static constexpr int kDefault = 4; ///< real time
    static constexpr int kMax = kCount - 1;

    static std::int64_t usPerSecond(int index);
    /// Short label for the speed control, e.g. "1 step/s", "×1 (real time)", "Max".
    static QString label(int index);
    static int clampIndex(int index);
};

} // namespace rlab::ui
