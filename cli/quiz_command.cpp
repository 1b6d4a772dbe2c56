// SPDX-License-Identifier: GPL-3.0-or-later
// `reclaimlab-cli quiz`: renders the engine's quiz problems (rlab/engine/quiz.h) as text, in English or
// Simplified Chinese, or as one JSON object written by hand with a fixed key order. Every number goes
// through std::to_chars, so no locale changes a byte: the same seed prints the same bytes.
#include "quiz_command.h"

#include "cli_args.h"
#include "exit_status.h"
#include "json_text.h"

#include <rlab/engine/oom_rules.h>
#include <rlab/engine/quiz.h>
#include <rlab/engine/scenario.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace rlab::cli {

namespace {

using namespace rlab::engine;

constexpr const char* kUsage =
    "Usage:\n"
    "  reclaimlab-cli quiz TOPIC --seed N [--answers] [--json] [--lang en|zh_CN]\n"
    "  reclaimlab-cli quiz --help\n"
    "\n"
    "Draws a homework problem on one Linux 6.1 memory-reclaim rule, in the spirit of the OSTEP\n"
    "homework simulators: each seed gives a fresh problem, and the same TOPIC and seed always print\n"
    "the same bytes. With --answers the answer follows, computed by the simulator's own rule\n"
    "functions, each with a line showing how (the formula with the numbers put in).\n"
    "\n"
    "Topics:\n"
    "  watermarks  zones, min_free_kbytes, watermark_scale_factor -> min/low/high and protection\n"
    "              (mm/page_alloc.c:__setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve())\n"
    "  oom-score   tasks with rss, swap, page tables, oom_score_adj -> badness, oom_score, victim\n"
    "              (mm/oom_kill.c:oom_badness(), fs/proc/base.c:proc_oom_score())\n"
    "  scan-count  LRU sizes, swappiness, anon_cost/file_cost, priority -> mode and pages to scan\n"
    "              (mm/vmscan.c:get_scan_count())\n"
    "  refault     eviction counter, nonresident_age, LRU sizes -> refault distance, activation\n"
    "              (mm/workingset.c:workingset_refault())\n"
    "\n"
    "Options (also accepted as --option=value):\n"
    "  --seed N     Problem number, an integer 0..18446744073709551615 (required).\n"
    "  --answers    Also print the answer and how it is computed.\n"
    "  --json       Print one JSON object instead of text (format: docs/quiz.md).\n"
    "  --lang LANG  en (default) or zh_CN (Simplified Chinese); kernel names stay as they are.\n"
    "  --help, -h   Print this help.\n"
    "\n"
    "Exit status: 0 success; 2 bad usage (one line on stderr naming the allowed values).\n";

constexpr std::string_view kTopicList = "watermarks, oom-score, scan-count, refault";
constexpr std::string_view kOptionList = "--seed N, --answers, --json, --lang en|zh_CN, --help";

enum class Lang : std::uint8_t
{
    En,
    ZhCn,
};

const char* langName(Lang lang)
{
    return lang == Lang::En ? "en" : "zh_CN";
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

template<typename T>
std::string toText(const T& value)
{
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        std::array<char, 24> buf {};
        const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
        return std::string(buf.data(), res.ptr);
    } else {
        return std::string(std::string_view(value));
    }
}

/// Replaces each "{}" of the template by the next argument.
template<typename... Args>
std::string fmt(std::string_view tmpl, const Args&... args)
{
    const std::array<std::string, sizeof...(Args)> parts { toText(args)... };
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '}' && next < parts.size()) {
            out += parts[next++];
            ++i;
        } else {
            out += tmpl[i];
        }
    }
    return out;
}

/// A signed number as a term of a sum: "(-500)" for negatives.
std::string term(std::int64_t value)
{
    return value < 0 ? "(" + toText(value) + ")" : toText(value);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out += separator;
        out += parts[i];
    }
    return out;
}

const char* zoneName(int typeIndex)
{
    return zoneTypeName(static_cast<ZoneType>(typeIndex));
}

constexpr std::array<const char*, 4> kLruNames { "inactive_anon", "active_anon", "inactive_file",
    "active_file" };

std::string jsonString(std::string_view text)
{
    std::string out;
    appendJsonString(out, text);
    return out;
}

std::string jsonBool(bool value)
{
    return value ? "true" : "false";
}

/// A JSON object from already rendered values, in the given key order.
std::string jsonObject(const std::vector<std::pair<std::string_view, std::string>>& fields)
{
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ",";
        appendJsonString(out, fields[i].first);
        out += ":";
        out += fields[i].second;
    }
    return out + "}";
}

std::string jsonArray(const std::vector<std::string>& items)
{
    return "[" + join(items, ",") + "]";
}

template<typename Int, std::size_t N>
std::string jsonIntArray(const std::array<Int, N>& values)
{
    std::vector<std::string> items;
    for (const Int v : values)
        items.push_back(toText(v));
    return jsonArray(items);
}

std::string jsonLru(const std::array<Pages, 4>& sizes)
{
    std::vector<std::pair<std::string_view, std::string>> fields;
    for (std::size_t l = 0; l < 4; ++l)
        fields.emplace_back(kLruNames[l], toText(sizes[l]));
    return jsonObject(fields);
}

/// The text and JSON of one problem and its answer. `how` holds the answer's "how" lines in order.
struct Rendered
{
    std::string problemText;
    std::string answerText;
    std::string problemJson;
    std::vector<std::pair<std::string_view, std::string>> answerFields; ///< without "how"
    std::vector<std::string> how;
};

