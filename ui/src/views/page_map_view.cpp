// SPDX-License-Identifier: GPL-3.0-or-later
#include "page_map_view.h"

#include "format.h"
#include "theme.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace rlab::ui {

namespace {

constexpr double kBaseCell = 7.0;

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
    const double legendH = 48 * f;
    const double headerH = 22 * f;
    const double w = width() - 20 * f;
    const double h = height() - 16 * f - legendH - m_zoneCount * headerH;
    const int columns = std::max(1, static_cast<int>(w / cell));
    const int rows = std::max(1, static_cast<int>(h / cell) - m_zoneCount);
    return columns * rows;
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
    const double legendH = 48 * f;
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
        for (int i = 0; i < z.cells; ++i) {
            const auto cls = static_cast<PageClass>(m_map->cells[static_cast<std::size_t>(z.firstCell + i)]);
            const double x = left + (i % g.columns) * g.cell;
            const double y = top + (i / g.columns) * g.cell;
            p.fillRect(QRectF(x, y, g.cell - gap, g.cell - gap), Theme::pageClassColor(cls));
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
    // Legend with the share of each state.
    p.setFont(Theme::font(9.5 * f));
    const double total = static_cast<double>(std::max<Pages>(1, [&] {
        Pages t = 0;
        for (const Pages v : m_map->totals)
            t += v;
        return t;
    }()));
    double x = g.legend.left();
    double y = g.legend.top();
    const double rowH = g.legend.height() / 2;
    for (const PageClass cls : kLegendOrder) {
        const Pages n = m_map->totals[static_cast<std::size_t>(cls)];
        const QString text =
            tr("%1 %2%")
                .arg(className(cls))
                .arg(static_cast<double>(n) * 100.0 / total, 0, 'f', n > 0 && n * 100 < total ? 1 : 0);
        const double w = 16 * f + p.fontMetrics().horizontalAdvance(text) + 14 * f;
        if (x + w > g.legend.right() && x > g.legend.left()) {
            x = g.legend.left();
            y += rowH;
        }
        p.fillRect(QRectF(x, y + rowH / 2 - 5 * f, 10 * f, 10 * f), Theme::pageClassColor(cls));
        p.setPen(c.text);
        p.drawText(QRectF(x + 14 * f, y, w, rowH), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += w;
    }
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
            const QString text = m_map->framesPerCell > 1
                ? tr("Frames %1–%2: mostly %3. Click to follow frame %1.")
                      .arg(frame)
                      .arg(frame + m_map->framesPerCell - 1)
                      .arg(className(cls))
                : tr("Frame %1: %2. Click to follow it.").arg(frame).arg(className(cls));
            QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

} // namespace rlab::ui
