// SPDX-License-Identifier: GPL-3.0-or-later
// A recursive-descent parser and evaluator for lesson expressions (lesson_expr.h).
#include "rlab/engine/lesson_expr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace rlab::engine {

namespace {

constexpr int kMaxDepth = 64;

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '.';
}

bool isDigitChar(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::string LessonValue::display() const
{
    if (isText)
        return text;
    if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15)
        return std::to_string(static_cast<long long>(number));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", number);
    return buffer;
}

struct Expression::Node
{
    enum class Op : std::uint8_t
    {
        Number,
        Text,
        Name,
        Neg,
        Not,
        Add,
        Sub,
        Mul,
        Div,
        Lt,
        Le,
        Gt,
        Ge,
        Eq,
        Ne,
        And,
        Or,
        Min,
        Max,
        Abs,
        Floor,
    };
    Op op = Op::Number;
    double number = 0.0;
    std::string text;
    std::vector<std::shared_ptr<const Node>> args;
};

namespace {

using Node = Expression::Node;
using NodePtr = std::shared_ptr<const Node>;
using Op = Node::Op;

struct SyntaxError
{
    std::string message;
};

class Parser
{
public:
    Parser(std::string_view text, std::vector<std::string>& names)
        : m_text(text)
        , m_names(names)
    {}

    NodePtr parseAll()
    {
        NodePtr root = parseOr();
        skipSpace();
        if (m_pos != m_text.size())
            error("unexpected " + std::string(1, m_text[m_pos]), "an operator or the end");
        return root;
    }

private:
    [[noreturn]] void error(const std::string& what, const std::string& expected) const
    {
        throw SyntaxError { "column " + std::to_string(m_pos + 1) + ": " + what + "; expected " + expected };
    }

    void skipSpace()
    {
        while (
            m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n'))
            ++m_pos;
    }

    bool peekWord(std::string_view word)
    {
        skipSpace();
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        const std::size_t end = m_pos + word.size();
        return end == m_text.size() || !isNameChar(m_text[end]);
    }

    bool accept(std::string_view token)
    {
        skipSpace();
        if (m_text.substr(m_pos, token.size()) == token) {
            m_pos += token.size();
            return true;
        }
        return false;
    }

    static NodePtr make(Op op, std::vector<NodePtr> args)
    {
        auto node = std::make_shared<Node>();
        node->op = op;
        node->args = std::move(args);
        return node;
    }

    void enter()
    {
        if (++m_depth > kMaxDepth)
            error("nested more than " + std::to_string(kMaxDepth) + " levels", "a simpler expression");
    }

    NodePtr parseOr()
    {
        enter();
        NodePtr left = parseAnd();
        while (peekWord("or")) {
            m_pos += 2;
            left = make(Op::Or, { left, parseAnd() });
        }
        --m_depth;
        return left;
    }

    NodePtr parseAnd()
    {
        NodePtr left = parseNot();
        while (peekWord("and")) {
            m_pos += 3;
            left = make(Op::And, { left, parseNot() });
        }
        return left;
    }

    NodePtr parseNot()
    {
        if (peekWord("not")) {
            m_pos += 3;
            enter();
            NodePtr inner = parseNot();
            --m_depth;
            return make(Op::Not, { inner });
        }
        return parseComparison();
    }

    NodePtr parseComparison()
    {
        NodePtr left = parseSum();
        static constexpr std::pair<std::string_view, Op> kOps[] = { { "<=", Op::Le }, { ">=", Op::Ge },
            { "==", Op::Eq }, { "!=", Op::Ne }, { "<", Op::Lt }, { ">", Op::Gt } };
        for (const auto& [token, op] : kOps) {
            if (accept(token))
                return make(op, { left, parseSum() });
        }
        return left;
    }

    NodePtr parseSum()
    {
        NodePtr left = parseProduct();
        while (true) {
            if (accept("+"))
                left = make(Op::Add, { left, parseProduct() });
            else if (accept("-"))
                left = make(Op::Sub, { left, parseProduct() });
            else
                return left;
        }
    }

    NodePtr parseProduct()
    {
        NodePtr left = parseUnary();
        while (true) {
            if (accept("*"))
                left = make(Op::Mul, { left, parseUnary() });
            else if (accept("/"))
                left = make(Op::Div, { left, parseUnary() });
            else
                return left;
        }
    }

    NodePtr parseUnary()
    {
        if (accept("-")) {
            enter();
            NodePtr inner = parseUnary();
            --m_depth;
            return make(Op::Neg, { inner });
        }
        return parsePrimary();
    }

    NodePtr parsePrimary()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            error("the expression ends early", "a number, a \"text\", a name or (");
        const char c = m_text[m_pos];
        if (c == '(') {
            ++m_pos;
            NodePtr inner = parseOr();
            if (!accept(")"))
                error("missing )", ")");
            return inner;
        }
        if (c == '"') {
            const std::size_t end = m_text.find('"', m_pos + 1);
            if (end == std::string_view::npos)
                error("unterminated text", "a closing \"");
            auto node = std::make_shared<Node>();
            node->op = Op::Text;
            node->text = std::string(m_text.substr(m_pos + 1, end - m_pos - 1));
            m_pos = end + 1;
            return node;
        }
        if (isDigitChar(c) || (c == '.' && m_pos + 1 < m_text.size() && isDigitChar(m_text[m_pos + 1]))) {
            const std::string rest(m_text.substr(m_pos));
            char* end = nullptr;
            const double value = std::strtod(rest.c_str(), &end);
            if (end == rest.c_str() || !std::isfinite(value))
                error("bad number", "a number like 12, 0.5 or 1e6");
            m_pos += static_cast<std::size_t>(end - rest.c_str());
            auto node = std::make_shared<Node>();
            node->op = Op::Number;
            node->number = value;
            return node;
        }
        if (isNameStart(c)) {
            const std::size_t start = m_pos;
            while (m_pos < m_text.size()) {
                const char d = m_text[m_pos];
                if (isNameChar(d)
                    || (d == '-' && m_pos + 1 < m_text.size() && isNameStart(m_text[m_pos + 1])))
                    ++m_pos;
                else
                    break;
            }
            std::string name(m_text.substr(start, m_pos - start));
            static constexpr std::pair<std::string_view, std::pair<Op, int>> kFunctions[] = {
                { "min", { Op::Min, 2 } }, { "max", { Op::Max, 2 } }, { "abs", { Op::Abs, 1 } },
                { "floor", { Op::Floor, 1 } }
            };
            for (const auto& [fname, info] : kFunctions) {
                if (name == fname && accept("(")) {
                    std::vector<NodePtr> args;
                    enter();
                    for (int i = 0; i < info.second; ++i) {
                        if (i > 0 && !accept(","))
                            error("missing ,", std::to_string(info.second) + " arguments to " + name);
                        args.push_back(parseOr());
                    }
                    --m_depth;
                    if (!accept(")"))
                        error(
                            "missing )", ") after " + std::to_string(info.second) + " arguments to " + name);
                    return make(info.first, std::move(args));
                }
            }
            if (name.back() == '.')
                error("name " + name + " ends with .", "a name like zone.DMA32.low");
            m_names.push_back(name);
            auto node = std::make_shared<Node>();
            node->op = Op::Name;
            node->text = std::move(name);
            return node;
        }
        error("unexpected " + std::string(1, c), "a number, a \"text\", a name or (");
    }

