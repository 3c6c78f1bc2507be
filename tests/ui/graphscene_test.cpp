// The editor driven headlessly: what the user sees (nodes, edges, isolation) and what each
// edit writes, undo included.
#include "core/clustergenerator.h"
#include "core/graphmodel.h"
#include "core/graphpicture.h"
#include "core/manifestloader.h"
#include "core/yamlwriter.h"
#include "generateddesign.h"
#include "ui/autosaver.h"
#include "ui/document.h"
#include "ui/documentmanager.h"
#include "ui/graphscene.h"
#include "ui/inspectordock.h"
#include "ui/labdock.h"
#include "ui/mainwindow.h"
#include "ui/matrixdock.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"
#include "ui/policydock.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsSceneMouseEvent>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace netfence;
using namespace netfence::ui;

namespace {

const QString kLab = QStringLiteral(":/labs/netpol-lab/cluster.yaml");
const QString kLabFile = QStringLiteral(":/labs/netpol-lab.lab.yaml");
const QString kClient = QStringLiteral("netpol-lab/client");
const QString kFrontend = QStringLiteral("netpol-lab/frontend");
const QString kBackend = QStringLiteral("netpol-lab/backend");
const QString kDns = QStringLiteral("kube-system/kube-dns");

QStringList edgeList(const GraphScene &scene)
{
    QStringList out;
    for (const GraphEdge &e : scene.edgeLayer()->edges())
        out << (e.bundle ? QStringLiteral("ns:") : QString()) + e.from + QStringLiteral(" -> ") +
                   e.to + QStringLiteral(" : ") + e.label;
    out.sort();
    return out;
}

QString internetId(const GraphScene &scene)
{
    for (NodeItem *n : scene.nodes())
        if (n->isExternal() && n->title() == QLatin1String("Internet")) return n->id();
    return {};
}

QHash<QString, QPointF> positions(const GraphScene &scene)
{
    QHash<QString, QPointF> out;
    for (NodeItem *n : scene.nodes())
        out.insert(n->id(), n->pos());
    return out;
}

void sendMouse(GraphScene &scene, QEvent::Type type, const QPointF &pos)
{
    QGraphicsSceneMouseEvent event(type);
    event.setScenePos(pos);
    event.setButton(Qt::LeftButton);
    event.setButtons(type == QEvent::GraphicsSceneMouseRelease ? Qt::NoButton : Qt::LeftButton);
    QApplication::sendEvent(&scene, &event);
}

class Editor : public testing::Test
{
protected:
    void SetUp() override
    {
        document = std::make_unique<Document>();
        scene = std::make_unique<GraphScene>(document.get());
        scene->setAllowAsker(
            [](const core::AllowRequest &proposal) { return std::optional(proposal); });
        document->load({kLab});
        scene->waitForLayout();
        ASSERT_TRUE(document->diagnostics().empty());
    }
    void TearDown() override
    {
        scene.reset();
        document.reset();
    }

    void denyAll(const std::string &ns)
    {
        core::Cluster c = document->cluster();
        core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, ns, true, true));
        document->changePolicies(QStringLiteral("deny"), c.policies);
    }

    // Drags with the draw-a-rule tool from one node to another, as the mouse would.
    void drawRule(const QString &from, const QString &to)
    {
        scene->setTool(GraphScene::Tool::DrawRule);
        const QPointF a = scene->node(from)->pos(), b = scene->node(to)->pos();
        sendMouse(*scene, QEvent::GraphicsSceneMousePress, a);
        sendMouse(*scene, QEvent::GraphicsSceneMouseMove, (a + b) / 2);
        sendMouse(*scene, QEvent::GraphicsSceneMouseMove, b);
        sendMouse(*scene, QEvent::GraphicsSceneMouseRelease, b);
        scene->setTool(GraphScene::Tool::Select);
    }

    std::string yaml() const { return core::YamlWriter::policies(document->cluster().policies); }

    std::unique_ptr<Document> document;
    std::unique_ptr<GraphScene> scene;
};

TEST_F(Editor, OpeningTheSeedLabBuildsNodesBoxesAndEdges)
{
    for (const QString &id : {kClient, kFrontend, kBackend, kDns})
        ASSERT_TRUE(scene->node(id)) << id.toStdString();
    const QString internet = internetId(*scene);
    ASSERT_FALSE(internet.isEmpty());
    EXPECT_EQ(scene->nodes().size(), 5);
    EXPECT_TRUE(scene->namespaceItem(QStringLiteral("netpol-lab")));
    EXPECT_TRUE(scene->namespaceItem(QStringLiteral("kube-system")));
    EXPECT_TRUE(scene->namespaceItem(GraphScene::outsideGroup()));
    // Every node sits inside its box.
    for (NodeItem *n : scene->nodes())
        EXPECT_TRUE(
            scene->namespaceItem(n->group())->sceneBoundingRect().contains(n->sceneBoundingRect()))
            << n->id().toStdString();
    // A flat network: namespaces fully connected (bundled), every pod to and from the Internet.
    const QStringList edges = edgeList(*scene);
    EXPECT_TRUE(edges.contains(QStringLiteral("ns:kube-system -> netpol-lab : All")));
    EXPECT_TRUE(edges.contains(QStringLiteral("ns:netpol-lab -> kube-system : All")));
    EXPECT_TRUE(
        edges.contains(kClient + QStringLiteral(" -> ") + internet + QStringLiteral(" : All")));
    EXPECT_TRUE(
        edges.contains(internet + QStringLiteral(" -> ") + kBackend + QStringLiteral(" : All")));
    EXPECT_EQ(edges.size(), 2 + 4 * 2);
    EXPECT_FALSE(scene->namespaceItem(QStringLiteral("netpol-lab"))->note().isEmpty());
    for (NodeItem *n : scene->nodes())
        EXPECT_FALSE(n->ingressIsolated() || n->egressIsolated());
}

TEST_F(Editor, DefaultDenyEverywhereRemovesEveryEdgeAndShowsIsolation)
{
    denyAll("netpol-lab");
    denyAll("kube-system");
    EXPECT_TRUE(scene->edgeLayer()->edges().empty()) << edgeList(*scene).join('\n').toStdString();
    for (const QString &id : {kClient, kFrontend, kBackend, kDns}) {
        EXPECT_TRUE(scene->node(id)->ingressIsolated());
        EXPECT_TRUE(scene->node(id)->egressIsolated());
    }
}

