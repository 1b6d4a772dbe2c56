// SPDX-License-Identifier: GPL-3.0-or-later
#include "output_file.h"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace rlab::cli {

namespace fs = std::filesystem;

OutputFile::OutputFile(fs::path path)
    : m_path(std::move(path))
    , m_partPath(m_path.string() + ".part")
{}

OutputFile::~OutputFile()
{
    if (!m_committed) // an exception or an early return: no half-written NAME.part stays behind
        discard();
}

void OutputFile::fail(const fs::path& where, int errnum)
{
    if (m_error.empty())
        m_error = where.string() + ": " + std::strerror(errnum != 0 ? errnum : EIO);
}

bool OutputFile::open()
{
    errno = 0;
    m_file = std::fopen(m_partPath.c_str(), "wb");
    if (!m_file)
        fail(m_partPath, errno);
    return m_file != nullptr;
}

void OutputFile::write(std::string_view text)
{
    if (!m_file || failed() || text.empty())
        return;
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size())
        fail(m_path, errno);
}

bool OutputFile::finish()
{
    if (!m_file)
        return !failed();
    errno = 0;
    if (std::fflush(m_file) != 0)
        fail(m_path, errno);
    errno = 0;
    if (std::fclose(m_file) != 0)
        fail(m_path, errno);
    m_file = nullptr;
    return !failed();
}

bool OutputFile::commit()
{
    std::error_code ec;
    fs::rename(m_partPath, m_path, ec);
    if (ec && m_error.empty())
        m_error = m_path.string() + ": " + ec.message();
    m_committed = !ec;
    return !ec;
}

void OutputFile::discard()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::error_code ignored;
    fs::remove(m_partPath, ignored);
}

std::string writeFileAtomically(const fs::path& path, std::string_view text)
{
    OutputFile file(path);
    if (file.open()) {
        file.write(text);
        if (file.finish() && file.commit())
            return {};
    }
    file.discard();
    return file.error();
}

} // namespace rlab::cli
