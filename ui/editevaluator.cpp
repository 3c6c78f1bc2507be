#include "ui/editevaluator.h"

#include <QProgressDialog>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace netfence::ui {

struct EditEvaluator::Job
{
    std::shared_ptr<const core::Cluster> before;
    core::ClusterChange change;
    PictureMaker picture;
    Done done;
    std::atomic<int> phase{0}; // 0 applying, 1 building classes, 2 evaluating, 3 the picture
    core::EvaluationProgress progress; // its `cancelled` stops every phase
    Result result;
    bool complete = false; // read by the UI thread after the thread finished
};

EditEvaluator::EditEvaluator(QWidget *window)
    : QObject(window), mWindow(window), mPoll(new QTimer(this))
{
    mPoll->setInterval(50);
    connect(mPoll, &QTimer::timeout, this, &EditEvaluator::showProgress);
}

EditEvaluator::~EditEvaluator()
{
    if (mJob) mJob->progress.cancelled = true;
    if (mThread) {
        mThread->wait();
        delete mThread;
    }
    delete mDialog; // without a window it has no parent to free it
}

bool EditEvaluator::isLong(const core::Cluster &cluster, const core::ClusterChange &change) const
{
    return !change.empty() && !change.onlyPolicies() && cluster.workloads.size() >= mThreshold;
}

bool EditEvaluator::start(std::shared_ptr<const core::Cluster> before, core::ClusterChange change,
                          PictureMaker picture, Done done)
{
    if (mJob || !before) return false;
    auto job = std::make_shared<Job>();
    job->before = std::move(before);
    job->change = std::move(change);
    job->picture = std::move(picture);
    job->done = std::move(done);
    mJob = job;
    mThread = QThread::create([job] {
        auto cluster = std::make_shared<core::Cluster>(*job->before);
        job->before.reset();
        job->change.applyTo(*cluster);
        if (job->progress.cancelled) return;
        job->phase = 1;
        auto evaluator = std::make_unique<core::Evaluator>(*cluster);
        job->phase = 2;
        if (!evaluator->evaluateAll(0, &job->progress) || job->progress.cancelled) return;
        job->phase = 3;
        if (job->picture) job->result.picture = job->picture(*cluster, *evaluator);
        job->result.evaluator = std::move(evaluator);
        job->result.cluster = std::move(cluster);
        job->complete = !job->progress.cancelled;
    });
    QThread *thread = mThread;
    connect(thread, &QThread::finished, this, [this, thread] {
        if (thread == mThread) finished();
    });
    if (!mDialog) {
        mDialog = new QProgressDialog(mWindow);
        mDialog->setObjectName(QStringLiteral("editProgress"));
        mDialog->setWindowTitle(tr("Edit"));
        mDialog->setWindowModality(Qt::WindowModal); // no second edit on a model about to change
        mDialog->setAutoReset(false);
        mDialog->setAutoClose(false);
        connect(mDialog, &QProgressDialog::canceled, this, &EditEvaluator::cancel);
    }
    mDialog->setCancelButtonText(tr("Cancel"));
    mDialog->setRange(0, 0);
    mDialog->setValue(0);
    mDialog->setMinimumDuration(300);
    showProgress();
    mPoll->start();
    mThread->start();
    return true;
}

void EditEvaluator::cancel()
{
    if (!mJob) return;
    mJob->progress.cancelled = true;
    if (mDialog) mDialog->setLabelText(tr("Cancelling…"));
}

void EditEvaluator::showProgress()
{
    if (!mJob || !mDialog || mJob->progress.cancelled) return;
    switch (mJob->phase.load()) {
    case 0:
        mDialog->setLabelText(tr("Applying the edit…"));
        break;
    case 1:
        mDialog->setLabelText(tr("Grouping workloads…"));
        break;
    case 3:
        mDialog->setLabelText(tr("Drawing the connections…"));
        mDialog->setRange(0, 0);
        break;
    default: {
        const size_t total = mJob->progress.total, done = mJob->progress.done;
        mDialog->setLabelText(tr("Evaluating the policies again…"));
        if (total > 0) {
            mDialog->setRange(0, 1000);
            mDialog->setValue(int(std::min(done, total) * 1000 / total));
        }
    }
    }
}

void EditEvaluator::finished()
{
    if (!mJob) return;
    std::shared_ptr<Job> job = std::move(mJob);
    mJob.reset();
    mPoll->stop();
    if (mThread) {
        mThread->wait();
        mThread->deleteLater();
        mThread = nullptr;
    }
    if (mDialog) {
        mDialog->reset();
        mDialog->hide();
    }
    if (!job->complete || job->progress.cancelled) { // a cancel after the last check counts too
        emit cancelled();
        return;
    }
    job->done(std::move(job->result));
}

QProgressDialog *EditEvaluator::progressDialog() const
{
    return mDialog;
}

} // namespace netfence::ui
