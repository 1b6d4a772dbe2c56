// SPDX-License-Identifier: GPL-3.0-or-later
// Watermarks, lowmem_reserve and default min_free_kbytes against figures recorded on real Linux 6.1.
#include "rlab/engine/simulator.h"
#include "rlab/engine/watermarks.h"

#include <QFile>
#include <QTest>

#include <map>

using namespace rlab::engine;

namespace {

struct CsvZone
{
    QString zone;
    ZoneSize size;
    Pages spanned = 0;
    std::int64_t minFree = 0;
    int wsf = 0;
    std::array<int, kMaxNrZones> lrr {};
    Pages min = 0, low = 0, high = 0;
    std::array<Pages, kMaxNrZones> protection {};
};

int zoneIndex(const QString& name)
{
    static const QStringList names { "DMA", "DMA32", "Normal", "Movable", "Device" };
    return static_cast<int>(names.indexOf(name));
}

// tests/data/linux-6.1-watermarks-sample.csv, grouped by (guest, setting).
std::map<QString, std::vector<CsvZone>> readReference()
{
    std::map<QString, std::vector<CsvZone>> groups;
    QFile file(QStringLiteral(RLAB_REFERENCE_DIR "/linux-6.1-watermarks-sample.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return groups;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList c = line.split(QLatin1Char(','));
        CsvZone z;
        z.zone = c[5];
        z.size.typeIndex = zoneIndex(c[5]);
        z.spanned = c[6].toULongLong();
        z.size.present = c[7].toULongLong();
        z.size.managed = c[8].toULongLong();
        z.minFree = c[2].toLongLong();
        z.wsf = c[3].toInt();
        const QStringList lrr = c[4].split(QRegularExpression(QStringLiteral("\\s+")));
        for (int i = 0; i < kMaxNrZones; ++i)
            z.lrr[static_cast<std::size_t>(i)] = lrr[i].toInt();
        z.min = c[9].toULongLong();
        z.low = c[10].toULongLong();
        z.high = c[11].toULongLong();
        const QStringList prot = c[12].split(QLatin1Char(' '));
        for (int i = 0; i < kMaxNrZones; ++i)
            z.protection[static_cast<std::size_t>(i)] = prot[i].toULongLong();
        groups[c[0] + QLatin1Char('/') + c[1]].push_back(z);
    }
    return groups;
}

Scenario scenarioFor(const std::vector<CsvZone>& zones)
{
    Scenario s;
    NodeSpec node;
    for (const auto& z : zones) {
        if (z.size.present == 0)
            continue;
        node.zones.push_back(
            { static_cast<ZoneType>(z.size.typeIndex), z.spanned, z.size.present, z.size.managed });
    }
    s.machine.nodes.push_back(node);
    s.machine.kernelPages = 0;
    s.sysctls.push_back({ "vm.min_free_kbytes", { zones[0].minFree } });
    s.sysctls.push_back({ "vm.watermark_scale_factor", { zones[0].wsf } });
    s.sysctls.push_back({ "vm.lowmem_reserve_ratio", { zones[0].lrr.begin(), zones[0].lrr.end() } });
    return s;
}

} // namespace

class TestWatermarks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referenceZones_data();
    void referenceZones();
    void simulatorMatchesReference_data();
    void simulatorMatchesReference();
    void hostMachine();
    void sqrtRule_data();
    void sqrtRule();
    void defaultMinFreeKbytes_data();
    void defaultMinFreeKbytes();
    void sysctlRecomputes();
    void helpers();
};

void TestWatermarks::referenceZones_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<int>("zone");
    const auto groups = readReference();
    QVERIFY2(groups.size() >= 7, "reference CSV missing or short");
    for (const auto& [key, zones] : groups) {
        for (std::size_t i = 0; i < zones.size(); ++i)
            QTest::addRow("%s/%s", qPrintable(key), qPrintable(zones[i].zone)) << key << static_cast<int>(i);
    }
}

