// SPDX-License-Identifier: GPL-3.0-or-later
// Lesson runtime: the probes lesson expressions read, step stops, answers, checkpoints and grading.
#include "rlab/engine/lesson_session.h"

#include "rlab/engine/buddy.h"
#include "rlab/engine/counters.h"
#include "rlab/engine/parse_number.h"
#include "rlab/engine/proc_format.h"
#include "rlab/engine/state.h"
#include "rlab/engine/tunables.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <unordered_map>

namespace rlab::engine {

namespace {

constexpr Tick kDefaultLimit = 600 * kTicksPerSecond;

std::vector<std::string_view> split(std::string_view text, std::size_t maxParts = 64)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const auto dot = text.find('.');
        if (dot == std::string_view::npos)
            break;
        parts.push_back(text.substr(0, dot));
        text.remove_prefix(dot + 1);
    }
    parts.push_back(text);
    return parts;
}

std::optional<int> zoneIndexByName(std::string_view name)
{
    for (int i = 0; i < kMaxNrZones; ++i) {
        if (name == zoneTypeName(static_cast<ZoneType>(i)))
            return i;
    }
    return std::nullopt;
}

/// "node1" → 1.
std::optional<int> nodeNumber(std::string_view part)
{
    if (!part.starts_with("node"))
        return std::nullopt;
    const auto value = parseNumber<int>(part.substr(4));
    return value && *value >= 0 ? value : std::nullopt;
}

using CounterGetter = std::function<std::uint64_t(const Simulator&)>;

const std::unordered_map<std::string_view, CounterGetter>& vmstatTable()
{
    static const auto table = [] {
        std::unordered_map<std::string_view, CounterGetter> t;
        for (std::size_t i = 0; i < CounterArray<ZoneStat>::size(); ++i) {
            const auto item = static_cast<ZoneStat>(i);
            t.emplace(counterName(item), [item](const Simulator& s) { return s.global(item); });
        }
        for (std::size_t i = 0; i < CounterArray<NodeStat>::size(); ++i) {
            const auto item = static_cast<NodeStat>(i);
            t.emplace(counterName(item), [item](const Simulator& s) { return vmstatNodeItem(s, item); });
        }
        for (std::size_t i = 0; i < CounterArray<VmEvent>::size(); ++i) {
            const auto item = static_cast<VmEvent>(i);
            t.emplace(counterName(item), [item](const Simulator& s) { return s.events()[item]; });
        }
        return t;
    }();
    return table;
}

constexpr std::string_view kZoneFields = "free, min, low, high, boost, managed, present, lowest_free, "
                                         "protection.<zone>, blocks.<order 0..10>, extfrag.<order 0..10>";
constexpr std::string_view kProcessFields = "rss, rss_anon, rss_file, swap, pgtables, oom_score, "
                                            "oom_score_adj, badness, alive, killed, pid, stall_ms";
constexpr std::string_view kForms =
    "t; vmstat.<counter>; zone.<zone>.<field> or node<N>.zone.<zone>.<field>; node<N>.free; "
    "node<N>.kswapd.(running|failures|wakes) or kswapd.(...); sysctl.<vm.name>; proc.<process>.<field>; "
    "oom.victim; oom.totalpages; "
    "mem.(total|swap_total|swap_free|swap_used|dirty_thresh|dirty_background_thresh); "
    "psi.(some|full).(avg10|avg60|avg300|total); cgroup.<name>.<field>; events.<event>.count; "
    "first|last|min|max|sum.<event>.<field>; "
    "step.<any events/first/last/min/max/sum form>";

/// What cgroup.<name>.<field> reads: pages of the memory and swap counters, the limits (max: the
/// kernel's PAGE_COUNTER_MAX) and memory.events counts.
constexpr std::array<std::string_view, 17> kCgroupFields = { "current", "peak", "max", "high", "low", "min",
    "elow", "emin", "failcnt", "swap_current", "swap_max", "events_low", "events_high", "events_max",
    "events_oom", "events_oom_kill", "events_oom_group_kill" };

/// cgroup.<name>.<field>: the name is a cgroup's last path component (it may hold dots), the field
/// follows the last dot.
std::pair<std::string_view, std::string_view> cgroupProbeParts(std::string_view rest)
{
    const auto dot = rest.rfind('.');
    if (dot == std::string_view::npos)
        return { rest, {} };
    return { rest.substr(0, dot), rest.substr(dot + 1) };
}

/// The cgroups of a scenario whose last path component is `leaf`.
std::vector<std::string> cgroupsNamed(const Scenario& scenario, std::string_view leaf)
{
    std::vector<std::string> paths;
    for (const CgroupSpec& c : scenario.cgroups) {
        if (std::string_view(c.path).substr(c.path.rfind('/') + 1) == leaf)
            paths.push_back(c.path);
    }
    return paths;
}

bool isZoneField(std::string_view field)
{
    for (const auto name : { "free", "min", "low", "high", "boost", "managed", "present", "lowest_free" }) {
        if (field == name)
            return true;
    }
    return false;
}

