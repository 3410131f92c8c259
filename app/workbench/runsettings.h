// SPDX-License-Identifier: MIT
#pragma once

#include "db/runresult.h"

#include <QObject>
#include <QVariantMap>

class QAction;
class QCheckBox;
class QComboBox;
class QSettings;
class QSpinBox;
class QToolBar;
class QToolButton;
class QWidget;

namespace PlanLens {

// How the pair runs: mode, EXPLAIN options, measured rounds, warm-ups, timeout and "allow writes". The mode
// sits in the header; the rest folds into one "Settings" button so the header stays a single line.
class RunSettings : public QObject
{
    Q_OBJECT
public:
    explicit RunSettings(QWidget *owner);

    void addTo(QToolBar *bar);            // the mode box and the settings button
    void applyTo(RunRequest *request) const;   // everything but the scripts and the parameters

    RunMode mode() const;
    void setMode(RunMode mode);
    void setRounds(int runs, int warmup);
    int runs() const;
    int warmup() const;
    int timeoutMs() const;
    void setTimeoutMs(int ms);
    void setAllowWrites(bool allow);
    void setExplain(const ExplainOptions &options);

    void save(QVariantMap &values) const;   // the QSettings keys and values (WorkbenchStore writes them)
    void restore(const QSettings &settings);

private:
    void updateSummary();

    QComboBox *m_mode = nullptr;
    QToolButton *m_button = nullptr;
    QSpinBox *m_runs = nullptr;
    QSpinBox *m_warmup = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_allowWrites = nullptr;
    QCheckBox *m_buffers = nullptr;
    QCheckBox *m_verbose = nullptr;
    QCheckBox *m_settings = nullptr;
    QCheckBox *m_wal = nullptr;
    QCheckBox *m_generic = nullptr;
};

} // namespace PlanLens
