// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Kernel constants the engine's rules use, each defined once (Linux 6.1, Debian amd64 config).

#include "rlab/engine/units.h"

#include <cstddef>

namespace rlab::engine::detail {

/// include/linux/mmzone.h DEF_PRIORITY: reclaim starts scanning size >> 12 of each list.
inline constexpr int kDefPriority = 12;
/// include/linux/swap.h SWAP_CLUSTER_MAX: one reclaim batch.
inline constexpr Pages kSwapClusterMax = 32;
/// mm/internal.h MAX_RECLAIM_RETRIES: no-progress loops before OOM, and kswapd_failures before giving up.
inline constexpr int kMaxReclaimRetries = 16;
/// One jiffy with Debian's CONFIG_HZ=250.
inline constexpr Tick kJiffy = 4 * kTicksPerMs;
/// The printk ring buffer: Debian's CONFIG_LOG_BUF_SHIFT=17 (kernel/printk/printk.c __LOG_BUF_LEN).
inline constexpr std::size_t kLogBufBytes = std::size_t { 1 } << 17;

} // namespace rlab::engine::detail
