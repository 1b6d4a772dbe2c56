// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace rlab::ui {

/// The processes of the run, as /proc would show them: pid, name, state, RSS, swap, page tables,
/// oom_score_adj (editable: -1000..1000) and oom_score. The process the OOM killer would pick now is
/// marked. Rows only grow during a run (exited processes stay, with their final state).
class ProcessModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Pid,
        Name,
        State,
        RssAnon,
        RssFile,
        Swap,
        PageTables,
        OomScoreAdj,
        OomScore,
        ColumnCount,
    };
    /// Sort role: the raw number behind a formatted cell.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit ProcessModel(QObject* parent = nullptr);

    void setSnapshot(const Snapshot& snapshot);
    void clear();
    /// The UI language changed: views ask for the header and every cell again.
    void retranslate();
    const ProcessSnapshot* process(int row) const;
    /// The oom_score cell: "896", or "896 ◀ OOM victim" for the task the OOM killer would pick.
    static QString oomScoreText(long long score, bool victim);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    /// The user edited a process's oom_score_adj (already clamped to -1000..1000).
    void oomScoreAdjEdited(const QString& process, int value);

private:
    std::vector<ProcessSnapshot> m_rows;
    bool m_oomScoreAvailable = false;
};

} // namespace rlab::ui
