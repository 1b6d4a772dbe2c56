// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "plot/plot_history.h"

#include <rlab/engine/fidelity.h>

#include <QPointF>
#include <QVector>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>

class QCustomPlot;
class QCPGraph;
class QCPAxis;
class QComboBox;
class QLabel;
class QMouseEvent;
class QPaintDevice;
class QStackedWidget;
class QTabBar;
class QToolButton;

namespace rlab::ui {

/// Every QCustomPlot of the app (STYLE.md §4: all QCustomPlot code lives in plot/): free pages
/// against the watermarks, LRU sizes, reclaim rates by reclaimer and by type, and swap with writeback.
/// One sample per 10 ms of simulated time; markers for direct reclaim, live changes and OOM.
class MemoryPlots : public QWidget
{
    Q_OBJECT
public:
    enum class Kind
    {
        Watermarks,
        Lru,
        Reclaim,
        AnonFile,
        SwapIo,
        Pressure,
    };
    static constexpr int kKindCount = 6;

    enum class MarkerKind
    {
        DirectReclaim,
        Change,
        Oom,
        Compaction, ///< direct compaction, kcompactd, allocation failures
    };
    struct Marker
    {
        double t = 0.0;
        MarkerKind kind = MarkerKind::Change;
        QString text;
        int count = 1;
        QString detail; ///< a bucketed marker (direct reclaim, compaction): the newest one's explanation
    };

    explicit MemoryPlots(QWidget* parent = nullptr);
    ~MemoryPlots() override;

    static QString title(Kind kind);
    /// Tab title: "Watermarks".
    static QString shortTitle(Kind kind);
    /// File name stem for exports: "watermarks", "lru-lists", …
    static QString fileStem(Kind kind);
    /// The marker an event of `kind` puts on the plots, or nullopt: the plots draw no other events.
    static std::optional<MarkerKind> markerFor(engine::EventKind kind);

    /// A new run: drops the history and sets up the zones of `first`.
    void reset(const Snapshot& first);
    /// Appends the snapshot's samples and markers and moves the live window.
    void addSnapshot(const Snapshot& snapshot);
    void applyTheme();

    Kind currentKind() const;
    void setCurrentKind(Kind kind);
    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);
    /// Stops following and shows the time range [from, to] seconds on every plot.
    void showRange(double from, double to);
    /// Seconds shown while following live.
    double span() const { return m_span; }
    /// Seconds of simulated time kept at full resolution; older history is kept as min/max envelopes.
    double fullResolutionSeconds() const { return m_keepSeconds; }
    void setFullResolutionSeconds(double seconds) { m_keepSeconds = seconds; }
    /// Zoom on the watermark plot: its range capped at three times the high watermark (off: the range
    /// covers the data).
    bool isZoomed() const;
    void setZoomed(bool zoomed);
    /// Whether the watermark plot marks free pages above its top (only with Zoom on).
    bool showsClipMark() const;
    /// The top of a plot's left value axis.
    double valueTop(Kind kind) const;
    /// The seconds a plot's time axis shows.
    std::pair<double, double> timeRange(Kind kind) const;
    /// Zone shown on the watermark plot ("total" or a Snapshot zone name).
    QString zone() const { return m_zone; }
    void setZone(const QString& zone);

    /// The points of the graph that draws a series, as drawn (LRU sizes are stacked).
    QVector<QPointF> graphData(const QString& seriesId) const;
    /// The newest point's value of a series' graph, as drawn (nullopt: unknown series or no data).
    std::optional<double> lastValue(const QString& seriesId) const;
    const std::vector<Marker>& markers() const { return m_markers; }
    const PlotHistory& history() const { return m_history; }
    /// The text the crosshair shows at time `t` on a plot.
    QString crosshairText(Kind kind, double t) const;
    /// The tooltip text of the marker nearest to time `t` (within `tolerance` seconds) drawn near `level`
    /// (0..1 of the marker axis), or empty.
    QString markerText(double t, double tolerance, double level) const;

    /// Draws a plot onto any device (export, clipboard, headless charts).
    /// With `wholeRun` the time axis spans every kept sample, else the window on screen.
    void render(Kind kind, QPaintDevice& device, const QSize& size, bool largeFonts, bool wholeRun = false);
    /// Redraws now (tests and headless use; the GUI replots on a queue).
    void replotAll();

