// SPDX-License-Identifier: GPL-3.0-or-later
// Kernel-lab recordings against simulated runs: the same figures measured from both.
#include "rlab/engine/fidelity.h"

#include "rlab/engine/parse_number.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace rlab::engine {

namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
/// A phase whose reclaim scanned fewer pages has no meaningful anon share.
constexpr std::int64_t kMinPhaseScan = 256;
/// kswapd idle this long ends an episode.
constexpr double kEpisodeGapMs = 1000;

std::vector<std::string> splitTabs(const std::string& line)
{
    std::vector<std::string> out;
    std::size_t from = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', from);
        out.push_back(line.substr(from, tab == std::string::npos ? std::string::npos : tab - from));
        if (tab == std::string::npos)
            return out;
        from = tab + 1;
    }
}

std::optional<double> toDouble(const std::string& text)
{
    const auto v = parseNumber<double>(text);
    return v && std::isfinite(*v) ? v : std::nullopt;
}

/// A tab-separated file with a header row. Returns false and sets `error` when it cannot be read or a
/// row has the wrong number of fields.
bool readTsv(const std::string& path, std::vector<std::string>& header,
    std::vector<std::vector<std::string>>& rows, std::string& error)
{
    std::ifstream in(path);
    if (!in) {
        error = path + ": cannot be read";
        return false;
    }
    std::string line;
    if (!std::getline(in, line)) {
        error = path + ": empty, expected a header row";
        return false;
    }
    header = splitTabs(line);
    std::size_t lineNo = 1;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty())
            continue;
        auto fields = splitTabs(line);
        if (fields.size() != header.size()) {
            error = path + ":" + std::to_string(lineNo) + ": " + std::to_string(fields.size())
                + " fields, the header has " + std::to_string(header.size());
            return false;
        }
        rows.push_back(std::move(fields));
    }
    return true;
}

std::size_t indexOf(const std::vector<std::string>& header, const std::string& name)
{
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Adds the "allocstall" column: the allocstall_* counters of every zone, summed.
void addAllocstallTotal(CounterSeries& s)
{
    std::vector<std::int64_t> total(s.tMs.size(), 0);
    for (const auto& [name, values] : s.columns) {
        if (name.rfind("allocstall_", 0) != 0)
            continue;
        for (std::size_t i = 0; i < total.size() && i < values.size(); ++i)
            total[i] += values[i];
    }
    s.columns["allocstall"] = std::move(total);
}

std::int64_t deltaBetween(const CounterSeries& s, const std::string& name, double from, double to)
{
    const auto* col = s.column(name);
    if (!col || col->empty())
        return 0;
    return (*col)[s.indexAt(to)] - (*col)[s.indexAt(from)];
}

double firstIncrease(const CounterSeries& s, const std::string& name)
{
    const auto* col = s.column(name);
    if (!col || col->empty())
        return kUndefined;
    const std::size_t base = s.indexAt(0);
    for (std::size_t i = base + 1; i < col->size(); ++i) {
        if ((*col)[i] > (*col)[base])
            return s.tMs[i];
    }
    return kUndefined;
}

} // namespace

const std::vector<std::int64_t>* CounterSeries::column(const std::string& name) const
{
    const auto it = columns.find(name);
    return it == columns.end() ? nullptr : &it->second;
}

std::size_t CounterSeries::indexAt(double t) const
{
    const auto it = std::upper_bound(tMs.begin(), tMs.end(), t);
    return it == tMs.begin() ? 0 : static_cast<std::size_t>(it - tMs.begin()) - 1;
}

