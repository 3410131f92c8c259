// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QProgressBar;

namespace PlanLens {

// The panel over the graph while a big plan is laid out and its cards are built: a sentence and a bar
// (a busy indicator while the total is unknown). PlanGraphView shows it after a short delay and centres it.
class PlanGraphProgress : public QFrame
{
    Q_OBJECT
public:
    explicit PlanGraphProgress(QWidget *parent = nullptr);

    void setProgress(const QString &text, int done, int total);   // total 0: busy indicator
    void centreIn(const QRect &area);

private:
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
};

} // namespace PlanLens
