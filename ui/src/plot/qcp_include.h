// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// qcustomplot.h uses `foreach`, which QT_NO_FOREACH forbids (STYLE.md §7): include QCustomPlot only
// through this header. Lifting QT_NO_FOREACH alone is not enough once another Qt header has been read
// (qforeach.h is include-guarded), so a read-only range-for stands in for `foreach` while the
// header is parsed: every loop in qcustomplot.h only reads its container.
#include <QtGlobal>

#include <utility>

#ifdef QT_NO_FOREACH
#define RLAB_QT_NO_FOREACH_WAS_SET
#undef QT_NO_FOREACH
#endif
#ifndef foreach
#define RLAB_FOREACH_STANDIN
#define foreach(variable, container) for (variable : std::as_const(container))
#endif

// qcustomplot.h also writes `signals:`, a keyword QT_NO_KEYWORDS removes (see ui/CMakeLists.txt).
#ifndef signals
#define RLAB_SIGNALS_STANDIN
#define signals Q_SIGNALS
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#include <qcustomplot.h>
#pragma GCC diagnostic pop

#ifdef RLAB_SIGNALS_STANDIN
#undef signals
#undef RLAB_SIGNALS_STANDIN
#endif
#ifdef RLAB_FOREACH_STANDIN
#undef foreach
#undef RLAB_FOREACH_STANDIN
#endif
#ifdef RLAB_QT_NO_FOREACH_WAS_SET
#define QT_NO_FOREACH
#undef RLAB_QT_NO_FOREACH_WAS_SET
#endif
