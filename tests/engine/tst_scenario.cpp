// SPDX-License-Identifier: GPL-3.0-or-later
// Scenario JSON reader: values and defaults, one row per error path, size/duration syntax, robustness
// against truncated and mutated input, and every shipped scenario file.
#include "rlab/engine/scenario.h"
#include "rlab/engine/tunables.h"

#include <QtTest>

#include <random>

using namespace rlab::engine;

namespace {

/// A small valid machine: one node with one Normal zone of 900 managed pages.
const QByteArray kMachine =
    R"("machine": {"nodes": [{"zones": [{"name": "Normal", "present_pages": 1000, "managed_pages": 900}]}]})";

/// A scenario with the minimal machine plus the given top-level members.
QByteArray withMachine(const QByteArray& members = {})
{
    return "{" + kMachine + (members.isEmpty() ? QByteArray() : ", " + members) + "}";
}

/// One process named "p" with the given workload entries.
QByteArray withWorkload(const QByteArray& entries)
{
    return withMachine(R"("processes": [{"name": "p", "workload": [)" + entries + "]}]");
}

QString ticks(std::optional<Tick> value)
{
    return value ? QString::number(*value) : QStringLiteral("none");
}

QString disk(const DiskSpec& d)
{
    return QStringLiteral("%1,%2").arg(d.latency).arg(d.pagesPerSecond);
}

QString describeCommand(const Command& command)
{
    return std::visit(
        [](const auto& c) -> QString {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, SetSysctl>) {
                QString text = QStringLiteral("sysctl ") + QString::fromStdString(c.write.name);
                for (const auto v : c.write.values)
                    text += QLatin1Char(' ') + QString::number(v);
                return text;
            } else if constexpr (std::is_same_v<T, SetOomScoreAdj>) {
                return QStringLiteral("oom_score_adj %1 %2")
                    .arg(QString::fromStdString(c.process))
                    .arg(c.oomScoreAdj);
            } else if constexpr (std::is_same_v<T, StartProcess>) {
                return QStringLiteral("start ") + QString::fromStdString(c.process.name);
            } else if constexpr (std::is_same_v<T, KillProcess>) {
                return QStringLiteral("kill ") + QString::fromStdString(c.process);
            } else if constexpr (std::is_same_v<T, DropCaches>) {
                return QStringLiteral("drop_caches %1").arg(c.mode);
            } else if constexpr (std::is_same_v<T, Swapoff>) {
                return QStringLiteral("swapoff ") + QString::fromStdString(c.device);
            } else if constexpr (std::is_same_v<T, SetThp>) {
                return QStringLiteral("thp %1 %2")
                    .arg(c.enabled ? QString::fromLatin1(thpModeName(*c.enabled)) : QStringLiteral("-"))
                    .arg(c.defrag ? QString::fromLatin1(thpDefragName(*c.defrag)) : QStringLiteral("-"));
            } else if constexpr (std::is_same_v<T, SetCgroup>) {
                const auto v = [](const std::optional<Pages>& p) {
                    return p ? QString::number(*p) : QStringLiteral("-");
                };
                return QStringLiteral("cgroup %1 max=%2 high=%3 low=%4 min=%5 swap.max=%6 oom.group=%7")
                    .arg(QString::fromStdString(c.path), v(c.max), v(c.high), v(c.low), v(c.min),
                        v(c.swapMax), c.oomGroup ? QString::number(*c.oomGroup) : QStringLiteral("-"));
            } else if constexpr (std::is_same_v<T, MoveProcess>) {
                return QStringLiteral("move %1 %2")
                    .arg(QString::fromStdString(c.process), QString::fromStdString(c.cgroup));
            } else {
                return QStringLiteral("swapon %1 %2")
                    .arg(QString::fromStdString(c.device.name))
                    .arg(c.device.size);
            }
        },
        command);
}

/// Every parsed value as "key=value" lines, so a row can list the facts it expects.
QStringList describe(const Scenario& s)
{
    QStringList lines;
    lines << QStringLiteral("name=") + QString::fromStdString(s.name)
          << QStringLiteral("description=") + QString::fromStdString(s.description)
          << QStringLiteral("seed=%1").arg(s.seed) << QStringLiteral("duration=") + ticks(s.duration);
    const MachineSpec& m = s.machine;
    lines << QStringLiteral("ram=") + (m.ram ? QString::number(*m.ram) : QStringLiteral("none"))
          << QStringLiteral("thp=%1").arg(static_cast<int>(m.transparentHugepage))
          << QStringLiteral("kernel_pages=")
            + (m.kernelPages ? QString::number(*m.kernelPages) : QStringLiteral("none"))
          << QStringLiteral("scan_rate=%1").arg(m.reclaimScanPagesPerMs)
          << QStringLiteral("cpus=%1 page_cpu_time=%2 pageout_cpu_time=%3")
                 .arg(m.cpus)
                 .arg(m.pageCpuTime)
                 .arg(m.pageoutCpuTime)
          << QStringLiteral("file_disk=") + disk(m.fileDisk)
          << QStringLiteral("nodes=%1").arg(m.nodes.size());
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {
        lines << QStringLiteral("node%1.zones=%2").arg(n).arg(m.nodes[n].zones.size());
        for (std::size_t z = 0; z < m.nodes[n].zones.size(); ++z) {
            const ZoneSpec& zone = m.nodes[n].zones[z];
            lines << QStringLiteral("node%1.zone%2=%3 %4 %5 %6")
                         .arg(n)
                         .arg(z)
                         .arg(QLatin1String(zoneTypeName(zone.type)))
                         .arg(zone.spanned)
                         .arg(zone.present)
                         .arg(zone.managed);
        }
    }
    lines << QStringLiteral("sysctls=%1").arg(s.sysctls.size());
    for (std::size_t i = 0; i < s.sysctls.size(); ++i)
        lines << QStringLiteral("sysctl%1=").arg(i) + describeCommand(SetSysctl { s.sysctls[i] }).mid(7);
    lines << QStringLiteral("swaps=%1").arg(s.swap.size());
    for (std::size_t i = 0; i < s.swap.size(); ++i) {
        const SwapSpec& d = s.swap[i];
        lines << QStringLiteral("swap%1=%2 %3 prio=%4 %5")
                     .arg(i)
                     .arg(QString::fromStdString(d.name))
                     .arg(d.size)
                     .arg(d.priority ? QString::number(*d.priority) : QStringLiteral("none"))
                     .arg(disk(d.disk));
    }
    lines << QStringLiteral("processes=%1").arg(s.processes.size());
    for (std::size_t i = 0; i < s.processes.size(); ++i) {
        const ProcessSpec& p = s.processes[i];
        lines << QStringLiteral("process%1=%2 pid=%3 uid=%4 adj=%5 start=%6 exit=%7 node=%8 workloads=%9")
                     .arg(i)
                     .arg(QString::fromStdString(p.name))
                     .arg(p.pid ? QString::number(*p.pid) : QStringLiteral("none"))
                     .arg(p.uid)
                     .arg(p.oomScoreAdj)
                     .arg(p.start)
                     .arg(ticks(p.exit))
                     .arg(p.node)
                     .arg(p.workload.size());
        for (std::size_t w = 0; w < p.workload.size(); ++w) {
            const WorkloadSpec& wl = p.workload[w];
            lines << QStringLiteral(
                         "process%1.workload%2=kind%3 start=%4 stop=%5 size=%6 rate=%7 access=%8 file=%9")
                         .arg(i)
                         .arg(w)
                         .arg(static_cast<int>(wl.kind))
                         .arg(wl.start)
                         .arg(ticks(wl.stop))
                         .arg(wl.size)
                         .arg(wl.ratePagesPerSec)
                         .arg(wl.accessesPerSec)
                         .arg(QString::fromStdString(wl.file))
                    + (wl.fileBacked ? QStringLiteral(" backed") : QString())
                    + (wl.zone != ZoneType::Movable
                            ? QStringLiteral(" zone=") + QLatin1String(zoneTypeName(wl.zone))
                            : QString())
                    + (wl.pattern == AccessPattern::Sequential ? QStringLiteral(" sequential") : QString());
        }
    }
    lines << QStringLiteral("events=%1").arg(s.events.size());
    for (std::size_t i = 0; i < s.events.size(); ++i)
        lines << QStringLiteral("event%1=%2 ").arg(i).arg(s.events[i].at)
                + describeCommand(s.events[i].command);
    return lines;
}

