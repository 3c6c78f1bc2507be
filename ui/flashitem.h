#pragma once

#include <QGraphicsObject>

class QVariantAnimation;

namespace netfence::ui {

// A ring that pulses around a rectangle of the scene for a moment and then removes itself:
// where the pod a search found is.
class FlashItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum
    {
        Type = UserType + 10
    };
    static constexpr int kDurationMs = 1600;

    // Adds a flash around `sceneRect` to the scene; it deletes itself when done.
    static FlashItem *flash(QGraphicsScene *scene, const QRectF &sceneRect);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    explicit FlashItem(const QRectF &target);

    QRectF mTarget;
    qreal mPhase = 0; // 0..1 over the whole flash
    QVariantAnimation *mAnimation;
};

} // namespace netfence::ui
