// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/simulator.h>

#include <QCoreApplication>
#include <QString>

namespace rlab::ui {

/// Kinds of engine events, for the event log's filters and the plot markers.
enum class EventCategory
{
    Kswapd,
    DirectReclaim,
    Compaction, ///< fragmentation: direct compaction, kcompactd, watermark boost, allocation failures
    ScanBalance,
    Oom,
    Process,
    Admin, ///< live changes: sysctl, swapon/off, drop_caches, oom_score_adj
    Other,
};

/// Every user-visible word about engine ids: the engine emits stable ASCII ids (STYLE.md §6), this
/// class turns them into translated sentences.
class EventText
{
    Q_DECLARE_TR_FUNCTIONS(EventText)
public:
    static EventCategory category(const engine::Event& event);
    static QString categoryName(EventCategory category);
    /// Short title: "kswapd woke up".
    static QString title(const engine::Event& event);
    /// A sentence explaining what happened and why.
    static QString explain(const engine::Event& event);

    static QString lruName(engine::LruList lru);
    /// Name of a FrameState code (Free, Kernel, Isolated, LruBase + list).
    static QString placeName(std::uint8_t code);
    static QString causeText(engine::PageCause cause);
    static QString reclaimerName(int reclaimer);
    /// One move in a page's history: "inactive file → active file: referenced, scanned by kswapd at
    /// priority 9".
    static QString pageMove(const engine::PageEvent& move);
    static QString processState(engine::ProcessState state);
    static QString scanMode(engine::ScanBalanceMode mode);
    static QString kswapdState(engine::KswapdState state);
    /// Description of a sysctl in the user's language (from the engine's sysctl table).
    static QString sysctlHelp(const engine::SysctlInfo& info);
    /// Translated unit of a sysctl: "kB", "%", "1/10000 of the zone"…
    static QString sysctlUnit(std::string_view unit);
};

} // namespace rlab::ui
