// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli: runs a scenario headlessly and writes a deterministic trace (CSV, /proc files,
// events, summary). Every number is formatted with std::to_chars, so no locale can change a byte.

#include "charts.h"
#include "cli_args.h"
#include "compare_command.h"
#include "compare_runs_command.h"
#include "exit_status.h"
#include "json_text.h"
#include "lesson_command.h"
#include "machine_command.h"
#include "output_file.h"
#include "quiz_command.h"
#include "record_command.h"

#include <rlab/engine/append_int.h>
#include <rlab/engine/lesson.h>
#include <rlab/engine/proc_format.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>
#include <rlab/engine/state.h>
#include <rlab/engine/timeseries_csv.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using rlab::cli::kExitInvariant;
using rlab::cli::kExitIo;
using rlab::cli::kExitOk;
using rlab::cli::kExitUsage;

using namespace rlab::engine;
using rlab::cli::appendJsonString;
using rlab::cli::OutputFile;
using rlab::cli::parseUnsigned;
using rlab::cli::writeFileAtomically;
namespace fs = std::filesystem;

constexpr Tick kDefaultDuration = 30 * kTicksPerSecond;
constexpr Tick kDefaultSample = 100 * kTicksPerMs;
/// events.jsonl keeps at most this many events of each type (--max-events): a run with thousands of
/// tasks retrying direct reclaim every jiffy logs millions, about 200 bytes each.
constexpr std::uint64_t kDefaultMaxEvents = 1'000'000;
constexpr std::uint64_t kMaxMaxEvents = 1'000'000'000;
/// What `run` writes into its output directory, in the order it lists them.
constexpr std::array kRunOutputs = { "timeseries.csv", "events.jsonl", "zoneinfo.txt", "vmstat.txt",
    "meminfo.txt", "buddyinfo.txt", "pagetypeinfo.txt", "extfrag_index.txt", "unusable_index.txt",
    "swaps.txt", "pressure.txt", "dmesg.txt", "summary.json" };

// ---------------------------------------------------------------------------------------------------------
// Formatting

template<typename Int>
std::string intText(Int value)
{
    std::string out;
    appendInt(out, value);
    return out;
}

