// SPDX-License-Identifier: MIT
#include "planloader.h"
#include "jobs/workpool.h"

#include "plan/planparser.h"

#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QSettings>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace PlanLens {

namespace {

struct ParsedPlan {
    std::optional<Plan> plan;
    QString error;
    QString raw;
};

ParsedPlan parseBytes(const QByteArray &bytes)
{
    ParsedPlan out;
    Result<Plan> r = parsePlanUtf8(QByteArrayView(bytes));
    if (auto *e = std::get_if<ParseError>(&r)) {
        out.error = e->toString();
        return out;
    }
    out.plan = std::move(std::get<Plan>(r));
    if (bytes.size() < 32 * 1024 * 1024)
        out.raw = QString::fromUtf8(bytes);
    return out;
}

} // namespace

PlanLoader::PlanLoader(QObject *parent)
    : QObject(parent)
{
}

void PlanLoader::loadFile(int side, const QString &fileName)
{
    const QFileInfo info(fileName);
    if (!info.isFile()) {
        emit failed(side, tr("%1 is not a file.").arg(fileName));
        return;
    }
    if (info.size() > kMaxPlanFileBytes) {
        emit failed(side, tr("%1 is %2 MB: larger than any plan PlanLens reads (1 GB).")
                              .arg(info.fileName())
                              .arg(info.size() >> 20));
        return;
    }
    start(side, info.fileName(), [fileName](QString *error) {
        QFile f(fileName);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = f.errorString();
            return QByteArray();
        }
        return f.readAll();
    });
}

void PlanLoader::openDialog(QWidget *parent, int side)
{
    QSettings s;
    const QString f = QFileDialog::getOpenFileName(parent, side == 0 ? tr("Open a plan as Before") : tr("Open a plan as After"),
                                                   s.value(QStringLiteral("files/planDir")).toString(),
                                                   tr("Plans (*.json *.txt *.log *.xml *.yaml *.yml *.sql);;All files (*)"));
    if (f.isEmpty())
        return;
    s.setValue(QStringLiteral("files/planDir"), QFileInfo(f).path());
    emit statusMessage(tr("Reading %1…").arg(QFileInfo(f).fileName()), 0);
    loadFile(side, f);
}

void PlanLoader::pasteClipboard(int side)
{
    const QString text = QGuiApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        emit statusMessage(tr("The clipboard holds no text."), 8000);
        return;
    }
    loadText(side, text, tr("The clipboard"));
}

void PlanLoader::loadText(int side, const QString &text, const QString &origin)
{
    // The text is shared, not copied, into the job: converting a 20 MB paste to UTF-8 here would stall the window.
    start(side, origin, [text](QString *) { return text.toUtf8(); });
}

void PlanLoader::start(int side, const QString &origin, std::function<QByteArray(QString *)> read)
{
    const quint64 gen = ++m_generation[side];
    if (m_pending++ == 0)
        emit busyChanged(true);
    auto *w = new QFutureWatcher<ParsedPlan>(this);
    connect(w, &QFutureWatcherBase::finished, this, [this, w, side, gen, origin] {
        w->deleteLater();
        if (--m_pending == 0)
            emit busyChanged(false);
        if (gen != m_generation[side])
            return;   // a newer plan was asked for meanwhile
        const ParsedPlan p = w->future().takeResult();
        if (!p.plan)
            emit failed(side, tr("%1 is not a plan PlanLens can read: %2").arg(origin, p.error));
        else
            emit loaded(side, *p.plan, p.raw, origin);
    });
    w->setFuture(QtConcurrent::run(workPool(), [read] {
        QString error;
        const QByteArray bytes = read(&error);
        if (!error.isEmpty())
            return ParsedPlan{std::nullopt, error, QString()};
        return parseBytes(bytes);
    }));
}

} // namespace PlanLens
