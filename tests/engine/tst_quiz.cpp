// SPDX-License-Identifier: GPL-3.0-or-later
// The quiz generators and `reclaimlab-cli quiz`: the answers of watermarks and oom-score against an
// independent restatement of the 6.1 formulas written here (not the engine's rule functions), hand-made
// scan-count and refault cases plus invariants, determinism, and the command's text, JSON and errors.
#include "../../cli/quiz_command.h"
#include "rlab/engine/quiz.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace rlab::engine;

namespace {

constexpr int kSeeds = 1200;

__extension__ using U128 = unsigned __int128;

// ---------------------------------------------------------------------------------------------------------
// Independent restatement of mm/page_alloc.c (6.1, x86-64: no highmem, MAX_NR_ZONES 5)

struct RefMarks
{
    std::uint64_t min = 0, low = 0, high = 0;
    std::array<std::uint64_t, 5> protection {};
};

/// __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve() for zones given as (node, type, managed).
std::vector<RefMarks> refWatermarks(const std::vector<ZoneSize>& zones, std::uint64_t minFreeKbytes,
    std::uint64_t wsf, const std::array<int, 5>& ratio)
{
    const std::uint64_t pagesMin = minFreeKbytes / 4;
    U128 lowmem = 0;
    std::map<int, std::array<std::uint64_t, 5>> nodeManaged; // managed per node and zone type
    for (const auto& z : zones) {
        lowmem += z.managed;
        nodeManaged[z.node][static_cast<std::size_t>(z.typeIndex)] += z.managed;
    }
    std::vector<RefMarks> out;
    for (const auto& z : zones) {
        RefMarks m;
        m.min = static_cast<std::uint64_t>(U128 { pagesMin } * z.managed / lowmem);
        const auto scaled = static_cast<std::uint64_t>(U128 { z.managed } * wsf / 10000);
        const std::uint64_t gap = m.min / 4 > scaled ? m.min / 4 : scaled;
        m.low = m.min + gap;
        m.high = m.low + gap;
        const auto& managed = nodeManaged[z.node];
        const auto t = static_cast<std::size_t>(z.typeIndex);
        if (t < 4 && ratio[t] > 0 && z.managed > 0) {
            std::uint64_t above = 0;
            for (std::size_t j = t + 1; j < 5; ++j) {
                above += managed[j];
                m.protection[j] = above / static_cast<std::uint64_t>(ratio[t]);
            }
        }
        out.push_back(m);
    }
    return out;
}

std::uint64_t refIntSqrt(std::uint64_t x)
{
    auto r = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(x)));
    while (r > 0 && r * r > x)
        --r;
    while ((r + 1) * (r + 1) <= x)
        ++r;
    return r;
}

// The engine's calibration (watermarks.cpp): pages still held by the boot when min_free_kbytes is set.
constexpr std::uint64_t kBootHeldPages = 2835;

/// min_free_kbytes at the end of boot: calculate_min_free_kbytes(), then khugepaged's raise.
std::uint64_t refDefaultMinFree(const std::vector<ZoneSize>& zones, bool thp, std::uint64_t& sqrtRule)
{
    std::uint64_t lowmem = 0;
    std::uint64_t nrZones = 0;
    for (const auto& z : zones) {
        if (z.typeIndex <= 2) {
            lowmem += z.managed;
            nrZones += z.present > 0 ? 1 : 0;
        }
    }
    const std::uint64_t bootLowmem = lowmem > kBootHeldPages ? lowmem - kBootHeldPages : 0;
    sqrtRule = std::clamp<std::uint64_t>(refIntSqrt(bootLowmem * 4 * 16), 128, 262144);
    if (!thp)
        return sqrtRule;
    const auto marks = refWatermarks(zones, sqrtRule, 10, { 256, 256, 32, 0, 0 });
    std::uint64_t buffer = 0;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        if (zones[i].typeIndex <= 2 && zones[i].managed > marks[i].high)
            buffer += zones[i].managed - marks[i].high;
    }
    const std::uint64_t rec = std::min<std::uint64_t>(
        512 * nrZones * (2 + 3 * 3), (buffer > kBootHeldPages ? buffer - kBootHeldPages : 0) / 20);
    return std::max(sqrtRule, rec * 4);
}