TEST_F(Editor, DrawingARuleWritesIngressAndTheMissingEgressSide)
{
    denyAll("netpol-lab");
    ASSERT_FALSE(
        edgeList(*scene).join('\n').contains(kClient + QStringLiteral(" -> ") + kFrontend));
    QStringList notes;
    QObject::connect(scene.get(), &GraphScene::notesPosted,
                     [&](const QStringList &n) { notes = n; });
    drawRule(kClient, kFrontend);

    const auto &policies = document->cluster().policies;
    ASSERT_EQ(policies.size(), 3u);
    const core::NetworkPolicy &ingress = policies[1];
    EXPECT_EQ(ingress.name, "allow-client-to-frontend");
    EXPECT_EQ(ingress.podSelector.matchLabels, (core::Labels{{"app", "frontend"}}));
    ASSERT_EQ(ingress.ingress.size(), 1u);
    EXPECT_EQ(ingress.ingress[0].ports[0].toString(), "TCP 80");
    const core::NetworkPolicy &egress = policies[2];
    EXPECT_EQ(egress.podSelector.matchLabels, (core::Labels{{"app", "client"}}));
    EXPECT_EQ(egress.policyTypes, std::vector<core::PolicyType>{core::PolicyType::Egress});
    ASSERT_FALSE(notes.isEmpty());
    EXPECT_TRUE(notes.join(' ').contains(QStringLiteral("isolated for egress")));

    const QStringList edges = edgeList(*scene);
    EXPECT_TRUE(
        edges.contains(kClient + QStringLiteral(" -> ") + kFrontend + QStringLiteral(" : TCP 80")))
        << edges.join('\n').toStdString();
    EXPECT_EQ(document->undoStack()->count(), 2); // the deny, then the drawn rule: one step
}

TEST_F(Editor, UndoRestoresTheYamlAndTheEdgesExactly)
{
    denyAll("netpol-lab");
    const std::string yamlBefore = yaml();
    const QStringList edgesBefore = edgeList(*scene);
    drawRule(kClient, kFrontend);
    const std::string yamlAfter = yaml();
    const QStringList edgesAfter = edgeList(*scene);
    ASSERT_NE(yamlAfter, yamlBefore);
    ASSERT_NE(edgesAfter, edgesBefore);
    document->undoStack()->undo();
    EXPECT_EQ(yaml(), yamlBefore);
    EXPECT_EQ(edgeList(*scene), edgesBefore);
    document->undoStack()->redo();
    EXPECT_EQ(yaml(), yamlAfter);
    EXPECT_EQ(edgeList(*scene), edgesAfter);
    document->undoStack()->undo();
    document->undoStack()->undo();
    EXPECT_EQ(document->cluster().policies.size(), 0u);
    EXPECT_FALSE(document->isModified());
}

TEST_F(Editor, PolicyEditsNeverMoveANode)
{
    const QHash<QString, QPointF> before = positions(*scene);
    denyAll("netpol-lab");
    drawRule(kClient, kFrontend);
    drawRule(kFrontend, kBackend);
    document->undoStack()->undo();
    EXPECT_EQ(positions(*scene), before);
}

TEST_F(Editor, DraggingANodeIsOneUndoStepAndReLayoutIsUndoable)
{
    NodeItem *client = scene->node(kClient);
    const QPointF start = client->pos();
    client->setSelected(true);
    sendMouse(*scene, QEvent::GraphicsSceneMousePress, start);
    client->setPos(start + QPointF(120, 40)); // what the scene's drag does
    sendMouse(*scene, QEvent::GraphicsSceneMouseRelease, start + QPointF(120, 40));
    ASSERT_EQ(document->undoStack()->count(), 1);
    EXPECT_EQ(document->positions().value(kClient), start + QPointF(120, 40));
    // The box follows its nodes.
    EXPECT_TRUE(scene->namespaceItem(QStringLiteral("netpol-lab"))
                    ->sceneBoundingRect()
                    .contains(client->sceneBoundingRect()));
    document->undoStack()->undo();
    EXPECT_EQ(client->pos(), start);

    client->setPos(start + QPointF(500, 500));
    document->setPositions({{kClient, start + QPointF(500, 500)}});
    scene->relayout(true);
    scene->waitForLayout();
    EXPECT_EQ(client->pos(), start); // Graphviz gives the same picture for the same graph
    document->undoStack()->undo();
    EXPECT_EQ(client->pos(), start + QPointF(500, 500));
}

TEST_F(Editor, ACancelledLayoutChangesNothing)
{
    const QHash<QString, QPointF> before = positions(*scene);
    const int steps = document->undoStack()->count();
    scene->node(kClient)->setPos(before.value(kClient) + QPointF(300, 0));
    document->setPositions({{kClient, before.value(kClient) + QPointF(300, 0)}});
    scene->relayout(true);
    scene->cancelLayout();
    scene->waitForLayout();
    EXPECT_EQ(document->undoStack()->count(), steps);
    EXPECT_EQ(scene->node(kClient)->pos(), before.value(kClient) + QPointF(300, 0));
}

TEST_F(Editor, FocusModeShowsOnlyWhatTouchesTheSelection)
{
    denyAll("netpol-lab");
    drawRule(kClient, kFrontend);
    scene->node(kClient)->setSelected(true);
    scene->setFocusMode(true);
    EXPECT_TRUE(scene->node(kClient)->isVisible());
    EXPECT_TRUE(scene->node(kFrontend)->isVisible());
    EXPECT_FALSE(scene->node(kBackend)->isVisible());
    EXPECT_FALSE(scene->node(kDns)->isVisible());
    scene->setFocusMode(false);
    EXPECT_TRUE(scene->node(kBackend)->isVisible());
}

namespace {

struct DrawnRoute
{
    QPolygonF points;
    QPointF tip;
    bool operator==(const DrawnRoute &o) const { return points == o.points && tip == o.tip; }
};

QHash<QString, DrawnRoute> drawnRoutes(const GraphScene &scene)
{
    QHash<QString, DrawnRoute> out;
    for (const GraphEdge &e : scene.edgeLayer()->edges())
        out.insert(e.from + QStringLiteral(" -> ") + e.to, {e.route, e.tip});
    return out;
}

// The node centres `netfence-cli graph --focus` computes for the same document.
QHash<QString, QPointF> cliFocus(const Document &document, const std::string &seed)
{
    const core::GraphModel model(document.cluster(), document.evaluator());
    const core::GraphPicture picture = core::GraphPicture::make(model, model.focus({seed}));
    QHash<QString, QPointF> out;
    for (const core::GraphPicture::Box &b : picture.boxes)
        if (b.kind == "workload")
            out.insert(QString::fromStdString(b.id),
                       QPointF(b.rect.x + b.rect.width / 2, b.rect.y + b.rect.height / 2));
    return out;
}

} // namespace

