// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/events.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

/// /proc/vmstat counters a time series holds, in column order (timeseries.csv).
inline constexpr auto kSeriesCounters = std::to_array<std::string_view>({
    "nr_free_pages",
    "nr_inactive_anon",
    "nr_active_anon",
    "nr_inactive_file",
    "nr_active_file",
    "nr_unevictable",
    "nr_dirty",
    "nr_writeback",
    "pgpgin",
    "pgpgout",
    "pswpin",
    "pswpout",
    "pgfault",
    "pgmajfault",
    "pgscan_kswapd",
    "pgscan_direct",
    "pgsteal_kswapd",
    "pgsteal_direct",
    "pgscan_anon",
    "pgscan_file",
    "pgsteal_anon",
    "pgsteal_file",
    "pgactivate",
    "pgdeactivate",
    "pgrefill",
    "pgrotated",
    "allocstall_dma",
    "allocstall_dma32",
    "allocstall_normal",
    "allocstall_movable",
    "pageoutrun",
    "kswapd_low_wmark_hit_quickly",
    "kswapd_high_wmark_hit_quickly",
    "workingset_refault_anon",
    "workingset_refault_file",
    "workingset_activate_anon",
    "workingset_activate_file",
    "workingset_restore_anon",
    "workingset_restore_file",
    "nr_swapcached",
    "nr_vmscan_write",
    "nr_vmscan_immediate_reclaim",
    "nr_dirtied",
    "nr_written",
    "oom_kill",
    "pgmigrate_success",
    "compact_migrate_scanned",
    "compact_free_scanned",
    "compact_stall",
    "compact_fail",
    "compact_success",
    "compact_daemon_wake",
});

/// The app's plots sample every 10 ms of simulated time (the GUI worker, the charts, series.csv).
inline constexpr Tick kPlotSampleInterval = 10 * kTicksPerMs;

/// What a run's time series has columns for; fixed once the machine is built.
struct SeriesLayout
{
    struct ZoneColumn
    {
        std::size_t node = 0; ///< index into Simulator::nodes()
        std::size_t zone = 0; ///< index into Node::zones (the ZoneType)
        std::string column; ///< CSV prefix: "dma32", or "node1_dma32" on a machine with several nodes
    };
    std::vector<ZoneColumn> zones; ///< every managed zone, in node and kernel order
    std::vector<int> nodeIds;
    /// Every process the scenario runs, started at once or by a timed event (a name may repeat).
    std::vector<std::string> processNames;
};

/// Builds the layout of `sim`, which was built from `scenario`.
SeriesLayout seriesLayout(const Simulator& sim, const Scenario& scenario);

/// The machine at one instant: every value a plot or a timeseries.csv row shows.
struct Sample
{
    struct Levels
    {
        Pages free = 0;
        Pages min = 0; ///< min_wmark_pages(): includes watermark_boost
        Pages low = 0;
        Pages high = 0;
    };
    struct ProcessValues
    {
        std::int64_t rss = 0; ///< pages; 0 before the process starts
        std::int64_t swap = 0;
        std::int64_t oomScore = 0; ///< as /proc/<pid>/oom_score shows it
    };
    Tick at = 0;
    std::vector<Levels> zones; ///< SeriesLayout::zones order
    std::array<Pages, kNrLruLists> lru {}; ///< Σ nodes
    Pages free = 0;
    Pages kernel = 0; ///< totalram − free − LRU − isolated
    /// kSeriesCounters as /proc/vmstat prints them: `counters[Sample::counterIndex("pgscan_kswapd")]`.
    std::array<std::uint64_t, kSeriesCounters.size()> counters {};
    Pages swapUsed = 0; ///< Σ swap_info_struct::inuse_pages
    Pages swapTotal = 0;
    Pages swapFree = 0;
    std::vector<KswapdState> kswapd; ///< per node, SeriesLayout::nodeIds order
    double kswapdDuty = 0.0; ///< share of the steps since the previous sample with any kswapd running, 0..1
    std::uint64_t steps = 0; ///< steps recorded up to this sample (cumulative)
    std::uint64_t kswapdSteps = 0; ///< of them, steps with any kswapd running (cumulative)
    /// /proc/pressure/memory: avg10/avg60/avg300 in FIXED_1 fixed point of a percentage, [Some|Full].
    std::array<std::array<std::uint64_t, 3>, 2> psiAvg {};
    std::array<std::uint64_t, 2> psiTotalNs {}; ///< total stall time, [Some|Full]
    std::vector<ProcessValues> processes; ///< SeriesLayout::processNames order