/// Shortest round-trip text of a double, marked as a real ("2.0", not "2"); JSON has no NaN/Inf.
void appendJsonReal(std::string& out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    std::array<char, 64> buf {};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    const std::string_view text(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    out.append(text);
    if (text.find_first_of(".e") == std::string_view::npos)
        out.append(".0");
}

std::int64_t toMs(Tick t)
{
    return t / kTicksPerMs;
}

// ---------------------------------------------------------------------------------------------------------
// Help

/// One entry per row of the engine's sysctl table, its help wrapped at 100 columns.
std::string sysctlHelp()
{
    std::string out;
    for (const SysctlInfo& info : sysctlTable()) {
        std::string head = "  " + std::string(info.name) + "  " + std::to_string(info.min) + ".."
            + std::to_string(info.max) + (info.vector ? " per zone type" : "")
            + (info.unit.empty() ? "" : " " + std::string(info.unit));
        out += head + "\n";
        std::string line = "      ";
        std::string_view help = info.help;
        while (!help.empty()) {
            const auto space = help.find(' ');
            const std::string_view word = help.substr(0, space);
            if (line.size() > 6 && line.size() + 1 + word.size() > 100) {
                out += line + "\n";
                line = "      ";
            }
            line += (line.size() > 6 ? " " : "") + std::string(word);
            help = space == std::string_view::npos ? std::string_view {} : help.substr(space + 1);
        }
        out += line + "\n";
    }
    return out;
}

void printHelp(std::ostream& os)
{
    std::string counters;
    std::size_t column = 0;
    for (std::size_t i = 0; i < kSeriesCounters.size(); ++i) {
        const std::string item =
            std::string(kSeriesCounters[i]) + (i + 1 < kSeriesCounters.size() ? "," : "");
        if (column > 0 && column + 1 + item.size() > 76) {
            counters += "\n";
            column = 0;
        }
        counters += column == 0 ? "                    " : " ";
        counters += item;
        column += (column == 0 ? 0 : 1) + item.size();
    }

    os << "Usage:\n"
          "  reclaimlab-cli run SCENARIO.json [--seed N] [--duration TIME] [--sample TIME] [--out DIR]\n"
          "                                   [--max-events N] [--memory-limit SIZE]\n"
          "                                   [--check-invariants[=TIME]] [--quiet] [--charts]\n"
          "                                   [--save-state AT:FILE]...\n"
          "  reclaimlab-cli run --resume FILE [--duration TIME] [--sample TIME] [--out DIR] ...\n"
          "  reclaimlab-cli validate FILE... [--memory-limit SIZE]\n"
          "  reclaimlab-cli lesson check FILE... [--seed N] [--verbose]\n"
          "  reclaimlab-cli lesson export FILE [--out DIR] [--lang en|zh_CN] [--seed N]\n"
          "  reclaimlab-cli quiz TOPIC --seed N [--answers] [--json] [--lang en|zh_CN]\n"
          "  reclaimlab-cli compare SCENARIO... [--set NAME=V1,V2,...]... [--out DIR] ...\n"
          "  reclaimlab-cli compare-recording RECORDING_DIR [SCENARIO] [--out DIR] [--lang en|zh_CN]\n"
          "  reclaimlab-cli machine import [--out FILE] [--processes] [--proc DIR] [--sys DIR]\n"
          "  reclaimlab-cli record [--interval TIME] [--duration TIME] [--out DIR] [--proc DIR]\n"
          "  reclaimlab-cli --help | -h | help\n"
          "  reclaimlab-cli --version\n"
          "\n"
          "Simulates Linux 6.1 memory reclaim without a GUI.\n"
          "\n"
          "Commands:\n"
          "  run       Runs SCENARIO.json and writes its trace into the output directory, then prints\n"
          "            one line per file written (and the stop reason if the run stopped early).\n"
          "  validate  Checks scenario and lesson files: prints \"FILE: ok\" with the engine memory the\n"
          "            scenario may need, or the error naming the key path.\n"
          "  lesson    check: runs lessons headless and checks their checkpoints and answers against\n"
          "            the engine; export: writes a worksheet and an answer key as PDF\n"
          "            ('reclaimlab-cli lesson --help').\n"
          "  quiz      Draws a homework problem (watermarks, oom-score, scan-count, refault) from a\n"
          "            seed, with the engine's answer ('reclaimlab-cli quiz --help').\n"
          "  compare   Runs variants of a scenario (other files, or --set vm.swappiness=0,100) on one\n"
          "            clock and writes the overlay chart and the differences at the end\n"
          "            ('reclaimlab-cli compare --help').\n"
          "  compare-recording\n"
          "            Runs the replay scenario of a real-kernel recording (tools/kernel-lab) and prints\n"
          "            the kernel's and the simulation's figures side by side, with tolerances\n"
          "            ('reclaimlab-cli compare-recording --help').\n"
          "  machine   import: writes a scenario of the Linux machine it runs on: its zones and\n"
          "            watermarks, sysctls, swap, kernel memory and optionally its processes\n"
          "            ('reclaimlab-cli machine --help').\n"
          "  record    Samples this machine's /proc into a recording that compare-recording reads\n"
          "            ('reclaimlab-cli record --help').\n"
          "\n"
          "Options of run (also accepted as --option=value):\n"
          "  --seed N         Random seed, an integer 0..18446744073709551615.\n"
          "                   Default: the scenario's \"seed\".\n"
          "  --duration TIME  Simulated time to run: a whole number of milliseconds written with a unit\n"
          "                   (us, ms, s, m, h), e.g. 30s, 500ms, 2m, or 0. Default: the scenario's\n"
          "                   \"duration\" (rounded up to a millisecond), else 30s. With 0 nothing runs\n"
          "                   and every file shows the initial state.\n"
          "  --sample TIME    Interval between timeseries rows, a whole number of milliseconds above 0.\n"
          "                   Default: 100ms.\n"
          "  --out DIR        Output directory, created if missing.\n"
          "                   Default: reclaimlab-out/<scenario file name without extension>.\n"
          "                   Every file is written as NAME.part and renamed when all are complete, so\n"
          "                   a failed run leaves the previous files as they were.\n"
          "  --max-events N   At most N events of each type in events.jsonl (0..1000000000, default\n"
          "                   1000000, about 200 MB per type at most); the rest are counted in\n"
          "                   summary.json (events_dropped) and named on stderr.\n"
          "  --memory-limit SIZE\n"
          "                   Refuse a scenario whose engine state may grow beyond SIZE (64M..1T,\n"
          "                   default 8G; 'validate' prints the estimate). RAM costs about 60 bytes\n"
          "                   per 4 KiB page and swap about 13.\n"
          "  --check-invariants[=TIME]\n"
          "                   Check the engine's invariants in any build: frame conservation from the\n"
          "                   counters after every step, and a walk of every frame and list every TIME\n"
          "                   of simulated time (default 1s; O(frames) each). A broken invariant stops\n"
          "                   the run with exit status 3. Debug builds always check, walking every\n"
          "                   1.024 s.\n"
          "  --quiet          Print only the output directory.\n"
          "  --save-state AT:FILE\n"
          "                   When the run reaches simulated time AT (a whole number of milliseconds,\n"
          "                   at most the duration), write the whole engine state to FILE and go on;\n"
          "                   may be given several times. The file holds the scenario, the seed and\n"
          "                   every page frame (about 13 bytes per page of RAM, more for used pages);\n"
          "                   docs/state-format.md describes it.\n"
          "  --resume FILE    Continue a saved state instead of running a scenario from the start: no\n"
          "                   SCENARIO and no --seed. --duration is the time the run ends at, as in\n"
          "                   the straight run (later than the saved time). The files hold the run\n"
          "                   from the saved time on: timeseries.csv from its row at the saved time,\n"
          "                   events.jsonl the events after it; the /proc files, dmesg.txt and\n"
          "                   summary.json are byte-identical to the straight run's.\n"
          "  --charts         Also draw the desktop app's charts into DIR/charts: every plot, the memory\n"
          "                   view and the page map as PNG and SVG at 1920x1080, and series.csv (the\n"
          "                   timeseries.csv format, a row every 10 ms), drawn from the same run\n"
          "                   (simulated once); needs a build with the desktop app.\n"
          "\n"
          "Output files (counts in 4 KiB pages unless the kernel's own format says otherwise):\n"
          "  timeseries.csv  A header, then one row at t = 0, SAMPLE, 2*SAMPLE, ... up to and including\n"
          "                  the end. If the duration is not a multiple of SAMPLE the last row is at the\n"
          "                  end; a run that stops early ends with a row at the stop time (rounded\n"
          "                  down to a millisecond). The app's \"Export Data as CSV\" and the charts'\n"
          "                  series.csv have the same columns. Columns:\n"
          "                    t_ms             simulated time in milliseconds\n"
          "                    <zone>_free, <zone>_min, <zone>_low, <zone>_high\n"
          "                                     for every zone with managed pages (dma, dma32, normal,\n"
          "                                     movable, device); prefixed node<N>_ when the machine has\n"
          "                                     several nodes; min/low/high include watermark_boost\n"
          "                    /proc/vmstat counters, under their /proc/vmstat names and values\n"
          "                    (pages; pgpgin and pgpgout in kB):\n"
       << counters
       << "\n"
          "                    swap_used_pages  SwapTotal - SwapFree, in pages\n"
          "                    kswapd<N>_state  kswapd of node N: 0 sleeping, 1 napping, 2 running\n"
          "                    psi_some_avg10, _avg60, _avg300, psi_some_total_us, and the same for full:\n"
          "                                     /proc/pressure/memory (avg as a percentage, total in us)\n"
          "                    <process>_rss, <process>_swap, <process>_oom_score\n"
          "                                     per process of the scenario (pages; oom_score as\n"
          "                                     /proc/<pid>/oom_score shows it, 0 when not running)\n"
          "  zoneinfo.txt        /proc/zoneinfo                \\\n"
          "  vmstat.txt          /proc/vmstat                   | at the end of the run,\n"
          "  meminfo.txt         /proc/meminfo                  | in the Linux 6.1 format\n"
          "  buddyinfo.txt       /proc/buddyinfo                | (with --duration 0: the\n"
          "  pagetypeinfo.txt    /proc/pagetypeinfo             | initial state)\n"
          "  extfrag_index.txt   debugfs extfrag/extfrag_index  |\n"
          "  unusable_index.txt  debugfs extfrag/unusable_index |\n"
          "  swaps.txt           /proc/swaps                   /\n"
          "  pressure.txt    /proc/pressure/memory: some and full avg10/avg60/avg300 and total (us)\n"
          "  cgroups.txt     with cgroups in the scenario: each cgroup's memory.* files at the end, as\n"
          "                  head /sys/fs/cgroup/<path>/memory.* prints them\n"
          "  dmesg.txt       the kernel log: OOM killer reports (invoked oom-killer, Mem-Info, the task\n"
          "                  table, Killed process, oom_reaper) and panics, with [seconds] stamps\n"
          "  events.jsonl    One JSON object per engine event, in order:\n"
          "                  {\"t_us\": time in microseconds, \"type\": id, then the event's fields}\n"
          "  summary.json    scenario, file (as given), seed, version, duration_ms, end_ms, stopped,\n"
          "                  stop_reason (null unless stopped), totals (every non-zero vm event counter\n"
          "                  by /proc/vmstat name), invariant_walks (with --check-invariants: walks done),\n"
          "                  events_dropped (events left out of events.jsonl\n"
          "                  by --max-events, by type), final (nr_free_pages, swap_used_pages, and per\n"
          "                  process: name, pid, state, rss_anon, rss_file, swap, pgtables in pages)\n"
          "\n"
          "Sysctls a scenario may set (\"sysctl\" and timed \"events\"), with the range the 6.1 handler\n"
          "accepts:\n"
       << sysctlHelp()
       << "\n"
          "The same scenario and seed give byte-identical files.\n"
          "\n"
          "Exit status: 0 success; 1 an output file could not be written; 2 bad usage, an invalid\n"
          "scenario, or (validate) a file that is not ok; 3 an engine invariant broke or the engine\n"
          "failed an assertion (a bug).\n";
}

int usageError(const std::string& message)
{
    std::cerr << "reclaimlab-cli: " << message << "\nTry 'reclaimlab-cli --help'.\n";
    return kExitUsage;
}

// ---------------------------------------------------------------------------------------------------------
// run

struct RunOptions
{
    std::string scenarioPath;
    std::optional<std::uint64_t> seed;
    std::optional<Tick> duration;
    Tick sample = kDefaultSample;
    std::optional<std::string> outDir;
    bool quiet = false;
    bool charts = false;
    std::uint64_t maxEvents = kDefaultMaxEvents;
    std::uint64_t memoryLimit = kDefaultMemoryLimit;
    /// --check-invariants[=TIME]: the full walk's interval; nullopt leaves the build's default.
    std::optional<Tick> invariantWalk;
    std::vector<std::pair<Tick, std::string>> saveStates; ///< --save-state AT:FILE, by time
    std::optional<std::string> resumePath; ///< --resume FILE
};

/// Simulator::validate() with the memory limit checked on its own, so only that error names the flag
/// that raises it.
std::optional<std::string> validateWithLimit(const Scenario& scenario, std::uint64_t memoryLimit)
{
    if (auto error = Simulator::validate(scenario, std::numeric_limits<std::uint64_t>::max()))
        return error;
    if (auto error = Simulator::checkMemoryLimit(scenario, memoryLimit))
        return *error + ", or raise the limit with --memory-limit SIZE";
    return std::nullopt;
}

enum class FlagMatch
{
    Other,
    Value,
    MissingValue
};

/// Whether args[i] is `--flag VALUE` or `--flag=VALUE`; on Value, `value` holds it and i is past it.
FlagMatch matchFlag(
    const std::vector<std::string>& args, std::size_t& i, std::string_view flag, std::string& value)
{
    const std::string& arg = args[i];
    if (arg == flag) {
        if (i + 1 >= args.size())
            return FlagMatch::MissingValue;
        value = args[++i];
        return FlagMatch::Value;
    }
    if (arg.size() > flag.size() && arg.compare(0, flag.size(), flag) == 0 && arg[flag.size()] == '=') {
        value = arg.substr(flag.size() + 1);
        return FlagMatch::Value;
    }
    return FlagMatch::Other;
}

/// Parses the arguments after "run". Returns an error message, or nullopt.
std::optional<std::string> parseRunOptions(const std::vector<std::string>& args, RunOptions& options)
{
    constexpr std::string_view kAllowed =
        "allowed: --seed N, --duration TIME, --sample TIME, --out DIR, --max-events N, --memory-limit SIZE, "
        "--check-invariants[=TIME], --quiet, --charts, --save-state AT:FILE, --resume FILE";
    const auto& parseTime = rlab::cli::parseTimeFlag;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
            if (arg.size() > 1 && arg[0] == '-')
                return "run: unknown option '" + arg + "'; " + std::string(kAllowed);
            if (!options.scenarioPath.empty())
                return "run: takes one scenario file, got '" + options.scenarioPath + "' and '" + arg + "'";
            options.scenarioPath = arg;
            continue;
        }
        std::string flag = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            flag = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (flag == "--quiet") {
            if (inlineValue)
                return "--quiet takes no value";
            options.quiet = true;
            continue;
        }
        if (flag == "--check-invariants") {
            Tick every = kTicksPerSecond;
            if (inlineValue) {
                const auto ticks = parseDuration(*inlineValue);
                if (!ticks || *ticks < kStepTicks || *ticks % kStepTicks != 0 || *ticks > kMaxDuration)
                    return "--check-invariants: '" + *inlineValue
                        + "' is not allowed; expected a multiple of 100us, e.g. --check-invariants=1s";
                every = *ticks;
            }
            options.invariantWalk = every;
            continue;
        }
        if (flag == "--charts") {
            if (inlineValue)
                return "--charts takes no value; the charts go to DIR/charts";
            if (!rlab::cli::chartsAvailable())
                return "--charts: this reclaimlab-cli was built without the desktop app (RLAB_BUILD_GUI=OFF)";
            options.charts = true;
            continue;
        }
        if (flag != "--seed" && flag != "--duration" && flag != "--sample" && flag != "--out"
            && flag != "--max-events" && flag != "--memory-limit" && flag != "--save-state"
            && flag != "--resume")
            return "run: unknown option '" + flag + "'; " + std::string(kAllowed);
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return flag + " needs a value";
        }
        if (flag == "--seed") {
            options.seed = parseUnsigned(value, std::numeric_limits<std::uint64_t>::max());
            if (!options.seed)
                return rlab::cli::seedError(value);
        } else if (flag == "--duration") {
            Tick duration = 0;
            if (auto error = parseTime(flag, value, true, duration))
                return error;
            options.duration = duration;
        } else if (flag == "--sample") {
            if (auto error = parseTime(flag, value, false, options.sample))
                return error;
        } else if (flag == "--max-events") {
            const auto count = parseUnsigned(value, kMaxMaxEvents);
            if (!count)
                return "--max-events: '" + value + "' is not allowed; expected an integer 0.."
                    + std::to_string(kMaxMaxEvents);
            options.maxEvents = *count;
        } else if (flag == "--memory-limit") {
            if (auto error = parseMemoryLimit(value, options.memoryLimit))
                return error;
        } else if (flag == "--save-state") {
            const auto colon = value.find(':');
            if (colon == std::string::npos || colon + 1 == value.size())
                return "--save-state: '" + value + "' is not allowed; expected AT:FILE, e.g. 10s:state.bin";
            Tick at = 0;
            if (auto error = parseTime(flag, value.substr(0, colon), true, at))
                return error;
            options.saveStates.emplace_back(at, value.substr(colon + 1));
        } else if (flag == "--resume") {
            if (value.empty())
                return "--resume: expected a state file, got an empty value";
            options.resumePath = value;
        } else {
            if (value.empty())
                return "--out: expected a directory path, got an empty value";
            options.outDir = value;
        }
    }
    if (options.resumePath) {
        if (!options.scenarioPath.empty())
            return "run: --resume continues a saved state; give no SCENARIO.json with it (got '"
                + options.scenarioPath + "')";
        if (options.seed)
            return "run: --resume continues the saved random state; --seed is not allowed with it";
    } else if (options.scenarioPath.empty()) {
        return "run: missing SCENARIO.json (or --resume FILE)";
    }
    std::stable_sort(options.saveStates.begin(), options.saveStates.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    return std::nullopt;
}

