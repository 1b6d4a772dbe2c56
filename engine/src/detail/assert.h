// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace rlab::engine::detail {

/// A broken engine invariant is a programmer error: it throws, so tests fail loudly and the GUI can
/// report it, instead of the process aborting.
[[noreturn]] inline void assertFailed(const char* condition, const char* file, int line)
{
    throw std::logic_error(
        std::string("RLAB_ASSERT(") + condition + ") failed at " + file + ":" + std::to_string(line));
}

} // namespace rlab::engine::detail

#define RLAB_ASSERT(cond)                                                                                    \
    ((cond) ? static_cast<void>(0) : ::rlab::engine::detail::assertFailed(#cond, __FILE__, __LINE__))
