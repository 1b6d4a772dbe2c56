// SPDX-License-Identifier: GPL-3.0-or-later
#include "proc_file.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace rlab::cli {

std::optional<std::string> readProcFile(const std::filesystem::path& path, std::string& error)
{
    constexpr std::size_t kMaxBytes = std::size_t { 64 } << 20;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        error = path.string() + ": cannot read: " + std::strerror(errno);
        return std::nullopt;
    }
    std::string text;
    char buffer[65536];
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
        text.append(buffer, n);
        if (n < sizeof buffer || text.size() > kMaxBytes)
            break;
    }
    const bool failed = std::ferror(file) != 0;
    const int errnum = errno;
    std::fclose(file);
    if (failed) {
        error = path.string() + ": cannot read: " + std::strerror(errnum != 0 ? errnum : EIO);
        return std::nullopt;
    }
    if (text.size() > kMaxBytes) {
        error = path.string() + ": cannot read: larger than 64 MiB";
        return std::nullopt;
    }
    return text;
}

std::string procFirstLine(const std::filesystem::path& path, const std::string& fallback)
{
    std::string error;
    const auto text = readProcFile(path, error);
    if (!text)
        return fallback;
    std::string line = text->substr(0, text->find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
        line.pop_back();
    std::size_t from = 0;
    while (from < line.size() && (line[from] == ' ' || line[from] == '\t'))
        ++from;
    line.erase(0, from);
    for (char& c : line) {
        if (c < ' ' || c > '~')
            c = '?';
    }
    return line.empty() ? fallback : line.substr(0, 256);
}

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

} // namespace rlab::cli
