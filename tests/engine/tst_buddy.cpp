// SPDX-License-Identifier: GPL-3.0-or-later
// The buddy allocator against results worked out by hand from mm/page_alloc.c (Linux 6.1): split,
// merge, list order, fallback stealing and watermark boost, the order-N watermark check, fragindex.
#include "rlab/engine/buddy.h"
#include "rlab/engine/uninit_vector.h"

#include <QTest>

#include <memory>

using namespace rlab::engine;

namespace {

/// One zone and the frame arrays the buddy allocator works on.
struct TestZone
{
    UninitVector<FrameIndex> next, prev;
    UninitVector<std::uint8_t> state;
    UninitVector<std::uint32_t> priv;
    Zone zone;
    std::unique_ptr<Buddy> buddy;

    TestZone(std::uint64_t startPfn, Pages managed, Pages high = 0)
    {
        const std::size_t frames = startPfn + managed;
        next.resize(frames);
        prev.resize(frames);
        state.assign(frames, static_cast<std::uint8_t>(FrameState::Free));
        priv.assign(frames, 0);
        zone.startPfn = startPfn;
        zone.spanned = zone.present = zone.managed = managed;
        zone.wmark.high = high;
        buddy = std::make_unique<Buddy>(BuddyFrames { next.data(), prev.data(), state.data(), priv.data() });
        buddy->initZone(zone);
    }
    /// Takes a block and marks its pages as the kernel's (or the LRU's) as FrameStore would.
    FrameIndex take(int order, Migratetype type = Migratetype::Movable, unsigned allocFlags = 0,
        FrameState as = FrameState::Kernel)
    {
        const FrameIndex f = buddy->rmqueue(zone, order, type, allocFlags, 15000);
        if (f != kNoFrame) {
            for (FrameIndex p = f; p < f + (FrameIndex { 1 } << order); ++p)
                state[p] = static_cast<std::uint8_t>(as);
        }
        return f;
    }
    void give(FrameIndex f, int order)
    {
        for (FrameIndex p = f; p < f + (FrameIndex { 1 } << order); ++p) {
            state[p] = static_cast<std::uint8_t>(FrameState::Free);
            priv[p] = 0;
        }
        buddy->freeOnePage(zone, f, order);
    }
    Pages nrFree(int order) const { return zone.freeArea[static_cast<std::size_t>(order)].nrFree; }
    FrameIndex head(int order, Migratetype type) const
    {
        return zone.freeArea[static_cast<std::size_t>(order)].head[static_cast<std::size_t>(type)];
    }
};

} // namespace

class TestBuddy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bootCarvesAlignedBlocks();
    void splitKeepsTheLowestPiece();
    void freeMergesBackToOrder10();
    void mergeLikelyBlockGoesToTheTail();
    void highatomicPageblockDoesNotMerge();
    void unmovableStealsAWholeFreePageblock();
    void fallbackFromAPartlyUsedPageblock_data();
    void fallbackFromAPartlyUsedPageblock();
    void boostIsCappedAtOneAndAHalfHigh();
    void noFragmentRefusesToSplitAPageblock();
    void movableTakesTheSmallestBlockItMayNotSteal();
    void watermarkOkForOrder_data();
    void watermarkOkForOrder();
    void fragmentationIndex_data();
    void fragmentationIndex();
    void invariantWalkFindsBrokenLists();
};

