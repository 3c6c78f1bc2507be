#pragma once

#include "core/cluster.h"
#include "core/lintfinding.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

namespace netfence::ui {

// Runs the linter on a copy of the design in a worker thread, so that neither an edit nor the
// opening of a big cluster waits for it (its redundancy check evaluates the design again per
// policy and rule). At most one lint runs; a request while it runs cancels it and runs again
// on the newest design, so only findings of the design as it is now are ever announced.
class LintRunner : public QObject
{
    Q_OBJECT

public:
    explicit LintRunner(size_t redundancyBudget, QObject *parent = nullptr);
    ~LintRunner() override;

    // Lints `cluster` (an unchanging copy, Document::snapshot) in the background; finished()
    // follows.
    void request(std::shared_ptr<const core::Cluster> cluster);
    bool isBusy() const { return mRunning || mPending; }
    // Blocks, handling events, until the newest request's findings were announced (tests, the
    // benchmark and the command-line screenshots, which must show the findings).
    void waitForDone();
    const std::vector<core::LintFinding> &findings() const { return mFindings; }

signals:
    void finished();

private:
    void start(std::shared_ptr<const core::Cluster> cluster);
    void done(std::vector<core::LintFinding> findings, bool cancelled);

    size_t mBudget;
    QThreadPool mPool;
    bool mRunning = false;
    std::shared_ptr<const core::Cluster> mPending;
    std::shared_ptr<std::atomic<bool>> mCancel;
    std::vector<core::LintFinding> mFindings;
};

} // namespace netfence::ui
