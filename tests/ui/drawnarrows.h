#pragma once

#include "ui/edgelayeritem.h"

#include <algorithm>
#include <string>
#include <vector>

namespace netfence::ui {

// The arrows an edge layer holds, in words and sorted: "a -> b[g] bundle TCP 80 x12".
inline std::vector<std::string> drawnArrows(const EdgeLayerItem &layer)
{
    std::vector<std::string> out;
    for (const GraphEdge &e : layer.edges())
        out.push_back((e.from + (e.fromGroup ? "[g]" : "") + " -> " + e.to +
                       (e.toGroup ? "[g]" : "") + (e.bundle ? " bundle " : " ") + e.label + " x" +
                       QString::number(e.pairs))
                          .toStdString());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace netfence::ui
