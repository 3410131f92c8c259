// SPDX-License-Identifier: MIT
#include "reportdocument.h"

#include "format/units.h"
#include "reportdata.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace PlanLens {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Report", text);
}

ReportSpan plain(const QString& t)
{
    return { t, ReportSpan::Style::Plain };
}
ReportSpan strong(const QString& t)
{
    return { t, ReportSpan::Style::Strong };
}
ReportSpan code(const QString& t)
{
    return { t, ReportSpan::Style::Code };
}

// Builds the block list; one method per section.
class Document
{
public:
    explicit Document(const ReportData& d)
        : m_d(d)
    { }

    QList<ReportBlock> build()
    {
        header();
        verdict();
        distribution();
        scripts();
        changes();
        findings();
        rewrites();
        graphs();
        return m_blocks;
    }

private:
    void heading(int level, const QString& text, const QString& anchor, bool pageBreak = false)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Heading;
        b.level = level;
        b.line = { plain(text) };
        b.anchor = anchor;
        b.pageBreakBefore = pageBreak;
        m_blocks << b;
    }
    void paragraph(const ReportLine& line)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Paragraph;
        b.line = line;
        m_blocks << b;
    }
    void bullets(const QList<ReportBlock::Item>& items)
    {
        if (items.isEmpty()) return;
        ReportBlock b;
        b.kind = ReportBlock::Kind::Bullets;
        b.items = items;
        m_blocks << b;
    }
    void codeBlock(const QString& text, const QString& language)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Code;
        b.code = text.trimmed();
        b.language = language;
        m_blocks << b;
    }
    void image(ReportBlock::Image which, const QString& caption)
    {
        ReportBlock b;
        b.kind = ReportBlock::Kind::Image;
        b.image = which;
        b.line = { plain(caption) };
        m_blocks << b;
    }

    void header()
    {
        heading(1, m_d.title, QStringLiteral("top"));
        ReportLine meta { plain(
            tr("Written by PlanLens %1 on %2 from %3.")
                .arg(QCoreApplication::applicationVersion(),
                    m_d.generatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")), m_d.source)) };
        if (m_d.run && !m_d.run->server.isEmpty())
            meta << plain(tr(" Server: ")) << plain(m_d.run->server) << plain(QStringLiteral("."));
        if (m_d.run && m_d.run->startedAt.isValid())
            meta << plain(tr(" Run started %1.")
                              .arg(m_d.run->startedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))));
        paragraph(meta);
        if (!m_d.conninfo.isEmpty())
            paragraph({ plain(tr("Connection (no password is ever saved): ")), code(m_d.conninfo) });
    }

    static QString ms(const std::optional<double>& v) { return v ? Units::duration(*v) : QStringLiteral("–"); }

    void verdict()
    {
        heading(2, tr("Verdict"), QStringLiteral("verdict"));
        if (!m_d.run) {
            paragraph({ plain(tr("No run was recorded in this session: the plans below are as they were opened, "
                                 "without medians.")) });
            return;
        }
        const RunResult& r = *m_d.run;
        ReportBlock v;
        v.kind = ReportBlock::Kind::Verdict;
        v.line = { plain(m_d.verdictText) };
        v.tone
            = r.rowsEqual ? (*r.rowsEqual ? ReportBlock::Tone::Ok : ReportBlock::Tone::Bad) : ReportBlock::Tone::Info;
        m_blocks << v;
        ReportBlock t;
        t.kind = ReportBlock::Kind::Table;
        t.rows << QStringList { QString(), tr("Before"), tr("After") };
        t.rows << QStringList { tr("Median"), ms(r.before.medianMs), ms(r.after.medianMs) };
        t.rows << QStringList { tr("Fastest – slowest"),
            QStringLiteral("%1 – %2").arg(ms(r.before.minMs), ms(r.before.maxMs)),
            QStringLiteral("%1 – %2").arg(ms(r.after.minMs), ms(r.after.maxMs)) };
        t.rows << QStringList { tr("Measured runs"), QString::number(r.before.runsMs.size()),
            QString::number(r.after.runsMs.size()) };
        auto rows = [](const SideResult& s) {
            QString text = s.rows ? Units::count(double(*s.rows)) : QStringLiteral("–");
            if (!s.rowsStable) text += tr(" (changed between runs)");
            return text;
        };
        t.rows << QStringList { tr("Rows returned"), rows(r.before), rows(r.after) };
        auto cost = [](const SideResult& s) {
            return s.totalCost ? Units::count(std::round(*s.totalCost)) : QStringLiteral("–");
        };
        t.rows << QStringList { tr("Planner cost"), cost(r.before), cost(r.after) };
        t.rows << QStringList { tr("Statements"), QString::number(r.before.statements.size()),
            QString::number(r.after.statements.size()) };
        m_blocks << t;
        paragraph({ plain(tr("How it was measured: ")), code(m_d.runSettings), plain(QStringLiteral(".")) });
    }

    void distribution()
    {
        if (!m_d.run || (m_d.run->before.runsMs.isEmpty() && m_d.run->after.runsMs.isEmpty())) return;
        heading(2, tr("Run distribution"), QStringLiteral("runs"));
        image(ReportBlock::Image::RunChart,
            tr("Client time of each measured run: box plot (quartiles, whiskers at "
               "1.5 IQR) with every run as a dot."));
        QList<ReportBlock::Item> items;
        const SideResult* sides[2] = { &m_d.run->before, &m_d.run->after };
        for (int s = 0; s < 2; ++s) {
            QStringList times;
            for (double v : sides[s]->runsMs)
                times << Units::duration(v);
            items << ReportBlock::Item { 0,
                { strong(m_d.sides[s].name + QStringLiteral(": ")),
                    plain(times.isEmpty() ? tr("no measured run") : times.join(QStringLiteral(", "))) } };
        }
        bullets(items);
    }

    void scripts()
    {
        heading(2, tr("Scripts"), QStringLiteral("scripts"));
        for (const ReportSide& side : m_d.sides) {
            heading(3, side.name, QString());
            if (!side.header.isEmpty()) paragraph({ code(side.header) });
            if (side.sql.trimmed().isEmpty())
                paragraph({ plain(tr("No script (the plan was opened from a file).")) });
            else
                codeBlock(side.sql, QStringLiteral("sql"));
        }
    }

    void changes()
    {
        heading(2, tr("What changed"), QStringLiteral("changes"));
        if (!m_d.hasDiff()) {
            paragraph({ plain(tr("Both sides need a plan for a comparison.")) });
            return;
        }
        for (const QString& line : m_d.diffIntro)
            paragraph({ strong(line) });
        for (const ReportDiffPart& part : m_d.diff) {
            if (!part.heading.isEmpty()) heading(3, part.heading, QString());
            QList<ReportBlock::Item> summary;
            for (qsizetype i = 0; i < part.summary.size(); ++i)
                summary << ReportBlock::Item { 0, { i == 0 ? strong(part.summary[i]) : plain(part.summary[i]) } };
            bullets(summary);
            if (part.changes.isEmpty()) {
                paragraph({ plain(tr("No change in the plan's shape.")) });
                continue;
            }
            QList<ReportBlock::Item> list;
            for (const Change& c : part.changes)
                list << ReportBlock::Item { 0, { code(c.kind), plain(QStringLiteral(" ") + c.text) } };
            paragraph({ plain(tr("Changes, most telling first:")) });
            bullets(list);
        }
        QList<ReportBlock::Item> unpaired;
        for (const QString& u : m_d.diffUnpaired)
            unpaired << ReportBlock::Item { 0, { plain(u) } };
        bullets(unpaired);
    }

    static QString evidenceValue(const QJsonValue& v)
    {
        if (v.isString()) return v.toString();
        if (v.isDouble()) return Units::count(v.toDouble());
        if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (v.isNull() || v.isUndefined()) return QStringLiteral("null");
        const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
        return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
    }

    void findings()
    {
        heading(2, tr("Findings"), QStringLiteral("findings"), true);
        for (const ReportSide& side : m_d.sides) {
            heading(3, tr("%1 plan").arg(side.name), QString());
            if (side.plan.isEmpty()) {
                paragraph({ plain(side.planError.isEmpty() ? tr("No plan.")
                                                           : tr("The plan did not parse: %1").arg(side.planError)) });
                continue;
            }
            if (side.findings.isEmpty()) {
                paragraph({ plain(tr("No finding: no detector saw a problem in this plan.")) });
                continue;
            }
            QList<ReportBlock::Item> items;
            for (const Finding& f : side.findings) {
                ReportLine line { strong(findingLevelName(f.level)), plain(QStringLiteral(" ")), code(f.rule),
                    plain(QStringLiteral(" — ") + f.message) };
                if (f.nodeId >= 0 && f.nodeId < side.plan.nodes.size())
                    line << plain(tr(" (node %1: %2)").arg(f.nodeId).arg(describeNode(side.plan, f.nodeId)));
                items << ReportBlock::Item { 0, line };
                if (!f.evidence.isEmpty()) {
                    items << ReportBlock::Item { 1, { plain(tr("Evidence:")) } };
                    for (auto it = f.evidence.constBegin(); it != f.evidence.constEnd(); ++it)
                        items << ReportBlock::Item { 2,
                            { code(it.key()), plain(QStringLiteral(": ") + evidenceValue(it.value())) } };
                }
                if (!f.advice.isEmpty()) items << ReportBlock::Item { 1, { plain(tr("Advice: ") + f.advice) } };
                if (!f.rewriteId.isEmpty())
                    items << ReportBlock::Item { 1, { plain(tr("Rewrite: ")), code(f.rewriteId) } };
            }
            bullets(items);
        }
    }

    void rewrites()
    {
        heading(2, tr("Rewrite"), QStringLiteral("rewrite"));
        if (m_d.tried) {
            const Session::TriedRewrite& t = *m_d.tried;
            heading(3, tr("Tried as After: %1").arg(t.rule), QString());
            if (!t.title.isEmpty()) paragraph({ plain(t.title) });
            ReportBlock v;
            v.kind = ReportBlock::Kind::Verdict;
            v.line = { plain(m_d.triedVerdictText) };
            const QJsonValue eq = t.verification.value(QStringLiteral("rows_equal"));
            v.tone = eq.isBool() ? (eq.toBool() ? ReportBlock::Tone::Ok : ReportBlock::Tone::Bad)
                                 : ReportBlock::Tone::Info;
            m_blocks << v;
            QList<ReportBlock::Item> items;
            items << ReportBlock::Item { 0,
                { strong(tr("Form: ")), code(t.form.isEmpty() ? QStringLiteral("main") : t.form) } };
            items << ReportBlock::Item { 0,
                { strong(tr("Rows: ")),
                    plain(eq.isBool() ? (eq.toBool() ? tr("equal on both sides") : tr("different"))
                                      : tr("not compared")) } };
            const QJsonValue sp = t.verification.value(QStringLiteral("speedup"));
            if (sp.isDouble())
                items << ReportBlock::Item { 0, { strong(tr("Speed-up: ")), plain(Units::speedup(sp.toDouble())) } };
            const QJsonValue bm = t.verification.value(QStringLiteral("before_median_ms"));
            const QJsonValue am = t.verification.value(QStringLiteral("after_median_ms"));
            if (bm.isDouble() && am.isDouble())
                items << ReportBlock::Item { 0,
                    { strong(tr("Medians: ")),
                        plain(tr("Before %1 → After %2")
                                  .arg(Units::duration(bm.toDouble()), Units::duration(am.toDouble()))) } };
            for (const auto& [key, label] : { std::pair { "first_difference", "First difference: " },
                     std::pair { "note", "Note: " }, std::pair { "error", "Error on the server: " } }) {
                const QString text = t.verification.value(QLatin1String(key)).toString();
                if (!text.isEmpty()) items << ReportBlock::Item { 0, { strong(tr(label)), plain(text) } };
            }
            bullets(items);
            if (!t.afterSql.trimmed().isEmpty()) {
                paragraph({ plain(tr("The After script it ran:")) });
                codeBlock(t.afterSql, QStringLiteral("sql"));
            }
        } else {
            paragraph({ plain(tr("No rewrite was tried as After in this session.")) });
        }
        heading(3, tr("Rewrites proposed for the Before script"), QString());
        if (m_d.rewrites.isEmpty()) {
            paragraph({ plain(tr("None: no rewrite rule matches the Before script.")) });
            return;
        }
        QList<ReportBlock::Item> items;
        for (const QJsonValue& rv : m_d.rewrites) {
            const QJsonObject r = rv.toObject();
            ReportLine line { code(r.value(QStringLiteral("rule")).toString()),
                plain(QStringLiteral(" — ") + r.value(QStringLiteral("title")).toString()) };
            if (r.value(QStringLiteral("precondition_failed")).toBool())
                line << strong(tr(" (a required precondition does not hold)"));
            items << ReportBlock::Item { 0, line };
            const QString why = r.value(QStringLiteral("explanation")).toString();
            if (!why.isEmpty()) items << ReportBlock::Item { 1, { plain(why) } };
            for (const QJsonValue& cv : r.value(QStringLiteral("checks")).toArray()) {
                const QJsonObject c = cv.toObject();
                const QJsonValue holds = c.value(QStringLiteral("holds"));
                const QString state
                    = holds.isBool() ? (holds.toBool() ? tr("holds") : tr("does not hold")) : tr("not checked");
                items << ReportBlock::Item { 1,
                    { plain(
                        tr("Precondition: %1 — %2").arg(c.value(QStringLiteral("precondition")).toString(), state)) } };
            }
        }
        bullets(items);
    }

    void graphs()
    {
        heading(2, tr("Plans"), QStringLiteral("plans"), true);
        for (int s = 0; s < 2; ++s) {
            const ReportSide& side = m_d.sides[s];
            heading(3, tr("%1 plan").arg(side.name), QString(), s == 1);
            if (side.plan.isEmpty()) {
                paragraph({ plain(tr("No plan.")) });
                continue;
            }
            QString caption = side.planSummary;
            if (side.statement >= 0) caption = tr("Statement %1 · %2").arg(side.statement + 1).arg(caption);
            image(s == 0 ? ReportBlock::Image::BeforeGraph : ReportBlock::Image::AfterGraph, caption);
        }
    }

    const ReportData& m_d;
    QList<ReportBlock> m_blocks;
};

} // namespace

QList<ReportBlock> buildReportDocument(const ReportData& data)
{
    return Document(data).build();
}

} // namespace PlanLens
