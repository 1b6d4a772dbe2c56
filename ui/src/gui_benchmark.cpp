// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui_benchmark.h"

#include "controller/simulation_controller.h"
#include "controller/speed.h"
#include "main_window.h"
#include "panels/tunables_panel.h"
#include "plot/memory_plot.h"
#include "plot/qcp_include.h"
#include "views/lru_view.h"

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QLocale>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>

namespace rlab::ui {

namespace {

/// Nearest-rank percentile of unsorted values (0 for none).
double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

qint64 processCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// A "VmRSS:"-style line of /proc/self/status in MiB, or 0 where there is none.
double procStatusMib(const char* key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(static_cast<qsizetype>(std::strlen(key))).trimmed().split(' ').value(0).toDouble()
                / 1024.0;
    }
    return 0.0;
}

/// Slider positions far enough apart that every move changes the watermarks a lot.
constexpr int kSliderValues[] = { 200, 20, 500, 60, 1000, 10, 350, 120 };

} // namespace

GuiBenchmark::GuiBenchmark(MainWindow* window, GuiBenchmarkOptions options, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_options(std::move(options))
{}

GuiBenchmark::~GuiBenchmark()
{
    m_window->setFrameObserver({});
}

GuiBenchmarkResult GuiBenchmark::run()
{
    m_result = {};
    m_result.platform = QGuiApplication::platformName();
    SimulationController* c = m_window->controller();
    if (!c->scenario()) {
        m_result.error = tr("No scenario is loaded.");
        return m_result;
    }
    if (!m_window->tunables()->slider(m_options.sliderSysctl)) {
        m_result.error = tr("No slider for %1.").arg(m_options.sliderSysctl);
        return m_result;
    }
    m_result.scenario = QString::fromStdString(c->scenario()->name);
    m_memoryView = m_window->memoryView();
    m_memoryView->installEventFilter(this);
    for (auto* plot : m_window->plots()->findChildren<QCustomPlot*>()) {
        if (plot->objectName() == MemoryPlots::fileStem(MemoryPlots::Kind::Watermarks)) {
            m_watermarkPlot = plot;
            plot->installEventFilter(this);
        }
        connect(plot, &QCustomPlot::beforeReplot, this, [this] { m_replotBeginNs = m_clock.nsecsElapsed(); });
        connect(plot, &QCustomPlot::afterReplot, this, [this, plot] {
            const qint64 ns = m_clock.nsecsElapsed() - m_replotBeginNs;
            if (m_phase == Phase::Measuring) {
                m_replotMs.push_back(static_cast<double>(ns) / 1e6);
                m_busyNs += ns;
            }
            if (plot == m_watermarkPlot && m_movePending) {
                // What this replot drew: the newest sample's high watermark of the plotted zone.
                const QString id = QStringLiteral("high:") + m_window->plots()->zone();
                const auto& values = m_window->plots()->history().values(id);
                const auto shown = m_window->plots()->lastValue(id);
                const SnapshotPtr s = m_window->controller()->latest();
                const auto* sysctl = s->sysctl(m_options.sliderSysctl.toStdString());
                m_plotCaughtUp = sysctl && !sysctl->empty() && sysctl->front() == m_move.value && shown
                    && !values.empty() && *shown == values.back();
            }
        });
    }
    m_window->setFrameObserver([this](MainWindow::FramePhase phase) {
        switch (phase) {
        case MainWindow::FramePhase::SnapshotBegin:
            m_snapshotBeginNs = m_clock.nsecsElapsed();
            break;
        case MainWindow::FramePhase::SnapshotEnd:
            if (m_phase == Phase::Measuring) {
                const qint64 ns = m_clock.nsecsElapsed() - m_snapshotBeginNs;
                m_snapshotMs.push_back(static_cast<double>(ns) / 1e6);
                m_busyNs += ns;
                ++m_result.snapshots;
            }
            break;
        case MainWindow::FramePhase::PaintBegin:
            onFrameBegin();
            break;
        case MainWindow::FramePhase::PaintEnd:
            onFrameEnd();
            break;
        }
    });
    connect(c, &SimulationController::frameTick, this, [this] {
        if (m_phase == Phase::Measuring)
            ++m_result.ticks;
    });
    m_clock.start();
    m_phaseStartNs = 0;
    c->setSpeedIndex(Speed::kMax);
    if (!c->isRunning())
        c->run();

    QEventLoop loop;
    m_loop = &loop;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, &GuiBenchmark::onPoll);
    poll.start();
    loop.exec();
    m_loop = nullptr;
    m_window->setFrameObserver({});
    disconnect(c, nullptr, this, nullptr);
    m_memoryView->removeEventFilter(this);
    if (m_watermarkPlot)
        m_watermarkPlot->removeEventFilter(this);
    for (auto* plot : m_window->plots()->findChildren<QCustomPlot*>())
        disconnect(plot, nullptr, this, nullptr);
    return m_result;
}

