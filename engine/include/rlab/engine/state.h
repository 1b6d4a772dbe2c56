// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/recorder.h"
#include "rlab/engine/scenario.h"
#include "rlab/engine/simulator.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rlab::engine {

/// The state file format (docs/state-format.md). A reader takes only its own format and engine version:
/// a state continues byte-identically only under the rules that wrote it.
inline constexpr std::uint32_t kStateFormatVersion = 7;

/// A state file starts with this many header bytes: "RECLAIMLAB-STATE", the format (u32), a byte-order
/// mark (u32 0x01020304), the payload's size (u64) and stateChecksum() of the payload (u64).
inline constexpr std::size_t kStateHeaderBytes = 40;

/// The checksum of a state file's payload: 64-bit FNV-1a over 8-byte words, then the tail bytes. It finds
/// damage; it is no defence against a file made to deceive.
std::uint64_t stateChecksum(std::string_view payload);

/// What a run adds to the engine state: where the scenario came from and the seed it was started with
/// (summary.json names both), and the recorder's totals.
struct RunInfo
{
    std::string scenarioFile;
    std::uint64_t seed = 0;
    RecorderCounters recorder;
};

/// Serialises the whole engine state of `sim` (with its scenario and `run`) into a state file's bytes:
/// a header (magic, format, byte order, payload size, checksum) and the payload. Precondition: the
/// engine's events were drained (Recorder does that after every step); undrained events are not kept.
/// O(frames + swap slots + page-index entries).
std::string saveState(const Simulator& sim, const RunInfo& run);

struct RestoredState
{
    std::unique_ptr<Simulator> sim; ///< null on error
    Scenario scenario;
    RunInfo run;
    std::string error; ///< what is wrong with the file, when sim is null
};

/// Rebuilds the machine of a state file and puts it in the saved state; it continues as the saved run
/// would have. Refuses a damaged file (checksum), another format or engine version, a scenario above
/// `memoryLimit`, and a state the engine's invariants reject. Never throws.
RestoredState restoreState(std::string_view bytes, std::uint64_t memoryLimit = kDefaultMemoryLimit);

/// Reads a state file from disk (at most `memoryLimit` bytes) and restores it; errors name the file.
RestoredState loadStateFile(const std::string& path, std::uint64_t memoryLimit = kDefaultMemoryLimit);

} // namespace rlab::engine
