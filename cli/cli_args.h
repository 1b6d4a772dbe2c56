// SPDX-License-Identifier: GPL-3.0-or-later
// Argument values every command reads the same way: seeds and counts, and times.
#pragma once

#include <rlab/engine/parse_number.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/units.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace rlab::cli {

/// A whole decimal integer 0..max, or nullopt.
inline std::optional<std::uint64_t> parseUnsigned(
    std::string_view text, std::uint64_t max = std::numeric_limits<std::uint64_t>::max())
{
    const auto value = engine::parseNumber<std::uint64_t>(text);
    return value && *value <= max ? value : std::nullopt;
}

/// The message for a --seed value parseUnsigned() refused.
inline std::string seedError(const std::string& value)
{
    return "--seed: '" + value + "' is not allowed; expected an integer 0..18446744073709551615";
}

/// A simulated time given to `flag`: whole milliseconds with a unit, above 0 unless `allowZero`, at most
/// kMaxDuration. Sets `out`, or returns the error naming the flag and what it takes.
inline std::optional<std::string> parseTimeFlag(
    const std::string& flag, const std::string& text, bool allowZero, engine::Tick& out)
{
    const auto ticks = engine::parseDuration(text);
    const std::string allowed = allowZero
        ? "expected a whole number of milliseconds with a unit, e.g. 30s, 500ms, 2m, or 0"
        : "expected a whole number of milliseconds above 0 with a unit, e.g. 100ms, 1s";
    if (!ticks || *ticks % engine::kTicksPerMs != 0 || (!allowZero && *ticks == 0))
        return flag + ": '" + text + "' is not allowed; " + allowed;
    if (*ticks > engine::kMaxDuration)
        return flag + ": '" + text + "' is too long; expected at most " + engine::maxDurationText();
    out = *ticks;
    return std::nullopt;
}

} // namespace rlab::cli
