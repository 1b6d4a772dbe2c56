// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "event_text.h"

#include <QWidget>

#include <set>

class QCheckBox;
class QTableView;

namespace rlab::ui {

class EventLogModel;
class EventFilterModel;

/// The event log: every kswapd wake and sleep, direct reclaim, scan-balance decision, OOM, process and
/// live change, explained in words, with category filters. Follows the newest row while scrolled down.
class EventLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(QWidget* parent = nullptr);
    ~EventLogPanel() override;

    void setSnapshot(const Snapshot& snapshot);
    void reset();
    EventLogModel* model() const { return m_model; }
    /// Rows shown after filtering.
    int visibleRows() const;
    void setCategoryVisible(EventCategory category, bool visible);

private:
    EventLogModel* m_model;
    EventFilterModel* m_filter;
    QTableView* m_view;
    std::vector<std::pair<EventCategory, QCheckBox*>> m_boxes;
};

} // namespace rlab::ui
