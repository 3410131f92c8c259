// SPDX-License-Identifier: MIT
#include "plantextview.h"
#include "plantextmodel.h"
#include "theme.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QPainter>
#include <QStyledItemDelegate>

#include <algorithm>

namespace PlanLens {

namespace {

constexpr int kGutter = 78;   // metric figure column, in pixels

// Paints one line: gutter with the metric figure, the line in a fixed font, the node's name on its colour.
class PlanTextDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const bool selected = option.state & QStyle::State_Selected;
        const QRect r = option.rect;
        p->save();
        const QColor highlight = option.palette.color(QPalette::Highlight);
        const QColor selection = Theme::isDark() ? highlight.darker(150) : highlight.lighter(175);
        p->fillRect(r, selected ? selection : option.palette.color(QPalette::Base));
        const auto kind = PlanTextModel::Kind(index.data(PlanTextModel::KindRole).toInt());
        const QFontMetrics fm(option.font);
        const int cw = fm.horizontalAdvance(u'M');
        const int baseline = r.top() + (r.height() + fm.ascent() - fm.descent()) / 2;

        // Gutter.
        p->fillRect(QRect(r.left(), r.top(), kGutter, r.height()), Theme::colour(Theme::Role::TextGutter));
        if (kind == PlanTextModel::NodeLine) {
            const QColor fill = index.data(PlanTextModel::FillRole).value<QColor>();
            p->fillRect(QRect(r.left(), r.top(), 4, r.height()), fill);
            QFont small = option.font;
            small.setPointSizeF(std::max(6.0, option.font.pointSizeF() - 1));
            p->setFont(small);
            p->setPen(Theme::colour(Theme::Role::TextMuted));
            p->drawText(QRect(r.left() + 6, r.top(), kGutter - 12, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                        index.data(PlanTextModel::MetricTextRole).toString());
        }
        p->setFont(option.font);
        const QString text = index.data(Qt::DisplayRole).toString();
        const int x0 = r.left() + kGutter + 6;
        if (kind == PlanTextModel::NodeLine) {
            const QPoint span = index.data(PlanTextModel::TitleSpanRole).toPoint();
            const QColor fill = index.data(PlanTextModel::FillRole).value<QColor>();
            const QRect chip(x0 + span.x() * cw - 3, r.top() + 1, span.y() * cw + 6, r.height() - 2);
            p->setRenderHint(QPainter::Antialiasing);
            p->setPen(QPen(Theme::isDark() ? fill.lighter(130) : fill.darker(130), 1));
            p->setBrush(fill);
            p->drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
            p->setPen(Theme::colour(Theme::Role::TextLineNumber));
            p->drawText(x0, baseline, text.left(span.x()));
            p->setPen(PlanColorScale::textOn(fill));
            QFont bold = option.font;
            bold.setBold(true);
            p->setFont(bold);
            p->drawText(x0 + span.x() * cw, baseline, text.mid(span.x(), span.y()));
            p->setFont(option.font);
            p->setPen(option.palette.color(QPalette::Text));
            p->drawText(x0 + (span.x() + span.y()) * cw, baseline, text.mid(span.x() + span.y()));
        } else {
            p->setPen(kind == PlanTextModel::DetailLine      ? Theme::colour(Theme::Role::TextMuted)
                      : kind == PlanTextModel::SubplanHeader ? Theme::colour(Theme::Role::TextSubplan)
                                                             : option.palette.color(QPalette::Text));
            p->drawText(x0, baseline, text);
        }
        p->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QFontMetrics fm(option.font);
        return QSize(kGutter + 12 + fm.horizontalAdvance(index.data(Qt::DisplayRole).toString()), fm.height() + 4);
    }
};

} // namespace

PlanTextView::PlanTextView(QWidget *parent)
    : QListView(parent)
{
    setObjectName(QStringLiteral("PlanTextView"));
    m_model = new PlanTextModel(this);
    setModel(m_model);
    setItemDelegate(new PlanTextDelegate(this));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    setUniformItemSizes(true);   // one height for every line: scrolling 300,000 lines stays cheap
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setLayoutMode(QListView::Batched);
    setBatchSize(2000);
}

void PlanTextView::setPlan(const Plan &plan, const PlanColorScale &scale)
{
    m_selected = -1;
    m_syncing = true;
    m_model->setPlan(plan, scale);
    m_syncing = false;
}

void PlanTextView::setColorScale(const PlanColorScale &scale)
{
    m_model->setColorScale(scale);
    viewport()->update();
}

QString PlanTextView::selectedText() const
{
    QList<int> rows;
    for (const QModelIndex &i : selectionModel()->selectedIndexes())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (int r : rows)
        lines << m_model->lineText(r);
    return lines.join(u'\n');
}

QString PlanTextView::text() const
{
    return m_model->text();
}

void PlanTextView::selectNode(int id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    const int row = m_model->rowForNode(id);
    m_syncing = true;
    if (row >= 0) {
        const QModelIndex idx = m_model->index(row);
        selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect);
        scrollTo(idx, QAbstractItemView::EnsureVisible);
        horizontalScrollBar()->setValue(0);   // lines start at the left; indentation shows the depth
    } else {
        selectionModel()->clearSelection();
    }
    m_syncing = false;
    emit nodeSelected(id);
}

void PlanTextView::copySelection()
{
    const QString t = selectedText();
    if (!t.isEmpty())
        QApplication::clipboard()->setText(t);
}

void PlanTextView::copyAll()
{
    QApplication::clipboard()->setText(text());
}

void PlanTextView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return;
    }
    QListView::keyPressEvent(event);
}

void PlanTextView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy selected lines"), this, &PlanTextView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(selectionModel()->hasSelection());
    menu.addAction(tr("Copy the whole plan as text"), this, &PlanTextView::copyAll);
    menu.exec(event->globalPos());
}

void PlanTextView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QListView::currentChanged(current, previous);
    if (m_syncing || !current.isValid())
        return;
    const int id = m_model->nodeForRow(current.row());
    if (id >= 0 && id != m_selected) {
        m_selected = id;
        emit nodeSelected(id);
    }
}

} // namespace PlanLens
