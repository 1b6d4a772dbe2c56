// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli compare ...`: runs variants of a scenario on one clock and writes the overlay chart and
/// the difference table. `args` is everything after the command. Returns the exit status.
int compareRunsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
void printCompareRunsHelp(std::ostream& os);

} // namespace rlab::cli
