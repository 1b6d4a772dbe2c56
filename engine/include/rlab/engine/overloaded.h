// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace rlab::engine {

/// One callable from several lambdas, for std::visit over commands and event payloads: a missing
/// alternative fails to compile.
template<class... Fs>
struct Overloaded : Fs...
{
    using Fs::operator()...;
};
template<class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

} // namespace rlab::engine
