#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"
#include "core/evaluator.h"
#include "core/manifestloader.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QUndoStack>

#include <memory>

namespace netfence::ui {

// What a change touched; the scene updates only the matching parts.
enum class Change
{
    Policies = 1,   // edges and isolation badges only
    Workloads = 2,  // nodes come and go
    Namespaces = 4, // boxes come and go
    Positions = 8,  // nodes moved
    Everything = 15
};
Q_DECLARE_FLAGS(Changes, Change)
Q_DECLARE_OPERATORS_FOR_FLAGS(Changes)

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
    // `evaluated`: its evaluator, already evaluated elsewhere (ClusterOpener's thread).
    void setContents(core::LoadResult result, const QStringList &paths,
                     const QHash<QString, QPointF> &positions = {},
                     std::unique_ptr<core::Evaluator> evaluated = nullptr);
    void clear();
    void reload();

    const core::Cluster &cluster() const { return mCluster; }
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

    // Used by commands only: exchange a part of the model with the given value.
    void swapCluster(core::Cluster &other, Changes what);
    void swapPolicies(std::vector<core::NetworkPolicy> &other);
    // Exchanges both kinds of policy; the evaluator redoes only what the changed ones touch.
    void swapAllPolicies(std::vector<core::NetworkPolicy> &policies,
                         std::vector<core::ClusterNetworkPolicy> &clusterPolicies);
    void setPositions(const QHash<QString, QPointF> &changed); // merges; a layout, not a user move
    void movePositions(const QHash<QString, QPointF> &changed); // merges; the user moved nodes

    // Pushes an edit that replaces the policies (one undo step).
    void changePolicies(const QString &text, std::vector<core::NetworkPolicy> policies);
    // Pushes an edit that replaces the cluster-wide policies (one undo step).
    void changeClusterPolicies(const QString &text, std::vector<core::ClusterNetworkPolicy> policies);
    // Pushes an edit that replaces the whole cluster (one undo step).
    void changeCluster(const QString &text, core::Cluster cluster, Changes what);

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
    void changed(netfence::ui::Changes what);
    void loaded(); // a new cluster replaced the old one

private:
    void evaluate();

    core::Cluster mCluster;
    std::unique_ptr<core::Evaluator> mEvaluator;
    std::vector<core::Diagnostic> mDiagnostics;
    QStringList mPaths;
    QUndoStack mUndoStack;
    QHash<QString, QPointF> mPositions;
    bool mPositionsChanged = false;
    bool mRecovered = false;
};

} // namespace netfence::ui
