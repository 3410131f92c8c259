// SPDX-License-Identifier: MIT
#include "triageview.h"

#include "detect/finding.h"
#include "format/units.h"
#include "jobs/workpool.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace PlanLens {

namespace {

constexpr int kPollMs = 100;
constexpr int kProgressSteps = 1000;
constexpr int kQueryChars = 200;
constexpr int kMaxListColumnPx = 220;
// The group's index in the report, on every item of its row; numbers sort by this role, not by their text.
constexpr int kGroupRole = Qt::UserRole + 1;
constexpr int kSortRole = TriageView::SortRole;

QStandardItem *item(const QString &text, const QVariant &sortKey, int group, Qt::Alignment align = Qt::AlignRight)
{
    auto *it = new QStandardItem(text);
    it->setData(sortKey, kSortRole);
    it->setData(group, kGroupRole);
    it->setTextAlignment(align | Qt::AlignVCenter);
    it->setEditable(false);
    return it;
}

struct OpenResult {
    bool ok = false;
    ExtractedEntry entry;
    QString error;
};

} // namespace

TriageView::TriageView(QWidget *parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_open(new QPushButton(tr("Open in Workbench"), this))
    , m_table(new QTableView(this))
    , m_model(new QStandardItemModel(0, ColumnCount, this))
{
    setObjectName(QStringLiteral("TriageView"));
    m_model->setHorizontalHeaderLabels({tr("#"), tr("Total"), tr("Plans"), tr("Median"), tr("Max"), tr("Shapes"),
                                        tr("Worst level"), tr("Findings"), tr("Rewrite"), tr("Query")});
    m_model->setSortRole(kSortRole);
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(Total, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_open->setEnabled(false);
    m_open->setToolTip(tr("Put the group's slowest plan and its query into Before"));
    m_status->setText(tr("No scan yet."));

    auto *top = new QHBoxLayout;
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancel);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_timer, &QTimer::timeout, this, &TriageView::poll);
    connect(m_cancel, &QPushButton::clicked, this, &TriageView::cancel);
    connect(m_open, &QPushButton::clicked, this, &TriageView::openSelected);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &i) { openRow(i.row()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_open->setEnabled(m_table->selectionModel()->hasSelection()); });
}

TriageView::~TriageView()
{
    if (m_job)
        m_job->cancel();   // the job holds itself while it runs; nobody will read it any more
}

void TriageView::setJob(std::shared_ptr<ScanJob> job)
{
    if (m_job)
        m_job->cancel();
    m_job = std::move(job);
    m_revision = 0;
    m_finished = false;
    m_report = {};
    m_model->setRowCount(0);
    m_progress->setValue(0);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Scanning %n file(s)…", nullptr, int(m_job->inputs().size())));
    m_timer->start(kPollMs);
    poll();
}

void TriageView::cancel()
{
    if (m_job && !m_finished) {
        m_job->cancel();
        m_cancel->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
    }
}

void TriageView::poll()
{
    if (!m_job)
        return;
    const ScanJob::Snapshot s = m_job->snapshot();
    showSnapshot(s);
    if (s.finished) {
        m_timer->stop();
        m_finished = true;
        m_cancel->setEnabled(false);
        emit scanFinished(s.cancelled);
    }
}

void TriageView::showSnapshot(const ScanJob::Snapshot &s)
{
    const ScanProgress &p = s.progress;
    if (p.rawBytesTotal > 0)
        m_progress->setValue(int(std::min<qint64>(kProgressSteps, p.rawBytesRead * kProgressSteps / p.rawBytesTotal)));
    if (s.revision != m_revision) {
        m_revision = s.revision;
        m_report = s.report;
        fillTable(m_report);
    }
    const qint64 plans = s.finished ? s.report.counts.plans : p.plans;
    QString text = tr("%1 of %2 read, %3 plans, %4 queries")
                       .arg(Units::bytes(double(p.rawBytesRead)), Units::bytes(double(std::max<qint64>(0, p.rawBytesTotal))),
                            Units::count(double(plans)), Units::count(double(m_report.groupCount)));
    if (s.finished)
        text = (s.cancelled ? tr("Cancelled: ") : tr("Done: ")) + text;
    if (!s.errors.isEmpty())
        text += tr("; %n file(s) could not be read", nullptr, int(s.errors.size()));
    m_status->setText(text + u'.');
}