bool GuiBenchmark::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Paint) {
        if (watched == m_memoryView)
            ++m_memoryViewPaints;
        else if (watched == m_watermarkPlot)
            ++m_plotPaints;
    }
    return QObject::eventFilter(watched, event);
}

void GuiBenchmark::onFrameBegin()
{
    m_frameBeginNs = m_clock.nsecsElapsed();
    m_memoryViewPaintsAtBegin = m_memoryViewPaints;
    m_plotPaintsAtBegin = m_plotPaints;
}

void GuiBenchmark::onFrameEnd()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_phase != Phase::Measuring)
        return;
    const bool memoryViewPainted = m_memoryViewPaints != m_memoryViewPaintsAtBegin;
    const bool plotPainted = m_plotPaints != m_plotPaintsAtBegin;
    m_paintMs.push_back(static_cast<double>(now - m_frameBeginNs) / 1e6);
    m_busyNs += now - m_frameBeginNs;
    if (m_lastFrameEndNs >= 0)
        m_intervalsMs.push_back(static_cast<double>(now - m_lastFrameEndNs) / 1e6);
    m_lastFrameEndNs = now;
    ++m_result.frames;
    if (memoryViewPainted)
        ++m_result.memoryViewFrames;

    if (m_movePending && sliderVisible(memoryViewPainted, plotPainted)) {
        m_movePending = false;
        const int frames = m_result.frames - m_move.framesAtMove;
        const double ms = static_cast<double>(now - m_move.atNs) / 1e6;
        m_result.sliderFrames.push_back(frames);
        m_result.sliderMs.push_back(ms);
    }
}

bool GuiBenchmark::sliderVisible(bool memoryViewPainted, bool plotPainted) const
{
    // The engine has applied the value and recomputed the watermarks: the latest snapshot says so.
    const SnapshotPtr s = m_window->controller()->latest();
    const auto* sysctl = s->sysctl(m_options.sliderSysctl.toStdString());
    if (!sysctl || sysctl->empty() || sysctl->front() != m_move.value)
        return false;
    // The memory view's zone gauges painted in this frame from that snapshot's watermarks.
    const auto& shown = m_window->memoryView()->zones();
    if (!memoryViewPainted || shown.size() != s->zones.size())
        return false;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (shown[i].min != s->zones[i].min || shown[i].low != s->zones[i].low
            || shown[i].high != s->zones[i].high)
            return false;
    }
    // The watermark plot replotted with the new value before this frame and painted in it.
    return m_plotCaughtUp && plotPainted;
}

void GuiBenchmark::onPoll()
{
    const qint64 now = m_clock.nsecsElapsed();
    const SnapshotPtr s = m_window->controller()->latest();
    switch (m_phase) {
    case Phase::WarmUp:
        if (s->now >= m_options.warmupSimUs || now >= m_options.warmupWallMs * 1'000'000 || s->stopped)
            startMeasuring();
        break;
    case Phase::Measuring: {
        const qint64 elapsed = now - m_phaseStartNs;
        // The benchmark runs on past the scenario's duration.
        if (s->reachedEnd && !s->running)
            m_window->controller()->run();
        if (m_movePending && now - m_move.atNs > m_options.sliderTimeoutMs * 1'000'000) {
            m_movePending = false;
            ++m_result.sliderMissed;
        }
        const qint64 slot = m_options.durationMs * 1'000'000 / (m_options.sliderMoves + 1);
        if (!m_movePending && m_nextMove < m_options.sliderMoves && elapsed >= slot * (m_nextMove + 1))
            moveSlider();
        if (elapsed >= m_options.durationMs * 1'000'000 && !m_movePending)
            finish();
        break;
    }
    case Phase::Done:
        break;
    }
}

