// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include "controller/speed.h"

#include <QSettings>

namespace rlab::ui {

namespace {

const QString kTheme = QStringLiteral("view/theme");
const QString kLanguage = QStringLiteral("view/language");
const QString kFontScale = QStringLiteral("view/fontScale");
const QString kSpeed = QStringLiteral("run/speedIndex");
const QString kRunOnOpen = QStringLiteral("run/runOnOpen");
const QString kRecent = QStringLiteral("files/recent");
const QString kLastDir = QStringLiteral("files/lastDirectory");
const QString kExportDir = QStringLiteral("export/directory");
const QString kExportPreset = QStringLiteral("export/preset");
const QString kExportLarge = QStringLiteral("export/largeFonts");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");

} // namespace

Settings::Settings(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(QStringLiteral("ReclaimLab"), QStringLiteral("reclaimlab")))
{}

Settings::Settings(const QString& iniPath, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat))
{}

Settings::~Settings() = default;

QString Settings::theme() const
{
    return m_settings->value(kTheme, QStringLiteral("light")).toString();
}

void Settings::setTheme(const QString& theme)
{
    if (theme == this->theme())
        return;
    m_settings->setValue(kTheme, theme);
    Q_EMIT themeChanged(theme);
}

QString Settings::language() const
{
    return m_settings->value(kLanguage).toString();
}

void Settings::setLanguage(const QString& language)
{
    if (language == this->language())
        return;
    m_settings->setValue(kLanguage, language);
    Q_EMIT languageChanged(language);
}

double Settings::fontScale() const
{
    return std::clamp(m_settings->value(kFontScale, 1.0).toDouble(), 0.6, 3.0);
}

void Settings::setFontScale(double scale)
{
    scale = std::clamp(scale, 0.6, 3.0);
    if (qFuzzyCompare(scale, fontScale()))
        return;
    m_settings->setValue(kFontScale, scale);
    Q_EMIT fontScaleChanged(scale);
}

int Settings::speedIndex() const
{
    return Speed::clampIndex(m_settings->value(kSpeed, Speed::kDefault).toInt());
}

void Settings::setSpeedIndex(int index)
{
    if (index == speedIndex())
        return;
    m_settings->setValue(kSpeed, index);
    Q_EMIT speedIndexChanged(index);
}

bool Settings::runOnOpen() const
{
    return m_settings->value(kRunOnOpen, true).toBool();
}

void Settings::setRunOnOpen(bool run)
{
    if (run == runOnOpen())
        return;
    m_settings->setValue(kRunOnOpen, run);
    Q_EMIT runOnOpenChanged(run);
}

QStringList Settings::recentFiles() const
{
    return m_settings->value(kRecent).toStringList();
}

void Settings::addRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    m_settings->setValue(kRecent, files);
    Q_EMIT recentFilesChanged(files);
}

void Settings::removeRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    if (files.removeAll(path) == 0)
        return;
    m_settings->setValue(kRecent, files);
    Q_EMIT recentFilesChanged(files);
}

void Settings::clearRecentFiles()
{
    m_settings->remove(kRecent);
    Q_EMIT recentFilesChanged({});
}

QString Settings::lastDirectory() const
{
    return m_settings->value(kLastDir).toString();
}
void Settings::setLastDirectory(const QString& dir)
{
    m_settings->setValue(kLastDir, dir);
}
QString Settings::exportDirectory() const
{
    return m_settings->value(kExportDir).toString();
}
void Settings::setExportDirectory(const QString& dir)
{
    m_settings->setValue(kExportDir, dir);
}
int Settings::exportPreset() const
{
    return m_settings->value(kExportPreset, 0).toInt();
}
void Settings::setExportPreset(int preset)
{
    m_settings->setValue(kExportPreset, preset);
}
bool Settings::exportLargeFonts() const
{
    return m_settings->value(kExportLarge, false).toBool();
}
void Settings::setExportLargeFonts(bool large)
{
    m_settings->setValue(kExportLarge, large);
}
QByteArray Settings::windowGeometry() const
{
    return m_settings->value(kGeometry).toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings->setValue(kGeometry, geometry);
}
QByteArray Settings::windowState() const
{
    return m_settings->value(kState).toByteArray();
}
void Settings::setWindowState(const QByteArray& state)
{
    m_settings->setValue(kState, state);
}

QByteArray Settings::splitterState(const QString& name) const
{
    return m_settings->value(QStringLiteral("window/splitter-") + name).toByteArray();
}

void Settings::setSplitterState(const QString& name, const QByteArray& state)
{
    m_settings->setValue(QStringLiteral("window/splitter-") + name, state);
}

void Settings::sync()
{
    m_settings->sync();
}

} // namespace rlab::ui
