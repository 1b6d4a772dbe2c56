// SPDX-License-Identifier: GPL-3.0-or-later
// The main window, offscreen: loading, every slider reaching the engine and the plots, oom_score_adj edits,
// exports in every format, a broken scenario's dialog, save-as-scenario replay, shortcuts and themes.
#include "compare_dialog.h"
#include "controller/simulation_controller.h"
#include "controller/speed.h"
#include "format.h"
#include "i18n.h"
#include "main_window.h"
#include "models/event_log_model.h"
#include "models/process_model.h"
#include "panels/event_log_panel.h"
#include "panels/lesson_panel.h"
#include "panels/page_history_panel.h"
#include "panels/proc_text_view.h"
#include "panels/process_panel.h"
#include "panels/tunables_panel.h"
#include "plot/memory_plot.h"
#include "settings.h"
#include "theme.h"
#include "ui_test_data.h"
#include "views/buddy_view.h"
#include "views/lru_view.h"
#include "views/page_map_view.h"

#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImageReader>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <memory>

using namespace rlab;
using namespace rlab::ui;

namespace {

using testing::findProcess;
using testing::kBadRate;
using testing::kClassroom;
using testing::WorkerHold;

int rowOf(const ProcessModel& model, const QString& name)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, ProcessModel::Name).data().toString() == name)
            return r;
    }
    return -1;
}

