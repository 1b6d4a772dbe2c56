// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Homework problems in the spirit of OSTEP's simulators: a seed draws a problem, and the answer comes
// from the engine's own rule functions (watermarks.h, oom_rules.h, reclaim_rules.h). The same seed
// gives the same problem on every machine: all randomness goes through engine::Rng.

#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/tunables.h"
#include "rlab/engine/units.h"
#include "rlab/engine/watermarks.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

enum class QuizTopic : std::uint8_t
{
    Watermarks, ///< __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve()
    OomScore, ///< oom_badness(), proc_oom_score() and select_bad_process()
    ScanCount, ///< get_scan_count()
    Refault, ///< workingset_refault()
};
inline constexpr std::array<QuizTopic, 4> kQuizTopics { QuizTopic::Watermarks, QuizTopic::OomScore,
    QuizTopic::ScanCount, QuizTopic::Refault };

const char* quizTopicName(QuizTopic topic); ///< "watermarks", "oom-score", "scan-count", "refault"
std::optional<QuizTopic> findQuizTopic(std::string_view name);

// ---------------------------------------------------------------------------------------------------------
// watermarks

struct WatermarkProblem
{
    int nodes = 1;
    std::uint64_t nodeRamMib = 0; ///< RAM of each node
    std::vector<ZoneSize> zones; ///< node by node, zone types ascending; only populated zones
    /// vm.min_free_kbytes as written by the user; nullopt: never written, the boot default applies.
    std::optional<std::int64_t> userMinFreeKbytes;
    bool thpConfigured = true; ///< transparent_hugepage=always (else never); matters for the default
    int watermarkScaleFactor = 10;
    std::array<int, kMaxNrZones> lowmemReserveRatio {};
};

struct WatermarkAnswer
{
    bool thpEnabled = false; ///< thpEnabledAtBoot(): THP stays on (≥ 512 MiB)
    std::int64_t sqrtRuleKbytes = 0; ///< calculate_min_free_kbytes() (used only by the default)
    std::int64_t minFreeKbytes = 0; ///< the value in effect
    Pages pagesMin = 0; ///< min_free_kbytes >> (PAGE_SHIFT - 10)
    Pages lowmemPages = 0; ///< Σ managed of the non-highmem zones (all zones on x86-64)
    std::vector<ZoneWatermarks> zones; ///< computeWatermarks(), one per problem zone
    std::vector<Pages> scaled; ///< mult_frac(managed, watermark_scale_factor, 10000) per zone
};

WatermarkProblem makeWatermarkProblem(std::uint64_t seed);
WatermarkAnswer solveWatermarkProblem(const WatermarkProblem& problem);

// ---------------------------------------------------------------------------------------------------------
// oom-score

struct OomQuizTask
{
    int pid = 0;
    std::string name;
    Pages rss = 0; ///< get_mm_rss()
    Pages swapEnts = 0; ///< MM_SWAPENTS
    std::uint64_t pgtablesBytes = 0; ///< mm_pgtables_bytes()
    int oomScoreAdj = 0;
    bool init = false; ///< pid 1: oom_unkillable_task()
};

struct OomProblem
{
    Pages totalramPages = 0; ///< totalram_pages() (MemTotal)
    Pages totalSwapPages = 0; ///< total_swap_pages (SwapTotal)
    bool statusView = false; ///< shown as /proc/<pid>/status (kB) instead of dump_tasks() (pages, bytes)
    std::vector<OomQuizTask> tasks; ///< in task-list order
};

struct OomAnswer
{
    Pages totalpages = 0; ///< totalram_pages() + total_swap_pages (global OOM, no constraint)
    std::vector<std::optional<std::int64_t>> badness; ///< oomBadness(); nullopt is LONG_MIN
    std::vector<std::int64_t> oomScore; ///< procOomScore()
    std::optional<std::size_t> victim; ///< index into tasks; nullopt: nobody is killable
    /// Earlier tasks whose badness equals the victim's: select_bad_process() passed over them.
    std::vector<std::size_t> tiedWithVictim;
};

OomProblem makeOomProblem(std::uint64_t seed);
OomAnswer solveOomProblem(const OomProblem& problem);

// ---------------------------------------------------------------------------------------------------------
// scan-count

struct ScanCountProblem
{
    ScanCountInput input; ///< maySwap is always true: plain global reclaim
};

struct ScanCountAnswer
{
    ScanCountResult result; ///< getScanCount()
    std::array<Pages, 4> shifted {}; ///< lruSizes >> priority, before the mode is applied
};

ScanCountProblem makeScanCountProblem(std::uint64_t seed);
ScanCountAnswer solveScanCountProblem(const ScanCountProblem& problem);

// ---------------------------------------------------------------------------------------------------------
// refault

/// EVICTION_MASK of the engine's shadow entries (29 bits; the kernel's is wider, same arithmetic).
inline constexpr std::uint64_t kQuizEvictionMask = (std::uint64_t { 1 } << 29) - 1;

struct RefaultProblem
{
    bool file = true; ///< a page-cache page (else anon, refaulting from swap)
    std::uint64_t eviction = 0; ///< the eviction counter packed in the shadow entry
    std::uint64_t nonresidentAge = 0; ///< lruvec->nonresident_age now
    std::array<Pages, 4> lruSizes {}; ///< inactive_anon, active_anon, inactive_file, active_file
    bool swapFree = true; ///< swap has free space
};

struct RefaultAnswer
{
    std::uint64_t distance = 0; ///< refaultDistance()
    Pages workingsetSize = 0; ///< refaultWorkingsetSize()
    bool activates = false; ///< refaultActivates()
};

RefaultProblem makeRefaultProblem(std::uint64_t seed);
RefaultAnswer solveRefaultProblem(const RefaultProblem& problem);

} // namespace rlab::engine
