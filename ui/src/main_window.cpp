// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "compare_dialog.h"
#include "controller/simulation_controller.h"
#include "controller/speed.h"
#include "export_dialog.h"
#include "format.h"
#include "handout.h"
#include "i18n.h"
#include "lesson_text.h"
#include "models/event_log_model.h"
#include "panels/event_log_panel.h"
#include "panels/lesson_panel.h"
#include "panels/page_history_panel.h"
#include "panels/proc_text_view.h"
#include "panels/process_panel.h"
#include "panels/timeline_bar.h"
#include "panels/tunables_panel.h"
#include "plot/memory_plot.h"
#include "scenario_writer.h"
#include "settings.h"
#include "theme.h"
#include "views/buddy_view.h"
#include "views/lru_view.h"
#include "views/page_map_view.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace rlab::ui {

namespace {

const QString kDefaultScenario = QStringLiteral(":/scenarios/default.json");
/// The Step button's sizes, in 100 µs steps.
/// Step sizes in 100 µs engine steps, with their menu texts.
struct StepSize
{
    int steps;
    const char* text;
};
constexpr StepSize kStepSizes[] = { { 1, QT_TRANSLATE_NOOP("rlab::ui::MainWindow", "Step Size 100 µs") },
    { 10, QT_TRANSLATE_NOOP("rlab::ui::MainWindow", "Step Size 1 ms") },
    { 100, QT_TRANSLATE_NOOP("rlab::ui::MainWindow", "Step Size 10 ms") },
    { 1000, QT_TRANSLATE_NOOP("rlab::ui::MainWindow", "Step Size 100 ms") },
    { 10000, QT_TRANSLATE_NOOP("rlab::ui::MainWindow", "Step Size 1 s") } };

/// The View → Language action of a language ("" = the system's, as Settings::language() has it).
QString languageActionName(const QString& language)
{
    if (language.isEmpty())
        return QStringLiteral("lang-system");
    // --lang may say "zh" or "zh_CN.UTF-8": the menu's entry for that language is the one in use.
    const QLocale::Language wanted = QLocale(language).language();
    for (const QString& code : { QStringLiteral("en"), QStringLiteral("zh_CN") }) {
        if (QLocale(code).language() == wanted)
            return QStringLiteral("lang-") + code;
    }
    return {};
}

QIcon icon(const QString& name)
{
    return QIcon(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
}

/// A scenario's display name: its "name", else the file name.
QString scenarioTitle(const engine::Scenario* s, const QString& path)
{
    if (s && !s->name.empty())
        return QString::fromStdString(s->name);
    return QFileInfo(path).completeBaseName();
}

} // namespace

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_controller(new SimulationController(this))
    , m_lruView(new LruView(this))
    , m_pageMap(new PageMapView(this))
    , m_history(new PageHistoryPanel(this))
    , m_plots(new MemoryPlots(this))
    , m_tunables(new TunablesPanel(m_controller, this))
    , m_processes(new ProcessPanel(m_controller, this))
    , m_eventLog(new EventLogPanel(this))
    , m_buddy(new BuddyView(this))
    , m_bottomTabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(icon(QStringLiteral("reclaimlab")));
    setAcceptDrops(true);
    m_controller->setSpeedIndex(m_settings->speedIndex());
    m_controller->setRunOnLoad(m_settings->runOnOpen());
    m_lruView->setSpeed(Speed::usPerSecond(m_controller->speedIndex()));

    buildActions();
    buildMenus();
    buildToolBar();
    buildLayout();

    connect(m_controller, &SimulationController::snapshotPublished, this, &MainWindow::onSnapshot);
    // One clock for data and animation: a tick paints one frame, not one for each.
    m_lruView->setOwnClock(false);
    connect(m_controller, &SimulationController::frameTick, m_lruView, &LruView::advance);
    connect(m_controller, &SimulationController::runStarted, this, &MainWindow::onRunStarted);
    connect(m_controller, &SimulationController::historyRewound, this, [this](Tick at) {
        m_plots->truncateAfter(static_cast<double>(at) / 1e6);
        m_eventLog->model()->truncateAfter(at);
    });
    connect(m_controller, &SimulationController::runStateChanged, this, &MainWindow::updateRunActions);
    connect(m_controller, &SimulationController::speedChanged, this, [this](int index) {
        m_settings->setSpeedIndex(index);
        const QSignalBlocker block(m_speedSlider);
        m_speedSlider->setValue(index);
        m_speedLabel->setText(Speed::label(index));
        m_lruView->setSpeed(Speed::usPerSecond(index));
    });
    connect(m_controller, &SimulationController::commandFailed, this, [this](const QString& error) {
        statusBar()->showMessage(tr("Change refused: %1").arg(error), 8000);
    });
    connect(m_pageMap, &PageMapView::frameClicked, m_controller, &SimulationController::watchFrame);
    connect(m_pageMap, &PageMapView::cellBudgetChanged, m_controller, &SimulationController::setPageMapCells);
    connect(m_settings, &Settings::recentFilesChanged, this, &MainWindow::updateRecentMenu);

    applyTheme(m_settings->theme());
    if (!qFuzzyCompare(m_settings->fontScale(), 1.0))
        applyFontScale(m_settings->fontScale());
    if (!restoreGeometry(m_settings->windowGeometry()))
        resize(1600, 960);
    restoreState(m_settings->windowState());
    // Proportions for a 1920 × 1080 window unless the user arranged them before.
    const std::pair<QSplitter*, QList<int>> defaults[] = { { m_mainSplit, { 560, 440 } },
        { m_topSplit, { 1060, 440 } }, { m_bottomSplit, { 900, 620 } }, { m_mapSplit, { 380, 180 } } };
    for (const auto& [split, sizes] : defaults) {
        if (!split->restoreState(m_settings->splitterState(split->objectName())))
            split->setSizes(sizes);
    }
    retranslateUi();
}

MainWindow::~MainWindow() = default;

QAction* MainWindow::addAction(const QString& name, const QKeySequence& shortcut)
{
    auto* a = new QAction(this);
    a->setObjectName(name);
    if (!shortcut.isEmpty())
        a->setShortcut(shortcut);
    QMainWindow::addAction(a); // shortcuts work in full screen without menus
    m_actions[name] = a;
    return a;
}

QAction* MainWindow::action(const QString& name) const
{
    const auto it = m_actions.find(name);
    return it == m_actions.end() ? nullptr : it->second;
}