/// SwapTotal − SwapFree, in pages.
Pages swapUsedPages(const Simulator& sim)
{
    const Pages total = sim.swap().totalPages();
    const Pages free = sim.swap().freePages();
    return total > free ? total - free : 0;
}

std::string eventJson(const Event& event)
{
    std::string out = "{\"t_us\":";
    appendInt(out, event.at);
    out.append(",\"type\":");
    appendJsonString(out, event.name());
    forEachField(event, [&](std::string_view key, const EventValue& value) {
        out.push_back(',');
        appendJsonString(out, key);
        out.push_back(':');
        if (const auto* integer = std::get_if<std::int64_t>(&value))
            appendInt(out, *integer);
        else if (const auto* real = std::get_if<double>(&value))
            appendJsonReal(out, *real);
        else
            appendJsonString(out, std::get<std::string_view>(value));
    });
    out.append("}\n");
    return out;
}

/// How many events of each type events.jsonl still takes (--max-events), and how many it left out.
class EventBudget
{
public:
    explicit EventBudget(std::uint64_t perKind)
        : m_perKind(perKind)
    {}
    /// Whether the event is written; counts it as dropped when not.
    bool admit(EventKind kind)
    {
        auto& written = m_written[static_cast<std::size_t>(kind)];
        if (written < m_perKind) {
            ++written;
            return true;
        }
        ++m_dropped[static_cast<std::size_t>(kind)];
        return false;
    }
    /// The types with dropped events, in EventKind order.
    std::vector<std::pair<EventKind, std::uint64_t>> dropped() const
    {
        std::vector<std::pair<EventKind, std::uint64_t>> out;
        for (std::size_t k = 0; k < m_dropped.size(); ++k) {
            if (m_dropped[k] > 0)
                out.emplace_back(static_cast<EventKind>(k), m_dropped[k]);
        }
        return out;
    }

private:
    std::uint64_t m_perKind;
    std::array<std::uint64_t, kEventKindCount> m_written {};
    std::array<std::uint64_t, kEventKindCount> m_dropped {};
};

