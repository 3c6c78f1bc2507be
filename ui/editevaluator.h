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
// pods), and the picture then sums millions of class pairs (seconds more). The edit waits
// behind a progress dialog with Cancel and is made only when all of it is ready, so the model
// never runs ahead of its evaluator; a cancel leaves the design as it was.
class EditEvaluator : public ProgressTask
{
    Q_OBJECT

public:
    explicit EditEvaluator(QWidget *window);

    // Whether `change` made to `cluster` is worth a thread: it needs a fresh evaluation (not
    // policies alone, which the evaluator follows row by row) of at least threshold() workloads.
    bool isLong(const core::Cluster &cluster, const core::ClusterChange &change) const;
    static constexpr size_t kLongWorkloads = 10000; // about 0.3 s of evaluation and picture
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
    };
    // Builds the picture's model of the changed cluster, on the evaluator's thread.
    using PictureMaker = std::function<std::unique_ptr<core::GraphModel>(const core::Cluster &,
                                                                         const core::Evaluator &)>;
    using Done = std::function<void(Result)>;
    // Copies `before`, applies `change` to the copy and evaluates it; `done` is called on the
    // UI thread when all of it is ready, never after a cancel() (cancelled() instead). One at
    // a time: false, and nothing started, while another runs.
    bool start(std::shared_ptr<const core::Cluster> before, core::ClusterChange change,
               PictureMaker picture, Done done);

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