std::optional<KernelRecording> loadKernelRecording(const std::string& dir, std::string& error)
{
    KernelRecording rec;

    // samples.tsv ties the sampler's t_ms to CLOCK_MONOTONIC, the clock of marks.txt.
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    if (!readTsv(dir + "/samples.tsv", header, rows, error))
        return std::nullopt;
    const std::size_t tCol = indexOf(header, "t_ms");
    const std::size_t monoCol = indexOf(header, "mono_s");
    if (rows.empty() || tCol == header.size() || monoCol == header.size()) {
        error = dir + "/samples.tsv: expected columns t_ms and mono_s and at least one row";
        return std::nullopt;
    }
    const auto t0Sample = toDouble(rows[0][tCol]);
    const auto mono0 = toDouble(rows[0][monoCol]);
    if (!t0Sample || !mono0) {
        error = dir + "/samples.tsv:2: t_ms and mono_s must be numbers";
        return std::nullopt;
    }

    std::ifstream marks(dir + "/marks.txt");
    if (!marks) {
        error = dir + "/marks.txt: cannot be read";
        return std::nullopt;
    }
    struct Mark
    {
        double sec;
        std::string who;
        std::string what;
    };
    std::vector<Mark> programMarks;
    std::optional<double> startSec;
    std::optional<double> endSec;
    std::string line;
    while (std::getline(marks, line)) {
        std::istringstream words(line);
        std::string secText, who, what, word;
        words >> secText >> who;
        while (words >> word)
            what += (what.empty() ? "" : " ") + word;
        const auto sec = toDouble(secText);
        if (!sec)
            continue;
        if (who == "lab" && what == "steps start")
            startSec = *sec;
        else if (who == "lab" && what == "steps done")
            endSec = *sec;
        else if (who.rfind("rl-", 0) == 0)
            programMarks.push_back({ *sec, who, what });
    }
    if (!startSec) {
        error = dir + "/marks.txt: no 'lab steps start' line";
        return std::nullopt;
    }
    const double stepsStartMs = *t0Sample + (*startSec - *mono0) * 1000.0;
    const auto markMs = [&](double sec) { return *t0Sample + (sec - *mono0) * 1000.0 - stepsStartMs; };

    // Phases: each program's start..done, an anon program's ramp (start..allocated) and hold apart.
    std::map<std::string, int> ordinal;
    for (const Mark& m : programMarks) {
        if (m.what != "start")
            continue;
        const std::string program = m.who.substr(0, m.who.find('['));
        const std::string name = program + "#" + std::to_string(++ordinal[program]);
        std::optional<double> allocated, done;
        for (const Mark& n : programMarks) {
            if (n.who == m.who && n.what == "allocated")
                allocated = markMs(n.sec);
            if (n.who == m.who && n.what == "done")
                done = markMs(n.sec);
        }
        const double begin = markMs(m.sec);
        const double end = done.value_or(endSec ? markMs(*endSec) : begin);
        if (allocated) {
            rec.phases.push_back({ name + " ramp", begin, *allocated });
            rec.phases.push_back({ name + " hold", *allocated, end });
        } else {
            rec.phases.push_back({ name, begin, end });
        }
    }

    header.clear();
    rows.clear();
    if (!readTsv(dir + "/vmstat.tsv", header, rows, error))
        return std::nullopt;
    if (header.empty() || header[0] != "t_ms") {
        error = dir + "/vmstat.tsv: the first column must be t_ms";
        return std::nullopt;
    }
    CounterSeries& s = rec.series;
    std::vector<std::string> rawT;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto t = toDouble(rows[r][0]);
        if (!t) {
            error =
                dir + "/vmstat.tsv:" + std::to_string(r + 2) + ": t_ms '" + rows[r][0] + "' is not a number";
            return std::nullopt;
        }
        s.tMs.push_back(*t - stepsStartMs);
        rawT.push_back(rows[r][0]);
        for (std::size_t c = 1; c < header.size(); ++c) {
            const auto v = parseNumber<std::int64_t>(rows[r][c]);
            if (!v) {
                error = dir + "/vmstat.tsv:" + std::to_string(r + 2) + ": " + header[c] + " '" + rows[r][c]
                    + "' is not an integer";
                return std::nullopt;
            }
            s.columns[header[c]].push_back(*v);
        }
    }

    header.clear();
    rows.clear();
    if (!readTsv(dir + "/zoneinfo.tsv", header, rows, error))
        return std::nullopt;
    const std::size_t zt = indexOf(header, "t_ms");
    const std::size_t nodeCol = indexOf(header, "node");
    const std::size_t zoneCol = indexOf(header, "zone");
    const std::size_t managedCol = indexOf(header, "managed");
    for (const std::size_t c : { zt, nodeCol, zoneCol, managedCol }) {
        if (c == header.size()) {
            error = dir + "/zoneinfo.tsv: expected columns t_ms, node, zone, managed, free, min, low, high";
            return std::nullopt;
        }
    }
    std::set<std::string> nodes;
    for (const auto& row : rows)
        nodes.insert(row[nodeCol]);
    std::map<std::string, std::size_t> rowOfTime;
    for (std::size_t i = 0; i < rawT.size(); ++i)
        rowOfTime.emplace(rawT[i], i);
    for (const auto& row : rows) {
        if (row[managedCol] == "0")
            continue;
        const std::string prefix =
            (nodes.size() > 1 ? "node" + row[nodeCol] + "_" : "") + lower(row[zoneCol]);
        if (std::find(s.zones.begin(), s.zones.end(), prefix) == s.zones.end())
            s.zones.push_back(prefix);
        const auto at = rowOfTime.find(row[zt]);
        if (at == rowOfTime.end())
            continue; // a zoneinfo sample without its vmstat row (the sampler was cut off)
        for (const char* field : { "free", "min", "low", "high" }) {
            const std::size_t c = indexOf(header, field);
            const auto v = c < row.size() ? parseNumber<std::int64_t>(row[c]) : std::nullopt;
            if (!v) {
                error = dir + "/zoneinfo.tsv: zone " + row[zoneCol] + " at t_ms " + row[zt] + ": " + field
                    + " is missing or not an integer";
                return std::nullopt;
            }
            auto& col = s.columns[prefix + "_" + field];
            col.resize(s.tMs.size(), 0);
            col[at->second] = *v;
        }
    }
    addAllocstallTotal(s);
    rec.endMs = endSec ? markMs(*endSec) : (s.tMs.empty() ? 0 : s.tMs.back());
    return rec;
}

