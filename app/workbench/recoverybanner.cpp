// SPDX-License-Identifier: MIT
#include "recoverybanner.h"
#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace PlanLens {

RecoveryBanner::RecoveryBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("RecoveryBanner"));
    applyStyle();
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(10, 4, 10, 4);
    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("RecoveryText"));
    m_label->setWordWrap(true);
    m_restore = new QPushButton(tr("Restore"));
    m_restore->setObjectName(QStringLiteral("RecoveryRestore"));
    m_restore->setToolTip(tr("Open the autosaved work as it was (scripts, parameters, plans); it stays unsaved "
                             "until you save the session"));
    m_discard = new QPushButton(tr("Discard"));
    m_discard->setObjectName(QStringLiteral("RecoveryDiscard"));
    m_discard->setToolTip(tr("Delete the autosaved work"));
    row->addWidget(m_label, 1);
    row->addWidget(m_restore);
    row->addWidget(m_discard);
    connect(m_restore, &QPushButton::clicked, this, &RecoveryBanner::restoreRequested);
    connect(m_discard, &QPushButton::clicked, this, &RecoveryBanner::discardRequested);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);   // the whole width of its toolbar row
}

void RecoveryBanner::applyStyle()
{
    // An amber notice in either theme: pale with dark text in the light one, deep with light text in the dark.
    setStyleSheet(QStringLiteral("#RecoveryBanner { background: %1; border-bottom: 1px solid %2; }"
                                 "#RecoveryBanner QLabel { color: %3; }")
                      .arg(Theme::css(Theme::Role::BannerFill), Theme::css(Theme::Role::BannerBorder),
                           Theme::css(Theme::Role::BannerInk)));
}

bool RecoveryBanner::event(QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange)
        applyStyle();
    return QFrame::event(event);
}

void RecoveryBanner::offer(const QDateTime &lastWritten)
{
    const QLocale locale;
    const QString time = locale.toString(lastWritten.time(), QLocale::ShortFormat);
    const QString when = lastWritten.date() == QDate::currentDate()
        ? time
        : tr("%1, %2").arg(locale.toString(lastWritten.date(), QLocale::ShortFormat), time);
    m_label->setText(tr("<b>PlanLens closed without saving.</b> Its unsaved work, autosaved at %1, can be restored.")
                         .arg(when.toHtmlEscaped()));
}

QString RecoveryBanner::text() const
{
    return m_label->text();
}

} // namespace PlanLens
