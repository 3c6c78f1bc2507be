#pragma once

#include <QGraphicsItem>
#include <QString>

namespace netfence::ui {

class NamespaceItem;

// A namespace's title, shown over its pods and arrows when the view is zoomed out so far that
// the title in the box would be unreadable: it keeps about 12 pixels on screen while it fits
// the box. Zoomed in it paints nothing. Owned by its NamespaceItem, which keeps it in the same
// scene, place and visibility; it takes no clicks, so the items under it stay reachable.
class NamespaceTitleItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 9
    };
    explicit NamespaceTitleItem(NamespaceItem *box);
    ~NamespaceTitleItem() override;
    // Called by the box as it goes.
    void forgetBox() { mBox = nullptr; }

    int type() const override { return Type; }
    QRectF boundingRect() const override { return mRect; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    // Follows the box's rectangle.
    void setBoxRect(const QRectF &box);
    // The title's pixel height on screen below which this item takes over.
    static constexpr qreal kReadablePixels = 12;

private:
    NamespaceItem *mBox;
    QRectF mRect;
};

} // namespace netfence::ui
