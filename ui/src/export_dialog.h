// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "export.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace rlab::ui {

class Settings;

/// Export for slides: what (a plot, the memory view, the page map), format, size preset, "large fonts",
/// and the file.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(
        const QStringList& targets, int currentTarget, Settings* settings, QWidget* parent = nullptr);

    int target() const;
    ExportOptions options() const;
    QString path() const;

private:
    void updateSuffix();

    Settings* m_settings;
    QComboBox* m_target;
    QComboBox* m_format;
    QComboBox* m_preset;
    QCheckBox* m_large;
    QCheckBox* m_visibleOnly;
    QLineEdit* m_path;
    QStringList m_stems;
};

} // namespace rlab::ui
