#include "ui/diffoverlayitem.h"

#include "ui/graphcolors.h"
#include "ui/graphscene.h"
#include "ui/nodeitem.h"

#include <QPainter>
#include <QPolygonF>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace netfence::ui {

DiffOverlayItem::DiffOverlayItem(GraphScene *scene) : mScene(scene)
{
    setZValue(50); // above the arrows and the nodes
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemHasNoContents, false);
}

QColor DiffOverlayItem::color(core::ConnectionChange::Type type)
{
    switch (type) {
    case core::ConnectionChange::Type::Added:
        return QColor(46, 160, 67);
    case core::ConnectionChange::Type::Removed:
        return QColor(211, 47, 47);
    case core::ConnectionChange::Type::Changed:
        return QColor(240, 160, 0);
    }
    return {};
}

std::vector<QString> DiffOverlayItem::nodesFor(const core::DiffPeer &peer) const
{
    std::vector<QString> out;
    for (const GraphScene::Member &m : mScene->members()) { // folded pods included
        const core::Endpoint &e = m.endpoint;
        if (peer.isExternal()) {
            if (e.isExternal() && e.range.overlaps(*peer.range)) out.push_back(m.id);
        } else if (e.isWorkload() && e.workload < mScene->document()->cluster().workloads.size() &&
                   mScene->document()->cluster().workloads[e.workload].displayName() == peer.name) {
            out.push_back(m.id);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void DiffOverlayItem::setChanges(const std::vector<core::ConnectionChange> &changes)
{
    mLines.clear();
    mSelected = -1;
    for (size_t i = 0; i < changes.size(); ++i) {
        const core::ConnectionChange &c = changes[i];
        const QString label = QString::fromStdString(c.before.compactString()) +
                              QStringLiteral(" → ") +
                              QString::fromStdString(c.after.compactString());
        for (const QString &from : nodesFor(c.source))
            for (const QString &to : nodesFor(c.destination))
                if (from != to) mLines.push_back({int(i), c.type, from, to, label});
    }
    // The unchanged arrows stay as context, dimmed.
    mScene->edgeLayer()->setOpacity(changes.empty() ? 1.0 : GraphColors::kDimmedOpacity);
    updateGeometry();
}

void DiffOverlayItem::setSelected(int change)
{
    mSelected = change;
    update();
}

void DiffOverlayItem::updateGeometry()
{
    prepareGeometryChange();
    QRectF bounds;
    for (const Line &l : mLines) {
        const NodeItem *a = mScene->node(l.from);
        const NodeItem *b = mScene->node(l.to);
        if (a && b)
            bounds |= QRectF(a->sceneBoundingRect().center(), b->sceneBoundingRect().center())
                          .normalized();
    }
    mBounds = bounds.adjusted(-60, -30, 60, 30);
    update();
}

void DiffOverlayItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QFont font = painter->font();
    font.setPointSizeF(8);
    painter->setFont(font);
    for (const Line &l : mLines) {
        const NodeItem *a = mScene->node(l.from);
        const NodeItem *b = mScene->node(l.to);
        if (!a || !b || !a->isVisible() || !b->isVisible()) continue;
        const QPointF p = a->sceneBoundingRect().center();
        const QPointF q = b->sceneBoundingRect().center();
        if (!option->exposedRect.intersects(QRectF(p, q).normalized().adjusted(-60, -30, 60, 30)))
            continue;
        const bool selected = l.change == mSelected;
        QPen pen(color(l.type), selected ? 4.5 : 2.5);
        if (l.type == core::ConnectionChange::Type::Removed) pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawLine(p, q);
        // An arrowhead at the destination's border.
        const QLineF line(p, q);
        const QRectF box = b->sceneBoundingRect();
        QPointF tip = q;
        if (line.length() > 1) {
            const qreal t = std::min(std::abs(box.width() / 2 / (line.dx() ? line.dx() : 1e-9)),
                                     std::abs(box.height() / 2 / (line.dy() ? line.dy() : 1e-9)));
            tip = q - QPointF(line.dx(), line.dy()) * std::min<qreal>(t, 1.0);
        }
        const qreal angle = std::atan2(p.y() - tip.y(), p.x() - tip.x());
        QPolygonF head;
        head << tip << tip + QPointF(std::cos(angle + 0.4), std::sin(angle + 0.4)) * 10
             << tip + QPointF(std::cos(angle - 0.4), std::sin(angle - 0.4)) * 10;
        painter->setPen(Qt::NoPen);
        painter->setBrush(color(l.type));
        painter->drawPolygon(head);
        painter->setPen(color(l.type).darker(140));
        painter->drawText(QRectF((p + q) / 2 - QPointF(80, 14), QSizeF(160, 14)), Qt::AlignCenter,
                          l.label);
    }
}

} // namespace netfence::ui
