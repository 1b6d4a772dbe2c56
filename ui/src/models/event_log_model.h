// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "event_text.h"

#include <rlab/engine/simulator.h>

#include <QAbstractTableModel>

#include <deque>

namespace rlab::ui {

/// The engine's events with a sentence explaining each: kswapd wake-ups and sleeps, direct reclaim,
/// scan-balance decisions, OOM, processes and live changes. Keeps the newest kMaxRows rows. Scan-balance
/// decisions come many times a second: a row is added only when the reclaimer or mode changes, or a
/// second after the last row.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Event,
        Explanation,
        ColumnCount,
    };
    static constexpr int CategoryRole = Qt::UserRole + 1;
    static constexpr int TypeRole = Qt::UserRole + 2;
    static constexpr int kMaxRows = 20000;

    explicit EventLogModel(QObject* parent = nullptr);

    void addEvents(const std::vector<engine::Event>& events);
    void clear();
    /// Drops the rows after `at` (the run continued from there: a rewind of the timeline).
    void truncateAfter(engine::Tick at);
    /// The simulated time of a row's event.
    engine::Tick eventTime(int row) const;
    /// The UI language changed: the header and the rows' texts are asked for again, and each row's
    /// text is made anew when a view next shows it.
    void retranslate();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        engine::Event event;
        EventCategory category = EventCategory::Other;
        QString type;
        // The texts in the language of `generation`.
        mutable QString title;
        mutable QString text;
        mutable std::uint64_t generation = 0;
    };
    /// The row with its texts in the current language.
    const Row& translated(int row) const;

    std::deque<Row> m_rows;
    std::uint64_t m_generation = 0; ///< counts language changes
    std::string m_lastBalanceKey;
    engine::Tick m_lastBalanceAt = -1;
};

} // namespace rlab::ui
