// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QStaticText>
#include <QString>

class QFont;
class QPainter;
class QRectF;

namespace rlab::ui {

/// Laid-out single lines of text for views that paint the same labels every frame. QPainter::drawText()
/// and QFontMetrics::horizontalAdvance() shape their text again on each call, which made most of the
/// memory view's paint time at 60 frames per second; a QStaticText keeps the shaped glyphs.
class StaticTextCache
{
public:
    /// Draws one line in the painter's font and pen, placed in `rect` by `flags` like
    /// QPainter::drawText(rect, flags, text) (Qt::AlignLeft/Right/HCenter, Top/Bottom/VCenter; no clip).
    void draw(QPainter& painter, const QRectF& rect, int flags, const QString& text);
    /// The width of one line of text.
    qreal width(const QFont& font, const QString& text);
    /// The text cut with "…" to at most `width` pixels.
    QString elided(const QFont& font, const QString& text, qreal width);

private:
    const QStaticText& staticText(const QFont& font, const QString& text);

    QHash<QString, QStaticText> m_texts;
    QHash<QString, QString> m_elided;
};

} // namespace rlab::ui
