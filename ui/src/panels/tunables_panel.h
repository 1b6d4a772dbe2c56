// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <rlab/engine/tunables.h>

#include <QWidget>

#include <map>
#include <vector>

class QAbstractButton;
class QComboBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QSlider;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace rlab::ui {

class SimulationController;

/// Live tunables: a slider and spin box per sysctl of engine::sysctlTable(), with kernel names, units
/// and ranges; swapon/swapoff per device; drop_caches 1/2/3. Every change goes to the controller, which
/// applies it at the next step (watermark changes show at once, even while paused). A row the user changed
/// keeps the user's value until a snapshot confirms that the engine applied that write, so a dragged slider
/// never jumps back to the value of an older snapshot.
class TunablesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TunablesPanel(SimulationController* controller, QWidget* parent = nullptr);
    ~TunablesPanel() override;

    void setSnapshot(const Snapshot& snapshot);
    /// A new run: the values of its first snapshot become the reset targets.
    void reset();

    /// Sysctls shown with a slider, in panel order (kernel names).
    QStringList sliderSysctls() const;
    QSlider* slider(const QString& sysctl) const;
    QSpinBox* spinBox(const QString& sysctl) const;
    /// Value the engine unit of a slider position stands for (bytes sysctls use MiB steps).
    std::int64_t engineValue(const QString& sysctl, int widgetValue) const;
    QAbstractButton* swapButton(const QString& device) const;
    QAbstractButton* dropCachesButton(int mode) const;
    QLineEdit* lowmemReserveEdit() const { return m_lowmem; }
    /// transparent_hugepage/enabled and defrag: items in engine::ThpMode and engine::ThpDefrag order.
    QComboBox* thpEnabledBox() const { return m_thpEnabled; }
    QComboBox* thpDefragBox() const { return m_thpDefrag; }

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row
    {
        const engine::SysctlInfo* info = nullptr;
        QSlider* slider = nullptr;
        QSpinBox* spin = nullptr;
        QToolButton* resetButton = nullptr;
        QLabel* nameLabel = nullptr;
        QLabel* rangeLabel = nullptr;
        std::int64_t scale = 1;
        std::int64_t initial = -1;
        std::uint64_t unconfirmed = 0; ///< serial of the user's last write until a snapshot applied it
    };
    /// A group box of sysctl rows; `title` is translated by retranslateUi() (QT_TR_NOOP).
    QWidget* makeGroup(
        const char* title, const std::vector<std::string_view>& names, QWidget* extra = nullptr);
    void retranslateUi();
    /// Sets the scroll area's minimum width to its widest row (the panel never scrolls sideways).
    void fitWidth();
    void addRow(QGridLayout* grid, int& row, const engine::SysctlInfo& info);
    void sendValue(Row& row, int widgetValue);
    /// `rebuild`: make the rows anew even if the devices are the same.
    void updateSwapDevices(const Snapshot& snapshot, bool rebuild = false);
    static QString usageText(const QString& used, const QString& size, int priority);

    SimulationController* m_controller;
    std::map<std::string, Row, std::less<>> m_rows;
    std::vector<std::string> m_order;
    QLineEdit* m_lowmem = nullptr;
    QLabel* m_lowmemLabel = nullptr;
    QLabel* m_intro = nullptr;
    QScrollArea* m_scroll = nullptr;
    std::vector<std::pair<QGroupBox*, const char*>> m_groups; ///< with their untranslated titles
    QWidget* m_swapBox = nullptr;
    QVBoxLayout* m_swapLayout = nullptr;
    QLabel* m_noSwap = nullptr;
    std::map<std::string, std::pair<QLabel*, QToolButton*>> m_swapRows;
    std::vector<QAbstractButton*> m_dropButtons;
    QComboBox* m_thpEnabled = nullptr; ///< items in engine::ThpMode order
    QComboBox* m_thpDefrag = nullptr; ///< items in engine::ThpDefrag order
    QLabel* m_thpEnabledLabel = nullptr;
    QLabel* m_thpDefragLabel = nullptr;
    std::uint64_t m_lowmemUnconfirmed = 0; ///< the same for vm.lowmem_reserve_ratio
    bool m_updating = false;
    bool m_needInitial = true;
    Pages m_totalRam = 0;
};

} // namespace rlab::ui
