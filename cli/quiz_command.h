// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rlab::cli {

/// `reclaimlab-cli quiz TOPIC --seed N [--answers] [--json] [--lang en|zh_CN]`: prints a problem drawn
/// from the seed (and its answer), as text or one JSON object (docs/quiz.md). `args` are the
/// arguments after "quiz". Returns the exit status: 0, or 2 after a one-line error on `err`.
int quizCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The usage text of `quiz --help`.
const char* quizUsage();

} // namespace rlab::cli
