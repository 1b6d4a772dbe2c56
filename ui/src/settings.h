// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

namespace rlab::ui {

/// The app's settings: one typed getter, setter and change signal per key, backed by QSettings
/// (STYLE.md §10). Tests pass an INI file path. Tunables are scenario data, never settings.
class Settings : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRecentFiles = 8;

    /// The user's settings (~/.config/ReclaimLab/reclaimlab.conf).
    explicit Settings(QObject* parent = nullptr);
    /// Settings kept in an INI file (tests).
    explicit Settings(const QString& iniPath, QObject* parent = nullptr);
    ~Settings() override;

    QString theme() const; ///< "light" or "dark"
    void setTheme(const QString& theme);
    QString language() const; ///< "" = system, "en", "zh_CN"
    void setLanguage(const QString& language);
    double fontScale() const;
    void setFontScale(double scale);
    int speedIndex() const;
    void setSpeedIndex(int index);
    bool runOnOpen() const;
    void setRunOnOpen(bool run);
    QStringList recentFiles() const;
    /// Puts `path` first in the recent files (at most kMaxRecentFiles).
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);
    void clearRecentFiles();
    QString lastDirectory() const;
    void setLastDirectory(const QString& dir);
    QString exportDirectory() const;
    void setExportDirectory(const QString& dir);
    int exportPreset() const;
    void setExportPreset(int preset);
    bool exportLargeFonts() const;
    void setExportLargeFonts(bool large);
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    QByteArray splitterState(const QString& name) const;
    void setSplitterState(const QString& name, const QByteArray& state);

    void sync();

Q_SIGNALS:
    void themeChanged(const QString& theme);
    void languageChanged(const QString& language);
    void fontScaleChanged(double scale);
    void speedIndexChanged(int index);
    void runOnOpenChanged(bool run);
    void recentFilesChanged(const QStringList& files);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace rlab::ui
