// SPDX-License-Identifier: MIT
#include "reportbuilder.h"

#include "reportdocument.h"
#include "reporthtml.h"
#include "reportimages.h"
#include "reportmarkdown.h"
#include "session.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace PlanLens {

namespace {

bool writeFile(const QString& fileName, const QByteArray& bytes, QStringList* written, QString* error)
{
    QSaveFile f(fileName);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(fileName, f.errorString());
        return false;
    }
    *written << fileName;
    return true;
}

QString pictureName(const QString& base, const char* what)
{
    return QStringLiteral("%1-%2.png").arg(base, QLatin1String(what));
}

} // namespace

ReportBuilder::ReportBuilder(const Session& session, const QString& source)
    : m_data(buildReportData(session, source))
{ }

QString ReportBuilder::formatOf(const QString& fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"md" || suffix == u"markdown") return QStringLiteral("md");
    if (suffix == u"html" || suffix == u"htm") return QStringLiteral("html");
    return QString();
}

QString ReportBuilder::markdown(const QString& imageBaseName) const
{
    ReportImageFiles files;
    const ReportSide* sides = m_data.sides;
    if (!sides[0].plan.isEmpty()) files.beforeGraph = pictureName(imageBaseName, "before");
    if (!sides[1].plan.isEmpty()) files.afterGraph = pictureName(imageBaseName, "after");
    if (m_data.run && (!m_data.run->before.runsMs.isEmpty() || !m_data.run->after.runsMs.isEmpty()))
        files.runChart = pictureName(imageBaseName, "runs");
    return reportMarkdown(buildReportDocument(m_data), files);
}

QByteArray ReportBuilder::html(QString* error) const
{
    ReportImages images;
    if (!renderReportImages(m_data, ReportImageKinds::Svg, &images, error)) return QByteArray();
    return reportHtml(m_data.title, buildReportDocument(m_data), images);
}

bool ReportBuilder::write(const QString& fileName, QStringList* written, QString* error) const
{
    const QString format = formatOf(fileName);
    if (format == u"html") {
        const QByteArray page = html(error);
        return !page.isEmpty() && writeFile(fileName, page, written, error);
    }
    if (format != u"md") {
        *error = QStringLiteral("The report must end in .md or .html, not '%1'.").arg(QFileInfo(fileName).fileName());
        return false;
    }
    ReportImages images;
    if (!renderReportImages(m_data, ReportImageKinds::Png, &images, error)) return false;
    const QFileInfo info(fileName);
    const QString base = info.completeBaseName();
    if (!writeFile(fileName, markdown(base).toUtf8(), written, error)) return false;
    const QDir dir = info.absoluteDir();
    const std::pair<const char*, const QByteArray*> pictures[]
        = { { "before", &images.graphPng[0] }, { "after", &images.graphPng[1] }, { "runs", &images.runsPng } };
    for (const auto& [what, bytes] : pictures)
        if (!bytes->isEmpty() && !writeFile(dir.filePath(pictureName(base, what)), *bytes, written, error))
            return false;
    return true;
}

} // namespace PlanLens
