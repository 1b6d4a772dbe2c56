// SPDX-License-Identifier: GPL-3.0-or-later
// Readers of a real machine's /proc files (machine import, record).
#include "rlab/engine/host_import.h"

#include "rlab/engine/parse_number.h"
#include "rlab/engine/units.h"

#include <algorithm>
#include <array>

namespace rlab::engine {

namespace {

/// The lines of a text, without their '\n'; a last line without one is kept.
std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        lines.push_back(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view {} : text.substr(nl + 1);
    }
    return lines;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> splitWords(std::string_view line)
{
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isBlank(line[i]))
            ++i;
        const std::size_t from = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        if (i > from)
            words.push_back(line.substr(from, i - from));
    }
    return words;
}

std::string at(const std::string& file, std::size_t line)
{
    return file + ":" + std::to_string(line) + ": ";
}

/// Printable ASCII of a word for an error message (a garbage file may hold anything).
std::string shown(std::string_view word)
{
    std::string out;
    for (const char c : word.substr(0, 40))
        out.push_back(c >= ' ' && c <= '~' ? c : '?');
    if (word.size() > 40)
        out += "...";
    return out;
}

constexpr std::array<std::string_view, 5> kZoneNames = { "DMA", "DMA32", "Normal", "Movable", "Device" };

/// The scalar lines of a zone the importer needs, in print order (zoneinfo_show_print()).
constexpr std::array<std::string_view, 7> kZoneFields = { "free", "min", "low", "high", "spanned", "present",
    "managed" };

std::uint64_t* zoneField(HostZone& z, std::string_view name)
{
    if (name == "free")
        return &z.free;
    if (name == "boost")
        return &z.boost;
    if (name == "min")
        return &z.min;
    if (name == "low")
        return &z.low;
    if (name == "high")
        return &z.high;
    if (name == "spanned")
        return &z.spanned;
    if (name == "present")
        return &z.present;
    if (name == "managed")
        return &z.managed;
    return nullptr;
}

/// The "Node N, zone NAME" header: N and NAME, or nullopt when the line is not one.
std::optional<std::pair<std::string_view, std::string_view>> zoneHeader(std::string_view line)
{
    const auto words = splitWords(line);
    if (words.size() != 4 || words[0] != "Node" || words[2] != "zone" || words[1].size() < 2
        || words[1].back() != ',')
        return std::nullopt;
    return std::pair { words[1].substr(0, words[1].size() - 1), words[3] };
}

} // namespace

std::optional<ZoneType> zoneTypeFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kZoneNames.size(); ++i) {
        if (kZoneNames[i] == name)
            return static_cast<ZoneType>(i);
    }
    return std::nullopt;
}

