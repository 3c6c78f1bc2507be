#pragma once

#include "core/endpoint.h"

#include <QGraphicsItem>
#include <QString>
#include <QStringList>

namespace netfence::ui {

class GraphScene;

// A workload, pod or address range on the graph: name, kind, replicas, key labels, and the
// isolation it is under (a bar on the left for ingress, on the right for egress).
class NodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };
    static constexpr qreal kWidth = 176;
    static constexpr qreal kHeight = 66;

    NodeItem(GraphScene *scene, QString id, QString group, const core::Endpoint &endpoint);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QString &id() const { return mId; }
    const QString &group() const { return mGroup; } // namespace name, or "" outside the cluster
    const core::Endpoint &endpoint() const { return mEndpoint; }
    void setEndpoint(const core::Endpoint &endpoint) { mEndpoint = endpoint; }
    bool isExternal() const { return mEndpoint.isExternal(); }
    // The ingress controller (Ingress and Route traffic): drawn outside, never a rule's end.
    bool isIngressController() const { return mId == QLatin1String("{ingress-controller}"); }
    // A peer beyond the manifests that policies admit (exposure), in its own dashed area.
    bool isExposure() const
    {
        return mGroup == QLatin1String("\x1F"
                                       "exposure");
    }
    // Not a pod or address: never a rule's end, never in the matrix.
    bool isPlaceholder() const { return isIngressController() || isExposure(); }
    // A workload whose pods use their node's network (core::Workload::hostNetwork).
    bool isHostNetwork() const;
    // The mark for a hostNetwork pod, in the top-right corner of `box` (shared with the legend).
    static void drawHostNetworkBadge(QPainter *painter, const QRectF &box);

    void setTexts(const QString &title, const QString &subtitle, const QStringList &details);
    // The texts are asked of the scene (GraphScene::fillTexts) when next read, painted or
    // shown: a node focus mode hides pays for its texts only when it shows again.
    void setTextsStale();
    void setIsolation(bool ingress, bool egress);
    bool ingressIsolated() const { return mIngressIsolated; }
    bool egressIsolated() const { return mEgressIsolated; }
    const QString &title() const
    {
        ensureTexts();
        return mTitle;
    }

    enum class Emphasis
    {
        Normal,
        Dimmed,
        Selected, // by a policy's podSelector
        Peer      // matched by a policy's rules
    };
    void setEmphasis(Emphasis e);
    Emphasis emphasis() const { return mEmphasis; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void ensureTexts() const;

    GraphScene *mScene;
    QString mId;
    QString mGroup;
    core::Endpoint mEndpoint;
    QString mTitle, mSubtitle;
    QStringList mDetails;
    bool mTextsStale = false;
    bool mIngressIsolated = false;
    bool mEgressIsolated = false;
    Emphasis mEmphasis = Emphasis::Normal;
};

} // namespace netfence::ui
