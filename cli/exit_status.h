// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace rlab::cli {

/// Exit statuses of every command (`reclaimlab-cli --help` lists them).
inline constexpr int kExitOk = 0;
inline constexpr int kExitIo = 1; ///< an output file could not be written (lesson check: a lesson failed)
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInvariant = 3; ///< an engine invariant broke or an assertion failed

} // namespace rlab::cli