/// "0".."10" for blocks.<order> and extfrag.<order>.
std::optional<int> orderNamed(std::string_view text)
{
    const std::optional<int> order = parseNumber<int>(text);
    if (!order || *order < 0 || *order >= kMaxOrder)
        return std::nullopt;
    return order;
}

bool isProcessField(std::string_view field)
{
    for (const auto name : { "rss", "rss_anon", "rss_file", "swap", "pgtables", "oom_score", "oom_score_adj",
             "badness", "alive", "killed", "pid", "stall_ms" }) {
        if (field == name)
            return true;
    }
    return false;
}

std::string unknown(std::string_view name, std::string_view allowed)
{
    return "unknown name " + std::string(name) + "; allowed: " + std::string(allowed);
}

std::optional<std::string> checkZonePart(
    std::span<const std::string_view> parts, const Scenario& scenario, int node, std::string_view name)
{
    // parts: <zone>.<field>[.<zone>]
    if (parts.size() < 2)
        return unknown(name, "zone.<zone>.<field>, fields " + std::string(kZoneFields));
    if (!zoneIndexByName(parts[0]))
        return "unknown zone " + std::string(parts[0]) + " in " + std::string(name)
            + "; allowed: DMA, DMA32, Normal, Movable";
    if (node >= static_cast<int>(std::max<std::size_t>(scenario.machine.nodes.size(), 1)))
        return "node " + std::to_string(node) + " does not exist in this scenario (" + std::string(name)
            + ")";
    if (parts.size() == 3 && parts[1] == "protection" && zoneIndexByName(parts[2]))
        return std::nullopt;
    if (parts.size() == 3 && (parts[1] == "blocks" || parts[1] == "extfrag") && orderNamed(parts[2]))
        return std::nullopt;
    if (parts.size() == 2 && isZoneField(parts[1]))
        return std::nullopt;
    return unknown(name, "zone fields " + std::string(kZoneFields));
}

bool processDeclared(const Scenario& scenario, std::string_view name)
{
    for (const auto& p : scenario.processes) {
        if (p.name == name)
            return true;
    }
    for (const auto& e : scenario.events) {
        if (const auto* start = std::get_if<StartProcess>(&e.command); start && start->process.name == name)
            return true;
    }
    return false;
}

} // namespace

const std::vector<std::string_view>& lessonEventTypes()
{
    static const std::vector<std::string_view> types = [] {
        std::vector<std::string_view> names;
        for (std::size_t k = 0; k < kEventKindCount; ++k)
            names.push_back(eventKindName(static_cast<EventKind>(k)));
        return names;
    }();
    return types;
}

