// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace rlab::engine {

/// An allocator whose value-less construct() default-initialises: resize() leaves trivial elements
/// unwritten, so frame arrays that are always written before they are read cost nothing to create.
template<typename T>
struct DefaultInitAllocator : std::allocator<T>
{
    template<typename U>
    struct rebind
    {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template<typename U>
    DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept
    {}
    template<typename U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void*>(p)) U;
    }
    template<typename U, typename... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

/// A vector whose resize() does not zero trivial elements.
template<typename T>
using UninitVector = std::vector<T, DefaultInitAllocator<T>>;

} // namespace rlab::engine
