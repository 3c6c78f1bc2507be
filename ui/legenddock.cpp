#include "ui/legenddock.h"

#include "ui/graphcolors.h"
#include "ui/nodeitem.h"

#include <QApplication>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QtMath>

namespace netfence::ui {

namespace {

constexpr int kSampleWidth = 72;
constexpr int kSampleHeight = 30;

void drawArrow(QPainter &p, const QPointF &a, const QPointF &b, const QColor &color, qreal width,
               Qt::PenStyle style = Qt::SolidLine)
{
    p.setPen(QPen(color, width, style, Qt::RoundCap));
    p.setBrush(color);
    p.drawLine(a, b);
    const QPointF d = b - a;
    const qreal len = std::hypot(d.x(), d.y());
    const QPointF u = d / len, n(-u.y(), u.x());
    const qreal size = 9 + width;
    p.setPen(Qt::NoPen);
    p.drawPolygon(QPolygonF{b, b - u * size + n * size * 0.45, b - u * size - n * size * 0.45});
}

void drawNode(QPainter &p, const QRectF &r, const QColor &fill, const QColor &border, qreal width,
              Qt::PenStyle style = Qt::SolidLine)
{
    p.setPen(QPen(border, width, style));
    p.setBrush(fill);
    p.drawRoundedRect(r, 5, 5);
}

QPixmap sample(LegendDock::Sample kind, const QPalette &palette, qreal dpr)
{
    using S = LegendDock::Sample;
    const bool dark = GraphColors::isDark(palette);
    QPixmap pixmap(QSize(kSampleWidth, kSampleHeight) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(palette.color(QPalette::Base));
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF node(14, 4, kSampleWidth - 28, kSampleHeight - 8);
    const QPointF left(6, kSampleHeight / 2.0), right(kSampleWidth - 6, kSampleHeight / 2.0);
    const QColor pod = GraphColors::podFill(dark), border = GraphColors::nodeBorder(dark);
    switch (kind) {
    case S::Workload:
        drawNode(p, node, pod, border, 1.2);
        break;
    case S::External:
        drawNode(p, node, GraphColors::externalFill(dark), border, 1.2, Qt::DashLine);
        break;
    case S::Namespace:
    case S::Outside: {
        const bool outside = kind == S::Outside;
        p.setPen(
            QPen(GraphColors::namespaceBorder(dark), 1.5, outside ? Qt::DashLine : Qt::SolidLine));
        p.setBrush(outside ? GraphColors::outsideFill(dark) : GraphColors::namespaceFill(dark));
        p.drawRoundedRect(QRectF(2, 2, kSampleWidth - 4, kSampleHeight - 4), 7, 7);
        drawNode(p, QRectF(30, 12, 36, 13), outside ? GraphColors::externalFill(dark) : pod, border,
                 1, outside ? Qt::DashLine : Qt::SolidLine);
        break;
    }
    case S::IngressIsolated:
    case S::EgressIsolated: {
        drawNode(p, node, pod, border, 1.2);
        p.setPen(Qt::NoPen);
        p.setBrush(GraphColors::isolationBar());
        const qreal x = kind == S::IngressIsolated ? node.left() + 3 : node.right() - 8;
        p.drawRoundedRect(QRectF(x, node.top() + 4, 5, node.height() - 8), 2, 2);
        break;
    }
    case S::HostNetwork:
        drawNode(p, node, pod, border, 1.2);
        NodeItem::drawHostNetworkBadge(&p, node);
        break;
    case S::AllPodsNote: {
        QFont f = p.font();
        f.setPointSizeF(8.5);
        p.setFont(f);
        p.setPen(GraphColors::allPodsNote(dark));
        p.drawText(QRectF(0, 0, kSampleWidth, kSampleHeight), Qt::AlignCenter,
                   QStringLiteral("↔ all"));
        break;
    }
    case S::PodEdge:
        drawArrow(p, left, right, GraphColors::podEdge(dark), GraphColors::kPodEdgeWidth);
        break;
    case S::GroupEdge:
        drawArrow(p, left, right, GraphColors::groupEdge(dark), GraphColors::kGroupEdgeWidth);
        break;
    case S::BundleEdge:
        drawArrow(p, left, right, GraphColors::groupEdge(dark), GraphColors::kBundleEdgeWidth);
        break;
    case S::HoverOutgoing:
        drawArrow(p, left, right, GraphColors::hoverOutgoing(), GraphColors::kPodEdgeWidth + 1);
        break;
    case S::HoverIncoming:
        drawArrow(p, left, right, GraphColors::hoverIncoming(), GraphColors::kPodEdgeWidth + 1);
        break;
    case S::SelectedEdge:
        drawArrow(p, left, right, palette.color(QPalette::Highlight),
                  GraphColors::kPodEdgeWidth + 2);
        break;
    case S::SelectedNode:
        drawNode(p, node, pod, palette.color(QPalette::Highlight), 3);
        break;
    case S::PolicySelected:
        drawNode(p, node, pod, GraphColors::policySelected(), 3);
        break;
    case S::PolicyPeer:
        drawNode(p, node, pod, GraphColors::policyPeer(), 3);
        break;
    case S::Dimmed:
        p.setOpacity(GraphColors::kDimmedOpacity);
        drawNode(p, node, pod, border, 1.2);
        break;
    case S::Found: {
        drawNode(p, node, pod, border, 1.2);
        QColor ring = GraphColors::flash();
        p.setPen(QPen(ring, 3));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(node.adjusted(-4, -3, 4, 3), 7, 7);
        break;
    }
    case S::Denied:
        drawArrow(p, left, right, GraphColors::denied(), 2, Qt::DashLine);
        break;
    }
    return pixmap;
}

} // namespace

LegendDock::LegendDock(QWidget *parent) : QDockWidget(tr("Legend"), parent)
{
    setObjectName(QStringLiteral("LegendDock"));
    auto *page = new QWidget;
    mGrid = new QGridLayout(page);
    mGrid->setColumnStretch(1, 1);
    mGrid->setVerticalSpacing(6);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(page);
    setWidget(scroll);
    build();
}

QList<QPair<LegendDock::Sample, QString>> LegendDock::entries()
{
    using S = Sample;
    return {
        {S::Workload, tr("A workload or pod: name, kind and replicas, labels, container ports.")},
        {S::External,
         tr("Addresses outside the cluster: the Internet, or a range a policy's ipBlock names.")},
        {S::Namespace, tr("A namespace. Double-click it to collapse it into one box; its arrows "
                          "are then summed.")},
        {S::Outside, tr("Outside the cluster: every address range the policies name.")},
        {S::IngressIsolated, tr("Red bar on the left: isolated for ingress. Only what an ingress "
                                "rule allows may come in.")},
        {S::EgressIsolated, tr("Red bar on the right: isolated for egress. Only what an egress "
                               "rule allows may go out.")},
        {S::HostNetwork,
         tr("\"host\" badge: the pod uses its node's network (hostNetwork). Most network plugins "
            "do not enforce policies there, so its arrows may not hold.")},
        {S::AllPodsNote, tr("Green note in a namespace title: every pod there reaches every other, "
                            "on the connections named.")},
        {S::PodEdge,
         tr("Allowed traffic from one pod to another. The label names protocols and ports.")},
        {S::GroupEdge, tr("Allowed from or to every pod of a box: a collapsed namespace, or every "
                          "address outside the cluster.")},
        {S::BundleEdge,
         tr("Every pod of one namespace reaches every pod of the other, the same way.")},
        {S::HoverOutgoing,
         tr("With the mouse on a pod: the traffic it sends. Unrelated arrows fade.")},
        {S::HoverIncoming, tr("With the mouse on a pod: the traffic it receives.")},
        {S::SelectedEdge, tr("The selected arrow: the Inspector names the rules behind it.")},
        {S::SelectedNode,
         tr("A selected pod. Select two to see why traffic between them is allowed or denied.")},
        {S::PolicySelected,
         tr("Selected by the policy chosen in the Policies dock (its podSelector).")},
        {S::PolicyPeer, tr("Matched by that policy's rules: a peer it allows traffic from or to.")},
        {S::Dimmed, tr("Faded: not touched by the chosen policy, or not connected to the pod under "
                       "the mouse.")},
        {S::Found, tr("The pod a search found (it pulses for a moment).")},
        {S::Denied, tr("Denied but wanted: two selected pods that may not talk, or a lab "
                       "requirement not met yet. Hover it for the reason.")},
    };
}

void LegendDock::build()
{
    int row = 0;
    auto heading = [&](const QString &text) {
        auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
        mGrid->addWidget(label, row++, 0, 1, 2);
    };
    for (const auto &[kind, text] : entries()) {
        if (kind == Sample::Workload)
            heading(tr("Boxes"));
        else if (kind == Sample::PodEdge)
            heading(tr("Arrows: allowed traffic"));
        else if (kind == Sample::SelectedNode)
            heading(tr("Selection and highlights"));
        auto *picture = new QLabel;
        picture->setAlignment(Qt::AlignTop);
        auto *words = new QLabel(text);
        words->setWordWrap(true);
        words->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        mGrid->addWidget(picture, row, 0);
        mGrid->addWidget(words, row, 1);
        mPictures.append({kind, picture});
        ++row;
    }
    mEntries = int(mPictures.size());
    mGrid->setRowStretch(row, 1);
    paintSamples();
}

void LegendDock::paintSamples()
{
    const QPalette palette = QApplication::palette();
    for (const auto &[kind, picture] : std::as_const(mPictures))
        picture->setPixmap(sample(kind, palette, devicePixelRatioF()));
}

void LegendDock::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        paintSamples();
    QDockWidget::changeEvent(event);
}

} // namespace netfence::ui