std::optional<std::string> checkProbeName(std::string_view name, const Scenario& scenario)
{
    if (name.starts_with("variant.")) // the same names, read on the step's variant (LessonCompare)
        return checkProbeName(name.substr(8), scenario);
    if (name == "t")
        return std::nullopt;
    const auto parts = split(name);
    const std::string_view head = parts[0];
    const auto eventTypeKnown = [](std::string_view type) {
        const auto& types = lessonEventTypes();
        return std::find(types.begin(), types.end(), type) != types.end();
    };
    const auto checkEvents = [&](std::span<const std::string_view> rest) -> std::optional<std::string> {
        // rest: events.<type>.count | (first|last|min|max|sum).<type>.<field>
        if (rest.size() != 3
            || !(rest[0] == "events" || rest[0] == "first" || rest[0] == "last" || rest[0] == "min"
                || rest[0] == "max" || rest[0] == "sum"))
            return unknown(name, kForms);
        if (!eventTypeKnown(rest[1])) {
            std::string all;
            for (const auto type : lessonEventTypes())
                all += (all.empty() ? "" : ", ") + std::string(type);
            return "unknown event " + std::string(rest[1]) + " in " + std::string(name) + "; allowed: " + all;
        }
        if (rest[0] == "events") {
            if (rest[2] != "count")
                return unknown(name, "events.<event>.count");
            return std::nullopt;
        }
        // first/last take any field or the event's time t; min/max/sum take number fields.
        const bool numbersOnly = rest[0] != "first" && rest[0] != "last";
        if (!numbersOnly && rest[2] == "t")
            return std::nullopt;
        std::string allowed = numbersOnly ? "" : "t";
        for (const auto& field : eventFieldNames(*eventKindNamed(rest[1]))) {
            if (field.key == rest[2] && (field.number || !numbersOnly))
                return std::nullopt;
            if (field.number || !numbersOnly)
                allowed += (allowed.empty() ? "" : ", ") + field.key;
        }
        return "unknown field " + std::string(rest[2]) + " of " + std::string(rest[1]) + " in "
            + std::string(name) + "; allowed: " + allowed;
    };
    if (head == "vmstat") {
        if (parts.size() == 2 && vmstatTable().contains(parts[1]))
            return std::nullopt;
        return "unknown counter " + std::string(name)
            + "; allowed: vmstat.<a /proc/vmstat name>, e.g. vmstat.pgscan_kswapd, vmstat.allocstall_movable";
    }
    if (head == "zone")
        return checkZonePart(std::span(parts).subspan(1), scenario, 0, name);
    if (const auto node = nodeNumber(head)) {
        if (parts.size() >= 2 && parts[1] == "zone")
            return checkZonePart(std::span(parts).subspan(2), scenario, *node, name);
        if (*node >= static_cast<int>(std::max<std::size_t>(scenario.machine.nodes.size(), 1)))
            return "node " + std::to_string(*node) + " does not exist in this scenario (" + std::string(name)
                + ")";
        if (parts.size() == 2 && parts[1] == "free")
            return std::nullopt;
        if (parts.size() == 3 && parts[1] == "kswapd"
            && (parts[2] == "running" || parts[2] == "failures" || parts[2] == "wakes"))
            return std::nullopt;
        return unknown(
            name, "node<N>.free, node<N>.kswapd.(running|failures|wakes), node<N>.zone.<zone>.<field>");
    }
    if (head == "kswapd") {
        if (parts.size() == 2 && (parts[1] == "running" || parts[1] == "failures" || parts[1] == "wakes"))
            return std::nullopt;
        return unknown(name, "kswapd.running, kswapd.failures, kswapd.wakes");
    }
    if (head == "sysctl") {
        const std::string_view sysctl = name.substr(7);
        if (findSysctl(sysctl))
            return std::nullopt;
        return "unknown sysctl " + std::string(sysctl) + " in " + std::string(name)
            + "; allowed: sysctl.<a vm sysctl the engine models>, e.g. sysctl.vm.swappiness";
    }
    if (head == "proc") {
        if (parts.size() != 3 || !isProcessField(parts[2]))
            return unknown(name, "proc.<process>.<field>, fields " + std::string(kProcessFields));
        if (!processDeclared(scenario, parts[1]))
            return "unknown process " + std::string(parts[1]) + " in " + std::string(name)
                + "; allowed: a process of the scenario";
        return std::nullopt;
    }
    if (head == "oom") {
        if (parts.size() == 2 && (parts[1] == "victim" || parts[1] == "totalpages"))
            return std::nullopt;
        return unknown(name, "oom.victim, oom.totalpages");
    }
    if (head == "mem") {
        for (const auto field :
            { "total", "swap_total", "swap_free", "swap_used", "dirty_thresh", "dirty_background_thresh" }) {
            if (parts.size() == 2 && parts[1] == field)
                return std::nullopt;
        }
        return unknown(
            name, "mem.(total|swap_total|swap_free|swap_used|dirty_thresh|dirty_background_thresh)");
    }
    if (head == "psi") {
        if (parts.size() == 3 && (parts[1] == "some" || parts[1] == "full")
            && (parts[2] == "avg10" || parts[2] == "avg60" || parts[2] == "avg300" || parts[2] == "total"))
            return std::nullopt;
        return unknown(name, "psi.(some|full).(avg10|avg60|avg300|total)");
    }
    if (head == "cgroup") {
        const auto [leaf, field] = cgroupProbeParts(name.substr(7));
        std::string fields;
        for (const auto f : kCgroupFields)
            fields += (fields.empty() ? "" : ", ") + std::string(f);
        if (std::find(kCgroupFields.begin(), kCgroupFields.end(), field) == kCgroupFields.end())
            return unknown(name, "cgroup.<name>.<field>, fields " + fields);
        const auto paths = cgroupsNamed(scenario, leaf);
        if (paths.empty())
            return "unknown cgroup " + std::string(leaf) + " in " + std::string(name)
                + "; allowed: the last name of a cgroup of the scenario (\"db\" for /system.slice/db)";
        if (paths.size() > 1)
            return "cgroup name " + std::string(leaf) + " in " + std::string(name) + " is ambiguous: it ends "
                + paths[0] + " and " + paths[1];
        return std::nullopt;
    }
    if (head == "step")
        return checkEvents(std::span(parts).subspan(1));
    return checkEvents(parts);
}

bool LessonStepOutcome::ok() const
{
    return stopReached && answerProblem.empty()
        && std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.ok; });
}

LessonSession::LessonSession(std::shared_ptr<const Lesson> lesson)
    : m_lesson(std::move(lesson))
{}

void LessonSession::beginStep(std::size_t index, const Simulator& sim)
{
    m_variant.reset();
    m_variantSim.reset();
    m_variantProblem.clear();
    m_step = std::min(index, m_lesson->steps.size() - 1);
    m_stepStart = sim.now();
    m_stepTallies.clear();
    if (m_lowestFree.empty())
        observe(sim, {});
}

