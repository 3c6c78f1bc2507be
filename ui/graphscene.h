#pragma once

#include "core/graphlayout.h"
#include "core/graphmodel.h"
#include "core/policyrecipes.h"
#include "ui/document.h"
#include "ui/edgelayeritem.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace netfence::ui {

class DrawRuleTool;
class FocusLayout;
class LayoutWorker;
class NamespaceItem;
class NodeItem;

// The graph of a Document: namespace boxes, workload and address-range nodes, and one edge
// layer with the allowed traffic. It follows the document's change events: a policy edit
// redraws edges and isolation only; nodes move only when the user moves them or asks for a
// re-layout.
class GraphScene : public QGraphicsScene
{
    Q_OBJECT

public:
    enum class Tool
    {
        Select,
        DrawRule
    };

    // Asked before a drawn rule is written: return the (possibly edited) request, or nothing
    // to cancel. The main window shows a dialog; tests accept the proposal.
    using AllowAsker = std::function<std::optional<core::AllowRequest>(const core::AllowRequest &)>;

    explicit GraphScene(Document *document, QObject *parent = nullptr);
    ~GraphScene() override;

    Document *document() const { return mDocument; }
    // The node items. The pods of a collapsed namespace have none until it opens (a
    // 100,000-pod cluster opens as a few hundred boxes): see members() and reveal().
    NodeItem *node(const QString &id) const { return mNodes.value(id); }
    NamespaceItem *namespaceItem(const QString &name) const { return mNamespaces.value(name); }
    QList<NodeItem *> nodes() const { return mNodes.values(); }
    // Every node of the picture, with an item or folded into its collapsed namespace.
    struct Member
    {
        QString id;
        QString group;
        core::Endpoint endpoint;
        NodeItem *item = nullptr; // null while folded
    };
    std::vector<Member> members() const;
    // How many nodes each namespace (and the outside box) holds, folded ones included.
    const QHash<QString, int> &memberCounts() const { return mMemberCounts; }
    // The item of node `id`, opening its collapsed namespace if it is folded there; null if
    // there is no such node.
    NodeItem *reveal(const QString &id);
    // Where the routed arrows between visible boxes go (they may swing outside the boxes).
    QRectF visibleRoutesRect() const;
    EdgeLayerItem *edgeLayer() const { return mEdgeLayer; }
    static QString outsideGroup() { return QStringLiteral("\x1Foutside"); }
    // The dashed area of exposure placeholders (core::GraphModel::kExposure).
    static QString exposureGroup()
    {
        return QStringLiteral("\x1F"
                              "exposure");
    }

    void setTool(Tool tool);
    Tool tool() const { return mTool; }
    void setAllowAsker(AllowAsker asker) { mAllowAsker = std::move(asker); }
    // Writes the allow through the asker; returns the notes to show (empty when cancelled).
    QStringList requestAllow(const core::AllowRequest &proposal);

    // Selection beyond items: an edge.
    int selectedEdge() const { return mEdgeLayer->selectedEdge(); }
    void selectEdge(int index);
    // Gives `node` its title, subtitle and details from the document (NodeItem asks when its
    // texts are stale and needed).
    void fillTexts(NodeItem *node) const;
    // A collapsed namespace is one box; its traffic is summed into arrows from and to it.
    // (A cluster opens with its namespaces collapsed above GraphModel::kCollapseAbove workloads.)
    void setCollapsed(const QString &ns, bool collapsed);
    bool isCollapsed(const QString &ns) const { return mCollapsed.contains(ns); }
    void setAllCollapsed(bool collapsed);

    // Shows only the selection and what touches it, laid out on its own (FocusLayout): those
    // positions are the view's, never the document's. Nodes cannot be moved in focus mode.
    void setFocusMode(bool on);
    bool focusMode() const { return mFocusMode; }
    // Whether the nodes stand where the focus layout put them (else at the document's positions).
    bool isFocusLayoutShown() const { return mFocusShown; }
    // Blocks until the running focus layout (if any) is shown; for tests.
    void waitForFocusLayout();
    // Draws the peers beyond the manifests that policies admit (core::ExposureReport) as
    // placeholder nodes in their own dashed area, laid out with the rest.
    void setShowExposure(bool on);
    bool showExposure() const { return mShowExposure; }
    // Emphasises the pods a policy selects and the peers its rules match; -1 clears.
    void highlightPolicy(int index);
    // The same for a cluster policy (index into Cluster::clusterPolicies): its subject pods and
    // the peers its rules match, from the evaluator's tier match sets; -1 clears.
    void highlightClusterPolicy(int index);
    int highlightedClusterPolicy() const { return mHighlightedClusterPolicy; }
    // Selects and returns the first node whose name contains `text`.
    NodeItem *find(const QString &text);

    // Graphviz layout of every node (on the worker thread). With `undoable`, the new positions
    // are one undo step; otherwise they become the document's initial positions.
    void relayout(bool undoable);
    bool isLayoutRunning() const;
    // Stops waiting for the running layout; nodes keep the positions they have.
    void cancelLayout();
    void waitForLayout();

