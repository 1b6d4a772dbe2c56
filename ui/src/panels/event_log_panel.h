// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "event_text.h"

#include <QWidget>

#include <optional>
#include <set>

class QCheckBox;
class QPushButton;
class QScrollArea;
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
    /// The timeline's moment: selects the last shown event at or before `at` and scrolls to it.
    void showTime(engine::Tick at);
    /// The time of the nearest shown event before `at` (forward: at or after it), or nullopt.
    std::optional<engine::Tick> neighbourEvent(engine::Tick at, bool forward) const;
    /// The time of the selected event (the timeline's position in the log), or nullopt.
    std::optional<engine::Tick> selectedTime() const;
    EventLogModel* model() const { return m_model; }
    /// Rows shown after filtering.
    int visibleRows() const;
    void setCategoryVisible(EventCategory category, bool visible);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    /// The filter row's height, from its check boxes' font.
    void fitFilters();

    EventLogModel* m_model;
    EventFilterModel* m_filter;
    QTableView* m_view;
    QPushButton* m_clear = nullptr;
    QScrollArea* m_filterScroll = nullptr;
    std::vector<std::pair<EventCategory, QCheckBox*>> m_boxes;
};

} // namespace rlab::ui
