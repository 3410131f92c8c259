// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QSplitter;
class QStackedWidget;

namespace PlanLens {

class SqlEditor;

// The Before and After scripts. Expanded: two editors side by side. Collapsed (after a run, or Ctrl+E): one
// line per side, "▸ Before: SELECT …", so the plan gets the height; clicking a line opens the editors again
// with the cursor in that side. Collapsing never changes the text.
class ScriptPane : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptPane(QWidget *parent = nullptr);

    SqlEditor *editor(int side) const { return m_editors[side]; }
    bool isCollapsed() const { return m_collapsed; }
    QString summaryText(int side) const;        // what the collapsed line says (plain text)
    int collapsedHeight() const;
    // Marks the token at a QString index where the server located an error, opens the pane and selects it.
    void markFailure(int side, int position, const QString &message);

public slots:
    void setCollapsed(bool collapsed);
    void toggleCollapsed() { setCollapsed(!m_collapsed); }
    void editSide(int side);                    // expands and puts the cursor in that editor

signals:
    void collapsedChanged(bool collapsed);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateSummaries();

    SqlEditor *m_editors[2] = {};
    QLabel *m_summaries[2] = {};
    QStackedWidget *m_stack = nullptr;
    QSplitter *m_split = nullptr;
    bool m_collapsed = false;
    int m_expandedHeight = 240;       // in the splitter that holds the pane, before it folded
};

} // namespace PlanLens
