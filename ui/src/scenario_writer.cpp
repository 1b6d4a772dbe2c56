// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenario_writer.h"

#include "rlab/engine/gfp.h"

#include <rlab/engine/tunables.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace rlab::ui {

namespace {

using namespace rlab::engine;

QJsonValue duration(Tick us)
{
    return QJsonValue(QString::number(us) + QStringLiteral("us"));
}

QJsonValue pages(Pages p)
{
    return static_cast<qint64>(p);
}

QString str(const std::string& s)
{
    return QString::fromStdString(s);
}

QJsonObject disk(const DiskSpec& d)
{
    // Bandwidth is kept as pages per ms: write it in KiB per second, which reads back exactly.
    return QJsonObject {
        { QStringLiteral("latency"), duration(d.latency) },
        { QStringLiteral("bandwidth"),
            QString(QString::number(d.pagesPerSecond * 4) + QStringLiteral("K/s")) },
    };
}

QJsonObject swapObject(const SwapSpec& s)
{
    QJsonObject o { { QStringLiteral("name"), str(s.name) }, { QStringLiteral("size"), pages(s.size) },
        { QStringLiteral("disk"), disk(s.disk) } };
    if (s.priority)
        o.insert(QStringLiteral("priority"), *s.priority);
    return o;
}

QString workloadType(WorkloadKind kind)
{
    switch (kind) {
    case WorkloadKind::Anon:
        return QStringLiteral("anon");
    case WorkloadKind::WorkingSet:
        return QStringLiteral("working_set");
    case WorkloadKind::Stream:
        return QStringLiteral("stream");
    case WorkloadKind::FileSet:
        return QStringLiteral("file_set");
    case WorkloadKind::Write:
        return QStringLiteral("write");
    case WorkloadKind::Exec:
        return QStringLiteral("exec");
    case WorkloadKind::Mlock:
        return QStringLiteral("mlock");
    case WorkloadKind::KernelAlloc:
        return QStringLiteral("kernel_alloc");
    }
    return QStringLiteral("anon");
}

QJsonObject workloadObject(const WorkloadSpec& w)
{
    QJsonObject o { { QStringLiteral("type"), workloadType(w.kind) },
        { QStringLiteral("size"), pages(w.size) } };
    if (w.start != 0)
        o.insert(QStringLiteral("start"), duration(w.start));
    if (w.stop)
        o.insert(QStringLiteral("stop"), duration(*w.stop));
    const auto rate = static_cast<qint64>(w.ratePagesPerSec);
    const auto access = static_cast<qint64>(w.accessesPerSec);
    switch (w.kind) {
    case WorkloadKind::Anon:
        if (w.ratePagesPerSec > 0)
            o.insert(QStringLiteral("rate"), rate);
        if (w.zone == engine::ZoneType::Dma32)
            o.insert(QStringLiteral("zone"), QStringLiteral("dma32"));
        break;
    case WorkloadKind::WorkingSet:
        o.insert(QStringLiteral("access_rate"), access);
        if (w.fileBacked)
            o.insert(QStringLiteral("file"), str(w.file));
        if (w.pattern == engine::AccessPattern::Sequential)
            o.insert(QStringLiteral("pattern"), QStringLiteral("sequential"));
        break;
    case WorkloadKind::Stream:
    case WorkloadKind::Write:
        o.insert(QStringLiteral("file"), str(w.file));
        o.insert(QStringLiteral("rate"), rate);
        break;
    case WorkloadKind::FileSet:
    case WorkloadKind::Exec:
        o.insert(QStringLiteral("file"), str(w.file));
        o.insert(QStringLiteral("access_rate"), access);
        break;
    case WorkloadKind::Mlock:
        if (w.zone == engine::ZoneType::Dma32)
            o.insert(QStringLiteral("zone"), QStringLiteral("dma32"));
        break;
    case WorkloadKind::KernelAlloc:
        o.insert(QStringLiteral("rate"), rate);
        o.insert(QStringLiteral("order"), w.order);
        o.insert(QStringLiteral("gfp"), QString::fromStdString(engine::gfp::names(w.gfp)));
        if (w.lifetime)
            o.insert(QStringLiteral("lifetime"), duration(*w.lifetime));
        if (w.keepEvery)
            o.insert(QStringLiteral("keep_every"), static_cast<qint64>(w.keepEvery));
        break;
    }
    if (w.madvise == engine::HugepageAdvice::Hugepage)
        o.insert(QStringLiteral("madvise"), QStringLiteral("hugepage"));
    else if (w.madvise == engine::HugepageAdvice::NoHugepage)
        o.insert(QStringLiteral("madvise"), QStringLiteral("nohugepage"));
    return o;
}

QJsonObject processObject(const ProcessSpec& p)
{
    QJsonObject o { { QStringLiteral("name"), str(p.name) } };
    if (p.pid)
        o.insert(QStringLiteral("pid"), *p.pid);
    if (p.uid != 0)
        o.insert(QStringLiteral("uid"), static_cast<qint64>(p.uid));
    if (p.oomScoreAdj != 0)
        o.insert(QStringLiteral("oom_score_adj"), p.oomScoreAdj);
    if (p.start != 0)
        o.insert(QStringLiteral("start"), duration(p.start));
    if (p.exit)
        o.insert(QStringLiteral("exit"), duration(*p.exit));
    if (p.node != 0)
        o.insert(QStringLiteral("node"), static_cast<qint64>(p.node));
    if (p.cgroup != "/")
        o.insert(QStringLiteral("cgroup"), str(p.cgroup));
    QJsonArray workload;
    for (const auto& w : p.workload)
        workload.append(workloadObject(w));
    o.insert(QStringLiteral("workload"), workload);
    return o;
}

QJsonValue sysctlValue(const SysctlInfo& info, const std::vector<std::int64_t>& values)
{
    if (!info.vector && values.size() == 1)
        return static_cast<qint64>(values.front());
    QJsonArray a;
    for (const auto v : values)
        a.append(static_cast<qint64>(v));
    return a;
}

QJsonObject machineObject(const MachineSpec& m)
{
    QJsonObject o;
    if (m.ram) {
        o.insert(QStringLiteral("ram"), pages(*m.ram));
    } else {
        QJsonArray nodes;
        for (const auto& node : m.nodes) {
            QJsonArray zones;
            for (const auto& z : node.zones) {
                if (z.present == 0 && z.managed == 0 && z.spanned == 0)
                    continue;
                zones.append(QJsonObject {
                    { QStringLiteral("name"), QString::fromLatin1(zoneTypeName(z.type)) },
                    { QStringLiteral("spanned_pages"), pages(std::max(z.spanned, z.present)) },
                    { QStringLiteral("present_pages"), pages(z.present) },
                    { QStringLiteral("managed_pages"), pages(z.managed) },
                });
            }
            nodes.append(QJsonObject { { QStringLiteral("zones"), zones } });
        }
        o.insert(QStringLiteral("nodes"), nodes);
    }
    o.insert(
        QStringLiteral("transparent_hugepage"), QLatin1String(engine::thpModeName(m.transparentHugepage)));
    o.insert(
        QStringLiteral("transparent_hugepage_defrag"), QLatin1String(engine::thpDefragName(m.thpDefrag)));
    const engine::KhugepagedSpec& khugepaged = m.khugepaged;
    o.insert(QStringLiteral("khugepaged"),
        QJsonObject {
            { QStringLiteral("pages_to_scan"), static_cast<qint64>(khugepaged.pagesToScan) },
            { QStringLiteral("scan_sleep_millisecs"), static_cast<qint64>(khugepaged.scanSleepMillisecs) },
            { QStringLiteral("alloc_sleep_millisecs"), static_cast<qint64>(khugepaged.allocSleepMillisecs) },
            { QStringLiteral("defrag"), khugepaged.defrag ? 1 : 0 },
            { QStringLiteral("max_ptes_none"), static_cast<qint64>(khugepaged.maxPtesNone) },
        });
    if (m.kernelPages)
        o.insert(QStringLiteral("kernel_pages"), pages(*m.kernelPages));
    o.insert(QStringLiteral("reclaim_scan_rate"), static_cast<qint64>(m.reclaimScanPagesPerMs));
    if (m.cpus)
        o.insert(QStringLiteral("cpus"), static_cast<qint64>(m.cpus));
    if (m.pageCpuTime)
        o.insert(QStringLiteral("page_cpu_time"), duration(m.pageCpuTime));
    if (m.pageoutCpuTime)
        o.insert(QStringLiteral("pageout_cpu_time"), duration(m.pageoutCpuTime));
    o.insert(QStringLiteral("file_disk"), disk(m.fileDisk));
    return o;
}

/// A memory limit file's value: "max", or pages.
QJsonValue limitValue(Pages p)
{
    if (p >= engine::kPageCounterMax)
        return QStringLiteral("max");
    return pages(p);
}

/// The files of a cgroup object or a cgroup event that are set, in the order a write applies them.
void insertCgroupFiles(QJsonObject& o, const engine::SetCgroup& files)
{
    const auto put = [&o](const char* key, const std::optional<Pages>& value) {
        if (value)
            o.insert(QLatin1String(key), limitValue(*value));
    };
    put("memory.max", files.max);
    put("memory.high", files.high);
    put("memory.low", files.low);
    put("memory.min", files.min);
    put("memory.swap.max", files.swapMax);
    if (files.oomGroup)
        o.insert(QStringLiteral("memory.oom.group"), *files.oomGroup ? 1 : 0);
    put("memory.reclaim", files.reclaim);
}

/// One event object per command; a sysctl write becomes its own event so that writes at one instant
/// keep their order (a JSON object would sort its keys).
QJsonObject eventObject(const TimedCommand& tc)
{
    QJsonObject o { { QStringLiteral("at"), duration(tc.at) } };
    const Command& c = tc.command;
    if (const auto* set = std::get_if<SetSysctl>(&c)) {
        QJsonObject sysctl;
        if (const SysctlInfo* info = findSysctl(set->write.name))
            sysctl.insert(str(set->write.name), sysctlValue(*info, set->write.values));
        o.insert(QStringLiteral("sysctl"), sysctl);
    } else if (const auto* adj = std::get_if<SetOomScoreAdj>(&c)) {
        o.insert(QStringLiteral("oom_score_adj"),
            QJsonObject { { QStringLiteral("process"), str(adj->process) },
                { QStringLiteral("value"), adj->oomScoreAdj } });
    } else if (const auto* start = std::get_if<StartProcess>(&c)) {
        o.insert(QStringLiteral("start"), processObject(start->process));
    } else if (const auto* kill = std::get_if<KillProcess>(&c)) {
        o.insert(QStringLiteral("kill"), str(kill->process));
    } else if (const auto* drop = std::get_if<DropCaches>(&c)) {
        o.insert(QStringLiteral("drop_caches"), drop->mode);
    } else if (const auto* off = std::get_if<Swapoff>(&c)) {
        o.insert(QStringLiteral("swapoff"), str(off->device));
    } else if (const auto* on = std::get_if<Swapon>(&c)) {
        o.insert(QStringLiteral("swapon"), swapObject(on->device));
    } else if (const auto* thp = std::get_if<SetThp>(&c)) {
        QJsonObject files;
        if (thp->enabled)
            files.insert(QStringLiteral("enabled"), QLatin1String(engine::thpModeName(*thp->enabled)));
        if (thp->defrag)
            files.insert(QStringLiteral("defrag"), QLatin1String(engine::thpDefragName(*thp->defrag)));
        o.insert(QStringLiteral("transparent_hugepage"), files);
    } else if (const auto* cgroup = std::get_if<engine::SetCgroup>(&c)) {
        QJsonObject files { { QStringLiteral("path"), str(cgroup->path) } };
        insertCgroupFiles(files, *cgroup);
        o.insert(QStringLiteral("cgroup"), files);
    } else if (const auto* move = std::get_if<engine::MoveProcess>(&c)) {
        o.insert(QStringLiteral("move"),
            QJsonObject { { QStringLiteral("process"), str(move->process) },
                { QStringLiteral("cgroup"), str(move->cgroup) } });
    }
    return o;
}

} // namespace

