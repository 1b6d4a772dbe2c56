// SPDX-License-Identifier: GPL-3.0-or-later
#include "command_queue.h"

#include <iterator>
#include <utility>

namespace rlab::ui {

bool CommandQueue::push(QueuedCommand command)
{
    const std::lock_guard lock(m_mutex);
    const bool wasEmpty = m_queue.empty();
    if (const auto* write = std::get_if<cmd::WriteSysctl>(&command.command)) {
        // Only the trailing sysctl writes are searched: an older write behind any other command must stay
        // where it is, because that command was sent after it.
        for (auto it = m_queue.rbegin(); it != m_queue.rend(); ++it) {
            const auto* queued = std::get_if<cmd::WriteSysctl>(&it->command);
            if (!queued)
                break;
            if (queued->name == write->name) {
                m_queue.erase(std::next(it).base());
                break; // the queue holds at most one such write
            }
        }
    }
    m_queue.push_back(std::move(command));
    m_waiting.store(true, std::memory_order_release);
    return wasEmpty;
}

std::optional<QueuedCommand> CommandQueue::pop()
{
    const std::lock_guard lock(m_mutex);
    if (m_queue.empty())
        return std::nullopt;
    QueuedCommand command = std::move(m_queue.front());
    m_queue.pop_front();
    m_waiting.store(!m_queue.empty(), std::memory_order_release);
    return command;
}

std::vector<cmd::WriteSysctl> CommandQueue::popLeadingSysctlWrites()
{
    std::vector<cmd::WriteSysctl> writes;
    const std::lock_guard lock(m_mutex);
    while (!m_queue.empty()) {
        auto* write = std::get_if<cmd::WriteSysctl>(&m_queue.front().command);
        if (!write)
            break;
        writes.push_back(std::move(*write));
        m_queue.pop_front();
    }
    m_waiting.store(!m_queue.empty(), std::memory_order_release);
    return writes;
}

std::size_t CommandQueue::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_queue.size();
}

} // namespace rlab::ui
