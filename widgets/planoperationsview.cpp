// SPDX-License-Identifier: MIT
#include "planoperationsview.h"
#include "planoperationsmodel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace PlanLens {

namespace {

// Widest a text column gets from fitting its contents; wider text is elided (the tool tip has it whole).
constexpr int kMaxTextColumnWidth = 260;
// What the stretch column keeps on a narrow page before the grid scrolls sideways.
constexpr int kMinStretchWidth = 160;

} // namespace

PlanOperationsView::PlanOperationsView(QAbstractItemModel *model, int defaultSortColumn, int stretchColumn,
                                       QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_defaultSortColumn(defaultSortColumn)
    , m_stretchColumn(stretchColumn)
{
    setObjectName(QStringLiteral("PlanOperationsView"));
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(PlanOperationsModel::SortRole);
    m_proxy->setFilterRole(PlanOperationsModel::FilterRole);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("OperationsFilter"));
    m_filter->setPlaceholderText(tr("Filter by node type, relation, index or condition"));
    m_filter->setClearButtonEnabled(true);
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("OperationsCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("OperationsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->hide();
    // Fixed row heights: with 20k rows the view never measures each one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->viewport()->installEventFilter(this);   // resizes spread the spare width (spreadColumns)

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 8, 4);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_count);
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    v->addLayout(bar);
    v->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &PlanOperationsView::setFilterText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_syncing || !current.isValid())
                    return;
                emit sourceRowSelected(m_proxy->mapToSource(current).row());
            });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &PlanOperationsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &PlanOperationsView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &PlanOperationsView::updateCount);
    restoreDefaultSort();
    updateCount();
}

void PlanOperationsView::setFilterText(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);   // comes back here through textChanged
    m_proxy->setFilterFixedString(text.trimmed());
    updateCount();
    // Keep the selected row in view when it survived the filter.
    if (m_table->currentIndex().isValid())
        m_table->scrollTo(m_table->currentIndex());
}

void PlanOperationsView::restoreDefaultSort()
{
    m_table->sortByColumn(m_defaultSortColumn, Qt::DescendingOrder);
}

int PlanOperationsView::currentSourceRow() const
{
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() ? m_proxy->mapToSource(i).row() : -1;
}

void PlanOperationsView::setCurrentSourceRow(int row)
{
    m_syncing = true;
    const QModelIndex proxyIndex =
        row >= 0 && row < m_model->rowCount() ? m_proxy->mapFromSource(m_model->index(row, 0)) : QModelIndex();
    if (proxyIndex.isValid()) {
        m_table->selectionModel()->setCurrentIndex(
            proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(proxyIndex);
    } else {
        m_table->selectionModel()->clearSelection();
        m_table->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
    }
    m_syncing = false;
}

void PlanOperationsView::fitColumns()
{
    // Qt measures at most resizeContentsPrecision() rows (1000 by default): cheap on big plans.
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_proxy->columnCount(); ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c) + 4, kMaxTextColumnWidth));
    // The stretch column gives way first when the page is narrow: its names are elided, the figures stay whole.
    m_stretchFitted = m_stretchColumn >= 0 ? std::min(m_table->columnWidth(m_stretchColumn), kMinStretchWidth) : 0;
    spreadColumns();
}

void PlanOperationsView::spreadColumns()
{
    if (m_stretchColumn < 0 || m_stretchColumn >= m_proxy->columnCount())
        return;
    int others = 0;
    for (int c = 0; c < m_proxy->columnCount(); ++c)
        if (c != m_stretchColumn && !m_table->isColumnHidden(c))
            others += m_table->columnWidth(c);
    m_table->setColumnWidth(m_stretchColumn, std::max(m_stretchFitted, m_table->viewport()->width() - others));
}

bool PlanOperationsView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        spreadColumns();
    return QWidget::eventFilter(watched, event);
}

void PlanOperationsView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    const QString total = all == 1 ? tr("1 operation") : tr("%1 operations").arg(all);
    m_count->setText(shown == all ? total : tr("%1 of %2").arg(shown).arg(total));
}

} // namespace PlanLens
