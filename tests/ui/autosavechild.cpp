// A netfence window with unsaved edits (none with NETFENCE_CHILD_UNMODIFIED set) that
// autosaves and then waits to be killed or terminated, answering termination signals as
// netfence does: the crash half of the recovery tests (see NoLostWork in graphscene_test.cpp).
#include "core/policyrecipes.h"
#include "ui/autosaver.h"
#include "ui/document.h"
#include "ui/mainwindow.h"
#include "ui/terminationwatcher.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("netfence-tests"));
    QApplication::setApplicationName(QStringLiteral("netfence-tests"));
    netfence::ui::TerminationWatcher termination;
    netfence::ui::MainWindow window;
    QObject::connect(&termination, &netfence::ui::TerminationWatcher::terminationRequested, &window,
                     &netfence::ui::MainWindow::endOnSignal);
    window.openBuiltInLab();
    if (qEnvironmentVariableIsEmpty("NETFENCE_CHILD_UNMODIFIED")) {
        netfence::ui::Document *d = window.document();
        netfence::core::Cluster c = d->cluster();
        netfence::core::PolicyRecipes::apply(c, netfence::core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, true));
        d->changePolicies(QStringLiteral("deny"), c.policies);
    }
    // Let the autosave timer (NETFENCE_AUTOSAVE_MS) do its work, then say so.
    QTimer::singleShot(qEnvironmentVariableIntValue("NETFENCE_AUTOSAVE_MS") * 3, [&] {
        std::printf("READY %s\n", window.autosaver()->file().toLocal8Bit().constData());
        std::fflush(stdout);
    });
    return app.exec();
}
