#pragma once

#include "core/evaluator.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QProgressDialog;
class QThread;
class QTimer;
class QWidget;

namespace netfence::ui {

// Long work on its own thread behind a window-modal progress dialog with Cancel, so that the
// window keeps painting and answering meanwhile while nothing can change what the work is
// about (the opener of large clusters, the evaluator of long edits). One run at a time.
class ProgressTask : public QObject
{
    Q_OBJECT

public:
    // `window` owns the dialog (it may be null in tests); `dialogName` and `title` name it.
    ProgressTask(QWidget *window, const QString &dialogName, const QString &title);
    ~ProgressTask() override; // cancels a running task, waits for its thread, frees the dialog

    bool isRunning() const { return mThread != nullptr; }
    // Stops the running task soon: the work sees progress().cancelled.
    void cancel();
    QProgressDialog *progressDialog() const;

protected:
    // Runs `work` on a new thread with a fresh progress(); finished() follows on this thread
    // once the thread has ended. Nothing may be running.
    void run(std::function<void(core::EvaluationProgress &progress)> work);
    // Ends a running task at once: cancels it, waits for its thread and calls finished().
    void finishNow();
    // The running (or last) task's progress, shared with its thread.
    const core::EvaluationProgress &progress() const { return *mProgress; }
    bool wasCancelled() const { return mProgress && mProgress->cancelled; }
    // Every 50 ms while the task runs and not cancelled: what the dialog says.
    virtual void showProgress(QProgressDialog &dialog) = 0;
    // After the thread ended (the dialog already hidden).
    virtual void finished() = 0;
    // The evaluation's share of the bar, when it is evaluating: progress() done of total.
    void showEvaluation(QProgressDialog &dialog, const QString &label) const;

private:
    void threadEnded(QThread *thread);
    void poll();

    QWidget *mWindow;
    QString mDialogName, mTitle;
    QThread *mThread = nullptr;
    std::shared_ptr<core::EvaluationProgress> mProgress;
    QPointer<QProgressDialog> mDialog;
    QTimer *mPoll;
};

} // namespace netfence::ui
