// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <cstdint>
#include <vector>

class QEventLoop;

namespace rlab::ui {

class MainWindow;

struct GuiBenchmarkOptions
{
    /// Wall time measured, after the warm-up.
    qint64 durationMs = 20'000;
    /// The warm-up ends when the simulation reaches this simulated time (reclaim has started) or after
    /// warmupWallMs, whichever comes first. Frames of the warm-up are not counted.
    std::int64_t warmupSimUs = 20'000'000;
    qint64 warmupWallMs = 5'000;
    /// Programmatic moves of the slider, spread evenly over the measured time.
    int sliderMoves = 16;
    /// A move not visible after this long counts as missed.
    qint64 sliderTimeoutMs = 2'000;
    QString sliderSysctl = QStringLiteral("vm.watermark_scale_factor");
};

struct GuiBenchmarkResult
{
    bool ok = false;
    QString error;
    int width = 0; ///< the main window's size during the run
    int height = 0;
    QString platform;
    QString scenario;
    std::uint64_t totalFrames = 0; ///< managed page frames of the simulated machine (totalram_pages)

    int frames = 0; ///< completed paints of the main window in the measured time
    int memoryViewFrames = 0; ///< those of them that repainted the memory view
    int ticks = 0; ///< ticks of the controller's frame clock in the measured time
    int snapshots = 0; ///< snapshots the GUI took in the measured time
    double wallSeconds = 0.0;
    double fpsMean = 0.0;
    double frameMsP50 = 0.0; ///< time between consecutive completed frames
    double frameMsP90 = 0.0;
    double frameMsP99 = 0.0;
    double frameMsMax = 0.0;
    double paintMsP50 = 0.0; ///< GUI-thread time inside one frame's paint and flush
    double paintMsP99 = 0.0;
    double snapshotMsP50 = 0.0; ///< GUI-thread time handing one snapshot to every view
    double snapshotMsP99 = 0.0;
    double replotMsP50 = 0.0; ///< GUI-thread time of one plot replot
    double replotMsP99 = 0.0;
    double guiBusyPercent = 0.0; ///< paint + snapshot + replot time over the wall time
    double guiCpuPercent = 0.0; ///< CPU time of the GUI thread over the wall time
    double processCpuPercent = 0.0; ///< CPU time of every thread of the process over the wall time
    double simSeconds = 0.0; ///< simulated time that passed in the measured time
    double simOverWall = 0.0;
    double rssMib = 0.0; ///< the process's resident memory at the end (VmRSS), MiB
    double peakRssMib = 0.0; ///< its peak (VmHWM)

    int sliderMoves = 0;
    int sliderMissed = 0; ///< moves never seen within the timeout
    std::vector<int> sliderFrames; ///< frames from each move until it was visible (1: the next frame)
    std::vector<double> sliderMs; ///< wall ms from each move to the end of that frame
    int sliderFramesMax = 0;
    double sliderMsMax = 0.0;
};

/// The GUI benchmark (`reclaimlab --benchmark`): runs the window's scenario at maximum speed and measures
/// real frame times (between consecutive completed paints of the main window), the simulation's speed,
/// and after how many frames a slider's effect (the engine's recomputed watermarks) is on screen in both
/// the memory view's zone gauges and the watermark plot. Runs on the GUI thread in a local event loop.
class GuiBenchmark : public QObject
{
    Q_OBJECT
public:
    GuiBenchmark(MainWindow* window, GuiBenchmarkOptions options, QObject* parent = nullptr);
    ~GuiBenchmark() override;

    /// Runs warm-up and measurement; returns when done. The window must be shown with a scenario loaded.
    GuiBenchmarkResult run();

    /// A human-readable table of a result.
    static QString table(const GuiBenchmarkResult& result);
    /// One machine-readable line: "gui_bench fps_mean=… frame_ms_p50=… … frames=…".
    static QString line(const GuiBenchmarkResult& result);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    enum class Phase
    {
        WarmUp,
        Measuring,
        Done,
    };
    struct SliderMove
    {
        int value = 0;
        qint64 atNs = 0;
        int framesAtMove = 0;
    };
    void onFrameBegin();
    void onFrameEnd();
    void onPoll();
    void startMeasuring();
    void finish();
    void moveSlider();
    bool sliderVisible(bool memoryViewPainted, bool plotPainted) const;

    MainWindow* m_window;
    GuiBenchmarkOptions m_options;
    QEventLoop* m_loop = nullptr;
    QElapsedTimer m_clock;
    Phase m_phase = Phase::WarmUp;
    GuiBenchmarkResult m_result;

    qint64 m_phaseStartNs = 0;
    std::int64_t m_simStart = 0;
    qint64 m_frameBeginNs = 0;
    qint64 m_lastFrameEndNs = -1;
    qint64 m_snapshotBeginNs = 0;
    qint64 m_replotBeginNs = 0;
    qint64 m_guiCpuStartNs = 0;
    qint64 m_processCpuStartNs = 0;
    std::uint64_t m_memoryViewPaints = 0;
    std::uint64_t m_memoryViewPaintsAtBegin = 0;
    std::uint64_t m_plotPaints = 0;
    std::uint64_t m_plotPaintsAtBegin = 0;
    std::vector<double> m_intervalsMs;
    std::vector<double> m_paintMs;
    std::vector<double> m_snapshotMs;
    std::vector<double> m_replotMs;
    qint64 m_busyNs = 0;

    QObject* m_memoryView = nullptr;
    QObject* m_watermarkPlot = nullptr;
    int m_nextMove = 0;
    bool m_movePending = false;
    SliderMove m_move;
    bool m_plotCaughtUp = false; ///< the watermark plot replotted after the moved value's sample arrived
};

} // namespace rlab::ui
