// SPDX-License-Identifier: GPL-3.0-or-later
#include "page_map_view.h"

#include "format.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace rlab::ui {

namespace {

constexpr double kBaseCell = 7.0;
constexpr double kLegendRow = 22.0; ///< legend row height at font factor 1

/// Order of the legend: the lists first, then the states that cut across them.
constexpr PageClass kLegendOrder[] = {
    PageClass::Free,
    PageClass::InactiveAnon,
    PageClass::ActiveAnon,
    PageClass::InactiveFile,
    PageClass::ActiveFile,
    PageClass::Dirty,
    PageClass::Writeback,
    PageClass::Unevictable,
    PageClass::Kernel,
    PageClass::Isolated,
};

} // namespace

PageMapView::PageMapView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pageMap"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::PointingHandCursor);
}

QString PageMapView::className(PageClass cls)
{
    switch (cls) {
    case PageClass::Free:
        return tr("free");
    case PageClass::Kernel:
        return tr("kernel");
    case PageClass::InactiveAnon:
        return tr("inactive anon");
    case PageClass::ActiveAnon:
        return tr("active anon");
    case PageClass::InactiveFile:
        return tr("inactive file");
    case PageClass::ActiveFile:
        return tr("active file");
    case PageClass::Dirty:
        return tr("dirty");
    case PageClass::Writeback:
        return tr("writeback");
    case PageClass::Unevictable:
        return tr("unevictable");
    case PageClass::Isolated:
        return tr("isolated");
    case PageClass::Count:
        break;
    }
    return {};
}

void PageMapView::reset()
{
    m_map.reset();
    m_watched = engine::kNoFrame;
    update();
}

void PageMapView::setSnapshot(const Snapshot& s)
{
    m_zoneCount = std::max<int>(1, static_cast<int>(s.zones.size()));
    const FrameIndex watched = s.watched ? s.watched->frame : engine::kNoFrame;
    if (s.pageMap != m_map || watched != m_watched) {
        m_map = s.pageMap;
        m_watched = watched;
        update();
    }
}

int PageMapView::cellSize() const
{
    return static_cast<int>(std::round(kBaseCell * Theme::fontScale()));
}

int PageMapView::cellBudget() const
{
    const double f = Theme::fontScale();
    const double cell = kBaseCell * f;
    const double w = width() - 20 * f;
    const double legendH = legendHeight(QSizeF(size()), f);
    const double headerH = 22 * f;
    const double h = height() - 16 * f - legendH - m_zoneCount * headerH;
    const int columns = std::max(1, static_cast<int>(w / cell));
    const int rows = std::max(1, static_cast<int>(h / cell) - m_zoneCount);
    return columns * rows;
}

void PageMapView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The legend's texts wrap differently in another language, which moves the cells.
    if (event->type() == QEvent::LanguageChange)
        resizeEvent(nullptr);
}

void PageMapView::resizeEvent(QResizeEvent*)
{
    const int budget = cellBudget();
    if (budget != m_lastBudget) {
        m_lastBudget = budget;
        Q_EMIT cellBudgetChanged(budget);
    }
}

PageMapView::Geometry PageMapView::geometry(const QRectF& rect, double f) const
{
    Geometry g;
    g.headerH = 22 * f;
    const double legendH = legendHeight(rect.size(), f);
    g.legend = QRectF(rect.left() + 10 * f, rect.bottom() - legendH - 4 * f, rect.width() - 20 * f, legendH);
    const QRectF area(rect.left() + 10 * f, rect.top() + 8 * f, rect.width() - 20 * f,
        g.legend.top() - rect.top() - 14 * f);
    if (!m_map || m_map->cells.empty())
        return g;
    // The largest cell edge at which every zone block fits.
    const auto fits = [&](double cell) {
        const int columns = std::max(1, static_cast<int>(area.width() / cell));
        double y = 0.0;
        for (const auto& z : m_map->zones)
            y += g.headerH + std::ceil(static_cast<double>(z.cells) / columns) * cell + 4 * f;
        return y <= area.height();
    };
    double cell = std::min(28.0 * f,
        std::max(2.0, std::sqrt(area.width() * area.height() / static_cast<double>(m_map->cells.size()))));
    while (cell > 1.0 && !fits(cell))
        cell -= 0.5;
    g.cell = std::max(1.0, cell);
    g.columns = std::max(1, static_cast<int>(area.width() / g.cell));
    double y = area.top();
    for (const auto& z : m_map->zones) {
        g.zoneTops.push_back(y + g.headerH);
        y += g.headerH + std::ceil(static_cast<double>(z.cells) / g.columns) * g.cell + 4 * f;
    }
    return g;
}

