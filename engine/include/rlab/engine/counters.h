// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rlab::engine {

// The counters below mirror the kernel's enums one for one, so /proc/vmstat and /proc/zoneinfo print
// every line a real Debian 6.1 amd64 kernel prints, in its order. Items the model does not produce stay 0.

/// ZoneStat items in /proc/vmstat order (mm/vmstat.c vmstat_text[], Debian 6.1 amd64 config).
enum class ZoneStat : std::uint16_t
{
    NrFreePages,
    NrZoneInactiveAnon,
    NrZoneActiveAnon,
    NrZoneInactiveFile,
    NrZoneActiveFile,
    NrZoneUnevictable,
    NrZoneWritePending,
    NrMlock,
    NrBounce,
    NrZspages,
    NrFreeCma,
    Count,
};

/// NumaStat items in /proc/vmstat order (mm/vmstat.c vmstat_text[], Debian 6.1 amd64 config).
enum class NumaStat : std::uint16_t
{
    NumaHit,
    NumaMiss,
    NumaForeign,
    NumaInterleave,
    NumaLocal,
    NumaOther,
    Count,
};

/// NodeStat items in /proc/vmstat order (mm/vmstat.c vmstat_text[], Debian 6.1 amd64 config).
enum class NodeStat : std::uint16_t
{
    NrInactiveAnon,
    NrActiveAnon,
    NrInactiveFile,
    NrActiveFile,
    NrUnevictable,
    NrSlabReclaimable,
    NrSlabUnreclaimable,
    NrIsolatedAnon,
    NrIsolatedFile,
    WorkingsetNodes,
    WorkingsetRefaultAnon,
    WorkingsetRefaultFile,
    WorkingsetActivateAnon,
    WorkingsetActivateFile,
    WorkingsetRestoreAnon,
    WorkingsetRestoreFile,
    WorkingsetNodereclaim,
    NrAnonPages,
    NrMapped,
    NrFilePages,
    NrDirty,
    NrWriteback,
    NrWritebackTemp,
    NrShmem,
    NrShmemHugepages,
    NrShmemPmdmapped,
    NrFileHugepages,
    NrFilePmdmapped,
    NrAnonTransparentHugepages,
    NrVmscanWrite,
    NrVmscanImmediateReclaim,
    NrDirtied,
    NrWritten,
    NrThrottledWritten,
    NrKernelMiscReclaimable,
    NrFollPinAcquired,
    NrFollPinReleased,
    NrKernelStack,
    NrPageTablePages,
    NrSecPageTablePages,
    NrSwapcached,
    PgpromoteSuccess,
    PgpromoteCandidate,
    Count,
};

/// VmEvent items in /proc/vmstat order (mm/vmstat.c vmstat_text[], Debian 6.1 amd64 config).
enum class VmEvent : std::uint16_t
{
    Pgpgin,
    Pgpgout,
    Pswpin,
    Pswpout,
    PgallocDma,
    PgallocDma32,
    PgallocNormal,
    PgallocMovable,
    PgallocDevice,
    AllocstallDma,
    AllocstallDma32,
    AllocstallNormal,
    AllocstallMovable,
    AllocstallDevice,
    PgskipDma,
    PgskipDma32,
    PgskipNormal,
    PgskipMovable,
    PgskipDevice,
    Pgfree,
    Pgactivate,
    Pgdeactivate,
    Pglazyfree,
    Pgfault,
    Pgmajfault,
    Pglazyfreed,
    Pgrefill,
    Pgreuse,
    PgstealKswapd,
    PgstealDirect,
    PgdemoteKswapd,
    PgdemoteDirect,
    PgscanKswapd,
    PgscanDirect,
    PgscanDirectThrottle,
    PgscanAnon,
    PgscanFile,
    PgstealAnon,
    PgstealFile,
    ZoneReclaimFailed,
    Pginodesteal,
    SlabsScanned,
    KswapdInodesteal,
    KswapdLowWmarkHitQuickly,
    KswapdHighWmarkHitQuickly,
    Pageoutrun,
    Pgrotated,
    DropPagecache,
    DropSlab,
    OomKill,
    NumaPteUpdates,
    NumaHugePteUpdates,
    NumaHintFaults,
    NumaHintFaultsLocal,
    NumaPagesMigrated,
    PgmigrateSuccess,
    PgmigrateFail,
    ThpMigrationSuccess,
    ThpMigrationFail,
    ThpMigrationSplit,
    CompactMigrateScanned,
    CompactFreeScanned,
    CompactIsolated,
    CompactStall,
    CompactFail,
    CompactSuccess,
    CompactDaemonWake,
    CompactDaemonMigrateScanned,
    CompactDaemonFreeScanned,
    HtlbBuddyAllocSuccess,
    HtlbBuddyAllocFail,
    UnevictablePgsCulled,
    UnevictablePgsScanned,
    UnevictablePgsRescued,
    UnevictablePgsMlocked,
    UnevictablePgsMunlocked,
    UnevictablePgsCleared,
    UnevictablePgsStranded,
    ThpFaultAlloc,
    ThpFaultFallback,
    ThpFaultFallbackCharge,
    ThpCollapseAlloc,
    ThpCollapseAllocFailed,
    ThpFileAlloc,
    ThpFileFallback,
    ThpFileFallbackCharge,
    ThpFileMapped,
    ThpSplitPage,
    ThpSplitPageFailed,
    ThpDeferredSplitPage,
    ThpSplitPmd,
    ThpScanExceedNonePte,
    ThpScanExceedSwapPte,
    ThpScanExceedSharePte,
    ThpSplitPud,
    ThpZeroPageAlloc,
    ThpZeroPageAllocFailed,
    ThpSwpout,
    ThpSwpoutFallback,
    BalloonInflate,
    BalloonDeflate,
    BalloonMigrate,
    SwapRa,
    SwapRaHit,
    KsmSwpinCopy,
    CowKsm,
    Zswpin,
    Zswpout,
    DirectMapLevel2Splits,
    DirectMapLevel3Splits,
    Count,
};

/// Kernel name of a counter ("nr_free_pages", "pgscan_kswapd", ...).
std::string_view counterName(ZoneStat item);
std::string_view counterName(NumaStat item);
std::string_view counterName(NodeStat item);
std::string_view counterName(VmEvent item);

/// A fixed array of counters indexed by one of the enums above.
template<typename Item>
struct CounterArray
{
    std::array<std::uint64_t, static_cast<std::size_t>(Item::Count)> values {};

    std::uint64_t& operator[](Item item) { return values[static_cast<std::size_t>(item)]; }
    std::uint64_t operator[](Item item) const { return values[static_cast<std::size_t>(item)]; }
    static constexpr std::size_t size() { return static_cast<std::size_t>(Item::Count); }
};

/// Per-zone event counter for a zone type index: the kernel's pgalloc_dma + zone_idx and friends.
constexpr VmEvent perZoneEvent(VmEvent dmaItem, int zoneIndex)
{
    return static_cast<VmEvent>(static_cast<int>(dmaItem) + zoneIndex);
}

} // namespace rlab::engine
