#include "ui/namespaceitem.h"

#include "ui/graphcolors.h"

#include <QGraphicsScene>

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

namespace netfence::ui {

NamespaceItem::NamespaceItem(QString name, QString title, bool outside)
    : mName(std::move(name)), mTitle(std::move(title)), mOutside(outside),
      mZoomedOutTitle(new NamespaceTitleItem(this))
{
    setFlags(ItemIsSelectable | ItemSendsGeometryChanges);
    setCacheMode(DeviceCoordinateCache);
    setZValue(0);
}

NamespaceItem::~NamespaceItem()
{
    if (mZoomedOutTitle) {
        mZoomedOutTitle->forgetBox();
        delete mZoomedOutTitle; // removes itself from the scene
    }
}

QVariant NamespaceItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    // The zoomed-out title is a separate item so that it can lie over the pods.
    if (!mZoomedOutTitle) {
    } else if (change == ItemSceneHasChanged) {
        if (mZoomedOutTitle->scene() && mZoomedOutTitle->scene() != scene())
            mZoomedOutTitle->scene()->removeItem(mZoomedOutTitle);
        if (scene() && mZoomedOutTitle->scene() != scene()) scene()->addItem(mZoomedOutTitle);
        mZoomedOutTitle->setVisible(isVisible());
    } else if (change == ItemVisibleHasChanged) {
        mZoomedOutTitle->setVisible(value.toBool());
    } else if (change == ItemOpacityHasChanged) {
        mZoomedOutTitle->setOpacity(opacity());
    }
    return QGraphicsItem::itemChange(change, value);
}

void NamespaceItem::setCollapsed(bool collapsed, int workloads)
{
    if (collapsed == mCollapsed && workloads == mWorkloads) return;
    mCollapsed = collapsed;
    mWorkloads = workloads;
    setNote(mNote); // the tooltip says how to expand it
    update();
}

void NamespaceItem::fitTo(const QRectF &nodesRect)
{
    QRectF r = nodesRect.adjusted(-kMargin, -kMargin - kTitle, kMargin, kMargin);
    if (mCollapsed) {
        r = QRectF(0, 0, kCollapsedWidth, kCollapsedHeight);
        r.moveCenter(nodesRect.center());
    }
    if (r == mRect) return;
    prepareGeometryChange();
    mRect = r;
    if (mZoomedOutTitle) mZoomedOutTitle->setBoxRect(r);
}

void NamespaceItem::setNote(const QString &note)
{
    if (note == mNote && !toolTip().isEmpty()) return;
    mNote = note;
    updateToolTip();
    update();
}

void NamespaceItem::setLabels(const QString &labels)
{
    if (labels == mLabels) return;
    mLabels = labels;
    updateToolTip();
    update();
}

void NamespaceItem::updateToolTip()
{
    setToolTip(mTitle + (mLabels.isEmpty() ? QString() : QObject::tr("\nLabels: %1").arg(mLabels)) +
               (mNote.isEmpty() ? QString() : QLatin1Char('\n') + mNote) +
               (mCollapsed
                    ? QObject::tr("\n%n workload(s): double-click to expand", nullptr, mWorkloads)
                : mOutside ? QString()
                           : QObject::tr("\nDouble-click to collapse into one box")));
}

void NamespaceItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const bool dark = GraphColors::isDark(palette);
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = mOutside ? GraphColors::outsideFill(dark) : GraphColors::namespaceFill(dark);
    QPen pen(GraphColors::namespaceBorder(dark), 1.5, mOutside ? Qt::DashLine : Qt::SolidLine);
    if (option->state & QStyle::State_Selected) pen = QPen(palette.color(QPalette::Highlight), 3);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(mRect, 12, 12);
    QFont font = painter->font();
    font.setPointSizeF(10.5);
    font.setBold(true);
    // Zoomed out until the title is a few pixels high, no text here can be read (the title
    // band over the pods names the namespace then); laying it out was a fifth of a repaint.
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (QFontMetricsF(font).height() * lod < kSmallestTextPixels) return;
    const QRectF titleRect(mRect.left() + 12, mRect.top() + 4, mRect.width() - 24, kTitle);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    painter->drawText(
        titleRect, Qt::AlignVCenter | Qt::AlignLeft,
        painter->fontMetrics().elidedText(mTitle, Qt::ElideMiddle, int(titleRect.width())));
    if (!mLabels.isEmpty() && !mOutside && !mCollapsed) {
        const qreal titleWidth = QFontMetricsF(font).horizontalAdvance(mTitle);
        QFont small = font;
        small.setBold(false);
        small.setPointSizeF(8.5);
        qreal right = titleRect.right();
        if (!mNote.isEmpty()) right -= QFontMetricsF(small).horizontalAdvance(mNote) + 12;
        const QRectF labelRect(titleRect.left() + titleWidth + 10, titleRect.top(),
                               right - titleRect.left() - titleWidth - 10, titleRect.height());
        if (labelRect.width() > 24) {
            painter->setFont(small);
            painter->setPen(GraphColors::allPodsNote(dark));
            painter->drawText(
                labelRect, Qt::AlignVCenter | Qt::AlignLeft,
                QFontMetricsF(small).elidedText(mLabels, Qt::ElideRight, labelRect.width()));
            painter->setFont(font);
            painter->setPen(palette.color(QPalette::WindowText));
        }
    }
    if (mCollapsed) {
        font.setBold(false);
        font.setPointSizeF(9);
        painter->setFont(font);
        const QString count = QObject::tr("%n workload(s)", nullptr, mWorkloads);
        painter->drawText(
            mRect.adjusted(12, kTitle, -12, -6), Qt::AlignLeft | Qt::AlignTop,
            painter->fontMetrics().elidedText(count, Qt::ElideRight, int(mRect.width() - 24)));
    }
    if (!mNote.isEmpty()) {
        font.setBold(false);
        font.setPointSizeF(8.5);
        painter->setFont(font);
        painter->setPen(GraphColors::allPodsNote(dark));
        // Collapsed, the title takes the whole width: the note goes below the count.
        const QRectF noteRect = mCollapsed ? mRect.adjusted(12, kTitle + 16, -12, -4) : titleRect;
        const qreal titleWidth =
            QFontMetricsF(QFont(font.family(), 10)).horizontalAdvance(mTitle) + 24;
        const qreal room =
            mCollapsed ? noteRect.width() : std::max(0.0, titleRect.width() - titleWidth);
        painter->drawText(noteRect, (mCollapsed ? Qt::AlignTop : Qt::AlignVCenter) | Qt::AlignRight,
                          painter->fontMetrics().elidedText(mNote, Qt::ElideRight, int(room)));
    }
}

} // namespace netfence::ui
