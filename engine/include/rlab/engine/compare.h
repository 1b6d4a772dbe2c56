// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Variants of a scenario run on one clock, and what differs at their end: `reclaimlab-cli compare` and the
// app's Simulation > Compare with a Variant.

#include "rlab/engine/recorder.h"
#include "rlab/engine/scenario.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

struct Variant
{
    std::string label; ///< "vm.swappiness=100"
    Scenario scenario;
};

struct VariantRun
{
    std::string label;
    Recording recording; ///< its samples every `sample` of runVariant()
    std::string csv; ///< the samples as timeseries.csv
    Tick end = 0; ///< where it ended: the requested end, or where it stopped
    std::string stopReason; ///< empty unless the simulation stopped early
};

/// Runs one variant from time 0 to `end` (seed: the scenario's unless given), sampled every `sample`.
/// `keepGoing` is asked between batches of steps; returning false abandons the run (nullopt).
VariantRun runVariant(const Variant& variant, std::optional<std::uint64_t> seed, Tick end, Tick sample,
    std::uint64_t memoryLimit, const std::function<bool()>& keepGoing = {});

/// The variants' end states side by side: one row per timeseries.csv column every run has (in the first
/// run's column order), its value at the end of each run, then each run's difference from the first.
/// The header names the runs ("column","A","B","B - A").
std::string differencesCsv(const std::vector<VariantRun>& runs);

/// The same table as rows of cells (the header first), for views.
std::vector<std::vector<std::string>> differencesTable(const std::vector<VariantRun>& runs);

} // namespace rlab::engine