void MainWindow::buildActions()
{
    QAction* a = addAction(QStringLiteral("open"), QKeySequence::Open);
    a->setIcon(icon(QStringLiteral("open")));
    connect(a, &QAction::triggered, this, [this] {
        QString dir = m_settings->lastDirectory();
        if (dir.isEmpty())
            dir = QDir::homePath();
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Scenario"), dir, tr("Scenarios (*.json);;All files (*)"));
        if (!path.isEmpty())
            openScenario(path);
    });
    a = addAction(QStringLiteral("save"), QKeySequence::Save);
    a->setIcon(icon(QStringLiteral("save")));
    connect(a, &QAction::triggered, this, [this] {
        QString suggestion = m_controller->scenarioPath();
        if (suggestion.isEmpty() || suggestion.startsWith(QLatin1Char(':')))
            suggestion =
                QDir(m_settings->lastDirectory().isEmpty() ? QDir::homePath() : m_settings->lastDirectory())
                    .filePath(slugify(scenarioTitle(m_controller->scenario(), suggestion))
                        + QStringLiteral("-session.json"));
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save as Scenario"), suggestion, tr("Scenarios (*.json)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!saveScenario(path, &error))
            QMessageBox::critical(
                this, tr("Save as Scenario"), tr("Could not save %1:\n%2").arg(path, error));
        else
            statusBar()->showMessage(tr("Saved %1 with %n live change(s)", nullptr,
                                         static_cast<int>(m_controller->liveChanges().size()))
                                         .arg(path),
                6000);
    });
    a = addAction(QStringLiteral("export"), QKeySequence(Qt::CTRL | Qt::Key_E));
    a->setIcon(icon(QStringLiteral("export")));
    connect(a, &QAction::triggered, this, &MainWindow::showExportDialog);
    a = addAction(QStringLiteral("exportCsv"));
    connect(a, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Data as CSV"),
            QDir(m_settings->exportDirectory().isEmpty() ? QDir::homePath() : m_settings->exportDirectory())
                .filePath(slugify(scenarioTitle(m_controller->scenario(), m_controller->scenarioPath()))
                    + QStringLiteral(".csv")),
            tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::critical(this, tr("Export Data as CSV"), error);
    });
    a = addAction(QStringLiteral("copyPlot"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(a, &QAction::triggered, this, &MainWindow::copyPlotToClipboard);
    a = addAction(QStringLiteral("copyCsv"));
    connect(a, &QAction::triggered, this, &MainWindow::copyCsvToClipboard);
    a = addAction(QStringLiteral("compareVariant"));
    connect(a, &QAction::triggered, this, [this] {
        if (!m_controller->scenario())
            return;
        CompareDialog dialog(m_controller->sessionScenario(), m_controller->seed(),
            m_controller->latest()->headAt, m_controller->memoryLimit(), this);
        dialog.exec();
    });
    a = addAction(QStringLiteral("overlayRecording"));
    connect(a, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Overlay a Recording"));
        if (!dir.isEmpty())
            overlayRecording(dir);
    });
    a = addAction(QStringLiteral("removeRecording"));
    a->setEnabled(false);
    connect(a, &QAction::triggered, this, [this] { overlayRecording({}); });
    a = addAction(QStringLiteral("quit"), QKeySequence::Quit);
    connect(a, &QAction::triggered, this, &QWidget::close);

    a = addAction(QStringLiteral("run"), QKeySequence(Qt::Key_Space));
    a->setIcon(icon(QStringLiteral("run")));
    connect(a, &QAction::triggered, this, [this] {
        if (m_controller->isRunning() || continueFromPast())
            m_controller->togglePause();
    });
    a = addAction(QStringLiteral("step"));
    a->setShortcuts({ QKeySequence(Qt::Key_S), QKeySequence(Qt::Key_Right) });
    a->setIcon(icon(QStringLiteral("step")));
    connect(a, &QAction::triggered, this, [this] {
        if (continueFromPast())
            m_controller->step(m_stepSteps);
    });
    // Step sizes, in 100 µs steps: one engine step shows single page moves, a second shows a trend.
    auto* sizes = new QActionGroup(this);
    for (const StepSize& size : kStepSizes) {
        const int steps = size.steps;
        a = addAction(QStringLiteral("stepSize%1").arg(steps));
        a->setCheckable(true);
        a->setChecked(steps == m_stepSteps);
        sizes->addAction(a);
        connect(a, &QAction::triggered, this, [this, steps] { m_stepSteps = steps; });
    }
    // Run to the next event of a kind, at full speed.
    for (int t = 0; t < kRunTargetCount; ++t) {
        const auto target = static_cast<RunTarget>(t);
        a = addAction(QStringLiteral("runTo%1").arg(t));
        connect(a, &QAction::triggered, this, [this, target] {
            m_runTarget = target;
            if (continueFromPast())
                m_controller->runTo(target);
        });
    }
    a = addAction(QStringLiteral("runTo"));
    a->setIcon(icon(QStringLiteral("run-to")));
    connect(a, &QAction::triggered, this, [this] {
        if (continueFromPast())
            m_controller->runTo(m_runTarget);
    });
    action(QStringLiteral("runTo0"))->setShortcut(QKeySequence(Qt::Key_N));
    a = addAction(QStringLiteral("step10ms"), QKeySequence(Qt::SHIFT | Qt::Key_Right));
    connect(a, &QAction::triggered, this, [this] {
        if (continueFromPast())
            m_controller->step(100);
    });
    a = addAction(QStringLiteral("stop"), QKeySequence(Qt::CTRL | Qt::Key_Period));
    a->setIcon(icon(QStringLiteral("stop")));
    connect(a, &QAction::triggered, this, [this] {
        m_controller->stop();
        showReplayMessage();
    });
    a = addAction(QStringLiteral("stopForget"));
    connect(a, &QAction::triggered, this, [this] {
        m_controller->stop(SimulationController::LiveChanges::Forget);
        statusBar()->showMessage(tr("Rewound to 0 s without the live changes."), 8000);
    });
    a = addAction(QStringLiteral("restart"), QKeySequence(Qt::CTRL | Qt::Key_R));
    a->setIcon(icon(QStringLiteral("restart")));
    connect(a, &QAction::triggered, this, [this] {
        m_controller->restart();
        showReplayMessage();
    });
    a = addAction(QStringLiteral("faster"), QKeySequence(Qt::Key_BracketRight));
    connect(a, &QAction::triggered, this,
        [this] { m_controller->setSpeedIndex(m_controller->speedIndex() + 1); });
    a = addAction(QStringLiteral("slower"), QKeySequence(Qt::Key_BracketLeft));
    connect(a, &QAction::triggered, this,
        [this] { m_controller->setSpeedIndex(m_controller->speedIndex() - 1); });
    a = addAction(QStringLiteral("runOnOpen"));
    a->setCheckable(true);
    a->setChecked(m_settings->runOnOpen());
    connect(a, &QAction::toggled, this, [this](bool on) {
        m_settings->setRunOnOpen(on);
        m_controller->setRunOnLoad(on);
    });

    a = addAction(QStringLiteral("zoomIn"), QKeySequence(Qt::CTRL | Qt::Key_Equal));
    a->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus),
        QKeySequence::ZoomIn });
    connect(a, &QAction::triggered, this, [this] { applyFontScale(m_settings->fontScale() * 1.15); });
    a = addAction(QStringLiteral("zoomOut"), QKeySequence(Qt::CTRL | Qt::Key_Minus));
    connect(a, &QAction::triggered, this, [this] { applyFontScale(m_settings->fontScale() / 1.15); });
    a = addAction(QStringLiteral("zoomReset"), QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(a, &QAction::triggered, this, [this] { applyFontScale(1.0); });
    a = addAction(QStringLiteral("fullScreen"), QKeySequence(Qt::Key_F11));
    a->setCheckable(true);
    connect(a, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    a = addAction(QStringLiteral("follow"), QKeySequence(Qt::Key_F));
    a->setCheckable(true);
    a->setChecked(true);
    connect(a, &QAction::toggled, m_plots, &MemoryPlots::setFollowing);
    connect(m_plots, &MemoryPlots::followingChanged, a, &QAction::setChecked);

    auto* themes = new QActionGroup(this);
    a = addAction(QStringLiteral("themeLight"));
    a->setCheckable(true);
    a->setActionGroup(themes);
    connect(a, &QAction::triggered, this, [this] { applyTheme(QStringLiteral("light")); });
    a = addAction(QStringLiteral("themeDark"));
    a->setCheckable(true);
    a->setActionGroup(themes);
    connect(a, &QAction::triggered, this, [this] { applyTheme(QStringLiteral("dark")); });

    // Each language by its own name, so it can be found in any UI language; the system's is translated.
    auto* languages = new QActionGroup(this);
    const std::pair<QString, QString> langs[] = {
        { QString(), QString() },
        { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("zh_CN"), QStringLiteral("简体中文") },
    };
    for (const auto& [code, text] : langs) {
        a = addAction(languageActionName(code));
        a->setText(text);
        a->setCheckable(true);
        a->setActionGroup(languages);
        connect(a, &QAction::triggered, this, [this, c = code] { chooseLanguage(c); });
    }

    a = addAction(QStringLiteral("about"));
    connect(a, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About ReclaimLab"),
            tr("<h3>ReclaimLab</h3><p>Watch Linux 6.1 reclaim memory, and steer it live: zones and "
               "watermarks, the LRU lists, kswapd and direct reclaim, swap and the OOM killer.</p>"
               "<p>The simulation follows mm/vmscan.c, mm/page_alloc.c and friends; every "
               "simplification is documented in the engine's sources.</p><p>Licence: GPL-3.0-or-later.</p>"));
    });
    a = addAction(QStringLiteral("shortcuts"), QKeySequence::HelpContents);
    connect(a, &QAction::triggered, this, [this] {
        QMessageBox::information(this, tr("Keyboard Shortcuts"),
            tr("<table cellpadding=3>"
               "<tr><td><b>Space</b></td><td>run / pause</td></tr>"
               "<tr><td><b>S</b>, <b>→</b></td><td>one step (100 µs, or the chosen step size)</td></tr>"
               "<tr><td><b>Shift+→</b></td><td>10 ms</td></tr>"
               "<tr><td><b>N</b></td><td>run to the next kswapd wake-up</td></tr>"
               "<tr><td><b>[</b> / <b>]</b></td><td>slower / faster</td></tr>"
               "<tr><td><b>Ctrl+.</b></td><td>stop and rewind</td></tr>"
               "<tr><td><b>F</b></td><td>plots follow live</td></tr>"
               "<tr><td><b>Ctrl+O</b>, <b>Ctrl+S</b></td><td>open, save as scenario</td></tr>"
               "<tr><td><b>Ctrl+E</b></td><td>export for slides</td></tr>"
               "<tr><td><b>Ctrl+=</b> / <b>Ctrl+-</b></td><td>bigger / smaller text</td></tr>"
               "<tr><td><b>F11</b></td><td>full screen</td></tr></table>"));
    });
}

