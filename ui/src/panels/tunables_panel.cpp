// SPDX-License-Identifier: GPL-3.0-or-later
#include "tunables_panel.h"

#include "controller/simulation_controller.h"
#include "event_text.h"
#include "format.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace rlab::ui {

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
constexpr int kIntMax = std::numeric_limits<int>::max();

bool isBytes(const engine::SysctlInfo& info)
{
    return info.unit == "bytes";
}

/// The table's teaching range (sysctlTable()); the spin box still takes the kernel's whole range.
std::pair<int, int> practicalRange(const engine::SysctlInfo& info, Pages totalRam)
{
    const auto ramKb = static_cast<std::int64_t>(totalRam) * 4;
    return { static_cast<int>(info.teaching.min),
        static_cast<int>(std::min<std::int64_t>(engine::teachingMax(info, ramKb), kIntMax)) };
}

} // namespace

TunablesPanel::TunablesPanel(SimulationController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
{
    setObjectName(QStringLiteral("tunablesPanel"));
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(8, 8, 8, 8);
    column->setSpacing(10);

    m_intro = new QLabel;
    m_intro->setWordWrap(true);
    m_intro->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(m_intro);

    column->addWidget(makeGroup(QT_TR_NOOP("Reclaim and watermarks"),
        { "vm.swappiness", "vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.watermark_boost_factor" }));

    // Swap devices and swap readahead.
    m_swapBox = new QWidget;
    m_swapLayout = new QVBoxLayout(m_swapBox);
    m_swapLayout->setContentsMargins(0, 0, 0, 0);
    m_noSwap = new QLabel(m_swapBox);
    m_noSwap->setForegroundRole(QPalette::PlaceholderText);
    m_swapLayout->addWidget(m_noSwap);
    column->addWidget(makeGroup(QT_TR_NOOP("Swap"), { "vm.page-cluster" }, m_swapBox));

    column->addWidget(makeGroup(
        QT_TR_NOOP("Dirty pages and writeback"), { "vm.dirty_ratio", "vm.dirty_background_ratio" }));

    column->addWidget(makeGroup(QT_TR_NOOP("Fragmentation and compaction"),
        { "vm.compaction_proactiveness", "vm.extfrag_threshold", "vm.compact_unevictable_allowed" }));

    // /sys/kernel/mm/transparent_hugepage: two files of words, not sysctls.
    auto* thp = new QGroupBox;
    m_groups.emplace_back(thp, QT_TR_NOOP("Transparent huge pages"));
    auto* thpGrid = new QGridLayout(thp);
    thpGrid->setColumnStretch(1, 1);
    m_thpEnabledLabel = new QLabel(QStringLiteral("<b>enabled</b>"));
    m_thpDefragLabel = new QLabel(QStringLiteral("<b>defrag</b>"));
    m_thpEnabled = new QComboBox;
    for (const auto mode : { engine::ThpMode::Always, engine::ThpMode::Madvise, engine::ThpMode::Never })
        m_thpEnabled->addItem(QLatin1String(engine::thpModeName(mode)));
    m_thpDefrag = new QComboBox;
    for (const auto defrag : { engine::ThpDefrag::Always, engine::ThpDefrag::Defer,
             engine::ThpDefrag::DeferMadvise, engine::ThpDefrag::Madvise, engine::ThpDefrag::Never })
        m_thpDefrag->addItem(QLatin1String(engine::thpDefragName(defrag)));
    thpGrid->addWidget(m_thpEnabledLabel, 0, 0);
    thpGrid->addWidget(m_thpEnabled, 0, 1);
    thpGrid->addWidget(m_thpDefragLabel, 1, 0);
    thpGrid->addWidget(m_thpDefrag, 1, 1);
    connect(m_thpEnabled, &QComboBox::activated, this, [this](int index) {
        m_controller->apply(engine::SetThp { static_cast<engine::ThpMode>(index), std::nullopt });
    });
    connect(m_thpDefrag, &QComboBox::activated, this, [this](int index) {
        m_controller->apply(engine::SetThp { std::nullopt, static_cast<engine::ThpDefrag>(index) });
    });
    column->addWidget(thp);

    // drop_caches
    auto* drop = new QGroupBox;
    m_groups.emplace_back(drop, QT_TR_NOOP("Drop caches"));
    auto* dropLayout = new QHBoxLayout(drop);
    for (const int mode : { 1, 2, 3 }) {
        auto* button = new QPushButton;
        connect(button, &QPushButton::clicked, this,
            [this, mode] { m_controller->apply(engine::DropCaches { mode }); });
        dropLayout->addWidget(button);
        m_dropButtons.push_back(button);
    }
    column->addWidget(drop);

    column->addWidget(makeGroup(QT_TR_NOOP("Out of memory"),
        { "vm.oom_kill_allocating_task", "vm.panic_on_oom", "vm.oom_dump_tasks" }));

    // Everything else the engine models, including the vector sysctl.
    std::vector<std::string_view> rest;
    for (const auto& info : engine::sysctlTable()) {
        if (!info.vector && !m_rows.contains(info.name))
            rest.push_back(info.name);
    }
    m_lowmem = new QLineEdit;
    m_lowmem->setPlaceholderText(QStringLiteral("256 256 32 0 0"));
    auto* lowmemBox = new QWidget;
    auto* lowmemLayout = new QVBoxLayout(lowmemBox);
    lowmemLayout->setContentsMargins(0, 0, 0, 0);
    m_lowmemLabel = new QLabel(QStringLiteral("<b>vm.lowmem_reserve_ratio</b>"));
    lowmemLayout->addWidget(m_lowmemLabel);
    lowmemLayout->addWidget(m_lowmem);
    connect(m_lowmem, &QLineEdit::editingFinished, this, [this] {
        std::vector<std::int64_t> values;
        for (const QString& part : m_lowmem->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qlonglong v = part.toLongLong(&ok);
            if (!ok)
                return;
            values.push_back(v);
        }
        if (!values.empty())
            m_lowmemUnconfirmed = m_controller->setSysctl("vm.lowmem_reserve_ratio", values);
    });
    auto* more = makeGroup(QT_TR_NOOP("More sysctls"), rest, lowmemBox);
    column->addWidget(more);
    column->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);
    retranslateUi();
}

