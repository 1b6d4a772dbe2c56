// SPDX-License-Identifier: GPL-3.0-or-later
// mm/rmap.c: unmapping a page from the PTEs that map it (try_to_unmap) and the accessed bits
// reclaim reads through them (folio_referenced).
#include "detail/assert.h"
#include "detail/entries.h"
#include "rlab/engine/reclaim_rules.h"
#include "rlab/engine/simulator.h"

#include <algorithm>
#include <limits>

namespace rlab::engine {

using namespace detail;

int Simulator::fileViewMapCount(int fileMapping, Pages offset) const
{
    int count = 0;
    for (const auto& p : m_processes) {
        for (const auto& run : p.workloads) {
            if (run.mapping == fileMapping && !run.viewMapped.empty() && run.viewMapped[offset])
                ++count;
        }
    }
    return count;
}

void Simulator::unmapFrame(FrameIndex frame)
{
    // mm/rmap.c:try_to_unmap()
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPteMapped))
        return;
    Mapping& mapping = m_mappings[m_frameMapping[frame]];
    const std::uint32_t offset = m_frameOffset[frame];
    Node& node = nodeOf(frame);
    if (mapping.kind == MappingKind::Anon) {
        // The PTE now holds the swap entry; the swap count goes up by one.
        const std::uint32_t entry = m_frameSwap[frame];
        RLAB_ASSERT(entry != 0);
        mapping.entries.set(offset, kEntrySwap | entry);
        --mapping.resident;
        ++m_swap.device(swapDevice(entry)).swapMap[swapSlot(entry)];
        Process& p = m_processes[static_cast<std::size_t>(mapping.process)];
        --p.rssAnon;
        ++p.swapEnts;
        --node.stat[NodeStat::NrAnonPages];
    } else {
        const int fileMapping = static_cast<int>(m_frameMapping[frame]);
        for (auto& p : m_processes) {
            for (auto& run : p.workloads) {
                if (run.mapping == fileMapping && !run.viewMapped.empty() && run.viewMapped[offset]) {
                    run.viewMapped[offset] = 0;
                    --run.viewResident;
                    --p.rssFile;
                }
            }
        }
        --node.stat[NodeStat::NrMapped];
    }
    flags = static_cast<std::uint16_t>(flags & ~(kPteMapped | kPteYoung | kVmExec | kVmLocked));
}

bool Simulator::testAndClearYoung(FrameIndex frame)
{
    std::uint16_t& flags = m_frameFlags[frame];
    if (!(flags & kPteMapped))
        return false; // no PTE: folio_referenced() finds nothing
    bool young = flags & kPteYoung;
    flags = static_cast<std::uint16_t>(flags & ~kPteYoung);
    const Mapping& mapping = m_mappings[m_frameMapping[frame]];
    if (!mapping.lazyYoung)
        return young;
    // Each page of a uniformly accessed region is touched as a Poisson process: the accessed bit is
    // set with probability 1 - exp(-expected accesses since it was cleared).
    const std::uint16_t now = accessStamp(mapping);
    const auto elapsed = static_cast<std::uint16_t>(now - m_frameStamp[frame]);
    m_frameStamp[frame] = now;
    if (!young)
        young = elapsed >= m_youngThreshold.size() || m_rng.next() < m_youngThreshold[elapsed];
    return young;
}

void Simulator::markMappedYoung(FrameIndex frame)
{
    m_frameFlags[frame] |= kPteMapped | kPteYoung;
    const Mapping& mapping = m_mappings[m_frameMapping[frame]];
    if (mapping.lazyYoung)
        m_frameStamp[frame] = accessStamp(mapping); // only lazily accessed regions read it
}

} // namespace rlab::engine
