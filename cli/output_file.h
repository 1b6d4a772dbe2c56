// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace rlab::cli {

/// One output file written atomically: the bytes go to "<name>.part" beside it, and commit() renames
/// that over the final name, so a failed or interrupted run never leaves a half-written file under the
/// name a reader trusts. Written in binary so bytes are the same on every platform. The first failure
/// is kept with the system's reason (strerror of errno), e.g. "No space left on device".
class OutputFile
{
public:
    explicit OutputFile(std::filesystem::path path);
    /// Removes the temporary file unless commit() succeeded.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Creates the temporary file; false (see error()) when the directory is not writable.
    bool open();
    void write(std::string_view text);
    /// Flushes and closes the temporary file; false when any write or the close failed.
    bool finish();
    /// Renames the finished temporary file to the final name; false when that failed.
    bool commit();
    /// Removes the temporary file (after a failure elsewhere); the final name is left untouched.
    void discard();

    const std::filesystem::path& path() const { return m_path; }
    std::string display() const { return m_path.string(); }
    /// "<path>: <reason>" for the first failure, or empty.
    const std::string& error() const { return m_error; }
    bool failed() const { return !m_error.empty(); }

private:
    void fail(const std::filesystem::path& where, int errnum);

    std::filesystem::path m_path;
    std::filesystem::path m_partPath;
    std::FILE* m_file = nullptr;
    std::string m_error;
    bool m_committed = false;
};

/// Writes `text` to `path` atomically; returns an empty string or "<path>: <reason>".
std::string writeFileAtomically(const std::filesystem::path& path, std::string_view text);

} // namespace rlab::cli