std::optional<std::vector<HostZone>> parseHostZoneinfo(
    std::string_view text, const std::string& file, std::string& error)
{
    std::vector<HostZone> zones;
    std::vector<std::string_view> seen; // the current zone's fields
    const auto lines = splitLines(text);

    // A zone is complete when its scalar lines were all read and agree with each other.
    const auto finishZone = [&](std::size_t endLine) -> bool {
        if (zones.empty())
            return true;
        const HostZone& z = zones.back();
        for (const std::string_view field : kZoneFields) {
            if (std::find(seen.begin(), seen.end(), field) == seen.end()) {
                error = at(file, z.line) + "node " + std::to_string(z.node) + ", zone " + z.name + " has no '"
                    + std::string(field == "free" ? "pages free" : field) + "' line before "
                    + (endLine > lines.size() ? std::string("the end of the file (a truncated file?)")
                                              : "the next zone at line " + std::to_string(endLine))
                    + "; expected free, min, low, high, spanned, present and managed for every zone";
                return false;
            }
        }
        if (z.managed > z.present || z.present > z.spanned) {
            error = at(file, z.line) + "node " + std::to_string(z.node) + ", zone " + z.name + ": managed "
                + std::to_string(z.managed) + ", present " + std::to_string(z.present) + ", spanned "
                + std::to_string(z.spanned) + "; expected managed <= present <= spanned";
            return false;
        }
        if (z.min > z.low || z.low > z.high) {
            error = at(file, z.line) + "node " + std::to_string(z.node) + ", zone " + z.name + ": min "
                + std::to_string(z.min) + ", low " + std::to_string(z.low) + ", high "
                + std::to_string(z.high) + "; expected min <= low <= high";
            return false;
        }
        return true;
    };

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t lineNo = i + 1;
        const std::string_view line = lines[i];
        const auto words = splitWords(line);
        if (words.empty())
            continue;
        if (words[0] == "Node") {
            const auto header = zoneHeader(line);
            const auto node = header ? parseNumber<std::uint64_t>(header->first) : std::nullopt;
            if (!header || !node || *node > 65535) {
                error = at(file, lineNo) + "'" + shown(line)
                    + "' is not a zone header; expected 'Node N, zone NAME'";
                return std::nullopt;
            }
            if (!finishZone(lineNo))
                return std::nullopt;
            const auto type = zoneTypeFromName(header->second);
            if (!type) {
                error = at(file, lineNo) + "unknown zone '" + shown(header->second)
                    + "'; expected DMA, DMA32, Normal, Movable or Device (64-bit zone_names[])";
                return std::nullopt;
            }
            const int nodeId = static_cast<int>(*node);
            for (const HostZone& z : zones) {
                if (z.node > nodeId || (z.node == nodeId && z.name == header->second)) {
                    error = at(file, lineNo) + "node " + std::to_string(nodeId) + ", zone "
                        + std::string(header->second) + " comes after node " + std::to_string(z.node)
                        + ", zone " + z.name + " (line " + std::to_string(z.line)
                        + "); expected each zone once, nodes in ascending order";
                    return std::nullopt;
                }
            }
            HostZone zone;
            zone.node = nodeId;
            zone.name = std::string(header->second);
            zone.line = lineNo;
            zones.push_back(std::move(zone));
            seen.clear();
            continue;
        }
        if (zones.empty()) {
            error = at(file, lineNo) + "'" + shown(line)
                + "' before the first zone; expected 'Node N, zone NAME'";
            return std::nullopt;
        }
        HostZone& zone = zones.back();
        std::string_view name = words[0];
        std::size_t valueWord = 1;
        if (name == "pages" && words.size() >= 2 && words[1] == "free") {
            name = "free";
            valueWord = 2;
        } else if (name == "protection:") {
            // "protection: (0, 3018, 9290, 9290, 9290)"
            const std::size_t open = line.find('(');
            const std::size_t close = line.rfind(')');
            if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
                error = at(file, lineNo) + "'" + shown(line) + "': expected 'protection: (N, N, ...)'";
                return std::nullopt;
            }
            std::string_view inside = line.substr(open + 1, close - open - 1);
            zone.protection.clear();
            while (!inside.empty()) {
                const std::size_t comma = inside.find(',');
                const auto item = splitWords(inside.substr(0, comma));
                const auto value = item.size() == 1 ? parseNumber<std::uint64_t>(item[0]) : std::nullopt;
                if (!value) {
                    error = at(file, lineNo) + "protection: '" + shown(inside.substr(0, comma))
                        + "' is not a number";
                    return std::nullopt;
                }
                zone.protection.push_back(*value);
                inside = comma == std::string_view::npos ? std::string_view {} : inside.substr(comma + 1);
            }
            continue;
        }
        std::uint64_t* field = zoneField(zone, name);
        if (!field)
            continue; // counters, per-node stats and pagesets ("high:" there has a colon)
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            error = at(file, lineNo) + "node " + std::to_string(zone.node) + ", zone " + zone.name
                + ": a second '" + std::string(name) + "' line; expected one";
            return std::nullopt;
        }
        const auto value =
            words.size() == valueWord + 1 ? parseNumber<std::uint64_t>(words[valueWord]) : std::nullopt;
        if (!value) {
            error = at(file, lineNo) + "'" + shown(line) + "': the " + std::string(name)
                + " value is not a plain decimal number";
            return std::nullopt;
        }
        *field = *value;
        seen.push_back(name);
    }
    if (!finishZone(lines.size() + 1))
        return std::nullopt;
    if (zones.empty()) {
        error = file + ": no zones; expected 'Node N, zone NAME' blocks as in /proc/zoneinfo";
        return std::nullopt;
    }
    return zones;
}

