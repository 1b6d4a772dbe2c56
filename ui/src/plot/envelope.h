// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace rlab::ui {

/// A series' lowest and highest point per time bucket: how the plots keep the part of a run older than
/// their full-resolution window. At most kMaxBuckets buckets: past that the width doubles and
/// neighbours merge, so a run of any length costs bounded memory.
class Envelope
{
public:
    static constexpr std::size_t kMaxBuckets = 2048;
    static constexpr double kFirstWidth = 1.0; ///< seconds of simulated time

    struct Point
    {
        double key = 0.0;
        double value = 0.0;
    };
    struct Bucket
    {
        double start = 0.0; ///< a multiple of the width it was made with
        Point min;
        Point max;
        Point last; ///< the newest point: where the line continues from
    };

    void clear();
    /// Folds a point in; keys arrive in increasing order.
    void add(double key, double value);
    double width() const { return m_width; }
    const std::vector<Bucket>& buckets() const { return m_buckets; }
    /// The first point ever added: where the line starts. Empty envelopes answer {0, 0}.
    Point first() const { return m_first; }
    /// Drops the buckets that start after `key` (the run continues from there: a rewind). The bucket
    /// holding `key` keeps its points, also those after it.
    void truncateAfter(double key);
    /// The bucket holding `key`, or nullptr.
    const Bucket* find(double key) const;
    /// What a graph draws: the first point, then per bucket its lowest and highest point in time
    /// order and its newest, each point once.
    std::vector<Point> points() const;

private:
    void widen();

    double m_width = kFirstWidth;
    std::vector<Bucket> m_buckets;
    Point m_first;
};

} // namespace rlab::ui
