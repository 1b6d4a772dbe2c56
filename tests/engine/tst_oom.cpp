// SPDX-License-Identifier: GPL-3.0-or-later
// oom_badness / oom_score against figures from a real 6.1 kernel, victim selection, the sysctls that
// change it, and the kernel log lines of an OOM kill.
#include "builders.h"
#include "rlab/engine/oom_rules.h"
#include "rlab/engine/simulator.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace rlab::engine;

namespace {

using testing::kMiB;

ProcessSpec anonHog(const std::string& name, Pages size, std::uint64_t rate, int adj, Tick start = 0)
{
    return testing::processWith(name, { testing::anonWorkload(size, rate) }, adj, start);
}

Scenario machine(Pages ram, Pages swap = 0)
{
    return testing::pcMachine(ram, swap, "/dev/vda2");
}

QStringList logLines(const Simulator& sim)
{
    QStringList out;
    for (const auto& l : sim.kernelLog())
        out << QString::fromStdString(l);
    return out;
}

int countMatching(const QStringList& lines, const QString& pattern)
{
    const QRegularExpression re(pattern);
    int n = 0;
    for (const auto& l : lines)
        n += re.match(l).hasMatch() ? 1 : 0;
    return n;
}

const Process& byName(const Simulator& sim, const std::string& name)
{
    for (const auto& p : sim.processes()) {
        if (p.name == name)
            return p;
    }
    static const Process none;
    return none;
}

} // namespace

class TestOom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referenceScores_data();
    void referenceScores();
    void badness_data();
    void badness();
    void adjChoosesTheVictim();
    void largestIsChosenWithoutAdj();
    void killAllocatingTask();
    void panicOnOom_data();
    void panicOnOom();
    void noKillableProcess();
    void logFormat();
    void dumpTasksOff();
    void liveOomScoreAdjChangesScore();
    void manyProcessesLogEachKillOnce();
};