void TestWatermarks::referenceZones()
{
    QFETCH(QString, group);
    QFETCH(int, zone);
    const auto zones = readReference().at(group);
    std::vector<ZoneSize> sizes;
    for (const auto& z : zones)
        sizes.push_back(z.size);
    const auto marks = computeWatermarks(sizes, zones[0].minFree, zones[0].wsf, zones[0].lrr);
    const auto& want = zones[static_cast<std::size_t>(zone)];
    const auto& got = marks[static_cast<std::size_t>(zone)];
    QCOMPARE(got.min, want.min);
    QCOMPARE(got.low, want.low);
    QCOMPARE(got.high, want.high);
    for (int j = 0; j < kMaxNrZones; ++j)
        QCOMPARE(
            got.lowmemReserve[static_cast<std::size_t>(j)], want.protection[static_cast<std::size_t>(j)]);
}

void TestWatermarks::simulatorMatchesReference_data()
{
    QTest::addColumn<QString>("group");
    for (const auto& [key, zones] : readReference())
        QTest::addRow("%s", qPrintable(key)) << key;
}

void TestWatermarks::simulatorMatchesReference()
{
    // The same figures through the scenario path: sysctls written at boot, zones from the node list.
    QFETCH(QString, group);
    const auto zones = readReference().at(group);
    Simulator sim(scenarioFor(zones), 1);
    QVERIFY2(!sim.stopped(), sim.stopReason().c_str());
    for (const auto& want : zones) {
        const Zone& z = sim.nodes()[0].zones[static_cast<std::size_t>(want.size.typeIndex)];
        QCOMPARE(z.minWmark(), want.min);
        QCOMPARE(z.lowWmark(), want.low);
        QCOMPARE(z.highWmark(), want.high);
        QCOMPARE(z.spanned, want.spanned);
        for (int j = 0; j < kMaxNrZones; ++j)
            QCOMPARE(
                z.lowmemReserve[static_cast<std::size_t>(j)], want.protection[static_cast<std::size_t>(j)]);
    }
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestWatermarks::hostMachine()
{
    // Read off the development machine's /proc/zoneinfo (min_free_kbytes 67584, wsf 10, default
    // lowmem_reserve_ratio). Its kernel is newer, but these rules did not change for these zones.
    const std::vector<ZoneSize> zones { { 0, 0, 3998, 3840 }, { 0, 1, 782336, 772917 },
        { 0, 2, 5505024, 524288 }, { 0, 3, 0, 0 }, { 0, 4, 0, 0 } };
    const auto m = computeWatermarks(zones, 67584, 10, { 256, 256, 32, 0, 0 });
    QCOMPARE(m[0].min, Pages { 49 });
    QCOMPARE(m[0].low, Pages { 61 });
    QCOMPARE(m[0].high, Pages { 73 });
    QCOMPARE(m[1].min, Pages { 10037 });
    QCOMPARE(m[1].low, Pages { 12546 });
    QCOMPARE(m[1].high, Pages { 15055 });
    QCOMPARE(m[2].min, Pages { 6808 });
    QCOMPARE(m[2].low, Pages { 8510 });
    QCOMPARE(m[2].high, Pages { 10212 });
    QCOMPARE(m[0].lowmemReserve[1], Pages { 3019 });
    QCOMPARE(m[0].lowmemReserve[2], Pages { 5067 });
    QCOMPARE(m[1].lowmemReserve[2], Pages { 2048 });
    QCOMPARE(m[2].lowmemReserve[4], Pages { 0 });
}

void TestWatermarks::sqrtRule_data()
{
    // The table in the comment above page_alloc.c:calculate_min_free_kbytes().
    QTest::addColumn<quint64>("lowmemKbytes");
    QTest::addColumn<quint64>("minFree");
    QTest::newRow("16MB") << quint64 { 16384 } << quint64 { 512 };
    QTest::newRow("128MB") << quint64 { 131072 } << quint64 { 1448 };
    QTest::newRow("1GB") << quint64 { 1048576 } << quint64 { 4096 };
    QTest::newRow("4GB") << quint64 { 4194304 } << quint64 { 8192 };
    QTest::newRow("16GB") << quint64 { 16777216 } << quint64 { 16384 };
    QTest::newRow("64GB") << quint64 { 67108864 } << quint64 { 32768 };
    QTest::newRow("1TB") << quint64 { 1073741824 } << quint64 { 131072 };
}

void TestWatermarks::sqrtRule()
{
    QFETCH(quint64, lowmemKbytes);
    QFETCH(quint64, minFree);
    QCOMPARE(static_cast<quint64>(intSqrt(lowmemKbytes * 16)), minFree);
}

void TestWatermarks::defaultMinFreeKbytes_data()
{
    QTest::addColumn<QString>("ram");
    QTest::addColumn<QString>("thp");
    QTest::addColumn<qint64>("expected");
    // Recorded defaults: the 512 MiB guest boots with THP off (below 512 MiB of RAM) → square-root rule;
    // the 4 GiB guest with THP → khugepaged's 2 + 9 pageblocks per zone = 67584 kB.
    QTest::newRow("512M guest") << QStringLiteral("512M") << QStringLiteral("always") << qint64 { 2697 };
    QTest::newRow("4G guest") << QStringLiteral("4G") << QStringLiteral("always") << qint64 { 67584 };
    QTest::newRow("64G thp") << QStringLiteral("64G") << QStringLiteral("always") << qint64 { 67584 };
    QTest::newRow("4G no thp") << QStringLiteral("4G") << QStringLiteral("never") << qint64 { 7995 };
}

void TestWatermarks::defaultMinFreeKbytes()
{
    QFETCH(QString, ram);
    QFETCH(QString, thp);
    QFETCH(qint64, expected);
    Scenario s;
    const auto pages = parseSize(ram.toStdString());
    QVERIFY(pages.has_value());
    s.machine.nodes.push_back(pcLayout(*pages));
    s.machine.ram = *pages;
    s.machine.transparentHugepage = thp == QLatin1String("never") ? ThpMode::Never : ThpMode::Always;
    Simulator sim(s, 1);
    QCOMPARE(sim.tunables().minFreeKbytes, expected);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestWatermarks::sysctlRecomputes()
{
    Scenario s;
    s.machine.nodes.push_back(pcLayout(Pages { 262144 }));
    Simulator sim(s, 1);
    const Pages before = sim.nodes()[0].zones[1].wmark.high;
    QVERIFY(!sim.apply(SetSysctl { { "vm.watermark_scale_factor", { 1000 } } }));
    const Zone& z = sim.nodes()[0].zones[1];
    QVERIFY(z.wmark.high > before);
    QCOMPARE(z.wmark.low - z.wmark.min, multFrac(z.managed, 1000, 10000));
    QVERIFY(!sim.apply(SetSysctl { { "vm.min_free_kbytes", { 65536 } } }));
    Pages sumMin = 0;
    for (const auto& zone : sim.nodes()[0].zones)
        sumMin += zone.wmark.min;
    QVERIFY(sumMin <= 16384 && sumMin >= 16384 - kMaxNrZones);
    QVERIFY(sim.apply(SetSysctl { { "vm.watermark_scale_factor", { 0 } } }).has_value());
    QVERIFY(sim.apply(SetSysctl { { "vm.swappiness", { 201 } } }).has_value());
    QCOMPARE(sim.tunables().swappiness, 60);
    QCOMPARE(sim.checkInvariants(), std::string());
}

void TestWatermarks::helpers()
{
    QCOMPARE(intSqrt(0), std::uint64_t { 0 });
    QCOMPARE(intSqrt(15), std::uint64_t { 3 });
    QCOMPARE(intSqrt(16), std::uint64_t { 4 });
    QCOMPARE(intSqrt(~std::uint64_t { 0 }), std::uint64_t { 4294967295ULL });
    QCOMPARE(multFrac(1000, 10, 10000), std::uint64_t { 1 });
    QCOMPARE(multFrac(765914, 10, 10000), std::uint64_t { 765 });
    QCOMPARE(multFrac(~std::uint64_t { 0 } / 2, 3, 3), ~std::uint64_t { 0 } / 2);
}

QTEST_APPLESS_MAIN(TestWatermarks)
#include "tst_watermarks.moc"
