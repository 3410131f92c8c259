// SPDX-License-Identifier: MIT
#pragma once

#include "scan/scanjob.h"

#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace PlanLens {

// Triage of a log scan: a progress bar with Cancel, and a sortable table of the queries found so far (rank, total,
// plans, median, max, shapes, worst level, findings, rewrite, query), refreshed while the scan runs. "Open in
// workbench" (or a double-click) reads the group's worst plan again from its file, off the GUI thread, and hands
// it on with openInWorkbench(). Knows nothing of the workbench or the database: it polls a ScanJob.
class TriageView : public QWidget
{
    Q_OBJECT
public:
    enum Column { Rank, Total, Count, Median, Max, Shapes, Level, Findings, Rewrite, Query, ColumnCount };
    // The table's items carry their numeric value under this role: the table sorts by it, not by the text.
    static constexpr int SortRole = Qt::UserRole + 2;

    explicit TriageView(QWidget *parent = nullptr);
    ~TriageView() override;

    // Shows this job's groups from now on (the previous job is cancelled) and polls it until it finishes.
    void setJob(std::shared_ptr<ScanJob> job);
    bool isFinished() const { return m_finished; }

    QTableView *table() const { return m_table; }
    QProgressBar *progressBar() const { return m_progress; }
    QString statusText() const;
    // The group shown in a row of the table (as sorted on screen), null when there is none.
    const ScanGroup *groupAt(int viewRow) const;

public slots:
    void cancel();
    // Reads the worst plan of the group in this row of the table and emits openInWorkbench (or entryFailed).
    void openRow(int viewRow);
    void openSelected();

signals:
    void openInWorkbench(const QString &planText, const QString &queryText, const QString &origin);
    void entryFailed(const QString &message);
    void scanFinished(bool cancelled);

private:
    void poll();
    void showSnapshot(const ScanJob::Snapshot &s);
    void fillTable(const ScanReport &report);

    std::shared_ptr<ScanJob> m_job;
    QTimer *m_timer = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_open = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    ScanReport m_report;             // as shown
    quint64 m_revision = 0;
    bool m_finished = false;
    quint64 m_openGeneration = 0;    // a newer "open" wins over one still reading
};

} // namespace PlanLens
