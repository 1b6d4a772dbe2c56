// SPDX-License-Identifier: GPL-3.0-or-later
#include "static_text_cache.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QRectF>

namespace rlab::ui {

namespace {

/// Numbers change every frame: without a bound the cache would keep every value it ever showed.
constexpr qsizetype kMaxEntries = 2000;

QString keyOf(const QFont& font, const QString& text)
{
    return font.key() + QChar(0x1f) + text;
}

} // namespace

const QStaticText& StaticTextCache::staticText(const QFont& font, const QString& text)
{
    const QString key = keyOf(font, text);
    auto it = m_texts.find(key);
    if (it != m_texts.end())
        return *it;
    if (m_texts.size() >= kMaxEntries)
        m_texts.clear();
    QStaticText st(text);
    st.setTextFormat(Qt::PlainText);
    st.setPerformanceHint(QStaticText::AggressiveCaching);
    st.prepare(QTransform(), font);
    return *m_texts.insert(key, st);
}

void StaticTextCache::draw(QPainter& painter, const QRectF& rect, int flags, const QString& text)
{
    if (text.isEmpty())
        return;
    const QStaticText& st = staticText(painter.font(), text);
    const QSizeF size = st.size();
    double x = rect.left();
    if (flags & Qt::AlignRight)
        x = rect.right() - size.width();
    else if (flags & Qt::AlignHCenter)
        x = rect.center().x() - size.width() / 2;
    double y = rect.top();
    if (flags & Qt::AlignBottom)
        y = rect.bottom() - size.height();
    else if (flags & Qt::AlignVCenter)
        y = rect.center().y() - size.height() / 2;
    painter.drawStaticText(QPointF(x, y), st);
}

qreal StaticTextCache::width(const QFont& font, const QString& text)
{
    return staticText(font, text).size().width();
}

QString StaticTextCache::elided(const QFont& font, const QString& text, qreal width)
{
    if (this->width(font, text) <= width)
        return text;
    const QString key = keyOf(font, text) + QChar(0x1f) + QString::number(static_cast<int>(width));
    auto it = m_elided.find(key);
    if (it != m_elided.end())
        return *it;
    if (m_elided.size() >= kMaxEntries)
        m_elided.clear();
    return *m_elided.insert(key, QFontMetricsF(font).elidedText(text, Qt::ElideRight, width));
}

} // namespace rlab::ui
