// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli machine import: a scenario of a real machine, from its /proc.
#include "machine_command.h"

#include "exit_status.h"
#include "json_text.h"
#include "output_file.h"
#include "proc_file.h"

#include <rlab/engine/append_int.h>
#include <rlab/engine/host_import.h>
#include <rlab/engine/machine.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>
#include <rlab/engine/swapfile.h>
#include <rlab/engine/tunables.h>
#include <rlab/engine/watermarks.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <unistd.h>

namespace rlab::cli {

namespace {

using namespace rlab::engine;
namespace fs = std::filesystem;

/// The largest swap device a scenario takes: Simulator::validate()'s limit, 2^26 - 2 slots.
constexpr std::uint64_t kMaxSwapKb = ((std::uint64_t { 1 } << 26) - 2) * 4;

struct Options
{
    std::optional<std::string> out;
    bool processes = false;
    fs::path proc = "/proc";
    std::optional<fs::path> sys;
};

int usage(std::ostream& err, const std::string& message)
{
    err << "reclaimlab-cli: machine: " << message << "\nTry 'reclaimlab-cli machine --help'.\n";
    return kExitUsage;
}

/// A JSON string of printable ASCII: a process or host name may hold any bytes, the reader takes UTF-8.
std::string asciiText(std::string_view text)
{
    std::string out;
    for (const char c : text)
        out.push_back(c >= ' ' && c <= '~' ? c : '?');
    return out;
}

/// What the import found, in scenario terms, before it is written as JSON.
struct Imported
{
    std::vector<HostZone> zones;
    std::vector<int> hostNodes; ///< the kernel's node ids, in order; scenario node i is hostNodes[i]
    std::uint64_t managedPages = 0;
    std::optional<ThpMode> thp;
    std::uint64_t kernelPages = 0;
    std::uint64_t memFreeKb = 0;
    std::vector<SysctlWrite> sysctls;
    std::vector<HostSwap> swaps;
    struct Process
    {
        HostProcess status;
        int oomScoreAdj = 0;
        std::string name;
        std::optional<std::int64_t> pid;
    };
    std::vector<Process> processes;
    std::vector<std::string> notes; ///< what the scenario leaves out or cannot match
    std::string hostname;
    std::string release;
};

/// Reads and parses one file; on failure sets `error` (the file and line) and returns nullopt.
template<typename Parser>
auto readParsed(const fs::path& path, std::string& error, Parser parse)
    -> decltype(parse(std::string_view {}, std::string {}, error))
{
    const auto text = readProcFile(path, error);
    if (!text)
        return std::nullopt;
    return parse(*text, path.string(), error);
}

/// The vm sysctls of the engine's table, as the host has them. Written so that the engine's boot
/// (Simulator::buildMachine) reaches the host's watermarks: min_free_kbytes is written, which pins it
/// like the kernel's user_min_free_kbytes (page_alloc.c:min_free_kbytes_sysctl_handler), so neither
/// the square-root rule nor khugepaged's raise replaces the host's value.
bool readSysctls(const fs::path& proc, Imported& im, std::string& error)
{
    // The host's zone types in print order: lowmem_reserve_ratio has one entry per type of its kernel.
    std::vector<std::string> hostTypes;
    for (const HostZone& z : im.zones) {
        if (z.node == im.zones.front().node)
            hostTypes.push_back(z.name);
    }
    for (const SysctlInfo& info : sysctlTable()) {
        const fs::path path = proc / "sys" / "vm" / std::string(info.name.substr(3));
        if (!fs::exists(path)) {
            im.notes.push_back(path.string() + " is missing: vm." + std::string(info.name.substr(3))
                + " keeps the engine's default");
            continue;
        }
        auto values = readParsed(path, error, parseSysctlValues);
        if (!values)
            return false;
        if (info.vector) {
            // page_alloc.c:lowmem_reserve_ratio[MAX_NR_ZONES], in the kernel's zone order.
            if (values->size() != hostTypes.size()) {
                im.notes.push_back(path.string() + " has " + std::to_string(values->size())
                    + " entries but the host prints " + std::to_string(hostTypes.size())
                    + " zone types; the engine's default is kept");
                continue;
            }
            std::vector<std::int64_t> ratios = readSysctl(Tunables {}, info.name);
            for (std::size_t i = 0; i < hostTypes.size(); ++i) {
                if (const auto type = zoneTypeFromName(hostTypes[i]))
                    ratios[static_cast<std::size_t>(*type)] = (*values)[i];
            }
            values = ratios;
        } else if (values->size() != 1) {
            error = path.string() + ":1: " + std::to_string(values->size()) + " values; expected one integer";
            return false;
        }
        // The ratio and bytes forms exclude each other (page-writeback.c: writing one zeroes the other):
        // write only the one in use, or the second write would undo the first.
        const auto pairedBytes = [&](std::string_view ratio, const char* bytesFile) {
            if (info.name != ratio)
                return false;
            std::string ignored;
            const auto bytes = readProcFile(proc / "sys" / "vm" / bytesFile, ignored);
            const auto parsed = bytes ? parseSysctlValues(*bytes, bytesFile, ignored) : std::nullopt;
            return parsed && !parsed->empty() && parsed->front() != 0;
        };
        if (pairedBytes("vm.dirty_ratio", "dirty_bytes")
            || pairedBytes("vm.dirty_background_ratio", "dirty_background_bytes"))
            continue;
        if ((info.name == "vm.dirty_bytes" || info.name == "vm.dirty_background_bytes")
            && values->front() == 0)
            continue;
        if (const auto problem = checkSysctl(info, *values)) {
            im.notes.push_back(std::string(info.name) + ": the host's value is outside the engine's range ("
                + *problem + "); the engine's default is kept");
            continue;
        }
        im.sysctls.push_back({ std::string(info.name), *values });
    }
    return true;
}

bool readProcesses(const fs::path& proc, Imported& im, std::string& error)
{
    std::vector<std::int64_t> pids;
    std::error_code ec;
    for (fs::directory_iterator it(proc, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.size() <= 7
            && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            pids.push_back(std::stoll(name));
    }
    if (ec) {
        error = proc.string() + ": cannot list: " + ec.message();
        return false;
    }
    std::sort(pids.begin(), pids.end());
    const bool live = fs::equivalent(proc, "/proc", ec);
    std::size_t kernelThreads = 0;
    for (const std::int64_t pid : pids) {
        if (live && pid == static_cast<std::int64_t>(getpid()))
            continue; // the importer itself
        const fs::path dir = proc / std::to_string(pid);
        std::string ignored;
        // A process may exit between the listing and the read: its files are gone, it is skipped.
        const auto statusText = readProcFile(dir / "status", ignored);
        const auto adjText = readProcFile(dir / "oom_score_adj", ignored);
        if (!statusText || !adjText)
            continue;
        auto status = parseProcessStatus(*statusText, (dir / "status").string(), error);
        if (!status)
            return false;
        const auto adj = parseOomScoreAdj(*adjText, (dir / "oom_score_adj").string(), error);
        if (!adj)
            return false;
        if (status->kthread || !status->vmRssKb) { // no mm: a kernel thread (or a zombie)
            ++kernelThreads;
            continue;
        }
        im.processes.push_back({ std::move(*status), *adj, {}, {} });
    }
    if (im.processes.size() > kMaxProcesses) {
        // The engine's limit: keep the processes that hold the most memory.
        std::stable_sort(im.processes.begin(), im.processes.end(),
            [](const auto& a, const auto& b) { return *a.status.vmRssKb > *b.status.vmRssKb; });
        im.notes.push_back(std::to_string(im.processes.size() - kMaxProcesses)
            + " processes with the smallest VmRSS are left out: the engine takes at most "
            + std::to_string(kMaxProcesses));
        im.processes.resize(kMaxProcesses);
        std::stable_sort(im.processes.begin(), im.processes.end(),
            [](const auto& a, const auto& b) { return a.status.pid < b.status.pid; });
    }
    // Names must be unique in a scenario: a name that several processes share gets "-PID".
    std::map<std::string, int> uses;
    for (auto& p : im.processes)
        ++uses[p.status.name.empty() ? std::string("pid") : asciiText(p.status.name)];
    std::set<std::string> taken;
    std::set<std::int64_t> pidsTaken;
    for (auto& p : im.processes) {
        const std::string base = p.status.name.empty() ? std::string("pid") : asciiText(p.status.name);
        std::string name = uses[base] > 1 ? base + "-" + std::to_string(p.status.pid) : base;
        for (int k = 2; !taken.insert(name).second; ++k)
            name = base + "-" + std::to_string(p.status.pid) + "#" + std::to_string(k);
        p.name = name;
        if (p.status.pid >= 2 && p.status.pid <= 4'194'304) {
            p.pid = p.status.pid;
            pidsTaken.insert(p.status.pid);
        }
    }
    // A scenario's pids are 2..4194304: init (pid 1) gets the first free pid from 1000, as the reader
    // assigns them.
    std::int64_t next = 1000;
    for (auto& p : im.processes) {
        if (p.pid)
            continue;
        while (pidsTaken.count(next) > 0)
            ++next;
        p.pid = next;
        pidsTaken.insert(next);
        im.notes.push_back(p.name + " (pid " + std::to_string(p.status.pid) + ") has pid "
            + std::to_string(next) + " in the scenario, which takes pids 2..4194304");
    }
    if (kernelThreads > 0)
        im.notes.push_back(
            std::to_string(kernelThreads) + " kernel threads and zombies (no VmRSS) are left out");
    return true;
}

bool readSwaps(const fs::path& proc, Imported& im, std::string& error)
{
    auto swaps = readParsed(proc / "swaps", error, parseSwaps);
    if (!swaps)
        return false;
    std::int64_t automatic = -2; // mm/swapfile.c: least_priority starts at -1, each device takes --
    for (HostSwap& s : *swaps) {
        if (im.swaps.size() == SwapSpace::kMaxDevices) {
            im.notes.push_back("swap " + s.name + " and later devices are left out: the engine takes at most "
                + std::to_string(SwapSpace::kMaxDevices));
            break;
        }
        if (s.sizeKb < 4)
            continue;
        if (s.sizeKb > kMaxSwapKb) {
            im.notes.push_back("swap " + s.name + ": " + std::to_string(s.sizeKb) + " kB cut to the engine's "
                + std::to_string(kMaxSwapKb) + " kB per device");
            s.sizeKb = kMaxSwapKb;
        }
        if (s.priority < -1) {
            if (s.priority != automatic)
                im.notes.push_back("swap " + s.name + ": the host's automatic priority "
                    + std::to_string(s.priority) + " becomes " + std::to_string(automatic)
                    + " (a scenario's automatic priorities count -2, -3, ... in swapon order)");
            --automatic;
        }
        if (s.usedKb > 0)
            im.notes.push_back("swap " + s.name + " held " + std::to_string(s.usedKb)
                + " kB at import; the scenario starts with it empty");
        im.swaps.push_back(std::move(s));
    }
    return true;
}

/// Reads every file the scenario is made of. On failure sets `error` to the file and line.
bool importHost(const Options& options, Imported& im, std::string& error)
{
    const fs::path& proc = options.proc;
    auto zones = readParsed(proc / "zoneinfo", error, parseHostZoneinfo);
    if (!zones)
        return false;
    im.zones = std::move(*zones);
    for (const HostZone& z : im.zones) {
        if (im.hostNodes.empty() || im.hostNodes.back() != z.node)
            im.hostNodes.push_back(z.node);
        im.managedPages += z.managed;
        if (z.name == "Device" && z.spanned > 0)
            im.notes.push_back("node " + std::to_string(z.node) + ", zone Device spans "
                + std::to_string(z.spanned) + " pages (pmem or HMM): never managed, left out");
        if (z.boost > 0)
            im.notes.push_back("node " + std::to_string(z.node) + ", zone " + z.name
                + ": a watermark boost of " + std::to_string(z.boost)
                + " pages at import (page_alloc.c:boost_watermark) is not modelled; the scenario starts "
                  "without it and is compared with min/low/high less the boost");
    }
    if (im.managedPages == 0) {
        error = (proc / "zoneinfo").string() + ": no zone has managed pages";
        return false;
    }
    if (im.hostNodes.size() > 1 && im.hostNodes.back() != static_cast<int>(im.hostNodes.size()) - 1)
        im.notes.push_back("the host's nodes are numbered with gaps; the scenario numbers them 0.."
            + std::to_string(im.hostNodes.size() - 1) + " in the same order");

    const auto meminfo = readParsed(proc / "meminfo", error, parseMeminfo);
    if (!meminfo)
        return false;
    std::string missing;
    const auto kernel = hostKernelPages(*meminfo, missing);
    if (!kernel) {
        error = (proc / "meminfo").string() + ": no '" + missing + ":' line";
        return false;
    }
    im.kernelPages = *kernel;
    im.memFreeKb = meminfoValue(*meminfo, "MemFree").value_or(0);
    if (const std::uint64_t memTotal = meminfoValue(*meminfo, "MemTotal").value_or(0) / 4;
        memTotal != im.managedPages)
        im.notes.push_back("MemTotal is " + std::to_string(memTotal) + " pages but the zones manage "
            + std::to_string(im.managedPages)
            + " (memory not yet initialised or in a balloon?); kernel_pages "
            + "is MemTotal - MemFree - the LRU lists");
    if (im.kernelPages > im.managedPages / 2) {
        // Simulator::buildMachine() holds at most half the managed pages for the kernel.
        im.notes.push_back("the kernel held " + std::to_string(im.kernelPages)
            + " pages, more than half the managed memory; kernel_pages is cut to half, the engine's most");
        im.kernelPages = im.managedPages / 2;
    }

    if (!readSysctls(proc, im, error) || !readSwaps(proc, im, error))
        return false;
    if (options.processes && !readProcesses(proc, im, error))
        return false;

    // THP lives in /sys; a copy of a machine keeps it beside its proc/ (DIR/../sys).
    const fs::path procDir = proc.has_filename() ? proc : proc.parent_path(); // "/proc/" is "/proc"
    const fs::path sys = options.sys ? *options.sys : procDir.parent_path() / "sys";
    const fs::path thpPath = sys / "kernel" / "mm" / "transparent_hugepage" / "enabled";
    if (fs::exists(thpPath)) {
        im.thp = readParsed(thpPath, error, parseThpMode);
        if (!im.thp)
            return false;
    } else {
        im.notes.push_back(thpPath.string()
            + " is missing: transparent_hugepage keeps the scenario's default "
              "(it only sets the default min_free_kbytes, which is written)");
    }
    im.hostname = procFirstLine(proc / "sys" / "kernel" / "hostname", "unknown-host");
    im.release = procFirstLine(proc / "sys" / "kernel" / "osrelease", "unknown");
    return true;
}

std::string kbText(std::uint64_t kb)
{
    return std::to_string(kb) + "K";
}

std::string scenarioJson(const Imported& im, const Options& options, const std::string& when)
{
    std::string out = "{\n  \"name\": ";
    appendJsonString(out, im.hostname + " (Linux " + im.release + ")");
    out += ",\n  \"description\": ";
    std::string description = "Imported by reclaimlab-cli machine import from " + options.proc.string()
        + " of host " + im.hostname + " (kernel " + im.release + ") at " + when
        + ": zones from zoneinfo, vm sysctls (min_free_kbytes pinned to the host's), swap devices, the "
          "kernel's own memory from meminfo"
        + std::string(options.processes ? ", processes with their VmRSS as anonymous memory" : "") + ".";
    for (const HostZone& z : im.zones) {
        if (z.boost > 0)
            description += " Node " + std::to_string(z.node) + " " + z.name + " had a watermark boost of "
                + std::to_string(z.boost) + " pages (not modelled).";
    }
    appendJsonString(out, asciiText(description));
    out += ",\n  \"machine\": {\n    \"nodes\": [";
    for (std::size_t n = 0; n < im.hostNodes.size(); ++n) {
        out += n == 0 ? "\n      {\"zones\": [" : ",\n      {\"zones\": [";
        bool first = true;
        for (const HostZone& z : im.zones) {
            if (z.node != im.hostNodes[n] || z.name == "Device" || (z.spanned == 0 && z.present == 0))
                continue;
            out += first ? "\n        " : ",\n        ";
            first = false;
            out += "{\"name\": ";
            appendJsonString(out, z.name);
            out += ", \"spanned_pages\": ";
            appendInt(out, z.spanned);
            out += ", \"present_pages\": ";
            appendInt(out, z.present);
            out += ", \"managed_pages\": ";
            appendInt(out, z.managed);
            out += "}";
        }
        out += first ? "]}" : "\n      ]}";
    }
    out += "\n    ]";
    if (im.thp) {
        out += ",\n    \"transparent_hugepage\": ";
        appendJsonString(out,
            *im.thp == ThpMode::Always        ? "always"
                : *im.thp == ThpMode::Madvise ? "madvise"
                                              : "never");
    }
    out += ",\n    \"kernel_pages\": ";
    appendInt(out, im.kernelPages);
    out += "\n  },\n  \"sysctl\": {";
    for (std::size_t i = 0; i < im.sysctls.size(); ++i) {
        out += i == 0 ? "\n    " : ",\n    ";
        appendJsonString(out, im.sysctls[i].name);
        out += ": ";
        const auto& values = im.sysctls[i].values;
        if (values.size() == 1) {
            appendInt(out, values.front());
            continue;
        }
        out += "[";
        for (std::size_t v = 0; v < values.size(); ++v) {
            if (v > 0)
                out += ", ";
            appendInt(out, values[v]);
        }
        out += "]";
    }
    out += im.sysctls.empty() ? "}" : "\n  }";
    out += ",\n  \"swap\": [";
    for (std::size_t i = 0; i < im.swaps.size(); ++i) {
        const HostSwap& s = im.swaps[i];
        out += i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
        appendJsonString(out, asciiText(s.name));
        out += ", \"size\": ";
        appendJsonString(out, kbText(s.sizeKb / 4 * 4));
        if (s.priority >= -1) {
            out += ", \"priority\": ";
            appendInt(out, std::min<std::int64_t>(s.priority, 32767));
        }
        out += "}";
    }
    out += im.swaps.empty() ? "]" : "\n  ]";
    out += ",\n  \"processes\": [";
    for (std::size_t i = 0; i < im.processes.size(); ++i) {
        const auto& p = im.processes[i];
        out += i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
        appendJsonString(out, p.name);
        out += ", \"pid\": ";
        appendInt(out, *p.pid);
        out += ", \"uid\": ";
        appendInt(out, std::min<std::uint64_t>(p.status.uid, 4294967295U));
        out += ", \"oom_score_adj\": ";
        appendInt(out, p.oomScoreAdj);
        out += ", \"workload\": [";
        if (*p.status.vmRssKb > 0) {
            out += "{\"type\": \"anon\", \"size\": ";
            appendJsonString(out, kbText(*p.status.vmRssKb));
            out += "}";
        }
        out += "]}";
    }
    out += im.processes.empty() ? "]" : "\n  ]";
    out += "\n}\n";
    return out;
}

/// The watermarks the engine boots with from this scenario (Simulator::buildMachine's order: the
/// default min_free_kbytes, then the sysctl writes, then page_alloc.c:__setup_per_zone_wmarks()),
/// one per node and zone type.
std::vector<ZoneWatermarks> bootWatermarks(const Scenario& scenario)
{
    std::vector<ZoneSize> sizes;
    for (std::size_t n = 0; n < scenario.machine.nodes.size(); ++n) {
        for (int t = 0; t < kMaxNrZones; ++t) {
            ZoneSize size { static_cast<int>(n), t, 0, 0 };
            for (const ZoneSpec& spec : scenario.machine.nodes[n].zones) {
                if (static_cast<int>(spec.type) == t) {
                    size.present = spec.present;
                    size.managed = spec.managed;
                }
            }
            sizes.push_back(size);
        }
    }
    Tunables tunables;
    tunables.minFreeKbytes = defaultMinFreeKbytes(
        sizes, thpEnabledAtBoot(sizes, scenario.machine.transparentHugepage != ThpMode::Never));
    for (const SysctlWrite& write : scenario.sysctls) {
        if (const SysctlInfo* info = findSysctl(write.name); info && !checkSysctl(*info, write.values))
            writeSysctl(tunables, *info, write.values);
    }
    return computeWatermarks(
        sizes, tunables.minFreeKbytes, tunables.watermarkScaleFactor, tunables.lowmemReserveRatio);
}

} // namespace

const char* machineUsage()
{
    return "Usage: reclaimlab-cli machine import [--out FILE] [--processes] [--proc DIR] [--sys DIR]\n"
           "\n"
           "Writes a scenario of the Linux machine it runs on (docs/real-machines.md): the same zones,\n"
           "the same watermarks at time 0, its vm sysctls and swap devices, and the kernel's own memory.\n"
           "\n"
           "  --out FILE    write the scenario to FILE (atomically) instead of stdout.\n"
           "  --processes   also import every process from DIR/PID/status: its name, pid, uid and\n"
           "                oom_score_adj, and its VmRSS as anonymous memory allocated at once. Kernel\n"
           "                threads are skipped; at most 4096 processes (those with the most VmRSS).\n"
           "  --proc DIR    read DIR instead of /proc (a copy taken from another machine, or test files).\n"
           "  --sys DIR     where kernel/mm/transparent_hugepage/enabled is read. Default: /sys, or\n"
           "                DIR/../sys with --proc DIR (a copy laid out as COPY/proc and COPY/sys).\n"
           "\n"
           "Reads: zoneinfo (every node and zone: spanned, present, managed pages), sys/vm/* (the\n"
           "sysctls the engine models; min_free_kbytes is written, so it is pinned to the host's value\n"
           "as a sysctl write pins it in the kernel), swaps (name, size, priority), meminfo (the\n"
           "kernel's own memory: managed - MemFree - the LRU lists, as \"kernel_pages\"),\n"
           "sys/kernel/hostname and osrelease (the scenario's name and description).\n"
           "\n"
           "On stderr it prints what it imported, whether each zone's min/low/high at time 0 equal the\n"
           "host's (a zone that differs is named, with the reason when it is known), the free memory\n"
           "at time 0 against the host's, and what the scenario leaves out. A watermark boost at\n"
           "import is noted, not modelled. The scenario passes 'reclaimlab-cli validate'.\n"
           "\n"
           "Exit status: 0 written; 1 FILE could not be written; 2 bad usage, or an input file that\n"
           "cannot be read or parsed (the error names the file and line).\n";
}

int machineCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty())
        return usage(err, "missing subcommand; expected import");
    if (args[0] == "--help" || args[0] == "-h") {
        out << machineUsage();
        return kExitOk;
    }
    if (args[0] != "import")
        return usage(err, "unknown subcommand '" + args[0] + "'; expected import");
    Options options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&](const char* flag, std::string& into) -> bool {
            const std::string prefix = std::string(flag) + "=";
            if (arg == flag && i + 1 < args.size()) {
                into = args[++i];
                return true;
            }
            if (arg.rfind(prefix, 0) == 0) {
                into = arg.substr(prefix.size());
                return true;
            }
            return false;
        };
        std::string v = "-";
        if (arg == "--help" || arg == "-h") {
            out << machineUsage();
            return kExitOk;
        } else if (arg == "--processes") {
            options.processes = true;
        } else if (value("--out", v)) {
            options.out = v;
        } else if (value("--proc", v)) {
            options.proc = v;
        } else if (value("--sys", v)) {
            options.sys = v;
        } else if (arg == "--out" || arg == "--proc" || arg == "--sys") {
            return usage(err, arg + " needs a value");
        } else {
            return usage(err,
                "unknown argument '" + arg
                    + "'; allowed: --out FILE, --processes, --proc DIR, --sys DIR, --help");
        }
        if (v.empty())
            return usage(err, arg + " needs a non-empty value");
    }

    Imported im;
    std::string error;
    if (!importHost(options, im, error)) {
        err << "reclaimlab-cli: machine import: " << error << "\n";
        return kExitUsage;
    }
    const std::string text = scenarioJson(im, options, utcNow());

    // The scenario must read back and boot; then its time-0 watermarks are compared with the host's.
    const ParseResult parsed = parseScenario(text);
    if (!parsed.scenario) {
        err << "reclaimlab-cli: machine import: the host cannot be written as a scenario: " << parsed.error
            << "\n";
        return kExitUsage;
    }
    const Scenario& scenario = *parsed.scenario;
    if (auto problem = Simulator::validate(scenario, std::numeric_limits<std::uint64_t>::max())) {
        err << "reclaimlab-cli: machine import: the host is beyond the engine's limits: " << *problem << "\n";
        return kExitUsage;
    }
    if (Simulator::checkMemoryLimit(scenario, kDefaultMemoryLimit))
        im.notes.push_back("the engine may need " + bytesText(Simulator::estimateMemory(scenario).total())
            + " for this machine: run it with --memory-limit");

    const std::vector<ZoneWatermarks> marks = bootWatermarks(scenario);
    std::size_t matching = 0;
    std::vector<std::string> differing;
    for (const HostZone& z : im.zones) {
        const auto node = static_cast<std::size_t>(
            std::find(im.hostNodes.begin(), im.hostNodes.end(), z.node) - im.hostNodes.begin());
        const auto type = static_cast<std::size_t>(*zoneTypeFromName(z.name));
        const ZoneWatermarks& m = marks[node * kMaxNrZones + type];
        // The printed watermarks include the boost (mmzone.h: min_wmark_pages()).
        const std::uint64_t min = z.min - std::min(z.boost, z.min);
        const std::uint64_t low = z.low - std::min(z.boost, z.low);
        const std::uint64_t high = z.high - std::min(z.boost, z.high);
        if (m.min == min && m.low == low && m.high == high) {
            ++matching;
            continue;
        }
        std::string why;
        if (z.name == "Movable" && z.managed < 128 * 1024)
            why = ": kernels after 6.1 give ZONE_MOVABLE a min of managed/1024 clamped to 32..128 pages "
                  "(page_alloc.c:__setup_per_zone_wmarks); 6.1, which the engine follows, splits "
                  "min_free_kbytes over it like any zone";
        else
            why = ": the host's watermarks were set when its managed pages were others (memory freed or "
                  "hotplugged after the last setup_per_zone_wmarks), or by a kernel rule newer than 6.1";
        differing.push_back("node " + std::to_string(z.node) + ", zone " + z.name + ": host min/low/high "
            + std::to_string(min) + "/" + std::to_string(low) + "/" + std::to_string(high) + ", simulated "
            + std::to_string(m.min) + "/" + std::to_string(m.low) + "/" + std::to_string(m.high) + why);
    }

    if (options.out) {
        std::error_code ec;
        if (const fs::path parent = fs::path(*options.out).parent_path(); !parent.empty())
            fs::create_directories(parent, ec); // a failure shows in the write below
        if (const std::string problem = writeFileAtomically(*options.out, text); !problem.empty()) {
            err << "reclaimlab-cli: machine import: cannot write " << problem << "\n";
            return kExitIo;
        }
    } else {
        out << text;
    }

    std::uint64_t rssKb = 0;
    for (const auto& p : im.processes)
        rssKb += *p.status.vmRssKb;
    const std::uint64_t kernelHeld = im.kernelPages;
    err << "machine import: " << im.hostname << ", Linux " << im.release << ": " << im.hostNodes.size()
        << (im.hostNodes.size() == 1 ? " node, " : " nodes, ") << im.zones.size() << " zones, "
        << im.managedPages << " managed pages, " << im.swaps.size() << " swap devices, "
        << im.processes.size() << " processes" << (options.out ? " -> " + *options.out : std::string())
        << "\n";
    err << "watermarks at time 0: " << matching << " of " << im.zones.size()
        << " zones have the host's min/low/high\n";
    for (const std::string& line : differing)
        err << "  differs: " << line << "\n";
    std::uint64_t zoneFree = 0;
    for (const HostZone& z : im.zones)
        zoneFree += z.free;
    err << "free at time 0: " << im.managedPages - kernelHeld << " pages simulated (managed - kernel_pages "
        << kernelHeld << "), host " << zoneFree << " pages free in its zones (MemFree " << im.memFreeKb / 4
        << " pages); the scenario starts without the host's LRU pages (page cache, anon, shmem)";
    if (options.processes)
        err << ", and its processes allocate their VmRSS (" << rssKb / 4 << " pages in all, shared pages once"
            << " per process) in their first step";
    err << "\n";
    for (const std::string& note : im.notes)
        err << "note: " << note << "\n";
    return kExitOk;
}

} // namespace rlab::cli
