// SPDX-License-Identifier: MIT
#include "plandiff.h"

#include "plandifftext.h"

#include "format/units.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace PlanLens {

namespace {

const QString kArrow = QStringLiteral(" → ");

using namespace PlanDiffText;

// ---- changes -----------------------------------------------------------------------------------------------

class ChangeFinder
{
public:
    ChangeFinder(const Plan &before, const Plan &after, const PlanDiff &diff)
        : m_b(before)
        , m_a(after)
        , m_d(diff)
        , m_aliases(aliasesByRelation(before, after))
    {
    }

    QList<Change> run()
    {
        rowsReturned();
        accessPaths();
        operatorChanges();
        timeChanges();
        spills();
        estimates();
        jit();
        parallelism();
        addedAndRemoved();
        return m_out;
    }

private:
    void add(const QString &kind, const QString &text, int b, int a, double deltaMs = 0)
    {
        m_out.append({kind, text, b, a, deltaMs});
    }
    double exclusiveDelta(int b, int a) const
    {
        return (a >= 0 ? m_a.nodes[a].exclusiveMs : 0) - (b >= 0 ? m_b.nodes[b].exclusiveMs : 0);
    }

    QString scanTarget(const PlanNode &n) const
    {
        if (n.relationName.isEmpty())
            return objectName(n);
        if (m_aliases.value(n.relationName).size() > 1 && !n.alias.isEmpty() && n.alias != n.relationName)
            return n.relationName + u' ' + n.alias;
        return n.relationName;
    }

    void rowsReturned()
    {
        if (!m_b.hasAnalyze || !m_a.hasAnalyze || m_b.isEmpty() || m_a.isEmpty())
            return;
        const double rb = m_b.root().totalActualRows();
        const double ra = m_a.root().totalActualRows();
        if (rb != ra)
            add(QStringLiteral("rows-returned"),
                QStringLiteral("Rows returned differ: %1 → %2; the two queries do not return the same result")
                    .arg(Units::count(rb), Units::count(ra)),
                0, 0);
    }

    void accessPaths()
    {
        for (const NodePair &p : m_d.matched) {
            const PlanNode &nb = m_b.nodes[p.beforeId];
            const PlanNode &na = m_a.nodes[p.afterId];
            if (operatorFamily(nb) != u"scan" || nb.nodeType == u"Bitmap Index Scan")
                continue;
            const QString from = accessPath(m_b, p.beforeId);
            const QString to = accessPath(m_a, p.afterId);
            if (from == to)
                continue;
            add(QStringLiteral("access-path"), scanTarget(na) + QStringLiteral(": ") + from + kArrow + to, p.beforeId,
                p.afterId, exclusiveDelta(p.beforeId, p.afterId));
        }
    }

    void operatorChanges()
    {
        for (const NodePair &p : m_d.matched) {
            const PlanNode &nb = m_b.nodes[p.beforeId];
            const PlanNode &na = m_a.nodes[p.afterId];
            const QString family = operatorFamily(nb);
            if (family == u"scan")
                continue;
            const QString from = operatorName(nb);
            const QString to = operatorName(na);
            if (from == to && nb.joinType == na.joinType)
                continue;
            const bool join = family == u"join";
            QString what = from;
            if (join) {
                const QString below = scansBelow(m_a, p.afterId);
                what = below.isEmpty() ? QStringLiteral("Join") : QStringLiteral("Join of ") + below;
            }
            auto withType = [join](const PlanNode &n, const QString &name) {
                return join && !n.joinType.isEmpty() && n.joinType != u"Inner" ? name + QStringLiteral(" (")
                        + n.joinType + u')'
                                                                                 : name;
            };
            add(join ? QStringLiteral("join-method") : QStringLiteral("node-type"),
                join ? what + QStringLiteral(": ") + withType(nb, from) + kArrow + withType(na, to)
                     : from + kArrow + to + nodeSuffix(na, p.afterId),
                p.beforeId, p.afterId, exclusiveDelta(p.beforeId, p.afterId));
        }
    }

    // " by key" / " of tables" for an operator-type change, so the reader knows which one.
    QString nodeSuffix(const PlanNode &n, int afterId) const
    {
        const QString label = nodeLabel(m_a, afterId);
        const QString name = operatorName(n);
        return label.startsWith(name) ? label.mid(name.size()) : QString();
    }

