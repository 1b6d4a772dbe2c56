// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario JSON reader. With lesson_io.cpp (through detail/json_reader.h) the only engine code that uses
// nlohmann_json; the format is documented in
// docs/scenario-format.md and resources/scenario.schema.json, which must change together with this file.
#include "detail/json_reader.h"
#include "rlab/engine/gfp.h"
#include "rlab/engine/machine.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/tunables.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>

namespace rlab::engine {

namespace {

using namespace std::string_view_literals;

// ordered_json keeps the file's key order: sysctl writes must be applied in the order they are written.
using Json = nlohmann::ordered_json;

// Exact arithmetic for "1.5G"-style values: 38 decimal digits times 2^40 needs more than 64 bits.
__extension__ typedef unsigned __int128 Wide;

constexpr Pages kMaxPages = Pages { 1 } << 52; // 16 EiB, the whole 64-bit byte address space
constexpr Pages kMinRamPages = (Pages { 64 } << 20) / kPageSize;
// 4 TiB keeps the PC layout (with its PCI hole) within the engine's 31-bit PFNs; the memory limit
// (Simulator::validate) refuses far smaller machines unless it is raised.
constexpr Pages kMaxRamPages = (Pages { 4 } << 40) / kPageSize;
constexpr std::int64_t kMaxScanRate = 10'000'000;
// A workload's work per step grows with its rate: 64 GiB/s and 100 million accesses/s bound it
// (a memory bus's order of magnitude); the shipped scenarios go up to 10 GiB/s.
constexpr std::uint64_t kMaxPageRate = std::uint64_t { 1 } << 24;
constexpr std::uint64_t kMaxAccessRate = 100'000'000;
constexpr std::int64_t kMaxCpus = 4096;
constexpr std::int64_t kMaxPid = 4'194'304; // PID_MAX_LIMIT on 64-bit
constexpr std::int64_t kMaxNodes = 1024; // MAX_NUMNODES with Debian's CONFIG_NODES_SHIFT=10
constexpr std::int64_t kMaxPriority = 32767; // SWAP_FLAG_PRIO_MASK
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxIntDigits = 20;
constexpr std::size_t kMaxFractionDigits = 18;
constexpr std::size_t kMaxFileBytes = std::size_t { 64 } << 20;

constexpr DiskSpec kSsd { 100, 128000 };
constexpr DiskSpec kHdd { 8 * kTicksPerMs, 30000 };

constexpr std::string_view kSizeHelp =
    "expected a size like \"512M\", \"1.5G\", \"4GiB\" (binary units K, M, G, T) or a whole number of pages";
constexpr std::string_view kDurationHelp =
    "expected a duration like \"500ms\", \"1.5s\", \"2m\" (units us, ms, s, m, h) or integer milliseconds";
constexpr std::string_view kRateHelp =
    "expected a rate like \"200M/s\", \"1G/s\" (binary units per second) or integer pages per second";
constexpr std::string_view kAccessRateHelp =
    "expected an access rate like \"50000/s\" or an integer number of accesses per second";
constexpr std::string_view kBandwidthHelp = "expected a bandwidth like \"500M/s\" (binary units per second)";

constexpr std::array kTopKeys = { "name"sv, "description"sv, "seed"sv, "duration"sv, "machine"sv, "sysctl"sv,
    "swap"sv, "cgroups"sv, "processes"sv, "events"sv };
constexpr std::array kMachineKeys = { "ram"sv, "nodes"sv, "transparent_hugepage"sv,
    "transparent_hugepage_defrag"sv, "khugepaged"sv, "kernel_pages"sv, "reclaim_scan_rate"sv, "cpus"sv,
    "page_cpu_time"sv, "pageout_cpu_time"sv, "file_disk"sv };
constexpr std::array kNodeKeys = { "zones"sv };
constexpr std::array kZoneKeys = { "name"sv, "present_pages"sv, "managed_pages"sv, "spanned_pages"sv };
constexpr std::array kDiskKeys = { "preset"sv, "latency"sv, "bandwidth"sv };
constexpr std::array kSwapKeys = { "name"sv, "size"sv, "priority"sv, "disk"sv };
constexpr std::array kProcessKeys = { "name"sv, "pid"sv, "uid"sv, "oom_score_adj"sv, "start"sv, "exit"sv,
    "node"sv, "cgroup"sv, "workload"sv };
constexpr std::array kOomAdjKeys = { "process"sv, "value"sv };
constexpr std::array kEventActions = { "sysctl"sv, "oom_score_adj"sv, "start"sv, "kill"sv, "drop_caches"sv,
    "swapoff"sv, "swapon"sv, "transparent_hugepage"sv, "cgroup"sv, "move"sv };
// The memory controller files a scenario sets, in the order a live write applies them.
constexpr std::array kCgroupFiles = { "memory.max"sv, "memory.high"sv, "memory.low"sv, "memory.min"sv,
    "memory.swap.max"sv, "memory.oom.group"sv };
constexpr std::array kMoveKeys = { "process"sv, "cgroup"sv };
constexpr std::string_view kLimitHelp =
    "expected \"max\", a size like \"512M\", \"1.5G\" (binary units K, M, G, T) or a whole number of pages";
constexpr std::string_view kCgroupPathHelp =
    "expected an absolute cgroup path like \"/db\" or \"/system.slice/db.service\": names of letters, digits "
    "and . _ - @ : +, at most 255 characters each, not \".\" or \"..\"";

constexpr std::array kZoneNames = { std::pair { "DMA"sv, ZoneType::Dma },
    std::pair { "DMA32"sv, ZoneType::Dma32 }, std::pair { "Normal"sv, ZoneType::Normal },
    std::pair { "Movable"sv, ZoneType::Movable } };
constexpr std::array kThpNames = { std::pair { "always"sv, ThpMode::Always },
    std::pair { "madvise"sv, ThpMode::Madvise }, std::pair { "never"sv, ThpMode::Never } };
constexpr std::array kThpDefragNames = { std::pair { "always"sv, ThpDefrag::Always },
    std::pair { "defer"sv, ThpDefrag::Defer }, std::pair { "defer+madvise"sv, ThpDefrag::DeferMadvise },
    std::pair { "madvise"sv, ThpDefrag::Madvise }, std::pair { "never"sv, ThpDefrag::Never } };
constexpr std::array kHugepageAdvice = { std::pair { "none"sv, HugepageAdvice::None },
    std::pair { "hugepage"sv, HugepageAdvice::Hugepage },
    std::pair { "nohugepage"sv, HugepageAdvice::NoHugepage } };
constexpr std::array kThpKeys = { "enabled"sv, "defrag"sv };
constexpr std::array kKhugepagedKeys = { "pages_to_scan"sv, "scan_sleep_millisecs"sv,
    "alloc_sleep_millisecs"sv, "defrag"sv, "max_ptes_none"sv };
constexpr std::int64_t kMaxKhugepagedSleepMs = 3'600'000; // the model's bound: an hour
constexpr std::array kDiskPresets = { std::pair { "ssd"sv, kSsd }, std::pair { "hdd"sv, kHdd } };
/// A workload's "zone": gfp_zone() of its allocations.
constexpr std::array kAllocZones = { std::pair { "movable"sv, ZoneType::Movable },
    std::pair { "dma32"sv, ZoneType::Dma32 } };
constexpr std::array kAccessPatterns = { std::pair { "random"sv, AccessPattern::Random },
    std::pair { "sequential"sv, AccessPattern::Sequential } };

enum class Need : std::uint8_t
{
    No,
    Optional,
    Required,
};

struct WorkloadType
{
    std::string_view name;
    WorkloadKind kind;
    Need file;
    Need rate;
    Need accessRate;
    Need zone;
    Need pattern;
};

constexpr std::array kWorkloadTypes = {
    WorkloadType { "anon", WorkloadKind::Anon, Need::No, Need::Optional, Need::No, Need::Optional, Need::No },
    WorkloadType { "working_set", WorkloadKind::WorkingSet, Need::Optional, Need::No, Need::Required,
        Need::No, Need::Optional },
    WorkloadType {
        "stream", WorkloadKind::Stream, Need::Required, Need::Required, Need::No, Need::No, Need::No },
    WorkloadType {
        "file_set", WorkloadKind::FileSet, Need::Required, Need::No, Need::Required, Need::No, Need::No },
    WorkloadType {
        "write", WorkloadKind::Write, Need::Required, Need::Required, Need::No, Need::No, Need::No },
    WorkloadType { "exec", WorkloadKind::Exec, Need::Required, Need::No, Need::Required, Need::No, Need::No },
    WorkloadType { "mlock", WorkloadKind::Mlock, Need::No, Need::No, Need::No, Need::Optional, Need::No },
    WorkloadType {
        "kernel_alloc", WorkloadKind::KernelAlloc, Need::No, Need::Required, Need::No, Need::No, Need::No },
};
constexpr std::array kKernelAllocKeys = { "order"sv, "gfp"sv, "lifetime"sv, "keep_every"sv };

// ---------------------------------------------------------------------------------------------------------
// Numbers with units

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// A decimal number "123" or "1.25" split off the front of a text: value = mantissa / scale.
struct Decimal
{
    Wide mantissa = 0;
    Wide scale = 1;
    bool hasPoint = false;
    std::string_view unit; ///< whatever follows the number
};

std::optional<Decimal> splitDecimal(std::string_view text)
{
    Decimal d;
    std::size_t i = 0;
    for (; i < text.size() && isDigit(text[i]); ++i) {
        if (i >= kMaxIntDigits)
            return std::nullopt;
        d.mantissa = d.mantissa * 10 + static_cast<unsigned>(text[i] - '0');
    }
    if (i == 0)
        return std::nullopt;
    if (i < text.size() && text[i] == '.') {
        d.hasPoint = true;
        const std::size_t first = ++i;
        for (; i < text.size() && isDigit(text[i]); ++i) {
            if (i - first >= kMaxFractionDigits)
                return std::nullopt;
            d.mantissa = d.mantissa * 10 + static_cast<unsigned>(text[i] - '0');
            d.scale *= 10;
        }
        if (i == first)
            return std::nullopt;
    }
    d.unit = text.substr(i);
    return d;
}

/// An exact byte count numerator / denominator (fractions like "1.1K" are not whole bytes).
struct ExactBytes
{
    Wide numerator = 0;
    Wide denominator = 1;
};

std::optional<ExactBytes> parseBytes(std::string_view text)
{
    const auto d = splitDecimal(text);
    if (!d)
        return std::nullopt;
    if (d->unit.empty()) {
        // A bare number counts pages; a fraction of a page is meaningless.
        if (d->hasPoint)
            return std::nullopt;
        return ExactBytes { d->mantissa * kPageSize, 1 };
    }
    unsigned shift = 0;
    switch (d->unit.front()) {
    case 'K':
        shift = 10;
        break;
    case 'M':
        shift = 20;
        break;
    case 'G':
        shift = 30;
        break;
    case 'T':
        shift = 40;
        break;
    default:
        return std::nullopt;
    }
    // "4GB" and "4GiB" both mean 4 GiB: free(1) and most tutorials write GB for binary sizes.
    const std::string_view suffix = d->unit.substr(1);
    if (!suffix.empty() && suffix != "B" && suffix != "iB")
        return std::nullopt;
    if (d->mantissa > (~Wide { 0 } >> shift))
        return std::nullopt;
    return ExactBytes { d->mantissa << shift, d->scale };
}

std::optional<Pages> bytesToPages(const ExactBytes& bytes)
{
    const Wide unit = bytes.denominator * kPageSize;
    const Wide pages = bytes.numerator / unit + (bytes.numerator % unit != 0 ? 1 : 0);
    if (pages > kMaxPages)
        return std::nullopt;
    return static_cast<Pages>(pages);
}

/// "<something>/s" -> "<something>"
std::optional<std::string_view> stripPerSecond(std::string_view text)
{
    constexpr std::string_view kSuffix = "/s";
    if (text.size() <= kSuffix.size() || text.substr(text.size() - kSuffix.size()) != kSuffix)
        return std::nullopt;
    return text.substr(0, text.size() - kSuffix.size());
}

std::optional<std::uint64_t> parseCount(std::string_view text)
{
    const auto d = splitDecimal(text);
    if (!d || d->hasPoint || !d->unit.empty() || d->mantissa > std::numeric_limits<std::uint64_t>::max())
        return std::nullopt;
    return static_cast<std::uint64_t>(d->mantissa);
}

// ---------------------------------------------------------------------------------------------------------
// Error texts

/// Thrown inside this file only and turned into ParseResult::error: every reader can then stop at the first
/// problem without threading a status through each call. Nothing escapes the public functions.
using Failure = detail::JsonFailure;

/// Printable ASCII only, so an error stays on one line whatever bytes the file holds.
std::string sanitize(std::string_view text, std::size_t maxLength = 200)
{
    std::string out;
    for (const char c : text) {
        if (out.size() >= maxLength) {
            out += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            out += c;
        } else {
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

std::string quote(std::string_view text)
{
    std::string out = "\"";
    for (const char c : sanitize(text, 60)) {
        if (c == '"')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

bool isIdentifier(std::string_view key)
{
    if (key.empty() || isDigit(key.front()))
        return false;
    return std::all_of(key.begin(), key.end(),
        [](char c) { return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; });
}

/// Key path of a member: `machine.ram`, or `sysctl."vm.swappiness"` for keys that are not identifiers.
std::string child(const std::string& parent, std::string_view key)
{
    std::string out = parent;
    if (!out.empty())
        out += '.';
    out += isIdentifier(key) ? std::string(key) : quote(key);
    return out;
}

std::string element(const std::string& parent, std::size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

[[noreturn]] void fail(const std::string& path, const std::string& what, std::string_view allowed)
{
    throw Failure { (path.empty() ? std::string("(top level)") : path) + ": " + what + "; "
        + std::string(allowed) };
}

std::string typeName(const Json& value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return "an integer";
    case Json::value_t::number_float:
        return "a fractional number";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "an unsupported value";
    }
}

template<typename Names>
std::string join(const Names& names, bool quoted = false)
{
    std::string out;
    for (const auto& name : names) {
        if (!out.empty())
            out += ", ";
        out += quoted ? quote(name) : std::string(name);
    }
    return out;
}

std::string sysctlNames()
{
    std::vector<std::string_view> names;
    for (const auto& info : sysctlTable())
        names.push_back(info.name);
    return join(names);
}

std::string formatDuration(Tick ticks)
{
    if (ticks % kTicksPerSecond == 0)
        return std::to_string(ticks / kTicksPerSecond) + "s";
    if (ticks % kTicksPerMs == 0)
        return std::to_string(ticks / kTicksPerMs) + "ms";
    return std::to_string(ticks) + "us";
}

// ---------------------------------------------------------------------------------------------------------
// Typed readers for one JSON value

void expectObject(const Json& value, const std::string& path, std::string_view allowed)
{
    if (!value.is_object())
        fail(path, "is " + typeName(value), allowed);
}

void expectArray(const Json& value, const std::string& path, std::string_view allowed)
{
    if (!value.is_array())
        fail(path, "is " + typeName(value), allowed);
}

void checkKeys(const Json& object, const std::string& path, std::span<const std::string_view> allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            fail(child(path, it.key()), "unknown key", "allowed keys: " + join(allowed));
    }
}

const Json* find(const Json& object, std::string_view key)
{
    const auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

const Json& require(
    const Json& object, const std::string& path, std::string_view key, std::string_view allowed)
{
    const Json* value = find(object, key);
    if (!value)
        fail(child(path, key), "missing required key", allowed);
    return *value;
}

std::int64_t readInt(const Json& value, const std::string& path, std::int64_t min, std::int64_t max,
    std::string_view note = {})
{
    std::string allowed = "expected an integer in " + std::to_string(min) + ".." + std::to_string(max);
    if (!note.empty())
        allowed += " (" + std::string(note) + ")";
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (max < 0 || v > static_cast<std::uint64_t>(max)
            || (min > 0 && v < static_cast<std::uint64_t>(min)))
            fail(path, "value " + std::to_string(v) + " is out of range", allowed);
        return static_cast<std::int64_t>(v);
    }
    if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (v < min || v > max)
            fail(path, "value " + std::to_string(v) + " is out of range", allowed);
        return v;
    }
    fail(path, "is " + typeName(value), allowed);
}

std::string readString(
    const Json& value, const std::string& path, std::string_view allowed = "expected a string")
{
    if (!value.is_string())
        fail(path, "is " + typeName(value), allowed);
    return value.get<std::string>();
}

std::string readName(const Json& value, const std::string& path, std::string_view what)
{
    const std::string allowed = "expected a non-empty string naming " + std::string(what);
    std::string name = readString(value, path, allowed);
    if (name.empty())
        fail(path, "is empty", allowed);
    return name;
}

template<typename Value, std::size_t N>
std::string enumHelp(const std::array<std::pair<std::string_view, Value>, N>& names)
{
    std::vector<std::string_view> keys;
    for (const auto& entry : names)
        keys.push_back(entry.first);
    return "expected one of " + join(keys, true);
}

template<typename Value, std::size_t N>
Value readEnum(const Json& value, const std::string& path,
    const std::array<std::pair<std::string_view, Value>, N>& names)
{
    const std::string allowed = enumHelp(names);
    const std::string text = readString(value, path, allowed);
    for (const auto& entry : names) {
        if (entry.first == text)
            return entry.second;
    }
    fail(path, quote(text) + " is not allowed", allowed);
}

Pages readSize(const Json& value, const std::string& path)
{
    if (value.is_number_integer())
        return static_cast<Pages>(readInt(value, path, 0, static_cast<std::int64_t>(kMaxPages), "pages"));
    const std::string text = readString(value, path, kSizeHelp);
    const auto bytes = parseBytes(text);
    if (!bytes)
        fail(path, quote(text) + " is not a size", kSizeHelp);
    const auto pages = bytesToPages(*bytes);
    if (!pages)
        fail(path, quote(text) + " is too large", "expected a size of at most 16E");
    return *pages;
}

Pages readPositiveSize(const Json& value, const std::string& path)
{
    const Pages pages = readSize(value, path);
    if (pages == 0)
        fail(path, "size is zero", "expected a size above 0");
    return pages;
}

Tick readDuration(const Json& value, const std::string& path)
{
    if (value.is_number_integer())
        return readInt(value, path, 0, kMaxDuration / kTicksPerMs, "milliseconds") * kTicksPerMs;
    const std::string text = readString(value, path, kDurationHelp);
    const auto ticks = parseDuration(text);
    if (!ticks)
        fail(path, quote(text) + " is not a duration", kDurationHelp);
    if (*ticks > kMaxDuration)
        fail(path, quote(text) + " is too long", "expected a duration up to " + maxDurationText());
    return *ticks;
}

std::uint64_t readPageRate(const Json& value, const std::string& path)
{
    if (value.is_number_integer())
        return static_cast<std::uint64_t>(
            readInt(value, path, 0, static_cast<std::int64_t>(kMaxPageRate), "pages per second"));
    const std::string text = readString(value, path, kRateHelp);
    const auto perSecond = stripPerSecond(text);
    const auto bytes = perSecond ? parseBytes(*perSecond) : std::nullopt;
    const auto pages = bytes ? bytesToPages(*bytes) : std::nullopt;
    if (!pages)
        fail(path, quote(text) + " is not a rate", kRateHelp);
    if (*pages > kMaxPageRate)
        fail(path, quote(text) + " is too fast",
            "expected a rate up to \"64G/s\" (16777216 pages per second)");
    return *pages;
}

std::uint64_t readAccessRate(const Json& value, const std::string& path)
{
    std::uint64_t rate = 0;
    if (value.is_number_integer()) {
        rate = static_cast<std::uint64_t>(
            readInt(value, path, 0, static_cast<std::int64_t>(kMaxAccessRate), "accesses per second"));
    } else {
        const std::string text = readString(value, path, kAccessRateHelp);
        const auto perSecond = stripPerSecond(text);
        const auto count = perSecond ? parseCount(*perSecond) : std::nullopt;
        if (!count)
            fail(path, quote(text) + " is not an access rate", kAccessRateHelp);
        rate = *count;
    }
    if (rate == 0)
        fail(path, "access rate is zero", "expected at least 1 access per second");
    if (rate > kMaxAccessRate)
        fail(path, std::to_string(rate) + " accesses per second is too many",
            "expected at most 100000000 accesses per second");
    return rate;
}

std::uint64_t readBandwidth(const Json& value, const std::string& path)
{
    const std::string text = readString(value, path, kBandwidthHelp);
    const auto perSecond = stripPerSecond(text);
    const auto bytes = perSecond ? parseBytes(*perSecond) : std::nullopt;
    if (!bytes)
        fail(path, quote(text) + " is not a bandwidth", kBandwidthHelp);
    const auto pages = bytesToPages(*bytes);
    if (!pages)
        fail(path, quote(text) + " is too fast", "expected a bandwidth of at most 16E/s");
    if (*pages == 0)
        fail(path, "bandwidth is zero", "expected a bandwidth above 0");
    // Pages per simulated second, rounded down, but a disk always moves at least one page a second.
    const Wide pagesPerSecond = bytes->numerator / (bytes->denominator * kPageSize);
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(pagesPerSecond));
}

KhugepagedSpec readKhugepaged(const Json& value, const std::string& path)
{
    // The files of /sys/kernel/mm/transparent_hugepage/khugepaged/ and their store() checks
    // (mm/khugepaged.c); the sleeps are bounded by the model.
    expectObject(value, path, "expected an object with keys " + join(kKhugepagedKeys));
    checkKeys(value, path, kKhugepagedKeys);
    KhugepagedSpec spec;
    auto read = [&](std::string_view key, std::int64_t min, std::int64_t max, std::string_view note) {
        const Json* given = find(value, key);
        return given
            ? std::optional { static_cast<std::uint32_t>(readInt(*given, child(path, key), min, max, note)) }
            : std::nullopt;
    };
    if (auto pages = read("pages_to_scan", 1, std::numeric_limits<std::uint32_t>::max(), "pages per pass"))
        spec.pagesToScan = *pages;
    if (auto ms = read("scan_sleep_millisecs", 0, kMaxKhugepagedSleepMs, "milliseconds"))
        spec.scanSleepMillisecs = *ms;
    if (auto ms = read("alloc_sleep_millisecs", 0, kMaxKhugepagedSleepMs, "milliseconds"))
        spec.allocSleepMillisecs = *ms;
    if (auto defrag =
            read("defrag", 0, 1, "1: GFP_TRANSHUGE, may reclaim and compact; 0: GFP_TRANSHUGE_LIGHT"))
        spec.defrag = *defrag != 0;
    if (auto none =
            read("max_ptes_none", 0, static_cast<std::int64_t>(kHpagePmdNr - 1), "HPAGE_PMD_NR - 1 at most"))
        spec.maxPtesNone = *none;
    return spec;
}

DiskSpec readDisk(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kDiskKeys));
    checkKeys(value, path, kDiskKeys);
    DiskSpec disk = kSsd;
    if (const Json* preset = find(value, "preset"))
        disk = readEnum(*preset, child(path, "preset"), kDiskPresets);
    if (const Json* latency = find(value, "latency"))
        disk.latency = readDuration(*latency, child(path, "latency"));
    if (const Json* bandwidth = find(value, "bandwidth"))
        disk.pagesPerSecond = readBandwidth(*bandwidth, child(path, "bandwidth"));
    return disk;
}

/// checkSysctl() says "value 300 is out of range: expected ..."; reshape it into "<what>; <allowed>".
[[noreturn]] void failSysctl(const std::string& path, std::string_view problem)
{
    const auto colon = problem.find(": ");
    if (problem.starts_with("expected") || colon == std::string_view::npos)
        fail(path, "invalid value", problem);
    fail(path, std::string(problem.substr(0, colon)), problem.substr(colon + 2));
}

std::vector<SysctlWrite> readSysctls(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object mapping sysctl names to integers");
    std::vector<SysctlWrite> writes;
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string itemPath = child(path, it.key());
        const SysctlInfo* info = findSysctl(it.key());
        if (!info)
            fail(itemPath, "unknown sysctl", "supported: " + sysctlNames());
        SysctlWrite write { it.key(), {} };
        const Json& item = it.value();
        constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
        constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
        if (item.is_array() && info->vector) {
            for (std::size_t i = 0; i < item.size(); ++i)
                write.values.push_back(readInt(item[i], element(itemPath, i), kMin, kMax));
        } else if (item.is_number_integer()) {
            write.values.push_back(readInt(item, itemPath, kMin, kMax));
        } else {
            fail(itemPath, "is " + typeName(item),
                info->vector ? "expected an integer or an array of integers" : "expected an integer");
        }
        if (const auto problem = checkSysctl(*info, write.values))
            failSysctl(itemPath, *problem);
        writes.push_back(std::move(write));
    }
    return writes;
}

// ---------------------------------------------------------------------------------------------------------
// The scenario reader: holds what must be unique or consistent across the whole file.

class ScenarioReader
{
public:
    Scenario read(const Json& root);

private:
    MachineSpec readMachine(const Json& value, const std::string& path);
    NodeSpec readNode(const Json& value, const std::string& path);
    ZoneSpec readZone(const Json& value, const std::string& path);
    SwapSpec readSwap(const Json& value, const std::string& path, std::size_t ordinal);
    ProcessSpec readProcess(const Json& value, const std::string& path);
    WorkloadSpec readWorkload(const Json& value, const std::string& path);
    void readKernelAlloc(const Json& value, const std::string& path, WorkloadSpec& workload);
    void readEvents(const Json& value, const std::string& path, Scenario& scenario);
    void readCgroups(const Json& value, const std::string& path, Scenario& scenario);
    /// The cgroup files of `value` (keys from kCgroupFiles, plus `extraKeys`) written into `write`.
    void readCgroupFiles(const Json& value, const std::string& path, SetCgroup& write,
        std::span<const std::string_view> extraKeys);
    std::string readCgroupRef(const Json& value, const std::string& path);