TEST_F(Editor, FocusLayoutIsAViewTheDocumentNeverSees)
{
    // A document with a side file for its positions, and an edit on the undo stack.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("cluster.yaml"));
    ASSERT_TRUE(QFile::copy(kLab, file));
    document->load({file});
    scene->waitForLayout();
    denyAll("netpol-lab");
    drawRule(kClient, kFrontend);
    scene->waitForLayout();
    ASSERT_TRUE(document->saveLayoutFile());
    auto sideFile = [&] {
        QFile f(document->layoutFile());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray savedBefore = sideFile();
    ASSERT_FALSE(savedBefore.isEmpty());
    const QHash<QString, QPointF> shownBefore = positions(*scene);
    const QHash<QString, QPointF> stored = document->positions();
    const QHash<QString, DrawnRoute> routesBefore = drawnRoutes(*scene);
    QUndoStack *stack = document->undoStack();
    const int count = stack->count(), index = stack->index();
    const bool clean = stack->isClean();

    scene->node(kClient)->setSelected(true);
    scene->setFocusMode(true);
    scene->waitForFocusLayout();
    ASSERT_TRUE(scene->isFocusLayoutShown());
    // The app shows the picture the command line draws, from the same view-model and layout.
    const QHash<QString, QPointF> cli = cliFocus(*document, kClient.toStdString());
    ASSERT_FALSE(cli.isEmpty());
    for (NodeItem *n : scene->nodes()) {
        if (n->isExternal()) continue;
        EXPECT_EQ(n->isVisible(), cli.contains(n->id())) << n->id().toStdString();
        if (cli.contains(n->id())) {
            EXPECT_LT(QLineF(n->pos(), cli.value(n->id())).length(), 0.01) << n->id().toStdString();
        }
    }
    const QPointF focused = scene->node(kClient)->pos();
    EXPECT_NE(focused, shownBefore.value(kClient));

    // Nothing of it reaches the document: no edit, no undo step, the same positions to save.
    EXPECT_EQ(document->positions(), stored);
    EXPECT_EQ(stack->count(), count);
    EXPECT_EQ(stack->index(), index);
    EXPECT_EQ(stack->isClean(), clean);
    EXPECT_FALSE(document->positionsChanged());

    // Dragging a node in focus mode moves nothing and says why.
    QSignalSpy notes(scene.get(), &GraphScene::notesPosted);
    auto mouse = [&](QEvent::Type type, const QPointF &at) {
        QGraphicsSceneMouseEvent event(type);
        event.setScenePos(at);
        event.setScreenPos((at - focused).toPoint());
        event.setButton(Qt::LeftButton);
        event.setButtons(type == QEvent::GraphicsSceneMouseRelease ? Qt::NoButton : Qt::LeftButton);
        event.setButtonDownScenePos(Qt::LeftButton, focused);
        event.setButtonDownScreenPos(Qt::LeftButton, QPoint());
        QApplication::sendEvent(scene.get(), &event);
    };
    mouse(QEvent::GraphicsSceneMousePress, focused);
    mouse(QEvent::GraphicsSceneMouseMove, focused + QPointF(150, 90));
    mouse(QEvent::GraphicsSceneMouseRelease, focused + QPointF(150, 90));
    EXPECT_EQ(scene->node(kClient)->pos(), focused);
    EXPECT_EQ(stack->count(), count);
    ASSERT_EQ(notes.count(), 1);
    EXPECT_TRUE(
        notes.front().front().toStringList().join(QString()).contains(QStringLiteral("focus")));
    ASSERT_TRUE(document->saveLayoutFile());
    EXPECT_EQ(sideFile(), savedBefore);

    // Another selection in focus mode lays out around it.
    scene->clearSelection();
    scene->node(kDns)->setSelected(true);
    scene->waitForFocusLayout();
    const QHash<QString, QPointF> dns = cliFocus(*document, kDns.toStdString());
    for (auto it = dns.cbegin(); it != dns.cend(); ++it)
        EXPECT_LT(QLineF(scene->node(it.key())->pos(), it.value()).length(), 0.01)
            << it.key().toStdString();

    // Leaving focus shows the document's picture again, exactly: positions and routes.
    scene->setFocusMode(false);
    EXPECT_FALSE(scene->isFocusLayoutShown());
    EXPECT_EQ(positions(*scene), shownBefore);
    EXPECT_EQ(drawnRoutes(*scene), routesBefore);
    EXPECT_EQ(document->positions(), stored);
    EXPECT_EQ(stack->count(), count);
    EXPECT_TRUE(scene->node(kClient)->flags() & QGraphicsItem::ItemIsMovable);
}

TEST_F(Editor, ClickingAnEdgeSelectsIt)
{
    denyAll("netpol-lab");
    drawRule(kClient, kFrontend);
    int index = -1;
    for (size_t i = 0; i < scene->edgeLayer()->edges().size(); ++i)
        if (scene->edgeLayer()->edges()[i].from == kClient &&
            scene->edgeLayer()->edges()[i].to == kFrontend)
            index = int(i);
    ASSERT_GE(index, 0);
    // A point on the arrow, away from both nodes.
    const QPointF a = scene->node(kClient)->pos(), b = scene->node(kFrontend)->pos();
    QPointF probe;
    for (qreal t = 0.05; t <= 0.95; t += 0.01) {
        probe = a + (b - a) * t;
        bool onNode = false;
        for (QGraphicsItem *item : scene->items(probe))
            onNode = onNode || item->type() == NodeItem::Type;
        if (!onNode && scene->edgeLayer()->edgeAt(probe, 8) == index) break;
    }
    ASSERT_EQ(scene->edgeLayer()->edgeAt(probe, 8), index);
    sendMouse(*scene, QEvent::GraphicsSceneMousePress, probe);
    sendMouse(*scene, QEvent::GraphicsSceneMouseRelease, probe);
    EXPECT_EQ(scene->selectedEdge(), index);
}

TEST_F(Editor, PolicyHighlightMarksSelectedPodsAndPeers)
{
    denyAll("netpol-lab");
    drawRule(kClient, kFrontend);
    scene->highlightPolicy(1); // allow-client-to-frontend
    EXPECT_EQ(scene->node(kFrontend)->emphasis(), NodeItem::Emphasis::Selected);
    EXPECT_EQ(scene->node(kClient)->emphasis(), NodeItem::Emphasis::Peer);
    EXPECT_EQ(scene->node(kBackend)->emphasis(), NodeItem::Emphasis::Dimmed);
    scene->highlightPolicy(-1);
    EXPECT_EQ(scene->node(kBackend)->emphasis(), NodeItem::Emphasis::Normal);
}

TEST_F(Editor, SearchFindsAndSelectsAPod)
{
    NodeItem *n = scene->find(QStringLiteral("backe"));
    ASSERT_TRUE(n);
    EXPECT_EQ(n->id(), kBackend);
    EXPECT_TRUE(n->isSelected());
    EXPECT_FALSE(scene->find(QStringLiteral("no-such-pod")));
}

TEST_F(Editor, DesignFromScratchAddsNodesWithoutMovingOthers)
{
    const QHash<QString, QPointF> before = positions(*scene);
    core::Cluster c = document->cluster();
    core::Workload w;
    w.namespaceName = "netpol-lab";
    w.name = "cache";
    w.kind = "Deployment";
    w.labels = {{"app", "cache"}};
    w.ports = {{"redis", 6379, core::Protocol::TCP}};
    c.workloads.push_back(w);
    c.ensureNamespace("payments").declared = true;
    document->changeCluster(QStringLiteral("add"), c, Change::Workloads | Change::Namespaces);
    ASSERT_TRUE(scene->node(QStringLiteral("netpol-lab/cache")));
    EXPECT_TRUE(scene->namespaceItem(QStringLiteral("payments")));
    for (auto it = before.begin(); it != before.end(); ++it)
        EXPECT_EQ(scene->node(it.key())->pos(), it.value()) << it.key().toStdString();
    document->undoStack()->undo();
    EXPECT_FALSE(scene->node(QStringLiteral("netpol-lab/cache")));
    EXPECT_FALSE(scene->namespaceItem(QStringLiteral("payments")));
}

TEST_F(Editor, NewNodesTakePlacesNoOtherNodeHolds)
{
    const QHash<QString, QPointF> before = positions(*scene);
    core::Cluster c = document->cluster();
    auto add = [&](const std::string &ns, const std::string &name) {
        core::Workload w;
        w.namespaceName = ns;
        w.name = name;
        w.kind = "Deployment";
        w.labels = {{"app", name}};
        c.workloads.push_back(w);
        c.ensureNamespace(ns).declared = true;
    };
    for (int i = 0; i < 7; ++i)
        add("payments", "worker-" + std::to_string(i)); // a namespace of its own, new
    add("netpol-lab", "cache");
    add("netpol-lab", "queue");
    document->changeCluster(QStringLiteral("add"), c, Change::Workloads | Change::Namespaces);
    for (auto it = before.begin(); it != before.end(); ++it)
        EXPECT_EQ(scene->node(it.key())->pos(), it.value()) << it.key().toStdString();
    const QList<NodeItem *> nodes = scene->nodes();
    ASSERT_EQ(nodes.size(), before.size() + 9);
    for (int i = 0; i < nodes.size(); ++i)
        for (int j = i + 1; j < nodes.size(); ++j)
            EXPECT_FALSE(nodes[i]->sceneBoundingRect().intersects(nodes[j]->sceneBoundingRect()))
                << nodes[i]->id().toStdString() << " and " << nodes[j]->id().toStdString();
    // The new namespace's box holds its own nodes only.
    const QRectF box = scene->namespaceItem(QStringLiteral("payments"))->sceneBoundingRect();
    for (NodeItem *n : nodes)
        EXPECT_EQ(box.intersects(n->sceneBoundingRect()), n->group() == QLatin1String("payments"))
            << n->id().toStdString();
}

class Window : public testing::Test
{
protected:
    void SetUp() override
    {
        window = std::make_unique<MainWindow>();
        window->scene()->setAllowAsker(
            [](const core::AllowRequest &p) { return std::optional(p); });
        window->openBuiltInLab();
        window->scene()->waitForLayout();
    }
    std::unique_ptr<MainWindow> window;
};

TEST_F(Window, InspectorExplainsWhyTwoPodsCannotTalk)
{
    Document *d = window->document();
    core::Cluster c = d->cluster();
    core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, true));
    d->changePolicies(QStringLiteral("deny"), c.policies);
    window->scene()->node(kClient)->setSelected(true);
    window->scene()->node(kFrontend)->setSelected(true);
    const QString text = window->inspector()->text();
    EXPECT_TRUE(text.contains(QStringLiteral("DENIED"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("netpol-lab/default-deny"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("To allow it"))) << text.toStdString();
}

TEST_F(Window, PolicyYamlEditorRefusesInvalidTextAndAppliesValidText)
{
    Document *d = window->document();
    window->policyDock()->newPolicy(QStringLiteral("netpol-lab"));
    ASSERT_EQ(d->cluster().policies.size(), 1u);
    const int steps = d->undoStack()->count();
    QPlainTextEdit *editor = window->policyDock()->yamlEditor();
    editor->setPlainText(QStringLiteral(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n"
        "  namespace: netpol-lab\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: "
        "99999\n"));
    const QString problem = window->policyDock()->applyYaml();
    EXPECT_TRUE(problem.contains(QStringLiteral("Line 10"))) << problem.toStdString();
    EXPECT_EQ(d->undoStack()->count(), steps);
    EXPECT_EQ(d->cluster().policies[0].name, "policy-1");
    editor->setPlainText(QStringLiteral(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n"
        "  namespace: netpol-lab\nspec:\n  podSelector: {matchLabels: {app: frontend}}\n"
        "  ingress:\n  - ports:\n    - port: 80\n"));
    EXPECT_EQ(window->policyDock()->applyYaml(), QString());
    EXPECT_EQ(d->undoStack()->count(), steps + 1);
    EXPECT_EQ(d->cluster().policies[0].name, "web");
    EXPECT_TRUE(window->scene()->node(kFrontend)->ingressIsolated());
}

TEST_F(Window, SaveWritesKubectlReadyYamlAndExportsPictures)
{
    QTemporaryDir dir;
    Document *d = window->document();
    core::Cluster c = d->cluster();
    core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, true));
    core::PolicyRecipes::apply(c, core::PolicyRecipes::allowDnsEgress(c, "netpol-lab"));
    d->changePolicies(QStringLiteral("deny"), c.policies);
    EXPECT_TRUE(d->isModified());
    EXPECT_TRUE(window->windowTitle().contains(QStringLiteral("[*]")));
    const QString file = dir.filePath(QStringLiteral("policies.yaml"));
    ASSERT_TRUE(window->documentManager()->saveTo(file, false));
    EXPECT_FALSE(d->isModified());
    const core::LoadResult again = core::ManifestLoader::load({file.toStdString()});
    EXPECT_TRUE(again.diagnostics.empty());
    ASSERT_EQ(again.cluster.policies.size(), 2u);
    EXPECT_EQ(again.cluster.policies[0], d->cluster().policies[0]);
    EXPECT_EQ(again.cluster.policies[1], d->cluster().policies[1]);
    EXPECT_TRUE(again.cluster.workloads.empty());
    // The whole design reopens as the same cluster.
    const QString design = dir.filePath(QStringLiteral("design.yaml"));
    ASSERT_TRUE(window->documentManager()->saveTo(design, true));
    const core::LoadResult reopened = core::ManifestLoader::load({design.toStdString()});
    EXPECT_TRUE(reopened.diagnostics.empty());
    EXPECT_EQ(reopened.cluster.workloads.size(), d->cluster().workloads.size());
    ASSERT_TRUE(window->documentManager()->saveToFolder(dir.path()));
    EXPECT_TRUE(QFile::exists(dir.filePath(QStringLiteral("netpol-lab-default-deny.yaml"))));
    ASSERT_TRUE(window->exportImage(dir.filePath(QStringLiteral("graph.png"))));
    ASSERT_TRUE(window->exportImage(dir.filePath(QStringLiteral("graph.svg"))));
    EXPECT_GT(QFile(dir.filePath(QStringLiteral("graph.png"))).size(), 1000);
    QFile svg(dir.filePath(QStringLiteral("graph.svg")));
    ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
    const QByteArray drawn = svg.readAll();
    EXPECT_TRUE(drawn.contains("<svg"));
    // Vectors, not the pictures the view keeps of the boxes on screen (they are cached there).
    EXPECT_FALSE(drawn.contains("<image")) << "a raster image inside the SVG";
    EXPECT_TRUE(drawn.contains("netpol-lab")) << "the namespace titles as text";
}