    void timeChanges()
    {
        if (!m_b.hasTiming || !m_a.hasTiming)
            return;
        struct Entry {
            int b;
            int a;
            double delta;
        };
        QList<Entry> entries;
        for (const NodePair &p : m_d.matched)
            entries.append({p.beforeId, p.afterId, exclusiveDelta(p.beforeId, p.afterId)});
        for (int b : m_d.removed)
            entries.append({b, -1, exclusiveDelta(b, -1)});
        for (int a : m_d.added)
            entries.append({-1, a, exclusiveDelta(-1, a)});
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry &x, const Entry &y) { return std::abs(x.delta) > std::abs(y.delta); });
        const double total = std::max(executionMs(m_b).value_or(0), executionMs(m_a).value_or(0));
        const double threshold = std::max(0.05, 0.02 * total);
        int shown = 0;
        for (const Entry &e : std::as_const(entries)) {
            if (shown == 5 || std::abs(e.delta) < threshold)
                break;
            ++shown;
            QString text;
            if (e.a < 0) {
                text = nodeLabel(m_b, e.b) + QStringLiteral(" (removed): ")
                    + Units::duration(m_b.nodes[e.b].exclusiveMs) + QStringLiteral(" of own time gone");
            } else if (e.b < 0) {
                text = nodeLabel(m_a, e.a) + QStringLiteral(" (added): ") + Units::duration(m_a.nodes[e.a].exclusiveMs)
                    + QStringLiteral(" of own time");
            } else {
                const QString lb = nodeLabel(m_b, e.b);
                const QString la = nodeLabel(m_a, e.a);
                text = (lb == la ? la : lb + kArrow + la) + QStringLiteral(": ")
                    + Units::duration(m_b.nodes[e.b].exclusiveMs) + kArrow
                    + Units::duration(m_a.nodes[e.a].exclusiveMs) + QStringLiteral(" (")
                    + Units::signedDuration(e.delta) + u')';
            }
            add(QStringLiteral("time"), text, e.b, e.a, e.delta);
        }
    }

    void spills()
    {
        for (const NodePair &p : m_d.matched) {
            const auto sb = spillOf(m_b.nodes[p.beforeId]);
            const auto sa = spillOf(m_a.nodes[p.afterId]);
            const QString label = nodeLabel(m_a, p.afterId);
            if (sb && !sa)
                add(QStringLiteral("spill-removed"),
                    label + QStringLiteral(" no longer spills to disk: ") + *sb + kArrow
                        + inMemoryOf(m_a.nodes[p.afterId]),
                    p.beforeId, p.afterId, exclusiveDelta(p.beforeId, p.afterId));
            else if (!sb && sa)
                add(QStringLiteral("spill-added"),
                    label + QStringLiteral(" now spills to disk: ") + inMemoryOf(m_b.nodes[p.beforeId]) + kArrow
                        + *sa,
                    p.beforeId, p.afterId, exclusiveDelta(p.beforeId, p.afterId));
        }
        for (int b : m_d.removed)
            if (const auto s = spillOf(m_b.nodes[b]))
                add(QStringLiteral("spill-removed"),
                    nodeLabel(m_b, b) + QStringLiteral(", which spilled to disk (") + *s
                        + QStringLiteral("), is gone"),
                    b, -1, exclusiveDelta(b, -1));
        for (int a : m_d.added)
            if (const auto s = spillOf(m_a.nodes[a]))
                add(QStringLiteral("spill-added"),
                    nodeLabel(m_a, a) + QStringLiteral(" (added) spills to disk: ") + *s, -1, a,
                    exclusiveDelta(-1, a));
    }

    // Estimates that cross the 10× line: off by 10× or more on one side, within 10× on the other, and at least
    // ten times better (or worse). A node above an already reported one with about the same error (a Sort or a
    // join over a misestimated scan inherits its error) is not reported again.
    void estimates()
    {
        QMap<int, double> reportedBefore; // before id → its error, for the nodes reported so far
        QList<Change> found;
        for (qsizetype i = m_d.matched.size() - 1; i >= 0; --i) {
            const NodePair &p = m_d.matched[i];
            const PlanNode &nb = m_b.nodes[p.beforeId];
            const PlanNode &na = m_a.nodes[p.afterId];
            if (!nb.estimateFactor || !na.estimateFactor)
                continue;
            const double eb = estimateError(*nb.estimateFactor);
            const double ea = estimateError(*na.estimateFactor);
            QString kind;
            if (eb >= 10 && ea < 10 && eb >= 10 * ea)
                kind = QStringLiteral("estimate-fixed");
            else if (ea >= 10 && eb < 10 && ea >= 10 * eb)
                kind = QStringLiteral("estimate-worse");
            else
                continue;
            const double own = kind == u"estimate-fixed" ? eb : ea;
            bool inherited = false;
            // Pre-order: the subtree is the id range (beforeId, subtreeEnd).
            const int end = subtreeEnd(m_b, p.beforeId);
            for (auto it = reportedBefore.lowerBound(p.beforeId + 1); it != reportedBefore.cend() && it.key() < end;
                 ++it)
                inherited = inherited || (*it <= own * 2 && own <= *it * 2);
            reportedBefore.insert(p.beforeId, own);
            if (inherited)
                continue;
            auto figures = [](const PlanNode &n) {
                return QStringLiteral("%1 (%2 planned, %3 actual)")
                    .arg(Units::estimateFactor(*n.estimateFactor), Units::count(n.planRows.value_or(0)),
                         Units::rows(n.actualRows.value_or(0)));
            };
            const QString lb = nodeLabel(m_b, p.beforeId);
            const QString la = nodeLabel(m_a, p.afterId);
            const QString text = QStringLiteral("Row estimate %1 on %2: %3 → %4")
                                     .arg(kind == u"estimate-fixed" ? QStringLiteral("fixed")
                                                                    : QStringLiteral("made worse"),
                                          lb == la ? la : lb + kArrow + la, figures(nb), figures(na));
            found.prepend({kind, text, p.beforeId, p.afterId, exclusiveDelta(p.beforeId, p.afterId)});
        }
        m_out += found;
    }

    // One past the last pre-order id of a node's subtree.
    static int subtreeEnd(const Plan &plan, int id)
    {
        int end = id + 1;
        for (int cur = id; !plan.nodes[cur].children.isEmpty();) {
            cur = plan.nodes[cur].children.last();
            if (cur < end)
                break;
            end = cur + 1;
        }
        return end;
    }

    void jit()
    {
        const JitInfo &jb = m_b.jit;
        const JitInfo &ja = m_a.jit;
        auto describe = [](const JitInfo &j) {
            QString s = j.totalMs ? Units::duration(*j.totalMs) : QStringLiteral("unknown time");
            if (j.functions)
                s += QStringLiteral(" for %1 functions").arg(Units::count(*j.functions));
            return s;
        };
        if (jb.present && !ja.present)
            add(QStringLiteral("jit"), QStringLiteral("JIT compilation no longer used (it took %1)").arg(describe(jb)),
                -1, -1, -jb.totalMs.value_or(0));
        else if (!jb.present && ja.present)
            add(QStringLiteral("jit"), QStringLiteral("JIT compilation now used: %1").arg(describe(ja)), -1, -1,
                ja.totalMs.value_or(0));
        else if (jb.present && ja.present && jb.totalMs && ja.totalMs) {
            const double d = *ja.totalMs - *jb.totalMs;
            if (std::abs(d) >= 1 && (*ja.totalMs >= 2 * *jb.totalMs || *jb.totalMs >= 2 * *ja.totalMs))
                add(QStringLiteral("jit"),
                    QStringLiteral("JIT time %1 → %2").arg(describe(jb), describe(ja)), -1, -1, d);
        }
    }

    void parallelism()
    {
        const Parallelism pb = parallelismOf(m_b);
        const Parallelism pa = parallelismOf(m_a);
        auto workers = [](int n) {
            return n == 1 ? QStringLiteral("1 worker") : QStringLiteral("%1 workers").arg(n);
        };
        auto gatherNames = [](const Plan &plan, const QList<int> &ids) {
            QStringList names;
            for (int id : ids)
                if (!names.contains(operatorName(plan.nodes[id])))
                    names << operatorName(plan.nodes[id]);
            return names.join(QStringLiteral(", "));
        };
        if (!pb.gathers.isEmpty() && pa.gathers.isEmpty()) {
            add(QStringLiteral("parallelism"),
                QStringLiteral("No longer parallel: %1 with %2 removed")
                    .arg(gatherNames(m_b, pb.gathers), workers(pb.workers)),
                pb.gathers.front(), -1);
        } else if (pb.gathers.isEmpty() && !pa.gathers.isEmpty()) {
            add(QStringLiteral("parallelism"),
                QStringLiteral("Now parallel: %1 with %2").arg(gatherNames(m_a, pa.gathers), workers(pa.workers)), -1,
                pa.gathers.front());
        } else if (!pb.gathers.isEmpty() && pb.workers != pa.workers) {
            add(QStringLiteral("parallelism"),
                QStringLiteral("Parallel workers: %1 → %2").arg(pb.workers).arg(pa.workers), pb.gathers.front(),
                pa.gathers.front());
        }
    }

    // The topmost node of each subtree that only one side has; the nodes below it are counted, not listed.
    void addedAndRemoved()
    {
        auto report = [this](const Plan &plan, const QList<int> &ids, const QList<int> &partnerOf, bool added) {
            const QSet<int> set(ids.cbegin(), ids.cend());
            for (int id : ids) {
                const int parent = plan.nodes[id].parent;
                if (parent >= 0 && set.contains(parent))
                    continue;
                // The unmatched nodes hanging from it; a matched node below starts another story.
                int below = 0;
                QList<int> stack = plan.nodes[id].children;
                while (!stack.isEmpty()) {
                    const int c = stack.takeLast();
                    if (partnerOf[c] >= 0)
                        continue;
                    ++below;
                    stack += plan.nodes[c].children;
                }
                QString text = (added ? QStringLiteral("Added ") : QStringLiteral("Removed ")) + nodeLabel(plan, id);
                if (below > 0)
                    text += QStringLiteral(", with %1 more %2 node%3 below it")
                                .arg(below)
                                .arg(added ? QStringLiteral("added") : QStringLiteral("removed"))
                                .arg(below == 1 ? QString() : QStringLiteral("s"));
                if (added)
                    add(QStringLiteral("node-added"), text, -1, id, exclusiveDelta(-1, id));
                else
                    add(QStringLiteral("node-removed"), text, id, -1, exclusiveDelta(id, -1));
            }
        };
        report(m_b, m_d.removed, m_d.matching.afterOf, false);
        report(m_a, m_d.added, m_d.matching.beforeOf, true);
    }

    const Plan &m_b;
    const Plan &m_a;
    const PlanDiff &m_d;
    QHash<QString, QSet<QString>> m_aliases;
    QList<Change> m_out;
};

