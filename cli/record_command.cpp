// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli record: a real machine's /proc sampled into the files of a kernel-lab recording.
#include "record_command.h"

#include "exit_status.h"
#include "output_file.h"
#include "proc_file.h"

#include <rlab/engine/host_import.h>
#include <rlab/engine/scenario.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <unordered_map>

namespace rlab::cli {

namespace {

using namespace rlab::engine;
namespace fs = std::filesystem;

constexpr Tick kMinInterval = 10 * kTicksPerMs;
constexpr Tick kMaxInterval = 3600 * kTicksPerSecond;
constexpr Tick kMaxRecordDuration = 24 * 3600 * kTicksPerSecond;

/// Set by SIGINT and SIGTERM; the loop ends at its next check, so the files end with a whole sample.
volatile std::sig_atomic_t g_stop = 0;

extern "C" void onStopSignal(int)
{
    g_stop = 1;
}

/// Installs onStopSignal for SIGINT and SIGTERM (without SA_RESTART, so a sleep returns at once) and puts
/// the previous handlers back when it goes.
class StopSignals
{
public:
    StopSignals()
    {
        g_stop = 0;
        struct sigaction action
        {
        };
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~StopSignals()
    {
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction m_oldInt
    {
    };
    struct sigaction m_oldTerm
    {
    };
};

int usage(std::ostream& err, const std::string& message)
{
    err << "reclaimlab-cli: record: " << message << "\nTry 'reclaimlab-cli record --help'.\n";
    return kExitUsage;
}

std::int64_t monotonicNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Sleeps until the absolute CLOCK_MONOTONIC time `ns`, so sampling does not drift; returns early when a
/// stop signal came.
void sleepUntil(std::int64_t ns)
{
    timespec deadline {};
    deadline.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    deadline.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    while (g_stop == 0) {
        const int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
        if (rc != EINTR)
            return;
    }
}

std::string fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

/// One TSV file written as the recording goes: its header from the first sample, then a row per sample,
/// flushed after each sample so a killed recorder leaves whole rows.
class TsvWriter
{
public:
    explicit TsvWriter(fs::path path)
        : m_path(std::move(path))
    {}
    ~TsvWriter()
    {
        if (m_file)
            std::fclose(m_file);
    }
    TsvWriter(const TsvWriter&) = delete;
    TsvWriter& operator=(const TsvWriter&) = delete;

    bool open()
    {
        m_file = std::fopen(m_path.c_str(), "wb");
        if (!m_file)
            m_error = m_path.string() + ": " + std::strerror(errno);
        return m_file != nullptr;
    }
    void line(const std::vector<std::string>& fields)
    {
        std::string text;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0)
                text.push_back('\t');
            text += fields[i];
        }
        text.push_back('\n');
        write(text);
    }
    void write(const std::string& text)
    {
        if (m_file && m_error.empty() && std::fwrite(text.data(), 1, text.size(), m_file) != text.size())
            m_error = m_path.string() + ": " + std::strerror(errno);
    }
    bool flush()
    {
        if (m_file && m_error.empty() && std::fflush(m_file) != 0)
            m_error = m_path.string() + ": " + std::strerror(errno);
        return m_error.empty();
    }
    bool close()
    {
        flush();
        if (m_file && std::fclose(m_file) != 0 && m_error.empty())
            m_error = m_path.string() + ": " + std::strerror(errno);
        m_file = nullptr;
        return m_error.empty();
    }
    const std::string& error() const { return m_error; }

private:
    fs::path m_path;
    std::FILE* m_file = nullptr;
    std::string m_error;
};

/// "Key: value [kB]" lines of /proc/meminfo, the first word of each value, as parse_recording.py takes them.
std::vector<std::pair<std::string, std::string>> meminfoItems(const std::string& text)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t nl = std::min(text.find('\n', from), text.size());
        const std::string line = text.substr(from, nl - from);
        from = nl + 1;
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            continue;
        std::size_t v = colon + 1;
        while (v < line.size() && (line[v] == ' ' || line[v] == '\t'))
            ++v;
        std::size_t end = v;
        while (end < line.size() && line[end] != ' ' && line[end] != '\t')
            ++end;
        out.emplace_back(line.substr(0, colon), line.substr(v, end - v));
    }
    return out;
}

