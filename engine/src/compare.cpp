// SPDX-License-Identifier: GPL-3.0-or-later
#include "rlab/engine/compare.h"

#include "rlab/engine/parse_number.h"
#include "rlab/engine/simulator.h"
#include "rlab/engine/timeseries_csv.h"

#include <charconv>
#include <map>
#include <string_view>

namespace rlab::engine {

namespace {

std::vector<std::string> splitCsvLine(std::string_view line)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        out.emplace_back(line.substr(start, comma - start));
        if (comma == std::string_view::npos)
            return out;
        start = comma + 1;
    }
}

/// The header's columns and the last row's values of a timeseries.csv text.
std::pair<std::vector<std::string>, std::vector<std::string>> headerAndLastRow(const std::string& csv)
{
    const std::string_view text(csv);
    const auto headerEnd = text.find('\n');
    const std::string_view body =
        text.substr(0, text.empty() ? 0 : text.size() - 1); // without the last newline
    const auto lastStart = body.rfind('\n');
    return { splitCsvLine(text.substr(0, headerEnd)),
        splitCsvLine(
            lastStart == std::string_view::npos ? std::string_view {} : body.substr(lastStart + 1)) };
}

/// b − a of two CSV values: whole numbers stay whole, others get their shortest text.
std::string difference(const std::string& a, const std::string& b)
{
    const auto ia = parseNumber<std::int64_t>(a);
    const auto ib = parseNumber<std::int64_t>(b);
    if (ia && ib)
        return std::to_string(*ib - *ia);
    const auto da = parseNumber<double>(a);
    const auto db = parseNumber<double>(b);
    if (!da || !db)
        return "";
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, *db - *da);
    return std::string(buf, res.ptr);
}

} // namespace

VariantRun runVariant(const Variant& variant, std::optional<std::uint64_t> seed, Tick end, Tick sample,
    std::uint64_t memoryLimit, const std::function<bool()>& keepGoing)
{
    constexpr std::uint64_t kBatchSteps = 1000; // 100 ms of simulated time between two questions
    Simulator sim(variant.scenario, seed.value_or(variant.scenario.seed), memoryLimit);
    Recorder recorder(sim, variant.scenario, sample);
    recorder.setEnd(end);
    while (!recorder.finished()) {
        recorder.run(kBatchSteps);
        recorder.takeEvents(); // the comparison reads samples only
        if (keepGoing && !keepGoing())
            break;
    }
    VariantRun run { variant.label, recorder.takeRecording(), {}, sim.now(), {} };
    run.recording.samples = samplesEvery(run.recording.samples, sample);
    run.csv = timeseriesCsv(*run.recording.layout, run.recording.samples);
    if (sim.stopped())
        run.stopReason = sim.stopReason();
    return run;
}

std::vector<std::vector<std::string>> differencesTable(const std::vector<VariantRun>& runs)
{
    std::vector<std::map<std::string, std::string>> ends;
    std::vector<std::string> order;
    for (const VariantRun& run : runs) {
        const auto [header, row] = headerAndLastRow(run.csv);
        std::map<std::string, std::string> values;
        for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
            values[header[i]] = row[i];
        if (order.empty())
            order = header;
        ends.push_back(std::move(values));
    }
    std::vector<std::vector<std::string>> table;
    std::vector<std::string> head { "column" };
    for (const VariantRun& run : runs)
        head.push_back(run.label);
    for (std::size_t v = 1; v < runs.size(); ++v)
        head.push_back(runs[v].label + " - " + runs[0].label);
    table.push_back(std::move(head));
    for (const std::string& column : order) {
        bool shared = true;
        for (const auto& values : ends)
            shared = shared && values.count(column) > 0;
        if (!shared)
            continue;
        std::vector<std::string> row { column };
        for (const auto& values : ends)
            row.push_back(values.at(column));
        for (std::size_t v = 1; v < ends.size(); ++v)
            row.push_back(difference(ends[0].at(column), ends[v].at(column)));
        table.push_back(std::move(row));
    }
    return table;
}

std::string differencesCsv(const std::vector<VariantRun>& runs)
{
    const auto quoted = [](const std::string& text) {
        std::string out = "\"";
        for (const char ch : text)
            out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return out + "\"";
    };
    std::string out;
    const auto table = differencesTable(runs);
    for (std::size_t r = 0; r < table.size(); ++r) {
        for (std::size_t c = 0; c < table[r].size(); ++c) {
            if (c > 0)
                out += ',';
            out += r == 0 && c > 0 ? quoted(table[r][c]) : table[r][c]; // the labels may hold commas
        }
        out += '\n';
    }
    return out;
}

} // namespace rlab::engine
