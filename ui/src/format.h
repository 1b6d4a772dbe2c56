// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/units.h>

#include <QString>

namespace rlab::ui {

/// "131 072" (locale grouping).
QString formatCount(std::uint64_t value);
/// Pages as a binary size: "512 KiB", "5.2 MiB", "3.96 GiB".
QString formatPagesAsBytes(engine::Pages pages);
/// "1 333 pages · 5.2 MiB"
QString formatPagesWithBytes(engine::Pages pages);
/// Simulated time with the 100 µs resolution of a step: "12.3456 s", "2:05.1000", "1:02:05.1000".
QString formatSimTime(engine::Tick t);
/// Short time for axes and logs: "12.35 s".
QString formatSimTimeShort(engine::Tick t);
/// Microseconds as a duration: "350 µs", "12.4 ms", "1.20 s".
QString formatDuration(engine::Tick us);
/// A safe file name part from a scenario name or path: "desktop-under-pressure".
QString slugify(const QString& text);

} // namespace rlab::ui
