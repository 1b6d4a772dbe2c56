// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace rlab::engine {

/// A count of 4 KiB base pages (x86-64 PAGE_SHIFT = 12). Every kernel counter is in pages.
using Pages = std::uint64_t;

/// Index of a simulated frame (a managed 4 KiB page) in the machine's frame arrays.
using FrameIndex = std::uint32_t;
inline constexpr FrameIndex kNoFrame = 0xffffffffU;

/// Simulated time in microseconds since the scenario started. Never a wall clock.
using Tick = std::int64_t;
inline constexpr Tick kTicksPerMs = 1000;
inline constexpr Tick kTicksPerSecond = 1000 * kTicksPerMs;
/// One simulation step (Simulator::step()): 100 µs.
inline constexpr Tick kStepTicks = 100;
/// The longest duration a scenario or the CLI takes (about 11.6 days): every time sum stays far from
/// overflow, and a run that long is already days of wall time.
inline constexpr Tick kMaxDuration = 1'000'000 * kTicksPerSecond;
/// kMaxDuration for messages: "1000000s (about 11.6 days)".
inline std::string maxDurationText()
{
    constexpr Tick kDay = 86'400 * kTicksPerSecond;
    const Tick tenthsOfDays = (kMaxDuration * 10 + kDay / 2) / kDay;
    return std::to_string(kMaxDuration / kTicksPerSecond) + "s (about " + std::to_string(tenthsOfDays / 10)
        + "." + std::to_string(tenthsOfDays % 10) + " days)";
}

inline constexpr std::uint64_t kPageSize = 4096;
inline constexpr unsigned kPageShift = 12;

/// Kibibytes, kept apart from Pages so the two are never mixed silently.
struct Kib
{
    std::uint64_t value = 0;
    friend constexpr bool operator==(Kib, Kib) = default;
};

/// Pages to KiB: the kernel's K(x) macro, x << (PAGE_SHIFT - 10).
constexpr Kib toKib(Pages pages)
{
    return Kib { pages << (kPageShift - 10) };
}
/// KiB to pages, truncating like `min_free_kbytes >> (PAGE_SHIFT - 10)`.
constexpr Pages toPages(Kib kib)
{
    return kib.value >> (kPageShift - 10);
}

/// Whole bytes to pages, rounding up (DIV_ROUND_UP(bytes, PAGE_SIZE)).
constexpr Pages bytesToPagesRoundUp(std::uint64_t bytes)
{
    return (bytes + kPageSize - 1) / kPageSize;
}

} // namespace rlab::engine