void PageMapView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    render(p, QRectF(rect()), 1.0);
}

void PageMapView::render(QPainter& p, const QRectF& rect, double f) const
{
    const ThemeColors& c = Theme::colors();
    p.fillRect(rect, c.panel);
    const Geometry g = geometry(rect, f);
    if (!m_map || m_map->cells.empty()) {
        p.setPen(c.mutedText);
        p.setFont(Theme::font(11 * f));
        p.drawText(rect, Qt::AlignCenter, tr("The page map appears when a scenario runs."));
        return;
    }
    const double left = rect.left() + 10 * f;
    const double gap = g.cell >= 4 ? 1.0 : 0.0;
    for (std::size_t zi = 0; zi < m_map->zones.size(); ++zi) {
        const auto& z = m_map->zones[zi];
        const double top = g.zoneTops[zi];
        p.setPen(c.text);
        p.setFont(Theme::font(10.5 * f, true));
        const QString head = QString::fromStdString(z.label);
        p.drawText(QRectF(left, top - g.headerH, rect.width(), g.headerH - 2 * f),
            Qt::AlignLeft | Qt::AlignVCenter, head);
        const double headW = p.fontMetrics().horizontalAdvance(head);
        p.setPen(c.mutedText);
        p.setFont(Theme::font(9.5 * f));
        const QString info = m_map->framesPerCell > 1
            ? tr("%1 · one cell = %n pages", nullptr, static_cast<int>(m_map->framesPerCell))
                  .arg(formatPagesWithBytes(z.frames))
            : tr("%1 · one cell = one page").arg(formatPagesWithBytes(z.frames));
        p.drawText(QRectF(left + headW + 10 * f, top - g.headerH, rect.width(), g.headerH - 2 * f),
            Qt::AlignLeft | Qt::AlignVCenter, info);
        const bool dots = g.cell >= 4.0 && m_map->marks.size() == m_map->cells.size();
        const double dot = dots ? std::max(2.0, std::round((g.cell - gap) * 0.4)) : 0.0;
        if (p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster
            && p.transform().type() <= QTransform::TxTranslate) {
            // On screen and in PNGs: the cells as an image written pixel by pixel, a fraction of a
            // millisecond where a fillRect per cell took more than one.
            p.drawImage(QPointF(left, top), cellImage(zi, g, gap, dot, p.device()->devicePixelRatioF()));
        } else {
            drawCells(p, zi, g, left, top, gap, dot);
        }
        // The followed page.
        if (m_watched != engine::kNoFrame && m_watched >= z.firstFrame
            && m_watched < z.firstFrame + z.frames) {
            const auto i = static_cast<int>((m_watched - z.firstFrame) / m_map->framesPerCell);
            const double x = left + (i % g.columns) * g.cell;
            const double y = top + (i / g.columns) * g.cell;
            const double pad = std::max(3.0, g.cell);
            p.setPen(QPen(c.text, 2.5 * f));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QRectF(x - pad, y - pad, g.cell + 2 * pad, g.cell + 2 * pad));
        }
    }
    // Legend with the share of each state, then what the dots mean.
    p.setFont(Theme::font(9.5 * f));
    const QStringList texts = legendTexts(m_map.get());
    const std::vector<QRectF> boxes = legendLayout(texts, g.legend, f);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const QRectF& box = boxes[i];
        if (box.bottom() > g.legend.bottom() + 0.5)
            break; // a pane too short for the whole legend: the map comes first
        const QRectF swatch(box.left(), box.center().y() - 5 * f, 10 * f, 10 * f);
        if (i < std::size(kLegendOrder)) {
            p.fillRect(swatch, Theme::pageClassColor(kLegendOrder[i]));
            p.setPen(c.text);
        } else {
            p.fillRect(swatch, Theme::pageClassColor(PageClass::InactiveAnon));
            p.fillRect(swatch.adjusted(3 * f, 3 * f, -3 * f, -3 * f), dotColor(PageMapSnapshot::kHasDirty));
            p.setPen(c.mutedText);
        }
        p.drawText(box.adjusted(14 * f, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
            texts[static_cast<qsizetype>(i)]);
    }
}

