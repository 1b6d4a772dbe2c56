// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli compare-recording ...`: `args` is everything after the command. Returns the exit status.
int compareRecordingCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
void printCompareRecordingHelp(std::ostream& os);

} // namespace rlab::cli