TEST_F(Window, PositionsAreKeptInASideFileNextToTheManifests)
{
    QTemporaryDir dir;
    QFile::copy(kLab, dir.filePath(QStringLiteral("cluster.yaml")));
    window->openPaths({dir.filePath(QStringLiteral("cluster.yaml"))});
    window->scene()->waitForLayout();
    Document *d = window->document();
    d->setPositions({{kClient, QPointF(1234, 567)}});
    ASSERT_TRUE(d->saveLayoutFile());
    EXPECT_TRUE(d->layoutFile().endsWith(QStringLiteral("cluster.netfence-layout.json")));
    window->openPaths({dir.filePath(QStringLiteral("cluster.yaml"))});
    EXPECT_EQ(window->scene()->node(kClient)->pos(), QPointF(1234, 567));
    // The manifests themselves are untouched.
    QFile original(kLab), copy(dir.filePath(QStringLiteral("cluster.yaml")));
    ASSERT_TRUE(original.open(QIODevice::ReadOnly) && copy.open(QIODevice::ReadOnly));
    EXPECT_EQ(original.readAll(), copy.readAll());
}

TEST_F(Window, BrokenInputIsReportedAndTheRestLoads)
{
    QTemporaryDir dir;
    QFile::copy(kLab, dir.filePath(QStringLiteral("cluster.yaml")));
    QFile bad(dir.filePath(QStringLiteral("bad.yaml")));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write("kind: NetworkPolicy\nmetadata: {name: x, namespace: netpol-lab}\nspec:\n  "
              "ingress:\n  - from: [{ipBlock: {cidr: nope}}]\n");
    bad.close();
    window->openPaths({dir.path()});
    Document *d = window->document();
    ASSERT_EQ(d->diagnostics().size(), 1u);
    EXPECT_EQ(d->diagnostics()[0].location.line, 5);
    EXPECT_EQ(d->cluster().workloads.size(), 4u);
}

