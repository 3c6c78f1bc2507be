#pragma once

#include "core/cluster.h"
#include "core/clusterchange.h"
#include "core/evaluator.h"
#include "core/graphmodel.h"
#include "ui/progresstask.h"

#include <functional>
#include <memory>

namespace netfence::ui {

// Evaluates the cluster an edit is about to make, off the UI thread, when that is long: a
// change of workloads, namespaces or Services evaluates every pair afresh (1.5 s at 100,000
// pods), and the picture then sums millions of class pairs (seconds more); a policy edit is
// followed row by row on a copy of the evaluator (a second at 100,000 pods). The edit waits
// behind a progress dialog with Cancel and is made only when all of it is ready, so the model
// never runs ahead of its evaluator; a cancel leaves the design as it was.
class EditEvaluator : public ProgressTask
{
    Q_OBJECT

public:
    explicit EditEvaluator(QWidget *window);

    // Whether `change` made to `cluster` is worth a thread: a cluster of at least threshold()
    // workloads.
    bool isLong(const core::Cluster &cluster, const core::ClusterChange &change) const;
    // About 0.3 s of evaluation and picture, or 0.1 s of following a policy edit.
    static constexpr size_t kLongWorkloads = 10000;
    size_t threshold() const { return mThreshold; }
    void setThreshold(size_t workloads) { mThreshold = workloads; }

    // What the thread made: the evaluator and the picture's model of the changed cluster, and
    // that cluster (an unchanging copy, Document::snapshot's next). The evaluator and the
    // model refer to `cluster`; rebind them to the document's own copy.
    struct Result
    {
        std::shared_ptr<const core::Cluster> cluster;
        std::unique_ptr<core::Evaluator> evaluator;
        std::unique_ptr<core::GraphModel> picture; // null when no picture maker was given
        // A policy edit followed on a copy of the evaluator: what it changed (normalized).
        bool followed = false;
        core::EvaluatorUpdate update;
    };
    // Builds the picture's model of the changed cluster, on the evaluator's thread; `update`
    // says what a followed policy edit changed (null after a fresh evaluation).
    using PictureMaker = std::function<std::unique_ptr<core::GraphModel>(
        const core::Cluster &, const core::Evaluator &, const core::EvaluatorUpdate *update)>;
    using Done = std::function<void(Result)>;
    // Copies `before`, applies `change` to the copy and evaluates it: afresh, or, when the
    // change is of policies alone and `evaluator` (the one that answers for `before`) is
    // given, by following the change on a copy of it. `done` is called on the UI thread when
    // all of it is ready, never after a cancel() (cancelled() instead). One at a time: false,
    // and nothing started, while another runs. `evaluator` must not change meanwhile (read
    // only; see stop()).
    bool start(std::shared_ptr<const core::Cluster> before,
               std::shared_ptr<const core::Evaluator> evaluator, core::ClusterChange change,
               PictureMaker picture, Done done);
    // Ends a running evaluation at once, as a cancel: for whoever must change the evaluator
    // it reads.
    void stop() { finishNow(); }

signals:
    void cancelled();

protected:
    void showProgress(QProgressDialog &dialog) override;
    void finished() override;

private:
    struct Job;

    size_t mThreshold = kLongWorkloads;
    std::shared_ptr<Job> mJob;
};

} // namespace netfence::ui
