// SPDX-License-Identifier: MIT
#include "findingspanel.h"

#include "findingsmodel.h"
#include "detect/detectors.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace PlanLens {

namespace {

QString evidenceValue(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == qRound64(d) && std::abs(d) < 1e15)
            return QLocale(QLocale::English).toString(qlonglong(d));
        return QString::number(d, 'g', 4);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (v.isNull())
        return QStringLiteral("—");
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                 .toJson(QJsonDocument::Compact));
}

QString shortLabel(const Finding &f)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("or-sublink-defeats-index"), QStringLiteral("OR subquery")},
        {QStringLiteral("in-subquery-refetch"), QStringLiteral("refetch")},
        {QStringLiteral("sort-spill"), QStringLiteral("spill")},
        {QStringLiteral("hash-batches"), QStringLiteral("batches")},
        {QStringLiteral("hashagg-spill"), QStringLiteral("spill")},
        {QStringLiteral("row-misestimate"), QStringLiteral("estimate")},
        {QStringLiteral("stale-statistics"), QStringLiteral("stats")},
        {QStringLiteral("rows-removed-by-filter"), QStringLiteral("filter")},
        {QStringLiteral("lossy-bitmap"), QStringLiteral("lossy")},
        {QStringLiteral("index-only-heap-fetches"), QStringLiteral("heap")},
        {QStringLiteral("nested-loop-seq-scan"), QStringLiteral("loops")},
        {QStringLiteral("large-offset"), QStringLiteral("offset")},
        {QStringLiteral("not-in-subquery"), QStringLiteral("NOT IN")},
        {QStringLiteral("correlated-subplan"), QStringLiteral("per row")},
        {QStringLiteral("cte-scanned-many-times"), QStringLiteral("CTE")},
        {QStringLiteral("partition-not-pruned"), QStringLiteral("pruning")},
        {QStringLiteral("workers-not-launched"), QStringLiteral("workers")},
        {QStringLiteral("srf-default-estimate"), QStringLiteral("rows=1000")},
        {QStringLiteral("implicit-cast"), QStringLiteral("cast")},
        {QStringLiteral("like-leading-wildcard"), QStringLiteral("LIKE %")},
        {QStringLiteral("sort-limit-large-input"), QStringLiteral("top-N")},
        {QStringLiteral("trigger-dominating"), QStringLiteral("triggers")},
    };
    return labels.value(f.rule, QStringLiteral("!"));
}

} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new FindingsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_details(new QTextBrowser(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(FindingsModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FindingsModel::SeverityColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(FindingsModel::RuleColumn, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(FindingsModel::NodeColumn, 200);
    m_view->setAlternatingRowColors(true);

    m_details->setOpenLinks(false);
    m_details->setPlaceholderText(tr("Select a finding to see its evidence and advice."));
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"rewrite")
            emit rewriteRequested(url.path(), currentFinding());
        else if (url.scheme() == u"node")
            emit nodeRequested(url.path().toInt());
    });

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FindingsPanel::onCurrentChanged);
}

void FindingsPanel::setFindings(const QList<Finding> &findings, const Plan *plan)
{
    m_model->setFindings(findings, plan);
    m_details->clear();
}

void FindingsPanel::clear()
{
    m_model->clear();
    m_details->clear();
}

const QList<Finding> &FindingsPanel::findings() const
{
    return m_model->findings();
}

int FindingsPanel::currentFinding() const
{
    const QModelIndex cur = m_view->selectionModel()->currentIndex();
    return cur.isValid() ? cur.data(FindingsModel::FindingIndexRole).toInt() : -1;
}

void FindingsPanel::selectFinding(int findingIndex)
{
    if (findingIndex < 0 || findingIndex >= m_model->rowCount())
        return;
    const QModelIndex idx = m_proxy->mapFromSource(m_model->index(findingIndex, 0));
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(idx);
}