    struct FileUse
    {
        Pages size = 0;
        std::string path;
    };

    /// One command of an event, remembered with its key path for the checks that need time order.
    struct PendingCommand
    {
        TimedCommand timed;
        std::string path;
    };

    std::size_t m_nodeCount = 0;
    std::size_t m_swapCount = 0; ///< devices declared so far, for default names
    std::set<std::string> m_processNames;
    std::set<std::int64_t> m_pids;
    std::map<std::string, FileUse> m_files;
    std::set<std::string> m_cgroups { "/" }; ///< the root and every cgroup the scenario creates
};

Scenario ScenarioReader::read(const Json& root)
{
    expectObject(root, "", "expected an object with keys " + join(kTopKeys));
    checkKeys(root, "", kTopKeys);
    Scenario scenario;
    if (const Json* name = find(root, "name"))
        scenario.name = readString(*name, "name");
    if (const Json* description = find(root, "description"))
        scenario.description = readString(*description, "description");
    if (const Json* seed = find(root, "seed")) {
        // nlohmann stores every non-negative integer as number_unsigned.
        if (!seed->is_number_unsigned())
            fail("seed",
                seed->is_number_integer()
                    ? "value " + std::to_string(seed->get<std::int64_t>()) + " is out of range"
                    : "is " + typeName(*seed),
                "expected an integer in 0.." + std::to_string(std::numeric_limits<std::uint64_t>::max()));
        scenario.seed = seed->get<std::uint64_t>();
    }
    if (const Json* duration = find(root, "duration")) {
        scenario.duration = readDuration(*duration, "duration");
        if (*scenario.duration == 0)
            fail("duration", "duration is zero", "expected a duration above 0");
    }
    scenario.machine = readMachine(
        require(root, "", "machine", "expected an object with keys " + join(kMachineKeys)), "machine");
    if (const Json* sysctl = find(root, "sysctl"))
        scenario.sysctls = readSysctls(*sysctl, "sysctl");
    if (const Json* swap = find(root, "swap")) {
        expectArray(*swap, "swap", "expected an array of swap device objects");
        std::set<std::string> names;
        for (std::size_t i = 0; i < swap->size(); ++i) {
            const std::string path = element("swap", i);
            SwapSpec device = readSwap((*swap)[i], path, i);
            if (!names.insert(device.name).second)
                fail(find((*swap)[i], "name") ? child(path, "name") : path,
                    "duplicate swap name " + quote(device.name),
                    "expected a name not used by another swap device");
            scenario.swap.push_back(std::move(device));
        }
    }
    if (const Json* cgroups = find(root, "cgroups"))
        readCgroups(*cgroups, "cgroups", scenario);
    if (const Json* processes = find(root, "processes")) {
        expectArray(*processes, "processes", "expected an array of process objects");
        for (std::size_t i = 0; i < processes->size(); ++i)
            scenario.processes.push_back(readProcess((*processes)[i], element("processes", i)));
    }
    if (const Json* events = find(root, "events"))
        readEvents(*events, "events", scenario);
    return scenario;
}

MachineSpec ScenarioReader::readMachine(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kMachineKeys));
    checkKeys(value, path, kMachineKeys);
    MachineSpec machine;
    const Json* ram = find(value, "ram");
    const Json* nodes = find(value, "nodes");
    constexpr std::string_view kOneOf = "expected exactly one of \"ram\" (a size) or \"nodes\" (an array)";
    if (ram && nodes)
        fail(path, "has both \"ram\" and \"nodes\"", kOneOf);
    if (!ram && !nodes)
        fail(path, "has neither \"ram\" nor \"nodes\"", kOneOf);
    if (ram) {
        const std::string ramPath = child(path, "ram");
        const Pages pages = readSize(*ram, ramPath);
        if (pages < kMinRamPages || pages > kMaxRamPages)
            fail(ramPath, std::to_string(pages) + " pages is out of range",
                "expected a size from \"64M\" to \"4T\"");
        machine.ram = pages;
        machine.nodes = { pcLayout(pages) };
    } else {
        const std::string nodesPath = child(path, "nodes");
        expectArray(*nodes, nodesPath, "expected an array of node objects");
        if (nodes->size() > static_cast<std::size_t>(kMaxNodes))
            fail(nodesPath, std::to_string(nodes->size()) + " nodes", "expected at most 1024 nodes");
        for (std::size_t i = 0; i < nodes->size(); ++i)
            machine.nodes.push_back(readNode((*nodes)[i], element(nodesPath, i)));
    }
    Pages managed = 0;
    for (const auto& node : machine.nodes) {
        for (const auto& zone : node.zones)
            managed += zone.managed;
    }
    if (managed == 0)
        fail(child(path, "nodes"), "no zone has managed pages",
            "expected at least one zone with managed_pages > 0");
    m_nodeCount = machine.nodes.size();

    if (const Json* thp = find(value, "transparent_hugepage"))
        machine.transparentHugepage = readEnum(*thp, child(path, "transparent_hugepage"), kThpNames);
    if (const Json* defrag = find(value, "transparent_hugepage_defrag"))
        machine.thpDefrag = readEnum(*defrag, child(path, "transparent_hugepage_defrag"), kThpDefragNames);
    if (const Json* khugepaged = find(value, "khugepaged"))
        machine.khugepaged = readKhugepaged(*khugepaged, child(path, "khugepaged"));
    if (const Json* kernel = find(value, "kernel_pages")) {
        const std::string kernelPath = child(path, "kernel_pages");
        const Pages pages = readSize(*kernel, kernelPath);
        if (pages >= managed)
            fail(kernelPath,
                std::to_string(pages) + " pages is not below the machine's " + std::to_string(managed)
                    + " managed pages",
                "expected a size smaller than the managed memory");
        machine.kernelPages = pages;
    }
    if (const Json* scan = find(value, "reclaim_scan_rate"))
        machine.reclaimScanPagesPerMs = static_cast<std::uint64_t>(
            readInt(*scan, child(path, "reclaim_scan_rate"), 1, kMaxScanRate, "pages per ms"));
    if (const Json* cpus = find(value, "cpus"))
        machine.cpus = static_cast<std::uint32_t>(readInt(*cpus, child(path, "cpus"), 1, kMaxCpus, "CPUs"));
    for (auto [key, cost] : { std::pair { "page_cpu_time", &machine.pageCpuTime },
             std::pair { "pageout_cpu_time", &machine.pageoutCpuTime } }) {
        if (const Json* given = find(value, key)) {
            const std::string costPath = child(path, key);
            *cost = readDuration(*given, costPath);
            if (*cost > kTicksPerSecond)
                fail(costPath, "is above 1s", "expected a duration up to 1s, e.g. 2us");
        }
    }
    if (const Json* disk = find(value, "file_disk"))
        machine.fileDisk = readDisk(*disk, child(path, "file_disk"));
    return machine;
}

