// SPDX-License-Identifier: GPL-3.0-or-later
#include "memory_plot.h"

#include "event_text.h"
#include "export.h"
#include "format.h"
#include "plot/plot_series.h"
#include "plot/qcp_include.h"
#include "theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QTabBar>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace rlab::ui {

namespace {

constexpr double kPagesToMiB = 4.0 / 1024.0;
constexpr double kDirectMarkerBucket = 0.1; // seconds of simulated time per direct-reclaim marker
constexpr double kDirectMarkerLevel = 0.035; // marker heights on the marker axis, 0..1
constexpr double kCompactMarkerLevel = 0.09;
constexpr double kChangeMarkerLevel = 0.965;
constexpr double kOomLabelLevel = 0.90;

/// Series that stay flat for long stretches (watermarks, swap size): their graphs keep only the first
/// and last point of each run of equal values, so a flat dashed line costs two points to stroke.
bool isLevel(const QString& id)
{
    const PlotSeries* row = findPlotSeries(id);
    return row && row->level;
}

/// Appends a point to a level graph: a point that continues a run of equal values moves the run's end.
void addLevelPoint(QCPGraph* graph, double key, double value)
{
    auto data = graph->data();
    const int n = data->size();
    if (n >= 2) {
        auto last = data->end() - 1;
        if (last->value == value && (last - 1)->value == value && key >= last->key) {
            last->key = key;
            return;
        }
    }
    data->add(QCPGraphData(key, value));
}

/// The values a graph shows in a key range. A level graph's run may have no point inside the range:
/// the value it carries into the range counts too.
QCPRange valueRange(QCPGraph* graph, bool level, const QCPRange& keys, bool& found)
{
    QCPRange r = graph->getValueRange(found, QCP::sdBoth, keys);
    if (level && !graph->data()->isEmpty()) {
        const auto it = graph->data()->findBegin(keys.lower, true);
        if (it != graph->data()->constEnd() && it->key <= keys.upper) {
            r = found ? QCPRange(std::min(r.lower, it->value), std::max(r.upper, it->value))
                      : QCPRange(it->value, it->value);
            found = true;
        }
    }
    return r;
}

/// kswapd's running time as rectangles behind the data, one per run. A QCPGraph fill of the same runs is
/// one polygon with two full-height edges per run, and Qt's polygon rasterizer keeps a sorted list of
/// cells per scan line, so it is quadratic in the edges: 10 to 50 ms a frame while kswapd toggles fast.
/// A rectangle is a memset per scan line.
class ShadeRuns : public QCPLayerable
{
public:
    ShadeRuns(QCustomPlot* plot, QCPAxis* keyAxis)
        : QCPLayerable(plot, QStringLiteral("background"))
        , m_keyAxis(keyAxis)
    {}
    /// Simulated [from, to) intervals in seconds, in order.
    void setRuns(std::vector<std::pair<double, double>> runs) { m_runs = std::move(runs); }
    const std::vector<std::pair<double, double>>& runs() const { return m_runs; }
    void setColor(const QColor& color) { m_color = color; }

protected:
    QRect clipRect() const override { return m_keyAxis->axisRect()->rect(); }
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override { painter->setAntialiasing(false); }
    void draw(QCPPainter* painter) override
    {
        const QRect area = clipRect();
        for (const auto& [from, to] : m_runs) {
            const double x0 = std::max<double>(area.left(), m_keyAxis->coordToPixel(from));
            const double x1 = std::min<double>(area.right() + 1, m_keyAxis->coordToPixel(to));
            if (x1 > x0)
                painter->fillRect(QRectF(x0, area.top(), x1 - x0, area.height()), m_color);
        }
    }

private:
    QCPAxis* m_keyAxis;
    QColor m_color;
    std::vector<std::pair<double, double>> m_runs;
};

} // namespace

struct MemoryPlots::Page
{
    Kind kind = Kind::Watermarks;
    QCustomPlot* plot = nullptr;
    QCPAxis* markerAxis = nullptr;
    QCPGraph* kswapdShade = nullptr; ///< no data: the legend entry of `shade`
    ShadeRuns* shade = nullptr;
    QCPGraph* directMarkers = nullptr;
    QCPGraph* compactMarkers = nullptr;
    QCPGraph* changeMarkers = nullptr;
    QCPGraph* markersOf(MarkerKind marker) const
    {
        return marker == MarkerKind::DirectReclaim ? directMarkers
            : marker == MarkerKind::Compaction     ? compactMarkers
                                                   : changeMarkers;
    }
    /// Watermarks with Zoom on: a bar along the top edge where free pages run above the plot, and
    /// the highest such value.
    QCPGraph* clipBar = nullptr;
    QCPItemText* clipLabel = nullptr;
    QCPItemStraightLine* crosshair = nullptr;
    QCPItemText* crosshairLabel = nullptr;
    /// Where the full-resolution part of the run starts: left of it, lowest and highest per bucket.
    QCPItemStraightLine* foldEdge = nullptr;
    QCPItemText* foldLabel = nullptr;
    std::vector<std::pair<QCPItemStraightLine*, QCPItemText*>> oomLines;
    QCPItemStraightLine* timeCursor = nullptr; ///< the timeline's moment
    std::vector<QCPGraph*> overlays; ///< a recording's series (setRecording)
    std::vector<QString> overlayIds; ///< the PlotSeries id of each overlay
    struct Series
    {
        QString id;
        QCPGraph* graph = nullptr;
        QString name;
        Envelope folded; ///< the graph's points before PlotHistory::foldedUntil()
    };
    std::vector<Series> series;
    bool stacked = false;
};

QString MemoryPlots::title(Kind kind)
{
    switch (kind) {
    case Kind::Watermarks:
        return tr("Free memory and watermarks");
    case Kind::Lru:
        return tr("Where memory is: LRU lists");
    case Kind::Reclaim:
        return tr("Reclaim: kswapd vs direct");
    case Kind::AnonFile:
        return tr("Reclaim: anon vs file");
    case Kind::SwapIo:
        return tr("Swap and writeback");
    case Kind::Pressure:
        return tr("Memory pressure (PSI)");
    }
    return {};
}

QString MemoryPlots::shortTitle(Kind kind)
{
    switch (kind) {
    case Kind::Watermarks:
        return tr("Watermarks");
    case Kind::Lru:
        return tr("LRU");
    case Kind::Reclaim:
        return tr("kswapd/direct");
    case Kind::AnonFile:
        return tr("Anon/file");
    case Kind::SwapIo:
        return tr("Swap/IO");
    case Kind::Pressure:
        return tr("PSI");
    }
    return {};
}

QString MemoryPlots::fileStem(Kind kind)
{
    switch (kind) {
    case Kind::Watermarks:
        return QStringLiteral("watermarks");
    case Kind::Lru:
        return QStringLiteral("lru-lists");
    case Kind::Reclaim:
        return QStringLiteral("reclaim-kswapd-direct");
    case Kind::AnonFile:
        return QStringLiteral("reclaim-anon-file");
    case Kind::SwapIo:
        return QStringLiteral("swap-writeback");
    case Kind::Pressure:
        return QStringLiteral("pressure");
    }
    return QStringLiteral("plot");
}