void TestOom::referenceScores_data()
{
    // tests/data/linux-6.1-oom-score-sample.csv: /proc/<pid>/oom_score on a 1 GiB guest with 512 MiB swap.
    QTest::addColumn<qint64>("memTotalKb");
    QTest::addColumn<qint64>("swapTotalKb");
    QTest::addColumn<qint64>("rssKb");
    QTest::addColumn<qint64>("swapKb");
    QTest::addColumn<qint64>("pteKb");
    QTest::addColumn<int>("adj");
    QTest::addColumn<qint64>("score");
    QFile file(QStringLiteral(RLAB_REFERENCE_DIR "/linux-6.1-oom-score-sample.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    file.readLine();
    int rows = 0;
    while (!file.atEnd()) {
        const QStringList c = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
        if (c.size() < 14)
            continue;
        const qint64 rss = c[9].toLongLong() + c[10].toLongLong() + c[11].toLongLong();
        QTest::addRow("pid %s adj %s touch %s", qPrintable(c[3]), qPrintable(c[6]), qPrintable(c[5]))
            << c[1].toLongLong() << c[2].toLongLong() << rss << c[12].toLongLong() << c[13].toLongLong()
            << c[6].toInt() << c[7].toLongLong();
        ++rows;
    }
    QVERIFY(rows >= 20);
}

void TestOom::referenceScores()
{
    QFETCH(qint64, memTotalKb);
    QFETCH(qint64, swapTotalKb);
    QFETCH(qint64, rssKb);
    QFETCH(qint64, swapKb);
    QFETCH(qint64, pteKb);
    QFETCH(int, adj);
    QFETCH(qint64, score);
    const Pages totalpages = static_cast<Pages>(memTotalKb / 4 + swapTotalKb / 4);
    OomTaskInput t;
    t.rss = static_cast<Pages>(rssKb / 4);
    t.swapEnts = static_cast<Pages>(swapKb / 4);
    t.pgtablesBytes = static_cast<std::uint64_t>(pteKb) * 1024;
    t.oomScoreAdj = adj;
    QCOMPARE(qint64 { procOomScore(oomBadness(t, totalpages), totalpages) }, score);
}

void TestOom::badness_data()
{
    QTest::addColumn<quint64>("rss");
    QTest::addColumn<quint64>("swap");
    QTest::addColumn<quint64>("pgtables");
    QTest::addColumn<int>("adj");
    QTest::addColumn<quint64>("totalpages");
    QTest::addColumn<bool>("killable");
    QTest::addColumn<qint64>("points");
    QTest::addColumn<qint64>("score");
    // adj scales by totalpages / 1000 (integer division first); the score is (1000 + b*1000/t)*2/3.
    QTest::newRow("idle") << quint64 { 0 } << quint64 { 0 } << quint64 { 0 } << 0 << quint64 { 1000000 }
                          << true << qint64 { 0 } << qint64 { 666 };
    QTest::newRow("10% of ram+swap") << quint64 { 90000 } << quint64 { 9000 } << quint64 { 1000 } << 0
                                     << quint64 { 1000000 } << true << qint64 { 100000 } << qint64 { 733 };
    QTest::newRow("adj -1000 never") << quint64 { 900000 } << quint64 { 0 } << quint64 { 0 } << -1000
                                     << quint64 { 1000000 } << false << qint64 { 0 } << qint64 { 0 };
    QTest::newRow("adj -999 still killable")
        << quint64 { 900000 } << quint64 { 0 } << quint64 { 0 } << -999 << quint64 { 1000000 } << true
        << qint64 { -99000 } << qint64 { 600 };
    QTest::newRow("adj +1000 everything")
        << quint64 { 0 } << quint64 { 0 } << quint64 { 0 } << 1000 << quint64 { 1000000 } << true
        << qint64 { 1000000 } << qint64 { 1333 };
    QTest::newRow("max score") << quint64 { 1000000 } << quint64 { 0 } << quint64 { 0 } << 1000
                               << quint64 { 1000000 } << true << qint64 { 2000000 } << qint64 { 2000 };
    QTest::newRow("min killable score") << quint64 { 0 } << quint64 { 0 } << quint64 { 0 } << -999
                                        << quint64 { 1000000 } << true << qint64 { -999000 } << qint64 { 0 };
    QTest::newRow("adj truncates totalpages/1000")
        << quint64 { 100 } << quint64 { 0 } << quint64 { 0 } << 500 << quint64 { 1999 } << true
        << qint64 { 600 } << qint64 { 866 };
    QTest::newRow("tiny machine adj vanishes") << quint64 { 100 } << quint64 { 0 } << quint64 { 0 } << -500
                                               << quint64 { 999 } << true << qint64 { 100 } << qint64 { 733 };
}

void TestOom::badness()
{
    QFETCH(quint64, rss);
    QFETCH(quint64, swap);
    QFETCH(quint64, pgtables);
    QFETCH(int, adj);
    QFETCH(quint64, totalpages);
    QFETCH(bool, killable);
    QFETCH(qint64, points);
    QFETCH(qint64, score);
    OomTaskInput t;
    t.rss = rss;
    t.swapEnts = swap;
    t.pgtablesBytes = pgtables * kPageSize;
    t.oomScoreAdj = adj;
    const auto b = oomBadness(t, totalpages);
    QCOMPARE(b.has_value(), killable);
    if (b)
        QCOMPARE(qint64 { *b }, points);
    QCOMPARE(qint64 { procOomScore(b, totalpages) }, score);
}

void TestOom::adjChoosesTheVictim()
{
    // A 1.5 GiB database at -1000 and a leaking batch job at +500: the batch job dies, although the
    // database is larger; the database is never a candidate.
    Scenario s = machine(1024 * kMiB);
    s.processes.push_back(anonHog("postgres", 600 * kMiB, 0, -1000));
    s.processes.push_back(anonHog("batch", 2048 * kMiB, 200 * kMiB, 500, kTicksPerSecond));
    Simulator sim(s, 1);
    sim.runUntil(12 * kTicksPerSecond);
    QVERIFY2(!sim.stopped(), sim.stopReason().c_str());
    QCOMPARE(byName(sim, "batch").state, ProcessState::Killed);
    QCOMPARE(byName(sim, "postgres").state, ProcessState::Running);
    QCOMPARE(sim.oom().oomScore(byName(sim, "postgres")), std::int64_t { 0 });
    QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 1 });
    QCOMPARE(
        countMatching(logLines(sim), QStringLiteral(R"(Out of memory: Killed process \d+ \(batch\))")), 1);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestOom::largestIsChosenWithoutAdj()
{
    // Without oom_score_adj the largest process is chosen, even when a smaller one is allocating;
    // with +800 on the small one, it is chosen instead.
    for (int adj : { 0, 800 }) {
        Scenario s = machine(512 * kMiB);
        s.processes.push_back(anonHog("big", 300 * kMiB, 0, 0));
        s.processes.push_back(anonHog("small", 350 * kMiB, 100 * kMiB, adj, kTicksPerSecond));
        Simulator sim(s, 1);
        sim.runUntil(10 * kTicksPerSecond);
        const std::string victim = adj == 0 ? "big" : "small";
        const std::string survivor = adj == 0 ? "small" : "big";
        QCOMPARE(byName(sim, victim).state, ProcessState::Killed);
        QVERIFY(byName(sim, survivor).state != ProcessState::Killed);
        QCOMPARE(sim.checkInvariants(), std::string());
    }
}

void TestOom::killAllocatingTask()
{
    // vm.oom_kill_allocating_task = 1 kills the allocating task, not the largest one.
    Scenario s = machine(512 * kMiB);
    s.sysctls.push_back({ "vm.oom_kill_allocating_task", { 1 } });
    s.processes.push_back(anonHog("big", 300 * kMiB, 0, 0));
    s.processes.push_back(anonHog("small", 1024 * kMiB, 100 * kMiB, 0, kTicksPerSecond));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    QCOMPARE(byName(sim, "small").state, ProcessState::Killed);
    QCOMPARE(byName(sim, "big").state, ProcessState::Running);
    QCOMPARE(
        countMatching(logLines(sim),
            QStringLiteral(R"(Out of memory \(oom_kill_allocating_task\): Killed process \d+ \(small\))")),
        1);
}

void TestOom::panicOnOom_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("word");
    QTest::newRow("1 system-wide") << 1 << QStringLiteral("system-wide");
    QTest::newRow("2 compulsory") << 2 << QStringLiteral("compulsory");
}

