#include "ui/lintrunner.h"

#include "core/evaluator.h"
#include "core/linter.h"
#include "ui/backgroundrelease.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <utility>

namespace netfence::ui {

LintRunner::LintRunner(size_t redundancyBudget, QObject *parent)
    : QObject(parent), mBudget(redundancyBudget)
{
    mPool.setMaxThreadCount(1);
}

LintRunner::~LintRunner()
{
    // The worker never touches this object; it only posts to it, and queued calls to a
    // deleted object are dropped. Waiting keeps the copy's lifetime inside ours.
    if (mCancel) mCancel->store(true);
    mPool.waitForDone();
}

void LintRunner::request(std::shared_ptr<const core::Cluster> cluster)
{
    if (mRunning) {
        // Findings of a design that is gone are worth nothing: stop it, run the newest next.
        // The copy it replaces may be the last of a design: 100,000 workloads take a tenth of
        // a second to free.
        releaseInBackground(std::exchange(mPending, std::move(cluster)));
        if (mCancel) mCancel->store(true);
        return;
    }
    start(std::move(cluster));
}

void LintRunner::start(std::shared_ptr<const core::Cluster> cluster)
{
    mRunning = true;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    const size_t budget = mBudget;
    std::shared_ptr<std::atomic<bool>> cancel = mCancel;
    mPool.start([this, cluster = std::move(cluster), cancel, budget] {
        core::LintOptions options;
        options.redundancyBudget = budget;
        options.cancel = cancel.get();
        const core::Evaluator evaluator(*cluster);
        std::vector<core::LintFinding> findings = core::Linter(evaluator, options).run();
        const bool cancelled = cancel->load();
        QMetaObject::invokeMethod(
            this,
            [this, findings = std::move(findings), cancelled]() mutable {
                done(std::move(findings), cancelled);
            },
            Qt::QueuedConnection);
    });
}

void LintRunner::done(std::vector<core::LintFinding> findings, bool cancelled)
{
    mRunning = false;
    if (mPending) {
        start(std::move(mPending));
        mPending.reset();
        return;
    }
    if (cancelled) // only the destructor cancels without a newer request
        return;
    mFindings = std::move(findings);
    emit finished();
}

void LintRunner::waitForDone()
{
    while (isBusy())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

} // namespace netfence::ui
