// SPDX-License-Identifier: GPL-3.0-or-later
// engine::Recorder: the one run loop of the GUI worker, the chart writer and `reclaimlab-cli run`.
#include <rlab/engine/recorder.h>
#include <rlab/engine/timeseries_csv.h>

#include <QTest>

using namespace rlab::engine;

namespace {

Scenario twoNodes()
{
    // Two nodes whose kswapds run at the same time.
    const ParseResult parsed = parseScenario(R"({
      "seed": 1, "machine": {"reclaim_scan_rate": 100, "nodes": [
        {"zones": [{"name": "Normal", "present_pages": 65536, "managed_pages": 65536}]},
        {"zones": [{"name": "Normal", "present_pages": 65536, "managed_pages": 65536}]}]},
      "processes": [
        {"name": "a", "node": 0, "workload": [{"type": "stream", "file": "fa", "size": "2G", "rate": "1G/s"}]},
        {"name": "b", "node": 1, "workload": [{"type": "stream", "file": "fb", "size": "2G", "rate": "1G/s"}]}]})");
    if (!parsed.scenario)
        qFatal("%s", parsed.error.c_str());
    return *parsed.scenario;
}

} // namespace

class TestRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kswapdDutyIsAFraction_data()
    {
        QTest::addColumn<qint64>("interval");
        QTest::newRow("10ms") << qint64 { 10 * kTicksPerMs };
        QTest::newRow("1ms") << qint64 { kTicksPerMs };
        QTest::newRow("one step") << qint64 { Simulator::kStep };
    }
    void kswapdDutyIsAFraction()
    {
        // The duty is the share of steps with any kswapd running, so two busy nodes never make it exceed 1.
        QFETCH(qint64, interval);
        const Scenario scenario = twoNodes();
        Simulator sim(scenario, 1);
        Recorder recorder(sim, scenario, interval);
        recorder.setEnd(3 * kTicksPerSecond);
        recorder.run();
        const std::vector<Sample> samples = recorder.takeSamples();
        QVERIFY(samples.size() > 2);
        double peak = 0.0;
        for (const Sample& s : samples) {
            QVERIFY2(s.kswapdDuty >= 0.0 && s.kswapdDuty <= 1.0, qPrintable(QString::number(s.kswapdDuty)));
            peak = std::max(peak, s.kswapdDuty);
        }
        QVERIFY2(peak > 0.5, qPrintable(QString::number(peak)));
        for (const Sample& s : samplesEvery(samples, 100 * kTicksPerMs))
            QVERIFY(s.kswapdDuty >= 0.0 && s.kswapdDuty <= 1.0);
        QVERIFY(sim.checkInvariants().empty());
    }

    void runsInBatchesAsToTheEnd()
    {
        // Bounded batches with extra samples in between give the same grid samples as one run to the end.
        const Scenario scenario = twoNodes();
        Simulator whole(scenario, 3);
        Recorder a(whole, scenario, 10 * kTicksPerMs);
        a.setEnd(500 * kTicksPerMs);
        a.run();
        Simulator batched(scenario, 3);
        Recorder b(batched, scenario, 10 * kTicksPerMs);
        b.setEnd(500 * kTicksPerMs);
        std::vector<Sample> samples;
        std::vector<Event> events;
        while (b.run(37) > 0) {
            b.sampleNow();
            for (Sample& s : b.takeSamples())
                samples.push_back(std::move(s));
            for (Event& e : b.takeEvents())
                events.push_back(std::move(e));
        }
        QVERIFY(b.finished());
        QCOMPARE(b.run(), std::uint64_t { 0 });
        const Recording rec = a.takeRecording();
        QCOMPARE(timeseriesCsv(*rec.layout, samplesEvery(samples, 10 * kTicksPerMs)),
            timeseriesCsv(*rec.layout, rec.samples));
        QCOMPARE(events.size() + b.takeEvents().size(), rec.events.size());
        QCOMPARE(rec.samples.back().at, 500 * kTicksPerMs);
        QCOMPARE(rec.samples.size(), std::size_t { 51 });
    }

    void endIsAlwaysASample()
    {
        // A duration off the grid ends with a sample at the end; samplesEvery() keeps it.
        const Scenario scenario = twoNodes();
        Simulator sim(scenario, 1);
        Recorder recorder(sim, scenario, 10 * kTicksPerMs);
        recorder.setEnd(25 * kTicksPerMs);
        recorder.run();
        const std::vector<Sample> samples = recorder.takeSamples();
        QCOMPARE(samples.size(), std::size_t { 4 }); // 0, 10, 20, 25 ms
        QCOMPARE(samples.back().at, 25 * kTicksPerMs);
        const std::vector<Sample> every20 = samplesEvery(samples, 20 * kTicksPerMs);
        QCOMPARE(every20.size(), std::size_t { 3 }); // 0, 20, 25 ms
        const std::string csv = timeseriesCsv(*recorder.layout(), every20);
        QVERIFY(csv.starts_with("t_ms,node0_normal_free,node0_normal_min,"));
        QVERIFY(csv.find("\n25,") != std::string::npos);
        QVERIFY(csv.find(",kswapd0_state,kswapd1_state,") != std::string::npos);
        QVERIFY(csv.find(",a_rss,a_swap,a_oom_score,b_rss,b_swap,b_oom_score\n") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
