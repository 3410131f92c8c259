// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// One function per subcommand; each parses its own options (QCommandLineParser) and returns an exit status.
// args[0] is the subcommand's name.
namespace PlanLens::Cli {
int demoCommand(const QStringList &args);
} // namespace PlanLens::Cli
