#include "ui/flashitem.h"

#include "ui/graphcolors.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QVariantAnimation>
#include <QtMath>

namespace netfence::ui {

namespace {

constexpr qreal kReach = 14; // how far the ring grows out of the rectangle
constexpr int kPulses = 3;

} // namespace

FlashItem::FlashItem(const QRectF &target)
    : mTarget(target), mAnimation(new QVariantAnimation(this))
{
    setZValue(5); // above nodes and edges
    setAcceptedMouseButtons(Qt::NoButton);
    mAnimation->setStartValue(0.0);
    mAnimation->setEndValue(1.0);
    mAnimation->setDuration(kDurationMs);
    connect(mAnimation, &QVariantAnimation::valueChanged, this, [this](const QVariant &v) {
        mPhase = v.toReal();
        update();
    });
    connect(mAnimation, &QVariantAnimation::finished, this, &QObject::deleteLater);
}

FlashItem *FlashItem::flash(QGraphicsScene *scene, const QRectF &sceneRect)
{
    auto *item = new FlashItem(sceneRect);
    scene->addItem(item);
    item->mAnimation->start();
    return item;
}

QRectF FlashItem::boundingRect() const
{
    return mTarget.adjusted(-kReach - 4, -kReach - 4, kReach + 4, kReach + 4);
}

void FlashItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    // Each pulse grows out of the box and fades.
    const qreal pulse = std::fmod(mPhase * kPulses, 1.0);
    QColor color = GraphColors::flash();
    color.setAlphaF(1.0 - pulse);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(color, 4));
    const qreal grow = 2 + pulse * kReach;
    painter->drawRoundedRect(mTarget.adjusted(-grow, -grow, grow, grow), 10 + grow / 2,
                             10 + grow / 2);
}

} // namespace netfence::ui