/// A scenario that uses every section, for the robustness slots.
const QByteArray kRichScenario = R"({
  "name": "rich", "description": "every section", "seed": 7, "duration": "10s",
  "machine": {
    "nodes": [{"zones": [
      {"name": "DMA32", "present_pages": 100000, "managed_pages": 90000},
      {"name": "DMA", "present_pages": 3998, "managed_pages": 3840, "spanned_pages": 4095}]}],
    "transparent_hugepage": "madvise", "kernel_pages": "16M", "reclaim_scan_rate": 500, "cpus": 2,
    "page_cpu_time": "60us", "pageout_cpu_time": "65us",
    "file_disk": {"preset": "hdd", "latency": "5ms"}},
  "sysctl": {"vm.swappiness": 100, "vm.lowmem_reserve_ratio": [256, 256, 32]},
  "swap": [{"name": "/dev/vda2", "size": "256M", "priority": 10, "disk": {"bandwidth": "200M/s"}}],
  "processes": [
    {"name": "db", "pid": 1200, "uid": 1000, "oom_score_adj": -500, "start": "1s", "exit": "9s",
     "workload": [
       {"type": "anon", "size": "64M", "rate": "32M/s", "zone": "dma32"},
       {"type": "working_set", "size": "8M", "access_rate": "10000/s", "file": "db.dat"},
       {"type": "working_set", "size": "4M", "access_rate": "1000/s", "pattern": "sequential"},
       {"type": "stream", "file": "log", "size": "128M", "rate": "16M/s", "start": "2s", "stop": "5s"}]},
    {"name": "cc",
     "workload": [
       {"type": "exec", "file": "cc1", "size": "20M", "access_rate": 5000},
       {"type": "mlock", "size": "1M"},
       {"type": "write", "file": "out", "size": "4M", "rate": 100}]}
  ],
  "events": [
    {"at": "6s", "kill": "db"},
    {"at": "3s", "sysctl": {"vm.swappiness": 10, "vm.page-cluster": 0}},
    {"at": "4s", "start": {"name": "late", "workload": [
      {"type": "file_set", "file": "db.dat", "size": "8M", "access_rate": "100/s"}]}},
    {"at": "5s", "oom_score_adj": {"process": "late", "value": 1000}},
    {"at": "7s", "swapoff": "/dev/vda2"},
    {"at": "8s", "swapon": {"name": "/dev/vda2", "size": "128M"}},
    {"at": "8s", "drop_caches": 3}
  ]
})";

void checkOutcome(const ParseResult& result)
{
    QVERIFY2(result.scenario.has_value() == result.error.empty(), result.error.c_str());
    QVERIFY2(result.error.find('\n') == std::string::npos, result.error.c_str());
}

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseError_data();
    void parseError();
    void sizeAndDuration_data();
    void sizeAndDuration();
    void zoneNames_data();
    void zoneNames();
    void loadFile_data();
    void loadFile();
    void truncation_data();
    void truncation();
    void mutation_data();
    void mutation();
    void scenarioFiles_data();
    void scenarioFiles();
    void schemaSysctls_data();
    void schemaSysctls();
    void documentedExamples_data();
    void documentedExamples();
};