std::string summaryJson(const Simulator& sim, const std::string& scenarioFile, const RunOptions& options,
    Tick duration, std::uint64_t seed, const EventBudget& budget)
{
    std::string out = "{\n  \"scenario\": ";
    appendJsonString(out, sim.scenario().name);
    out.append(",\n  \"file\": ");
    appendJsonString(out, scenarioFile);
    out.append(",\n  \"seed\": ");
    appendInt(out, seed);
    out.append(",\n  \"version\": ");
    appendJsonString(out, RLAB_VERSION);
    out.append(",\n  \"duration_ms\": ");
    appendInt(out, toMs(duration));
    out.append(",\n  \"end_ms\": ");
    appendInt(out, toMs(sim.now()));
    out.append(",\n  \"stopped\": ");
    out.append(sim.stopped() ? "true" : "false");
    out.append(",\n  \"stop_reason\": ");
    if (sim.stopped())
        appendJsonString(out, sim.stopReason());
    else
        out.append("null");

    // The vm events are the tail of /proc/vmstat, valued as vmstat prints them.
    out.append(",\n  \"totals\": {");
    const std::vector<ProcItem> items = vmstatItems(sim);
    const std::size_t firstEvent = items.size() - CounterArray<VmEvent>::size();
    bool first = true;
    for (std::size_t i = firstEvent; i < items.size(); ++i) {
        if (items[i].value == 0)
            continue;
        out.append(first ? "\n    " : ",\n    ");
        first = false;
        appendJsonString(out, items[i].name);
        out.append(": ");
        appendInt(out, items[i].value);
    }
    out.append(first ? "}" : "\n  }");

    if (options.invariantWalk) { // not otherwise: Debug builds walk on their own
        out.append(",\n  \"invariant_walks\": ");
        appendInt(out, sim.invariantWalks());
    }
    out.append(",\n  \"events_dropped\": {");
    first = true;
    for (const auto& [kind, count] : budget.dropped()) {
        out.append(first ? "\n    " : ",\n    ");
        first = false;
        appendJsonString(out, eventKindName(kind));
        out.append(": ");
        appendInt(out, count);
    }
    out.append(first ? "}" : "\n  }");

    out.append(",\n  \"final\": {\n    \"nr_free_pages\": ");
    appendInt(out, sim.global(ZoneStat::NrFreePages));
    out.append(",\n    \"swap_used_pages\": ");
    appendInt(out, swapUsedPages(sim));
    out.append(",\n    \"processes\": [");
    first = true;
    for (const Process& p : sim.processes()) {
        out.append(first ? "\n      {" : ",\n      {");
        first = false;
        out.append("\"name\": ");
        appendJsonString(out, p.name);
        out.append(", \"pid\": ");
        appendInt(out, p.pid);
        out.append(", \"state\": ");
        appendJsonString(out, processStateName(p.state));
        out.append(", \"rss_anon\": ");
        appendInt(out, p.rssAnon);
        out.append(", \"rss_file\": ");
        appendInt(out, p.rssFile);
        out.append(", \"swap\": ");
        appendInt(out, p.swapEnts);
        out.append(", \"pgtables\": ");
        appendInt(out, p.pgtablePages);
        out.push_back('}');
    }
    out.append(first ? "]" : "\n    ]");
    out.append("\n  }\n}\n");
    return out;
}

