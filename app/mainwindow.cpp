// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "db/demodatabase.h"
#include "sqleditor.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace PlanLens {

namespace {
QWidget *titled(const QString &title, QWidget *body)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(2);
    auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(title));
    v->addWidget(label);
    v->addWidget(body, 1);
    return box;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("PlanLens"));
    setObjectName(QStringLiteral("MainWindow"));
    createCentral();
    createDocks();
    createActions();
    restoreState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createCentral()
{
    // Connection bar: any libpq conninfo string or URI; the demo database is the default.
    auto *bar = addToolBar(tr("Connection"));
    bar->setObjectName(QStringLiteral("ConnectionBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Connection: ")));
    m_dsn = new QComboBox;
    m_dsn->setEditable(true);
    m_dsn->setMinimumWidth(420);
    m_dsn->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_dsn->lineEdit()->setPlaceholderText(tr("host=… dbname=… or postgresql://user@host/db"));
    m_dsn->setToolTip(tr("A libpq connection string or URI. PG* variables, service files and .pgpass apply; "
                         "passwords are never stored."));
    bar->addWidget(m_dsn);
    m_connect = new QPushButton(tr("Connect"));
    bar->addWidget(m_connect);
    m_connectionState = new QLabel;
    m_connectionState->setContentsMargins(8, 0, 8, 0);
    bar->addWidget(m_connectionState);

    m_before = new SqlEditor;
    m_before->setObjectName(QStringLiteral("BeforeEditor"));
    m_after = new SqlEditor;
    m_after->setObjectName(QStringLiteral("AfterEditor"));
    auto *editors = new QSplitter(Qt::Horizontal);
    editors->addWidget(titled(tr("Before"), m_before));
    editors->addWidget(titled(tr("After"), m_after));

    m_planTabs = new QTabWidget;
    m_planTabs->setObjectName(QStringLiteral("PlanTabs"));
    auto *placeholder = new QLabel(tr("Run the pair (Ctrl+Return) to see both plans here, or open a plan file (Ctrl+O)."));
    placeholder->setAlignment(Qt::AlignCenter);
    m_planTabs->addTab(placeholder, tr("Plans"));

    auto *main = new QSplitter(Qt::Vertical);
    main->setObjectName(QStringLiteral("MainSplitter"));
    main->addWidget(editors);
    main->addWidget(m_planTabs);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    setCentralWidget(main);

    m_statusConnection = new QLabel;
    statusBar()->addPermanentWidget(m_statusConnection);
}

void MainWindow::createDocks()
{
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("FindingsDock"));
    m_findings = new QTableView;
    m_findings->horizontalHeader()->setStretchLastSection(true);
    m_findings->verticalHeader()->hide();
    m_findings->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsDock->setWidget(m_findings);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *examples = menuBar()->addMenu(tr("&Examples"));
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        const QString id = e.id;
        examples->addAction(e.title, this, [this, id] { loadExample(id); });
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findingsDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PlanLens"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QString MainWindow::conninfo() const
{
    return m_dsn->currentText().trimmed();
}

void MainWindow::setConninfo(const QString &conninfo)
{
    m_dsn->setCurrentText(conninfo);
}

void MainWindow::loadExample(const QString &id)
{
    for (const DemoDatabase::Example &e : DemoDatabase::examples()) {
        if (e.id != id)
            continue;
        m_before->setText(e.beforeSql);
        m_after->setText(e.afterSql);
        setConninfo(DemoDatabase().conninfo(e.database));
        setStatus(tr("Loaded example: %1").arg(e.title));
        return;
    }
}

void MainWindow::setStatus(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PlanLens"),
                       tr("<h3>PlanLens %1</h3><p>A PostgreSQL query-plan workbench: run a before/after pair under "
                          "EXPLAIN ANALYZE, compare the plans, and try the rewrite that fixes them.</p>"
                          "<p>Built with Qt %2, libpq, libpg_query, QScintilla and QCustomPlot.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreState()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    QMainWindow::restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    const QStringList recent = s.value(QStringLiteral("connection/recent")).toStringList();
    m_dsn->addItems(recent);
    const QString demo = DemoDatabase().conninfo(QStringLiteral("tracks"));
    if (!recent.contains(demo))
        m_dsn->addItem(demo);
    setConninfo(s.value(QStringLiteral("connection/last"), demo).toString());
    // What the user typed survives a restart (and a crash of the server, a cancelled run, ...).
    m_before->setText(s.value(QStringLiteral("editor/before")).toString());
    m_after->setText(s.value(QStringLiteral("editor/after")).toString());
}

void MainWindow::saveState()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), QMainWindow::saveState());
    s.setValue(QStringLiteral("connection/last"), conninfo());
    s.setValue(QStringLiteral("editor/before"), m_before->text());
    s.setValue(QStringLiteral("editor/after"), m_after->text());
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    saveState();
    e->accept();
}

} // namespace PlanLens
