// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tests that run the built reclaimlab-cli (RLAB_CLI_PATH) share these helpers.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace rlab::testing {

struct CliResult
{
    int exitCode = -1; ///< -1: it crashed or ran past the timeout
    QString out;
    QString err;
};

inline CliResult runCli(const QStringList& args, const QString& workingDir = {}, int timeoutMs = 600000)
{
    QProcess process;
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(QStringLiteral(RLAB_CLI_PATH), args);
    CliResult result;
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit)
        return result;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeFile(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

} // namespace rlab::testing
