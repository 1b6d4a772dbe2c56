// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli compare: two or more variants of a scenario (other files, or sysctls set to several
// values) run on one clock; their time series overlaid in one chart and their end states side by side.
#include "compare_runs_command.h"

#include "charts.h"
#include "cli_args.h"
#include "exit_status.h"
#include "output_file.h"

#include <rlab/engine/compare.h>
#include <rlab/engine/fidelity.h>
#include <rlab/engine/parse_number.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>
#include <rlab/engine/timeseries_csv.h>
#include <rlab/engine/tunables.h>

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

namespace rlab::cli {

namespace {

using namespace rlab::engine;
namespace fs = std::filesystem;

constexpr std::size_t kMaxVariants = 8;
constexpr Tick kDefaultDuration = 30 * kTicksPerSecond;

int usage(std::ostream& err, const std::string& message)
{
    err << "reclaimlab-cli: compare: " << message << "\nTry 'reclaimlab-cli compare --help'.\n";
    return kExitUsage;
}

/// One --set NAME=V1,V2,...: a scalar sysctl of the engine's table and the values to try.
struct SetSweep
{
    const SysctlInfo* sysctl = nullptr;
    std::vector<std::int64_t> values;
};

std::optional<std::string> parseSet(const std::string& text, SetSweep& sweep)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        return "--set: '" + text + "' is not allowed; expected NAME=V1,V2,..., e.g. vm.swappiness=0,100,200";
    const std::string name = text.substr(0, eq);
    sweep.sysctl = findSysctl(name);
    if (!sweep.sysctl)
        return "--set: unknown sysctl '" + name
            + "'; 'reclaimlab-cli --help' lists the sysctls the engine models";
    if (sweep.sysctl->vector)
        return "--set: " + name + " takes one value per zone type; set it in a scenario's \"sysctl\" instead";
    std::string_view rest = std::string_view(text).substr(eq + 1);
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        const auto value = rlab::engine::parseNumber<std::int64_t>(item);
        if (!value || *value < sweep.sysctl->min || *value > sweep.sysctl->max)
            return "--set: " + name + " = '" + std::string(item) + "' is not allowed; expected integers "
                + std::to_string(sweep.sysctl->min) + ".." + std::to_string(sweep.sysctl->max)
                + ", separated by commas";
        sweep.values.push_back(*value);
        if (comma == std::string_view::npos)
            break;
        rest = rest.substr(comma + 1);
    }
    return std::nullopt;
}

/// A label as a directory name: letters, digits and ._=- kept, anything else '_'.
std::string directoryName(const std::string& label)
{
    std::string out;
    for (const char ch : label) {
        const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
            || ch == '.' || ch == '_' || ch == '=' || ch == '-';
        out += plain ? ch : '_';
    }
    return out;
}

} // namespace