NodeSpec ScenarioReader::readNode(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kNodeKeys));
    checkKeys(value, path, kNodeKeys);
    const std::string zonesPath = child(path, "zones");
    const Json& zones = require(value, path, "zones", "expected an array of zone objects");
    expectArray(zones, zonesPath, "expected an array of zone objects");
    NodeSpec node;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const std::string zonePath = element(zonesPath, i);
        ZoneSpec zone = readZone(zones[i], zonePath);
        const bool seen = std::any_of(node.zones.begin(), node.zones.end(),
            [&](const ZoneSpec& other) { return other.type == zone.type; });
        if (seen)
            fail(child(zonePath, "name"),
                "zone " + quote(zoneTypeName(zone.type)) + " appears twice in this node",
                "expected each of \"DMA\", \"DMA32\", \"Normal\", \"Movable\" at most once per node");
        node.zones.push_back(zone);
    }
    std::sort(node.zones.begin(), node.zones.end(),
        [](const ZoneSpec& a, const ZoneSpec& b) { return a.type < b.type; });
    return node;
}

ZoneSpec ScenarioReader::readZone(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kZoneKeys));
    checkKeys(value, path, kZoneKeys);
    const auto readPages = [&](std::string_view key) {
        const std::string keyPath = child(path, key);
        const Json& pages = require(value, path, key, "expected an integer number of pages");
        return static_cast<Pages>(readInt(pages, keyPath, 0, static_cast<std::int64_t>(kMaxPages), "pages"));
    };
    ZoneSpec zone;
    zone.type = readEnum(require(value, path, "name", enumHelp(kZoneNames)), child(path, "name"), kZoneNames);
    zone.present = readPages("present_pages");
    zone.managed = readPages("managed_pages");
    zone.spanned = find(value, "spanned_pages") ? readPages("spanned_pages") : zone.present;
    constexpr std::string_view kOrder = "expected managed_pages <= present_pages <= spanned_pages";
    if (zone.managed > zone.present)
        fail(child(path, "managed_pages"),
            "managed_pages " + std::to_string(zone.managed) + " is above present_pages "
                + std::to_string(zone.present),
            kOrder);
    if (zone.present > zone.spanned)
        fail(child(path, "spanned_pages"),
            "spanned_pages " + std::to_string(zone.spanned) + " is below present_pages "
                + std::to_string(zone.present),
            kOrder);
    return zone;
}