void TestBuddy::bootCarvesAlignedBlocks()
{
    // PFNs 1..2047 (PFN 0 is reserved): 1 is order 0, 2 order 1, 4 order 2, ... 1024 order 10.
    // The first pageblock starts below the zone, so memmap_init_range() never marked it MOVABLE: its
    // blocks (orders 0..8) are on the UNMOVABLE lists, as /proc/pagetypeinfo shows for DMA.
    TestZone t(1, 2047);
    for (int o = 0; o < kMaxOrder; ++o) {
        QCOMPARE(t.nrFree(o), Pages { 1 });
        const Migratetype type = o < kPageblockOrder ? Migratetype::Unmovable : Migratetype::Movable;
        QCOMPARE(t.head(o, type), FrameIndex { 1 } << o);
        QCOMPARE(t.buddy->orderOf(FrameIndex { 1 } << o), o);
    }
    QCOMPARE(t.zone.pageblockMigratetype(1), Migratetype::Unmovable);
    QCOMPARE(t.zone.pageblockMigratetype(512), Migratetype::Movable);
    QCOMPARE(t.zone.freePages(), Pages { 2047 });
    QCOMPARE(t.zone.pageblockType.size(), std::size_t { 4 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::splitKeepsTheLowestPiece()
{
    TestZone t(0, 1024);
    QCOMPARE(t.take(0), FrameIndex { 0 });
    // expand(): the upper halves 512, 256, ..., 1 are each on their order's list.
    for (int o = 0; o < kMaxOrder - 1; ++o) {
        QCOMPARE(t.nrFree(o), Pages { 1 });
        QCOMPARE(t.head(o, Migratetype::Movable), FrameIndex { 1 } << o);
    }
    QCOMPARE(t.nrFree(10), Pages { 0 });
    QCOMPARE(t.take(0), FrameIndex { 1 });
    QCOMPARE(t.take(2), FrameIndex { 4 });
    // Order 0 and 1 are gone now: the next page splits the order-1 block at 2.
    QCOMPARE(t.take(0), FrameIndex { 2 });
    QCOMPARE(t.head(0, Migratetype::Movable), FrameIndex { 3 });
    QCOMPARE(t.zone.freePages(), Pages { 1024 - 7 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::freeMergesBackToOrder10()
{
    TestZone t(0, 1024);
    const FrameIndex a = t.take(0);
    const FrameIndex b = t.take(3);
    QCOMPARE(b, FrameIndex { 8 });
    t.give(a, 0);
    // 0 merges with 1 and 2..3 and 4..7, then stops: 8..15 is taken.
    QCOMPARE(t.buddy->orderOf(0), 3);
    QCOMPARE(t.nrFree(3), Pages { 1 });
    t.give(b, 3);
    QCOMPARE(t.nrFree(10), Pages { 1 });
    for (int o = 0; o < kMaxOrder - 1; ++o)
        QCOMPARE(t.nrFree(o), Pages { 0 });
    QCOMPARE(t.zone.freePages(), Pages { 1024 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::mergeLikelyBlockGoesToTheTail()
{
    TestZone t(0, 1024);
    for (FrameIndex want = 0; want < 6; ++want)
        QCOMPARE(t.take(0), want);
    // Free: 6 (order 1), 8 (order 3), ... Freeing 1: its buddy 0 is taken and the order-1 buddy of 0..1
    // (2..3) is taken too: head. Freeing 5: buddy 4 taken, but 4..5's buddy 6..7 is free: a merge is
    // likely once 4 comes back, so 5 goes to the tail (buddy_merge_likely()).
    t.give(1, 0);
    t.give(5, 0);
    QCOMPARE(t.head(0, Migratetype::Movable), FrameIndex { 1 });
    QCOMPARE(t.next[1], FrameIndex { 5 });
    // Freeing 3 first puts it at the head: 2..3's buddy 0..1 is not a free order-1 block.
    t.give(3, 0);
    QCOMPARE(t.head(0, Migratetype::Movable), FrameIndex { 3 });
    QCOMPARE(t.take(0), FrameIndex { 3 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::highatomicPageblockDoesNotMerge()
{
    TestZone t(0, 1024);
    const FrameIndex low = t.take(9);
    QCOMPARE(low, FrameIndex { 0 });
    t.zone.setPageblockMigratetype(0, Migratetype::HighAtomic);
    t.give(low, 9);
    // A HighAtomic pageblock and a Movable one are not merged at pageblock order.
    QCOMPARE(t.nrFree(9), Pages { 2 });
    QCOMPARE(t.nrFree(10), Pages { 0 });
    QCOMPARE(t.head(9, Migratetype::HighAtomic), FrameIndex { 0 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
    // Movable requests do not fall back to HighAtomic; the movable half serves them.
    QCOMPARE(t.take(9), FrameIndex { 512 });
    QCOMPARE(t.take(9), kNoFrame);
    // Only ALLOC_HIGHATOMIC (or OOM / non-blocking) requests reach the reserve.
    QCOMPARE(t.take(9, Migratetype::Movable, kAllocNonBlock), FrameIndex { 0 });
}

void TestBuddy::unmovableStealsAWholeFreePageblock()
{
    TestZone t(0, 2048, 1000);
    QCOMPARE(t.take(0, Migratetype::Unmovable, kAllocKswapd), FrameIndex { 0 });
    // The order-10 block at 0 became unmovable whole (change_pageblock_range): no boost.
    QCOMPARE(t.zone.pageblockMigratetype(0), Migratetype::Unmovable);
    QCOMPARE(t.zone.pageblockMigratetype(512), Migratetype::Unmovable);
    QCOMPARE(t.zone.pageblockMigratetype(1024), Migratetype::Movable);
    QCOMPARE(t.zone.watermarkBoost, Pages { 0 });
    QVERIFY(!t.zone.boostedWatermarkFlag);
    QCOMPARE(t.head(0, Migratetype::Unmovable), FrameIndex { 1 });
    QCOMPARE(t.head(10, Migratetype::Movable), FrameIndex { 1024 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::fallbackFromAPartlyUsedPageblock_data()
{
    QTest::addColumn<bool>("usedPagesOnLru");
    QTest::addColumn<int>("typeAfter");
    // Free 1, movable 0: alike = 512 - (1 + 0) = 511, 1 + 511 >= 256: the pageblock is now unmovable.
    QTest::newRow("kernel pages") << false << static_cast<int>(Migratetype::Unmovable);
    // Free 1, movable 511: alike = 512 - (1 + 511) = 0, 1 < 256: it stays movable.
    QTest::newRow("LRU pages") << true << static_cast<int>(Migratetype::Movable);
}

void TestBuddy::fallbackFromAPartlyUsedPageblock()
{
    QFETCH(bool, usedPagesOnLru);
    QFETCH(int, typeAfter);
    TestZone t(0, 2048, 1000);
    const FrameState used = usedPagesOnLru ? FrameState::LruBase : FrameState::Kernel;
    for (int i = 0; i < 4; ++i)
        QVERIFY(t.take(9, Migratetype::Movable, 0, used) != kNoFrame);
    t.give(100, 0);
    QCOMPARE(t.take(0, Migratetype::Unmovable, kAllocKswapd), FrameIndex { 100 });
    QCOMPARE(static_cast<int>(t.zone.pageblockMigratetype(0)), typeAfter);
    // A steal below pageblock order boosts: min(0 + 512, 1000 * 15000 / 10000) = 512, and asks for kswapd.
    QCOMPARE(t.zone.watermarkBoost, Pages { 512 });
    QVERIFY(t.zone.boostedWatermarkFlag);
    QCOMPARE(t.zone.freePages(), Pages { 0 });
}

void TestBuddy::boostIsCappedAtOneAndAHalfHigh()
{
    Zone zone;
    zone.managed = 4096;
    zone.wmark.high = 1000;
    QVERIFY(boostWatermark(zone, 15000));
    QCOMPARE(zone.watermarkBoost, Pages { 512 });
    QVERIFY(boostWatermark(zone, 15000));
    QCOMPARE(zone.watermarkBoost, Pages { 1024 });
    QVERIFY(boostWatermark(zone, 15000));
    QCOMPARE(zone.watermarkBoost, Pages { 1500 }); // mult_frac(1000, 15000, 10000)
    // A high mark of 100 gives 150, raised to one pageblock.
    zone.watermarkBoost = 0;
    zone.wmark.high = 100;
    QVERIFY(boostWatermark(zone, 15000));
    QCOMPARE(zone.watermarkBoost, Pages { 512 });
    QVERIFY(!boostWatermark(zone, 0)); // watermark_boost_factor = 0 turns it off
    zone.managed = 2047; // under four pageblocks
    QVERIFY(!boostWatermark(zone, 15000));
}

void TestBuddy::noFragmentRefusesToSplitAPageblock()
{
    TestZone t(0, 2048, 1000);
    for (int i = 0; i < 4; ++i)
        QVERIFY(t.take(9) != kNoFrame);
    t.give(100, 0);
    QCOMPARE(t.take(0, Migratetype::Unmovable, kAllocNoFragment | kAllocKswapd), kNoFrame);
    QCOMPARE(t.zone.watermarkBoost, Pages { 0 });
    QCOMPARE(t.zone.pageblockMigratetype(0), Migratetype::Movable);
    QCOMPARE(t.take(0, Migratetype::Unmovable, kAllocKswapd), FrameIndex { 100 });
}

void TestBuddy::movableTakesTheSmallestBlockItMayNotSteal()
{
    TestZone t(0, 2048, 1000);
    // Every pageblock unmovable and in use, except free blocks of order 3 (at 8) and 2 (at 1028).
    for (int i = 0; i < 4; ++i)
        QVERIFY(t.take(9, Migratetype::Unmovable) != kNoFrame);
    for (FrameIndex pb = 0; pb < 2048; pb += 512)
        t.zone.setPageblockMigratetype(pb, Migratetype::Unmovable);
    t.give(8, 3);
    t.give(1028, 2);
    // Order 3 < 4 cannot steal for a movable request, so __rmqueue_fallback() takes the smallest
    // block (order 2 at 1028) and moves only it; the boost still happens.
    QCOMPARE(t.take(0, Migratetype::Movable, kAllocKswapd), FrameIndex { 1028 });
    QCOMPARE(t.zone.pageblockMigratetype(1024), Migratetype::Unmovable);
    QCOMPARE(t.zone.watermarkBoost, Pages { 512 });
    QCOMPARE(t.head(0, Migratetype::Movable), FrameIndex { 1029 });
    QCOMPARE(t.head(1, Migratetype::Movable), FrameIndex { 1030 });
    QCOMPARE(t.head(3, Migratetype::Unmovable), FrameIndex { 8 });
    QCOMPARE(t.buddy->checkZone(t.zone), std::string());
}

void TestBuddy::watermarkOkForOrder_data()
{
    QTest::addColumn<int>("order");
    QTest::addColumn<qulonglong>("free");
    QTest::addColumn<int>("blockOrder"); // the one free block's order
    QTest::addColumn<int>("blockType");
    QTest::addColumn<uint>("allocFlags");
    QTest::addColumn<bool>("ok");
    const int movable = static_cast<int>(Migratetype::Movable);
    const int highatomic = static_cast<int>(Migratetype::HighAtomic);
    // Mark 900, lowmem_reserve 100: free must exceed 1000 after (2^order - 1) unusable pages.
    QTest::newRow("order 0 above") << 0 << 1001ULL << 0 << movable << 0U << true;
    QTest::newRow("order 0 at the mark") << 0 << 1000ULL << 0 << movable << 0U << false;
    QTest::newRow("order 3, block of 4") << 3 << 1008ULL << 4 << movable << 0U << true;
    QTest::newRow("order 3, 7 unusable") << 3 << 1007ULL << 4 << movable << 0U << false;
    QTest::newRow("order 3, only order 2 free") << 3 << 5000ULL << 2 << movable << 0U << false;
    QTest::newRow("order 3, highatomic block") << 3 << 5000ULL << 4 << highatomic << 0U << false;
    QTest::newRow("order 3, highatomic for ALLOC_HIGHATOMIC")
        << 3 << 5000ULL << 4 << highatomic << uint(kAllocHighatomic) << true;
    // __GFP_HIGH: min 900 - 450 = 450; GFP_ATOMIC also - 450/4: 338; OOM victim: 450.
    QTest::newRow("min reserve") << 0 << 551ULL << 0 << movable << uint(kAllocMinReserve) << true;
    QTest::newRow("min reserve at 550") << 0 << 550ULL << 0 << movable << uint(kAllocMinReserve) << false;
    QTest::newRow("atomic") << 0 << 439ULL << 0 << movable << uint(kAllocMinReserve | kAllocNonBlock) << true;
    QTest::newRow("atomic at 438") << 0 << 438ULL << 0 << movable << uint(kAllocMinReserve | kAllocNonBlock)
                                   << false;
    QTest::newRow("oom victim") << 0 << 551ULL << 0 << movable << uint(kAllocOom) << true;
    QTest::newRow("non-blocking alone") << 0 << 1000ULL << 0 << movable << uint(kAllocNonBlock) << false;
}

void TestBuddy::watermarkOkForOrder()
{
    QFETCH(int, order);
    QFETCH(qulonglong, free);
    QFETCH(int, blockOrder);
    QFETCH(int, blockType);
    QFETCH(uint, allocFlags);
    QFETCH(bool, ok);
    Zone zone;
    zone.lowmemReserve[3] = 100;
    FreeArea& area = zone.freeArea[static_cast<std::size_t>(blockOrder)];
    area.head[static_cast<std::size_t>(blockType)] = 4096;
    area.blocks[static_cast<std::size_t>(blockType)] = 1;
    area.nrFree = 1;
    QCOMPARE(zoneWatermarkOk(zone, order, 900, 3, allocFlags, free), ok);
}

void TestBuddy::fragmentationIndex_data()
{
    QTest::addColumn<int>("order0Blocks");
    QTest::addColumn<int>("order1Blocks");
    QTest::addColumn<int>("order");
    QTest::addColumn<int>("index");
    // 8 + 4 blocks, 16 pages free: order 2 gives 1000 - (1000 + 16000 / 4) / 12 = 584.
    QTest::newRow("fragmented") << 8 << 4 << 2 << 584;
    QTest::newRow("a block fits") << 8 << 4 << 1 << -1000;
    // 1 block, 1 page: 1000 - (1000 + 1000 / 8) / 1 = -125: short of memory, not fragmented.
    QTest::newRow("short of memory") << 1 << 0 << 3 << -125;
    QTest::newRow("nothing free") << 0 << 0 << 3 << 0;
}

void TestBuddy::fragmentationIndex()
{
    QFETCH(int, order0Blocks);
    QFETCH(int, order1Blocks);
    QFETCH(int, order);
    QFETCH(int, index);
    Zone zone;
    zone.freeArea[0].nrFree = static_cast<Pages>(order0Blocks);
    zone.freeArea[1].nrFree = static_cast<Pages>(order1Blocks);
    QCOMPARE(rlab::engine::fragmentationIndex(zone, order), index);
}

void TestBuddy::invariantWalkFindsBrokenLists()
{
    {
        TestZone t(0, 1024);
        const FrameIndex a = t.take(0);
        t.give(a, 0);
        t.zone.stat[ZoneStat::NrFreePages] += 1;
        QVERIFY(t.buddy->checkZone(t.zone).find("nr_free_pages") != std::string::npos);
    }
    {
        TestZone t(0, 1024);
        t.take(0);
        t.state[0] = static_cast<std::uint8_t>(FrameState::Free); // free, but in no block
        QVERIFY(t.buddy->checkZone(t.zone).find("in no free block") != std::string::npos);
    }
    {
        TestZone t(0, 1024);
        t.take(1);
        t.priv[2] = 0; // the order-1 block at 2 claims order 0
        QVERIFY(t.buddy->checkZone(t.zone).find("does not name its order") != std::string::npos);
    }
    {
        TestZone t(0, 1024);
        t.priv[700] = 5; // a page inside the free order-10 block at 0 claims to be something
        QVERIFY(t.buddy->checkZone(t.zone).find("inside a free block") != std::string::npos);
    }
}

QTEST_GUILESS_MAIN(TestBuddy)
#include "tst_buddy.moc"
