// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_log_panel.h"

#include "format.h"
#include "models/event_log_model.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace rlab::ui {

/// Hides the rows of unchecked categories.
class EventFilterModel : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setHidden(EventCategory c, bool hidden)
    {
        if (hidden)
            m_hidden.insert(static_cast<int>(c));
        else
            m_hidden.erase(static_cast<int>(c));
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const int c = sourceModel()->index(row, 0, parent).data(EventLogModel::CategoryRole).toInt();
        return !m_hidden.contains(c);
    }

private:
    std::set<int> m_hidden;
};

EventLogPanel::EventLogPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_filter(new EventFilterModel(this))
    , m_view(new QTableView(this))
{
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("eventLog"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Wide enough for the longest time a run can reach (kMaxDuration, 277 hours), so a long run's times
    // are never cut; ResizeToContents measures only the rows it has seen.
    m_view->horizontalHeader()->setSectionResizeMode(EventLogModel::Time, QHeaderView::Interactive);
    m_view->setColumnWidth(EventLogModel::Time,
        m_view->fontMetrics().horizontalAdvance(formatSimTime(engine::kMaxDuration - engine::kStepTicks))
            + 24);
    m_view->horizontalHeader()->setSectionResizeMode(EventLogModel::Event, QHeaderView::Interactive);
    m_view->setColumnWidth(EventLogModel::Event, 190);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setTextElideMode(Qt::ElideRight);

    // The filters scroll sideways in a narrow pane rather than widen it (the plots beside it keep room).
    auto* filters = new QWidget(this);
    auto* bar = new QHBoxLayout(filters);
    bar->setContentsMargins(0, 0, 0, 0);
    for (const EventCategory c :
        { EventCategory::Kswapd, EventCategory::DirectReclaim, EventCategory::Compaction,
            EventCategory::ScanBalance, EventCategory::Oom, EventCategory::Process, EventCategory::Admin }) {
        auto* box = new QCheckBox(this);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, [this, c](bool on) { m_filter->setHidden(c, !on); });
        bar->addWidget(box);
        m_boxes.emplace_back(c, box);
    }
    bar->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(filters);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_clear = new QPushButton(this);
    connect(m_clear, &QPushButton::clicked, m_model, &EventLogModel::clear);
    auto* top = new QHBoxLayout;
    top->addWidget(scroll, 1);
    top->addWidget(m_clear, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    retranslateUi();
    m_filterScroll = scroll;
    fitFilters();
}

void EventLogPanel::retranslateUi()
{
    for (auto& [c, box] : m_boxes)
        box->setText(EventText::categoryName(c));
    m_clear->setText(tr("Clear"));
}

void EventLogPanel::fitFilters()
{
    m_filterScroll->setFixedHeight(m_filterScroll->widget()->sizeHint().height()
        + m_filterScroll->horizontalScrollBar()->sizeHint().height());
}

void EventLogPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        fitFilters(); // a CJK typeface is taller
        m_model->retranslate();
    }
}

EventLogPanel::~EventLogPanel() = default;

void EventLogPanel::setSnapshot(const Snapshot& s)
{
    if (s.events.empty())
        return;
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_model->addEvents(s.events);
    if (atBottom)
        m_view->scrollToBottom();
}

void EventLogPanel::reset()
{
    m_model->clear();
}

void EventLogPanel::showTime(engine::Tick at)
{
    int row = -1;
    for (int r = m_filter->rowCount() - 1; r >= 0; --r) {
        if (m_model->eventTime(m_filter->mapToSource(m_filter->index(r, 0)).row()) <= at) {
            row = r;
            break;
        }
    }
    if (row < 0) {
        m_view->clearSelection();
        m_view->scrollToTop();
        return;
    }
    const QModelIndex index = m_filter->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

std::optional<engine::Tick> EventLogPanel::selectedTime() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isSelected(current))
        return std::nullopt;
    return m_model->eventTime(m_filter->mapToSource(current).row());
}

std::optional<engine::Tick> EventLogPanel::neighbourEvent(engine::Tick at, bool forward) const
{
    std::optional<engine::Tick> best;
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const engine::Tick t = m_model->eventTime(m_filter->mapToSource(m_filter->index(r, 0)).row());
        if (forward && t >= at && (!best || t < *best))
            best = t;
        if (!forward && t < at && (!best || t > *best))
            best = t;
    }
    return best;
}

int EventLogPanel::visibleRows() const
{
    return m_filter->rowCount();
}

void EventLogPanel::setCategoryVisible(EventCategory category, bool visible)
{
    for (auto& [c, box] : m_boxes) {
        if (c == category)
            box->setChecked(visible);
    }
}

} // namespace rlab::ui
