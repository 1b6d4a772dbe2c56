// SPDX-License-Identifier: GPL-3.0-or-later
#include <rlab/engine/counters.h>
#include <rlab/engine/proc_format.h>
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <QTest>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace rlab::engine;

namespace {

// The 512M guest of tests/data/linux-6.1-watermarks-sample.csv (THP off below 512 MiB, so
// min_free_kbytes is the square-root rule's 2697), plus two swap devices for /proc/swaps.
const char* const kScenario = R"({
  "name": "proc-format",
  "seed": 7,
  "machine": {
    "nodes": [ { "zones": [
      { "name": "DMA", "spanned_pages": 4095, "present_pages": 3998, "managed_pages": 3840 },
      { "name": "DMA32", "spanned_pages": 126938, "present_pages": 126938, "managed_pages": 112691 }
    ] } ],
    "transparent_hugepage": "never"
  },
  "sysctl": { "vm.min_free_kbytes": 2697 },
  "swap": [
    { "name": "/dev/vda2", "size": "512M", "priority": 5 },
    { "name": "/swap file", "size": 1024, "priority": 0 }
  ]
})";

std::unique_ptr<Simulator> makeSimulator()
{
    const ParseResult parsed = parseScenario(kScenario);
    if (!parsed.scenario)
        qFatal("test scenario does not parse: %s", parsed.error.c_str());
    if (const auto error = Simulator::validate(*parsed.scenario))
        qFatal("test scenario is invalid: %s", error->c_str());
    return std::make_unique<Simulator>(*parsed.scenario, parsed.scenario->seed);
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return lines;
}

/// The text of one zone's block: from its "Node N, zone" header up to the next header.
std::string zoneBlock(const std::string& zoneinfo, const std::string& header)
{
    const std::size_t start = zoneinfo.find(header + "\n");
    if (start == std::string::npos)
        return {};
    const std::size_t end = zoneinfo.find("Node ", start + header.size());
    return zoneinfo.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool hasLine(const std::string& block, const std::string& line)
{
    for (const auto& l : splitLines(block)) {
        if (l == line)
            return true;
    }
    return false;
}

} // namespace

class TestProcFormat : public QObject
{
    Q_OBJECT

private slots:
    void zoneinfoLines_data();
    void zoneinfoLines();
    void zoneinfoEmptyZoneShortForm();
    void zoneinfoPerNodeStatsInFirstPopulatedZone();
    void zoneinfoZoneItemOrder();
    void vmstatOrder();
    void meminfoLines();
    void meminfoValues_data();
    void meminfoValues();
    void swaps();
    void buddyinfoAtBoot();
    void extfragIndexesAtBoot();
    void pagetypeinfoAtBoot();
    void pagetypeinfoSkipsThePciHole();
};

