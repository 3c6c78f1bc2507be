#pragma once

#include <QApplication>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

namespace netfence::test {

// One QApplication for the whole test binary, created when tests run (and when ctest lists
// them), offscreen unless told otherwise.
class UiTestEnvironment : public testing::Environment
{
public:
    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Autosaves and settings of tests never mix with the user's, nor with those of another
        // test process that ctest runs at the same time (recent files, window state).
        mStateDir = std::make_unique<QTemporaryDir>();
        qputenv("NETFENCE_STATE_DIR", mStateDir->path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (mStateDir->path() + QStringLiteral("/config")).toUtf8());
        static int argc = 1;
        static char name[] = "netfence_ui_tests";
        static char *argv[] = {name, nullptr};
        mApp = std::make_unique<QApplication>(argc, argv);
        QApplication::setOrganizationName(QStringLiteral("netfence-tests"));
        QApplication::setApplicationName(QStringLiteral("netfence-tests"));
    }
    void TearDown() override
    {
        mApp.reset();
        mStateDir.reset();
    }

private:
    std::unique_ptr<QApplication> mApp;
    std::unique_ptr<QTemporaryDir> mStateDir;
};

} // namespace netfence::test