void TestScenario::parseValid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("defaults") << withMachine()
                              << QStringList { "name=", "seed=1", "duration=none", "ram=none", "thp=0",
                                     "kernel_pages=none", "scan_rate=1000", "file_disk=100,128000", "nodes=1",
                                     "node0.zones=1", "node0.zone0=Normal 1000 1000 900", "sysctls=0",
                                     "swaps=0", "processes=0", "events=0" };
    QTest::newRow("top-level fields")
        << withMachine(R"("name": "n", "description": "d", "seed": 18446744073709551615, "duration": "1.5s")")
        << QStringList { "name=n", "description=d", "seed=18446744073709551615", "duration=1500000" };
    QTest::newRow("duration as integer ms")
        << withMachine(R"("duration": 2500)") << QStringList { "duration=2500000" };
    QTest::newRow("zones sorted by type")
        << QByteArray(R"({"machine": {"nodes": [{"zones": [
               {"name": "Movable", "present_pages": 10, "managed_pages": 10},
               {"name": "Normal", "present_pages": 1000, "managed_pages": 900, "spanned_pages": 1200},
               {"name": "DMA", "present_pages": 3998, "managed_pages": 3840, "spanned_pages": 4095}]},
               {"zones": [{"name": "Normal", "present_pages": 5, "managed_pages": 0}]}]}})")
        << QStringList { "nodes=2", "node0.zones=3", "node0.zone0=DMA 4095 3998 3840",
               "node0.zone1=Normal 1200 1000 900", "node0.zone2=Movable 10 10 10",
               "node1.zone0=Normal 5 5 0" };
    QTest::newRow("ram lays out a PC") << QByteArray(R"({"machine": {"ram": "4G"}})")
                                       << QStringList { "ram=1048576", "nodes=1", "node0.zones=3" };
    QTest::newRow("machine options") << QByteArray(
        R"({"machine": {"ram": 16384, "transparent_hugepage": "never", "kernel_pages": "16M",
                          "reclaim_scan_rate": 10000000}})")
                                     << QStringList { "ram=16384", "thp=2", "kernel_pages=4096",
                                            "scan_rate=10000000" };
    QTest::newRow("thp madvise") << QByteArray(
        R"({"machine": {"ram": "1G", "transparent_hugepage": "madvise"}})")
                                 << QStringList { "thp=1" };
    QTest::newRow("hdd preset") << QByteArray(R"({"machine": {"ram": "1G", "file_disk": {"preset": "hdd"}}})")
                                << QStringList { "file_disk=8000,30000" };
    QTest::newRow("preset overridden")
        << QByteArray(R"({"machine": {"ram": "1G", "file_disk": {"preset": "hdd", "bandwidth": "1G/s"}}})")
        << QStringList { "file_disk=8000,262144" };
    QTest::newRow("ssd latency override")
        << QByteArray(R"({"machine": {"ram": "1G", "file_disk": {"latency": "2ms"}}})")
        << QStringList { "file_disk=2000,128000" };
    QTest::newRow("slow disk keeps its fraction of a page per ms") // the kernel lab's 16 MB/s
        << QByteArray(R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "15625K/s"}}})")
        << QStringList { "file_disk=100,3906" };
    QTest::newRow("slow disk is at least 1 page a second")
        << QByteArray(R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "1K/s", "latency": 0}}})")
        << QStringList { "file_disk=0,1" };
    QTest::newRow("sysctl file order")
        << withMachine(R"("sysctl": {"vm.watermark_scale_factor": 200, "vm.swappiness": 10,
                          "vm.lowmem_reserve_ratio": [256, 256, 64], "vm.min_free_kbytes": 65536})")
        << QStringList { "sysctls=4", "sysctl0=vm.watermark_scale_factor 200", "sysctl1=vm.swappiness 10",
               "sysctl2=vm.lowmem_reserve_ratio 256 256 64", "sysctl3=vm.min_free_kbytes 65536" };
    QTest::newRow("vector sysctl as one integer")
        << withMachine(R"("sysctl": {"vm.lowmem_reserve_ratio": 128})")
        << QStringList { "sysctl0=vm.lowmem_reserve_ratio 128" };
    QTest::newRow("swap defaults and options")
        << withMachine(R"("swap": [{"size": "2G"}, {"name": "/dev/vdb", "size": 1000, "priority": 5,
                          "disk": {"preset": "hdd"}}, {"size": "1M", "priority": -1}])")
        << QStringList { "swaps=3", "swap0=swap0 524288 prio=none 100,128000",
               "swap1=/dev/vdb 1000 prio=5 8000,30000", "swap2=swap2 256 prio=-1 100,128000" };
    QTest::newRow("process defaults") << withMachine(R"("processes": [{"name": "idle"}])")
                                      << QStringList { "processes=1",
                                             "process0=idle pid=none uid=0 adj=0 start=0 exit=none node=0 "
                                             "workloads=0" };
    QTest::newRow("process fields")
        << withMachine(
               R"("processes": [{"name": "db", "pid": 4194304, "uid": 4294967295, "oom_score_adj": -1000,
                          "start": "500ms", "exit": "2m", "node": 0, "workload": []}])")
        << QStringList {
               "process0=db pid=4194304 uid=4294967295 adj=-1000 start=500000 exit=120000000 node=0 "
               "workloads=0"
           };
    QTest::newRow("process on second node") << QByteArray(
        R"({"machine": {"nodes": [{"zones": [{"name": "Normal", "present_pages": 10, "managed_pages": 10}]},
                          {"zones": [{"name": "Normal", "present_pages": 10, "managed_pages": 10}]}]},
                          "processes": [{"name": "p", "node": 1}]})")
                                            << QStringList { "process0=p pid=none uid=0 adj=0 start=0 "
                                                             "exit=none node=1 workloads=0" };
    QTest::newRow("anon with rate") << withWorkload(R"({"type": "anon", "size": "1G", "rate": "200M/s"})")
                                    << QStringList { "process0.workload0=kind0 start=0 stop=none size=262144 "
                                                     "rate=51200 access=0 file=" };
    QTest::newRow("anon at once, fractional size")
        << withWorkload(R"({"type": "anon", "size": "1.5G", "start": "1s", "stop": "2s"})")
        << QStringList {
               "process0.workload0=kind0 start=1000000 stop=2000000 size=393216 rate=0 access=0 file="
           };
    QTest::newRow("anon rate 0 and integer rate")
        << withWorkload(R"({"type": "anon", "size": 10, "rate": 0}, {"type": "anon", "size": 10, "rate": 7})")
        << QStringList { "process0.workload0=kind0 start=0 stop=none size=10 rate=0 access=0 file=",
               "process0.workload1=kind0 start=0 stop=none size=10 rate=7 access=0 file=" };
    QTest::newRow("working set anon and file")
        << withWorkload(R"({"type": "working_set", "size": "64M", "access_rate": "50000/s"},
                           {"type": "working_set", "size": "8M", "access_rate": 20, "file": "data.db"})")
        << QStringList { "process0.workload0=kind1 start=0 stop=none size=16384 rate=0 access=50000 file=",
               "process0.workload1=kind1 start=0 stop=none size=2048 rate=0 access=20 file=data.db backed" };
    QTest::newRow("stream file_set write exec mlock")
        << withWorkload(R"({"type": "stream", "file": "movie", "size": "4G", "rate": "100M/s"},
                           {"type": "file_set", "file": "src", "size": "512M", "access_rate": "1000/s"},
                           {"type": "write", "file": "log", "size": "64K", "rate": "1K/s"},
                           {"type": "exec", "file": "cc1", "size": "30M", "access_rate": 4000},
                           {"type": "mlock", "size": "2M"})")
        << QStringList { "process0.workload0=kind2 start=0 stop=none size=1048576 rate=25600 access=0 "
                         "file=movie backed",
               "process0.workload1=kind3 start=0 stop=none size=131072 rate=0 access=1000 file=src backed",
               "process0.workload2=kind4 start=0 stop=none size=16 rate=1 access=0 file=log backed",
               "process0.workload3=kind5 start=0 stop=none size=7680 rate=0 access=4000 file=cc1 backed",
               "process0.workload4=kind6 start=0 stop=none size=512 rate=0 access=0 file=" };
    QTest::newRow("zone dma32 and movable")
        << withWorkload(R"({"type": "anon", "size": "64M", "rate": "32M/s", "zone": "dma32"},
                           {"type": "mlock", "size": "1M", "zone": "dma32"},
                           {"type": "anon", "size": 10, "zone": "movable"})")
        << QStringList {
               "process0.workload0=kind0 start=0 stop=none size=16384 rate=8192 access=0 file= zone=DMA32",
               "process0.workload1=kind6 start=0 stop=none size=256 rate=0 access=0 file= zone=DMA32",
               "process0.workload2=kind0 start=0 stop=none size=10 rate=0 access=0 file="
           };
    QTest::newRow("working set patterns")
        << withWorkload(
               R"({"type": "working_set", "size": "200M", "access_rate": "50000/s", "pattern": "sequential"},
                           {"type": "working_set", "size": 8, "access_rate": 1, "pattern": "random"},
                           {"type": "working_set", "size": 8, "access_rate": 1, "file": "f", "pattern": "random"})")
        << QStringList {
               "process0.workload0=kind1 start=0 stop=none size=51200 rate=0 access=50000 file= sequential",
               "process0.workload1=kind1 start=0 stop=none size=8 rate=0 access=1 file=",
               "process0.workload2=kind1 start=0 stop=none size=8 rate=0 access=1 file=f backed"
           };
    QTest::newRow("same file same size") << withMachine(
        R"("processes": [
               {"name": "a", "workload": [{"type": "stream", "file": "f", "size": "1M", "rate": 1}]},
               {"name": "b", "workload": [
                 {"type": "file_set", "file": "f", "size": 256, "access_rate": 1}]}])")
                                         << QStringList { "processes=2" };
    QTest::newRow("events sorted, ties in file order")
        << withMachine(R"("processes": [{"name": "a"}], "events": [
               {"at": "2s", "kill": "a"},
               {"at": "1s", "drop_caches": 1},
               {"at": 1000, "sysctl": {"vm.swappiness": 100, "vm.page-cluster": 0}},
               {"at": "0", "oom_score_adj": {"process": "a", "value": -17}}])")
        << QStringList { "events=5", "event0=0 oom_score_adj a -17", "event1=1000000 drop_caches 1",
               "event2=1000000 sysctl vm.swappiness 100", "event3=1000000 sysctl vm.page-cluster 0",
               "event4=2000000 kill a" };
    QTest::newRow("start then kill") << withMachine(
        R"("events": [{"at": "3s", "kill": "late"}, {"at": "1s", "start": {"name": "late", "pid": 77}}])")
                                     << QStringList { "events=2", "event0=1000000 start late",
                                            "event1=3000000 kill late" };
    QTest::newRow("swapoff then swapon")
        << withMachine(R"("swap": [{"name": "s", "size": "1G"}], "events": [
               {"at": "2s", "swapon": {"name": "s", "size": "2G"}}, {"at": "1s", "swapoff": "s"},
               {"at": "3s", "swapon": {"size": "4M"}}])")
        << QStringList { "events=3", "event0=1000000 swapoff s", "event1=2000000 swapon s 524288",
               "event2=3000000 swapon swap2 1024" };
    QTest::newRow("rich scenario") << kRichScenario
                                   << QStringList { "name=rich", "seed=7", "duration=10000000", "thp=1",
                                          "kernel_pages=4096", "scan_rate=500",
                                          "cpus=2 page_cpu_time=60 pageout_cpu_time=65",
                                          "file_disk=5000,30000", "swap0=/dev/vda2 65536 prio=10 100,51200",
                                          "processes=2", "events=8", "event7=8000000 drop_caches 3" };
}

