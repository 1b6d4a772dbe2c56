// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test scenarios and snapshot lookups shared by the ui tests.

#include "controller/snapshot.h"

#include <QString>

#include <string>

namespace rlab::ui::testing {

inline const QString kClassroom = QStringLiteral(RLAB_UI_TEST_DATA "/classroom.json");
inline const QString kBadRate = QStringLiteral(RLAB_UI_TEST_DATA "/bad-rate.json");

inline const ProcessSnapshot* findProcess(const Snapshot& s, const std::string& name)
{
    for (const auto& p : s.processes) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

} // namespace rlab::ui::testing
