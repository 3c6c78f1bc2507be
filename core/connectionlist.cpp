#include "core/connectionlist.h"

#include "core/externalpartition.h"
#include "core/ingressanalysis.h"

#include <algorithm>

namespace netfence::core {

ConnectionList ConnectionList::build(const Evaluator &evaluator, std::optional<size_t> focus)
{
    const Cluster &cluster = evaluator.cluster();
    ConnectionList list;
    for (const IPRange &r : ExternalPartition::sources(cluster))
        list.mSources.push_back(Endpoint::ofRange(r));
    for (const IPRange &r : ExternalPartition::destinations(cluster))
        list.mDestinations.push_back(Endpoint::ofRange(r));

    struct Named
    {
        std::string from, to;
        Connection connection;
    };
    std::vector<Named> lines;
    auto consider = [&](const Endpoint &from, const Endpoint &to) {
        if (focus && !(from.isWorkload() && from.workload == *focus) &&
            !(to.isWorkload() && to.workload == *focus))
            return;
        ConnectionSet set = evaluator.allowed(from, to);
        if (set.isEmpty())
            return;
        lines.push_back({from.displayName(cluster), to.displayName(cluster),
                         Connection{from, to, std::move(set)}});
    };
    const size_t n = cluster.workloads.size();
    // Without a focus, workload pairs come from each class's row of allowed classes: the cost
    // follows the allowed pairs, not the square of the workloads.
    std::vector<std::vector<std::pair<size_t, Evaluator::ConnectionId>>> rows;
    std::vector<bool> haveRow;
    if (!focus) {
        rows.resize(evaluator.classCount());
        haveRow.resize(evaluator.classCount(), false);
    }
    for (size_t i = 0; i < n; ++i) {
        const Endpoint a = Endpoint::ofWorkload(i);
        if (focus) {
            for (size_t j = 0; j < n; ++j)
                if (i != j)
                    consider(a, Endpoint::ofWorkload(j));
        } else {
            const size_t c = evaluator.classOf(i);
            if (!haveRow[c]) {
                rows[c] = evaluator.allowedFrom(c);
                haveRow[c] = true;
            }
            for (const auto &[to, id] : rows[c])
                for (size_t j : evaluator.workloadsOf(to))
                    if (i != j)
                        lines.push_back({a.displayName(cluster), cluster.workloads[j].displayName(),
                                         Connection{a, Endpoint::ofWorkload(j),
                                                    evaluator.connectionSet(id)}});
        }
        for (const Endpoint &d : list.mDestinations)
            consider(a, d);
        for (const Endpoint &s : list.mSources)
            consider(s, a);
    }
    std::sort(lines.begin(), lines.end(), [](const Named &a, const Named &b) {
        return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
    list.mConnections.reserve(lines.size());
    for (Named &l : lines)
        list.mConnections.push_back(std::move(l.connection));
    for (IngressExposure &e : IngressAnalysis::analyze(evaluator))
        if (!e.allowed.isEmpty() && (!focus || *focus == e.workload))
            list.mIngress.push_back({e.workload, std::move(e.allowed)});
    return list;
}

} // namespace netfence::core
