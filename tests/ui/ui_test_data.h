// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test scenarios, snapshot lookups and a worker hold shared by the ui tests.

#include "controller/simulation_controller.h"
#include "controller/snapshot.h"

#include <QString>

#include <memory>
#include <semaphore>
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

/// Holds the worker thread inside a command until release() (or the end of the scope): everything the
/// controller sends meanwhile stays queued, and no snapshot is published.
class WorkerHold
{
public:
    explicit WorkerHold(SimulationController& c)
        : m_gates(std::make_shared<Gates>())
    {
        // The worker's lambda shares the semaphores: it may still be returning from acquire() after this
        // object has gone out of scope.
        c.runOnWorker([gates = m_gates] {
            gates->entered.release();
            gates->released.acquire();
        });
        m_gates->entered.acquire(); // the test may wait for the worker; the controller never does
    }
    ~WorkerHold() { release(); }
    WorkerHold(const WorkerHold&) = delete;
    WorkerHold& operator=(const WorkerHold&) = delete;

    void release()
    {
        if (!m_done) {
            m_done = true;
            m_gates->released.release();
        }
    }

private:
    struct Gates
    {
        std::binary_semaphore entered { 0 };
        std::binary_semaphore released { 0 };
    };
    std::shared_ptr<Gates> m_gates;
    bool m_done = false;
};

} // namespace rlab::ui::testing
