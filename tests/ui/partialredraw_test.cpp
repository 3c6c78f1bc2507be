// An edit of policies redraws only the arrows its EvaluatorUpdate names: after any series of
// such edits the picture must hold exactly the arrows a full rebuild would. And the zoomed-out
// hairlines the edge layer keeps as an image are drawn where, and only where, they belong.
#include "core/clustergenerator.h"
#include "core/graphmodel.h"
#include "drawnarrows.h"
#include "ui/document.h"
#include "ui/edgelayeritem.h"
#include "ui/graphscene.h"
#include "ui/hairlineraster.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QCoreApplication>
#include <QGraphicsView>
#include <QPaintEvent>

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace netfence;
using namespace netfence::ui;

namespace {

// What a full rebuild shows, in the scene's ids (ranges are "ext:" there).
std::vector<std::string> expected(const Document &document, const std::set<std::string> &collapsed)
{
    const core::GraphModel model(document.cluster(), document.evaluator(), collapsed);
    std::map<std::string, std::string> ui;
    for (const core::GraphModel::Node &n : model.nodes())
        ui[n.id] = n.endpoint.isExternal() ? "ext:" + n.id : n.id;
    std::vector<std::string> out;
    for (const core::GraphModel::Edge &e : model.edges())
        out.push_back((e.fromGroup ? e.from : ui[e.from]) + (e.fromGroup ? "[g]" : "") + " -> " +
                      (e.toGroup ? e.to : ui[e.to]) + (e.toGroup ? "[g]" : "") + (e.bundle ? " bundle " : " ") +
                      e.label + " x" + std::to_string(std::min<size_t>(e.pairs, 1000000)));
    std::sort(out.begin(), out.end());
    return out;
}

// A generated cluster opened in a document with its scene, laid out.
struct GeneratedDesign
{
    GeneratedDesign(int workloads, int namespaces, int policies, std::uint64_t seed) : scene(&document)
    {
        core::ClusterGenerator::Options options;
        options.workloads = workloads;
        options.namespaces = namespaces;
        options.policies = policies;
        options.seed = seed;
        written = core::ClusterGenerator::write(core::ClusterGenerator::generate(options), dir.path().toStdString());
        document.load({dir.path()});
        scene.waitForLayout();
        QCoreApplication::processEvents();
    }
    QTemporaryDir dir;
    std::string written; // the generator's problem, if any
    Document document;
    GraphScene scene;
};

} // namespace

TEST(PartialRedraw, AfterManyPolicyEditsTheArrowsAreThoseOfAFullRebuild)
{
    // Small enough (under GraphLayout::kMaxRoutedEdges arrows) for Graphviz to route them.
    GeneratedDesign design(70, 8, 40, 11);
    ASSERT_EQ(design.written, "");
    Document &document = design.document;
    GraphScene &scene = design.scene;
    // Two namespaces shown as boxes: their sums and the pods' arrows into them change too.
    std::set<std::string> collapsed;
    for (size_t i = 1; i < document.cluster().namespaces.size() && collapsed.size() < 2; i += 3) {
        collapsed.insert(document.cluster().namespaces[i].name);
        scene.setCollapsed(QString::fromStdString(document.cluster().namespaces[i].name), true);
    }
    ASSERT_EQ(drawnArrows(*scene.edgeLayer()), expected(document, collapsed));

    std::mt19937 rng(5);
    int partial = 0;
    QObject::connect(&document, &Document::changed, [&](const DocumentChange &c) {
        partial += !c.update.everything && !(c.what & (Change::Workloads | Change::Namespaces));
    });
    for (int i = 0; i < 40; ++i) {
        std::vector<core::NetworkPolicy> policies = document.cluster().policies;
        ASSERT_FALSE(policies.empty());
        core::NetworkPolicy &p = policies[rng() % policies.size()];
        switch (rng() % 3) {
        case 0: // narrow to no pod, or widen back
            if (p.podSelector.matchLabels.count("test"))
                p.podSelector.matchLabels.erase("test");
            else
                p.podSelector.matchLabels["test"] = "edit";
            break;
        case 1: // every pod of its namespace
            p.podSelector = {};
            break;
        default: // a policy less
            policies.erase(policies.begin() + std::ptrdiff_t(&p - policies.data()));
            break;
        }
        document.changePolicies(QStringLiteral("edit %1").arg(i), policies);
        ASSERT_EQ(drawnArrows(*scene.edgeLayer()), expected(document, collapsed)) << "edit " << i;
        if (i % 7 == 6) {
            document.undoStack()->undo();
            ASSERT_EQ(drawnArrows(*scene.edgeLayer()), expected(document, collapsed)) << "undo after edit " << i;
        }
    }
    EXPECT_GT(partial, 30) << "the edits took the partial path";

    // The edge layer's order is no longer the model's: a new layout must still give each
    // arrow its own route, from its own start to its own end.
    scene.relayout(false);
    scene.waitForLayout();
    QCoreApplication::processEvents();
    auto rectOf = [&](const QString &id, bool group) {
        if (group)
            return scene.namespaceItem(id) ? scene.namespaceItem(id)->sceneBoundingRect() : QRectF();
        return scene.node(id) ? scene.node(id)->sceneBoundingRect() : QRectF();
    };
    int routed = 0;
    for (const GraphEdge &e : scene.edgeLayer()->edges()) {
        if (e.route.isEmpty())
            continue;
        ++routed;
        const QRectF from = rectOf(e.from, e.fromGroup).adjusted(-12, -12, 12, 12);
        const QRectF to = rectOf(e.to, e.toGroup).adjusted(-12, -12, 12, 12);
        EXPECT_TRUE(from.contains(e.route.front())) << e.from.toStdString() << " -> " << e.to.toStdString();
        EXPECT_TRUE(to.contains(e.tip)) << e.from.toStdString() << " -> " << e.to.toStdString();
    }
    EXPECT_GT(routed, 20);
    EXPECT_LT(scene.edgeLayer()->edges().size(), core::GraphLayout::kMaxRoutedEdges);
}

