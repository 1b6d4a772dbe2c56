// SPDX-License-Identifier: GPL-3.0-or-later
#include "plot_history.h"

#include <rlab/engine/timeseries_csv.h>

#include <algorithm>
#include <cmath>

namespace rlab::ui {

namespace {

const std::vector<double> kEmpty;
const Envelope kEmptyEnvelope;

} // namespace

void PlotHistory::reset(
    const std::vector<std::string>& zoneNames, std::shared_ptr<const engine::SeriesLayout> layout)
{
    m_zones.clear();
    for (const auto& z : zoneNames)
        m_zones << QString::fromStdString(z);
    m_zones << QStringLiteral("total");
    m_ids.clear();
    m_series.clear();
    m_zoneOf.clear();
    const auto add = [this](const QString& id, const PlotSeries& row, int zone) {
        m_ids << id;
        m_series.push_back(&row);
        m_zoneOf.push_back(zone);
    };
    // Zone families first, zone by zone: "free:DMA", "min:DMA", …, "high:total".
    for (int z = 0; z < m_zones.size(); ++z) {
        for (const PlotSeries& row : plotSeries()) {
            if (row.source == SeriesSource::ZoneLevel)
                add(zoneSeries(QLatin1String(row.id), m_zones[z]), row, z);
        }
    }
    for (const PlotSeries& row : plotSeries()) {
        if (row.source != SeriesSource::ZoneLevel)
            add(QLatin1String(row.id), row, -1);
    }
    m_keys.clear();
    m_values.assign(static_cast<std::size_t>(m_ids.size()), {});
    m_window.clear();
    m_samples.clear();
    m_envelopes.assign(static_cast<std::size_t>(m_ids.size()), {});
    m_foldedSamples.clear();
    m_foldedUntil = 0.0;
    m_layout = std::move(layout);
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

const Envelope& PlotHistory::envelope(const QString& id) const
{
    const int i = indexOf(id);
    return i < 0 ? kEmptyEnvelope : m_envelopes[static_cast<std::size_t>(i)];
}

std::optional<double> PlotHistory::firstKey() const
{
    if (!m_envelopes.empty() && !m_envelopes.front().buckets().empty())
        return m_envelopes.front().first().key;
    if (!m_keys.empty())
        return m_keys.front();
    return std::nullopt;
}

void PlotHistory::append(const Sample& s)
{
    if (m_ids.isEmpty())
        return;
    m_keys.push_back(static_cast<double>(s.at) / 1e6);
    m_samples.push_back(s);

    // Rates over the last kRateWindow samples.
    m_window.push_back(s);
    if (m_window.size() > kRateWindow + 1)
        m_window.pop_front();
    const Sample& old = m_window.front();
    const double dt = static_cast<double>(s.at - old.at) / 1e6;

    const std::size_t zones = static_cast<std::size_t>(m_zones.size()) - 1;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const PlotSeries& row = *m_series[i];
        auto& column = m_values[i];
        double v = 0.0;
        switch (row.source) {
        case SeriesSource::ZoneLevel: {
            const auto z = static_cast<std::size_t>(m_zoneOf[i]);
            if (z < zones) {
                v = z < s.zones.size() ? static_cast<double>(s.zones[z].*row.zoneLevel) : 0.0;
            } else { // the total of every zone
                Pages total = 0;
                for (std::size_t k = 0; k < std::min(zones, s.zones.size()); ++k)
                    total += s.zones[k].*row.zoneLevel;
                v = static_cast<double>(total);
            }
            break;
        }
        case SeriesSource::Value:
            v = row.value(s);
            break;
        case SeriesSource::Rate:
        case SeriesSource::Stall: {
            const std::uint64_t now = row.counter(s);
            const std::uint64_t then = row.counter(old);
            const double delta = dt > 0.0 && now >= then ? static_cast<double>(now - then) : 0.0;
            // Stall: share of the interval with a task stalled on memory, from PSI's total stall time.
            v = dt > 0.0 ? (row.source == SeriesSource::Rate ? delta / dt : delta / 1e9 / dt * 100.0) : 0.0;
            // A forced sample at the same instant as the previous one has no interval: repeat the last rate.
            if (dt <= 0.0 && row.source == SeriesSource::Rate && !column.empty())
                v = column.back();
            break;
        }
        }
        column.push_back(v);
    }
}

void PlotHistory::foldBefore(double seconds)
{
    const auto it = std::lower_bound(m_keys.begin(), m_keys.end(), seconds);
    const auto n = it - m_keys.begin();
    if (n <= 0)
        return;
    for (std::ptrdiff_t k = 0; k < n; ++k) {
        const auto i = static_cast<std::size_t>(k);
        for (std::size_t e = 0; e < m_envelopes.size(); ++e)
            m_envelopes[e].add(m_keys[i], m_values[e][i]);
        m_foldedSamples.push_back(std::move(m_samples[i]));
    }
    // One sample per bucket, the newest; buckets may have widened, so older neighbours merge too.
    const double width = m_envelopes.empty() ? Envelope::kFirstWidth : m_envelopes.front().width();
    const auto bucketOf = [width](const Sample& s) {
        return std::floor(static_cast<double>(s.at) / 1e6 / width);
    };
    std::size_t kept = 0;
    for (Sample& s : m_foldedSamples) {
        if (kept > 0 && bucketOf(m_foldedSamples[kept - 1]) == bucketOf(s))
            --kept;
        if (&m_foldedSamples[kept] != &s)
            m_foldedSamples[kept] = std::move(s);
        ++kept;
    }
    m_foldedSamples.erase(m_foldedSamples.begin() + static_cast<std::ptrdiff_t>(kept), m_foldedSamples.end());
    m_foldedUntil = seconds;
    m_keys.erase(m_keys.begin(), it);
    for (auto& v : m_values)
        v.erase(v.begin(), v.begin() + n);
    m_samples.erase(m_samples.begin(), m_samples.begin() + n);
}

void PlotHistory::truncateAfter(double seconds)
{
    const auto n = std::upper_bound(m_keys.begin(), m_keys.end(), seconds) - m_keys.begin();
    m_keys.resize(static_cast<std::size_t>(n));
    for (auto& v : m_values)
        v.resize(static_cast<std::size_t>(n));
    m_samples.resize(static_cast<std::size_t>(n));
    if (seconds < m_foldedUntil) {
        for (Envelope& e : m_envelopes)
            e.truncateAfter(seconds);
        std::erase_if(m_foldedSamples,
            [seconds](const Sample& s) { return static_cast<double>(s.at) / 1e6 > seconds; });
        m_foldedUntil = seconds;
    }
    // The rate window: the newest samples left, folded ones when too few full-resolution ones remain.
    m_window.clear();
    for (auto it = m_samples.rbegin(); it != m_samples.rend() && m_window.size() <= kRateWindow; ++it)
        m_window.push_front(*it);
    for (auto it = m_foldedSamples.rbegin(); it != m_foldedSamples.rend() && m_window.size() <= kRateWindow;
         ++it)
        m_window.push_front(*it);
}

QString PlotHistory::toCsv() const
{
    const engine::SeriesLayout none;
    std::string text = engine::timeseriesCsvHeader(m_layout ? *m_layout : none);
    for (const Sample& s : m_foldedSamples)
        text += engine::timeseriesCsvRow(s);
    for (const Sample& s : m_samples)
        text += engine::timeseriesCsvRow(s);
    return QString::fromStdString(text);
}

} // namespace rlab::ui