void LessonSession::add(Tallies& tallies, const Event& event)
{
    auto [it, added] = tallies.try_emplace(std::string(event.name()));
    Tally& tally = it->second;
    if (tally.count++ == 0)
        tally.first = event;
    tally.last = event;
    forEachField(event, [&](std::string_view key, const EventValue& field) {
        if (std::holds_alternative<std::string_view>(field))
            return;
        const double value = std::holds_alternative<std::int64_t>(field)
            ? static_cast<double>(std::get<std::int64_t>(field))
            : std::get<double>(field);
        auto [minIt, newMin] = tally.min.try_emplace(std::string(key), value);
        if (!newMin)
            minIt->second = std::min(minIt->second, value);
        auto [maxIt, newMax] = tally.max.try_emplace(std::string(key), value);
        if (!newMax)
            maxIt->second = std::max(maxIt->second, value);
        tally.sum[std::string(key)] += value;
    });
}

void LessonSession::observe(const Simulator& sim, const std::vector<Event>& events)
{
    for (const auto& event : events) {
        add(m_run, event);
        add(m_stepTallies, event);
        if (const auto* wake = event.as<ev::KswapdWake>())
            ++m_kswapdWakes[wake->node];
    }
    const auto& nodes = sim.nodes();
    if (m_lowestFree.size() != nodes.size())
        m_lowestFree.assign(nodes.size(), std::vector<Pages>(kMaxNrZones, ~Pages { 0 }));
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        for (std::size_t z = 0; z < kMaxNrZones; ++z)
            m_lowestFree[n][z] = std::min(m_lowestFree[n][z], nodes[n].zones[z].freePages());
    }
    // The variant keeps the original's clock: it steps as far as the original has.
    while (m_variantSim && m_variantSim->now() < sim.now() && !m_variantSim->stopped()) {
        m_variantSim->step();
        m_variant->observe(*m_variantSim, m_variantSim->drainEvents());
    }
}

bool LessonSession::conditionMet(const Simulator& sim) const
{
    const LessonRun& run = step().run;
    switch (run.kind) {
    case LessonRun::Kind::None:
        return true;
    case LessonRun::Kind::For:
        return sim.now() >= m_stepStart + run.time;
    case LessonRun::Kind::Until:
        return sim.now() >= run.time;
    case LessonRun::Kind::Event: {
        const auto it = m_stepTallies.find(run.event);
        return it != m_stepTallies.end() && it->second.count > 0;
    }
    case LessonRun::Kind::When: {
        std::string error;
        const auto value = evaluate(run.when, sim, error);
        return value && value->truthy();
    }
    }
    return true;
}

void LessonSession::startRun(const Simulator& sim)
{
    const LessonRun& run = step().run;
    Tick limit = run.limit;
    if (limit == 0)
        limit = run.kind == LessonRun::Kind::For ? m_stepStart + run.time
            : run.kind == LessonRun::Kind::Until ? run.time
                                                 : sim.now() + kDefaultLimit;
    // The scenario's duration bounds every run (docs/lesson-format.md).
    const Tick bound = m_lesson->scenario.duration.value_or(sim.now() + kDefaultLimit);
    m_runLimit = std::min(limit, std::max(bound, sim.now()));
    if (step().compare)
        forkVariant(sim);
}

void LessonSession::forkVariant(const Simulator& sim)
{
    // The whole machine as it is now (engine state files, state.h), then the variant's sysctls.
    RestoredState copy = restoreState(saveState(sim, {}), std::numeric_limits<std::uint64_t>::max());
    if (!copy.sim) {
        m_variantProblem = "the variant could not be made: " + copy.error;
        return;
    }
    for (const SysctlWrite& write : step().compare->sysctls) {
        if (auto error = copy.sim->apply(SetSysctl { write })) {
            m_variantProblem = "the variant refused " + write.name + ": " + *error;
            return;
        }
    }
    m_variantSim = std::move(copy.sim);
    m_variant = std::make_unique<LessonSession>(m_lesson);
    m_variant->m_step = m_step;
    m_variant->m_stepStart = m_stepStart;
    m_variant->m_runLimit = m_runLimit;
    m_variant->m_run = m_run;
    m_variant->m_stepTallies = m_stepTallies;
    m_variant->m_kswapdWakes = m_kswapdWakes;
    m_variant->m_lowestFree = m_lowestFree;
    m_variant->observe(*m_variantSim, m_variantSim->drainEvents()); // the sysctl writes' events
}

bool LessonSession::runOver(const Simulator& sim) const
{
    return conditionMet(sim) || sim.stopped() || sim.now() >= m_runLimit;
}

