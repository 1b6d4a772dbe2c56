// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controller/snapshot.h"

#include <QPlainTextEdit>

#include <memory>

namespace rlab::ui {

/// One /proc file (or the kernel log) in kernel format, refreshed live while visible.
class ProcTextView : public QPlainTextEdit
{
    Q_OBJECT
public:
    enum class Which
    {
        Zoneinfo,
        Vmstat,
        Meminfo,
        Buddyinfo,
        Pagetypeinfo,
        ExtfragIndex,
        Swaps,
        Pressure,
        Dmesg,
        Cgroups,
    };
    static constexpr int kCount = 10;

    explicit ProcTextView(Which which, QWidget* parent = nullptr);
    Which which() const { return m_which; }
    /// Tab title: "/proc/zoneinfo", "dmesg".
    static QString title(Which which);
    /// Short tab title: "zoneinfo".
    static QString shortTitle(Which which);

    void setTexts(const std::shared_ptr<const ProcTexts>& texts);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    Which m_which;
    std::shared_ptr<const ProcTexts> m_texts;
};

} // namespace rlab::ui
