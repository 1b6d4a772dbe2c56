// SPDX-License-Identifier: GPL-3.0-or-later
#include "i18n.h"

#include <QApplication>
#include <QDir>
#include <QFont>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace rlab::ui {

void installTranslations(QApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    else
        delete qt;
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("rlab"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
    else
        delete own;
    if (locale.language() == QLocale::Chinese) {
        // Noto Sans CJK covers Latin too, so Chinese and English text share one typeface.
        QFont font = QApplication::font();
        font.setFamilies({ QStringLiteral("Noto Sans CJK SC"), font.family() });
        QApplication::setFont(font);
    }
}

QStringList availableLanguages()
{
    QStringList languages { QStringLiteral("en") };
    for (const QString& file : QDir(QStringLiteral(":/i18n")).entryList({ QStringLiteral("rlab_*.qm") }))
        languages << file.mid(5, file.size() - 8);
    return languages;
}

} // namespace rlab::ui
