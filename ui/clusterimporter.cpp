#include "ui/clusterimporter.h"

#include <QPointer>
#include <QtConcurrent>

namespace netfence::ui {

ClusterImporter::ClusterImporter(QObject *parent) : QObject(parent)
{
    mPool.setMaxThreadCount(1);
    connect(&mWatcher, &QFutureWatcher<core::ClusterImport::Result>::finished, this,
            [this] { emit finished(mWatcher.result()); });
}

ClusterImporter::~ClusterImporter()
{
    cancel();
    wait();
}

void ClusterImporter::start(core::ClusterImport::Options options)
{
    cancel();
    wait();
    mCancelled = std::make_shared<std::atomic<bool>>(false);
    auto cancelled = mCancelled;
    options.cancelled = [cancelled] { return cancelled->load(); };
    QPointer<ClusterImporter> self(this);
    options.progress = [self, cancelled](int done, int total, const std::string &what) {
        if (cancelled->load()) return;
        const QString text = QString::fromStdString(what);
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, total, text] {
                if (self) emit self->progress(done, total, text);
            },
            Qt::QueuedConnection);
    };
    mWatcher.setFuture(QtConcurrent::run(
        &mPool, [options = std::move(options)] { return core::ClusterImport::run(options); }));
}

void ClusterImporter::cancel()
{
    if (mCancelled) mCancelled->store(true);
}

bool ClusterImporter::isRunning() const
{
    return mWatcher.isRunning();
}

void ClusterImporter::wait()
{
    mWatcher.waitForFinished();
}

} // namespace netfence::ui
