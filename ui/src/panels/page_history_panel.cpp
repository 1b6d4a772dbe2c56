// SPDX-License-Identifier: GPL-3.0-or-later
#include "page_history_panel.h"

#include "event_text.h"
#include "format.h"
#include "theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rlab::ui {

namespace {

QString flagText(engine::PageFlags flags)
{
    QStringList parts;
    const std::pair<engine::PageFlags, const char*> names[] = {
        { engine::kPgReferenced, "referenced" },
        { engine::kPgActive, "active" },
        { engine::kPgDirty, "dirty" },
        { engine::kPgWriteback, "writeback" },
        { engine::kPgSwapbacked, "swapbacked" },
        { engine::kPgMlocked, "mlocked" },
        { engine::kPgWorkingset, "workingset" },
        { engine::kPgReclaim, "reclaim" },
        { engine::kPgSwapcache, "swapcache" },
        { engine::kPgUnevictable, "unevictable" },
        { engine::kPteMapped, "mapped" },
        { engine::kPteYoung, "young" },
    };
    for (const auto& [bit, name] : names) {
        if (flags & bit)
            parts << QLatin1String(name);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

PageHistoryPanel::PageHistoryPanel(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    m_list->setObjectName(QStringLiteral("pageHistory"));
    m_list->setColumnCount(2);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    reset();
    retranslateUi();
}

void PageHistoryPanel::retranslateUi()
{
    m_list->setHeaderLabels({ tr("Time"), tr("Move and cause") });
    updateHeadline();
    // The moves listed so far, in the new language.
    if (m_page) {
        for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
            if (static_cast<std::size_t>(i) < m_page->history.size())
                m_list->topLevelItem(i)->setText(
                    1, EventText::pageMove(m_page->history[static_cast<std::size_t>(i)]));
        }
    }
}

void PageHistoryPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void PageHistoryPanel::updateHeadline()
{
    if (!m_page) {
        m_title->setText(
            tr("Click a page in the page map to follow it: every move it makes from then on is listed "
               "here with its time and cause."));
        return;
    }
    const WatchedPage& w = *m_page;
    m_title->setText(
        tr("<b>Frame %1</b> (%2) · now <b>%3</b> %4<br><span style='color:%6'>Followed since %5</span>")
            .arg(w.frame)
            .arg(QString::fromStdString(w.zone), EventText::placeName(static_cast<std::uint8_t>(w.state)),
                flagText(w.flags).isEmpty() ? QString() : QStringLiteral("[%1]").arg(flagText(w.flags)),
                formatSimTime(w.since), Theme::colors().mutedText.name()));
}

void PageHistoryPanel::reset()
{
    m_page.reset();
    m_frame = engine::kNoFrame;
    m_list->clear();
    updateHeadline();
}

int PageHistoryPanel::moveCount() const
{
    return m_list->topLevelItemCount();
}

QString PageHistoryPanel::headline() const
{
    return m_title->text();
}

void PageHistoryPanel::setSnapshot(const Snapshot& s)
{
    if (!s.watched || s.watched == m_page)
        return;
    m_page = s.watched;
    const WatchedPage& w = *m_page;
    if (w.frame != m_frame) {
        m_frame = w.frame;
        m_list->clear();
    }
    updateHeadline();
    // The history only grows while the same frame is followed.
    for (auto i = static_cast<std::size_t>(m_list->topLevelItemCount()); i < w.history.size(); ++i) {
        const auto& move = w.history[i];
        auto* item = new QTreeWidgetItem({ formatSimTime(move.at), EventText::pageMove(move) });
        item->setForeground(
            1, Theme::placeColor(move.to).darker(Theme::mode() == ThemeMode::Dark ? 80 : 130));
        if (move.reclaimer == 1)
            item->setForeground(0, Theme::colors().kswapd);
        else if (move.reclaimer == 2)
            item->setForeground(0, Theme::colors().direct);
        m_list->addTopLevelItem(item);
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->scrollToBottom();
}

} // namespace rlab::ui