std::vector<ZoneinfoRecord> zoneinfoRecords(std::string_view text)
{
    std::vector<ZoneinfoRecord> out;
    bool inNodeStats = false;
    bool inPagesets = false;
    for (const std::string_view line : splitLines(text)) {
        if (const auto header = zoneHeader(line)) {
            out.push_back({ std::string(header->first), std::string(header->second), {} });
            inNodeStats = false;
            inPagesets = false;
            continue;
        }
        if (out.empty())
            continue;
        const auto words = splitWords(line);
        if (words.empty())
            continue;
        auto& fields = out.back().fields;
        if (words.size() == 2 && words[0] == "per-node" && words[1] == "stats") {
            inNodeStats = true;
        } else if (words.size() == 3 && words[0] == "pages" && words[1] == "free") {
            inNodeStats = false;
            fields.emplace_back("free", words[2]);
        } else if (words.size() == 2
            && (words[0] == "boost" || words[0] == "min" || words[0] == "low" || words[0] == "high"
                || words[0] == "spanned" || words[0] == "present" || words[0] == "managed")) {
            fields.emplace_back(words[0], words[1]);
        } else if (words.size() == 2 && inNodeStats) {
            fields.emplace_back("node_" + std::string(words[0]), words[1]);
        } else if (words.size() == 2 && words[0].substr(0, 3) == "nr_" && !inPagesets) {
            fields.emplace_back(words[0], words[1]);
        } else if (words[0] == "pagesets") {
            inPagesets = true;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> keyValueLines(std::string_view text)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string_view line : splitLines(text)) {
        const auto words = splitWords(line);
        if (words.size() == 2)
            out.emplace_back(words[0], words[1]);
    }
    return out;
}

std::optional<std::vector<std::pair<std::string, std::uint64_t>>> parseMeminfo(
    std::string_view text, const std::string& file, std::string& error)
{
    std::vector<std::pair<std::string, std::uint64_t>> out;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (splitWords(line).empty())
            continue;
        const std::size_t colon = line.find(':');
        const auto words = colon == std::string_view::npos ? std::vector<std::string_view> {}
                                                           : splitWords(line.substr(colon + 1));
        const auto value = !words.empty() ? parseNumber<std::uint64_t>(words[0]) : std::nullopt;
        if (colon == 0 || !value || words.size() > 2 || (words.size() == 2 && words[1] != "kB")) {
            error = at(file, i + 1) + "'" + shown(line) + "' is not a meminfo line; expected 'Key: N kB'";
            return std::nullopt;
        }
        out.emplace_back(std::string(line.substr(0, colon)), *value);
    }
    if (out.empty()) {
        error = file + ": empty; expected /proc/meminfo lines 'Key: N kB'";
        return std::nullopt;
    }
    return out;
}

std::optional<std::uint64_t> meminfoValue(
    const std::vector<std::pair<std::string, std::uint64_t>>& meminfo, std::string_view key)
{
    for (const auto& [name, value] : meminfo) {
        if (name == key)
            return value;
    }
    return std::nullopt;
}

std::optional<std::vector<HostSwap>> parseSwaps(
    std::string_view text, const std::string& file, std::string& error)
{
    std::vector<HostSwap> out;
    const auto lines = splitLines(text);
    bool header = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto words = splitWords(lines[i]);
        if (words.empty())
            continue;
        if (!header) {
            if (words[0] != "Filename") {
                error = at(file, i + 1) + "'" + shown(lines[i])
                    + "' is not the header; expected 'Filename Type Size Used Priority'";
                return std::nullopt;
            }
            header = true;
            continue;
        }
        HostSwap swap;
        swap.line = i + 1;
        const auto size = words.size() == 5 ? parseNumber<std::uint64_t>(words[2]) : std::nullopt;
        const auto used = words.size() == 5 ? parseNumber<std::uint64_t>(words[3]) : std::nullopt;
        const auto priority = words.size() == 5 ? parseNumber<std::int64_t>(words[4]) : std::nullopt;
        if (!size || !used || !priority) {
            error = at(file, i + 1) + "'" + shown(lines[i])
                + "' is not a swap line; expected NAME TYPE SIZE_KB USED_KB PRIORITY";
            return std::nullopt;
        }
        // seq_file_path() escapes blanks, newlines and backslashes as \ooo.
        const std::string_view name = words[0];
        for (std::size_t c = 0; c < name.size(); ++c) {
            if (name[c] == '\\' && c + 3 < name.size() && name[c + 1] >= '0' && name[c + 1] <= '3'
                && name[c + 2] >= '0' && name[c + 2] <= '7' && name[c + 3] >= '0' && name[c + 3] <= '7') {
                swap.name.push_back(static_cast<char>(
                    (name[c + 1] - '0') * 64 + (name[c + 2] - '0') * 8 + (name[c + 3] - '0')));
                c += 3;
            } else {
                swap.name.push_back(name[c]);
            }
        }
        swap.type = std::string(words[1]);
        swap.sizeKb = *size;
        swap.usedKb = *used;
        swap.priority = *priority;
        out.push_back(std::move(swap));
    }
    if (!header) {
        error = file + ": empty; expected the header 'Filename Type Size Used Priority'";
        return std::nullopt;
    }
    return out;
}

