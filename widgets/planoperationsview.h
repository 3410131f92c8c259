// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace PlanLens {

// A sortable, filterable grid over one of the operations models (PlanOperationsModel for one plan,
// CompareOperationsModel for a before/after pair): a filter line, the count of rows shown, the table. It speaks
// in rows of the source model, so the owner maps them to nodes: sourceRowSelected() when the user picks a row,
// setCurrentSourceRow() to follow a selection made elsewhere (without echoing it back).
class PlanOperationsView : public QWidget
{
    Q_OBJECT
public:
    // model must provide PlanOperationsModel's SortRole and FilterRole; the view does not own it. stretchColumn
    // (a text column) gets the width the others leave, and never less than its fitted width (then the grid
    // scrolls sideways).
    PlanOperationsView(QAbstractItemModel *model, int defaultSortColumn, int stretchColumn, QWidget *parent = nullptr);

    QTableView *tableView() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    QAbstractItemModel *sourceModel() const { return m_model; }

    void setFilterText(const QString &text);
    int currentSourceRow() const;           // -1 when none (or filtered out)
    void setCurrentSourceRow(int row);      // -1 clears; emits nothing
    void restoreDefaultSort();
    void fitColumns();                      // after the model got new data

signals:
    void sourceRowSelected(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCount();
    void spreadColumns();

    QAbstractItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_count = nullptr;
    int m_defaultSortColumn = 0;
    int m_stretchColumn = -1;
    int m_stretchFitted = 0;                // the stretch column's width from fitColumns()
    bool m_syncing = false;
};

} // namespace PlanLens
