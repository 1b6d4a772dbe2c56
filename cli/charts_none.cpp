// SPDX-License-Identifier: GPL-3.0-or-later
// --charts in a build without the desktop app (RLAB_BUILD_GUI=OFF): not available.
#include "charts.h"

namespace rlab::cli {

bool chartsAvailable()
{
    return false;
}

bool chartsUseEvent(engine::EventKind)
{
    return false;
}

std::string writeCharts(const engine::Recording&, const engine::Simulator&, const std::string&,
    const std::string&, std::vector<std::string>&)
{
    return "--charts: this reclaimlab-cli was built without the desktop app (RLAB_BUILD_GUI=OFF)";
}

std::string writeComparisonChart(const std::vector<engine::KernelRecording>&, const engine::CounterSeries&,
    const std::string&, const std::string&, const std::string&, std::vector<std::string>&)
{
    return "compare-recording: this reclaimlab-cli was built without the desktop app (RLAB_BUILD_GUI=OFF)";
}

std::string writeVariantChart(const std::vector<std::pair<std::string, engine::CounterSeries>>&,
    const std::string&, const std::string&, const std::string&, std::vector<std::string>&)
{
    return "compare: this reclaimlab-cli was built without the desktop app (RLAB_BUILD_GUI=OFF)";
}

std::string writeHandout(
    const engine::Lesson&, std::uint64_t, const std::string&, const std::string&, std::vector<std::string>&)
{
    return "lesson export: this reclaimlab-cli was built without the desktop app (RLAB_BUILD_GUI=OFF)";
}

} // namespace rlab::cli
