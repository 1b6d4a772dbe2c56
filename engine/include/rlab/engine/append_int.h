// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <string>

namespace rlab::engine {

/// Appends an integer in decimal with std::to_chars: no locale changes a byte of /proc texts and CSVs.
template<std::integral Int>
void appendInt(std::string& out, Int value)
{
    std::array<char, 24> buf {};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    // (pointer, length): GCC 12 at -O3 reports a false -Wrestrict for the iterator-pair overload.
    out.append(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
}

} // namespace rlab::engine