void MainWindow::buildMenus()
{
    QMenu* file = m_fileMenu = menuBar()->addMenu(QString());
    file->addAction(action(QStringLiteral("open")));
    m_exampleMenu = file->addMenu(QString());
    addScenarioMenu(m_exampleMenu, exampleScenarios());
    m_recentMenu = file->addMenu(QString());
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("export")));
    file->addAction(action(QStringLiteral("exportCsv")));
    file->addAction(action(QStringLiteral("copyPlot")));
    file->addAction(action(QStringLiteral("copyCsv")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("overlayRecording")));
    file->addAction(action(QStringLiteral("removeRecording")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu* sim = m_simMenu = menuBar()->addMenu(QString());
    for (const char* name : { "run", "step", "step10ms", "stop", "stopForget", "restart" })
        sim->addAction(action(QLatin1String(name)));
    m_stepMenu = sim->addMenu(QString());
    for (const StepSize& size : kStepSizes)
        m_stepMenu->addAction(action(QStringLiteral("stepSize%1").arg(size.steps)));
    m_runToMenu = sim->addMenu(QString());
    for (int t = 0; t < kRunTargetCount; ++t)
        m_runToMenu->addAction(action(QStringLiteral("runTo%1").arg(t)));
    sim->addSeparator();
    sim->addAction(action(QStringLiteral("compareVariant")));
    sim->addSeparator();
    sim->addAction(action(QStringLiteral("faster")));
    sim->addAction(action(QStringLiteral("slower")));
    sim->addSeparator();
    sim->addAction(action(QStringLiteral("runOnOpen")));

    m_lessonMenu = menuBar()->addMenu(QString()); // filled in the UI language by retranslateUi()

    QMenu* view = m_viewMenu = menuBar()->addMenu(QString());
    m_themeMenu = view->addMenu(QString());
    m_themeMenu->addAction(action(QStringLiteral("themeLight")));
    m_themeMenu->addAction(action(QStringLiteral("themeDark")));
    m_languageMenu = view->addMenu(QString());
    for (const char* name : { "lang-system", "lang-en", "lang-zh_CN" })
        m_languageMenu->addAction(action(QLatin1String(name)));
    view->addSeparator();
    view->addAction(action(QStringLiteral("zoomIn")));
    view->addAction(action(QStringLiteral("zoomOut")));
    view->addAction(action(QStringLiteral("zoomReset")));
    view->addSeparator();
    view->addAction(action(QStringLiteral("follow")));
    view->addAction(action(QStringLiteral("fullScreen")));

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(action(QStringLiteral("shortcuts")));
    m_helpMenu->addAction(action(QStringLiteral("about")));
}

void MainWindow::addScenarioMenu(QMenu* menu, const QStringList& paths)
{
    for (const QString& path : paths) {
        QFile f(path);
        QString title = QFileInfo(path).completeBaseName();
        if (f.open(QIODevice::ReadOnly)) {
            const auto parsed = engine::parseScenario(f.readAll().toStdString());
            if (parsed.scenario && !parsed.scenario->name.empty())
                title = QString::fromStdString(parsed.scenario->name);
        }
        QAction* a = menu->addAction(title);
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openScenario(path); });
    }
    menu->setToolTipsVisible(true);
}

