// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QRectF>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;

namespace rlab::ui {

class BuddyChart;

/// The fragmentation view of one zone: free memory by block order and migratetype (what
/// /proc/pagetypeinfo counts, with the fragmentation index per order), and the zone's pageblocks
/// coloured by migratetype with their free share. Its data is rendered only while it is visible.
class BuddyView : public QWidget
{
    Q_OBJECT
public:
    explicit BuddyView(QWidget* parent = nullptr);

    void setTexts(const std::shared_ptr<const ProcTexts>& texts);
    static QString migratetypeName(engine::Migratetype type);
    /// The zone shown, or nullptr before the first data.
    const BuddyZone* shownZone() const;
    /// The summary line above the chart.
    QString summary() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showZone();

    QComboBox* m_zoneBox = nullptr;
    QLabel* m_summary = nullptr;
    BuddyChart* m_chart = nullptr;
    std::shared_ptr<const ProcTexts> m_texts;
    QString m_zone; ///< the label of the zone shown: the user's choice survives new data
};

/// The painted part of BuddyView.
class BuddyChart : public QWidget
{
    Q_OBJECT
public:
    explicit BuddyChart(QWidget* parent = nullptr);
    void setZone(const BuddyZone* zone);

    QSize minimumSizeHint() const override { return { 420, 300 }; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Layout
    {
        QRectF orders; ///< the per-order rows
        QRectF blocks; ///< the pageblock grid
        QRectF legend;
        double rowH = 18.0;
        double labelW = 0.0;
        double cell = 8.0;
        int columns = 1;
        std::size_t perCell = 1; ///< pageblocks per cell
    };
    Layout layout() const;
    QString orderTip(int order) const;
    QString blockTip(std::size_t cell, const Layout& l) const;

    BuddyZone m_zone;
    bool m_has = false;
};

} // namespace rlab::ui