    std::string_view m_text;
    std::vector<std::string>& m_names;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

struct EvalError
{
    std::string message;
};

double numberOf(const LessonValue& value, std::string_view what)
{
    if (value.isText)
        throw EvalError { std::string(what) + " needs a number, got the text \"" + value.text + "\"" };
    return value.number;
}

LessonValue evaluateNode(const Node& node, const ProbeSource& source)
{
    const auto arg = [&](std::size_t i) { return evaluateNode(*node.args[i], source); };
    const auto num = [&](std::size_t i) { return numberOf(arg(i), "arithmetic"); };
    switch (node.op) {
    case Op::Number:
        return LessonValue::of(node.number);
    case Op::Text:
        return LessonValue::of(node.text);
    case Op::Name: {
        std::string error;
        auto value = source.probe(node.text, error);
        if (!value)
            throw EvalError { node.text + ": " + error };
        return *value;
    }
    case Op::Neg:
        return LessonValue::of(-num(0));
    case Op::Not:
        return LessonValue::of(arg(0).truthy() ? 0.0 : 1.0);
    case Op::Add:
        return LessonValue::of(num(0) + num(1));
    case Op::Sub:
        return LessonValue::of(num(0) - num(1));
    case Op::Mul:
        return LessonValue::of(num(0) * num(1));
    case Op::Div: {
        const double divisor = num(1);
        if (divisor == 0.0)
            throw EvalError { "division by zero" };
        return LessonValue::of(num(0) / divisor);
    }
    case Op::Eq:
    case Op::Ne: {
        const LessonValue a = arg(0);
        const LessonValue b = arg(1);
        if (a.isText != b.isText)
            throw EvalError { "comparing a text with a number" };
        const bool equal = a.isText ? a.text == b.text : a.number == b.number;
        return LessonValue::of((equal == (node.op == Op::Eq)) ? 1.0 : 0.0);
    }
    case Op::Lt:
        return LessonValue::of(num(0) < num(1) ? 1.0 : 0.0);
    case Op::Le:
        return LessonValue::of(num(0) <= num(1) ? 1.0 : 0.0);
    case Op::Gt:
        return LessonValue::of(num(0) > num(1) ? 1.0 : 0.0);
    case Op::Ge:
        return LessonValue::of(num(0) >= num(1) ? 1.0 : 0.0);
    case Op::And:
        return LessonValue::of(arg(0).truthy() && arg(1).truthy() ? 1.0 : 0.0);
    case Op::Or:
        return LessonValue::of(arg(0).truthy() || arg(1).truthy() ? 1.0 : 0.0);
    case Op::Min:
        return LessonValue::of(std::min(num(0), num(1)));
    case Op::Max:
        return LessonValue::of(std::max(num(0), num(1)));
    case Op::Abs:
        return LessonValue::of(std::fabs(num(0)));
    case Op::Floor:
        return LessonValue::of(std::floor(num(0)));
    }
    throw EvalError { "unknown operation" };
}

} // namespace

std::optional<Expression> Expression::parse(std::string_view text, std::string& error)
{
    Expression expression;
    expression.m_text = std::string(text);
    try {
        Parser parser(text, expression.m_names);
        expression.m_root = parser.parseAll();
    } catch (const SyntaxError& e) {
        error = e.message;
        return std::nullopt;
    }
    return expression;
}

std::optional<LessonValue> Expression::evaluate(const ProbeSource& source, std::string& error) const
{
    if (!m_root) {
        error = "empty expression";
        return std::nullopt;
    }
    try {
        return evaluateNode(*m_root, source);
    } catch (const EvalError& e) {
        error = e.message;
        return std::nullopt;
    }
}

} // namespace rlab::engine
