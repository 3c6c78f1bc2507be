#pragma once

#include "core/evaluator.h"
#include "core/graphmodel.h"
#include "core/manifestloader.h"
#include "ui/progresstask.h"

#include <QStringList>

#include <memory>

namespace netfence::ui {

// Opens a large cluster off the UI thread: reads the files, builds the evaluator, evaluates
// every pair and builds the first picture's model (GraphModel) on a worker thread, with a progress
// dialog and Cancel, so that the window keeps answering. The document is replaced only when all of
// it is ready; a cancel keeps the document that was open. Small inputs are not worth it
// (Document::load).
class ClusterOpener : public ProgressTask
{
    Q_OBJECT

public:
    explicit ClusterOpener(QWidget *window);

    // Whether the files under `paths` (":/" resources aside) hold more than threshold() bytes.
    bool isLarge(const QStringList &paths) const;
    static constexpr qint64 kLargeBytes = 4 << 20; // about 8,000 workloads of generated YAML
    qint64 threshold() const { return mThreshold; }
    void setThreshold(qint64 bytes) { mThreshold = bytes; }

    // Starts reading `paths`; a running open is cancelled first. cancel() stops it soon (the
    // evaluation at once, reading after the file in hand).
    void start(const QStringList &paths);
    enum class Phase
    {
        Idle,
        Reading,
        Grouping,
        Evaluating,
        Picturing
    };
    Phase phase() const;
    // After opened(): the cluster read and its complete evaluator (on the result's cluster;
    // Document::setContents rebinds it to its own copy).
    core::LoadResult takeResult();
    std::unique_ptr<core::Evaluator> takeEvaluator();
    // The arrows as a freshly opened cluster shows them (GraphModel::collapsedOnOpen), on the
    // result's cluster (Document::setContents rebinds it).
    std::unique_ptr<core::GraphModel> takeModel();
    // A copy of the result's cluster, for Document::snapshot().
    std::shared_ptr<const core::Cluster> takeSnapshot();

signals:
    void opened(const QStringList &paths);
    void cancelled(const QStringList &paths);

protected:
    void showProgress(QProgressDialog &dialog) override;
    void finished() override;

private:
    struct Job;

    qint64 mThreshold = kLargeBytes;
    std::shared_ptr<Job> mJob;
    std::unique_ptr<core::LoadResult> mResult;
    std::unique_ptr<core::Evaluator> mEvaluator;
    std::unique_ptr<core::GraphModel> mModel;
    std::shared_ptr<const core::Cluster> mSnapshot;
};

} // namespace netfence::ui
