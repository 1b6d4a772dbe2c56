// SPDX-License-Identifier: GPL-3.0-or-later
#include "format.h"

#include <QCoreApplication>
#include <QLocale>

namespace rlab::ui {

QString formatCount(std::uint64_t value)
{
    return QLocale().toString(static_cast<qulonglong>(value));
}

QString formatPagesAsBytes(engine::Pages pages)
{
    const double kib = static_cast<double>(pages) * 4.0;
    const QLocale locale;
    if (kib < 1024.0)
        return QCoreApplication::translate("Format", "%1 KiB").arg(locale.toString(kib, 'f', 0));
    const double mib = kib / 1024.0;
    if (mib < 10.0)
        return QCoreApplication::translate("Format", "%1 MiB").arg(locale.toString(mib, 'f', 1));
    if (mib < 1024.0)
        return QCoreApplication::translate("Format", "%1 MiB").arg(locale.toString(mib, 'f', 0));
    const double gib = mib / 1024.0;
    return QCoreApplication::translate("Format", "%1 GiB").arg(locale.toString(gib, 'f', gib < 10.0 ? 2 : 1));
}

QString formatPagesWithBytes(engine::Pages pages)
{
    return QCoreApplication::translate("Format", "%1 pages · %2")
        .arg(formatCount(pages), formatPagesAsBytes(pages));
}

QString formatSimTime(engine::Tick t)
{
    const qint64 tenths = t / 100; // 100 µs units
    const qint64 seconds = tenths / 10000;
    const qint64 frac = tenths % 10000;
    const QString fracText = QStringLiteral("%1").arg(frac, 4, 10, QLatin1Char('0'));
    if (seconds < 60)
        return QCoreApplication::translate("Format", "%1.%2 s").arg(seconds).arg(fracText);
    const QString secondsText =
        QStringLiteral("%1.%2").arg(seconds % 60, 2, 10, QLatin1Char('0')).arg(fracText);
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(secondsText);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(secondsText);
}

QString formatSimTimeShort(engine::Tick t)
{
    return QCoreApplication::translate("Format", "%1 s")
        .arg(QLocale().toString(static_cast<double>(t) / 1e6, 'f', 3));
}

QString formatDuration(engine::Tick us)
{
    const QLocale locale;
    if (us < 1000)
        return QCoreApplication::translate("Format", "%1 µs").arg(us);
    if (us < 1'000'000)
        return QCoreApplication::translate("Format", "%1 ms")
            .arg(locale.toString(static_cast<double>(us) / 1000.0, 'f', us < 10'000 ? 2 : 1));
    return QCoreApplication::translate("Format", "%1 s")
        .arg(locale.toString(static_cast<double>(us) / 1e6, 'f', 2));
}

QString slugify(const QString& text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            out += c;
            dash = false;
        } else if (!dash && !out.isEmpty()) {
            out += QLatin1Char('-');
            dash = true;
        }
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("scenario") : out;
}

} // namespace rlab::ui
