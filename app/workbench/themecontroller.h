// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

class QActionGroup;
class QMenu;

namespace PlanLens {

// View › Theme: follow the desktop (the palette the application started with, and whatever the desktop switches
// to later), or force Light or Dark (the Fusion style with an explicit palette, Theme::lightPalette() and
// darkPalette()). Remembered in QSettings under kSettingsKey. Everything PlanLens paints itself asks Theme at
// paint time and listens for QEvent::ApplicationPaletteChange, so applying a palette is all a switch takes;
// themeChanged() is for what keeps a stylesheet (the verdict line).
class ThemeController : public QObject
{
    Q_OBJECT
public:
    enum class Mode { FollowSystem, Light, Dark };

    // Reads the remembered choice and applies it (nothing to do for Follow system).
    explicit ThemeController(QObject *parent = nullptr);
    ~ThemeController() override;

    Mode mode() const { return m_mode; }
    // Applies it and, unless told not to (`planlens --theme`: this start only), remembers it.
    void setMode(Mode mode, bool remember = true);
    void addMenu(QMenu *view);            // View › Theme: Follow System / Light / Dark, one checked

    static QString modeKey(Mode mode);    // "system", "light", "dark": the setting's value
    static std::optional<Mode> modeFromKey(QStringView key);
    static constexpr const char *kSettingsKey = "view/theme";

signals:
    void themeChanged(bool dark);         // after any palette change: a switch here or on the desktop

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply();

    Mode m_mode = Mode::FollowSystem;
    QString m_systemStyle;                // the style the application started with
    QPalette m_systemPalette;             // and its palette
    bool m_forced = false;                // a Light or Dark palette is set
    QActionGroup *m_group = nullptr;
};

} // namespace PlanLens