/// /proc/pressure/memory as "some_avg10" = "0.00", ... (psi.c:psi_show()).
std::unordered_map<std::string, std::string> pressureItems(const std::string& text)
{
    std::unordered_map<std::string, std::string> out;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t nl = std::min(text.find('\n', from), text.size());
        std::string line = text.substr(from, nl - from);
        from = nl + 1;
        const std::size_t space = line.find(' ');
        if (space == std::string::npos)
            continue;
        const std::string kind = line.substr(0, space);
        std::size_t at = space + 1;
        while (at < line.size()) {
            const std::size_t end = std::min(line.find(' ', at), line.size());
            const std::string item = line.substr(at, end - at);
            const std::size_t eq = item.find('=');
            if (eq != std::string::npos)
                out[kind + "_" + item.substr(0, eq)] = item.substr(eq + 1);
            at = end + 1;
        }
    }
    return out;
}

/// The columns of a file: the first sample's keys in their order, after the leading ones.
template<typename Items>
std::vector<std::string> columnsOf(std::vector<std::string> leading, const Items& items)
{
    for (const auto& item : items) {
        if (std::find(leading.begin(), leading.end(), item.first) == leading.end())
            leading.push_back(item.first);
    }
    return leading;
}

/// A row in the order of `columns`: each key's value, empty when this sample lacks it.
template<typename Items>
std::vector<std::string> rowOf(const std::vector<std::string>& columns, std::size_t skip,
    std::vector<std::string> row, const Items& items)
{
    std::unordered_map<std::string, std::string> byKey;
    for (const auto& item : items)
        byKey.emplace(item.first, item.second);
    for (std::size_t c = skip; c < columns.size(); ++c) {
        const auto it = byKey.find(columns[c]);
        row.push_back(it == byKey.end() ? std::string() : it->second);
    }
    return row;
}

struct Options
{
    Tick interval = 100 * kTicksPerMs;
    Tick duration = 60 * kTicksPerSecond;
    fs::path out = "reclaimlab-recording";
    fs::path proc = "/proc";
};

std::string commandLine(const std::vector<std::string>& args)
{
    std::string line = "reclaimlab-cli record";
    for (const std::string& arg : args)
        line += " " + arg;
    return line;
}

} // namespace

const char* recordUsage()
{
    return "Usage: reclaimlab-cli record [--interval TIME] [--duration TIME] [--out DIR] [--proc DIR]\n"
           "\n"
           "Records the machine it runs on: every TIME it reads /proc/vmstat, /proc/zoneinfo,\n"
           "/proc/meminfo and /proc/pressure/memory and appends them to DIR in the files of a\n"
           "kernel-lab recording (tools/kernel-lab/README.md), so 'reclaimlab-cli compare-recording DIR\n"
           "SCENARIO' compares it with a simulation (SCENARIO from 'reclaimlab-cli machine import').\n"
           "\n"
           "  --interval TIME  time between samples, 10ms..1h (a unit: us, ms, s, m, h). Default: 100ms.\n"
           "  --duration TIME  how long to record, 0..24h. Default: 60s. Samples are taken at\n"
           "                   0, TIME, 2*TIME, ... up to the duration: duration/interval + 1 of them.\n"
           "  --out DIR        the recording's directory, created if missing; one that already holds a\n"
           "                   recording (vmstat.tsv) is refused. Default: reclaimlab-recording.\n"
           "  --proc DIR       read DIR instead of /proc (tests, or a directory another tool refreshes).\n"
           "\n"
           "Files (each TSV with a header and a t_ms column, milliseconds since the first sample):\n"
           "  vmstat.tsv        every /proc/vmstat item\n"
           "  zoneinfo.tsv      a row per sample and zone: free, boost, min, low, high, spanned, present,\n"
           "                    managed, the zone's nr_* counters, the node's stats as node_*\n"
           "  meminfo.tsv       every /proc/meminfo item (kB)\n"
           "  pressure.tsv      /proc/pressure/memory; empty fields when the kernel has no PSI\n"
           "  samples.tsv       each sample's CLOCK_MONOTONIC time (mono_s)\n"
           "  marks.txt         'lab steps start' and 'lab steps done' at the first and last sample,\n"
           "                    the marks the recording reader measures time from\n"
           "  zoneinfo-first.txt  the first /proc/zoneinfo as printed\n"
           "  recording.txt     the command, host, kernel, interval, samples, late samples, how it ended\n"
           "Size per sample: about 2 KB on a one-node machine with 5 zones (vmstat 0.8 KB, zoneinfo\n"
           "0.8 KB, meminfo 0.3 KB, the rest 0.1 KB), growing to about 4 KB as counters get long, plus\n"
           "about 0.2 KB per further zone. 100ms for an hour: 36,000 samples, about 70 to 150 MB; the\n"
           "most allowed (10ms for 24h) is 8.64 million samples, up to about 35 GB.\n"
           "\n"
           "Sampling sleeps to absolute deadlines (CLOCK_MONOTONIC), so it does not drift; a sample\n"
           "whose deadline has passed is taken at once and counted as late in recording.txt when it is\n"
           "more than one interval behind. Ctrl-C (SIGINT) or SIGTERM ends the recording after the\n"
           "sample in progress, with every file complete.\n"
           "\n"
           "Exit status: 0 recorded (also when ended by Ctrl-C); 1 DIR could not be written; 2 bad usage\n"
           "or a /proc file that cannot be read (pressure/memory excepted: it is reported once).\n";
}

int recordCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            out << recordUsage();
            return kExitOk;
        }
        std::string flag = arg;
        std::optional<std::string> value;
        if (const std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            flag = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        if (flag != "--interval" && flag != "--duration" && flag != "--out" && flag != "--proc")
            return usage(err,
                "unknown argument '" + arg
                    + "'; allowed: --interval TIME, --duration TIME, --out DIR, --proc DIR, --help");
        if (!value) {
            if (i + 1 >= args.size())
                return usage(err, flag + " needs a value");
            value = args[++i];
        }
        if (value->empty())
            return usage(err, flag + " needs a non-empty value");
        if (flag == "--interval" || flag == "--duration") {
            const auto time = parseDuration(*value);
            const bool interval = flag == "--interval";
            if (!time || (interval && (*time < kMinInterval || *time > kMaxInterval))
                || (!interval && (*time < 0 || *time > kMaxRecordDuration)))
                return usage(err,
                    flag + ": '" + *value + "' is not allowed; expected "
                        + (interval ? "a time in 10ms..1h, e.g. 100ms" : "a time in 0..24h, e.g. 60s or 2h"));
            (interval ? options.interval : options.duration) = *time;
        } else {
            (flag == "--out" ? options.out : options.proc) = *value;
        }
    }

    std::error_code ec;
    if (fs::exists(options.out / "vmstat.tsv", ec)) {
        err << "reclaimlab-cli: record: " << options.out.string()
            << " already holds a recording (vmstat.tsv); choose another --out DIR\n";
        return kExitUsage;
    }
    // The first sample's files are read before anything is created, so a wrong --proc fails cleanly.
    std::string error;
    for (const char* name : { "vmstat", "zoneinfo", "meminfo" }) {
        if (!readProcFile(options.proc / name, error)) {
            err << "reclaimlab-cli: record: " << error << "\n";
            return kExitUsage;
        }
    }
    fs::create_directories(options.out, ec);
    if (ec) {
        err << "reclaimlab-cli: record: cannot create " << options.out.string() << ": " << ec.message()
            << "\n";
        return kExitIo;
    }
    TsvWriter vmstat(options.out / "vmstat.tsv");
    TsvWriter zoneinfo(options.out / "zoneinfo.tsv");
    TsvWriter meminfo(options.out / "meminfo.tsv");
    TsvWriter pressure(options.out / "pressure.tsv");
    TsvWriter samples(options.out / "samples.tsv");
    TsvWriter marks(options.out / "marks.txt");
    TsvWriter* const files[] = { &vmstat, &zoneinfo, &meminfo, &pressure, &samples, &marks };
    for (TsvWriter* file : files) {
        if (!file->open()) {
            err << "reclaimlab-cli: record: cannot write " << file->error() << "\n";
            return kExitIo;
        }
    }
    const std::string hostname = procFirstLine(options.proc / "sys" / "kernel" / "hostname", "unknown-host");
    const std::string release = procFirstLine(options.proc / "sys" / "kernel" / "osrelease", "unknown");
    const std::string started = utcNow();
    const std::string command = commandLine(args);
    const auto info = [&](std::uint64_t taken, std::uint64_t late, const std::string& ended) {
        return "command: " + command + "\nsource: " + options.proc.string() + "\nhost: " + hostname
            + "\nkernel: " + release
            + "\ninterval: " + fixed(static_cast<double>(options.interval) / 1000.0, 3)
            + " ms\nduration: " + fixed(static_cast<double>(options.duration) / 1000.0, 3)
            + " ms\nrecorded: " + started + "\nsamples: " + std::to_string(taken)
            + "\nlate samples: " + std::to_string(late) + "\nended: " + ended + "\n";
    };
    if (const std::string problem =
            writeFileAtomically(options.out / "recording.txt", info(0, 0, "recording"));
        !problem.empty()) {
        err << "reclaimlab-cli: record: cannot write " << problem << "\n";
        return kExitIo;
    }

    const StopSignals signals;
    const std::uint64_t count = static_cast<std::uint64_t>(options.duration / options.interval) + 1;
    const std::int64_t intervalNs = options.interval * 1000;
    const std::int64_t startNs = monotonicNs();
    std::vector<std::string> vmstatColumns, zoneColumns, meminfoColumns;
    const std::vector<std::string> pressureColumns = { "t_ms", "some_avg10", "some_avg60", "some_avg300",
        "some_total", "full_avg10", "full_avg60", "full_avg300", "full_total" };
    pressure.line(pressureColumns);
    samples.line({ "t_ms", "mono_s" });
    bool psiReported = false;
    std::uint64_t taken = 0;
    std::uint64_t late = 0;
    std::string lastMono;
    int status = kExitOk;
    std::string ended = "duration reached";
    for (std::uint64_t k = 0; k < count; ++k) {
        const std::int64_t deadline = startNs + static_cast<std::int64_t>(k) * intervalNs;
        sleepUntil(deadline);
        if (g_stop != 0) {
            ended = "interrupted by a signal";
            break;
        }
        const std::int64_t now = monotonicNs();
        if (now - deadline > intervalNs)
            ++late;
        const std::string tMs = fixed(static_cast<double>(now - startNs) / 1e6, 1);
        const std::string mono = fixed(static_cast<double>(now) / 1e9, 3);

        const auto vmstatText = readProcFile(options.proc / "vmstat", error);
        const auto zoneText = vmstatText ? readProcFile(options.proc / "zoneinfo", error) : std::nullopt;
        const auto meminfoText = zoneText ? readProcFile(options.proc / "meminfo", error) : std::nullopt;
        if (!meminfoText) {
            err << "reclaimlab-cli: record: " << error << "; the recording ends at the sample before\n";
            status = kExitUsage;
            ended = "error: " + error;
            break;
        }
        std::string pressureError;
        const auto pressureText = readProcFile(options.proc / "pressure" / "memory", pressureError);
        if (!pressureText && !psiReported) {
            err << "reclaimlab-cli: record: " << pressureError
                << "; pressure.tsv gets empty fields (PSI needs CONFIG_PSI and, on some kernels, psi=1)\n";
            psiReported = true;
        }

        const auto vmstatItems = keyValueLines(*vmstatText);
        const auto zones = zoneinfoRecords(*zoneText);
        const auto memItems = meminfoItems(*meminfoText);
        if (k == 0) {
            vmstatColumns = columnsOf({ "t_ms" }, vmstatItems);
            meminfoColumns = columnsOf({ "t_ms" }, memItems);
            zoneColumns = { "t_ms", "node", "zone" };
            for (const ZoneinfoRecord& z : zones)
                zoneColumns = columnsOf(std::move(zoneColumns), z.fields);
            vmstat.line(vmstatColumns);
            meminfo.line(meminfoColumns);
            zoneinfo.line(zoneColumns);
            if (const std::string problem =
                    writeFileAtomically(options.out / "zoneinfo-first.txt", *zoneText);
                !problem.empty()) {
                err << "reclaimlab-cli: record: cannot write " << problem << "\n";
                return kExitIo;
            }
            marks.write(mono + " lab steps start\n");
        }
        vmstat.line(rowOf(vmstatColumns, 1, { tMs }, vmstatItems));
        meminfo.line(rowOf(meminfoColumns, 1, { tMs }, memItems));
        for (const ZoneinfoRecord& z : zones)
            zoneinfo.line(rowOf(zoneColumns, 3, { tMs, z.node, z.zone }, z.fields));
        const auto psi =
            pressureText ? pressureItems(*pressureText) : std::unordered_map<std::string, std::string> {};
        pressure.line(rowOf(pressureColumns, 1, { tMs }, psi));
        samples.line({ tMs, mono });
        lastMono = mono;
        ++taken;
        bool ok = true;
        for (TsvWriter* file : files)
            ok = file->flush() && ok;
        if (!ok)
            break;
    }
    if (taken > 0)
        marks.write(lastMono + " lab steps done\n");
    for (TsvWriter* file : files) {
        if (!file->close()) {
            err << "reclaimlab-cli: record: cannot write " << file->error() << "\n";
            return kExitIo;
        }
    }
    if (const std::string problem =
            writeFileAtomically(options.out / "recording.txt", info(taken, late, ended));
        !problem.empty()) {
        err << "reclaimlab-cli: record: cannot write " << problem << "\n";
        return kExitIo;
    }
    out << options.out.string() << ": " << taken << " samples every "
        << fixed(static_cast<double>(options.interval) / 1000.0, 0) << " ms (" << ended << ", " << late
        << " late)\n";
    return status;
}

} // namespace rlab::cli
