// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// JSON text written by hand (fixed key order, locale-free), shared by the CLI's commands.

#include <string>
#include <string_view>

namespace rlab::cli {

/// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
/// UTF-8 passed through.
inline void appendJsonString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[u >> 4]);
                out.push_back(kHex[u & 0xf]);
            } else {
                out.push_back(c); // UTF-8 passes through
            }
        }
    }
    out.push_back('"');
}

} // namespace rlab::cli
