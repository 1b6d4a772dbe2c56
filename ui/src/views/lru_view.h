// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"
#include "views/static_text_cache.h"

#include <QElapsedTimer>
#include <QPixmap>
#include <QWidget>

#include <array>
#include <deque>
#include <map>
#include <tuple>
#include <vector>

class QPainter;
class QTimer;

namespace rlab::ui {

/// The memory view: the LRU lists as lanes sized by their page counts, with free memory, swap and the
/// kernel's share, and page sprites that move between the lanes as the engine moves pages. Sprites moved
/// by kswapd and by direct reclaim carry their colours, the scanners sit at the lists' tails, and the
/// header shows kswapd, direct reclaim, the scan balance and each zone's free pages against its
/// watermarks. Custom painted (STYLE.md §2: at most spriteBudget() sprites; flow arrows beyond that).
class LruView : public QWidget
{
    Q_OBJECT
public:
    enum class Lane
    {
        Free,
        ActiveAnon,
        InactiveAnon,
        Swap,
        ActiveFile,
        InactiveFile,
        Unevictable,
        Kernel,
    };
    static constexpr int kLaneCount = 8;

    explicit LruView(QWidget* parent = nullptr);
    ~LruView() override;

    static QString laneName(Lane lane);
    /// Pages a lane holds in the current snapshot (Swap: used swap slots).
    Pages laneValue(Lane lane) const { return m_values[static_cast<std::size_t>(lane)]; }

    /// Takes the snapshot's counts and queues its page moves for animation.
    void setSnapshot(const Snapshot& snapshot);
    /// The compaction chip of the header: pages migrated per second over the last simulated second, that
    /// compaction ran with nothing to move, or empty when it did not run.
    QString compactionText() const;
    void reset();
    /// Simulated µs per wall second (0 = max): slow motion spreads the moves of a step out in time.
    void setSpeed(std::int64_t usPerSecond) { m_speed = usPerSecond; }
    int spriteBudget() const { return m_budget; }
    void setSpriteBudget(int budget) { m_budget = budget; }
    /// Sprites flying or waiting to start (tests).
    int spriteCount() const { return static_cast<int>(m_sprites.size()); }
    /// Page moves that were shown as sprites, and all page moves seen, since the last reset (tests).
    std::uint64_t animatedMoves() const { return m_animated; }
    std::uint64_t seenMoves() const { return m_seen; }
    /// The zones (free pages and watermarks) the header's gauges draw.
    const std::vector<ZoneSnapshot>& zones() const { return m_zones; }
    void setTitle(const QString& title)
    {
        m_title = title;
        update();
    }

    /// Draws the view into `rect` (also used for export); `fontFactor` scales every font and line.
    void render(QPainter& painter, const QRectF& rect, double fontFactor) const;

    /// Advances the animation to now. The main window calls it on the controller's frame clock, so that
    /// sprites move in the same frame as the data; without setOwnClock(false) a 16 ms timer does.
    void advance();
    void setOwnClock(bool own);

    QSize sizeHint() const override { return { 1000, 560 }; }
    QSize minimumSizeHint() const override { return { 560, 380 }; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Layout
    {
        QRectF header;
        std::array<QRectF, kLaneCount> lanes {}; ///< full track of each lane
        std::array<QRectF, kLaneCount> labels {};
        double scale = 1.0; ///< pixels per page
        double flowX = 0.0; ///< left edge of the flow-arrow margin
    };
    struct Sprite
    {
        Lane from = Lane::Free;
        Lane to = Lane::Free;
        double fromPos = 0.0; ///< position along the lane's fill, 0 = head, 1 = tail
        double toPos = 0.0;
        qint64 start = 0; ///< wall ns
        qint64 duration = 0;
        QColor color;
        int reclaimer = 0;
    };
    struct Flow
    {
        double rate = 0.0; ///< smoothed pages per simulated second
        int reclaimer = 0;
    };

    Layout layout(const QRectF& rect, double f) const;
    QPointF anchor(const Layout& l, Lane lane, double pos) const;
    double fillWidth(const Layout& l, Lane lane) const;
    void drawHeader(QPainter& p, const QRectF& r, double f) const;
    void drawLanes(QPainter& p, const Layout& l, double f) const;
    void drawSprites(QPainter& p, const Layout& l, double f, qint64 now) const;
    void drawFlows(QPainter& p, const Layout& l, double f) const;
    Lane laneOf(std::uint8_t code, bool& valid) const;
    /// A sprite drawn once at full opacity and reused (a rounded rectangle with a pen per sprite per
    /// frame cost more than the rest of the view).
    const QPixmap& spritePixmap(const QColor& color, int reclaimer, double f, qreal dpr) const;

    QTimer* m_timer = nullptr;
    bool m_ownClock = true;
    bool m_animating = false;
    mutable std::map<std::tuple<QRgb, int, int, int, QRgb>, QPixmap> m_spriteCache;
    mutable StaticTextCache m_texts;
    QElapsedTimer m_clock;
    QString m_title;
    std::array<Pages, kLaneCount> m_values {};
    Pages m_totalRam = 0;
    Pages m_swapTotal = 0;
    std::vector<ZoneSnapshot> m_zones;
    std::vector<NodeSnapshot> m_nodes;
    engine::ScanBalance m_balance;
    int m_stalled = 0;
    int m_throttled = 0;
    /// Compaction over the last simulated second: (time, pgmigrate_success, compact_stall +
    /// compact_daemon_wake) samples, oldest first.
    struct CompactionSample
    {
        Tick at = 0;
        std::uint64_t migrated = 0;
        std::uint64_t runs = 0;
    };
    std::deque<CompactionSample> m_compaction;
    std::int64_t m_speed = 1'000'000;
    int m_budget = 200;
    std::vector<Sprite> m_sprites;
    std::map<std::pair<int, int>, Flow> m_flows;
    /// How busy each reclaimer is at each lane's tail, 0..1, decaying.
    std::array<std::array<double, 3>, kLaneCount> m_activity {};
    std::uint64_t m_lastScanKswapd = 0;
    std::uint64_t m_lastScanDirect = 0;
    qint64 m_lastTick = 0;
    Tick m_lastNow = 0;
    std::uint64_t m_rng = 0x9e3779b97f4a7c15ULL;
    std::uint64_t m_animated = 0;
    std::uint64_t m_seen = 0;
};

} // namespace rlab::ui
