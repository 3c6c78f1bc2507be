#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"
#include "core/evaluator.h"
#include "core/graphmodel.h"
#include "core/manifestloader.h"
#include "ui/documentchange.h"
#include "ui/editevaluator.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QStringList>
#include <QUndoStack>

#include <functional>
#include <memory>

namespace netfence::ui {

// Owns the cluster being edited, its undo stack and the node positions. Every edit goes through
// a QUndoCommand that calls one of the swap functions; the document then re-evaluates and tells
// the views what changed.
class Document : public QObject
{
    Q_OBJECT

public:
    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    // Replaces everything with what the paths hold (files, folders or ":/" resources).
    void load(const QStringList &paths);
    void loadText(const QString &text, const QString &name);
    // Replaces everything with an already loaded cluster (a lab's starting state, say).
    // `positions` (a recovered session's) win over the side file's and are in place before
    // the views hear of the new cluster, so no automatic layout replaces them.
    // `evaluated`: its evaluator, already evaluated elsewhere (ClusterOpener's thread);
    // `picture`: the graph model built there from the same cluster and evaluator, which the
    // scene takes while it handles loaded() (takePicture); `snapshot`: a copy of the same
    // cluster made there, the first snapshot().
    void setContents(core::LoadResult result, const QStringList &paths,
                     const QHash<QString, QPointF> &positions = {},
                     std::unique_ptr<core::Evaluator> evaluated = nullptr,
                     std::unique_ptr<core::GraphModel> picture = nullptr,
                     std::shared_ptr<const core::Cluster> snapshot = nullptr);
    // The model setContents was given, once (null after that, or when none was given).
    std::unique_ptr<core::GraphModel> takePicture() { return std::move(mPicture); }
    void clear();
    void reload();

    const core::Cluster &cluster() const { return mCluster; }
    // An unchanging copy of the cluster as it is now, for work on other threads: made once
    // and shared until the next change.
    std::shared_ptr<const core::Cluster> snapshot() const;
    const core::Evaluator &evaluator() const { return *mEvaluator; }
    const std::vector<core::Diagnostic> &diagnostics() const { return mDiagnostics; }
    const QStringList &paths() const { return mPaths; }
    QUndoStack *undoStack() { return &mUndoStack; }
    bool isModified() const { return mRecovered || !mUndoStack.isClean(); }
    void markSaved()
    {
        mRecovered = false;
        mUndoStack.setClean();
    }
    // The contents came from an autosave: unsaved until the user saves them.
    void markRecovered() { mRecovered = true; }

    // Node positions (scene coordinates of the centre), by node id; see nodeId().
    const QHash<QString, QPointF> &positions() const { return mPositions; }
    bool hasPosition(const QString &id) const { return mPositions.contains(id); }

    // Used by commands only: exchange the model with the given value (a load-like edit).
    void swapCluster(core::Cluster &other, Changes what);
    // Used by commands only: applies a change made by core::ClusterEdits, keeping policy keys
    // (an insert without a key gets a new one, written into the change so that its inverse and
    // a redo keep it), tells the evaluator policy by policy (or evaluates afresh when workloads,
    // namespaces or Services change), sets the positions given for new nodes, and announces it
    // all as one DocumentChange.
    void applyChange(core::ClusterChange &change, const QHash<QString, QPointF> &newPositions = {});
    void setPositions(const QHash<QString, QPointF> &changed);  // merges; a layout, not a user move
    void movePositions(const QHash<QString, QPointF> &changed); // merges; the user moved nodes

    // Where the nodes a change adds go, asked for by edit() (the scene knows the free spots).
    using NodePlacer = std::function<QHash<QString, QPointF>(const core::ClusterChange &change)>;
    void setNodePlacer(NodePlacer placer) { mNodePlacer = std::move(placer); }
    // Edits that evaluate afresh (workloads, namespaces, Services) in a big cluster are
    // evaluated on its thread first, and made when that is done (or not at all, on Cancel).
    // Without one, every edit evaluates on the calling thread.
    void setEditEvaluator(EditEvaluator *evaluator) { mEditEvaluator = evaluator; }
    // Whether an edit, undo or redo waits for its evaluation; no other is taken meanwhile.
    bool isEvaluatingEdit() const { return mEditEvaluator && mEditEvaluator->isRunning(); }
    // Makes, on the UI thread, what builds the picture's model of a changed cluster as the
    // views show it now; the edit evaluator runs it on its thread (set by the scene).
    using PictureFactory = std::function<EditEvaluator::PictureMaker()>;
    void setPictureFactory(PictureFactory factory) { mPictureFactory = std::move(factory); }
    // Pushes a ClusterEditCommand (one undo step); false, and nothing pushed, for an empty change
    // or while another edit is being evaluated. A long one is pushed when its evaluation is done.
    // The command sets the positions of the nodes it adds: `newPositions`, nodes a rename moves
    // to a new id where they stood, and the node placer's spots for the rest.
    bool edit(const QString &text, core::ClusterChange change,
              QHash<QString, QPointF> newPositions = {});
    // Pushes an edit that makes the policies these (one undo step holding only the policies
    // that differ).
    void changePolicies(const QString &text, const std::vector<core::NetworkPolicy> &policies);
    // The same for the cluster-wide policies.
    void changeClusterPolicies(const QString &text,
                               const std::vector<core::ClusterNetworkPolicy> &policies);
    // Pushes an edit that replaces the whole cluster (one undo step holding a whole Cluster:
    // for load-like edits only).
    void changeCluster(const QString &text, core::Cluster cluster, Changes what);