void TriageView::fillTable(const ScanReport &report)
{
    // Keep the selected group selected across refreshes.
    QString selected;
    if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        if (const ScanGroup *g = groupAt(rows.first().row()))
            selected = g->fingerprint;
    const int sortColumn = m_table->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder order = m_table->horizontalHeader()->sortIndicatorOrder();
    m_table->setSortingEnabled(false);
    m_model->setRowCount(0);
    int reselect = -1;
    for (int i = 0; i < report.groups.size(); ++i) {
        const ScanGroup &g = report.groups[i];
        QStringList findings;
        for (auto it = g.findings.cbegin(); it != g.findings.cend(); ++it)
            findings << QStringLiteral("%1 ×%2").arg(it.key(), Units::count(double(it.value())));
        QString query = g.query.isEmpty() ? tr("(plan without Query Text)") : g.query.simplified();
        if (query.size() > kQueryChars)
            query = query.left(kQueryChars - 1) + QChar(0x2026);
        const QString level = g.worstLevel < 0 ? QStringLiteral("–") : findingLevelName(FindingLevel(g.worstLevel));
        QList<QStandardItem *> row{
            item(QString::number(i + 1), i + 1, i),
            item(Units::duration(g.totalMs), g.totalMs, i),
            item(Units::count(double(g.count)), g.count, i),
            item(Units::duration(g.medianMs), g.medianMs, i),
            item(Units::duration(g.maxMs), g.maxMs, i),
            item(QString::number(g.shapes), g.shapes, i),
            item(level, g.worstLevel, i, Qt::AlignLeft),
            item(findings.join(QStringLiteral(", ")), qlonglong(findings.size()), i, Qt::AlignLeft),
            item(g.rewrites.isEmpty() ? QStringLiteral("–") : g.rewrites.join(QStringLiteral(", ")),
                 qlonglong(g.rewrites.size()), i, Qt::AlignLeft),
            item(query, query, i, Qt::AlignLeft),
        };
        row[Query]->setToolTip(g.query);
        row[Findings]->setToolTip(findings.join(u'\n'));
        row[Rewrite]->setToolTip(g.rewrites.join(u'\n'));
        m_model->appendRow(row);
        if (g.fingerprint == selected)
            reselect = i;
    }
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(sortColumn, order);
    if (reselect >= 0) {
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (m_model->item(r, 0)->data(kGroupRole).toInt() == reselect)
                m_table->selectRow(r);
    }
    for (int c = Rank; c < Query; ++c)   // the header samples at most 1000 rows: cheap on every refresh
        m_table->resizeColumnToContents(c);
    // Long lists of rules must not push the query, the column a user recognises, out of sight: tooltips hold them.
    for (int c : {Findings, Rewrite})
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), kMaxListColumnPx));
}

const ScanGroup *TriageView::groupAt(int viewRow) const
{
    const QStandardItem *it = m_model->item(viewRow, 0);
    if (!it)
        return nullptr;
    const int g = it->data(kGroupRole).toInt();
    return g >= 0 && g < m_report.groups.size() ? &m_report.groups[g] : nullptr;
}

QString TriageView::statusText() const
{
    return m_status->text();
}

void TriageView::openSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        openRow(rows.first().row());
}

void TriageView::openRow(int viewRow)
{
    const ScanGroup *g = groupAt(viewRow);
    if (!g || !m_job)
        return;
    const int input = g->worstInput;
    const qint64 offset = g->worstOffset;
    const QString origin = tr("%1 at byte %2 (%3)")
                               .arg(QFileInfo(m_report.inputs.value(input)).fileName(), QString::number(offset),
                                    Units::duration(g->worstMs));
    const quint64 gen = ++m_openGeneration;
    auto *watcher = new QFutureWatcher<OpenResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, gen, origin] {
        watcher->deleteLater();
        if (gen != m_openGeneration)
            return;
        const OpenResult r = watcher->future().takeResult();
        if (r.ok)
            emit openInWorkbench(r.entry.planText, r.entry.queryText, origin);
        else
            emit entryFailed(r.error);
    });
    watcher->setFuture(QtConcurrent::run(workPool(), [job = m_job, input, offset] {
        OpenResult r;
        r.ok = job->readEntry(input, offset, &r.entry, &r.error);
        return r;
    }));
}

} // namespace PlanLens
