// SPDX-License-Identifier: GPL-3.0-or-later
#include "speed.h"

#include <QCoreApplication>

#include <algorithm>

namespace rlab::ui {

int Speed::clampIndex(int index)
{
    return std::clamp(index, 0, kCount - 1);
}

std::int64_t Speed::usPerSecond(int index)
{
    return kLadder[static_cast<std::size_t>(clampIndex(index))];
}

QString Speed::label(int index)
{
    const std::int64_t us = usPerSecond(index);
    if (us == 0)
        return QCoreApplication::translate("Speed", "Max");
    if (us == 100)
        return QCoreApplication::translate("Speed", "1 step/s");
    if (us < 1'000'000)
        return QCoreApplication::translate("Speed", "%1 ms/s").arg(static_cast<double>(us) / 1000.0);
    if (us == 1'000'000)
        return QCoreApplication::translate("Speed", "×1 real time");
    return QCoreApplication::translate("Speed", "×%1").arg(us / 1'000'000);
}

} // namespace rlab::ui