    /// The index of a counter in kSeriesCounters; a name not in the list fails to compile.
    static consteval std::size_t counterIndex(std::string_view name)
    {
        for (std::size_t i = 0; i < kSeriesCounters.size(); ++i) {
            if (kSeriesCounters[i] == name)
                return i;
        }
        throw "not in kSeriesCounters";
    }
};

/// Whether any node's kswapd is inside balance_pgdat(): kswapd duty is the share of steps where this holds.
bool anyKswapdRunning(const Simulator& sim);

/// Takes a sample of `sim` now. O(zones + processes + vmstat items).
Sample takeSample(const Simulator& sim, const SeriesLayout& layout, double kswapdDuty);

/// The samples at every multiple of `interval`, plus the last one (the end of the run), in time order and
/// each instant once. A kept sample's kswapd duty covers the steps since the previous kept sample.
std::vector<Sample> samplesEvery(const std::vector<Sample>& samples, Tick interval);

/// A finished run: what the charts and the CSV are drawn from.
struct Recording
{
    std::shared_ptr<const SeriesLayout> layout;
    std::vector<Sample> samples;
    std::vector<Event> events; ///< every event, in order
    std::size_t bootEvents = 0; ///< the first events, recorded while the machine was built
};

/// A recorder's running totals and its last sample's time and kswapd duty: what a state file keeps so that
/// a restored run samples as the straight run did (Recorder::counters()).
struct RecorderCounters
{
    std::uint64_t steps = 0;
    std::uint64_t kswapdSteps = 0;
    std::uint64_t stepsAtSample = 0;
    std::uint64_t kswapdStepsAtSample = 0;
    std::optional<Tick> lastSampleAt;
    double lastSampleDuty = 0.0;
};

/// Owns the stepping of one run: steps the simulator, samples it every `sampleInterval` of simulated
/// time, counts kswapd duty and drains its events after each step. Callers run it in bounded batches
/// (the GUI worker applies commands between them) or to the end (the CLI).
class Recorder
{
public:
    /// Starts recording `sim` as it is now (normally just built): the first sample and the boot events.
    /// `sim` must outlive the recorder. Precondition: sampleInterval > 0.
    Recorder(Simulator& sim, const Scenario& scenario, Tick sampleInterval);
    /// Continues the recording of a restored run (restoreState()) from the totals it had when it was saved:
    /// the first sample is the one the saved run took at this instant, or a new one.
    Recorder(Simulator& sim, const Scenario& scenario, Tick sampleInterval, const RecorderCounters& resumed);

    /// Ends the run at `end` (inclusive); nullopt runs until the simulation stops.
    void setEnd(std::optional<Tick> end) { m_end = end; }
    /// The simulation stopped or reached the end.
    bool finished() const { return m_sim.stopped() || (m_end && m_sim.now() >= *m_end); }
    /// One step; false (and no step) when finished(). When the step finishes the run, the last sample
    /// is taken at that instant. Exceptions from Simulator::step() propagate.
    bool step();
    /// Steps until finished() or `maxSteps` steps; returns the steps made.
    std::uint64_t run(std::uint64_t maxSteps = std::numeric_limits<std::uint64_t>::max());
    /// An extra sample now (after a live change, so plots jump at once).
    void sampleNow();

    /// The samples since the last call, and the events.
    std::vector<Sample> takeSamples();
    std::vector<Event> takeEvents();
    /// Everything recorded and not yet taken, as one recording.
    Recording takeRecording();

    const std::shared_ptr<const SeriesLayout>& layout() const { return m_layout; }
    Tick sampleInterval() const { return m_interval; }
    RecorderCounters counters() const;
    Simulator& simulator() { return m_sim; }
    const Simulator& simulator() const { return m_sim; }

private:
    /// Both public constructors: a fresh run (resumed null) or one resumed from a state file.
    Recorder(Simulator& sim, const Scenario& scenario, Tick sampleInterval, const RecorderCounters* resumed);
    void pushSample(double duty);

    Simulator& m_sim;
    std::shared_ptr<const SeriesLayout> m_layout;
    Tick m_interval;
    std::optional<Tick> m_end;
    Tick m_nextSampleAt = 0;
    std::optional<Tick> m_lastSampleAt;
    double m_lastSampleDuty = 0.0;
    std::uint64_t m_steps = 0;
    std::uint64_t m_kswapdSteps = 0;
    std::uint64_t m_stepsAtSample = 0;
    std::uint64_t m_kswapdStepsAtSample = 0;
    std::vector<Sample> m_samples;
    std::vector<Event> m_events;
    std::size_t m_bootEvents = 0;
};

} // namespace rlab::engine
