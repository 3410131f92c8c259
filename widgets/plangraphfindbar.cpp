// SPDX-License-Identifier: MIT
#include "plangraphfindbar.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QToolButton>

namespace PlanLens {

namespace {

constexpr const char *kNoMatchProperty = "noMatch";

// Only Base is set, and only while nothing matches: the rest follows the theme. Asked again when the theme
// changes, so a "no match" field does not keep the old theme's red.
void paintEdit(QLineEdit *edit)
{
    QPalette pal;
    if (edit->property(kNoMatchProperty).toBool())
        pal.setColor(QPalette::Base, Theme::colour(Theme::Role::FindNoMatch));
    edit->setPalette(pal);
}

} // namespace

PlanGraphFindBar::PlanGraphFindBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("PlanGraphFindBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(6, 4, 4, 4);
    row->setSpacing(4);
    m_edit = new QLineEdit;
    m_edit->setObjectName(QStringLiteral("FindText"));
    m_edit->setPlaceholderText(tr("Find relation, index, node type, condition…"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setMinimumWidth(240);
    m_edit->installEventFilter(this);
    Theme::whenChanged(m_edit, [edit = m_edit] { paintEdit(edit); });
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("FindCount"));
    m_count->setMinimumWidth(64);
    m_count->setAlignment(Qt::AlignCenter);
    auto button = [this](const QString &text, const QString &tip) {
        auto *b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    m_previous = button(QStringLiteral("▲"), tr("Previous match (Shift+F3)"));
    m_next = button(QStringLiteral("▼"), tr("Next match (F3, Return)"));
    auto *close = button(QStringLiteral("✕"), tr("Close (Esc)"));
    row->addWidget(m_edit, 1);
    row->addWidget(m_count);
    row->addWidget(m_previous);
    row->addWidget(m_next);
    row->addWidget(close);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(180);
    connect(m_edit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, [this] {
        m_searched = m_edit->text();
        emit searchRequested(m_searched);
    });
    connect(m_previous, &QToolButton::clicked, this, &PlanGraphFindBar::previousRequested);
    connect(m_next, &QToolButton::clicked, this, &PlanGraphFindBar::nextRequested);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
    setResult(-1, 0);
}

QString PlanGraphFindBar::text() const
{
    return m_edit->text();
}

void PlanGraphFindBar::setText(const QString &text)
{
    m_edit->setText(text);
}

void PlanGraphFindBar::activate()
{
    show();
    raise();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void PlanGraphFindBar::setResult(int current, int total)
{
    if (m_edit->text().trimmed().isEmpty())
        m_count->clear();
    else if (total == 0)
        m_count->setText(tr("no match"));
    else
        m_count->setText(tr("%1 of %2").arg(current + 1).arg(total));
    m_previous->setEnabled(total > 1);
    m_next->setEnabled(total > 1);
    m_edit->setProperty(kNoMatchProperty, total == 0 && !m_edit->text().trimmed().isEmpty());
    paintEdit(m_edit);
}

bool PlanGraphFindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *k = static_cast<QKeyEvent *>(event);
        if (k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter || k->key() == Qt::Key_F3) {
            if (m_debounce->isActive() || m_searched != m_edit->text()) {   // typed but not searched yet
                m_debounce->stop();
                m_searched = m_edit->text();
                emit searchRequested(m_searched);
            } else if (k->modifiers() & Qt::ShiftModifier) {
                emit previousRequested();
            } else {
                emit nextRequested();
            }
            return true;
        }
        if (k->key() == Qt::Key_Escape) {
            hide();
            emit closed();
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace PlanLens
