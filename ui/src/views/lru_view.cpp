// SPDX-License-Identifier: GPL-3.0-or-later
#include "lru_view.h"

#include "event_text.h"
#include "format.h"
#include "theme.h"
#include "views/static_text_cache.h"

#include <QHelpEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace rlab::ui {

namespace {

using engine::FrameState;
using engine::LruList;
using engine::PageCause;

constexpr int kLru0 = static_cast<int>(FrameState::LruBase);

/// Where along a lane's fill a move starts or ends.
enum class At
{
    Head,
    Tail,
    Middle,
    Random,
};

At fromAnchor(PageCause cause)
{
    switch (cause) {
    case PageCause::Referenced:
    case PageCause::KeptReferenced:
    case PageCause::Deactivated:
    case PageCause::KeptActive:
    case PageCause::Reclaimed:
    case PageCause::Pageout:
    case PageCause::DirtyDeferred:
    case PageCause::UnderWriteback:
    case PageCause::NoSwapSpace:
        return At::Tail; // reclaim scans the tail of the lists
    default:
        return At::Random;
    }
}

At toAnchor(PageCause cause)
{
    switch (cause) {
    case PageCause::Rotated:
        return At::Tail; // writeback done: rotated to the tail, reclaimed first next time
    default:
        return At::Head; // lists add at the head
    }
}

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

double easeInOut(double x)
{
    return x < 0.5 ? 2 * x * x : 1 - std::pow(-2 * x + 2, 2) / 2;
}

} // namespace

