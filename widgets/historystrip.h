// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QToolButton;

namespace PlanLens {

class HistoryChart;

// The plan history on screen: every version of the query (the original, each run, each rewrite tried) as a row
// with its label and median, beside a chart of the medians per version. Two chosen rows (a click chooses a row,
// another click lets it go; or a row's "Compare with…" menu, or a double-click: the version before it) ask for a comparison of their plans (compareRequested); the owner puts them into the Compare view.
//
// Collapsed by default: only summaryButton() shows ("History: 3 versions ▸"), a small button meant for a spare
// corner (the plan tabs' bar), so the strip costs the plan graph no height until it is opened.
class HistoryStrip : public QWidget
{
    Q_OBJECT
public:
    struct Entry {
        QString label;                    // "Rewrite 1: prefetch-any-array"
        std::optional<double> medianMs;
        bool afterSide = false;           // an After version or a tried rewrite
        QDateTime when;
        QString details;                  // the tool tip: rows, runs, the rewrite's verification
    };

    explicit HistoryStrip(QWidget *parent = nullptr);
    ~HistoryStrip() override;

    void setEntries(const QList<Entry> &entries);
    const QList<Entry> &entries() const { return m_entries; }
    int count() const { return int(m_entries.size()); }

    bool isExpanded() const { return m_expanded; }
    void setExpanded(bool expanded);
    QToolButton *summaryButton() const { return m_summary; }   // owned by the strip until placed elsewhere

    QListWidget *list() const { return m_list; }
    HistoryChart *chart() const { return m_chart; }
    QPushButton *compareButton() const { return m_compare; }
    // Chooses exactly these two rows (letting the others go); the Compare button then compares them.
    void setChecked(int first, int second);
    QList<int> checkedRows() const;
    // The chosen rows, in list order. Emits compareRequested for the two chosen rows, the older one as Before;
    // false unless two are chosen.
    bool compareChecked();

signals:
    void compareRequested(int beforeIndex, int afterIndex);
    void expandedChanged(bool expanded);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onSelectionChanged();
    void showContextMenu(const QPoint &pos);
    void updateSummary();
    void updateCheckedState();

    QList<Entry> m_entries;
    bool m_expanded = false;
    bool m_filling = false;
    QList<int> m_checkOrder;                 // chosen rows, oldest first (a third choice drops the oldest)
    QToolButton *m_summary = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_compare = nullptr;
    QListWidget *m_list = nullptr;
    HistoryChart *m_chart = nullptr;
};

} // namespace PlanLens