bool LessonSession::taskDone(const Simulator& sim) const
{
    if (!step().task)
        return true;
    const Command& command = step().task->command;
    const auto process = [&](const std::string& name) -> const Process* {
        for (const auto& p : sim.processes()) {
            if (p.name == name)
                return &p;
        }
        return nullptr;
    };
    if (const auto* set = std::get_if<SetSysctl>(&command)) {
        const auto values = readSysctl(sim.tunables(), set->write.name);
        return values.size() >= set->write.values.size()
            && std::equal(set->write.values.begin(), set->write.values.end(), values.begin());
    }
    if (const auto* adj = std::get_if<SetOomScoreAdj>(&command)) {
        const Process* p = process(adj->process);
        return p && p->oomScoreAdj == adj->oomScoreAdj;
    }
    if (const auto* thp = std::get_if<SetThp>(&command))
        return (!thp->enabled || *thp->enabled == sim.thpMode())
            && (!thp->defrag || *thp->defrag == sim.thpDefrag());
    if (std::holds_alternative<DropCaches>(command))
        return m_stepTallies.contains("drop_caches");
    if (const auto* off = std::get_if<Swapoff>(&command)) {
        for (const auto& dev : sim.swap().devices()) {
            if (dev.name == off->device)
                return !dev.active;
        }
        return false;
    }
    if (const auto* on = std::get_if<Swapon>(&command)) {
        for (const auto& dev : sim.swap().devices()) {
            if (dev.name == on->device.name)
                return dev.active;
        }
        return false;
    }
    if (const auto* kill = std::get_if<KillProcess>(&command)) {
        const Process* p = process(kill->process);
        return p && (p->state == ProcessState::Killed || p->state == ProcessState::Exited);
    }
    if (const auto* start = std::get_if<StartProcess>(&command))
        return process(start->process.name) != nullptr;
    return true;
}

std::optional<LessonValue> LessonSession::evaluate(
    const Expression& expr, const Simulator& sim, std::string& error) const
{
    m_sim = &sim;
    auto value = expr.evaluate(*this, error);
    m_sim = nullptr;
    return value;
}

LessonStepOutcome LessonSession::finishStep(const Simulator& sim)
{
    LessonStepOutcome out;
    out.step = m_step;
    out.stoppedAt = sim.now();
    out.stopReached = conditionMet(sim);
    if (!out.stopReached)
        out.stopProblem = sim.stopped()
            ? "the simulation stopped (" + sim.stopReason() + ") before the step's stop"
            : std::string("the run reached its limit before the step's stop");
    const LessonStep& s = step();
    if (s.question) {
        const LessonQuestion& q = *s.question;
        std::string error;
        switch (q.kind) {
        case LessonQuestion::Kind::Number: {
            out.answer = evaluate(q.answer, sim, error);
            if (!out.answer) {
                out.answerProblem = "answer " + q.answer.text() + ": " + error;
            } else if (out.answer->isText) {
                out.answerProblem = "answer " + q.answer.text() + " is the text \"" + out.answer->text
                    + "\"; expected a number";
            } else if ((q.expectMin && out.answer->number < *q.expectMin)
                || (q.expectMax && out.answer->number > *q.expectMax)) {
                out.answerProblem = "answer " + q.answer.text() + " = " + out.answer->display()
                    + " is outside the expected range "
                    + (q.expectMin ? LessonValue::of(*q.expectMin).display() : std::string("-inf")) + ".."
                    + (q.expectMax ? LessonValue::of(*q.expectMax).display() : std::string("inf"));
            }
            break;
        }
        case LessonQuestion::Kind::Choice: {
            std::vector<std::string> holding;
            bool anyCondition = false;
            for (const auto& choice : q.choices) {
                if (!choice.when)
                    continue;
                anyCondition = true;
                const auto value = evaluate(*choice.when, sim, error);
                if (!value) {
                    out.answerProblem = "choice " + choice.id + ": " + error;
                    break;
                }
                if (value->truthy())
                    holding.push_back(choice.id);
            }
            if (!anyCondition) {
                out.answer = LessonValue::of(q.expected);
            } else if (out.answerProblem.empty()) {
                if (holding.size() == 1)
                    out.answer = LessonValue::of(holding.front());
                if (holding.size() != 1 || holding.front() != q.expected) {
                    std::string list;
                    for (const auto& id : holding)
                        list += (list.empty() ? "" : ", ") + id;
                    out.answerProblem = "the file says choice " + q.expected + " but the engine finds "
                        + (holding.empty() ? std::string("none") : list) + " true";
                }
            }
            break;
        }
        case LessonQuestion::Kind::OomVictim: {
            const auto it = m_stepTallies.find("oom_kill");
            if (it != m_stepTallies.end()) {
                if (const auto* kill = it->second.first.as<ev::OomKill>())
                    out.answer = LessonValue::of(kill->who.task.name);
            }
            if (!out.answer)
                out.answerProblem = "no process was OOM-killed during this step";
            else if (out.answer->text != q.expected)
                out.answerProblem =
                    "the file says " + q.expected + " is killed but the engine killed " + out.answer->text;
            break;
        }
        }
    }
    for (const auto& check : s.checks) {
        LessonStepOutcome::Check result;
        std::string error;
        const auto value = evaluate(check.expr, sim, error);
        if (!value) {
            result.detail = check.expr.text() + ": " + error;
        } else {
            result.ok = value->truthy();
            // The values behind it, so a failing lesson says why.
            std::string values;
            for (const auto& name : check.expr.names()) {
                std::string ignored;
                m_sim = &sim;
                const auto v = probe(name, ignored);
                m_sim = nullptr;
                values += (values.empty() ? "" : ", ") + name + " = " + (v ? v->display() : std::string("?"));
            }
            result.detail = check.expr.text() + (values.empty() ? "" : " with " + values);
        }
        out.checks.push_back(std::move(result));
    }
    return out;
}