LruView::LruView(QWidget* parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("memoryView"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(16);
    connect(m_timer, &QTimer::timeout, this, &LruView::advance);
    m_clock.start();
    m_lastTick = m_clock.nsecsElapsed();
}

LruView::~LruView() = default;

QString LruView::laneName(Lane lane)
{
    switch (lane) {
    case Lane::Free:
        return tr("Free");
    case Lane::ActiveAnon:
        return tr("Active anon");
    case Lane::InactiveAnon:
        return tr("Inactive anon");
    case Lane::Swap:
        return tr("Swap");
    case Lane::ActiveFile:
        return tr("Active file");
    case Lane::InactiveFile:
        return tr("Inactive file");
    case Lane::Unevictable:
        return tr("Unevictable");
    case Lane::Kernel:
        return tr("Kernel");
    }
    return {};
}

void LruView::reset()
{
    m_sprites.clear();
    m_flows.clear();
    for (auto& a : m_activity)
        a.fill(0.0);
    m_values.fill(0);
    m_lastNow = 0;
    m_lastScanKswapd = m_lastScanDirect = 0;
    m_compaction.clear();
    m_animated = m_seen = 0;
    update();
}

LruView::Lane LruView::laneOf(std::uint8_t code, bool& valid) const
{
    valid = true;
    if (code == static_cast<std::uint8_t>(FrameState::Free))
        return Lane::Free;
    if (code == static_cast<std::uint8_t>(FrameState::Kernel))
        return Lane::Kernel;
    switch (static_cast<LruList>(code - kLru0)) {
    case LruList::InactiveAnon:
        return Lane::InactiveAnon;
    case LruList::ActiveAnon:
        return Lane::ActiveAnon;
    case LruList::InactiveFile:
        return Lane::InactiveFile;
    case LruList::ActiveFile:
        return Lane::ActiveFile;
    case LruList::Unevictable:
        return Lane::Unevictable;
    }
    valid = false;
    return Lane::Free;
}

void LruView::setSnapshot(const Snapshot& s)
{
    m_values.fill(0);
    auto& v = m_values;
    for (const auto& node : s.nodes) {
        v[static_cast<std::size_t>(Lane::Free)] += node.free;
        v[static_cast<std::size_t>(Lane::InactiveAnon)] += node.lru[0];
        v[static_cast<std::size_t>(Lane::ActiveAnon)] += node.lru[1];
        v[static_cast<std::size_t>(Lane::InactiveFile)] += node.lru[2];
        v[static_cast<std::size_t>(Lane::ActiveFile)] += node.lru[3];
        v[static_cast<std::size_t>(Lane::Unevictable)] += node.lru[4];
        v[static_cast<std::size_t>(Lane::Kernel)] += node.kernel + node.isolated;
    }
    v[static_cast<std::size_t>(Lane::Swap)] = s.swapTotal > s.swapFree ? s.swapTotal - s.swapFree : 0;
    m_swapTotal = std::max(s.swapTotal, v[static_cast<std::size_t>(Lane::Swap)]);
    m_totalRam = s.totalRam;
    m_zones = s.zones;
    m_nodes = s.nodes;
    m_balance = s.scanBalance;
    m_stalled = m_throttled = 0;
    for (const auto& p : s.processes) {
        if (p.state == engine::ProcessState::DirectReclaim)
            ++m_stalled;
        else if (p.state == engine::ProcessState::Throttled)
            ++m_throttled;
    }

    // A rewind or a seek goes back in time: the compaction window starts again.
    if (!m_compaction.empty() && s.now < m_compaction.back().at)
        m_compaction.clear();
    m_compaction.push_back({ s.now, s.vm[engine::VmEvent::PgmigrateSuccess],
        s.vm[engine::VmEvent::CompactStall] + s.vm[engine::VmEvent::CompactDaemonWake] });
    while (m_compaction.size() > 2 && m_compaction[1].at <= s.now - engine::kTicksPerSecond)
        m_compaction.pop_front();

    const qint64 now = m_clock.nsecsElapsed();
    const Tick dtSim = s.now - m_lastNow;
    m_lastNow = s.now;

    // Scanner activity when no page moves are available (ring overflow): from the scan counters.
    const std::uint64_t scanK = s.vm[engine::VmEvent::PgscanKswapd];
    const std::uint64_t scanD = s.vm[engine::VmEvent::PgscanDirect];
    if (s.pageEventsDropped) {
        for (const Lane lane : { Lane::InactiveAnon, Lane::InactiveFile }) {
            if (scanK > m_lastScanKswapd)
                m_activity[static_cast<std::size_t>(lane)][1] = 1.0;
            if (scanD > m_lastScanDirect)
                m_activity[static_cast<std::size_t>(lane)][2] = 1.0;
        }
    }
    m_lastScanKswapd = scanK;
    m_lastScanDirect = scanD;

    // Rates of every move, for the flow arrows.
    // Moves per (from, to) lane pair and the busiest reclaimer of each: a flat table, since a snapshot
    // after a long engine step carries up to 20 000 moves.
    std::array<std::array<std::pair<std::uint64_t, int>, kLaneCount>, kLaneCount> counts {};
    const auto& events = s.pageEvents;
    m_seen += events.size();
    for (const auto& e : events) {
        bool okFrom = false;
        bool okTo = false;
        Lane from = laneOf(e.from, okFrom);
        Lane to = laneOf(e.to, okTo);
        if (!okFrom || !okTo)
            continue;
        if ((e.cause == PageCause::SwapIn || e.cause == PageCause::Readahead) && from == Lane::Free)
            from = Lane::Swap;
        if (e.cause == PageCause::Pageout && (from == Lane::InactiveAnon || from == Lane::ActiveAnon))
            to = Lane::Swap;
        if (e.reclaimer > 0 && e.reclaimer < 3)
            m_activity[static_cast<std::size_t>(from)][e.reclaimer] = 1.0;
        auto& c = counts[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
        ++c.first;
        c.second = std::max(c.second, static_cast<int>(e.reclaimer));
    }
    if (dtSim > 0) {
        const double seconds = static_cast<double>(dtSim) / 1e6;
        for (auto& [key, flow] : m_flows)
            flow.rate *= std::exp(-seconds / 0.3);
        // Smoothed over about 0.3 s of simulated time.
        const double w = 1.0 - std::exp(-seconds / 0.3);
        for (int from = 0; from < kLaneCount; ++from) {
            for (int to = 0; to < kLaneCount; ++to) {
                const auto& c = counts[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
                if (c.first == 0)
                    continue;
                Flow& flow = m_flows[{ from, to }];
                flow.rate += w * static_cast<double>(c.first) / seconds;
                flow.reclaimer = c.second;
            }
        }
    }

    // Sprites: at most m_budget in flight; sample evenly when there are more moves.
    if (!s.pageEventsDropped && !events.empty()) {
        const int room = m_budget - static_cast<int>(m_sprites.size());
        if (room > 0) {
            const std::size_t stride =
                (events.size() + static_cast<std::size_t>(room) - 1) / static_cast<std::size_t>(room);
            const bool slow = m_speed > 0 && m_speed <= 10'000;
            // The wall time this snapshot covers: spread its moves over it so they follow the clock.
            double spreadNs = 120e6;
            if (m_speed > 0 && dtSim > 0)
                spreadNs =
                    std::clamp(static_cast<double>(dtSim) / static_cast<double>(m_speed) * 1e9, 16e6, 1200e6);
            const qint64 duration = slow ? 900'000'000 : 650'000'000;
            const Tick t0 = events.front().at;
            const Tick t1 = events.back().at;
            const std::size_t picked = (events.size() + stride - 1) / stride;
            std::size_t k = 0;
            for (std::size_t i = 0; i < events.size(); i += stride, ++k) {
                const auto& e = events[i];
                bool okFrom = false;
                bool okTo = false;
                Lane from = laneOf(e.from, okFrom);
                Lane to = laneOf(e.to, okTo);
                if (!okFrom || !okTo)
                    continue;
                if ((e.cause == PageCause::SwapIn || e.cause == PageCause::Readahead) && from == Lane::Free)
                    from = Lane::Swap;
                if (e.cause == PageCause::Pageout && (from == Lane::InactiveAnon || from == Lane::ActiveAnon))
                    to = Lane::Swap;
                Sprite sp;
                sp.from = from;
                sp.to = to;
                const auto rnd = [this] {
                    m_rng ^= m_rng << 13;
                    m_rng ^= m_rng >> 7;
                    m_rng ^= m_rng << 17;
                    return static_cast<double>(m_rng % 10000) / 10000.0;
                };
                const At fa = from == Lane::Free || from == Lane::Swap || from == Lane::Kernel
                    ? At::Random
                    : fromAnchor(e.cause);
                const At ta = to == Lane::Free || to == Lane::Swap || to == Lane::Kernel ? At::Random
                                                                                         : toAnchor(e.cause);
                sp.fromPos = fa == At::Head ? 0.0 : fa == At::Tail ? 1.0 : fa == At::Middle ? 0.5 : rnd();
                sp.toPos = ta == At::Head ? 0.0 : ta == At::Tail ? 1.0 : ta == At::Middle ? 0.5 : rnd();
                double offset = 0.0;
                if (t1 > t0)
                    offset = static_cast<double>(e.at - t0) / static_cast<double>(t1 - t0) * spreadNs;
                else if (picked > 1)
                    offset = static_cast<double>(k) / static_cast<double>(picked) * spreadNs;
                sp.start = now + static_cast<qint64>(offset);
                sp.duration = duration;
                sp.color = to == Lane::Swap ? Theme::colors().swap : Theme::placeColor(e.to);
                sp.reclaimer = e.reclaimer;
                m_sprites.push_back(sp);
                ++m_animated;
            }
        }
    }
    m_animating = true;
    if (m_ownClock && !m_timer->isActive())
        m_timer->start();
    update();
}

void LruView::setOwnClock(bool own)
{
    m_ownClock = own;
    if (!own)
        m_timer->stop();
    else if (m_animating)
        m_timer->start();
}

void LruView::advance()
{
    if (!m_animating)
        return;
    const qint64 now = m_clock.nsecsElapsed();
    const double dt = static_cast<double>(now - m_lastTick) / 1e9;
    m_lastTick = now;
    std::erase_if(m_sprites, [now](const Sprite& s) { return now > s.start + s.duration; });
    bool busy = !m_sprites.empty();
    const double decay = std::exp(-dt / 0.45);
    for (auto& lane : m_activity) {
        for (double& a : lane) {
            a *= decay;
            if (a < 0.01)
                a = 0.0;
            busy = busy || a > 0.0;
        }
    }
    if (!busy) {
        m_animating = false;
        m_timer->stop();
    }
    update();
}

LruView::Layout LruView::layout(const QRectF& rect, double f) const
{
    Layout l;
    const double m = 14 * f;
    const int zones = std::max<int>(1, static_cast<int>(m_zones.size()));
    const double headerH = 30 * f + 46 * f + zones * 24 * f + 8 * f;
    l.header = QRectF(rect.left() + m, rect.top() + m * 0.6, rect.width() - 2 * m, headerH);
    const double top = l.header.bottom() + 24 * f;
    const double bottom = rect.bottom() - m * 0.6;
    const double step = std::max(10.0, (bottom - top) / kLaneCount);
    const double laneH = std::min(step * 0.70, 40 * f);
    const double labelW = 168 * f;
    const double flowW = 170 * f;
    const double x0 = rect.left() + m + labelW + 10 * f;
    const double x1 = rect.right() - m - flowW;
    l.flowX = x1 + 12 * f;
    for (int i = 0; i < kLaneCount; ++i) {
        const double y = top + i * step + (step - laneH) / 2;
        l.lanes[static_cast<std::size_t>(i)] = QRectF(x0, y, std::max(20.0, x1 - x0), laneH);
        l.labels[static_cast<std::size_t>(i)] = QRectF(rect.left() + m, y - 4 * f, labelW, laneH + 8 * f);
    }
    const double full = static_cast<double>(std::max<Pages>({ m_totalRam, m_swapTotal, 1 }));
    l.scale = std::max(20.0, x1 - x0) / full;
    return l;
}

double LruView::fillWidth(const Layout& l, Lane lane) const
{
    const Pages v = m_values[static_cast<std::size_t>(lane)];
    if (v == 0)
        return 0.0;
    return std::max(3.0, static_cast<double>(v) * l.scale);
}

QPointF LruView::anchor(const Layout& l, Lane lane, double pos) const
{
    const QRectF& r = l.lanes[static_cast<std::size_t>(lane)];
    const double w = std::max(8.0, fillWidth(l, lane));
    return { r.left() + 4 + std::clamp(pos, 0.0, 1.0) * (w - 8), r.center().y() };
}

void LruView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    render(p, QRectF(rect()), 1.0);
}

void LruView::render(QPainter& p, const QRectF& rect, double f) const
{
    const ThemeColors& c = Theme::colors();
    p.fillRect(rect, c.panel);
    const Layout l = layout(rect, f);
    drawHeader(p, l.header, f);
    drawLanes(p, l, f);
    drawFlows(p, l, f);
    drawSprites(p, l, f, m_clock.nsecsElapsed());
}

namespace {

void drawChip(QPainter& p, StaticTextCache& texts, const QRectF& r, const QString& text, const QColor& color,
    bool filled, double f)
{
    const ThemeColors& c = Theme::colors();
    QPainterPath path;
    path.addRoundedRect(r, r.height() / 2, r.height() / 2);
    if (filled) {
        p.fillPath(path, color);
        p.setPen(Qt::white);
    } else {
        p.fillPath(path, withAlpha(color, 28));
        p.setPen(QPen(withAlpha(color, 160), 1.5 * f));
        p.drawPath(path);
        p.setPen(c.text);
    }
    p.setFont(Theme::font(11 * f, true));
    texts.draw(p, r.adjusted(12 * f, 0, -12 * f, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
}

} // namespace

QString LruView::compactionText() const
{
    if (m_compaction.size() < 2)
        return {};
    const CompactionSample& from = m_compaction.front();
    const CompactionSample& to = m_compaction.back();
    const double seconds = static_cast<double>(to.at - from.at) / engine::kTicksPerSecond;
    if (to.migrated > from.migrated && seconds > 0) {
        const double rate = static_cast<double>(to.migrated - from.migrated) / seconds;
        return tr("compaction: %1 pages/s moved").arg(formatCount(static_cast<std::uint64_t>(rate)));
    }
    if (to.runs > from.runs)
        return tr("compaction: nothing to move");
    return {};
}

void LruView::drawHeader(QPainter& p, const QRectF& r, double f) const
{
    const ThemeColors& c = Theme::colors();
    // Title row.
    p.setPen(c.text);
    p.setFont(Theme::font(14.5 * f, true));
    const QString title = m_title.isEmpty() ? tr("Memory") : m_title;
    m_texts.draw(p, QRectF(r.left(), r.top(), r.width(), 26 * f), Qt::AlignLeft | Qt::AlignVCenter, title);

    // Chips: kswapd, direct reclaim, scan balance.
    const double chipY = r.top() + 32 * f;
    const double chipH = 32 * f;
    bool kswapdRunning = false;
    bool kswapdNapping = false;
    QStringList kswapdParts;
    for (const auto& n : m_nodes) {
        kswapdRunning = kswapdRunning || n.kswapd == engine::KswapdState::Running;
        kswapdNapping = kswapdNapping || n.kswapd == engine::KswapdState::Napping;
        QString part = m_nodes.size() > 1 ? tr("kswapd%1 %2").arg(n.id).arg(EventText::kswapdState(n.kswapd))
                                          : tr("kswapd %1").arg(EventText::kswapdState(n.kswapd));
        if (n.kswapd == engine::KswapdState::Running)
            part += tr(" · priority %1").arg(n.kswapdPriority);
        kswapdParts << part;
    }
    if (kswapdParts.isEmpty())
        kswapdParts << tr("kswapd");
    const QString kText = kswapdParts.join(QStringLiteral(" | "));
    p.setFont(Theme::font(11 * f, true));
    const double kW = m_texts.width(p.font(), kText) + 30 * f;
    drawChip(p, m_texts, QRectF(r.left(), chipY, kW, chipH), kText,
        kswapdRunning       ? c.kswapd
            : kswapdNapping ? c.kswapd
                            : c.mutedText,
        kswapdRunning, f);
    QString dText;
    if (m_stalled > 0)
        dText = tr("direct reclaim: %n task(s) stalled", nullptr, m_stalled);
    else if (m_throttled > 0)
        dText = tr("direct reclaim: %n task(s) throttled", nullptr, m_throttled);
    else
        dText = tr("no direct reclaim");
    const double dW = m_texts.width(p.font(), dText) + 30 * f;
    const double dX = r.left() + kW + 10 * f;
    drawChip(p, m_texts, QRectF(dX, chipY, dW, chipH), dText,
        m_stalled + m_throttled > 0 ? c.direct : c.mutedText, m_stalled + m_throttled > 0, f);

    // Compaction, while it ran in the last simulated second: pages migrated per second, or that it
    // found nothing to move.
    double bX = dX + dW + 18 * f;
    if (const QString cText = compactionText(); !cText.isEmpty()) {
        const double cW = m_texts.width(p.font(), cText) + 30 * f;
        drawChip(p, m_texts, QRectF(bX - 8 * f, chipY, cW, chipH), cText, c.compaction, true, f);
        bX += cW + 10 * f;
    }

    // Scan balance: the anon/file split of the last get_scan_count().
    const QRectF bar(bX, chipY + 15 * f, std::max(60.0, r.right() - bX), chipH - 15 * f);
    p.setFont(Theme::font(10 * f));
    p.setPen(c.mutedText);
    const bool reclaimed = m_balance.decided;
    QString caption = tr("Scan balance (get_scan_count)");
    if (reclaimed)
        caption = tr("Scan balance: %1 at priority %2, swappiness %3")
                      .arg(m_balance.kswapd ? tr("kswapd") : tr("direct reclaim"))
                      .arg(m_balance.priority)
                      .arg(m_balance.swappiness);
    m_texts.draw(p, QRectF(bX, chipY - 2 * f, bar.width(), 16 * f), Qt::AlignLeft | Qt::AlignVCenter,
        m_texts.elided(p.font(), caption, bar.width()));
    double anon = 0.5;
    if (m_balance.denominator > 0)
        anon = static_cast<double>(m_balance.fractionAnon) / static_cast<double>(m_balance.denominator);
    else if (m_balance.mode == engine::ScanBalanceMode::File)
        anon = 0.0;
    else if (m_balance.mode == engine::ScanBalanceMode::Anon)
        anon = 1.0;
    QPainterPath track;
    track.addRoundedRect(bar, 4 * f, 4 * f);
    p.save();
    p.setClipPath(track);
    if (reclaimed) {
        p.fillRect(QRectF(bar.left(), bar.top(), bar.width() * anon, bar.height()), c.activeAnon);
        p.fillRect(QRectF(bar.left() + bar.width() * anon, bar.top(), bar.width() * (1 - anon), bar.height()),
            c.activeFile);
    } else {
        p.fillRect(bar, c.track);
    }
    p.restore();
    p.setFont(Theme::font(10 * f, true));
    p.setPen(reclaimed ? QColor(Qt::white) : c.mutedText);
    if (reclaimed) {
        m_texts.draw(p, bar.adjusted(6 * f, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
            tr("anon %1%").arg(std::lround(anon * 100)));
        m_texts.draw(p, bar.adjusted(0, 0, -6 * f, 0), Qt::AlignRight | Qt::AlignVCenter,
            tr("file %1%").arg(std::lround((1 - anon) * 100)));
    } else {
        m_texts.draw(p, bar, Qt::AlignCenter, tr("no reclaim yet"));
    }

    // One gauge per zone: free pages against min, low and high.
    double y = chipY + chipH + 10 * f;
    const double labelW = 92 * f;
    const double gaugeH = 16 * f;
    p.setFont(Theme::font(9.5 * f));
    const auto gaugeText = [](const ZoneSnapshot& z) {
        return tr("free %1 · min %2 · low %3 · high %4")
            .arg(formatCount(z.free), formatCount(z.min), formatCount(z.low), formatCount(z.high));
    };
    double textW = 0;
    for (const auto& z : m_zones)
        textW = std::max<double>(textW, m_texts.width(p.font(), gaugeText(z)));
    textW = std::min(textW + 14 * f, r.width() * 0.45);
    for (const auto& z : m_zones) {
        const QRectF g(r.left() + labelW, y + 3 * f, r.width() - labelW - textW - 8 * f, gaugeH);
        p.setPen(c.text);
        p.setFont(Theme::font(10.5 * f, true));
        m_texts.draw(p, QRectF(r.left(), y, labelW - 8 * f, gaugeH + 6 * f), Qt::AlignLeft | Qt::AlignVCenter,
            QString::fromStdString(z.name));
        const double maxV = static_cast<double>(std::max<Pages>({ z.free, z.high * 2, 1 }));
        const auto xOf = [&](Pages v) {
            return g.left() + std::min(1.0, static_cast<double>(v) / maxV) * g.width();
        };
        p.fillRect(g, c.track);
        p.fillRect(QRectF(g.left(), g.top(), xOf(z.min) - g.left(), g.height()), withAlpha(c.wmarkMin, 60));
        p.fillRect(
            QRectF(xOf(z.min), g.top(), xOf(z.low) - xOf(z.min), g.height()), withAlpha(c.wmarkLow, 60));
        p.fillRect(
            QRectF(xOf(z.low), g.top(), xOf(z.high) - xOf(z.low), g.height()), withAlpha(c.wmarkHigh, 45));
        // The free level as a bar.
        const QColor level = z.free < z.min ? c.wmarkMin
            : z.free < z.low                ? c.wmarkLow
            : z.free < z.high               ? c.dirty
                                            : c.free;
        p.fillRect(
            QRectF(g.left(), g.top() + g.height() * 0.25, xOf(z.free) - g.left(), g.height() * 0.5), level);
        for (const auto& [mark, color] : { std::pair { z.min, c.wmarkMin }, std::pair { z.low, c.wmarkLow },
                 std::pair { z.high, c.wmarkHigh } }) {
            p.setPen(QPen(color, 2 * f));
            p.drawLine(QPointF(xOf(mark), g.top() - 2 * f), QPointF(xOf(mark), g.bottom() + 2 * f));
        }
        p.setPen(c.mutedText);
        p.setFont(Theme::font(9.5 * f));
        m_texts.draw(p, QRectF(g.right() + 10 * f, y, textW, gaugeH + 6 * f),
            Qt::AlignLeft | Qt::AlignVCenter, m_texts.elided(p.font(), gaugeText(z), textW));
        y += 24 * f;
    }
}

void LruView::drawLanes(QPainter& p, const Layout& l, double f) const
{
    const ThemeColors& c = Theme::colors();
    // Head and tail captions above the first LRU lane.
    const QRectF first = l.lanes[static_cast<std::size_t>(Lane::Free)];
    p.setFont(Theme::font(9.5 * f));
    p.setPen(c.mutedText);
    // Short forms when the long ones would meet in a narrow lane.
    QString head = tr("◀ head: pages enter here");
    QString tail = tr("tail: reclaim scans here ▶");
    if (m_texts.width(p.font(), head) + m_texts.width(p.font(), tail) + 16 * f > first.width()) {
        head = tr("◀ head");
        tail = tr("tail ▶");
    }
    m_texts.draw(p, QRectF(first.left(), first.top() - 22 * f, first.width(), 18 * f),
        Qt::AlignLeft | Qt::AlignVCenter, head);
    m_texts.draw(p, QRectF(first.left(), first.top() - 22 * f, first.width(), 18 * f),
        Qt::AlignRight | Qt::AlignVCenter, tail);

    for (int i = 0; i < kLaneCount; ++i) {
        const auto lane = static_cast<Lane>(i);
        const QRectF& r = l.lanes[static_cast<std::size_t>(i)];
        const QRectF& label = l.labels[static_cast<std::size_t>(i)];
        QColor color;
        switch (lane) {
        case Lane::Free:
            color = c.free;
            break;
        case Lane::ActiveAnon:
            color = c.activeAnon;
            break;
        case Lane::InactiveAnon:
            color = c.inactiveAnon;
            break;
        case Lane::Swap:
            color = c.swap;
            break;
        case Lane::ActiveFile:
            color = c.activeFile;
            break;
        case Lane::InactiveFile:
            color = c.inactiveFile;
            break;
        case Lane::Unevictable:
            color = c.unevictable;
            break;
        case Lane::Kernel:
            color = c.kernel;
            break;
        }
        // Label: colour key, name, size.
        const Pages value = m_values[static_cast<std::size_t>(i)];
        p.fillRect(QRectF(label.left(), label.top() + 6 * f, 5 * f, label.height() - 12 * f), color);
        const QFont nameFont = Theme::font(12 * f, true);
        const QFont sizeFont = Theme::font(10.5 * f);
        QString size = formatPagesAsBytes(value);
        if (lane == Lane::Swap)
            size = m_swapTotal > 0
                ? tr("%1 of %2").arg(formatPagesAsBytes(value), formatPagesAsBytes(m_swapTotal))
                : tr("no swap");
        const double textX = label.left() + 12 * f;
        const double textW = label.width() - 12 * f;
        const bool twoLines =
            QFontMetricsF(nameFont).height() + QFontMetricsF(sizeFont).height() <= label.height() + 2 * f;
        p.setPen(c.text);
        p.setFont(nameFont);
        if (twoLines) {
            m_texts.draw(p, QRectF(textX, label.top(), textW, label.height() / 2 + 2 * f),
                Qt::AlignLeft | Qt::AlignBottom, laneName(lane));
            p.setPen(c.mutedText);
            p.setFont(sizeFont);
            m_texts.draw(p, QRectF(textX, label.center().y() + 1 * f, textW, label.height() / 2),
                Qt::AlignLeft | Qt::AlignTop, m_texts.elided(sizeFont, size, textW));
        } else {
            // A short lane: name and size on one line, so neither reaches into the next lane.
            const QString name = laneName(lane);
            const double nameW = m_texts.width(nameFont, name);
            m_texts.draw(p, label.adjusted(12 * f, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, name);
            p.setPen(c.mutedText);
            p.setFont(sizeFont);
            const double sizeW = textW - nameW - 6 * f;
            if (sizeW > 12 * f)
                m_texts.draw(p, QRectF(textX + nameW + 6 * f, label.top(), sizeW, label.height()),
                    Qt::AlignLeft | Qt::AlignVCenter, m_texts.elided(sizeFont, size, sizeW));
        }

        // Track and fill.
        QPainterPath track;
        track.addRoundedRect(r, 5 * f, 5 * f);
        p.fillPath(track, c.track);
        if (lane == Lane::Swap && m_swapTotal > 0) {
            const QRectF total(r.left(), r.top(),
                std::min(r.width(), static_cast<double>(m_swapTotal) * l.scale), r.height());
            p.setPen(QPen(withAlpha(c.swap, 150), 1.5 * f, Qt::DashLine));
            p.drawRoundedRect(total.adjusted(0.75, 0.75, -0.75, -0.75), 5 * f, 5 * f);
        }
        const double w = std::min(r.width(), fillWidth(l, lane));
        if (w > 0) {
            QPainterPath fill;
            fill.addRoundedRect(QRectF(r.left(), r.top(), w, r.height()), 5 * f, 5 * f);
            QLinearGradient grad(r.topLeft(), r.bottomLeft());
            grad.setColorAt(0, color.lighter(112));
            grad.setColorAt(1, color);
            p.fillPath(fill, grad);
        }
        // Scanners at the tail: kswapd and direct reclaim as bars in their colours, their names beside
        // the bars on the lane's own line, then the page count, so no text leaves its lane.
        const bool lru = lane == Lane::ActiveAnon || lane == Lane::InactiveAnon || lane == Lane::ActiveFile
            || lane == Lane::InactiveFile;
        double textLeft = r.left() + w + 8 * f; // where text after the fill may start
        double insideRight = r.left() + w - 8 * f; // where text inside the fill must end
        if (lru) {
            const auto& act = m_activity[static_cast<std::size_t>(i)];
            double x = r.left() + std::min(r.width(), std::max(w, 6.0)) + 2 * f;
            std::vector<std::pair<QString, QColor>> names;
            for (int who = 1; who <= 2; ++who) {
                const double a = act[static_cast<std::size_t>(who)];
                if (a <= 0.0)
                    continue;
                const QColor sc = who == 1 ? c.kswapd : c.direct;
                const QRectF bar(x, r.top() - 5 * f, 6 * f, r.height() + 10 * f);
                p.setPen(Qt::NoPen);
                p.setBrush(withAlpha(sc, static_cast<int>(60 + 195 * a)));
                p.drawRoundedRect(bar, 3 * f, 3 * f);
                p.setBrush(withAlpha(sc, static_cast<int>(40 * a)));
                p.drawRoundedRect(bar.adjusted(-5 * f, -3 * f, 5 * f, 3 * f), 6 * f, 6 * f);
                p.setBrush(Qt::NoBrush);
                names.emplace_back(
                    who == 1 ? tr("kswapd") : tr("direct"), withAlpha(sc, static_cast<int>(90 + 165 * a)));
                x += 12 * f;
            }
            if (!names.empty()) {
                p.setFont(Theme::font(9 * f, true));
                double namesWidth = 0.0;
                for (const auto& name : names)
                    namesWidth += m_texts.width(p.font(), name.first) + 6 * f;
                // After the bars when they fit in the lane, else inside the fill, left of the bars.
                const bool after = x + 2 * f + namesWidth <= r.right();
                double nx = after ? x + 2 * f : r.left() + w - 4 * f - namesWidth;
                for (const auto& [name, colour] : names) {
                    const double nw = m_texts.width(p.font(), name);
                    p.setPen(after ? colour : QColor(Qt::white));
                    m_texts.draw(p, QRectF(nx, r.top(), nw + 2 * f, r.height()),
                        Qt::AlignLeft | Qt::AlignVCenter, name);
                    nx += nw + 6 * f;
                }
                if (after)
                    textLeft = x + 2 * f + namesWidth + 4 * f;
                else
                    insideRight = r.left() + w - 8 * f - namesWidth;
            }
        }
        // Page count after the fill (and the scanners), or inside the fill when it is long.
        p.setFont(Theme::font(10.5 * f));
        const QString count = tr("%1 pages").arg(formatCount(value));
        const double tw = m_texts.width(p.font(), count) + 8 * f;
        if (textLeft + tw < r.right()) {
            p.setPen(c.mutedText);
            m_texts.draw(
                p, QRectF(textLeft, r.top(), tw, r.height()), Qt::AlignLeft | Qt::AlignVCenter, count);
        } else if (insideRight - r.left() > tw) {
            p.setPen(Qt::white);
            m_texts.draw(p, QRectF(r.left(), r.top(), insideRight - r.left(), r.height()),
                Qt::AlignRight | Qt::AlignVCenter, count);
        }
    }
}

void LruView::drawFlows(QPainter& p, const Layout& l, double f) const
{
    const ThemeColors& c = Theme::colors();
    // The busiest moves as arcs in the right margin, width by rate (log scale), labelled with the rate.
    std::vector<std::pair<double, std::pair<int, int>>> top;
    for (const auto& [key, flow] : m_flows) {
        if (key.first != key.second && flow.rate >= 1.0)
            top.push_back({ flow.rate, key });
    }
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (top.size() > 3)
        top.resize(3);
    // Short arcs nearest the lanes, long ones outside them.
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
        return std::abs(a.second.first - a.second.second) < std::abs(b.second.first - b.second.second);
    });
    p.setFont(Theme::font(9 * f, true));
    int slot = 0;
    std::vector<QRectF> labels;
    for (const auto& [rate, key] : top) {
        const auto& from = l.lanes[static_cast<std::size_t>(key.first)];
        const auto& to = l.lanes[static_cast<std::size_t>(key.second)];
        const int reclaimer = m_flows.at(key).reclaimer;
        const QColor color = reclaimer == 1 ? c.kswapd : reclaimer == 2 ? c.direct : c.mutedText;
        const double x = l.flowX;
        const double y0 = from.center().y() + (key.first < key.second ? 4 : -4) * f;
        const double y1 = to.center().y() + (key.first < key.second ? -4 : 4) * f;
        const double reach = x + (24 + 34 * slot) * f;
        const double width = std::clamp(std::log10(rate) * 1.4 * f, 1.5 * f, 8.0 * f);
        QPainterPath path(QPointF(x, y0));
        path.cubicTo(QPointF(reach, y0), QPointF(reach, y1), QPointF(x + 8 * f, y1));
        p.setPen(QPen(withAlpha(color, 140), width, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        QPolygonF head;
        head << QPointF(x, y1) << QPointF(x + 10 * f, y1 - 6 * f) << QPointF(x + 10 * f, y1 + 6 * f);
        p.setPen(Qt::NoPen);
        p.setBrush(withAlpha(color, 220));
        p.drawPolygon(head);
        const QString text = rate >= 10000 ? tr("%1k/s").arg(rate / 1000.0, 0, 'f', 0)
            : rate >= 1000                 ? tr("%1k/s").arg(rate / 1000.0, 0, 'f', 1)
                                           : tr("%1/s").arg(rate, 0, 'f', 0);
        const double apex = x + (reach - x) * 0.75;
        QRectF box(apex - 2 * f, (y0 + y1) / 2 - 8 * f, m_texts.width(p.font(), text) + 6 * f, 16 * f);
        // Labels of arcs between the same lanes would sit on each other: move down until free.
        for (bool moved = true; moved;) {
            moved = false;
            for (const QRectF& other : labels) {
                if (box.intersects(other)) {
                    box.moveTop(other.bottom() + 2 * f);
                    moved = true;
                }
            }
        }
        labels.push_back(box);
        p.setPen(Qt::NoPen);
        p.setBrush(withAlpha(c.panel, 220));
        p.drawRoundedRect(box, 3 * f, 3 * f);
        p.setPen(color.darker(Theme::mode() == ThemeMode::Dark ? 80 : 115));
        m_texts.draw(p, box, Qt::AlignCenter, text);
        ++slot;
    }
}

const QPixmap& LruView::spritePixmap(const QColor& color, int reclaimer, double f, qreal dpr) const
{
    const ThemeColors& c = Theme::colors();
    const auto key = std::make_tuple(color.rgba(), reclaimer, static_cast<int>(std::lround(f * 100)),
        static_cast<int>(std::lround(dpr * 100)), c.panel.rgba());
    auto it = m_spriteCache.find(key);
    if (it != m_spriteCache.end())
        return it->second;
    if (m_spriteCache.size() > 64)
        m_spriteCache.clear(); // theme or zoom changes leave old entries behind
    const double size = 10 * f;
    const double margin = 2 * f;
    const int edge = static_cast<int>(std::ceil((size + 2 * margin) * dpr));
    QPixmap pixmap(edge, edge);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(color);
    if (reclaimer == 1 || reclaimer == 2)
        p.setPen(QPen(reclaimer == 1 ? c.kswapd : c.direct, 2.5 * f));
    else
        p.setPen(QPen(withAlpha(c.panel, 200), 1.2 * f));
    p.drawRoundedRect(QRectF(margin, margin, size, size), 2.5 * f, 2.5 * f);
    p.end();
    return m_spriteCache.emplace(key, std::move(pixmap)).first->second;
}

void LruView::drawSprites(QPainter& p, const Layout& l, double f, qint64 now) const
{
    const double size = 10 * f;
    const double margin = 2 * f;
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const bool vector = p.paintEngine() && p.paintEngine()->type() != QPaintEngine::Raster;
    const ThemeColors& c = Theme::colors();
    for (const auto& s : m_sprites) {
        if (now < s.start)
            continue;
        const double x =
            std::clamp(static_cast<double>(now - s.start) / static_cast<double>(s.duration), 0.0, 1.0);
        const double t = easeInOut(x);
        const QPointF a = anchor(l, s.from, s.fromPos);
        const QPointF b = anchor(l, s.to, s.toPos);
        // A curved path: sideways out of the lane, then into the target.
        const QPointF ctrl(
            (a.x() + b.x()) / 2 + (s.from == s.to ? 60 * f : 0), std::min(a.y(), b.y()) - 24 * f);
        const QPointF pos = (1 - t) * (1 - t) * a + 2 * (1 - t) * t * ctrl + t * t * b;
        const double alpha = x < 0.1 ? x / 0.1 : x > 0.9 ? (1 - x) / 0.1 : 1.0;
        if (!vector) {
            p.setOpacity(alpha);
            p.drawPixmap(QPointF(pos.x() - size / 2 - margin, pos.y() - size / 2 - margin),
                spritePixmap(s.color, s.reclaimer, f, dpr));
            continue;
        }
        // SVG and PDF exports keep vector sprites.
        const QRectF r(pos.x() - size / 2, pos.y() - size / 2, size, size);
        p.setBrush(withAlpha(s.color, static_cast<int>(255 * alpha)));
        if (s.reclaimer == 1 || s.reclaimer == 2) {
            p.setPen(QPen(
                withAlpha(s.reclaimer == 1 ? c.kswapd : c.direct, static_cast<int>(255 * alpha)), 2.5 * f));
        } else {
            p.setPen(QPen(withAlpha(c.panel, static_cast<int>(200 * alpha)), 1.2 * f));
        }
        p.drawRoundedRect(r, 2.5 * f, 2.5 * f);
    }
    p.setOpacity(1.0);
}

bool LruView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const Layout l = layout(QRectF(rect()), 1.0);
        for (int i = 0; i < kLaneCount; ++i) {
            const QRectF band =
                l.lanes[static_cast<std::size_t>(i)].united(l.labels[static_cast<std::size_t>(i)]);
            if (!band.contains(help->pos()))
                continue;
            QString text;
            switch (static_cast<Lane>(i)) {
            case Lane::Free:
                text = tr("Free pages of every zone. Allocations take them; below a zone's low watermark "
                          "kswapd wakes, "
                          "below min the allocating task reclaims itself (direct reclaim).");
                break;
            case Lane::ActiveAnon:
                text = tr("Anonymous pages (heap, stacks) used recently. When the inactive anon list gets "
                          "too small, "
                          "reclaim deactivates pages from this list's tail.");
                break;
            case Lane::InactiveAnon:
                text = tr("Anonymous pages not used recently. Reclaim scans the tail: referenced pages go "
                          "back to the "
                          "active list, the others are written to swap and freed.");
                break;
            case Lane::Swap:
                text = tr("Swap space in use: anonymous pages written out by reclaim. They are read back in "
                          "(swap-in) "
                          "when touched again.");
                break;
            case Lane::ActiveFile:
                text = tr("Page cache used more than once recently. Deactivated to the inactive list when "
                          "that list "
                          "gets too small.");
                break;
            case Lane::InactiveFile:
                text = tr("Page cache read once or not used recently: the cheapest memory to reclaim. Clean "
                          "pages are "
                          "dropped, dirty ones written back first.");
                break;
            case Lane::Unevictable:
                text = tr("mlock()ed pages: reclaim cannot touch them.");
                break;
            case Lane::Kernel:
                text = tr("Memory held by the kernel (slab, stacks, page tables): not on any LRU list.");
                break;
            }
            QToolTip::showText(help->globalPos(),
                QStringLiteral("<b>%1</b><br>%2").arg(laneName(static_cast<Lane>(i)), text), this);
            return true;
        }
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    return QWidget::event(e);
}

} // namespace rlab::ui
