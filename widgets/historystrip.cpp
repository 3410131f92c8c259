// SPDX-License-Identifier: MIT
#include "historystrip.h"

#include "charts/historychart.h"
#include "format/units.h"
#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace PlanLens {

namespace {

QIcon sideDot(bool afterSide)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = Theme::colour(afterSide ? Theme::Role::ChartAfter : Theme::Role::ChartBefore);
    p.setPen(QPen(c.darker(115), 1));
    p.setBrush(c);
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pm);
}

} // namespace

HistoryStrip::HistoryStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("HistoryStrip"));
    m_summary = new QToolButton;
    m_summary->setObjectName(QStringLiteral("HistorySummary"));
    m_summary->setAutoRaise(true);
    m_summary->setCheckable(true);
    m_summary->setToolTip(tr("Every version of the query this session ran: open to chart their medians and compare "
                             "any two"));
    connect(m_summary, &QToolButton::toggled, this, &HistoryStrip::setExpanded);

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("HistoryList"));
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setUniformItemSizes(true);
    m_list->setTextElideMode(Qt::ElideMiddle);   // the whole row is in its tool tip
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Click a row to choose it, click again to let it go: two chosen rows are compared. (Selection rather than
    // check boxes: the palette's highlight reads in the light and the dark theme alike.)
    m_list->setSelectionMode(QAbstractItemView::MultiSelection);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &HistoryStrip::onSelectionChanged);
    connect(m_list, &QListWidget::customContextMenuRequested, this, &HistoryStrip::showContextMenu);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row > 0)   // a version against the one before it
            emit compareRequested(row - 1, row);
    });
    m_chart = new HistoryChart;
    m_chart->setObjectName(QStringLiteral("HistoryChart"));
    connect(m_chart, &HistoryChart::pointClicked, this, [this](int row) {   // a point is its row: chosen or let go
        if (QListWidgetItem *item = m_list->item(row))
            item->setSelected(!item->isSelected());
    });

    m_hint = new QLabel;
    m_hint->setObjectName(QStringLiteral("HistoryHint"));
    m_compare = new QPushButton(tr("Compare"));
    m_compare->setObjectName(QStringLiteral("HistoryCompare"));
    m_compare->setToolTip(tr("Show the two chosen versions in the Compare view, the older one as Before"));
    connect(m_compare, &QPushButton::clicked, this, &HistoryStrip::compareChecked);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_list, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_hint, 1);
    row->addWidget(m_compare);
    leftLayout->addLayout(row);

    auto *split = new QSplitter(Qt::Horizontal);
    split->setChildrenCollapsible(false);
    split->addWidget(left);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({420, 640});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    setVisible(false);
    updateCheckedState();
    updateSummary();
}

HistoryStrip::~HistoryStrip()
{
    if (m_summary && !m_summary->parent())
        delete m_summary;   // never placed
}

void HistoryStrip::setEntries(const QList<Entry> &entries)
{
    m_entries = entries;
    m_filling = true;
    m_list->clear();
    m_checkOrder.removeIf([this](int r) { return r >= m_entries.size(); });
    QList<HistoryChart::Point> points;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        QString text = QStringLiteral("%1. %2").arg(i + 1).arg(e.label);
        text += QStringLiteral("  —  ") + (e.medianMs ? tr("median %1").arg(Units::duration(*e.medianMs)) : tr("not timed"));
        if (e.when.isValid())
            text += QStringLiteral("  ·  ") + e.when.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        auto *item = new QListWidgetItem(sideDot(e.afterSide), text, m_list);
        item->setSelected(m_checkOrder.contains(int(i)));
        item->setToolTip(e.details.isEmpty() ? e.label : e.label + u'\n' + e.details);
        points << HistoryChart::Point{e.label, e.medianMs, e.afterSide};
    }
    m_filling = false;
    m_chart->setPoints(points);
    if (m_list->count() > 0)
        m_list->scrollToBottom();
    updateCheckedState();
    updateSummary();
}

void HistoryStrip::setExpanded(bool expanded)
{
    if (m_summary->isChecked() != expanded)
        m_summary->setChecked(expanded);   // comes back here through toggled
    if (m_expanded == expanded)
        return;
    m_expanded = expanded;
    setVisible(expanded);
    updateSummary();
    emit expandedChanged(expanded);
}

void HistoryStrip::updateSummary()
{
    const QString arrow = m_expanded ? QStringLiteral("▾") : QStringLiteral("▸");
    const qsizetype n = m_entries.size();
    m_summary->setText(n == 0   ? tr("History %1").arg(arrow)
                       : n == 1 ? tr("History: 1 version %1").arg(arrow)
                                : tr("History: %1 versions %2").arg(n).arg(arrow));
}

QList<int> HistoryStrip::checkedRows() const
{
    QList<int> rows;
    for (int r = 0; r < m_list->count(); ++r)
        if (m_list->item(r)->isSelected())
            rows << r;
    return rows;
}

void HistoryStrip::setChecked(int first, int second)
{
    m_filling = true;
    for (int r = 0; r < m_list->count(); ++r)
        m_list->item(r)->setSelected(r == first || r == second);
    m_filling = false;
    m_checkOrder = {first, second};
    updateCheckedState();
}

void HistoryStrip::onSelectionChanged()
{
    if (m_filling)
        return;
    const QList<int> rows = checkedRows();
    m_checkOrder.removeIf([&rows](int r) { return !rows.contains(r); });
    for (int r : rows)
        if (!m_checkOrder.contains(r))
            m_checkOrder << r;
    if (m_checkOrder.size() > 2) {   // two at most: a third choice lets the oldest go
        m_filling = true;
        while (m_checkOrder.size() > 2)
            m_list->item(m_checkOrder.takeFirst())->setSelected(false);
        m_filling = false;
    }
    updateCheckedState();
}

void HistoryStrip::updateCheckedState()
{
    const QList<int> rows = checkedRows();
    m_compare->setEnabled(rows.size() == 2);
    m_hint->setText(rows.size() == 2 ? tr("Versions %1 and %2 chosen.").arg(rows[0] + 1).arg(rows[1] + 1)
                                     : tr("Click two versions to compare their plans."));
    m_chart->setHighlighted(rows);
}

bool HistoryStrip::compareChecked()
{
    const QList<int> rows = checkedRows();
    if (rows.size() != 2)
        return false;
    emit compareRequested(rows[0], rows[1]);
    return true;
}

void HistoryStrip::showContextMenu(const QPoint &pos)
{
    QListWidgetItem *item = m_list->itemAt(pos);
    if (!item)
        return;
    const int row = m_list->row(item);
    QMenu menu(this);
    QMenu *with = menu.addMenu(tr("Compare with…"));
    for (int r = 0; r < m_entries.size(); ++r) {
        if (r == row)
            continue;
        with->addAction(QStringLiteral("%1. %2").arg(r + 1).arg(m_entries[r].label), this, [this, row, r] {
            setChecked(row, r);
            emit compareRequested(std::min(row, r), std::max(row, r));
        });
    }
    with->setEnabled(!with->isEmpty());
    if (row > 0)
        menu.addAction(tr("Compare with the previous version"), this, [this, row] {
            setChecked(row - 1, row);
            emit compareRequested(row - 1, row);
        });
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

void HistoryStrip::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_entries.isEmpty()) {
        for (int r = 0; r < m_list->count() && r < m_entries.size(); ++r)
            m_list->item(r)->setIcon(sideDot(m_entries[r].afterSide));
    }
}

} // namespace PlanLens
