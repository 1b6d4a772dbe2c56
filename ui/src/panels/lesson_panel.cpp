// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_panel.h"

#include "controller/simulation_controller.h"
#include "lesson_text.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

namespace rlab::ui {

LessonPanel::LessonPanel(SimulationController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_title(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_steps(new QListWidget(this))
    , m_body(new QTextBrowser(this))
    , m_taskBox(new QWidget(this))
    , m_taskText(new QLabel(m_taskBox))
    , m_taskState(new QLabel(m_taskBox))
    , m_taskButton(new QPushButton(m_taskBox))
    , m_questionBox(new QWidget(this))
    , m_prompt(new QLabel(m_questionBox))
    , m_inputs(new QStackedWidget(m_questionBox))
    , m_number(new QLineEdit(m_inputs))
    , m_unit(new QLabel(m_inputs))
    , m_choicePage(new QWidget(m_inputs))
    , m_choiceLayout(new QVBoxLayout(m_choicePage))
    , m_choices(new QButtonGroup(this))
    , m_victim(new QComboBox(m_inputs))
    , m_hint(new QLabel(m_questionBox))
    , m_hintButton(new QPushButton(this))
    , m_check(new QPushButton(this))
    , m_reveal(new QPushButton(this))
    , m_next(new QPushButton(this))
    , m_restart(new QPushButton(this))
    , m_result(new QLabel(this))
    , m_explain(new QTextBrowser(this))
    , m_teacher(new QCheckBox(this))
    , m_teacherAnswer(new QLabel(this))
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    m_steps->setMaximumHeight(110);
    m_steps->setObjectName(QStringLiteral("lessonSteps"));
    layout->addWidget(m_steps);
    m_body->setOpenExternalLinks(false);
    m_body->setMinimumHeight(160);
    layout->addWidget(m_body, 3);

    auto* taskLayout = new QHBoxLayout(m_taskBox);
    taskLayout->setContentsMargins(0, 0, 0, 0);
    m_taskText->setWordWrap(true);
    taskLayout->addWidget(m_taskText, 1);
    taskLayout->addWidget(m_taskState);
    taskLayout->addWidget(m_taskButton);
    layout->addWidget(m_taskBox);

    auto* questionLayout = new QVBoxLayout(m_questionBox);
    questionLayout->setContentsMargins(0, 0, 0, 0);
    QFont bold = m_prompt->font();
    bold.setBold(true);
    m_prompt->setFont(bold);
    m_prompt->setWordWrap(true);
    questionLayout->addWidget(m_prompt);
    auto* numberPage = new QWidget(m_inputs);
    auto* numberLayout = new QHBoxLayout(numberPage);
    numberLayout->setContentsMargins(0, 0, 0, 0);
    m_number->setObjectName(QStringLiteral("lessonAnswer"));
    m_number->setParent(numberPage);
    m_unit->setParent(numberPage);
    numberLayout->addWidget(m_number, 1);
    numberLayout->addWidget(m_unit);
    m_inputs->addWidget(numberPage);
    m_choiceLayout->setContentsMargins(0, 0, 0, 0);
    m_inputs->addWidget(m_choicePage);
    m_inputs->addWidget(m_victim);
    questionLayout->addWidget(m_inputs);
    m_hint->setWordWrap(true);
    m_hint->hide();
    questionLayout->addWidget(m_hint);
    layout->addWidget(m_questionBox);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_hintButton);
    buttons->addWidget(m_check);
    buttons->addWidget(m_reveal);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    layout->addLayout(buttons);
    m_check->setDefault(true);

    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setObjectName(QStringLiteral("lessonResult"));
    layout->addWidget(m_result);
    m_explain->setMinimumHeight(120);
    layout->addWidget(m_explain, 2);
    m_teacherAnswer->setWordWrap(true);
    m_teacherAnswer->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    layout->addWidget(m_teacherAnswer);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_teacher);
    bottom->addStretch(1);
    bottom->addWidget(m_restart);
    layout->addLayout(bottom);

