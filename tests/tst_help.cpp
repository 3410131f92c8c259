// SPDX-License-Identifier: MIT
// The Help menu (issue 15, item 7) as a user meets it: Help › Keyboard Shortcuts lists every shortcut of the
// window's actions (checked against this test's own walk of them, plus one action added here), and
// Help › Examples › an incident fills both editors and the demo DSN and connects to the running demo database
// (label demo: the demo fixture starts it). Grabs land in BUILD/screenshots/.
#include "mainwindow.h"
#include "planview.h"
#include "sqleditor.h"
#include "workbench/shortcutsdialog.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace PlanLens;

namespace {

QMenu *menuNamed(QMenuBar *bar, const QString &title)
{
    for (QAction *a : bar->actions())
        if (a->text().remove(u'&') == title)
            return a->menu<QMenu *>();
    return nullptr;
}

QAction *actionStartingWith(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions())
        if (a->text().remove(u'&').startsWith(text))
            return a;
    return nullptr;
}

// This test's own walk, independent of ShortcutsDialog::collect: every action below the window or added to it
// or to any of its widgets, with each of its shortcuts as the user reads it.
QSet<QString> windowShortcuts(QWidget *window, QHash<QString, QStringList> *textsByKey)
{
    QList<QAction *> actions = window->findChildren<QAction *>() + window->actions();
    for (QWidget *child : window->findChildren<QWidget *>())
        actions += child->actions();
    QSet<QString> keys;
    for (QAction *a : actions)
        for (const QKeySequence &k : a->shortcuts()) {
            const QString key = k.toString(QKeySequence::NativeText);
            keys.insert(key);
            (*textsByKey)[key] << a->text().remove(u'&').remove(QChar(0x2026));
        }
    return keys;
}

struct Row {
    QString group;
    QString action;
    QStringList keys;
};

QList<Row> dialogRows(const ShortcutsDialog *dialog)
{
    QList<Row> rows;
    const QTreeWidget *tree = dialog->tree();
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        const QTreeWidgetItem *group = tree->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            rows.append({group->text(0), group->child(i)->text(0), group->child(i)->text(1).split(QStringLiteral(", "))});
    }
    return rows;
}

ShortcutsDialog *openShortcuts(MainWindow &w)
{
    QMenu *help = menuNamed(w.menuBar(), QStringLiteral("Help"));
    if (!help)
        return nullptr;
    QAction *open = actionStartingWith(help, QStringLiteral("Keyboard Shortcuts"));
    if (!open)
        return nullptr;
    for (auto *old : w.findChildren<ShortcutsDialog *>())
        delete old;
    open->trigger();
    return w.findChild<ShortcutsDialog *>();
}

} // namespace

class TestHelp : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void shortcutsListEveryAction();
    void shortcutsDialogIsGenerated();
    void examplesOpenIncidentB();
    void windowHasTheAppIcon();
};

void TestHelp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("PlanLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("PlanLensTest"));
    QSettings().clear();
    QDir().mkpath(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots"));
}

void TestHelp::shortcutsListEveryAction()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));

    ShortcutsDialog *dialog = openShortcuts(w);
    QVERIFY2(dialog, "Help › Keyboard Shortcuts… opened no ShortcutsDialog");
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QList<Row> rows = dialogRows(dialog);

    QHash<QString, QStringList> textsByKey;
    const QSet<QString> expected = windowShortcuts(&w, &textsByKey);
    QVERIFY2(expected.size() >= 15, qPrintable(QStringLiteral("only %1 shortcuts on the window").arg(expected.size())));
    QSet<QString> listed;
    for (const Row &r : rows) {
        QVERIFY2(!r.action.isEmpty() && !r.action.contains(u'&') && !r.action.contains(QChar(0x2026)), qPrintable(r.action));
        for (const QString &k : r.keys) {
            listed.insert(k);
            // Each row names an action that really has this key (its text, without '&', '…' or a leading glyph).
            const QStringList owners = textsByKey.value(k);
            QVERIFY2(std::any_of(owners.cbegin(), owners.cend(), [&r](const QString &t) { return t.endsWith(r.action); }),
                     qPrintable(QStringLiteral("%1 (%2) is no action's shortcut; actions with it: %3")
                                    .arg(r.action, k, owners.join(QStringLiteral(" | ")))));
        }
    }
    QStringList missing;
    for (const QString &k : expected)
        if (!listed.contains(k))
            missing << k + QStringLiteral(" (") + textsByKey.value(k).join(QStringLiteral(" | ")) + u')';
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the dialog: ") + missing.join(QStringLiteral(", "))));

    // Grouped by menu, in the menu bar's order; the keys the README promises are there under their menus.
    QStringList groups;
    for (const Row &r : rows)
        if (!groups.contains(r.group))
            groups << r.group;
    QCOMPARE(groups.value(0), QStringLiteral("File"));
    QVERIFY2(groups.indexOf(QStringLiteral("Run")) < groups.indexOf(QStringLiteral("View")), qPrintable(groups.join(u',')));
    const auto has = [&rows](const QString &group, const QString &action, const QString &key) {
        return std::any_of(rows.cbegin(), rows.cend(), [&](const Row &r) {
            return r.group == group && r.action == action && r.keys.contains(key);
        });
    };
    QVERIFY(has(QStringLiteral("Run"), QStringLiteral("Run pair"), QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)));
    QVERIFY(has(QStringLiteral("File"), QStringLiteral("Open Plan as Before"), QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    QVERIFY(has(QStringLiteral("View"), QStringLiteral("Focus on the Plan"), QStringLiteral("F11")));
    QVERIFY(has(QStringLiteral("Help"), QStringLiteral("Keyboard Shortcuts"), QStringLiteral("F1")));

    // What the user sees at the default size: every row fits without a horizontal scroll bar.
    const QImage img = dialog->grab().toImage();
    QVERIFY(img.save(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/help-shortcuts.png")));
    QCOMPARE(img.size(), dialog->size() * img.devicePixelRatio());
    QVERIFY(!dialog->tree()->horizontalScrollBar()->isVisible());
    QVERIFY2(dialog->width() <= 640 && dialog->height() <= 720, "the dialog is larger than a small laptop screen allows");
}

void TestHelp::shortcutsDialogIsGenerated()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString key = QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_R).toString(QKeySequence::NativeText);
    const auto listsReticulate = [&key](const ShortcutsDialog *d) {
        const QList<Row> rows = dialogRows(d);
        return std::any_of(rows.cbegin(), rows.cend(), [&key](const Row &r) {
            return r.action == QStringLiteral("Reticulate Splines") && r.keys == QStringList{key};
        });
    };
    ShortcutsDialog *before = openShortcuts(w);
    QVERIFY(before);
    QVERIFY(!listsReticulate(before));

    // An action this file adds to a child widget (the Before plan view), as a widget's own shortcut would be.
    auto *extra = new QAction(QStringLiteral("&Reticulate Splines…"), &w);
    extra->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_R));
    w.planView(MainWindow::BeforeSide)->addAction(extra);
    ShortcutsDialog *after = openShortcuts(w);
    QVERIFY(after);
    QVERIFY2(listsReticulate(after), "an action added at run time is missing from Help › Keyboard Shortcuts");
}

