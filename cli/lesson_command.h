// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli lesson ...`: `args` is everything after "lesson". Returns the exit status.
int lessonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
void printLessonHelp(std::ostream& os);

} // namespace rlab::cli