void TunablesPanel::retranslateUi()
{
    m_intro->setText(tr("Changes apply at the next simulation step, also while paused. Hover a name for "
                        "what it does."));
    for (const auto& [box, title] : m_groups)
        box->setTitle(tr(title));
    m_noSwap->setText(tr("No swap device in this scenario."));
    const char* const dropModes[] = { QT_TR_NOOP("1 · page cache"), QT_TR_NOOP("2 · slab"),
        QT_TR_NOOP("3 · both") };
    for (int mode = 1; mode <= 3; ++mode) {
        QAbstractButton* button = m_dropButtons[static_cast<std::size_t>(mode - 1)];
        button->setText(tr(dropModes[mode - 1]));
        button->setToolTip(tr("echo %1 > /proc/sys/vm/drop_caches").arg(mode));
    }
    // The help follows the UI language too (EventText::sysctlHelp()).
    for (auto& [name, r] : m_rows) {
        const engine::SysctlInfo& info = *r.info;
        const QString help = EventText::sysctlHelp(info);
        QString range;
        if (isBytes(info))
            range = tr("MiB");
        else
            range = tr("%1 – %2 %3")
                        .arg(info.min)
                        .arg(info.max == kIntMax ? QStringLiteral("2³¹−1") : QString::number(info.max))
                        .arg(EventText::sysctlUnit(info.unit));
        r.rangeLabel->setText(range.trimmed());
        for (QWidget* w : std::initializer_list<QWidget*> { r.nameLabel, r.rangeLabel, r.slider, r.spin })
            w->setToolTip(help);
        if (isBytes(info))
            r.spin->setSuffix(tr(" MiB"));
        r.resetButton->setToolTip(tr("Back to the scenario's value"));
    }
    m_lowmem->setToolTip(EventText::sysctlHelp(*engine::findSysctl("vm.lowmem_reserve_ratio")));
    m_lowmemLabel->setToolTip(m_lowmem->toolTip());
    const QString enabledHelp = tr("/sys/kernel/mm/transparent_hugepage/enabled: which anonymous regions a "
                                   "fault may map with one 2 MiB page. always: every region; madvise: only "
                                   "regions that asked with MADV_HUGEPAGE; never: none. THPs already mapped "
                                   "stay.");
    const QString defragHelp =
        tr("/sys/kernel/mm/transparent_hugepage/defrag: what a THP fault does when no "
           "free 2 MiB block is there. always: reclaim and compact in the fault (it "
           "stalls); defer: wake kswapd and kcompactd, use 4 KiB pages now; "
           "defer+madvise: MADV_HUGEPAGE regions as always, the others as defer; "
           "madvise (default): MADV_HUGEPAGE regions as always, the others fall back at "
           "once; never: fall back at once.");
    for (QWidget* w : std::initializer_list<QWidget*> { m_thpEnabled, m_thpEnabledLabel })
        w->setToolTip(enabledHelp);
    for (QWidget* w : std::initializer_list<QWidget*> { m_thpDefrag, m_thpDefragLabel })
        w->setToolTip(defragHelp);
    // The swap rows' labels are sized for their widest text, which the language changes.
    updateSwapDevices(*m_controller->latest(), true);
}

