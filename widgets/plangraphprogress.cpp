// SPDX-License-Identifier: MIT
#include "plangraphprogress.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace PlanLens {

PlanGraphProgress::PlanGraphProgress(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("PlanGraphProgress"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(this);
    m_label = new QLabel;
    m_bar = new QProgressBar;
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(260);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    hide();
}

void PlanGraphProgress::setProgress(const QString &text, int done, int total)
{
    m_label->setText(text);
    m_bar->setRange(0, total);
    m_bar->setValue(done);
}

void PlanGraphProgress::centreIn(const QRect &area)
{
    adjustSize();
    move(area.center() - QPoint(width() / 2, height() / 2));
}

} // namespace PlanLens
