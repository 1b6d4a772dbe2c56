// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <rlab/engine/scenario.h>

#include <QWidget>

class QLabel;
class QTableView;
class QToolButton;
class QPushButton;
class QSortFilterProxyModel;

namespace rlab::ui {

class ProcessModel;
class SimulationController;

/// The process table with an editable oom_score_adj, a kill button and "start a process" presets.
class ProcessPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProcessPanel(SimulationController* controller, QWidget* parent = nullptr);

    void setSnapshot(const Snapshot& snapshot);
    void reset();
    ProcessModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

    static int presetCount();
    static QString presetName(int preset);
    static QString presetDescription(int preset);
    /// The process a preset starts on a machine with `ram` pages, named so it is unique in `snapshot`.
    static engine::ProcessSpec presetSpec(int preset, const Snapshot& snapshot);
    void startPreset(int preset);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void killSelected();
    /// Column widths for the widest value each column can show, from the current font.
    void fitColumns();

    SimulationController* m_controller;
    ProcessModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QToolButton* m_startButton;
    QPushButton* m_killButton;
    QLabel* m_hint = nullptr;
};

} // namespace rlab::ui