void MainWindow::buildToolBar()
{
    QToolBar* bar = m_toolBar = addToolBar(QString());
    bar->setObjectName(QStringLiteral("simulationToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(26, 26));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(action(QStringLiteral("open")));
    bar->addAction(action(QStringLiteral("save")));
    bar->addSeparator();
    bar->addAction(action(QStringLiteral("run")));
    bar->addAction(action(QStringLiteral("step")));
    if (auto* stepButton = qobject_cast<QToolButton*>(bar->widgetForAction(action(QStringLiteral("step"))))) {
        auto* menu = new QMenu(stepButton);
        for (const StepSize& size : kStepSizes)
            menu->addAction(action(QStringLiteral("stepSize%1").arg(size.steps)));
        stepButton->setMenu(menu);
        stepButton->setPopupMode(QToolButton::MenuButtonPopup);
    }
    bar->addAction(action(QStringLiteral("runTo")));
    if (auto* runToButton =
            qobject_cast<QToolButton*>(bar->widgetForAction(action(QStringLiteral("runTo"))))) {
        auto* menu = new QMenu(runToButton);
        for (int t = 0; t < kRunTargetCount; ++t)
            menu->addAction(action(QStringLiteral("runTo%1").arg(t)));
        runToButton->setMenu(menu);
        runToButton->setPopupMode(QToolButton::MenuButtonPopup);
    }
    bar->addAction(action(QStringLiteral("stop")));
    bar->addSeparator();

    auto* speedBox = new QWidget(bar);
    auto* speedLayout = new QHBoxLayout(speedBox);
    speedLayout->setContentsMargins(8, 0, 8, 0);
    m_speedTitle = new QLabel(speedBox);
    m_speedSlider = new QSlider(Qt::Horizontal, speedBox);
    m_speedSlider->setObjectName(QStringLiteral("speedSlider"));
    m_speedSlider->setRange(0, Speed::kCount - 1);
    m_speedSlider->setPageStep(1);
    m_speedSlider->setTickPosition(QSlider::TicksBelow);
    m_speedSlider->setFixedWidth(170);
    m_speedSlider->setValue(m_controller->speedIndex());
    m_speedLabel = new QLabel(Speed::label(m_controller->speedIndex()), speedBox);
    m_speedLabel->setMinimumWidth(110);
    speedLayout->addWidget(m_speedTitle);
    speedLayout->addWidget(m_speedSlider);
    speedLayout->addWidget(m_speedLabel);
    connect(m_speedSlider, &QSlider::valueChanged, m_controller, &SimulationController::setSpeedIndex);
    bar->addWidget(speedBox);
    bar->addSeparator();

    m_clock = new QLabel(formatSimTime(0), bar);
    m_clock->setObjectName(QStringLiteral("clock"));
    QFont clockFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    clockFont.setPointSizeF(QApplication::font().pointSizeF() * 1.7);
    clockFont.setBold(true);
    m_clock->setFont(clockFont);
    m_clock->setAlignment(Qt::AlignCenter);
    bar->addWidget(m_clock);

    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    m_scenarioLabel = new QLabel(bar);
    m_scenarioLabel->setObjectName(QStringLiteral("scenarioLabel"));
    QFont scenarioFont = m_scenarioLabel->font();
    scenarioFont.setBold(true);
    scenarioFont.setPointSizeF(scenarioFont.pointSizeF() * 1.15);
    m_scenarioLabel->setFont(scenarioFont);
    m_scenarioLabel->setContentsMargins(8, 0, 12, 0);
    bar->addWidget(m_scenarioLabel);
    bar->addAction(action(QStringLiteral("export")));

    addToolBarBreak();
    QToolBar* timelineBar = addToolBar(QString());
    timelineBar->setObjectName(QStringLiteral("timelineToolBar"));
    timelineBar->setMovable(false);
    m_timeline = new TimelineBar(timelineBar);
    timelineBar->addWidget(m_timeline);
    connect(m_timeline, &TimelineBar::seekRequested, m_controller, &SimulationController::seek);
    connect(m_timeline, &TimelineBar::eventRequested, this, &MainWindow::seekToEvent);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addPermanentWidget(m_statusLabel);
    fitLiveLabels();
}

void MainWindow::fitLiveLabels()
{
    // NOTE: the clock and the status text change with every snapshot. A label of fixed size skips
    // updateGeometry(); any other asks its toolbar or status bar to lay out again, and the main window
    // after it, which painted a second frame for every snapshot.
    const auto fix = [](QLabel* label, const QString& widest) {
        const QString text = label->text();
        label->setMinimumSize(0, 0);
        label->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
        label->setText(widest);
        const QSize size = label->sizeHint();
        label->setText(text);
        label->setFixedSize(size.width() + 24, size.height());
    };
    fix(m_clock, QStringLiteral("000:00:00.0000"));
    const QString big = formatPagesAsBytes(engine::Pages { 9999 } << 18); // "9,999.0 GiB"
    fix(m_statusLabel, tr("RAM %1 · swap %2 used of %3").arg(big, big, big));
}

void MainWindow::buildLayout()
{
    // Page map above the clicked page's history.
    m_mapSplit = new QSplitter(Qt::Vertical, this);
    m_mapSplit->setObjectName(QStringLiteral("mapSplit"));
    auto* mapBox = new QWidget(this);
    auto* mapLayout = new QVBoxLayout(mapBox);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    mapLayout->setSpacing(0);
    auto* mapTitle = m_mapTitle = new QLabel(mapBox);
    QFont titleFont = mapTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    mapTitle->setFont(titleFont);
    mapTitle->setContentsMargins(10, 6, 6, 2);
    mapTitle->setAutoFillBackground(true);
    mapTitle->setBackgroundRole(QPalette::Base);
    mapLayout->addWidget(mapTitle);
    mapLayout->addWidget(m_pageMap, 1);
    m_mapSplit->addWidget(mapBox);
    m_mapSplit->addWidget(m_history);
    m_mapSplit->setStretchFactor(0, 3);
    m_mapSplit->setStretchFactor(1, 2);

    m_topSplit = new QSplitter(Qt::Horizontal, this);
    m_topSplit->setObjectName(QStringLiteral("topSplit"));
    m_topSplit->addWidget(m_lruView);
    m_topSplit->addWidget(m_mapSplit);
    m_topSplit->setStretchFactor(0, 5);
    m_topSplit->setStretchFactor(1, 3);

    m_bottomTabs->setObjectName(QStringLiteral("bottomTabs"));
    m_bottomTabs->setDocumentMode(true);
    m_bottomTabs->addTab(m_processes, QString());
    m_bottomTabs->addTab(m_eventLog, QString());
    // The /proc files share one tab with a chooser, so the tabs fit a narrow pane (1280 px screens).
    auto* procPane = new QWidget(this);
    auto* procLayout = new QVBoxLayout(procPane);
    procLayout->setContentsMargins(0, 2, 0, 0);
    procLayout->setSpacing(2);
    m_procChooser = new QComboBox(procPane);
    m_procChooser->setObjectName(QStringLiteral("procChooser"));
    m_procChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_procStack = new QStackedWidget(procPane);
    for (int i = 0; i < ProcTextView::kCount; ++i) {
        auto* view = new ProcTextView(static_cast<ProcTextView::Which>(i), m_procStack);
        m_procViews.push_back(view);
        m_procStack->addWidget(view);
        m_procChooser->addItem(ProcTextView::title(view->which()));
    }
    procLayout->addWidget(m_procChooser, 0, Qt::AlignLeft);
    procLayout->addWidget(m_procStack, 1);
    m_bottomTabs->addTab(procPane, QStringLiteral("/proc"));
    m_bottomTabs->addTab(m_buddy, QString());
    connect(m_procChooser, &QComboBox::currentIndexChanged, m_procStack, &QStackedWidget::setCurrentIndex);
    connect(m_procStack, &QStackedWidget::currentChanged, this, &MainWindow::updateProcTextRequest);
    connect(m_bottomTabs, &QTabWidget::currentChanged, this, &MainWindow::updateProcTextRequest);

    m_bottomSplit = new QSplitter(Qt::Horizontal, this);
    m_bottomSplit->setObjectName(QStringLiteral("bottomSplit"));
    m_bottomSplit->addWidget(m_plots);
    m_bottomSplit->addWidget(m_bottomTabs);
    m_bottomSplit->setStretchFactor(0, 5);
    m_bottomSplit->setStretchFactor(1, 3);

    m_mainSplit = new QSplitter(Qt::Vertical, this);
    m_mainSplit->setObjectName(QStringLiteral("mainSplit"));
    m_mainSplit->addWidget(m_topSplit);
    m_mainSplit->addWidget(m_bottomSplit);
    m_mainSplit->setStretchFactor(0, 11);
    m_mainSplit->setStretchFactor(1, 9);
    for (auto* split : { m_mainSplit, m_topSplit, m_bottomSplit, m_mapSplit }) {
        split->setHandleWidth(6);
        split->setChildrenCollapsible(false);
    }
    setCentralWidget(m_mainSplit);

    auto* dock = m_tunablesDock = new QDockWidget(this);
    dock->setObjectName(QStringLiteral("tunablesDock"));
    dock->setWidget(m_tunables);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    dock->setMinimumWidth(340);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    m_lessonPanel = new LessonPanel(m_controller, this);
    m_lessonDock = new QDockWidget(this);
    m_lessonDock->setObjectName(QStringLiteral("lessonDock"));
    m_lessonDock->setWidget(m_lessonPanel);
    m_lessonDock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    m_lessonDock->setMinimumWidth(320);
    m_lessonDock->hide(); // docked when the first lesson opens, so plain scenarios keep the whole width
    connect(m_lessonPanel, &LessonPanel::highlightRequested, this, &MainWindow::highlightView);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addAction(m_lessonDock->toggleViewAction());
}

void MainWindow::retranslateUi()
{
    const auto set = [this](const char* name, const QString& text, const QString& toolTip = {}) {
        QAction* a = action(QLatin1String(name));
        a->setText(text);
        a->setToolTip(toolTip); // empty: the text without its "&"
    };
    set("open", tr("&Open Scenario…"), tr("Open a scenario file (Ctrl+O)"));
    set("save", tr("&Save as Scenario…"),
        tr("Save the scenario with your live changes as timed events (Ctrl+S)"));
    set("export", tr("&Export…"), tr("Export a plot or the memory view as PNG, SVG or PDF (Ctrl+E)"));
    set("exportCsv", tr("Export Data as &CSV…"));
    set("copyPlot", tr("Copy Plot &Image"));
    set("copyCsv", tr("Copy Plot &Data as CSV"));
    set("compareVariant", tr("&Compare with a Variant…"),
        tr("Run this scenario again beside a copy with one sysctl set otherwise, on one clock: one chart and "
           "the "
           "table of what differs"));
    set("overlayRecording", tr("Overlay a &Recording…"),
        tr("Draw a real machine's recording (reclaimlab-cli record, or the kernel lab) on the plots, matched "
           "by /proc/vmstat name and aligned at 0 s"));
    set("removeRecording", tr("Remove the Recording Overlay"));
    set("quit", tr("&Quit"));
    set("step", tr("&Step"),
        tr("Advance by the step size and pause (S or →); the arrow beside it chooses the size"));
    for (const StepSize& size : kStepSizes)
        action(QStringLiteral("stepSize%1").arg(size.steps))->setText(tr(size.text));
    for (int t = 0; t < kRunTargetCount; ++t)
        action(QStringLiteral("runTo%1").arg(t))
            ->setText(tr("Next %1").arg(runTargetName(static_cast<RunTarget>(t))));
    set("runTo", tr("Run to"),
        tr("Run at full speed to the next kswapd wake-up or sleep, direct reclaim, OOM kill or scenario "
           "event, and pause there; the arrow beside it chooses which (N: the next kswapd wake-up)"));
    set("step10ms", tr("Step 10 ms"));
    set("stop", tr("S&top and Rewind"),
        tr("Stop and go back to time 0; your live changes are applied again at their times "
           "(Ctrl+.)"));
    set("stopForget", tr("Rewind and &Forget Live Changes"),
        tr("Stop and go back to time 0 with the scenario's own settings"));
    set("restart", tr("R&estart"),
        tr("Go back to time 0 and keep running; your live changes are applied again at their times"));
    set("faster", tr("Faster"));
    set("slower", tr("Slower"));
    set("runOnOpen", tr("Run When a Scenario Opens"));
    set("zoomIn", tr("Zoom &In"));
    set("zoomOut", tr("Zoom &Out"));
    set("zoomReset", tr("&Actual Size"));
    set("fullScreen", tr("&Full Screen"));
    set("follow", tr("&Follow Live"));
    set("themeLight", tr("&Light"));
    set("themeDark", tr("&Dark"));
    set("lang-system", tr("System Language"));
    set("about", tr("&About ReclaimLab"));
    set("shortcuts", tr("&Keyboard Shortcuts"));
    updateRunActions(m_controller->isRunning());
    updateLanguageActions();

    m_fileMenu->setTitle(tr("&File"));
    m_exampleMenu->setTitle(tr("Open &Example"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_simMenu->setTitle(tr("&Simulation"));
    m_stepMenu->setTitle(tr("Step Si&ze"));
    m_runToMenu->setTitle(tr("Run &To"));
    m_lessonMenu->setTitle(tr("&Lessons"));
    buildLessonMenu(m_lessonMenu);
    m_viewMenu->setTitle(tr("&View"));
    m_themeMenu->setTitle(tr("&Theme"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    updateRecentMenu();

    m_toolBar->setWindowTitle(tr("Simulation"));
    m_speedTitle->setText(tr("Speed"));
    m_speedSlider->setToolTip(
        tr("From slow motion (one 100 µs step per second, every page move visible) to as fast as "
           "this computer allows ([ and ])"));
    m_speedLabel->setText(Speed::label(m_controller->speedIndex()));
    m_clock->setToolTip(tr("Simulated time since the scenario started"));
    m_mapTitle->setText(tr("Physical memory map"));
    m_bottomTabs->setTabText(m_bottomTabs->indexOf(m_processes), tr("Processes"));
    m_bottomTabs->setTabText(m_bottomTabs->indexOf(m_eventLog), tr("Event log"));
    m_bottomTabs->setTabText(m_bottomTabs->indexOf(m_buddy), tr("Fragmentation"));
    m_bottomTabs->setTabToolTip(m_bottomTabs->indexOf(m_buddy),
        tr("The buddy allocator: free blocks by order and migratetype, and the pageblocks"));
    m_bottomTabs->setTabToolTip(m_bottomTabs->indexOf(m_procStack->parentWidget()),
        tr("The kernel's /proc files and its log, in the kernel's formats"));
    for (int i = 0; i < m_procChooser->count(); ++i)
        m_procChooser->setItemText(i, ProcTextView::title(m_procViews[static_cast<std::size_t>(i)]->which()));
    m_tunablesDock->setWindowTitle(tr("Live tunables"));
    m_lessonDock->setWindowTitle(tr("Lesson"));
    m_lessonPanel->setLanguage(lessonLanguage());
    fitLiveLabels();
    // The status bar's numbers otherwise wait for the next snapshot, which a paused run does not send.
    updateStatusLabel(*m_controller->latest());
    updateTitle();
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void MainWindow::updateLanguageActions()
{
    // The language in use, which --lang may have chosen for this run only, not the saved setting.
    if (QAction* a = action(languageActionName(uiLanguage())))
        a->setChecked(true);
}

void MainWindow::buildLessonMenu(QMenu* menu)
{
    // Rebuilt when the language changes: the lessons' titles are in the UI language.
    for (QAction* a : menu->actions()) {
        if (a->menu())
            a->menu()->deleteLater();
    }
    menu->clear();
    // Grouped by topic, in the lessons' file order within a topic.
    std::vector<std::pair<engine::LessonTopic, std::pair<QString, QString>>> entries;
    const std::string language = lessonLanguage().toStdString();
    for (const QString& path : lessons()) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const auto parsed = engine::parseLesson(f.readAll().toStdString());
        if (!parsed.lesson)
            continue;
        entries.push_back(
            { parsed.lesson->topic, { QString::fromStdString(parsed.lesson->title.in(language)), path } });
    }
    for (int t = 0; t < engine::kLessonTopicCount; ++t) {
        const auto topic = static_cast<engine::LessonTopic>(t);
        QMenu* sub = nullptr;
        for (const auto& [entryTopic, entry] : entries) {
            if (entryTopic != topic)
                continue;
            if (!sub)
                sub = menu->addMenu(QString::fromStdString(engine::lessonTopicTitle(topic).in(language)));
            QAction* a = sub->addAction(entry.first);
            a->setToolTip(entry.second);
            connect(a, &QAction::triggered, this, [this, path = entry.second] { openLesson(path); });
        }
    }
    menu->addSeparator();
    QAction* openFile = menu->addAction(tr("Open Lesson &File…"));
    connect(openFile, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Lesson"), m_settings->lastDirectory(), tr("Lessons (*.json);;All files (*)"));
        if (!path.isEmpty())
            openLesson(path);
    });
    QAction* handout = menu->addAction(tr("Export &Handout…"));
    handout->setObjectName(QStringLiteral("exportHandout"));
    connect(handout, &QAction::triggered, this, [this] {
        if (!m_controller->lesson()) {
            QMessageBox::information(this, tr("Export Handout"), tr("Open a lesson first."));
            return;
        }
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Export Handout"), m_settings->lastDirectory());
        if (dir.isEmpty())
            return;
        QString error;
        QApplication::setOverrideCursor(Qt::WaitCursor);
        const bool ok = exportHandout(dir, &error);
        QApplication::restoreOverrideCursor();
        if (!ok)
            QMessageBox::warning(this, tr("Export Handout"), error);
        else
            statusBar()->showMessage(tr("Handout written to %1").arg(dir), 6000);
    });
    menu->setToolTipsVisible(true);
}

bool MainWindow::openLesson(const QString& path)
{
    const QString error = m_controller->openLessonFile(path);
    if (!error.isEmpty()) {
        showOpenError(tr("Cannot open lesson"),
            tr("The lesson could not be loaded. The current run continues."), error, path);
        return false;
    }
    if (dockWidgetArea(m_lessonDock) == Qt::NoDockWidgetArea)
        addDockWidget(Qt::LeftDockWidgetArea, m_lessonDock);
    m_lessonDock->show();
    m_lessonDock->raise();
    if (!path.startsWith(QLatin1Char(':')))
        m_settings->addRecentFile(QFileInfo(path).absoluteFilePath());
    updateTitle();
    statusBar()->showMessage(tr("Opened lesson %1").arg(path), 4000);
    return true;
}

void MainWindow::showOpenError(
    const QString& title, const QString& text, const QString& error, const QString& path)
{
    QMessageBox box(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("scenarioErrorBox"));
    box.setInformativeText(error);
    box.exec();
    if (!QFileInfo::exists(path))
        m_settings->removeRecentFile(path);
}

bool MainWindow::exportHandout(const QString& dir, QString* error)
{
    const auto lesson = m_controller->lesson();
    if (!lesson) {
        *error = tr("No lesson is open.");
        return false;
    }
    const QString language = lessonLanguage();
    const HandoutResult result = writeHandout(*lesson, lesson->scenario.seed, language, dir);
    if (!result.error.isEmpty()) {
        *error = result.error;
        return false;
    }
    return true;
}

namespace {

/// An outline drawn over a widget for a few seconds: "look here".
class HighlightFrame : public QWidget
{
public:
    explicit HighlightFrame(QWidget* target)
        : QWidget(target)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setGeometry(target->rect());
        target->installEventFilter(this);
        raise();
        show();
        QTimer::singleShot(3000, this, &QObject::deleteLater);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == parent() && event->type() == QEvent::Resize)
            setGeometry(parentWidget()->rect());
        return false;
    }
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(255, 140, 0), 4));
        p.drawRoundedRect(QRectF(rect()).adjusted(2, 2, -2, -2), 6, 6);
    }
};

} // namespace

