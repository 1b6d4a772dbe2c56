// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "theme.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <span>

namespace rlab::ui {

/// Where a series' value comes from.
enum class SeriesSource
{
    ZoneLevel, ///< one series per zone and the total: "<id>:<zone>"
    Value, ///< the sample's value as it is
    Rate, ///< a cumulative counter per second, over PlotHistory::kRateWindow samples
    Stall, ///< a cumulative stall time (ns) as a share of the window, in percent
};

enum class SeriesUnit
{
    PageCount, ///< pages, shown with their size
    PagesPerSecond,
    Percent,
    Share, ///< 0..1
};

/// One plotted series: what it is, how it is drawn and how its value is read from a sample. The plot
/// history, the plots' legends, styles and crosshair all read this one table.
struct PlotSeries
{
    const char* id = ""; ///< history id; a ZoneLevel id names a family ("free" → "free:DMA32")
    int page = -1; ///< the MemoryPlots::Kind it is drawn on, in legend order; -1: not drawn as a graph
    const char* name = ""; ///< legend text, translated in the MemoryPlots context
    SeriesUnit unit = SeriesUnit::PageCount;
    QColor ThemeColors::*color = &ThemeColors::text;
    double width = 1.5;
    Qt::PenStyle pen = Qt::SolidLine;
    bool fill = false;
    int darker = 100; ///< QColor::darker() factor; 100 keeps the colour
    bool rightAxis = false;
    bool level = false; ///< flat for long stretches: a graph keeps two points per run of equal values
    SeriesSource source = SeriesSource::Value;
    Pages Sample::Levels::*zoneLevel = nullptr; ///< ZoneLevel
    double (*value)(const Sample&) = nullptr; ///< Value
    std::uint64_t (*counter)(const Sample&) = nullptr; ///< Rate, Stall
    /// The /proc/vmstat items a recording of a real machine has for this series ('+' between summed
    /// ones): the plots overlay them (MemoryPlots::setRecording). A Rate series plots their rate.
    const char* recorded = nullptr;
};

/// Every series, grouped by page in legend order (the LRU page bottom to top).
std::span<const PlotSeries> plotSeries();
/// The row of a history id ("free:DMA32" finds the "free" family), or nullptr.
const PlotSeries* findPlotSeries(const QString& id);

} // namespace rlab::ui
