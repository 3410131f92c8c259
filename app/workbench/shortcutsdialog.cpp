// SPDX-License-Identifier: MIT
#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace PlanLens {

namespace {

const QString kPathSeparator = QStringLiteral(" › ");

struct Found {
    QString group;
    QAction *action = nullptr;
};

// Depth first, in the menus' own order: a submenu's actions come under "Menu › Submenu".
void walkMenu(const QMenu *menu, const QString &path, QList<Found> &out)
{
    for (QAction *a : menu->actions()) {
        if (a->isSeparator())
            continue;
        if (const QMenu *sub = a->menu<QMenu *>())
            walkMenu(sub, path + kPathSeparator + ShortcutsDialog::plainText(sub->title()), out);
        else
            out.append({path, a});
    }
}

// An action outside the menus is named by the toolbar it sits on, else it is one of the window's own.
QString groupOutsideMenus(const QAction *a)
{
    for (QObject *o : a->associatedObjects())
        if (const auto *bar = qobject_cast<const QToolBar *>(o); bar && !bar->windowTitle().isEmpty())
            return ShortcutsDialog::plainText(bar->windowTitle());
    return ShortcutsDialog::tr("Window");
}

QString keysText(const QList<QKeySequence> &keys)
{
    QStringList parts;
    for (const QKeySequence &k : keys)
        parts << k.toString(QKeySequence::NativeText);
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString ShortcutsDialog::plainText(const QString &actionText)
{
    QString s;
    s.reserve(actionText.size());
    for (qsizetype i = 0; i < actionText.size(); ++i) {
        if (actionText.at(i) == u'&') {
            // "&&" is a literal ampersand; a single '&' marks the mnemonic.
            if (i + 1 < actionText.size() && actionText.at(i + 1) == u'&') {
                s += u'&';
                ++i;
            }
            continue;
        }
        s += actionText.at(i);
    }
    s.remove(QChar(0x2026)).remove(QStringLiteral("..."));   // "…" says a dialog follows; the list needs no hint
    // Toolbar texts lead with a glyph ("▶ Run pair", "■ Stop"): the list reads better by the words.
    qsizetype start = 0;
    while (start < s.size() && !s.at(start).isLetterOrNumber())
        ++start;
    return s.mid(start).trimmed();
}

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(const QWidget *window)
{
    QList<Found> found;
    if (const auto *mw = window->findChild<QMenuBar *>()) {
        for (QAction *a : mw->actions())
            if (const QMenu *m = a->menu<QMenu *>())
                walkMenu(m, plainText(m->title()), found);
    }
    // Everything else: actions added to the window or a child widget (shortcuts that work while the menu bar is
    // hidden), toolbars, and actions parented anywhere below the window.
    QSet<const QAction *> inMenus;
    for (const Found &f : found)
        inMenus.insert(f.action);
    QList<QAction *> others = window->actions();
    for (const QWidget *child : window->findChildren<QWidget *>())
        others += child->actions();
    others += window->findChildren<QAction *>();
    for (QAction *a : others)
        if (!inMenus.contains(a) && !a->menu<QMenu *>())
            found.append({groupOutsideMenus(a), a});

    QList<Entry> entries;
    QSet<QString> seen;
    for (const Found &f : found) {
        const QList<QKeySequence> keys = f.action->shortcuts();
        if (keys.isEmpty())
            continue;
        QString text = plainText(f.action->text());
        if (text.isEmpty())
            text = plainText(f.action->toolTip());
        const QString key = f.group + u'\n' + text + u'\n' + keysText(keys);
        if (seen.contains(key))
            continue;
        seen.insert(key);
        entries.append({f.group, text, keys});
    }
    return entries;
}

ShortcutsDialog::ShortcutsDialog(const QWidget *window, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("ShortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));

    auto *filter = new QLineEdit;
    filter->setObjectName(QStringLiteral("ShortcutsFilter"));
    filter->setPlaceholderText(tr("Filter by action or key"));
    filter->setClearButtonEnabled(true);

    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("ShortcutsTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setFocusPolicy(Qt::NoFocus);
    m_tree->setIndentation(14);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    QHash<QString, QTreeWidgetItem *> groups;   // in order of first appearance: the menu bar's, then the rest
    for (const Entry &e : collect(window)) {
        QTreeWidgetItem *&group = groups[e.group];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, {e.group});
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
        }
        auto *item = new QTreeWidgetItem(group, {e.action, keysText(e.keys)});
        item->setToolTip(1, item->text(1));
    }
    m_tree->expandAll();

    connect(filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
            QTreeWidgetItem *group = m_tree->topLevelItem(g);
            int shown = 0;
            for (int i = 0; i < group->childCount(); ++i) {
                QTreeWidgetItem *item = group->child(i);
                const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive)
                    || item->text(1).contains(text, Qt::CaseInsensitive);
                item->setHidden(!match);
                shown += match ? 1 : 0;
            }
            group->setHidden(shown == 0);
        }
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);

    // As tall as the list (no empty half-window for a short one), within what a small laptop screen shows.
    int rows = m_tree->topLevelItemCount();
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g)
        rows += m_tree->topLevelItem(g)->childCount();
    const int hinted = m_tree->sizeHintForRow(0);
    const int rowHeight = hinted > 0 ? hinted : fontMetrics().height() + 2;
    const int treeHeight = m_tree->header()->sizeHint().height() + rows * rowHeight + 2 * m_tree->frameWidth() + 8;
    const int chrome = filter->sizeHint().height() + buttons->sizeHint().height() + 2 * layout->spacing()
        + layout->contentsMargins().top() + layout->contentsMargins().bottom();
    resize(440, qBound(320, treeHeight + chrome, 680));
}

} // namespace PlanLens
