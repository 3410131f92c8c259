// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

namespace PlanLens {

// The text of one line while plan input is cleaned and read: a view into the caller's text as long as the line is
// only trimmed or cut, and a string of its own once it had to change (quotes undone, tabs expanded, a broken line
// joined with its continuation). A 20 MB plan is then held once, not once per cleaning step. The view stays valid
// when the line is copied or moved (copies of a QString share its characters), so lines live in ordinary lists;
// the owner must outlive nothing but the text it views.
struct LineText {
    QStringView view;
    QString owned;

    LineText() = default;
    explicit LineText(QStringView v) : view(v) {}

    void set(QString s)
    {
        owned = std::move(s);
        view = owned;
    }

    void append(QStringView more)
    {
        if (more.isEmpty())
            return;
        if (!owned.isNull() && view.data() == owned.constData() && view.size() == owned.size()) {
            owned += more;   // detaches when a copy shares it; the copy keeps its characters
        } else {
            QString s;
            s.reserve(view.size() + more.size());
            s += view;
            s += more;
            owned = std::move(s);
        }
        view = owned;
    }
};

} // namespace PlanLens