MemoryPlots::MemoryPlots(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabBar(this))
    , m_stack(new QStackedWidget(this))
    , m_zoneBox(new QComboBox(this))
    , m_followButton(new QToolButton(this))
    , m_zoomButton(new QToolButton(this))
    , m_zoneLabel(new QLabel(this))
{
    // The tabs have their own row, so all six fit in a narrow pane (1280 px screens); the controls sit
    // below them, right-aligned.
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(false);
    m_tabs->setElideMode(Qt::ElideRight);
    header->addStretch(1);
    header->addWidget(m_zoneLabel);
    header->addWidget(m_zoneBox);
    m_zoneBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_zoomButton->setCheckable(true);
    m_zoomButton->setChecked(false);
    m_zoomButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    header->addWidget(m_zoomButton);
    connect(m_zoomButton, &QToolButton::toggled, this, [this] {
        Page& p = page(Kind::Watermarks);
        rescaleValues(p);
        p.plot->replot(QCustomPlot::rpQueuedReplot);
    });
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    header->addWidget(m_followButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_tabs);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    for (int k = 0; k < kKindCount; ++k)
        buildPage(static_cast<Kind>(k));

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        const bool watermarks = index == static_cast<int>(Kind::Watermarks);
        m_zoneLabel->setVisible(watermarks);
        m_zoneBox->setVisible(watermarks);
        m_zoomButton->setVisible(watermarks);
        Page& p = page(currentKind());
        updateRanges(p);
        p.plot->replot(QCustomPlot::rpQueuedReplot);
        Q_EMIT currentKindChanged();
    });
    connect(m_zoneBox, &QComboBox::currentIndexChanged, this, [this] {
        const QString zone = m_zoneBox->currentData().toString();
        if (!zone.isEmpty() && zone != m_zone) {
            m_zone = zone;
            updateZoneVisibility();
        }
    });
    connect(m_followButton, &QToolButton::toggled, this, &MemoryPlots::setFollowing);
    retranslate();
    applyTheme();
}

void MemoryPlots::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void MemoryPlots::retranslate()
{
    for (auto& pp : m_pages)
        buildOverlay(*pp); // their legend names

    m_zoneLabel->setText(tr("Zone"));
    m_zoneBox->setToolTip(tr("Which zone's free pages and watermarks the plot shows"));
    const int total = m_zoneBox->findData(QStringLiteral("total"));
    if (total >= 0)
        m_zoneBox->setItemText(total, tr("All zones (node total)"));
    m_zoomButton->setText(tr("Zoom"));
    m_zoomButton->setToolTip(
        tr("Scale the plot to three times the high watermark, so min, low and high stay readable; a red "
           "bar along the top marks where free pages run above it"));
    m_followButton->setText(tr("Follow live"));
    m_followButton->setToolTip(
        tr("Keep the newest %1 s in view; drag or zoom to look at the past").arg(m_span));
    for (auto& pp : m_pages) {
        Page& p = *pp;
        const int tab = static_cast<int>(p.kind);
        m_tabs->setTabText(tab, shortTitle(p.kind));
        m_tabs->setTabToolTip(tab, title(p.kind));
        QCustomPlot* plot = p.plot;
        plot->setLocale(QLocale());
        plot->xAxis->setLabel(tr("simulated time (s)"));
        switch (p.kind) {
        case Kind::Watermarks:
        case Kind::Lru:
            plot->yAxis->setLabel(tr("pages"));
            plot->yAxis2->setLabel(tr("MiB"));
            break;
        case Kind::Reclaim:
        case Kind::AnonFile:
            plot->yAxis->setLabel(tr("pages per second"));
            break;
        case Kind::SwapIo:
            plot->yAxis->setLabel(tr("pages"));
            plot->yAxis2->setLabel(tr("swap I/O (pages per second)"));
            break;
        case Kind::Pressure:
            plot->yAxis->setLabel(tr("% of time stalled on memory"));
            break;
        }
        if (p.kswapdShade)
            p.kswapdShade->setName(tr("kswapd running"));
        if (p.clipBar)
            p.clipBar->setName(tr("above the plot"));
        p.directMarkers->setName(tr("direct reclaim"));
        p.compactMarkers->setName(tr("compaction / allocation failure"));
        p.changeMarkers->setName(tr("change / process event"));
        for (Page::Series& series : p.series) {
            if (const PlotSeries* row = findPlotSeries(series.id)) {
                series.name = tr(row->name);
                series.graph->setName(series.name);
            }
        }
        for (auto& oom : p.oomLines)
            oom.second->setText(QStringLiteral(" ") + oomLabel(oom.second->property("memcg").toBool()));
        p.foldLabel->setText(foldLabelText());
        if (p.clipLabel && p.clipLabel->visible())
            updateClipMark(p, plot->yAxis->range().upper);
        applyFonts(p, 1.0);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

QString MemoryPlots::foldLabelText() const
{
    const double width = m_history.envelope(QStringLiteral("kswapd_running")).width();
    return tr("lowest–highest per %1 s ◀ ").arg(QLocale().toString(width));
}

MemoryPlots::~MemoryPlots() = default;

void MemoryPlots::buildPage(Kind kind)
{
    auto p = std::make_unique<Page>();
    p->kind = kind;
    p->stacked = kind == Kind::Lru;
    p->plot = new QCustomPlot(m_stack);
    QCustomPlot* plot = p->plot;
    plot->setObjectName(fileStem(kind));
    plot->setNoAntialiasingOnDrag(true);
    plot->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot->xAxis->setRange(0, m_span);
    switch (kind) {
    case Kind::Watermarks:
    case Kind::Lru:
        plot->yAxis2->setVisible(true);
        connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot->yAxis2,
            [axis = plot->yAxis2](
                const QCPRange& r) { axis->setRange(r.lower * kPagesToMiB, r.upper * kPagesToMiB); });
        break;
    case Kind::SwapIo:
        plot->yAxis2->setVisible(true);
        break;
    case Kind::Reclaim:
    case Kind::AnonFile:
    case Kind::Pressure:
        break;
    }
    plot->legend->setVisible(true);
    // The legend sits in a row above the plot, so it never hides data.
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setWrap(4);
    plot->legend->setMargins(QMargins(6, 3, 6, 3));
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->setLocale(QLocale());
    for (QCPAxis* axis : { plot->yAxis, plot->yAxis2 }) {
        axis->setNumberFormat(QStringLiteral("f"));
        axis->setNumberPrecision(0);
    }

    p->markerAxis = plot->axisRect()->addAxis(QCPAxis::atRight);
    p->markerAxis->setVisible(false);
    p->markerAxis->setRange(0, 1);
    if (kind == Kind::Watermarks) {
        p->kswapdShade = plot->addGraph(plot->xAxis, p->markerAxis);
        p->kswapdShade->setLineStyle(QCPGraph::lsNone);
        p->shade = new ShadeRuns(plot, plot->xAxis);
        connect(plot, &QCustomPlot::beforeReplot, this, [this, raw = p.get()] { updateShade(*raw); });
        p->clipBar = plot->addGraph(plot->xAxis, p->markerAxis);
        p->clipBar->setLineStyle(QCPGraph::lsStepLeft);
        p->clipBar->removeFromLegend(); // listed only while something is clipped
        p->clipLabel = new QCPItemText(plot);
        p->clipLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
        p->clipLabel->position->setCoords(0.01, 0.07); // below the change markers
        p->clipLabel->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        p->clipLabel->setPadding(QMargins(6, 3, 6, 3));
        p->clipLabel->setSelectable(false);
        p->clipLabel->setVisible(false);
    }
    p->directMarkers = plot->addGraph(plot->xAxis, p->markerAxis);
    p->directMarkers->setLineStyle(QCPGraph::lsNone);
    p->compactMarkers = plot->addGraph(plot->xAxis, p->markerAxis);
    p->compactMarkers->setLineStyle(QCPGraph::lsNone);
    p->changeMarkers = plot->addGraph(plot->xAxis, p->markerAxis);
    p->changeMarkers->setLineStyle(QCPGraph::lsNone);

    p->foldEdge = new QCPItemStraightLine(plot);
    p->foldEdge->point1->setAxes(plot->xAxis, p->markerAxis);
    p->foldEdge->point2->setAxes(plot->xAxis, p->markerAxis);
    p->foldEdge->setSelectable(false);
    p->foldEdge->setVisible(false);
    p->foldLabel = new QCPItemText(plot);
    p->foldLabel->position->setAxes(plot->xAxis, p->markerAxis);
    p->foldLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    p->foldLabel->setSelectable(false);
    p->foldLabel->setVisible(false);

    p->crosshair = new QCPItemStraightLine(plot);
    p->crosshair->setVisible(false);
    p->crosshair->setSelectable(false);
    p->crosshairLabel = new QCPItemText(plot);
    p->crosshairLabel->setVisible(false);
    p->crosshairLabel->setSelectable(false);
    p->crosshairLabel->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    p->crosshairLabel->setTextAlignment(Qt::AlignLeft);
    p->crosshairLabel->position->setType(QCPItemPosition::ptAbsolute);
    p->crosshairLabel->setPadding(QMargins(8, 6, 8, 6));
    p->crosshairLabel->setClipToAxisRect(false);

    plot->installEventFilter(this);
    plot->setMouseTracking(true);
    connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
        [this, raw = p.get()](const QCPRange&) {
            if (!m_syncing)
                syncRange(*raw);
        });

    m_stack->addWidget(plot);
    m_tabs->addTab(shortTitle(kind));
    m_tabs->setTabToolTip(m_tabs->count() - 1, title(kind));
    m_pages[static_cast<std::size_t>(kind)] = std::move(p);
}

