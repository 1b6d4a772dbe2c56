// SPDX-License-Identifier: GPL-3.0-or-later
#include "envelope.h"

#include <algorithm>
#include <cmath>

namespace rlab::ui {

void Envelope::clear()
{
    m_width = kFirstWidth;
    m_buckets.clear();
    m_first = {};
}

void Envelope::add(double key, double value)
{
    const double start = std::floor(key / m_width) * m_width;
    const Point p { key, value };
    if (!m_buckets.empty() && m_buckets.back().start == start) {
        Bucket& b = m_buckets.back();
        if (value < b.min.value)
            b.min = p;
        if (value > b.max.value)
            b.max = p;
        b.last = p;
        return;
    }
    if (m_buckets.empty())
        m_first = p;
    m_buckets.push_back({ start, p, p, p });
    if (m_buckets.size() > kMaxBuckets)
        widen();
}

void Envelope::widen()
{
    m_width *= 2.0;
    std::vector<Bucket> merged;
    merged.reserve(m_buckets.size() / 2 + 1);
    for (const Bucket& b : m_buckets) {
        const double start = std::floor(b.start / m_width) * m_width;
        if (merged.empty() || merged.back().start != start) {
            merged.push_back(b);
            merged.back().start = start;
            continue;
        }
        Bucket& into = merged.back();
        if (b.min.value < into.min.value)
            into.min = b.min;
        if (b.max.value > into.max.value)
            into.max = b.max;
        into.last = b.last;
    }
    m_buckets = std::move(merged);
}

const Envelope::Bucket* Envelope::find(double key) const
{
    const auto it = std::upper_bound(
        m_buckets.begin(), m_buckets.end(), key, [](double k, const Bucket& b) { return k < b.start; });
    if (it == m_buckets.begin())
        return nullptr;
    const Bucket& b = *(it - 1);
    return key < b.start + m_width ? &b : nullptr;
}

std::vector<Envelope::Point> Envelope::points() const
{
    std::vector<Point> out;
    out.reserve(m_buckets.size() * 3 + 1);
    const auto put = [&out](const Point& p) {
        if (out.empty() || p.key > out.back().key)
            out.push_back(p);
    };
    if (!m_buckets.empty())
        out.push_back(m_first);
    for (const Bucket& b : m_buckets) {
        const bool minFirst = b.min.key <= b.max.key;
        put(minFirst ? b.min : b.max);
        put(minFirst ? b.max : b.min);
        put(b.last);
    }
    return out;
}

void Envelope::truncateAfter(double key)
{
    if (m_buckets.empty())
        return;
    if (m_first.key > key) {
        clear();
        return;
    }
    std::erase_if(m_buckets, [key](const Bucket& b) { return b.start > key; });
}

} // namespace rlab::ui
