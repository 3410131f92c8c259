// SPDX-License-Identifier: MIT
#pragma once

#include "planmetric.h"

#include <QAbstractListModel>

namespace PlanLens {

// The plan as PostgreSQL's text EXPLAIN prints it, one row per line: node lines ("->  Seq Scan on t  (cost=…)"),
// their detail lines ("Filter: …") indented under them, subplan headers, and the plan's footer (planning and
// execution time). Each row knows its node, so the text view can follow the graph's selection.
class PlanTextModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NodeIdRole = Qt::UserRole + 1,   // int; -1 for footer lines
        KindRole,                        // Kind
        FillRole,                        // QColor of the node (metric colour), node lines only
        TitleSpanRole,                   // QPoint(first column, length) of the node's name in the line
        MetricTextRole,                  // the metric figure for the gutter ("912 ms"), node lines only
    };
    enum Kind { NodeLine, DetailLine, SubplanHeader, FooterLine };
    Q_ENUM(Kind)

    explicit PlanTextModel(QObject *parent = nullptr);

    void setPlan(const Plan &plan, const PlanColorScale &scale);
    void setColorScale(const PlanColorScale &scale);
    const Plan &plan() const { return m_plan; }

    int rowForNode(int id) const;        // the node's own line, or -1
    int nodeForRow(int row) const;       // the node a line belongs to, or -1
    QString lineText(int row) const;
    QString text() const;                // every line, as psql would print it (without its frame)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Line {
        int node = -1;
        Kind kind = DetailLine;
        int indent = 0;        // spaces before the text
        bool arrow = false;    // "->  " before the text
        QString text;
    };
    Plan m_plan;
    PlanColorScale m_scale;
    QList<Line> m_lines;
    QList<int> m_nodeRow;
};

} // namespace PlanLens
