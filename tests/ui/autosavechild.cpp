// A netfence window with unsaved edits that autosaves and then waits to be killed: the
// crash half of the recovery test (see NoLostWork in graphscene_test.cpp).
#include "core/policyrecipes.h"
#include "ui/autosaver.h"
#include "ui/document.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("netfence-tests"));
    QApplication::setApplicationName(QStringLiteral("netfence-tests"));
    netfence::ui::MainWindow window;
    window.openBuiltInLab();
    netfence::ui::Document *d = window.document();
    netfence::core::Cluster c = d->cluster();
    netfence::core::PolicyRecipes::apply(c, netfence::core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, true));
    d->changePolicies(QStringLiteral("deny"), c.policies);
    // Let the autosave timer (NETFENCE_AUTOSAVE_MS) do its work, then say so.
    QTimer::singleShot(qEnvironmentVariableIntValue("NETFENCE_AUTOSAVE_MS") * 3, [&] {
        std::printf("READY %s\n", window.autosaver()->file().toLocal8Bit().constData());
        std::fflush(stdout);
    });
    return app.exec();
}
