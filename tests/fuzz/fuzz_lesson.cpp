// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a lesson file: the reader (scenario, steps, expressions, quizzes) accepts them or says why.
#include <rlab/engine/lesson.h>
#include <rlab/engine/simulator.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace rlab::engine;
    const LessonParseResult parsed = parseLesson(std::string(reinterpret_cast<const char*>(data), size));
    if (!parsed.lesson) {
        if (parsed.error.empty())
            __builtin_trap();
        return 0;
    }
    (void)Simulator::validate(parsed.lesson->scenario);
    return 0;
}
