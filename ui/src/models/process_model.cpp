// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_model.h"

#include "event_text.h"
#include "format.h"
#include "theme.h"

#include <QBrush>
#include <QFont>

namespace rlab::ui {

namespace {

bool alive(const ProcessSnapshot& p)
{
    return p.state != engine::ProcessState::Exited && p.state != engine::ProcessState::Killed;
}

bool sameRow(const ProcessSnapshot& a, const ProcessSnapshot& b)
{
    return a.state == b.state && a.rssAnon == b.rssAnon && a.rssFile == b.rssFile && a.swapEnts == b.swapEnts
        && a.pgtablePages == b.pgtablePages && a.oomScoreAdj == b.oomScoreAdj && a.oomScore == b.oomScore
        && a.oomVictim == b.oomVictim;
}

} // namespace

ProcessModel::ProcessModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ProcessModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

const ProcessSnapshot* ProcessModel::process(int row) const
{
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)]
                                                             : nullptr;
}

void ProcessModel::setSnapshot(const Snapshot& s)
{
    m_oomScoreAvailable = s.oomScoreAvailable;
    const auto& next = s.processes;
    // The engine only appends processes: a shorter list or another pid means another run.
    bool samePrefix = next.size() >= m_rows.size();
    for (std::size_t i = 0; samePrefix && i < m_rows.size(); ++i)
        samePrefix = m_rows[i].pid == next[i].pid;
    if (!samePrefix) {
        beginResetModel();
        m_rows = next;
        endResetModel();
        return;
    }
    int firstChanged = -1;
    int lastChanged = -1;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (!sameRow(m_rows[i], next[i])) {
            m_rows[i] = next[i];
            if (firstChanged < 0)
                firstChanged = static_cast<int>(i);
            lastChanged = static_cast<int>(i);
        }
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (next.size() > m_rows.size()) {
        beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(next.size()) - 1);
        m_rows.insert(m_rows.end(), next.begin() + static_cast<std::ptrdiff_t>(m_rows.size()), next.end());
        endInsertRows();
    }
}

QString ProcessModel::oomScoreText(long long score, bool victim)
{
    return victim ? tr("%1 ◀ OOM victim").arg(score) : QString::number(score);
}

int ProcessModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ProcessModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ProcessModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, ColumnCount - 1));
}

