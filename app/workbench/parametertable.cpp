// SPDX-License-Identifier: MIT
#include "parametertable.h"

#include "db/explainrunner.h"
#include "sql/sqlscript.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace PlanLens {

ParameterTable::ParameterTable(QWidget *parent)
    : QWidget(parent)
{
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    m_table = new QTableWidget(0, 3);
    m_table->setObjectName(QStringLiteral("Parameters"));
    m_table->setHorizontalHeaderLabels({tr("Parameter"), tr("Value"), tr("Type (optional)")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Values for $1, $2, … and named parameters. $ids needs no value: it is the first "
                           "column of the previous statement's result, bound as an array."));
    v->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    auto *detect = new QPushButton(tr("Find parameters in the scripts"));
    auto *clear = new QPushButton(tr("Clear"));
    buttons->addWidget(detect);
    buttons->addWidget(clear);
    buttons->addStretch(1);
    v->addLayout(buttons);
    connect(detect, &QPushButton::clicked, this, &ParameterTable::detectRequested);
    connect(clear, &QPushButton::clicked, this, [this] { m_table->setRowCount(0); });
}

QList<RunParameter> ParameterTable::parameters() const
{
    QList<RunParameter> out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        auto text = [&](int c) { return m_table->item(r, c) ? m_table->item(r, c)->text().trimmed() : QString(); };
        RunParameter p;
        p.name = text(0);
        if (p.name.startsWith(u'$'))
            p.name.remove(0, 1);
        p.value = m_table->item(r, 1) ? m_table->item(r, 1)->text() : QString();
        p.isNull = p.value.compare(QStringLiteral("NULL"), Qt::CaseInsensitive) == 0;
        p.type = text(2);
        if (!p.name.isEmpty())
            out << p;
    }
    return out;
}

void ParameterTable::setParameters(const QList<RunParameter> &parameters)
{
    m_table->setRowCount(0);
    for (const RunParameter &p : parameters)
        addRow(QStringLiteral("$") + p.name, p.isNull ? QStringLiteral("NULL") : p.value, p.type);
}

void ParameterTable::addRow(const QString &name, const QString &value, const QString &type)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    m_table->setItem(row, 2, new QTableWidgetItem(type));
}

QStringList ParameterTable::addMissing(const QStringList &scripts, const QStringList &arrayParamNames)
{
    QStringList known;
    for (const RunParameter &p : parameters())
        known << p.name;
    QStringList found;
    for (const QString &sql : scripts) {
        const Result<SqlScript> r = parseSqlScript(sql);
        const auto *script = std::get_if<SqlScript>(&r);
        if (!script)
            continue;
        for (const SqlStatement &st : script->statements) {
            for (const ParamUse &u : st.params) {
                const QString name = u.name.isEmpty() ? QString::number(u.number) : u.name;
                // An empty row would not stop the binding (ExplainRunner ignores it) but asks for a value that
                // is never needed.
                const bool bound = !u.name.isEmpty()
                    && (ExplainRunner::isDefaultArrayParamName(u.name) || arrayParamNames.contains(u.name));
                if (bound || known.contains(name) || found.contains(name))
                    continue;
                found << name;
            }
        }
    }
    for (const QString &name : found)
        addRow(QStringLiteral("$") + name, QString(), QString());
    return found;
}

} // namespace PlanLens