QByteArray head(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(n);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;

    SimulationController* controller() const { return m_window->controller(); }

    /// Opens the classroom scenario paused and runs it to `seconds` of simulated time.
    void openAndRun(double seconds)
    {
        QVERIFY(m_window->openScenario(kClassroom));
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(
            controller()->latest()->now >= static_cast<engine::Tick>(seconds * 1e6), 60000);
        controller()->pause();
        QTRY_VERIFY(!controller()->latest()->running);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setRunOnOpen(false);
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_window->resize(1600, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_settings.reset();
    }

    void opensScenario()
    {
        QVERIFY(m_window->openScenario(kClassroom));
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("Classroom")));
        QCOMPARE(m_settings->recentFiles().value(0), QFileInfo(kClassroom).absoluteFilePath());
        // The plots start with the sample at t = 0 for every zone and the node total.
        QTRY_COMPARE(m_window->plots()->graphData(QStringLiteral("free:total")).size(), 1);
        const double free0 = m_window->plots()->graphData(QStringLiteral("free:total")).front().y();
        QCOMPARE(free0,
            static_cast<double>(
                controller()->latest()->zones[0].free + controller()->latest()->zones[1].free));
    }

    void examplesAndLessonsOpen_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList paths = MainWindow::exampleScenarios() + MainWindow::lessons();
        QVERIFY(paths.contains(QStringLiteral(":/scenarios/default.json")));
        for (const QString& path : paths)
            QTest::newRow(qPrintable(path)) << path;
    }

    void examplesAndLessonsOpen()
    {
        QFETCH(QString, path);
        QVERIFY(m_window->openScenario(path));
        // A 64 GiB machine takes seconds to boot in a sanitizer build.
        QTRY_VERIFY_WITH_TIMEOUT(!controller()->latest()->zones.empty(), 30000);
        controller()->step(10);
        QTRY_COMPARE_WITH_TIMEOUT(controller()->latest()->now, engine::Tick { 1000 }, 30000);
        QVERIFY(!controller()->latest()->stopped);
    }

    void runFillsViews()
    {
        openAndRun(3.0);
        const Snapshot& s = *controller()->latest();
        // Memory view lanes show the snapshot's counts.
        QCOMPARE(m_window->memoryView()->laneValue(LruView::Lane::InactiveFile), s.nodes[0].lru[2]);
        QCOMPARE(m_window->memoryView()->laneValue(LruView::Lane::ActiveAnon), s.nodes[0].lru[1]);
        QVERIFY(m_window->memoryView()->seenMoves() > 0);
        QVERIFY(m_window->memoryView()->animatedMoves() > 0);
        QVERIFY(m_window->memoryView()->animatedMoves() <= m_window->memoryView()->seenMoves());
        // About one plot point per 10 ms of simulated time.
        const auto points = m_window->plots()->graphData(QStringLiteral("free:total"));
        QVERIFY2(points.size() >= 290, qPrintable(QString::number(points.size())));
        QVERIFY(points.back().x() >= 2.99);
        QVERIFY(!m_window->plots()->graphData(QStringLiteral("lru:inactive_file")).isEmpty());
        // The page map covers every managed frame.
        QVERIFY(s.pageMap);
        engine::Pages mapped = 0;
        for (const auto& z : s.pageMap->zones)
            mapped += z.frames;
        QCOMPARE(mapped, s.totalRam);
        // Processes and the event log.
        QVERIFY(m_window->processes()->model()->rowCount() >= 2);
        QVERIFY(m_window->eventLog()->model()->rowCount() >= 2);
    }

    void eachSlider_data()
    {
        QTest::addColumn<QString>("sysctl");
        for (const QString& name : m_window->tunables()->sliderSysctls())
            QTest::newRow(qPrintable(name)) << name;
    }

    void eachSlider()
    {
        QFETCH(QString, sysctl);
        if (controller()->latest()->zones.empty() || controller()->latest()->runId == 0)
            openAndRun(0.5);
        QSlider* slider = m_window->tunables()->slider(sysctl);
        QVERIFY(slider);
        const auto markersBefore = m_window->plots()->markers().size();
        const auto highBefore = m_window->plots()->graphData(QStringLiteral("high:total"));
        const int target = slider->value() == slider->maximum()
            ? slider->minimum() + (slider->maximum() - slider->minimum()) / 3
            : slider->value() + std::max(1, (slider->maximum() - slider->value()) / 2);
        slider->setValue(target);
        QCOMPARE(m_window->tunables()->spinBox(sysctl)->value(), target);
        // The engine has the new value...
        const std::int64_t expected = m_window->tunables()->engineValue(sysctl, target);
        QTRY_VERIFY(controller()->latest()->sysctl(sysctl.toStdString())
            && controller()->latest()->sysctl(sysctl.toStdString())->front() == expected);
        // ...the session keeps it for "Save as scenario"...
        QTRY_VERIFY(!controller()->liveChanges().empty());
        const auto* set = std::get_if<engine::SetSysctl>(&controller()->liveChanges().back().command);
        QVERIFY(set);
        QCOMPARE(QString::fromStdString(set->write.name), sysctl);
        // ...and the plots mark the change on the timeline (while paused, at once).
        QTRY_VERIFY(m_window->plots()->markers().size() > markersBefore);
        QVERIFY(m_window->plots()->markers().back().text.contains(sysctl));
        if (sysctl == QLatin1String("vm.min_free_kbytes")
            || sysctl == QLatin1String("vm.watermark_scale_factor")) {
            // Watermark lines jump immediately: a new point with other watermarks at the same time.
            QTRY_VERIFY(
                m_window->plots()->graphData(QStringLiteral("high:total")).size() > highBefore.size());
            const auto high = m_window->plots()->graphData(QStringLiteral("high:total"));
            QVERIFY(high.back().y() != highBefore.back().y());
            QCOMPARE(high.back().x(), highBefore.back().x());
        }
    }

    void sliderKeepsItsValueUntilTheEngineHasIt()
    {
        openAndRun(0.2);
        const QString sysctl = QStringLiteral("vm.swappiness");
        QSlider* slider = m_window->tunables()->slider(sysctl);
        QVERIFY(slider);
        const auto before = controller()->latest()->sysctl("vm.swappiness")->front();
        QCOMPARE(slider->value(), static_cast<int>(before));
        const int target = before == 170 ? 30 : 170;
        {
            WorkerHold hold(*controller());
            slider->setValue(target);
            // Past the 600 ms the panel used to hold a changed slider, a snapshot from before the write
            // still says the old value: the slider keeps the user's.
            QTest::qWait(700);
            m_window->tunables()->setSnapshot(*controller()->latest());
            QCOMPARE(slider->value(), target);
            QCOMPARE(m_window->tunables()->spinBox(sysctl)->value(), target);
        }
        QTRY_COMPARE(controller()->latest()->sysctl("vm.swappiness")->front(), std::int64_t { target });
        QCOMPARE(slider->value(), target);
        // Confirmed: the row follows the engine again (here a write from elsewhere, like a lesson task).
        controller()->setSysctl("vm.swappiness", { before });
        QTRY_COMPARE(slider->value(), static_cast<int>(before));
    }

    void thpListsWriteTheSysfsFiles()
    {
        // The classroom machine has less than 512 MiB: the kernel turned THP off at boot, both files never.
        openAndRun(0.2);
        QComboBox* enabled = m_window->tunables()->thpEnabledBox();
        QComboBox* defrag = m_window->tunables()->thpDefragBox();
        QTRY_COMPARE(enabled->currentText(), QStringLiteral("never"));
        QCOMPARE(defrag->currentText(), QStringLiteral("never"));
        enabled->setCurrentIndex(0);
        Q_EMIT enabled->activated(0);
        QTRY_COMPARE(controller()->latest()->thpEnabled, engine::ThpMode::Always);
        defrag->setCurrentIndex(1);
        Q_EMIT defrag->activated(1);
        QTRY_COMPARE(controller()->latest()->thpDefrag, engine::ThpDefrag::Defer);
        QCOMPARE(controller()->latest()->thpEnabled, engine::ThpMode::Always); // one file at a time
        QCOMPARE(enabled->currentText(), QStringLiteral("always"));
        // A write from elsewhere (a scenario event, a lesson) shows in the lists.
        controller()->apply(engine::SetThp { engine::ThpMode::Madvise, engine::ThpDefrag::Always });
        QTRY_COMPARE(enabled->currentText(), QStringLiteral("madvise"));
        QTRY_COMPARE(defrag->currentText(), QStringLiteral("always"));
    }

    void swappinessChangesScanning()
    {
        // With swappiness 0 reclaim leaves anon pages alone while file pages remain; at 200 it scans anon.
        openAndRun(0.2);
        controller()->setSysctl("vm.swappiness", { 0 });
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->now >= 14 * engine::kTicksPerSecond, 90000);
        controller()->pause();
        QTRY_VERIFY(!controller()->latest()->running);
        const auto anonAt0 = controller()->latest()->vm[engine::VmEvent::PgscanAnon];
        const auto fileAt0 = controller()->latest()->vm[engine::VmEvent::PgscanFile];
        QVERIFY(fileAt0 > 0);
        controller()->setSysctl("vm.swappiness", { 200 });
        controller()->run();
        const engine::Tick resume = controller()->latest()->now;
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->now >= resume + 4 * engine::kTicksPerSecond, 90000);
        controller()->pause();
        QTRY_VERIFY(!controller()->latest()->running);
        const auto anonScanned = controller()->latest()->vm[engine::VmEvent::PgscanAnon] - anonAt0;
        QVERIFY2(anonScanned > 0, "swappiness 200 scans anonymous pages");
        // The anon-scan rate series shows it.
        const auto rate = m_window->plots()->graphData(QStringLiteral("rate:pgscan_anon"));
        double peak = 0.0;
        for (const auto& p : rate) {
            if (p.x() > static_cast<double>(resume) / 1e6)
                peak = std::max(peak, p.y());
        }
        QVERIFY(peak > 0.0);
    }

    void editOomScoreAdj()
    {
        openAndRun(1.0);
        ProcessModel* model = m_window->processes()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int row = rowOf(*model, QStringLiteral("nginx"));
        QVERIFY(row >= 0);
        const QModelIndex cell = model->index(row, ProcessModel::OomScoreAdj);
        QVERIFY(model->flags(cell) & Qt::ItemIsEditable);
        QCOMPARE(cell.data(Qt::EditRole).toInt(), -100);
        const auto before = findProcess(*controller()->latest(), "nginx")->oomScore;
        QVERIFY(model->setData(cell, 900));
        QTRY_COMPARE(findProcess(*controller()->latest(), "nginx")->oomScoreAdj, 900);
        QCOMPARE(model->index(row, ProcessModel::OomScoreAdj).data().toInt(), 900);
        if (controller()->latest()->oomScoreAvailable) {
            // oom_score follows: adj 900 adds 900/1000 of memory to the badness.
            QTRY_VERIFY(findProcess(*controller()->latest(), "nginx")->oomScore > before);
            QVERIFY(model->index(row, ProcessModel::OomScore).data().toString() != QStringLiteral("—"));
        } else {
            QCOMPARE(model->index(row, ProcessModel::OomScore).data().toString(), QStringLiteral("—"));
        }
        // Out of range values are clamped to the kernel's range.
        QVERIFY(model->setData(cell, 5000));
        QTRY_COMPARE(findProcess(*controller()->latest(), "nginx")->oomScoreAdj, 1000);
    }

    void modelsPassTester()
    {
        openAndRun(0.1);
        QAbstractItemModelTester processTester(
            m_window->processes()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester logTester(
            m_window->eventLog()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        // Processes appear (batch starts at 8 s), rows are added to the log.
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->now >= 9 * engine::kTicksPerSecond, 90000);
        m_window->processes()->startPreset(0);
        QTRY_VERIFY(m_window->processes()->model()->rowCount() == 4);
        controller()->pause();
        QVERIFY(m_window->eventLog()->model()->rowCount() > 10);
        m_window->eventLog()->setCategoryVisible(EventCategory::Kswapd, false);
        QVERIFY(m_window->eventLog()->visibleRows() < m_window->eventLog()->model()->rowCount());
        m_window->eventLog()->setCategoryVisible(EventCategory::Kswapd, true);
        QCOMPARE(m_window->eventLog()->visibleRows(), m_window->eventLog()->model()->rowCount());
        // A new run resets both models.
        controller()->stop();
        QTRY_COMPARE(m_window->processes()->model()->rowCount(), 0);
    }

    void exportEachFormat_data()
    {
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("preset");
        QTest::addColumn<bool>("large");
        const char* formats[] = { "png", "svg", "pdf" };
        for (int t = 0; t < MainWindow::kExportTargetCount; ++t) {
            for (int f = 0; f < 3; ++f) {
                const QString name = MainWindow::targetStem(static_cast<MainWindow::ExportTarget>(t))
                    + QLatin1Char('.') + QLatin1String(formats[f]);
                QTest::newRow(qPrintable(name)) << t << f << (t % kSizePresetCount) << (t % 2 == 1);
            }
        }
    }

    void exportEachFormat()
    {
        QFETCH(int, target);
        QFETCH(int, format);
        QFETCH(int, preset);
        QFETCH(bool, large);
        if (controller()->latest()->now < 500'000)
            openAndRun(1.0);
        ExportOptions o;
        o.format = static_cast<ExportFormat>(format);
        o.preset = static_cast<SizePreset>(preset);
        o.largeFonts = large;
        const QString path =
            m_dir.filePath(MainWindow::targetStem(static_cast<MainWindow::ExportTarget>(target))
                + QStringLiteral("-") + QString::number(preset) + QLatin1Char('.') + formatSuffix(o.format));
        QString error;
        QVERIFY2(m_window->exportTarget(static_cast<MainWindow::ExportTarget>(target), path, o, &error),
            qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 1000);
        const QSize size = presetSize(o.preset);
        switch (o.format) {
        case ExportFormat::Png: {
            QCOMPARE(head(path, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
            QImageReader reader(path);
            QCOMPARE(reader.size(), size);
            // Not blank: the image has several colours.
            const QImage image(path);
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 17)
                for (int x = 0; x < image.width(); x += 13)
                    colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 4);
            break;
        }
        case ExportFormat::Svg: {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray svg = f.readAll();
            QVERIFY(svg.startsWith("<?xml"));
            QVERIFY(svg.contains("<svg"));
            QVERIFY(svg.contains(
                QStringLiteral("viewBox=\"0 0 %1 %2\"").arg(size.width()).arg(size.height()).toUtf8()));
            // Every text names the generic family last, so a viewer without the font stays sans-serif.
            const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
            int families = 0;
            for (auto it = family.globalMatch(QString::fromUtf8(svg)); it.hasNext(); ++families) {
                const QString value = it.next().captured(1);
                QVERIFY2(value.endsWith(QLatin1String("sans-serif")), qPrintable(value));
            }
            QVERIFY(families > 0);
            break;
        }
        case ExportFormat::Pdf: {
            QCOMPARE(head(path, 5), QByteArray("%PDF-"));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray pdf = f.readAll();
            // A4 landscape is 842 × 595 points; the slide presets are their pixel size at 96 dpi.
            const QString pattern = o.preset == SizePreset::A4
                ? QStringLiteral("/MediaBox \\[0 0 84[12](\\.\\d+)? 59[56](\\.\\d+)?\\]")
                : QStringLiteral("/MediaBox \\[0 0 %1(\\.0+)? %2(\\.0+)?\\]")
                      .arg(size.width() * 3 / 4)
                      .arg(size.height() * 3 / 4);
            QVERIFY2(QRegularExpression(pattern).match(QString::fromLatin1(pdf)).hasMatch(),
                pdf.mid(pdf.indexOf("/MediaBox"), 40).constData());
            break;
        }
        }
    }

    void exportCoversTheWholeRun()
    {
        openAndRun(2.0);
        MemoryPlots* plots = m_window->plots();
        plots->setFollowing(true);
        plots->replotAll();
        const auto shown = plots->timeRange(MemoryPlots::Kind::Watermarks);
        QVERIFY(shown.second - shown.first >= plots->span() - 1e-9); // 30 s on screen, 2 s of data
        const QSize size = presetSize(SizePreset::Hd720);
        const QImage whole =
            renderImage(m_window->renderer(MainWindow::ExportTarget::Watermarks), size, false);
        const QImage visible =
            renderImage(m_window->renderer(MainWindow::ExportTarget::Watermarks, true), size, false);
        QVERIFY(whole != visible);
        // The screen keeps its window.
        QCOMPARE(plots->timeRange(MemoryPlots::Kind::Watermarks), shown);
        // Drawn over the whole run, the free-pages line reaches the right part of the plot; over the 30 s
        // window it stops in the first tenth. Count dark pixels in the right half.
        const auto darkRight = [](const QImage& image) {
            int dark = 0;
            for (int y = image.height() / 4; y < image.height() * 9 / 10; y += 2)
                for (int x = image.width() / 2; x < image.width() * 9 / 10; ++x)
                    dark += qGray(image.pixel(x, y)) < 60 ? 1 : 0;
            return dark;
        };
        QVERIFY2(darkRight(whole) > 50 && darkRight(visible) < 10,
            qPrintable(QStringLiteral("%1 %2").arg(darkRight(whole)).arg(darkRight(visible))));
    }

    void exportCsv()
    {
        if (controller()->latest()->now < 500'000)
            openAndRun(1.0);
        const QString path = m_dir.filePath(QStringLiteral("series.csv"));
        QString error;
        QVERIFY2(m_window->exportCsv(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList header = lines.front().split(QLatin1Char(','));
        // The format of reclaimlab-cli's timeseries.csv.
        QCOMPARE(header.front(), QStringLiteral("t_ms"));
        for (const char* id : { "dma32_free", "dma32_min", "dma32_high", "nr_inactive_file", "pgscan_kswapd",
                 "pswpout", "swap_used_pages", "kswapd0_state", "psi_some_avg10" })
            QVERIFY2(header.contains(QLatin1String(id)), id);
        QCOMPARE(lines.size() - 1, static_cast<int>(m_window->plots()->history().size()));
        QCOMPARE(lines[1].split(QLatin1Char(',')).size(), header.size());
    }

    void longRunFoldsIntoEnvelopes()
    {
        // Two seconds at full resolution: the 8 s run folds its first ~6 s into min/max envelopes.
        MemoryPlots* plots = m_window->plots();
        const double keep = plots->fullResolutionSeconds();
        plots->setFullResolutionSeconds(2.0);
        openAndRun(8.0);
        const PlotHistory& history = plots->history();
        QVERIFY2(history.foldedUntil() > 5.0, qPrintable(QString::number(history.foldedUntil())));
        QVERIFY(history.keys().front() >= history.foldedUntil());
        QVERIFY(history.keys().back() - history.keys().front() <= 2.0 * 1.1 + 0.01);
        QVERIFY(history.firstKey() && *history.firstKey() < 0.05);
        // A graph keeps the folded part as a few points per second, the rest at full resolution.
        const QVector<QPointF> free = plots->graphData(QStringLiteral("free:total"));
        QVERIFY(!free.isEmpty() && free.front().x() < 0.05);
        const auto folded = std::count_if(
            free.begin(), free.end(), [&](const QPointF& p) { return p.x() < history.foldedUntil(); });
        QVERIFY2(folded <= 4 * 8 + 2, qPrintable(QString::number(folded)));
        const auto& buckets = history.envelope(QStringLiteral("free:total")).buckets();
        const auto moved = std::count_if(buckets.begin(), buckets.end(),
            [](const Envelope::Bucket& b) { return b.min.value < b.max.value; });
        QVERIFY(moved > 0); // free memory moved within some folded second, and the band shows it
        // Over the folded part the crosshair gives each series' range.
        const QString text = plots->crosshairText(MemoryPlots::Kind::Watermarks, 1.5);
        QVERIFY2(text.contains(QStringLiteral("1.0 … 2.0 s")) && text.contains(QStringLiteral(" – ")),
            qPrintable(text));
        // The CSV has one row per folded second, then every kept sample, in time order from the start.
        const QString path = m_dir.filePath(QStringLiteral("folded.csv"));
        QString error;
        QVERIFY2(m_window->exportCsv(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() - 1 > static_cast<int>(history.size()));
        QVERIFY(lines[1].section(QLatin1Char(','), 0, 0).toLongLong() < 1000);
        for (int i = 2; i < lines.size(); ++i)
            QVERIFY(lines[i].section(QLatin1Char(','), 0, 0).toLongLong()
                > lines[i - 1].section(QLatin1Char(','), 0, 0).toLongLong());
        // The whole-run export draws the folded part too: the free-pages line crosses the left half.
        plots->setFollowing(true);
        const QImage whole = renderImage(
            m_window->renderer(MainWindow::ExportTarget::Watermarks), presetSize(SizePreset::Hd720), false);
        int dark = 0;
        for (int y = whole.height() / 10; y < whole.height() * 9 / 10; y += 2)
            for (int x = whole.width() / 8; x < whole.width() / 2; ++x)
                dark += qGray(whole.pixel(x, y)) < 60 ? 1 : 0;
        QVERIFY2(dark > 50, qPrintable(QString::number(dark)));
        plots->setFullResolutionSeconds(keep);
    }

    void tabsFitAt1280()
    {
        // On a 1280 × 800 screen every tab of the plots and of the bottom pane is visible, no scrolling;
        // the /proc files share one tab and a chooser.
        if (controller()->latest()->now == 0)
            openAndRun(0.5);
        m_window->resize(1280, 800);
        QTest::qWait(200);
        for (QTabBar* bar : { m_window->plots()->findChild<QTabBar*>(), m_window->bottomTabs()->tabBar() }) {
            QVERIFY(bar && bar->isVisible());
            const QRect last = bar->tabRect(bar->count() - 1);
            QVERIFY2(bar->tabRect(0).left() >= 0 && last.right() <= bar->width(),
                qPrintable(QStringLiteral("%1 of %2").arg(last.right()).arg(bar->width())));
        }
        // The live tunables are never cut off at the right: the dock is as wide as its widest row.
        auto* tunables = m_window->findChild<TunablesPanel*>()->findChild<QScrollArea*>();
        QVERIFY(tunables && !controller()->latest()->swapDevices.empty());
        QVERIFY2(tunables->viewport()->width() >= tunables->widget()->minimumSizeHint().width(),
            qPrintable(QStringLiteral("%1 < %2")
                           .arg(tunables->viewport()->width())
                           .arg(tunables->widget()->minimumSizeHint().width())));
        auto* chooser = m_window->findChild<QComboBox*>(QStringLiteral("procChooser"));
        QVERIFY(chooser);
        m_window->bottomTabs()->setCurrentWidget(chooser->parentWidget());
        chooser->setCurrentIndex(static_cast<int>(ProcTextView::Which::Vmstat));
        QVERIFY(m_window->currentProcView()
            && m_window->currentProcView()->which() == ProcTextView::Which::Vmstat);
        QTRY_VERIFY(m_window->currentProcView()->toPlainText().contains(QStringLiteral("pgscan_kswapd")));
        m_window->bottomTabs()->setCurrentIndex(0);
        QVERIFY(!m_window->currentProcView());
        m_window->resize(1600, 1000);
    }

    void badScenarioShowsDialogAndRunSurvives()
    {
        QVERIFY(m_window->openScenario(kClassroom));
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY(controller()->latest()->now > 0);
        const auto runId = controller()->latest()->runId;
        QString text;
        QString details;
        bool pausedBehindDialog = false;
        QTimer::singleShot(0, this, [&] {
            // Dismiss the modal box once it is up, remembering what it said.
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            text = box->text();
            details = box->informativeText();
            // The run waits while the dialog is up: the worker reports itself paused.
            QTRY_VERIFY(!controller()->latest()->running);
            const engine::Tick at = controller()->latest()->now;
            QTest::qWait(100);
            pausedBehindDialog = !controller()->isRunning() && controller()->latest()->now == at;
            box->accept();
        });
        QVERIFY(!m_window->openScenario(kBadRate));
        QVERIFY(!text.isEmpty());
        QVERIFY2(details.contains(QStringLiteral("processes[1].workload[1].rate")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("bad-rate.json")));
        QVERIFY(pausedBehindDialog);
        // The run goes on once the dialog is closed.
        const engine::Tick before = controller()->latest()->now;
        QTRY_VERIFY(controller()->latest()->now > before);
        QCOMPARE(controller()->latest()->runId, runId);
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("Classroom")));
        controller()->pause();
    }

    void watermarkPlotCoversTheDataOrMarksTheClip()
    {
        openAndRun(1.0);
        MemoryPlots* plots = m_window->plots();
        plots->setCurrentKind(MemoryPlots::Kind::Watermarks);
        plots->setFollowing(true);
        plots->setZoomed(false);
        plots->replotAll();
        double maxFree = 0.0;
        for (const QPointF& p : plots->graphData(QStringLiteral("free:total")))
            maxFree = std::max(maxFree, p.y());
        const double high = plots->lastValue(QStringLiteral("high:total")).value_or(0.0);
        // The classroom machine boots with free memory far above three times high.
        QVERIFY2(
            maxFree > 4.0 * high && high > 0.0, qPrintable(QStringLiteral("%1 %2").arg(maxFree).arg(high)));
        QVERIFY(plots->valueTop(MemoryPlots::Kind::Watermarks) >= maxFree);
        QVERIFY(!plots->showsClipMark());
        plots->setZoomed(true);
        plots->replotAll();
        QVERIFY(plots->valueTop(MemoryPlots::Kind::Watermarks) < maxFree);
        QVERIFY(plots->showsClipMark());
        plots->setZoomed(false);
        plots->replotAll();
        QVERIFY(!plots->showsClipMark());
    }

    void lessonPanelPredictRunCompare()
    {
        QVERIFY(m_window->openScenario(QStringLiteral(":/lessons/01-watermarks.json")));
        LessonPanel* panel = m_window->lessonPanel();
        QVERIFY(panel->isVisibleTo(m_window.get()));
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        QCOMPARE(panel->currentStep(), std::size_t { 0 });
        // Step 1 points at the zoneinfo tab.
        const ProcTextView* current = m_window->currentProcView();
        QVERIFY(current && current->which() == ProcTextView::Which::Zoneinfo);
        // Check without a prediction asks for one and does not run.
        panel->checkButton()->click();
        QVERIFY(!panel->revealed());
        // The right answer, read from the engine's DMA32 low mark, is graded right.
        Pages low = 0;
        for (const auto& zone : controller()->latest()->zones) {
            if (zone.name == "DMA32")
                low = zone.low;
        }
        QVERIFY(low > 0);
        panel->setAnswer(QString::number(low));
        panel->checkButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->revealed(), 30000);
        QVERIFY2(panel->resultText().contains(QStringLiteral("✓")), qPrintable(panel->resultText()));
        QVERIFY(panel->nextButton()->isEnabled());
        // Step 2: a wrong prediction; the run stops at the first kswapd wake-up and says so.
        panel->nextButton()->click();
        QCOMPARE(panel->currentStep(), std::size_t { 1 });
        QVERIFY(!panel->revealed());
        controller()->setSpeedIndex(Speed::kMax);
        panel->setAnswer(QStringLiteral("1"));
        panel->checkButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->revealed(), 60000);
        QVERIFY2(panel->resultText().contains(QStringLiteral("✗")), qPrintable(panel->resultText()));
        QVERIFY(controller()->latest()->now > 0);
        QTRY_VERIFY(!controller()->latest()->running);
        // The run stopped at the wake-up: free memory was at or below DMA32's low mark then.
        bool woke = false;
        for (const auto& zone : controller()->latest()->zones)
            woke = woke || (zone.name == "DMA32" && zone.free <= zone.low + 64);
        QVERIFY(woke);
        // Teacher mode shows the reference run's answer.
        panel->setTeacherMode(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel->teacherText().contains(QStringLiteral("pages")), 30000);
        // A lesson with an error shows the key path and keeps the current run.
        QString details;
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            details = box->informativeText();
            box->accept();
        });
        QTemporaryDir dir;
        QFile bad(dir.filePath(QStringLiteral("bad-lesson.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        QFile good(QStringLiteral(":/lessons/01-watermarks.json"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        bad.write(good.readAll().replace("\"topic\": \"watermarks\"", "\"topic\": \"watermark\""));
        bad.close();
        const auto runId = controller()->latest()->runId;
        QVERIFY(!m_window->openScenario(bad.fileName()));
        QVERIFY2(
            details.contains(QStringLiteral("topic: \"watermark\" is not allowed")), qPrintable(details));
        QCOMPARE(controller()->latest()->runId, runId);
    }

    void saveAsScenarioReplaysLiveChanges()
    {
        openAndRun(0.5);
        controller()->setSysctl("vm.swappiness", { 150 });
        controller()->apply(engine::SetOomScoreAdj { "nginx", 321 });
        controller()->apply(engine::DropCaches { 1 });
        QTRY_COMPARE(controller()->liveChanges().size(), std::size_t { 3 });
        controller()->step(1000); // 100 ms
        QTRY_VERIFY(controller()->latest()->now >= 600'000);
        m_window->processes()->startPreset(2); // burst
        QTRY_COMPARE(controller()->liveChanges().size(), std::size_t { 4 });
        const engine::Tick startAt = controller()->liveChanges().back().at;

        const QString path = m_dir.filePath(QStringLiteral("session.json"));
        QString error;
        QVERIFY2(m_window->saveScenario(path, &error), qPrintable(error));
        const engine::ParseResult parsed = engine::loadScenarioFile(path.toStdString());
        QVERIFY2(parsed.scenario, parsed.error.c_str());
        QVERIFY(!engine::Simulator::validate(*parsed.scenario));
        const auto& events = parsed.scenario->events;
        QCOMPARE(events.size(), std::size_t { 4 });
        QVERIFY(std::holds_alternative<engine::SetSysctl>(events[0].command));
        QVERIFY(std::holds_alternative<engine::StartProcess>(events[3].command));
        QCOMPARE(events[3].at, startAt);
        QCOMPARE(parsed.scenario->processes.size(), std::size_t { 3 });

        // Opening the saved file replays the session.
        QVERIFY(m_window->openScenario(path));
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->now > startAt + 10'000, 30000);
        controller()->pause();
        QTRY_VERIFY(!controller()->latest()->running);
        QCOMPARE(controller()->latest()->sysctl("vm.swappiness")->front(), std::int64_t { 150 });
        QCOMPARE(findProcess(*controller()->latest(), "nginx")->oomScoreAdj, 321);
        QVERIFY(findProcess(*controller()->latest(), "burst-1"));
        QVERIFY(controller()->liveChanges().empty()); // a replay is not a live change
    }

    void followPageHistory()
    {
        openAndRun(2.5);
        // Follow a page that is being read into the page cache: it moves again soon.
        engine::FrameIndex frame = engine::kNoFrame;
        auto conn = connect(controller(), &SimulationController::snapshotPublished, this, [&] {
            for (const auto& e : controller()->latest()->pageEvents)
                if (frame == engine::kNoFrame && e.cause == engine::PageCause::Read)
                    frame = e.frame;
        });
        controller()->step(50);
        QTRY_VERIFY(frame != engine::kNoFrame);
        disconnect(conn);
        controller()->watchFrame(frame);
        QTRY_VERIFY(controller()->latest()->watched && controller()->latest()->watched->frame == frame);
        QVERIFY(m_window->pageHistory()->headline().contains(QString::number(frame)));
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->pageHistory()->moveCount() > 0, 60000);
        controller()->pause();
        const auto& history = controller()->latest()->watched->history;
        QVERIFY(!history.empty());
        QCOMPARE(history.front().frame, frame);
    }

    void pageMapClickFollowsFrame()
    {
        openAndRun(0.3);
        PageMapView* map = m_window->pageMap();
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->pageMap, 60000);
        // A point on a cell (the layout leaves gaps between zones and around the legend).
        QPoint middle;
        QTRY_VERIFY([&] {
            for (int y = map->height() / 4; y < map->height(); y += 4) {
                for (int x = map->width() / 2; x < map->width(); x += 3) {
                    middle = QPoint(x, y);
                    if (map->frameAt(middle) != engine::kNoFrame)
                        return true;
                }
            }
            qWarning() << "page map" << map->size() << "has no cell";
            return false;
        }());
        QSignalSpy clicked(map, &PageMapView::frameClicked);
        const engine::FrameIndex expected = map->frameAt(middle);
        QTest::mouseClick(map, Qt::LeftButton, {}, middle);
        QCOMPARE(clicked.count(), 1);
        QTRY_VERIFY(controller()->latest()->watched && controller()->latest()->watched->frame == expected);
    }

    void keyboardShortcuts()
    {
        QVERIFY(m_window->openScenario(kClassroom));
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        m_window->activateWindow();
        QApplication::setActiveWindow(m_window.get());
        QTRY_VERIFY(m_window->isActiveWindow());
        QVERIFY(!controller()->isRunning());
        QTest::keyClick(m_window.get(), Qt::Key_Space);
        QVERIFY(controller()->isRunning());
        QTest::keyClick(m_window.get(), Qt::Key_Space);
        QVERIFY(!controller()->isRunning());
        QTRY_VERIFY(!controller()->latest()->running);
        QTest::qWait(100); // the pause has reached the worker
        const engine::Tick t = controller()->latest()->now;
        QTest::keyClick(m_window.get(), Qt::Key_S);
        QTRY_COMPARE(controller()->latest()->now, t + 100);
        QTest::keyClick(m_window.get(), Qt::Key_Right);
        QTRY_COMPARE(controller()->latest()->now, t + 200);
        const int speed = controller()->speedIndex();
        QTest::keyClick(m_window.get(), Qt::Key_BracketLeft);
        QCOMPARE(controller()->speedIndex(), std::max(0, speed - 1));
        const double scale = Theme::fontScale();
        QTest::keyClick(m_window.get(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(Theme::fontScale() > scale);
        QTest::keyClick(m_window.get(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(Theme::fontScale(), 1.0);
        QVERIFY(m_window->action(QStringLiteral("open"))->shortcut() == QKeySequence::Open);
        QVERIFY(m_window->action(QStringLiteral("save"))->shortcut() == QKeySequence::Save);
        QCOMPARE(m_window->action(QStringLiteral("export"))->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        QCOMPARE(m_window->action(QStringLiteral("fullScreen"))->shortcut(), QKeySequence(Qt::Key_F11));
    }

    void themesAndSettings()
    {
        m_window->action(QStringLiteral("themeDark"))->trigger();
        QCOMPARE(Theme::mode(), ThemeMode::Dark);
        QCOMPARE(m_settings->theme(), QStringLiteral("dark"));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        m_window->action(QStringLiteral("themeLight"))->trigger();
        QCOMPARE(Theme::mode(), ThemeMode::Light);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
        // Geometry and state are stored when the window closes.
        m_window->close();
        QVERIFY(!m_settings->windowGeometry().isEmpty());
        QVERIFY(!m_settings->windowState().isEmpty());
        m_window->show();
    }

    void swapOffAndOn()
    {
        openAndRun(0.2);
        QAbstractButton* button = m_window->tunables()->swapButton(QStringLiteral("/dev/vda2"));
        QVERIFY(button);
        QVERIFY(button->isChecked());
        const auto total = controller()->latest()->swapTotal;
        QVERIFY(total > 0);
        button->click();
        QTRY_COMPARE(controller()->latest()->swapTotal, engine::Pages { 0 });
        QTRY_VERIFY(!button->isChecked());
        button->click();
        QTRY_COMPARE(controller()->latest()->swapTotal, total);
        QTRY_VERIFY(button->isChecked());
        m_window->tunables()->dropCachesButton(3)->click();
        QTRY_VERIFY(controller()->latest()->vm[engine::VmEvent::DropPagecache] == 1);
    }

    // --- The UI language switched live (View → Language), no restart ---

    void languageSwitchesLiveAndKeepsTheSession()
    {
        // A lesson one step in, with a live sysctl edit.
        QVERIFY(m_window->openLesson(QStringLiteral(":/lessons/01-watermarks.json")));
        LessonPanel* panel = m_window->lessonPanel();
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        controller()->setSpeedIndex(Speed::kMax);
        panel->revealButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel->revealed(), 30000);
        panel->nextButton()->click();
        QCOMPARE(panel->currentStep(), std::size_t { 1 });
        controller()->setSysctl("vm.swappiness", { 123 });
        QTRY_COMPARE(controller()->latest()->sysctl("vm.swappiness")->front(), std::int64_t { 123 });
        QTRY_COMPARE(m_window->tunables()->slider(QStringLiteral("vm.swappiness"))->value(), 123);
        const auto runId = controller()->latest()->runId;
        const engine::Tick now = controller()->latest()->now;
        const QString englishTitle = m_window->windowTitle();
        QAction* fileMenu = m_window->menuBar()->actions().value(0);
        QVERIFY(fileMenu);
        QCOMPARE(fileMenu->text(), QStringLiteral("&File"));
        QSignalSpy rowsRetranslated(m_window->eventLog()->model(), &QAbstractItemModel::headerDataChanged);
        QAction* lessonsMenu = m_window->menuBar()->actions().value(2);
        QVERIFY(lessonsMenu && lessonsMenu->menu());
        const auto lessonEntries = lessonsMenu->menu()->actions().size();
        auto* history = m_window->pageHistory()->findChild<QTreeWidget*>(QStringLiteral("pageHistory"));
        QVERIFY(history);

        QAction* chinese = m_window->action(QStringLiteral("lang-zh_CN"));
        chinese->trigger();
        // Known translations from rlab_zh_CN.ts; the widgets translate themselves on LanguageChange.
        QTRY_COMPARE(fileMenu->text(), QStringLiteral("文件(&F)"));
        QCOMPARE(m_window->action(QStringLiteral("open"))->text(), QStringLiteral("打开场景(&O)…"));
        QCOMPARE(m_window->bottomTabs()->tabText(0), QStringLiteral("进程"));
        QCOMPARE(m_window->findChild<QDockWidget*>(QStringLiteral("tunablesDock"))->windowTitle(),
            QStringLiteral("实时参数"));
        QCOMPARE(panel->revealButton()->text(), QStringLiteral("揭晓"));
        QCOMPARE(m_window->eventLog()->model()->headerData(EventLogModel::Time, Qt::Horizontal).toString(),
            QStringLiteral("时间"));
        QVERIFY(rowsRetranslated.count() > 0);
        QCOMPARE(history->headerItem()->text(1), QStringLiteral("移动与原因"));
        QCOMPARE(m_window->findChild<ProcTextView*>()->placeholderText(), QStringLiteral("等待模拟…"));
        // The lesson menu is made anew (its titles are in the UI language), not appended to.
        QCOMPARE(lessonsMenu->text(), QStringLiteral("课程(&L)"));
        QCOMPARE(lessonsMenu->menu()->actions().size(), lessonEntries);
        QVERIFY(chinese->isChecked());
        QVERIFY(!m_window->action(QStringLiteral("lang-system"))->isChecked());
        QCOMPARE(m_settings->language(), QStringLiteral("zh_CN"));
        QVERIFY2(m_window->windowTitle() != englishTitle,
            qPrintable(m_window->windowTitle())); // the lesson's title
        // Qt's own buttons come from qtbase_zh_CN.qm (qt6-translations-l10n).
        {
            QMessageBox box(QMessageBox::Question, QString(), QString(), QMessageBox::Yes | QMessageBox::No);
            QVERIFY2(box.button(QMessageBox::Yes)->text().contains(QStringLiteral("是")),
                qPrintable(box.button(QMessageBox::Yes)->text()));
            QVERIFY2(box.button(QMessageBox::No)->text().contains(QStringLiteral("否")),
                qPrintable(box.button(QMessageBox::No)->text()));
        }
        // The session goes on: same run, same lesson step, time not rewound, the live edit in effect.
        QCOMPARE(controller()->latest()->runId, runId);
        QVERIFY(controller()->latest()->now >= now);
        QCOMPARE(panel->currentStep(), std::size_t { 1 });
        QVERIFY(m_window->lessonPanel()->isVisibleTo(m_window.get()));
        QCOMPARE(controller()->latest()->sysctl("vm.swappiness")->front(), std::int64_t { 123 });
        QCOMPARE(m_window->tunables()->slider(QStringLiteral("vm.swappiness"))->value(), 123);
        QVERIFY(!controller()->liveChanges().empty());

        // And back to English.
        m_window->action(QStringLiteral("lang-en"))->trigger();
        QTRY_COMPARE(fileMenu->text(), QStringLiteral("&File"));
        QCOMPARE(m_window->action(QStringLiteral("open"))->text(), QStringLiteral("&Open Scenario…"));
        QCOMPARE(m_window->bottomTabs()->tabText(0), QStringLiteral("Processes"));
        QCOMPARE(panel->revealButton()->text(), QStringLiteral("Reveal"));
        QCOMPARE(history->headerItem()->text(1), QStringLiteral("Move and cause"));
        QCOMPARE(lessonsMenu->menu()->actions().size(), lessonEntries);
        QCOMPARE(m_window->eventLog()->model()->headerData(EventLogModel::Time, Qt::Horizontal).toString(),
            QStringLiteral("Time"));
        QCOMPARE(m_window->windowTitle(), englishTitle);
        QVERIFY(m_window->action(QStringLiteral("lang-en"))->isChecked());
        QCOMPARE(controller()->latest()->runId, runId);
        QCOMPARE(panel->currentStep(), std::size_t { 1 });

        // As the tests started: the system's language.
        m_window->action(QStringLiteral("lang-system"))->trigger();
        QTRY_VERIFY(m_window->action(QStringLiteral("lang-system"))->isChecked());
        QCOMPARE(uiLanguage(), QString());
    }

    void languageGivenAtStartIsChecked()
    {
        // As app/main.cpp does for --lang zh_CN: it wins over the saved setting for this run only.
        Settings settings(m_dir.filePath(QStringLiteral("lang.ini")));
        setUiLanguage(QStringLiteral("zh_CN"));
        {
            MainWindow window(&settings);
            QVERIFY(window.action(QStringLiteral("lang-zh_CN"))->isChecked());
            QVERIFY(!window.action(QStringLiteral("lang-system"))->isChecked());
            QCOMPARE(window.menuBar()->actions().value(0)->text(), QStringLiteral("文件(&F)"));
            QCOMPARE(settings.language(), QString());
        }
        setUiLanguage(QString());
        QTRY_COMPARE(m_window->menuBar()->actions().value(0)->text(), QStringLiteral("&File"));
        QVERIFY(m_window->action(QStringLiteral("lang-system"))->isChecked());
    }

    void comparesWithAVariant()
    {
        // Simulation > Compare with a Variant: the run so far against swappiness 200 from the start.
        openAndRun(1.5);
        const QString liveSwappiness = QStringLiteral("vm.swappiness");
        controller()->setSysctl("vm.watermark_scale_factor", { 100 }); // a live change both must replay
        QTRY_COMPARE(
            controller()->latest()->sysctl("vm.watermark_scale_factor")->front(), std::int64_t { 100 });
        const engine::Tick changedAt = controller()->latest()->now;
        controller()->step(5000);
        QTRY_COMPARE(controller()->latest()->now, changedAt + 500 * engine::kTicksPerMs);
        const engine::Tick until = controller()->latest()->headAt;
        CompareDialog dialog(controller()->sessionScenario(), controller()->seed(), until,
            controller()->memoryLimit(), m_window.get());
        QSignalSpy done(&dialog, &CompareDialog::comparisonFinished);
        dialog.setVariant(liveSwappiness, 200);
        dialog.start();
        QVERIFY(done.wait(120000));
        QCOMPARE(dialog.runs().size(), std::size_t { 2 });
        QCOMPARE(dialog.runs()[1].label, std::string("vm.swappiness=200"));
        // "This run" is the run the window shows: same end state as the engine had at that time.
        const auto& baseline = dialog.runs()[0].recording.samples.back();
        QCOMPARE(baseline.at, until / engine::kTicksPerMs * engine::kTicksPerMs);
        QCOMPARE(dialog.runs()[0].end, until / engine::kTicksPerMs * engine::kTicksPerMs);
        QCOMPARE(baseline.zones.front().low,
            controller()->latest()->zones.front().low); // the live change replayed
        // The table: a row per column, the values at the end, the difference.
        QTableWidget* table = dialog.table();
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("vm.swappiness=200"));
        int pgscan = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            pgscan = table->item(r, 0)->text() == QStringLiteral("pgscan_anon") ? r : pgscan;
        QVERIFY(pgscan >= 0);
        QCOMPARE(table->item(pgscan, 3)->text().toLongLong(),
            table->item(pgscan, 2)->text().toLongLong() - table->item(pgscan, 1)->text().toLongLong());
        // Both export: the chart at 1920x1080, the table as differences.csv.
        QString error;
        const QString png = m_dir.filePath(QStringLiteral("compare.png"));
        QVERIFY2(dialog.exportChart(png, &error), qPrintable(error));
        QCOMPARE(QImageReader(png).size(), QSize(1920, 1080));
        const QString csv = m_dir.filePath(QStringLiteral("differences.csv"));
        QVERIFY2(dialog.exportTable(csv, &error), qPrintable(error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readLine().startsWith("column,\"this run\",\"vm.swappiness=200\""));
    }

    void overlaysARecording()
    {
        // A kernel-lab run (the same files `reclaimlab-cli record` writes) drawn on the plots by counter
        // name.
        openAndRun(0.5);
        const QString dir = QStringLiteral(RLAB_REFERENCE_DIR "/kernel/b-swappiness-60/run1");
        std::string error;
        const auto recording = engine::loadKernelRecording(dir.toStdString(), error);
        QVERIFY2(recording, error.c_str());
        QVERIFY(m_window->overlayRecording(dir));
        QVERIFY(m_window->action(QStringLiteral("removeRecording"))->isEnabled());
        const engine::CounterSeries& rec = recording->series;
        const QVector<QPointF> free = m_window->plots()->recordingData(QStringLiteral("free"));
        QCOMPARE(free.size(), static_cast<qsizetype>(rec.tMs.size()));
        QCOMPARE(free.front().x(), rec.tMs.front() / 1000.0);
        QCOMPARE(free.back().y(), static_cast<double>(rec.column("nr_free_pages")->back()));
        // A rate series draws the counter's rate between samples.
        const QVector<QPointF> scan = m_window->plots()->recordingData(QStringLiteral("rate:pgscan_kswapd"));
        QCOMPARE(scan.size(), static_cast<qsizetype>(rec.tMs.size()) - 1);
        const auto& pgscan = *rec.column("pgscan_kswapd");
        const std::size_t last = pgscan.size() - 1;
        QCOMPARE(scan.back().y(),
            static_cast<double>(pgscan[last] - pgscan[last - 1]) * 1000.0
                / (rec.tMs[last] - rec.tMs[last - 1]));
        QVERIFY(std::any_of(scan.begin(), scan.end(), [](const QPointF& p) { return p.y() > 0; }));
        // It stays across a rewind, and goes on request.
        controller()->stop();
        QTRY_COMPARE(controller()->latest()->now, engine::Tick { 0 });
        QCOMPARE(m_window->plots()->recordingData(QStringLiteral("free")).size(), free.size());
        QVERIFY(m_window->overlayRecording({}));
        QVERIFY(m_window->plots()->recordingData(QStringLiteral("free")).isEmpty());
        QVERIFY(!m_window->action(QStringLiteral("removeRecording"))->isEnabled());
    }

    void fragmentationViewShowsTheBuddyAllocator()
    {
        // The driver's order-3 requests compact a fragmented DMA32: the fragmentation tab shows that
        // zone's free lists and pageblocks, the event log and the plots show the compaction.
        QVERIFY(m_window->openScenario(QStringLiteral(":/scenarios/compaction-driver.json")));
        QTRY_VERIFY(!controller()->latest()->zones.empty());
        m_window->bottomTabs()->setCurrentWidget(m_window->buddyView());
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        // Paused right after the first successful compaction (about 27.5 s), whatever the machine's speed.
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->vm[engine::VmEvent::CompactSuccess] > 0, 120000);
        controller()->pause();
        QTRY_VERIFY(!controller()->latest()->running);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->buddyView()->shownZone()
                && m_window->buddyView()->shownZone() == &controller()->latest()->procTexts->buddy.back(),
            20000);
        const auto texts = controller()->latest()->procTexts;
        const BuddyZone& zone = *m_window->buddyView()->shownZone();
        QCOMPARE(QString::fromStdString(zone.label), QStringLiteral("DMA32")); // the largest zone
        // Every free page is in exactly one free block, and in one pageblock's count.
        Pages inBlocks = 0;
        for (int order = 0; order < engine::kMaxOrder; ++order) {
            for (const std::uint32_t blocks : zone.blocks[static_cast<std::size_t>(order)])
                inBlocks += Pages { blocks } << order;
        }
        QCOMPARE(inBlocks, zone.free);
        QVERIFY(!zone.pageblockFree.empty());
        Pages inPageblocks = 0;
        for (const std::uint16_t free : zone.pageblockFree) {
            QVERIFY(free <= engine::kPageblockPages);
            inPageblocks += free;
        }
        QCOMPARE(inPageblocks, zone.free);
        QVERIFY(texts->buddyinfo.find("zone    DMA32") != std::string::npos);
        QVERIFY(m_window->buddyView()->summary().contains(formatPagesAsBytes(zone.free)));
        // Compaction ran and succeeded: its events are in the log and marked on the plots.
        bool logged = false;
        const EventLogModel* log = m_window->eventLog()->model();
        for (int r = 0; r < log->rowCount(); ++r) {
            const QModelIndex at = log->index(r, 0);
            logged = logged
                || (at.data(EventLogModel::TypeRole).toString() == QLatin1String("direct_compaction")
                    && at.data(EventLogModel::CategoryRole).toInt()
                        == static_cast<int>(EventCategory::Compaction));
        }
        QVERIFY(logged);
        QVERIFY2(m_window->memoryView()->compactionText().contains(QLatin1String("pages/s moved")),
            qPrintable(m_window->memoryView()->compactionText()));
        const auto& markers = m_window->plots()->markers();
        QVERIFY(std::any_of(markers.begin(), markers.end(),
            [](const auto& m) { return m.kind == MemoryPlots::MarkerKind::Compaction && m.t >= 26.0; }));
        m_window->bottomTabs()->setCurrentIndex(0);
    }

    void timelineShowsAMomentInEveryView()
    {
        // The case: db-burst-64g run past 5 s, the timeline dragged to 5 s. Every view shows the
        // machine as a plain engine run has it at 5 s.
        const QString path = QStringLiteral(RLAB_SCENARIO_DIR "/db-burst-64g.json");
        QVERIFY(m_window->openScenario(path));
        QTRY_VERIFY_WITH_TIMEOUT(!controller()->latest()->zones.empty(), 120000); // 64 GiB boot, sanitized
        m_window->bottomTabs()->setCurrentIndex(2); // /proc
        auto* chooser = m_window->findChild<QComboBox*>(QStringLiteral("procChooser"));
        chooser->setCurrentIndex(static_cast<int>(ProcTextView::Which::Vmstat));
        controller()->setSpeedIndex(Speed::kMax);
        controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->now >= 6500 * engine::kTicksPerMs, 300000);
        controller()->pause();
        QTRY_VERIFY_WITH_TIMEOUT(!controller()->latest()->running, 60000);

        constexpr engine::Tick kAt = 5 * engine::kTicksPerSecond;
        auto* slider = m_window->findChild<QSlider*>(QStringLiteral("timelineSlider"));
        QVERIFY(slider);
        QTRY_VERIFY(slider->maximum() >= 6500);
        slider->setValue(5000); // as a click beside the knob or a key does
        QTRY_VERIFY_WITH_TIMEOUT(
            controller()->latest()->now == kAt && !controller()->latest()->running, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(controller()->latest()->pageMap, 60000);

        const engine::ParseResult parsed = engine::loadScenarioFile(path.toStdString());
        QVERIFY(parsed.scenario);
        engine::Simulator sim(*parsed.scenario, parsed.scenario->seed);
        sim.runUntil(kAt);
        const auto lru = [&sim](engine::LruList list) {
            return sim.nodes().front().lruvec.size[static_cast<std::size_t>(list)];
        };
        QVERIFY(lru(engine::LruList::InactiveAnon) > 1'000'000); // the burst is under way

        // The memory view's lanes.
        QTRY_COMPARE(m_window->memoryView()->laneValue(LruView::Lane::InactiveAnon),
            lru(engine::LruList::InactiveAnon));
        QCOMPARE(
            m_window->memoryView()->laneValue(LruView::Lane::ActiveAnon), lru(engine::LruList::ActiveAnon));
        QCOMPARE(m_window->memoryView()->laneValue(LruView::Lane::InactiveFile),
            lru(engine::LruList::InactiveFile));
        QCOMPARE(
            m_window->memoryView()->laneValue(LruView::Lane::ActiveFile), lru(engine::LruList::ActiveFile));
        QCOMPARE(m_window->memoryView()->laneValue(LruView::Lane::Free),
            sim.global(engine::ZoneStat::NrFreePages));
        // The page map: its free cells count the free frames of that moment.
        QCOMPARE(controller()->latest()->pageMap->totals[static_cast<std::size_t>(PageClass::Free)],
            sim.global(engine::ZoneStat::NrFreePages));
        // The process table.
        ProcessModel* model = m_window->processes()->model();
        const engine::Process* mysqld = nullptr;
        for (const auto& p : sim.processes())
            mysqld = p.name == "mysqld" ? &p : mysqld;
        QVERIFY(mysqld && mysqld->rssAnon > 0);
        const int row = rowOf(*model, QStringLiteral("mysqld"));
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, ProcessModel::RssAnon).data(ProcessModel::SortRole).toLongLong(),
            static_cast<long long>(mysqld->rssAnon));
        // /proc/vmstat.
        const QString inactiveAnon =
            QStringLiteral("nr_inactive_anon %1\n").arg(lru(engine::LruList::InactiveAnon));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->currentProcView()->toPlainText().contains(inactiveAnon), 60000);
        // The event log points at the last event before the moment, the plots mark it.
        const std::optional<engine::Tick> selected = m_window->eventLog()->selectedTime();
        QVERIFY(selected && *selected <= kAt);
        QCOMPARE(m_window->eventLog()->neighbourEvent(*selected + 1, true).value_or(kAt + 1) > kAt, true);
        QCOMPARE(m_window->plots()->timeCursor().value_or(-1), 5.0);

        // Back to now: the cursor goes, the views show the newest moment again.
        m_window->findChild<QAbstractButton*>(QStringLiteral("timelineLive"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!controller()->latest()->viewingPast(), 120000);
        QTRY_VERIFY(!m_window->plots()->timeCursor());
        QVERIFY(m_window->memoryView()->laneValue(LruView::Lane::InactiveAnon)
            != lru(engine::LruList::InactiveAnon));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