bool FindingsPanel::selectFindingForNode(int nodeId)
{
    int best = -1;
    for (int i = 0; i < findings().size(); ++i) {
        const Finding &f = findings().at(i);
        if ((f.nodeId == nodeId || f.nodeIds.contains(nodeId)) && (best < 0 || f.severity > findings().at(best).severity
                                                                   || (f.nodeId == nodeId && findings().at(best).nodeId != nodeId)))
            best = i;
    }
    if (best < 0)
        return false;
    if (best == currentFinding())
        return true;
    m_quietNode = true;
    selectFinding(best);
    m_quietNode = false;
    return true;
}

void FindingsPanel::onCurrentChanged()
{
    const int i = currentFinding();
    showDetails(i);
    if (i < 0)
        return;
    const Finding &f = findings().at(i);
    emit findingSelected(i);
    if (f.nodeId >= 0 && !m_quietNode)
        emit nodeRequested(f.nodeId);
    if (f.hasSpan())
        emit spanRequested(f.spanStart, f.spanEnd);
}

QString FindingsPanel::detailHtml() const
{
    return m_details->toHtml();
}

void FindingsPanel::showDetails(int i)
{
    if (i < 0) {
        m_details->clear();
        return;
    }
    const Finding &f = findings().at(i);
    const Detector *d = detectorById(f.rule);
    QString html;
    html += QStringLiteral("<p><span style=\"color:%1\"><b>%2</b></span> &nbsp;<b>%3</b> <code>%4</code> &nbsp;severity "
                           "%5%6</p>")
                .arg(FindingsModel::levelColor(f.level).name(), findingLevelName(f.level).toUpper(),
                     (d ? d->title() : f.rule).toHtmlEscaped(), f.rule)
                .arg(qRound(f.severity * 100))
                .arg(f.nodeId >= 0 ? QStringLiteral(" &nbsp;<a href=\"node:%1\">node #%1</a>").arg(f.nodeId) : QString());
    html += QStringLiteral("<p>%1</p>").arg(f.message.toHtmlEscaped());
    if (!f.evidence.isEmpty()) {
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
        for (auto it = f.evidence.begin(); it != f.evidence.end(); ++it)
            html += QStringLiteral("<tr><td style=\"color:#666\">%1</td><td><code>%2</code></td></tr>")
                        .arg(it.key().toHtmlEscaped(), evidenceValue(it.value()).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    if (!f.advice.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Advice:"), f.advice.toHtmlEscaped());
    if (!f.rewriteId.isEmpty())
        html += QStringLiteral("<p><a href=\"rewrite:%1\">%2</a></p>")
                    .arg(f.rewriteId, tr("Show the rewrite (%1)").arg(f.rewriteId));
    if (f.confidence < 1)
        html += QStringLiteral("<p style=\"color:#666\">%1</p>")
                    .arg(tr("Recognised from the plan alone (confidence %1%); give the SQL to confirm.")
                             .arg(qRound(f.confidence * 100)));
    m_details->setHtml(html);
}

QList<SqlEditor::Mark> findingsToMarks(const QList<Finding> &findings)
{
    QList<SqlEditor::Mark> marks;
    for (const Finding &f : findings) {
        if (!f.hasSpan())
            continue;
        SqlEditor::Mark m;
        m.start = f.spanStart;
        m.end = f.spanEnd;
        m.message = QStringLiteral("%1: %2").arg(f.rule, f.message);
        m.severity = int(f.level);   // 0 info, 1 warning, 2 critical, as SqlEditor::Mark expects
        marks << m;
    }
    return marks;
}

PlanBadges findingsToBadges(const QList<Finding> &findings)
{
    PlanBadges badges;
    for (const Finding &f : findings) {
        if (f.nodeId < 0)
            continue;
        PlanBadge b;
        b.text = shortLabel(f);
        b.toolTip = f.message;
        b.color = FindingsModel::levelColor(f.level);
        badges[f.nodeId] << b;
    }
    return badges;
}

} // namespace PlanLens
