// SPDX-License-Identifier: MIT
#pragma once

#include "rewrite/rewrite.h"
#include "sql/sqlscript.h"

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace PlanLens {

class SqlDiffView;

// The proposed rewrites of the Before script: the SQL they propose as a word diff against the SQL they replace,
// the preconditions they rely on (with the catalog's answer when known), and "Try as After". Laid out in one
// column so it fits a ~340 px side panel beside the graph.
class RewritePanel : public QWidget
{
    Q_OBJECT
public:
    explicit RewritePanel(QWidget *parent = nullptr);

    void setRewrites(const SqlScript &before, const QList<Rewrite> &rewrites);
    void clear();
    int count() const { return int(m_rewrites.size()); }
    const QList<Rewrite> &rewrites() const { return m_rewrites; }
    // Shows the rewrite of that rule (from a finding's rewriteId); false when none was proposed.
    bool showRule(const QString &ruleId);
    int currentIndex() const;
    QString currentAfterScript() const;      // the whole After script of the current rewrite/variant
    // "main", or the id of the variant on screen.
    QString currentFormId() const;
    // Replaces the rewrites (e.g. with catalog checks answered) and keeps the current one and its form.
    void updateRewrites(const QList<Rewrite> &rewrites);
    // The outcome of the last "Try as After" run, in plain words; ok decides the colour.
    void setVerdict(const QString &text, bool ok);

    SqlDiffView *diffView() const { return m_diff; }

public slots:
    // What the "Try as After" button does: emits tryAsAfter for the rewrite and form on screen (if any and
    // enabled). With showRule() it serves the SQL editor's popup (SqlEditor::tryAsAfterRequested).
    void tryCurrent();

signals:
    // The whole After script to put in the After pane and run; the Before stays as it is.
    void tryAsAfter(const QString &afterScript, const QString &ruleId);

protected:
    bool event(QEvent *event) override;   // a theme change re-colours the legend, the verdict and the list

private:
    void showCurrent();
    QString variantStatements(const Rewrite &r, int variant, QStringList *statementsOut) const;

    SqlScript m_before;
    QList<Rewrite> m_rewrites;
    QListWidget *m_list = nullptr;
    QComboBox *m_variant = nullptr;
    QButtonGroup *m_diffMode = nullptr;
    SqlDiffView *m_diff = nullptr;
    QTextBrowser *m_details = nullptr;
    QPushButton *m_try = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace PlanLens
