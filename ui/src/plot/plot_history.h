// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

namespace rlab::ui {

/// Every plotted series as plain numbers, one value per sample: the plots draw from it and the CSV
/// export writes it. Rates are computed over a sliding window of kRateWindow samples (100 ms).
class PlotHistory
{
public:
    static constexpr std::size_t kRateWindow = 10;

    /// Starts empty for a machine with these zones (names as in Snapshot::zones).
    void reset(const std::vector<std::string>& zoneNames);
    void append(const Sample& sample);
    /// Drops samples older than `seconds` (keeps the rate window's memory).
    void trimBefore(double seconds);

    std::size_t size() const { return m_keys.size(); }
    const std::vector<double>& keys() const { return m_keys; }
    /// Values of a series, or an empty vector for an unknown id.
    const std::vector<double>& values(const QString& id) const;
    QStringList seriesIds() const { return m_ids; }
    const QStringList& zoneNames() const { return m_zones; }
    /// Id helpers: "free:DMA32", "min:total", …
    static QString zoneSeries(const QString& what, const QString& zone)
    {
        return what + QLatin1Char(':') + zone;
    }

    /// Every series as CSV: "t_s,<id>,…", one row per sample, '.' decimals, no locale.
    QString toCsv() const;

private:
    int indexOf(const QString& id) const;
    void add(int index, double value) { m_values[static_cast<std::size_t>(index)].push_back(value); }

    QStringList m_zones;
    QStringList m_ids;
    std::vector<double> m_keys;
    std::vector<std::vector<double>> m_values;
    std::deque<Sample> m_window; ///< the last kRateWindow samples (cumulative counters)
    int m_firstRate = 0;
};

} // namespace rlab::ui