DiffHeadline headlineOf(const Plan &before, const Plan &after)
{
    DiffHeadline h;
    h.beforeMs = executionMs(before);
    h.afterMs = executionMs(after);
    if (h.beforeMs && h.afterMs && *h.afterMs > 0)
        h.speedup = *h.beforeMs / *h.afterMs;
    h.beforePlanningMs = before.planningMs;
    h.afterPlanningMs = after.planningMs;
    if (before.hasBuffers && !before.isEmpty())
        h.beforeBuffers = before.root().buffers;
    if (after.hasBuffers && !after.isEmpty())
        h.afterBuffers = after.root().buffers;
    if (before.hasAnalyze && !before.isEmpty())
        h.beforeRows = before.root().totalActualRows();
    if (after.hasAnalyze && !after.isEmpty())
        h.afterRows = after.root().totalActualRows();
    if (!before.isEmpty())
        h.beforeCost = before.root().totalCost;
    if (!after.isEmpty())
        h.afterCost = after.root().totalCost;
    return h;
}

QJsonValue idOrNull(int id)
{
    return id >= 0 ? QJsonValue(id) : QJsonValue(QJsonValue::Null);
}

} // namespace

// ---- public ------------------------------------------------------------------------------------------------

QString describeNode(const Plan &plan, int id)
{
    return id >= 0 && id < plan.nodes.size() ? nodeLabel(plan, id) : QString();
}

