// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/recorder.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rlab::engine {

/// Counters over time, from a kernel-lab recording or a simulated run, in one shape so both are measured
/// by the same code. Columns are /proc/vmstat names, "allocstall" (the sum of the allocstall_* counters),
/// and "<zone>_free", "_min", "_low", "_high" per managed zone (the timeseries.csv names: "dma32_free", or
/// "node1_dma32_free" with several nodes).
struct CounterSeries
{
    std::vector<double> tMs; ///< ms after the lab's steps started (t = 0 of the replay scenario)
    std::map<std::string, std::vector<std::int64_t>> columns;
    std::vector<std::string> zones; ///< the zone prefixes, in node and kernel order

    /// The column, or nullptr when the series has none of that name.
    const std::vector<std::int64_t>* column(const std::string& name) const;
    /// The index of the last sample at or before `t` (the first sample when none is). Precondition: a
    /// sample exists.
    std::size_t indexAt(double t) const;
};

/// A stretch of the experiment named after the program that ran in it ("rl-read-110", "rl-anon-111 ramp").
struct Phase
{
    std::string name;
    double beginMs = 0;
    double endMs = 0;
};

/// One recording of tools/kernel-lab (the TSV files parse_recording.py writes).
struct KernelRecording
{
    CounterSeries series;
    std::vector<Phase> phases; ///< from marks.txt: each program's start..done, anon ramps and holds apart
    double endMs = 0; ///< the "lab steps done" mark, or the last sample
};

/// Reads RECORDING_DIR (vmstat.tsv, zoneinfo.tsv, samples.tsv, marks.txt). On failure returns nullopt and
/// sets `error` to the file and what is wrong with it.
std::optional<KernelRecording> loadKernelRecording(const std::string& dir, std::string& error);

/// A simulated run's samples as a series (t = 0 is the scenario's start).
CounterSeries seriesFromRecording(const Recording& recording);

/// The lab samples /proc every 100 ms; replays are sampled the same way.
inline constexpr Tick kLabSampleInterval = 100 * kTicksPerMs;

/// Runs a replay scenario (validated) with its seed until `end`, sampled every kLabSampleInterval.
CounterSeries replaySeries(const Scenario& scenario, Tick end);

/// One figure the comparison is made on. NaN means "not defined" (e.g. no direct reclaim happened).
struct FidelityMetric
{
    std::string name;
    double value = 0;
};

/// The comparison figures of a series, in a fixed order: first kswapd and direct scan, the time between,
/// the first OOM kill,
/// allocstall, pgscan/pgsteal by kswapd and direct reclaim, pswpin/pswpout, workingset refaults and
/// activations, OOM kills, the largest nr_dirty and nr_writeback, kswapd episodes, per zone the lowest free
/// pages and the time spent below min and below low, and per phase the anon share of pages scanned (%).
std::vector<FidelityMetric> fidelityMetrics(const CounterSeries& series, const std::vector<Phase>& phases);

/// How close a simulated figure must be to the kernel's: within max(absolute, relative × |kernel|,
/// spreadFactor × the spread between repeated recordings).
struct FidelityTolerance
{
    double absolute = 0;
    double relative = 0;
    double spreadFactor = 2;
};

/// The stated tolerance of a metric (by its name; per-phase and per-zone metrics by their kind).
FidelityTolerance fidelityTolerance(const std::string& metric);

/// One row of a comparison: the kernel's runs, their mean and spread, the simulation, and the verdict.
struct FidelityRow
{
    std::string metric;
    std::vector<double> kernelRuns;
    double kernelMean = 0;
    double spread = 0; ///< max − min over the runs
    double simulated = 0;
    double tolerance = 0;
    /// |simulated − mean| ≤ tolerance; both undefined also holds, one undefined does not.
    bool holds = false;
};

/// Compares a simulated series with one or more recordings of the same experiment, metric by metric;
/// phases come from the first recording (the one the replay scenario was made from).
std::vector<FidelityRow> compareWithKernel(
    const std::vector<KernelRecording>& kernelRuns, const CounterSeries& simulated);

} // namespace rlab::engine