CounterSeries seriesFromRecording(const Recording& recording)
{
    CounterSeries s;
    for (const auto& z : recording.layout->zones)
        s.zones.push_back(z.column);
    for (const Sample& sample : recording.samples) {
        s.tMs.push_back(static_cast<double>(sample.at) / static_cast<double>(kTicksPerMs));
        for (std::size_t i = 0; i < kSeriesCounters.size(); ++i)
            s.columns[std::string(kSeriesCounters[i])].push_back(
                static_cast<std::int64_t>(sample.counters[i]));
        for (std::size_t z = 0; z < s.zones.size(); ++z) {
            const Sample::Levels& l = sample.zones[z];
            s.columns[s.zones[z] + "_free"].push_back(static_cast<std::int64_t>(l.free));
            s.columns[s.zones[z] + "_min"].push_back(static_cast<std::int64_t>(l.min));
            s.columns[s.zones[z] + "_low"].push_back(static_cast<std::int64_t>(l.low));
            s.columns[s.zones[z] + "_high"].push_back(static_cast<std::int64_t>(l.high));
        }
    }
    addAllocstallTotal(s);
    return s;
}

CounterSeries replaySeries(const Scenario& scenario, Tick end)
{
    Simulator sim(scenario, scenario.seed);
    Recorder recorder(sim, scenario, kLabSampleInterval);
    recorder.setEnd(end);
    recorder.run();
    return seriesFromRecording(recorder.takeRecording());
}

std::vector<FidelityMetric> fidelityMetrics(const CounterSeries& s, const std::vector<Phase>& phases)
{
    std::vector<FidelityMetric> out;
    if (s.tMs.empty())
        return out;
    const double end = s.tMs.back();
    const auto total = [&](const std::string& name) {
        return static_cast<double>(deltaBetween(s, name, 0, end));
    };

    const double firstKswapd = firstIncrease(s, "pgscan_kswapd");
    const double firstDirect = firstIncrease(s, "pgscan_direct");
    out.push_back({ "first_kswapd_scan_ms", firstKswapd });
    out.push_back({ "first_direct_scan_ms", firstDirect });
    out.push_back({ "kswapd_to_direct_ms", firstDirect - firstKswapd });
    out.push_back({ "first_oom_kill_ms", firstIncrease(s, "oom_kill") });
    for (const char* name : { "allocstall", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd",
             "pgsteal_direct", "pswpin", "pswpout", "workingset_refault_anon", "workingset_refault_file",
             "workingset_activate_file", "oom_kill" })
        out.push_back({ name, total(name) });

    const std::size_t base = s.indexAt(0);
    for (const char* name : { "nr_dirty", "nr_writeback" }) {
        double peak = kUndefined;
        if (const auto* col = s.column(name)) {
            peak = 0;
            for (std::size_t i = base; i < col->size(); ++i)
                peak = std::max(peak, static_cast<double>((*col)[i]));
        }
        out.push_back({ std::string("max_") + name, peak });
    }

    // kswapd episodes: stretches of scanning separated by at least kEpisodeGapMs without any.
    if (const auto* scan = s.column("pgscan_kswapd")) {
        int episodes = 0;
        double lastActive = -std::numeric_limits<double>::infinity();
        for (std::size_t i = base + 1; i < scan->size(); ++i) {
            if ((*scan)[i] == (*scan)[i - 1])
                continue;
            if (s.tMs[i - 1] - lastActive >= kEpisodeGapMs)
                ++episodes;
            lastActive = s.tMs[i];
        }
        out.push_back({ "kswapd_episodes", static_cast<double>(episodes) });
    }

    for (const std::string& zone : s.zones) {
        const auto* free = s.column(zone + "_free");
        const auto* min = s.column(zone + "_min");
        const auto* low = s.column(zone + "_low");
        if (!free || !min || !low)
            continue;
        double lowest = std::numeric_limits<double>::infinity();
        double belowMin = 0;
        double belowLow = 0;
        for (std::size_t i = base; i < free->size(); ++i) {
            lowest = std::min(lowest, static_cast<double>((*free)[i]));
            const double dt = i > base ? s.tMs[i] - s.tMs[i - 1] : 0;
            if ((*free)[i] < (*min)[i])
                belowMin += dt;
            if ((*free)[i] < (*low)[i])
                belowLow += dt;
        }
        out.push_back({ zone + "_lowest_free", lowest });
        out.push_back({ zone + "_ms_below_min", belowMin });
        out.push_back({ zone + "_ms_below_low", belowLow });
    }

    for (const Phase& p : phases) {
        const std::int64_t anon = deltaBetween(s, "pgscan_anon", p.beginMs, p.endMs);
        const std::int64_t file = deltaBetween(s, "pgscan_file", p.beginMs, p.endMs);
        const double share = anon + file >= kMinPhaseScan
            ? 100.0 * static_cast<double>(anon) / static_cast<double>(anon + file)
            : kUndefined;
        out.push_back({ "anon_share_of_scan_pct " + p.name, share });
    }
    return out;
}