/// Collects the lines of one rendering in one language.
class Writer
{
public:
    explicit Writer(Lang lang)
        : m_lang(lang)
    {}
    Lang lang() const { return m_lang; }
    bool zh() const { return m_lang == Lang::ZhCn; }
    std::string_view tr(std::string_view en, std::string_view zh) const { return this->zh() ? zh : en; }
    /// A kernel function naming the rule of a "how" line, with the language's colon.
    std::string fn(std::string_view name) const { return std::string(name) + (zh() ? "：" : ": "); }
    void line(std::string_view text)
    {
        m_text += text;
        m_text += '\n';
    }
    void how(std::string_view text, std::vector<std::string>& howLines)
    {
        m_text += tr("    how: ", "    计算：");
        m_text += text;
        m_text += '\n';
        howLines.emplace_back(text);
    }
    std::string take() { return std::exchange(m_text, {}); }

private:
    Lang m_lang;
    std::string m_text;
};

// ---------------------------------------------------------------------------------------------------------
// watermarks

std::string ramText(std::uint64_t mib)
{
    return mib % 1024 == 0 ? toText(mib / 1024) + " GiB" : toText(mib) + " MiB";
}

std::string paddedZone(int typeIndex)
{
    std::string name = zoneName(typeIndex);
    name.resize(std::max<std::size_t>(name.size(), 6), ' ');
    return name;
}

std::string protectionText(const ZoneWatermarks& marks)
{
    std::vector<std::string> items;
    for (const Pages p : marks.lowmemReserve)
        items.push_back(toText(p));
    return "(" + join(items, ", ") + ")";
}

/// The "how" of setup_per_zone_lowmem_reserve() for zone i.
std::string protectionHow(const WatermarkProblem& p, const WatermarkAnswer& a, std::size_t i, const Writer& w)
{
    const ZoneSize& zone = p.zones[i];
    const std::string fn = w.fn("mm/page_alloc.c:setup_per_zone_lowmem_reserve()");
    const int ratio = p.lowmemReserveRatio[static_cast<std::size_t>(zone.typeIndex)];
    if (ratio == 0)
        return fn
            + fmt(w.tr("lowmem_reserve_ratio[{}] = 0, so no protection: every entry is 0",
                      "lowmem_reserve_ratio[{}] = 0，不设保护：每一项都是 0"),
                zoneName(zone.typeIndex));
    std::vector<std::string> terms;
    std::vector<std::string> parts;
    for (int j = zone.typeIndex + 1; j < kMaxNrZones; ++j) {
        for (const ZoneSize& upper : p.zones) {
            if (upper.node == zone.node && upper.typeIndex == j)
                terms.push_back(toText(upper.managed));
        }
        const std::string sum = terms.empty() ? "0"
            : terms.size() == 1               ? terms[0]
                                              : "(" + join(terms, " + ") + ")";
        parts.push_back(fmt("{} {} / {} = {}", zoneName(j), sum, ratio,
            a.zones[i].lowmemReserve[static_cast<std::size_t>(j)]));
    }
    return fn
        + fmt(w.tr("protection[j] = (managed of this node's zones above {} up to j) / "
                   "lowmem_reserve_ratio[{}]: ",
                  "protection[j] = （本节点中 {} 之上、直到 j 的各 zone 的 managed 之和）/ "
                  "lowmem_reserve_ratio[{}]："),
            zoneName(zone.typeIndex), zoneName(zone.typeIndex))
        + join(parts, "; ");
}

