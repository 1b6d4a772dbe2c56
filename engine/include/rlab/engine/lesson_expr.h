// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The small expression language of lesson files: answers and checkpoints such as
// `first.kswapd_wake.free <= zone.DMA32.low` or `vmstat.allocstall_movable > 100 and t < 30`.
// Grammar (docs/lesson-format.md): numbers, "strings", names (probes), + - * /, comparisons
// < <= > >= == !=, and/or/not, min(a, b), max(a, b), abs(a), floor(a), parentheses. A name may contain
// letters, digits, '_', '.' and '-' followed by a letter (proc.db-server.rss), so write a - b with spaces.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rlab::engine {

/// A number, or a text (process names, scan modes).
struct LessonValue
{
    bool isText = false;
    double number = 0.0;
    std::string text;

    static LessonValue of(double value) { return { false, value, {} }; }
    static LessonValue of(std::string value) { return { true, 0.0, std::move(value) }; }
    bool truthy() const { return isText ? !text.empty() : number != 0.0; }
    /// Numbers as integers when whole ("1234", "0.25"), texts as they are.
    std::string display() const;
};

/// What names mean: the lesson session resolves them against the engine.
class ProbeSource
{
public:
    virtual ~ProbeSource() = default;
    /// The value of a name now; nullopt with `error` set when it has none (e.g. no such event yet).
    virtual std::optional<LessonValue> probe(std::string_view name, std::string& error) const = 0;
};

class Expression
{
public:
    /// Parses `text`; nullopt with `error` naming the column and what was expected.
    static std::optional<Expression> parse(std::string_view text, std::string& error);

    bool empty() const { return !m_root; }
    const std::string& text() const { return m_text; }
    /// Every name the expression reads, in order of appearance (for checking them at load time).
    const std::vector<std::string>& names() const { return m_names; }
    std::optional<LessonValue> evaluate(const ProbeSource& source, std::string& error) const;

    struct Node;

private:
    std::shared_ptr<const Node> m_root;
    std::string m_text;
    std::vector<std::string> m_names;
};

} // namespace rlab::engine