void TestProcFormat::zoneinfoLines_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("line");

    const QString dma = QStringLiteral("Node 0, zone      DMA");
    const QString dma32 = QStringLiteral("Node 0, zone    DMA32");
    // Expected values: the 512M row of linux-6.1-watermarks-sample.csv.
    QTest::addRow("DMA header") << dma << dma;
    QTest::addRow("DMA pages free") << dma << QStringLiteral("  pages free     3840");
    QTest::addRow("DMA boost") << dma << QStringLiteral("        boost    0");
    QTest::addRow("DMA min") << dma << QStringLiteral("        min      22");
    QTest::addRow("DMA low") << dma << QStringLiteral("        low      27");
    QTest::addRow("DMA high") << dma << QStringLiteral("        high     32");
    QTest::addRow("DMA spanned") << dma << QStringLiteral("        spanned  4095");
    QTest::addRow("DMA present") << dma << QStringLiteral("        present  3998");
    QTest::addRow("DMA managed") << dma << QStringLiteral("        managed  3840");
    QTest::addRow("DMA cma") << dma << QStringLiteral("        cma      0");
    QTest::addRow("DMA protection") << dma << QStringLiteral("        protection: (0, 440, 440, 440, 440)");
    QTest::addRow("DMA nr_free_pages") << dma << QStringLiteral("      nr_free_pages 3840");
    QTest::addRow("DMA nr_mlock padded") << dma << QStringLiteral("      nr_mlock     0");
    QTest::addRow("DMA numa_hit padded") << dma << QStringLiteral("      numa_hit     0");
    QTest::addRow("DMA pagesets") << dma << QStringLiteral("  pagesets");
    QTest::addRow("DMA cpu") << dma << QStringLiteral("    cpu: 0");
    QTest::addRow("DMA count") << dma << QStringLiteral("              count: 0");
    // zone_batchsize(): 3840 >> 10 = 3, / 4 = 0 → 1, rounddown_pow_of_two(1) - 1 = 0 → max(1, 0).
    QTest::addRow("DMA batch") << dma << QStringLiteral("              batch: 1");
    // zone_highsize(): max(low / 1 CPU, batch * 4).
    QTest::addRow("DMA high pcp") << dma << QStringLiteral("              high:  27");
    // calculate_normal_threshold(): 2 * fls(1) * (1 + fls(3840 >> 15)).
    QTest::addRow("DMA threshold") << dma << QStringLiteral("  vm stats threshold: 2");
    QTest::addRow("DMA unreclaimable") << dma << QStringLiteral("  node_unreclaimable:  0");
    QTest::addRow("DMA start_pfn") << dma << QStringLiteral("  start_pfn:           1");

    QTest::addRow("DMA32 header") << dma32 << dma32;
    QTest::addRow("DMA32 min") << dma32 << QStringLiteral("        min      651");
    QTest::addRow("DMA32 low") << dma32 << QStringLiteral("        low      813");
    QTest::addRow("DMA32 high") << dma32 << QStringLiteral("        high     975");
    QTest::addRow("DMA32 protection") << dma32 << QStringLiteral("        protection: (0, 0, 0, 0, 0)");
    // 112691 >> 10 = 110, / 4 = 27, rounddown_pow_of_two(27 + 13) - 1 = 31.
    QTest::addRow("DMA32 batch") << dma32 << QStringLiteral("              batch: 31");
    QTest::addRow("DMA32 high pcp") << dma32 << QStringLiteral("              high:  813");
    // 112691 >> 15 = 3, fls(3) = 2: 2 * 1 * 3.
    QTest::addRow("DMA32 threshold") << dma32 << QStringLiteral("  vm stats threshold: 6");
    QTest::addRow("DMA32 start_pfn") << dma32 << QStringLiteral("  start_pfn:           4096");
}

