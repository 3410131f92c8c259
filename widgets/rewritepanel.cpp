// SPDX-License-Identifier: MIT
#include "rewritepanel.h"

#include "sqleditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace PlanLens {

namespace {
QString joinStatements(const QStringList &statements)
{
    QString s;
    for (const QString &st : statements) {
        if (!s.isEmpty())
            s += QStringLiteral("\n\n");
        s += st.trimmed();
        if (!s.endsWith(u';'))
            s += u';';
    }
    return s;
}

QWidget *captioned(const QString &caption, QWidget *w)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(new QLabel(caption));
    v->addWidget(w, 1);
    return box;
}
} // namespace

RewritePanel::RewritePanel(QWidget *parent)
    : QWidget(parent)
{
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("RewriteList"));
    m_list->setMaximumWidth(280);
    m_variant = new QComboBox;
    m_variant->setObjectName(QStringLiteral("RewriteVariant"));
    m_original = new SqlEditor;
    m_original->setReadOnly(true);
    m_rewritten = new SqlEditor;
    m_rewritten->setObjectName(QStringLiteral("RewrittenSql"));
    m_rewritten->setReadOnly(true);
    m_details = new QTextBrowser;
    m_details->setObjectName(QStringLiteral("RewriteDetails"));
    m_details->setMaximumHeight(150);
    m_try = new QPushButton(tr("Try as After"));
    m_try->setObjectName(QStringLiteral("TryAsAfter"));
    m_try->setToolTip(tr("Put this SQL in the After pane, run the pair and check that the rows are equal"));
    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("RewriteVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_empty = new QLabel(tr("No rewrite proposed. Run the pair or open the Before SQL: PlanLens proposes a rewrite "
                            "when a finding names one."));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);

    auto *sqls = new QSplitter(Qt::Horizontal);
    sqls->addWidget(captioned(tr("Before (the statements it replaces)"), m_original));
    sqls->addWidget(captioned(tr("Proposed"), m_rewritten));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Form:")));
    top->addWidget(m_variant, 1);
    top->addWidget(m_try);

    auto *right = new QWidget;
    auto *rv = new QVBoxLayout(right);
    rv->setContentsMargins(0, 0, 0, 0);
    rv->addLayout(top);
    rv->addWidget(sqls, 1);
    rv->addWidget(m_details);
    rv->addWidget(m_verdict);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_list);
    split->addWidget(right);
    split->setStretchFactor(1, 1);

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    v->addWidget(m_empty);
    v->addWidget(split, 1);
    split->hide();

    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        m_variant->blockSignals(true);
        m_variant->clear();
        const int i = m_list->currentRow();
        if (i >= 0 && i < m_rewrites.size()) {
            m_variant->addItem(tr("Main form"));
            for (const RewriteVariant &v : m_rewrites.at(i).variants)
                m_variant->addItem(v.title);
        }
        m_variant->blockSignals(false);
        showCurrent();
    });
    connect(m_variant, &QComboBox::currentIndexChanged, this, &RewritePanel::showCurrent);
    connect(m_try, &QPushButton::clicked, this, [this] {
        const int i = m_list->currentRow();
        if (i >= 0 && i < m_rewrites.size())
            emit tryAsAfter(currentAfterScript(), m_rewrites.at(i).rule);
    });
    m_empty->setProperty("split", QVariant::fromValue<QObject *>(split));
}

void RewritePanel::clear()
{
    setRewrites(SqlScript(), {});
}

void RewritePanel::setRewrites(const SqlScript &before, const QList<Rewrite> &rewrites)
{
    m_before = before;
    m_rewrites = rewrites;
    m_list->clear();
    for (const Rewrite &r : rewrites) {
        auto *item = new QListWidgetItem(r.title, m_list);
        item->setToolTip(r.rule);
        if (r.preconditionFailed())
            item->setForeground(QColor(0xb0, 0x30, 0x30));
    }
    auto *split = qobject_cast<QWidget *>(m_empty->property("split").value<QObject *>());
    m_empty->setVisible(rewrites.isEmpty());
    split->setVisible(!rewrites.isEmpty());
    m_verdict->clear();
    if (!rewrites.isEmpty())
        m_list->setCurrentRow(0);
}