TEST_F(Window, MatrixShowsTheTruthTable)
{
    window->scene()->setFocusMode(false);
    auto *matrix = window->findChild<MatrixDock *>();
    ASSERT_TRUE(matrix);
    matrix->setProbe(QStringLiteral("TCP"), 80);
    EXPECT_EQ(matrix->table()->rowCount(), 5);
    EXPECT_EQ(matrix->table()->item(0, 1)->data(Qt::UserRole).toBool(), true);
}

} // namespace

namespace {

TEST_F(Window, TheBuiltInLabRunsStepByStepWithLiveChecks)
{
    LabDock *lab = window->labDock();
    ASSERT_TRUE(lab->hasLab());
    ASSERT_EQ(lab->lab()->steps.size(), 7u);
    EXPECT_EQ(lab->currentStep(), 0);
    EXPECT_TRUE(lab->result().passed); // a flat network passes step 1 as it is
    EXPECT_EQ(lab->unlockedSteps(), 2);
    ASSERT_TRUE(lab->goToStep(1));
    EXPECT_FALSE(lab->result().passed);
    EXPECT_FALSE(lab->goToStep(3)); // locked
    lab->showSolution();
    EXPECT_TRUE(lab->result().passed);
    ASSERT_TRUE(lab->goToStep(2));
    // Step 3: only the ingress rule, drawn by hand through the document, is not enough.
    Document *d = window->document();
    core::Cluster c = d->cluster();
    core::NetworkPolicy ingress;
    ingress.name = "frontend-from-client";
    ingress.namespaceName = "netpol-lab";
    ingress.podSelector.matchLabels = {{"app", "frontend"}};
    ingress.policyTypes = {core::PolicyType::Ingress};
    core::NetworkPolicyRule rule;
    core::NetworkPolicyPeer peer;
    peer.podSelector = core::LabelSelector{{{"app", "client"}}, {}};
    rule.peers = {peer};
    rule.ports = {core::NetworkPolicyPort{core::Protocol::TCP, 80, {}, {}}};
    ingress.ingress = {rule};
    c.policies.push_back(ingress);
    d->changePolicies(QStringLiteral("ingress only"), c.policies);
    EXPECT_FALSE(lab->result().passed);
    bool egressHint = false;
    for (const core::MistakeHint &m : lab->result().mistakes)
        egressHint = egressHint || m.kind == core::MistakeKind::IngressWithoutEgress;
    EXPECT_TRUE(egressHint);
    // The reference solution, applied through the document's commands, passes; undo fails again.
    lab->showSolution();
    EXPECT_TRUE(lab->result().passed);
    d->undoStack()->undo();
    EXPECT_FALSE(lab->result().passed);
    d->undoStack()->redo();
    EXPECT_TRUE(lab->result().passed);
    // All the way to the end with the reference solutions; steps 6 and 7 add namespaces.
    for (int step = 3; step < 7; ++step) {
        ASSERT_TRUE(lab->goToStep(step)) << step;
        lab->showSolution();
        EXPECT_TRUE(lab->result().passed) << "step " << step + 1 << "\n" << lab->result().report();
    }
    EXPECT_TRUE(window->scene()->node(QStringLiteral("monitoring/prometheus")));
    EXPECT_TRUE(window->scene()->node(QStringLiteral("data/database")));
    const std::string script = lab->connectivityScript(false);
    EXPECT_NE(script.find("kubectl exec"), std::string::npos);
    EXPECT_NE(script.find("nc -z"), std::string::npos);
}

TEST_F(Window, OpeningManifestsClosesTheLab)
{
    QTemporaryDir dir;
    QFile::copy(QStringLiteral(":/labs/netpol-lab/cluster.yaml"),
                dir.filePath(QStringLiteral("cluster.yaml")));
    window->openPaths({dir.filePath(QStringLiteral("cluster.yaml"))});
    EXPECT_FALSE(window->labDock()->hasLab());
}

} // namespace