void GuiBenchmark::startMeasuring()
{
    m_phase = Phase::Measuring;
    m_phaseStartNs = m_clock.nsecsElapsed();
    m_simStart = m_window->controller()->latest()->now;
    m_lastFrameEndNs = -1;
    m_guiCpuStartNs = threadCpuNs();
    m_processCpuStartNs = processCpuNs();
}

void GuiBenchmark::moveSlider()
{
    QSlider* slider = m_window->tunables()->slider(m_options.sliderSysctl);
    int value = kSliderValues[static_cast<std::size_t>(m_nextMove) % std::size(kSliderValues)];
    value = std::clamp(value, slider->minimum(), slider->maximum());
    if (value == slider->value())
        value = value == slider->minimum() ? slider->maximum() : slider->minimum();
    ++m_nextMove;
    ++m_result.sliderMoves;
    m_move.value = value;
    m_move.atNs = m_clock.nsecsElapsed();
    m_move.framesAtMove = m_result.frames;
    m_movePending = true;
    m_plotCaughtUp = false;
    slider->setValue(value); // as a drag does: valueChanged → the controller → the worker
}

void GuiBenchmark::finish()
{
    m_phase = Phase::Done;
    const qint64 wallNs = m_clock.nsecsElapsed() - m_phaseStartNs;
    GuiBenchmarkResult& r = m_result;
    r.width = m_window->width();
    r.height = m_window->height();
    r.wallSeconds = static_cast<double>(wallNs) / 1e9;
    r.simSeconds = static_cast<double>(m_window->controller()->latest()->now - m_simStart) / 1e6;
    r.simOverWall = r.wallSeconds > 0 ? r.simSeconds / r.wallSeconds : 0.0;
    r.rssMib = procStatusMib("VmRSS:");
    r.peakRssMib = procStatusMib("VmHWM:");
    r.fpsMean = r.wallSeconds > 0 ? r.frames / r.wallSeconds : 0.0;
    r.frameMsP50 = percentile(m_intervalsMs, 50);
    r.frameMsP90 = percentile(m_intervalsMs, 90);
    r.frameMsP99 = percentile(m_intervalsMs, 99);
    r.frameMsMax =
        m_intervalsMs.empty() ? 0.0 : *std::max_element(m_intervalsMs.begin(), m_intervalsMs.end());
    r.paintMsP50 = percentile(m_paintMs, 50);
    r.paintMsP99 = percentile(m_paintMs, 99);
    r.snapshotMsP50 = percentile(m_snapshotMs, 50);
    r.snapshotMsP99 = percentile(m_snapshotMs, 99);
    r.replotMsP50 = percentile(m_replotMs, 50);
    r.replotMsP99 = percentile(m_replotMs, 99);
    const auto percent = [wallNs](qint64 ns) {
        return wallNs > 0 ? 100.0 * static_cast<double>(ns) / static_cast<double>(wallNs) : 0.0;
    };
    r.guiBusyPercent = percent(m_busyNs);
    r.guiCpuPercent = percent(threadCpuNs() - m_guiCpuStartNs);
    r.processCpuPercent = percent(processCpuNs() - m_processCpuStartNs);
    r.totalFrames = m_window->controller()->latest()->totalRam;
    for (std::size_t i = 0; i < r.sliderFrames.size(); ++i) {
        r.sliderFramesMax = std::max(r.sliderFramesMax, r.sliderFrames[i]);
        r.sliderMsMax = std::max(r.sliderMsMax, r.sliderMs[i]);
    }
    r.ok = r.frames > 0;
    if (!r.ok)
        r.error = tr("No frame was painted.");
    if (m_loop)
        m_loop->quit();
}

