// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QApplication;

namespace rlab::ui {

/// Loads Qt's and ReclaimLab's translations for `language` ("zh_CN", "en"; empty: the system locale) and
/// picks a typeface that covers the script (Noto Sans CJK for Chinese).
void installTranslations(QApplication& app, const QString& language);
/// Languages with a translation, as locale names (English is the source language).
QStringList availableLanguages();

} // namespace rlab::ui