namespace {

// Collects the regions a widget paints.
class PaintedRegions : public QObject
{
public:
    explicit PaintedRegions(QWidget *w) { w->installEventFilter(this); }
    QRegion painted;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted += static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

} // namespace

// An arrow an edit brings where nothing else changed must reach the screen: the view repaints
// where each new arrow runs, not only where old arrows went.
TEST(PartialRedraw, TheViewRepaintsWhereNewArrowsRun)
{
    GeneratedDesign design(60, 7, 30, 3);
    ASSERT_EQ(design.written, "");
    Document &document = design.document;
    GraphScene &scene = design.scene;
    QGraphicsView view(&scene);
    view.resize(1400, 900);
    view.show();
    view.fitInView(scene.sceneRect(), Qt::KeepAspectRatio);
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();

    int checked = 0;
    for (size_t p = 0; p < document.cluster().policies.size() && checked < 40; ++p) {
        std::set<std::pair<QString, QString>> before;
        for (const GraphEdge &e : scene.edgeLayer()->edges())
            before.insert({e.from, e.to});
        // Every pod of its namespace: new arrows where the policy allowed only some.
        std::vector<core::NetworkPolicy> policies = document.cluster().policies;
        if (policies[p].podSelector.matchLabels.empty() && policies[p].podSelector.matchExpressions.empty())
            continue;
        policies[p].podSelector = {};
        PaintedRegions paints(view.viewport());
        document.changePolicies(QStringLiteral("widen"), policies);
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
        for (const GraphEdge &e : scene.edgeLayer()->edges()) {
            if (before.count({e.from, e.to}) || e.fromGroup || e.toGroup)
                continue;
            const NodeItem *a = scene.node(e.from), *b = scene.node(e.to);
            if (!a || !b || !a->isVisible() || !b->isVisible())
                continue;
            const QPoint mid = view.mapFromScene((a->pos() + b->pos()) / 2);
            if (!view.viewport()->rect().contains(mid))
                continue;
            ++checked;
            EXPECT_TRUE(paints.painted.contains(mid))
                << "new arrow " << e.from.toStdString() << " -> " << e.to.toStdString() << " not repainted";
        }
        document.undoStack()->undo();
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
    }
    EXPECT_GT(checked, 5);
}

// Zoomed out over hundreds of arrows the edge layer keeps its hairlines as an image and draws
// again only where an edit changed something. After many edits that image must be exactly
// what drawing everything afresh gives: no stale piece of an arrow that went, no gap.
TEST(PartialRedraw, TheKeptHairlineImageEqualsAFreshOneAfterEdits)
{
    GeneratedDesign design(400, 20, 60, 1);
    ASSERT_EQ(design.written, "");
    Document &document = design.document;
    GraphScene &scene = design.scene;
    // Every other policy narrowed to no pod: fewer fences, thousands of pod-to-pod arrows.
    std::vector<core::NetworkPolicy> opened = document.cluster().policies;
    for (size_t p = 0; p < opened.size(); p += 2)
        opened[p].podSelector.matchLabels["test"] = "none";
    document.changePolicies(QStringLiteral("open up"), opened);
    scene.setAllCollapsed(false); // it opened collapsed (over 300 workloads)
    scene.waitForLayout();
    QCoreApplication::processEvents();
    ASSERT_GT(scene.edgeLayer()->edges().size(), 500u) << "hairlines are drawn over 500 arrows";
    QGraphicsView view(&scene);
    view.resize(900, 600);
    view.show();
    view.fitInView(scene.sceneRect(), Qt::KeepAspectRatio);
    ASSERT_LT(view.transform().m11(), 0.5) << "zoomed out far enough for hairlines";
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
    (void)view.viewport()->grab(); // the kept image is made here

    std::mt19937 rng(13);
    for (int i = 0; i < 12; ++i) {
        std::vector<core::NetworkPolicy> policies = document.cluster().policies;
        core::NetworkPolicy &p = policies[rng() % policies.size()];
        if (i % 2)
            p.podSelector = {};
        else
            p.podSelector.matchLabels["test"] = "edit";
        document.changePolicies(QStringLiteral("edit %1").arg(i), policies);
        for (int k = 0; k < 3; ++k)
            QCoreApplication::processEvents();
    }
    const QImage kept = view.viewport()->grab().toImage();
    // Hovering a node and leaving it again throws the kept image away: the next one is drawn
    // from scratch.
    scene.setHovered(scene.nodes().front());
    scene.setHovered(nullptr);
    const QImage fresh = view.viewport()->grab().toImage();
    ASSERT_EQ(kept.size(), fresh.size());
    int differing = 0;
    for (int y = 0; y < kept.height(); ++y)
        for (int x = 0; x < kept.width(); ++x)
            differing += kept.pixel(x, y) != fresh.pixel(x, y);
    EXPECT_EQ(differing, 0) << "pixels that differ between the kept and a fresh picture";
}

TEST(HairlineRaster, DrawsInsideTheClipOnlyAndBlendsEachPixelOnce)
{
    QImage image(40, 20, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    // Two overlapping rectangles: QRegion makes them disjoint.
    const QRegion clip = QRegion(0, 0, 25, 20) + QRegion(10, 0, 20, 20);
    HairlineRaster raster(image, clip);
    raster.setColor(QColor(200, 0, 0));
    raster.drawLine(QPointF(0.5, 5.5), QPointF(39.5, 5.5));
    for (int x = 0; x < 40; ++x)
        EXPECT_EQ(image.pixel(x, 5), x < 30 ? qRgb(200, 0, 0) : 0u) << "x " << x;
    EXPECT_EQ(image.pixel(5, 4), 0u);

    // Half-transparent, along a short diagonal whose steps are under a pixel: each pixel
    // blended once, the same alpha everywhere.
    raster.setColor(QColor(0, 0, 255, 128));
    raster.drawLine(QPointF(2.5, 10.5), QPointF(5.2, 12.9));
    int blended = 0;
    for (int y = 9; y < 15; ++y)
        for (int x = 0; x < 10; ++x)
            if (const QRgb p = image.pixel(x, y); qAlpha(p)) {
                ++blended;
                EXPECT_NEAR(qAlpha(p), 128, 1) << x << "," << y;
            }
    EXPECT_GE(blended, 3);

    // A line from far beyond the image on both sides still crosses it, on one row.
    raster.setColor(QColor(0, 150, 0));
    raster.drawLine(QPointF(-1e12, 17.5), QPointF(1e12, 17.5));
    EXPECT_EQ(image.pixel(0, 17), qRgb(0, 150, 0));
    EXPECT_EQ(image.pixel(29, 17), qRgb(0, 150, 0));
    EXPECT_EQ(image.pixel(0, 16), 0u);

    // Lines that never enter the clip, or are not numbers, draw nothing.
    const QImage before = image.copy();
    raster.drawLine(QPointF(35, 0), QPointF(39, 19));
    raster.drawLine(QPointF(qQNaN(), 1), QPointF(3, qInf()));
    EXPECT_EQ(image, before);
}
