// SPDX-License-Identifier: GPL-3.0-or-later
#include "export_dialog.h"

#include "settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>

namespace rlab::ui {

ExportDialog::ExportDialog(const QStringList& targets, int currentTarget, Settings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_target(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_preset(new QComboBox(this))
    , m_large(new QCheckBox(tr("Large fonts for projection"), this))
    , m_visibleOnly(new QCheckBox(tr("Plots: only the time window on screen"), this))
    , m_path(new QLineEdit(this))
{
    setWindowTitle(tr("Export for slides"));
    for (const QString& t : targets) {
        // "Title|stem"
        m_target->addItem(t.section(QLatin1Char('|'), 0, 0));
        m_stems << t.section(QLatin1Char('|'), 1, 1);
    }
    m_target->setCurrentIndex(currentTarget);
    m_format->addItem(tr("PNG image"), static_cast<int>(ExportFormat::Png));
    m_format->addItem(tr("SVG vector drawing"), static_cast<int>(ExportFormat::Svg));
    m_format->addItem(tr("PDF document"), static_cast<int>(ExportFormat::Pdf));
    for (int i = 0; i < kSizePresetCount; ++i)
        m_preset->addItem(presetName(static_cast<SizePreset>(i)), i);
    m_preset->setCurrentIndex(std::clamp(settings->exportPreset(), 0, kSizePresetCount - 1));
    m_large->setChecked(settings->exportLargeFonts());

    QString dir = settings->exportDirectory();
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    m_path->setText(QDir(dir).filePath(m_stems.value(currentTarget) + QStringLiteral(".png")));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Export to"), m_path->text(), tr("Images and documents (*.png *.svg *.pdf)"));
        if (!file.isEmpty()) {
            m_path->setText(file);
            const ExportFormat f = formatForPath(file, ExportFormat::Png);
            m_format->setCurrentIndex(m_format->findData(static_cast<int>(f)));
        }
    });
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("What:"), m_target);
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Size:"), m_preset);
    form->addRow(QString(), m_large);
    m_visibleOnly->setToolTip(
        tr("Off: a plot shows the whole run (the last 10 simulated minutes the plots keep)"));
    form->addRow(QString(), m_visibleOnly);
    form->addRow(tr("File:"), pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        m_settings->setExportPreset(m_preset->currentIndex());
        m_settings->setExportLargeFonts(m_large->isChecked());
        m_settings->setExportDirectory(QFileInfo(path()).absolutePath());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuffix);
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        const QFileInfo info(m_path->text());
        m_path->setText(
            info.dir().filePath(m_stems.value(m_target->currentIndex()) + QLatin1Char('.') + info.suffix()));
    });
    resize(620, sizeHint().height());
}

void ExportDialog::updateSuffix()
{
    const QFileInfo info(m_path->text());
    const auto format = static_cast<ExportFormat>(m_format->currentData().toInt());
    m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + formatSuffix(format)));
}

int ExportDialog::target() const
{
    return m_target->currentIndex();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    o.preset = static_cast<SizePreset>(m_preset->currentData().toInt());
    o.largeFonts = m_large->isChecked();
    o.visibleWindowOnly = m_visibleOnly->isChecked();
    return o;
}

QString ExportDialog::path() const
{
    return m_path->text();
}

} // namespace rlab::ui
