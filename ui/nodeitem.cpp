#include "ui/nodeitem.h"

#include "ui/document.h"
#include "ui/graphcolors.h"
#include "ui/graphscene.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

namespace netfence::ui {

NodeItem::NodeItem(GraphScene *scene, QString id, QString group, const core::Endpoint &endpoint)
    : mScene(scene), mId(std::move(id)), mGroup(std::move(group)), mEndpoint(endpoint)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(2);
    setCacheMode(DeviceCoordinateCache);
}

QRectF NodeItem::boundingRect() const
{
    return QRectF(-kWidth / 2 - 2, -kHeight / 2 - 2, kWidth + 4, kHeight + 4);
}

void NodeItem::setTextsStale()
{
    mTextsStale = true;
    if (isVisible()) ensureTexts(); // painted as it is now
}

void NodeItem::ensureTexts() const
{
    if (!mTextsStale || !mScene) return;
    auto *self = const_cast<NodeItem *>(this); // texts are a cache of what the scene says
    self->mTextsStale = false;
    mScene->fillTexts(self);
}

void NodeItem::setTexts(const QString &title, const QString &subtitle, const QStringList &details)
{
    mTextsStale = false;
    if (title == mTitle && subtitle == mSubtitle && details == mDetails)
        return; // keeps the cached picture
    mTitle = title;
    mSubtitle = subtitle;
    mDetails = details;
    setToolTip(
        title + QLatin1Char('\n') + subtitle +
        (details.isEmpty() ? QString() : QLatin1Char('\n') + details.join(QLatin1Char('\n'))) +
        (isHostNetwork()
             ? QObject::tr("\nhostNetwork: uses its node's network; most network plugins do not "
                           "enforce NetworkPolicy for it")
             : QString()));
    update();
}

void NodeItem::setIsolation(bool ingress, bool egress)
{
    if (ingress == mIngressIsolated && egress == mEgressIsolated) return;
    mIngressIsolated = ingress;
    mEgressIsolated = egress;
    update();
}

void NodeItem::setEmphasis(Emphasis e)
{
    if (e == mEmphasis) return;
    mEmphasis = e;
    setOpacity(e == Emphasis::Dimmed ? GraphColors::kDimmedOpacity : 1.0);
    update();
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    ensureTexts();
    const QPalette palette = QApplication::palette();
    const bool dark = GraphColors::isDark(palette);
    const QRectF r(-kWidth / 2, -kHeight / 2, kWidth, kHeight);
    painter->setRenderHint(QPainter::Antialiasing);

    QColor fill = isExternal() ? GraphColors::externalFill(dark) : GraphColors::podFill(dark);
    QColor border = GraphColors::nodeBorder(dark);
    qreal borderWidth = 1.2;
    if (mEmphasis == Emphasis::Selected) {
        border = GraphColors::policySelected();
        borderWidth = 3;
    } else if (mEmphasis == Emphasis::Peer) {
        border = GraphColors::policyPeer();
        borderWidth = 3;
    }
    if (option->state & QStyle::State_Selected) {
        border = palette.color(QPalette::Highlight);
        borderWidth = 3;
    }
    painter->setPen(QPen(border, borderWidth, isExternal() ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(fill);
    painter->drawRoundedRect(r, 8, 8);

    // Isolation: a red bar on the side the traffic is fenced.
    const QColor fence = GraphColors::isolationBar();
    painter->setPen(Qt::NoPen);
    painter->setBrush(fence);
    if (mIngressIsolated)
        painter->drawRoundedRect(QRectF(r.left() + 3, r.top() + 8, 5, r.height() - 16), 2, 2);
    if (mEgressIsolated)
        painter->drawRoundedRect(QRectF(r.right() - 8, r.top() + 8, 5, r.height() - 16), 2, 2);

    if (isHostNetwork()) drawHostNetworkBadge(painter, r);

    // Zoomed far out, words are unreadable: the boxes and fences are what counts.
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.3) return;
    const QColor text = palette.color(QPalette::WindowText);
    QFont font = painter->font();
    font.setPointSizeF(9.5);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(text);
    const QRectF textRect = r.adjusted(12, 4, -12, -4);
    painter->drawText(
        textRect, Qt::AlignTop | Qt::AlignHCenter,
        painter->fontMetrics().elidedText(mTitle, Qt::ElideMiddle, int(textRect.width())));
    font.setBold(false);
    font.setPointSizeF(8);
    painter->setFont(font);
    QColor secondary = text;
    secondary.setAlphaF(0.75);
    painter->setPen(secondary);
    const qreal line = painter->fontMetrics().height();
    QRectF row = textRect.adjusted(0, line + 4, 0, 0);
    painter->drawText(
        row, Qt::AlignTop | Qt::AlignHCenter,
        painter->fontMetrics().elidedText(mSubtitle, Qt::ElideRight, int(row.width())));
    for (const QString &d : mDetails) {
        row.adjust(0, line, 0, 0);
        if (row.height() < line) break;
        painter->drawText(row, Qt::AlignTop | Qt::AlignHCenter,
                          painter->fontMetrics().elidedText(d, Qt::ElideRight, int(row.width())));
    }
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged && mScene) mScene->nodeMoved(this);
    if (change == ItemVisibleHasChanged && value.toBool()) ensureTexts(); // its tooltip too
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    if (mScene) mScene->setHovered(this);
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    if (mScene) mScene->setHovered(nullptr);
    QGraphicsItem::hoverLeaveEvent(event);
}

bool NodeItem::isHostNetwork() const
{
    if (!mEndpoint.isWorkload() || !mScene || !mScene->document()) return false;
    const auto &workloads = mScene->document()->cluster().workloads;
    return mEndpoint.workload < workloads.size() && workloads[mEndpoint.workload].hostNetwork;
}

void NodeItem::drawHostNetworkBadge(QPainter *painter, const QRectF &box)
{
    painter->save();
    const QRectF tag(box.right() - 34, box.top() + 2, 30, 12);
    painter->setPen(Qt::NoPen);
    painter->setBrush(GraphColors::hostNetworkBadge());
    painter->drawRoundedRect(tag, 4, 4);
    QFont font = painter->font();
    font.setPointSizeF(6.5);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(tag, Qt::AlignCenter, QStringLiteral("host"));
    painter->restore();
}

} // namespace netfence::ui