void TestHelp::examplesOpenIncidentB()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QMenu *help = menuNamed(w.menuBar(), QStringLiteral("Help"));
    QVERIFY(help);
    QAction *examplesAction = actionStartingWith(help, QStringLiteral("Examples"));
    QVERIFY2(examplesAction && examplesAction->menu<QMenu *>(), "Help has no Examples submenu");
    QMenu *examples = examplesAction->menu<QMenu *>();

    // One entry per line of resources/demo/examples.tsv, read here from the source tree.
    QFile tsv(QStringLiteral(PLANLENS_TESTS_DIR "/../resources/demo/examples.tsv"));
    QVERIFY(tsv.open(QIODevice::ReadOnly));
    QStringList ids;
    for (const QString &line : QString::fromUtf8(tsv.readAll()).split(u'\n'))
        if (!line.trimmed().isEmpty() && !line.startsWith(u'#'))
            ids << line.section(u'\t', 0, 0);
    QStringList listed;
    QAction *incidentB = nullptr;
    for (QAction *a : examples->actions()) {
        listed << a->data().toString();
        if (a->data().toString() == QStringLiteral("incident-b"))
            incidentB = a;
    }
    QCOMPARE(listed, ids);
    QVERIFY(incidentB);
    QVERIFY(incidentB->text().startsWith(QStringLiteral("Incident B")));

    w.beforeEditor()->setText(QStringLiteral("SELECT 'typed before'"));
    incidentB->trigger();
    const auto source = [](const QString &file) {
        QFile f(QStringLiteral(PLANLENS_TESTS_DIR "/../resources/demo/incident-b/") + file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    QVERIFY(!source(QStringLiteral("before.sql")).isEmpty());
    QCOMPARE(w.beforeEditor()->text(), source(QStringLiteral("before.sql")));
    QCOMPARE(w.afterEditor()->text(), source(QStringLiteral("after.sql")));
    QVERIFY2(w.conninfo().contains(QStringLiteral("dbname=projects")), qPrintable(w.conninfo()));
    QVERIFY(w.beforeEditor()->text().contains(QStringLiteral("project_authorizations")));
    // A ready session: the demo database is up (the demo fixture), so the window connects to it by itself.
    QTRY_VERIFY2_WITH_TIMEOUT(w.connectionText().startsWith(QStringLiteral("Connected")) && w.connectionText().contains(QStringLiteral("projects")),
                              qPrintable(w.connectionText()), 20000);
}

void TestHelp::windowHasTheAppIcon()
{
    MainWindow w;
    QVERIFY(!w.windowIcon().isNull());
    const QImage icon = w.windowIcon().pixmap(128, 128).toImage();
    QVERIFY(icon.save(QStringLiteral(PLANLENS_BUILD_DIR "/screenshots/app-icon.png")));
    QCOMPARE(icon.width(), 128);
    // Drawn, not an empty pixmap: the rounded square is opaque in the middle, transparent in the corner.
    QCOMPARE(qAlpha(icon.pixel(64, 100)), 255);
    QCOMPARE(qAlpha(icon.pixel(1, 1)), 0);
    // The desktop entry the window claims (Wayland app id) is the one the project installs.
    const QString id = QGuiApplication::desktopFileName();
    QVERIFY2(QFileInfo::exists(QStringLiteral(PLANLENS_TESTS_DIR "/../resources/") + id + QStringLiteral(".desktop")),
             qPrintable(id));
}

QTEST_MAIN(TestHelp)
#include "tst_help.moc"
