// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_panel.h"

#include "controller/simulation_controller.h"
#include "event_text.h"
#include "format.h"
#include "models/process_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace rlab::ui {

namespace {

/// oom_score_adj editor: a spin box limited to the kernel's range.
class OomScoreAdjDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* spin = new QSpinBox(parent);
        spin->setRange(-1000, 1000);
        spin->setSingleStep(100);
        spin->setAlignment(Qt::AlignRight);
        return spin;
    }
};

enum Preset
{
    Hog,
    Leak,
    Burst,
    Reader,
    Writer,
    WorkingSet,
    Locked,
    PresetCount,
};

} // namespace

int ProcessPanel::presetCount()
{
    return PresetCount;
}

QString ProcessPanel::presetName(int preset)
{
    switch (preset) {
    case Hog:
        return tr("Memory hog");
    case Leak:
        return tr("Slow leak");
    case Burst:
        return tr("Allocation burst");
    case Reader:
        return tr("Streaming reader");
    case Writer:
        return tr("File writer");
    case WorkingSet:
        return tr("Hot working set");
    case Locked:
        return tr("mlock()ed buffer");
    default:
        return {};
    }
}

QString ProcessPanel::presetDescription(int preset)
{
    switch (preset) {
    case Hog:
        return tr("allocates half of RAM at an eighth of RAM per second, then holds it");
    case Leak:
        return tr("allocates a 64th of RAM per second and never stops");
    case Burst:
        return tr("allocates a quarter of RAM at once");
    case Reader:
        return tr(
            "reads a file eight times the size of RAM once, at a tenth of RAM per second (backup, video)");
    case Writer:
        return tr("writes a file at a twentieth of RAM per second, dirtying page cache");
    case WorkingSet:
        return tr("touches a quarter of RAM of anonymous memory 20 000 times a second");
    case Locked:
        return tr("locks a 16th of RAM with mlock(): reclaim cannot touch it");
    default:
        return {};
    }
}

engine::ProcessSpec ProcessPanel::presetSpec(int preset, const Snapshot& s)
{
    using engine::WorkloadKind;
    const Pages ram = std::max<Pages>(s.totalRam, 1024);
    static const char* const kStems[] = { "hog", "leak", "burst", "reader", "writer", "worker", "locked" };
    const std::string stem = kStems[std::clamp(preset, 0, PresetCount - 1)];
    std::string name = stem;
    for (int n = 1;; ++n) {
        name = stem + "-" + std::to_string(n);
        const bool taken = std::any_of(
            s.processes.begin(), s.processes.end(), [&](const auto& p) { return p.name == name; });
        if (!taken)
            break;
    }
    engine::ProcessSpec spec;
    spec.name = name;
    engine::WorkloadSpec w;
    switch (preset) {
    case Hog:
        w.kind = WorkloadKind::Anon;
        w.size = ram / 2;
        w.ratePagesPerSec = ram / 8;
        break;
    case Leak:
        w.kind = WorkloadKind::Anon;
        w.size = 2 * (ram + s.swapTotal);
        w.ratePagesPerSec = std::max<Pages>(1, ram / 64);
        break;
    case Burst:
        w.kind = WorkloadKind::Anon;
        w.size = ram / 4;
        w.ratePagesPerSec = 0;
        break;
    case Reader:
        w.kind = WorkloadKind::Stream;
        w.size = ram * 8;
        w.ratePagesPerSec = std::max<Pages>(1, ram / 10);
        w.file = name + ".dat";
        break;
    case Writer:
        w.kind = WorkloadKind::Write;
        w.size = ram;
        w.ratePagesPerSec = std::max<Pages>(1, ram / 20);
        w.file = name + ".log";
        break;
    case WorkingSet:
        w.kind = WorkloadKind::WorkingSet;
        w.size = ram / 4;
        w.accessesPerSec = 20000;
        break;
    case Locked:
    default:
        w.kind = WorkloadKind::Mlock;
        w.size = ram / 16;
        break;
    }
    spec.workload.push_back(w);
    return spec;
}

