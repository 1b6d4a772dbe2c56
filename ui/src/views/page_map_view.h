// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QImage>
#include <QRectF>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QPainter;

namespace rlab::ui {

/// The physical memory map: every frame coloured by its state (free, anon, file, dirty, writeback,
/// unevictable, kernel), zone by zone. When there are more frames than cells, the worker aggregates and
/// each cell shows its dominant state. Clicking a cell follows one of its pages.
class PageMapView : public QWidget
{
    Q_OBJECT
public:
    explicit PageMapView(QWidget* parent = nullptr);

    void setSnapshot(const Snapshot& snapshot);
    void reset();
    /// How many cells fit in the widget now (the worker's aggregation budget).
    int cellBudget() const;
    /// The frame under a widget position, or kNoFrame.
    FrameIndex frameAt(const QPoint& pos) const;
    /// Cell edge in pixels.
    int cellSize() const;
    static QString className(PageClass cls);

    /// Draws the map into `rect` (also used for export).
    void render(QPainter& painter, const QRectF& rect, double fontFactor) const;

    QSize sizeHint() const override { return { 560, 420 }; }
    /// Below this the legend rows leave no room for cells.
    QSize minimumSizeHint() const override { return { 290, 240 }; }

Q_SIGNALS:
    void frameClicked(rlab::engine::FrameIndex frame);
    void cellBudgetChanged(int cells);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Geometry
    {
        QRectF legend;
        double cell = 6.0;
        int columns = 1;
        std::vector<double> zoneTops; ///< y of each zone's first cell row
        double headerH = 0.0;
    };
    Geometry geometry(const QRectF& rect, double f) const;
    /// The cells of zone block `zi`: one fillRect each (vector exports), or as an image (the screen).
    void drawCells(QPainter& p, std::size_t zi, const Geometry& g, double left, double top, double gap,
        double dot) const;
    QImage cellImage(std::size_t zi, const Geometry& g, double gap, double dot, qreal dpr) const;
    /// The colour of a minority dot (PageMapSnapshot::marks).
    static QColor dotColor(std::uint8_t mark);
    /// The legend's entries (shares of `map`, or the widest possible ones for nullptr) and their boxes.
    static QStringList legendTexts(const PageMapSnapshot* map);
    static std::vector<QRectF> legendLayout(const QStringList& texts, const QRectF& area, double f);
    /// Height of the legend in a view of `size`: the rows it wraps into, as many as leave each zone
    /// its header and a few rows of cells.
    double legendHeight(const QSizeF& size, double f) const;
    int cellAt(const QPoint& pos) const;

    std::shared_ptr<const PageMapSnapshot> m_map;
    FrameIndex m_watched = engine::kNoFrame;
    int m_zoneCount = 1;
    int m_lastBudget = 0;
};

} // namespace rlab::ui