// ---------------------------------------------------------------------------------------------------------
// Independent restatement of oom_badness() (mm/oom_kill.c) and proc_oom_score() (fs/proc/base.c), 6.1:
// long badness, unsigned long totalpages, and "(long)totalpages" in the division.

long refBadness(const OomQuizTask& t, unsigned long totalpages)
{
    if (t.init || t.oomScoreAdj == -1000)
        return LONG_MIN;
    long points = static_cast<long>(t.rss + t.swapEnts + t.pgtablesBytes / 4096);
    long adj = t.oomScoreAdj;
    adj *= static_cast<long>(totalpages / 1000);
    return points + adj;
}

unsigned long refOomScore(long badness, unsigned long totalpages)
{
    unsigned long points = 0;
    if (badness != LONG_MIN)
        points = static_cast<unsigned long>((1000 + badness * 1000 / static_cast<long>(totalpages)) * 2 / 3);
    return points;
}

struct CommandResult
{
    int status = -1;
    std::string out;
    std::string err;
};

CommandResult runQuiz(const std::vector<std::string>& args)
{
    std::ostringstream out;
    std::ostringstream err;
    CommandResult r;
    r.status = rlab::cli::quizCommand(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

QJsonObject parseJson(const std::string& text)
{
    QJsonParseError error {};
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return doc.object();
}

ScanCountInput scanInput(std::array<Pages, 4> sizes, int swappiness, std::uint64_t anonCost,
    std::uint64_t fileCost, int priority, bool swapFree = true)
{
    ScanCountInput in;
    in.lruSizes = sizes;
    in.swappiness = swappiness;
    in.anonCost = anonCost;
    in.fileCost = fileCost;
    in.priority = priority;
    in.swapSpaceFree = swapFree;
    return in;
}

} // namespace

class TestQuiz : public QObject
{
    Q_OBJECT

private slots:
    void watermarksMatchTheKernelFormulas()
    {
        int defaults = 0, twoNodes = 0, customRatios = 0, raisedByThp = 0;
        for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
            const auto p = makeWatermarkProblem(seed);
            const auto a = solveWatermarkProblem(p);
            QVERIFY(p.nodes == 1 || p.nodes == 2);
            QVERIFY(!p.zones.empty());
            QVERIFY(p.watermarkScaleFactor >= 1 && p.watermarkScaleFactor <= 3000);
            std::uint64_t ramPages = 0;
            for (const auto& z : p.zones) {
                QVERIFY(z.managed > 0 && z.managed <= z.present);
                ramPages += z.present;
            }
            QVERIFY2(ramPages >= 100000 && ramPages <= (std::uint64_t { 256 } << 18),
                qPrintable(QString::number(ramPages)));

            std::uint64_t minFree = 0;
            if (p.userMinFreeKbytes) {
                QVERIFY(*p.userMinFreeKbytes >= 128 && *p.userMinFreeKbytes <= 262144);
                minFree = static_cast<std::uint64_t>(*p.userMinFreeKbytes);
            } else {
                ++defaults;
                std::uint64_t managed = 0;
                for (const auto& z : p.zones)
                    managed += z.managed;
                const bool thp = p.thpConfigured && managed >= 131072;
                QCOMPARE(a.thpEnabled, thp);
                std::uint64_t sqrtRule = 0;
                minFree = refDefaultMinFree(p.zones, thp, sqrtRule);
                QCOMPARE(static_cast<std::uint64_t>(a.sqrtRuleKbytes), sqrtRule);
                raisedByThp += minFree > sqrtRule ? 1 : 0;
            }
            QCOMPARE(static_cast<std::uint64_t>(a.minFreeKbytes), minFree);
            QCOMPARE(a.pagesMin, minFree / 4);

            const auto ref = refWatermarks(
                p.zones, minFree, static_cast<std::uint64_t>(p.watermarkScaleFactor), p.lowmemReserveRatio);
            QCOMPARE(a.zones.size(), p.zones.size());
            for (std::size_t i = 0; i < ref.size(); ++i) {
                QCOMPARE(a.zones[i].min, ref[i].min);
                QCOMPARE(a.zones[i].low, ref[i].low);
                QCOMPARE(a.zones[i].high, ref[i].high);
                for (std::size_t j = 0; j < 5; ++j)
                    QCOMPARE(a.zones[i].lowmemReserve[j], ref[i].protection[j]);
            }
            twoNodes += p.nodes == 2 ? 1 : 0;
            customRatios += p.lowmemReserveRatio != Tunables {}.lowmemReserveRatio ? 1 : 0;
        }
        // The generator covers every kind of problem.
        QVERIFY(defaults > kSeeds / 5 && defaults < kSeeds * 3 / 5);
        QVERIFY(twoNodes > kSeeds / 10);
        QVERIFY(customRatios > kSeeds / 10);
        QVERIFY(raisedByThp > 0);
    }

    void watermarksByHand()
    {
        // 1 GiB machine-like zones with min_free_kbytes 4096 (1024 pages), wsf 10.
        WatermarkProblem p;
        p.zones = { { 0, 0, 3998, 3840 }, { 0, 1, 258000, 250000 } };
        p.userMinFreeKbytes = 4096;
        p.watermarkScaleFactor = 10;
        p.lowmemReserveRatio = { 256, 256, 32, 0, 0 };
        const auto a = solveWatermarkProblem(p);
        QCOMPARE(a.pagesMin, Pages { 1024 });
        QCOMPARE(a.lowmemPages, Pages { 253840 });
        // DMA: 1024 * 3840 / 253840 = 15; gap = max(3, 3) = 3.
        QCOMPARE(a.zones[0].min, Pages { 15 });
        QCOMPARE(a.zones[0].low, Pages { 18 });
        QCOMPARE(a.zones[0].high, Pages { 21 });
        // DMA32: 1024 * 250000 / 253840 = 1008; gap = max(252, 250) = 252.
        QCOMPARE(a.zones[1].min, Pages { 1008 });
        QCOMPARE(a.zones[1].low, Pages { 1260 });
        QCOMPARE(a.zones[1].high, Pages { 1512 });
        // protection of DMA: (0, 250000/256 = 976, 976, 976, 976); DMA32 protects nothing above it.
        QCOMPARE(a.zones[0].lowmemReserve, (std::array<Pages, 5> { 0, 976, 976, 976, 976 }));
        QCOMPARE(a.zones[1].lowmemReserve, (std::array<Pages, 5> {}));
    }

    void oomScoresMatchTheKernelFormulas()
    {
        int none = 0, ties = 0, negative = 0, init = 0, statusView = 0;
        for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
            const auto p = makeOomProblem(seed);
            const auto a = solveOomProblem(p);
            QVERIFY(p.tasks.size() >= 3 && p.tasks.size() <= 8);
            const unsigned long totalpages = p.totalramPages + p.totalSwapPages;
            QCOMPARE(a.totalpages, Pages { totalpages });
            Pages rss = 0;
            for (const auto& t : p.tasks) {
                QVERIFY(t.oomScoreAdj >= -1000 && t.oomScoreAdj <= 1000);
                QCOMPARE(t.pgtablesBytes % 4096, std::uint64_t { 0 });
                rss += t.rss;
            }
            QVERIFY(rss <= p.totalramPages);

            long best = LONG_MIN;
            for (std::size_t i = 0; i < p.tasks.size(); ++i) {
                const long badness = refBadness(p.tasks[i], totalpages);
                if (badness == LONG_MIN) {
                    QVERIFY(!a.badness[i]);
                } else {
                    QVERIFY(a.badness[i]);
                    QCOMPARE(static_cast<long>(*a.badness[i]), badness);
                    negative += badness < 0 ? 1 : 0;
                    best = std::max(best, badness);
                }
                const unsigned long score = refOomScore(badness, totalpages);
                QVERIFY(score <= 2000);
                QCOMPARE(static_cast<unsigned long>(a.oomScore[i]), score);
                init += p.tasks[i].init ? 1 : 0;
            }
            // The victim is the last task holding the overall highest badness.
            std::optional<std::size_t> expected;
            for (std::size_t i = 0; i < p.tasks.size(); ++i) {
                const long badness = refBadness(p.tasks[i], totalpages);
                if (badness != LONG_MIN && badness == best)
                    expected = i;
            }
            QCOMPARE(a.victim, expected);
            none += expected ? 0 : 1;
            ties += a.tiedWithVictim.empty() ? 0 : 1;
            for (const std::size_t i : a.tiedWithVictim) {
                QVERIFY(i < *a.victim);
                QCOMPARE(refBadness(p.tasks[i], totalpages), best);
            }
            statusView += p.statusView ? 1 : 0;
        }
        QVERIFY(none > 0);
        QVERIFY(ties > kSeeds / 20);
        QVERIFY(negative > 0);
        QVERIFY(init > 0);
        QVERIFY(statusView > kSeeds / 5);
    }

    void oomByHand()
    {
        OomProblem p;
        p.totalramPages = 1000000;
        p.totalSwapPages = 500000; // totalpages 1500000, /1000 = 1500
        p.tasks = {
            { 100, "a", 300000, 0, 40960, 0, false }, // 300000 + 10 = 300010
            { 101, "b", 1000, 0, 4096, 500, false }, // 1001 + 750000 = 751001
            { 102, "c", 900000, 0, 8192, -1000, false }, // LONG_MIN
            { 103, "d", 1000, 0, 4096, 500, false }, // tie with b: d (later) wins
            { 104, "e", 10000, 0, 0, -999, false }, // 10000 - 1498500 = -1488500
        };
        const auto a = solveOomProblem(p);
        QCOMPARE(*a.badness[0], std::int64_t { 300010 });
        QCOMPARE(*a.badness[1], std::int64_t { 751001 });
        QVERIFY(!a.badness[2]);
        QCOMPARE(*a.badness[4], std::int64_t { -1488500 });
        // (1000 + 300010000 / 1500000) * 2 / 3 = (1000 + 200) * 2 / 3 = 800
        QCOMPARE(a.oomScore[0], std::int64_t { 800 });
        QCOMPARE(a.oomScore[2], std::int64_t { 0 });
        // (1000 + (-1488500000 / 1500000 = -992, truncated toward zero)) * 2 / 3 = 8 * 2 / 3 = 5
        QCOMPARE(a.oomScore[4], std::int64_t { 5 });
        QCOMPARE(a.victim, std::optional<std::size_t> { 3 });
        QCOMPARE(a.tiedWithVictim, std::vector<std::size_t> { 1 });

        for (auto& t : p.tasks)
            t.oomScoreAdj = -1000;
        QVERIFY(!solveOomProblem(p).victim);
    }

    void scanCountByHand()
    {
        const std::array<Pages, 4> sizes { 100000, 200000, 300000, 400000 }; // >> 12: 24, 48, 73, 97
        // total = 1801, anon_cost = 3035, file_cost = 2368, total = 5403;
        // ap = 60 * 5404 / 3036 = 106, fp = 140 * 5404 / 2369 = 319, denominator 425.
        auto r = getScanCount(scanInput(sizes, 60, 1234, 567, 12));
        QCOMPARE(r.mode, ScanBalanceMode::Fract);
        QCOMPARE(r.fractionAnon, std::uint64_t { 106 });
        QCOMPARE(r.fractionFile, std::uint64_t { 319 });
        QCOMPARE(r.denominator, std::uint64_t { 425 });
        // 24 * 106 / 425 = 5, 48 * 106 / 425 = 11, 73 * 319 / 425 = 54, 97 * 319 / 425 = 72
        QCOMPARE(r.nr, (std::array<Pages, 4> { 5, 11, 54, 72 }));

        r = getScanCount(scanInput(sizes, 60, 1234, 567, 12, false)); // no free swap
        QCOMPARE(r.mode, ScanBalanceMode::File);
        QCOMPARE(r.nr, (std::array<Pages, 4> { 0, 0, 73, 97 }));

        r = getScanCount(scanInput(sizes, 60, 1234, 567, 0)); // last-ditch
        QCOMPARE(r.mode, ScanBalanceMode::Equal);
        QCOMPARE(r.nr, sizes);

        r = getScanCount(scanInput(sizes, 0, 0, 0, 0)); // priority 0 but swappiness 0: ap = 0
        QCOMPARE(r.mode, ScanBalanceMode::Fract);
        QCOMPARE(r.fractionAnon, std::uint64_t { 0 });
        QCOMPARE(r.fractionFile, std::uint64_t { 200 });
        QCOMPARE(r.nr, (std::array<Pages, 4> { 0, 0, 300000, 400000 }));

        r = getScanCount(scanInput(sizes, 200, 0, 0, 4)); // fp = 0: file never scanned
        QCOMPARE(r.fractionFile, std::uint64_t { 0 });
        QCOMPARE(r.nr, (std::array<Pages, 4> { 6250, 12500, 0, 0 }));

        auto tiny = scanInput(sizes, 60, 1, 1, 12);
        tiny.fileIsTiny = true;
        QCOMPARE(getScanCount(tiny).mode, ScanBalanceMode::Anon);
        QCOMPARE(getScanCount(tiny).nr, (std::array<Pages, 4> { 24, 48, 0, 0 }));
        tiny.swapSpaceFree = false; // no swap wins over file_is_tiny
        QCOMPARE(getScanCount(tiny).mode, ScanBalanceMode::File);

        auto trim = scanInput(sizes, 60, 1, 1, 12);
        trim.cacheTrimMode = true;
        QCOMPARE(getScanCount(trim).mode, ScanBalanceMode::File);
        QCOMPARE(getScanCount(trim).nr, (std::array<Pages, 4> { 0, 0, 73, 97 }));
    }

    void scanCountInvariants()
    {
        std::set<ScanBalanceMode> modes;
        for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
            const auto p = makeScanCountProblem(seed);
            const auto a = solveScanCountProblem(p);
            const auto& in = p.input;
            const auto& r = a.result;
            QVERIFY(in.swappiness >= 0 && in.swappiness <= 200);
            QVERIFY(in.priority >= 0 && in.priority <= 12);
            modes.insert(r.mode);
            for (std::size_t l = 0; l < 4; ++l) {
                const bool file = l >= 2;
                QCOMPARE(a.shifted[l], in.lruSizes[l] >> in.priority);
                QVERIFY(r.nr[l] <= a.shifted[l]);
                if (r.mode == ScanBalanceMode::File && !file)
                    QCOMPARE(r.nr[l], Pages { 0 });
                if (r.mode == ScanBalanceMode::Anon && file)
                    QCOMPARE(r.nr[l], Pages { 0 });
                if (r.mode == ScanBalanceMode::Equal || (r.mode == ScanBalanceMode::File && file)
                    || (r.mode == ScanBalanceMode::Anon && !file))
                    QCOMPARE(r.nr[l], a.shifted[l]);
                if (r.mode == ScanBalanceMode::Fract) {
                    const std::uint64_t f = file ? r.fractionFile : r.fractionAnon;
                    QCOMPARE(r.nr[l], static_cast<Pages>(U128 { a.shifted[l] } * f / r.denominator));
                }
            }
            if (!in.swapSpaceFree)
                QCOMPARE(r.mode, ScanBalanceMode::File);
            if (r.mode == ScanBalanceMode::Equal)
                QVERIFY(in.priority == 0 && in.swappiness != 0);
            if (r.mode == ScanBalanceMode::Fract) {
                // The fractions of get_scan_count(), restated.
                const std::uint64_t total = in.anonCost + in.fileCost;
                const std::uint64_t anon = total + in.anonCost;
                const std::uint64_t fileC = total + in.fileCost;
                const auto s = static_cast<std::uint64_t>(in.swappiness);
                QCOMPARE(r.fractionAnon, s * (anon + fileC + 1) / (anon + 1));
                QCOMPARE(r.fractionFile, (200 - s) * (anon + fileC + 1) / (fileC + 1));
                QCOMPARE(r.denominator, r.fractionAnon + r.fractionFile);
                if (in.swappiness == 0)
                    QVERIFY(r.nr[0] == 0 && r.nr[1] == 0);
                if (in.swappiness == 200)
                    QVERIFY(r.nr[2] == 0 && r.nr[3] == 0);
            }
        }
        QCOMPARE(modes.size(), std::size_t { 4 });
    }

    void refaultByHand()
    {
        const std::array<Pages, 4> sizes { 4000, 3000, 2000, 1000 }; // ia, aa, if, af
        RefaultInput in;
        in.lruSizes = sizes;
        in.file = true;
        in.swapFree = true;
        QCOMPARE(refaultWorkingsetSize(in), Pages { 8000 }); // af + aa + ia
        in.swapFree = false;
        QCOMPARE(refaultWorkingsetSize(in), Pages { 1000 }); // af
        in.file = false;
        QCOMPARE(refaultWorkingsetSize(in), Pages { 3000 }); // af + if
        in.swapFree = true;
        QCOMPARE(refaultWorkingsetSize(in), Pages { 6000 }); // af + if + aa
        in.distance = 6000;
        QVERIFY(refaultActivates(in)); // distance == workingset size still activates
        in.distance = 6001;
        QVERIFY(!refaultActivates(in));

        QCOMPARE(refaultDistance(456789, 123456, kQuizEvictionMask), std::uint64_t { 333333 });
        // The clock wrapped: eviction was 5 pages before the mask, now is 5 after 0.
        QCOMPARE(refaultDistance(5, kQuizEvictionMask - 4, kQuizEvictionMask), std::uint64_t { 10 });

        RefaultProblem p;
        p.file = true;
        p.eviction = kQuizEvictionMask - 99;
        p.nonresidentAge = 900;
        p.lruSizes = sizes;
        p.swapFree = false;
        const auto a = solveRefaultProblem(p);
        QCOMPARE(a.distance, std::uint64_t { 1000 });
        QCOMPARE(a.workingsetSize, Pages { 1000 });
        QVERIFY(a.activates);
    }

    void refaultInvariants()
    {
        int activated = 0, wrapped = 0, boundary = 0;
        for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
            const auto p = makeRefaultProblem(seed);
            const auto a = solveRefaultProblem(p);
            QVERIFY(p.eviction <= kQuizEvictionMask && p.nonresidentAge <= kQuizEvictionMask);
            QCOMPARE((p.eviction + a.distance) & kQuizEvictionMask, p.nonresidentAge);
            const auto& s = p.lruSizes;
            const Pages ws = s[3] + (p.file ? 0 : s[2]) + (p.swapFree ? s[1] + (p.file ? s[0] : 0) : 0);
            QCOMPARE(a.workingsetSize, ws);
            QCOMPARE(a.activates, a.distance <= ws);
            activated += a.activates ? 1 : 0;
            wrapped += p.eviction > p.nonresidentAge ? 1 : 0;
            boundary += a.distance == ws ? 1 : 0;
        }
        QVERIFY(activated > kSeeds / 5 && activated < kSeeds * 4 / 5);
        QVERIFY(wrapped > kSeeds / 20);
        QVERIFY(boundary > kSeeds / 20);
    }

    void sameSeedSameBytesOtherSeedsDiffer()
    {
        for (const QuizTopic topic : kQuizTopics) {
            std::set<std::string> distinct;
            for (std::uint64_t seed = 0; seed < 100; ++seed) {
                const std::vector<std::string> args { quizTopicName(topic), "--seed", std::to_string(seed),
                    "--answers" };
                const auto first = runQuiz(args);
                const auto second = runQuiz(args);
                QCOMPARE(first.status, 0);
                QCOMPARE(first.out, second.out);
                const auto json1 =
                    runQuiz({ quizTopicName(topic), "--seed", std::to_string(seed), "--json" });
                const auto json2 =
                    runQuiz({ quizTopicName(topic), "--seed", std::to_string(seed), "--json" });
                QCOMPARE(json1.out, json2.out);
                // The problem part (without the header naming the seed).
                distinct.insert(first.out.substr(first.out.find("\n\n")));
            }
            QVERIFY2(distinct.size() >= 95, quizTopicName(topic));
        }
        // One seed draws unrelated problems for different topics, and the generators are pure.
        QCOMPARE(makeOomProblem(42).tasks.size(), makeOomProblem(42).tasks.size());
        QCOMPARE(makeRefaultProblem(42).eviction, makeRefaultProblem(42).eviction);
        QVERIFY(makeRefaultProblem(42).eviction != makeRefaultProblem(43).eviction);
    }

    void rendersEverySeedInBothLanguages()
    {
        for (const QuizTopic topic : kQuizTopics) {
            for (const char* lang : { "en", "zh_CN" }) {
                for (std::uint64_t seed = 0; seed < 200; ++seed) {
                    const std::string s = std::to_string(seed);
                    const auto text =
                        runQuiz({ quizTopicName(topic), "--seed", s, "--lang", lang, "--answers" });
                    QCOMPARE(text.status, 0);
                    QVERIFY(text.err.empty());
                    QVERIFY(text.out.find(std::string(lang) == "en" ? "\nAnswer:\n" : "\n答案：\n")
                        != std::string::npos);
                    QVERIFY(text.out.find("{}") == std::string::npos); // every placeholder filled
                    const auto problemOnly = runQuiz({ quizTopicName(topic), "--seed", s, "--lang", lang });
                    QCOMPARE(problemOnly.status, 0);
                    QVERIFY(text.out.rfind(problemOnly.out, 0) == 0); // the answer only appends
                    QVERIFY(problemOnly.out.find("    how: ") == std::string::npos);
                    QVERIFY(problemOnly.out.find("    计算：") == std::string::npos);

                    const auto json = runQuiz({ quizTopicName(topic), "--seed=" + s, "--json", "--answers",
                        "--lang=" + std::string(lang) });
                    QCOMPARE(json.status, 0);
                    QCOMPARE(std::count(json.out.begin(), json.out.end(), '\n'), std::ptrdiff_t { 1 });
                    const std::string prefix = std::string("{\"topic\":\"") + quizTopicName(topic)
                        + "\",\"seed\":" + s + ",\"lang\":\"" + lang + "\",\"problem\":{";
                    QVERIFY2(json.out.rfind(prefix, 0) == 0, json.out.c_str());
                    const QJsonObject o = parseJson(json.out);
                    QVERIFY2(!o.isEmpty(), json.out.c_str());
                    QVERIFY(o.value("answer").toObject().value("how").toArray().size() > 0);
                    const auto noAnswer = runQuiz({ quizTopicName(topic), "--seed", s, "--json" });
                    QVERIFY(!parseJson(noAnswer.out).contains("answer"));
                }
            }
        }
    }

    void textAndJsonShowTheEngineAnswers()
    {
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            const std::string s = std::to_string(seed);
            const auto wp = makeWatermarkProblem(seed);
            const auto wa = solveWatermarkProblem(wp);
            const auto wt = runQuiz({ "watermarks", "--seed", s, "--answers" }).out;
            const auto wz = runQuiz({ "watermarks", "--seed", s, "--answers", "--lang", "zh_CN" }).out;
            const auto wj = parseJson(runQuiz({ "watermarks", "--seed", s, "--answers", "--json" }).out);
            const auto zones = wj.value("answer").toObject().value("zones").toArray();
            QCOMPARE(zones.size(), static_cast<qsizetype>(wp.zones.size()));
            for (std::size_t i = 0; i < wp.zones.size(); ++i) {
                const auto& m = wa.zones[i];
                const std::string en = "min " + std::to_string(m.min) + ", low " + std::to_string(m.low)
                    + ", high " + std::to_string(m.high) + ", protection: (";
                QVERIFY2(wt.find(en) != std::string::npos, en.c_str());
                const std::string zh = "min " + std::to_string(m.min) + "，low " + std::to_string(m.low);
                QVERIFY2(wz.find(zh) != std::string::npos, zh.c_str());
                const auto z = zones[static_cast<qsizetype>(i)].toObject();
                QCOMPARE(static_cast<Pages>(z.value("min").toInteger()), m.min);
                QCOMPARE(static_cast<Pages>(z.value("high").toInteger()), m.high);
                QCOMPARE(static_cast<Pages>(z.value("protection").toArray().at(2).toInteger()),
                    m.lowmemReserve[2]);
            }
            QVERIFY(wt.find("mm/page_alloc.c:__setup_per_zone_wmarks()") != std::string::npos);
            QVERIFY(wz.find("mm/page_alloc.c:setup_per_zone_lowmem_reserve()") != std::string::npos);

            const auto op = makeOomProblem(seed);
            const auto oa = solveOomProblem(op);
            const auto ot = runQuiz({ "oom-score", "--seed", s, "--answers" }).out;
            const auto oj = parseJson(runQuiz({ "oom-score", "--seed", s, "--answers", "--json" }).out);
            if (oa.victim) {
                const auto& v = op.tasks[*oa.victim];
                const std::string line = "Victim: pid " + std::to_string(v.pid) + " " + v.name + " (badness";
                QVERIFY2(ot.find(line) != std::string::npos, line.c_str());
                QCOMPARE(
                    oj.value("answer").toObject().value("victim").toObject().value("pid").toInt(), v.pid);
            } else {
                QVERIFY(ot.find("Victim: none") != std::string::npos);
                QVERIFY(oj.value("answer").toObject().value("victim").isNull());
            }
            QVERIFY(ot.find("fs/proc/base.c:proc_oom_score()") != std::string::npos
                || !oa.victim); // every killable task shows proc_oom_score()
            const auto tasks = oj.value("answer").toObject().value("tasks").toArray();
            for (std::size_t i = 0; i < op.tasks.size(); ++i) {
                const auto t = tasks[static_cast<qsizetype>(i)].toObject();
                QCOMPARE(t.value("oom_score").toInteger(), oa.oomScore[i]);
                QCOMPARE(t.value("badness").isNull(), !oa.badness[i]);
            }

            const auto sp = makeScanCountProblem(seed);
            const auto sa = solveScanCountProblem(sp);
            const auto sj = parseJson(runQuiz({ "scan-count", "--seed", s, "--answers", "--json" }).out);
            const auto ans = sj.value("answer").toObject();
            QCOMPARE(ans.value("mode").toString(), QString(scanBalanceModeName(sa.result.mode)));
            QCOMPARE(static_cast<Pages>(ans.value("nr").toObject().value("active_file").toInteger()),
                sa.result.nr[3]);
            QCOMPARE(ans.value("denominator").isNull(), sa.result.mode != ScanBalanceMode::Fract);

            const auto rp = makeRefaultProblem(seed);
            const auto ra = solveRefaultProblem(rp);
            const auto rt = runQuiz({ "refault", "--seed", s, "--answers" }).out;
            QVERIFY(rt.find("refault distance = " + std::to_string(ra.distance) + "\n") != std::string::npos);
            QVERIFY(rt.find(ra.activates ? "activated: yes" : "activated: no") != std::string::npos);
            QVERIFY(rt.find("mm/workingset.c:workingset_refault()") != std::string::npos);
        }
    }

    void usageAndErrors()
    {
        for (const std::vector<std::string>& args : { std::vector<std::string> {},
                 std::vector<std::string> { "--help" }, std::vector<std::string> { "refault", "-h" } }) {
            const auto r = runQuiz(args);
            QCOMPARE(r.status, 0);
            QCOMPARE(r.out, std::string(rlab::cli::quizUsage()));
            QVERIFY(r.err.empty());
        }
        const std::string usage = rlab::cli::quizUsage();
        for (const QuizTopic t : kQuizTopics)
            QVERIFY(usage.find(std::string("  ") + quizTopicName(t) + " ") != std::string::npos);

        const std::vector<std::pair<std::vector<std::string>, std::string>> bad {
            { { "swap", "--seed", "1" }, "watermarks, oom-score, scan-count, refault" },
            { { "--seed", "1" }, "missing TOPIC; topics: watermarks, oom-score" },
            { { "refault" }, "missing --seed N; expected an integer 0..18446744073709551615" },
            { { "refault", "--seed" }, "--seed needs a value" },
            { { "refault", "--seed", "abc" },
                "'abc' is not allowed; expected an integer 0..18446744073709551615" },
            { { "refault", "--seed", "-1" }, "'-1' is not allowed" },
            { { "refault", "--seed", "18446744073709551616" }, "'18446744073709551616' is not allowed" },
            { { "refault", "--seed=" }, "'' is not allowed" },
            { { "refault", "--seed", "1.5" }, "'1.5' is not allowed" },
            { { "refault", "--seed", "1", "--lang", "fr" },
                "--lang: 'fr' is not allowed; expected en or zh_CN" },
            { { "refault", "--seed", "1", "--lang" }, "--lang needs a value: en or zh_CN" },
            { { "refault", "--seed", "1", "--verbose" },
                "unknown option '--verbose'; allowed: --seed N, --answers, --json, --lang en|zh_CN, --help" },
            { { "refault", "--seed", "1", "--answers=yes" }, "--answers takes no value" },
            { { "refault", "watermarks", "--seed", "1" }, "takes one TOPIC" },
        };
        for (const auto& [args, message] : bad) {
            const auto r = runQuiz(args);
            QCOMPARE(r.status, 2);
            QVERIFY(r.out.empty());
            QVERIFY2(r.err.find(message) != std::string::npos, r.err.c_str());
            QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), std::ptrdiff_t { 1 });
        }

        const auto max = runQuiz({ "oom-score", "--seed", "18446744073709551615", "--json" });
        QCOMPARE(max.status, 0);
        QVERIFY(max.out.find("\"seed\":18446744073709551615,") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestQuiz)
#include "tst_quiz.moc"