QCPGraph* MemoryPlots::addGraph(Page& p, const QString& seriesId, const QString& name, QCPAxis* valueAxis)
{
    QCPGraph* g = p.plot->addGraph(p.plot->xAxis, valueAxis ? valueAxis : p.plot->yAxis);
    g->setName(name);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setAdaptiveSampling(true);
    p.series.push_back({ seriesId, g, name, {} });
    for (QCPGraph* markers :
        { p.directMarkers, p.compactMarkers, p.changeMarkers }) { // the markers' entries stay last
        if (markers && markers->removeFromLegend())
            markers->addToLegend();
    }
    return g;
}

void MemoryPlots::reset(const Snapshot& first)
{
    std::vector<std::string> zones;
    for (const auto& z : first.zones)
        zones.push_back(z.name);
    m_history.reset(zones, first.seriesLayout);
    m_markers.clear();
    m_foldedMarkers = 0;
    m_buckets = {};
    m_now = 0.0;

    // The zone with most memory is where the action is; keep the user's choice when it still exists.
    QString largest = QStringLiteral("total");
    Pages most = 0;
    for (const auto& z : first.zones) {
        if (z.managed > most) {
            most = z.managed;
            largest = QString::fromStdString(z.name);
        }
    }
    if (!m_history.zoneNames().contains(m_zone))
        m_zone = largest;
    {
        const QSignalBlocker block(m_zoneBox);
        m_zoneBox->clear();
        for (const QString& z : m_history.zoneNames())
            m_zoneBox->addItem(z == QLatin1String("total") ? tr("All zones (node total)") : z, z);
        m_zoneBox->setCurrentIndex(static_cast<int>(m_history.zoneNames().indexOf(m_zone)));
    }

    for (auto& pp : m_pages) {
        Page& p = *pp;
        for (auto& s : p.series)
            p.plot->removeGraph(s.graph);
        p.series.clear();
        for (auto& [line, label] : p.oomLines) {
            p.plot->removeItem(line);
            p.plot->removeItem(label);
        }
        p.oomLines.clear();
        p.foldEdge->setVisible(false);
        p.foldLabel->setVisible(false);
        if (p.shade)
            p.shade->setRuns({});
        p.directMarkers->data()->clear();
        p.compactMarkers->data()->clear();
        p.changeMarkers->data()->clear();

        // The table gives each page its series in legend order; zone families once per zone.
        for (const QString& zone : m_history.zoneNames()) {
            for (const PlotSeries& row : plotSeries()) {
                if (row.page == static_cast<int>(p.kind) && row.source == SeriesSource::ZoneLevel)
                    addGraph(p, PlotHistory::zoneSeries(QLatin1String(row.id), zone), tr(row.name));
            }
        }
        for (const PlotSeries& row : plotSeries()) {
            if (row.page == static_cast<int>(p.kind) && row.source != SeriesSource::ZoneLevel)
                addGraph(p, QLatin1String(row.id), tr(row.name), row.rightAxis ? p.plot->yAxis2 : nullptr);
        }
        if (p.stacked) {
            for (std::size_t i = 1; i < p.series.size(); ++i)
                p.series[i].graph->setChannelFillGraph(p.series[i - 1].graph);
        }
        // Markers on top of the data, the crosshair above all.
        p.directMarkers->setLayer(QStringLiteral("main"));
        p.compactMarkers->setLayer(QStringLiteral("main"));
        if (p.kswapdShade) {
            p.kswapdShade->setLayer(QStringLiteral("background"));
        }
        styleGraphs(p);
        p.plot->xAxis->setRange(0, m_span);
    }
    updateZoneVisibility();
    for (auto& pp : m_pages)
        updateLegendColumns(*pp);
    appendSamples(first.samples);
    addMarkers(first);
    for (auto& pp : m_pages)
        updateRanges(*pp);
    page(currentKind()).plot->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryPlots::styleGraphs(Page& p)
{
    const ThemeColors& c = Theme::colors();
    for (auto& s : p.series) {
        const PlotSeries* row = findPlotSeries(s.id);
        const PlotSeries st = row ? *row : PlotSeries {};
        const QColor color = st.darker != 100 ? (c.*st.color).darker(st.darker) : c.*st.color;
        QPen pen(color, st.width, st.pen);
        pen.setCapStyle(Qt::FlatCap);
        if (p.stacked) {
            pen.setColor(color.darker(115));
            s.graph->setBrush(QBrush(color));
        } else if (st.fill) {
            QColor fill = color;
            fill.setAlpha(70);
            s.graph->setBrush(QBrush(fill));
        } else {
            s.graph->setBrush(Qt::NoBrush);
        }
        s.graph->setPen(pen);
    }
    if (p.kswapdShade) {
        // The tint of kswapd's colour over the plot background, opaque: the shade lies right on the
        // background, and an opaque fill is a memset where a translucent one blends every pixel.
        const double a = Theme::mode() == ThemeMode::Dark ? 55.0 / 255.0 : 38.0 / 255.0;
        const auto mix = [a](int over, int under) {
            return static_cast<int>(std::lround(over * a + under * (1 - a)));
        };
        const QColor shade(mix(c.kswapd.red(), c.panel.red()), mix(c.kswapd.green(), c.panel.green()),
            mix(c.kswapd.blue(), c.panel.blue()));
        p.kswapdShade->setPen(Qt::NoPen);
        p.kswapdShade->setBrush(shade);
        p.shade->setColor(shade);
    }
    p.directMarkers->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, c.direct, c.direct, 11));
    p.changeMarkers->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, c.accent, c.accent, 10));
    p.directMarkers->setPen(QPen(c.direct));
    p.compactMarkers->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssSquare, c.compaction, c.compaction, 8));
    p.compactMarkers->setPen(QPen(c.compaction));
    p.changeMarkers->setPen(QPen(c.accent));
    for (auto& [line, label] : p.oomLines) {
        line->setPen(QPen(c.oom, 2.0, Qt::SolidLine));
        label->setColor(c.oom);
    }
    p.foldEdge->setPen(QPen(c.mutedText, 1.0, Qt::DotLine));
    p.foldLabel->setColor(c.mutedText);
    if (p.clipBar) {
        QPen bar(c.oom, 6.0);
        bar.setCapStyle(Qt::FlatCap);
        p.clipBar->setPen(bar);
        p.clipLabel->setColor(c.oom);
        p.clipLabel->setBrush(c.panel);
        p.clipLabel->setPen(QPen(c.oom));
    }
}

