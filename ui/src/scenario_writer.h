// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/scenario.h>

#include <QByteArray>

#include <vector>

namespace rlab::ui {

/// Writes a scenario in the format of docs/scenario-format.md, with the session's live changes merged
/// into its timed events (stable by time), so that opening the file replays the session. Sizes are
/// written as page counts and times as microseconds ("1500us"), which the reader takes back exactly.
QByteArray scenarioToJson(
    const engine::Scenario& scenario, const std::vector<engine::TimedCommand>& liveChanges);

} // namespace rlab::ui