std::optional<LessonValue> LessonSession::probeEvents(
    const Tallies& tallies, std::string_view what, std::string_view rest, std::string& error) const
{
    const auto dot = rest.find('.');
    const std::string_view type = rest.substr(0, dot);
    const std::string_view field = dot == std::string_view::npos ? std::string_view {} : rest.substr(dot + 1);
    const auto it = tallies.find(type);
    if (what == "events")
        return LessonValue::of(it == tallies.end() ? 0.0 : static_cast<double>(it->second.count));
    if (it == tallies.end()) {
        error = "no " + std::string(type) + " event yet";
        return std::nullopt;
    }
    const Tally& tally = it->second;
    if (what == "first" || what == "last") {
        const Event& event = what == "first" ? tally.first : tally.last;
        if (field == "t")
            return LessonValue::of(static_cast<double>(event.at) / static_cast<double>(kTicksPerSecond));
        if (const auto value = eventField(event, field)) {
            if (const auto* text = std::get_if<std::string_view>(&*value))
                return LessonValue::of(std::string(*text));
            if (const auto* integer = std::get_if<std::int64_t>(&*value))
                return LessonValue::of(static_cast<double>(*integer));
            return LessonValue::of(std::get<double>(*value));
        }
        error = "the " + std::string(type) + " event has no field " + std::string(field);
        return std::nullopt;
    }
    const auto& map = what == "min" ? tally.min : what == "max" ? tally.max : tally.sum;
    const auto value = map.find(field);
    if (value == map.end()) {
        error = "the " + std::string(type) + " events have no number field " + std::string(field);
        return std::nullopt;
    }
    return LessonValue::of(value->second);
}

std::optional<LessonValue> LessonSession::probeZone(int node, std::string_view rest, std::string& error) const
{
    const auto parts = split(rest);
    if (node >= static_cast<int>(m_sim->nodes().size()) || parts.size() < 2) {
        error = "no such node or zone";
        return std::nullopt;
    }
    const auto zoneIndex = zoneIndexByName(parts[0]);
    if (!zoneIndex) {
        error = "no zone " + std::string(parts[0]);
        return std::nullopt;
    }
    const Zone& zone =
        m_sim->nodes()[static_cast<std::size_t>(node)].zones[static_cast<std::size_t>(*zoneIndex)];
    const std::string_view f = parts[1];
    const auto of = [](Pages pages) { return LessonValue::of(static_cast<double>(pages)); };
    if (f == "free")
        return of(zone.freePages());
    if (f == "min")
        return of(zone.minWmark());
    if (f == "low")
        return of(zone.lowWmark());
    if (f == "high")
        return of(zone.highWmark());
    if (f == "boost")
        return of(zone.watermarkBoost);
    if (f == "managed")
        return of(zone.managed);
    if (f == "present")
        return of(zone.present);
    if (f == "lowest_free") {
        if (static_cast<std::size_t>(node) < m_lowestFree.size())
            return of(m_lowestFree[static_cast<std::size_t>(node)][static_cast<std::size_t>(*zoneIndex)]);
        return of(zone.freePages());
    }
    if (f == "protection" && parts.size() == 3) {
        if (const auto other = zoneIndexByName(parts[2]))
            return of(zone.lowmemReserve[static_cast<std::size_t>(*other)]);
    }
    if (parts.size() == 3) {
        if (const auto order = orderNamed(parts[2])) {
            // /proc/buddyinfo's count, and debugfs extfrag_index as printed (-1 when a block is free).
            if (f == "blocks")
                return of(zone.freeArea[static_cast<std::size_t>(*order)].nrFree);
            if (f == "extfrag")
                return LessonValue::of(fragmentationIndex(zone, *order) / 1000.0);
        }
    }
    error = "no zone field " + std::string(rest);
    return std::nullopt;
}

std::optional<LessonValue> LessonSession::probeNode(int node, std::string_view rest, std::string& error) const
{
    if (node >= static_cast<int>(m_sim->nodes().size())) {
        error = "no node " + std::to_string(node);
        return std::nullopt;
    }
    const Node& n = m_sim->nodes()[static_cast<std::size_t>(node)];
    if (rest == "free") {
        Pages free = 0;
        for (const auto& zone : n.zones)
            free += zone.freePages();
        return LessonValue::of(static_cast<double>(free));
    }
    if (rest == "kswapd.running")
        return LessonValue::of(n.kswapd.state == KswapdState::Running ? 1.0 : 0.0);
    if (rest == "kswapd.failures")
        return LessonValue::of(static_cast<double>(n.kswapd.failures));
    if (rest == "kswapd.wakes") {
        const auto it = m_kswapdWakes.find(node);
        return LessonValue::of(it == m_kswapdWakes.end() ? 0.0 : static_cast<double>(it->second));
    }
    if (rest.starts_with("zone."))
        return probeZone(node, rest.substr(5), error);
    error = "no node field " + std::string(rest);
    return std::nullopt;
}

