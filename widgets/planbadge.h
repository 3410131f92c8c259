// SPDX-License-Identifier: MIT
#pragma once

#include "theme.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QString>

namespace PlanLens {

// A small label pinned to a node card: a finding ("seq scan", "spill"), or one of the heavy hitters. The detectors
// fill these per node id; the graph draws them and lists their tool tips when the node is hovered.
struct PlanBadge {
    QString text;                      // short: "!", "spill", "#1"
    QString toolTip;                   // one sentence
    QColor color = Theme::levelBadge(2);
    bool operator==(const PlanBadge &) const = default;
};

using PlanBadges = QHash<int, QList<PlanBadge>>;   // node id → badges, in the order they are drawn

} // namespace PlanLens
