// SPDX-License-Identifier: GPL-3.0-or-later
#include "proc_text_view.h"

#include <QFontDatabase>
#include <QScrollBar>

#include <utility>

namespace rlab::ui {

ProcTextView::ProcTextView(Which which, QWidget* parent)
    : QPlainTextEdit(parent)
    , m_which(which)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setObjectName(title(which));
    retranslateUi();
}

void ProcTextView::retranslateUi()
{
    setPlaceholderText(tr("Waiting for the simulation…"));
    // The notes shown in place of a file the engine does not model are translated.
    if (auto texts = std::exchange(m_texts, nullptr))
        setTexts(texts);
}

void ProcTextView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

QString ProcTextView::shortTitle(Which which)
{
    switch (which) {
    case Which::Zoneinfo:
        return QStringLiteral("zoneinfo");
    case Which::Vmstat:
        return QStringLiteral("vmstat");
    case Which::Meminfo:
        return QStringLiteral("meminfo");
    case Which::Buddyinfo:
        return QStringLiteral("buddyinfo");
    case Which::Pagetypeinfo:
        return QStringLiteral("pagetypeinfo");
    case Which::ExtfragIndex:
        return QStringLiteral("extfrag_index");
    case Which::Swaps:
        return QStringLiteral("swaps");
    case Which::Pressure:
        return QStringLiteral("pressure");
    case Which::Dmesg:
        return QStringLiteral("dmesg");
    case Which::Cgroups:
        return QStringLiteral("cgroups");
    }
    return {};
}

QString ProcTextView::title(Which which)
{
    switch (which) {
    case Which::Zoneinfo:
        return QStringLiteral("/proc/zoneinfo");
    case Which::Vmstat:
        return QStringLiteral("/proc/vmstat");
    case Which::Meminfo:
        return QStringLiteral("/proc/meminfo");
    case Which::Buddyinfo:
        return QStringLiteral("/proc/buddyinfo");
    case Which::Pagetypeinfo:
        return QStringLiteral("/proc/pagetypeinfo");
    case Which::ExtfragIndex:
        return QStringLiteral("/sys/kernel/debug/extfrag/extfrag_index");
    case Which::Swaps:
        return QStringLiteral("/proc/swaps");
    case Which::Pressure:
        return QStringLiteral("/proc/pressure/memory");
    case Which::Dmesg:
        return QStringLiteral("dmesg");
    case Which::Cgroups:
        return QStringLiteral("/sys/fs/cgroup/*/memory.*");
    }
    return {};
}

void ProcTextView::setTexts(const std::shared_ptr<const ProcTexts>& texts)
{
    if (!texts || texts == m_texts)
        return;
    m_texts = texts;
    QString text;
    switch (m_which) {
    case Which::Zoneinfo:
        text = QString::fromStdString(texts->zoneinfo);
        break;
    case Which::Vmstat:
        text = QString::fromStdString(texts->vmstat);
        break;
    case Which::Meminfo:
        text = QString::fromStdString(texts->meminfo);
        break;
    case Which::Buddyinfo:
        text = QString::fromStdString(texts->buddyinfo);
        break;
    case Which::Pagetypeinfo:
        text = QString::fromStdString(texts->pagetypeinfo);
        break;
    case Which::ExtfragIndex:
        text = QString::fromStdString(texts->extfragIndex);
        break;
    case Which::Swaps:
        text = QString::fromStdString(texts->swaps);
        break;
    case Which::Pressure:
        text = texts->pressure ? QString::fromStdString(*texts->pressure)
                               : tr("Pressure stall information (PSI) is not yet modelled by the engine.");
        break;
    case Which::Dmesg:
        text = texts->dmesg ? QString::fromStdString(*texts->dmesg)
                            : tr("The kernel log is not yet modelled by the engine.");
        if (texts->dmesg && texts->dmesg->empty())
            text = tr("(the kernel log is empty: nothing to report yet)");
        break;
    case Which::Cgroups:
        text = texts->cgroups.empty()
            ? tr("This scenario has no cgroups: every process runs in the root cgroup, which has no memory "
                 "limits. A scenario's \"cgroups\" list creates them (docs/scenario-format.md).")
            : QString::fromStdString(texts->cgroups);
        break;
    }
    if (text == toPlainText())
        return;
    // Keep the reader's place while the numbers change.
    const int v = verticalScrollBar()->value();
    const int h = horizontalScrollBar()->value();
    setPlainText(text);
    verticalScrollBar()->setValue(v);
    horizontalScrollBar()->setValue(h);
}

} // namespace rlab::ui