QString formatDurationMs(double ms) { return Units::duration(ms); }
QString formatSpeedup(double ratio) { return Units::speedup(ratio); }
QString formatCount(double n) { return Units::count(n); }

QString DiffHeadline::title() const
{
    if (beforeMs && afterMs)
        return QStringLiteral("Execution %1 → %2 (%3)")
            .arg(Units::duration(*beforeMs), Units::duration(*afterMs),
                 speedup ? Units::speedup(*speedup) : QStringLiteral("after took no time"));
    if (beforeCost && afterCost) {
        QString s = QStringLiteral("Estimated cost %1 → %2").arg(Units::count(*beforeCost), Units::count(*afterCost));
        if (*afterCost > 0 && *beforeCost > 0) {
            const double r = *beforeCost / *afterCost;
            s += QStringLiteral(" (%1)").arg(Units::speedup(r)
                                                 .replace(QStringLiteral("faster"), QStringLiteral("cheaper"))
                                                 .replace(QStringLiteral("slower"), QStringLiteral("dearer"))
                                                 .replace(QStringLiteral("same speed"), QStringLiteral("same cost")));
        }
        return s;
    }
    return QStringLiteral("No figures to compare");
}

QStringList DiffHeadline::details() const
{
    QStringList out;
    if (beforePlanningMs || afterPlanningMs) {
        auto f = [](const std::optional<double> &v) { return v ? Units::duration(*v) : QStringLiteral("–"); };
        out << QStringLiteral("Planning %1 → %2").arg(f(beforePlanningMs), f(afterPlanningMs));
    }
    if (beforeBuffers && afterBuffers) {
        const Buffers &b = *beforeBuffers;
        const Buffers &a = *afterBuffers;
        QString s = QStringLiteral("Buffers hit %1 → %2, read %3 → %4")
                        .arg(Units::count(b.sharedHit + b.localHit), Units::count(a.sharedHit + a.localHit),
                             Units::count(b.sharedRead + b.localRead), Units::count(a.sharedRead + a.localRead));
        if (b.tempRead + b.tempWritten + a.tempRead + a.tempWritten > 0)
            s += QStringLiteral(", temp %1 → %2")
                     .arg(Units::count(b.tempRead + b.tempWritten), Units::count(a.tempRead + a.tempWritten));
        out << s;
    }
    if (beforeRows && afterRows)
        out << QStringLiteral("Rows returned %1 → %2").arg(Units::count(*beforeRows), Units::count(*afterRows));
    return out;
}

