// SPDX-License-Identifier: GPL-3.0-or-later
#include "buddy_view.h"

#include "format.h"
#include "theme.h"

#include <rlab/engine/proc_format.h>

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace rlab::ui {

namespace {

using engine::kMaxOrder;
using engine::kPageblockPages;
using engine::Migratetype;

/// The types a free list or a pageblock can have, in /proc/pagetypeinfo's order.
constexpr Migratetype kTypes[] = { Migratetype::Unmovable, Migratetype::Movable, Migratetype::Reclaimable,
    Migratetype::HighAtomic, Migratetype::Isolate };

Pages pagesInOrder(const BuddyZone& z, int order, Migratetype type)
{
    return Pages { z.blocks[static_cast<std::size_t>(order)][static_cast<std::size_t>(type)] } << order;
}

std::uint64_t blocksInOrder(const BuddyZone& z, int order)
{
    std::uint64_t n = 0;
    for (const std::uint32_t b : z.blocks[static_cast<std::size_t>(order)])
        n += b;
    return n;
}

QString extfragText(int index)
{
    return QString::fromStdString(engine::thousandthsText(index, 1));
}

} // namespace

// ------------------------------------------------------------------------------------------------
// BuddyView

BuddyView::BuddyView(QWidget* parent)
    : QWidget(parent)
    , m_zoneBox(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_chart(new BuddyChart(this))
{
    setObjectName(QStringLiteral("buddyView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_zoneBox);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    connect(m_zoneBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            m_zone = m_zoneBox->itemText(i);
        showZone();
    });
    retranslateUi();
}

QString BuddyView::migratetypeName(Migratetype type)
{
    switch (type) {
    case Migratetype::Unmovable:
        return tr("Unmovable");
    case Migratetype::Movable:
        return tr("Movable");
    case Migratetype::Reclaimable:
        return tr("Reclaimable");
    case Migratetype::HighAtomic:
        return tr("HighAtomic");
    case Migratetype::Isolate:
        return tr("Isolate");
    }
    return {};
}

void BuddyView::retranslateUi()
{
    m_zoneBox->setToolTip(tr("Which zone's buddy allocator the view shows"));
    m_summary->setText(tr("Waiting for the simulation…"));
    showZone();
}

void BuddyView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void BuddyView::setTexts(const std::shared_ptr<const ProcTexts>& texts)
{
    if (!texts || texts == m_texts)
        return;
    m_texts = texts;
    QStringList labels;
    for (const BuddyZone& z : texts->buddy)
        labels << QString::fromStdString(z.label);
    QStringList current;
    for (int i = 0; i < m_zoneBox->count(); ++i)
        current << m_zoneBox->itemText(i);
    if (labels != current) {
        const QSignalBlocker block(m_zoneBox);
        m_zoneBox->clear();
        m_zoneBox->addItems(labels);
        // The zone with most memory is where fragmentation matters, unless the user chose one.
        qsizetype pick = labels.indexOf(m_zone);
        if (pick < 0) {
            Pages most = 0;
            for (std::size_t i = 0; i < texts->buddy.size(); ++i) {
                if (texts->buddy[i].managed > most) {
                    most = texts->buddy[i].managed;
                    pick = static_cast<qsizetype>(i);
                }
            }
        }
        m_zoneBox->setCurrentIndex(static_cast<int>(pick));
    }
    showZone();
}

const BuddyZone* BuddyView::shownZone() const
{
    const int i = m_zoneBox->currentIndex();
    if (!m_texts || i < 0 || static_cast<std::size_t>(i) >= m_texts->buddy.size())
        return nullptr;
    return &m_texts->buddy[static_cast<std::size_t>(i)];
}

QString BuddyView::summary() const
{
    return m_summary->text();
}

void BuddyView::showZone()
{
    const BuddyZone* shown = shownZone();
    if (!shown) {
        m_chart->setZone(nullptr);
        return;
    }
    const BuddyZone& z = *shown;
    int largest = -1;
    for (int order = 0; order < kMaxOrder; ++order) {
        if (blocksInOrder(z, order) > 0)
            largest = order;
    }
    QString text = tr("%1 free of %2; the largest free block is order %3.")
                       .arg(formatPagesAsBytes(z.free), formatPagesAsBytes(z.managed))
                       .arg(largest);
    if (z.boost > 0) {
        text += QLatin1Char(' ')
            + tr("watermark_boost: %1 pages raise min, low and high until kswapd has reclaimed them (a "
                 "fallback took pages from another type's pageblock).")
                  .arg(formatCount(z.boost));
    }
    m_summary->setText(text);
    m_chart->setZone(&z);
}

// ------------------------------------------------------------------------------------------------
// BuddyChart

BuddyChart::BuddyChart(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("buddyChart"));
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void BuddyChart::setZone(const BuddyZone* zone)
{
    m_has = zone != nullptr;
    if (zone)
        m_zone = *zone;
    update();
}

BuddyChart::Layout BuddyChart::layout() const
{
    Layout l;
    const QFontMetricsF fm(font());
    l.rowH = std::max(fm.height() + 4.0, 16.0);
    const QRectF all = QRectF(rect()).adjusted(6, 4, -6, -4);
    const double legendH = 2 * l.rowH + 4.0; // wraps into two rows where narrow
    const double titleH = l.rowH;
    // The orders on the left, the pageblocks on the right; one above the other when narrow.
    const bool sideBySide = all.width() >= 480.0;
    const double ordersH = titleH + l.rowH * (kMaxOrder + 1);
    if (sideBySide) {
        const double w = std::min(all.width() * 0.55, 620.0);
        l.orders = QRectF(all.left(), all.top(), w, ordersH);
        l.blocks = QRectF(all.left() + w + 16.0, all.top(), all.width() - w - 16.0, all.height());
        l.legend = QRectF(all.left(), all.top() + ordersH + 6.0, w, legendH);
    } else {
        l.orders = QRectF(all.left(), all.top(), all.width(), ordersH);
        l.blocks = QRectF(
            all.left(), all.top() + ordersH + 8.0, all.width(), all.height() - ordersH - 8.0 - legendH);
        l.legend = QRectF(all.left(), all.bottom() - legendH, all.width(), legendH);
    }
    l.labelW =
        fm.horizontalAdvance(tr("order %1 · %2").arg(10).arg(formatPagesAsBytes(Pages { 1 } << 10))) + 8.0;

    // The grid: the biggest square cell (at most 28 px) with which every cell fits; below 4 px, two
    // pageblocks share a cell, then four, ...
    const QRectF grid = l.blocks.adjusted(0, titleH, 0, 0);
    const std::size_t n = m_zone.pageblockType.size();
    if (n == 0 || grid.width() < 4 || grid.height() < 4)
        return l;
    for (l.perCell = 1;; l.perCell *= 2) {
        const double cells = std::ceil(static_cast<double>(n) / static_cast<double>(l.perCell));
        for (double cell = 28.0; cell >= 4.0; cell -= 1.0) {
            const int columns = std::max(1, static_cast<int>(grid.width() / cell));
            if (std::ceil(cells / columns) * cell <= grid.height()) {
                l.cell = cell;
                l.columns = columns;
                return l;
            }
        }
    }
    return l;
}

void BuddyChart::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const ThemeColors& c = Theme::colors();
    p.fillRect(rect(), c.panel);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (!m_has) {
        p.setPen(c.mutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("Waiting for the simulation…"));
        return;
    }
    const Layout l = layout();
    QFont bold = font();
    bold.setBold(true);

    // --- free memory by order
    p.setFont(bold);
    p.setPen(c.text);
    p.drawText(QRectF(l.orders.left(), l.orders.top(), l.orders.width(), l.rowH),
        Qt::AlignLeft | Qt::AlignVCenter, tr("Free blocks by order"));
    p.setFont(font());
    Pages widest = 1;
    for (int order = 0; order < kMaxOrder; ++order) {
        Pages row = 0;
        for (const Migratetype t : kTypes)
            row += pagesInOrder(m_zone, order, t);
        widest = std::max(widest, row);
    }
    // Columns: order and block size | free pages by migratetype | blocks | fragmentation index.
    const QFontMetricsF fm(font());
    const double blocksW =
        std::max(fm.horizontalAdvance(QStringLiteral("888,888")), fm.horizontalAdvance(tr("blocks"))) + 8.0;
    const double fragW =
        std::max(fm.horizontalAdvance(QStringLiteral("-1.000")), fm.horizontalAdvance(tr("extfrag"))) + 4.0;
    const double barLeft = l.orders.left() + l.labelW;
    const double barW = std::max(20.0, l.orders.width() - l.labelW - blocksW - fragW);
    const double blocksLeft = barLeft + barW;
    const double fragLeft = blocksLeft + blocksW;
    const double headY = l.orders.top() + l.rowH;
    p.setPen(c.mutedText);
    p.drawText(
        QRectF(l.orders.left(), headY, l.labelW, l.rowH), Qt::AlignLeft | Qt::AlignVCenter, tr("order"));
    p.drawText(QRectF(barLeft, headY, barW, l.rowH), Qt::AlignLeft | Qt::AlignVCenter, tr("free pages"));
    p.drawText(QRectF(blocksLeft, headY, blocksW, l.rowH), Qt::AlignRight | Qt::AlignVCenter, tr("blocks"));
    p.drawText(QRectF(fragLeft, headY, fragW, l.rowH), Qt::AlignRight | Qt::AlignVCenter, tr("extfrag"));
    for (int order = 0; order < kMaxOrder; ++order) {
        const double y = headY + l.rowH * (order + 1);
        // extfrag_index is -1.000 exactly when a block of this order or larger is free.
        const bool available = m_zone.extfrag[static_cast<std::size_t>(order)] < 0;
        p.setPen(available ? c.text : c.wmarkMin);
        p.drawText(QRectF(l.orders.left(), y, l.labelW, l.rowH), Qt::AlignLeft | Qt::AlignVCenter,
            tr("order %1 · %2").arg(order).arg(formatPagesAsBytes(Pages { 1 } << order)));
        p.fillRect(QRectF(barLeft, y + 3, barW - 4, l.rowH - 6), c.track);
        double x = barLeft;
        for (const Migratetype t : kTypes) {
            const double w = (barW - 4) * static_cast<double>(pagesInOrder(m_zone, order, t))
                / static_cast<double>(widest);
            if (w <= 0.0)
                continue;
            p.fillRect(QRectF(x, y + 3, std::max(w, 1.0), l.rowH - 6), Theme::migratetypeColor(t));
            x += w;
        }
        p.setPen(c.text);
        p.drawText(QRectF(blocksLeft, y, blocksW, l.rowH), Qt::AlignRight | Qt::AlignVCenter,
            formatCount(blocksInOrder(m_zone, order)));
        const int frag = m_zone.extfrag[static_cast<std::size_t>(order)];
        p.setPen(frag >= 500 ? c.wmarkMin : c.mutedText);
        p.drawText(QRectF(fragLeft, y, fragW, l.rowH), Qt::AlignRight | Qt::AlignVCenter, extfragText(frag));
    }

    // --- pageblocks
    p.setFont(bold);
    p.setPen(c.text);
    const QString gridTitle =
        l.perCell > 1 ? tr("Pageblocks (2 MiB, %1 per cell)").arg(l.perCell) : tr("Pageblocks (2 MiB each)");
    p.drawText(QRectF(l.blocks.left(), l.blocks.top(), l.blocks.width(), l.rowH),
        Qt::AlignLeft | Qt::AlignVCenter, gridTitle);
    p.setFont(font());
    const std::size_t n = m_zone.pageblockType.size();
    const std::size_t cells = (n + l.perCell - 1) / l.perCell;
    const double top = l.blocks.top() + l.rowH;
    const double gap = l.cell >= 6.0 ? 1.0 : 0.0;
    for (std::size_t cell = 0; cell < cells; ++cell) {
        const double x =
            l.blocks.left() + static_cast<double>(cell % static_cast<std::size_t>(l.columns)) * l.cell;
        const double y = top + static_cast<double>(cell / static_cast<std::size_t>(l.columns)) * l.cell;
        if (y + l.cell > l.blocks.bottom() + 0.5)
            break;
        // The cell's dominant type and its free share.
        std::array<std::size_t, engine::kMigrateTypes> count {};
        Pages free = 0;
        const std::size_t first = cell * l.perCell;
        const std::size_t last = std::min(n, first + l.perCell);
        for (std::size_t b = first; b < last; ++b) {
            ++count[std::min<std::size_t>(m_zone.pageblockType[b], engine::kMigrateTypes - 1)];
            if (!m_zone.pageblockFree.empty())
                free += m_zone.pageblockFree[b];
        }
        const auto type =
            static_cast<Migratetype>(std::max_element(count.begin(), count.end()) - count.begin());
        // The type's colour for the used part; the free part blank inside a frame of the type's colour.
        const QRectF box(x, y, l.cell - gap, l.cell - gap);
        const QColor color = Theme::migratetypeColor(type);
        p.fillRect(box, color);
        if (!m_zone.pageblockFree.empty() && free > 0) {
            const double share =
                static_cast<double>(free) / static_cast<double>((last - first) * kPageblockPages);
            const QRectF inner = box.adjusted(1, 1, -1, -1);
            p.fillRect(
                QRectF(inner.left(), inner.top(), inner.width(), inner.height() * std::min(share, 1.0)),
                c.panel);
        }
    }

    // --- legend: the types, then what a blank cell part means; wraps at the legend's right edge.
    double x = l.legend.left();
    double y = l.legend.top();
    const auto entry = [&](const QString& name, const QColor& fill, bool framed) {
        const double w = 16 + fm.horizontalAdvance(name) + 14;
        if (x > l.legend.left() && x + w > l.legend.right()) {
            x = l.legend.left();
            y += l.rowH;
        }
        const QRectF box(x, y + 4, 12, l.rowH - 8);
        p.fillRect(box, fill);
        if (framed) {
            p.setPen(c.mutedText);
            p.drawRect(box);
        }
        p.setPen(c.text);
        p.drawText(QRectF(x + 16, y, w - 16, l.rowH), Qt::AlignLeft | Qt::AlignVCenter, name);
        x += w;
    };
    for (const Migratetype t : kTypes)
        entry(BuddyView::migratetypeName(t), Theme::migratetypeColor(t), false);
    entry(tr("free part of a pageblock"), c.panel, true);
}

QString BuddyChart::orderTip(int order) const
{
    QStringList lines;
    lines << tr("Order %1: blocks of %2 contiguous pages (%3).")
                 .arg(order)
                 .arg(Pages { 1 } << order)
                 .arg(formatPagesAsBytes(Pages { 1 } << order));
    for (const Migratetype t : kTypes) {
        const auto blocks = m_zone.blocks[static_cast<std::size_t>(order)][static_cast<std::size_t>(t)];
        if (blocks > 0)
            lines << tr("%1: %2 free blocks").arg(BuddyView::migratetypeName(t), formatCount(blocks));
    }
    const int frag = m_zone.extfrag[static_cast<std::size_t>(order)];
    if (frag < 0) {
        lines << tr(
            "A free block of this order or larger exists: an order-%1 request succeeds if the watermark "
            "check passes (extfrag index -1.000).")
                     .arg(order);
    } else {
        lines << tr(
            "No free block of this order or larger. Fragmentation index %1: near 0 means memory is short "
            "(reclaim helps), near 1 that it is fragmented (compaction helps); for orders above 3 the "
            "kernel compacts only when the index is above vm.extfrag_threshold / 1000 (0.500 by default).")
                     .arg(extfragText(frag));
    }
    return lines.join(QLatin1Char('\n'));
}

QString BuddyChart::blockTip(std::size_t cell, const Layout& l) const
{
    const std::size_t first = cell * l.perCell;
    const std::size_t last = std::min(m_zone.pageblockType.size(), first + l.perCell);
    if (first >= last)
        return {};
    QStringList lines;
    for (std::size_t b = first; b < last && lines.size() < 8; ++b) {
        const auto type = static_cast<Migratetype>(m_zone.pageblockType[b]);
        QString line = tr("PFN 0x%1: %2")
                           .arg(m_zone.firstPfn + b * kPageblockPages, 0, 16)
                           .arg(BuddyView::migratetypeName(type));
        if (!m_zone.pageblockFree.empty())
            line += QLatin1String(", ") + tr("%1 of 512 pages free").arg(m_zone.pageblockFree[b]);
        lines << line;
    }
    if (last - first > 8)
        lines << tr("… %n more pageblocks", nullptr, static_cast<int>(last - first - 8));
    return lines.join(QLatin1Char('\n'));
}

bool BuddyChart::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip || !m_has)
        return QWidget::event(event);
    const QPointF pos = static_cast<QHelpEvent*>(event)->pos();
    const Layout l = layout();
    QString tip;
    if (l.orders.contains(pos)) {
        const int order = static_cast<int>((pos.y() - l.orders.top()) / l.rowH) - 2;
        if (order >= 0 && order < kMaxOrder)
            tip = orderTip(order);
    } else if (l.blocks.contains(pos) && pos.y() >= l.blocks.top() + l.rowH) {
        // Only a cell that paintEvent() drew: inside the grid's columns and rows that fit.
        const auto col = static_cast<std::size_t>((pos.x() - l.blocks.left()) / l.cell);
        const auto row = static_cast<std::size_t>((pos.y() - l.blocks.top() - l.rowH) / l.cell);
        const double rowBottom = l.blocks.top() + l.rowH + static_cast<double>(row + 1) * l.cell;
        const std::size_t cells = (m_zone.pageblockType.size() + l.perCell - 1) / l.perCell;
        const std::size_t cell = row * static_cast<std::size_t>(l.columns) + col;
        if (col < static_cast<std::size_t>(l.columns) && rowBottom <= l.blocks.bottom() + 0.5 && cell < cells)
            tip = blockTip(cell, l);
    }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), tip, this);
    return true;
}

} // namespace rlab::ui
