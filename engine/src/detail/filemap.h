// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rlab/engine/machine.h"

namespace rlab::engine {

struct Kernel;

/// The page cache side of mm/filemap.c (the end of writeback) and fs/drop_caches.c.
class Filemap
{
public:
    explicit Filemap(Kernel& kernel)
        : m_k(kernel)
    {}

    /// folio_end_writeback(): PG_reclaim pages are rotated to the inactive tail.
    void endWriteback(FrameIndex frame);
    /// drop_caches 1: clean, unmapped page-cache pages and all shadow entries go.
    void dropPagecache();

private:
    Kernel& m_k;
};

} // namespace rlab::engine