int PlanDiff::afterOf(int beforeId) const
{
    return beforeId >= 0 && beforeId < matching.afterOf.size() ? matching.afterOf[beforeId] : -1;
}

int PlanDiff::beforeOf(int afterId) const
{
    return afterId >= 0 && afterId < matching.beforeOf.size() ? matching.beforeOf[afterId] : -1;
}

QList<Change> PlanDiff::changesOfKind(const QString &kind) const
{
    QList<Change> out;
    for (const Change &c : changes)
        if (c.kind == kind)
            out << c;
    return out;
}

QString PlanDiff::toText() const
{
    QStringList lines{headline.title()};
    lines += headline.details();
    lines << QStringLiteral("Nodes: %1 matched, %2 removed, %3 added").arg(matched.size()).arg(removed.size()).arg(added.size());
    if (!changes.isEmpty()) {
        lines << QString() << QStringLiteral("Changes:");
        for (const Change &c : changes)
            lines << QStringLiteral("  [%1] %2").arg(c.kind, c.text);
    }
    return lines.join(u'\n');
}

PlanDiff comparePlans(const Plan &before, const Plan &after)
{
    PlanDiff d;
    d.matching = matchNodes(before, after);
    for (qsizetype b = 0; b < d.matching.afterOf.size(); ++b) {
        if (d.matching.afterOf[b] >= 0)
            d.matched.append({int(b), d.matching.afterOf[b]});
        else
            d.removed.append(int(b));
    }
    for (qsizetype a = 0; a < d.matching.beforeOf.size(); ++a)
        if (d.matching.beforeOf[a] < 0)
            d.added.append(int(a));
    d.headline = headlineOf(before, after);
    d.changes = ChangeFinder(before, after, d).run();
    return d;
}

int mainStatementIndex(const QList<Plan> &plans)
{
    int best = -1;
    double bestMs = -1;
    double bestCost = -1;
    for (qsizetype i = 0; i < plans.size(); ++i) {
        const Plan &p = plans[i];
        const double ms = executionMs(p).value_or(-1);
        const double cost = p.isEmpty() ? -1 : p.root().totalCost.value_or(-1);
        if (best < 0 || ms > bestMs || (ms == bestMs && cost > bestCost)) {
            best = int(i);
            bestMs = ms;
            bestCost = cost;
        }
    }
    return best;
}

