#include "ui/editevaluator.h"

#include <QProgressDialog>

#include <optional>

namespace netfence::ui {

struct EditEvaluator::Job
{
    std::shared_ptr<const core::Cluster> before;
    std::shared_ptr<const core::Evaluator> evaluator; // to copy and follow the change on
    core::ClusterChange change;
    PictureMaker picture;
    Done done;
    // 0 applying, 1 building classes, 2 evaluating, 3 the picture, 4 copying the evaluator,
    // 5 following the policies
    std::atomic<int> phase{0};
    Result result;
    bool complete = false; // read by the UI thread after the thread finished
};

EditEvaluator::EditEvaluator(QWidget *window)
    : ProgressTask(window, QStringLiteral("editProgress"), tr("Edit"))
{
}

bool EditEvaluator::isLong(const core::Cluster &cluster, const core::ClusterChange &change) const
{
    return !change.empty() && cluster.workloads.size() >= mThreshold;
}

bool EditEvaluator::start(std::shared_ptr<const core::Cluster> before,
                          std::shared_ptr<const core::Evaluator> evaluator,
                          core::ClusterChange change, PictureMaker picture, Done done)
{
    if (isRunning() || !before) return false;
    auto job = std::make_shared<Job>();
    job->before = std::move(before);
    if (change.onlyPolicies()) job->evaluator = std::move(evaluator);
    job->change = std::move(change);
    job->picture = std::move(picture);
    job->done = std::move(done);
    mJob = job;
    run([job](core::EvaluationProgress &progress) {
        auto cluster = std::make_shared<core::Cluster>(*job->before);
        job->before.reset();
        std::unique_ptr<core::Evaluator> evaluator;
        std::optional<core::EvaluatorUpdate> update; // set when followed, not evaluated afresh
        if (job->evaluator) {
            // The evaluator answers for the cluster before the change: its copy follows the
            // copied cluster through each step, as the document's own would.
            job->phase = 4;
            evaluator = std::make_unique<core::Evaluator>(*job->evaluator, *cluster);
            job->evaluator.reset();
            if (progress.cancelled) return;
            job->phase = 5;
            update.emplace();
            for (const core::ClusterChange::Step &step : job->change.steps()) {
                core::ClusterChange::applyStep(*cluster, step);
                update->merge(evaluator->announce(step));
            }
            update->normalize();
        } else {
            job->change.applyTo(*cluster);
            if (progress.cancelled) return;
            job->phase = 1;
            evaluator = std::make_unique<core::Evaluator>(*cluster);
            job->phase = 2;
            if (!evaluator->evaluateAll(0, &progress)) return;
        }
        if (progress.cancelled) return;
        job->phase = 3;
        if (job->picture)
            job->result.picture = job->picture(*cluster, *evaluator, update ? &*update : nullptr);
        job->result.followed = update.has_value();
        if (update) job->result.update = std::move(*update);
        job->result.evaluator = std::move(evaluator);
        job->result.cluster = std::move(cluster);
        job->complete = !progress.cancelled;
    });
    return true;
}

void EditEvaluator::showProgress(QProgressDialog &dialog)
{
    if (!mJob) return;
    switch (mJob->phase.load()) {
    case 0:
        dialog.setLabelText(tr("Applying the edit…"));
        break;
    case 1:
        dialog.setLabelText(tr("Grouping workloads…"));
        break;
    case 3:
        dialog.setLabelText(tr("Drawing the connections…"));
        dialog.setRange(0, 0);
        break;
    case 4:
        dialog.setLabelText(tr("Copying the evaluation…"));
        dialog.setRange(0, 0);
        break;
    case 5:
        dialog.setLabelText(tr("Following the policy edit…"));
        dialog.setRange(0, 0);
        break;
    default:
        showEvaluation(dialog, tr("Evaluating the policies again…"));
    }
}

void EditEvaluator::finished()
{
    if (!mJob) return;
    std::shared_ptr<Job> job = std::move(mJob);
    mJob.reset();
    if (!job->complete || wasCancelled()) { // a cancel after the last check counts too
        emit cancelled();
        return;
    }
    job->done(std::move(job->result));
}

} // namespace netfence::ui
