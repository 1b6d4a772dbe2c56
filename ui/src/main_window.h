// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "export.h"

#include <QMainWindow>

#include <functional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSlider;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QToolBar;

namespace rlab::ui {

class BuddyView;
class EventLogPanel;
class LessonPanel;
class LruView;
class MemoryPlots;
class PageHistoryPanel;
class PageMapView;
class ProcTextView;
class ProcessPanel;
class Settings;
class SimulationController;
class TimelineBar;
class TunablesPanel;

/// The main window: toolbar (open, save, run/pause/step/stop, speed, clock, export), the memory view and
/// page map on top, the plots below, live tunables on the right, processes, the event log, the
/// fragmentation view and /proc texts in tabs. It wires views to the controller and holds no simulation
/// logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Everything that can be exported: the plots (in MemoryPlots::Kind order), the memory view, the page
    /// map.
    enum class ExportTarget
    {
        Watermarks,
        Lru,
        Reclaim,
        AnonFile,
        SwapIo,
        Pressure,
        MemoryView,
        PageMap,
    };
    static constexpr int kExportTargetCount = 8;

    explicit MainWindow(Settings* settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a scenario file. A broken file shows a dialog naming the key path; the current run goes on.
    bool openScenario(const QString& path);
    /// Draws a recording directory (reclaimlab-cli record, kernel lab) on the plots; an empty path removes
    /// it. Shows the reader's error in a dialog and returns false when the directory is not a recording.
    bool overlayRecording(const QString& dir);
    /// Opens a lesson file and shows the lesson panel. A broken file shows a dialog naming the key path.
    bool openLesson(const QString& path);
    /// Brings a view forward and outlines it for a moment (engine::lessonViewNames()).
    void highlightView(const QString& view);
    /// Writes the open lesson's worksheet and answer key into `dir` in the UI language.
    bool exportHandout(const QString& dir, QString* error);
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    /// Opens the embedded default scenario.
    bool openDefaultScenario();
    /// Writes the scenario with the session's live changes as timed events.
    bool saveScenario(const QString& path, QString* error);
    bool exportTarget(ExportTarget target, const QString& path, const ExportOptions& options, QString* error);
    /// Every plotted series as CSV.
    bool exportCsv(const QString& path, QString* error);
    /// Draws a target; a plot shows the whole run it keeps unless `visibleWindowOnly`.
    Renderer renderer(ExportTarget target, bool visibleWindowOnly = false);
    static QString targetTitle(ExportTarget target);
    static QString targetStem(ExportTarget target);
    /// The embedded example scenarios (resource paths), the default first.
    static QStringList exampleScenarios();
    /// The embedded lessons (resource paths), in lesson order.
    static QStringList lessons();

    SimulationController* controller() const { return m_controller; }
    MemoryPlots* plots() const { return m_plots; }
    LruView* memoryView() const { return m_lruView; }
    PageMapView* pageMap() const { return m_pageMap; }
    PageHistoryPanel* pageHistory() const { return m_history; }
    TunablesPanel* tunables() const { return m_tunables; }
    ProcessPanel* processes() const { return m_processes; }
    EventLogPanel* eventLog() const { return m_eventLog; }
    BuddyView* buddyView() const { return m_buddy; }
    QTabWidget* bottomTabs() const { return m_bottomTabs; }
    /// The /proc file shown, or nullptr when the /proc tab is not the current one.
    ProcTextView* currentProcView() const;
    QAction* action(const QString& name) const;

    /// Moments of the GUI thread's frame loop, for the benchmark mode: a snapshot handed to the views,
    /// and one paint of the window (its backing store painted and flushed: a completed frame).
    enum class FramePhase
    {
        SnapshotBegin,
        SnapshotEnd,
        PaintBegin,
        PaintEnd,
    };
    using FrameObserver = std::function<void(FramePhase)>;
    /// Called at every FramePhase; an empty function turns it off (the default).
    void setFrameObserver(FrameObserver observer) { m_frameObserver = std::move(observer); }

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void addScenarioMenu(QMenu* menu, const QStringList& paths);
    void buildLessonMenu(QMenu* menu);
    /// Sets every static text (actions, menus, toolbar, tabs, docks) in the UI language, and refreshes
    /// the texts that otherwise change only with the next snapshot.
    void retranslateUi();
    /// Checks the View → Language entry of the language in use.
    void updateLanguageActions();
    void updateStatusLabel(const Snapshot& snapshot);
    /// The dialog for a file that could not be opened; a missing file leaves the recent list.
    void showOpenError(const QString& title, const QString& text, const QString& error, const QString& path);
    void buildToolBar();
    void buildLayout();
    void fitLiveLabels();
    void onSnapshot();
    void handleSnapshot();
    void onRunStarted();
    /// The status bar after a rewind that replays live changes.
    void showReplayMessage();
    /// The timeline's previous or next event: the event log's nearest shown event.
    void seekToEvent(bool forward);
    /// Before Run, Step or Run to while the timeline shows the past: asks whether the live changes made
    /// after that moment are kept or dropped (when there are any). False when the user cancels.
    bool continueFromPast();
    /// The status bar line for a finished "run to".
    void showRunToOutcome(const RunToOutcome& outcome);
    static QString runTargetName(RunTarget target);
    void updateRunActions(bool running);
    void updateRecentMenu();
    void updateTitle();
    void updateProcTextRequest();
    void applyTheme(const QString& theme);
    void applyFontScale(double scale);
    void showExportDialog();
    void copyPlotToClipboard();
    void copyCsvToClipboard();
    void chooseLanguage(const QString& language);
    /// An action with a name for action(); its text comes from retranslateUi().
    QAction* addAction(const QString& name, const QKeySequence& shortcut = {});

    Settings* m_settings;
    /// The run was paused because a modal dialog opened; it resumes when the dialog closes.
    bool m_pausedForDialog = false;
    SimulationController* m_controller;
    LruView* m_lruView;
    PageMapView* m_pageMap;
    PageHistoryPanel* m_history;
    MemoryPlots* m_plots;
    TunablesPanel* m_tunables;
    ProcessPanel* m_processes;
    EventLogPanel* m_eventLog;
    BuddyView* m_buddy;
    TimelineBar* m_timeline = nullptr;
    std::optional<Tick> m_pastShown; ///< the past moment the views were pointed at
    LessonPanel* m_lessonPanel = nullptr;
    QDockWidget* m_lessonDock = nullptr;
    QTabWidget* m_bottomTabs;
    std::vector<ProcTextView*> m_procViews;
    QComboBox* m_procChooser = nullptr; ///< which /proc file the /proc tab shows
    QStackedWidget* m_procStack = nullptr;
    QSplitter* m_mainSplit = nullptr;
    QSplitter* m_topSplit = nullptr;
    QSplitter* m_bottomSplit = nullptr;
    QSplitter* m_mapSplit = nullptr;
    QLabel* m_clock = nullptr;
    QLabel* m_speedLabel = nullptr;
    QSlider* m_speedSlider = nullptr;
    QLabel* m_scenarioLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_exampleMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_simMenu = nullptr;
    QMenu* m_stepMenu = nullptr;
    QMenu* m_runToMenu = nullptr;
    QMenu* m_lessonMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_themeMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QToolBar* m_toolBar = nullptr;
    QLabel* m_speedTitle = nullptr;
    QLabel* m_mapTitle = nullptr;
    QDockWidget* m_tunablesDock = nullptr;
    std::map<QString, QAction*> m_actions;
    std::uint64_t m_runId = 0;
    bool m_stopShown = false;
    std::uint64_t m_runToShown = 0; ///< the last RunToOutcome reported in the status bar
    int m_stepSteps = 1;
    RunTarget m_runTarget =
        RunTarget::KswapdWake; ///< what the Run to button runs to ///< the Step button's size in 100 µs steps
    bool m_endShown = false; ///< the "paused at the scenario's duration" message is up
    FrameObserver m_frameObserver;
};

} // namespace rlab::ui
