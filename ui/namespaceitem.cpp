#include "ui/namespaceitem.h"

#include "ui/graphcolors.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

namespace netfence::ui {

NamespaceItem::NamespaceItem(QString name, QString title, bool outside)
    : mName(std::move(name)), mTitle(std::move(title)), mOutside(outside)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
}

void NamespaceItem::setCollapsed(bool collapsed, int workloads)
{
    if (collapsed == mCollapsed && workloads == mWorkloads)
        return;
    mCollapsed = collapsed;
    mWorkloads = workloads;
    update();
}

void NamespaceItem::fitTo(const QRectF &nodesRect)
{
    QRectF r = nodesRect.adjusted(-kMargin, -kMargin - kTitle, kMargin, kMargin);
    if (mCollapsed) {
        r = QRectF(0, 0, kCollapsedWidth, kCollapsedHeight);
        r.moveCenter(nodesRect.center());
    }
    if (r == mRect)
        return;
    prepareGeometryChange();
    mRect = r;
}

void NamespaceItem::setNote(const QString &note)
{
    if (note == mNote && !toolTip().isEmpty())
        return;
    mNote = note;
    updateToolTip();
    update();
}

void NamespaceItem::setLabels(const QString &labels)
{
    if (labels == mLabels)
        return;
    mLabels = labels;
    updateToolTip();
    update();
}

void NamespaceItem::updateToolTip()
{
    setToolTip(mTitle + (mLabels.isEmpty() ? QString() : QObject::tr("\nLabels: %1").arg(mLabels)) +
               (mNote.isEmpty() ? QString() : QLatin1Char('\n') + mNote));
}

void NamespaceItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const bool dark = GraphColors::isDark(palette);
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = mOutside ? GraphColors::outsideFill(dark) : GraphColors::namespaceFill(dark);
    QPen pen(GraphColors::namespaceBorder(dark), 1.5,
             mOutside ? Qt::DashLine : Qt::SolidLine);
    if (option->state & QStyle::State_Selected)
        pen = QPen(palette.color(QPalette::Highlight), 3);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(mRect, 12, 12);
    QFont font = painter->font();
    font.setPointSizeF(10.5);
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    const QRectF titleRect(mRect.left() + 12, mRect.top() + 4, mRect.width() - 24, kTitle);
    painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft, mTitle);
    if (!mLabels.isEmpty() && !mOutside) {
        const qreal titleWidth = QFontMetricsF(font).horizontalAdvance(mTitle);
        QFont small = font;
        small.setBold(false);
        small.setPointSizeF(8.5);
        qreal right = titleRect.right();
        if (!mNote.isEmpty())
            right -= QFontMetricsF(small).horizontalAdvance(mNote) + 12;
        const QRectF labelRect(titleRect.left() + titleWidth + 10, titleRect.top(),
                               right - titleRect.left() - titleWidth - 10, titleRect.height());
        if (labelRect.width() > 24) {
            painter->setFont(small);
            painter->setPen(GraphColors::allPodsNote(dark));
            painter->drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft,
                              QFontMetricsF(small).elidedText(mLabels, Qt::ElideRight, labelRect.width()));
            painter->setFont(font);
            painter->setPen(palette.color(QPalette::WindowText));
        }
    }
    if (mCollapsed) {
        font.setBold(false);
        font.setPointSizeF(9);
        painter->setFont(font);
        painter->drawText(mRect.adjusted(12, kTitle, -12, -6), Qt::AlignLeft | Qt::AlignTop,
                          QObject::tr("%n workload(s) — double-click to expand", nullptr, mWorkloads));
    }
    if (!mNote.isEmpty()) {
        font.setBold(false);
        font.setPointSizeF(8.5);
        painter->setFont(font);
        painter->setPen(GraphColors::allPodsNote(dark));
        painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignRight, mNote);
    }
}

} // namespace netfence::ui
