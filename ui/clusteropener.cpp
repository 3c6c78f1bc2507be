#include "ui/clusteropener.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProgressDialog>

namespace netfence::ui {

struct ClusterOpener::Job
{
    QStringList paths;
    std::atomic<int> phase{0}; // 0 reading, 1 building classes, 2 evaluating, 3 the picture
    std::unique_ptr<core::LoadResult> result;
    std::unique_ptr<core::Evaluator> evaluator;
    std::unique_ptr<core::GraphModel> model;
    std::shared_ptr<const core::Cluster> snapshot;
    bool complete = false; // read by the UI thread after the thread finished
};

ClusterOpener::ClusterOpener(QWidget *window)
    : ProgressTask(window, QStringLiteral("openProgress"), tr("Open"))
{
}

bool ClusterOpener::isLarge(const QStringList &paths) const
{
    const qint64 threshold = mThreshold;
    qint64 bytes = 0;
    for (const QString &path : paths) {
        if (path.startsWith(QLatin1String(":/"))) continue;
        const QFileInfo info(path);
        if (info.isFile()) {
            bytes += info.size();
        } else if (info.isDir()) {
            QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext() && bytes <= threshold) {
                it.next();
                bytes += it.fileInfo().size();
            }
        }
        if (bytes > threshold) return true;
    }
    return false;
}

void ClusterOpener::start(const QStringList &paths)
{
    finishNow(); // reports the cancel of the previous one
    auto job = std::make_shared<Job>();
    job->paths = paths;
    mJob = job;
    run([job](core::EvaluationProgress &progress) {
        core::ManifestLoader loader;
        for (const QString &path : job->paths) {
            if (progress.cancelled) return;
            loader.addPath(QDir::cleanPath(path).toStdString());
        }
        if (progress.cancelled) return;
        job->result = std::make_unique<core::LoadResult>(loader.finish());
        if (progress.cancelled) return;
        job->phase = 1;
        job->evaluator = std::make_unique<core::Evaluator>(job->result->cluster);
        job->phase = 2;
        if (!job->evaluator->evaluateAll(0, &progress) || progress.cancelled) return;
        // The first picture's arrows sum tens of millions of class pairs in a big cluster:
        // here, not on the UI thread.
        job->phase = 3;
        const core::Cluster &cluster = job->result->cluster;
        job->model = std::make_unique<core::GraphModel>(cluster, *job->evaluator,
                                                        core::GraphModel::collapsedOnOpen(cluster));
        // The copy the lint reads on its own thread: made here too (a tenth of a second at
        // 100,000 workloads).
        if (progress.cancelled) return;
        job->snapshot = std::make_shared<const core::Cluster>(cluster);
        job->complete = !progress.cancelled;
    });
}

ClusterOpener::Phase ClusterOpener::phase() const
{
    if (!mJob) return Phase::Idle;
    switch (mJob->phase.load()) {
    case 0:
        return Phase::Reading;
    case 1:
        return Phase::Grouping;
    case 2:
        return Phase::Evaluating;
    default:
        return Phase::Picturing;
    }
}

void ClusterOpener::showProgress(QProgressDialog &dialog)
{
    if (!mJob) return;
    const QString name = mJob->paths.size() == 1 ? QFileInfo(mJob->paths.front()).fileName()
                                                 : tr("%n paths", nullptr, int(mJob->paths.size()));
    switch (mJob->phase.load()) {
    case 0:
        dialog.setLabelText(tr("Reading %1…").arg(name));
        break;
    case 1:
        dialog.setLabelText(tr("Grouping workloads of %1…").arg(name));
        break;
    case 3:
        dialog.setLabelText(tr("Drawing %1…").arg(name));
        dialog.setRange(0, 0);
        break;
    default:
        showEvaluation(dialog, tr("Evaluating the policies of %1…").arg(name));
    }
}

void ClusterOpener::finished()
{
    if (!mJob) return;
    std::shared_ptr<Job> job = std::move(mJob);
    mJob.reset();
    if (!job->complete || wasCancelled() || !job->result || !job->evaluator) {
        emit cancelled(job->paths);
        return;
    }
    mResult = std::move(job->result);
    mEvaluator = std::move(job->evaluator);
    mModel = std::move(job->model);
    mSnapshot = std::move(job->snapshot);
    emit opened(job->paths);
}

core::LoadResult ClusterOpener::takeResult()
{
    core::LoadResult r = mResult ? std::move(*mResult) : core::LoadResult{};
    mResult.reset();
    return r;
}

std::unique_ptr<core::Evaluator> ClusterOpener::takeEvaluator()
{
    return std::move(mEvaluator);
}

std::unique_ptr<core::GraphModel> ClusterOpener::takeModel()
{
    return std::move(mModel);
}

std::shared_ptr<const core::Cluster> ClusterOpener::takeSnapshot()
{
    return std::move(mSnapshot);
}

} // namespace netfence::ui
