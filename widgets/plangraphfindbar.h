// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace PlanLens {

// The Ctrl+F bar floating over the plan graph: a search field, "3 of 12", previous/next and close.
class PlanGraphFindBar : public QFrame
{
    Q_OBJECT
public:
    explicit PlanGraphFindBar(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    void activate();                        // show, focus and select the text
    void setResult(int current, int total); // current is 0-based; -1 when there is no hit

signals:
    void searchRequested(const QString &text);   // typed (debounced) or Return
    void nextRequested();
    void previousRequested();
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_edit = nullptr;
    QLabel *m_count = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QTimer *m_debounce = nullptr;
    QString m_searched;
};

} // namespace PlanLens
