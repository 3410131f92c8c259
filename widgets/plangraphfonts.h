// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QGuiApplication>

namespace PlanLens {

// The fonts of the graph's cards and callouts, in pixels so they scale with the zoom like the boxes do. Sized for
// PlanGraphScene::kCardLod: at 0.7 the figures are 9 device pixels, the smallest labels 7.7.
struct GraphFonts {
    QFont title;       // 14 px bold: operation, callout title
    QFont body;        // 13 px: figures, callout message
    QFont small;       // 12 px: estimate line
    QFont smallBold;   // 12 px bold: the callout's "Rewrite…" pill
    QFont badge;       // 11 px bold: badges and pills on cards
};

inline const GraphFonts &graphFonts()
{
    static const GraphFonts f = [] {
        GraphFonts x;
        const QFont base = QGuiApplication::font();
        x.title = base;
        x.title.setPixelSize(14);
        x.title.setBold(true);
        x.body = base;
        x.body.setPixelSize(13);
        x.small = base;
        x.small.setPixelSize(12);
        x.smallBold = x.small;
        x.smallBold.setBold(true);
        x.badge = base;
        x.badge.setPixelSize(11);
        x.badge.setBold(true);
        return x;
    }();
    return f;
}

} // namespace PlanLens
