// SPDX-License-Identifier: GPL-3.0-or-later
// reclaimlab-cli lesson check|export: runs lessons headless and checks what they claim against the engine,
// or writes a worksheet and an answer key.
#include "lesson_command.h"

#include "charts.h"
#include "cli_args.h"

#include <rlab/engine/lesson.h>
#include <rlab/engine/lesson_session.h>

#include <filesystem>
#include <memory>
#include <optional>

namespace rlab::cli {

namespace {

using namespace rlab::engine;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::string formatSeconds(Tick t)
{
    const auto ms = t / kTicksPerMs;
    return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + "s";
}

int usage(std::ostream& err, const std::string& message)
{
    err << "reclaimlab-cli: lesson: " << message << "\nTry 'reclaimlab-cli lesson --help'.\n";
    return kExitUsage;
}

int checkCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> files;
    std::optional<std::uint64_t> seed;
    bool verbose = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--verbose" || arg == "-v") {
            verbose = true;
        } else if (arg == "--seed") {
            if (i + 1 >= args.size() || !(seed = parseUnsigned(args[i + 1])))
                return usage(err, "check: --seed needs an integer 0..18446744073709551615");
            ++i;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage(err, "check: unknown option '" + arg + "'; allowed: --seed N, --verbose");
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty())
        return usage(err, "check: missing FILE; give one or more lesson files");
    bool allOk = true;
    for (const auto& file : files) {
        auto parsed = loadLessonFile(file);
        if (!parsed.lesson) {
            out << parsed.error << "\n";
            allOk = false;
            continue;
        }
        auto lesson = std::make_shared<const Lesson>(std::move(*parsed.lesson));
        if (auto error = Simulator::validate(lesson->scenario)) {
            out << file << ": scenario: " << *error << "\n";
            allOk = false;
            continue;
        }
        const LessonReport report = runLesson(lesson, seed.value_or(lesson->scenario.seed));
        std::size_t checks = 0;
        std::size_t questions = 0;
        for (const auto& step : lesson->steps) {
            checks += step.checks.size();
            questions += step.question ? 1 : 0;
        }
        if (verbose) {
            for (const auto& outcome : report.steps) {
                const LessonStep& step = lesson->steps[outcome.step];
                out << file << ": step " << outcome.step + 1 << " stops at "
                    << formatSeconds(outcome.stoppedAt);
                if (outcome.answer)
                    out << ", answer " << outcome.answer->display()
                        << (step.question && !step.question->unit.empty() ? " " + step.question->unit : "");
                for (const auto& check : outcome.checks)
                    out << "\n    " << (check.ok ? "holds: " : "FAILS: ") << check.detail;
                out << "\n";
            }
        }
        if (report.ok()) {
            out << file << ": ok (" << lesson->steps.size() << " steps, " << questions << " questions, "
                << checks << " checkpoints)\n";
        } else {
            allOk = false;
            for (const auto& problem : report.problems)
                out << file << ": " << problem << "\n";
        }
    }
    return allOk ? kExitOk : kExitFailed;
}

int exportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::string file;
    std::string outDir;
    std::string language = "en";
    std::optional<std::uint64_t> seed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--out") {
            if (!hasValue)
                return usage(err, "export: --out needs a directory");
            outDir = args[++i];
        } else if (arg == "--lang") {
            if (!hasValue || (args[i + 1] != "en" && args[i + 1] != "zh_CN"))
                return usage(err, "export: --lang needs en or zh_CN");
            language = args[++i];
        } else if (arg == "--seed") {
            if (!hasValue || !(seed = parseUnsigned(args[i + 1])))
                return usage(err, "export: --seed needs an integer 0..18446744073709551615");
            ++i;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage(
                err, "export: unknown option '" + arg + "'; allowed: --out DIR, --lang en|zh_CN, --seed N");
        } else if (file.empty()) {
            file = arg;
        } else {
            return usage(err, "export: give one lesson file");
        }
    }
    if (file.empty())
        return usage(err, "export: missing FILE");
    if (outDir.empty())
        outDir = "reclaimlab-out/" + std::filesystem::path(file).stem().string() + "-handout";
    auto parsed = loadLessonFile(file);
    if (!parsed.lesson) {
        err << parsed.error << "\n";
        return kExitUsage;
    }
    if (!chartsAvailable()) {
        err << "reclaimlab-cli: lesson export needs a build with the desktop app (PDF and charts use Qt)\n";
        return kExitFailed;
    }
    std::vector<std::string> files;
    const std::string error =
        writeHandout(*parsed.lesson, seed.value_or(parsed.lesson->scenario.seed), language, outDir, files);
    if (!error.empty()) {
        err << "reclaimlab-cli: " << error << "\n";
        return kExitFailed;
    }
    for (const auto& written : files)
        out << written << "\n";
    return kExitOk;
}

} // namespace

void printLessonHelp(std::ostream& os)
{
    os << "Usage:\n"
          "  reclaimlab-cli lesson check FILE... [--seed N] [--verbose]\n"
          "  reclaimlab-cli lesson export FILE [--out DIR] [--lang en|zh_CN] [--seed N]\n"
          "\n"
          "check   Runs each lesson headless, making every task it asks of the student, and checks that\n"
          "        every step reaches its stop, every checkpoint holds and every question's answer is\n"
          "        what the file says (choices, OOM victims, number ranges). Prints \"FILE: ok (...)\"\n"
          "        or one line per problem naming the step. --verbose also prints each step's stop\n"
          "        time, answer and checkpoint values. Exit 0 only if every lesson is ok, 1 if one is\n"
          "        not, 2 for bad usage.\n"
          "export  Writes a worksheet PDF (steps, questions, room for answers, the reference run's\n"
          "        charts) and a separate answer key PDF into DIR, in the chosen language.\n"
          "        Default DIR: reclaimlab-out/<lesson>-handout.\n"
          "\n"
          "The lesson format is docs/lesson-format.md.\n";
}

int lessonCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty() || args.front() == "--help" || args.front() == "-h" || args.front() == "help") {
        printLessonHelp(out);
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args.front() == "check")
        return checkCommand(rest, out, err);
    if (args.front() == "export")
        return exportCommand(rest, out, err);
    return usage(err, "unknown subcommand '" + args.front() + "'; expected check or export");
}

} // namespace rlab::cli
