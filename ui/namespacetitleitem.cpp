#include "ui/namespacetitleitem.h"

#include "ui/graphcolors.h"
#include "ui/namespaceitem.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace netfence::ui {

NamespaceTitleItem::~NamespaceTitleItem()
{
    if (mBox) // the scene deletes its items in any order
        mBox->mZoomedOutTitle = nullptr;
}

NamespaceTitleItem::NamespaceTitleItem(NamespaceItem *box) : mBox(box)
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setZValue(3); // over the nodes (2) and arrows (1), under the flash (5)
    setCacheMode(DeviceCoordinateCache);
}

void NamespaceTitleItem::setBoxRect(const QRectF &box)
{
    // The title may use the top third of the box.
    const QRectF r(box.left(), box.top(), box.width(), box.height() / 3);
    if (r == mRect) return;
    prepareGeometryChange();
    mRect = r;
}

void NamespaceTitleItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (!mBox || mBox->isCollapsed() || mRect.isEmpty())
        return; // a collapsed box is small and laid out to be read whole
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const qreal readable = kReadablePixels / std::max(lod, 0.01); // scene units for 12 pixels
    QFont font = painter->font();
    font.setPointSizeF(10.5);
    font.setBold(true);
    if (QFontMetricsF(font).height() >= readable * 0.9) return; // the box's own title is readable
    const QString &title = mBox->title();
    font.setPixelSize(std::max(1, int(std::min(readable, mRect.height() * 0.8))));
    const qreal widthFits =
        (mRect.width() - 16) / std::max(1.0, QFontMetricsF(font).horizontalAdvance(title));
    if (widthFits < 1.0) // shrink a long name a little before cutting it
        font.setPixelSize(std::max(1, int(font.pixelSize() * std::max(widthFits, 0.7))));
    const QFontMetricsF metrics(font);
    const QString shown = metrics.elidedText(title, Qt::ElideMiddle, mRect.width() - 16);
    const QPalette palette = QApplication::palette();
    const bool dark = GraphColors::isDark(palette);
    QColor band =
        mBox->isOutside() ? GraphColors::outsideFill(dark) : GraphColors::namespaceFill(dark);
    band.setAlphaF(0.9);
    const QRectF bandRect(
        mRect.left() + 2, mRect.top() + 2,
        std::min(mRect.width() - 4, metrics.horizontalAdvance(shown) + 2 * readable / 2),
        metrics.height() * 1.1);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(GraphColors::namespaceBorder(dark), 1 / std::max(lod, 0.01)));
    painter->setBrush(band);
    painter->drawRoundedRect(bandRect, 4 / std::max(lod, 0.01), 4 / std::max(lod, 0.01));
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    painter->drawText(bandRect, Qt::AlignCenter, shown);
}

} // namespace netfence::ui
