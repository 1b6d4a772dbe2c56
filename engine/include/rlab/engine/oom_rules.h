// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/units.h"

#include <cstdint>
#include <optional>

namespace rlab::engine {

inline constexpr int kOomScoreAdjMin = -1000;
inline constexpr int kOomScoreAdjMax = 1000;

/// What oom_badness() reads of one task.
struct OomTaskInput
{
    Pages rss = 0; ///< get_mm_rss(): MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES
    Pages swapEnts = 0; ///< MM_SWAPENTS
    std::uint64_t pgtablesBytes = 0; ///< mm_pgtables_bytes()
    int oomScoreAdj = 0;
    bool unkillable = false; ///< init or a kernel thread
    bool oomSkip = false; ///< MMF_OOM_SKIP: already reaped
};

/// Models mm/oom_kill.c:oom_badness() of 6.1: rss + swap entries + page-table pages, plus
/// oom_score_adj * (totalpages / 1000). nullopt is the kernel's LONG_MIN: never chosen.
std::optional<std::int64_t> oomBadness(const OomTaskInput& task, Pages totalpages);

/// Models fs/proc/base.c:proc_oom_score(): (1000 + badness * 1000 / totalpages) * 2 / 3, 0 for LONG_MIN.
std::int64_t procOomScore(std::optional<std::int64_t> badness, Pages totalpages);

} // namespace rlab::engine