void printCompareRunsHelp(std::ostream& os)
{
    os << "Usage: reclaimlab-cli compare SCENARIO... [--set NAME=V1,V2,...]... [--duration TIME]\n"
          "                              [--sample TIME] [--seed N] [--out DIR] [--lang en|zh_CN]\n"
          "                              [--memory-limit SIZE] [--recording DIR]\n"
          "\n"
          "Runs variants of a scenario side by side on one clock (same duration, seed and sampling) and\n"
          "writes what differs. The variants are the scenario files given (two or more: e.g. the same\n"
          "machine with other processes), times every value of each --set (a sysctl the engine models,\n"
          "set at boot after the scenario's own \"sysctl\"; several --set give every combination). At\n"
          "most 8 variants.\n"
          "\n"
          "  --set NAME=V1,V2,...  a scalar sysctl and its values, e.g. --set vm.swappiness=0,100,200.\n"
          "  --duration TIME  simulated time of each run (default: the first scenario's \"duration\",\n"
          "                   else 30s).\n"
          "  --sample TIME    interval of the time series (default 100ms).\n"
          "  --seed N         seed of every run (default: each scenario's \"seed\").\n"
          "  --out DIR        output directory (default reclaimlab-out/compare-<first scenario>).\n"
          "  --lang L         the chart's labels in en (default) or zh_CN.\n"
          "  --memory-limit SIZE  as for run (64M..1T, default 8G), for each variant.\n"
          "  --recording DIR  also draw a recording of a real machine (reclaimlab-cli record, or a\n"
          "                   kernel-lab run) in the chart, its t = 0 at the variants' start.\n"
          "\n"
          "Output:\n"
          "  compare.png, compare.svg  1920x1080, one colour per variant: free pages against the low\n"
          "                   watermark, the anon and file LRU, pages scanned and swapped out, refaults\n"
          "                   and allocation stalls (needs a build with the desktop app).\n"
          "  differences.csv  one row per timeseries.csv column all variants have: its value at the\n"
          "                   end of each run, then each variant's difference from the first.\n"
          "  <variant>/timeseries.csv  each run's time series (the run command's format).\n"
          "\n"
          "Exit status: 0 compared; 1 an output file could not be written; 2 bad usage or an invalid\n"
          "scenario.\n";
}

int compareRunsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> files;
    std::vector<SetSweep> sweeps;
    std::optional<Tick> duration;
    Tick sample = 100 * kTicksPerMs;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> outDir;
    std::string language = "en";
    std::uint64_t memoryLimit = kDefaultMemoryLimit;
    std::optional<KernelRecording> recording;
    std::string recordingName;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "--help" || arg == "-h") {
            printCompareRunsHelp(out);
            return kExitOk;
        }
        if (arg.rfind("--", 0) != 0) {
            if (arg.size() > 1 && arg[0] == '-')
                return usage(err, "unknown option '" + arg + "'");
            files.push_back(arg);
            continue;
        }
        std::string value;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return usage(err, arg + " needs a value");
        }
        const auto time = [&](Tick& to, bool allowZero) { return parseTimeFlag(arg, value, allowZero, to); };
        std::optional<std::string> error;
        if (arg == "--set") {
            SetSweep sweep;
            error = parseSet(value, sweep);
            sweeps.push_back(sweep);
        } else if (arg == "--duration") {
            Tick t = 0;
            error = time(t, true);
            duration = t;
        } else if (arg == "--sample") {
            error = time(sample, false);
        } else if (arg == "--seed") {
            const auto n = parseUnsigned(value);
            if (!n)
                error = seedError(value);
            seed = n.value_or(0);
        } else if (arg == "--out") {
            outDir = value;
        } else if (arg == "--lang") {
            if (value != "en" && value != "zh_CN")
                error = "--lang: '" + value + "' is not allowed; expected en or zh_CN";
            language = value;
        } else if (arg == "--memory-limit") {
            error = parseMemoryLimit(value, memoryLimit);
        } else if (arg == "--recording") {
            std::string why;
            recording = loadKernelRecording(value, why);
            if (!recording)
                error = "--recording: " + why;
            recordingName = fs::path(value).filename().string();
            if (recordingName.empty()) // "dir/" names its parent
                recordingName = fs::path(value).parent_path().filename().string();
        } else {
            return usage(err,
                "unknown option '" + arg
                    + "'; allowed: --set, --duration, --sample, --seed, --out, --lang, --memory-limit, "
                      "--recording");
        }
        if (error)
            return usage(err, *error);
    }
    if (files.empty())
        return usage(err, "missing SCENARIO");

    // The variants: every file, times every combination of the --set values.
    std::vector<Variant> variants;
    for (const std::string& file : files) {
        const ParseResult parsed = loadScenarioFile(file);
        if (!parsed.scenario) {
            err << parsed.error << "\n";
            return kExitUsage;
        }
        variants.push_back(
            { files.size() > 1 ? fs::path(file).stem().string() : std::string(), *parsed.scenario });
    }
    for (const SetSweep& sweep : sweeps) {
        std::vector<Variant> next;
        for (const Variant& base : variants) {
            for (const std::int64_t value : sweep.values) {
                Variant v = base;
                v.scenario.sysctls.push_back({ std::string(sweep.sysctl->name), { value } });
                v.label += (v.label.empty() ? "" : " ") + std::string(sweep.sysctl->name) + "="
                    + std::to_string(value);
                next.push_back(std::move(v));
                if (next.size() > kMaxVariants)
                    return usage(
                        err, "more than " + std::to_string(kMaxVariants) + " variants; give fewer values");
            }
        }
        variants = std::move(next);
    }
    if (variants.size() < 2)
        return usage(err, "needs two or more variants: two scenario files, or --set with two or more values");
    if (variants.size() > kMaxVariants)
        return usage(
            err, "more than " + std::to_string(kMaxVariants) + " variants; give fewer files or values");
    std::map<std::string, int> seen;
    for (Variant& v : variants) {
        if (++seen[v.label] > 1)
            v.label += " #" + std::to_string(seen[v.label]);
        if (auto error = Simulator::validate(v.scenario, memoryLimit)) {
            err << v.label << ": " << *error << "\n";
            return kExitUsage;
        }
    }

    const Scenario& first = variants.front().scenario;
    Tick end = kDefaultDuration;
    if (duration)
        end = *duration;
    else if (first.duration)
        end = (*first.duration + kTicksPerMs - 1) / kTicksPerMs * kTicksPerMs;
    const fs::path dir = outDir
        ? fs::path(*outDir)
        : fs::path("reclaimlab-out") / ("compare-" + fs::path(files[0]).stem().string());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        err << "reclaimlab-cli: cannot create " << dir.string() << ": " << ec.message() << "\n";
        return kExitIo;
    }

    std::vector<VariantRun> runs;
    for (const Variant& v : variants) {
        VariantRun run = runVariant(v, seed, end, sample, memoryLimit);
        const fs::path csvPath = dir / directoryName(v.label) / "timeseries.csv";
        fs::create_directories(csvPath.parent_path(), ec);
        if (std::string error = writeFileAtomically(csvPath, run.csv); !error.empty()) {
            err << "reclaimlab-cli: cannot write " << error << "\n";
            return kExitIo;
        }
        out << csvPath.string() << "\n";
        if (!run.stopReason.empty())
            out << v.label << ": stopped at " << run.end / kTicksPerMs << " ms: " << run.stopReason << "\n";
        runs.push_back(std::move(run));
    }
    const fs::path table = dir / "differences.csv";
    if (std::string error = writeFileAtomically(table, differencesCsv(runs)); !error.empty()) {
        err << "reclaimlab-cli: cannot write " << error << "\n";
        return kExitIo;
    }
    out << table.string() << "\n";

    if (!chartsAvailable()) {
        err << "reclaimlab-cli: compare: this build has no desktop app, so no compare.png/svg\n";
        return kExitOk;
    }
    std::vector<std::pair<std::string, CounterSeries>> series;
    std::string title = first.name + ":";
    for (const VariantRun& run : runs) {
        series.emplace_back(run.label, seriesFromRecording(run.recording));
        title += (&run == &runs.front() ? " " : " / ") + run.label;
    }
    if (recording) { // a real machine's run on the same clock: t = 0 at the start of its recording
        series.emplace_back("recording " + recordingName, recording->series);
        title += " / recording " + recordingName;
    }
    std::vector<std::string> charts;
    if (std::string error = writeVariantChart(series, title, language, dir.string(), charts);
        !error.empty()) {
        err << "reclaimlab-cli: " << error << "\n";
        return kExitIo;
    }
    for (const std::string& chart : charts)
        out << chart << "\n";
    return kExitOk;
}

} // namespace rlab::cli