    // Called by items.
    void nodeMoved(NodeItem *node);
    void setHovered(NodeItem *node);

signals:
    // The picture is up to date with the document again; views of the graph refresh now.
    void graphUpdated();
    void edgeSelectionChanged(int index);
    void notesPosted(const QStringList &notes);
    void layoutRunning(bool running);
    // Focus mode's own layout was shown or left: the picture moved as a whole.
    void focusLayoutChanged();
    void contextMenuRequested(QGraphicsItem *item, const QPoint &screenPos);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    void onChanged(const DocumentChange &change);
    void onLoaded();
    void rebuild();
    // `update`: after an edit of policies only, what the evaluator says may have changed, so
    // that only those arrows are built again; null: every arrow.
    void syncItems(const core::EvaluatorUpdate *update = nullptr);
    void applyPositions();
    void placeNewNodes();

public:
    // Spots beside their namespaces for the workloads the change adds (for Document::edit's
    // command to set with the change); none before the first layout.
    QHash<QString, QPointF> placesFor(const core::ClusterChange &change) const;

private:
    // Free spots beside their groups for (id, group) nodes; noRoom: some group had none.
    QHash<QString, QPointF> findPlaces(QList<QPair<QString, QString>> pending, bool *noRoom) const;
    void updateTexts(); // marks every node's texts stale (filled at once where shown)
    // The edge layer's bounds and the scene rect brought to what is shown.
    void fitToShown();
    void updateIsolation();
    void recomputeEdges(const core::EvaluatorUpdate *update = nullptr);
    void updateNamespaceBoxes();
    void updateFocus();
    void showFocusLayout();
    void hideFocusLayout();
    void noteFocusDrag(QGraphicsSceneMouseEvent *event);
    void applyLayout(const core::GraphLayout::Result &result);
    // The scene's arrows for a model's edges, in the model's order (ranges under "ext:" ids),
    // into `out` (cleared first).
    static void sceneEdges(const core::GraphModel &model, std::vector<GraphEdge> &out);
    std::set<std::string> collapsedSet() const;
    // Whether a policy edit rebuilds only the arrows its update names (else all of them).
    bool buildsArrowsByUpdate() const;
    // The rectangle an edge end stands for now: a node box, or a group box.
    QRectF endRect(const QString &id, bool group) const;
    // Gives each edge its route: the layout's while its ends stay put, else one around the boxes.
    void attachRoutes(std::vector<GraphEdge> &edges);
    void rerouteEdges();
    void claimPendingRoutes();
    static QString uiId(const std::string &coreId, bool external);
    // An arrow's ends and kind, to find its route again: the strings are shared, not joined
    // (an edit looks up thousands).
    struct EdgeKey
    {
        QString from, to;
        int kind = 0;
        friend bool operator==(const EdgeKey &, const EdgeKey &) = default;
        friend size_t qHash(const EdgeKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.from, k.to, k.kind);
        }
    };
    static EdgeKey edgeKey(const GraphEdge &e);

    struct Route
    {
        QRectF fromRect, toRect; // where its ends stood when it was routed
        QPolygonF points;        // cubic Bezier control polygon
        QPointF tip;
        bool pending = false; // from a layout whose positions are not applied yet
    };
    // An edit's arrows on their way to the edge layer. Its memory is kept from one edit to
    // the next: the first touch of a fresh page costs more than building an arrow in it.
    std::vector<GraphEdge> mFreshEdges;
    // The same for the edges of the model an edit builds.
    std::vector<core::GraphModel::Edge> mModelMemory;
    QHash<EdgeKey, Route> mRoutes;     // by edgeKey
    std::vector<EdgeKey> mLayoutEdges; // edge keys in the order the running layout got them
    // During rebuild() only: the model of the arrows, for the layout that follows.
    bool mKeepModel = false;
    std::unique_ptr<core::GraphModel> mKeptModel;
    std::unique_ptr<core::GraphModel> mOpenedModel; // built by the opener, used if it fits
    bool mLayoutFollows = false;               // during rebuild(): a layout will route the arrows
    QHash<QString, QPointF> mCollapsedCenters; // collapsed namespaces, from the collapsed layout

    // The ids of a collapsed namespace's folded workloads, by workload index (a name two
    // workloads share takes their kinds, as the items' ids do).
    std::vector<std::pair<QString, size_t>> foldedIds(const QString &ns) const;
    // After the collapsed set changed: items made or dropped, their highlight, the selection.
    void resyncFolding();

    Document *mDocument;
    QHash<QString, NodeItem *> mNodes;
    QHash<QString, std::vector<size_t>> mFolded; // collapsed namespace -> its workloads
    QHash<QString, int> mMemberCounts;           // group -> nodes, folded ones included
    std::map<size_t, QStringList> mExposedHosts; // workload -> the hosts and paths exposing it
    QHash<QString, NamespaceItem *> mNamespaces;
    EdgeLayerItem *mEdgeLayer;
    LayoutWorker *mLayoutWorker;
    DrawRuleTool *mDrawRuleTool;
    Tool mTool = Tool::Select;
    AllowAsker mAllowAsker;
    bool mFocusMode = false;
    FocusLayout *mFocusLayout = nullptr;
    bool mFocusShown = false;
    bool mFocusDragNoted = false;
    // The document's picture under the focus layout, shown again when focus ends.
    QHash<EdgeKey, Route> mDocumentRoutes;
    QHash<QString, QPointF> mDocumentCollapsedCenters;
    bool mShowExposure = false;
    QHash<QString, QString>
        mExposureTitles; // placeholder id -> "any pod in any namespace with team=a"
    QSet<QString> mCollapsed;
    bool mApplyingPositions = false;
    QHash<QString, QPointF> mProvisional; // spots of nodes the document has no position for
    bool mUndoableLayout = false;
    void applyHighlight();
    int mHighlightedPolicy = -1;
    int mHighlightedClusterPolicy = -1;
    core::PolicyKey mHighlightedPolicyKey = core::kNoPolicyKey; // what the highlight follows
    core::PolicyKey mHighlightedClusterPolicyKey = core::kNoPolicyKey;
    QHash<QString, QPointF> mDragStart; // positions when a move began
};

} // namespace netfence::ui