    connect(m_hintButton, &QPushButton::clicked, this, [this] { m_hint->setVisible(!m_hint->isVisible()); });
    connect(m_check, &QPushButton::clicked, this, [this] { runStep(true); });
    connect(m_reveal, &QPushButton::clicked, this, [this] { runStep(false); });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_lesson && m_step + 1 < m_lesson->steps.size())
            showStep(m_step + 1);
    });
    connect(m_restart, &QPushButton::clicked, this, [this] { m_controller->restart(); });
    connect(m_taskButton, &QPushButton::clicked, this, &LessonPanel::doTask);
    connect(m_teacher, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_lesson && !m_reference)
            startReferenceRun();
        updateTeacherAnswer();
    });
    connect(m_steps, &QListWidget::currentRowChanged, this, [this](int row) {
        // The list shows progress; steps run in order, so a click only shows where one is.
        if (row >= 0 && static_cast<std::size_t>(row) != m_step) {
            const QSignalBlocker block(m_steps);
            m_steps->setCurrentRow(static_cast<int>(m_step));
        }
    });
    connect(m_controller, &SimulationController::lessonStarted, this, &LessonPanel::onLessonStarted);
    connect(m_controller, &SimulationController::lessonStepFinished, this, &LessonPanel::onOutcome);
    connect(m_controller, &SimulationController::snapshotPublished, this, &LessonPanel::onSnapshot);
    retranslateUi();
    onLessonStarted();
}

void LessonPanel::retranslateUi()
{
    m_taskButton->setText(tr("Do it for me"));
    m_number->setPlaceholderText(tr("Your prediction"));
    m_hintButton->setText(tr("Hint"));
    m_check->setToolTip(
        tr("Run to the step's stop; with a question, your prediction is locked in and compared"));
    m_reveal->setText(tr("Reveal"));
    m_reveal->setToolTip(tr("Run to the step's stop and show the answer"));
    m_next->setText(tr("Next step →"));
    m_restart->setText(tr("Restart lesson"));
    m_teacher->setText(tr("Teacher mode: show the answers"));
    if (m_lesson)
        render(false); // the step's texts, keeping the answer typed so far
    else
        m_title->setText(noLessonText());
}

void LessonPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

QString LessonPanel::noLessonText()
{
    return tr("No lesson is open. Choose one from the Lessons menu.");
}

QString LessonPanel::runningText()
{
    return tr("Running to the step's stop…");
}

LessonPanel::~LessonPanel() = default;

QString LessonPanel::text(const engine::LocalText& t) const
{
    return QString::fromStdString(t.in(m_language.toStdString()));
}

void LessonPanel::setLanguage(const QString& language)
{
    m_language = language.isEmpty() ? QStringLiteral("en") : language;
    if (m_lesson)
        render(false);
}

void LessonPanel::setTeacherMode(bool on)
{
    m_teacher->setChecked(on);
}

bool LessonPanel::teacherMode() const
{
    return m_teacher->isChecked();
}

void LessonPanel::onLessonStarted()
{
    m_lesson = m_controller->lesson();
    setEnabled(m_lesson != nullptr);
    if (!m_lesson) {
        m_title->setText(noLessonText());
        return;
    }
    m_done.assign(m_lesson->steps.size(), false);
    m_reference.reset();
    ++m_referenceFor; // a reference run of the previous lesson is no longer wanted
    if (m_teacher->isChecked())
        startReferenceRun(); // else when teacher mode is turned on: a big machine's run costs CPU
    m_fresh = true;
    m_waiting = false;
    showStep(0);
}