QString GuiBenchmark::table(const GuiBenchmarkResult& r)
{
    const QLocale c = QLocale::c();
    const auto ms = [&](double v) { return tr("%1 ms").arg(c.toString(v, 'f', 2)); };
    const auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("  %1  %2\n").arg(label, -34).arg(value);
    };
    QString out;
    out += tr("ReclaimLab GUI benchmark: “%1”, %2 page frames").arg(r.scenario).arg(r.totalFrames) + u'\n';
    out += tr("window %1×%2 on the %3 platform, %4 s measured")
               .arg(r.width)
               .arg(r.height)
               .arg(r.platform, c.toString(r.wallSeconds, 'f', 1))
        + u'\n';
    out += row(tr("frames (memory view repainted)"), tr("%1 (%2)").arg(r.frames).arg(r.memoryViewFrames));
    out += row(tr("frame clock ticks"), QString::number(r.ticks));
    out += row(tr("snapshots taken"), QString::number(r.snapshots));
    out += row(tr("frames per second, mean"), c.toString(r.fpsMean, 'f', 1));
    out += row(tr("frame time p50 / p90 / p99 / max"),
        QStringLiteral("%1 / %2 / %3 / %4")
            .arg(ms(r.frameMsP50), ms(r.frameMsP90), ms(r.frameMsP99), ms(r.frameMsMax)));
    out += row(
        tr("paint and flush p50 / p99"), QStringLiteral("%1 / %2").arg(ms(r.paintMsP50), ms(r.paintMsP99)));
    out += row(tr("snapshot to views p50 / p99"),
        QStringLiteral("%1 / %2").arg(ms(r.snapshotMsP50), ms(r.snapshotMsP99)));
    out +=
        row(tr("plot replot p50 / p99"), QStringLiteral("%1 / %2").arg(ms(r.replotMsP50), ms(r.replotMsP99)));
    out += row(tr("GUI thread busy (wall) / CPU"),
        tr("%1 % / %2 %").arg(c.toString(r.guiBusyPercent, 'f', 1), c.toString(r.guiCpuPercent, 'f', 1)));
    out += row(tr("process CPU (all threads)"), tr("%1 %").arg(c.toString(r.processCpuPercent, 'f', 1)));
    out += row(tr("simulated time"),
        tr("%1 s (%2× real time)").arg(c.toString(r.simSeconds, 'f', 1), c.toString(r.simOverWall, 'f', 1)));
    out += row(tr("memory now / peak (RSS)"),
        tr("%1 MiB / %2 MiB").arg(c.toString(r.rssMib, 'f', 0), c.toString(r.peakRssMib, 'f', 0)));
    QStringList frames;
    for (std::size_t i = 0; i < r.sliderFrames.size(); ++i)
        frames << tr("%1 (%2)").arg(r.sliderFrames[i]).arg(ms(r.sliderMs[i]));
    out += row(tr("slider moves, frames until visible"),
        tr("%1 moves, %2 missed: %3")
            .arg(r.sliderMoves)
            .arg(r.sliderMissed)
            .arg(frames.join(QStringLiteral(", "))));
    return out;
}

QString GuiBenchmark::line(const GuiBenchmarkResult& r)
{
    const QLocale c = QLocale::c();
    const auto num = [&](double v) { return c.toString(v, 'f', 2); };
    return QStringLiteral("gui_bench fps_mean=%1 frame_ms_p50=%2 p90=%3 p99=%4 max=%5 sim_over_wall=%6 "
                          "slider_frames_max=%7 slider_ms_max=%8 frames=%9 rss_mib=%10 peak_rss_mib=%11")
        .arg(num(r.fpsMean), num(r.frameMsP50), num(r.frameMsP90), num(r.frameMsP99), num(r.frameMsMax),
            num(r.simOverWall))
        .arg(r.sliderMissed > 0 ? -1 : r.sliderFramesMax)
        .arg(num(r.sliderMsMax))
        .arg(r.frames)
        .arg(c.toString(r.rssMib, 'f', 0), c.toString(r.peakRssMib, 'f', 0));
}

} // namespace rlab::ui
