// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "plot/envelope.h"
#include "plot/plot_series.h"

#include <QString>
#include <QStringList>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace rlab::ui {

/// Every plotted series (plotSeries()) as plain numbers, one value per sample: the plots draw from it.
/// It also keeps the samples themselves for the CSV export. Rates are computed over a sliding window
/// of kRateWindow samples (100 ms). Samples older than the full-resolution window are folded into
/// envelopes (each series' min and max per bucket) and one sample per bucket, so memory stays bounded
/// however long the run.
class PlotHistory
{
public:
    static constexpr std::size_t kRateWindow = 10;

    /// Starts empty for a machine with these zones (names as in Snapshot::zones); `layout` names the
    /// samples' columns in the CSV.
    void reset(const std::vector<std::string>& zoneNames,
        std::shared_ptr<const engine::SeriesLayout> layout = nullptr);
    void append(const Sample& sample);
    /// Folds the samples older than `seconds` into the envelopes (keeps the rate window's memory).
    void foldBefore(double seconds);

    /// Drops the samples after `seconds` (the run continues from there: a rewind of the timeline). A folded
    /// bucket that holds `seconds` keeps its lowest and highest points.
    void truncateAfter(double seconds);

    /// Full-resolution samples.
    std::size_t size() const { return m_keys.size(); }
    const std::vector<double>& keys() const { return m_keys; }
    /// Values of a series, or an empty vector for an unknown id.
    const std::vector<double>& values(const QString& id) const;
    QStringList seriesIds() const { return m_ids; }
    /// The folded part of a series (empty for an unknown id or before any fold).
    const Envelope& envelope(const QString& id) const;
    /// Where the full-resolution samples start: the envelopes cover the time before it.
    double foldedUntil() const { return m_foldedUntil; }
    /// The first instant of the run still shown (folded or not), or nullopt with no samples.
    std::optional<double> firstKey() const;
    const QStringList& zoneNames() const { return m_zones; }
    /// Id helpers: "free:DMA32", "min:total", …
    static QString zoneSeries(const QString& what, const QString& zone)
    {
        return what + QLatin1Char(':') + zone;
    }

    /// The kept samples in the one time-series format (engine::timeseriesCsv, as timeseries.csv): the
    /// last sample of each bucket for the folded part, then every sample.
    QString toCsv() const;

private:
    int indexOf(const QString& id) const;

    QStringList m_zones;
    QStringList m_ids;
    std::vector<double> m_keys;
    std::vector<std::vector<double>> m_values;
    std::vector<const PlotSeries*> m_series; ///< the table row of each id
    std::vector<int> m_zoneOf; ///< per id: index into m_zones for a zone family, else -1
    std::deque<Sample> m_window; ///< the last kRateWindow samples (cumulative counters)
    std::deque<Sample> m_samples; ///< parallel to m_keys
    std::vector<Envelope> m_envelopes; ///< parallel to m_ids
    std::vector<Sample> m_foldedSamples; ///< the last sample of each envelope bucket
    double m_foldedUntil = 0.0;
    std::shared_ptr<const engine::SeriesLayout> m_layout;
};

} // namespace rlab::ui
