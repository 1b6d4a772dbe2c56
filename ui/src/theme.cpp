// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace rlab::ui {

namespace {

ThemeMode s_mode = ThemeMode::Light;
double s_fontScale = 1.0;
double s_basePointSize = 0.0;

const ThemeColors kLight {
    .window = QColor(0xf4, 0xf5, 0xf7),
    .panel = QColor(0xff, 0xff, 0xff),
    .text = QColor(0x1d, 0x23, 0x2b),
    .mutedText = QColor(0x5f, 0x6b, 0x7a),
    .grid = QColor(0xe3, 0xe7, 0xec),
    .track = QColor(0xee, 0xf1, 0xf4),
    .free = QColor(0x4c, 0xaf, 0x50),
    .kernel = QColor(0x90, 0x98, 0xa3),
    .inactiveAnon = QColor(0xf7, 0xb2, 0x6a),
    .activeAnon = QColor(0xe0, 0x6c, 0x00),
    .inactiveFile = QColor(0x86, 0xb9, 0xe8),
    .activeFile = QColor(0x1f, 0x6f, 0xbf),
    .unevictable = QColor(0x95, 0x5b, 0xb5),
    .dirty = QColor(0xe9, 0xc4, 0x1b),
    .writeback = QColor(0xd6, 0x33, 0x84),
    .isolated = QColor(0x45, 0x55, 0x64),
    .swap = QColor(0x8d, 0x6e, 0x63),
    .kswapd = QColor(0x00, 0x96, 0x88),
    .direct = QColor(0xe5, 0x39, 0x35),
    .compaction = QColor(0x39, 0x49, 0xab),
    .oom = QColor(0x8e, 0x24, 0xaa),
    .wmarkMin = QColor(0xd3, 0x2f, 0x2f),
    .wmarkLow = QColor(0xf5, 0x7c, 0x00),
    .wmarkHigh = QColor(0x38, 0x8e, 0x3c),
    .accent = QColor(0x2f, 0x6f, 0xde),
};

const ThemeColors kDark {
    .window = QColor(0x1c, 0x1f, 0x24),
    .panel = QColor(0x24, 0x28, 0x2f),
    .text = QColor(0xe6, 0xe9, 0xee),
    .mutedText = QColor(0x9a, 0xa4, 0xb1),
    .grid = QColor(0x36, 0x3c, 0x45),
    .track = QColor(0x2e, 0x33, 0x3b),
    .free = QColor(0x66, 0xc2, 0x6a),
    .kernel = QColor(0x7b, 0x84, 0x90),
    .inactiveAnon = QColor(0xf5, 0xb0, 0x6b),
    .activeAnon = QColor(0xff, 0x8a, 0x1f),
    .inactiveFile = QColor(0x7f, 0xb6, 0xf0),
    .activeFile = QColor(0x3d, 0x8b, 0xe8),
    .unevictable = QColor(0xb3, 0x7f, 0xd6),
    .dirty = QColor(0xf2, 0xd0, 0x3b),
    .writeback = QColor(0xf0, 0x5a, 0xa0),
    .isolated = QColor(0xc8, 0xd1, 0xdb),
    .swap = QColor(0xb0, 0x8d, 0x80),
    .kswapd = QColor(0x26, 0xc6, 0xb5),
    .direct = QColor(0xff, 0x55, 0x52),
    .compaction = QColor(0x8c, 0x9e, 0xff),
    .oom = QColor(0xd0, 0x7b, 0xf0),
    .wmarkMin = QColor(0xff, 0x6b, 0x6b),
    .wmarkLow = QColor(0xff, 0xa7, 0x26),
    .wmarkHigh = QColor(0x81, 0xc7, 0x84),
    .accent = QColor(0x5b, 0x9b, 0xff),
};

} // namespace

