// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/append_int.h"

#include <rlab/engine/psi.h>
#include <rlab/engine/timeseries_csv.h>

#include <array>
#include <charconv>

namespace rlab::engine {

namespace {

std::string columnSafe(const std::string& name)
{
    std::string out;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            || c == '-' || c == '.';
        out.push_back(ok ? c : '_');
    }
    return out;
}

int kswapdStateNumber(KswapdState state)
{
    switch (state) {
    case KswapdState::Sleeping:
        return 0;
    case KswapdState::Napping:
        return 1;
    case KswapdState::Running:
        return 2;
    }
    return 0;
}

} // namespace

std::string timeseriesCsvHeader(const SeriesLayout& layout)
{
    std::string header = "t_ms";
    for (const auto& zone : layout.zones) {
        for (const char* suffix : { "_free", "_min", "_low", "_high" })
            header += "," + zone.column + suffix;
    }
    for (const std::string_view name : kSeriesCounters) {
        header += ",";
        header += name;
    }
    header += ",swap_used_pages";
    for (const int id : layout.nodeIds)
        header += ",kswapd" + std::to_string(id) + "_state";
    for (const char* state : { "some", "full" }) {
        for (const char* window : { "avg10", "avg60", "avg300" })
            header += std::string(",psi_") + state + "_" + window;
        header += std::string(",psi_") + state + "_total_us";
    }
    for (const std::string& name : layout.processNames) {
        const std::string column = columnSafe(name);
        header += "," + column + "_rss," + column + "_swap," + column + "_oom_score";
    }
    return header + "\n";
}

std::string timeseriesCsvRow(const Sample& s)
{
    std::string line;
    appendInt(line, s.at / kTicksPerMs);
    for (const Sample::Levels& zone : s.zones) {
        for (const Pages value : { zone.free, zone.min, zone.low, zone.high }) {
            line.push_back(',');
            appendInt(line, value);
        }
    }
    for (const std::uint64_t value : s.counters) {
        line.push_back(',');
        appendInt(line, value);
    }
    line.push_back(',');
    appendInt(line, s.swapTotal > s.swapFree ? s.swapTotal - s.swapFree : 0);
    for (const KswapdState state : s.kswapd) {
        line.push_back(',');
        appendInt(line, kswapdStateNumber(state));
    }
    for (const Psi::State state : { Psi::Some, Psi::Full }) {
        for (const std::uint64_t avg : s.psiAvg[state]) {
            // LOAD_INT.LOAD_FRAC, as /proc/pressure/memory prints it.
            line.push_back(',');
            appendInt(line, avg >> kFshift);
            line.push_back('.');
            const std::uint64_t frac = ((avg & (kFixed1 - 1)) * 100) >> kFshift;
            if (frac < 10)
                line.push_back('0');
            appendInt(line, frac);
        }
        line.push_back(',');
        appendInt(line, s.psiTotalNs[state] / 1000);
    }
    for (const Sample::ProcessValues& p : s.processes) {
        for (const std::int64_t value : { p.rss, p.swap, p.oomScore }) {
            line.push_back(',');
            appendInt(line, value);
        }
    }
    line.push_back('\n');
    return line;
}

std::string timeseriesCsv(const SeriesLayout& layout, const std::vector<Sample>& samples)
{
    std::string out = timeseriesCsvHeader(layout);
    for (const Sample& s : samples)
        out += timeseriesCsvRow(s);
    return out;
}

} // namespace rlab::engine
