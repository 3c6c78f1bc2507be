#pragma once

#include "core/graphlayout.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

namespace netfence::ui {

// Runs Graphviz on one worker thread, off the UI thread: a plain snapshot goes in, positions
// come out through finished(). A newer request supersedes an older one still running.
class LayoutWorker : public QObject
{
    Q_OBJECT

public:
    explicit LayoutWorker(QObject *parent = nullptr);
    ~LayoutWorker() override;

    void start(core::GraphLayout::Input input);
    bool isRunning() const;
    // Forgets the running layout: its result, when it comes, is dropped.
    void cancel();
    // Blocks until the current layout (if any) has been delivered; for tests and shutdown.
    void waitForFinished();

signals:
    void finished(const netfence::core::GraphLayout::Result &result);

private:
    QThreadPool mPool; // exactly one thread: Graphviz is not thread-safe
    QFutureWatcher<core::GraphLayout::Result> mWatcher;
    int mGeneration = 0;
    int mRunningGeneration = 0;
};

} // namespace netfence::ui