    /// The timeline: a vertical line at the moment every view shows (nullopt: none, the run is live).
    /// A moment outside the visible range brings it into view.
    void setTimeCursor(std::optional<double> seconds);
    std::optional<double> timeCursor() const { return m_timeCursor; }
    /// Overlays a recording of a real machine (reclaimlab-cli record, or the kernel lab) on the plots: each
    /// series whose /proc/vmstat items it has (PlotSeries::recorded) as a dotted line named
    /// "<series> · <label>", aligned at t = 0. nullptr removes it. Kept across runs.
    void setRecording(std::shared_ptr<const engine::CounterSeries> recording, const QString& label = {});
    bool hasRecording() const { return m_recording != nullptr; }
    /// The overlaid recording's points for a series ("free", "rate:pgscan_kswapd"), as drawn.
    QVector<QPointF> recordingData(const QString& seriesId) const;
    /// The run continued from `seconds`: drops the samples and markers after it.
    void truncateAfter(double seconds);

Q_SIGNALS:
    void followingChanged(bool following);
    void currentKindChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Page;
    void buildPage(Kind kind);
    QCPGraph* addGraph(
        Page& page, const QString& seriesId, const QString& name, QCPAxis* valueAxis = nullptr);
    void styleGraphs(Page& page);
    void updateZoneVisibility();
    void appendSamples(const std::vector<Sample>& samples);
    /// Folds everything before `cut` into envelopes: the history, each graph and the direct-reclaim markers.
    void foldBefore(double cut);
    void foldMarkers(double cut);
    QString foldLabelText() const;
    /// Every static text (tabs, axis labels, legend names, buttons) in the current language.
    void retranslate();
    /// Recomputes the kswapd shading for the visible range, one bucket per pixel of `width` (0: the
    /// plot's own width).
    void updateShade(Page& page, int width = 0);
    void addMarkers(const Snapshot& snapshot);
    void addMarker(double t, MarkerKind kind, const QString& text);
    /// The OOM line's label: "OOM", or "memcg OOM" for a memory cgroup's.
    static QString oomLabel(bool memcg);
    void updateRanges(Page& page);
    void rescaleValues(Page& page);
    void updateClipMark(Page& page, double top);
    void syncRange(const Page& source);
    void showCrosshair(Page& page, QMouseEvent* event);
    void placeTimeCursor(Page& page);
    void buildOverlay(Page& page);
    /// The crosshair's text over the folded part of the run: each series' lowest and highest value.
    QString foldedCrosshairText(Kind kind, double t) const;
    void applyFonts(Page& page, double factor);
    void updateLegendColumns(Page& page, int width = 0);
    Page& page(Kind kind) { return *m_pages[static_cast<std::size_t>(kind)]; }
    const Page& page(Kind kind) const { return *m_pages[static_cast<std::size_t>(kind)]; }

    PlotHistory m_history;
    std::array<std::unique_ptr<Page>, kKindCount> m_pages;
    std::optional<double> m_timeCursor;
    std::shared_ptr<const engine::CounterSeries> m_recording;
    QString m_recordingLabel;
    std::vector<Marker> m_markers;
    QTabBar* m_tabs = nullptr;
    QStackedWidget* m_stack = nullptr;
    QComboBox* m_zoneBox = nullptr;
    QToolButton* m_followButton = nullptr;
    QToolButton* m_zoomButton = nullptr;
    QLabel* m_zoneLabel = nullptr;
    QString m_zone = QStringLiteral("total");
    bool m_following = true;
    bool m_syncing = false;
    double m_span = 30.0;
    double m_now = 0.0;
    /// Direct reclaim and compaction can happen thousands of times a second: one marker per 100 ms each.
    struct MarkerBucket
    {
        double bucket = -1.0;
        std::size_t marker = 0; ///< index into m_markers
    };
    std::array<MarkerBucket, 2> m_buckets; ///< [DirectReclaim, Compaction]
    static MarkerBucket* bucketOf(std::array<MarkerBucket, 2>& buckets, MarkerKind kind);
    static QString bucketText(MarkerKind kind, int count, const QString& span);
    /// The height (0..1 of the marker axis) a marker of that kind is drawn at.
    static double markerLevel(MarkerKind kind);
    std::size_t m_foldedMarkers = 0; ///< the first markers, already folded
    /// Two simulated minutes cover a lesson's run at full resolution; memory: docs/gui-performance.md.
    double m_keepSeconds = 120.0;
};

} // namespace rlab::ui
