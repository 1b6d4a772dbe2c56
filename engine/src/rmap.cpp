// SPDX-License-Identifier: GPL-3.0-or-later
// mm/rmap.c: unmapping a page from the PTEs that map it (try_to_unmap) and the accessed bits
// reclaim reads through them (folio_referenced).
#include "detail/assert.h"
#include "detail/entries.h"
#include "detail/kernel.h"
#include "rlab/engine/reclaim_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rlab::engine {

using namespace detail;

Rmap::Rmap(Kernel& kernel)
    : m_k(kernel)
{
    // P(at least one access) = 1 - exp(-k / kStampUnits), for the lazy accessed bits.
    for (std::size_t k = 0; k < m_youngThreshold.size(); ++k) {
        const double p = 1.0 - std::exp(-static_cast<double>(k) / kStampUnits);
        m_youngThreshold[k] = p >= 1.0 ? ~std::uint64_t { 0 } : static_cast<std::uint64_t>(std::ldexp(p, 64));
    }
}

int Rmap::fileViewMapCount(int fileMapping, Pages offset) const
{
    int count = 0;
    for (const auto& p : m_k.processes) {
        for (const auto& run : p.workloads) {
            if (run.mapping == fileMapping && !run.viewMapped.empty() && run.viewMapped[offset])
                ++count;
        }
    }
    return count;
}

void Rmap::unmapFrame(FrameIndex frame)
{
    // mm/rmap.c:try_to_unmap()
    PageFlags& flags = m_k.frames.flags[frame];
    if (!(flags & kPteMapped))
        return;
    Mapping& mapping = m_k.mappings[m_k.frames.mapping[frame]];
    const std::uint32_t offset = m_k.frames.offset[frame];
    Node& node = m_k.frames.nodeOf(frame);
    if (mapping.kind == MappingKind::Anon) {
        // The PTE now holds the swap entry; the swap count goes up by one.
        const std::uint32_t entry = m_k.frames.swapEntry[frame];
        RLAB_ASSERT(entry != 0);
        mapping.entries.set(offset, kEntrySwap | entry);
        --mapping.resident;
        ++m_k.swap.device(swapDevice(entry)).swapMap[swapSlot(entry)];
        Process& p = m_k.processes[static_cast<std::size_t>(mapping.process)];
        --p.rssAnon;
        ++p.swapEnts;
        --node.stat[NodeStat::NrAnonPages];
    } else {
        const int fileMapping = static_cast<int>(m_k.frames.mapping[frame]);
        for (auto& p : m_k.processes) {
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
    flags = static_cast<PageFlags>(flags & ~(kPteMapped | kPteYoung | kVmExec | kVmLocked));
}

bool Rmap::testAndClearYoung(FrameIndex frame)
{
    PageFlags& flags = m_k.frames.flags[frame];
    if (!(flags & kPteMapped))
        return false; // no PTE: folio_referenced() finds nothing
    bool young = flags & kPteYoung;
    flags = static_cast<PageFlags>(flags & ~kPteYoung);
    const Mapping& mapping = m_k.mappings[m_k.frames.mapping[frame]];
    if (!mapping.lazyYoung)
        return young;
    // Each page of a uniformly accessed region is touched as a Poisson process: the accessed bit is
    // set with probability 1 - exp(-expected accesses since it was cleared).
    const std::uint16_t now = accessStamp(mapping);
    // A THP's PMD bit is set by an access to any of its 512 pages.
    const std::uint64_t elapsed =
        static_cast<std::uint16_t>(now - m_k.frames.stamp[frame]) * m_k.frames.folioNrPages(frame);
    m_k.frames.stamp[frame] = now;
    if (!young)
        young = elapsed >= m_youngThreshold.size() || m_k.rng.next() < m_youngThreshold[elapsed];
    return young;
}

bool Rmap::testYoung(FrameIndex frame)
{
    // A lazily drawn bit is drawn now and kept as drawn.
    const bool young = testAndClearYoung(frame);
    if (young)
        m_k.frames.flags[frame] |= kPteYoung;
    return young;
}

void Rmap::markMappedYoung(FrameIndex frame)
{
    m_k.frames.flags[frame] |= kPteMapped | kPteYoung;
    const Mapping& mapping = m_k.mappings[m_k.frames.mapping[frame]];
    if (mapping.lazyYoung)
        m_k.frames.stamp[frame] = accessStamp(mapping); // only lazily accessed regions read it
}

} // namespace rlab::engine
