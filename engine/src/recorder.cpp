// SPDX-License-Identifier: GPL-3.0-or-later
#include "detail/assert.h"

#include <rlab/engine/proc_format.h>
#include <rlab/engine/psi.h>
#include <rlab/engine/recorder.h>

#include <algorithm>
#include <iterator>
#include <utility>

namespace rlab::engine {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

} // namespace

SeriesLayout seriesLayout(const Simulator& sim, const Scenario& scenario)
{
    SeriesLayout layout;
    const bool severalNodes = sim.nodes().size() > 1;
    for (std::size_t n = 0; n < sim.nodes().size(); ++n) {
        const Node& node = sim.nodes()[n];
        layout.nodeIds.push_back(node.id);
        for (std::size_t z = 0; z < node.zones.size(); ++z) {
            if (!node.zones[z].isManaged())
                continue;
            layout.zones.push_back({ n, z,
                (severalNodes ? "node" + std::to_string(node.id) + "_" : std::string())
                    + lower(zoneTypeName(static_cast<ZoneType>(z))) });
        }
    }
    for (const ProcessSpec& p : scenario.processes)
        layout.processNames.push_back(p.name);
    for (const TimedCommand& cmd : scenario.events) {
        if (const auto* start = std::get_if<StartProcess>(&cmd.command))
            layout.processNames.push_back(start->process.name);
    }
    return layout;
}

bool anyKswapdRunning(const Simulator& sim)
{
    return std::any_of(sim.nodes().begin(), sim.nodes().end(),
        [](const Node& node) { return node.kswapd.state == KswapdState::Running; });
}

Sample takeSample(const Simulator& sim, const SeriesLayout& layout, double kswapdDuty)
{
    Sample s;
    s.at = sim.now();
    for (const auto& column : layout.zones) {
        const Zone& zone = sim.nodes()[column.node].zones[column.zone];
        s.zones.push_back({ zone.freePages(), zone.minWmark(), zone.lowWmark(), zone.highWmark() });
    }
    for (const Node& node : sim.nodes()) {
        for (std::size_t l = 0; l < s.lru.size(); ++l)
            s.lru[l] += node.stat[nodeLruStat(static_cast<LruList>(l))];
        s.kswapd.push_back(node.kswapd.state);
    }
    s.free = sim.global(ZoneStat::NrFreePages);
    const Pages totalRam = sim.totalRamPages();
    Pages used = s.free + sim.global(NodeStat::NrIsolatedAnon) + sim.global(NodeStat::NrIsolatedFile);
    for (const Pages p : s.lru)
        used += p;
    s.kernel = totalRam > used ? totalRam - used : 0;

    const std::vector<ProcItem> items = vmstatItems(sim);
    // vmstatItems() lists the same names in the same order on every machine: find each column's item
    // once, not by name on every sample (the app samples every 10 ms of simulated time).
    static const auto kItemOfColumn = [&items] {
        std::array<std::size_t, kSeriesCounters.size()> at {};
        for (std::size_t c = 0; c < kSeriesCounters.size(); ++c) {
            const auto it = std::find_if(items.begin(), items.end(),
                [&](const ProcItem& item) { return item.name == kSeriesCounters[c]; });
            // NOTE: a name missing from vmstatItems() is a programming error; the column stays 0.
            at[c] = static_cast<std::size_t>(it - items.begin());
        }
        return at;
    }();
    for (std::size_t c = 0; c < kSeriesCounters.size(); ++c) {
        const std::size_t i = kItemOfColumn[c];
        s.counters[c] = i < items.size() ? items[i].value : 0;
    }
    s.swapTotal = sim.swap().totalPages();
    s.swapFree = sim.swap().freePages();
    for (const SwapDevice& dev : sim.swap().devices())
        s.swapUsed += dev.inuse;
    s.kswapdDuty = kswapdDuty;
    for (const Psi::State state : { Psi::Some, Psi::Full }) {
        s.psiAvg[state] = sim.psi().avg(state);
        s.psiTotalNs[state] = sim.psi().totalNs(state);
    }
    for (const std::string& name : layout.processNames) {
        // The latest process of that name (a name can be started again after it exited).
        const Process* found = nullptr;
        for (const Process& p : sim.processes()) {
            if (p.name == name)
                found = &p;
        }
        s.processes.push_back(found ? Sample::ProcessValues { static_cast<std::int64_t>(found->rss()),
                                  static_cast<std::int64_t>(found->swapEnts), sim.oom().oomScore(*found) }
                                    : Sample::ProcessValues {});
    }
    return s;
}