FidelityTolerance fidelityTolerance(const std::string& metric)
{
    // Floors, before the run-to-run spread widens them (docs/fidelity.md says why each is what it is).
    const auto startsWith = [&](const char* prefix) { return metric.rfind(prefix, 0) == 0; };
    const auto endsWith = [&](const std::string& suffix) {
        return metric.size() >= suffix.size()
            && metric.compare(metric.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (startsWith("anon_share_of_scan_pct"))
        return { .absolute = 10, .relative = 0 };
    if (endsWith("_ms") || endsWith("_ms_below_min") || endsWith("_ms_below_low"))
        return { .absolute = 2000, .relative = 0.25 };
    if (metric == "allocstall")
        return { .absolute = 20, .relative = 0.5 };
    if (metric == "kswapd_episodes")
        return { .absolute = 2, .relative = 0.5 };
    if (metric == "oom_kill")
        return { .absolute = 0, .relative = 0 };
    if (endsWith("_lowest_free"))
        return { .absolute = 64, .relative = 0.25 };
    // Page counts: a quarter, and at least 4 MiB.
    return { .absolute = 1024, .relative = 0.25 };
}

std::vector<FidelityRow> compareWithKernel(
    const std::vector<KernelRecording>& kernelRuns, const CounterSeries& simulated)
{
    std::vector<FidelityRow> rows;
    if (kernelRuns.empty())
        return rows;
    const std::vector<Phase>& phases = kernelRuns.front().phases;
    const auto sim = fidelityMetrics(simulated, phases);
    std::vector<std::vector<FidelityMetric>> runs;
    for (const KernelRecording& k : kernelRuns)
        runs.push_back(fidelityMetrics(k.series, k.phases));

    for (const FidelityMetric& first : runs.front()) {
        FidelityRow row;
        row.metric = first.name;
        bool anyUndefined = false;
        bool allUndefined = true;
        for (const auto& run : runs) {
            const auto it =
                std::find_if(run.begin(), run.end(), [&](const auto& m) { return m.name == first.name; });
            const double v = it == run.end() ? kUndefined : it->value;
            row.kernelRuns.push_back(v);
            anyUndefined = anyUndefined || std::isnan(v);
            allUndefined = allUndefined && std::isnan(v);
        }
        const auto simIt =
            std::find_if(sim.begin(), sim.end(), [&](const auto& m) { return m.name == first.name; });
        row.simulated = simIt == sim.end() ? kUndefined : simIt->value;
        if (anyUndefined) {
            // Runs that disagree on whether it happened at all give no figure to hold to.
            row.kernelMean = kUndefined;
            row.spread = kUndefined;
            row.tolerance = kUndefined;
            row.holds = allUndefined && std::isnan(row.simulated);
            rows.push_back(row);
            continue;
        }
        const auto [lo, hi] = std::minmax_element(row.kernelRuns.begin(), row.kernelRuns.end());
        double sum = 0;
        for (const double v : row.kernelRuns)
            sum += v;
        row.kernelMean = sum / static_cast<double>(row.kernelRuns.size());
        row.spread = *hi - *lo;
        const FidelityTolerance t = fidelityTolerance(row.metric);
        row.tolerance =
            std::max({ t.absolute, t.relative * std::abs(row.kernelMean), t.spreadFactor * row.spread });
        row.holds = !std::isnan(row.simulated) && std::abs(row.simulated - row.kernelMean) <= row.tolerance;
        rows.push_back(row);
    }
    return rows;
}

} // namespace rlab::engine