void Theme::apply(ThemeMode mode)
{
    s_mode = mode;
    const ThemeColors& c = colors();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    if (mode == ThemeMode::Dark) {
        p.setColor(QPalette::Window, c.window);
        p.setColor(QPalette::WindowText, c.text);
        p.setColor(QPalette::Base, c.panel);
        p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2f, 0x37));
        p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x35, 0x3d));
        p.setColor(QPalette::ToolTipText, c.text);
        p.setColor(QPalette::PlaceholderText, c.mutedText);
        p.setColor(QPalette::Text, c.text);
        p.setColor(QPalette::Button, QColor(0x2c, 0x31, 0x39));
        p.setColor(QPalette::ButtonText, c.text);
        p.setColor(QPalette::BrightText, Qt::white);
        p.setColor(QPalette::Light, QColor(0x3a, 0x40, 0x4a));
        p.setColor(QPalette::Midlight, QColor(0x33, 0x39, 0x42));
        p.setColor(QPalette::Mid, QColor(0x2a, 0x2f, 0x37));
        p.setColor(QPalette::Dark, QColor(0x15, 0x17, 0x1b));
        p.setColor(QPalette::Shadow, QColor(0x0d, 0x0e, 0x10));
        p.setColor(QPalette::Highlight, c.accent);
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, c.accent);
        p.setColor(QPalette::Disabled, QPalette::Text, c.mutedText);
        p.setColor(QPalette::Disabled, QPalette::ButtonText, c.mutedText);
        p.setColor(QPalette::Disabled, QPalette::WindowText, c.mutedText);
    } else {
        p.setColor(QPalette::Window, c.window);
        p.setColor(QPalette::WindowText, c.text);
        p.setColor(QPalette::Base, c.panel);
        p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfa));
        p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xf2));
        p.setColor(QPalette::ToolTipText, c.text);
        p.setColor(QPalette::PlaceholderText, c.mutedText);
        p.setColor(QPalette::Text, c.text);
        p.setColor(QPalette::Button, QColor(0xfb, 0xfc, 0xfd));
        p.setColor(QPalette::ButtonText, c.text);
        p.setColor(QPalette::Light, Qt::white);
        p.setColor(QPalette::Midlight, QColor(0xe9, 0xec, 0xf0));
        p.setColor(QPalette::Mid, QColor(0xc9, 0xcf, 0xd6));
        p.setColor(QPalette::Dark, QColor(0xa0, 0xa8, 0xb3));
        p.setColor(QPalette::Highlight, c.accent);
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, c.accent);
        p.setColor(QPalette::Disabled, QPalette::Text, c.mutedText);
        p.setColor(QPalette::Disabled, QPalette::ButtonText, c.mutedText);
        p.setColor(QPalette::Disabled, QPalette::WindowText, c.mutedText);
    }
    QApplication::setPalette(p);
}

ThemeMode Theme::mode()
{
    return s_mode;
}

const ThemeColors& Theme::colors()
{
    return s_mode == ThemeMode::Dark ? kDark : kLight;
}

QColor Theme::lruColor(engine::LruList lru)
{
    const ThemeColors& c = colors();
    switch (lru) {
    case engine::LruList::InactiveAnon:
        return c.inactiveAnon;
    case engine::LruList::ActiveAnon:
        return c.activeAnon;
    case engine::LruList::InactiveFile:
        return c.inactiveFile;
    case engine::LruList::ActiveFile:
        return c.activeFile;
    case engine::LruList::Unevictable:
        return c.unevictable;
    }
    return c.kernel;
}

QColor Theme::pageClassColor(PageClass cls)
{
    const ThemeColors& c = colors();
    switch (cls) {
    case PageClass::Free:
        return c.free;
    case PageClass::Kernel:
        return c.kernel;
    case PageClass::InactiveAnon:
        return c.inactiveAnon;
    case PageClass::ActiveAnon:
        return c.activeAnon;
    case PageClass::InactiveFile:
        return c.inactiveFile;
    case PageClass::ActiveFile:
        return c.activeFile;
    case PageClass::Dirty:
        return c.dirty;
    case PageClass::Writeback:
        return c.writeback;
    case PageClass::Unevictable:
        return c.unevictable;
    case PageClass::Isolated:
        return c.isolated;
    case PageClass::Count:
        break;
    }
    return c.kernel;
}

QColor Theme::migratetypeColor(engine::Migratetype type)
{
    // Movable is a quiet green: most pageblocks are movable and the eye should skip to the others.
    switch (type) {
    case engine::Migratetype::Unmovable:
        return s_mode == ThemeMode::Dark ? QColor(0xff, 0x70, 0x43) : QColor(0xd8, 0x43, 0x15);
    case engine::Migratetype::Movable:
        return s_mode == ThemeMode::Dark ? QColor(0x5f, 0x8f, 0x62) : QColor(0x81, 0xc7, 0x84);
    case engine::Migratetype::Reclaimable:
        return s_mode == ThemeMode::Dark ? QColor(0xff, 0xd5, 0x4f) : QColor(0xf9, 0xa8, 0x25);
    case engine::Migratetype::HighAtomic:
        return s_mode == ThemeMode::Dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x8e, 0x24, 0xaa);
    default:
        break;
    }
    return colors().isolated;
}

QColor Theme::placeColor(std::uint8_t code)
{
    const ThemeColors& c = colors();
    if (code == static_cast<std::uint8_t>(engine::FrameState::Free))
        return c.free;
    if (code == static_cast<std::uint8_t>(engine::FrameState::Kernel))
        return c.kernel;
    if (code == static_cast<std::uint8_t>(engine::FrameState::Isolated))
        return c.isolated;
    const int lru = code - static_cast<int>(engine::FrameState::LruBase);
    if (lru >= 0 && lru < engine::kNrLruLists)
        return lruColor(static_cast<engine::LruList>(lru));
    return c.kernel;
}

double Theme::fontScale()
{
    return s_fontScale;
}

void Theme::setFontScale(double scale)
{
    if (s_basePointSize <= 0.0)
        s_basePointSize = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 10.0;
    s_fontScale = std::clamp(scale, 0.6, 3.0);
    QFont f = QApplication::font();
    f.setPointSizeF(s_basePointSize * s_fontScale);
    QApplication::setFont(f);
}

QFont Theme::font(double points, bool bold)
{
    QFont f = QApplication::font();
    f.setPointSizeF(points * s_fontScale);
    f.setBold(bold);
    return f;
}

} // namespace rlab::ui
