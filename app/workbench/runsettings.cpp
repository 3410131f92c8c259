// SPDX-License-Identifier: MIT
#include "runsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QMenu>
#include <QSettings>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>
#include <QWidgetAction>

namespace PlanLens {

RunSettings::RunSettings(QWidget *owner)
    : QObject(owner)
{
    m_mode = new QComboBox(owner);
    m_mode->setObjectName(QStringLiteral("RunMode"));
    m_mode->addItem(tr("EXPLAIN ANALYZE"), int(RunMode::Analyze));
    m_mode->addItem(tr("ANALYZE, timing off"), int(RunMode::TimingOff));
    m_mode->addItem(tr("Estimate only"), int(RunMode::Estimate));
    m_mode->setToolTip(tr("Estimate only plans the statements without executing them: for queries that run for "
                          "hours or write. Timing off measures rows per node without clock overhead."));

    m_button = new QToolButton(owner);
    m_button->setObjectName(QStringLiteral("RunSettingsButton"));
    m_button->setPopupMode(QToolButton::InstantPopup);
    m_button->setToolTip(tr("Runs, warm-ups, timeout, EXPLAIN options, writes"));
    auto *menu = new QMenu(m_button);
    auto *form = new QWidget(menu);
    auto *f = new QFormLayout(form);
    f->setContentsMargins(10, 8, 10, 8);
    m_runs = new QSpinBox(form);
    m_runs->setObjectName(QStringLiteral("Runs"));
    m_runs->setRange(1, 1000);
    m_runs->setValue(7);
    m_runs->setToolTip(tr("Measured rounds, each running Before then After in the same backend"));
    f->addRow(tr("Measured runs"), m_runs);
    m_warmup = new QSpinBox(form);
    m_warmup->setObjectName(QStringLiteral("Warmup"));
    m_warmup->setRange(0, 100);
    m_warmup->setValue(2);
    f->addRow(tr("Warm-up runs"), m_warmup);
    m_timeout = new QSpinBox(form);
    m_timeout->setObjectName(QStringLiteral("Timeout"));
    m_timeout->setRange(1, 24 * 3600);
    m_timeout->setValue(60);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("statement_timeout for every statement of the run"));
    f->addRow(tr("Timeout"), m_timeout);
    auto check = [form](const QString &text, bool on) {
        auto *c = new QCheckBox(text, form);
        c->setChecked(on);
        return c;
    };
    m_buffers = check(QStringLiteral("BUFFERS"), true);
    m_verbose = check(QStringLiteral("VERBOSE"), true);
    m_settings = check(QStringLiteral("SETTINGS"), true);
    m_wal = check(QStringLiteral("WAL"), false);
    m_generic = check(tr("Generic plan (PREPARE, force_generic_plan)"), false);
    f->addRow(tr("EXPLAIN"), m_buffers);
    f->addRow(QString(), m_verbose);
    f->addRow(QString(), m_settings);
    f->addRow(QString(), m_wal);
    f->addRow(QString(), m_generic);
    m_allowWrites = check(tr("Allow writes for this run"), false);
    m_allowWrites->setObjectName(QStringLiteral("AllowWrites"));
    m_allowWrites->setToolTip(tr("Statements that write run inside a transaction that is always rolled back"));
    f->addRow(tr("Writes"), m_allowWrites);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(form);
    menu->addAction(action);
    m_button->setMenu(menu);

    for (QSpinBox *s : {m_runs, m_warmup, m_timeout})
        connect(s, &QSpinBox::valueChanged, this, &RunSettings::updateSummary);
    connect(m_allowWrites, &QCheckBox::toggled, this, &RunSettings::updateSummary);
    updateSummary();
}

void RunSettings::addTo(QToolBar *bar)
{
    bar->addWidget(m_mode);
    bar->addWidget(m_button);
}

void RunSettings::updateSummary()
{
    QString text = tr("%1 runs").arg(m_runs->value());
    if (m_warmup->value() > 0)
        text += tr(" + %1 warm-up").arg(m_warmup->value());
    if (m_allowWrites->isChecked())
        text += tr(" · writes");
    m_button->setText(text + QStringLiteral(" ▾"));
}

void RunSettings::applyTo(RunRequest *r) const
{
    r->mode = mode();
    r->explain.buffers = m_buffers->isChecked();
    r->explain.verbose = m_verbose->isChecked();
    r->explain.settings = m_settings->isChecked();
    r->explain.wal = m_wal->isChecked();
    r->explain.genericPlan = m_generic->isChecked();
    r->runs = m_runs->value();
    r->warmup = m_warmup->value();
    r->timeoutMs = timeoutMs();
    r->allowWrites = m_allowWrites->isChecked();
}

RunMode RunSettings::mode() const
{
    return RunMode(m_mode->currentData().toInt());
}

void RunSettings::setMode(RunMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void RunSettings::setRounds(int runs, int warmup)
{
    m_runs->setValue(runs);
    m_warmup->setValue(warmup);
}

int RunSettings::runs() const
{
    return m_runs->value();
}

int RunSettings::warmup() const
{
    return m_warmup->value();
}

int RunSettings::timeoutMs() const
{
    return m_timeout->value() * 1000;
}

void RunSettings::setTimeoutMs(int ms)
{
    m_timeout->setValue(std::max(1, ms / 1000));
}

void RunSettings::setAllowWrites(bool allow)
{
    m_allowWrites->setChecked(allow);
}

void RunSettings::setExplain(const ExplainOptions &o)
{
    m_buffers->setChecked(o.buffers);
    m_verbose->setChecked(o.verbose);
    m_settings->setChecked(o.settings);
    m_wal->setChecked(o.wal);
    m_generic->setChecked(o.genericPlan);
}

void RunSettings::save(QVariantMap &values) const
{
    values.insert(QStringLiteral("run/runs"), m_runs->value());
    values.insert(QStringLiteral("run/warmup"), m_warmup->value());
    values.insert(QStringLiteral("run/timeout_s"), m_timeout->value());
}

void RunSettings::restore(const QSettings &s)
{
    if (s.contains(QStringLiteral("run/runs")))
        setRounds(s.value(QStringLiteral("run/runs")).toInt(), s.value(QStringLiteral("run/warmup")).toInt());
    m_timeout->setValue(s.value(QStringLiteral("run/timeout_s"), 60).toInt());
}

} // namespace PlanLens
