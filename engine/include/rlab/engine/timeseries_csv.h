// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/recorder.h>

#include <string>
#include <vector>

namespace rlab::engine {

/// The one time-series CSV format: `reclaimlab-cli run`'s timeseries.csv, the app's "Export Data as
/// CSV" and the chart writer's series.csv. Columns (documented in `reclaimlab-cli --help`): t_ms, per
/// zone <zone>_free/_min/_low/_high, the kSeriesCounters, swap_used_pages, kswapd<N>_state, psi_some_avg10
/// …_total_us and the same for full, per process <name>_rss/_swap/_oom_score. Numbers are written with
/// std::to_chars: no locale changes a byte.
std::string timeseriesCsvHeader(const SeriesLayout& layout);
/// One row, ending in '\n'; t_ms is the sample's time rounded down to a millisecond.
std::string timeseriesCsvRow(const Sample& sample);
/// The header and one row per sample.
std::string timeseriesCsv(const SeriesLayout& layout, const std::vector<Sample>& samples);

} // namespace rlab::engine
