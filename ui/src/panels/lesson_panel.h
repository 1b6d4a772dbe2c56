// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/lesson_session.h>

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QVBoxLayout;
class QWidget;

namespace rlab::ui {

class SimulationController;

/// The lesson player: the steps with progress, the step's text and popular claim, the live change asked
/// for, the question with an answer box, Hint / Check / Reveal, the explanation and checkpoints after the
/// run, Next, and a teacher mode that shows the answers of a reference run.
class LessonPanel : public QWidget
{
    Q_OBJECT
public:
    LessonPanel(SimulationController* controller, QWidget* parent = nullptr);
    ~LessonPanel() override;

    /// The UI language ("en", "zh_CN") the lesson texts follow.
    void setLanguage(const QString& language);
    void setTeacherMode(bool on);
    bool teacherMode() const;
    std::size_t currentStep() const { return m_step; }
    /// For tests and screenshots: types an answer (number text, choice id or process name).
    void setAnswer(const QString& answer);
    QString resultText() const;
    QString teacherText() const;
    /// Whether the current step's outcome arrived.
    bool revealed() const { return m_outcome.has_value(); }

    QPushButton* checkButton() const { return m_check; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* revealButton() const { return m_reveal; }
    QPushButton* taskButton() const { return m_taskButton; }

protected:
    void changeEvent(QEvent* event) override;

Q_SIGNALS:
    /// The step wants this view in front (lessonViewNames()).
    void highlightRequested(const QString& view);
    /// The student asked for the handout of the open lesson.
    void handoutRequested();

private:
    void onLessonStarted();
    void retranslateUi();
    static QString noLessonText();
    static QString runningText();
    /// Starts step `index` anew if it is another step (or the lesson is fresh) and shows it.
    void showStep(std::size_t index);
    /// Fills the panel for the current step in the panel's language; `moved`: the step is new, so its
    /// answer inputs start empty.
    void render(bool moved);
    void onOutcome(const engine::LessonStepOutcome& outcome);
    void onSnapshot();
    void runStep(bool grade);
    void showResult();
    void doTask();
    void updateTeacherAnswer();
    void startReferenceRun();
    QString text(const engine::LocalText& t) const;
    QString studentAnswer() const;
    QString answerDisplay(const engine::LessonValue& value) const;

    SimulationController* m_controller;
    std::shared_ptr<const engine::Lesson> m_lesson;
    QString m_language = QStringLiteral("en");
    std::size_t m_step = 0;
    bool m_grade = false;
    bool m_waiting = false;
    bool m_fresh = true; ///< the next showStep() starts its step anew (a lesson was opened or rewound)
    std::optional<engine::LessonStepOutcome> m_outcome;
    std::vector<bool> m_done;
    std::shared_ptr<const engine::LessonReport> m_reference;
    std::uint64_t m_referenceFor = 0;

    QLabel* m_title;
    QProgressBar* m_progress;
    QListWidget* m_steps;
    QTextBrowser* m_body;
    QWidget* m_taskBox;
    QLabel* m_taskText;
    QLabel* m_taskState;
    QPushButton* m_taskButton;
    QWidget* m_questionBox;
    QLabel* m_prompt;
    QStackedWidget* m_inputs;
    QLineEdit* m_number;
    QLabel* m_unit;
    QWidget* m_choicePage;
    QVBoxLayout* m_choiceLayout;
    QButtonGroup* m_choices;
    QComboBox* m_victim;
    QLabel* m_hint;
    QPushButton* m_hintButton;
    QPushButton* m_check;
    QPushButton* m_reveal;
    QPushButton* m_next;
    QPushButton* m_restart;
    QLabel* m_result;
    QTextBrowser* m_explain;
    QCheckBox* m_teacher;
    QLabel* m_teacherAnswer;
};

} // namespace rlab::ui