SwapSpec ScenarioReader::readSwap(const Json& value, const std::string& path, std::size_t ordinal)
{
    expectObject(value, path, "expected an object with keys " + join(kSwapKeys));
    checkKeys(value, path, kSwapKeys);
    SwapSpec swap;
    if (const Json* name = find(value, "name"))
        swap.name = readName(*name, child(path, "name"), "the swap device");
    else
        swap.name = "swap" + std::to_string(ordinal);
    swap.size = readPositiveSize(require(value, path, "size", kSizeHelp), child(path, "size"));
    if (const Json* priority = find(value, "priority"))
        swap.priority = static_cast<int>(readInt(*priority, child(path, "priority"), -1, kMaxPriority));
    if (const Json* disk = find(value, "disk"))
        swap.disk = readDisk(*disk, child(path, "disk"));
    return swap;
}

ProcessSpec ScenarioReader::readProcess(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kProcessKeys));
    checkKeys(value, path, kProcessKeys);
    ProcessSpec process;
    const std::string namePath = child(path, "name");
    process.name =
        readName(require(value, path, "name", "expected a non-empty string"), namePath, "the process");
    if (!m_processNames.insert(process.name).second)
        fail(namePath, "duplicate process name " + quote(process.name),
            "expected a name not used by another process");
    if (const Json* pid = find(value, "pid")) {
        const std::string pidPath = child(path, "pid");
        const std::int64_t id = readInt(*pid, pidPath, 2, kMaxPid);
        if (!m_pids.insert(id).second)
            fail(
                pidPath, "duplicate pid " + std::to_string(id), "expected a pid not used by another process");
        process.pid = static_cast<int>(id);
    }
    if (const Json* uid = find(value, "uid"))
        process.uid = static_cast<std::uint32_t>(
            readInt(*uid, child(path, "uid"), 0, std::numeric_limits<std::uint32_t>::max()));
    if (const Json* adj = find(value, "oom_score_adj"))
        process.oomScoreAdj = static_cast<int>(readInt(*adj, child(path, "oom_score_adj"), -1000, 1000));
    if (const Json* start = find(value, "start"))
        process.start = readDuration(*start, child(path, "start"));
    if (const Json* exit = find(value, "exit")) {
        const std::string exitPath = child(path, "exit");
        process.exit = readDuration(*exit, exitPath);
        if (*process.exit <= process.start)
            fail(exitPath,
                formatDuration(*process.exit) + " is not after start " + formatDuration(process.start),
                "expected a duration greater than start");
    }
    if (const Json* node = find(value, "node")) {
        const std::string note = "the machine has " + std::to_string(m_nodeCount) + " node(s)";
        process.node = static_cast<std::uint32_t>(
            readInt(*node, child(path, "node"), 0, static_cast<std::int64_t>(m_nodeCount) - 1, note));
    }
    if (const Json* cgroup = find(value, "cgroup"))
        process.cgroup = readCgroupRef(*cgroup, child(path, "cgroup"));
    if (const Json* workload = find(value, "workload")) {
        const std::string workloadPath = child(path, "workload");
        expectArray(*workload, workloadPath, "expected an array of workload objects");
        for (std::size_t i = 0; i < workload->size(); ++i)
            process.workload.push_back(readWorkload((*workload)[i], element(workloadPath, i)));
    }
    return process;
}

