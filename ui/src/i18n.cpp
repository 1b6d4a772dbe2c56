// SPDX-License-Identifier: GPL-3.0-or-later
#include "i18n.h"

#include <QApplication>
#include <QDir>
#include <QFont>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace rlab::ui {

namespace {

const QString kCjkFamily = QStringLiteral("Noto Sans CJK SC");

QString s_language;
// Owned by the application object, so they go with it (tests make more than one app only in sequence).
QPointer<QTranslator> s_qt;
QPointer<QTranslator> s_own;

void replaceTranslator(
    QPointer<QTranslator>& slot, const QLocale& locale, const QString& name, const QString& dir)
{
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
    }
    auto* translator = new QTranslator(qApp);
    if (translator->load(locale, name, QStringLiteral("_"), dir)) {
        QCoreApplication::installTranslator(translator);
        slot = translator;
    } else {
        delete translator; // English: the source texts
    }
}

/// Holds back the LanguageChange that each removed or installed translator sends, so that widgets
/// translate themselves once per switch, not four times.
class LanguageChangeBlocker : public QObject
{
public:
    LanguageChangeBlocker() { qApp->installEventFilter(this); }
    ~LanguageChangeBlocker() override
    {
        qApp->removeEventFilter(this);
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(qApp, &change);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        return watched == qApp && event->type() == QEvent::LanguageChange;
    }
};

} // namespace

void installTranslations(QApplication&, const QString& language)
{
    setUiLanguage(language);
}

void setUiLanguage(const QString& language)
{
    s_language = language;
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    const LanguageChangeBlocker once;
    // Qt's own strings (dialog buttons, context menus) come from qt6-translations-l10n.
    replaceTranslator(
        s_qt, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    replaceTranslator(s_own, locale, QStringLiteral("rlab"), QStringLiteral(":/i18n"));
    // Noto Sans CJK covers Latin too, so Chinese and English text share one typeface; other languages get
    // the platform's back.
    QFont font = QApplication::font();
    const bool chinese = locale.language() == QLocale::Chinese;
    if (font.families().contains(kCjkFamily) == chinese)
        return;
    QStringList families = font.families();
    if (chinese)
        families = QStringList { kCjkFamily, font.family() };
    else
        families.removeAll(kCjkFamily);
    font.setFamilies(families);
    QApplication::setFont(font);
}

QString uiLanguage()
{
    return s_language;
}

QStringList availableLanguages()
{
    QStringList languages { QStringLiteral("en") };
    for (const QString& file : QDir(QStringLiteral(":/i18n")).entryList({ QStringLiteral("rlab_*.qm") }))
        languages << file.mid(5, file.size() - 8);
    return languages;
}

} // namespace rlab::ui