namespace {

// Starts tests/ui/autosavechild.cpp (with unsaved edits unless `modified` is false) and
// waits until it has autosaved; `file` is its autosave file.
bool startAutosaveChild(QProcess &child, QString &file, bool modified = true)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NETFENCE_AUTOSAVE_MS"), QStringLiteral("200"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (!modified) env.insert(QStringLiteral("NETFENCE_CHILD_UNMODIFIED"), QStringLiteral("1"));
    child.setProcessEnvironment(env); // NETFENCE_STATE_DIR: the test environment's folder
    child.start(QStringLiteral(NETFENCE_AUTOSAVE_CHILD), {});
    if (!child.waitForStarted(10000)) return false;
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
        child.waitForReadyRead(200);
        out += child.readAllStandardOutput();
    }
    if (!out.startsWith("READY ")) {
        ADD_FAILURE() << out.toStdString() << child.readAllStandardError().toStdString();
        return false;
    }
    file = QString::fromLocal8Bit(out.mid(6).trimmed());
    return true;
}

QStringList autosaveFolderFiles()
{
    return QDir(Autosaver::folder()).entryList({QStringLiteral("autosave-*")}, QDir::Files);
}

// Kills a netfence with unsaved edits and checks that the next start recovers them.
TEST(NoLostWork, KilledProcessLeavesWorkThatTheNextStartRecovers)
{
    QProcess child;
    QString file;
    ASSERT_TRUE(startAutosaveChild(child, file));
    child.kill(); // SIGKILL: no destructor runs, nothing is cleaned up
    child.waitForFinished(5000);

    const std::vector<Recovery> orphans = Autosaver::orphans();
    ASSERT_EQ(orphans.size(), 1u);
    EXPECT_TRUE(orphans[0].design.contains(QStringLiteral("name: default-deny")));
    ASSERT_TRUE(orphans[0].lab);
    EXPECT_EQ(orphans[0].lab->path, kLabFile);

    MainWindow window;
    QStringList asked;
    window.setQuestionHandler(
        [&](const QString &title, const QString &, QMessageBox::StandardButtons) {
            asked << title;
            return QMessageBox::Yes;
        });
    ASSERT_TRUE(window.offerRecovery());
    EXPECT_EQ(asked.size(), 1);
    Document *d = window.document();
    EXPECT_TRUE(d->isModified());
    ASSERT_EQ(d->cluster().policies.size(), 1u);
    EXPECT_EQ(d->cluster().policies[0].name, "default-deny");
    EXPECT_EQ(d->cluster().workloads.size(), 4u);
    // The whole session: the lab at its step, with its progress, and the node just dragged.
    LabDock *lab = window.labDock();
    ASSERT_TRUE(lab->hasLab());
    EXPECT_EQ(lab->path(), kLabFile);
    EXPECT_EQ(lab->currentStep(), 2);
    EXPECT_EQ(lab->unlockedSteps(), 3);
    EXPECT_EQ(lab->hintsShown(), 1);
    EXPECT_TRUE(window.windowTitle().startsWith(QStringLiteral("Lab: ")))
        << window.windowTitle().toStdString();
    window.scene()->waitForLayout();
    EXPECT_EQ(window.scene()->node(kClient)->pos(), QPointF(1234, 567));
    EXPECT_EQ(d->positions().value(kClient), QPointF(1234, 567));
    EXPECT_TRUE(Autosaver::orphans().empty()); // taken over by this window
    EXPECT_FALSE(window.offerRecovery());
}

// A logout or `kill` sends SIGTERM: netfence ends as if closed, its unsaved edits kept
// for the next start, its lock gone.
TEST(NoLostWork, TerminatedProcessKeepsItsEditsAndRemovesItsLock)
{
    QProcess child;
    QString file;
    ASSERT_TRUE(startAutosaveChild(child, file));
    ASSERT_TRUE(QFile::exists(file + QStringLiteral(".lock")));
    child.terminate(); // SIGTERM
    ASSERT_TRUE(child.waitForFinished(10000));
    EXPECT_EQ(child.exitStatus(), QProcess::NormalExit); // the handler ran, not the default
    EXPECT_EQ(child.exitCode(), 128 + SIGTERM);
    EXPECT_FALSE(QFile::exists(file + QStringLiteral(".lock")));
    EXPECT_EQ(autosaveFolderFiles(), QStringList{QFileInfo(file).fileName()});
    const std::vector<Recovery> orphans = Autosaver::orphans();
    ASSERT_EQ(orphans.size(), 1u);
    EXPECT_TRUE(orphans[0].design.contains(QStringLiteral("name: default-deny")));
    Autosaver::discard(orphans[0]);
    EXPECT_TRUE(autosaveFolderFiles().isEmpty());
}