void MainWindow::highlightView(const QString& view)
{
    QWidget* target = nullptr;
    static const std::pair<const char*, MemoryPlots::Kind> kPlots[] = {
        { "plot.watermarks", MemoryPlots::Kind::Watermarks }, { "plot.lru", MemoryPlots::Kind::Lru },
        { "plot.reclaim", MemoryPlots::Kind::Reclaim }, { "plot.anon_file", MemoryPlots::Kind::AnonFile },
        { "plot.swap", MemoryPlots::Kind::SwapIo }, { "plot.psi", MemoryPlots::Kind::Pressure }
    };
    for (const auto& [name, kind] : kPlots) {
        if (view == QLatin1String(name)) {
            m_plots->setCurrentKind(kind);
            target = m_plots;
        }
    }
    static const std::pair<const char*, ProcTextView::Which> kTabs[] = {
        { "tab.zoneinfo", ProcTextView::Which::Zoneinfo }, { "tab.vmstat", ProcTextView::Which::Vmstat },
        { "tab.meminfo", ProcTextView::Which::Meminfo }, { "tab.buddyinfo", ProcTextView::Which::Buddyinfo },
        { "tab.pagetypeinfo", ProcTextView::Which::Pagetypeinfo },
        { "tab.extfrag_index", ProcTextView::Which::ExtfragIndex },
        { "tab.swaps", ProcTextView::Which::Swaps }, { "tab.pressure", ProcTextView::Which::Pressure },
        { "tab.dmesg", ProcTextView::Which::Dmesg }, { "tab.cgroups", ProcTextView::Which::Cgroups }
    };
    for (const auto& [name, which] : kTabs) {
        if (view != QLatin1String(name))
            continue;
        for (ProcTextView* v : m_procViews) {
            if (v->which() == which) {
                m_procChooser->setCurrentIndex(m_procStack->indexOf(v));
                m_bottomTabs->setCurrentWidget(m_procStack->parentWidget());
                target = v;
            }
        }
    }
    if (view == QLatin1String("processes")) {
        m_bottomTabs->setCurrentWidget(m_processes);
        target = m_processes;
    } else if (view == QLatin1String("events")) {
        m_bottomTabs->setCurrentWidget(m_eventLog);
        target = m_eventLog;
    } else if (view == QLatin1String("buddy")) {
        m_bottomTabs->setCurrentWidget(m_buddy);
        target = m_buddy;
    } else if (view == QLatin1String("memory")) {
        target = m_lruView;
    } else if (view == QLatin1String("page_map")) {
        target = m_pageMap;
    } else if (view == QLatin1String("tunables")) {
        target = m_tunables;
        if (auto* dock = qobject_cast<QDockWidget*>(m_tunables->parentWidget())) {
            dock->show();
            dock->raise();
        }
    }
    if (target)
        new HighlightFrame(target);
}