void TunablesPanel::fitWidth()
{
    // Never narrower than the rows: the scroll area only scrolls vertically.
    m_scroll->setMinimumWidth(m_scroll->widget()->minimumSizeHint().width()
        + m_scroll->verticalScrollBar()->sizeHint().width() + 4);
}

void TunablesPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

TunablesPanel::~TunablesPanel() = default;

QWidget* TunablesPanel::makeGroup(
    const char* title, const std::vector<std::string_view>& names, QWidget* extra)
{
    auto* box = new QGroupBox;
    m_groups.emplace_back(box, title);
    auto* grid = new QGridLayout(box);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    grid->setColumnStretch(0, 1);
    int row = 0;
    for (const auto name : names) {
        if (const auto* info = engine::findSysctl(name))
            addRow(grid, row, *info);
    }
    if (extra)
        grid->addWidget(extra, row++, 0, 1, 3);
    return box;
}

void TunablesPanel::addRow(QGridLayout* grid, int& row, const engine::SysctlInfo& info)
{
    Row r;
    r.info = &info;
    r.scale = isBytes(info) ? kMiB : 1;
    const QString name = QString::fromLatin1(info.name.data(), static_cast<qsizetype>(info.name.size()));
    // Texts and tooltips come from retranslateUi().
    auto* label = r.nameLabel = new QLabel(QStringLiteral("<b>%1</b>").arg(name));
    label->setTextFormat(Qt::RichText);
    auto* rangeLabel = r.rangeLabel = new QLabel;
    rangeLabel->setForegroundRole(QPalette::PlaceholderText);
    auto* title = new QWidget;
    auto* titleLayout = new QHBoxLayout(title);
    titleLayout->setContentsMargins(0, 0, 0, 0);
    titleLayout->addWidget(label);
    titleLayout->addWidget(rangeLabel);
    titleLayout->addStretch(1);
    r.slider = new QSlider(Qt::Horizontal);
    r.slider->setObjectName(name + QStringLiteral(".slider"));
    const auto [lo, hi] = practicalRange(info, 0);
    r.slider->setRange(lo, hi);
    r.spin = new QSpinBox;
    r.spin->setObjectName(name + QStringLiteral(".spin"));
    r.spin->setRange(static_cast<int>(std::max<std::int64_t>(info.min / r.scale, -kIntMax)),
        static_cast<int>(std::min<std::int64_t>(info.max / r.scale, kIntMax)));
    r.spin->setAccelerated(true);
    r.spin->setMinimumWidth(88);
    r.spin->setKeyboardTracking(false);
    r.resetButton = new QToolButton;
    r.resetButton->setText(QStringLiteral("↺"));
    r.resetButton->setAutoRaise(true);
    grid->addWidget(title, row, 0, 1, 2);
    grid->addWidget(r.resetButton, row, 2);
    ++row;
    grid->addWidget(r.slider, row, 0);
    grid->addWidget(r.spin, row, 1, 1, 2);
    ++row;

    const std::string key(info.name);
    m_order.push_back(key);
    auto [it, inserted] = m_rows.emplace(key, std::move(r));
    Row* rowPtr = &it->second;
    connect(rowPtr->slider, &QSlider::valueChanged, this, [this, rowPtr](int v) {
        if (m_updating)
            return;
        m_updating = true;
        rowPtr->spin->setValue(v);
        m_updating = false;
        sendValue(*rowPtr, v);
    });
    connect(rowPtr->spin, &QSpinBox::valueChanged, this, [this, rowPtr](int v) {
        if (m_updating)
            return;
        m_updating = true;
        rowPtr->slider->setValue(v);
        m_updating = false;
        sendValue(*rowPtr, v);
    });
    connect(rowPtr->resetButton, &QToolButton::clicked, this, [this, rowPtr] {
        if (rowPtr->initial < 0)
            return;
        const auto v = static_cast<int>(rowPtr->initial / rowPtr->scale);
        m_updating = true;
        rowPtr->slider->setValue(v);
        rowPtr->spin->setValue(v);
        m_updating = false;
        sendValue(*rowPtr, v);
    });
}