std::optional<std::vector<std::int64_t>> parseSysctlValues(
    std::string_view text, const std::string& file, std::string& error)
{
    std::vector<std::int64_t> out;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        for (const std::string_view word : splitWords(lines[i])) {
            const auto v = parseNumber<std::int64_t>(word);
            if (!v) {
                error = at(file, i + 1) + "'" + shown(word) + "' is not an integer";
                return std::nullopt;
            }
            out.push_back(*v);
        }
    }
    if (out.empty()) {
        error = file + ": empty; expected an integer";
        return std::nullopt;
    }
    return out;
}

std::optional<HostProcess> parseProcessStatus(
    std::string_view text, const std::string& file, std::string& error)
{
    HostProcess p;
    bool havePid = false;
    const auto lines = splitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, colon);
        const auto words = splitWords(line.substr(colon + 1));
        const auto bad = [&](const char* expected) {
            error = at(file, i + 1) + "'" + shown(line) + "': expected " + expected;
            return std::nullopt;
        };
        if (key == "Name") {
            // The name is everything after the tab (proc_task_name(); it may hold blanks).
            std::string_view name = line.substr(colon + 1);
            if (!name.empty() && name.front() == '\t')
                name.remove_prefix(1);
            p.name = std::string(name);
        } else if (key == "Pid" || key == "PPid") {
            const auto v = words.size() == 1 ? parseNumber<std::int64_t>(words[0]) : std::nullopt;
            if (!v || *v < 0)
                return bad("a pid");
            (key == "Pid" ? p.pid : p.ppid) = *v;
            havePid = havePid || key == "Pid";
        } else if (key == "Uid") {
            const auto v = !words.empty() ? parseNumber<std::uint64_t>(words[0]) : std::nullopt;
            if (!v)
                return bad("four uids");
            p.uid = *v;
        } else if (key == "VmRSS") {
            const auto v =
                words.size() == 2 && words[1] == "kB" ? parseNumber<std::uint64_t>(words[0]) : std::nullopt;
            if (!v)
                return bad("'VmRSS: N kB'");
            p.vmRssKb = *v;
        } else if (key == "Kthread") {
            const auto v = words.size() == 1 ? parseNumber<std::uint64_t>(words[0]) : std::nullopt;
            if (!v || *v > 1)
                return bad("0 or 1");
            p.kthread = *v == 1;
        }
    }
    if (!havePid) {
        error = file + ": no 'Pid:' line; expected /proc/PID/status";
        return std::nullopt;
    }
    // kthreadd (pid 2) and its children are kernel threads (kernel/kthread.c).
    p.kthread = p.kthread || p.pid == 2 || p.ppid == 2;
    return p;
}

std::optional<int> parseOomScoreAdj(std::string_view text, const std::string& file, std::string& error)
{
    const auto values = parseSysctlValues(text, file, error);
    if (!values)
        return std::nullopt;
    if (values->size() != 1 || values->front() < -1000 || values->front() > 1000) {
        error = at(file, 1) + "expected one integer in -1000..1000";
        return std::nullopt;
    }
    return static_cast<int>(values->front());
}

std::optional<ThpMode> parseThpMode(std::string_view text, const std::string& file, std::string& error)
{
    for (const std::string_view word : splitWords(text)) {
        if (word == "[always]")
            return ThpMode::Always;
        if (word == "[madvise]")
            return ThpMode::Madvise;
        if (word == "[never]")
            return ThpMode::Never;
    }
    error = at(file, 1) + "'" + shown(text.substr(0, text.find('\n')))
        + "': expected the mode in brackets, e.g. 'always [madvise] never'";
    return std::nullopt;
}

std::optional<std::uint64_t> hostKernelPages(
    const std::vector<std::pair<std::string, std::uint64_t>>& meminfo, std::string& missing)
{
    std::uint64_t values[7] = {};
    const std::string_view keys[7] = { "MemTotal", "MemFree", "Active(anon)", "Inactive(anon)",
        "Active(file)", "Inactive(file)", "Unevictable" };
    for (std::size_t i = 0; i < 7; ++i) {
        const auto v = meminfoValue(meminfo, keys[i]);
        if (!v) {
            missing = std::string(keys[i]);
            return std::nullopt;
        }
        values[i] = *v;
    }
    std::uint64_t notKernelKb = 0;
    for (std::size_t i = 1; i < 7; ++i)
        notKernelKb += values[i];
    return values[0] > notKernelKb ? (values[0] - notKernelKb) / (kPageSize / 1024) : 0;
}

} // namespace rlab::engine
