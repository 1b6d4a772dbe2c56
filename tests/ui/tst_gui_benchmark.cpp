// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI benchmark's measurement (reclaimlab --benchmark) on a small machine, offscreen: it paints frames,
// orders its percentiles and sees every slider move on screen. Sanity only, no timing targets.
#include "controller/simulation_controller.h"
#include "gui_benchmark.h"
#include "main_window.h"
#include "settings.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rlab::ui;

namespace {

const QString kClassroom = QStringLiteral(RLAB_UI_TEST_DATA "/classroom.json");

} // namespace

class TestGuiBenchmark : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void measuresFramesAndSlider()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("settings.ini")));
        settings.setRunOnOpen(false);
        MainWindow window(&settings);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openScenario(kClassroom));
        QTRY_VERIFY_WITH_TIMEOUT(!window.controller()->latest()->zones.empty(), 60000);

        GuiBenchmarkOptions options;
        options.durationMs = 2000;
        // Measure once the run has taken its first step (a sanitizer build loads slowly).
        options.warmupSimUs = 1;
        options.warmupWallMs = 60'000;
        options.sliderMoves = 3;
        options.sliderTimeoutMs = 10'000; // sanitizer builds are slow; the value is not under test
        GuiBenchmark benchmark(&window, options);
        const GuiBenchmarkResult r = benchmark.run();
        QVERIFY2(r.ok, qPrintable(r.error));

        QVERIFY(r.frames > 0);
        QVERIFY(r.memoryViewFrames > 0);
        QVERIFY(r.memoryViewFrames <= r.frames);
        QVERIFY(r.snapshots > 0);
        QVERIFY(r.ticks > 0);
        QVERIFY(r.wallSeconds >= 2.0);
        QVERIFY(r.fpsMean > 0.0);
        QVERIFY(r.frameMsP50 > 0.0);
        QVERIFY(r.frameMsP50 <= r.frameMsP90);
        QVERIFY(r.frameMsP90 <= r.frameMsP99);
        QVERIFY(r.frameMsP99 <= r.frameMsMax);
        QVERIFY(r.paintMsP50 <= r.paintMsP99);
        QVERIFY(r.simSeconds > 0.0);
        QVERIFY(r.simOverWall > 0.0);
        QCOMPARE(r.width, window.width());
        QCOMPARE(r.height, window.height());
        QCOMPARE(r.totalFrames, window.controller()->latest()->totalRam);

        // Every move reached the screen after a finite number of frames, at least the next one.
        QCOMPARE(r.sliderMoves, 3);
        QCOMPARE(r.sliderMissed, 0);
        QCOMPARE(r.sliderFrames.size(), std::size_t { 3 });
        for (std::size_t i = 0; i < r.sliderFrames.size(); ++i) {
            QVERIFY(r.sliderFrames[i] >= 1);
            QVERIFY(r.sliderFrames[i] <= r.frames);
            QVERIFY(r.sliderMs[i] > 0.0);
            QVERIFY(r.sliderMs[i] <= r.sliderMsMax);
            QVERIFY(r.sliderFrames[i] <= r.sliderFramesMax);
        }
        // The engine has the last value the benchmark set.
        const auto* wsf = window.controller()->latest()->sysctl("vm.watermark_scale_factor");
        QVERIFY(wsf && wsf->front() != 10);

        // The machine-readable line has every field, in order.
        const QString line = GuiBenchmark::line(r);
        const QRegularExpression format(QStringLiteral(
            "^gui_bench fps_mean=[0-9.]+ frame_ms_p50=[0-9.]+ p90=[0-9.]+ p99=[0-9.]+ max=[0-9.]+ "
            "sim_over_wall=[0-9.]+ slider_frames_max=[0-9]+ slider_ms_max=[0-9.]+ frames=[0-9]+ "
            "rss_mib=[0-9]+ peak_rss_mib=[0-9]+$"));
        QVERIFY2(format.match(line).hasMatch(), qPrintable(line));
        QVERIFY(!GuiBenchmark::table(r).isEmpty());
    }
};

QTEST_MAIN(TestGuiBenchmark)
#include "tst_gui_benchmark.moc"