void TestScenario::parseValid()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    const ParseResult result = parseScenario(json.toStdString());
    QVERIFY2(result.scenario.has_value(), result.error.c_str());
    QVERIFY(result.error.empty());
    const QStringList lines = describe(*result.scenario);
    for (const QString& line : expected)
        QVERIFY2(lines.contains(line),
            qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(line, lines.join(QLatin1Char('\n')))));
}

void TestScenario::parseError_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");

    const auto row = [](const char* name, const QByteArray& json, const char* path, const char* fragment) {
        QTest::newRow(name) << json << QString::fromUtf8(path) << QString::fromUtf8(fragment);
    };
    const auto zone = [](const QByteArray& zones) {
        return R"({"machine": {"nodes": [{"zones": [)" + zones + "]}]}}";
    };
    const auto event = [](const QByteArray& events) {
        return withMachine(
            R"("processes": [{"name": "a"}], "swap": [{"name": "s", "size": "1G"}], "events": [)" + events
            + "]");
    };
    const QByteArray normal = R"({"name": "Normal", "present_pages": 10, "managed_pages": 10})";

    // JSON text
    row("empty text", "", "line 1, column 1", "invalid JSON");
    row("syntax error", R"({"machine": })", "line 1, column 13", "invalid JSON: syntax error");
    row("trailing garbage", withMachine() + "x", "line 1, column 103", "invalid JSON");
    row("number overflow", R"({"seed": 1e999})", "(top level)", "invalid JSON: number overflow parsing");
    row("duplicate key", withMachine(kMachine), "machine", "duplicate key");
    row("nested duplicate key", withMachine(R"("processes": [{"name": "a", "name": "b"}])"),
        "processes[0].name", "at most once per object");
    QTest::newRow("too deep") << QByteArray(100000, '[') << QStringLiteral("[0]").repeated(64)
                              << QStringLiteral("nested more than 64 levels");

    // top level
    row("top level not an object", "[]", "(top level)",
        "is an array; expected an object with keys name, description");
    row("unknown top-level key", withMachine(R"("machines": 1)"), "machines",
        "unknown key; allowed keys: name, description, seed");
    row("name not a string", withMachine(R"("name": 5)"), "name", "is an integer; expected a string");
    row("description null", withMachine(R"("description": null)"), "description",
        "is null; expected a string");
    row("seed negative", withMachine(R"("seed": -1)"), "seed",
        "value -1 is out of range; expected an integer in 0..18446744073709551615");
    row("seed fractional", withMachine(R"("seed": 1.5)"), "seed",
        "is a fractional number; expected an integer");
    row("duration garbage", withMachine(R"("duration": "5 parsecs")"), "duration", "units us, ms, s, m, h");
    row("duration overflowing", withMachine(R"("duration": "9223372036854775807us")"), "duration",
        "expected a duration up to 1000000s");
    row("duration in ms above the limit", withMachine(R"("duration": 1000000001)"), "duration",
        "0..1000000000");
    row("rate too fast", R"({"machine": {"ram": "1G"}, "processes": [{"name": "s", "workload": [
        {"type": "stream", "file": "f", "size": "1G", "rate": "65G/s"}]}]})",
        "processes[0].workload[0].rate", "expected a rate up to \"64G/s\"");
    row("rate 2e11 pages", R"({"machine": {"ram": "1G"}, "processes": [{"name": "s", "workload": [
        {"type": "stream", "file": "f", "size": "1G", "rate": 200000000000}]}]})",
        "processes[0].workload[0].rate", "0..16777216");
    row("access rate too high", R"({"machine": {"ram": "1G"}, "processes": [{"name": "s", "workload": [
        {"type": "working_set", "size": "1M", "access_rate": "100000001/s"}]}]})",
        "processes[0].workload[0].access_rate", "at most 100000000 accesses per second");
    row("duration zero", withMachine(R"("duration": "0")"), "duration", "expected a duration above 0");
    row("duration sub-microsecond", withMachine(R"("duration": "1.5us")"), "duration", "is not a duration");
    row("duration bool", withMachine(R"("duration": true)"), "duration", "is a boolean; expected a duration");

    // machine
    row("machine missing", "{}", "machine", "missing required key; expected an object with keys ram, nodes");
    row("machine not an object", R"({"machine": "4G"})", "machine", "is a string; expected an object");
    row("machine ram and nodes", R"({"machine": {"ram": "1G", "nodes": []}})", "machine",
        "expected exactly one of \"ram\"");
    row("machine without memory", R"({"machine": {}})", "machine", "has neither");
    row("machine unknown key", R"({"machine": {"ram": "1G", "cores": 4}})", "machine.cores",
        "allowed keys: ram, nodes, transparent_hugepage");
    row("ram too small", R"({"machine": {"ram": "32M"}})", "machine.ram", "from \"64M\" to \"4T\"");
    row("ram too large", R"({"machine": {"ram": "5T"}})", "machine.ram", "from \"64M\" to \"4T\"");
    row("ram garbage", R"({"machine": {"ram": "lots"}})", "machine.ram", "binary units K, M, G, T");
    row("ram negative", R"({"machine": {"ram": "-4G"}})", "machine.ram", "is not a size");
    row("ram negative pages", R"({"machine": {"ram": -4}})", "machine.ram", "expected an integer in 0..");
    row("ram lowercase unit", R"({"machine": {"ram": "4g"}})", "machine.ram", "is not a size");
    row("nodes not an array", R"({"machine": {"nodes": {}}})", "machine.nodes",
        "is an object; expected an array");
    row("nodes empty", R"({"machine": {"nodes": []}})", "machine.nodes", "managed_pages > 0");
    row("no managed pages", zone(R"({"name": "Normal", "present_pages": 10, "managed_pages": 0})"),
        "machine.nodes", "managed_pages > 0");
    row("node unknown key", R"({"machine": {"nodes": [{"zones": [], "cpus": 2}]}})", "machine.nodes[0].cpus",
        "allowed keys: zones");
    row("node missing zones", R"({"machine": {"nodes": [{}]}})", "machine.nodes[0].zones",
        "missing required key");
    row("zone unknown name",
        zone(normal + R"(, {"name": "HighMem", "present_pages": 1, "managed_pages": 1})"),
        "machine.nodes[0].zones[1].name", R"(expected one of "DMA", "DMA32", "Normal", "Movable")");
    row("zone name missing", zone(R"({"present_pages": 1, "managed_pages": 1})"),
        "machine.nodes[0].zones[0].name", "missing required key");
    row("zone managed above present",
        zone(normal + R"(, {"name": "DMA32", "present_pages": 10, "managed_pages": 11})"),
        "machine.nodes[0].zones[1].managed_pages",
        "expected managed_pages <= present_pages <= spanned_pages");
    row("zone present above spanned",
        zone(R"({"name": "DMA32", "present_pages": 10, "managed_pages": 1, "spanned_pages": 9})"),
        "machine.nodes[0].zones[0].spanned_pages", "managed_pages <= present_pages <= spanned_pages");
    row("zone missing present", zone(R"({"name": "Normal", "managed_pages": 1})"),
        "machine.nodes[0].zones[0].present_pages", "missing required key");
    row("zone pages as size", zone(R"({"name": "Normal", "present_pages": "4G", "managed_pages": 1})"),
        "machine.nodes[0].zones[0].present_pages", "is a string; expected an integer");
    row("zone negative spanned",
        zone(R"({"name": "Normal", "present_pages": 1, "managed_pages": 1, "spanned_pages": -1})"),
        "machine.nodes[0].zones[0].spanned_pages", "expected an integer in 0..");
    row("zone twice in a node", zone(normal + ", " + normal), "machine.nodes[0].zones[1].name",
        "at most once per node");
    row("zone unknown key", zone(R"({"name": "Normal", "present_pages": 1, "managed_pages": 1, "size": 1})"),
        "machine.nodes[0].zones[0].size", "allowed keys: name, present_pages, managed_pages, spanned_pages");
    row("thp unknown", R"({"machine": {"ram": "1G", "transparent_hugepage": "sometimes"}})",
        "machine.transparent_hugepage", R"(expected one of "always", "madvise", "never")");
    row("scan rate zero", R"({"machine": {"ram": "1G", "reclaim_scan_rate": 0}})",
        "machine.reclaim_scan_rate", "1..10000000");
    row("scan rate as string", R"({"machine": {"ram": "1G", "reclaim_scan_rate": "1000"}})",
        "machine.reclaim_scan_rate", "is a string; expected an integer");
    row("cpus zero", R"({"machine": {"ram": "1G", "cpus": 0}})", "machine.cpus", "1..4096");
    row("page cpu time above a second", R"({"machine": {"ram": "1G", "page_cpu_time": "2s"}})",
        "machine.page_cpu_time", "expected a duration up to 1s");
    row("pageout cpu time above a second", R"({"machine": {"ram": "1G", "pageout_cpu_time": "1001ms"}})",
        "machine.pageout_cpu_time", "expected a duration up to 1s");
    row("pageout cpu time in ms above a second", R"({"machine": {"ram": "1G", "pageout_cpu_time": 2000}})",
        "machine.pageout_cpu_time", "is above 1s");
    row("kernel pages too many", withMachine().replace("}]}]}", R"(}]}], "kernel_pages": 900})"),
        "machine.kernel_pages", "smaller than the managed memory");
    row("disk preset unknown", R"({"machine": {"ram": "1G", "file_disk": {"preset": "floppy"}}})",
        "machine.file_disk.preset", R"(expected one of "ssd", "hdd")");
    row("disk bandwidth garbage", R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "fast"}}})",
        "machine.file_disk.bandwidth", "like \"500M/s\"");
    row("disk bandwidth zero", R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "0M/s"}}})",
        "machine.file_disk.bandwidth", "bandwidth is zero; expected a bandwidth above 0");
    row("disk bandwidth too fast",
        R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "100000000T/s"}}})",
        "machine.file_disk.bandwidth", "\"100000000T/s\" is too fast; expected a bandwidth of at most 16E/s");
    row("disk bandwidth without /s", R"({"machine": {"ram": "1G", "file_disk": {"bandwidth": "500M"}}})",
        "machine.file_disk.bandwidth", "like \"500M/s\"");
    row("disk latency garbage", R"({"machine": {"ram": "1G", "file_disk": {"latency": "soon"}}})",
        "machine.file_disk.latency", "units us, ms, s, m, h");
    row("disk unknown key", R"({"machine": {"ram": "1G", "file_disk": {"iops": 5}}})",
        "machine.file_disk.iops", "allowed keys: preset, latency, bandwidth");
    row("disk not an object", R"({"machine": {"ram": "1G", "file_disk": "ssd"}})", "machine.file_disk",
        "expected an object with keys preset, latency, bandwidth");

    // sysctl
    row("sysctl not an object", withMachine(R"("sysctl": [])"), "sysctl",
        "expected an object mapping sysctl names");
    row("sysctl unknown", withMachine(R"("sysctl": {"vm.swapiness": 10})"), R"(sysctl."vm.swapiness")",
        "unknown sysctl; supported: vm.compact_unevictable_allowed");
    row("sysctl without vm prefix", withMachine(R"("sysctl": {"swappiness": 10})"), "sysctl.swappiness",
        "vm.swappiness");
    row("sysctl out of range", withMachine(R"("sysctl": {"vm.swappiness": 201})"),
        R"(sysctl."vm.swappiness")", "value 201 is out of range; expected an integer in 0..200");
    row("sysctl string value", withMachine(R"("sysctl": {"vm.swappiness": "60"})"),
        R"(sysctl."vm.swappiness")", "is a string; expected an integer");
    row("sysctl array for scalar", withMachine(R"("sysctl": {"vm.swappiness": [60]})"),
        R"(sysctl."vm.swappiness")", "is an array; expected an integer");
    row("sysctl vector too long", withMachine(R"("sysctl": {"vm.lowmem_reserve_ratio": [1, 2, 3, 4, 5, 6]})"),
        R"(sysctl."vm.lowmem_reserve_ratio")", "invalid value; expected an array of 1..5 integers");
    row("sysctl vector element", withMachine(R"("sysctl": {"vm.lowmem_reserve_ratio": [256, 1.5]})"),
        R"(sysctl."vm.lowmem_reserve_ratio"[1])", "expected an integer");
    row("sysctl scale factor zero", withMachine(R"("sysctl": {"vm.watermark_scale_factor": 0})"),
        R"(sysctl."vm.watermark_scale_factor")", "1..3000");
    row("sysctl dirty_bytes too small", withMachine(R"("sysctl": {"vm.dirty_bytes": 100})"),
        R"(sysctl."vm.dirty_bytes")", "value 100 is too small; expected 0 or at least 8192");
    row("sysctl huge value", withMachine(R"("sysctl": {"vm.min_free_kbytes": 18446744073709551615})"),
        R"(sysctl."vm.min_free_kbytes")", "out of range");

    // swap
    row("swap not an array", withMachine(R"("swap": {"size": "1G"})"), "swap", "expected an array");
    row("swap missing size", withMachine(R"("swap": [{"name": "s"}])"), "swap[0].size",
        "missing required key");
    row("swap size zero", withMachine(R"("swap": [{"size": 0}])"), "swap[0].size", "expected a size above 0");
    row("swap priority too low", withMachine(R"("swap": [{"size": "1G", "priority": -2}])"),
        "swap[0].priority", "-1..32767");
    row("swap priority too high", withMachine(R"("swap": [{"size": "1G", "priority": 32768}])"),
        "swap[0].priority", "-1..32767");
    row("swap duplicate name",
        withMachine(R"("swap": [{"name": "s", "size": "1G"}, {"name": "s", "size": "1G"}])"), "swap[1].name",
        "duplicate swap name \"s\"");
    row("swap duplicate default name", withMachine(R"("swap": [{"name": "swap1", "size": 1}, {"size": 1}])"),
        "swap[1]", "duplicate swap name \"swap1\"");
    row("swap empty name", withMachine(R"("swap": [{"name": "", "size": 1}])"), "swap[0].name",
        "non-empty string");
    row("swap disk bad", withMachine(R"("swap": [{"size": 1, "disk": {"preset": "tape"}}])"),
        "swap[0].disk.preset", "\"ssd\", \"hdd\"");
    row("swap unknown key", withMachine(R"("swap": [{"size": 1, "type": "file"}])"), "swap[0].type",
        "allowed keys: name, size, priority, disk");

    // processes
    row("processes not an array", withMachine(R"("processes": {})"), "processes", "expected an array");
    row("process not an object", withMachine(R"("processes": ["a"])"), "processes[0]",
        "is a string; expected an object");
    row("process missing name", withMachine(R"("processes": [{}])"), "processes[0].name",
        "missing required key");
    row("process empty name", withMachine(R"("processes": [{"name": ""}])"), "processes[0].name",
        "non-empty");
    row("process duplicate name", withMachine(R"("processes": [{"name": "a"}, {"name": "a"}])"),
        "processes[1].name", "duplicate process name \"a\"");
    row("process pid 1", withMachine(R"("processes": [{"name": "a", "pid": 1}])"), "processes[0].pid",
        "2..4194304");
    row("process duplicate pid",
        withMachine(R"("processes": [{"name": "a", "pid": 5}, {"name": "b", "pid": 5}])"), "processes[1].pid",
        "duplicate pid 5");
    row("process uid negative", withMachine(R"("processes": [{"name": "a", "uid": -1}])"), "processes[0].uid",
        "0..4294967295");
    row("process oom_score_adj", withMachine(R"("processes": [{"name": "a", "oom_score_adj": 1001}])"),
        "processes[0].oom_score_adj", "-1000..1000");
    row("process start garbage", withMachine(R"("processes": [{"name": "a", "start": "later"}])"),
        "processes[0].start", "is not a duration");
    row("process exit before start",
        withMachine(R"("processes": [{"name": "a", "start": "2s", "exit": "2s"}])"), "processes[0].exit",
        "expected a duration greater than start");
    row("process node missing", withMachine(R"("processes": [{"name": "a", "node": 1}])"),
        "processes[0].node", "0..0 (the machine has 1 node(s))");
    row("process unknown key", withMachine(R"("processes": [{"name": "a", "memory": "1G"}])"),
        "processes[0].memory",
        "allowed keys: name, pid, uid, oom_score_adj, start, exit, node, cgroup, workload");
    row("workload not an array", withMachine(R"("processes": [{"name": "a", "workload": {}}])"),
        "processes[0].workload", "expected an array");

    // workload
    row("workload missing type", withWorkload(R"({"size": 1})"), "processes[0].workload[0].type",
        R"(missing required key; expected one of "anon", "working_set", "stream")");
    row("workload unknown type", withWorkload(R"({"type": "fork", "size": 1})"),
        "processes[0].workload[0].type", R"("file_set", "write", "exec", "mlock")");
    row("anon with access_rate", withWorkload(R"({"type": "anon", "size": 1, "access_rate": 5})"),
        "processes[0].workload[0].access_rate", "allowed keys: type, start, stop, size, rate");
    row("anon missing size", withWorkload(R"({"type": "anon"})"), "processes[0].workload[0].size",
        "missing required key");
    row("anon size zero", withWorkload(R"({"type": "anon", "size": "0M"})"), "processes[0].workload[0].size",
        "above 0");
    row("anon rate garbage", withWorkload(R"({"type": "anon", "size": 1, "rate": "fast"})"),
        "processes[0].workload[0].rate", "like \"200M/s\"");
    row("anon rate without /s", withWorkload(R"({"type": "anon", "size": 1, "rate": "1G"})"),
        "processes[0].workload[0].rate", "is not a rate");
    row("anon rate negative", withWorkload(R"({"type": "anon", "size": 1, "rate": -5})"),
        "processes[0].workload[0].rate", "pages per second");
    row("stream missing file", withWorkload(R"({"type": "stream", "size": 1, "rate": 1})"),
        "processes[0].workload[0].file", "missing required key");
    row("stream missing rate", withWorkload(R"({"type": "stream", "file": "f", "size": 1})"),
        "processes[0].workload[0].rate", "missing required key");
    row("write rate zero", withWorkload(R"({"type": "write", "file": "f", "size": 1, "rate": "0/s"})"),
        "processes[0].workload[0].rate", "expected a rate above 0");
    row("working_set missing access_rate", withWorkload(R"({"type": "working_set", "size": 1})"),
        "processes[0].workload[0].access_rate", "missing required key");
    row("working_set with rate",
        withWorkload(R"({"type": "working_set", "size": 1, "access_rate": 1, "rate": 1})"),
        "processes[0].workload[0].rate", "allowed keys: type, start, stop, size, file, access_rate");
    row("access rate with unit",
        withWorkload(R"({"type": "file_set", "file": "f", "size": 1, "access_rate": "50K/s"})"),
        "processes[0].workload[0].access_rate", "like \"50000/s\"");
    row("access rate zero", withWorkload(R"({"type": "exec", "file": "f", "size": 1, "access_rate": 0})"),
        "processes[0].workload[0].access_rate", "at least 1 access per second");
    row("mlock with file", withWorkload(R"({"type": "mlock", "size": 1, "file": "f"})"),
        "processes[0].workload[0].file", "allowed keys: type, start, stop, size");
    row("workload stop before start",
        withWorkload(R"({"type": "mlock", "size": 1, "start": "2s", "stop": "1s"})"),
        "processes[0].workload[0].stop", "greater than start");
    row("file empty name", withWorkload(R"({"type": "exec", "file": "", "size": 1, "access_rate": 1})"),
        "processes[0].workload[0].file", "non-empty string");
    row("zone unknown", withWorkload(R"({"type": "anon", "size": 1, "zone": "normal"})"),
        "processes[0].workload[0].zone", R"("normal" is not allowed; expected one of "movable", "dma32")");
    row("zone in kernel spelling", withWorkload(R"({"type": "mlock", "size": 1, "zone": "DMA32"})"),
        "processes[0].workload[0].zone", R"("DMA32" is not allowed; expected one of "movable", "dma32")");
    row("zone not a string", withWorkload(R"({"type": "anon", "size": 1, "zone": 32})"),
        "processes[0].workload[0].zone", R"(is an integer; expected one of "movable", "dma32")");
    row("working_set with zone",
        withWorkload(R"({"type": "working_set", "size": 1, "access_rate": 1, "zone": "dma32"})"),
        "processes[0].workload[0].zone",
        "not a key of workload type \"working_set\"; allowed keys: type, start, stop, size, file, "
        "access_rate, "
        "pattern");
    row("anon with pattern", withWorkload(R"({"type": "anon", "size": 1, "pattern": "sequential"})"),
        "processes[0].workload[0].pattern", "allowed keys: type, start, stop, size, rate, zone");
    row("stream with pattern",
        withWorkload(R"({"type": "stream", "file": "f", "size": 1, "rate": 1, "pattern": "sequential"})"),
        "processes[0].workload[0].pattern", "allowed keys: type, start, stop, size, file, rate");
    row("pattern unknown",
        withWorkload(R"({"type": "working_set", "size": 1, "access_rate": 1, "pattern": "strided"})"),
        "processes[0].workload[0].pattern",
        R"("strided" is not allowed; expected one of "random", "sequential")");
    row("pattern null",
        withWorkload(R"({"type": "working_set", "size": 1, "access_rate": 1, "pattern": null})"),
        "processes[0].workload[0].pattern", R"(is null; expected one of "random", "sequential")");
    row("sequential file working set",
        withWorkload(
            R"({"type": "working_set", "size": 1, "access_rate": 1, "file": "f", "pattern": "sequential"})"),
        "processes[0].workload[0].pattern",
        R"("sequential" is for anonymous memory, and this working set maps a file; expected "random" with "file")");
    row("file sizes differ", withWorkload(R"({"type": "stream", "file": "f", "size": "1M", "rate": 1},
                        {"type": "file_set", "file": "f", "size": "2M", "access_rate": 1})"),
        "processes[0].workload[1].size", "256 pages at processes[0].workload[0].size");

    // events
    row("events not an array", withMachine(R"("events": {"at": "1s"})"), "events",
        "is an object; expected an array");
    row("event missing at", event(R"({"kill": "a"})"), "events[0].at", "missing required key");
    row("event at negative", event(R"({"at": -1, "kill": "a"})"), "events[0].at",
        "expected an integer in 0..");
    row("event without action", event(R"({"at": "1s"})"), "events[0]",
        "has no action; expected exactly one of sysctl, oom_score_adj, start, kill, drop_caches, swapoff, "
        "swapon");
    row("event with two actions", event(R"({"at": "1s", "kill": "a", "drop_caches": 3})"), "events[0]",
        "has several actions (kill, drop_caches)");
    row("event unknown key", event(R"({"at": "1s", "reboot": true})"), "events[0].reboot",
        "allowed keys: at, sysctl, oom_score_adj");
    row("event unknown sysctl", event(R"({"at": "1s", "sysctl": {"vm.foo": 1}})"),
        R"(events[0].sysctl."vm.foo")", "supported: vm.compact_unevictable_allowed");
    row("event sysctl empty", event(R"({"at": "1s", "sysctl": {}})"), "events[0].sysctl",
        "at least one sysctl");
    row("event kill unknown", event(R"({"at": "1s", "kill": "b"})"), "events[0].kill",
        "unknown process \"b\"; expected a process from processes[] or started by an earlier event: \"a\"");
    row("event kill before start",
        event(R"({"at": "2s", "start": {"name": "b"}}, {"at": "1s", "kill": "b"})"), "events[1].kill",
        "unknown process \"b\"");
    row("event oom_score_adj unknown",
        event(R"({"at": "1s", "oom_score_adj": {"process": "b", "value": 1}})"),
        "events[0].oom_score_adj.process", "earlier event");
    row("event oom_score_adj range",
        event(R"({"at": "1s", "oom_score_adj": {"process": "a", "value": 2000}})"),
        "events[0].oom_score_adj.value", "-1000..1000");
    row("event oom_score_adj missing value", event(R"({"at": "1s", "oom_score_adj": {"process": "a"}})"),
        "events[0].oom_score_adj.value", "missing required key");
    row("event drop_caches 4", event(R"({"at": "1s", "drop_caches": 4})"), "events[0].drop_caches", "1..3");
    row("event swapoff unknown", event(R"({"at": "1s", "swapoff": "t"})"), "events[0].swapoff",
        "expected a device from swap[] or an earlier swapon: \"s\"");
    row("event swapon active", event(R"({"at": "1s", "swapon": {"name": "s", "size": 1}})"),
        "events[0].swapon.name", "already active");
    row("event swapon missing size", event(R"({"at": "1s", "swapon": {"name": "t"}})"),
        "events[0].swapon.size", "missing required key");
    row("event start duplicate", event(R"({"at": "1s", "start": {"name": "a"}})"), "events[0].start.name",
        "duplicate process name \"a\"");
    row("event start bad node", event(R"({"at": "1s", "start": {"name": "b", "node": 3}})"),
        "events[0].start.node", "0..0");
    row("event kill not a string", event(R"({"at": "1s", "kill": 5})"), "events[0].kill", "is an integer");
}