TEST(NoLostWork, TerminatedProcessWithoutEditsLeavesNothing)
{
    for (int signalNumber : {SIGTERM, SIGINT, SIGHUP}) {
        QProcess child;
        QString file;
        ASSERT_TRUE(startAutosaveChild(child, file, false));
        const QString lock = QFileInfo(file).fileName() + QStringLiteral(".lock");
        EXPECT_EQ(autosaveFolderFiles(), QStringList{lock});
        ::kill(static_cast<pid_t>(child.processId()), signalNumber);
        ASSERT_TRUE(child.waitForFinished(10000));
        EXPECT_EQ(child.exitStatus(), QProcess::NormalExit) << signalNumber;
        EXPECT_EQ(child.exitCode(), 128 + signalNumber);
        EXPECT_TRUE(autosaveFolderFiles().isEmpty())
            << autosaveFolderFiles().join(' ').toStdString();
    }
}

// SIGKILL leaves the lock of a dead process; the next start removes it, and never the lock
// of a netfence that is still running.
TEST(NoLostWork, StaleLocksOfDeadProcessesAreRemovedAtStart)
{
    QProcess dead;
    QString deadFile;
    ASSERT_TRUE(startAutosaveChild(dead, deadFile, false));
    dead.kill();
    ASSERT_TRUE(dead.waitForFinished(10000));
    const QString deadLock = deadFile + QStringLiteral(".lock");
    ASSERT_TRUE(QFile::exists(deadLock)); // what used to pile up
    QProcess alive;
    QString aliveFile;
    ASSERT_TRUE(startAutosaveChild(alive, aliveFile, false));

    {
        MainWindow window;
        EXPECT_FALSE(QFile::exists(deadLock));
        EXPECT_TRUE(QFile::exists(aliveFile + QStringLiteral(".lock")));
        EXPECT_TRUE(QFile::exists(window.autosaver()->file() + QStringLiteral(".lock")));
    }
    alive.terminate();
    ASSERT_TRUE(alive.waitForFinished(10000));
    EXPECT_TRUE(autosaveFolderFiles().isEmpty()) << autosaveFolderFiles().join(' ').toStdString();
}

TEST(NoLostWork, SavingOverAFileChangedOnDiskAsksFirst)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("policies.yaml"));
    MainWindow window;
    QStringList asked;
    QMessageBox::StandardButton answer = QMessageBox::No;
    window.setQuestionHandler(
        [&](const QString &title, const QString &, QMessageBox::StandardButtons) {
            asked << title;
            return answer;
        });
    window.openBuiltInLab();
    Document *d = window.document();
    core::Cluster c = d->cluster();
    core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, false));
    d->changePolicies(QStringLiteral("deny"), c.policies);
    ASSERT_TRUE(window.documentManager()->saveTo(file, false));
    // Someone else writes the file.
    QThread::msleep(20);
    {
        QFile other(file);
        ASSERT_TRUE(other.open(QIODevice::WriteOnly | QIODevice::Append));
        other.write("# edited elsewhere\n");
    }
    c = d->cluster();
    core::PolicyRecipes::apply(c, core::PolicyRecipes::allowDnsEgress(c, "netpol-lab"));
    d->changePolicies(QStringLiteral("dns"), c.policies);
    EXPECT_FALSE(window.documentManager()->saveTo(file, false));
    EXPECT_EQ(asked, QStringList{QStringLiteral("File changed on disk")});
    QFile kept(file);
    ASSERT_TRUE(kept.open(QIODevice::ReadOnly));
    EXPECT_TRUE(kept.readAll().contains("# edited elsewhere"));
    kept.close();
    answer = QMessageBox::Yes;
    EXPECT_TRUE(window.documentManager()->saveTo(file, false));
    EXPECT_FALSE(d->isModified());
}

TEST(NoLostWork, AFailedSaveLeavesTheOldFileAndSaysWhy)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("policies.yaml"));
    MainWindow window;
    window.setQuestionHandler([](const QString &, const QString &, QMessageBox::StandardButtons) {
        return QMessageBox::Yes;
    });
    window.openBuiltInLab();
    ASSERT_TRUE(window.documentManager()->saveTo(file, false));
    QFile before(file);
    ASSERT_TRUE(before.open(QIODevice::ReadOnly));
    const QByteArray old = before.readAll();
    before.close();
    Document *d = window.document();
    core::Cluster c = d->cluster();
    core::PolicyRecipes::apply(c, core::PolicyRecipes::defaultDeny(c, "netpol-lab", true, false));
    d->changePolicies(QStringLiteral("deny"), c.policies);
    // A full disk, simulated: no file may grow beyond 16 bytes (works for root too).
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit saved{};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    rlimit tiny = saved;
    tiny.rlim_cur = 16;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
    const bool ok = window.documentManager()->saveTo(file, true);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(window.documentManager()->lastSaveError().contains(QStringLiteral("unchanged")))
        << window.documentManager()->lastSaveError().toStdString();
    EXPECT_TRUE(d->isModified());
    QFile after(file);
    ASSERT_TRUE(after.open(QIODevice::ReadOnly));
    EXPECT_EQ(after.readAll(), old);
    // A folder that is not there fails the same way, with the reason.
    EXPECT_FALSE(window.documentManager()->saveTo(
        dir.filePath(QStringLiteral("missing/policies.yaml")), false));
    EXPECT_FALSE(window.documentManager()->lastSaveError().isEmpty());
}

} // namespace