void TunablesPanel::sendValue(Row& row, int widgetValue)
{
    row.unconfirmed = m_controller->setSysctl(std::string(row.info->name),
        { engineValue(
            QString::fromLatin1(row.info->name.data(), static_cast<qsizetype>(row.info->name.size())),
            widgetValue) });
}

std::int64_t TunablesPanel::engineValue(const QString& sysctl, int widgetValue) const
{
    const auto it = m_rows.find(sysctl.toStdString());
    const std::int64_t scale = it == m_rows.end() ? 1 : it->second.scale;
    return static_cast<std::int64_t>(widgetValue) * scale;
}

QStringList TunablesPanel::sliderSysctls() const
{
    QStringList names;
    for (const auto& n : m_order)
        names << QString::fromStdString(n);
    return names;
}

QSlider* TunablesPanel::slider(const QString& sysctl) const
{
    const auto it = m_rows.find(sysctl.toStdString());
    return it == m_rows.end() ? nullptr : it->second.slider;
}

QSpinBox* TunablesPanel::spinBox(const QString& sysctl) const
{
    const auto it = m_rows.find(sysctl.toStdString());
    return it == m_rows.end() ? nullptr : it->second.spin;
}

QAbstractButton* TunablesPanel::swapButton(const QString& device) const
{
    const auto it = m_swapRows.find(device.toStdString());
    return it == m_swapRows.end() ? nullptr : it->second.second;
}

QAbstractButton* TunablesPanel::dropCachesButton(int mode) const
{
    return mode >= 1 && mode <= 3 ? m_dropButtons[static_cast<std::size_t>(mode - 1)] : nullptr;
}

void TunablesPanel::reset()
{
    m_needInitial = true;
    m_lowmemUnconfirmed = 0; // the new run starts from its scenario's values
    for (auto& [name, row] : m_rows) {
        row.initial = -1;
        row.unconfirmed = 0;
    }
}

void TunablesPanel::setSnapshot(const Snapshot& s)
{
    if (s.sysctlValues.empty())
        return;
    if (s.totalRam != m_totalRam) {
        m_totalRam = s.totalRam;
        for (auto& [name, row] : m_rows) {
            const auto [lo, hi] = practicalRange(*row.info, m_totalRam);
            const QSignalBlocker block(row.slider);
            row.slider->setRange(lo, hi);
        }
        fitWidth(); // a new machine: the rows as laid out for it
    }
    // The worker applies the writes in the order they were sent (latest wins drops only older writes of the
    // same sysctl), so a snapshot that has a newer serial has applied the row's last write too.
    const auto confirm = [&s](std::uint64_t& unconfirmed) {
        if (unconfirmed != 0 && s.sysctlSerial >= unconfirmed)
            unconfirmed = 0;
    };
    m_updating = true;
    for (auto& [name, row] : m_rows) {
        confirm(row.unconfirmed);
        const auto* values = s.sysctl(name);
        if (!values || values->empty())
            continue;
        const std::int64_t v = values->front();
        if (m_needInitial)
            row.initial = v;
        row.resetButton->setEnabled(row.initial >= 0);
        // Until the engine has the user's value, this snapshot's value is an older one.
        const bool userBusy = row.slider->isSliderDown() || row.spin->hasFocus() || row.unconfirmed != 0;
        if (userBusy)
            continue;
        const auto widgetValue = static_cast<int>(std::clamp<std::int64_t>(v / row.scale, -kIntMax, kIntMax));
        if (row.spin->value() != widgetValue)
            row.spin->setValue(widgetValue);
        if (row.slider->value() != widgetValue)
            row.slider->setValue(widgetValue);
    }
    m_updating = false;
    confirm(m_lowmemUnconfirmed);
    if (const auto* lowmem = s.sysctl("vm.lowmem_reserve_ratio");
        lowmem && !m_lowmem->hasFocus() && m_lowmemUnconfirmed == 0) {
        QStringList parts;
        for (const auto v : *lowmem)
            parts << QString::number(v);
        const QString text = parts.join(QLatin1Char(' '));
        if (m_lowmem->text() != text)
            m_lowmem->setText(text);
    }
    m_needInitial = false;
    // An open list is the user choosing: leave it alone.
    if (!m_thpEnabled->view()->isVisible())
        m_thpEnabled->setCurrentIndex(static_cast<int>(s.thpEnabled));
    if (!m_thpDefrag->view()->isVisible())
        m_thpDefrag->setCurrentIndex(static_cast<int>(s.thpDefrag));
    updateSwapDevices(s);
}

