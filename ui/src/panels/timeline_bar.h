// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QWidget>

class QLabel;
class QSlider;
class QToolButton;

namespace rlab::ui {

/// The timeline: a slider over the simulated time so far and buttons to step a moment or an event back
/// and forth. Dragging to a moment shows it in every view (SimulationController::seek); the run goes on
/// from the newest moment unless the user continues from the past.
class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineBar(QWidget* parent = nullptr);

    /// Follows the run: the slider's range is 0..Snapshot::headAt, its knob at Snapshot::now.
    void setSnapshot(const Snapshot& snapshot);
    void reset();
    /// The moment the slider points at while the user drags it, else the one shown.
    Tick shownAt() const { return m_now; }
    Tick headAt() const { return m_head; }

Q_SIGNALS:
    void seekRequested(engine::Tick at);
    /// The previous (forward: next) event of the event log.
    void eventRequested(bool forward);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateLabel(Tick shown);
    void seekToSlider();

    QToolButton* m_previousEvent;
    QToolButton* m_stepBack;
    QSlider* m_slider;
    QToolButton* m_stepForward;
    QToolButton* m_nextEvent;
    QToolButton* m_live;
    QLabel* m_title;
    QLabel* m_label;
    Tick m_head = 0;
    Tick m_now = 0;
    std::size_t m_checkpoints = 0;
    std::uint64_t m_checkpointBytes = 0;
    Tick m_checkpointEvery = 0;
};

} // namespace rlab::ui
