// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli record [--interval TIME] [--duration TIME] [--out DIR] [--proc DIR]`: samples a real
/// machine's /proc/vmstat, zoneinfo, meminfo and pressure/memory every interval into DIR, in the files
/// of a kernel-lab recording (tools/kernel-lab/README.md), so loadKernelRecording() and
/// `compare-recording` read it. `args` are the arguments after "record". Returns the exit status: 0
/// (also when Ctrl-C ended it early); 1 when DIR cannot be written; 2 on bad usage or an unreadable
/// /proc file.
int recordCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The text of `record --help`.
const char* recordUsage();

} // namespace rlab::cli
