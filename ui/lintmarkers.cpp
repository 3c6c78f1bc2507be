#include "ui/lintmarkers.h"

#include "ui/document.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"
#include "ui/problemsdock.h"

#include <QBrush>
#include <QGraphicsPolygonItem>
#include <QPen>

#include <unordered_map>

namespace netfence::ui {

LintMarkers::LintMarkers(GraphScene *scene, ProblemsDock *problems, QObject *parent)
    : QObject(parent), mScene(scene), mProblems(problems)
{
    connect(problems, &ProblemsDock::findingsChanged, this, &LintMarkers::rebuild);
    connect(scene, &GraphScene::graphUpdated, this, &LintMarkers::place);
    rebuild();
}

LintMarkers::~LintMarkers()
{
    // The scene may be gone first (it owns the items then).
}

void LintMarkers::rebuild()
{
    const core::Cluster &cluster = mScene->document()->cluster();
    const core::Evaluator &evaluator = mScene->document()->evaluator();
    mTexts.clear();
    auto mark = [&](const QString &id, const core::LintFinding &f) {
        QString &text = mTexts[id];
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) +
                QStringLiteral("[%1] %2").arg(QString::fromStdString(f.id),
                                              QString::fromStdString(f.why));
    };
    // Policy name -> the workloads it selects, made once: findings name policies, marks go on pods.
    std::unordered_map<std::string, std::vector<size_t>> selected;
    bool selectedMade = false;
    for (const core::LintFinding &f : mProblems->findings())
        for (const std::string &object : f.objects) {
            const size_t space = object.find(' ');
            if (space == std::string::npos) continue;
            const std::string kind = object.substr(0, space), name = object.substr(space + 1);
            if (kind == "NetworkPolicy") {
                if (!selectedMade) {
                    selectedMade = true;
                    for (size_t w = 0; w < cluster.workloads.size(); ++w)
                        for (size_t p : evaluator.policiesSelecting(w))
                            selected[cluster.policies[p].qualifiedName()].push_back(w);
                }
                const auto it = selected.find(name);
                if (it != selected.end())
                    for (size_t w : it->second)
                        mark(QString::fromStdString(cluster.workloads[w].qualifiedName()), f);
            } else if (kind != "Namespace" && cluster.findWorkload(name) >= 0) {
                mark(QString::fromStdString(name), f);
            }
        }
    place();
}

void LintMarkers::place()
{
    for (auto it = mItems.begin(); it != mItems.end();) {
        if (!mTexts.contains(it.key()) || !mScene->node(it.key())) {
            if (it.value()->scene() == mScene) delete it.value();
            it = mItems.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = mTexts.begin(); it != mTexts.end(); ++it) {
        NodeItem *node = mScene->node(it.key());
        if (!node) continue;
        QGraphicsItem *&item = mItems[it.key()];
        if (!item) {
            auto *triangle = new QGraphicsPolygonItem(
                QPolygonF({QPointF(0, -9), QPointF(9, 7), QPointF(-9, 7)}));
            triangle->setBrush(QColor(240, 160, 0));
            triangle->setPen(QPen(QColor(120, 80, 0), 1));
            triangle->setZValue(60);
            mScene->addItem(triangle);
            item = triangle;
        }
        item->setToolTip(it.value());
        item->setPos(node->sceneBoundingRect().topLeft() + QPointF(4, 4));
        item->setVisible(node->isVisible());
    }
}

} // namespace netfence::ui