void TestScenario::parseError()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const ParseResult result = parseScenario(json.toStdString());
    QVERIFY(!result.scenario.has_value());
    const QString error = QString::fromStdString(result.error);
    QVERIFY2(error.startsWith(path + QLatin1String(": ")), qPrintable(error));
    QVERIFY2(error.contains(fragment), qPrintable(error));
    QVERIFY2(
        error.contains(QLatin1String("; ")) || error.startsWith(QLatin1String("line ")), qPrintable(error));
    QVERIFY(!error.contains(QLatin1Char('\n')));
}

void TestScenario::sizeAndDuration_data()
{
    QTest::addColumn<bool>("isSize");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qlonglong>("expected"); // pages or microseconds

    const auto size = [](const char* text, bool valid, qlonglong pages) {
        QTest::addRow("size \"%s\"", text) << true << QString::fromUtf8(text) << valid << pages;
    };
    const auto duration = [](const char* text, bool valid, qlonglong micros) {
        QTest::addRow("duration \"%s\"", text) << false << QString::fromUtf8(text) << valid << micros;
    };
    size("512M", true, 131072);
    size("4G", true, 1048576);
    size("64K", true, 16);
    size("1T", true, 268435456);
    size("1.5G", true, 393216);
    size("4GiB", true, 1048576);
    size("4GB", true, 1048576);
    size("1KiB", true, 1);
    size("1K", true, 1); // rounded up to a whole page
    size("5K", true, 2);
    size("0.5K", true, 1);
    size("4.0001K", true, 2);
    size("100", true, 100);
    size("0", true, 0);
    size("0M", true, 0);
    size("4503599627370496", true, 4503599627370496LL); // 2^52 pages = 16 EiB
    size("16777216T", true, 4503599627370496LL);
    size("16777217T", false, 0);
    size("4503599627370497", false, 0);
    size("99999999999999999999999T", false, 0);
    size("", false, 0);
    size("-1G", false, 0);
    size("G", false, 0);
    size("1.5", false, 0);
    size("1X", false, 0);
    size("1g", false, 0);
    size("1 G", false, 0);
    size(" 1G", false, 0);
    size("1G ", false, 0);
    size("1.G", false, 0);
    size(".5G", false, 0);
    size("1e3", false, 0);
    size("1Ki", false, 0);
    size("1GiBB", false, 0);
    size("0x10", false, 0);

    duration("2s", true, 2000000);
    duration("500ms", true, 500000);
    duration("1.5s", true, 1500000);
    duration("2m", true, 120000000);
    duration("1h", true, 3600000000LL);
    duration("100us", true, 100);
    duration("0.001ms", true, 1);
    duration("0", true, 0);
    duration("0.0s", true, 0);
    duration("9223372036854775807us", true, 9223372036854775807LL);
    duration("9223372036854775808us", false, 0);
    duration("99999999999h", false, 0);
    duration("0.5us", false, 0);
    duration("5", false, 0);
    duration("", false, 0);
    duration("-1s", false, 0);
    duration("1S", false, 0);
    duration("1 s", false, 0);
    duration("s", false, 0);
    duration("1.s", false, 0);
    duration("1sec", false, 0);
}

