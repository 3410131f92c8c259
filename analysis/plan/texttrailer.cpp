// SPDX-License-Identifier: MIT
// The query's own lines after the plan in EXPLAIN TEXT: planning memory, serialization, JIT, settings and
// triggers (explain.c: ExplainPrintPlan's callers, ExplainPrintSerialize, ExplainPrintJIT, report_triggers).
#include "planfields.h"
#include "textparsing.h"

#include <QJsonObject>

namespace PlanLens::TextParsing {

using PlanFields::parseNumber;

bool parseJitLine(QStringView body, JitInfo &jit)
{
    if (body.startsWith(u"Functions: ")) {
        jit.functions = parseNumber(body.mid(11));
    } else if (body.startsWith(u"Options: ")) {
        QJsonObject options;
        for (const QString &item : splitTopLevel(body.mid(9))) {
            const qsizetype sp = item.lastIndexOf(u' ');
            if (sp > 0)
                options.insert(item.left(sp), item.mid(sp + 1) == u"true");
        }
        jit.extra.insert(QStringLiteral("Options"), options);
    } else if (body.startsWith(u"Timing: ")) {
        // "Generation 0.340 ms (Deform 0.100 ms), Inlining 0.000 ms, …, Total 2.414 ms": PostgreSQL 17 counts
        // the deform part of generation (JSON "Generation": {"Deform": …, "Total": …}).
        for (const QString &item : splitTopLevel(body.mid(8))) {
            QStringView it(item);
            std::optional<double> deform;
            const qsizetype paren = it.indexOf(u" (");
            if (paren > 0) {
                QStringView inner = it.mid(paren + 2);
                if (inner.endsWith(u')'))
                    inner.chop(1);
                if (inner.startsWith(u"Deform "))
                    deform = numberWithUnit(inner.mid(7));
                it = it.left(paren);
            }
            const qsizetype sp = it.indexOf(u' ');
            if (sp < 0)
                continue;
            const QStringView name = it.left(sp);
            const auto ms = numberWithUnit(it.mid(sp + 1));
            if (name == u"Generation") {
                jit.generationMs = ms;
                if (deform)
                    jit.deformMs = deform;
            } else if (name == u"Inlining") {
                jit.inliningMs = ms;
            } else if (name == u"Optimization") {
                jit.optimizationMs = ms;
            } else if (name == u"Emission") {
                jit.emissionMs = ms;
            } else if (name == u"Total") {
                jit.totalMs = ms;
            }
        }
    } else {
        return false;
    }
    return true;
}

void parseSettings(QStringView value, QList<QPair<QString, QString>> &settings)
{
    for (const QString &item : splitTopLevel(value)) {
        const qsizetype eq = item.indexOf(QStringLiteral(" = "));
        if (eq < 0)
            continue;
        QString v = item.mid(eq + 3);
        if (v.size() >= 2 && v.startsWith(u'\'') && v.endsWith(u'\''))
            v = v.mid(1, v.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'"));
        settings.append({item.left(eq), v});
    }
}

bool isTriggerLine(QStringView body)
{
    return body.startsWith(u"Trigger ") && body.contains(u": time=");
}

Trigger parseTrigger(QStringView body)
{
    const qsizetype c = body.lastIndexOf(u": time=");
    QStringView name = body.mid(8, c - 8);
    Trigger t;
    if (name.startsWith(u"for constraint "))
        name = name.mid(15);
    const qsizetype on = name.lastIndexOf(u" on ");
    if (on > 0) {
        t.relation = name.mid(on + 4).toString();
        name = name.left(on);
    }
    t.name = name.toString();
    for (QStringView kv : body.mid(c + 2).split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype eq = kv.indexOf(u'=');
        if (eq < 0)
            continue;
        if (kv.left(eq) == u"time")
            t.timeMs = parseNumber(kv.mid(eq + 1));
        else if (kv.left(eq) == u"calls")
            t.calls = parseNumber(kv.mid(eq + 1));
    }
    return t;
}

void parseSerialization(QStringView value, Serialization &s)
{
    // "time=4.690 ms  output=31251kB  format=text"; without TIMING: "output=31251kB  format=text".
    s.present = true;
    for (QStringView seg : splitSegments(value)) {
        const qsizetype eq = seg.indexOf(u'=');
        if (eq < 0)
            continue;
        const QStringView k = seg.left(eq);
        const QStringView v = seg.mid(eq + 1);
        if (k == u"time")
            s.timeMs = numberWithUnit(v);
        else if (k == u"output")
            s.outputKb = numberWithUnit(v);
        else if (k == u"format")
            s.format = v.toString();
        else
            s.extra.insert(k.toString(), v.toString());
    }
}

void parsePlanningMemory(QStringView value, Plan &plan)
{
    // explain.c show_memory_counters: "Memory: used=12kB  allocated=16kB" (JSON "Memory Used", "Memory Allocated").
    for (QStringView kv : value.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype eq = kv.indexOf(u'=');
        if (eq < 0)
            continue;
        const auto d = numberWithUnit(kv.mid(eq + 1));
        if (kv.left(eq) == u"used")
            plan.planningMemoryUsedKb = d;
        else if (kv.left(eq) == u"allocated")
            plan.planningMemoryAllocatedKb = d;
    }
}

} // namespace PlanLens::TextParsing
