// SPDX-License-Identifier: MIT
#pragma once

#include "triageview.h"   // complete for QPointer

#include <QObject>
#include <QPointer>

namespace PlanLens {

class MainWindow;

// File › Scan log…: asks for logs, scans them in the background (ScanJob over openScanInput) into a Triage window
// of its own, beside the workbench so the plan graph keeps its room, and puts the plan a user opens there into
// Before, with its query in the Before script, ready for findings, rewrites and Try as After.
class TriageController : public QObject
{
    Q_OBJECT
public:
    explicit TriageController(MainWindow *window, QObject *parent = nullptr);
    ~TriageController() override;

    // Asks for log files, then scans them (scan()).
    void openDialog();
    // Scans these files and folders (folders recursively) and shows the Triage window. False with a message in
    // the window's status bar when a path does not exist.
    bool scan(const QStringList &paths);

    TriageView *view() const { return m_view; }

signals:
    void entryOpened(const QString &origin);   // a plan was handed to Before

private:
    void openInWorkbench(const QString &planText, const QString &queryText, const QString &origin);
    TriageView *ensureView();

    MainWindow *m_window;
    QPointer<TriageView> m_view;
};

} // namespace PlanLens
