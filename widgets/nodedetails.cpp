// SPDX-License-Identifier: MIT
#include "nodedetails.h"
#include "releaseonworker.h"
#include "plannodeformat.h"

#include "format/units.h"

#include <QHeaderView>
#include <QJsonArray>

namespace PlanLens {

namespace {

QString num(const std::optional<double> &v, int decimals = -1)
{
    if (!v)
        return {};
    if (decimals >= 0)
        return QString::number(*v, 'f', decimals);
    return Units::count(*v);
}

// Actual rows keep PostgreSQL 18's fractions ("0.5"); whole numbers read as before.
QString rowsText(const std::optional<double> &v)
{
    return v ? Units::rows(*v) : QString();
}

QString kb(const std::optional<double> &v)
{
    return v ? Units::kilobytes(*v) : QString();
}

// One row per kind of block the server timed: "I/O read time (shared)", "I/O write time (temp)", ...
void addIoTimings(QTreeWidgetItem *section, const IoTimings &io, QString (*ms)(const std::optional<double> &))
{
    const std::pair<const char *, const OptionalDouble *> fields[] = {
        {"I/O read time (shared)", &io.sharedReadMs},      {"I/O write time (shared)", &io.sharedWriteMs},
        {"I/O read time (local)", &io.localReadMs},        {"I/O write time (local)", &io.localWriteMs},
        {"I/O read time (temp)", &io.tempReadMs},          {"I/O write time (temp)", &io.tempWriteMs},
        {"I/O read time (shared/local)", &io.sharedLocalReadMs},
        {"I/O write time (shared/local)", &io.sharedLocalWriteMs}};
    for (const auto &[k, v] : fields)
        if (*v)
            new QTreeWidgetItem(section, {QLatin1String(k), ms(*v)});
}

QString num(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QString();
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

// Times as PostgreSQL reports them (0.001 ms): this table shows the plan's own figures; the summary rows use Units.
QString ms(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'f', 3) + QStringLiteral(" ms") : QString();
}

void addJson(QTreeWidgetItem *parent, const QString &key, const QJsonValue &v)
{
    auto *item = new QTreeWidgetItem(parent, {key});
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addJson(item, it.key(), it.value());
        item->setExpanded(true);
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            addJson(item, QStringLiteral("[%1]").arg(i), a[i]);
        item->setExpanded(true);
    } else if (v.isString()) {
        item->setText(1, v.toString());
    } else if (v.isBool()) {
        item->setText(1, v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    } else if (v.isDouble()) {
        item->setText(1, QString::number(v.toDouble(), 'g', 15));
    } else {
        item->setText(1, QStringLiteral("null"));
    }
}

void addBuffers(QTreeWidgetItem *section, const QString &prefix, const Buffers &b)
{
    const std::pair<const char *, qint64> fields[] = {
        {"shared hit", b.sharedHit},   {"shared read", b.sharedRead},     {"shared dirtied", b.sharedDirtied},
        {"shared written", b.sharedWritten}, {"local hit", b.localHit},   {"local read", b.localRead},
        {"local dirtied", b.localDirtied},   {"local written", b.localWritten}, {"temp read", b.tempRead},
        {"temp written", b.tempWritten}};
    for (const auto &[k, v] : fields)
        if (v)
            new QTreeWidgetItem(section, {prefix + QLatin1String(k), QString::number(v)});
}

} // namespace

NodeDetails::NodeDetails(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("NodeDetails"));
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setAlternatingRowColors(true);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
}

void NodeDetails::setPlan(const Plan &plan)
{
    releaseOnWorker(std::exchange(m_plan, plan));
    m_node = -2;
    showNode(-1);
}

QString NodeDetails::valueOf(const QString &label) const
{
    for (QTreeWidgetItemIterator it(const_cast<NodeDetails *>(this)); *it; ++it)
        if ((*it)->text(0) == label)
            return (*it)->text(1).isNull() ? QStringLiteral("") : (*it)->text(1);
    return {};
}

