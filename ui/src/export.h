// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QSize>
#include <QString>

#include <functional>

class QPaintDevice;

namespace rlab::ui {

enum class ExportFormat
{
    Png,
    Svg,
    Pdf,
};

/// Output sizes for slides and handouts.
enum class SizePreset
{
    Hd1080, ///< 1920 × 1080
    Hd720, ///< 1280 × 720
    A4, ///< A4 landscape: 1754 × 1240 px (150 dpi), a real A4 page in PDF
};
inline constexpr int kSizePresetCount = 3;

struct ExportOptions
{
    ExportFormat format = ExportFormat::Png;
    SizePreset preset = SizePreset::Hd1080;
    bool largeFonts = false; ///< for projection: fonts × 1.6 and thicker lines
    /// Plots: only the time window shown on screen (default: the whole run the plots keep).
    bool visibleWindowOnly = false;
};

/// Draws a view onto a paint device of the given logical size. Views and plots provide one; the
/// exporter picks the device (QImage, QSvgGenerator, QPdfWriter).
using Renderer = std::function<void(QPaintDevice& device, const QSize& size, bool largeFonts)>;

QSize presetSize(SizePreset preset);
QString presetName(SizePreset preset);
QString formatSuffix(ExportFormat format);
/// The format a file name asks for (by suffix), or `fallback`.
ExportFormat formatForPath(const QString& path, ExportFormat fallback);
/// Font factor of the "large fonts" option.
inline constexpr double kLargeFontFactor = 1.6;

/// Renders into a PNG, SVG or PDF file. On failure returns false and sets `error` (with the writer's
/// errorString()).
bool exportRendering(const Renderer& renderer, const QString& path, const ExportOptions& options,
    const QString& title, QString* error);
/// SVG text whose font-family attributes all end in the generic `sans-serif`.
QByteArray withGenericFontFamilies(const QByteArray& svg);
/// Renders into an image (clipboard, PNG).
QImage renderImage(const Renderer& renderer, const QSize& size, bool largeFonts);

} // namespace rlab::ui
