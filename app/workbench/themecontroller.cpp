// SPDX-License-Identifier: MIT
#include "themecontroller.h"
#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QStyle>

namespace PlanLens {

ThemeController::ThemeController(QObject *parent)
    : QObject(parent)
    , m_systemStyle(QApplication::style() ? QApplication::style()->name() : QString())
    , m_systemPalette(QGuiApplication::palette())
{
    qApp->installEventFilter(this);
    m_mode = modeFromKey(QSettings().value(QLatin1String(kSettingsKey)).toString()).value_or(Mode::FollowSystem);
    apply();
}

ThemeController::~ThemeController()
{
    if (qApp)
        qApp->removeEventFilter(this);
}

QString ThemeController::modeKey(Mode mode)
{
    switch (mode) {
    case Mode::Light: return QStringLiteral("light");
    case Mode::Dark: return QStringLiteral("dark");
    case Mode::FollowSystem: break;
    }
    return QStringLiteral("system");
}

std::optional<ThemeController::Mode> ThemeController::modeFromKey(QStringView key)
{
    for (Mode m : {Mode::FollowSystem, Mode::Light, Mode::Dark})
        if (key.compare(modeKey(m), Qt::CaseInsensitive) == 0)
            return m;
    return std::nullopt;
}

void ThemeController::setMode(Mode mode, bool remember)
{
    if (remember)
        QSettings().setValue(QLatin1String(kSettingsKey), modeKey(mode));
    if (m_group)
        for (QAction *a : m_group->actions())
            a->setChecked(a->data().toInt() == int(mode));
    if (mode == m_mode)
        return;
    m_mode = mode;
    apply();
}

void ThemeController::addMenu(QMenu *view)
{
    QMenu *menu = view->addMenu(tr("&Theme"));
    menu->setObjectName(QStringLiteral("ThemeMenu"));
    m_group = new QActionGroup(menu);
    const std::pair<Mode, QString> items[] = {
        {Mode::FollowSystem, tr("Follow &System")}, {Mode::Light, tr("&Light")}, {Mode::Dark, tr("&Dark")}};
    for (const auto &[mode, text] : items) {
        QAction *a = menu->addAction(text);
        a->setObjectName(QStringLiteral("Theme:") + modeKey(mode));
        a->setData(int(mode));
        a->setCheckable(true);
        a->setChecked(mode == m_mode);
        m_group->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = mode] { setMode(mode); });
    }
}

void ThemeController::apply()
{
    if (m_mode == Mode::FollowSystem) {
        if (!m_forced)
            return;   // already the desktop's
        m_forced = false;
        if (!m_systemStyle.isEmpty())
            QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(m_systemPalette);
        return;
    }
    // Fusion draws every control from the palette, so a forced palette looks right whatever the desktop style.
    m_forced = true;
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(m_mode == Mode::Dark ? Theme::darkPalette() : Theme::lightPalette());
}

bool ThemeController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange)
        emit themeChanged(Theme::isDark());
    return QObject::eventFilter(watched, event);
}

} // namespace PlanLens
