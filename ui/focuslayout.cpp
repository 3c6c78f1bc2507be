#include "ui/focuslayout.h"

#include "core/graphlayout.h"
#include "core/graphmodel.h"
#include "core/graphpicture.h"
#include "ui/document.h"
#include "ui/layoutworker.h"

#include <map>

namespace netfence::ui {

namespace {

const QLatin1String kRangePrefix("ext:");

// The scene's id of a model node: ranges are kept under "ext:" so that they never clash with
// workloads; the ingress controller is a node of its own name.
QString sceneIdOf(const core::GraphModel::Node &n)
{
    const QString id = QString::fromStdString(n.id);
    return n.role == core::GraphModel::Role::Endpoint && n.endpoint.isExternal()
               ? QString(kRangePrefix) + id
               : id;
}

} // namespace

FocusLayout::FocusLayout(Document *document, QObject *parent)
    : QObject(parent), mDocument(document), mWorker(new LayoutWorker(this))
{
    connect(mWorker, &LayoutWorker::finished, this,
            [this](const core::GraphLayout::Result &result) {
                if (!result.error.empty()) {
                    emit failed(QString::fromStdString(result.error));
                    return;
                }
                Picture picture;
                for (const auto &[id, p] : result.centers) {
                    const QString key = QString::fromStdString(id);
                    if (mCollapsedShown.count(id))
                        picture.collapsedCenters.insert(key, QPointF(p.x, p.y));
                    else if (auto it = mSceneIds.constFind(key); it != mSceneIds.cend())
                        picture.positions.insert(*it, QPointF(p.x, p.y));
                }
                for (size_t i = 0; i < mEnds.size() && i < result.routes.size(); ++i) {
                    const core::GraphLayout::Route &r = result.routes[i];
                    if (r.points.empty()) continue;
                    GraphEdge e = mEnds[i];
                    for (const core::GraphLayout::Point &p : r.points)
                        e.route << QPointF(p.x, p.y);
                    e.tip = QPointF(r.tip.x, r.tip.y);
                    picture.routes.push_back(std::move(e));
                }
                mPicture = std::move(picture);
                mHasPicture = true;
                emit pictureReady();
            });
}

FocusLayout::~FocusLayout() = default;

QSet<QString> FocusLayout::update(const QSet<QString> &seeds, const QSet<QString> &collapsed)
{
    std::set<std::string> collapsedSet;
    for (const QString &ns : collapsed)
        collapsedSet.insert(ns.toStdString());
    const core::GraphModel model(mDocument->cluster(), mDocument->evaluator(), collapsedSet);
    std::map<std::string, const core::GraphModel::Node *> byId;
    for (const core::GraphModel::Node &n : model.nodes())
        byId.emplace(n.id, &n);
    std::set<std::string> coreSeeds;
    for (const QString &s : seeds)
        if (byId.count(coreId(s))) coreSeeds.insert(coreId(s));
    if (coreSeeds.empty()) {
        clear();
        return {};
    }
    const std::set<std::string> shown = model.focus(coreSeeds);
    QSet<QString> visible;
    for (const std::string &id : shown)
        if (auto it = byId.find(id); it != byId.end()) visible.insert(sceneIdOf(*it->second));
    if (mRequested && shown == mShown && collapsedSet == mCollapsed) return visible;

    mRequested = true;
    mShown = shown;
    mCollapsed = collapsedSet;
    mSceneIds.clear();
    mCollapsedShown.clear();
    for (const std::string &id : shown)
        if (auto it = byId.find(id); it != byId.end()) {
            mSceneIds.insert(QString::fromStdString(id), sceneIdOf(*it->second));
            if (model.isCollapsed(it->second->group)) mCollapsedShown.insert(it->second->group);
        }
    // The routes come back by the model's edges; the scene knows its arrows by their ends.
    mEnds.clear();
    for (const core::GraphModel::Edge &m : model.edges()) {
        auto end = [&](const std::string &id, bool group) {
            auto it = byId.find(id);
            return group || it == byId.end() ? QString::fromStdString(id) : sceneIdOf(*it->second);
        };
        GraphEdge e;
        e.from = end(m.from, m.fromGroup);
        e.to = end(m.to, m.toGroup);
        e.fromGroup = m.fromGroup;
        e.toGroup = m.toGroup;
        mEnds.push_back(std::move(e));
    }
    core::GraphLayout::Input input = core::GraphPicture::layoutInput(model, shown);
    input.groupLabels[core::GraphModel::kOutside] = tr("Outside the cluster").toStdString();
    mWorker->start(std::move(input));
    return visible;
}

void FocusLayout::clear()
{
    mWorker->cancel();
    mRequested = false;
    mShown.clear();
    mCollapsed.clear();
    mHasPicture = false;
    mPicture = {};
}

bool FocusLayout::isRunning() const
{
    return mWorker->isRunning();
}

void FocusLayout::waitForFinished()
{
    mWorker->waitForFinished();
}

std::string FocusLayout::coreId(const QString &sceneId)
{
    return (sceneId.startsWith(kRangePrefix) ? sceneId.mid(kRangePrefix.size()) : sceneId)
        .toStdString();
}

} // namespace netfence::ui