std::vector<Sample> samplesEvery(const std::vector<Sample>& samples, Tick interval)
{
    RLAB_ASSERT(interval > 0);
    std::vector<Sample> out;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        const bool last = i + 1 == samples.size();
        if ((s.at % interval != 0 && !last) || (!out.empty() && s.at <= out.back().at))
            continue;
        Sample kept = s;
        if (!out.empty() && s.steps > out.back().steps) {
            kept.kswapdDuty = static_cast<double>(s.kswapdSteps - out.back().kswapdSteps)
                / static_cast<double>(s.steps - out.back().steps);
        }
        out.push_back(std::move(kept));
    }
    return out;
}

Recorder::Recorder(Simulator& sim, const Scenario& scenario, Tick sampleInterval)
    : Recorder(sim, scenario, sampleInterval, nullptr)
{}

Recorder::Recorder(
    Simulator& sim, const Scenario& scenario, Tick sampleInterval, const RecorderCounters& resumed)
    : Recorder(sim, scenario, sampleInterval, &resumed)
{}

Recorder::Recorder(
    Simulator& sim, const Scenario& scenario, Tick sampleInterval, const RecorderCounters* resumed)
    : m_sim(sim)
    , m_layout(std::make_shared<const SeriesLayout>(seriesLayout(sim, scenario)))
    , m_interval(sampleInterval)
{
    RLAB_ASSERT(sampleInterval > 0);
    m_events = m_sim.drainEvents();
    if (resumed) {
        m_steps = resumed->steps;
        m_kswapdSteps = resumed->kswapdSteps;
        m_stepsAtSample = resumed->stepsAtSample;
        m_kswapdStepsAtSample = resumed->kswapdStepsAtSample;
    } else {
        m_bootEvents = m_events.size();
    }
    if (resumed && resumed->lastSampleAt == m_sim.now())
        pushSample(resumed->lastSampleDuty); // the saved run's sample of this instant, again
    else
        sampleNow();
    m_nextSampleAt = (m_sim.now() / m_interval + 1) * m_interval;
}

RecorderCounters Recorder::counters() const
{
    return { m_steps, m_kswapdSteps, m_stepsAtSample, m_kswapdStepsAtSample, m_lastSampleAt,
        m_lastSampleDuty };
}

bool Recorder::step()
{
    if (finished())
        return false;
    m_sim.step();
    ++m_steps;
    if (anyKswapdRunning(m_sim))
        ++m_kswapdSteps;
    // Drained every step, as the CLI always did: the engine's event buffer never grows with the run.
    m_sim.drainEventsInto(m_events);
    if (m_sim.now() >= m_nextSampleAt) {
        sampleNow();
        while (m_nextSampleAt <= m_sim.now())
            m_nextSampleAt += m_interval;
    }
    if (finished() && m_lastSampleAt != m_sim.now())
        sampleNow(); // the end of the run is always a sample
    return true;
}

std::uint64_t Recorder::run(std::uint64_t maxSteps)
{
    std::uint64_t steps = 0;
    while (steps < maxSteps && step())
        ++steps;
    return steps;
}

void Recorder::sampleNow()
{
    const std::uint64_t steps = m_steps - m_stepsAtSample;
    const std::uint64_t kswapdSteps = m_kswapdSteps - m_kswapdStepsAtSample;
    // Without a step since the last sample, the duty is what kswapd does right now.
    const double duty = steps > 0 ? static_cast<double>(kswapdSteps) / static_cast<double>(steps)
                                  : (anyKswapdRunning(m_sim) ? 1.0 : 0.0);
    pushSample(duty);
}

void Recorder::pushSample(double duty)
{
    Sample s = takeSample(m_sim, *m_layout, duty);
    s.steps = m_steps;
    s.kswapdSteps = m_kswapdSteps;
    m_samples.push_back(std::move(s));
    m_lastSampleAt = m_sim.now();
    m_lastSampleDuty = duty;
    m_stepsAtSample = m_steps;
    m_kswapdStepsAtSample = m_kswapdSteps;
}

std::vector<Sample> Recorder::takeSamples()
{
    std::vector<Sample> out = std::move(m_samples);
    m_samples.clear();
    return out;
}

std::vector<Event> Recorder::takeEvents()
{
    // Also what live changes (apply()) recorded since the last step.
    m_sim.drainEventsInto(m_events);
    std::vector<Event> out = std::move(m_events);
    m_events.clear();
    return out;
}

Recording Recorder::takeRecording()
{
    Recording r;
    r.layout = m_layout;
    r.bootEvents = m_bootEvents;
    m_bootEvents = 0;
    r.samples = takeSamples();
    r.events = takeEvents();
    return r;
}

} // namespace rlab::engine
