// SPDX-License-Identifier: GPL-3.0-or-later
#include "export.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImageWriter>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

namespace rlab::ui {

QSize presetSize(SizePreset preset)
{
    switch (preset) {
    case SizePreset::Hd1080:
        return { 1920, 1080 };
    case SizePreset::Hd720:
        return { 1280, 720 };
    case SizePreset::A4:
        return { 1754, 1240 };
    }
    return { 1920, 1080 };
}

QString presetName(SizePreset preset)
{
    switch (preset) {
    case SizePreset::Hd1080:
        return QCoreApplication::translate("Export", "1920 × 1080 (Full HD slide)");
    case SizePreset::Hd720:
        return QCoreApplication::translate("Export", "1280 × 720 (HD slide)");
    case SizePreset::A4:
        return QCoreApplication::translate("Export", "A4 landscape");
    }
    return {};
}

QString formatSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png:
        return QStringLiteral("png");
    case ExportFormat::Svg:
        return QStringLiteral("svg");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return QStringLiteral("png");
}

ExportFormat formatForPath(const QString& path, ExportFormat fallback)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ExportFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ExportFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    return fallback;
}

QByteArray withGenericFontFamilies(const QByteArray& svg)
{
    // QSvgGenerator names the one family Qt resolved ("Sans Serif", "DejaVu Sans"); a slide tool that
    // lacks it falls back to its default, often a serif face. Every family gets the generic fallback.
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    QString text = QString::fromUtf8(svg);
    QString out;
    out.reserve(text.size() + 256);
    qsizetype at = 0;
    for (auto it = family.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(at, m.capturedStart() - at);
        const QString name = m.captured(1).trimmed();
        const bool generic = name.isEmpty()
            || name.compare(QLatin1String("Sans Serif"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("sans"), Qt::CaseInsensitive) == 0
            || name.compare(QLatin1String("sans-serif"), Qt::CaseInsensitive) == 0;
        out += generic ? QStringLiteral("font-family=\"sans-serif\"")
                       : QStringLiteral("font-family=\"&apos;%1&apos;, sans-serif\"").arg(name);
        at = m.capturedEnd();
    }
    out += QStringView(text).mid(at);
    return out.toUtf8();
}

QImage renderImage(const Renderer& renderer, const QSize& size, bool largeFonts)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    renderer(image, size, largeFonts);
    return image;
}

bool exportRendering(const Renderer& renderer, const QString& path, const ExportOptions& options,
    const QString& title, QString* error)
{
    const QSize size = presetSize(options.preset);
    switch (options.format) {
    case ExportFormat::Png: {
        const QImage image = renderImage(renderer, size, options.largeFonts);
        QImageWriter writer(path, "png");
        if (!writer.write(image)) {
            if (error)
                *error = writer.errorString();
            return false;
        }
        return true;
    }
    case ExportFormat::Svg: {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(96); // the same font scale as the PNG
        svg.setTitle(title);
        svg.setDescription(QCoreApplication::translate("Export", "Exported from ReclaimLab"));
        renderer(svg, size, options.largeFonts);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(withGenericFontFamilies(buffer.data())) < 0
            || !file.commit()) {
            if (error)
                *error = file.errorString();
            return false;
        }
        return true;
    }
    case ExportFormat::Pdf: {
        QPdfWriter pdf(path);
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("ReclaimLab"));
        // 96 dpi, like the PNG, so that text has the same size relative to the page in every format.
        pdf.setResolution(96);
        if (options.preset == SizePreset::A4)
            pdf.setPageLayout(
                QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
        else
            pdf.setPageLayout(QPageLayout(
                QPageSize(QSizeF(size) * 0.75, QPageSize::Point, QString(), QPageSize::ExactMatch),
                QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        const QSize device(pdf.width(), pdf.height());
        renderer(pdf, device, options.largeFonts);
        if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0) {
            if (error)
                *error = QCoreApplication::translate("Export", "could not write %1").arg(path);
            return false;
        }
        return true;
    }
    }
    return false;
}

} // namespace rlab::ui
