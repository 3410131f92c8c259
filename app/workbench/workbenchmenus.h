// SPDX-License-Identifier: MIT
#pragma once

namespace PlanLens {

class ConnectionController;
class MainWindow;
struct WorkbenchUi;

// The menu bar: File (plans, sessions, exports: graph, anonymized plan, report), Run, Examples, View, Help. Every shortcut lives on an action here or in WorkbenchUi.
void createWorkbenchMenus(MainWindow *window, WorkbenchUi &ui, ConnectionController *connection);

} // namespace PlanLens
