// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace rlab::engine {

/// The whole of `text` as a T, as std::from_chars reads it (no spaces, no '+', no sign for unsigned
/// types), or nullopt when it is empty, malformed, out of T's range or followed by anything.
template<class T>
std::optional<T> parseNumber(std::string_view text)
{
    T value {};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc {} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace rlab::engine
