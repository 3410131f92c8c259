// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// One function per subcommand; each parses its own options (QCommandLineParser) and returns an exit status.
// args[0] is the subcommand's name.
namespace PlanLens::Cli {
int demoCommand(const QStringList &args);
int analyzeCommand(const QStringList &args);
int compareCommand(const QStringList &args);
int runCommand(const QStringList &args);
int rewriteCommand(const QStringList &args);
int renderCommand(const QStringList &args);
int reportCommand(const QStringList &args);
int scanCommand(const QStringList &args);
int anonymizeCommand(const QStringList &args);
} // namespace PlanLens::Cli
