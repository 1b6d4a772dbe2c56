// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace rlab::ui {

/// The history of the page the user clicked in the page map: each move with its time and cause
/// ("inactive file → active file: referenced: activated, scanned by kswapd at priority 9").
class PageHistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PageHistoryPanel(QWidget* parent = nullptr);

    void setSnapshot(const Snapshot& snapshot);
    void reset();
    int moveCount() const;
    QString headline() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    /// The followed page's frame, place and flags, or how to follow one.
    void updateHeadline();

    QLabel* m_title;
    QTreeWidget* m_list;
    std::shared_ptr<const WatchedPage> m_page;
    FrameIndex m_frame = engine::kNoFrame;
};

} // namespace rlab::ui