void NodeDetails::showNode(int id)
{
    if (id < -1 || id >= m_plan.nodes.size())
        id = -1;
    m_node = id;
    setUpdatesEnabled(false);
    clear();
    QTreeWidgetItem *section = nullptr;
    auto open = [this, &section](const QString &name) {
        section = new QTreeWidgetItem(this, {name});
        QFont f = font();
        f.setBold(true);
        section->setFont(0, f);
        section->setFirstColumnSpanned(true);
        section->setExpanded(true);
    };
    auto add = [&section](const QString &label, const QString &value) {
        if (!value.isEmpty())
            new QTreeWidgetItem(section, {label, value});
    };
    auto close = [this, &section] {
        if (section && section->childCount() == 0)
            delete takeTopLevelItem(indexOfTopLevelItem(section));
        section = nullptr;
    };

    if (id < 0) {
        if (!m_plan.isEmpty()) {
            open(tr("Plan"));
            add(tr("Nodes"), QString::number(m_plan.nodes.size()));
            add(tr("Format"), planFormatName(m_plan.sourceFormat));
            add(tr("Planning time"), ms(m_plan.planningMs));
            add(tr("Planner memory used"), kb(m_plan.planningMemoryUsedKb));
            add(tr("Planner memory allocated"), kb(m_plan.planningMemoryAllocatedKb));
            add(tr("Execution time"), ms(m_plan.executionMs));
            add(tr("Server version"), m_plan.serverVersionHint.startsWith(u'≥')
                    ? tr("PostgreSQL %1 (from the plan's fields)").arg(m_plan.serverVersionHint)
                    : m_plan.serverVersionHint);
            add(tr("With ANALYZE"), yesNo(m_plan.hasAnalyze));
            add(tr("With timing"), yesNo(m_plan.hasTiming));
            add(tr("With buffers"), yesNo(m_plan.hasBuffers));
            add(tr("With costs"), yesNo(m_plan.hasCosts));
            add(tr("Query id"), m_plan.queryId);
            add(tr("Query text"), m_plan.queryText.simplified());
            close();
            open(tr("Planning buffers"));
            addBuffers(section, QString(), m_plan.planningBuffers);
            close();
            if (m_plan.serialization.present) {
                const Serialization &z = m_plan.serialization;
                open(tr("Serialization"));
                add(tr("Time"), ms(z.timeMs));
                add(tr("Output"), kb(z.outputKb));
                add(tr("Output format"), z.format);
                addBuffers(section, QString(), z.buffers);
                addIoTimings(section, z.io, ms);
                for (auto it = z.extra.begin(); it != z.extra.end(); ++it)
                    addJson(section, it.key(), it.value());
                close();
            }
            open(tr("Triggers"));
            for (const Trigger &t : m_plan.triggers)
                add(t.name, QStringLiteral("%1 on %2, %3 calls").arg(ms(t.timeMs), t.relation, num(t.calls)));
            close();
            if (m_plan.jit.present) {
                open(tr("JIT"));
                add(tr("Functions"), num(m_plan.jit.functions));
                add(tr("Generation"), ms(m_plan.jit.generationMs));
                add(tr("Deform (in generation)"), ms(m_plan.jit.deformMs));
                add(tr("Inlining"), ms(m_plan.jit.inliningMs));
                add(tr("Optimization"), ms(m_plan.jit.optimizationMs));
                add(tr("Emission"), ms(m_plan.jit.emissionMs));
                add(tr("Total"), ms(m_plan.jit.totalMs));
                for (auto it = m_plan.jit.extra.begin(); it != m_plan.jit.extra.end(); ++it)
                    addJson(section, it.key(), it.value());
                close();
            }
            open(tr("Settings"));
            for (const auto &[k, v] : m_plan.settings)
                add(k, v);
            close();
            open(tr("Other keys"));
            for (auto it = m_plan.extra.begin(); it != m_plan.extra.end(); ++it)
                addJson(section, it.key(), it.value());
            close();
        }
        setUpdatesEnabled(true);
        return;
    }

    const PlanNode &n = std::as_const(m_plan).nodes[id];
    open(tr("Node"));
    add(tr("Node type"), n.nodeType);
    add(tr("Shown as"), NodeFormat::title(n));
    add(tr("Id"), QString::number(n.id));
    add(tr("Depth"), QString::number(n.depth));
    add(tr("Parent"), n.parent >= 0 ? QStringLiteral("#%1 %2").arg(n.parent).arg(std::as_const(m_plan).nodes[n.parent].nodeType) : QString());
    add(tr("Children"), QString::number(n.children.size()));
    add(tr("Parent relationship"), n.parentRelationship);
    add(tr("Subplan name"), n.subplanName);
    add(tr("CTE name"), n.detail().cteName);
    add(tr("Relation"), n.relationName);
    add(tr("Schema"), n.schema);
    add(tr("Alias"), n.alias);
    add(tr("Index"), n.indexName);
    add(tr("Function"), n.detail().functionName);
    add(tr("Join type"), n.joinType);
    add(tr("Strategy"), n.strategy);
    add(tr("Partial mode"), n.partialMode);
    add(tr("Operation"), n.detail().operation);
    add(tr("Scan direction"), n.scanDirection);
    add(tr("Command"), n.detail().command);
    add(tr("Parallel aware"), yesNo(n.parallelAware));
    add(tr("Async capable"), yesNo(n.asyncCapable));
    add(tr("Inner unique"), yesNo(n.innerUnique));
    close();

    open(tr("Execution"));
    add(tr("Never executed"), n.neverExecuted ? tr("yes") : QString());
    add(tr("Disabled"), n.detail().disabled ? yesNo(*n.detail().disabled) : QString());
    add(tr("Actual startup time"), ms(n.actualStartupMs));
    add(tr("Actual total time"), ms(n.actualTotalMs));
    add(tr("Actual rows"), rowsText(n.actualRows));
    add(tr("Actual loops"), num(n.actualLoops));
    add(tr("Index searches"), num(n.detail().indexSearches));
    add(tr("Rows removed by filter"), num(n.rowsRemovedByFilter));
    add(tr("Rows removed by join filter"), num(n.rowsRemovedByJoinFilter));
    add(tr("Rows removed by index recheck"), num(n.rowsRemovedByIndexRecheck));
    add(tr("Heap fetches"), num(n.heapFetches));
    add(tr("Exact heap blocks"), num(n.detail().exactHeapBlocks));
    add(tr("Lossy heap blocks"), num(n.detail().lossyHeapBlocks));
    close();

    open(tr("Derived"));
    if (m_plan.hasAnalyze && !n.neverExecuted) {
        add(tr("Exclusive time"), Units::duration(n.exclusiveMs));
        add(tr("Inclusive time"), Units::duration(n.inclusiveMs));
        add(tr("Share of time"), Units::percent(n.timeShare));
        add(tr("Rows (all loops)"), Units::rows(n.totalActualRows()));
    }
    add(tr("Exclusive cost"), Units::count(n.exclusiveCost));
    add(tr("Share of cost"), Units::percent(n.costShare));
    if (n.estimateFactor)
        add(tr("Estimate factor"), QStringLiteral("%1 (%2)").arg(Units::estimateFactor(*n.estimateFactor),
                                                               QString::number(*n.estimateFactor, 'g', 4)));
    addBuffers(section, tr("Exclusive "), n.exclusiveBuffers);
    close();

    open(tr("Estimates"));
    add(tr("Startup cost"), num(n.startupCost, 2));
    add(tr("Total cost"), num(n.totalCost, 2));
    add(tr("Plan rows"), num(n.planRows));
    add(tr("Plan width"), num(n.planWidth));
    close();

    open(tr("Conditions and output"));
    add(tr("Index cond"), n.indexCond);
    add(tr("Recheck cond"), n.recheckCond);
    add(tr("Hash cond"), n.hashCond);
    add(tr("Merge cond"), n.detail().mergeCond);
    add(tr("TID cond"), n.detail().tidCond);
    add(tr("Join filter"), n.joinFilter);
    add(tr("Filter"), n.filter);
    add(tr("One-time filter"), n.detail().oneTimeFilter);
    add(tr("Sort key"), n.sortKey.join(QStringLiteral(", ")));
    add(tr("Presorted key"), n.detail().presortedKey.join(QStringLiteral(", ")));
    add(tr("Group key"), n.groupKey.join(QStringLiteral(", ")));
    add(tr("Output"), n.output.join(QStringLiteral(", ")));
    close();

    open(tr("Sort, hash, memoize"));
    add(tr("Sort method"), n.detail().sortMethod);
    add(tr("Sort space type"), n.detail().sortSpaceType);
    add(tr("Sort space used"), n.detail().sortSpaceUsedKb ? Units::kilobytes(*n.detail().sortSpaceUsedKb) : QString());
    add(tr("Hash buckets"), num(n.detail().hashBuckets));
    add(tr("Original hash buckets"), num(n.detail().originalHashBuckets));
    add(tr("Hash batches"), num(n.detail().hashBatches));
    add(tr("Original hash batches"), num(n.detail().originalHashBatches));
    add(tr("Peak memory"), n.detail().peakMemoryUsageKb ? Units::kilobytes(*n.detail().peakMemoryUsageKb) : QString());
    add(tr("Disk usage"), n.detail().diskUsageKb ? Units::kilobytes(*n.detail().diskUsageKb) : QString());
    add(tr("Cache key"), n.detail().cacheKey);
    add(tr("Cache hits"), num(n.detail().cacheHits));
    add(tr("Cache misses"), num(n.detail().cacheMisses));
    add(tr("Cache evictions"), num(n.detail().cacheEvictions));
    add(tr("Cache overflows"), num(n.detail().cacheOverflows));
    add(tr("Storage"), n.detail().storageType);
    add(tr("Maximum storage"), kb(n.detail().maxStorageKb));
    close();

    open(tr("I/O"));
    addBuffers(section, QString(), n.buffers);
    add(tr("I/O read time"), ms(n.ioReadMs));
    add(tr("I/O write time"), ms(n.ioWriteMs));
    addIoTimings(section, n.io, ms);
    add(tr("WAL records"), num(n.detail().walRecords));
    add(tr("WAL full page images"), num(n.detail().walFpi));
    add(tr("WAL bytes"), n.detail().walBytes ? Units::bytes(*n.detail().walBytes) : QString());
    add(tr("WAL buffers full"), num(n.detail().walBuffersFull));
    close();

    open(tr("Parallelism"));
    add(tr("Workers planned"), num(n.workersPlanned));
    add(tr("Workers launched"), num(n.workersLaunched));
    add(tr("Subplans removed"), num(n.detail().subplansRemoved));
    for (const WorkerStats &w : n.detail().workers) {
        auto *wi = new QTreeWidgetItem(section, {tr("Worker %1").arg(w.number)});
        auto sub = [wi](const QString &k, const QString &v) {
            if (!v.isEmpty())
                new QTreeWidgetItem(wi, {k, v});
        };
        sub(tr("Actual startup time"), ms(w.actualStartupMs));
        sub(tr("Actual total time"), ms(w.actualTotalMs));
        sub(tr("Actual rows"), rowsText(w.actualRows));
        sub(tr("Actual loops"), num(w.actualLoops));
        addBuffers(wi, QString(), w.buffers);
        for (auto it = w.extra.begin(); it != w.extra.end(); ++it)
            addJson(wi, it.key(), it.value());
        wi->setExpanded(true);
    }
    close();

    open(tr("Other keys (as printed)"));
    for (auto it = n.extra.begin(); it != n.extra.end(); ++it)
        addJson(section, it.key(), it.value());
    close();
    setUpdatesEnabled(true);
}

} // namespace PlanLens
