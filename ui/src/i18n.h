// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QApplication;

namespace rlab::ui {

/// Loads Qt's and ReclaimLab's translations for `language` ("zh_CN", "en"; empty: the system locale) and
/// picks a typeface that covers the script (Noto Sans CJK for Chinese).
void installTranslations(QApplication& app, const QString& language);
/// Switches the running app to `language` (as installTranslations()): the translators of the previous
/// language go, the default QLocale and the typeface follow. Every widget then gets
/// QEvent::LanguageChange, once, when the switch is done, and translates itself.
void setUiLanguage(const QString& language);
/// The language last installed, as given ("" = the system's; also when none was installed).
QString uiLanguage();
/// Languages with a translation, as locale names (English is the source language).
QStringList availableLanguages();

} // namespace rlab::ui