QVariant ProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Pid:
            return tr("PID");
        case Name:
            return tr("Name");
        case State:
            return tr("State");
        case RssAnon:
            return tr("RSS\nanon");
        case RssFile:
            return tr("RSS\nfile");
        case Swap:
            return tr("Swap");
        case PageTables:
            return tr("Page\ntables");
        case OomScoreAdj:
            return tr("oom_score_adj");
        case OomScore:
            return tr("oom_score");
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case RssAnon:
            return tr("Resident anonymous memory (heap, stacks): MM_ANONPAGES");
        case RssFile:
            return tr("Resident file pages mapped by the process: MM_FILEPAGES");
        case Swap:
            return tr("Pages of this process that live in swap: MM_SWAPENTS");
        case PageTables:
            return tr("Memory used by the process's page tables");
        case OomScoreAdj:
            return tr(
                "/proc/PID/oom_score_adj, -1000 (never kill) to 1000 (kill first). Double-click to edit.");
        case OomScore:
            return tr("/proc/PID/oom_score: the OOM killer's badness, normalised to 0..2000");
        default:
            break;
        }
    } else if (role == Qt::TextAlignmentRole) {
        return section == Name || section == State ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                                   : int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant ProcessModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const ProcessSnapshot& p = m_rows[static_cast<std::size_t>(index.row())];
    const int col = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case Pid:
            return p.pid;
        case Name:
            return QString::fromStdString(p.name);
        case State:
            return EventText::processState(p.state);
        case RssAnon:
            return formatPagesAsBytes(p.rssAnon);
        case RssFile:
            return formatPagesAsBytes(p.rssFile);
        case Swap:
            return formatPagesAsBytes(p.swapEnts);
        case PageTables:
            return formatPagesAsBytes(p.pgtablePages);
        case OomScoreAdj:
            return p.oomScoreAdj;
        case OomScore:
            if (!p.oomScore)
                return QStringLiteral("—");
            return oomScoreText(*p.oomScore, p.oomVictim);
        default:
            return {};
        }
    case Qt::EditRole:
        return col == OomScoreAdj ? QVariant(p.oomScoreAdj) : data(index, Qt::DisplayRole);
    case SortRole:
        switch (col) {
        case Pid:
            return p.pid;
        case RssAnon:
            return static_cast<qulonglong>(p.rssAnon);
        case RssFile:
            return static_cast<qulonglong>(p.rssFile);
        case Swap:
            return static_cast<qulonglong>(p.swapEnts);
        case PageTables:
            return static_cast<qulonglong>(p.pgtablePages);
        case OomScoreAdj:
            return p.oomScoreAdj;
        case OomScore:
            return p.oomScore ? QVariant(*p.oomScore) : QVariant(-1);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        return col == Name || col == State ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                           : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (!alive(p))
            return QBrush(Theme::colors().mutedText);
        if (col == State
            && (p.state == engine::ProcessState::DirectReclaim || p.state == engine::ProcessState::Throttled))
            return QBrush(Theme::colors().direct);
        if (col == OomScore && p.oomVictim)
            return QBrush(Theme::colors().oom);
        return {};
    case Qt::FontRole:
        if (p.oomVictim || (col == State && p.state == engine::ProcessState::DirectReclaim)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (col == Name) {
            // The page-tables column starts hidden: its value is here too.
            QString tip = tr("%1 (PID %2): page tables %3")
                              .arg(QString::fromStdString(p.name))
                              .arg(p.pid)
                              .arg(formatPagesWithBytes(p.pgtablePages));
            if (p.oomVictim)
                tip += u'\n' + tr("The OOM killer would choose it now.");
            return tip;
        }
        if (p.oomVictim)
            return tr(
                "The OOM killer would choose %1 now: it has the highest badness (memory use weighted by "
                "oom_score_adj).")
                .arg(QString::fromStdString(p.name));
        if (col == RssAnon || col == RssFile || col == Swap || col == PageTables) {
            const Pages pages = col == RssAnon ? p.rssAnon
                : col == RssFile               ? p.rssFile
                : col == Swap                  ? p.swapEnts
                                               : p.pgtablePages;
            return formatPagesWithBytes(pages);
        }
        if (col == State && p.state == engine::ProcessState::DirectReclaim)
            return tr(
                "Stalled in direct reclaim: the process must free memory before its allocation succeeds (%1 "
                "stalled in total)")
                .arg(formatDuration(p.stallTotal));
        if (col == State && p.stallTotal > 0)
            return tr("Stalled for %1 in total in direct reclaim").arg(formatDuration(p.stallTotal));
        if (col == OomScore && !p.oomScore)
            return tr("oom_score needs the engine's OOM killer model");
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags ProcessModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == OomScoreAdj && index.row() < static_cast<int>(m_rows.size())
        && alive(m_rows[static_cast<std::size_t>(index.row())]))
        f |= Qt::ItemIsEditable;
    return f;
}

bool ProcessModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != OomScoreAdj
        || !(flags(index) & Qt::ItemIsEditable))
        return false;
    bool ok = false;
    const int v = value.toInt(&ok);
    if (!ok)
        return false;
    ProcessSnapshot& p = m_rows[static_cast<std::size_t>(index.row())];
    p.oomScoreAdj = std::clamp(v, -1000, 1000);
    Q_EMIT dataChanged(index, index);
    Q_EMIT oomScoreAdjEdited(QString::fromStdString(p.name), p.oomScoreAdj);
    return true;
}

} // namespace rlab::ui
