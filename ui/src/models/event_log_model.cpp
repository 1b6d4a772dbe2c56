// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_log_model.h"

#include "format.h"
#include "theme.h"

#include <QBrush>

#include <algorithm>

namespace rlab::ui {

EventLogModel::EventLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void EventLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_lastBalanceKey.clear();
    m_lastBalanceAt = -1;
    endResetModel();
}

void EventLogModel::truncateAfter(engine::Tick at)
{
    // Rows are in time order but for a direct reclaim's end, recorded ahead: the tail after `at` goes.
    std::size_t keep = m_rows.size();
    while (keep > 0 && m_rows[keep - 1].event.at > at)
        --keep;
    if (keep < m_rows.size()) {
        beginRemoveRows({}, static_cast<int>(keep), static_cast<int>(m_rows.size()) - 1);
        m_rows.erase(m_rows.begin() + static_cast<std::ptrdiff_t>(keep), m_rows.end());
        endRemoveRows();
    }
    m_lastBalanceKey.clear();
    m_lastBalanceAt = -1;
}

engine::Tick EventLogModel::eventTime(int row) const
{
    return m_rows[static_cast<std::size_t>(row)].event.at;
}

void EventLogModel::addEvents(const std::vector<engine::Event>& batch)
{
    // The engine records a direct reclaim's end at the time its stall ends, ahead of events recorded
    // after it: show each batch in time order.
    std::vector<const engine::Event*> events;
    events.reserve(batch.size());
    for (const auto& e : batch)
        events.push_back(&e);
    std::stable_sort(
        events.begin(), events.end(), [](const auto* a, const auto* b) { return a->at < b->at; });
    std::vector<Row> rows;
    for (const engine::Event* event : events) {
        const engine::Event& e = *event;
        if (const auto* balance = e.as<engine::ev::ScanBalance>()) {
            // One row per reclaimer and mode, repeated at most once a second: priority passes are many.
            const std::string key = std::string(balance->kswapd ? "kswapd/" : "direct/")
                + engine::scanBalanceModeName(balance->mode);
            if (key == m_lastBalanceKey && e.at - m_lastBalanceAt < engine::kTicksPerSecond)
                continue;
            m_lastBalanceKey = key;
            m_lastBalanceAt = e.at;
        }
        rows.push_back({ e, EventText::category(e), QString::fromLatin1(e.name()), EventText::title(e),
            EventText::explain(e), m_generation });
    }
    if (rows.empty())
        return;
    if (rows.size() > static_cast<std::size_t>(kMaxRows))
        rows.erase(rows.begin(), rows.end() - kMaxRows);
    const std::size_t overflow = m_rows.size() + rows.size() > static_cast<std::size_t>(kMaxRows)
        ? m_rows.size() + rows.size() - static_cast<std::size_t>(kMaxRows)
        : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(overflow));
        endRemoveRows();
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (auto& r : rows)
        m_rows.push_back(std::move(r));
    endInsertRows();
}

void EventLogModel::retranslate()
{
    ++m_generation;
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
}

const EventLogModel::Row& EventLogModel::translated(int row) const
{
    const Row& r = m_rows[static_cast<std::size_t>(row)];
    // Only the rows a view shows pay for a language change, not all 20 000.
    if (r.generation != m_generation) {
        r.title = EventText::title(r.event);
        r.text = EventText::explain(r.event);
        r.generation = m_generation;
    }
    return r;
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Event:
        return tr("Event");
    case Explanation:
        return tr("What happened");
    default:
        return {};
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    // The filter asks every row for its category: only shown texts are translated.
    const bool text = role == Qt::DisplayRole || role == Qt::ToolTipRole;
    const Row& r = text ? translated(index.row()) : m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return formatSimTime(r.event.at);
        case Event:
            return r.title;
        case Explanation:
            return r.text;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == Explanation ? r.text : QVariant();
    case Qt::ForegroundRole:
        if (index.column() != Event)
            return {};
        switch (r.category) {
        case EventCategory::Kswapd:
            return QBrush(Theme::colors().kswapd);
        case EventCategory::DirectReclaim:
            return QBrush(Theme::colors().direct);
        case EventCategory::Compaction:
            return QBrush(Theme::colors().compaction);
        case EventCategory::Oom:
            return QBrush(Theme::colors().oom);
        case EventCategory::Admin:
            return QBrush(Theme::colors().accent);
        default:
            return {};
        }
    case CategoryRole:
        return static_cast<int>(r.category);
    case TypeRole:
        return r.type;
    default:
        return {};
    }
}

} // namespace rlab::ui
