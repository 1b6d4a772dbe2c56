// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The binary archive of engine state files (state.h). One function per type lists its fields once and
// serves both directions: stateIo(ar, value) writes with a StateWriter and reads with a StateReader.

#include "rlab/engine/counters.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace rlab::engine {

/// A state file that is cut short or holds values the engine cannot take.
struct StateError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class StateWriter
{
public:
    static constexpr bool kLoading = false;

    /// Starts the output with `headerBytes` zero bytes, for a header written when the payload is known.
    explicit StateWriter(std::size_t headerBytes = 0)
        : m_out(headerBytes, '\0')
    {}

    void raw(const void* data, std::size_t bytes)
    {
        if (bytes > 0) // an empty vector's data() may be null
            m_out.append(static_cast<const char*>(data), bytes);
    }
    /// Writes an element count and returns it.
    std::size_t count(std::size_t n, std::size_t /*minBytes*/ = 1)
    {
        const auto value = static_cast<std::uint64_t>(n);
        raw(&value, sizeof value);
        return n;
    }
    template<class... T>
    void operator()(T&... values);

    std::string& bytes() { return m_out; }

private:
    std::string m_out;
};

class StateReader
{
public:
    static constexpr bool kLoading = true;

    explicit StateReader(std::string_view data)
        : m_data(data)
    {}
    void raw(void* data, std::size_t bytes)
    {
        if (bytes > m_data.size() - m_pos)
            throw StateError("the state ends early");
        if (bytes == 0) // an empty vector's data() may be null
            return;
        std::memcpy(data, m_data.data() + m_pos, bytes);
        m_pos += bytes;
    }
    /// Reads an element count; a count larger than the bytes left (each element takes at least
    /// `minBytes`) is refused before anything is allocated for it.
    std::size_t count(std::size_t /*ignored*/, std::size_t minBytes = 1)
    {
        std::uint64_t value = 0;
        raw(&value, sizeof value);
        if (minBytes > 0 && value > (m_data.size() - m_pos) / minBytes)
            throw StateError("a list is longer than the state file");
        return static_cast<std::size_t>(value);
    }
    template<class... T>
    void operator()(T&... values);

    bool atEnd() const { return m_pos == m_data.size(); }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

namespace state_detail {
template<class T>
struct IsVector : std::false_type
{
};
template<class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type
{
};
template<class T>
struct IsDeque : std::false_type
{
};
template<class T, class A>
struct IsDeque<std::deque<T, A>> : std::true_type
{
};
template<class T>
struct IsArray : std::false_type
{
};
template<class T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type
{
};
template<class T>
struct IsOptional : std::false_type
{
};
template<class T>
struct IsOptional<std::optional<T>> : std::true_type
{
};
template<class T>
struct IsVariant : std::false_type
{
};
template<class... T>
struct IsVariant<std::variant<T...>> : std::true_type
{
};
template<class T>
struct IsPair : std::false_type
{
};
template<class A, class B>
struct IsPair<std::pair<A, B>> : std::true_type
{
};
template<class T>
struct IsCounterArray : std::false_type
{
};
template<class T>
struct IsCounterArray<CounterArray<T>> : std::true_type
{
};
template<class T, class Ar>
concept HasMemberIo = requires(T& value, Ar& ar)
{
    value.stateIo(ar);
};
} // namespace state_detail

/// Transfers one value. Numbers and enums are copied as they are in memory (a state file is read on the
/// machine type that wrote it; the header checks the byte order); containers carry their length.
template<class Ar, class T>
void stateIo(Ar& ar, T& value)
{
    using namespace state_detail;
    if constexpr (std::is_same_v<T, bool>) {
        std::uint8_t byte = value ? 1 : 0;
        ar.raw(&byte, 1);
        if (byte > 1)
            throw StateError("a flag is neither 0 nor 1");
        value = byte == 1;
    } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
        ar.raw(&value, sizeof value);
    } else if constexpr (std::is_same_v<T, std::string>) {
        const std::size_t n = ar.count(value.size());
        if constexpr (Ar::kLoading)
            value.resize(n);
        ar.raw(value.data(), n);
    } else if constexpr (IsVector<T>::value || IsDeque<T>::value) {
        using Element = typename T::value_type;
        constexpr std::size_t kMinBytes =
            std::is_arithmetic_v<Element> || std::is_enum_v<Element> ? sizeof(Element) : 1;
        const std::size_t n = ar.count(value.size(), kMinBytes);
        if constexpr (Ar::kLoading)
            value.resize(n); // same size: no reallocation, so pointers into it (zonelists) stay valid
        if constexpr (IsVector<T>::value
            && (std::is_arithmetic_v<Element> || std::is_enum_v<Element>)&&!std::is_same_v<Element, bool>) {
            ar.raw(value.data(), n * sizeof(Element));
        } else {
            for (auto& element : value)
                stateIo(ar, element);
        }
    } else if constexpr (IsArray<T>::value) {
        for (auto& element : value)
            stateIo(ar, element);
    } else if constexpr (IsCounterArray<T>::value) {
        ar.raw(value.values.data(), sizeof value.values);
    } else if constexpr (IsOptional<T>::value) {
        bool present = value.has_value();
        stateIo(ar, present);
        if constexpr (Ar::kLoading) {
            if (present)
                value.emplace();
            else
                value.reset();
        }
        if (present)
            stateIo(ar, *value);
    } else if constexpr (IsVariant<T>::value) {
        auto index = static_cast<std::uint32_t>(value.index());
        stateIo(ar, index);
        if constexpr (Ar::kLoading) {
            if (index >= std::variant_size_v<T>)
                throw StateError("unknown alternative " + std::to_string(index));
            [&]<std::size_t... I>(std::index_sequence<I...>)
            {
                ((index == I ? (void)value.template emplace<I>() : void()), ...);
            }
            (std::make_index_sequence<std::variant_size_v<T>>());
        }
        std::visit([&ar](auto& alternative) { stateIo(ar, alternative); }, value);
    } else if constexpr (IsPair<T>::value) {
        stateIo(ar, value.first);
        stateIo(ar, value.second);
    } else if constexpr (HasMemberIo<T, Ar>) {
        value.stateIo(ar);
    } else {
        stateFields(ar, value); // a plain struct: its overload lists the fields (found by ADL)
    }
}

/// A list of a type without a stateFields() overload (a component's private record): `fields(element)`
/// transfers each element.
template<class Ar, class Vector, class Fields>
void stateIoEach(Ar& ar, Vector& values, Fields fields)
{
    const std::size_t n = ar.count(values.size());
    if constexpr (Ar::kLoading)
        values.resize(n);
    for (auto& element : values)
        fields(element);
}

template<class... T>
void StateWriter::operator()(T&... values)
{
    (stateIo(*this, values), ...);
}

template<class... T>
void StateReader::operator()(T&... values)
{
    (stateIo(*this, values), ...);
}

} // namespace rlab::engine