void TestScenario::sizeAndDuration()
{
    QFETCH(bool, isSize);
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qlonglong, expected);
    if (isSize) {
        const auto pages = parseSize(text.toStdString());
        QCOMPARE(pages.has_value(), valid);
        if (valid)
            QCOMPARE(static_cast<qlonglong>(*pages), expected);
    } else {
        const auto micros = parseDuration(text.toStdString());
        QCOMPARE(micros.has_value(), valid);
        if (valid)
            QCOMPARE(static_cast<qlonglong>(*micros), expected);
    }
}

void TestScenario::zoneNames_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("name");
    QTest::newRow("DMA") << 0 << QStringLiteral("DMA");
    QTest::newRow("DMA32") << 1 << QStringLiteral("DMA32");
    QTest::newRow("Normal") << 2 << QStringLiteral("Normal");
    QTest::newRow("Movable") << 3 << QStringLiteral("Movable");
    QTest::newRow("Device") << 4 << QStringLiteral("Device");
}

void TestScenario::zoneNames()
{
    QFETCH(int, type);
    QFETCH(QString, name);
    QCOMPARE(QLatin1String(zoneTypeName(static_cast<ZoneType>(type))), name);
}

void TestScenario::loadFile_data()
{
    QTest::addColumn<QString>("kind"); // "missing", "directory" or "file"
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedError"); // after "<path>: "; empty when the file is valid

    QTest::newRow("missing") << QStringLiteral("missing") << QByteArray()
                             << QStringLiteral("cannot read: No such file or directory");
    QTest::newRow("directory") << QStringLiteral("directory") << QByteArray()
                               << QStringLiteral("cannot read: Is a directory");
    QTest::newRow("invalid JSON") << QStringLiteral("file") << QByteArray("{")
                                  << QStringLiteral("line 1, column 2");
    QTest::newRow("bad value") << QStringLiteral("file") << QByteArray(R"({"machine": {"ram": "1X"}})")
                               << QStringLiteral("machine.ram: ");
    QTest::newRow("valid") << QStringLiteral("file") << kRichScenario << QString();
}

