// SPDX-License-Identifier: MIT
#include "findingspanel.h"

#include "findingsmodel.h"
#include "theme.h"
#include "detect/detectors.h"
#include "format/units.h"

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
    // Evidence of a rule over a huge plan can list thousands of nodes: a reader needs the first few and the count,
    // and the details pane must not lay out megabytes of text on every resize.
    constexpr qsizetype kShownItems = 12;
    constexpr qsizetype kShownChars = 600;
    auto capped = [](QString text) {
        if (text.size() > kShownChars)
            text = text.left(kShownChars) + QStringLiteral("…");
        return text;
    };
    if (v.isString())
        return capped(v.toString());
    if (v.isArray() && v.toArray().size() > kShownItems) {
        const QJsonArray all = v.toArray();
        QJsonArray head;
        for (qsizetype i = 0; i < kShownItems; ++i)
            head.append(all.at(i));
        QString text = QString::fromUtf8(QJsonDocument(head).toJson(QJsonDocument::Compact));
        text.chop(1);
        return capped(text) + QStringLiteral(", … (%1 in all)]").arg(QLocale(QLocale::English).toString(all.size()));
    }
    return capped(QString::fromUtf8(
        QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Compact)));
}

// The evidence in one line for the SQL editor's popup: "loops: 1,000 · time share: 85% · disk: 12 MB". The key's
// suffix says the unit (the detectors name them so: *_ms, *_kb, *_share), so the popup can speak in units.
QString evidenceLine(const QJsonObject &evidence)
{
    QStringList parts;
    for (auto it = evidence.begin(); it != evidence.end(); ++it) {
        QString key = it.key();
        QString value = evidenceValue(it.value());
        if (it.value().isDouble()) {
            const double d = it.value().toDouble();
            if (key.endsWith(QLatin1String("_share")) || key == u"share") {
                value = Units::percent(d);
            } else if (key.endsWith(QLatin1String("_ms"))) {
                key.chop(3);
                value = Units::duration(d);
            } else if (key.endsWith(QLatin1String("_kb"))) {
                key.chop(3);
                value = Units::kilobytes(d);
            } else {
                value = Units::count(d);
            }
        }
        key.replace(u'_', u' ');
        parts << QStringLiteral("%1: %2").arg(key, value);
    }
    return parts.join(QStringLiteral(" · "));
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
    // In the side panel beside the graph: a plan has a handful of findings, and the selected one's evidence and
    // advice is what gets read, so the list is a short strip over the details.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({110, 330});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FindingsPanel::onCurrentChanged);
    // The details are rich text with Theme colours in it: written again in the new theme's.
    Theme::whenChanged(m_details, [this] { showDetails(currentFinding()); });
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
    const bool already = currentFinding() == findingIndex;
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(idx);
    if (already)   // shown quietly before (the most severe one is opened for the user): now show its node and span
        onCurrentChanged();
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
                .arg(Theme::levelText(int(f.level)).name(), findingLevelName(f.level).toUpper(),
                     (d ? d->title() : f.rule).toHtmlEscaped(), f.rule)
                .arg(qRound(f.severity * 100))
                .arg(f.nodeId >= 0 ? QStringLiteral(" &nbsp;<a href=\"node:%1\">node #%1</a>").arg(f.nodeId) : QString());
    html += QStringLiteral("<p>%1</p>").arg(f.message.toHtmlEscaped());
    if (!f.evidence.isEmpty()) {
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
        for (auto it = f.evidence.begin(); it != f.evidence.end(); ++it)
            html += QStringLiteral("<tr><td style=\"color:%1\">%2</td><td><code>%3</code></td></tr>")
                        .arg(Theme::css(Theme::Role::TextMuted), it.key().toHtmlEscaped(),
                             evidenceValue(it.value()).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    if (!f.advice.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Advice:"), f.advice.toHtmlEscaped());
    if (!f.rewriteId.isEmpty())
        html += QStringLiteral("<p><a href=\"rewrite:%1\">%2</a></p>")
                    .arg(f.rewriteId, tr("Show the rewrite (%1)").arg(f.rewriteId));
    if (f.confidence < 1)
        html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                    .arg(Theme::css(Theme::Role::TextMuted),
                         tr("Recognised from the plan alone (confidence %1%); give the SQL to confirm.")
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
        m.title = f.rule;
        m.message = f.message;
        m.evidence = evidenceLine(f.evidence);
        m.rewriteId = f.rewriteId;
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

namespace PlanLens {

QList<PlanCallout> findingsToCallouts(const QList<Finding> &findings, int max)
{
    // The most severe findings that name a node, one per node: the graph pins them beside their cards.
    QList<const Finding *> sorted;
    for (const Finding &f : findings)
        if (f.nodeId >= 0)
            sorted << &f;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding *a, const Finding *b) { return a->severity > b->severity; });
    QList<PlanCallout> out;
    QList<int> nodes;
    for (const Finding *f : sorted) {
        if (out.size() >= max)
            break;
        if (nodes.contains(f->nodeId))
            continue;
        nodes << f->nodeId;
        PlanCallout c;
        c.nodeId = f->nodeId;
        c.level = int(f->level);
        const Detector *d = detectorById(f->rule);
        c.title = d ? d->title() : f->rule;
        c.message = f->message;
        c.rewriteId = f->rewriteId;
        out << c;
    }
    return out;
}

} // namespace PlanLens
