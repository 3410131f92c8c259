// SPDX-License-Identifier: MIT
#pragma once

#include "sql/worddiff.h"

#include <QTextBrowser>

namespace PlanLens {

// Read-only SQL diff: one text where removed words are struck through on red and added words sit on green, so
// a rewrite reads as the few words it changes, not as two scripts to compare by eye. Wraps to the width, so it
// fits a narrow side panel. Before and After modes show one side with its own changes marked.
class SqlDiffView : public QTextBrowser
{
    Q_OBJECT
public:
    enum class Mode { Unified, Before, After };

    explicit SqlDiffView(QWidget *parent = nullptr);

    void setTexts(const QString &before, const QString &after);
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    QString html() const { return m_html; } // what is shown, as set (not QTextDocument's rewrite of it)
    const QList<DiffChunk> &chunks() const { return m_chunks; }
    int removedChunks() const;
    int addedChunks() const;
    QString beforeText() const { return m_before; }
    QString afterText() const { return m_after; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QString m_before;
    QString m_after;
    QList<DiffChunk> m_chunks;
    Mode m_mode = Mode::Unified;
    QString m_html;
};

} // namespace PlanLens
