// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_text.h"

#include <QCoreApplication>
#include <QLocale>

namespace rlab::ui {

QString lessonLanguage()
{
    return QLocale().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

QString lessonHtml(const engine::LocalText& text, const QString& language)
{
    return QString::fromStdString(text.in(language.toStdString()))
        .toHtmlEscaped()
        .replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString lessonUnit(const std::string& unit)
{
    if (unit == "pages")
        return QCoreApplication::translate("LessonText", "pages");
    if (unit == "s")
        return QCoreApplication::translate("LessonText", "s");
    return QString::fromStdString(unit).toHtmlEscaped();
}

} // namespace rlab::ui
