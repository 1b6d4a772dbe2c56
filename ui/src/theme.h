// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QColor>
#include <QFont>

namespace rlab::ui {

/// Colours shared by every view and plot, so that a list has one colour everywhere.
struct ThemeColors
{
    QColor window;
    QColor panel; ///< background of painted views
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor track; ///< empty part of a lane
    QColor free;
    QColor kernel;
    QColor inactiveAnon;
    QColor activeAnon;
    QColor inactiveFile;
    QColor activeFile;
    QColor unevictable;
    QColor dirty;
    QColor writeback;
    QColor isolated;
    QColor swap;
    QColor kswapd; ///< background reclaim
    QColor direct; ///< direct reclaim
    QColor compaction;
    QColor oom;
    QColor wmarkMin;
    QColor wmarkLow;
    QColor wmarkHigh;
    QColor accent;
};

enum class ThemeMode
{
    Light,
    Dark,
};

class Theme
{
public:
    /// Sets the Fusion style and the light or dark palette on the application.
    static void apply(ThemeMode mode);
    static ThemeMode mode();
    static const ThemeColors& colors();
    static QColor lruColor(engine::LruList lru);
    static QColor pageClassColor(PageClass cls);
    /// A pageblock's or a free list's migratetype (the buddy view).
    static QColor migratetypeColor(engine::Migratetype type);
    /// A colour for a FrameState code (Free, Kernel, Isolated, LruBase + list).
    static QColor placeColor(std::uint8_t code);
    /// Application font scale (View → Zoom): 1.0 is the system size.
    static double fontScale();
    static void setFontScale(double scale);
    /// A font `points` large at the current scale (for painted views).
    static QFont font(double points, bool bold = false);
};

} // namespace rlab::ui