void MemoryPlots::applyTheme()
{
    const ThemeColors& c = Theme::colors();
    for (auto& pp : m_pages)
        buildOverlay(*pp); // their colours
    for (auto& pp : m_pages) {
        Page& p = *pp;
        QCustomPlot* plot = p.plot;
        plot->setBackground(c.panel);
        plot->axisRect()->setBackground(c.panel);
        for (QCPAxis* axis : { plot->xAxis, plot->yAxis, plot->yAxis2 }) {
            axis->setBasePen(QPen(c.mutedText, 1));
            axis->setTickPen(QPen(c.mutedText, 1));
            axis->setSubTickPen(QPen(c.mutedText, 1));
            axis->setTickLabelColor(c.text);
            axis->setLabelColor(c.mutedText);
            axis->grid()->setPen(QPen(c.grid, 1, Qt::SolidLine));
            axis->grid()->setSubGridVisible(false);
            axis->grid()->setZeroLinePen(QPen(c.grid, 1));
        }
        plot->yAxis2->grid()->setVisible(false);
        QColor legendBack = c.panel;
        legendBack.setAlpha(225);
        plot->legend->setBrush(legendBack);
        plot->legend->setBorderPen(QPen(c.grid));
        plot->legend->setTextColor(c.text);
        QColor labelBack = c.panel;
        labelBack.setAlpha(235);
        p.crosshairLabel->setBrush(labelBack);
        p.crosshairLabel->setPen(QPen(c.mutedText));
        p.crosshairLabel->setColor(c.text);
        p.crosshair->setPen(QPen(c.mutedText, 1, Qt::DashLine));
        applyFonts(p, 1.0);
        styleGraphs(p);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void MemoryPlots::updateLegendColumns(Page& p, int width)
{
    // As many legend columns as fit, so that no entry is cut.
    QFontMetrics metrics(p.plot->legend->font());
    int widest = 0;
    for (int i = 0; i < p.plot->legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(p.plot->legend->item(i)))
            widest = std::max(widest, metrics.horizontalAdvance(item->plottable()->name()));
    }
    const int column = widest + p.plot->legend->iconSize().width() + 30;
    const int available = (width > 0 ? width : p.plot->width()) - 20;
    const int columns = std::clamp(available / std::max(1, column), 1, 8);
    if (columns != p.plot->legend->wrap()) {
        p.plot->legend->setWrap(columns);
        p.plot->legend->setFillOrder(QCPLegend::foColumnsFirst, true); // re-flow the existing entries
    }
}

void MemoryPlots::applyFonts(Page& p, double factor)
{
    const QFont tick = Theme::font(10.5 * factor);
    const QFont label = Theme::font(11.0 * factor);
    for (QCPAxis* axis : { p.plot->xAxis, p.plot->yAxis, p.plot->yAxis2 }) {
        axis->setTickLabelFont(tick);
        axis->setLabelFont(label);
    }
    p.plot->legend->setFont(Theme::font(10.5 * factor));
    p.plot->legend->setIconSize(static_cast<int>(28 * factor), static_cast<int>(14 * factor));
    p.crosshairLabel->setFont(Theme::font(10.5 * factor));
    p.foldLabel->setFont(Theme::font(9.5 * factor));
    if (p.clipLabel)
        p.clipLabel->setFont(Theme::font(10.5 * factor, true));
    updateLegendColumns(p);
    for (auto& oom : p.oomLines)
        oom.second->setFont(Theme::font(11.0 * factor, true));
}

void MemoryPlots::updateZoneVisibility()
{
    Page& p = page(Kind::Watermarks);
    for (auto& s : p.series) {
        const bool visible = s.id.section(QLatin1Char(':'), 1) == m_zone;
        s.graph->setVisible(visible);
        if (visible)
            s.graph->addToLegend();
        else
            s.graph->removeFromLegend();
    }
    // The kswapd shading and marker legend entries come after the lines.
    if (p.kswapdShade) {
        p.kswapdShade->removeFromLegend();
        p.kswapdShade->addToLegend();
    }
    // Every marker has its legend entry, after the lines (OOM kills are labelled on the plot).
    for (QCPGraph* markers : { p.directMarkers, p.compactMarkers, p.changeMarkers }) {
        markers->removeFromLegend();
        markers->addToLegend();
    }
    rescaleValues(p);
    p.plot->replot(QCustomPlot::rpQueuedReplot);
}

bool MemoryPlots::isZoomed() const
{
    return m_zoomButton->isChecked();
}

void MemoryPlots::setZoomed(bool zoomed)
{
    m_zoomButton->setChecked(zoomed);
}

bool MemoryPlots::showsClipMark() const
{
    const Page& p = page(Kind::Watermarks);
    return p.clipBar->visible() && p.clipLabel->visible();
}

double MemoryPlots::valueTop(Kind kind) const
{
    return page(kind).plot->yAxis->range().upper;
}

std::pair<double, double> MemoryPlots::timeRange(Kind kind) const
{
    const QCPRange r = page(kind).plot->xAxis->range();
    return { r.lower, r.upper };
}

void MemoryPlots::setZone(const QString& zone)
{
    const int index = m_zoneBox->findData(zone);
    if (index >= 0)
        m_zoneBox->setCurrentIndex(index);
}

MemoryPlots::Kind MemoryPlots::currentKind() const
{
    return static_cast<Kind>(std::max(0, m_tabs->currentIndex()));
}

void MemoryPlots::setCurrentKind(Kind kind)
{
    m_tabs->setCurrentIndex(static_cast<int>(kind));
}

void MemoryPlots::setFollowing(bool follow)
{
    if (follow == m_following)
        return;
    m_following = follow;
    {
        const QSignalBlocker block(m_followButton);
        m_followButton->setChecked(follow);
    }
    if (follow) {
        for (auto& pp : m_pages) {
            updateRanges(*pp);
            pp->plot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
    Q_EMIT followingChanged(follow);
}

void MemoryPlots::showRange(double from, double to)
{
    setFollowing(false);
    m_syncing = true;
    for (auto& pp : m_pages) {
        pp->plot->xAxis->setRange(from, std::max(to, from + 0.001));
        rescaleValues(*pp);
    }
    m_syncing = false;
}

void MemoryPlots::addSnapshot(const Snapshot& s)
{
    m_now = static_cast<double>(s.now) / 1e6;
    appendSamples(s.samples);
    addMarkers(s);
    if (!m_history.keys().empty() && m_history.keys().back() - m_history.keys().front() > m_keepSeconds * 1.1)
        foldBefore(m_history.keys().back() - m_keepSeconds);
    Page& current = page(currentKind());
    if (m_following) {
        updateRanges(current);
        current.plot->replot(QCustomPlot::rpQueuedReplot);
    } else if (!s.samples.empty() || !s.events.empty()) {
        current.plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void MemoryPlots::foldBefore(double cut)
{
    // A graph's points before the previous cut came from its envelope; the rest are still to fold.
    const double previousCut = m_history.foldedUntil();
    m_history.foldBefore(cut);
    for (auto& pp : m_pages) {
        for (auto& series : pp->series) {
            auto points = series.graph->data();
            const bool level = !pp->stacked && isLevel(series.id);
            std::optional<double> carried;
            auto it = points->findBegin(previousCut, false);
            for (const auto end = points->findBegin(cut, false); it != end && it->key < cut; ++it) {
                series.folded.add(it->key, it->value);
                carried = it->value;
            }
            points->removeBefore(cut);
            // A level graph's run goes on through the cut: it keeps its value there.
            if (level && carried && (points->isEmpty() || points->constBegin()->key > cut))
                points->add(QCPGraphData(cut, *carried));
            QVector<QCPGraphData> folded;
            for (const Envelope::Point& point : series.folded.points())
                folded.append(QCPGraphData(point.key, point.value));
            points->add(folded, true); // all before the cut: QCustomPlot prepends in place
        }
    }
    foldMarkers(cut);
    for (auto& pp : m_pages) {
        pp->foldEdge->point1->setCoords(cut, 0);
        pp->foldEdge->point2->setCoords(cut, 1);
        pp->foldEdge->setVisible(true);
        pp->foldLabel->position->setCoords(cut, 0.93);
        pp->foldLabel->setText(foldLabelText());
        pp->foldLabel->setVisible(true);
    }
}

void MemoryPlots::foldMarkers(double cut)
{
    // Bucketed markers (direct reclaim, compaction) merge into one per envelope bucket and kind; the
    // others are few and stay.
    const double width = m_history.envelope(QStringLiteral("kswapd_running")).width();
    std::vector<Marker> kept(
        m_markers.begin(), m_markers.begin() + static_cast<std::ptrdiff_t>(m_foldedMarkers));
    std::array<MarkerBucket, 2> last;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        if (MarkerBucket* b = bucketOf(last, kept[k].kind))
            *b = { std::floor(kept[k].t / width), k };
    }
    std::size_t i = m_foldedMarkers;
    for (; i < m_markers.size() && m_markers[i].t < cut; ++i) {
        Marker& m = m_markers[i];
        MarkerBucket* b = bucketOf(last, m.kind);
        if (b && b->bucket == std::floor(m.t / width) && b->marker < kept.size()) {
            Marker& into = kept[b->marker];
            into.count += m.count;
            into.detail = m.detail;
            into.text =
                bucketText(m.kind, into.count, QLocale().toString(width)) + QLatin1Char('\n') + into.detail;
            continue;
        }
        if (b)
            *b = { std::floor(m.t / width), kept.size() };
        kept.push_back(std::move(m));
    }
    const std::size_t folded = i;
    for (MarkerBucket& b : m_buckets) {
        if (b.marker < folded)
            b.bucket = -1.0; // the current 100 ms bucket was folded: the next one starts afresh
        else
            b.marker -= folded - kept.size();
    }
    m_foldedMarkers = kept.size();
    kept.insert(kept.end(), std::make_move_iterator(m_markers.begin() + static_cast<std::ptrdiff_t>(folded)),
        std::make_move_iterator(m_markers.end()));
    m_markers = std::move(kept);

    for (const MarkerKind kind : { MarkerKind::DirectReclaim, MarkerKind::Compaction }) {
        const double level = markerLevel(kind);
        QVector<QCPGraphData> points;
        for (std::size_t k = 0; k < m_foldedMarkers; ++k) {
            if (m_markers[k].kind == kind)
                points.append(QCPGraphData(m_markers[k].t, level));
        }
        for (auto& pp : m_pages) {
            pp->markersOf(kind)->data()->removeBefore(cut);
            pp->markersOf(kind)->data()->add(points, true);
        }
    }
}

MemoryPlots::MarkerBucket* MemoryPlots::bucketOf(std::array<MarkerBucket, 2>& buckets, MarkerKind kind)
{
    if (kind == MarkerKind::DirectReclaim)
        return &buckets[0];
    if (kind == MarkerKind::Compaction)
        return &buckets[1];
    return nullptr;
}

QString MemoryPlots::bucketText(MarkerKind kind, int count, const QString& span)
{
    if (kind == MarkerKind::Compaction)
        return tr("%n compaction events in these %1 s; the last one:", nullptr, count).arg(span);
    return tr("%n direct reclaims in these %1 s; the last one:", nullptr, count).arg(span);
}

void MemoryPlots::appendSamples(const std::vector<Sample>& samples)
{
    if (samples.empty())
        return;
    const std::size_t first = m_history.size();
    for (const auto& s : samples)
        m_history.append(s);
    const std::size_t last = m_history.size();
    const auto& keys = m_history.keys();
    QVector<double> k(static_cast<qsizetype>(last - first));
    for (std::size_t i = first; i < last; ++i)
        k[static_cast<qsizetype>(i - first)] = keys[i];
    QVector<double> v(k.size());
    for (auto& pp : m_pages) {
        Page& p = *pp;
        QVector<double> stack(k.size(), 0.0);
        for (auto& series : p.series) {
            const auto& values = m_history.values(series.id);
            if (!p.stacked && isLevel(series.id)) {
                for (std::size_t i = first; i < last; ++i)
                    addLevelPoint(series.graph, keys[i], values[i]);
                continue;
            }
            for (std::size_t i = first; i < last; ++i) {
                const auto j = static_cast<qsizetype>(i - first);
                v[j] = values[i];
                if (p.stacked) {
                    stack[j] += values[i];
                    v[j] = stack[j];
                }
            }
            series.graph->addData(k, v, true);
        }
    }
}

void MemoryPlots::updateShade(Page& p, int width)
{
    // The visible time range in buckets of one pixel column: a column is shaded when kswapd ran during
    // any sample in it. Computed from the history just before each replot.
    std::vector<std::pair<double, double>> runs;
    const auto& keys = m_history.keys();
    const auto& duty = m_history.values(QStringLiteral("kswapd_running"));
    const QCPRange range = p.plot->xAxis->range();
    const double pixels = std::max(1, width > 0 ? width : p.plot->axisRect()->width());
    const double bucket = std::max(range.size() / pixels, 1e-9);
    // The folded part: an envelope bucket is shaded when kswapd ran at any time in it.
    const Envelope& folded = m_history.envelope(QStringLiteral("kswapd_running"));
    for (const Envelope::Bucket& b : folded.buckets()) {
        const double stop = std::min(b.start + folded.width(), m_history.foldedUntil());
        if (b.max.value <= 0.0 || stop < range.lower || b.start > range.upper)
            continue;
        if (!runs.empty() && runs.back().second >= b.start)
            runs.back().second = stop;
        else
            runs.emplace_back(b.start, stop);
    }
    std::size_t i = static_cast<std::size_t>(
        std::lower_bound(keys.begin(), keys.end(), range.lower - bucket) - keys.begin());
    if (i > 0)
        --i; // the sample whose step reaches into the view
    const std::size_t n = std::min(keys.size(), duty.size());
    while (i < n && keys[i] <= range.upper + bucket) {
        const double start = keys[i];
        const double end = range.lower + (std::floor((start - range.lower) / bucket) + 1.0) * bucket;
        // The first sample always counts: rounding can put `end` at `start`.
        bool on = duty[i] > 0.0;
        for (++i; i < n && keys[i] < end; ++i)
            on = on || duty[i] > 0.0;
        // A sample's step lasts until the next sample.
        const double stop = i < n ? keys[i] : keys[n - 1];
        if (!on)
            continue;
        if (!runs.empty() && runs.back().second >= start)
            runs.back().second = stop;
        else
            runs.emplace_back(start, stop);
    }
    p.shade->setRuns(std::move(runs));
}

QString MemoryPlots::oomLabel(bool memcg)
{
    return memcg ? tr("memcg OOM") : tr("OOM");
}

void MemoryPlots::addMarker(double t, MarkerKind kind, const QString& text)
{
    m_markers.push_back({ t, kind, text, 1, {} });
    for (auto& pp : m_pages) {
        Page& p = *pp;
        switch (kind) {
        case MarkerKind::DirectReclaim:
        case MarkerKind::Compaction:
        case MarkerKind::Change:
            p.markersOf(kind)->addData(t, markerLevel(kind));
            break;
        case MarkerKind::Oom: {
            auto* line = new QCPItemStraightLine(p.plot);
            line->point1->setAxes(p.plot->xAxis, p.markerAxis);
            line->point2->setAxes(p.plot->xAxis, p.markerAxis);
            line->point1->setCoords(t, 0);
            line->point2->setCoords(t, 1);
            line->setSelectable(false);
            auto* label = new QCPItemText(p.plot);
            label->position->setAxes(p.plot->xAxis, p.markerAxis);
            label->position->setCoords(t, kOomLabelLevel);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->setText(QStringLiteral(" ") + oomLabel(false));
            label->setSelectable(false);
            p.oomLines.emplace_back(line, label);
            styleGraphs(p);
            applyFonts(p, 1.0);
            break;
        }
        }
    }
}

std::optional<MemoryPlots::MarkerKind> MemoryPlots::markerFor(engine::EventKind kind)
{
    using engine::EventKind;
    switch (kind) {
    case EventKind::DirectReclaimEnd:
    case EventKind::DirectReclaimThrottled:
        return MarkerKind::DirectReclaim;
    case EventKind::DirectCompaction:
    case EventKind::KcompactdRun:
    case EventKind::KhugepagedCollapse:
    case EventKind::AllocFail:
        return MarkerKind::Compaction;
    case EventKind::OomKill:
    case EventKind::Panic:
        return MarkerKind::Oom;
    case EventKind::Sysctl:
    case EventKind::ThpSetting:
    case EventKind::Swapon:
    case EventKind::Swapoff:
    case EventKind::DropCaches:
    case EventKind::OomScoreAdj:
    case EventKind::ProcessStart:
    case EventKind::ProcessExit:
    case EventKind::ProcessKilled:
        return MarkerKind::Change;
    default:
        return std::nullopt;
    }
}

void MemoryPlots::addMarkers(const Snapshot& s)
{
    for (const auto& e : s.events) {
        // Markers stay in time order, which folding relies on: an event stamped when a task's stall began
        // can come after another task's later one (a few ms at most), so it is drawn at that one's time.
        double t = static_cast<double>(e.at) / 1e6;
        if (!m_markers.empty())
            t = std::max(t, m_markers.back().t);
        const std::optional<MarkerKind> marker = markerFor(e.kind());
        MarkerBucket* bucketed = marker ? bucketOf(m_buckets, *marker) : nullptr;
        if (bucketed) {
            const double bucket = std::floor(t / kDirectMarkerBucket);
            const QString detail = EventText::title(e) + QStringLiteral(": ") + EventText::explain(e);
            if (bucket != bucketed->bucket || bucketed->marker >= m_markers.size()) {
                bucketed->bucket = bucket;
                bucketed->marker = m_markers.size();
                addMarker(t, *marker, detail);
                m_markers.back().detail = detail;
            } else {
                Marker& m = m_markers[bucketed->marker];
                ++m.count;
                m.detail = detail;
                m.text = bucketText(*marker, m.count, QLocale().toString(kDirectMarkerBucket))
                    + QLatin1Char('\n') + m.detail;
            }
        } else if (marker) {
            addMarker(t, *marker, EventText::title(e) + QStringLiteral(": ") + EventText::explain(e));
            const auto* kill = e.as<engine::ev::OomKill>();
            if (kill && kill->memcg()) {
                // A memory cgroup OOM: the machine as a whole was not out of memory.
                for (auto& pp : m_pages) {
                    QCPItemText* label = pp->oomLines.back().second;
                    label->setProperty("memcg", true);
                    label->setText(QStringLiteral(" ") + oomLabel(true));
                }
            }
        }
    }
}

void MemoryPlots::updateRanges(Page& p)
{
    if (m_following) {
        const double upper = std::max(m_span, m_now);
        m_syncing = true;
        p.plot->xAxis->setRange(std::max(0.0, upper - m_span), upper);
        m_syncing = false;
    }
    rescaleValues(p);
}

void MemoryPlots::rescaleValues(Page& p)
{
    const QCPRange keys = p.plot->xAxis->range();
    double left = 0.0;
    double right = 0.0;
    const auto include = [&](QCPGraph* graph, bool level) {
        bool found = false;
        const QCPRange r = valueRange(graph, level, keys, found);
        if (!found)
            return;
        if (graph->valueAxis() == p.plot->yAxis2)
            right = std::max(right, r.upper);
        else
            left = std::max(left, r.upper);
    };
    for (const auto& s : p.series) {
        if (s.graph->visible())
            include(s.graph, isLevel(s.id));
    }
    for (QCPGraph* overlay : p.overlays)
        include(overlay, false);
    const auto nice = [](double v) { return v <= 0.0 ? 1.0 : v * 1.18; };
    if (p.kind == Kind::Watermarks && m_zoomButton->isChecked()) {
        // Up to three times the high watermark: free memory far above it leaves the top of the plot.
        bool found = false;
        double high = 0.0;
        for (const auto& s : p.series) {
            if (s.graph->visible() && s.id.startsWith(QLatin1String("high:")))
                high = std::max(high, valueRange(s.graph, true, keys, found).upper);
        }
        if (high > 0.0)
            left = std::min(left, high * 3.0);
    }
    if (p.clipBar)
        updateClipMark(p, nice(left));
    if (p.kind == Kind::Pressure) {
        p.plot->yAxis->setNumberPrecision(left < 5.0 ? 1 : 0);
        left = std::max(left, 1.0);
    }
    p.plot->yAxis->setRange(0, nice(left));
    if (p.kind == Kind::SwapIo)
        p.plot->yAxis2->setRange(0, nice(right));
}

void MemoryPlots::updateClipMark(Page& p, double top)
{
    // Only data lines can leave the plot: Zoom caps the range at three times the high watermark.
    const QCPRange keys = p.plot->xAxis->range();
    QVector<double> barKeys;
    QVector<double> barValues;
    double highest = 0.0;
    for (const auto& s : p.series) {
        if (!s.graph->visible() || isLevel(s.id) || !m_zoomButton->isChecked())
            continue;
        const auto points = s.graph->data();
        auto it = points->findBegin(keys.lower, true);
        const auto end = points->findEnd(keys.upper, true);
        for (; it != end; ++it) {
            const bool above = it->value > top;
            if (above)
                highest = std::max(highest, it->value);
            barKeys.push_back(it->key);
            barValues.push_back(above ? 0.995 : std::numeric_limits<double>::quiet_NaN());
        }
    }
    const bool clipped = highest > 0.0;
    p.clipBar->setData(barKeys, barValues, true);
    if (clipped != p.clipBar->visible()) {
        p.clipBar->setVisible(clipped);
        if (clipped)
            p.clipBar->addToLegend();
        else
            p.clipBar->removeFromLegend();
    }
    p.clipLabel->setVisible(clipped);
    if (clipped)
        p.clipLabel->setText(
            tr("▲ up to %1 free pages above the plot (Zoom)").arg(QLocale().toString(highest, 'f', 0)));
}

void MemoryPlots::syncRange(const Page& source)
{
    const QCPRange range = source.plot->xAxis->range();
    m_syncing = true;
    for (auto& pp : m_pages) {
        if (pp.get() != &source)
            pp->plot->xAxis->setRange(range);
        rescaleValues(*pp);
    }
    m_syncing = false;
    page(currentKind()).plot->replot(QCustomPlot::rpQueuedReplot);
}

bool MemoryPlots::eventFilter(QObject* watched, QEvent* event)
{
    Page* p = nullptr;
    for (auto& pp : m_pages) {
        if (pp && pp->plot == watched)
            p = pp.get();
    }
    if (!p)
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Wheel:
    case QEvent::MouseButtonPress:
        setFollowing(false);
        break;
    case QEvent::MouseButtonDblClick:
        setFollowing(true);
        return true;
    case QEvent::MouseMove:
        showCrosshair(*p, static_cast<QMouseEvent*>(event));
        break;
    case QEvent::Resize:
        updateLegendColumns(*p);
        break;
    case QEvent::Leave:
        p->crosshair->setVisible(false);
        p->crosshairLabel->setVisible(false);
        p->plot->replot(QCustomPlot::rpQueuedReplot);
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

double MemoryPlots::markerLevel(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::DirectReclaim:
        return kDirectMarkerLevel;
    case MarkerKind::Compaction:
        return kCompactMarkerLevel;
    case MarkerKind::Change:
        return kChangeMarkerLevel;
    case MarkerKind::Oom:
        return kOomLabelLevel;
    }
    return kChangeMarkerLevel;
}

QString MemoryPlots::markerText(double t, double tolerance, double level) const
{
    // The nearest marker in time among those drawn near the pointer's height (direct reclaim and
    // compaction markers share their 100 ms buckets one above the other).
    constexpr double kLevelTolerance = 0.05;
    const Marker* best = nullptr;
    for (const auto& m : m_markers) {
        if (std::abs(m.t - t) <= tolerance && std::abs(markerLevel(m.kind) - level) <= kLevelTolerance
            && (!best || std::abs(m.t - t) < std::abs(best->t - t)))
            best = &m;
    }
    return best ? best->text : QString();
}

QString MemoryPlots::crosshairText(Kind kind, double t) const
{
    const auto& keys = m_history.keys();
    if (t < m_history.foldedUntil())
        return foldedCrosshairText(kind, t);
    if (keys.empty())
        return {};
    auto it = std::upper_bound(keys.begin(), keys.end(), t);
    if (it != keys.begin())
        --it;
    const auto i = static_cast<std::size_t>(it - keys.begin());
    QStringList lines;
    lines << tr("t = %1 s").arg(keys[i], 0, 'f', 3);
    const Page& p = page(kind);
    for (auto s = p.series.rbegin(); s != p.series.rend(); ++s) {
        if (!s->graph->visible())
            continue;
        const double v = m_history.values(s->id)[i];
        const PlotSeries* row = findPlotSeries(s->id);
        const SeriesUnit unit = row ? row->unit : SeriesUnit::PageCount;
        if (unit == SeriesUnit::Percent)
            lines << tr("%1: %2%").arg(s->name).arg(v, 0, 'f', 1);
        else if (unit == SeriesUnit::PagesPerSecond)
            lines << tr("%1: %2/s").arg(s->name, formatCount(static_cast<std::uint64_t>(std::llround(v))));
        else
            lines << tr("%1: %2").arg(s->name, formatPagesWithBytes(static_cast<Pages>(std::llround(v))));
    }
    if (kind == Kind::Watermarks) {
        const double duty = m_history.values(QStringLiteral("kswapd_running"))[i];
        lines << (duty > 0.0 ? tr("kswapd running (%1% of this 10 ms)").arg(std::lround(duty * 100.0))
                             : tr("kswapd not running"));
    }
    return lines.join(QLatin1Char('\n'));
}

QString MemoryPlots::foldedCrosshairText(Kind kind, double t) const
{
    const Envelope::Bucket* kswapd = m_history.envelope(QStringLiteral("kswapd_running")).find(t);
    if (!kswapd)
        return {};
    const double width = m_history.envelope(QStringLiteral("kswapd_running")).width();
    QStringList lines;
    lines << tr("t = %1 … %2 s: lowest – highest")
                 .arg(kswapd->start, 0, 'f', 1)
                 .arg(kswapd->start + width, 0, 'f', 1);
    const Page& p = page(kind);
    for (auto s = p.series.rbegin(); s != p.series.rend(); ++s) {
        const Envelope::Bucket* b = s->graph->visible() ? m_history.envelope(s->id).find(t) : nullptr;
        if (!b)
            continue;
        const PlotSeries* row = findPlotSeries(s->id);
        const SeriesUnit unit = row ? row->unit : SeriesUnit::PageCount;
        const auto text = [unit](double v) {
            if (unit == SeriesUnit::Percent)
                return tr("%1%").arg(v, 0, 'f', 1);
            if (unit == SeriesUnit::PagesPerSecond)
                return tr("%1/s").arg(formatCount(static_cast<std::uint64_t>(std::llround(v))));
            return formatPagesWithBytes(static_cast<Pages>(std::llround(v)));
        };
        lines << tr("%1: %2 – %3").arg(s->name, text(b->min.value), text(b->max.value));
    }
    if (kind == Kind::Watermarks)
        lines << (kswapd->max.value > 0.0 ? tr("kswapd ran in this stretch") : tr("kswapd did not run"));
    lines << tr("(older than %1 s: kept as the lowest and highest value per %2 s)")
                 .arg(QLocale().toString(m_keepSeconds))
                 .arg(QLocale().toString(width));
    return lines.join(QLatin1Char('\n'));
}

void MemoryPlots::showCrosshair(Page& p, QMouseEvent* event)
{
    QCustomPlot* plot = p.plot;
    const QPointF pos = event->position();
    if (!plot->axisRect()->rect().contains(pos.toPoint())) {
        p.crosshair->setVisible(false);
        p.crosshairLabel->setVisible(false);
        plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const double t = plot->xAxis->pixelToCoord(pos.x());
    p.crosshair->point1->setCoords(t, 0);
    p.crosshair->point2->setCoords(t, 1);
    p.crosshair->setVisible(true);
    const QString text = crosshairText(p.kind, t);
    p.crosshairLabel->setText(text);
    p.crosshairLabel->setVisible(!text.isEmpty());
    // Keep the value box inside the plot, to the right of the cursor unless there is no room.
    const QRect rect = plot->axisRect()->rect();
    const double x = pos.x() + 250 < rect.right() ? pos.x() + 14 : pos.x() - 260;
    p.crosshairLabel->position->setCoords(std::max<double>(rect.left() + 4, x), rect.top() + 8);
    // Marker tooltip: within 10 pixels in time and near the marker's height.
    const double tolerance = std::abs(plot->xAxis->pixelToCoord(pos.x() + 10) - t);
    const double level = p.markerAxis->pixelToCoord(pos.y());
    QString tip;
    tip = markerText(t, tolerance, level);
    if (!tip.isEmpty())
        QToolTip::showText(event->globalPosition().toPoint(), tip, plot);
    else
        QToolTip::hideText();
    plot->replot(QCustomPlot::rpQueuedReplot);
}

QVector<QPointF> MemoryPlots::graphData(const QString& seriesId) const
{
    QVector<QPointF> points;
    for (const auto& pp : m_pages) {
        for (const auto& s : pp->series) {
            if (s.id != seriesId)
                continue;
            for (auto it = s.graph->data()->constBegin(); it != s.graph->data()->constEnd(); ++it)
                points.append(QPointF(it->key, it->value));
            return points;
        }
    }
    if (seriesId == QLatin1String("kswapd_running")) {
        // The shaded runs as steps: 1 where one starts, 0 where it ends.
        for (const auto& [from, to] : page(Kind::Watermarks).shade->runs())
            points << QPointF(from, 1.0) << QPointF(to, 0.0);
    }
    return points;
}

std::optional<double> MemoryPlots::lastValue(const QString& seriesId) const
{
    for (const auto& pp : m_pages) {
        for (const auto& s : pp->series) {
            if (s.id == seriesId) {
                if (s.graph->data()->isEmpty())
                    return std::nullopt;
                return (s.graph->data()->constEnd() - 1)->value;
            }
        }
    }
    return std::nullopt;
}

void MemoryPlots::render(Kind kind, QPaintDevice& device, const QSize& size, bool largeFonts, bool wholeRun)
{
    Page& p = page(kind);
    QCustomPlot* plot = p.plot;
    const QCPRange shown = plot->xAxis->range();
    const auto& keys = m_history.keys();
    const std::optional<double> first = m_history.firstKey();
    if (wholeRun && first && !keys.empty()) {
        m_syncing = true; // the other plots keep their window
        plot->xAxis->setRange(*first, std::max(keys.back(), *first + 0.001));
        m_syncing = false;
        rescaleValues(p);
    }
    const bool crosshair = p.crosshair->visible();
    p.crosshair->setVisible(false);
    p.crosshairLabel->setVisible(false);
    const double factor = largeFonts ? kLargeFontFactor : 1.0;
    // The export scales with its size so that a 1920-wide slide keeps readable text.
    const double sizeFactor = std::max(1.0, size.width() / 1280.0) * factor;
    applyFonts(p, sizeFactor);
    updateLegendColumns(p, size.width());
    if (largeFonts || sizeFactor > 1.0) {
        for (auto& s : p.series) {
            QPen pen = s.graph->pen();
            pen.setWidthF(pen.widthF() * std::max(1.0, sizeFactor * 0.9));
            s.graph->setPen(pen);
        }
    }
    auto* titleElement = new QCPTextElement(plot, title(kind), Theme::font(15.0 * sizeFactor, true));
    titleElement->setTextColor(Theme::colors().text);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, titleElement);
    if (p.shade)
        updateShade(p, size.width());
    {
        QCPPainter painter(&device);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.fillRect(QRect(QPoint(0, 0), size), Theme::colors().panel);
        plot->toPainter(&painter, size.width(), size.height());
    }
    plot->plotLayout()->remove(titleElement);
    plot->plotLayout()->simplify();
    applyFonts(p, 1.0);
    styleGraphs(p);
    if (wholeRun && !keys.empty()) {
        m_syncing = true;
        plot->xAxis->setRange(shown);
        m_syncing = false;
        rescaleValues(p);
    }
    p.crosshair->setVisible(crosshair);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryPlots::setRecording(std::shared_ptr<const engine::CounterSeries> recording, const QString& label)
{
    m_recording = std::move(recording);
    m_recordingLabel = label;
    for (auto& pp : m_pages)
        buildOverlay(*pp);
    replotAll();
}

QVector<QPointF> MemoryPlots::recordingData(const QString& seriesId) const
{
    QVector<QPointF> out;
    for (const auto& pp : m_pages) {
        for (std::size_t i = 0; i < pp->overlays.size(); ++i) {
            if (pp->overlayIds[i] != seriesId)
                continue;
            for (auto it = pp->overlays[i]->data()->constBegin(); it != pp->overlays[i]->data()->constEnd();
                 ++it)
                out.append(QPointF(it->key, it->value));
        }
    }
    return out;
}

void MemoryPlots::buildOverlay(Page& p)
{
    for (QCPGraph* graph : p.overlays)
        p.plot->removeGraph(graph);
    p.overlays.clear();
    p.overlayIds.clear();
    if (!m_recording || p.stacked || m_recording->tMs.empty())
        return;
    const engine::CounterSeries& rec = *m_recording;
    for (const PlotSeries& row : plotSeries()) {
        if (row.page != static_cast<int>(p.kind) || !row.recorded)
            continue;
        // The series' counters by name, summed; a recording without one of them has no such line.
        std::vector<const std::vector<std::int64_t>*> columns;
        for (const QString& name : QString::fromLatin1(row.recorded).split(QLatin1Char('+')))
            columns.push_back(rec.column(name.toStdString()));
        if (std::find(columns.begin(), columns.end(), nullptr) != columns.end())
            continue;
        const auto sum = [&columns](std::size_t i) {
            double v = 0.0;
            for (const auto* column : columns)
                v += static_cast<double>((*column)[i]);
            return v;
        };
        QVector<double> keys;
        QVector<double> values;
        for (std::size_t i = 0; i < rec.tMs.size(); ++i) {
            if (row.source != SeriesSource::Rate) {
                keys.append(rec.tMs[i] / 1000.0);
                values.append(sum(i));
            } else if (i > 0 && rec.tMs[i] > rec.tMs[i - 1]) { // per second between two samples
                keys.append(rec.tMs[i] / 1000.0);
                values.append(std::max(0.0, sum(i) - sum(i - 1)) * 1000.0 / (rec.tMs[i] - rec.tMs[i - 1]));
            }
        }
        QCPGraph* graph = p.plot->addGraph(p.plot->xAxis, row.rightAxis ? p.plot->yAxis2 : p.plot->yAxis);
        QColor color = Theme::colors().*row.color;
        color.setAlpha(210);
        graph->setPen(QPen(color, 2.0, Qt::DotLine));
        graph->setName(tr("%1 · %2").arg(tr(row.name), m_recordingLabel));
        graph->setData(keys, values, true);
        p.overlays.push_back(graph);
        p.overlayIds.push_back(QLatin1String(row.id));
    }
    updateLegendColumns(p); // a longer name may need fewer columns
}

void MemoryPlots::placeTimeCursor(Page& p)
{
    if (!p.timeCursor) {
        p.timeCursor = new QCPItemStraightLine(p.plot);
        p.timeCursor->point1->setAxes(p.plot->xAxis, p.markerAxis);
        p.timeCursor->point2->setAxes(p.plot->xAxis, p.markerAxis);
        p.timeCursor->setSelectable(false);
        p.timeCursor->setLayer(QStringLiteral("overlay"));
    }
    p.timeCursor->setPen(QPen(Theme::colors().accent, 2.0, Qt::DashLine));
    p.timeCursor->setVisible(m_timeCursor.has_value());
    if (m_timeCursor) {
        p.timeCursor->point1->setCoords(*m_timeCursor, 0);
        p.timeCursor->point2->setCoords(*m_timeCursor, 1);
    }
}

void MemoryPlots::setTimeCursor(std::optional<double> seconds)
{
    m_timeCursor = seconds;
    for (auto& pp : m_pages)
        placeTimeCursor(*pp);
    if (seconds) {
        const auto [from, to] = timeRange(currentKind());
        if (*seconds < from || *seconds > to) {
            const double width = std::max(to - from, 1.0);
            showRange(*seconds - width / 2, *seconds + width / 2);
        }
    }
    for (auto& pp : m_pages)
        pp->plot->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryPlots::truncateAfter(double cut)
{
    m_history.truncateAfter(cut);
    for (auto& pp : m_pages) {
        Page& p = *pp;
        for (auto& series : p.series) {
            series.graph->data()->removeAfter(cut);
            series.folded.truncateAfter(cut);
        }
        p.directMarkers->data()->removeAfter(cut);
        p.compactMarkers->data()->removeAfter(cut);
        p.changeMarkers->data()->removeAfter(cut);
        std::erase_if(p.oomLines, [&p, cut](const auto& oom) {
            if (oom.first->point1->coords().x() <= cut)
                return false;
            p.plot->removeItem(oom.first);
            p.plot->removeItem(oom.second);
            return true;
        });
    }
    std::erase_if(m_markers, [cut](const Marker& m) { return m.t > cut; });
    m_foldedMarkers = std::min(m_foldedMarkers, m_markers.size());
    m_buckets = {};
    m_now = cut;
    replotAll();
}

void MemoryPlots::replotAll()
{
    for (auto& pp : m_pages) {
        updateRanges(*pp);
        pp->plot->replot(QCustomPlot::rpImmediateRefresh);
    }
}

} // namespace rlab::ui