ScriptDiff compareScripts(const QList<Plan> &before, const QList<Plan> &after)
{
    ScriptDiff s;
    auto total = [](const QList<Plan> &plans) -> std::optional<double> {
        double sum = 0;
        for (const Plan &p : plans) {
            const auto ms = executionMs(p);
            if (!ms)
                return std::nullopt;
            sum += *ms;
        }
        return plans.isEmpty() ? std::nullopt : std::optional<double>(sum);
    };
    s.beforeTotalMs = total(before);
    s.afterTotalMs = total(after);
    if (s.beforeTotalMs && s.afterTotalMs && *s.afterTotalMs > 0)
        s.speedup = *s.beforeTotalMs / *s.afterTotalMs;
    s.mainBefore = mainStatementIndex(before);
    s.mainAfter = mainStatementIndex(after);
    if (s.mainBefore < 0 || s.mainAfter < 0) {
        for (qsizetype i = 0; i < before.size(); ++i)
            s.onlyBefore << int(i);
        for (qsizetype i = 0; i < after.size(); ++i)
            s.onlyAfter << int(i);
        return s;
    }
    s.statements.append({s.mainBefore, s.mainAfter, comparePlans(before[s.mainBefore], after[s.mainAfter])});
    // The others in order, each with the next after-statement that reads a relation it reads.
    QList<bool> afterUsed(after.size(), false);
    afterUsed[s.mainAfter] = true;
    int next = 0;
    for (qsizetype b = 0; b < before.size(); ++b) {
        if (b == s.mainBefore)
            continue;
        const QSet<QString> rb = relationsOf(before[b]);
        int partner = -1;
        for (qsizetype a = next; a < after.size() && partner < 0; ++a)
            if (!afterUsed[a] && (relationsOf(after[a]).intersects(rb) || (rb.isEmpty() && relationsOf(after[a]).isEmpty())))
                partner = int(a);
        if (partner < 0) {
            s.onlyBefore << int(b);
            continue;
        }
        afterUsed[partner] = true;
        next = partner + 1;
        s.statements.append({int(b), partner, comparePlans(before[b], after[partner])});
    }
    for (qsizetype a = 0; a < after.size(); ++a)
        if (!afterUsed[a])
            s.onlyAfter << int(a);
    return s;
}

QString ScriptDiff::toText(const QList<Plan> &before, const QList<Plan> &after) const
{
    QStringList lines;
    if (before.size() > 1 || after.size() > 1) {
        auto f = [](const std::optional<double> &v) { return v ? Units::duration(*v) : QStringLiteral("–"); };
        lines << QStringLiteral("Whole script: %1 statement%2 → %3 statement%4, %5 → %6%7")
                     .arg(before.size())
                     .arg(before.size() == 1 ? QString() : QStringLiteral("s"))
                     .arg(after.size())
                     .arg(after.size() == 1 ? QString() : QStringLiteral("s"))
                     .arg(f(beforeTotalMs), f(afterTotalMs),
                          speedup ? QStringLiteral(" (%1)").arg(Units::speedup(*speedup)) : QString());
    }
    auto describe = [](const Plan &p) {
        QString s = p.isEmpty() ? QStringLiteral("empty plan") : operatorName(p.root());
        if (const auto ms = executionMs(p))
            s += QStringLiteral(", ") + Units::duration(*ms);
        return s;
    };
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const StatementDiff &st = statements[i];
        if (before.size() > 1 || after.size() > 1)
            lines << QString()
                  << QStringLiteral("Statement %1 → statement %2%3:")
                         .arg(st.beforeIndex + 1)
                         .arg(st.afterIndex + 1)
                         .arg(i == 0 ? QStringLiteral(" (main: the most expensive of each side)") : QString());
        lines << st.diff.toText();
    }
    for (int b : onlyBefore)
        lines << QString() << QStringLiteral("Only before: statement %1 (%2)").arg(b + 1).arg(describe(before[b]));
    for (int a : onlyAfter)
        lines << QString() << QStringLiteral("Only after: statement %1 (%2)").arg(a + 1).arg(describe(after[a]));
    return lines.join(u'\n');
}

QJsonObject planDiffToJson(const PlanDiff &diff)
{
    QJsonArray matched;
    for (const NodePair &p : diff.matched)
        matched.append(QJsonArray{p.beforeId, p.afterId});
    QJsonArray added;
    for (int a : diff.added)
        added.append(a);
    QJsonArray removed;
    for (int b : diff.removed)
        removed.append(b);
    QJsonArray changes;
    for (const Change &c : diff.changes)
        changes.append(QJsonObject{{QStringLiteral("kind"), c.kind},
                                   {QStringLiteral("text"), c.text},
                                   {QStringLiteral("before_id"), idOrNull(c.beforeId)},
                                   {QStringLiteral("after_id"), idOrNull(c.afterId)}});
    const DiffHeadline &h = diff.headline;
    return {{QStringLiteral("speedup"), h.speedup ? QJsonValue(*h.speedup) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("headline"), h.title()},
            {QStringLiteral("matched"), matched},
            {QStringLiteral("added"), added},
            {QStringLiteral("removed"), removed},
            {QStringLiteral("changes"), changes}};
}

} // namespace PlanLens