std::optional<LessonValue> LessonSession::probeProcess(std::string_view rest, std::string& error) const
{
    const auto dot = rest.rfind('.');
    const std::string_view name = rest.substr(0, dot);
    const std::string_view field = rest.substr(dot + 1);
    const Process* process = nullptr;
    for (const auto& p : m_sim->processes()) {
        if (p.name == name)
            process = &p;
    }
    if (!process) {
        error = "no process " + std::string(name) + " yet";
        return std::nullopt;
    }
    const Process& p = *process;
    const auto of = [](auto value) { return LessonValue::of(static_cast<double>(value)); };
    if (field == "rss")
        return of(p.rss());
    if (field == "rss_anon")
        return of(p.rssAnon);
    if (field == "rss_file")
        return of(p.rssFile);
    if (field == "swap")
        return of(p.swapEnts);
    if (field == "pgtables")
        return of(p.pgtablePages);
    if (field == "oom_score")
        return of(m_sim->oom().oomScore(p));
    if (field == "oom_score_adj")
        return of(p.oomScoreAdj);
    if (field == "badness") {
        const auto badness = m_sim->oom().oomBadnessOf(p);
        if (!badness) {
            error = "process " + std::string(name) + " is never chosen (LONG_MIN)";
            return std::nullopt;
        }
        return of(*badness);
    }
    if (field == "alive")
        return of(p.state != ProcessState::NotStarted && p.state != ProcessState::Exited
                    && p.state != ProcessState::Killed
                ? 1
                : 0);
    if (field == "killed")
        return of(p.state == ProcessState::Killed ? 1 : 0);
    if (field == "pid")
        return of(p.pid);
    if (field == "stall_ms")
        return LessonValue::of(static_cast<double>(p.stallTotal) / static_cast<double>(kTicksPerMs));
    error = "no process field " + std::string(field);
    return std::nullopt;
}

std::optional<LessonValue> LessonSession::probe(std::string_view name, std::string& error) const
{
    if (!m_sim) {
        error = "no simulation";
        return std::nullopt;
    }
    if (name.starts_with("variant.")) {
        if (!m_variant) {
            error =
                m_variantProblem.empty() ? "the variant runs only during its step's run" : m_variantProblem;
            return std::nullopt;
        }
        m_variant->m_sim = m_variantSim.get();
        return m_variant->probe(name.substr(8), error);
    }
    const Simulator& sim = *m_sim;
    if (name == "t")
        return LessonValue::of(static_cast<double>(sim.now()) / static_cast<double>(kTicksPerSecond));
    const auto dot = name.find('.');
    const std::string_view head = name.substr(0, dot);
    const std::string_view rest = dot == std::string_view::npos ? std::string_view {} : name.substr(dot + 1);
    if (head == "vmstat") {
        const auto& table = vmstatTable();
        const auto it = table.find(rest);
        if (it == table.end()) {
            error = "no counter " + std::string(rest);
            return std::nullopt;
        }
        return LessonValue::of(static_cast<double>(it->second(sim)));
    }
    if (head == "zone")
        return probeZone(0, rest, error);
    if (const auto node = nodeNumber(head))
        return probeNode(*node, rest, error);
    if (head == "kswapd")
        return probeNode(0, name, error);
    if (head == "sysctl") {
        const auto values = readSysctl(sim.tunables(), rest);
        if (values.empty()) {
            error = "no sysctl " + std::string(rest);
            return std::nullopt;
        }
        return LessonValue::of(static_cast<double>(values.front()));
    }
    if (head == "proc")
        return probeProcess(rest, error);
    if (head == "oom") {
        if (rest == "victim") {
            const Process* victim = sim.oom().oomVictimCandidate();
            return LessonValue::of(victim ? victim->name : std::string());
        }
        return LessonValue::of(static_cast<double>(sim.totalRamPages() + sim.swap().totalPages()));
    }
    if (head == "mem") {
        const auto of = [](Pages pages) { return LessonValue::of(static_cast<double>(pages)); };
        if (rest == "total")
            return of(sim.totalRamPages());
        if (rest == "swap_total")
            return of(sim.swap().totalPages());
        if (rest == "swap_free")
            return of(sim.swap().freePages());
        if (rest == "swap_used")
            return of(sim.swap().totalPages() - sim.swap().freePages());
        if (rest == "dirty_thresh")
            return of(sim.dirtyThresholds().second);
        return of(sim.dirtyThresholds().first);
    }
    if (head == "psi") {
        const auto state = rest.starts_with("some") ? Psi::Some : Psi::Full;
        const std::string_view field = rest.substr(5);
        if (field == "total")
            return LessonValue::of(static_cast<double>(sim.psi().totalNs(state) / 1000));
        const std::size_t which = field == "avg10" ? 0 : field == "avg60" ? 1 : 2;
        // avg is FIXED_1 (2048) fixed point of a percentage (include/linux/sched/loadavg.h).
        return LessonValue::of(static_cast<double>(sim.psi().avg(state)[which]) / 2048.0);
    }
    if (head == "step") {
        const auto dot2 = rest.find('.');
        return probeEvents(m_stepTallies, rest.substr(0, dot2), rest.substr(dot2 + 1), error);
    }
    if (head == "cgroup")
        return probeCgroup(rest, error);
    return probeEvents(m_run, head, rest, error);
}