QStringList MainWindow::exampleScenarios()
{
    QStringList paths;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    // The default scenario first.
    if (paths.removeAll(kDefaultScenario) > 0)
        paths.prepend(kDefaultScenario);
    return paths;
}

QStringList MainWindow::lessons()
{
    QStringList paths;
    const QDir dir(QStringLiteral(":/lessons"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

bool MainWindow::overlayRecording(const QString& dir)
{
    action(QStringLiteral("removeRecording"))->setEnabled(false);
    if (dir.isEmpty()) {
        m_plots->setRecording(nullptr);
        return true;
    }
    std::string error;
    std::optional<engine::KernelRecording> recording = engine::loadKernelRecording(dir.toStdString(), error);
    if (!recording) {
        QMessageBox::critical(this, tr("Overlay a Recording"), QString::fromStdString(error));
        return false;
    }
    m_plots->setRecording(std::make_shared<const engine::CounterSeries>(std::move(recording->series)),
        QFileInfo(dir).fileName());
    action(QStringLiteral("removeRecording"))->setEnabled(true);
    statusBar()->showMessage(
        tr("Recording %1 drawn on the plots as dotted lines").arg(QDir::toNativeSeparators(dir)), 8000);
    return true;
}

bool MainWindow::openScenario(const QString& path)
{
    {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && engine::looksLikeLesson(f.read(qint64 { 64 } << 20).toStdString()))
            return openLesson(path);
    }
    const QString error = m_controller->openScenarioFile(path);
    if (!error.isEmpty()) {
        showOpenError(tr("Cannot open scenario"),
            tr("The scenario could not be loaded. The current run continues."), error, path);
        return false;
    }
    if (!path.startsWith(QLatin1Char(':'))) {
        m_settings->addRecentFile(QFileInfo(path).absoluteFilePath());
        m_settings->setLastDirectory(QFileInfo(path).absolutePath());
    }
    updateTitle();
    statusBar()->showMessage(tr("Opened %1").arg(path), 4000);
    return true;
}

bool MainWindow::openDefaultScenario()
{
    return openScenario(kDefaultScenario);
}

bool MainWindow::saveScenario(const QString& path, QString* error)
{
    const engine::Scenario* scenario = m_controller->scenario();
    if (!scenario) {
        if (error)
            *error = tr("No scenario is loaded.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(scenarioToJson(*scenario, m_controller->liveChanges()));
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

static_assert(static_cast<int>(MainWindow::ExportTarget::MemoryView) == MemoryPlots::kKindCount,
    "the plot export targets follow MemoryPlots::Kind");

QString MainWindow::targetTitle(ExportTarget target)
{
    switch (target) {
    case ExportTarget::MemoryView:
        return tr("Memory view (LRU lists)");
    case ExportTarget::PageMap:
        return tr("Physical memory map");
    default:
        return MemoryPlots::title(static_cast<MemoryPlots::Kind>(target));
    }
}

QString MainWindow::targetStem(ExportTarget target)
{
    switch (target) {
    case ExportTarget::MemoryView:
        return QStringLiteral("memory-view");
    case ExportTarget::PageMap:
        return QStringLiteral("page-map");
    default:
        return MemoryPlots::fileStem(static_cast<MemoryPlots::Kind>(target));
    }
}

Renderer MainWindow::renderer(ExportTarget target, bool visibleWindowOnly)
{
    switch (target) {
    case ExportTarget::MemoryView:
        return [this](QPaintDevice& device, const QSize& size, bool large) {
            QPainter p(&device);
            p.setRenderHint(QPainter::Antialiasing);
            const double f = std::max(1.0, size.width() / 1300.0) * (large ? kLargeFontFactor : 1.0);
            m_lruView->render(p, QRectF(QPointF(0, 0), QSizeF(size)), f);
        };
    case ExportTarget::PageMap:
        return [this](QPaintDevice& device, const QSize& size, bool large) {
            QPainter p(&device);
            const double f = std::max(1.0, size.width() / 1300.0) * (large ? kLargeFontFactor : 1.0);
            m_pageMap->render(p, QRectF(QPointF(0, 0), QSizeF(size)), f);
        };
    default:
        return [this, kind = static_cast<MemoryPlots::Kind>(target), visibleWindowOnly](QPaintDevice& device,
                   const QSize& size,
                   bool large) { m_plots->render(kind, device, size, large, !visibleWindowOnly); };
    }
}

bool MainWindow::exportTarget(
    ExportTarget target, const QString& path, const ExportOptions& options, QString* error)
{
    return exportRendering(renderer(target, options.visibleWindowOnly), path, options,
        targetTitle(target) + QStringLiteral(" — ")
            + scenarioTitle(m_controller->scenario(), m_controller->scenarioPath()),
        error);
}

bool MainWindow::exportCsv(const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(m_plots->history().toCsv().toUtf8());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void MainWindow::showExportDialog()
{
    QStringList targets;
    for (int i = 0; i < kExportTargetCount; ++i)
        targets << targetTitle(static_cast<ExportTarget>(i)) + QLatin1Char('|')
                + targetStem(static_cast<ExportTarget>(i));
    ExportDialog dialog(targets, static_cast<int>(m_plots->currentKind()), m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    const auto target = static_cast<ExportTarget>(dialog.target());
    if (exportTarget(target, dialog.path(), dialog.options(), &error))
        statusBar()->showMessage(tr("Exported %1").arg(dialog.path()), 6000);
    else
        QMessageBox::critical(this, tr("Export"), tr("Could not export %1:\n%2").arg(dialog.path(), error));
}

void MainWindow::copyPlotToClipboard()
{
    const auto target = static_cast<ExportTarget>(m_plots->currentKind());
    // The clipboard takes what is on screen.
    QApplication::clipboard()->setImage(
        renderImage(renderer(target, true), presetSize(SizePreset::Hd1080), false));
    statusBar()->showMessage(tr("Copied “%1” to the clipboard").arg(targetTitle(target)), 4000);
}

void MainWindow::copyCsvToClipboard()
{
    QApplication::clipboard()->setText(m_plots->history().toCsv());
    statusBar()->showMessage(tr("Copied %n sample(s) of every series as CSV", nullptr,
                                 static_cast<int>(m_plots->history().size())),
        4000);
}

QString MainWindow::runTargetName(RunTarget target)
{
    switch (target) {
    case RunTarget::KswapdWake:
        return tr("kswapd wake-up");
    case RunTarget::KswapdSleep:
        return tr("kswapd sleep");
    case RunTarget::DirectReclaim:
        return tr("direct reclaim");
    case RunTarget::OomKill:
        return tr("OOM kill");
    case RunTarget::ScenarioEvent:
        return tr("scenario event");
    }
    return {};
}

void MainWindow::showRunToOutcome(const RunToOutcome& outcome)
{
    const QString what = runTargetName(outcome.target);
    if (outcome.found)
        statusBar()->showMessage(tr("Paused at the next %1: %2").arg(what, formatSimTime(outcome.at)));
    else
        statusBar()->showMessage(
            tr("No %1 before %2 (the limit of a run to an event is 10 simulated minutes or "
               "the scenario's end); paused there")
                .arg(what, formatSimTime(outcome.at)));
}

void MainWindow::showReplayMessage()
{
    const auto n = static_cast<int>(m_controller->replayedChanges());
    if (n > 0)
        statusBar()->showMessage(
            tr("Rewound to 0 s: %n live change(s) will be applied again at their times.", nullptr, n), 8000);
}

void MainWindow::seekToEvent(bool forward)
{
    // An event of the step that starts at t shows after that step, at t + one step.
    const SnapshotPtr s = m_controller->latest();
    const Tick step = engine::Simulator::kStep;
    const std::optional<Tick> at =
        forward ? m_eventLog->neighbourEvent(s->now, true) : m_eventLog->neighbourEvent(s->now - step, false);
    if (!at) {
        statusBar()->showMessage(
            forward ? tr("No later event in the event log") : tr("No earlier event in the event log"), 4000);
        return;
    }
    m_controller->seek(std::min(*at + step, s->headAt));
}

bool MainWindow::continueFromPast()
{
    const SnapshotPtr s = m_controller->latest();
    if (!s->viewingPast())
        return true;
    const auto& changes = m_controller->liveChanges();
    int later = 0;
    for (std::size_t i = m_controller->replayedChanges(); i < changes.size(); ++i)
        later += changes[i].at > s->now ? 1 : 0;
    if (later == 0) {
        m_controller->resumeFromHere(true);
        return true;
    }
    QMessageBox box(QMessageBox::Question, tr("Continue from %1").arg(formatSimTime(s->now)),
        tr("The run goes on from %1: what was simulated after it is discarded and simulated again. %n live "
           "change(s) were made after this moment.",
            nullptr, later)
            .arg(formatSimTime(s->now)),
        QMessageBox::Cancel, this);
    QPushButton* keep = box.addButton(tr("Keep them"), QMessageBox::AcceptRole);
    QPushButton* drop = box.addButton(tr("Drop them"), QMessageBox::DestructiveRole);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() != keep && box.clickedButton() != drop)
        return false;
    m_controller->resumeFromHere(box.clickedButton() == keep);
    return true;
}

void MainWindow::onRunStarted()
{
    m_stopShown = false;
    m_endShown = false;
    m_runToShown = 0;
    // A lesson's steps drive its runs.
    for (const auto& [name, a] : m_actions) {
        if (name.startsWith(QLatin1String("runTo")))
            a->setEnabled(!m_controller->lesson());
    }
    m_lruView->reset();
    m_pageMap->reset();
    m_history->reset();
    m_processes->reset();
    m_eventLog->reset();
    m_tunables->reset();
    m_timeline->reset();
    m_plots->setTimeCursor(std::nullopt);
    m_pastShown.reset();
    m_runId = 0; // the first snapshot of the run resets the plots
    updateTitle();
}

bool MainWindow::event(QEvent* event)
{
    // QWidgetRepaintManager posts UpdateRequest to the top-level widget: handling it paints every dirty
    // widget into the backing store and flushes it, which is one frame.
    if (m_frameObserver && event->type() == QEvent::UpdateRequest) {
        m_frameObserver(FramePhase::PaintBegin);
        const bool handled = QMainWindow::event(event);
        if (m_frameObserver)
            m_frameObserver(FramePhase::PaintEnd);
        return handled;
    }
    // A modal dialog (export, open, a message) blocks the window: the run waits for the user, and goes
    // on when the dialog closes if it was running.
    if (event->type() == QEvent::WindowBlocked && m_controller->isRunning()) {
        m_pausedForDialog = true;
        m_controller->pause();
    } else if (event->type() == QEvent::WindowUnblocked && m_pausedForDialog) {
        m_pausedForDialog = false;
        if (!m_controller->isRunning())
            m_controller->run();
    }
    return QMainWindow::event(event);
}

void MainWindow::onSnapshot()
{
    if (m_frameObserver)
        m_frameObserver(FramePhase::SnapshotBegin);
    handleSnapshot();
    if (m_frameObserver)
        m_frameObserver(FramePhase::SnapshotEnd);
}

void MainWindow::handleSnapshot()
{
    const SnapshotPtr s = m_controller->latest();
    if (s->zones.empty())
        return;
    if (s->runId != m_runId) {
        m_runId = s->runId;
        m_plots->reset(*s);
        m_controller->setPageMapCells(m_pageMap->cellBudget());
        updateProcTextRequest();
    } else {
        m_plots->addSnapshot(*s);
    }
    m_lruView->setSnapshot(*s);
    m_pageMap->setSnapshot(*s);
    m_history->setSnapshot(*s);
    m_tunables->setSnapshot(*s);
    m_processes->setSnapshot(*s);
    m_eventLog->setSnapshot(*s);
    if (ProcTextView* view = currentProcView())
        view->setTexts(s->procTexts);
    if (m_bottomTabs->currentWidget() == m_buddy)
        m_buddy->setTexts(s->procTexts);
    m_timeline->setSnapshot(*s);
    m_timeline->setEnabled(!m_controller->lesson()); // a lesson's steps drive its runs
    // In the past every view shows that moment: the plots mark it, the event log points at it.
    const std::optional<Tick> past = s->viewingPast() ? std::optional<Tick>(s->now) : std::nullopt;
    if (past != m_pastShown) {
        m_pastShown = past;
        m_plots->setTimeCursor(past ? std::optional<double>(static_cast<double>(*past) / 1e6) : std::nullopt);
        if (past)
            m_eventLog->showTime(*past);
    }
    const QString clock = formatSimTime(s->now);
    if (m_clock->text() != clock)
        m_clock->setText(clock);
    updateStatusLabel(*s);
    // Shown where a long text fits (the left of the status bar) until the run goes on.
    if (s->runTo.serial != m_runToShown) {
        m_runToShown = s->runTo.serial;
        showRunToOutcome(s->runTo);
    }
    if (s->reachedEnd && !m_endShown) {
        m_endShown = true;
        statusBar()->showMessage(tr("Paused at the scenario's duration (%1); Run continues past it")
                                     .arg(formatSimTime(s->duration)));
    } else if (!s->reachedEnd && m_endShown && s->running) {
        m_endShown = false;
        statusBar()->clearMessage();
    }
    if (s->stopped && !m_stopShown) {
        m_stopShown = true;
        statusBar()->showMessage(tr("The simulation stopped at %1: %2")
                                     .arg(formatSimTime(s->now), QString::fromStdString(s->stopReason)));
    }
}

void MainWindow::updateStatusLabel(const Snapshot& s)
{
    if (s.zones.empty())
        return;
    QString status = tr("RAM %1 · swap %2 used of %3")
                         .arg(formatPagesAsBytes(s.totalRam), formatPagesAsBytes(s.swapTotal - s.swapFree),
                             formatPagesAsBytes(s.swapTotal));
    if (s.stopped)
        status = tr("Stopped: %1").arg(QString::fromStdString(s.stopReason));
    if (m_statusLabel->text() != status) {
        m_statusLabel->setText(status);
        m_statusLabel->setToolTip(status); // a long stop reason is cut
    }
}

void MainWindow::updateProcTextRequest()
{
    ProcTextView* view = currentProcView();
    const bool buddy = m_bottomTabs->currentWidget() == m_buddy;
    m_controller->setProcTextsWanted(view != nullptr || buddy, buddy);
    if (view)
        view->setTexts(m_controller->latest()->procTexts);
    if (buddy)
        m_buddy->setTexts(m_controller->latest()->procTexts);
}

ProcTextView* MainWindow::currentProcView() const
{
    if (m_bottomTabs->currentWidget() != m_procStack->parentWidget())
        return nullptr;
    return qobject_cast<ProcTextView*>(m_procStack->currentWidget());
}

void MainWindow::updateRunActions(bool running)
{
    QAction* run = action(QStringLiteral("run"));
    run->setText(running ? tr("Pause") : tr("Run"));
    run->setIcon(icon(running ? QStringLiteral("pause") : QStringLiteral("run")));
    run->setToolTip(running ? tr("Pause the simulation (Space)") : tr("Run the simulation (Space)"));
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings->recentFiles();
    for (const QString& path : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openScenario(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("No recent scenarios"))->setEnabled(false);
    } else {
        m_recentMenu->addSeparator();
        connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, m_settings,
            &Settings::clearRecentFiles);
    }
}

void MainWindow::updateTitle()
{
    QString title = scenarioTitle(m_controller->scenario(), m_controller->scenarioPath());
    // The controller named the lesson in the language of the moment it opened.
    if (const auto lesson = m_controller->lesson())
        title = QString::fromStdString(lesson->title.in(lessonLanguage().toStdString()));
    setWindowTitle(title.isEmpty() ? tr("ReclaimLab") : tr("%1 — ReclaimLab").arg(title));
    m_scenarioLabel->setText(title);
    if (const auto* s = m_controller->scenario())
        m_scenarioLabel->setToolTip(QString::fromStdString(s->description));
    const SnapshotPtr snap = m_controller->latest();
    m_lruView->setTitle(title.isEmpty() ? tr("Memory") : tr("Memory · %1").arg(title));
}

void MainWindow::applyTheme(const QString& theme)
{
    const bool dark = theme == QLatin1String("dark");
    Theme::apply(dark ? ThemeMode::Dark : ThemeMode::Light);
    m_settings->setTheme(dark ? QStringLiteral("dark") : QStringLiteral("light"));
    action(dark ? QStringLiteral("themeDark") : QStringLiteral("themeLight"))->setChecked(true);
    m_plots->applyTheme();
    m_lruView->update();
    m_pageMap->update();
}

void MainWindow::applyFontScale(double scale)
{
    Theme::setFontScale(scale);
    m_settings->setFontScale(Theme::fontScale());
    fitLiveLabels();
    m_plots->applyTheme();
    m_controller->setPageMapCells(m_pageMap->cellBudget());
    m_lruView->update();
    m_pageMap->update();
}

void MainWindow::chooseLanguage(const QString& language)
{
    // Saved for the next start, and switched now: every widget translates itself on
    // QEvent::LanguageChange, so the run, the lesson and the live changes go on as they are.
    m_settings->setLanguage(language);
    if (language != uiLanguage())
        setUiLanguage(language);
    updateLanguageActions();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    for (auto* split : { m_mainSplit, m_topSplit, m_bottomSplit, m_mapSplit })
        m_settings->setSplitterState(split->objectName(), split->saveState());
    m_settings->sync();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        openScenario(urls.front().toLocalFile());
}

} // namespace rlab::ui
