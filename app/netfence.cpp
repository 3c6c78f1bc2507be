#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("netfence"));
    QApplication::setOrganizationName(QStringLiteral("netfence"));
    QApplication::setApplicationVersion(QStringLiteral(NETFENCE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Draw, check and explain Kubernetes NetworkPolicies."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 QStringLiteral("Manifest files or folders to open (default: the built-in lab)."),
                                 QStringLiteral("[PATH...]"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window to FILE and quit."), QStringLiteral("FILE"));
    parser.addOption(screenshot);
    parser.process(app);

    netfence::ui::MainWindow window;
    window.show();
    // Recovered work comes first; the paths on the command line can be opened afterwards.
    const bool recovered = !parser.isSet(screenshot) && window.offerRecovery();
    if (!recovered && !parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());
    else if (!recovered)
        window.openBuiltInLab();
    if (parser.isSet(screenshot)) {
        QTimer::singleShot(1500, &window, [&] {
            window.grab().save(parser.value(screenshot));
            app.quit();
        });
    }
    return app.exec();
}
