// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The scenario reader's strict JSON helpers, shared with the lesson reader (lesson_io.cpp). Every
// failure throws JsonFailure whose message is "<key path>: <what is wrong>; <what is allowed>".

#include "rlab/engine/scenario.h"

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <string_view>

namespace rlab::engine::detail {

using Json = nlohmann::ordered_json;

struct JsonFailure
{
    std::string message;
};

/// Parses JSON text, rejecting duplicate keys and absurd nesting with the key path of the problem.
Json parseStrictJson(const std::string& text);
/// Reads a whole file (at most 64 MiB); throws JsonFailure "<path>: cannot read: <reason>".
std::string readTextFile(const std::string& path);
/// Reads a scenario object; error paths are prefixed with `prefix` ("scenario.machine.ram: ...").
Scenario readScenarioObject(const Json& root, const std::string& prefix);
/// One-line message for a nlohmann parse error.
std::string describeJsonError(const Json::exception& error);

[[noreturn]] void fail(const std::string& path, const std::string& what, std::string_view allowed);
std::string child(const std::string& parent, std::string_view key);
std::string element(const std::string& parent, std::size_t index);
std::string typeName(const Json& value);
std::string quote(std::string_view text);
std::string sanitize(std::string_view text, std::size_t maxLength = 200);
void checkKeys(const Json& object, const std::string& path, std::span<const std::string_view> allowed);
const Json* find(const Json& object, std::string_view key);
const Json& require(
    const Json& object, const std::string& path, std::string_view key, std::string_view allowed);
std::int64_t readInt(const Json& value, const std::string& path, std::int64_t min, std::int64_t max);
std::string readString(const Json& value, const std::string& path, std::string_view allowed);
Tick readDuration(const Json& value, const std::string& path);
std::vector<SysctlWrite> readSysctls(const Json& value, const std::string& path);
/// {"enabled": ..., "defrag": ...}: a write to the transparent_hugepage files (one key or both).
SetThp readThpWrite(const Json& value, const std::string& path);

} // namespace rlab::engine::detail