WorkloadSpec ScenarioReader::readWorkload(const Json& value, const std::string& path)
{
    std::vector<std::string_view> typeNames;
    for (const auto& type : kWorkloadTypes)
        typeNames.push_back(type.name);
    const std::string typeHelp = "expected one of " + join(typeNames, true);
    expectObject(value, path, "expected an object with a \"type\" key (" + join(typeNames) + ")");
    const std::string typePath = child(path, "type");
    const std::string typeText = readString(require(value, path, "type", typeHelp), typePath, typeHelp);
    const auto type = std::find_if(kWorkloadTypes.begin(), kWorkloadTypes.end(),
        [&](const WorkloadType& t) { return t.name == typeText; });
    if (type == kWorkloadTypes.end())
        fail(typePath, quote(typeText) + " is not a workload type", typeHelp);

    std::vector<std::string_view> keys = { "type", "start", "stop", "size" };
    if (type->file != Need::No)
        keys.push_back("file");
    if (type->rate != Need::No)
        keys.push_back("rate");
    if (type->accessRate != Need::No)
        keys.push_back("access_rate");
    if (type->zone != Need::No)
        keys.push_back("zone");
    if (type->pattern != Need::No)
        keys.push_back("pattern");
    if (type->kind == WorkloadKind::KernelAlloc)
        keys.insert(keys.end(), kKernelAllocKeys.begin(), kKernelAllocKeys.end());
    if (type->kind == WorkloadKind::Anon || type->kind == WorkloadKind::WorkingSet)
        keys.push_back("madvise");
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
            fail(child(path, it.key()), "not a key of workload type " + quote(type->name),
                "allowed keys: " + join(keys));
    }

    WorkloadSpec workload;
    workload.kind = type->kind;
    if (const Json* start = find(value, "start"))
        workload.start = readDuration(*start, child(path, "start"));
    if (const Json* stop = find(value, "stop")) {
        const std::string stopPath = child(path, "stop");
        workload.stop = readDuration(*stop, stopPath);
        if (*workload.stop <= workload.start)
            fail(stopPath,
                formatDuration(*workload.stop) + " is not after start " + formatDuration(workload.start),
                "expected a duration greater than start");
    }
    const std::string sizePath = child(path, "size");
    workload.size = readPositiveSize(require(value, path, "size", kSizeHelp), sizePath);
    if (type->file == Need::Required)
        require(value, path, "file", "expected a non-empty string naming the file");
    if (const Json* file = find(value, "file")) {
        workload.file = readName(*file, child(path, "file"), "the file");
        workload.fileBacked = true;
        const auto [it, inserted] = m_files.try_emplace(workload.file, FileUse { workload.size, sizePath });
        if (!inserted && it->second.size != workload.size)
            fail(sizePath,
                "file " + quote(workload.file) + " is " + std::to_string(workload.size) + " pages here but "
                    + std::to_string(it->second.size) + " pages at " + it->second.path,
                "expected the same size for every use of a file");
    }
    if (type->rate == Need::Required)
        require(value, path, "rate", kRateHelp);
    if (const Json* rate = find(value, "rate")) {
        const std::string ratePath = child(path, "rate");
        workload.ratePagesPerSec = readPageRate(*rate, ratePath);
        if (workload.ratePagesPerSec == 0 && type->rate == Need::Required)
            fail(
                ratePath, "rate is zero", "expected a rate above 0 for a " + quote(type->name) + " workload");
    }
    if (type->accessRate == Need::Required)
        workload.accessesPerSec =
            readAccessRate(require(value, path, "access_rate", kAccessRateHelp), child(path, "access_rate"));
    if (const Json* zone = find(value, "zone"))
        workload.zone = readEnum(*zone, child(path, "zone"), kAllocZones);
    if (const Json* pattern = find(value, "pattern")) {
        const std::string patternPath = child(path, "pattern");
        workload.pattern = readEnum(*pattern, patternPath, kAccessPatterns);
        if (workload.pattern == AccessPattern::Sequential && workload.fileBacked)
            fail(patternPath, "\"sequential\" is for anonymous memory, and this working set maps a file",
                "expected \"random\" with \"file\"");
    }
    if (const Json* advice = find(value, "madvise")) {
        const std::string advicePath = child(path, "madvise");
        workload.madvise = readEnum(*advice, advicePath, kHugepageAdvice);
        if (workload.fileBacked)
            fail(advicePath, "THP advice is for anonymous memory, and this working set maps a file",
                "expected no \"madvise\" with \"file\"");
    }
    if (type->kind == WorkloadKind::KernelAlloc)
        readKernelAlloc(value, path, workload);
    return workload;
}

