// A netfence window with unsaved edits (none with NETFENCE_CHILD_UNMODIFIED set) that
// autosaves and then waits to be killed or terminated, answering termination signals as
// netfence does: the crash half of the recovery tests (see NoLostWork in graphscene_test.cpp).
#include "ui/autosaver.h"
#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/labdock.h"
#include "ui/mainwindow.h"
#include "ui/movenodescommand.h"
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
    window.scene()->waitForLayout();
    if (qEnvironmentVariableIsEmpty("NETFENCE_CHILD_UNMODIFIED")) {
        netfence::ui::Document *d = window.document();
        // A whole session: the lab at step 3 with step 2 passed, a hint shown, a node dragged.
        netfence::ui::LabDock *lab = window.labDock();
        if (!lab->goToStep(1))
            return 2;
        lab->showSolution(); // step 2's default-deny policy
        if (!lab->goToStep(2))
            return 3;
        lab->revealHint();
        d->undoStack()->push(new netfence::ui::MoveNodesCommand(
            d, QStringLiteral("Move"), {{QStringLiteral("netpol-lab/client"), QPointF(1234, 567)}}));
    }
    // Let the autosave timer (NETFENCE_AUTOSAVE_MS) do its work, then say so.
    QTimer::singleShot(qEnvironmentVariableIntValue("NETFENCE_AUTOSAVE_MS") * 3, [&] {
        std::printf("READY %s\n", window.autosaver()->file().toLocal8Bit().constData());
        std::fflush(stdout);
    });
    return app.exec();
}