namespace {

TEST(Scale, FoldedPodsAreNoItemsAndTakeTheirTextsFromTheDesignWhenTheyOpen)
{
    Document document;
    GraphScene scene(&document);
    document.setContents(generatedCollapsedDesign(), {});
    scene.waitForLayout();
    const core::Cluster &cluster = document.cluster();
    // Opened collapsed: no pod is an item, yet every pod is a member of the picture.
    for (NodeItem *n : scene.nodes())
        EXPECT_FALSE(n->endpoint().isWorkload()) << n->id().toStdString();
    size_t workloadMembers = 0;
    for (const GraphScene::Member &m : scene.members())
        if (m.endpoint.isWorkload()) {
            ++workloadMembers;
            EXPECT_EQ(m.item, nullptr);
            EXPECT_EQ(m.id.toStdString(), cluster.workloads[m.endpoint.workload].qualifiedName());
        }
    EXPECT_EQ(workloadMembers, cluster.workloads.size());
    std::map<std::string, int> perNamespace;
    for (const core::Workload &w : cluster.workloads)
        ++perNamespace[w.namespaceName];
    for (const auto &[ns, count] : perNamespace) {
        EXPECT_EQ(scene.memberCounts().value(QString::fromStdString(ns)), count) << ns;
        EXPECT_EQ(scene.namespaceItem(QString::fromStdString(ns))->workloadCount(), count) << ns;
    }

    const size_t index = 137;
    const QString id = QString::fromStdString(cluster.workloads[index].qualifiedName());
    const QString ns = QString::fromStdString(cluster.workloads[index].namespaceName);
    ASSERT_EQ(scene.node(id), nullptr);
    // Changed while folded (its labels, so its details): opened, it says what is true now.
    core::Cluster changed = document.cluster();
    changed.workloads[index].labels["tier"] = "renamed-while-hidden";
    document.changeCluster(QStringLiteral("labels"), changed, Change::Workloads);
    EXPECT_EQ(scene.node(id), nullptr);
    NodeItem *opened = scene.reveal(id);
    ASSERT_TRUE(opened);
    EXPECT_FALSE(scene.isCollapsed(ns));
    EXPECT_TRUE(opened->isVisible());
    EXPECT_TRUE(opened->toolTip().contains(QStringLiteral("tier=renamed-while-hidden")))
        << opened->toolTip().toStdString();
    // Each of its pods has a spot of its own.
    QRectF pods;
    QSet<QPair<qreal, qreal>> spots;
    for (NodeItem *n : scene.nodes())
        if (n->group() == ns) {
            pods |= n->sceneBoundingRect();
            spots.insert({n->pos().x(), n->pos().y()});
        }
    EXPECT_EQ(spots.size(), perNamespace[ns.toStdString()]);
    // Folded again, the box stands where its pods are; opened again, each returns to its spot.
    const QPointF before = opened->pos();
    scene.setCollapsed(ns, true);
    EXPECT_EQ(scene.node(id), nullptr);
    EXPECT_LT(QLineF(scene.namespaceItem(ns)->sceneBoundingRect().center(), pods.center()).length(),
              2.0);
    scene.setCollapsed(ns, false);
    ASSERT_TRUE(scene.node(id));
    EXPECT_EQ(scene.node(id)->pos(), before);
    EXPECT_EQ(scene.reveal(QStringLiteral("no-such/pod")), nullptr);

    // Whichever namespace opens, its pods stand where its box stood, or, where they would
    // cover another namespace's box there, beside everything: never in another box.
    int inPlace = 0, beside = 0;
    for (const core::Namespace &each : cluster.namespaces) {
        const QString name = QString::fromStdString(each.name);
        if (!scene.isCollapsed(name) || !perNamespace.count(each.name)) continue;
        const QPointF stood = scene.namespaceItem(name)->sceneBoundingRect().center();
        scene.setCollapsed(name, false);
        const QRectF mine = scene.namespaceItem(name)->sceneBoundingRect();
        ++(mine.contains(stood) ? inPlace : beside);
        for (const core::Namespace &other : cluster.namespaces) {
            const NamespaceItem *box = scene.namespaceItem(QString::fromStdString(other.name));
            if (other.name != each.name && box->isVisible()) {
                EXPECT_FALSE(box->sceneBoundingRect().intersects(mine))
                    << each.name << " opened over " << other.name;
            }
        }
        scene.setCollapsed(name, true);
    }
    EXPECT_GT(inPlace, 0);
    EXPECT_GT(beside, 0) << "the design no longer has a namespace whose pods would cover a box";
}

TEST(Scale, LargeClustersOpenCollapsedToNamespacesAndExpandOnDemand)
{
    Document document;
    GraphScene scene(&document);
    document.setContents(generatedCollapsedDesign(), {});
    scene.waitForLayout();
    int visibleNodes = 0;
    for (NodeItem *n : scene.nodes())
        visibleNodes += n->isVisible() && !n->isExternal();
    EXPECT_EQ(visibleNodes, 0);
    // The scene is what is shown (its hidden pods wait elsewhere): no scrolling over nothing.
    QRectF shownRect;
    for (QGraphicsItem *item : scene.items())
        if (item != scene.edgeLayer() && item->isVisible()) shownRect |= item->sceneBoundingRect();
    EXPECT_TRUE(shownRect.adjusted(-400, -400, 400, 400).contains(scene.sceneRect()))
        << scene.sceneRect().width() << " x " << scene.sceneRect().height() << " for "
        << shownRect.width() << " x " << shownRect.height();
    for (const GraphEdge &e : scene.edgeLayer()->edges()) {
        const bool externalEnd = (!e.fromGroup && scene.node(e.from)->isExternal()) ||
                                 (!e.toGroup && scene.node(e.to)->isExternal());
        EXPECT_TRUE(externalEnd || (e.fromGroup && e.toGroup))
            << e.from.toStdString() << " -> " << e.to.toStdString();
        if (e.fromGroup && e.toGroup) {
            EXPECT_NE(e.from, e.to);
        }
    }
    const core::Namespace &first = document.cluster().namespaces.front();
    const QString ns = QString::fromStdString(first.name);
    ASSERT_TRUE(scene.isCollapsed(ns));
    scene.setCollapsed(ns, false);
    int shown = 0, inNamespace = 0;
    for (NodeItem *n : scene.nodes())
        if (n->group() == ns) {
            ++inNamespace;
            shown += n->isVisible();
        }
    EXPECT_GT(inNamespace, 0);
    EXPECT_EQ(shown, inNamespace);
    // The pairs the arrows stand for are exactly the evaluator's: nothing lost in the sums.
    const core::Evaluator &ev = document.evaluator();
    for (const GraphEdge &e : scene.edgeLayer()->edges())
        if (!e.fromGroup && !e.toGroup && !scene.node(e.from)->isExternal() &&
            !scene.node(e.to)->isExternal()) {
            EXPECT_EQ(ev.allowed(e.fromEndpoint, e.toEndpoint), e.connections);
        }
    scene.setAllCollapsed(false);
    for (NodeItem *n : scene.nodes())
        EXPECT_TRUE(n->isVisible());
}

} // namespace
