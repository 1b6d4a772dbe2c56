// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_bar.h"

#include "controller/simulation_worker.h"
#include "format.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <algorithm>
#include <limits>

namespace rlab::ui {

namespace {

/// The slider counts milliseconds: a run of 24 days fits its int range.
int toSlider(Tick t)
{
    return static_cast<int>(std::min<Tick>(t / engine::kTicksPerMs, std::numeric_limits<int>::max()));
}

} // namespace

TimelineBar::TimelineBar(QWidget* parent)
    : QWidget(parent)
    , m_previousEvent(new QToolButton(this))
    , m_stepBack(new QToolButton(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_stepForward(new QToolButton(this))
    , m_nextEvent(new QToolButton(this))
    , m_live(new QToolButton(this))
    , m_title(new QLabel(this))
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("timeline"));
    m_slider->setObjectName(QStringLiteral("timelineSlider"));
    m_slider->setRange(0, 0);
    m_slider->setSingleStep(100);
    m_slider->setPageStep(1000);
    m_previousEvent->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
    m_stepBack->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_stepForward->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_nextEvent->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    m_previousEvent->setObjectName(QStringLiteral("timelinePreviousEvent"));
    m_stepBack->setObjectName(QStringLiteral("timelineStepBack"));
    m_stepForward->setObjectName(QStringLiteral("timelineStepForward"));
    m_nextEvent->setObjectName(QStringLiteral("timelineNextEvent"));
    m_live->setObjectName(QStringLiteral("timelineLive"));
    m_label->setObjectName(QStringLiteral("timelineLabel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->addWidget(m_title);
    layout->addWidget(m_previousEvent);
    layout->addWidget(m_stepBack);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_stepForward);
    layout->addWidget(m_nextEvent);
    layout->addWidget(m_live);
    layout->addWidget(m_label);

    connect(m_slider, &QSlider::sliderMoved, this,
        [this](int ms) { updateLabel(Tick { ms } * engine::kTicksPerMs); });
    connect(m_slider, &QSlider::sliderReleased, this, &TimelineBar::seekToSlider);
    // Keys and clicks beside the knob move it without a drag: each such move is a seek.
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        if (!m_slider->isSliderDown())
            seekToSlider();
    });
    connect(m_stepBack, &QToolButton::clicked, this,
        [this] { Q_EMIT seekRequested(std::max<Tick>(0, m_now - engine::Simulator::kStep)); });
    connect(m_stepForward, &QToolButton::clicked, this,
        [this] { Q_EMIT seekRequested(std::min(m_head, m_now + engine::Simulator::kStep)); });
    connect(m_previousEvent, &QToolButton::clicked, this, [this] { Q_EMIT eventRequested(false); });
    connect(m_nextEvent, &QToolButton::clicked, this, [this] { Q_EMIT eventRequested(true); });
    connect(m_live, &QToolButton::clicked, this, [this] { Q_EMIT seekRequested(m_head); });
    retranslateUi();
    reset();
}

void TimelineBar::reset()
{
    m_head = m_now = 0;
    m_checkpoints = 0;
    m_checkpointBytes = 0;
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, 0);
    m_slider->setValue(0);
    updateLabel(0);
}

void TimelineBar::setSnapshot(const Snapshot& s)
{
    const bool changed = s.headAt != m_head || s.now != m_now || s.checkpoints != m_checkpoints;
    m_head = s.headAt;
    m_now = s.now;
    m_checkpoints = s.checkpoints;
    m_checkpointBytes = s.checkpointBytes;
    m_checkpointEvery = s.checkpointEvery;
    if (!changed || m_slider->isSliderDown())
        return;
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, toSlider(m_head));
    m_slider->setValue(toSlider(m_now));
    const bool past = s.viewingPast();
    m_stepForward->setEnabled(past);
    m_live->setEnabled(past);
    m_stepBack->setEnabled(m_now > 0);
    updateLabel(m_now);
}

void TimelineBar::seekToSlider()
{
    const Tick at = Tick { m_slider->value() } * engine::kTicksPerMs;
    if (at != m_now)
        Q_EMIT seekRequested(at);
}

void TimelineBar::updateLabel(Tick shown)
{
    const QString where = shown < m_head
        ? tr("%1 of %2 · in the past").arg(formatSimTime(shown), formatSimTime(m_head))
        : tr("%1 · now").arg(formatSimTime(shown));
    m_label->setText(where);
    m_label->setToolTip(
        tr("%n checkpoint(s) of the engine state, %1 of at most %2, one every %3: a moment is "
           "shown by restoring the checkpoint before it and simulating on to it.",
            nullptr, static_cast<int>(m_checkpoints))
            .arg(formatPagesAsBytes(m_checkpointBytes / engine::kPageSize),
                formatPagesAsBytes(SimulationWorker::kCheckpointBudget / engine::kPageSize),
                formatSimTimeShort(m_checkpointEvery)));
}

void TimelineBar::retranslateUi()
{
    m_title->setText(tr("Timeline"));
    m_previousEvent->setToolTip(tr("Previous event in the event log"));
    m_stepBack->setToolTip(tr("One step (100 µs) back"));
    m_stepForward->setToolTip(tr("One step (100 µs) forward, within what was simulated"));
    m_nextEvent->setToolTip(tr("Next event in the event log"));
    m_live->setText(tr("Now"));
    m_live->setToolTip(tr("Back to the newest moment of the run"));
    m_slider->setToolTip(tr("Drag to any moment of the run: every view shows it. Run, Step or a live change "
                            "then continues from there."));
    updateLabel(m_now);
}

void TimelineBar::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace rlab::ui
