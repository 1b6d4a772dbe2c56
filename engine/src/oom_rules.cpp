// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/oom_rules.h"

namespace rlab::engine {

std::optional<std::int64_t> oomBadness(const OomTaskInput& task, Pages totalpages)
{
    if (task.unkillable || task.oomScoreAdj == kOomScoreAdjMin || task.oomSkip)
        return std::nullopt;
    auto points = static_cast<std::int64_t>(task.rss + task.swapEnts + task.pgtablesBytes / kPageSize);
    // Integer division first, then the multiply, exactly as the kernel does.
    const auto adj =
        static_cast<std::int64_t>(task.oomScoreAdj) * static_cast<std::int64_t>(totalpages / 1000);
    return points + adj;
}

std::int64_t procOomScore(std::optional<std::int64_t> badness, Pages totalpages)
{
    if (!badness || totalpages == 0)
        return 0;
    // C division truncates toward zero for the negative badness of protected tasks.
    return (1000 + *badness * 1000 / static_cast<std::int64_t>(totalpages)) * 2 / 3;
}

} // namespace rlab::engine