QByteArray scenarioToJson(const Scenario& s, const std::vector<TimedCommand>& liveChanges)
{
    QJsonObject root;
    root.insert(QStringLiteral("name"), str(s.name));
    if (!s.description.empty())
        root.insert(QStringLiteral("description"), str(s.description));
    root.insert(QStringLiteral("seed"), static_cast<qint64>(s.seed));
    if (s.duration)
        root.insert(QStringLiteral("duration"), duration(*s.duration));
    root.insert(QStringLiteral("machine"), machineObject(s.machine));

    // The top-level object loses the order of writes, so write each sysctl's final value. Of the pairs
    // that zero each other (dirty_bytes/dirty_ratio), only the one in force is written.
    Tunables t;
    std::vector<std::string> names;
    for (const auto& w : s.sysctls) {
        if (const SysctlInfo* info = findSysctl(w.name)) {
            writeSysctl(t, *info, w.values);
            if (std::find(names.begin(), names.end(), w.name) == names.end())
                names.push_back(w.name);
        }
    }
    QJsonObject sysctl;
    for (const auto& name : names) {
        const SysctlInfo* info = findSysctl(name);
        const auto values = readSysctl(t, name);
        // Writing 0 to a *_bytes sysctl leaves its ratio alone, and *_bytes sorts first: safe either way.
        if ((name == "vm.dirty_ratio" && t.dirtyBytes != 0)
            || (name == "vm.dirty_background_ratio" && t.dirtyBackgroundBytes != 0))
            continue;
        sysctl.insert(str(name), sysctlValue(*info, values));
    }
    if (!sysctl.isEmpty())
        root.insert(QStringLiteral("sysctl"), sysctl);

    QJsonArray swap;
    for (const auto& dev : s.swap)
        swap.append(swapObject(dev));
    if (!swap.isEmpty())
        root.insert(QStringLiteral("swap"), swap);

    QJsonArray cgroups;
    for (const auto& spec : s.cgroups) {
        // Every file is written, defaults included: the tree reads back as it was.
        const engine::CgroupLimits& l = spec.limits;
        QJsonObject o { { QStringLiteral("path"), str(spec.path) } };
        insertCgroupFiles(o,
            engine::SetCgroup {
                spec.path, l.max, l.high, l.low, l.min, l.swapMax, l.oomGroup, std::nullopt });
        cgroups.append(o);
    }
    if (!cgroups.isEmpty())
        root.insert(QStringLiteral("cgroups"), cgroups);

    QJsonArray processes;
    for (const auto& p : s.processes)
        processes.append(processObject(p));
    root.insert(QStringLiteral("processes"), processes);

    std::vector<TimedCommand> events = s.events;
    events.insert(events.end(), liveChanges.begin(), liveChanges.end());
    std::stable_sort(events.begin(), events.end(),
        [](const TimedCommand& a, const TimedCommand& b) { return a.at < b.at; });
    QJsonArray eventArray;
    for (const auto& e : events)
        eventArray.append(eventObject(e));
    if (!eventArray.isEmpty())
        root.insert(QStringLiteral("events"), eventArray);

    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace rlab::ui
