#include "ui/progresstask.h"

#include <QProgressDialog>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace netfence::ui {

ProgressTask::ProgressTask(QWidget *window, const QString &dialogName, const QString &title)
    : QObject(window), mWindow(window), mDialogName(dialogName), mTitle(title),
      mPoll(new QTimer(this))
{
    mPoll->setInterval(50);
    connect(mPoll, &QTimer::timeout, this, &ProgressTask::poll);
}

ProgressTask::~ProgressTask()
{
    if (mProgress) mProgress->cancelled = true;
    if (mThread) {
        mThread->wait();
        delete mThread;
    }
    delete mDialog; // without a window it has no parent to free it
}

void ProgressTask::run(std::function<void(core::EvaluationProgress &progress)> work)
{
    auto progress = std::make_shared<core::EvaluationProgress>();
    mProgress = progress;
    mThread = QThread::create([progress, work = std::move(work)] { work(*progress); });
    QThread *thread = mThread;
    connect(thread, &QThread::finished, this, [this, thread] { threadEnded(thread); });
    if (!mDialog) {
        mDialog = new QProgressDialog(mWindow);
        mDialog->setObjectName(mDialogName);
        mDialog->setWindowTitle(mTitle);
        mDialog->setWindowModality(Qt::WindowModal); // nothing changes what the task is about
        mDialog->setAutoReset(false);
        mDialog->setAutoClose(false);
        connect(mDialog, &QProgressDialog::canceled, this, &ProgressTask::cancel);
    }
    mDialog->setCancelButtonText(tr("Cancel"));
    mDialog->setRange(0, 0);
    mDialog->setValue(0);
    mDialog->setMinimumDuration(300);
    poll();
    mPoll->start();
    mThread->start();
}

void ProgressTask::cancel()
{
    if (!mThread || !mProgress) return;
    mProgress->cancelled = true;
    if (mDialog) mDialog->setLabelText(tr("Cancelling…"));
}

void ProgressTask::finishNow()
{
    if (!mThread) return;
    cancel();
    threadEnded(mThread);
}

void ProgressTask::poll()
{
    if (mThread && mDialog && !wasCancelled()) showProgress(*mDialog);
}

void ProgressTask::showEvaluation(QProgressDialog &dialog, const QString &label) const
{
    dialog.setLabelText(label);
    const size_t total = mProgress->total, done = mProgress->done;
    if (total > 0) {
        dialog.setRange(0, 1000);
        dialog.setValue(int(std::min(done, total) * 1000 / total));
    }
}

void ProgressTask::threadEnded(QThread *thread)
{
    if (thread != mThread) return; // one finishNow() ended already
    mPoll->stop();
    mThread->wait();
    mThread->deleteLater();
    mThread = nullptr;
    if (mDialog) {
        mDialog->reset();
        mDialog->hide();
    }
    finished();
}

QProgressDialog *ProgressTask::progressDialog() const
{
    return mDialog;
}

} // namespace netfence::ui