void TestOom::panicOnOom()
{
    QFETCH(int, mode);
    QFETCH(QString, word);
    Scenario s = machine(256 * kMiB);
    s.sysctls.push_back({ "vm.panic_on_oom", { mode } });
    s.processes.push_back(anonHog("hog", 1024 * kMiB, 200 * kMiB, 0));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    QVERIFY(sim.stopped());
    QVERIFY(sim.stopReason().find("panic") != std::string::npos);
    QCOMPARE(sim.events()[VmEvent::OomKill], std::uint64_t { 0 });
    const QStringList log = logLines(sim);
    QCOMPARE(countMatching(log, QStringLiteral("invoked oom-killer")), 1);
    QCOMPARE(countMatching(log,
                 QStringLiteral("Kernel panic - not syncing: Out of memory: %1 panic_on_oom is enabled$")
                     .arg(word)),
        1);
}

void TestOom::noKillableProcess()
{
    Scenario s = machine(256 * kMiB);
    s.processes.push_back(anonHog("protected", 1024 * kMiB, 200 * kMiB, -1000));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    QVERIFY(sim.stopped());
    const QStringList log = logLines(sim);
    QCOMPARE(countMatching(log, QStringLiteral("Out of memory and no killable processes\\.\\.\\.$")), 1);
    QCOMPARE(
        countMatching(log, QStringLiteral("Kernel panic - not syncing: System is deadlocked on memory$")), 1);
}

void TestOom::logFormat()
{
    Scenario s = machine(512 * kMiB, 64 * kMiB);
    s.processes.push_back(anonHog("batch-job", 1024 * kMiB, 200 * kMiB, 500));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    const QStringList log = logLines(sim);
    const QString stamp = QStringLiteral(R"(^\[ *\d+\.\d{6}\] )");
    // The formats of mm/oom_kill.c, mm/page_alloc.c:__show_free_areas, lib/show_mem.c, mm/swapfile.c.
    const QStringList expected {
        R"(Adding 65536k swap on /dev/vda2\.  Priority:-2 extents:1 across:65536k SS$)",
        R"(batch-job invoked oom-killer: gfp_mask=0x140dca\(GFP_HIGHUSER_MOVABLE\|__GFP_COMP\|__GFP_ZERO\), order=0, oom_score_adj=500$)",
        R"(Mem-Info:$)",
        R"(active_anon:\d+ inactive_anon:\d+ isolated_anon:\d+$)",
        R"( free:\d+ free_pcp:0 free_cma:0$)",
        R"(Node 0 active_anon:\d+kB inactive_anon:\d+kB .* all_unreclaimable\? (yes|no)$)",
        R"(Node 0 DMA32 free:\d+kB boost:0kB min:\d+kB low:\d+kB high:\d+kB reserved_highatomic:0KB .* free_cma:0kB$)",
        R"(lowmem_reserve\[\]: 0 [1-9]\d* [1-9]\d* [1-9]\d* [1-9]\d*$)",
        R"(\d+ total pagecache pages$)",
        R"(Free swap  = \d+kB$)",
        R"(Total swap = 65536kB$)",
        R"(\d+ pages RAM$)",
        R"(Tasks state \(memory values in pages\):$)",
        R"(\[  pid  \]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name$)",
        R"(\[ {3}1000\]     0  1000 +\d+ +\d+ +\d+ +\d+ +500 batch-job$)",
        R"(oom-kill:constraint=CONSTRAINT_NONE,nodemask=\(null\),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=batch-job,pid=1000,uid=0$)",
        R"(Out of memory: Killed process 1000 \(batch-job\) total-vm:\d+kB, anon-rss:\d+kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:\d+kB oom_score_adj:500$)",
        R"(oom_reaper: reaped process 1000 \(batch-job\), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB$)",
    };
    for (const auto& pattern : expected)
        QVERIFY2(countMatching(log, stamp + pattern) == 1, qPrintable(QStringLiteral("missing: ") + pattern));
    // The task table comes before the summary, and the summary before the kill line.
    const auto index = [&](const QString& needle) {
        for (int i = 0; i < log.size(); ++i) {
            if (log[i].contains(needle))
                return i;
        }
        return -1;
    };
    QVERIFY(index(QStringLiteral("invoked oom-killer")) < index(QStringLiteral("Mem-Info:")));
    QVERIFY(index(QStringLiteral("Tasks state")) < index(QStringLiteral("oom-kill:constraint")));
    QVERIFY(index(QStringLiteral("oom-kill:constraint")) < index(QStringLiteral("Killed process")));
    QVERIFY(index(QStringLiteral("Killed process")) < index(QStringLiteral("oom_reaper:")));
}

