#include "ui/layoutworker.h"

#include <QCoreApplication>
#include <QtConcurrent>

namespace netfence::ui {

LayoutWorker::LayoutWorker(QObject *parent) : QObject(parent)
{
    mPool.setMaxThreadCount(1);
    connect(&mWatcher, &QFutureWatcher<core::GraphLayout::Result>::finished, this, [this] {
        if (mRunningGeneration == mGeneration) emit finished(mWatcher.result());
    });
}

LayoutWorker::~LayoutWorker()
{
    mWatcher.waitForFinished();
    mPool.waitForDone();
}

void LayoutWorker::start(core::GraphLayout::Input input)
{
    mRunningGeneration = ++mGeneration;
    mWatcher.setFuture(QtConcurrent::run(
        &mPool, [input = std::move(input)] { return core::GraphLayout::run(input); }));
}

void LayoutWorker::cancel()
{
    ++mGeneration; // Graphviz cannot be interrupted; its answer is simply not used
}

bool LayoutWorker::isRunning() const
{
    return mWatcher.isRunning();
}

void LayoutWorker::waitForFinished()
{
    mWatcher.waitForFinished();
    // Deliver the result now rather than on the next event loop turn.
    QCoreApplication::sendPostedEvents(&mWatcher);
    QCoreApplication::processEvents();
}

} // namespace netfence::ui
