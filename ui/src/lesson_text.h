// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <rlab/engine/lesson.h>

#include <QString>

namespace rlab::ui {

/// The language lesson texts are shown in: "zh_CN" when the UI is Chinese, else "en".
QString lessonLanguage();
/// A lesson text in `language` as HTML: escaped, line breaks kept.
QString lessonHtml(const engine::LocalText& text, const QString& language);
/// A lesson's unit ("pages", "s") in the UI language; other units as written.
QString lessonUnit(const std::string& unit);

} // namespace rlab::ui
