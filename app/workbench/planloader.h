// SPDX-License-Identifier: MIT
#pragma once

#include "plan/plan.h"

#include <QObject>

#include <functional>

class QWidget;

namespace PlanLens {

// Plans from files, pastes and sessions, parsed off the GUI thread; per side, the newest request wins.
class PlanLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxPlanFileBytes = qint64(1) << 30;   // 1 GiB: anything larger is not a plan

    explicit PlanLoader(QObject *parent = nullptr);

    // origin names where the plan came from in messages ("incident.json", "clipboard", "session x.planlens").
    void loadFile(int side, const QString &fileName);
    void loadText(int side, const QString &text, const QString &origin);
    bool isBusy() const { return m_pending > 0; }
    // File › Open Plan (remembers the folder) and File › Paste Plan.
    void openDialog(QWidget *parent, int side);
    void pasteClipboard(int side);

signals:
    // raw: the text as read (kept for sessions; empty when larger than 32 MB).
    void loaded(int side, const PlanLens::Plan &plan, const QString &raw, const QString &origin);
    void failed(int side, const QString &message);
    void busyChanged(bool busy);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void start(int side, const QString &origin, std::function<QByteArray(QString *)> read);

    quint64 m_generation[2] = {0, 0};
    int m_pending = 0;
};

} // namespace PlanLens