std::optional<LessonValue> LessonSession::probeCgroup(std::string_view rest, std::string& error) const
{
    const Simulator& sim = *m_sim;
    const auto [leaf, field] = cgroupProbeParts(rest);
    const auto paths = cgroupsNamed(sim.scenario(), leaf);
    const auto id = paths.size() == 1 ? sim.memcg().find(paths.front()) : std::nullopt;
    if (!id) {
        error = "no cgroup named " + std::string(leaf);
        return std::nullopt;
    }
    const MemCgroup& g = sim.memcg().group(*id);
    const auto of = [](std::uint64_t v) { return LessonValue::of(static_cast<double>(v)); };
    const auto event = [&](MemcgEvent e) { return of(g.events[static_cast<std::size_t>(e)]); };
    if (field == "current")
        return of(g.memory.usage);
    if (field == "peak")
        return of(g.memory.watermark);
    if (field == "max")
        return of(g.memory.max);
    if (field == "high")
        return of(g.memory.high);
    if (field == "low")
        return of(g.memory.low);
    if (field == "min")
        return of(g.memory.min);
    if (field == "elow")
        return of(g.memory.elow);
    if (field == "emin")
        return of(g.memory.emin);
    if (field == "failcnt")
        return of(g.memory.failcnt);
    if (field == "swap_current")
        return of(g.swap.usage);
    if (field == "swap_max")
        return of(g.swap.max);
    if (field == "events_low")
        return event(MemcgEvent::Low);
    if (field == "events_high")
        return event(MemcgEvent::High);
    if (field == "events_max")
        return event(MemcgEvent::Max);
    if (field == "events_oom")
        return event(MemcgEvent::Oom);
    if (field == "events_oom_kill")
        return event(MemcgEvent::OomKill);
    if (field == "events_oom_group_kill")
        return event(MemcgEvent::OomGroupKill);
    error = "no cgroup field " + std::string(field);
    return std::nullopt;
}

std::pair<double, double> acceptedRange(const LessonQuestion& question, double truth)
{
    const double slack =
        question.tolerancePercent ? std::fabs(truth) * question.tolerance / 100.0 : question.tolerance;
    return { truth - slack, truth + slack };
}

bool gradeAnswer(const LessonQuestion& question, const LessonValue& truth, const std::string& studentAnswer)
{
    std::string trimmed;
    for (const char c : studentAnswer) {
        if (c != ' ' && c != '\t' && c != '\n')
            trimmed += c;
    }
    if (question.kind != LessonQuestion::Kind::Number)
        return truth.isText && (trimmed == truth.text || studentAnswer == truth.text);
    if (truth.isText)
        return false;
    std::string digits;
    for (const char c : trimmed) {
        if (c == ',' || c == '_')
            continue;
        if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')
            digits += c;
        else
            break; // a unit follows
    }
    const auto value = parseNumber<double>(digits);
    if (!value)
        return false;
    const auto [lo, hi] = acceptedRange(question, truth.number);
    return *value >= lo - 1e-9 && *value <= hi + 1e-9;
}

LessonReport runLesson(std::shared_ptr<const Lesson> lesson, std::uint64_t seed)
{
    LessonReport report;
    Simulator sim(lesson->scenario, seed);
    if (sim.stopped()) {
        report.problems.push_back("the scenario does not start: " + sim.stopReason());
        return report;
    }
    LessonSession session(lesson);
    session.observe(sim, sim.drainEvents()); // what boot recorded (swapon of the scenario's devices)
    for (std::size_t i = 0; i < lesson->steps.size(); ++i) {
        session.beginStep(i, sim);
        const LessonStep& step = lesson->steps[i];
        const std::string where = "steps[" + std::to_string(i) + "]";
        if (step.task) {
            if (const auto error = sim.apply(step.task->command))
                report.problems.push_back(where + ".task: the engine refused it: " + *error);
            session.observe(sim, sim.drainEvents());
            if (!session.taskDone(sim))
                report.problems.push_back(where + ".task: made, but the engine's state does not show it");
        }
        session.startRun(sim);
        while (!session.runOver(sim)) {
            sim.step();
            session.observe(sim, sim.drainEvents());
        }
        LessonStepOutcome outcome = session.finishStep(sim);
        if (!outcome.stopReached)
            report.problems.push_back(where + ".run: " + outcome.stopProblem);
        if (!outcome.answerProblem.empty())
            report.problems.push_back(where + ".question: " + outcome.answerProblem);
        for (std::size_t c = 0; c < outcome.checks.size(); ++c) {
            if (!outcome.checks[c].ok)
                report.problems.push_back(
                    where + ".checks[" + std::to_string(c) + "]: does not hold: " + outcome.checks[c].detail);
        }
        report.steps.push_back(std::move(outcome));
    }
    return report;
}

} // namespace rlab::engine