Rendered renderWatermarks(const WatermarkProblem& p, const WatermarkAnswer& a, Lang lang)
{
    Rendered r;
    Writer w(lang);

    if (p.nodes == 1)
        w.line(
            fmt(w.tr("A Linux 6.1 x86-64 machine (4 KiB pages) with {} of RAM on one NUMA node. Its "
                     "populated zones:",
                    "一台 Linux 6.1 x86-64 机器（页大小 4 KiB），内存 {}，只有一个 NUMA 节点。各个已填充的 "
                    "zone："),
                ramText(p.nodeRamMib)));
    else
        w.line(fmt(w.tr("A Linux 6.1 x86-64 machine (4 KiB pages) with {} NUMA nodes of {} RAM each. Its "
                        "populated zones:",
                       "一台 Linux 6.1 x86-64 机器（页大小 4 KiB），有 {} 个 NUMA 节点，每个节点内存 "
                       "{}。各个已填充的 "
                       "zone："),
            p.nodes, ramText(p.nodeRamMib)));
    for (const ZoneSize& z : p.zones)
        w.line(fmt(w.tr("  Node {}, zone {} managed {} pages", "  Node {}, zone {} managed {} 页"), z.node,
            paddedZone(z.typeIndex), z.managed));
    w.line(w.tr("Sysctls:", "sysctl 设置："));
    if (p.userMinFreeKbytes)
        w.line(fmt(w.tr("  vm.min_free_kbytes = {} (written by the user)",
                       "  vm.min_free_kbytes = {}（由用户写入）"),
            *p.userMinFreeKbytes));
    else
        w.line(
            fmt(w.tr("  vm.min_free_kbytes: never written, so the kernel's boot default applies "
                     "(transparent_hugepage={})",
                    "  vm.min_free_kbytes：从未写入，使用内核启动时计算的默认值（transparent_hugepage={}）"),
                p.thpConfigured ? "always" : "never"));
    w.line(fmt("  vm.watermark_scale_factor = {}", p.watermarkScaleFactor));
    w.line(fmt("  vm.lowmem_reserve_ratio = {} {} {} {} {}", p.lowmemReserveRatio[0], p.lowmemReserveRatio[1],
        p.lowmemReserveRatio[2], p.lowmemReserveRatio[3], p.lowmemReserveRatio[4]));
    w.line(w.tr(
        "Question: what are the min, low and high watermarks and the protection array (lowmem_reserve, "
        "as /proc/zoneinfo prints it) of every zone, in pages?",
        "问题：每个 zone 的 min、low、high 水位线和 protection 数组（即 lowmem_reserve，与 /proc/zoneinfo "
        "的显示一致）各是多少页？"));
    if (!p.userMinFreeKbytes)
        w.line(w.tr("(Work out min_free_kbytes first.)", "（先算出 min_free_kbytes。）"));
    r.problemText = w.take();

    // Answer.
    w.line(fmt(w.tr("  min_free_kbytes = {}", "  min_free_kbytes = {}"), a.minFreeKbytes));
    if (!p.userMinFreeKbytes) {
        std::string how =
            fmt(w.tr("mm/page_alloc.c:calculate_min_free_kbytes(): clamp(int_sqrt(16 * "
                     "lowmem_kbytes), 128, 262144) = {}, lowmem_kbytes being the free kB of "
                     "DMA..Normal at boot",
                    "mm/page_alloc.c:calculate_min_free_kbytes()：clamp(int_sqrt(16 * "
                    "lowmem_kbytes), 128, 262144) = {}，其中 lowmem_kbytes 是启动时 DMA..Normal "
                    "的空闲 kB 数"),
                a.sqrtRuleKbytes);
        if (!a.thpEnabled) {
            how += w.tr("; THP is off (transparent_hugepage=never, or under 512 MiB of RAM), so khugepaged "
                        "does not raise it",
                "；THP 已关闭（transparent_hugepage=never，或内存不足 512 MiB），khugepaged 不会提高它");
        } else if (a.minFreeKbytes > a.sqrtRuleKbytes) {
            int nrZones = 0;
            for (const ZoneSize& z : p.zones)
                nrZones += z.present > 0 && z.typeIndex <= static_cast<int>(ZoneType::Normal) ? 1 : 0;
            how += fmt(w.tr("; then mm/khugepaged.c:set_recommended_min_free_kbytes() raises it to 4 * "
                            "min(pageblock_nr_pages * nr_zones * (2 + MIGRATE_PCPTYPES^2), "
                            "nr_free_buffer_pages() / 20) = 4 * min(512 * {} * 11, …) = {}",
                           "；随后 mm/khugepaged.c:set_recommended_min_free_kbytes() 把它提高到 4 * "
                           "min(pageblock_nr_pages * nr_zones * (2 + MIGRATE_PCPTYPES^2), "
                           "nr_free_buffer_pages() / 20) = 4 * min(512 * {} * 11, …) = {}"),
                nrZones, a.minFreeKbytes);
        } else {
            how += w.tr("; mm/khugepaged.c:set_recommended_min_free_kbytes() recommends no more, so it stays",
                "；mm/khugepaged.c:set_recommended_min_free_kbytes() 建议的值不更高，因此保持不变");
        }
        w.how(how, r.how);
    }
    w.line(fmt("  pages_min = min_free_kbytes >> 2 = {} >> 2 = {}", a.minFreeKbytes, a.pagesMin));
    std::vector<std::string> managed;
    for (const ZoneSize& z : p.zones)
        managed.push_back(toText(z.managed));
    w.line(fmt(w.tr("  lowmem_pages = Σ managed (every zone: x86-64 has no highmem) = {} = {}",
                   "  lowmem_pages = Σ managed（所有 zone：x86-64 没有 highmem）= {} = {}"),
        join(managed, " + "), a.lowmemPages));

    std::vector<std::string> zonesJson;
    for (std::size_t i = 0; i < p.zones.size(); ++i) {
        const ZoneSize& z = p.zones[i];
        const ZoneWatermarks& m = a.zones[i];
        const Pages gap = m.low - m.min;
        w.line(fmt(w.tr("  Node {}, zone {}: min {}, low {}, high {}, protection: {}",
                       "  Node {}, zone {}：min {}，low {}，high {}，protection：{}"),
            z.node, zoneName(z.typeIndex), m.min, m.low, m.high, protectionText(m)));
        w.how(w.fn("mm/page_alloc.c:__setup_per_zone_wmarks()")
                + fmt("min = pages_min * managed / lowmem_pages = {} * "
                      "{} / {} = {}; gap = max(min / 4, mult_frac(managed, watermark_scale_factor, 10000)) = "
                      "max({}, {}) = {}; low = min + gap = {}; high = low + gap = {}",
                    a.pagesMin, z.managed, a.lowmemPages, m.min, m.min >> 2, a.scaled[i], gap, m.low, m.high),
            r.how);
        w.how(protectionHow(p, a, i, w), r.how);
        std::vector<std::string> protection;
        for (const Pages v : m.lowmemReserve)
            protection.push_back(toText(v));
        zonesJson.push_back(jsonObject({ { "node", toText(z.node) },
            { "zone", jsonString(zoneName(z.typeIndex)) }, { "min", toText(m.min) }, { "low", toText(m.low) },
            { "high", toText(m.high) }, { "gap", toText(gap) }, { "protection", jsonArray(protection) } }));
    }
    r.answerText = w.take();

    std::vector<std::string> problemZones;
    for (const ZoneSize& z : p.zones)
        problemZones.push_back(
            jsonObject({ { "node", toText(z.node) }, { "zone", jsonString(zoneName(z.typeIndex)) },
                { "present", toText(z.present) }, { "managed", toText(z.managed) } }));
    r.problemJson = jsonObject({ { "nodes", toText(p.nodes) }, { "node_ram_mib", toText(p.nodeRamMib) },
        { "zones", jsonArray(problemZones) },
        { "min_free_kbytes", p.userMinFreeKbytes ? toText(*p.userMinFreeKbytes) : "null" },
        { "transparent_hugepage", jsonString(p.thpConfigured ? "always" : "never") },
        { "watermark_scale_factor", toText(p.watermarkScaleFactor) },
        { "lowmem_reserve_ratio", jsonIntArray(p.lowmemReserveRatio) } });
    r.answerFields = { { "min_free_kbytes", toText(a.minFreeKbytes) },
        { "thp_enabled", jsonBool(a.thpEnabled) }, { "sqrt_rule_kbytes", toText(a.sqrtRuleKbytes) },
        { "pages_min", toText(a.pagesMin) }, { "lowmem_pages", toText(a.lowmemPages) },
        { "zones", jsonArray(zonesJson) } };
    return r;
}

