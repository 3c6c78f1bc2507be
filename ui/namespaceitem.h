#pragma once

#include <QGraphicsItem>
#include <QString>

#include "ui/namespacetitleitem.h"

namespace netfence::ui {

// A namespace box (or the "Outside the cluster" area). Its rectangle follows its nodes: it is
// the union of their rectangles plus a margin and the title, so it needs no position of its own.
class NamespaceItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };
    static constexpr qreal kMargin = 18;
    static constexpr qreal kTitle = 26;
    // Below this height in pixels the box's title is not drawn.
    static constexpr qreal kSmallestTextPixels = 4;

    NamespaceItem(QString name, QString title, bool outside);
    ~NamespaceItem() override;

    int type() const override { return Type; }
    QRectF boundingRect() const override { return mRect; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QString &name() const { return mName; }
    const QString &title() const { return mTitle; }
    bool isOutside() const { return mOutside; }
    // The rectangle around the given node rectangles.
    void fitTo(const QRectF &nodesRect);
    // A note drawn under the title, e.g. that every pod reaches every other.
    void setNote(const QString &note);
    const QString &note() const { return mNote; }
    // The namespace's own labels ("env=prod, team=a"), drawn after the title: steps select
    // namespaces by them.
    void setLabels(const QString &labels);
    const QString &labels() const { return mLabels; }
    void setDimmed(bool dimmed) { setOpacity(dimmed ? 0.35 : 1.0); }
    // A collapsed namespace stands for its workloads: one compact box with their count.
    void setCollapsed(bool collapsed, int workloads);
    bool isCollapsed() const { return mCollapsed; }
    int workloadCount() const { return mWorkloads; } // as the collapsed box tells it
    static constexpr qreal kCollapsedWidth = 200;
    static constexpr qreal kCollapsedHeight = 64;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void updateToolTip();

    QString mName;
    QString mTitle;
    QString mNote;
    QString mLabels;
    bool mOutside;
    QRectF mRect;
    bool mCollapsed = false;
    int mWorkloads = 0;
    // Owned here; the scene holds it too, and whichever deletes first tells the other.
    NamespaceTitleItem *mZoomedOutTitle;
    friend class NamespaceTitleItem;
};

} // namespace netfence::ui
