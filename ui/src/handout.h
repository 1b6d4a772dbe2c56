// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/lesson.h>
#include <rlab/engine/lesson_session.h>

#include <QString>
#include <QStringList>

namespace rlab::ui {

struct HandoutResult
{
    QStringList files; ///< worksheet PDF, answer key PDF, then the charts it used
    QString error; ///< empty on success
};

/// Runs the lesson headless (the reference run), draws its charts and writes `<id>-worksheet-<lang>.pdf`
/// (steps, claims, tasks, questions with room for answers, charts) and `<id>-answers-<lang>.pdf` (each
/// answer, the accepted range, the explanation and the checkpoints) into `outDir`. Needs a QApplication.
HandoutResult writeHandout(
    const engine::Lesson& lesson, std::uint64_t seed, const QString& language, const QString& outDir);

/// The worksheet and answer key as HTML (for tests and the PDF writer). `report` is the reference run.
QString worksheetHtml(
    const engine::Lesson& lesson, const QString& language, const QStringList& chartResources);
QString answerKeyHtml(
    const engine::Lesson& lesson, const engine::LessonReport& report, const QString& language);

} // namespace rlab::ui