bool RewritePanel::showRule(const QString &ruleId)
{
    for (int i = 0; i < m_rewrites.size(); ++i) {
        if (m_rewrites.at(i).rule == ruleId) {
            m_list->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

int RewritePanel::currentIndex() const
{
    return m_list->currentRow();
}

QString RewritePanel::variantStatements(const Rewrite &r, int variant, QStringList *statementsOut) const
{
    if (variant > 0 && variant - 1 < r.variants.size()) {
        const RewriteVariant &v = r.variants.at(variant - 1);
        *statementsOut = v.statements;
        return joinStatements(r.afterScript(m_before, v));
    }
    *statementsOut = r.statements;
    return joinStatements(r.afterScript(m_before));
}

QString RewritePanel::currentAfterScript() const
{
    const int i = m_list->currentRow();
    if (i < 0 || i >= m_rewrites.size())
        return QString();
    QStringList ignored;
    return variantStatements(m_rewrites.at(i), m_variant->currentIndex(), &ignored);
}

QString RewritePanel::currentFormId() const
{
    const int i = m_list->currentRow();
    const int vi = m_variant->currentIndex();
    if (i >= 0 && i < m_rewrites.size() && vi > 0 && vi - 1 < m_rewrites.at(i).variants.size())
        return m_rewrites.at(i).variants.at(vi - 1).id;
    return QStringLiteral("main");
}

void RewritePanel::updateRewrites(const QList<Rewrite> &rewrites)
{
    const int row = m_list->currentRow();
    const int variant = m_variant->currentIndex();
    const QSignalBlocker block(m_list);
    m_rewrites = rewrites;
    for (int i = 0; i < m_list->count() && i < rewrites.size(); ++i)
        m_list->item(i)->setForeground(rewrites.at(i).preconditionFailed() ? QColor(0xb0, 0x30, 0x30)
                                                                           : palette().color(QPalette::Text));
    m_list->setCurrentRow(row);
    if (variant >= 0 && variant < m_variant->count())
        m_variant->setCurrentIndex(variant);
    showCurrent();
}

void RewritePanel::showCurrent()
{
    const int i = m_list->currentRow();
    if (i < 0 || i >= m_rewrites.size()) {
        m_original->clear();
        m_rewritten->clear();
        m_details->clear();
        return;
    }
    const Rewrite &r = m_rewrites.at(i);
    QStringList replaced;
    for (int idx : r.replaces)
        if (idx >= 0 && idx < m_before.statements.size())
            replaced << m_before.statements.at(idx).text;
    m_original->setText(joinStatements(replaced));
    QStringList statements;
    variantStatements(r, m_variant->currentIndex(), &statements);
    m_rewritten->setText(joinStatements(statements));

    QString html = QStringLiteral("<p>%1</p>").arg(r.explanation.toHtmlEscaped());
    const int vi = m_variant->currentIndex();
    if (vi > 0 && vi - 1 < r.variants.size()) {
        const RewriteVariant &v = r.variants.at(vi - 1);
        html += QStringLiteral("<p><b>%1</b>: %2</p>").arg(v.title.toHtmlEscaped(), v.when.toHtmlEscaped());
    }
    if (!r.preconditions.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Relies on"));
        for (const QString &p : r.preconditions) {
            QString state;
            for (const CatalogCheck &c : r.checks) {
                if (c.precondition != p || !c.holds)
                    continue;
                state = *c.holds ? QStringLiteral(" <span style='color:#1b7f3b'>✔ %1</span>").arg(tr("proven from the catalog"))
                                 : QStringLiteral(" <span style='color:#b03030'>✘ %1</span>").arg(c.whenFalse.toHtmlEscaped());
            }
            html += QStringLiteral("<li>%1%2</li>").arg(p.toHtmlEscaped(), state);
        }
        html += QStringLiteral("</ul>");
    }
    if (r.hypothetical) {
        const Rewrite::Hypothetical &h = *r.hypothetical;
        html += h.usesIndex
                    ? tr("<p><b>Tried with HypoPG</b>: with the index only pretended to exist, the planner chooses it "
                         "(%1); estimated cost %2 → %3.</p>")
                          .arg(h.rootWith.toHtmlEscaped())
                          .arg(h.costWithout, 0, 'f', 0)
                          .arg(h.costWith, 0, 'f', 0)
                    : tr("<p><b>Tried with HypoPG</b>: even with the index the planner keeps its plan (%1; estimated "
                         "cost %2). The filter may not be selective enough for these values.</p>")
                          .arg(h.rootWith.toHtmlEscaped())
                          .arg(h.costWith, 0, 'f', 0);
    }
    m_details->setHtml(html);
    m_try->setEnabled(!r.preconditionFailed() || vi > 0);
}

void RewritePanel::setVerdict(const QString &text, bool ok)
{
    m_verdict->setText(text);
    m_verdict->setStyleSheet(ok ? QStringLiteral("QLabel{background:#e3f4e8;color:#14532d;padding:6px;font-weight:bold}")
                                : QStringLiteral("QLabel{background:#fbe4e4;color:#7f1d1d;padding:6px;font-weight:bold}"));
}

} // namespace PlanLens
