// SPDX-License-Identifier: GPL-3.0-or-later
// The quiz problem generators. Each draw goes through engine::Rng (mt19937_64 and integer helpers, no
// library distributions, no floating point), so a seed gives the same problem everywhere. The answers
// come from the engine's rule functions; only select_bad_process() is restated here, because the
// engine's version (oom.cpp:oomVictimCandidate) walks a running Simulator's processes.
#include "rlab/engine/quiz.h"

#include "detail/entries.h"
#include "rlab/engine/oom_rules.h"
#include "rlab/engine/rng.h"
#include "rlab/engine/scenario.h"

#include <algorithm>
#include <climits>
#include <utility>

namespace rlab::engine {

static_assert(kQuizEvictionMask == detail::kShadowEvictionMask, "the quiz must use the engine's mask");

namespace {

constexpr Pages kPagesPerMib = 256;

/// One stream per topic: the same seed draws unrelated problems for different topics.
Rng topicRng(std::uint64_t seed, QuizTopic topic)
{
    static constexpr std::array<std::uint64_t, 4> kSalt { 0x77a7e2a2c0f1d3b5ULL, 0x0bad5c0e3d1f9a67ULL,
        0x5ca9c01f7e4b2d01ULL, 0x7ef4a17b3c9d0e25ULL };
    return Rng(seed ^ kSalt[static_cast<std::size_t>(topic)]);
}

/// Uniform in [lo, hi].
std::uint64_t between(Rng& rng, std::uint64_t lo, std::uint64_t hi)
{
    return lo + rng.below(hi - lo + 1);
}

/// True with probability num/den.
bool chance(Rng& rng, std::uint64_t num, std::uint64_t den)
{
    return rng.below(den) < num;
}

/// Roughly log-uniform in [lo, hi] (lo ≥ 1): a uniform bit length, then a uniform value of that length.
std::uint64_t logUniform(Rng& rng, std::uint64_t lo, std::uint64_t hi)
{
    const auto bits = [](std::uint64_t v) { return 64U - static_cast<unsigned>(__builtin_clzll(v)); };
    const unsigned b = static_cast<unsigned>(between(rng, bits(lo), bits(hi)));
    const std::uint64_t from = std::max(lo, std::uint64_t { 1 } << (b - 1));
    const std::uint64_t to = std::min(hi, b == 64 ? ~std::uint64_t { 0 } : (std::uint64_t { 1 } << b) - 1);
    return between(rng, from, to);
}

template<typename T, std::size_t N>
T pick(Rng& rng, const std::array<T, N>& values)
{
    return values[static_cast<std::size_t>(rng.below(N))];
}

int toInt(std::uint64_t v)
{
    return static_cast<int>(v);
}

} // namespace

const char* quizTopicName(QuizTopic topic)
{
    static constexpr const char* kNames[] = { "watermarks", "oom-score", "scan-count", "refault" };
    return kNames[static_cast<int>(topic)];
}

std::optional<QuizTopic> findQuizTopic(std::string_view name)
{
    for (const QuizTopic t : kQuizTopics) {
        if (name == quizTopicName(t))
            return t;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------
// watermarks

WatermarkProblem makeWatermarkProblem(std::uint64_t seed)
{
    Rng rng = topicRng(seed, QuizTopic::Watermarks);
    WatermarkProblem p;

    // RAM 512 MiB .. 256 GiB: mostly common sizes, sometimes an odd VM size (a multiple of 128 MiB).
    static constexpr std::array<std::uint64_t, 19> kRamMib { 512, 768, 1024, 1536, 2048, 3072, 4096, 6144,
        8192, 12288, 16384, 24576, 32768, 49152, 65536, 98304, 131072, 196608, 262144 };
    std::uint64_t ramMib = pick(rng, kRamMib);
    if (chance(rng, 1, 3))
        ramMib = std::max<std::uint64_t>(512, logUniform(rng, 512, 262144) / 128 * 128);
    // Two nodes only when node 0 holds all memory below 4 GiB, so that node 1 is all ZONE_NORMAL.
    p.nodes = ramMib >= 8192 && chance(rng, 1, 3) ? 2 : 1;
    p.nodeRamMib = ramMib / static_cast<std::uint64_t>(p.nodes);

    // Node 0 is a PC layout (DMA, DMA32 and, above 3 GiB, Normal); node 1 is all Normal, its managed
    // pages being present minus the memmap (64 bytes per page) and some early allocations.
    NodeSpec node0 = pcLayout(p.nodeRamMib * kPagesPerMib);
    if (std::any_of(
            node0.zones.begin(), node0.zones.end(), [](const ZoneSpec& z) { return z.managed == 0; })) {
        // Just above 3 GiB the memmap would take all of a tiny Normal zone: use the next whole GiB.
        p.nodeRamMib = (p.nodeRamMib / 1024 + 1) * 1024;
        node0 = pcLayout(p.nodeRamMib * kPagesPerMib);
    }
    for (const ZoneSpec& z : node0.zones)
        p.zones.push_back(ZoneSize { 0, static_cast<int>(z.type), z.present, z.managed });
    if (p.nodes == 2) {
        const Pages present = p.nodeRamMib * kPagesPerMib;
        const Pages managed = present - present / 64 - between(rng, 0, present / 256);
        p.zones.push_back(ZoneSize { 1, static_cast<int>(ZoneType::Normal), present, managed });
    }

    if (chance(rng, 3, 5))
        p.userMinFreeKbytes = static_cast<std::int64_t>(logUniform(rng, 128, 262144));
    p.thpConfigured = chance(rng, 3, 4);

    static constexpr std::array<int, 8> kWsf { 1, 50, 100, 150, 200, 500, 1000, 3000 };
    const std::uint64_t wsfKind = rng.below(4);
    p.watermarkScaleFactor = wsfKind < 2 ? 10 : wsfKind == 2 ? pick(rng, kWsf) : toInt(between(rng, 1, 3000));

    p.lowmemReserveRatio = Tunables {}.lowmemReserveRatio;
    if (chance(rng, 1, 4)) {
        static constexpr std::array<int, 8> kLowRatios { 0, 1, 16, 32, 64, 128, 256, 512 };
        static constexpr std::array<int, 7> kNormalRatios { 0, 1, 8, 16, 32, 64, 128 };
        p.lowmemReserveRatio[0] = pick(rng, kLowRatios);
        p.lowmemReserveRatio[1] = pick(rng, kLowRatios);
        p.lowmemReserveRatio[2] = pick(rng, kNormalRatios);
    }
    return p;
}

WatermarkAnswer solveWatermarkProblem(const WatermarkProblem& problem)
{
    WatermarkAnswer a;
    a.thpEnabled = thpEnabledAtBoot(problem.zones, problem.thpConfigured);
    a.sqrtRuleKbytes = sqrtRuleMinFreeKbytes(problem.zones);
    a.minFreeKbytes = problem.userMinFreeKbytes ? *problem.userMinFreeKbytes
                                                : defaultMinFreeKbytes(problem.zones, a.thpEnabled);
    a.pagesMin = toPages(Kib { static_cast<std::uint64_t>(a.minFreeKbytes) });
    for (const ZoneSize& z : problem.zones) {
        a.lowmemPages += z.managed;
        a.scaled.push_back(
            multFrac(z.managed, static_cast<std::uint64_t>(problem.watermarkScaleFactor), 10000));
    }
    a.zones = computeWatermarks(
        problem.zones, a.minFreeKbytes, problem.watermarkScaleFactor, problem.lowmemReserveRatio);
    return a;
}

// ---------------------------------------------------------------------------------------------------------
// oom-score

OomProblem makeOomProblem(std::uint64_t seed)
{
    Rng rng = topicRng(seed, QuizTopic::OomScore);
    OomProblem p;

    static constexpr std::array<std::uint64_t, 7> kRamGib { 1, 2, 4, 8, 16, 32, 64 };
    const Pages ram = pick(rng, kRamGib) << (30 - kPageShift);
    p.totalramPages = ram - between(rng, ram / 64, ram / 32); // what the kernel keeps for itself
    if (!chance(rng, 3, 10)) {
        static constexpr std::array<std::uint64_t, 6> kSwapMib { 512, 1024, 2048, 4096, 8192, 16384 };
        p.totalSwapPages = chance(rng, 1, 4) ? ram : pick(rng, kSwapMib) * kPagesPerMib;
    }
    p.statusView = chance(rng, 1, 3);

    // Small daemons first, then programs that can grow big; a task's name fits its size class.
    static constexpr std::size_t kSmallNames = 8;
    static constexpr std::array<const char*, 20> kNames { "sshd", "systemd-journal", "systemd-udevd", "cron",
        "nginx", "dbus-daemon", "make", "bash", "postgres", "java", "chrome", "firefox", "mysqld",
        "redis-server", "node", "python3", "qemu-system-x86", "rustc", "memhog", "stress-ng" };
    std::array<bool, kNames.size()> used {};
    // A name from [first, first + count) not used yet, else any unused name.
    const auto nameFrom = [&](std::size_t first, std::size_t count) {
        std::size_t k = first + static_cast<std::size_t>(rng.below(count));
        for (std::size_t tries = 0; used[k] && tries < count; ++tries)
            k = first + (k - first + 1) % count;
        while (used[k])
            k = (k + 1) % kNames.size();
        used[k] = true;
        return kNames[k];
    };

    const auto n = static_cast<std::size_t>(between(rng, 3, 8));
    const bool allProtected = chance(rng, 1, 25);
    const bool withInit = p.statusView && chance(rng, 1, 3);
    int pid = toInt(between(rng, 300, 3000));
    Pages rssSum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        OomQuizTask t;
        if (i == 0 && withInit) {
            t.pid = 1;
            t.name = "systemd";
            t.init = true;
            t.rss = between(rng, 2000, 4000);
        } else {
            t.pid = pid;
            pid += toInt(between(rng, 1, 2000));
            switch (rng.below(3)) {
            case 0:
                t.rss = between(rng, 100, 5000);
                t.name = nameFrom(0, kSmallNames);
                break;
            case 1:
                t.rss = between(rng, ram / 100, ram / 10);
                t.name = nameFrom(kSmallNames, kNames.size() - kSmallNames);
                break;
            default:
                t.rss = between(rng, ram / 10, ram / 2);
                t.name = nameFrom(kSmallNames, kNames.size() - kSmallNames);
                break;
            }
        }
        // Swapped-out pages: none for init, a little for small daemons, up to a share of swap otherwise.
        if (!t.init && p.totalSwapPages > 0 && chance(rng, 1, 2))
            t.swapEnts = between(rng, 0, std::min<Pages>(p.totalSwapPages / n, t.rss > 5000 ? ram : 20000));
        if (allProtected) {
            t.oomScoreAdj = kOomScoreAdjMin;
        } else if (!t.init) {
            static constexpr std::array<int, 10> kAdj { -999, -900, -500, -100, 100, 200, 300, 500, 800,
                999 };
            const std::uint64_t kind = rng.below(20);
            t.oomScoreAdj = kind < 9 ? 0
                : kind < 11          ? kOomScoreAdjMin
                : kind < 13          ? kOomScoreAdjMax
                : kind < 15          ? pick(rng, kAdj)
                                     : toInt(between(rng, 0, 2000)) - 1000;
        }
        p.tasks.push_back(t);
    }
    // Sometimes a later task repeats an earlier one's numbers: a tie, which the later task wins.
    std::optional<std::pair<std::size_t, std::size_t>> tie;
    if (!allProtected && n >= 3 && chance(rng, 1, 5)) {
        const auto j = static_cast<std::size_t>(between(rng, 2, n - 1));
        const auto i = static_cast<std::size_t>(between(rng, withInit ? 1 : 0, j - 1));
        OomQuizTask& a = p.tasks[i];
        OomQuizTask& b = p.tasks[j];
        if (a.oomScoreAdj == kOomScoreAdjMin)
            a.oomScoreAdj = 0;
        b.rss = a.rss;
        b.swapEnts = a.swapEnts;
        b.oomScoreAdj = a.oomScoreAdj;
        tie = std::make_pair(i, j);
    }
    for (const auto& t : p.tasks)
        rssSum += t.rss;
    // Resident memory cannot exceed RAM: scale down to at most 95 % of it.
    const Pages rssCap = p.totalramPages / 20 * 19;
    if (rssSum > rssCap) {
        for (auto& t : p.tasks)
            t.rss = static_cast<Pages>(static_cast<Uint128>(t.rss) * rssCap / rssSum);
    }
    // Page tables: one PTE page per 512 pages mapped (resident or swapped), plus the upper levels.
    for (auto& t : p.tasks)
        t.pgtablesBytes = ((t.rss + t.swapEnts) / 512 + between(rng, 2, 40)) * kPageSize;
    if (tie)
        p.tasks[tie->second].pgtablesBytes = p.tasks[tie->first].pgtablesBytes;
    return p;
}

OomAnswer solveOomProblem(const OomProblem& problem)
{
    OomAnswer a;
    a.totalpages = problem.totalramPages + problem.totalSwapPages;
    for (const OomQuizTask& t : problem.tasks) {
        OomTaskInput in;
        in.rss = t.rss;
        in.swapEnts = t.swapEnts;
        in.pgtablesBytes = t.pgtablesBytes;
        in.oomScoreAdj = t.oomScoreAdj;
        in.unkillable = t.init;
        const auto badness = oomBadness(in, a.totalpages);
        a.badness.push_back(badness);
        a.oomScore.push_back(procOomScore(badness, a.totalpages));
    }
    // mm/oom_kill.c:select_bad_process() → oom_evaluate_task(): skip LONG_MIN and points below the
    // chosen ones, so of equal points the later task wins (as oom.cpp:oomVictimCandidate does).
    std::int64_t chosenPoints = INT64_MIN;
    for (std::size_t i = 0; i < a.badness.size(); ++i) {
        if (!a.badness[i] || *a.badness[i] < chosenPoints)
            continue;
        a.victim = i;
        chosenPoints = *a.badness[i];
    }
    if (a.victim) {
        for (std::size_t i = 0; i < *a.victim; ++i) {
            if (a.badness[i] && *a.badness[i] == chosenPoints)
                a.tiedWithVictim.push_back(i);
        }
    }
    return a;
}

// ---------------------------------------------------------------------------------------------------------
// scan-count

ScanCountProblem makeScanCountProblem(std::uint64_t seed)
{
    Rng rng = topicRng(seed, QuizTopic::ScanCount);
    ScanCountProblem p;
    ScanCountInput& in = p.input;
    for (Pages& size : in.lruSizes)
        size = chance(rng, 3, 20) ? rng.below(4096) : logUniform(rng, 4096, Pages { 8 } << 20);

    static constexpr std::array<int, 6> kSwappiness { 1, 10, 30, 80, 133, 150 };
    const std::uint64_t kind = rng.below(20);
    in.swappiness = kind < 7 ? 60
        : kind < 9           ? 0
        : kind < 11          ? 200
        : kind < 13          ? 100
        : kind < 15          ? pick(rng, kSwappiness)
                             : toInt(between(rng, 0, 200));
    in.anonCost = chance(rng, 1, 5) ? 0 : logUniform(rng, 1, std::uint64_t { 1 } << 20);
    in.fileCost = chance(rng, 1, 5) ? 0 : logUniform(rng, 1, std::uint64_t { 1 } << 20);
    const std::uint64_t prio = rng.below(20);
    in.priority = prio < 7 ? 12 : prio < 9 ? 0 : toInt(between(rng, 0, 12));
    in.maySwap = true;
    in.swapSpaceFree = chance(rng, 4, 5);
    in.fileIsTiny = chance(rng, 3, 25);
    in.cacheTrimMode = chance(rng, 3, 20);
    return p;
}

ScanCountAnswer solveScanCountProblem(const ScanCountProblem& problem)
{
    ScanCountAnswer a;
    a.result = getScanCount(problem.input);
    for (std::size_t l = 0; l < a.shifted.size(); ++l)
        a.shifted[l] = problem.input.lruSizes[l] >> problem.input.priority;
    return a;
}

// ---------------------------------------------------------------------------------------------------------
// refault

RefaultProblem makeRefaultProblem(std::uint64_t seed)
{
    Rng rng = topicRng(seed, QuizTopic::Refault);
    RefaultProblem p;
    p.file = chance(rng, 3, 5);
    for (Pages& size : p.lruSizes)
        size = chance(rng, 1, 10) ? 0 : logUniform(rng, 1, Pages { 4 } << 20);
    p.swapFree = chance(rng, 7, 10);

    // A distance around the workingset size, with the boundary (distance == size) now and then.
    RefaultInput in;
    in.file = p.file;
    in.lruSizes = p.lruSizes;
    in.swapFree = p.swapFree;
    const Pages ws = refaultWorkingsetSize(in);
    const std::uint64_t kind = rng.below(20);
    std::uint64_t distance = kind < 3 ? ws
        : kind < 6                    ? ws + 1
        : kind < 13                   ? between(rng, 0, ws)
                                      : between(rng, ws + 1, 2 * ws + 1000);
    distance = std::min(distance, kQuizEvictionMask);

    // The clock wraps at EVICTION_MASK: sometimes the eviction counter is "ahead" of the clock.
    p.nonresidentAge = chance(rng, 1, 5) && distance > 0 ? between(rng, 0, distance - 1)
                                                         : between(rng, 0, kQuizEvictionMask);
    p.eviction = (p.nonresidentAge - distance) & kQuizEvictionMask;
    return p;
}

RefaultAnswer solveRefaultProblem(const RefaultProblem& problem)
{
    RefaultAnswer a;
    RefaultInput in;
    in.file = problem.file;
    in.distance = refaultDistance(problem.nonresidentAge, problem.eviction, kQuizEvictionMask);
    in.lruSizes = problem.lruSizes;
    in.swapFree = problem.swapFree;
    a.distance = in.distance;
    a.workingsetSize = refaultWorkingsetSize(in);
    a.activates = refaultActivates(in);
    return a;
}

} // namespace rlab::engine