QString TunablesPanel::usageText(const QString& used, const QString& size, int priority)
{
    return tr("%1 used of %2 · priority %3").arg(used, size).arg(priority);
}

void TunablesPanel::updateSwapDevices(const Snapshot& s, bool rebuild)
{
    // Rebuild the rows when the set of devices changes; otherwise refresh their numbers.
    bool same = !rebuild && s.swapDevices.size() == m_swapRows.size();
    for (const auto& dev : s.swapDevices)
        same = same && m_swapRows.contains(dev.name);
    if (!same) {
        for (auto& [name, row] : m_swapRows) {
            delete row.first->parentWidget();
        }
        m_swapRows.clear();
        for (const auto& dev : s.swapDevices) {
            // The device and its button on one line, the usage below it at the panel's whole width.
            auto* line = new QWidget(m_swapBox);
            auto* layout = new QGridLayout(line);
            layout->setContentsMargins(0, 0, 0, 0);
            layout->setVerticalSpacing(2);
            auto* title = new QLabel(QString::fromStdString(dev.name), line);
            title->setTextFormat(Qt::PlainText);
            QFont bold = title->font();
            bold.setBold(true);
            title->setFont(bold);
            // NOTE: plain text and a fixed size: this text changes with every snapshot while swap fills.
            // A rich-text label lays itself out again after it painted, and a label of any other size
            // asks the dock and the main window to lay out again: each cost another frame per snapshot.
            auto* label = new QLabel(line);
            label->setTextFormat(Qt::PlainText);
            label->setText(usageText(formatPagesAsBytes(engine::Pages { 1023 } << 8),
                formatPagesAsBytes(engine::Pages { 999 } << 18), 32767)); // about the widest it gets
            label->setFixedSize(label->sizeHint());
            auto* button = new QToolButton(line);
            button->setCheckable(true);
            button->setObjectName(QString::fromStdString(dev.name));
            button->setMinimumWidth(110);
            layout->addWidget(title, 0, 0);
            layout->addWidget(button, 0, 2);
            layout->addWidget(label, 1, 0, 1, 3);
            layout->setColumnStretch(1, 1);
            m_swapLayout->addWidget(line);
            const std::string name = dev.name;
            connect(button, &QToolButton::clicked, this, [this, name, button](bool on) {
                if (!on) {
                    m_controller->apply(engine::Swapoff { name });
                    return;
                }
                engine::SwapSpec spec;
                spec.name = name;
                if (const auto* scenario = m_controller->scenario()) {
                    for (const auto& sw : scenario->swap) {
                        if (sw.name == name)
                            spec = sw;
                    }
                }
                for (const auto& d : m_controller->latest()->swapDevices) {
                    if (d.name == name && spec.size == 0)
                        spec.size = d.size;
                }
                button->setEnabled(false); // until the snapshot confirms
                m_controller->apply(engine::Swapon { spec });
            });
            m_swapRows[dev.name] = { label, button };
        }
        fitWidth(); // a swap row's usage line may be the widest
    }
    m_noSwap->setVisible(s.swapDevices.empty());
    for (const auto& dev : s.swapDevices) {
        auto& [label, button] = m_swapRows[dev.name];
        const QString current =
            usageText(formatPagesAsBytes(dev.used), formatPagesAsBytes(dev.size), dev.priority);
        if (label->text() != current)
            label->setText(current);
        const QSignalBlocker block(button);
        button->setChecked(dev.active);
        button->setEnabled(true);
        button->setText(dev.active ? tr("active") : tr("off"));
        button->setToolTip(dev.active ? tr("Active: click for swapoff") : tr("Off: click for swapon"));
    }
}

} // namespace rlab::ui
