// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_series.h"

#include "memory_plot.h"

#include <QtGlobal>

#include <algorithm>
#include <array>

namespace rlab::ui {

namespace {

using K = MemoryPlots::Kind;
using U = SeriesUnit;
using S = SeriesSource;

constexpr int page(K kind)
{
    return static_cast<int>(kind);
}

template<std::size_t List>
constexpr double lru(const Sample& s)
{
    return static_cast<double>(s.lru[List]);
}

constexpr std::size_t kInactiveAnon = static_cast<std::size_t>(engine::LruList::InactiveAnon);
constexpr std::size_t kActiveAnon = static_cast<std::size_t>(engine::LruList::ActiveAnon);
constexpr std::size_t kInactiveFile = static_cast<std::size_t>(engine::LruList::InactiveFile);
constexpr std::size_t kActiveFile = static_cast<std::size_t>(engine::LruList::ActiveFile);
constexpr std::size_t kUnevictable = static_cast<std::size_t>(engine::LruList::Unevictable);

// clang-format off
const PlotSeries kSeries[] = {
    { .id = "free", .page = page(K::Watermarks), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "free pages"), .color = &ThemeColors::text, .width = 2.5, .source = S::ZoneLevel, .zoneLevel = &Sample::Levels::free, .recorded = "nr_free_pages" },
    { .id = "min", .page = page(K::Watermarks), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "min watermark"), .color = &ThemeColors::wmarkMin, .width = 2.0, .pen = Qt::DashLine, .level = true, .source = S::ZoneLevel, .zoneLevel = &Sample::Levels::min },
    { .id = "low", .page = page(K::Watermarks), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "low watermark"), .color = &ThemeColors::wmarkLow, .width = 2.0, .pen = Qt::DashLine, .level = true, .source = S::ZoneLevel, .zoneLevel = &Sample::Levels::low },
    { .id = "high", .page = page(K::Watermarks), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "high watermark"), .color = &ThemeColors::wmarkHigh, .width = 2.0, .pen = Qt::DashLine, .level = true, .source = S::ZoneLevel, .zoneLevel = &Sample::Levels::high },

    { .id = "lru:kernel", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "kernel"), .color = &ThemeColors::kernel, .width = 1.0, .fill = true, .value = [](const Sample& s) { return static_cast<double>(s.kernel); } },
    { .id = "lru:unevictable", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "unevictable"), .color = &ThemeColors::unevictable, .width = 1.0, .fill = true, .value = lru<kUnevictable> },
    { .id = "lru:active_anon", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "active anon"), .color = &ThemeColors::activeAnon, .width = 1.0, .fill = true, .value = lru<kActiveAnon> },
    { .id = "lru:inactive_anon", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "inactive anon"), .color = &ThemeColors::inactiveAnon, .width = 1.0, .fill = true, .value = lru<kInactiveAnon> },
    { .id = "lru:active_file", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "active file"), .color = &ThemeColors::activeFile, .width = 1.0, .fill = true, .value = lru<kActiveFile> },
    { .id = "lru:inactive_file", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "inactive file"), .color = &ThemeColors::inactiveFile, .width = 1.0, .fill = true, .value = lru<kInactiveFile> },
    { .id = "lru:free", .page = page(K::Lru), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "free"), .color = &ThemeColors::free, .width = 1.0, .fill = true, .value = [](const Sample& s) { return static_cast<double>(s.free); } },

    { .id = "rate:pgscan_kswapd", .page = page(K::Reclaim), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "kswapd scanned"), .unit = U::PagesPerSecond, .color = &ThemeColors::kswapd, .width = 1.6, .pen = Qt::DashLine, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgscan_kswapd")]; }, .recorded = "pgscan_kswapd" },
    { .id = "rate:pgsteal_kswapd", .page = page(K::Reclaim), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "kswapd reclaimed"), .unit = U::PagesPerSecond, .color = &ThemeColors::kswapd, .width = 3.0, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgsteal_kswapd")]; }, .recorded = "pgsteal_kswapd" },
    { .id = "rate:pgscan_direct", .page = page(K::Reclaim), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "direct scanned"), .unit = U::PagesPerSecond, .color = &ThemeColors::direct, .width = 1.6, .pen = Qt::DashLine, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgscan_direct")]; }, .recorded = "pgscan_direct" },
    { .id = "rate:pgsteal_direct", .page = page(K::Reclaim), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "direct reclaimed"), .unit = U::PagesPerSecond, .color = &ThemeColors::direct, .width = 3.0, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgsteal_direct")]; }, .recorded = "pgsteal_direct" },
    { .id = "rate:refault", .page = page(K::Reclaim), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "refaults"), .unit = U::PagesPerSecond, .color = &ThemeColors::oom, .width = 2.0, .pen = Qt::DotLine, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("workingset_refault_anon")] + s.counters[Sample::counterIndex("workingset_refault_file")]; }, .recorded = "workingset_refault_anon+workingset_refault_file" },

    { .id = "rate:pgscan_anon", .page = page(K::AnonFile), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "anon scanned"), .unit = U::PagesPerSecond, .color = &ThemeColors::activeAnon, .width = 1.6, .pen = Qt::DashLine, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgscan_anon")]; }, .recorded = "pgscan_anon" },
    { .id = "rate:pgsteal_anon", .page = page(K::AnonFile), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "anon reclaimed"), .unit = U::PagesPerSecond, .color = &ThemeColors::activeAnon, .width = 3.0, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgsteal_anon")]; }, .recorded = "pgsteal_anon" },
    { .id = "rate:pgscan_file", .page = page(K::AnonFile), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "file scanned"), .unit = U::PagesPerSecond, .color = &ThemeColors::activeFile, .width = 1.6, .pen = Qt::DashLine, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgscan_file")]; }, .recorded = "pgscan_file" },
    { .id = "rate:pgsteal_file", .page = page(K::AnonFile), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "file reclaimed"), .unit = U::PagesPerSecond, .color = &ThemeColors::activeFile, .width = 3.0, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pgsteal_file")]; }, .recorded = "pgsteal_file" },

    { .id = "swap_used", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "swap used"), .color = &ThemeColors::swap, .width = 2.5, .fill = true, .value = [](const Sample& s) { return static_cast<double>(s.swapUsed); } },
    { .id = "swap_total", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "swap size"), .color = &ThemeColors::swap, .width = 1.5, .pen = Qt::DashLine, .level = true, .value = [](const Sample& s) { return static_cast<double>(s.swapTotal); } },
    { .id = "nr_dirty", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "dirty"), .color = &ThemeColors::dirty, .width = 2.0, .value = [](const Sample& s) { return static_cast<double>(s.counters[Sample::counterIndex("nr_dirty")]); }, .recorded = "nr_dirty" },
    { .id = "nr_writeback", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "under writeback"), .color = &ThemeColors::writeback, .width = 2.0, .value = [](const Sample& s) { return static_cast<double>(s.counters[Sample::counterIndex("nr_writeback")]); }, .recorded = "nr_writeback" },
    { .id = "rate:pswpin", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "swap-ins/s"), .unit = U::PagesPerSecond, .color = &ThemeColors::free, .width = 2.0, .pen = Qt::DashDotLine, .rightAxis = true, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pswpin")]; }, .recorded = "pswpin" },
    { .id = "rate:pswpout", .page = page(K::SwapIo), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "swap-outs/s"), .unit = U::PagesPerSecond, .color = &ThemeColors::activeAnon, .width = 2.0, .pen = Qt::DashDotLine, .rightAxis = true, .source = S::Rate, .counter = [](const Sample& s) { return s.counters[Sample::counterIndex("pswpout")]; }, .recorded = "pswpout" },

    { .id = "psi:some", .page = page(K::Pressure), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "some: a task stalled"), .unit = U::Percent, .color = &ThemeColors::wmarkLow, .fill = true, .source = S::Stall, .counter = [](const Sample& s) { return s.psiTotalNs[engine::Psi::Some]; } },
    { .id = "psi:full", .page = page(K::Pressure), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "full: all tasks stalled"), .unit = U::Percent, .color = &ThemeColors::direct, .fill = true, .source = S::Stall, .counter = [](const Sample& s) { return s.psiTotalNs[engine::Psi::Full]; } },
    // avg10 is a percentage in FIXED_1 fixed point (kernel/sched/psi.c).
    { .id = "psi:some_avg10", .page = page(K::Pressure), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "some avg10"), .unit = U::Percent, .color = &ThemeColors::wmarkLow, .width = 3.0, .pen = Qt::DashLine, .darker = 130, .value = [](const Sample& s) { return static_cast<double>(s.psiAvg[engine::Psi::Some][0]) / static_cast<double>(engine::kFixed1); } },
    { .id = "psi:full_avg10", .page = page(K::Pressure), .name = QT_TRANSLATE_NOOP("rlab::ui::MemoryPlots", "full avg10"), .unit = U::Percent, .color = &ThemeColors::direct, .width = 3.0, .pen = Qt::DashLine, .darker = 130, .value = [](const Sample& s) { return static_cast<double>(s.psiAvg[engine::Psi::Full][0]) / static_cast<double>(engine::kFixed1); } },

    // Not a graph: the plots shade where kswapd ran.
    { .id = "kswapd_running", .unit = U::Share, .value = [](const Sample& s) { return s.kswapdDuty; } },
};
// clang-format on

} // namespace

std::span<const PlotSeries> plotSeries()
{
    return kSeries;
}

const PlotSeries* findPlotSeries(const QString& id)
{
    const auto it = std::find_if(std::begin(kSeries), std::end(kSeries), [&](const PlotSeries& s) {
        const QLatin1String name(s.id);
        return s.source == SeriesSource::ZoneLevel ? id.section(QLatin1Char(':'), 0, 0) == name : id == name;
    });
    return it != std::end(kSeries) ? &*it : nullptr;
}

} // namespace rlab::ui