int runCommand(const std::vector<std::string>& args)
{
    RunOptions options;
    if (auto error = parseRunOptions(args, options))
        return usageError(*error);

    // The machine: built from the scenario, or restored from a state file (with the scenario it holds).
    Scenario scenario;
    std::unique_ptr<Simulator> simulator;
    std::string scenarioFile = options.scenarioPath;
    std::uint64_t seed = 0;
    std::optional<RecorderCounters> resumed;
    if (options.resumePath) {
        RestoredState restored = loadStateFile(*options.resumePath, options.memoryLimit);
        if (!restored.sim) {
            std::cerr << "reclaimlab-cli: --resume " << restored.error << "\n";
            return kExitUsage;
        }
        scenario = std::move(restored.scenario);
        simulator = std::move(restored.sim);
        scenarioFile = restored.run.scenarioFile;
        seed = restored.run.seed;
        resumed = restored.run.recorder;
    } else {
        ParseResult parsed = loadScenarioFile(options.scenarioPath);
        if (!parsed.scenario) {
            std::cerr << parsed.error << "\n";
            return kExitUsage;
        }
        scenario = std::move(*parsed.scenario);
        if (auto error = validateWithLimit(scenario, options.memoryLimit)) {
            std::cerr << options.scenarioPath << ": " << *error << "\n";
            return kExitUsage;
        }
        seed = options.seed.value_or(scenario.seed);
    }

    Tick duration = kDefaultDuration;
    if (options.duration)
        duration = *options.duration;
    else if (scenario.duration) // rows are whole milliseconds: round a finer duration up
        duration = (*scenario.duration + kTicksPerMs - 1) / kTicksPerMs * kTicksPerMs;
    const Tick sample = options.sample;
    const Tick start = simulator ? simulator->now() : 0;
    if (duration < start)
        return usageError("--duration: the run ends at " + intText(toMs(duration))
            + " ms, before the saved time " + intText(toMs(start))
            + " ms; --duration is the time the run ends at");
    for (const auto& [at, file] : options.saveStates) {
        if (at < start || at > duration)
            return usageError("--save-state: " + intText(toMs(at)) + " ms is outside the run ("
                + intText(toMs(start)) + ".." + intText(toMs(duration)) + " ms)");
    }

    const fs::path outDir = options.outDir ? fs::path(*options.outDir)
                                           : fs::path("reclaimlab-out")
            / fs::path(options.resumePath ? *options.resumePath : options.scenarioPath).stem();
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) {
        std::cerr << "reclaimlab-cli: cannot create " << outDir.string() << ": " << ec.message() << "\n";
        return kExitIo;
    }

    // Every output file exists (as NAME.part) before the simulation runs, so a directory that cannot be
    // written fails at once; all are renamed into place only after every one was written.
    std::deque<OutputFile> files; // a deque keeps references to earlier files valid
    for (const char* name : kRunOutputs)
        files.emplace_back(outDir / name);
    const bool cgroups = !scenario.cgroups.empty();
    if (cgroups)
        files.emplace_back(outDir / "cgroups.txt");
    const auto output = [&files](std::string_view name) -> OutputFile& {
        return *std::find_if(
            files.begin(), files.end(), [name](const OutputFile& f) { return f.path().filename() == name; });
    };
    const auto writeFailed = [&files](const OutputFile& failed) {
        std::cerr << "reclaimlab-cli: cannot write " << failed.error() << "\n";
        for (OutputFile& file : files)
            file.discard();
        return kExitIo;
    };
    for (OutputFile& file : files) {
        if (!file.open())
            return writeFailed(file);
    }

    // One simulation: the recorder samples it for timeseries.csv and, with --charts, for the app's
    // charts, whose interval can be finer than --sample. Events stream to events.jsonl in batches, so
    // memory does not grow with their number; the charts keep only the events they draw.
    Tick interval = sample;
    if (options.charts)
        interval = std::gcd(sample, kPlotSampleInterval);
    if (!simulator)
        simulator = std::make_unique<Simulator>(scenario, seed, options.memoryLimit);
    Simulator& sim = *simulator;
    if (options.invariantWalk)
        sim.checkInvariantsEvery(static_cast<std::uint64_t>(*options.invariantWalk / kStepTicks));
    Recorder recorder =
        resumed ? Recorder(sim, scenario, interval, *resumed) : Recorder(sim, scenario, interval);
    recorder.setEnd(duration);
    Recording recording = recorder.takeRecording(); // the first sample and the boot events
    OutputFile& events = output("events.jsonl");
    EventBudget budget(options.maxEvents);
    std::vector<Event> chartEvents;
    const auto writeEvents = [&](const std::vector<Event>& batch) {
        for (const Event& event : batch) {
            if (options.charts && rlab::cli::chartsUseEvent(event.kind()))
                chartEvents.push_back(event);
            if (budget.admit(event.kind()))
                events.write(eventJson(event));
        }
    };
    writeEvents(recording.events);
    const std::size_t chartBootEvents = chartEvents.size();
    // --save-state: each state is written when the run reaches its time, after that step's sample.
    std::size_t nextSave = 0;
    std::vector<std::string> stateFiles;
    const auto saveDueStates = [&]() -> std::string {
        for (; nextSave < options.saveStates.size() && options.saveStates[nextSave].first == sim.now();
             ++nextSave) {
            const std::string& path = options.saveStates[nextSave].second;
            std::string error =
                writeFileAtomically(path, saveState(sim, { scenarioFile, seed, recorder.counters() }));
            if (!error.empty())
                return error;
            stateFiles.push_back(path);
        }
        return {};
    };
    constexpr std::uint64_t kBatchSteps = 1000; // 100 ms of simulated time
    try {
        if (const std::string error = saveDueStates(); !error.empty()) {
            std::cerr << "reclaimlab-cli: cannot write " << error << "\n";
            return kExitIo;
        }
        while (!recorder.finished()) {
            std::uint64_t batch = kBatchSteps;
            if (nextSave < options.saveStates.size())
                batch = std::min<std::uint64_t>(batch,
                    static_cast<std::uint64_t>(
                        (options.saveStates[nextSave].first - sim.now()) / kStepTicks));
            recorder.run(batch);
            writeEvents(recorder.takeEvents());
            if (events.failed()) // no space left: stop now rather than simulate for nothing
                return writeFailed(events);
            for (Sample& s : recorder.takeSamples())
                recording.samples.push_back(std::move(s));
            if (const std::string error = saveDueStates(); !error.empty()) {
                std::cerr << "reclaimlab-cli: cannot write " << error << "\n";
                return kExitIo;
            }
        }
    } catch (const std::exception& e) { // an engine assertion: a bug, reported like a broken invariant
        std::cerr << "reclaimlab-cli: engine error at " << intText(toMs(sim.now())) << " ms: " << e.what()
                  << ". This is an engine bug: please report it with the scenario and seed.\n";
        return kExitInvariant; // the .part files go with `files`
    }
    writeEvents(recorder.takeEvents());
    recording.events = std::move(chartEvents);
    recording.bootEvents = chartBootEvents;

    const std::vector<Sample> rows = samplesEvery(recording.samples, sample);
    output("timeseries.csv").write(timeseriesCsv(*recording.layout, rows));
    output("zoneinfo.txt").write(renderZoneinfo(sim));
    output("vmstat.txt").write(renderVmstat(sim));
    output("meminfo.txt").write(renderMeminfo(sim));
    output("buddyinfo.txt").write(renderBuddyinfo(sim));
    output("pagetypeinfo.txt").write(renderPagetypeinfo(sim));
    output("extfrag_index.txt").write(renderExtfragIndex(sim));
    output("unusable_index.txt").write(renderUnusableIndex(sim));
    output("swaps.txt").write(renderSwaps(sim));
    output("pressure.txt").write(sim.psi().render());
    if (cgroups)
        output("cgroups.txt").write(renderCgroupFiles(sim));
    std::string dmesg;
    for (const std::string& line : sim.kernelLog())
        dmesg += line + "\n";
    output("dmesg.txt").write(dmesg);
    output("summary.json").write(summaryJson(sim, scenarioFile, options, duration, seed, budget));
    for (OutputFile& file : files) {
        if (!file.finish())
            return writeFailed(file);
    }
    for (OutputFile& file : files) {
        if (!file.commit())
            return writeFailed(file);
    }

    std::vector<std::string> chartFiles;
    if (options.charts) {
        const std::string error =
            rlab::cli::writeCharts(recording, sim, scenario.name, (outDir / "charts").string(), chartFiles);
        if (!error.empty()) {
            std::cerr << "reclaimlab-cli: " << error << "\n";
            return kExitIo;
        }
    }
    if (const auto dropped = budget.dropped(); !dropped.empty()) {
        std::cerr << "reclaimlab-cli: events.jsonl holds at most " << intText(options.maxEvents)
                  << " events of each type (--max-events); left out:";
        for (const auto& [kind, count] : dropped)
            std::cerr << " " << eventKindName(kind) << " " << intText(count);
        std::cerr << " (summary.json events_dropped)\n";
    }

    if (nextSave < options.saveStates.size()) { // the run stopped first
        for (; nextSave < options.saveStates.size(); ++nextSave) {
            std::cerr << "reclaimlab-cli: the run stopped at " << intText(toMs(sim.now()))
                      << " ms, before --save-state " << intText(toMs(options.saveStates[nextSave].first))
                      << " ms; " << options.saveStates[nextSave].second << " was not written\n";
        }
        if (!sim.stopped() || sim.stopReason().rfind("invariant broken", 0) != 0)
            return kExitIo;
    }
    if (sim.stopped() && sim.stopReason().rfind("invariant broken", 0) == 0) {
        std::cerr << "reclaimlab-cli: " << sim.stopReason() << " at " << intText(toMs(sim.now()))
                  << " ms; the files hold the run up to there. This is an engine bug: please report it with "
                     "the scenario and seed.\n";
        return kExitInvariant;
    }
    if (options.quiet) {
        std::cout << outDir.string() << "\n";
        return kExitOk;
    }
    for (const OutputFile& file : files) {
        std::cout << file.display();
        if (file.path().filename() == "timeseries.csv")
            std::cout << " (" << intText(rows.size()) << " rows)";
        std::cout << "\n";
    }
    for (const std::string& chart : chartFiles)
        std::cout << chart << "\n";
    for (const std::string& state : stateFiles)
        std::cout << state << " (state)\n";
    if (sim.stopped())
        std::cout << "stopped at " << intText(toMs(sim.now())) << " ms: " << sim.stopReason() << "\n";
    return kExitOk;
}