void TestScenario::loadFile()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedError);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(QStringLiteral("scenario.json"));
    if (kind == QLatin1String("directory")) {
        path = dir.path();
    } else if (kind == QLatin1String("file")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }
    const ParseResult result = loadScenarioFile(path.toStdString());
    if (expectedError.isEmpty()) {
        QVERIFY2(result.scenario.has_value(), result.error.c_str());
        return;
    }
    QVERIFY(!result.scenario.has_value());
    const QString error = QString::fromStdString(result.error);
    QVERIFY2(error.startsWith(path + QLatin1String(": ") + expectedError), qPrintable(error));
}

void TestScenario::truncation_data()
{
    QTest::addColumn<QByteArray>("json");
    for (qsizetype length = 0; length < kRichScenario.size(); ++length)
        QTest::addRow("first %lld bytes", static_cast<long long>(length)) << kRichScenario.left(length);
}

void TestScenario::truncation()
{
    QFETCH(QByteArray, json);
    const ParseResult result = parseScenario(json.toStdString());
    checkOutcome(result);
    QVERIFY2(!result.scenario.has_value(), "a strict prefix of the scenario is never a complete document");
}

void TestScenario::mutation_data()
{
    QTest::addColumn<QByteArray>("json");
    // Bytes that steer the parser into interesting places, plus arbitrary bytes.
    const QByteArray interesting = QByteArrayLiteral("{}[]\":,.-+0123456789eE \\/nt\x00\xff\xc3");
    std::mt19937 rng(20240601U);
    const auto pick = [&rng](qsizetype size) {
        return static_cast<qsizetype>(std::uniform_int_distribution<long long>(0, size - 1)(rng));
    };
    for (int row = 0; row < 600; ++row) {
        QByteArray text = kRichScenario;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !text.isEmpty(); ++e) {
            const qsizetype at = pick(text.size());
            const char byte =
                rng() % 2 ? interesting.at(pick(interesting.size())) : static_cast<char>(rng() & 0xff);
            switch (rng() % 4) {
            case 0:
                text[at] = byte;
                break;
            case 1:
                text.insert(at, byte);
                break;
            case 2:
                text.remove(at, 1 + pick(8));
                break;
            default:
                text.insert(at, text.mid(pick(text.size()), pick(32))); // duplicate a random slice
                break;
            }
        }
        QTest::addRow("mutation %d", row) << text;
    }
}

