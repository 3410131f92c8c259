// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QFrame>

class QLabel;
class QPushButton;

namespace PlanLens {

// The strip across the top of the window (a toolbar row of its own, see RecoveryStore) that offers the work a
// PlanLens which did not close cleanly left behind ("PlanLens closed without saving … Restore / Discard"). Not a
// dialog: the window stays usable, and offscreen tests and --screenshot runs are never blocked by it.
class RecoveryBanner : public QFrame
{
    Q_OBJECT
public:
    explicit RecoveryBanner(QWidget *parent = nullptr);

    // lastWritten: when that instance last autosaved, i.e. the newest work the file holds.
    void offer(const QDateTime &lastWritten);
    QString text() const;
    QPushButton *restoreButton() const { return m_restore; }
    QPushButton *discardButton() const { return m_discard; }

signals:
    void restoreRequested();
    void discardRequested();

protected:
    bool event(QEvent *event) override;   // a theme change restyles the strip

private:
    void applyStyle();
    QLabel *m_label = nullptr;
    QPushButton *m_restore = nullptr;
    QPushButton *m_discard = nullptr;
};

} // namespace PlanLens
