// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli machine import [--out FILE] [--processes] [--proc DIR] [--sys DIR]`: writes a scenario
/// of the machine it runs on (or of a copy of its /proc) from /proc/zoneinfo, /proc/sys/vm, /proc/swaps,
/// /proc/meminfo and, with --processes, /proc/PID/status (docs/real-machines.md). `args` are the
/// arguments after "machine". Returns the exit status: 0; 1 when FILE cannot be written; 2 on bad usage
/// or an unreadable or unparsable input file, after one line naming the file and line on `err`.
int machineCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The text of `machine --help`.
const char* machineUsage();

} // namespace rlab::cli