void TestOom::dumpTasksOff()
{
    Scenario s = machine(256 * kMiB);
    s.sysctls.push_back({ "vm.oom_dump_tasks", { 0 } });
    s.processes.push_back(anonHog("hog", 1024 * kMiB, 200 * kMiB, 0));
    Simulator sim(s, 1);
    sim.runUntil(10 * kTicksPerSecond);
    const QStringList log = logLines(sim);
    QCOMPARE(countMatching(log, QStringLiteral("Killed process")), 1);
    QCOMPARE(countMatching(log, QStringLiteral("Tasks state")), 0);
}

void TestOom::liveOomScoreAdjChangesScore()
{
    Scenario s = machine(512 * kMiB);
    s.processes.push_back(anonHog("db", 100 * kMiB, 0, 0));
    Simulator sim(s, 1);
    sim.runUntil(kTicksPerSecond);
    const auto before = sim.oom().oomScore(byName(sim, "db"));
    QVERIFY(!sim.apply(SetOomScoreAdj { "db", -1000 }));
    QCOMPARE(sim.oom().oomScore(byName(sim, "db")), std::int64_t { 0 });
    QVERIFY(!sim.apply(SetOomScoreAdj { "db", 1000 }));
    QVERIFY(sim.oom().oomScore(byName(sim, "db")) > before);
    QVERIFY(sim.apply(SetOomScoreAdj { "db", 1001 }).has_value());
    QVERIFY(sim.apply(SetOomScoreAdj { "nobody", 0 }).has_value());
}

void TestOom::manyProcessesLogEachKillOnce()
{
    // 60 processes outgrow a 64 MiB machine: one after another is killed while the others keep
    // faulting and retrying. Only the killer's actions are logged, each with at most 32 candidates
    // (the victim among them), and dmesg keeps the newest 128 KiB as the kernel's ring buffer does.
    Scenario s = machine(64 * kMiB);
    for (int i = 0; i < 60; ++i)
        s.processes.push_back(anonHog("p" + std::to_string(i), 2 * kMiB, 4 * kMiB, 0));
    Simulator sim(s, 1);
    sim.runUntil(5 * kTicksPerSecond);
    int invoked = 0;
    int kills = 0;
    std::vector<int> candidates;
    int lastVictim = 0;
    for (const Event& e : sim.drainEvents()) {
        if (e.as<ev::OomInvoked>()) {
            ++invoked;
            candidates.clear();
        } else if (const auto* c = e.as<ev::OomCandidate>()) {
            candidates.push_back(c->who.task.pid);
        } else if (const auto* k = e.as<ev::OomKill>()) {
            ++kills;
            lastVictim = k->who.task.pid;
            QVERIFY2(candidates.size() <= 32, qPrintable(QString::number(candidates.size())));
            QVERIFY(std::find(candidates.begin(), candidates.end(), lastVictim) != candidates.end());
        }
    }
    QVERIFY2(kills >= 20, qPrintable(QString::number(kills)));
    QCOMPARE(invoked, kills);
    std::size_t bytes = 0;
    for (const auto& line : sim.kernelLog())
        bytes += line.size() + 1;
    QVERIFY2(bytes <= std::size_t { 128 } << 10, qPrintable(QString::number(bytes)));
    const QStringList lines = logLines(sim);
    QVERIFY(countMatching(lines, QStringLiteral("^\\[.*\\] Out of memory: Killed process ")) < kills);
    QVERIFY(lines.filter(QStringLiteral("Killed process %1 ").arg(lastVictim)).size() == 1);
    QCOMPARE(sim.checkInvariants(), std::string());
}

QTEST_APPLESS_MAIN(TestOom)
#include "tst_oom.moc"