ProcessPanel::ProcessPanel(SimulationController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ProcessModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_startButton(new QToolButton(this))
    , m_killButton(new QPushButton(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ProcessModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setObjectName(QStringLiteral("processTable"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProcessModel::Pid, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::SelectedClicked);
    m_view->verticalHeader()->hide();
    // Widths from the font, not from the contents: ResizeToContents measured every cell on every snapshot
    // and still cut oom_score at 1920 × 1080. The name takes what is left; page tables, the least used
    // column, starts hidden (the header's context menu shows it, the name's tooltip has it).
    QHeaderView* header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ProcessModel::Name, QHeaderView::Stretch);
    header->setMinimumSectionSize(40);
    header->setTextElideMode(Qt::ElideRight);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setColumnHidden(ProcessModel::PageTables, true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        for (int column = 0; column < ProcessModel::ColumnCount; ++column) {
            if (column == ProcessModel::Name)
                continue;
            QAction* a = menu.addAction(
                m_model->headerData(column, Qt::Horizontal).toString().replace(QLatin1Char('\n'), u' '));
            a->setCheckable(true);
            a->setChecked(!m_view->isColumnHidden(column));
            connect(a, &QAction::toggled, this,
                [this, column](bool on) { m_view->setColumnHidden(column, !on); });
        }
        menu.exec(m_view->horizontalHeader()->mapToGlobal(pos));
    });
    fitColumns();
    m_view->setItemDelegateForColumn(ProcessModel::OomScoreAdj, new OomScoreAdjDelegate(m_view));
    m_view->setWordWrap(false);

    connect(m_model, &ProcessModel::oomScoreAdjEdited, this, [this](const QString& name, int value) {
        m_controller->apply(engine::SetOomScoreAdj { name.toStdString(), value });
    });

    m_startButton->setPopupMode(QToolButton::InstantPopup);
    m_startButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(m_startButton);
    for (int i = 0; i < PresetCount; ++i) {
        QAction* a = menu->addAction(QString());
        connect(a, &QAction::triggered, this, [this, i] { startPreset(i); });
    }
    m_startButton->setMenu(menu);
    m_killButton->setEnabled(false);
    connect(m_killButton, &QPushButton::clicked, this, &ProcessPanel::killSelected);
    // Enabled only for a selected process that is running now: checked when the selection changes and
    // when the selected process's state does (it exits, or the OOM killer takes it).
    const auto updateKill = [this] {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        const ProcessSnapshot* p =
            rows.isEmpty() ? nullptr : m_model->process(m_proxy->mapToSource(rows.front()).row());
        m_killButton->setEnabled(p && p->state != engine::ProcessState::Exited
            && p->state != engine::ProcessState::Killed && p->state != engine::ProcessState::OutOfMemory
            && p->state != engine::ProcessState::NotStarted);
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, updateKill);
    connect(m_model, &QAbstractItemModel::dataChanged, this, updateKill);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateKill);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, updateKill);

    m_hint = new QLabel(this);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    // A narrow pane cuts the hint rather than widen the pane; the table tells it too.
    m_hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_startButton);
    bar->addWidget(m_killButton);
    bar->addSpacing(12);
    bar->addWidget(m_hint, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    retranslateUi();
}

void ProcessPanel::retranslateUi()
{
    m_startButton->setText(tr("Start process"));
    const QList<QAction*> presets = m_startButton->menu()->actions();
    for (int i = 0; i < PresetCount && i < presets.size(); ++i)
        presets[i]->setText(presetName(i) + QStringLiteral(" — ") + presetDescription(i));
    m_killButton->setText(tr("Kill"));
    m_killButton->setToolTip(tr("Send SIGKILL to the selected process"));
    m_hint->setText(tr("Double-click oom_score_adj to change it live."));
    m_view->setToolTip(m_hint->text());
}

void ProcessPanel::fitColumns()
{
    const QFontMetrics text(m_view->font());
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics boldText(bold);
    const QFontMetrics head(m_view->horizontalHeader()->font());
    const auto headerWidth = [&](int column) {
        int w = 0;
        for (const QString& line : m_model->headerData(column, Qt::Horizontal).toString().split(u'\n'))
            w = std::max(w, head.horizontalAdvance(line));
        return w + 18; // the sort arrow and margins
    };
    const auto widest = [&](const QStringList& samples) {
        int w = 0;
        for (const QString& sample : samples)
            w = std::max(w, boldText.horizontalAdvance(sample));
        return w + 12;
    };
    QStringList sizes;
    for (const engine::Pages pages : { engine::Pages { 1023 } << 8, engine::Pages { 99 } << 18,
             engine::Pages { 9 } << 18, engine::Pages { 999 } })
        sizes << formatPagesAsBytes(pages);
    QStringList states;
    for (int st = 0; st <= static_cast<int>(engine::ProcessState::Killed); ++st)
        states << EventText::processState(static_cast<engine::ProcessState>(st));
    const std::pair<int, QStringList> columns[] = {
        { ProcessModel::Pid, { QStringLiteral("99999") } },
        { ProcessModel::State, states },
        { ProcessModel::RssAnon, sizes },
        { ProcessModel::RssFile, sizes },
        { ProcessModel::Swap, sizes },
        { ProcessModel::PageTables, sizes },
        { ProcessModel::OomScoreAdj, { QStringLiteral("-1000") } },
        { ProcessModel::OomScore, { ProcessModel::oomScoreText(2000, true) } },
    };
    for (const auto& [column, samples] : columns)
        m_view->setColumnWidth(column, std::max(headerWidth(column), widest(samples)));
    m_view->verticalHeader()->setDefaultSectionSize(text.height() + 8);
}

void ProcessPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitColumns();
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        m_model->retranslate();
        fitColumns(); // the headers' and states' widths
    }
}

void ProcessPanel::setSnapshot(const Snapshot& s)
{
    m_model->setSnapshot(s);
}

void ProcessPanel::reset()
{
    m_model->clear();
}

void ProcessPanel::startPreset(int preset)
{
    m_controller->apply(engine::StartProcess { presetSpec(preset, *m_controller->latest()) });
}

void ProcessPanel::killSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    if (const ProcessSnapshot* p = m_model->process(m_proxy->mapToSource(rows.front()).row()))
        m_controller->apply(engine::KillProcess { p->name });
}

} // namespace rlab::ui
