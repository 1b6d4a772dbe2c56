// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading a real machine's /proc (or a copy of it) for `machine import` and `record`.

#include <filesystem>
#include <optional>
#include <string>

namespace rlab::cli {

/// Reads a /proc or /sys file whole (their size is 0 until read), at most 64 MiB. Returns nullopt and
/// sets `error` to "PATH: cannot read: <reason>" when it cannot be opened or read.
std::optional<std::string> readProcFile(const std::filesystem::path& path, std::string& error);

/// The first line of a file, blanks trimmed, or `fallback` when it cannot be read or is empty
/// (sys/kernel/hostname, sys/kernel/osrelease). Bytes outside printable ASCII become '?'.
std::string procFirstLine(const std::filesystem::path& path, const std::string& fallback);

/// The current UTC time as "2026-12-02T02:30:00Z".
std::string utcNow();

} // namespace rlab::cli
