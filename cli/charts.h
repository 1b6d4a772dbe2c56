// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/fidelity.h>
#include <rlab/engine/lesson.h>
#include <rlab/engine/recorder.h>
#include <rlab/engine/scenario.h>

#include <string>
#include <vector>

namespace rlab::cli {

/// True when this build can draw charts (it was built with the desktop app's ui library).
bool chartsAvailable();

/// Whether the charts draw events of `kind` (as plot markers); writeCharts needs only those events.
bool chartsUseEvent(engine::EventKind kind);

/// Draws the app's charts (PNG, SVG, CSV) of a recorded run into `dir`, using the Qt offscreen platform;
/// `sim` is the machine at the end of that run (memory view, page map). Returns an error text, or an
/// empty string; `files` receives what was written.
std::string writeCharts(const engine::Recording& recording, const engine::Simulator& sim,
    const std::string& scenarioName, const std::string& dir, std::vector<std::string>& files);

/// Draws a kernel-lab recording and its simulated replay in one chart (compare.png and compare.svg in
/// `dir`), labelled in `language` ("en" or "zh_CN"). Returns an error text, or an empty string; `files`
/// receives what was written.
std::string writeComparisonChart(const std::vector<engine::KernelRecording>& kernel,
    const engine::CounterSeries& simulated, const std::string& title, const std::string& language,
    const std::string& dir, std::vector<std::string>& files);

/// Draws runs of a scenario's variants (label, series) on one clock into compare.png and compare.svg in
/// `dir`, labelled in `language` ("en" or "zh_CN"). Returns an error text, or an empty string; `files`
/// receives what was written.
std::string writeVariantChart(const std::vector<std::pair<std::string, engine::CounterSeries>>& variants,
    const std::string& title, const std::string& language, const std::string& dir,
    std::vector<std::string>& files);

/// Writes a lesson's worksheet and answer key (PDF, with the reference run's charts) into `dir`, in
/// `language` ("en" or "zh_CN"). Returns an error text, or an empty string; `files` receives what was
/// written.
std::string writeHandout(const engine::Lesson& lesson, std::uint64_t seed, const std::string& language,
    const std::string& dir, std::vector<std::string>& files);

} // namespace rlab::cli
