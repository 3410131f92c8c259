// SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QObject>
#include <QStringList>

#include <optional>

namespace PlanLens {

class MainWindow;
struct Rewrite;
struct RewriteVerification;

// File › Export Report…: the incident write-up of what the window shows (ReportBuilder, as `planlens report`).
// The session snapshot (WorkbenchStore::snapshot) holds the scripts, settings and plans; this object adds what
// the window learnt since: the last run's results (or the rewrite tried as After, with its verification), the
// findings and the rewrites on screen. A run is kept only while its plans are still the ones on screen.
class ReportExport : public QObject
{
    Q_OBJECT
public:
    explicit ReportExport(MainWindow* window);

    // The snapshot plus the results above.
    Session session() const;
    // Adds the results (run, tried rewrite, findings, rewrites) to a session of the window's state.
    void addResultsTo(Session* session) const;
    // Writes the report without dialogs (.md or .html): *written lists the files, the report first.
    bool write(const QString& fileName, QStringList* written, QString* error) const;
    // Asks for a file name, writes, and says what went wrong in a message box.
    void exportWithDialog();

private:
    void onRun(const RunResult& result);
    void onTried(const Rewrite& rewrite, const RewriteVerification& verification);
    void onSessionOpened(const QString& fileName);

    MainWindow* m_window;
    std::optional<RunResult> m_run;
    std::optional<Session::TriedRewrite> m_tried;
};

} // namespace PlanLens