void TestScenario::mutation()
{
    QFETCH(QByteArray, json);
    checkOutcome(parseScenario(json.toStdString()));
}

void TestScenario::scenarioFiles_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(RLAB_SCENARIO_DIR));
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QTest::newRow("none") << QString();
    for (const QString& file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestScenario::scenarioFiles()
{
    QFETCH(QString, path);
    if (path.isEmpty())
        QSKIP("no scenario files in " RLAB_SCENARIO_DIR " yet");
    const ParseResult result = loadScenarioFile(path.toStdString());
    QVERIFY2(result.scenario.has_value(), result.error.c_str());
}

void TestScenario::schemaSysctls_data()
{
    QTest::addColumn<QString>("name");
    for (const SysctlInfo& info : sysctlTable())
        QTest::newRow(info.name.data())
            << QString::fromLatin1(info.name.data(), static_cast<qsizetype>(info.name.size()));
    QTest::newRow("no other names") << QString();
}

void TestScenario::schemaSysctls()
{
    // resources/scenario.schema.json repeats the sysctl table for editors; it must not drift from the engine.
    QFETCH(QString, name);
    QFile file(QStringLiteral(RLAB_SOURCE_DIR "/resources/scenario.schema.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error {};
    const QJsonDocument schema = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(!schema.isNull(), qPrintable(error.errorString()));
    const QJsonObject properties =
        schema[QLatin1String("$defs")][QLatin1String("sysctl")][QLatin1String("properties")].toObject();
    if (name.isEmpty()) {
        QCOMPARE(properties.size(), static_cast<qsizetype>(sysctlTable().size()));
        return;
    }
    const SysctlInfo* info = findSysctl(name.toStdString());
    QVERIFY(info);
    QVERIFY2(properties.contains(name), qPrintable(name));
    QJsonObject integer = properties[name].toObject();
    if (info->vector) {
        const QJsonArray choices = integer[QLatin1String("oneOf")].toArray();
        QCOMPARE(choices.size(), 2);
        QCOMPARE(choices[1][QLatin1String("maxItems")].toInt(), kMaxNrZones);
        integer = choices[0].toObject();
    }
    QCOMPARE(integer[QLatin1String("type")].toString(), QStringLiteral("integer"));
    QCOMPARE(integer[QLatin1String("minimum")].toInteger(), info->min);
    QCOMPARE(integer[QLatin1String("maximum")].toInteger(), info->max);
}

void TestScenario::documentedExamples_data()
{
    // docs/scenario-format.md promises that every ```json block is a complete, valid scenario.
    QTest::addColumn<QByteArray>("json");
    QFile file(QStringLiteral(RLAB_SOURCE_DIR "/docs/scenario-format.md"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    const QByteArray open = "\n```json\n";
    int count = 0;
    for (qsizetype at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + 1)) {
        const qsizetype begin = at + open.size();
        const qsizetype end = text.indexOf("\n```", begin);
        QVERIFY(end > begin);
        QTest::addRow("example %d", ++count) << text.mid(begin, end - begin);
    }
    QVERIFY(count > 0);
}

void TestScenario::documentedExamples()
{
    QFETCH(QByteArray, json);
    const ParseResult result = parseScenario(json.toStdString());
    QVERIFY2(result.scenario.has_value(), result.error.c_str());
}

QTEST_APPLESS_MAIN(TestScenario)
#include "tst_scenario.moc"
