#include "ui/clusteropener.h"
#include "ui/document.h"
#include "ui/labdock.h"
#include "ui/mainwindow.h"
#include "ui/problemsdock.h"
#include "ui/terminationwatcher.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QPalette>
#include <QStyle>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <limits>

namespace {

struct Options
{
    QCommandLineParser parser;
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window to FILE and quit."),
                                  QStringLiteral("FILE")};
    QCommandLineOption dark{QStringLiteral("dark"),
                            QStringLiteral("Use a dark palette, whatever the desktop's theme.")};
    QCommandLineOption showExposure{QStringLiteral("show-exposure"),
                                    QStringLiteral("Start with View > Show Exposure on: the peers beyond "
                                                   "the manifests that policies admit.")};
    QCommandLineOption labStep{QStringLiteral("lab-step"),
                               QStringLiteral("Open the lab at step N, the reference solutions of the steps "
                                              "before it applied (for demonstrations)."),
                               QStringLiteral("N")};
    QCommandLineOption focus{QStringLiteral("focus"),
                             QStringLiteral("Select the workload NS/NAME and show it in focus mode (View -> Focus)."),
                             QStringLiteral("NS/NAME")};

    Options()
    {
        parser.setApplicationDescription(QStringLiteral("Draw, check and explain Kubernetes NetworkPolicies."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(QStringLiteral("paths"),
                                     QStringLiteral("Manifest files or folders to open (default: the built-in lab)."),
                                     QStringLiteral("[PATH...]"));
        parser.addOption(screenshot);
        parser.addOption(dark);
        parser.addOption(labStep);
        parser.addOption(focus);
        parser.addOption(showExposure);
    }
};

void setNames()
{
    QCoreApplication::setApplicationName(QStringLiteral("netfence"));
    QCoreApplication::setOrganizationName(QStringLiteral("netfence"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NETFENCE_VERSION));
}

// --help and --version need no window: they are answered before a display is opened, so
// they work on a console or over ssh. --help-all lists Qt's GUI options, which only a
// QApplication knows, so it still starts one (offscreen unless a platform is chosen).
bool onlyText(int argc, char **argv, bool &helpAll)
{
    helpAll = false;
    bool text = false;
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        const char *a = argv[i];
        if (!std::strcmp(a, "--help-all"))
            helpAll = true;
        else if (!std::strcmp(a, "-h") || !std::strcmp(a, "--help") || !std::strcmp(a, "-?") ||
                 !std::strcmp(a, "-v") || !std::strcmp(a, "--version"))
            text = true;
    }
    return text && !helpAll;
}

} // namespace

int main(int argc, char **argv)
{
    bool helpAll = false;
    if (onlyText(argc, argv, helpAll)) {
        QCoreApplication app(argc, argv);
        setNames();
        Options options;
        options.parser.process(app); // prints and exits
        return 0;
    }
    if (helpAll && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    setNames();
    // The desktop entry's id: Wayland's app_id, and how the shell finds the launcher.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.netfence.netfence"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/netfence.svg")));
    Options options;
    options.parser.process(app);
    const QCommandLineParser &parser = options.parser;
    netfence::ui::TerminationWatcher termination;
    if (parser.isSet(options.dark)) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette p;
        p.setColor(QPalette::Window, QColor(45, 47, 52));
        p.setColor(QPalette::WindowText, QColor(225, 228, 232));
        p.setColor(QPalette::Base, QColor(32, 34, 38));
        p.setColor(QPalette::AlternateBase, QColor(50, 53, 58));
        p.setColor(QPalette::Text, QColor(225, 228, 232));
        p.setColor(QPalette::Button, QColor(55, 58, 64));
        p.setColor(QPalette::ButtonText, QColor(225, 228, 232));
        p.setColor(QPalette::ToolTipBase, QColor(55, 58, 64));
        p.setColor(QPalette::ToolTipText, QColor(225, 228, 232));
        p.setColor(QPalette::Highlight, QColor(60, 130, 220));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(110, 170, 240));
        p.setColor(QPalette::PlaceholderText, QColor(140, 145, 150));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 124, 130));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 124, 130));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 124, 130));
        QApplication::setPalette(p);
    }

    netfence::ui::MainWindow window;
    QObject::connect(&termination, &netfence::ui::TerminationWatcher::terminationRequested, &window,
                     &netfence::ui::MainWindow::endOnSignal);
    window.show();
    // Recovered work comes first; the paths on the command line can be opened afterwards.
    const bool recovered = !parser.isSet(options.screenshot) && window.offerRecovery();
    if (parser.isSet(options.screenshot)) // the picture is of the opened cluster: read it at once
        window.clusterOpener()->setThreshold(std::numeric_limits<qint64>::max());
    if (!recovered && !parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    else if (!recovered)
        window.openBuiltInLab();
    if (parser.isSet(options.labStep) && window.labDock()) {
        bool ok = false;
        const int step = parser.value(options.labStep).toInt(&ok);
        if (!ok || step < 1 || !window.labDock()->playThrough(step - 1))
            std::fprintf(stderr, "netfence: cannot open the lab at step %s\n",
                         qPrintable(parser.value(options.labStep)));
    }
    if (parser.isSet(options.focus) && !window.focusOn(parser.value(options.focus)))
        std::fprintf(stderr, "netfence: --focus: no workload \"%s\"\n", qPrintable(parser.value(options.focus)));
    if (parser.isSet(options.showExposure))
        window.showExposureAction()->trigger();
    if (parser.isSet(options.screenshot)) {
        QTimer::singleShot(1500, &window, [&] {
            window.findChild<netfence::ui::ProblemsDock *>()->waitForLint(); // its marks are part of the picture
            window.grab().save(parser.value(options.screenshot));
            // A picture is not an edit: quitting asks nothing and leaves nothing to recover.
            window.document()->undoStack()->setClean();
            app.quit();
        });
    }
    if (termination.received()) // while the recovery question was open
        return 128 + termination.received();
    return app.exec();
}
