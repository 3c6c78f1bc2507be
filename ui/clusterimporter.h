#pragma once

#include "core/clusterimport.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace netfence::ui {

// Runs core::ClusterImport (the user's kubectl, one kind after another) off the GUI thread,
// reports progress, and stops the running kubectl on cancel().
class ClusterImporter : public QObject
{
    Q_OBJECT

public:
    explicit ClusterImporter(QObject *parent = nullptr);
    ~ClusterImporter() override;

    void start(core::ClusterImport::Options options);
    void cancel();
    bool isRunning() const;
    // Waits for the running import to end (after cancel(), within a tenth of a second).
    void wait();

signals:
    void progress(int done, int total, const QString &what);
    void finished(const core::ClusterImport::Result &result);

private:
    QThreadPool mPool;
    QFutureWatcher<core::ClusterImport::Result> mWatcher;
    std::shared_ptr<std::atomic<bool>> mCancelled;
};

} // namespace netfence::ui