void LessonPanel::startReferenceRun()
{
    // Teacher mode shows the answers of a headless run of the whole lesson, made on its own thread.
    const std::uint64_t token = ++m_referenceFor;
    auto lesson = m_lesson;
    // The panel may be gone when the run ends (the window closed): the result goes through qApp and
    // a guard, not through the panel.
    QThread* thread = QThread::create([guard = QPointer<LessonPanel>(this), lesson, token] {
        auto report =
            std::make_shared<const engine::LessonReport>(engine::runLesson(lesson, lesson->scenario.seed));
        QMetaObject::invokeMethod(
            qApp,
            [guard, report, token] {
                if (!guard || token != guard->m_referenceFor)
                    return;
                guard->m_reference = report;
                guard->updateTeacherAnswer();
            },
            Qt::QueuedConnection);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

void LessonPanel::showStep(std::size_t index)
{
    if (!m_lesson)
        return;
    const bool moved = index != m_step || m_fresh;
    m_fresh = false;
    m_step = index;
    if (moved) {
        m_outcome.reset();
        m_controller->beginLessonStep(index);
    }
    render(moved);
    if (const auto& step = m_lesson->steps[index]; !step.highlight.empty())
        Q_EMIT highlightRequested(QString::fromStdString(step.highlight));
}

void LessonPanel::render(bool moved)
{
    const std::size_t index = m_step;
    const auto& step = m_lesson->steps[index];
    m_title->setText(text(m_lesson->title));
    m_progress->setRange(0, static_cast<int>(m_lesson->steps.size()));
    m_progress->setValue(static_cast<int>(std::count(m_done.begin(), m_done.end(), true)));
    m_progress->setFormat(tr("Step %1 of %2").arg(index + 1).arg(m_lesson->steps.size()));
    {
        const QSignalBlocker block(m_steps);
        m_steps->clear();
        for (std::size_t i = 0; i < m_lesson->steps.size(); ++i) {
            const auto& s = m_lesson->steps[i];
            QString label = (m_done[i] ? QStringLiteral("✓ ") : QStringLiteral("   "))
                + QString::number(i + 1) + QStringLiteral(". ");
            label += s.title.empty() ? text(s.text).left(40) : text(s.title);
            if (s.claim)
                label += QStringLiteral("  ⚑");
            m_steps->addItem(label);
        }
        m_steps->setCurrentRow(static_cast<int>(index));
    }
    QString html;
    if (index == 0)
        html += QStringLiteral("<p><i>%1</i></p>").arg(lessonHtml(m_lesson->summary, m_language));
    if (step.claim)
        html += QStringLiteral(
            "<table width=\"100%\" cellpadding=\"6\" style=\"background-color:#fff1d6; color:#3a2a00;\">"
            "<tr><td><b>%1</b> %2</td></tr></table><p></p>")
                    .arg(tr("A popular claim:"), lessonHtml(*step.claim, m_language));
    html += QStringLiteral("<p>%1</p>").arg(lessonHtml(step.text, m_language));
    if (step.compare) {
        QStringList sets;
        for (const engine::SysctlWrite& w : step.compare->sysctls) {
            QStringList values;
            for (const std::int64_t v : w.values)
                values << QString::number(v);
            sets << QStringLiteral("%1 = %2").arg(
                QString::fromStdString(w.name), values.join(QLatin1Char(' ')));
        }
        const QString label = step.compare->label.empty() ? sets.join(QStringLiteral(", "))
                                                          : lessonHtml(step.compare->label, m_language);
        html += QStringLiteral("<p><b>%1</b> %2 (%3)</p>")
                    .arg(tr("Side by side:"), label, sets.join(QStringLiteral(", ")).toHtmlEscaped())
            + QStringLiteral("<p><i>%1</i></p>")
                  .arg(tr("When the run starts, a copy of the machine forks off with these settings and runs "
                          "on the same clock; the checks compare the two."));
    }
    m_body->setHtml(html);

    m_taskBox->setVisible(step.task.has_value());
    if (step.task)
        m_taskText->setText(
            QStringLiteral("<b>%1</b> %2").arg(tr("Your change:"), text(step.task->text).toHtmlEscaped()));

    m_questionBox->setVisible(step.question.has_value());
    m_hintButton->setVisible(step.question && !step.question->hint.empty());
    if (moved)
        m_hint->hide();
    if (step.question && moved) {
        const auto& q = *step.question;
        m_number->clear();
        for (QAbstractButton* b : m_choices->buttons()) {
            m_choices->removeButton(b);
            delete b;
        }
        switch (q.kind) {
        case engine::LessonQuestion::Kind::Number:
            m_inputs->setCurrentIndex(0);
            break;
        case engine::LessonQuestion::Kind::Choice:
            m_inputs->setCurrentIndex(1);
            for (const auto& choice : q.choices) {
                auto* radio = new QRadioButton(m_choicePage);
                radio->setProperty("choiceId", QString::fromStdString(choice.id));
                m_choices->addButton(radio);
                m_choiceLayout->addWidget(radio);
            }
            break;
        case engine::LessonQuestion::Kind::OomVictim:
            m_inputs->setCurrentIndex(2);
            m_victim->clear();
            m_victim->addItem(QString()); // "(choose a process)", below
            for (const auto& p : m_lesson->scenario.processes)
                m_victim->addItem(QString::fromStdString(p.name));
            break;
        }
    }
    // The texts of the answer inputs, also when only the language changed.
    if (step.question) {
        const auto& q = *step.question;
        m_prompt->setText(text(q.prompt));
        m_hint->setText(text(q.hint));
        m_unit->setText(lessonUnit(q.unit));
        for (QAbstractButton* b : m_choices->buttons()) {
            for (const auto& choice : q.choices) {
                if (b->property("choiceId").toString() == QString::fromStdString(choice.id))
                    b->setText(text(choice.text));
            }
        }
        if (m_victim->count() > 0)
            m_victim->setItemText(0, tr("(choose a process)"));
    }
    m_check->setText(step.question ? tr("Run and check ▶") : tr("Run ▶"));
    m_reveal->setVisible(step.question.has_value());
    if (m_waiting) {
        m_result->setText(runningText());
    } else if (!m_outcome) {
        if (!step.question)
            m_result->setText(tr("Read, then press Run."));
        else if (step.run.kind == engine::LessonRun::Kind::None)
            m_result->setText(tr("Answer, then press Run."));
        else
            m_result->setText(tr("Answer first, then press Run: the simulation runs to this step's stop."));
        m_explain->clear();
    } else {
        showResult();
    }
    m_check->setEnabled(!m_outcome && !m_waiting);
    m_reveal->setEnabled(!m_outcome && !m_waiting);
    m_next->setEnabled(m_outcome.has_value() && index + 1 < m_lesson->steps.size());
    updateTeacherAnswer();
    onSnapshot();
}

void LessonPanel::onSnapshot()
{
    if (!m_lesson || !m_lesson->steps[m_step].task)
        return;
    const bool done = m_controller->latest()->lessonTaskDone;
    m_taskState->setText(done ? tr("✓ done") : tr("not yet"));
    m_taskState->setStyleSheet(done ? QStringLiteral("color: #2e7d32;") : QStringLiteral("color: #b26a00;"));
    m_taskButton->setEnabled(!done);
}

void LessonPanel::doTask()
{
    if (!m_lesson || !m_lesson->steps[m_step].task)
        return;
    const auto& command = m_lesson->steps[m_step].task->command;
    if (const auto* set = std::get_if<engine::SetSysctl>(&command))
        m_controller->setSysctl(set->write.name, set->write.values); // the slider follows the snapshot
    else
        m_controller->apply(command);
}

QString LessonPanel::studentAnswer() const
{
    if (!m_lesson || !m_lesson->steps[m_step].question)
        return {};
    switch (m_lesson->steps[m_step].question->kind) {
    case engine::LessonQuestion::Kind::Number:
        return m_number->text();
    case engine::LessonQuestion::Kind::Choice:
        return m_choices->checkedButton() ? m_choices->checkedButton()->property("choiceId").toString()
                                          : QString();
    case engine::LessonQuestion::Kind::OomVictim:
        return m_victim->currentIndex() > 0 ? m_victim->currentText() : QString();
    }
    return {};
}

void LessonPanel::setAnswer(const QString& answer)
{
    if (!m_lesson || !m_lesson->steps[m_step].question)
        return;
    m_number->setText(answer);
    for (QAbstractButton* b : m_choices->buttons())
        b->setChecked(b->property("choiceId").toString() == answer);
    const int index = m_victim->findText(answer);
    if (index > 0)
        m_victim->setCurrentIndex(index);
}

QString LessonPanel::resultText() const
{
    return m_result->text();
}

QString LessonPanel::teacherText() const
{
    return m_teacherAnswer->isVisibleTo(this) ? m_teacherAnswer->text() : QString();
}

void LessonPanel::runStep(bool grade)
{
    if (!m_lesson || m_waiting || m_outcome)
        return;
    const auto& step = m_lesson->steps[m_step];
    if (grade && step.question && studentAnswer().trimmed().isEmpty()) {
        m_result->setText(QStringLiteral("<span style=\"color:#b26a00;\">%1</span>")
                              .arg(tr("Write your prediction first (or press Reveal).")));
        return;
    }
    if (step.task && !m_controller->latest()->lessonTaskDone) {
        m_result->setText(
            QStringLiteral("<span style=\"color:#b26a00;\">%1</span>")
                .arg(tr("Make the change first: %1").arg(text(step.task->text).toHtmlEscaped())));
        return;
    }
    m_grade = grade;
    m_waiting = true;
    m_check->setEnabled(false);
    m_reveal->setEnabled(false);
    m_number->setReadOnly(true);
    m_result->setText(runningText());
    m_controller->runLessonStep();
}

void LessonPanel::onOutcome(const engine::LessonStepOutcome& outcome)
{
    if (!m_lesson || outcome.step != m_step)
        return;
    m_waiting = false;
    m_outcome = outcome;
    m_done[m_step] = true;
    m_number->setReadOnly(false);
    showStep(m_step);
}

QString LessonPanel::answerDisplay(const engine::LessonValue& value) const
{
    const auto& q = *m_lesson->steps[m_step].question;
    QString shown = QString::fromStdString(value.display());
    if (q.kind == engine::LessonQuestion::Kind::Number && !q.unit.empty())
        shown += QLatin1Char(' ') + lessonUnit(q.unit);
    if (q.kind == engine::LessonQuestion::Kind::Choice) {
        for (const auto& choice : q.choices) {
            if (choice.id == value.text)
                shown = text(choice.text);
        }
    }
    return shown.toHtmlEscaped();
}

void LessonPanel::showResult()
{
    const auto& step = m_lesson->steps[m_step];
    const auto& outcome = *m_outcome;
    QString result;
    const QString at = tr("Stopped at %1 s.").arg(static_cast<double>(outcome.stoppedAt) / 1e6, 0, 'f', 2);
    if (!outcome.stopReached)
        result += QStringLiteral("<span style=\"color:#b00020;\">%1</span> ")
                      .arg(tr("The run did not reach this step's stop: %1")
                               .arg(QString::fromStdString(outcome.stopProblem)));
    if (step.question && outcome.answer) {
        const QString answer = answerDisplay(*outcome.answer);
        if (m_grade) {
            const bool right =
                engine::gradeAnswer(*step.question, *outcome.answer, studentAnswer().toStdString());
            result += right ? QStringLiteral("<b style=\"color:#2e7d32;\">✓ %1</b> ").arg(tr("Right."))
                            : QStringLiteral("<b style=\"color:#b00020;\">✗ %1</b> ").arg(tr("Not quite."));
            result += tr("You said %1; the engine says %2.").arg(studentAnswer().toHtmlEscaped(), answer);
        } else {
            result += tr("The engine says %1.").arg(answer);
        }
    } else if (step.question) {
        result += tr("No answer: %1").arg(QString::fromStdString(outcome.answerProblem).toHtmlEscaped());
    }
    m_result->setText(result + QLatin1Char(' ') + at);

    QString html = QStringLiteral("<p>%1</p>").arg(lessonHtml(step.explain, m_language));
    if (!step.checks.empty()) {
        html += QStringLiteral("<p><b>%1</b></p><p>").arg(tr("What the engine checked:"));
        for (std::size_t i = 0; i < step.checks.size(); ++i) {
            const bool ok = i < outcome.checks.size() && outcome.checks[i].ok;
            html += QStringLiteral("%1 %2<br>")
                        .arg(ok ? QStringLiteral("<span style=\"color:#2e7d32;\">✓</span>")
                                : QStringLiteral("<span style=\"color:#b00020;\">✗</span>"),
                            lessonHtml(step.checks[i].text, m_language));
        }
        html += QStringLiteral("</p>");
    }
    m_explain->setHtml(html);
}

void LessonPanel::updateTeacherAnswer()
{
    m_teacherAnswer->setVisible(m_teacher->isChecked() && m_lesson);
    if (!m_teacher->isChecked() || !m_lesson)
        return;
    const auto& step = m_lesson->steps[m_step];
    if (!step.question) {
        m_teacherAnswer->setText(tr("Teacher: this step has no question."));
        return;
    }
    if (!m_reference) {
        m_teacherAnswer->setText(tr("Teacher: computing the answers…"));
        return;
    }
    if (m_step >= m_reference->steps.size() || !m_reference->steps[m_step].answer) {
        m_teacherAnswer->setText(tr("Teacher: the reference run has no answer for this step."));
        return;
    }
    const auto& value = *m_reference->steps[m_step].answer;
    QString shown = answerDisplay(value);
    if (step.question->kind == engine::LessonQuestion::Kind::Number && step.question->tolerance > 0) {
        const auto [lo, hi] = engine::acceptedRange(*step.question, value.number);
        shown += QStringLiteral(" (%1 … %2)")
                     .arg(QString::fromStdString(engine::LessonValue::of(lo).display()),
                         QString::fromStdString(engine::LessonValue::of(hi).display()));
    }
    m_teacherAnswer->setText(tr("Teacher: the answer is %1.").arg(shown));
}

} // namespace rlab::ui
