#pragma once

#include <QColor>
#include <QPalette>

namespace netfence::ui {

// Every colour the graph uses, in one place: the items paint with them and the legend shows
// them, so the legend cannot drift from the picture. `dark` follows the window palette.
struct GraphColors
{
    static bool isDark(const QPalette &palette)
    {
        return palette.color(QPalette::Window).lightness() < 128;
    }

    // Arrows.
    static QColor podEdge(bool dark) { return dark ? QColor(120, 170, 230) : QColor(50, 100, 170); }
    static QColor groupEdge(bool dark)
    {
        return dark ? QColor(120, 200, 140) : QColor(46, 125, 50);
    }
    static QColor hoverOutgoing() { return QColor(230, 120, 0); }
    static QColor hoverIncoming() { return QColor(0, 140, 200); }
    static constexpr qreal kPodEdgeWidth = 1.4;
    static constexpr qreal kGroupEdgeWidth = 2.4;  // a box at one end
    static constexpr qreal kBundleEdgeWidth = 3.5; // namespace to namespace
    static constexpr qreal kFaintAlpha = 0.12;     // arrows away from the hovered pod

    // Nodes.
    static QColor podFill(bool dark) { return dark ? QColor(48, 56, 68) : QColor(250, 252, 255); }
    static QColor externalFill(bool dark)
    {
        return dark ? QColor(70, 62, 40) : QColor(255, 246, 222);
    }
    static QColor nodeBorder(bool dark)
    {
        return dark ? QColor(140, 150, 165) : QColor(120, 130, 145);
    }
    static QColor isolationBar() { return QColor(211, 47, 47); }
    static QColor hostNetworkBadge() { return QColor(121, 85, 72); } // policies may not hold there
    static QColor policySelected() { return QColor(0, 150, 136); }
    static QColor policyPeer() { return QColor(230, 140, 0); }
    static constexpr qreal kDimmedOpacity = 0.25;

    // Namespace boxes and the outside area.
    static QColor namespaceFill(bool dark)
    {
        return dark ? QColor(40, 46, 56, 200) : QColor(236, 242, 250);
    }
    static QColor outsideFill(bool dark)
    {
        return dark ? QColor(60, 55, 45, 160) : QColor(255, 250, 235);
    }
    static QColor namespaceBorder(bool dark)
    {
        return dark ? QColor(110, 120, 140) : QColor(150, 165, 190);
    }
    static QColor allPodsNote(bool dark)
    {
        return dark ? QColor(120, 200, 140) : QColor(46, 125, 50);
    }

    // Marks that are not part of the model: the pod a search found, a denied pair.
    static QColor flash() { return QColor(255, 193, 7); }
    static QColor denied() { return QColor(198, 40, 40); }
};

} // namespace netfence::ui
