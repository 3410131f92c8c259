// SPDX-License-Identifier: MIT
#pragma once

#include "planhistory.h"

#include <QObject>

namespace PlanLens {

class HistoryStrip;
class MainWindow;
class RunController;
struct Rewrite;
struct RewriteVerification;
struct Session;
struct WorkbenchUi;

// The plan history of the window (issue 15): every completed pair run and every rewrite tried as After becomes a
// version (PlanHistory), the history strip under the plans shows them with a chart of their medians, and two
// versions chosen there go into the Compare view as Before and After. Its summary button sits in the plan tabs'
// bar, so the strip takes no height until opened; it opens by itself once, when a second version of the query
// (a rewrite tried, an edit run again) joins the first pair.
// An opened session brings its history (Session::history); addTo() puts the window's into a session snapshot.
class HistoryController : public QObject
{
    Q_OBJECT
public:
    HistoryController(MainWindow *window, WorkbenchUi *ui, RunController *runs);

    const PlanHistory &history() const { return m_history; }
    HistoryStrip *strip() const { return m_strip; }
    void setHistory(const QList<PlanVersion> &versions);
    void addTo(Session *session) const;
    // Puts the two versions' plans (by index) into the Compare view, the first as Before; false (and a status
    // message) when an index is out of range or a version has no plan.
    bool compareVersions(int beforeIndex, int afterIndex);
    bool isCompareShowingHistory() const { return m_compareShowsHistory; }

    static constexpr int kAutoOpenVersions = 3;

signals:
    void historyChanged();

private:
    void onRun(const RunResult &result);
    void onTried(const Rewrite &rewrite, const RewriteVerification &verification);
    void refresh();

    MainWindow *m_window;
    WorkbenchUi *m_ui;
    HistoryStrip *m_strip = nullptr;
    PlanHistory m_history;
    bool m_userToggled = false;     // the user opened or closed the strip: it no longer opens by itself
    bool m_autoOpened = false;
    bool m_compareShowsHistory = false;
};

} // namespace PlanLens
