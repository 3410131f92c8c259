// SPDX-License-Identifier: MIT
#include "rewritepanel.h"
#include "theme.h"

#include "sqldiffview.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace PlanLens {

namespace {
// The key above the diff: the removed and added colours of SqlDiffView, in the current theme.
QString diffLegend()
{
    return RewritePanel::tr("<span style='background:%1;color:%2'><s>&nbsp;removed&nbsp;</s></span> "
                            "<span style='background:%3;color:%4'>&nbsp;added&nbsp;</span>")
        .arg(Theme::css(Theme::Role::DiffRemovedFill), Theme::css(Theme::Role::DiffRemovedInk),
             Theme::css(Theme::Role::DiffAddedFill), Theme::css(Theme::Role::DiffAddedInk));
}

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

} // namespace

RewritePanel::RewritePanel(QWidget *parent)
    : QWidget(parent)
{
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("RewriteList"));
    // A handful of rewrites at most: a short list (sized to its rows in setRewrites) leaves the height to the
    // diff. Titles are elided to the panel's width; the tooltip has the whole title.
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    m_variant = new QComboBox;
    m_variant->setObjectName(QStringLiteral("RewriteVariant"));
    // Variant titles are sentences; they must not widen the panel.
    m_variant->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_variant->setMinimumContentsLength(12);
    m_diff = new SqlDiffView;
    m_diff->setToolTip(tr("The proposed SQL against the statements it replaces: struck-through red words go, green "
                          "words come"));
    m_details = new QTextBrowser;
    m_details->setObjectName(QStringLiteral("RewriteDetails"));
    m_details->setOpenLinks(false);
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

    auto *form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Form:")));
    form->addWidget(m_variant, 1);

    // Changes by default; Before or Proposed alone to read (or copy) one side clean.
    m_diffMode = new QButtonGroup(this);
    auto *modes = new QHBoxLayout;
    modes->setSpacing(0);
    const std::pair<SqlDiffView::Mode, QString> modeButtons[] = {
        {SqlDiffView::Mode::Unified, tr("Changes")},
        {SqlDiffView::Mode::Before, tr("Before")},
        {SqlDiffView::Mode::After, tr("Proposed")},
    };
    for (const auto &[mode, label] : modeButtons) {
        auto *b = new QToolButton;
        b->setText(label);
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setObjectName(QStringLiteral("DiffMode%1").arg(int(mode)));
        b->setChecked(mode == SqlDiffView::Mode::Unified);
        m_diffMode->addButton(b, int(mode));
        modes->addWidget(b);
    }
    modes->addStretch(1);
    auto *legend = new QLabel(diffLegend());
    legend->setObjectName(QStringLiteral("DiffLegend"));
    modes->addWidget(legend);
    connect(m_diffMode, &QButtonGroup::idClicked, this,
            [this](int id) { m_diff->setMode(static_cast<SqlDiffView::Mode>(id)); });

    auto *sqlAndDetails = new QSplitter(Qt::Vertical);
    sqlAndDetails->setChildrenCollapsible(false);
    sqlAndDetails->addWidget(m_diff);
    sqlAndDetails->addWidget(m_details);
    sqlAndDetails->setStretchFactor(0, 3);
    sqlAndDetails->setStretchFactor(1, 1);

    auto *content = new QWidget;
    auto *cv = new QVBoxLayout(content);
    cv->setContentsMargins(0, 0, 0, 0);
    cv->setSpacing(4);
    cv->addWidget(m_list);
    cv->addLayout(form);
    cv->addLayout(modes);
    cv->addWidget(sqlAndDetails, 1);
    cv->addWidget(m_try);
    cv->addWidget(m_verdict);

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(2, 2, 2, 2);
    v->addWidget(m_empty);
    v->addWidget(content, 1);
    content->hide();

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
    connect(m_try, &QPushButton::clicked, this, &RewritePanel::tryCurrent);
    m_empty->setProperty("split", QVariant::fromValue<QObject *>(content));
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
        item->setToolTip(QStringLiteral("%1\n(%2)").arg(r.title, r.rule));
        if (r.preconditionFailed())
            item->setForeground(Theme::colour(Theme::Role::WorseText));
    }
    auto *split = qobject_cast<QWidget *>(m_empty->property("split").value<QObject *>());
    m_empty->setVisible(rewrites.isEmpty());
    split->setVisible(!rewrites.isEmpty());
    m_verdict->clear();
    const int rows = std::clamp(int(rewrites.size()), 1, 4);
    const int rowHeight = std::max(m_list->sizeHintForRow(0), fontMetrics().height() + 4);
    m_list->setFixedHeight(rows * rowHeight + 2 * m_list->frameWidth() + 2);
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
        m_list->item(i)->setForeground(rewrites.at(i).preconditionFailed() ? Theme::colour(Theme::Role::WorseText)
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
        m_diff->setTexts(QString(), QString());
        m_details->clear();
        return;
    }
    const Rewrite &r = m_rewrites.at(i);
    QStringList replaced;
    for (int idx : r.replaces)
        if (idx >= 0 && idx < m_before.statements.size())
            replaced << m_before.statements.at(idx).text;
    QStringList statements;
    variantStatements(r, m_variant->currentIndex(), &statements);
    m_diff->setTexts(joinStatements(replaced), joinStatements(statements));

    QString html = QStringLiteral("<p>%1</p>").arg(r.explanation.toHtmlEscaped());
    const int vi = m_variant->currentIndex();
    // The main form relies on an invariant only the data holds today (issue 13.7): the warning and the constraint
    // that would make it safe stay on top while that form is shown, also after Try as After ran it.
    for (const CatalogCheck &c : r.checks) {
        if (vi > 0 || !c.holdsOnlyInData())
            continue;
        html = QStringLiteral("<table width='100%' cellpadding='6' bgcolor='%1'><tr><td style='color:%2'>"
                              "<b>⚠ %3</b> %4</td></tr></table>")
                   .arg(Theme::css(Theme::Role::BannerFill), Theme::css(Theme::Role::BannerInk),
                        tr("Not enforced by the schema."), c.dataSentence().toHtmlEscaped())
               + html;
    }
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
                state = *c.holds ? QStringLiteral(" <span style='color:%1'>✔ %2</span>")
                                       .arg(Theme::css(Theme::Role::BetterText), tr("proven from the catalog"))
                                 : QStringLiteral(" <span style='color:%1'>✘ %2</span>")
                                       .arg(Theme::css(Theme::Role::WorseText), c.whenFalse.toHtmlEscaped());
                // What the data says when the catalog proves nothing: holds today (not enforced), or a duplicate.
                if (c.holdsOnlyInData())
                    state = QStringLiteral(" <span style='color:%1'>⚠ %2</span>")
                                .arg(Theme::css(Theme::Role::BannerInk), c.dataSentence().toHtmlEscaped());
                else if (!c.dataSentence().isEmpty())
                    state += QStringLiteral(" <span style='color:%1'>%2</span>")
                                 .arg(Theme::css(Theme::Role::WorseText), c.dataSentence().toHtmlEscaped());
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