void PageMapView::drawCells(
    QPainter& p, std::size_t zi, const Geometry& g, double left, double top, double gap, double dot) const
{
    const auto& z = m_map->zones[zi];
    for (int i = 0; i < z.cells; ++i) {
        const auto index = static_cast<std::size_t>(z.firstCell + i);
        const auto cls = static_cast<PageClass>(m_map->cells[index]);
        const double x = left + (i % g.columns) * g.cell;
        const double y = top + (i / g.columns) * g.cell;
        p.fillRect(QRectF(x, y, g.cell - gap, g.cell - gap), Theme::pageClassColor(cls));
        // A minority the dominant state hides: writeback before dirty, as a centred dot.
        if (const std::uint8_t mark = dot > 0.0 ? m_map->marks[index] : 0) {
            const double inset = (g.cell - gap - dot) / 2;
            p.fillRect(QRectF(x + inset, y + inset, dot, dot), dotColor(mark));
        }
    }
}

QImage PageMapView::cellImage(std::size_t zi, const Geometry& g, double gap, double dot, qreal dpr) const
{
    const auto& z = m_map->zones[zi];
    const int rows = (z.cells + g.columns - 1) / g.columns;
    const auto px = [dpr](double v) { return static_cast<int>(std::lround(v * dpr)); };
    QImage image(std::max(1, px(g.columns * g.cell)), std::max(1, px(rows * g.cell)),
        QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    std::array<QRgb, kPageClassCount> colors {};
    for (int k = 0; k < kPageClassCount; ++k)
        colors[static_cast<std::size_t>(k)] = Theme::pageClassColor(static_cast<PageClass>(k)).rgba();
    const QRgb writebackDot = dotColor(PageMapSnapshot::kHasWriteback).rgba();
    const QRgb dirtyDot = dotColor(PageMapSnapshot::kHasDirty).rgba();
    const auto fill = [&image](int x0, int y0, int x1, int y1, QRgb color) {
        x0 = std::max(x0, 0);
        y0 = std::max(y0, 0);
        x1 = std::min(x1, image.width());
        y1 = std::min(y1, image.height());
        for (int y = y0; y < y1; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            std::fill(line + x0, line + std::max(x0, x1), color);
        }
    };
    for (int i = 0; i < z.cells; ++i) {
        const auto index = static_cast<std::size_t>(z.firstCell + i);
        const double x = (i % g.columns) * g.cell;
        const double y = (i / g.columns) * g.cell;
        fill(px(x), px(y), px(x + g.cell - gap), px(y + g.cell - gap),
            colors[m_map->cells[index] % kPageClassCount]);
        if (const std::uint8_t mark = dot > 0.0 ? m_map->marks[index] : 0) {
            const double inset = (g.cell - gap - dot) / 2;
            fill(px(x + inset), px(y + inset), px(x + inset + dot), px(y + inset + dot),
                (mark & PageMapSnapshot::kHasWriteback) ? writebackDot : dirtyDot);
        }
    }
    return image;
}

QColor PageMapView::dotColor(std::uint8_t mark)
{
    // Dirty's yellow is darkened: as it is, it hardly shows on inactive anon's orange.
    if (mark & PageMapSnapshot::kHasWriteback)
        return Theme::pageClassColor(PageClass::Writeback);
    return Theme::pageClassColor(PageClass::Dirty).darker(Theme::mode() == ThemeMode::Dark ? 100 : 150);
}

QStringList PageMapView::legendTexts(const PageMapSnapshot* map)
{
    QStringList texts;
    Pages total = 0;
    if (map) {
        for (const Pages v : map->totals)
            total += v;
    }
    for (const PageClass cls : kLegendOrder) {
        if (!map) {
            texts << tr("%1 %2%").arg(className(cls)).arg(99.9, 0, 'f', 1); // the widest share
            continue;
        }
        const Pages n = map->totals[static_cast<std::size_t>(cls)];
        const double share = static_cast<double>(n) * 100.0 / static_cast<double>(std::max<Pages>(1, total));
        texts << tr("%1 %2%").arg(className(cls)).arg(share, 0, 'f', n > 0 && n * 100 < total ? 1 : 0);
    }
    texts << tr("dot: a few dirty or writeback pages");
    return texts;
}

std::vector<QRectF> PageMapView::legendLayout(const QStringList& texts, const QRectF& area, double f)
{
    // Entries flow left to right and wrap; every row is kLegendRow high.
    const QFontMetricsF metrics(Theme::font(9.5 * f));
    std::vector<QRectF> boxes;
    double x = area.left();
    double y = area.top();
    for (const QString& text : texts) {
        const double w = 16 * f + metrics.horizontalAdvance(text) + 14 * f;
        if (x + w > area.right() && x > area.left()) {
            x = area.left();
            y += kLegendRow * f;
        }
        boxes.emplace_back(x, y, w, kLegendRow * f);
        x += w;
    }
    return boxes;
}

double PageMapView::legendHeight(const QSizeF& size, double f) const
{
    const std::vector<QRectF> boxes =
        legendLayout(legendTexts(nullptr), QRectF(0, 0, size.width() - 20 * f, 0), f);
    const double full = boxes.empty() ? 0.0 : boxes.back().bottom();
    const double row = kLegendRow * f;
    const double zones = m_zoneCount * (22 * f + 4 * f + 12 * f);
    const double room = size.height() - 26 * f - zones;
    return std::clamp(std::floor(room / row) * row, 0.0, full);
}

int PageMapView::cellAt(const QPoint& pos) const
{
    if (!m_map)
        return -1;
    const Geometry g = geometry(QRectF(rect()), 1.0);
    const double left = 10.0;
    for (std::size_t zi = 0; zi < m_map->zones.size(); ++zi) {
        const auto& z = m_map->zones[zi];
        const double top = g.zoneTops[zi];
        const int col = static_cast<int>((pos.x() - left) / g.cell);
        const int row = static_cast<int>(std::floor((pos.y() - top) / g.cell));
        if (pos.x() < left || col >= g.columns || row < 0)
            continue;
        const int i = row * g.columns + col;
        if (i < z.cells)
            return z.firstCell + i;
    }
    return -1;
}

FrameIndex PageMapView::frameAt(const QPoint& pos) const
{
    const int cell = cellAt(pos);
    if (cell < 0)
        return engine::kNoFrame;
    for (const auto& z : m_map->zones) {
        if (cell >= z.firstCell && cell < z.firstCell + z.cells)
            return static_cast<FrameIndex>(
                z.firstFrame + static_cast<Pages>(cell - z.firstCell) * m_map->framesPerCell);
    }
    return engine::kNoFrame;
}

void PageMapView::mousePressEvent(QMouseEvent* event)
{
    const FrameIndex frame = frameAt(event->position().toPoint());
    if (frame != engine::kNoFrame)
        Q_EMIT frameClicked(frame);
}

bool PageMapView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip && m_map) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int cell = cellAt(help->pos());
        if (cell >= 0) {
            const auto cls = static_cast<PageClass>(m_map->cells[static_cast<std::size_t>(cell)]);
            const FrameIndex frame = frameAt(help->pos());
            QString text = m_map->framesPerCell > 1
                ? tr("Frames %1–%2: mostly %3. Click to follow frame %1.")
                      .arg(frame)
                      .arg(frame + m_map->framesPerCell - 1)
                      .arg(className(cls))
                : tr("Frame %1: %2. Click to follow it.").arg(frame).arg(className(cls));
            const std::uint8_t mark = static_cast<std::size_t>(cell) < m_map->marks.size()
                ? m_map->marks[static_cast<std::size_t>(cell)]
                : 0;
            if (mark & PageMapSnapshot::kHasWriteback)
                text += u'\n' + tr("Some of its pages are under writeback.");
            if (mark & PageMapSnapshot::kHasDirty)
                text += u'\n' + tr("Some of its pages are dirty.");
            QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

} // namespace rlab::ui
