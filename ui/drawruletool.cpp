#include "ui/drawruletool.h"

#include "core/policyrecipes.h"
#include "ui/graphscene.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QGraphicsLineItem>
#include <QPen>

namespace netfence::ui {

namespace {

template <typename T> T *topItemAt(GraphScene *scene, const QPointF &pos)
{
    for (QGraphicsItem *item : scene->items(pos))
        if (item->type() == T::Type && item->isVisible()) return static_cast<T *>(item);
    return nullptr;
}

} // namespace

DrawRuleTool::DrawRuleTool(GraphScene *scene) : mScene(scene) {}

DrawRuleTool::~DrawRuleTool()
{
    cancel();
}

bool DrawRuleTool::mousePress(const QPointF &scenePos)
{
    cancel();
    mSource = topItemAt<NodeItem>(mScene, scenePos);
    if (mSource && mSource->isPlaceholder())
        mSource = nullptr; // its traffic comes from Ingresses and Routes, not from a rule
    if (!mSource) return false;
    mLine = new QGraphicsLineItem(QLineF(mSource->pos(), scenePos));
    mLine->setPen(QPen(QColor(230, 120, 0), 2.5, Qt::DashLine, Qt::RoundCap));
    mLine->setZValue(10);
    mScene->addItem(mLine);
    return true;
}

bool DrawRuleTool::mouseMove(const QPointF &scenePos)
{
    if (!mSource) return false;
    mLine->setLine(QLineF(mSource->pos(), scenePos));
    return true;
}

bool DrawRuleTool::mouseRelease(const QPointF &scenePos)
{
    if (!mSource) return false;
    NodeItem *source = mSource;
    cancel();
    const core::Cluster &cluster = mScene->document()->cluster();
    core::AllowRequest request;
    request.from = source->endpoint();
    request.ports = {core::NetworkPolicyPort{core::Protocol::TCP, 80, {}, {}}};
    if (NodeItem *target = topItemAt<NodeItem>(mScene, scenePos)) {
        if (target == source || target->isPlaceholder()) return true;
        if (target->isExternal()) {
            if (source->isExternal()) {
                emit mScene->notesPosted({QObject::tr(
                    "Traffic between two addresses outside the cluster is not governed by "
                    "NetworkPolicies.")});
                return true;
            }
            request.target = core::AllowRequest::Target::External;
            const core::IPRange range = target->endpoint().range;
            const std::vector<std::string> cidrs = core::rangeToCidrs(range);
            request.toCidr = cidrs.size() == 1 ? cidrs.front() : "0.0.0.0/0";
        } else {
            request.target = core::AllowRequest::Target::Workload;
            request.toWorkload = target->endpoint().workload;
            request.destinationLabels =
                core::PolicyRecipes::defaultSelectorLabels(cluster, request.toWorkload);
            request.ports = core::PolicyRecipes::defaultPorts(cluster, request.toWorkload);
        }
    } else if (NamespaceItem *box = topItemAt<NamespaceItem>(mScene, scenePos)) {
        if (box->isOutside()) {
            request.target = core::AllowRequest::Target::External;
            request.toCidr = "0.0.0.0/0";
        } else {
            request.target = core::AllowRequest::Target::Namespace;
            request.toNamespace = box->name().toStdString();
        }
    } else {
        return true; // dropped on nothing
    }
    if (request.from.isWorkload())
        request.sourceLabels =
            core::PolicyRecipes::defaultSelectorLabels(cluster, request.from.workload);
    const QStringList notes = mScene->requestAllow(request);
    if (!notes.isEmpty()) emit mScene->notesPosted(notes);
    return true;
}

void DrawRuleTool::cancel()
{
    mSource = nullptr;
    if (mLine) {
        mScene->removeItem(mLine);
        delete mLine;
        mLine = nullptr;
    }
}

} // namespace netfence::ui