// ---------------------------------------------------------------------------------------------------------
// oom-score

std::string padLeft(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string taskLabel(const OomQuizTask& t)
{
    return fmt("pid {} {}", t.pid, t.name);
}

Rendered renderOom(const OomProblem& p, const OomAnswer& a, Lang lang)
{
    Rendered r;
    Writer w(lang);
    const Pages k = kPageSize / 1024;

    if (p.totalSwapPages > 0)
        w.line(fmt(w.tr("A global OOM (no memcg, cpuset or mempolicy constraint) on a machine with "
                        "totalram_pages = {} (MemTotal {} kB) and total_swap_pages = {} (SwapTotal {} kB).",
                       "一次全局 OOM（没有 memcg、cpuset 或 mempolicy 限制），机器的 totalram_pages = {}"
                       "（MemTotal {} kB），total_swap_pages = {}（SwapTotal {} kB）。"),
            p.totalramPages, p.totalramPages * k, p.totalSwapPages, p.totalSwapPages * k));
    else
        w.line(fmt(w.tr("A global OOM (no memcg, cpuset or mempolicy constraint) on a machine with "
                        "totalram_pages = {} (MemTotal {} kB) and no swap (total_swap_pages = 0).",
                       "一次全局 OOM（没有 memcg、cpuset 或 mempolicy 限制），机器的 totalram_pages = {}"
                       "（MemTotal {} kB），没有 swap（total_swap_pages = 0）。"),
            p.totalramPages, p.totalramPages * k));
    if (p.statusView) {
        w.line(w.tr("The tasks, from /proc/<pid>/status (VmRSS, VmSwap and VmPTE in kB) and "
                    "/proc/<pid>/oom_score_adj:",
            "各任务的信息，取自 /proc/<pid>/status（VmRSS、VmSwap、VmPTE 以 kB 为单位）和 "
            "/proc/<pid>/oom_score_adj："));
        for (const OomQuizTask& t : p.tasks)
            w.line(fmt(w.tr("  {}{}: VmRSS {} kB, VmSwap {} kB, VmPTE {} kB, oom_score_adj {}",
                           "  {}{}：VmRSS {} kB，VmSwap {} kB，VmPTE {} kB，oom_score_adj {}"),
                taskLabel(t), t.init ? w.tr(" (init)", "（init）") : "", t.rss * k, t.swapEnts * k,
                t.pgtablesBytes / 1024, t.oomScoreAdj));
    } else {
        w.line(w.tr("The tasks, as the OOM killer's dump_tasks() lists them (rss and swapents in pages, "
                    "pgtables_bytes in bytes):",
            "各任务的信息，按 OOM killer 的 dump_tasks() 输出列出（rss 和 swapents "
            "以页为单位，pgtables_bytes "
            "以字节为单位）："));
        w.line("  [  pid  ]      rss pgtables_bytes swapents oom_score_adj name");
        for (const OomQuizTask& t : p.tasks)
            w.line(fmt("  [{}] {} {} {} {} {}", padLeft(toText(t.pid), 7), padLeft(toText(t.rss), 8),
                padLeft(toText(t.pgtablesBytes), 14), padLeft(toText(t.swapEnts), 8),
                padLeft(toText(t.oomScoreAdj), 13), t.name));
    }
    w.line(w.tr("Question: what is each task's badness (oom_badness()) and /proc/<pid>/oom_score, and which "
                "task does the OOM killer kill?",
        "问题：每个任务的 badness（oom_badness()）和 /proc/<pid>/oom_score 各是多少？OOM killer "
        "会杀死哪个任务？"));
    r.problemText = w.take();

    const Pages unit = a.totalpages / 1000;
    w.line(fmt("  totalpages = totalram_pages + total_swap_pages = {} + {} = {}; totalpages / 1000 = {}",
        p.totalramPages, p.totalSwapPages, a.totalpages, unit));
    std::vector<std::string> tasksJson;
    for (std::size_t i = 0; i < p.tasks.size(); ++i) {
        const OomQuizTask& t = p.tasks[i];
        const auto& badness = a.badness[i];
        w.line(fmt(w.tr("  {}: badness {}, oom_score {}", "  {}：badness {}，oom_score {}"), taskLabel(t),
            badness ? toText(*badness)
                    : std::string(w.tr("LONG_MIN (never chosen)", "LONG_MIN（永不被选中）")),
            a.oomScore[i]));
        if (t.init) {
            w.how(w.tr("mm/oom_kill.c:oom_badness(): pid 1 is init, unkillable (oom_unkillable_task()) -> "
                       "LONG_MIN; fs/proc/base.c:proc_oom_score() prints 0",
                      "mm/oom_kill.c:oom_badness()：pid 1 是 init，不可杀（oom_unkillable_task()）-> "
                      "LONG_MIN；fs/proc/base.c:proc_oom_score() 输出 0"),
                r.how);
        } else if (!badness) {
            w.how(w.tr("mm/oom_kill.c:oom_badness(): oom_score_adj = -1000 (OOM_SCORE_ADJ_MIN) -> LONG_MIN, "
                       "never chosen; fs/proc/base.c:proc_oom_score() prints 0",
                      "mm/oom_kill.c:oom_badness()：oom_score_adj = -1000（OOM_SCORE_ADJ_MIN）-> LONG_MIN，"
                      "永不被选中；fs/proc/base.c:proc_oom_score() 输出 0"),
                r.how);
        } else {
            std::string how;
            if (p.statusView)
                how = fmt(w.tr("rss = VmRSS / 4 = {}, swapents = VmSwap / 4 = {}, pgtables_bytes = VmPTE * "
                               "1024 = {}; ",
                              "rss = VmRSS / 4 = {}，swapents = VmSwap / 4 = {}，pgtables_bytes = VmPTE * "
                              "1024 = {}；"),
                    t.rss, t.swapEnts, t.pgtablesBytes);
            const std::int64_t scaled = *badness * 1000 / static_cast<std::int64_t>(a.totalpages);
            how += fmt(
                w.tr("mm/oom_kill.c:oom_badness(): rss + swapents + pgtables_bytes / 4096 + oom_score_adj "
                     "* (totalpages / 1000) = {} + {} + {} / 4096 + {} * {} = {}; "
                     "fs/proc/base.c:proc_oom_score(): (1000 + badness * 1000 / totalpages) * 2 / 3 = "
                     "(1000 + {}) * 2 / 3 = {}",
                    "mm/oom_kill.c:oom_badness()：rss + swapents + pgtables_bytes / 4096 + oom_score_adj "
                    "* (totalpages / 1000) = {} + {} + {} / 4096 + {} * {} = {}；"
                    "fs/proc/base.c:proc_oom_score()：(1000 + badness * 1000 / totalpages) * 2 / 3 = "
                    "(1000 + {}) * 2 / 3 = {}"),
                t.rss, t.swapEnts, t.pgtablesBytes, term(t.oomScoreAdj), unit, *badness, term(scaled),
                a.oomScore[i]);
            w.how(how, r.how);
        }
        tasksJson.push_back(jsonObject({ { "pid", toText(t.pid) }, { "name", jsonString(t.name) },
            { "badness", badness ? toText(*badness) : "null" }, { "oom_score", toText(a.oomScore[i]) } }));
    }
    std::string victimJson = "null";
    if (a.victim) {
        const OomQuizTask& v = p.tasks[*a.victim];
        w.line(fmt(w.tr("  Victim: {} (badness {})", "  被杀的任务：{}（badness {}）"), taskLabel(v),
            *a.badness[*a.victim]));
        std::string how(w.tr("mm/oom_kill.c:select_bad_process(): the highest badness wins, and of equal "
                             "badness the later task in the list (oom_evaluate_task() skips only points < "
                             "chosen_points)",
            "mm/oom_kill.c:select_bad_process()：badness 最高者被选中；badness 相同时，列表中靠后的任务胜出"
            "（oom_evaluate_task() 只跳过 points < chosen_points 的任务）"));
        for (const std::size_t i : a.tiedWithVictim)
            how +=
                fmt(w.tr("; {} has the same badness but comes earlier", "；{} 的 badness 相同，但排在前面"),
                    taskLabel(p.tasks[i]));
        w.how(how, r.how);
        victimJson = jsonObject(
            { { "index", toText(*a.victim) }, { "pid", toText(v.pid) }, { "name", jsonString(v.name) } });
    } else {
        w.line(w.tr("  Victim: none", "  被杀的任务：无"));
        w.how(
            w.tr(
                "mm/oom_kill.c:select_bad_process(): every task is unkillable (LONG_MIN), so out_of_memory() "
                "panics: \"Out of memory and no killable processes...\"",
                "mm/oom_kill.c:select_bad_process()：所有任务都不可杀（LONG_MIN），out_of_memory() 因此 "
                "panic：\"Out of memory and no killable processes...\""),
            r.how);
    }
    r.answerText = w.take();

    std::vector<std::string> problemTasks;
    for (const OomQuizTask& t : p.tasks)
        problemTasks.push_back(
            jsonObject({ { "pid", toText(t.pid) }, { "name", jsonString(t.name) }, { "rss", toText(t.rss) },
                { "swapents", toText(t.swapEnts) }, { "pgtables_bytes", toText(t.pgtablesBytes) },
                { "oom_score_adj", toText(t.oomScoreAdj) }, { "init", jsonBool(t.init) } }));
    r.problemJson = jsonObject(
        { { "totalram_pages", toText(p.totalramPages) }, { "total_swap_pages", toText(p.totalSwapPages) },
            { "view", jsonString(p.statusView ? "status" : "dump_tasks") },
            { "tasks", jsonArray(problemTasks) } });
    r.answerFields = { { "totalpages", toText(a.totalpages) }, { "tasks", jsonArray(tasksJson) },
        { "victim", victimJson } };
    return r;
}

// ---------------------------------------------------------------------------------------------------------
// scan-count

const char* modeKernelName(ScanBalanceMode mode)
{
    static constexpr const char* kNames[] = { "SCAN_EQUAL", "SCAN_FRACT", "SCAN_FILE", "SCAN_ANON" };
    return kNames[static_cast<int>(mode)];
}

std::string yesNo(bool value, const Writer& w)
{
    return std::string(value ? w.tr("yes", "是") : w.tr("no", "否"));
}

Rendered renderScanCount(const ScanCountProblem& p, const ScanCountAnswer& a, Lang lang)
{
    Rendered r;
    Writer w(lang);
    const ScanCountInput& in = p.input;
    const ScanCountResult& res = a.result;

    w.line(
        w.tr("Global reclaim (kswapd or direct reclaim, no memcg) scans one node's lruvec. Its LRU lists, in "
             "pages:",
            "全局回收（kswapd 或直接回收，没有 memcg）扫描某个节点的 lruvec。各 LRU 链表的页数："));
    w.line(fmt("  inactive_anon {}, active_anon {}, inactive_file {}, active_file {}", in.lruSizes[0],
        in.lruSizes[1], in.lruSizes[2], in.lruSizes[3]));
    w.line(fmt("  vm.swappiness = {}", in.swappiness));
    w.line(fmt("  lruvec->anon_cost = {}, lruvec->file_cost = {}", in.anonCost, in.fileCost));
    w.line(fmt("  sc->priority = {}", in.priority));
    w.line(fmt(w.tr("  free swap space: {} (can_reclaim_anon_pages())",
                   "  有空闲的 swap 空间：{}（can_reclaim_anon_pages()）"),
        yesNo(in.swapSpaceFree, w)));
    w.line(fmt("  sc->file_is_tiny = {}, sc->cache_trim_mode = {}", in.fileIsTiny ? 1 : 0,
        in.cacheTrimMode ? 1 : 0));
    w.line(w.tr(
        "Question: which balance mode does get_scan_count() choose, with which fractions, and how many "
        "pages does it scan from each list (nr[])?",
        "问题：get_scan_count() 选择哪种平衡模式？比例（fraction）是多少？每个链表各扫描多少页（nr[]）？"));
    r.problemText = w.take();

    w.line(fmt(w.tr("  mode {}", "  模式 {}"), modeKernelName(res.mode)));
    std::string why;
    if (!in.swapSpaceFree)
        why = w.tr(
            "no free swap space (can_reclaim_anon_pages() is false) -> SCAN_FILE: the anon lists are not "
            "scanned",
            "没有空闲的 swap 空间（can_reclaim_anon_pages() 为假）-> SCAN_FILE：不扫描匿名页链表");
    else if (in.priority == 0 && in.swappiness != 0)
        why = w.tr("priority 0 and swappiness != 0 -> SCAN_EQUAL: every list is scanned by its size",
            "priority 为 0 且 swappiness != 0 -> SCAN_EQUAL：每个链表按其大小扫描");
    else if (in.fileIsTiny)
        why = w.tr("swap space is free and file_is_tiny -> SCAN_ANON: the file lists are not scanned",
            "有空闲的 swap 空间且 file_is_tiny -> SCAN_ANON：不扫描文件页链表");
    else if (in.cacheTrimMode)
        why =
            w.tr("swap space is free, file is not tiny, cache_trim_mode -> SCAN_FILE: the anon lists are not "
                 "scanned",
                "有空闲的 swap 空间，文件页不算少，cache_trim_mode -> SCAN_FILE：不扫描匿名页链表");
    else
        why = w.tr("swap space is free, no last-ditch equal scan (priority > 0 or swappiness 0), file is not "
                   "tiny, no cache_trim_mode -> SCAN_FRACT",
            "有空闲的 swap 空间，不做最后的平均扫描（priority > 0 或 swappiness 为 0），文件页不算少，没有 "
            "cache_trim_mode -> SCAN_FRACT");
    w.how(w.fn("mm/vmscan.c:get_scan_count()") + why, r.how);

    const bool fract = res.mode == ScanBalanceMode::Fract;
    if (fract) {
        const std::uint64_t total = in.anonCost + in.fileCost;
        const std::uint64_t anonCost = total + in.anonCost;
        const std::uint64_t fileCost = total + in.fileCost;
        w.line(fmt("  fraction[anon] = {}, fraction[file] = {}, denominator = {}", res.fractionAnon,
            res.fractionFile, res.denominator));
        w.how(
            fmt("total = anon_cost + file_cost = {} + {} = {}; anon_cost = total + anon_cost = {}; file_cost "
                "= "
                "total + file_cost = {}; total = anon_cost + file_cost = {}; ap = swappiness * (total + 1) / "
                "(anon_cost + 1) = {} * {} / {} = {}; fp = (200 - swappiness) * (total + 1) / (file_cost + "
                "1) "
                "= {} * {} / {} = {}; denominator = ap + fp = {}",
                in.anonCost, in.fileCost, total, anonCost, fileCost, anonCost + fileCost, in.swappiness,
                anonCost + fileCost + 1, anonCost + 1, res.fractionAnon, 200 - in.swappiness,
                anonCost + fileCost + 1, fileCost + 1, res.fractionFile, res.denominator),
            r.how);
    }
    w.line(fmt("  nr[]: inactive_anon {}, active_anon {}, inactive_file {}, active_file {}", res.nr[0],
        res.nr[1], res.nr[2], res.nr[3]));
    std::vector<std::string> parts;
    for (std::size_t l = 0; l < 4; ++l) {
        const bool file = l >= 2;
        const std::string shifted = fmt("{} >> {} = {}", in.lruSizes[l], in.priority, a.shifted[l]);
        if (fract)
            parts.push_back(fmt("{} ({} >> {}) * {} / {} = {} * {} / {} = {}", kLruNames[l], in.lruSizes[l],
                in.priority, file ? res.fractionFile : res.fractionAnon, res.denominator, a.shifted[l],
                file ? res.fractionFile : res.fractionAnon, res.denominator, res.nr[l]));
        else if ((res.mode == ScanBalanceMode::File && !file) || (res.mode == ScanBalanceMode::Anon && file))
            parts.push_back(fmt("{} 0", kLruNames[l]));
        else
            parts.push_back(fmt("{} {}", kLruNames[l], shifted));
    }
    std::string rule;
    switch (res.mode) {
    case ScanBalanceMode::Fract:
        rule = w.tr("scan = (size >> priority) * fraction / denominator: ",
            "scan = (size >> priority) * fraction / denominator：");
        break;
    case ScanBalanceMode::Equal:
        rule = w.tr("scan = size >> priority: ", "scan = size >> priority：");
        break;
    case ScanBalanceMode::File:
        rule = w.tr("scan = size >> priority for the file lists, 0 for anon: ",
            "文件页链表 scan = size >> priority，匿名页链表为 0：");
        break;
    case ScanBalanceMode::Anon:
        rule = w.tr("scan = size >> priority for the anon lists, 0 for file: ",
            "匿名页链表 scan = size >> priority，文件页链表为 0：");
        break;
    }
    w.how(rule + join(parts, "; "), r.how);
    r.answerText = w.take();

    r.problemJson = jsonObject({ { "lru", jsonLru(in.lruSizes) }, { "swappiness", toText(in.swappiness) },
        { "anon_cost", toText(in.anonCost) }, { "file_cost", toText(in.fileCost) },
        { "priority", toText(in.priority) }, { "swap_space_free", jsonBool(in.swapSpaceFree) },
        { "file_is_tiny", jsonBool(in.fileIsTiny) }, { "cache_trim_mode", jsonBool(in.cacheTrimMode) } });
    r.answerFields = { { "mode", jsonString(scanBalanceModeName(res.mode)) },
        { "fraction_anon", fract ? toText(res.fractionAnon) : "null" },
        { "fraction_file", fract ? toText(res.fractionFile) : "null" },
        { "denominator", fract ? toText(res.denominator) : "null" }, { "nr", jsonLru(res.nr) } };
    return r;
}

// ---------------------------------------------------------------------------------------------------------
// refault

Rendered renderRefault(const RefaultProblem& p, const RefaultAnswer& a, Lang lang)
{
    Rendered r;
    Writer w(lang);
    const auto& s = p.lruSizes;

    if (p.file)
        w.line(
            fmt(w.tr("A file page refaults: its shadow entry in the page cache says it was evicted when the "
                     "node's nonresident_age was {} (eviction). Now:",
                    "一个文件页发生 refault：它在 page cache 中的 shadow 条目记录着，它被回收时节点的 "
                    "nonresident_age 为 {}（eviction）。当前："),
                p.eviction));
    else
        w.line(
            fmt(w.tr("An anonymous page refaults from swap: its shadow entry in the swap cache says it was "
                     "evicted when the node's nonresident_age was {} (eviction). Now:",
                    "一个匿名页从 swap 中 refault：它在 swap cache 中的 shadow 条目记录着，它被回收时节点的 "
                    "nonresident_age 为 {}（eviction）。当前："),
                p.eviction));
    w.line(fmt(w.tr("  lruvec->nonresident_age = {} (the counters wrap at EVICTION_MASK = {}: ReclaimLab's "
                    "shadow entries keep 29 bits)",
                   "  lruvec->nonresident_age = {}（计数器在 EVICTION_MASK = {} 处回绕：ReclaimLab 的 shadow "
                   "条目保留 29 位）"),
        p.nonresidentAge, kQuizEvictionMask));
    w.line(fmt(w.tr("  inactive_anon {}, active_anon {}, inactive_file {}, active_file {} (pages)",
                   "  inactive_anon {}，active_anon {}，inactive_file {}，active_file {}（页）"),
        s[0], s[1], s[2], s[3]));
    w.line(fmt(w.tr("  free swap space: {}", "  有空闲的 swap 空间：{}"), yesNo(p.swapFree, w)));
    w.line(w.tr("Question: what is the refault distance, and does workingset_refault() activate the page?",
        "问题：refault distance 是多少？workingset_refault() 会激活这个页吗？"));
    r.problemText = w.take();

    w.line(fmt("  refault distance = {}", a.distance));
    const std::string fn = w.fn("mm/workingset.c:workingset_refault()");
    w.how(fn
            + fmt("(nonresident_age - eviction) & EVICTION_MASK = ({} - "
                  "{}) & "
                  "{} = {}",
                p.nonresidentAge, p.eviction, kQuizEvictionMask, a.distance),
        r.how);
    std::vector<std::string> names { "active_file" };
    std::vector<std::string> values { toText(s[3]) };
    if (!p.file) {
        names.emplace_back("inactive_file");
        values.push_back(toText(s[2]));
    }
    if (p.swapFree) {
        names.emplace_back("active_anon");
        values.push_back(toText(s[1]));
        if (p.file) {
            names.emplace_back("inactive_anon");
            values.push_back(toText(s[0]));
        }
    }
    std::string why;
    if (p.file)
        why = p.swapFree
            ? w.tr("a file page competes with active_file and, as swap space is free, with both anon "
                   "lists",
                "文件页与 active_file 竞争；由于有空闲的 swap 空间，也与两个匿名页链表竞争")
            : w.tr("a file page competes with active_file; with no free swap space anon cannot be "
                   "reclaimed, so it does not count",
                "文件页与 active_file 竞争；没有空闲的 swap 空间时匿名页无法回收，不计入");
    else
        why = p.swapFree ? w.tr("an anon page competes with both file lists and, as swap space is free, with "
                                "active_anon",
                  "匿名页与两个文件页链表竞争；由于有空闲的 swap 空间，也与 active_anon 竞争")
                         : w.tr("an anon page competes with both file lists; with no free swap space "
                                "active_anon does not count",
                             "匿名页与两个文件页链表竞争；没有空闲的 swap 空间时 active_anon 不计入");
    w.line(fmt("  workingset_size = {}", a.workingsetSize));
    w.how(fn
            + fmt(w.tr("workingset_size = {} = {} = {} ({})", "workingset_size = {} = {} = {}（{}）"),
                join(names, " + "), join(values, " + "), a.workingsetSize, why),
        r.how);
    w.line(fmt(w.tr("  activated: {}", "  是否激活：{}"), yesNo(a.activates, w)));
    if (a.activates)
        w.how(fn
                + fmt(
                    w.tr("refault distance {} <= workingset_size {}: folio_set_active(), so the page goes on "
                         "the active list; workingset_age_nonresident(), workingset_activate_{} += 1",
                        "refault distance {} <= workingset_size {}：folio_set_active()，该页进入 active "
                        "链表；workingset_age_nonresident()，workingset_activate_{} 加 1"),
                    a.distance, a.workingsetSize, p.file ? "file" : "anon"),
            r.how);
    else
        w.how(fn
                + fmt(
                    w.tr("refault distance {} > workingset_size {}: the page could not have stayed resident "
                         "even with all that memory, so it goes on the inactive list",
                        "refault distance {} > workingset_size {}：即使把这些内存都给它也留不下来，所以该页"
                        "进入 inactive 链表"),
                    a.distance, a.workingsetSize),
            r.how);
    r.answerText = w.take();

    r.problemJson =
        jsonObject({ { "page", jsonString(p.file ? "file" : "anon") }, { "eviction", toText(p.eviction) },
            { "nonresident_age", toText(p.nonresidentAge) }, { "eviction_mask", toText(kQuizEvictionMask) },
            { "lru", jsonLru(p.lruSizes) }, { "swap_free", jsonBool(p.swapFree) } });
    r.answerFields = { { "refault_distance", toText(a.distance) },
        { "workingset_size", toText(a.workingsetSize) }, { "activate", jsonBool(a.activates) } };
    return r;
}

Rendered render(QuizTopic topic, std::uint64_t seed, Lang lang)
{
    switch (topic) {
    case QuizTopic::Watermarks: {
        const auto p = makeWatermarkProblem(seed);
        return renderWatermarks(p, solveWatermarkProblem(p), lang);
    }
    case QuizTopic::OomScore: {
        const auto p = makeOomProblem(seed);
        return renderOom(p, solveOomProblem(p), lang);
    }
    case QuizTopic::ScanCount: {
        const auto p = makeScanCountProblem(seed);
        return renderScanCount(p, solveScanCountProblem(p), lang);
    }
    case QuizTopic::Refault:
        break;
    }
    const auto p = makeRefaultProblem(seed);
    return renderRefault(p, solveRefaultProblem(p), lang);
}

// ---------------------------------------------------------------------------------------------------------
// Arguments

struct QuizOptions
{
    std::optional<QuizTopic> topic;
    std::optional<std::uint64_t> seed;
    bool answers = false;
    bool json = false;
    Lang lang = Lang::En;
    bool help = false;
};

/// Parses the arguments after "quiz". Returns an error message, or nullopt.
std::optional<std::string> parseQuizOptions(const std::vector<std::string>& args, QuizOptions& options)
{
    std::optional<std::string> topicName;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            options.help = true;
            return std::nullopt;
        }
        if (arg.empty() || arg[0] != '-') {
            if (topicName)
                return "quiz: takes one TOPIC, got '" + *topicName + "' and '" + arg
                    + "'; topics: " + std::string(kTopicList);
            topicName = arg;
            if (!(options.topic = findQuizTopic(arg)))
                return "quiz: unknown topic '" + arg + "'; topics: " + std::string(kTopicList);
            continue;
        }
        std::string flag = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            flag = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (flag == "--answers" || flag == "--json") {
            if (inlineValue)
                return flag + " takes no value";
            (flag == "--answers" ? options.answers : options.json) = true;
            continue;
        }
        if (flag != "--seed" && flag != "--lang")
            return "quiz: unknown option '" + flag + "'; allowed: " + std::string(kOptionList);
        std::string value;
        if (inlineValue)
            value = *inlineValue;
        else if (i + 1 < args.size())
            value = args[++i];
        else
            return flag == "--seed" ? "--seed needs a value: an integer 0..18446744073709551615"
                                    : "--lang needs a value: en or zh_CN";
        if (flag == "--seed") {
            const auto seed = parseUnsigned(value);
            if (!seed)
                return seedError(value);
            options.seed = *seed;
        } else if (value == "en") {
            options.lang = Lang::En;
        } else if (value == "zh_CN") {
            options.lang = Lang::ZhCn;
        } else {
            return "--lang: '" + value + "' is not allowed; expected en or zh_CN";
        }
    }
    if (!options.topic)
        return "quiz: missing TOPIC; topics: " + std::string(kTopicList);
    if (!options.seed)
        return "quiz: missing --seed N; expected an integer 0..18446744073709551615";
    return std::nullopt;
}

} // namespace

