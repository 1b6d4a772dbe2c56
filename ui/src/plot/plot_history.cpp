// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_history.h"

#include <algorithm>

namespace rlab::ui {

namespace {

// Fixed series after the per-zone ones, in CSV column order.
const char* const kFixed[] = {
    "lru:inactive_anon",
    "lru:active_anon",
    "lru:inactive_file",
    "lru:active_file",
    "lru:unevictable",
    "lru:free",
    "lru:kernel",
    "rate:pgscan_kswapd",
    "rate:pgsteal_kswapd",
    "rate:pgscan_direct",
    "rate:pgsteal_direct",
    "rate:pgscan_anon",
    "rate:pgscan_file",
    "rate:pgsteal_anon",
    "rate:pgsteal_file",
    "rate:pswpin",
    "rate:pswpout",
    "rate:refault",
    "swap_used",
    "swap_total",
    "nr_dirty",
    "nr_writeback",
    "kswapd_running",
    "psi:some",
    "psi:full",
    "psi:some_avg10",
    "psi:full_avg10",
};
constexpr int kFixedCount = static_cast<int>(sizeof(kFixed) / sizeof(kFixed[0]));
constexpr int kRateCount = 11;

const std::vector<double> kEmpty;

} // namespace

void PlotHistory::reset(const std::vector<std::string>& zoneNames)
{
    m_zones.clear();
    for (const auto& z : zoneNames)
        m_zones << QString::fromStdString(z);
    m_zones << QStringLiteral("total");
    m_ids.clear();
    for (const QString& z : std::as_const(m_zones)) {
        for (const char* what : { "free", "min", "low", "high" })
            m_ids << zoneSeries(QLatin1String(what), z);
    }
    m_firstRate = static_cast<int>(m_ids.size()) + 7;
    for (const char* id : kFixed)
        m_ids << QLatin1String(id);
    m_keys.clear();
    m_values.assign(static_cast<std::size_t>(m_ids.size()), {});
    m_window.clear();
}

int PlotHistory::indexOf(const QString& id) const
{
    return static_cast<int>(m_ids.indexOf(id));
}

const std::vector<double>& PlotHistory::values(const QString& id) const
{
    const int i = indexOf(id);
    return i < 0 ? kEmpty : m_values[static_cast<std::size_t>(i)];
}

void PlotHistory::append(const Sample& s)
{
    if (m_ids.isEmpty())
        return;
    m_keys.push_back(static_cast<double>(s.at) / 1e6);
    const std::size_t zones = static_cast<std::size_t>(m_zones.size()) - 1;
    int col = 0;
    Sample::Levels total;
    for (std::size_t z = 0; z < zones; ++z) {
        const Sample::Levels l = z < s.zones.size() ? s.zones[z] : Sample::Levels {};
        add(col++, static_cast<double>(l.free));
        add(col++, static_cast<double>(l.min));
        add(col++, static_cast<double>(l.low));
        add(col++, static_cast<double>(l.high));
        total.free += l.free;
        total.min += l.min;
        total.low += l.low;
        total.high += l.high;
    }
    add(col++, static_cast<double>(total.free));
    add(col++, static_cast<double>(total.min));
    add(col++, static_cast<double>(total.low));
    add(col++, static_cast<double>(total.high));
    for (const Pages p : s.lru)
        add(col++, static_cast<double>(p));
    add(col++, static_cast<double>(s.free));
    add(col++, static_cast<double>(s.kernel));

    // Rates in pages per second over the last kRateWindow samples.
    m_window.push_back(s);
    if (m_window.size() > kRateWindow + 1)
        m_window.pop_front();
    const Sample& old = m_window.front();
    const double dt = static_cast<double>(s.at - old.at) / 1e6;
    const auto rate = [&](std::uint64_t now, std::uint64_t then) {
        return dt > 0.0 && now >= then ? static_cast<double>(now - then) / dt : 0.0;
    };
    const double rates[kRateCount] = {
        rate(s.pgscanKswapd, old.pgscanKswapd),
        rate(s.pgstealKswapd, old.pgstealKswapd),
        rate(s.pgscanDirect, old.pgscanDirect),
        rate(s.pgstealDirect, old.pgstealDirect),
        rate(s.pgscanAnon, old.pgscanAnon),
        rate(s.pgscanFile, old.pgscanFile),
        rate(s.pgstealAnon, old.pgstealAnon),
        rate(s.pgstealFile, old.pgstealFile),
        rate(s.pswpin, old.pswpin),
        rate(s.pswpout, old.pswpout),
        rate(s.refaults, old.refaults),
    };
    for (const double r : rates) {
        // A forced sample at the same instant as the previous one has no interval: repeat the last rate.
        const auto& column = m_values[static_cast<std::size_t>(col)];
        add(col, dt > 0.0 || column.empty() ? r : column.back());
        ++col;
    }
    add(col++, static_cast<double>(s.swapUsed));
    add(col++, static_cast<double>(s.swapTotal));
    add(col++, static_cast<double>(s.dirty));
    add(col++, static_cast<double>(s.writeback));
    add(col++, s.kswapdDuty);
    // Share of the interval with a task stalled on memory, from PSI's total stall time.
    const auto stall = [&](std::uint64_t now, std::uint64_t then) {
        return dt > 0.0 && now >= then ? static_cast<double>(now - then) / 1e9 / dt * 100.0 : 0.0;
    };
    add(col++, stall(s.psiSomeNs, old.psiSomeNs));
    add(col++, stall(s.psiFullNs, old.psiFullNs));
    add(col++, s.psiSomeAvg10);
    add(col++, s.psiFullAvg10);
}

void PlotHistory::trimBefore(double seconds)
{
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), seconds);
    const auto n = it - m_keys.begin();
    if (n <= 0)
        return;
    m_keys.erase(m_keys.begin(), it);
    for (auto& v : m_values)
        v.erase(v.begin(), v.begin() + n);
}

QString PlotHistory::toCsv() const
{
    QString out = QStringLiteral("t_s");
    for (const QString& id : m_ids)
        out += QLatin1Char(',') + id;
    out += QLatin1Char('\n');
    for (std::size_t row = 0; row < m_keys.size(); ++row) {
        out += QString::number(m_keys[row], 'f', 4);
        for (const auto& column : m_values) {
            const double v = column[row];
            out += QLatin1Char(',');
            out += v == static_cast<double>(static_cast<long long>(v))
                ? QString::number(static_cast<long long>(v))
                : QString::number(v, 'f', 3);
        }
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace rlab::ui
