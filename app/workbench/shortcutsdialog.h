// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

class QTreeWidget;

namespace PlanLens {

// Help › Keyboard Shortcuts: every QAction with a shortcut in a window (its menus, toolbars and child widgets),
// grouped by the menu it lives in. The list is collected from the actions each time the dialog opens, so it
// cannot drift from them: a new action with a shortcut appears here without touching this file.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Entry {
        QString group;               // "File", "Help › Examples", or the toolbar / "Window" outside the menus
        QString action;              // the action's text without '&', '…' and leading symbols
        QList<QKeySequence> keys;    // every shortcut of the action, first the primary one
    };
    // Menu-bar order first (menus, then their submenus, each in its own order), then the actions outside the
    // menus. One entry per (group, text, keys): the Before and After graphs' identical toolbars are listed once.
    static QList<Entry> collect(const QWidget *window);
    // "&Open Plan as Before…" -> "Open Plan as Before"; "▶ Run pair" -> "Run pair"; "Save && Quit" -> "Save & Quit".
    static QString plainText(const QString &actionText);

    explicit ShortcutsDialog(const QWidget *window, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }

private:
    QTreeWidget *m_tree = nullptr;
};

} // namespace PlanLens