const char* quizUsage()
{
    return kUsage;
}

int quizCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    QuizOptions options;
    if (args.empty()) {
        out << kUsage;
        return kExitOk;
    }
    if (auto error = parseQuizOptions(args, options); options.help) {
        out << kUsage;
        return kExitOk;
    } else if (error) {
        err << "reclaimlab-cli: " << *error << "\n";
        return kExitUsage;
    }

    const QuizTopic topic = *options.topic;
    const std::uint64_t seed = *options.seed;
    const Rendered r = render(topic, seed, options.lang);
    std::string text;
    if (options.json) {
        std::vector<std::pair<std::string_view, std::string>> fields {
            { "topic", jsonString(quizTopicName(topic)) }, { "seed", toText(seed) },
            { "lang", jsonString(langName(options.lang)) }, { "problem", r.problemJson }
        };
        if (options.answers) {
            auto answer = r.answerFields;
            std::vector<std::string> how;
            for (const std::string& h : r.how)
                how.push_back(jsonString(h));
            answer.emplace_back("how", jsonArray(how));
            fields.emplace_back("answer", jsonObject(answer));
        }
        text = jsonObject(fields) + "\n";
    } else {
        const bool zh = options.lang == Lang::ZhCn;
        text = fmt(zh ? "ReclaimLab 练习：{}（种子 {}）\n\n" : "ReclaimLab quiz: {} (seed {})\n\n",
            quizTopicName(topic), seed);
        text += r.problemText;
        if (options.answers) {
            text += zh ? "\n答案：\n" : "\nAnswer:\n";
            text += r.answerText;
        }
    }
    out << text;
    return kExitOk;
}

} // namespace rlab::cli
