// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a scenario file: the reader accepts them or says why, and an accepted scenario gets a
// verdict and a memory estimate without a crash. Nothing is simulated.
#include <rlab/engine/scenario.h>
#include <rlab/engine/simulator.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace rlab::engine;
    const ParseResult parsed = parseScenario(std::string(reinterpret_cast<const char*>(data), size));
    if (!parsed.scenario) {
        if (parsed.error.empty())
            __builtin_trap(); // a refusal always names what is wrong
        return 0;
    }
    (void)Simulator::estimateMemory(*parsed.scenario);
    (void)Simulator::validate(*parsed.scenario);
    return 0;
}
