#pragma once

#include "core/lab.h"
#include "core/labchecker.h"

#include <QDockWidget>

#include <optional>

class QLabel;
class QTreeWidget;

namespace netfence::ui {

class Document;

// File -> Open Connectivity Test: a test file's requirements checked live against the design,
// green or red like a lab step's, each with the explanation of its current verdict.
class ConnectivityTestDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit ConnectivityTestDock(Document *document, QWidget *parent = nullptr);

    // Loads the test; returns its problems (the test stays closed when there are errors).
    QStringList openTest(const QString &path);
    void closeTest();
    bool hasTest() const { return mTest.has_value(); }
    const core::StepResult &result() const { return mResult; }

    // A connectivity test that holds what the design allows now between each ordered pair
    // of `nodes` (workload names "ns/name"): mustAllow on the destination's declared ports
    // that are open, mustDeny on those that are closed.
    static std::string testFromPairs(const Document &document, const QStringList &nodes,
                                     const std::string &name);

private:
    void check();

    Document *mDocument;
    std::optional<core::Lab> mTest;
    core::StepResult mResult;
    QLabel *mSummary;
    QTreeWidget *mTree;
};

} // namespace netfence::ui
