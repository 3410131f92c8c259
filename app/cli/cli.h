// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace PlanLens::Cli {

// Exit statuses shared by every subcommand (documented in docs/cli.md).
enum Exit { Ok = 0, Failure = 1, BadInput = 2 };

// True when argv[1] names a subcommand (or --help/--version): the binary then runs headless.
bool isCliInvocation(const QString &firstArg);

// True when the subcommand paints (render): main() then creates a QApplication on the offscreen platform (unless
// QT_QPA_PLATFORM says otherwise) instead of a QCoreApplication, so it still needs no display.
bool needsGuiApplication(const QString &firstArg);

// Runs `planlens <args...>`; args[0] is the subcommand. Output goes to stdout, messages to stderr.
int run(const QStringList &args);

// Helpers for subcommands.
void printOut(const QString &text);                 // stdout, as UTF-8, newline added
void printErr(const QString &text);                 // stderr, as UTF-8, newline added
void printJson(const QJsonObject &object);          // stdout, indented JSON
QString usage();                                     // the --help text
// Parses a subcommand's options (args[0] is its name). A parse error is printed as "planlens NAME: …" and gives
// BadInput; --help prints the options and gives Ok; std::nullopt: go on.
std::optional<int> parseOptions(QCommandLineParser &parser, const QStringList &args);

} // namespace PlanLens::Cli
