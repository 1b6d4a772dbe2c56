// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a /proc file of a real machine (machine import, record): each reader accepts them or
// names the file, and what it accepts holds the rules it promises. The first byte picks the reader.
#include <rlab/engine/host_import.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace rlab::engine;
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string file = "f";
    std::string error;
    const auto refused = [&error]() {
        if (error.rfind("f", 0) != 0)
            __builtin_trap(); // a refusal always names the file
    };
    switch (data[0] % 8) {
    case 0:
        if (const auto zones = parseHostZoneinfo(text, file, error)) {
            for (const HostZone& z : *zones) {
                if (z.managed > z.present || z.present > z.spanned || z.min > z.low || z.low > z.high
                    || !zoneTypeFromName(z.name) || z.line == 0)
                    __builtin_trap();
            }
        } else {
            refused();
        }
        break;
    case 1:
        (void)zoneinfoRecords(text);
        (void)keyValueLines(text);
        break;
    case 2:
        if (const auto meminfo = parseMeminfo(text, file, error)) {
            std::string missing;
            if (!hostKernelPages(*meminfo, missing) && missing.empty())
                __builtin_trap();
        } else {
            refused();
        }
        break;
    case 3:
        if (!parseSwaps(text, file, error))
            refused();
        break;
    case 4:
        if (!parseSysctlValues(text, file, error))
            refused();
        break;
    case 5:
        if (!parseProcessStatus(text, file, error))
            refused();
        break;
    case 6:
        if (const auto adj = parseOomScoreAdj(text, file, error); adj && (*adj < -1000 || *adj > 1000))
            __builtin_trap();
        else if (!adj)
            refused();
        break;
    default:
        if (!parseThpMode(text, file, error))
            refused();
        break;
    }
    return 0;
}
