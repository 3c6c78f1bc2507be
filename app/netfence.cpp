#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPalette>
#include <QStyle>
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
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette, whatever the desktop's theme."));
    parser.addOption(dark);
    parser.process(app);
    if (parser.isSet(dark)) {
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