void TestProcFormat::zoneinfoLines()
{
    QFETCH(QString, header);
    QFETCH(QString, line);
    const auto sim = makeSimulator();
    const std::string zoneinfo = renderZoneinfo(*sim);
    const std::string block = zoneBlock(zoneinfo, header.toStdString());
    QVERIFY2(!block.empty(), qPrintable(QStringLiteral("no block for ") + header));
    QVERIFY2(hasLine(block, line.toStdString()), block.c_str());
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::zoneinfoEmptyZoneShortForm()
{
    const auto sim = makeSimulator();
    const std::string zoneinfo = renderZoneinfo(*sim);
    // mm/vmstat.c:zoneinfo_show_print() stops after protection: for an unpopulated zone.
    const std::string expected = "Node 0, zone   Normal\n"
                                 "  pages free     0\n"
                                 "        boost    0\n"
                                 "        min      0\n"
                                 "        low      0\n"
                                 "        high     0\n"
                                 "        spanned  0\n"
                                 "        present  0\n"
                                 "        managed  0\n"
                                 "        cma      0\n"
                                 "        protection: (0, 0, 0, 0, 0)\n"
                                 "Node 0, zone  Movable\n";
    QVERIFY2(zoneinfo.find(expected) != std::string::npos, zoneinfo.c_str());
    // Device is the last zone type: the file ends with its short form.
    const std::string tail = "Node 0, zone   Device\n"
                             "  pages free     0\n";
    QVERIFY(zoneinfo.find(tail) != std::string::npos);
    QVERIFY(zoneinfo.ends_with("        protection: (0, 0, 0, 0, 0)\n"));
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::zoneinfoPerNodeStatsInFirstPopulatedZone()
{
    const auto sim = makeSimulator();
    const std::string zoneinfo = renderZoneinfo(*sim);
    QVERIFY(zoneinfo.starts_with("Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon "));
    std::size_t count = 0;
    for (std::size_t pos = zoneinfo.find("per-node stats"); pos != std::string::npos;
         pos = zoneinfo.find("per-node stats", pos + 1))
        ++count;
    QCOMPARE(count, std::size_t { 1 });
    QVERIFY(zoneBlock(zoneinfo, "Node 0, zone    DMA32").find("per-node stats") == std::string::npos);
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::zoneinfoZoneItemOrder()
{
    const auto sim = makeSimulator();
    const std::vector<std::string> lines =
        splitLines(zoneBlock(renderZoneinfo(*sim), "Node 0, zone    DMA32"));
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < CounterArray<ZoneStat>::size(); ++i)
        expected.emplace_back(counterName(static_cast<ZoneStat>(i)));
    for (std::size_t i = 0; i < CounterArray<NumaStat>::size(); ++i)
        expected.emplace_back(counterName(static_cast<NumaStat>(i)));
    std::vector<std::string> names;
    for (const auto& line : lines) {
        if (line.starts_with("      ") && !line.starts_with("       ")) {
            const std::string rest = line.substr(6);
            names.push_back(rest.substr(0, rest.find(' ')));
        }
    }
    QCOMPARE(names, expected);
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::vmstatOrder()
{
    const auto sim = makeSimulator();
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < CounterArray<ZoneStat>::size(); ++i)
        expected.emplace_back(counterName(static_cast<ZoneStat>(i)));
    for (std::size_t i = 0; i < CounterArray<NumaStat>::size(); ++i)
        expected.emplace_back(counterName(static_cast<NumaStat>(i)));
    for (std::size_t i = 0; i < CounterArray<NodeStat>::size(); ++i)
        expected.emplace_back(counterName(static_cast<NodeStat>(i)));
    expected.emplace_back("nr_dirty_threshold");
    expected.emplace_back("nr_dirty_background_threshold");
    for (std::size_t i = 0; i < CounterArray<VmEvent>::size(); ++i)
        expected.emplace_back(counterName(static_cast<VmEvent>(i)));
    expected.emplace_back("nr_unstable");

    const std::string vmstat = renderVmstat(*sim);
    QVERIFY(vmstat.ends_with("\nnr_unstable 0\n"));
    std::vector<std::string> names;
    for (const auto& line : splitLines(vmstat)) {
        const std::size_t space = line.find(' ');
        QVERIFY2(space != std::string::npos && space + 1 < line.size(), line.c_str());
        names.push_back(line.substr(0, space));
    }
    QCOMPARE(names, expected);
    QVERIFY(vmstat.starts_with("nr_free_pages " + std::to_string(sim->global(ZoneStat::NrFreePages)) + "\n"));
    const auto [background, hard] = sim->dirtyThresholds();
    QVERIFY(vmstat.find("\nnr_dirty_threshold " + std::to_string(hard) + "\nnr_dirty_background_threshold "
                + std::to_string(background) + "\n")
        != std::string::npos);
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::meminfoLines()
{
    const auto sim = makeSimulator();
    const std::vector<std::string> expected = {
        "MemTotal",
        "MemFree",
        "MemAvailable",
        "Buffers",
        "Cached",
        "SwapCached",
        "Active",
        "Inactive",
        "Active(anon)",
        "Inactive(anon)",
        "Active(file)",
        "Inactive(file)",
        "Unevictable",
        "Mlocked",
        "SwapTotal",
        "SwapFree",
        "Zswap",
        "Zswapped",
        "Dirty",
        "Writeback",
        "AnonPages",
        "Mapped",
        "Shmem",
        "KReclaimable",
        "Slab",
        "SReclaimable",
        "SUnreclaim",
        "KernelStack",
        "PageTables",
        "SecPageTables",
        "NFS_Unstable",
        "Bounce",
        "WritebackTmp",
        "CommitLimit",
        "Committed_AS",
        "VmallocTotal",
        "VmallocUsed",
        "VmallocChunk",
        "Percpu",
        "HardwareCorrupted",
        "AnonHugePages",
        "ShmemHugePages",
        "ShmemPmdMapped",
        "FileHugePages",
        "FilePmdMapped",
        "HugePages_Total",
        "HugePages_Free",
        "HugePages_Rsvd",
        "HugePages_Surp",
        "Hugepagesize",
        "Hugetlb",
        "DirectMap4k",
        "DirectMap2M",
        "DirectMap1G",
    };
    const std::vector<std::string> lines = splitLines(renderMeminfo(*sim));
    std::vector<std::string> names;
    for (const auto& line : lines) {
        names.push_back(line.substr(0, line.find(':')));
        // Every kB line lines up like the kernel's "%-16s%8lu kB" (HardwareCorrupted has its own); a
        // value wider than 8 digits (VmallocTotal) pushes " kB" out.
        if (line.ends_with(" kB") && !line.starts_with("HardwareCorrupted")) {
            const std::size_t digits = line.size() - 3 - line.find_last_of(' ', line.size() - 4) - 1;
            QCOMPARE(line.size(), std::size_t { 16 } + std::max<std::size_t>(digits, 8) + 3);
        }
    }
    QCOMPARE(names, expected);
    // MemFree is NR_FREE_PAGES in kB, right-aligned in 8 columns.
    const std::string freeKb = std::to_string(sim->global(ZoneStat::NrFreePages) * 4);
    QVERIFY(hasLine(
        renderMeminfo(*sim), "MemFree:        " + std::string(8 - freeKb.size(), ' ') + freeKb + " kB"));
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::meminfoValues_data()
{
    QTest::addColumn<QString>("line");
    // (3840 + 112691) managed pages * 4 kB.
    QTest::addRow("MemTotal") << QStringLiteral("MemTotal:         466124 kB");
    QTest::addRow("SwapTotal") << QStringLiteral("SwapTotal:        528384 kB");
    QTest::addRow("Buffers") << QStringLiteral("Buffers:               0 kB");
    QTest::addRow("NFS_Unstable") << QStringLiteral("NFS_Unstable:          0 kB");
    QTest::addRow("HardwareCorrupted") << QStringLiteral("HardwareCorrupted:     0 kB");
    QTest::addRow("HugePages_Total") << QStringLiteral("HugePages_Total:       0");
    QTest::addRow("Hugepagesize") << QStringLiteral("Hugepagesize:       2048 kB");
    QTest::addRow("VmallocTotal") << QStringLiteral("VmallocTotal:   34359738367 kB");
}

void TestProcFormat::meminfoValues()
{
    QFETCH(QString, line);
    const auto sim = makeSimulator();
    const std::string meminfo = renderMeminfo(*sim);
    QVERIFY2(hasLine(meminfo, line.toStdString()), meminfo.c_str());
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::swaps()
{
    const auto sim = makeSimulator();
    // mm/swapfile.c:swap_show(): path padded to 40 columns, tabs between the columns, and an extra tab
    // after numbers below 10000000; blanks in the path are escaped as octal.
    const std::string expected = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                                 "/dev/vda2                               partition\t524288\t\t0\t\t5\n"
                                 "/swap\\040file                           file\t\t4096\t\t0\t\t0\n";
    QCOMPARE(QString::fromStdString(renderSwaps(*sim)), QString::fromStdString(expected));
    QCOMPARE(QString::fromStdString(sim->checkInvariants()), QString());
}

void TestProcFormat::buddyinfoAtBoot()
{
    const auto sim = makeSimulator();
    const auto lines = splitLines(renderBuddyinfo(*sim));
    QCOMPARE(lines.size(), std::size_t { 2 });
    // DMA's 3840 managed pages are PFNs 256..4095 (x86 keeps the first MiB): one order-8 block at 256,
    // one order-9 at 512 and three order-10 at 1024, 2048 and 3072, as on a real PC's /proc/buddyinfo.
    QCOMPARE(QString::fromStdString(lines[0]),
        QStringLiteral("Node 0, zone      DMA      0      0      0      0      0      0      0      0      1 "
                       "     1      3 "));
    QVERIFY(lines[1].starts_with("Node 0, zone    DMA32 "));
    // 11 columns of "%6lu " whose blocks add up to the zone's free pages.
    const std::string counts = lines[1].substr(std::string("Node 0, zone    DMA32 ").size());
    QCOMPARE(counts.size(), std::size_t { 11 * 7 });
    Pages free = 0;
    for (int order = 0; order < 11; ++order)
        free += std::stoull(counts.substr(static_cast<std::size_t>(order) * 7, 6)) << order;
    QCOMPARE(free, sim->nodes()[0].zones[1].freePages());
}

void TestProcFormat::extfragIndexesAtBoot()
{
    // DMA at boot: free blocks of order 8 (1), 9 (1) and 10 (3), 3840 pages.
    const auto sim = makeSimulator();
    const auto extfrag = splitLines(renderExtfragIndex(*sim));
    QCOMPARE(extfrag.size(), std::size_t { 2 });
    // An order-10 block is free, so every order has a suitable block: -1000 printed "%2d.%03d" as -1.000.
    QCOMPARE(QString::fromStdString(extfrag[0]),
        QStringLiteral("Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 "
                       "-1.000 -1.000 "));
    // unusable_free_index(): order 9 can use 1 + 3 × 2 blocks of 512, 3584 of 3840 pages: 256 × 1000 / 3840
    // = 66; order 10 can use 3072: 768 × 1000 / 3840 = 200; lower orders can use everything.
    const auto unusable = splitLines(renderUnusableIndex(*sim));
    QCOMPARE(unusable.size(), std::size_t { 2 });
    QCOMPARE(QString::fromStdString(unusable[0]),
        QStringLiteral("Node 0, zone      DMA 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.000 0.066 "
                       "0.200 "));
    QVERIFY(unusable[1].starts_with("Node 0, zone    DMA32 "));
}

void TestProcFormat::pagetypeinfoAtBoot()
{
    const auto sim = makeSimulator();
    const auto lines = splitLines(renderPagetypeinfo(*sim));
    // 3 header lines, the order line, 5 types x 2 zones, a blank line, the block header, 2 zones.
    QCOMPARE(lines.size(), std::size_t { 3 + 1 + 10 + 1 + 1 + 2 });
    QCOMPARE(QString::fromStdString(lines[0]), QStringLiteral("Page block order: 9"));
    QCOMPARE(QString::fromStdString(lines[1]), QStringLiteral("Pages per block:  512"));
    QCOMPARE(QString::fromStdString(lines[2]), QString());
    QCOMPARE(QString::fromStdString(lines[3]),
        QStringLiteral("Free pages count per migrate type at order       0      1      2      3      4      "
                       "5      6      7      8      9     10 "));
    // DMA starts at PFN 1, so memmap_init_range() never marked its first pageblock movable: the free
    // order-8 block at 256 is on the Unmovable list. Same rows as a real 6.1 PC.
    QCOMPARE(QString::fromStdString(lines[4]),
        QStringLiteral("Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      "
                       "0      0      0      1      0      0 "));
    QCOMPARE(QString::fromStdString(lines[5]),
        QStringLiteral("Node    0, zone      DMA, type      Movable      0      0      0      0      0      "
                       "0      0      0      0      1      3 "));
    QCOMPARE(QString::fromStdString(lines[8]),
        QStringLiteral("Node    0, zone      DMA, type      Isolate      0      0      0      0      0      "
                       "0      0      0      0      0      0 "));
    QCOMPARE(QString::fromStdString(lines[14]), QString());
    QCOMPARE(QString::fromStdString(lines[15]),
        QStringLiteral(
            "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate "));
    QCOMPARE(QString::fromStdString(lines[16]),
        QStringLiteral(
            "Node 0, zone      DMA            1            7            0            0            0 "));
    // DMA32: 248 pageblocks. The boot's 4551 unmovable pages each time took the largest free movable
    // block, an order-10 one (two pageblocks, change_pageblock_range()): ceil(4551 / 1024) = 5 of them.
    QCOMPARE(QString::fromStdString(lines[17]),
        QStringLiteral(
            "Node 0, zone    DMA32           10          238            0            0            0 "));
}

void TestProcFormat::pagetypeinfoSkipsThePciHole()
{
    // An 8 GiB PC: DMA32 spans 16 MiB..4 GiB, but 3..4 GiB is the PCI hole, whose memory sections do not
    // exist, so the block count covers 16 MiB..3 GiB: 1528 pageblocks, as on a real PC of that size.
    const ParseResult parsed = parseScenario(R"({"name": "pc", "machine": {"ram": "8G"}})");
    QVERIFY2(parsed.scenario, parsed.error.c_str());
    const Simulator sim(*parsed.scenario, 1);
    for (const auto& line : splitLines(renderPagetypeinfo(sim))) {
        if (!line.starts_with("Node 0, zone    DMA32 "))
            continue;
        Pages blocks = 0;
        for (std::size_t at = std::string("Node 0, zone    DMA32 ").size(); at + 12 <= line.size(); at += 13)
            blocks += std::stoull(line.substr(at, 12));
        QCOMPARE(blocks, Pages { 1528 });
        return;
    }
    QFAIL("no DMA32 block count line");
}

QTEST_APPLESS_MAIN(TestProcFormat)
#include "tst_proc_format.moc"