// ---------------------------------------------------------------------------------------------------------
// validate

int validateCommand(const std::vector<std::string>& args)
{
    std::vector<std::string> files;
    std::uint64_t memoryLimit = kDefaultMemoryLimit;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        std::string value;
        const FlagMatch match = matchFlag(args, i, "--memory-limit", value);
        if (match == FlagMatch::MissingValue) {
            return usageError("--memory-limit needs a value");
        } else if (match == FlagMatch::Value) {
            if (auto error = parseMemoryLimit(value, memoryLimit))
                return usageError(*error);
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usageError("validate: unknown option '" + arg + "'; allowed: --memory-limit SIZE");
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty())
        return usageError("validate: missing FILE; give one or more scenario files");
    const auto verdict = [memoryLimit](
                             const std::string& file, const Scenario& scenario, const char* prefix) {
        if (auto error = validateWithLimit(scenario, memoryLimit)) {
            std::cout << file << ": " << prefix << *error << "\n";
            return false;
        }
        std::cout << file << ": ok (engine memory up to "
                  << bytesText(Simulator::estimateMemory(scenario).total()) << ")\n";
        return true;
    };
    bool allOk = true;
    for (const std::string& file : files) {
        // The readers take files up to 64 MiB; a larger one fails there with its own message.
        std::error_code sizeError;
        const std::uintmax_t size = fs::file_size(file, sizeError);
        std::ifstream probe(file, std::ios::binary);
        std::string text(sizeError
                ? 0
                : static_cast<std::size_t>(std::min<std::uintmax_t>(size, std::uintmax_t { 64 } << 20)),
            '\0');
        probe.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(probe.gcount()));
        if (looksLikeLesson(text)) {
            const LessonParseResult lesson = loadLessonFile(file);
            if (!lesson.lesson) {
                std::cout << lesson.error << "\n";
                allOk = false;
            } else {
                allOk = verdict(file, lesson.lesson->scenario, "scenario: ") && allOk;
            }
            continue;
        }
        const ParseResult parsed = loadScenarioFile(file);
        if (!parsed.scenario) {
            std::cout << parsed.error << "\n"; // already begins with the file name
            allOk = false;
        } else {
            allOk = verdict(file, *parsed.scenario, "") && allOk;
        }
    }
    return allOk ? kExitOk : kExitUsage;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usageError("missing command; expected run, validate, lesson, quiz, compare, "
                          "compare-recording, machine, record, --help or --version");
    const std::string command = args.front();
    args.erase(args.begin());

    if (command == "--help" || command == "-h" || command == "help") {
        printHelp(std::cout);
        return kExitOk;
    }
    if (command == "--version") {
        std::cout << "reclaimlab-cli " << RLAB_VERSION << "\n";
        return kExitOk;
    }
    if (command == "run") {
        for (const std::string& arg : args) {
            if (arg == "--help" || arg == "-h") {
                printHelp(std::cout);
                return kExitOk;
            }
        }
        return runCommand(args);
    }
    if (command == "validate")
        return validateCommand(args);
    if (command == "lesson")
        return rlab::cli::lessonCommand(args, std::cout, std::cerr);
    if (command == "quiz")
        return rlab::cli::quizCommand(args, std::cout, std::cerr);
    if (command == "compare-recording")
        return rlab::cli::compareRecordingCommand(args, std::cout, std::cerr);
    if (command == "compare")
        return rlab::cli::compareRunsCommand(args, std::cout, std::cerr);
    if (command == "machine")
        return rlab::cli::machineCommand(args, std::cout, std::cerr);
    if (command == "record")
        return rlab::cli::recordCommand(args, std::cout, std::cerr);
    return usageError("unknown command '" + command
        + "'; expected run, validate, lesson, quiz, compare, compare-recording, machine, record, --help or "
          "--version");
}