    // The undo stack's undo and redo, with the evaluation of a long step first (see edit()).
    void undo();
    void redo();

    // Policies' stable keys (see core::PolicyKey): the key of policies[index], and back
    // (-1 when no policy has the key any more).
    core::PolicyKey policyKey(size_t index) const;
    int policyIndex(core::PolicyKey key) const;
    core::PolicyKey clusterPolicyKey(size_t index) const;
    int clusterPolicyIndex(core::PolicyKey key) const;

    // Stable ids for graph nodes: "ns/name" for workloads, "ext:<range>" for outside ranges.
    static QString nodeId(const core::Cluster &cluster, const core::Endpoint &endpoint);

    // Where node positions of these paths are kept: a side file, never the manifests.
    QString layoutFile() const;
    // Reads the side file when it is a regular file of at most kMaxLayoutFileBytes; a side file
    // that cannot be used, or positions that are not finite or beyond kMaxCoordinate, become
    // one warning in diagnostics() and the automatic layout is used.
    bool loadLayoutFile();
    // Writes the side file, never through a symlink nor into anything but a regular file.
    bool saveLayoutFile(QString *error = nullptr);
    static constexpr qint64 kMaxLayoutFileBytes = 16 << 20;
    static constexpr double kMaxCoordinate = 1e7;
    // A position the scene can draw: finite and within ±kMaxCoordinate.
    static bool isUsablePosition(const QPointF &p);
    // True when the user moved nodes (or re-laid them out) since the side file was written.
    bool positionsChanged() const { return mPositionsChanged; }

signals:
    void changed(const netfence::ui::DocumentChange &change);
    void loaded(); // a new cluster replaced the old one

private:
    void evaluate();
    // Keys for the policies after a wholesale change: a policy of a name seen before keeps its key.
    void rekey(const core::Cluster &before, const std::vector<core::PolicyKey> &policyKeys,
               const std::vector<core::PolicyKey> &clusterPolicyKeys);
    void announce(Changes what, bool loaded = false);
    // Whether the change is evaluated on the edit evaluator's thread before it is made.
    bool isLong(const core::ClusterChange &change) const;
    // Starts the evaluation of a long change; `then` makes it once that is ready (not after a
    // cancel, nor when the design changed meanwhile).
    void evaluateFirst(const core::ClusterChange &change, std::function<void()> then);
    void step(bool forward);

    core::Cluster mCluster;
    // Shared with an edit evaluator that copies it on its thread (a load meanwhile replaces
    // it here, not there).
    std::shared_ptr<core::Evaluator> mEvaluator;
    std::unique_ptr<core::GraphModel> mPicture;             // until the scene takes it
    mutable std::shared_ptr<const core::Cluster> mSnapshot; // null once the cluster changed
    std::vector<core::Diagnostic> mDiagnostics;
    QStringList mPaths;
    QUndoStack mUndoStack;
    QHash<QString, QPointF> mPositions;
    bool mPositionsChanged = false;
    bool mRecovered = false;
    std::vector<core::PolicyKey> mPolicyKeys;        // parallel to mCluster.policies
    std::vector<core::PolicyKey> mClusterPolicyKeys; // parallel to mCluster.clusterPolicies
    core::PolicyKey mNextKey = 1;
    NodePlacer mNodePlacer;
    QPointer<EditEvaluator> mEditEvaluator;
    PictureFactory mPictureFactory;
    // What the edit evaluator made for the change about to be applied: set only while that
    // change is made, and only when the design is still the one it started from
    // (mGeneration counts the changes of the design).
    EditEvaluator::Result mPrepared;
    quint64 mGeneration = 0;
    std::shared_ptr<const core::Cluster> mNextSnapshot; // the prepared cluster, once applied
};

} // namespace netfence::ui