void ScenarioReader::readKernelAlloc(const Json& value, const std::string& path, WorkloadSpec& workload)
{
    if (const Json* order = find(value, "order"))
        workload.order =
            static_cast<int>(readInt(*order, child(path, "order"), 0, kMaxOrder - 1, "log2 of the pages"));
    const Pages block = Pages { 1 } << workload.order;
    if (workload.size < block)
        fail(child(path, "size"),
            std::to_string(workload.size) + " pages is less than one block of order "
                + std::to_string(workload.order),
            "expected at least " + std::to_string(block) + " pages");
    if (const Json* gfpValue = find(value, "gfp")) {
        const std::string gfpPath = child(path, "gfp");
        const std::string help = "expected gfp flag names joined by '|', e.g. \"GFP_KERNEL\" or "
                                 "\"GFP_ATOMIC|__GFP_NOWARN\"; names: "
            + gfp::knownNames();
        const std::string text = readString(*gfpValue, gfpPath, help);
        const auto mask = gfp::parse(text);
        if (!mask)
            fail(gfpPath, quote(text) + " has a name that is not a gfp flag", help);
        if ((*mask & gfp::kDma) && (*mask & gfp::kDma32))
            fail(gfpPath, quote(text) + " asks for both GFP_DMA and GFP_DMA32",
                "expected at most one zone modifier");
        if (*mask & gfp::kNofail && workload.order > kPageAllocCostlyOrder)
            fail(gfpPath,
                "__GFP_NOFAIL at order " + std::to_string(workload.order)
                    + " (the kernel warns: it may loop for ever)",
                "expected __GFP_NOFAIL only up to order 3");
        workload.gfp = *mask;
    }
    if (const Json* lifetime = find(value, "lifetime")) {
        workload.lifetime = readDuration(*lifetime, child(path, "lifetime"));
        if (*workload.lifetime == 0)
            fail(child(path, "lifetime"), "is zero", "expected a duration above 0");
    }
    if (const Json* keep = find(value, "keep_every")) {
        const std::string keepPath = child(path, "keep_every");
        if (!workload.lifetime)
            fail(keepPath, "needs \"lifetime\": without it every block is kept",
                "expected \"lifetime\" beside \"keep_every\"");
        workload.keepEvery =
            static_cast<std::uint32_t>(readInt(*keep, keepPath, 1, 1000000, "every n-th block"));
    }
}

namespace {

/// A limit file's value: "max" or a size, capped at "max" as page_counter_memparse() caps it.
Pages readLimit(const Json& value, const std::string& path)
{
    if (value.is_number_integer())
        return static_cast<Pages>(
            readInt(value, path, 0, static_cast<std::int64_t>(kPageCounterMax), "pages"));
    const std::string text = readString(value, path, kLimitHelp);
    if (text == "max")
        return kPageCounterMax;
    const auto bytes = parseBytes(text);
    if (!bytes)
        fail(path, quote(sanitize(text)) + " is not a size", kLimitHelp);
    return std::min(bytesToPages(*bytes).value_or(kPageCounterMax), kPageCounterMax);
}

bool validCgroupName(std::string_view name)
{
    if (name.empty() || name.size() > 255 || name == "." || name == "..")
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c))
            || std::string_view("._-@:+").find(c) != std::string_view::npos;
    });
}

} // namespace

std::string ScenarioReader::readCgroupRef(const Json& value, const std::string& path)
{
    const std::string cgroupPath = readString(value, path, kCgroupPathHelp);
    if (!m_cgroups.contains(cgroupPath))
        fail(path, "unknown cgroup " + quote(sanitize(cgroupPath)),
            "expected \"/\" or a cgroup from cgroups[]: " + join(m_cgroups, true));
    return cgroupPath;
}

void ScenarioReader::readCgroupFiles(
    const Json& value, const std::string& path, SetCgroup& write, std::span<const std::string_view> extraKeys)
{
    std::vector<std::string_view> keys(kCgroupFiles.begin(), kCgroupFiles.end());
    keys.insert(keys.end(), extraKeys.begin(), extraKeys.end());
    expectObject(value, path, "expected an object with keys " + join(keys));
    checkKeys(value, path, keys);
    if (const Json* v = find(value, "memory.max"))
        write.max = readLimit(*v, child(path, "memory.max"));
    if (const Json* v = find(value, "memory.high"))
        write.high = readLimit(*v, child(path, "memory.high"));
    if (const Json* v = find(value, "memory.low"))
        write.low = readLimit(*v, child(path, "memory.low"));
    if (const Json* v = find(value, "memory.min"))
        write.min = readLimit(*v, child(path, "memory.min"));
    if (const Json* v = find(value, "memory.swap.max"))
        write.swapMax = readLimit(*v, child(path, "memory.swap.max"));
    if (const Json* v = find(value, "memory.oom.group"))
        write.oomGroup = readInt(*v, child(path, "memory.oom.group"), 0, 1) != 0;
    if (const Json* v = find(value, "memory.reclaim")) {
        write.reclaim = readLimit(*v, child(path, "memory.reclaim"));
        if (*write.reclaim == 0)
            fail(child(path, "memory.reclaim"), "size is zero", "expected a size above 0, or \"max\"");
    }
}

void ScenarioReader::readCgroups(const Json& value, const std::string& path, Scenario& scenario)
{
    expectArray(value, path, "expected an array of cgroup objects");
    std::set<std::string> listed;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string itemPath = element(path, i);
        constexpr std::array kPathKey = { "path"sv };
        SetCgroup files;
        readCgroupFiles(value[i], itemPath, files, kPathKey);
        const std::string pathPath = child(itemPath, "path");
        const std::string cgroupPath =
            readString(require(value[i], itemPath, "path", kCgroupPathHelp), pathPath, kCgroupPathHelp);
        if (cgroupPath.size() < 2 || cgroupPath.front() != '/' || cgroupPath.back() == '/')
            fail(pathPath, quote(sanitize(cgroupPath)) + " is not a cgroup below the root", kCgroupPathHelp);
        // Each level is a directory: missing parents are made first (mkdir -p), with the defaults.
        std::size_t from = 1;
        for (;;) {
            const std::size_t slash = cgroupPath.find('/', from);
            const std::string level = cgroupPath.substr(0, slash);
            if (!validCgroupName(std::string_view(cgroupPath).substr(from, slash - from)))
                fail(pathPath, quote(sanitize(cgroupPath)) + " has an invalid name", kCgroupPathHelp);
            const bool last = slash == std::string::npos;
            if (m_cgroups.insert(level).second) {
                if (m_cgroups.size() - 1 > kMaxCgroups)
                    fail(pathPath, "more than " + std::to_string(kMaxCgroups) + " cgroups",
                        "expected at most " + std::to_string(kMaxCgroups) + " cgroups below the root");
                scenario.cgroups.push_back({ level, {} });
            }
            if (last)
                break;
            from = slash + 1;
        }
        if (!listed.insert(cgroupPath).second)
            fail(pathPath, "duplicate cgroup " + quote(sanitize(cgroupPath)), "expected each cgroup once");
        CgroupLimits& limits =
            std::find_if(scenario.cgroups.begin(), scenario.cgroups.end(), [&](const CgroupSpec& c) {
                return c.path == cgroupPath;
            })->limits;
        limits.max = files.max.value_or(limits.max);
        limits.high = files.high.value_or(limits.high);
        limits.low = files.low.value_or(limits.low);
        limits.min = files.min.value_or(limits.min);
        limits.swapMax = files.swapMax.value_or(limits.swapMax);
        limits.oomGroup = files.oomGroup.value_or(limits.oomGroup);
    }
}