void RewritePanel::tryCurrent()
{
    const int i = m_list->currentRow();
    if (i >= 0 && i < m_rewrites.size() && m_try->isEnabled())
        emit tryAsAfter(currentAfterScript(), m_rewrites.at(i).rule);
}

bool RewritePanel::event(QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange) {
        if (auto *legend = findChild<QLabel *>(QStringLiteral("DiffLegend")))
            legend->setText(diffLegend());
        if (!m_verdict->text().isEmpty())
            setVerdict(m_verdict->text(), m_verdict->property("ok").toBool());
        for (int i = 0; i < m_list->count() && i < m_rewrites.size(); ++i)
            if (m_rewrites.at(i).preconditionFailed())
                m_list->item(i)->setForeground(Theme::colour(Theme::Role::WorseText));
    }
    return QWidget::event(event);
}

void RewritePanel::setVerdict(const QString &text, bool ok)
{
    m_verdict->setText(text);
    m_verdict->setProperty("ok", ok);
    using R = Theme::Role;
    m_verdict->setStyleSheet(QStringLiteral("QLabel{background:%1;color:%2;padding:6px;font-weight:bold}")
                                 .arg(Theme::css(ok ? R::ToneOkFill : R::ToneBadFill),
                                      Theme::css(ok ? R::ToneOkInk : R::ToneBadInk)));
}

} // namespace PlanLens
