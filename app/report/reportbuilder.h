// SPDX-License-Identifier: MIT
#pragma once

#include "reportdata.h"

#include <QString>
#include <QStringList>

namespace PlanLens {

struct Session;

// Writes the incident write-up of a session: `planlens report` and File › Export Report… call it.
//   OUT.md    Markdown, with the pictures as PNG files beside it: OUT-before.png, OUT-after.png (plan graphs)
//             and OUT-runs.png (run distribution), named after the report so two reports in one folder do not
//             overwrite each other's pictures
//   OUT.html  one self-contained page (inline CSS, SVG graphs, data: PNG chart) that prints well
// Needs a QApplication to paint (offscreen is fine). Content: see buildReportDocument().
class ReportBuilder
{
public:
    // `source` names where the session came from in the report ("incident.planlens", "the PlanLens window").
    ReportBuilder(const Session& session, const QString& source);

    const ReportData& data() const { return m_data; }

    // The format from the suffix: .md/.markdown or .html/.htm; an empty string for anything else.
    static QString formatOf(const QString& fileName);

    // Writes the report (and, for Markdown, its pictures). *written lists every file written, the report first.
    // On failure returns false with a sentence in *error; files already written stay (they are complete).
    bool write(const QString& fileName, QStringList* written, QString* error) const;

    // The texts, for tests and previews. Markdown links to the given picture file names.
    QString markdown(const QString& imageBaseName) const;
    QByteArray html(QString* error) const;

private:
    ReportData m_data;
};

} // namespace PlanLens
