// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli compare-recording: a kernel-lab recording and the simulation of its replay scenario,
// figure by figure and over time.
#include "compare_command.h"

#include "charts.h"
#include "exit_status.h"
#include "output_file.h"

#include <rlab/engine/fidelity.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace rlab::cli {

namespace {

using namespace rlab::engine;
namespace fs = std::filesystem;

int usage(std::ostream& err, const std::string& message)
{
    err << "reclaimlab-cli: compare-recording: " << message
        << "\nTry 'reclaimlab-cli compare-recording --help'.\n";
    return kExitUsage;
}

std::string number(double v, const std::string& metric)
{
    if (std::isnan(v))
        return "-";
    char text[64];
    const bool fraction = metric.rfind("anon_share", 0) == 0;
    std::snprintf(text, sizeof text, fraction ? "%.1f" : "%.0f", v);
    return text;
}

/// The run directories of RECORDING_DIR: itself when it holds a recording, else its run*/ directories.
std::vector<fs::path> runDirectories(const fs::path& dir)
{
    if (fs::exists(dir / "vmstat.tsv"))
        return { dir };
    std::vector<fs::path> runs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_directory() && entry.path().filename().string().rfind("run", 0) == 0
            && fs::exists(entry.path() / "vmstat.tsv"))
            runs.push_back(entry.path());
    }
    std::sort(runs.begin(), runs.end());
    return runs;
}

/// Both series over time, one row per simulated sample: the kernel's values at the last sample before.
std::string seriesCsv(const std::vector<KernelRecording>& kernel, const CounterSeries& sim)
{
    static const char* const kColumns[] = { "nr_free_pages", "pgscan_kswapd", "pgscan_direct", "allocstall",
        "pgscan_anon", "pgscan_file", "pswpout", "workingset_refault_file" };
    std::ostringstream out;
    out << "t_ms";
    for (const char* c : kColumns)
        out << ",sim_" << c;
    for (std::size_t r = 0; r < kernel.size(); ++r) {
        for (const char* c : kColumns)
            out << ",kernel" << r + 1 << "_" << c;
    }
    out << "\n";
    const auto valueAt = [](const CounterSeries& s, const char* name, double t) -> std::string {
        const auto* col = s.column(name);
        if (!col || s.tMs.empty() || t < s.tMs.front() || t > s.tMs.back() + 100)
            return "";
        return std::to_string((*col)[s.indexAt(t)]);
    };
    for (const double t : sim.tMs) {
        out << t;
        for (const char* c : kColumns)
            out << "," << valueAt(sim, c, t);
        for (const KernelRecording& k : kernel) {
            for (const char* c : kColumns)
                out << "," << valueAt(k.series, c, t);
        }
        out << "\n";
    }
    return out.str();
}

} // namespace

void printCompareRecordingHelp(std::ostream& os)
{
    os << "Usage: reclaimlab-cli compare-recording RECORDING_DIR [SCENARIO] [--out DIR] [--lang en|zh_CN]\n"
          "\n"
          "Compares a real Linux 6.1 kernel, recorded with tools/kernel-lab, with ReclaimLab running the\n"
          "same machine and workload, and prints both side by side.\n"
          "\n"
          "  RECORDING_DIR  one recording (a directory with vmstat.tsv, zoneinfo.tsv, samples.tsv and\n"
          "                 marks.txt), or an experiment directory whose run*/ subdirectories are\n"
          "                 repeated recordings of it: each run gets a column, and their spread widens\n"
          "                 the tolerance.\n"
          "  SCENARIO       the replay scenario (tools/kernel-lab/make_scenario.py writes it from the\n"
          "                 first run). Default: RECORDING_DIR/scenario.json.\n"
          "  --out DIR      also write DIR/compare.csv (the table), DIR/series.csv (both runs over\n"
          "                 time, a row every 100 ms) and, in a build with the desktop app,\n"
          "                 DIR/compare.png and DIR/compare.svg (free pages and reclaim over time).\n"
          "  --lang L       the chart's labels in en (default) or zh_CN.\n"
          "\n"
          "Time 0 is the lab's \"steps start\" mark and the scenario's start. Figures: first scan by kswapd\n"
          "and by direct reclaim (ms) and the time between, the first OOM kill (ms), allocstall,\n"
          "pgscan/pgsteal by kswapd and direct reclaim, pswpin/pswpout, workingset refaults and\n"
          "activations, OOM kills, the largest nr_dirty and nr_writeback, kswapd episodes (scanning\n"
          "separated by 1 s without), per zone the lowest free pages and the time below min and below\n"
          "low, and per phase (a program's run, an anonymous ramp and hold apart, from marks.txt) the\n"
          "anon share of pages scanned.\n"
          "A figure holds when |simulated - kernel mean| <= max(absolute, relative x |kernel mean|,\n"
          "2 x spread of the runs); docs/fidelity.md states and justifies each tolerance.\n"
          "\n"
          "Exit status: 0 compared (whether or not every figure holds); 1 an output file could not be\n"
          "written; 2 bad usage, an unreadable recording or an invalid scenario.\n";
}

int compareRecordingCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> positional;
    std::optional<std::string> outDir;
    std::string language = "en";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            printCompareRecordingHelp(out);
            return kExitOk;
        }
        if (arg == "--out") {
            if (i + 1 >= args.size())
                return usage(err, "--out needs a directory");
            outDir = args[++i];
        } else if (arg.rfind("--out=", 0) == 0) {
            outDir = arg.substr(6);
        } else if (arg == "--lang" || arg.rfind("--lang=", 0) == 0) {
            if (arg == "--lang" && i + 1 >= args.size())
                return usage(err, "--lang needs en or zh_CN");
            language = arg == "--lang" ? args[++i] : arg.substr(7);
            if (language != "en" && language != "zh_CN")
                return usage(err, "--lang: '" + language + "' is not allowed; expected en or zh_CN");
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage(err, "unknown option '" + arg + "'; allowed: --out DIR, --lang en|zh_CN, --help");
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.empty() || positional.size() > 2)
        return usage(err, "expected RECORDING_DIR and optionally SCENARIO");

    const fs::path recordingDir = positional[0];
    const auto runs = runDirectories(recordingDir);
    if (runs.empty()) {
        err << "reclaimlab-cli: compare-recording: " << recordingDir.string()
            << ": no recording (vmstat.tsv) in it or in its run*/ directories\n";
        return kExitUsage;
    }
    std::vector<KernelRecording> kernel;
    for (const fs::path& run : runs) {
        std::string error;
        auto rec = loadKernelRecording(run.string(), error);
        if (!rec) {
            err << "reclaimlab-cli: compare-recording: " << error << "\n";
            return kExitUsage;
        }
        kernel.push_back(std::move(*rec));
    }

    const std::string scenarioPath =
        positional.size() == 2 ? positional[1] : (recordingDir / "scenario.json").string();
    const ParseResult parsed = loadScenarioFile(scenarioPath);
    if (!parsed.scenario) {
        err << parsed.error << "\n";
        return kExitUsage;
    }
    const Scenario& scenario = *parsed.scenario;
    if (auto error = Simulator::validate(scenario)) {
        err << scenarioPath << ": " << *error << "\n";
        return kExitUsage;
    }
    const Tick end =
        scenario.duration.value_or(static_cast<Tick>(std::ceil(kernel.front().endMs)) * kTicksPerMs);
    const CounterSeries simulated = replaySeries(scenario, end);
    const std::vector<FidelityRow> rows = compareWithKernel(kernel, simulated);

    std::size_t width = 6;
    for (const FidelityRow& row : rows)
        width = std::max(width, row.metric.size());
    out << "kernel: " << recordingDir.string() << " (" << kernel.size()
        << (kernel.size() == 1 ? " run" : " runs") << ")\nsimulated: " << scenarioPath << "\n\n";
    out << std::left << std::setw(static_cast<int>(width)) << "figure" << std::right;
    for (std::size_t r = 0; r < kernel.size(); ++r)
        out << std::setw(10) << ("kernel" + std::to_string(r + 1));
    out << std::setw(10) << "sim" << std::setw(10) << "tol"
        << "  holds\n";
    std::size_t held = 0;
    std::ostringstream csv;
    csv << "figure";
    for (std::size_t r = 0; r < kernel.size(); ++r)
        csv << ",kernel" << r + 1;
    csv << ",kernel_mean,spread,simulated,tolerance,holds\n";
    for (const FidelityRow& row : rows) {
        held += row.holds ? 1 : 0;
        out << std::left << std::setw(static_cast<int>(width)) << row.metric << std::right;
        csv << row.metric;
        for (const double v : row.kernelRuns) {
            out << std::setw(10) << number(v, row.metric);
            csv << "," << number(v, row.metric);
        }
        out << std::setw(10) << number(row.simulated, row.metric) << std::setw(10)
            << number(row.tolerance, row.metric) << "  " << (row.holds ? "yes" : "NO") << "\n";
        csv << "," << number(row.kernelMean, row.metric) << "," << number(row.spread, row.metric) << ","
            << number(row.simulated, row.metric) << "," << number(row.tolerance, row.metric) << ","
            << (row.holds ? "yes" : "no") << "\n";
    }
    out << "\n" << held << " of " << rows.size() << " figures hold.\n";

    if (!outDir)
        return kExitOk;
    std::error_code ec;
    fs::create_directories(*outDir, ec);
    if (ec) {
        err << "reclaimlab-cli: cannot create " << *outDir << ": " << ec.message() << "\n";
        return kExitIo;
    }
    for (const auto& [name, text] : { std::pair { "compare.csv", csv.str() },
             std::pair { "series.csv", seriesCsv(kernel, simulated) } }) {
        if (const std::string error = writeFileAtomically(fs::path(*outDir) / name, text); !error.empty()) {
            err << "reclaimlab-cli: cannot write " << error << "\n";
            return kExitIo;
        }
    }
    if (chartsAvailable()) {
        std::vector<std::string> files;
        const std::string error =
            writeComparisonChart(kernel, simulated, scenario.name, language, *outDir, files);
        if (!error.empty()) {
            err << "reclaimlab-cli: " << error << "\n";
            return kExitIo;
        }
    }
    return kExitOk;
}

} // namespace rlab::cli
