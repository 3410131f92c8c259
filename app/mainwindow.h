// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QComboBox;
class QDockWidget;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace PlanLens {

class SqlEditor;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    SqlEditor *beforeEditor() const { return m_before; }
    SqlEditor *afterEditor() const { return m_after; }
    QString conninfo() const;
    void setConninfo(const QString &conninfo);
    void loadExample(const QString &id);   // fills both panes and the DSN from resources/demo

protected:
    void closeEvent(QCloseEvent *e) override;

private:
    void createActions();
    void createCentral();
    void createDocks();
    void restoreState();
    void saveState();
    void showAbout();
    void setStatus(const QString &text);

    QComboBox *m_dsn = nullptr;
    QPushButton *m_connect = nullptr;
    QLabel *m_connectionState = nullptr;
    SqlEditor *m_before = nullptr;
    SqlEditor *m_after = nullptr;
    QTabWidget *m_planTabs = nullptr;
    QDockWidget *m_findingsDock = nullptr;
    QTableView *m_findings = nullptr;
    QLabel *m_statusConnection = nullptr;
};

} // namespace PlanLens
