// SPDX-License-Identifier: GPL-3.0-or-later
// The x86-64 PC layout behind "machine": {"ram": "..."} (docs/machine-layout.md).
#include "rlab/engine/scenario.h"

#include <algorithm>

namespace rlab::engine {

namespace {

constexpr Pages kMiB = 256; // pages per MiB
constexpr Pages kDma32Start = 16 * kMiB;
constexpr Pages kPciHoleStart = 3072 * kMiB; // RAM below 4 GiB ends at 3 GiB on a typical PC/VM
constexpr Pages kFourGiB = 4096 * kMiB;
constexpr Pages kFirmwareHoles = 38; // e820 holes at the top of low RAM seen on QEMU/KVM
constexpr Pages kSwiotlbPages = 64 * kMiB; // swiotlb bounce buffer, only with RAM above 4 GiB

} // namespace

NodeSpec pcLayout(Pages ramPages)
{
    // Calibrated on Debian 12 guests (tests/data/linux-6.1-watermarks-sample.csv): DMA keeps 3840
    // of its 3998 present pages; the memmap (64-byte struct page per page), the kernel image and
    // early allocations are taken top-down from the highest zone; swiotlb takes 64 MiB of DMA32 when
    // there is RAM above 4 GiB. The estimate is exact for the 512 MiB guest, one page off at 4 GiB.
    NodeSpec node;
    ZoneSpec dma { ZoneType::Dma, 4095, 3998, 3840 };
    node.zones.push_back(dma);

    const Pages lowTop = std::min(ramPages, kPciHoleStart);
    ZoneSpec dma32 { ZoneType::Dma32, 0, 0, 0 };
    dma32.present = lowTop > kDma32Start + kFirmwareHoles ? lowTop - kDma32Start - kFirmwareHoles : 0;
    dma32.spanned = ramPages > kPciHoleStart ? kFourGiB - kDma32Start : dma32.present;

    const Pages memmap = ramPages / 64;
    const Pages kernelOther = std::min<Pages>(11980 + ramPages / 597, ramPages / 8);
    const Pages bootReserved = memmap + kernelOther;

    if (ramPages > kPciHoleStart) {
        ZoneSpec normal { ZoneType::Normal, ramPages - kPciHoleStart, ramPages - kPciHoleStart, 0 };
        normal.managed = normal.present > bootReserved ? normal.present - bootReserved : 0;
        dma32.managed = dma32.present - std::min(dma32.present, kSwiotlbPages);
        node.zones.push_back(dma32);
        node.zones.push_back(normal);
    } else {
        dma32.managed = dma32.present > bootReserved ? dma32.present - bootReserved : 0;
        node.zones.push_back(dma32);
    }
    return node;
}

} // namespace rlab::engine