void ScenarioReader::readEvents(const Json& value, const std::string& path, Scenario& scenario)
{
    expectArray(value, path, "expected an array of event objects");
    std::vector<std::string_view> keys = { "at" };
    keys.insert(keys.end(), kEventActions.begin(), kEventActions.end());
    const std::string oneAction = "expected exactly one of " + join(kEventActions);
    m_swapCount = scenario.swap.size();

    std::vector<PendingCommand> pending;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string eventPath = element(path, i);
        const Json& event = value[i];
        expectObject(
            event, eventPath, "expected an object with \"at\" and one action (" + join(kEventActions) + ")");
        checkKeys(event, eventPath, keys);
        const Tick at = readDuration(require(event, eventPath, "at", kDurationHelp), child(eventPath, "at"));

        std::vector<std::string_view> actions;
        for (const auto action : kEventActions) {
            if (find(event, action))
                actions.push_back(action);
        }
        if (actions.empty())
            fail(eventPath, "has no action", oneAction);
        if (actions.size() > 1)
            fail(eventPath, "has several actions (" + join(actions) + ")", oneAction);
        const std::string_view action = actions.front();
        const std::string actionPath = child(eventPath, action);
        const Json& body = *find(event, action);
        const auto add = [&](Command command, std::string referencePath) {
            pending.push_back({ TimedCommand { at, std::move(command) }, std::move(referencePath) });
        };

        if (action == "sysctl") {
            auto writes = readSysctls(body, actionPath);
            if (writes.empty())
                fail(actionPath, "is empty", "expected at least one sysctl name and value");
            for (auto& write : writes)
                add(SetSysctl { std::move(write) }, actionPath);
        } else if (action == "oom_score_adj") {
            expectObject(body, actionPath, "expected an object with keys " + join(kOomAdjKeys));
            checkKeys(body, actionPath, kOomAdjKeys);
            const std::string processPath = child(actionPath, "process");
            SetOomScoreAdj adj;
            adj.process = readName(
                require(body, actionPath, "process", "expected a process name"), processPath, "a process");
            adj.oomScoreAdj = static_cast<int>(
                readInt(require(body, actionPath, "value", "expected an integer in -1000..1000"),
                    child(actionPath, "value"), -1000, 1000));
            add(std::move(adj), processPath);
        } else if (action == "start") {
            add(StartProcess { readProcess(body, actionPath) }, actionPath);
        } else if (action == "kill") {
            add(KillProcess { readName(body, actionPath, "a process") }, actionPath);
        } else if (action == "drop_caches") {
            add(DropCaches { static_cast<int>(
                    readInt(body, actionPath, 1, 3, "1 page cache, 2 slab, 3 both")) },
                actionPath);
        } else if (action == "transparent_hugepage") {
            add(detail::readThpWrite(body, actionPath), actionPath);
        } else if (action == "swapoff") {
            add(Swapoff { readName(body, actionPath, "a swap device") }, actionPath);
        } else if (action == "cgroup") {
            constexpr std::array kEventKeys = { "path"sv, "memory.reclaim"sv };
            SetCgroup write;
            readCgroupFiles(body, actionPath, write, kEventKeys);
            write.path =
                readCgroupRef(require(body, actionPath, "path", kCgroupPathHelp), child(actionPath, "path"));
            const bool limits =
                write.max || write.high || write.low || write.min || write.swapMax || write.oomGroup;
            if (write.path == "/" && limits)
                fail(child(actionPath, "path"), "the root cgroup has no memory limit files",
                    "expected a cgroup from cgroups[] (the root has memory.reclaim only): "
                        + join(m_cgroups, true));
            if (!limits && !write.reclaim)
                fail(actionPath, "writes no file",
                    "expected at least one of " + join(kCgroupFiles) + ", memory.reclaim");
            add(std::move(write), actionPath);
        } else if (action == "move") {
            expectObject(body, actionPath, "expected an object with keys " + join(kMoveKeys));
            checkKeys(body, actionPath, kMoveKeys);
            const std::string processPath = child(actionPath, "process");
            MoveProcess move;
            move.process = readName(
                require(body, actionPath, "process", "expected a process name"), processPath, "a process");
            move.cgroup = readCgroupRef(
                require(body, actionPath, "cgroup", kCgroupPathHelp), child(actionPath, "cgroup"));
            add(std::move(move), processPath);
        } else {
            SwapSpec device = readSwap(body, actionPath, m_swapCount++);
            const bool named = body.is_object() && find(body, "name");
            add(Swapon { std::move(device) }, named ? child(actionPath, "name") : actionPath);
        }
    }

    std::stable_sort(pending.begin(), pending.end(),
        [](const PendingCommand& a, const PendingCommand& b) { return a.timed.at < b.timed.at; });

    // References are checked in time order: a process must be declared or started before it is used.
    std::set<std::string> processes;
    for (const auto& process : scenario.processes)
        processes.insert(process.name);
    std::set<std::string> knownSwap;
    std::set<std::string> activeSwap;
    for (const auto& device : scenario.swap) {
        knownSwap.insert(device.name);
        activeSwap.insert(device.name);
    }
    const auto requireProcess = [&](const std::string& name, const std::string& referencePath) {
        if (!processes.contains(name))
            fail(referencePath, "unknown process " + quote(name),
                "expected a process from processes[] or started by an earlier event: "
                    + join(processes, true));
    };
    for (auto& command : pending) {
        if (const auto* start = std::get_if<StartProcess>(&command.timed.command)) {
            processes.insert(start->process.name);
        } else if (const auto* adj = std::get_if<SetOomScoreAdj>(&command.timed.command)) {
            requireProcess(adj->process, command.path);
        } else if (const auto* kill = std::get_if<KillProcess>(&command.timed.command)) {
            requireProcess(kill->process, command.path);
        } else if (const auto* move = std::get_if<MoveProcess>(&command.timed.command)) {
            requireProcess(move->process, command.path);
        } else if (const auto* off = std::get_if<Swapoff>(&command.timed.command)) {
            if (!knownSwap.contains(off->device))
                fail(command.path, "unknown swap device " + quote(off->device),
                    "expected a device from swap[] or an earlier swapon: " + join(knownSwap, true));
            activeSwap.erase(off->device);
        } else if (const auto* on = std::get_if<Swapon>(&command.timed.command)) {
            if (!activeSwap.insert(on->device.name).second)
                fail(command.path, "swap device " + quote(on->device.name) + " is already active",
                    "expected a new name or a device swapped off by an earlier event");
            knownSwap.insert(on->device.name);
        }
        scenario.events.push_back(std::move(command.timed));
    }
}

// ---------------------------------------------------------------------------------------------------------
// JSON text

/// Parser callback that rejects duplicate keys (nlohmann keeps the last one silently) and absurd nesting,
/// with the key path of the problem. The state lives outside the callback because nlohmann copies it.
class StructureChecker
{
public:
    bool onEvent(Json::parse_event_t event, const Json& parsed)
    {
        using Event = Json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            if (m_frames.size() >= static_cast<std::size_t>(kMaxDepth))
                fail(path(), "nested more than " + std::to_string(kMaxDepth) + " levels deep",
                    "expected a flatter document");
            m_frames.push_back({ event == Event::array_start, 0, {}, {} });
            break;
        case Event::key: {
            Frame& frame = m_frames.back();
            frame.key = parsed.get<std::string>();
            if (!frame.keys.insert(frame.key).second)
                fail(path(), "duplicate key", "expected each key at most once per object");
            break;
        }
        case Event::value:
            advance();
            break;
        case Event::object_end:
        case Event::array_end:
            m_frames.pop_back();
            advance();
            break;
        }
        return true;
    }

private:
    struct Frame
    {
        bool isArray = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };

    void advance()
    {
        if (!m_frames.empty() && m_frames.back().isArray)
            ++m_frames.back().index;
    }

    std::string path() const
    {
        std::string out;
        for (const auto& frame : m_frames)
            out = frame.isArray ? element(out, frame.index) : child(out, frame.key);
        return out;
    }

    std::vector<Frame> m_frames;
};

std::string describeJsonError(const Json::exception& error)
{
    // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 7: syntax error ...".
    std::string_view text = error.what();
    if (text.starts_with("[json.exception.") && text.find("] ") != std::string_view::npos)
        text.remove_prefix(text.find("] ") + 2);
    constexpr std::string_view kAt = "parse error at ";
    const auto at = text.find(kAt);
    if (at == std::string_view::npos)
        return "(top level): invalid JSON: " + sanitize(text) + "; expected a JSON document (RFC 8259)";
    const std::string_view rest = text.substr(at + kAt.size());
    const auto colon = rest.find(": ");
    if (colon == std::string_view::npos)
        return sanitize(rest) + ": invalid JSON";
    return sanitize(rest.substr(0, colon)) + ": invalid JSON: " + sanitize(rest.substr(colon + 2));
}

} // namespace

const char* thpModeName(ThpMode mode)
{
    for (const auto& [name, value] : kThpNames) {
        if (value == mode)
            return name.data();
    }
    return "?";
}

const char* thpDefragName(ThpDefrag defrag)
{
    for (const auto& [name, value] : kThpDefragNames) {
        if (value == defrag)
            return name.data();
    }
    return "?";
}

const char* zoneTypeName(ZoneType type)
{
    switch (type) {
    case ZoneType::Dma:
        return "DMA";
    case ZoneType::Dma32:
        return "DMA32";
    case ZoneType::Normal:
        return "Normal";
    case ZoneType::Movable:
        return "Movable";
    case ZoneType::Device:
        return "Device";
    }
    return "?";
}

std::optional<Pages> parseSize(const std::string& text)
{
    const auto bytes = parseBytes(text);
    return bytes ? bytesToPages(*bytes) : std::nullopt;
}

std::optional<Tick> parseDuration(const std::string& text)
{
    const auto d = splitDecimal(text);
    if (!d)
        return std::nullopt;
    if (d->unit.empty())
        return d->mantissa == 0 ? std::optional<Tick> { 0 } : std::nullopt; // only "0" needs no unit
    constexpr std::array kUnits = { std::pair { "us"sv, Tick { 1 } }, std::pair { "ms"sv, kTicksPerMs },
        std::pair { "s"sv, kTicksPerSecond }, std::pair { "m"sv, 60 * kTicksPerSecond },
        std::pair { "h"sv, 3600 * kTicksPerSecond } };
    const auto unit =
        std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == d->unit; });
    if (unit == kUnits.end())
        return std::nullopt;
    const auto perUnit = static_cast<Wide>(unit->second);
    if (d->mantissa > ~Wide { 0 } / perUnit)
        return std::nullopt;
    const Wide scaled = d->mantissa * perUnit;
    // The simulator counts whole microseconds: "1.5us" has no meaning there.
    if (scaled % d->scale != 0)
        return std::nullopt;
    const Wide ticks = scaled / d->scale;
    if (ticks > static_cast<Wide>(std::numeric_limits<Tick>::max()))
        return std::nullopt;
    return static_cast<Tick>(ticks);
}

ParseResult parseScenario(const std::string& jsonText)
{
    try {
        StructureChecker checker;
        const Json root =
            Json::parse(jsonText, [&checker](int /*depth*/, Json::parse_event_t event, Json& parsed) {
                return checker.onEvent(event, parsed);
            });
        return { ScenarioReader().read(root), {} };
    } catch (const Failure& failure) {
        return { std::nullopt, failure.message };
    } catch (const Json::exception& error) {
        return { std::nullopt, describeJsonError(error) };
    } catch (const std::exception& error) {
        // NOTE: e.g. std::bad_alloc for an enormous input; the caller still gets a one-line error.
        return { std::nullopt,
            "(top level): cannot parse: " + sanitize(error.what()) + "; expected a smaller file" };
    }
}

ParseResult loadScenarioFile(const std::string& path)
{
    try {
        ParseResult result = parseScenario(detail::readTextFile(path));
        if (!result.scenario)
            result.error = path + ": " + result.error;
        return result;
    } catch (const Failure& failure) {
        return { std::nullopt, failure.message };
    } catch (const std::exception& error) {
        return { std::nullopt, path + ": cannot read: " + sanitize(error.what()) };
    }
}

// ---------------------------------------------------------------------------------------------------------
// Shared with the lesson reader (detail/json_reader.h).

namespace detail {

Json parseStrictJson(const std::string& text)
{
    try {
        StructureChecker checker;
        return Json::parse(text, [&checker](int /*depth*/, Json::parse_event_t event, Json& parsed) {
            return checker.onEvent(event, parsed);
        });
    } catch (const Json::exception& error) {
        throw JsonFailure { engine::describeJsonError(error) };
    }
}

std::string readTextFile(const std::string& path)
{
    const auto closeFile = [](std::FILE* file) { std::fclose(file); };
    const std::unique_ptr<std::FILE, decltype(closeFile)> file(std::fopen(path.c_str(), "rb"), closeFile);
    const auto cannotRead = [&](const std::string& reason) {
        return JsonFailure { path + ": cannot read: " + reason };
    };
    if (!file)
        throw cannotRead(std::generic_category().message(errno));
    std::string text;
    std::array<char, 65536> buffer {};
    while (true) {
        const std::size_t count = std::fread(buffer.data(), 1, buffer.size(), file.get());
        text.append(buffer.data(), count);
        if (text.size() > kMaxFileBytes)
            throw cannotRead("file is larger than 64 MiB");
        if (count < buffer.size())
            break;
    }
    if (std::ferror(file.get()))
        throw cannotRead(std::generic_category().message(errno));
    return text;
}

Scenario readScenarioObject(const Json& root, const std::string& prefix)
{
    try {
        return ScenarioReader().read(root);
    } catch (const JsonFailure& failure) {
        constexpr std::string_view kTop = "(top level)";
        if (failure.message.starts_with(kTop))
            throw JsonFailure { prefix + failure.message.substr(kTop.size()) };
        throw JsonFailure { prefix + "." + failure.message };
    }
}

std::string describeJsonError(const Json::exception& error)
{
    return engine::describeJsonError(error);
}

void fail(const std::string& path, const std::string& what, std::string_view allowed)
{
    engine::fail(path, what, allowed);
}

std::string child(const std::string& parent, std::string_view key)
{
    return engine::child(parent, key);
}

std::string element(const std::string& parent, std::size_t index)
{
    return engine::element(parent, index);
}

std::string typeName(const Json& value)
{
    return engine::typeName(value);
}

std::string quote(std::string_view text)
{
    return engine::quote(text);
}

std::string sanitize(std::string_view text, std::size_t maxLength)
{
    return engine::sanitize(text, maxLength);
}

void checkKeys(const Json& object, const std::string& path, std::span<const std::string_view> allowed)
{
    engine::checkKeys(object, path, allowed);
}

const Json* find(const Json& object, std::string_view key)
{
    return engine::find(object, key);
}

const Json& require(
    const Json& object, const std::string& path, std::string_view key, std::string_view allowed)
{
    return engine::require(object, path, key, allowed);
}

std::int64_t readInt(const Json& value, const std::string& path, std::int64_t min, std::int64_t max)
{
    return engine::readInt(value, path, min, max);
}

std::string readString(const Json& value, const std::string& path, std::string_view allowed)
{
    return engine::readString(value, path, allowed);
}

Tick readDuration(const Json& value, const std::string& path)
{
    return engine::readDuration(value, path);
}

std::vector<SysctlWrite> readSysctls(const Json& value, const std::string& path)
{
    return engine::readSysctls(value, path);
}

SetThp readThpWrite(const Json& value, const std::string& path)
{
    expectObject(value, path, "expected an object with keys " + join(kThpKeys));
    checkKeys(value, path, kThpKeys);
    SetThp set;
    if (const Json* enabled = find(value, "enabled"))
        set.enabled = readEnum(*enabled, child(path, "enabled"), kThpNames);
    if (const Json* defrag = find(value, "defrag"))
        set.defrag = readEnum(*defrag, child(path, "defrag"), kThpDefragNames);
    if (!set.enabled && !set.defrag)
        fail(path, "is empty", "expected \"enabled\", \"defrag\" or both");
    return set;
}

} // namespace detail

} // namespace rlab::engine
