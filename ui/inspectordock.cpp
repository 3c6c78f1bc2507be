#include "ui/inspectordock.h"

#include "core/connectionlist.h"
#include "core/explanationwriter.h"
#include "core/exposureanalysis.h"
#include "core/graphmodel.h"
#include "core/ingressanalysis.h"
#include "core/textsyntax.h"
#include "ui/graphscene.h"
#include "ui/namespaceitem.h"
#include "ui/nodeitem.h"

#include <QTextBrowser>
#include <QUrl>

namespace netfence::ui {

namespace {

QString esc(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

// The exposure lines `keep` picks, each with the rules that open (or shut) it.
template <typename Keep> QString exposureHtml(const core::Evaluator &ev, Keep keep)
{
    const core::Cluster &cluster = ev.cluster();
    const core::ExposureReport report =
        core::ExposureReport::build(ev, core::ConnectionList::build(ev));
    QString html;
    for (const auto *lines : {&report.ingress, &report.egress})
        for (const core::ExposureLine &l : *lines) {
            if (l.peer.find("[External]") != std::string::npos || !keep(l)) continue;
            const std::string workload = cluster.workloads[l.workload].qualifiedName();
            html += QStringLiteral("<p><b>%1 %2 %3</b>: %4</p>")
                        .arg(esc(l.ingress ? workload : l.peer),
                             l.ingress ? QStringLiteral("⇐") : QStringLiteral("⇒"),
                             esc(l.ingress ? l.peer : workload), esc(l.connections));
            QString why;
            for (const std::string &r : l.openedBy)
                why += QStringLiteral("<li>%1</li>").arg(esc(r));
            if (!why.isEmpty()) html += QObject::tr("<p>Opened by:</p><ul>%1</ul>").arg(why);
        }
    return html;
}

} // namespace

InspectorDock::InspectorDock(GraphScene *scene, QWidget *parent)
    : QDockWidget(tr("Inspector"), parent), mScene(scene)
{
    setObjectName(QStringLiteral("InspectorDock"));
    mBrowser = new QTextBrowser;
    mBrowser->setOpenLinks(false);
    setWidget(mBrowser);
    connect(mBrowser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("policy"))
            // Links name policies by key: the text may be older than the last edit.
            if (const int index = mScene->document()->policyIndex(url.path().toULongLong());
                index >= 0)
                emit policyActivated(index);
    });
    connect(scene, &QGraphicsScene::selectionChanged, this, [this] {
        mPolicy = core::kNoPolicyKey;
        trackSelection();
        refresh();
    });
    connect(scene, &GraphScene::edgeSelectionChanged, this, [this] {
        mPolicy = core::kNoPolicyKey;
        refresh();
    });
    connect(scene, &GraphScene::graphUpdated, this, &InspectorDock::refresh);
    refresh();
}

QString InspectorDock::text() const
{
    return mBrowser->toPlainText();
}

void InspectorDock::setNotes(const QStringList &notes)
{
    if (notes == mNotes) return;
    mNotes = notes;
    refresh();
}

void InspectorDock::trackSelection()
{
    QStringList selected;
    for (QGraphicsItem *item : mScene->selectedItems())
        if (item->type() == NodeItem::Type) selected << static_cast<NodeItem *>(item)->id();
    QStringList order;
    for (const QString &id : std::as_const(mOrder))
        if (selected.contains(id)) order << id;
    // Newly selected together (a rubber band): in name order, after the earlier clicks.
    selected.sort();
    for (const QString &id : std::as_const(selected))
        if (!order.contains(id)) order << id;
    mOrder = order;
}

void InspectorDock::showPolicy(int index)
{
    mPolicy = index >= 0 ? mScene->document()->policyKey(size_t(index)) : core::kNoPolicyKey;
    refresh();
}

QString InspectorDock::policyLink(size_t index) const
{
    const core::NetworkPolicy &p = mScene->document()->cluster().policies[index];
    return QStringLiteral("<a href='policy:%1'>%2</a>")
        .arg(mScene->document()->policyKey(index))
        .arg(esc(p.qualifiedName()));
}

void InspectorDock::refresh()
{
    QString html;
    const core::Cluster &cluster = mScene->document()->cluster();
    QList<NodeItem *> nodes;
    QList<NamespaceItem *> namespaces;
    for (QGraphicsItem *item : mScene->selectedItems()) {
        if (item->type() == NodeItem::Type)
            nodes << static_cast<NodeItem *>(item);
        else if (item->type() == NamespaceItem::Type)
            namespaces << static_cast<NamespaceItem *>(item);
    }
    trackSelection();
    std::sort(nodes.begin(), nodes.end(), [this](NodeItem *a, NodeItem *b) {
        return mOrder.indexOf(a->id()) < mOrder.indexOf(b->id());
    });
    if (const int index = mScene->document()->policyIndex(mPolicy); index >= 0)
        html = policyHtml(index);
    else if (mScene->selectedEdge() >= 0)
        html = edgeHtml(mScene->selectedEdge());
    else if (nodes.size() == 1)
        html = nodeHtml(nodes.front());
    else if (nodes.size() == 2)
        html = pairHtml(nodes[0], nodes[1]);
    else if (nodes.isEmpty() && namespaces.size() == 1 && !namespaces.front()->isOutside())
        html = namespaceHtml(namespaces.front()->name());
    else
        html = tr("<p>Select a pod to see the policies that fence it and what it can reach, two "
                  "pods to "
                  "see why traffic between them is allowed or denied, or an arrow to see the rules "
                  "behind it.</p><p>%1 namespaces, %2 workloads, %3 policies.</p>")
                   .arg(cluster.namespaces.size())
                   .arg(cluster.workloads.size())
                   .arg(cluster.policies.size());
    if (!mNotes.isEmpty()) {
        QString notes;
        for (const QString &n : std::as_const(mNotes))
            notes += QStringLiteral("<li>%1</li>").arg(n.toHtmlEscaped());
        html = tr("<table width='100%' cellpadding='6' style='background-color:%1'><tr><td><b>What "
                  "the last edit did</b>"
                  "<ul style='margin-left:12px'>%2</ul></td></tr></table>")
                   .arg(palette().color(QPalette::AlternateBase).name(), notes) +
               html;
    }
    // Laying the page out again is most of a refresh: an edit that changed nothing it shows
    // (most edits, for what is selected) leaves it.
    if (html == mHtml && !mHtml.isEmpty()) return;
    mHtml = html;
    mBrowser->setHtml(html);
}

QString InspectorDock::nodeHtml(const NodeItem *node) const
{
    const core::Cluster &cluster = mScene->document()->cluster();
    const core::Evaluator &ev = mScene->document()->evaluator();
    const core::Endpoint &e = node->endpoint();
    QString html;
    if (node->isIngressController()) {
        html += tr(
            "<h3>Ingress controller</h3><p>Traffic from outside the cluster that Ingresses "
            "and Routes send to Services. It counts as a pod without labels in a namespace "
            "of its own: a policy lets it in only through a rule admitting every namespace.</p>");
        for (const core::IngressExposure &x : core::IngressAnalysis::analyze(ev))
            html += QStringLiteral("<p><b>%1</b>: %2</p>")
                        .arg(esc(cluster.workloads[x.workload].qualifiedName()),
                             x.allowed.isEmpty() ? tr("kept out by its policies (%1 exposed)")
                                                       .arg(esc(x.exposed.toString()))
                                                 : tr("allowed %1").arg(esc(x.allowed.toString())));
        return html;
    }
    if (node->isExposure()) {
        html += tr("<h3>%1</h3><p>Beyond the manifests: no loaded pod stands for this peer, but "
                   "policies admit such pods (<code>%2</code>). What it may reach, and the rules "
                   "that open it:</p>")
                    .arg(node->title().toHtmlEscaped(), node->id().toHtmlEscaped());
        const std::string id = node->id().toStdString();
        html += exposureHtml(ev, [&](const core::ExposureLine &l) { return l.peer == id; });
        return html;
    }
    if (e.isExternal()) {
        html += QStringLiteral("<h3>%1</h3><p>Outside the cluster: %2</p>")
                    .arg(node->title().toHtmlEscaped(), esc(e.range.toString()));
        QStringList cidrs;
        for (const std::string &c : core::rangeToCidrs(e.range))
            cidrs << QString::fromStdString(c);
        html += tr("<p>CIDR blocks: %1</p>").arg(cidrs.join(QLatin1String(", ")).toHtmlEscaped());
        html += tr("<p>No policy applies at an address outside the cluster: only the pods' own "
                   "egress and ingress rules decide.</p>");
    } else {
        const core::Workload &w = cluster.workloads[e.workload];
        html += QStringLiteral("<h3>%1</h3>").arg(esc(w.qualifiedName()));
        html += tr("<p>%1%2 · labels: %3<br>ports: %4</p>")
                    .arg(esc(w.kind))
                    .arg(w.replicas ? tr(" ×%1").arg(*w.replicas) : QString())
                    .arg(esc(core::TextSyntax::formatLabels(w.labels)).isEmpty()
                             ? tr("none")
                             : esc(core::TextSyntax::formatLabels(w.labels)))
                    .arg(w.ports.empty() ? tr("none")
                                         : esc(core::TextSyntax::formatContainerPorts(w.ports)));
        if (!w.ips.empty()) {
            QStringList ips;
            for (const core::IPAddress &ip : w.ips)
                ips << QString::fromStdString(ip.toString());
            html += tr("<p>IPs: %1</p>").arg(ips.join(QLatin1String(", ")));
        }
        if (w.hostNetwork)
            html += tr("<p><b>hostNetwork:</b> it uses its node's network. Kubernetes leaves "
                       "NetworkPolicy on such pods undefined and most network plugins do not "
                       "enforce it, so the verdicts below may not hold.</p>");
        const std::vector<size_t> selecting = ev.policiesSelecting(e.workload);
        QStringList ingress, egress, all;
        for (size_t p : selecting) {
            all << policyLink(p);
            if (cluster.policies[p].affectsIngress()) ingress << policyLink(p);
            if (cluster.policies[p].affectsEgress()) egress << policyLink(p);
        }
        html += tr("<p><b>Ingress:</b> %1</p>")
                    .arg(ingress.isEmpty()
                             ? tr("not isolated — every source may connect")
                             : tr("isolated by %1").arg(ingress.join(QLatin1String(", "))));
        html +=
            tr("<p><b>Egress:</b> %1</p>")
                .arg(egress.isEmpty() ? tr("not isolated — it may connect anywhere")
                                      : tr("isolated by %1").arg(egress.join(QLatin1String(", "))));
        if (!all.isEmpty())
            html += tr("<p>Policies selecting it: %1</p>").arg(all.join(QLatin1String(", ")));
        // Cluster-wide policies decide before (Admin) and after (Baseline) the NetworkPolicies.
        QStringList tiers;
        for (size_t p : ev.clusterPoliciesSelecting(e.workload)) {
            const core::ClusterNetworkPolicy &c = cluster.clusterPolicies[p];
            tiers << tr("%1 %2").arg(QString::fromUtf8(core::tierName(c.tier)),
                                     QString::fromStdString(c.displayName()).toHtmlEscaped());
        }
        if (!tiers.isEmpty())
            html += tr("<p>Cluster policies applying to it, in evaluation order: %1</p>")
                        .arg(tiers.join(QLatin1String(", ")));
        for (const core::IngressExposure &x : core::IngressAnalysis::analyze(ev)) {
            if (x.workload != e.workload) continue;
            QStringList paths;
            for (const core::IngressPath &p : x.paths)
                paths << QStringLiteral("<li>%1</li>")
                             .arg(esc(core::IngressAnalysis::describe(cluster, p)));
            html += tr("<p><b>Exposed outside the cluster</b> through the ingress "
                       "controller:</p><ul>%1</ul>")
                        .arg(paths.join(QString()));
            html +=
                x.allowed.isEmpty()
                    ? tr("<p>Its ingress policies keep the ingress controller out (%1 exposed, "
                         "nothing allowed): only a rule admitting every namespace lets it in.</p>")
                          .arg(esc(x.exposed.toString()))
                    : tr("<p>Its policies let the ingress controller in: %1 (of %2 exposed).</p>")
                          .arg(esc(x.allowed.toString()), esc(x.exposed.toString()));
        }
        const core::ControllerVerdict verdict =
            core::IngressAnalysis::controllerVerdict(ev, e.workload);
        QStringList steps;
        for (const core::TierWalk::Step &s : verdict.egress.steps)
            steps << QStringLiteral("<li>%1</li>")
                         .arg(tr("the controller's egress: %1")
                                  .arg(esc(core::TierWalk::describe(cluster, false, s))));
        for (const core::TierWalk::Step &s : verdict.ingress.steps)
            steps << QStringLiteral("<li>%1</li>")
                         .arg(esc(core::TierWalk::describe(cluster, true, s)));
        if (!steps.isEmpty() && !cluster.ingresses.empty())
            html +=
                tr("<p>Cluster policies deciding the ingress controller's traffic:</p><ul>%1</ul>")
                    .arg(steps.join(QString()));
        if (mScene->showExposure()) {
            const QString lines = exposureHtml(
                ev, [&](const core::ExposureLine &l) { return l.workload == e.workload; });
            if (!lines.isEmpty())
                html += tr("<p><b>Beyond the manifests</b>, policies open it to:</p>") + lines;
        }
    }
    QStringList out, in;
    // Every node, the pods folded into collapsed namespaces included.
    for (const GraphScene::Member &other : mScene->members()) {
        if (other.item == node || (other.item && other.item->isPlaceholder()) ||
            (other.endpoint.isExternal() && e.isExternal()))
            continue;
        // A range by its addresses, as connectivity prints it; "ext:" is only the scene's key.
        const QString name =
            other.endpoint.isExternal() && !(other.item && other.item->isIngressController())
                ? QString::fromStdString(other.endpoint.range.toString())
                : other.id;
        const core::ConnectionSet to = ev.allowed(e, other.endpoint);
        if (!to.isEmpty())
            out << QStringLiteral("<li>%1: %2</li>")
                       .arg(name.toHtmlEscaped(), esc(to.compactString()));
        const core::ConnectionSet from = ev.allowed(other.endpoint, e);
        if (!from.isEmpty())
            in << QStringLiteral("<li>%1: %2</li>")
                      .arg(name.toHtmlEscaped(), esc(from.compactString()));
    }
    out.sort();
    in.sort();
    html += tr("<p><b>Can reach</b> (%1):</p><ul>%2</ul>").arg(out.size()).arg(out.join(QString()));
    html +=
        tr("<p><b>Reachable from</b> (%1):</p><ul>%2</ul>").arg(in.size()).arg(in.join(QString()));
    return html;
}

QString InspectorDock::pairHtml(const NodeItem *a, const NodeItem *b) const
{
    const core::Evaluator &ev = mScene->document()->evaluator();
    Q_UNUSED(ev);
    QString html =
        QStringLiteral("<h3>%1 ⇄ %2</h3>").arg(a->id().toHtmlEscaped(), b->id().toHtmlEscaped());
    html += directionHtml(a, b);
    html += directionHtml(b, a);
    return html;
}

QString InspectorDock::directionHtml(const NodeItem *from, const NodeItem *to) const
{
    return explanationHtml(from->endpoint(), to->endpoint(),
                           from->isExternal() ? from->title() : from->id(),
                           to->isExternal() ? to->title() : to->id());
}

QString InspectorDock::explanationHtml(const core::Endpoint &fromEnd, const core::Endpoint &toEnd,
                                       const QString &fromName, const QString &toName) const
{
    // The explanation's own lines, as a table: the verdict on top, then each side and its
    // rules, then what would allow it.
    const core::Evaluator &ev = mScene->document()->evaluator();
    const core::Explanation x = ev.explain(fromEnd, toEnd);
    const QStringList lines = QString::fromStdString(core::ExplanationWriter::text(ev, x))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty()) return {};
    const bool both = fromEnd.isExternal() && toEnd.isExternal();
    const bool allowed = !x.allowed.isEmpty();
    const QString verdict = both      ? tr("not governed by policies")
                            : allowed ? tr("ALLOWED")
                                      : tr("DENIED");
    const QString colour = both      ? palette().color(QPalette::WindowText).name()
                           : allowed ? QStringLiteral("#2e7d32")
                                     : QStringLiteral("#c62828");
    QString html =
        QStringLiteral("<table width='100%' border='0' cellspacing='0' cellpadding='4'>");
    html +=
        QStringLiteral("<tr><td colspan='2'><b>%1 → %2</b>: <b style='color:%3'>%4</b>%5</td></tr>")
            .arg(fromName.toHtmlEscaped(), toName.toHtmlEscaped(), colour, verdict,
                 allowed ? QStringLiteral(" (%1)").arg(
                               QString::fromStdString(x.allowed.compactString()).toHtmlEscaped())
                         : QString());
    for (int i = 1; i < lines.size(); ++i) {
        const QString line = lines[i];
        const int indent = int(line.size() - line.trimmed().size());
        const QString t = line.trimmed().toHtmlEscaped();
        if (indent >= 4)
            html += QStringLiteral("<tr><td width='18'></td><td>• %1</td></tr>").arg(t);
        else if (t.startsWith(QLatin1String("To allow it")))
            html += QStringLiteral("<tr><td colspan='2'><i>%1</i></td></tr>").arg(t);
        else
            html += QStringLiteral("<tr><td colspan='2'>%1</td></tr>").arg(t);
    }
    html += QStringLiteral("</table><br>");
    return html;
}

QString InspectorDock::edgeHtml(int index) const
{
    const auto &edges = mScene->edgeLayer()->edges();
    if (index < 0 || index >= int(edges.size())) return {};
    const GraphEdge &edge = edges[size_t(index)];
    const core::Evaluator &ev = mScene->document()->evaluator();
    if (edge.from == QLatin1String(core::GraphModel::kIngressController) &&
        edge.toEndpoint.isWorkload())
        return QStringLiteral("<pre>%1</pre>")
            .arg(esc(core::IngressAnalysis::explainText(ev, edge.toEndpoint.workload)));
    const NodeItem *fromNode = edge.fromGroup ? nullptr : mScene->node(edge.from);
    const NodeItem *toNode = edge.toGroup ? nullptr : mScene->node(edge.to);
    if ((fromNode && fromNode->isExposure()) || (toNode && toNode->isExposure())) {
        const bool ingress = fromNode && fromNode->isExposure();
        const std::string peer = (ingress ? edge.from : edge.to).toStdString();
        const core::Endpoint &workload = ingress ? edge.toEndpoint : edge.fromEndpoint;
        return tr("<h3>%1 → %2</h3><p>%3</p>")
                   .arg(edge.from.toHtmlEscaped(), edge.to.toHtmlEscaped(),
                        edge.label.toHtmlEscaped()) +
               exposureHtml(ev, [&](const core::ExposureLine &l) {
                   return l.peer == peer && l.ingress == ingress && workload.isWorkload() &&
                          l.workload == workload.workload;
               });
    }
    const core::Explanation x = ev.explain(edge.fromEndpoint, edge.toEndpoint);
    QString html;
    auto name = [](const QString &id, bool group) {
        return group && id == GraphScene::outsideGroup()
                   ? QObject::tr("every address outside the cluster")
               : group ? QObject::tr("every pod of %1").arg(id)
                       : id;
    };
    if (edge.fromGroup || edge.toGroup)
        html += tr("<h3>%1 → %2</h3><p>On %3. One of these connections, explained:</p>")
                    .arg(name(edge.from, edge.fromGroup).toHtmlEscaped(),
                         name(edge.to, edge.toGroup).toHtmlEscaped(), edge.label.toHtmlEscaped());
    else
        html += QStringLiteral("<h3>%1 → %2</h3><p>%3</p>")
                    .arg(edge.from.toHtmlEscaped(), edge.to.toHtmlEscaped(),
                         edge.label.toHtmlEscaped());
    auto shown = [this](const core::Endpoint &e) {
        const QString id = Document::nodeId(mScene->document()->cluster(), e);
        const NodeItem *n = mScene->node(id);
        return n && n->isExternal() ? n->title() : id;
    };
    html += explanationHtml(edge.fromEndpoint, edge.toEndpoint, shown(edge.fromEndpoint),
                            shown(edge.toEndpoint));
    auto rules = [&](const core::SideExplanation &s, const QString &side) {
        if (!s.policed) return;
        if (!s.isolated) {
            html += tr("<p><b>%1:</b> not isolated, nothing to allow.</p>").arg(side);
            return;
        }
        QStringList items;
        for (const core::RuleMatch &m : s.allowingRules)
            items << QStringLiteral("<li>%1 %2[%3]: %4</li>")
                         .arg(policyLink(m.policy))
                         .arg(s.direction == core::PolicyType::Ingress ? QStringLiteral("ingress")
                                                                       : QStringLiteral("egress"))
                         .arg(m.ruleIndex)
                         .arg(esc(m.connections.compactString()));
        html += tr("<p><b>%1</b> allowed by:</p><ul>%2</ul>").arg(side, items.join(QString()));
    };
    rules(x.egress, tr("Egress side"));
    rules(x.ingress, tr("Ingress side"));
    return html;
}

QString InspectorDock::namespaceHtml(const QString &name) const
{
    const core::Cluster &cluster = mScene->document()->cluster();
    const core::Namespace *ns = cluster.findNamespace(name.toStdString());
    if (!ns) return {};
    QString html = QStringLiteral("<h3>%1</h3>").arg(name.toHtmlEscaped());
    html += tr("<p>Labels: %1</p>").arg(esc(core::TextSyntax::formatLabels(ns->labels)));
    int pods = 0;
    for (const core::Workload &w : cluster.workloads)
        pods += w.namespaceName == ns->name;
    html += tr("<p>%1 workloads</p>").arg(pods);
    QStringList policies;
    for (size_t i = 0; i < cluster.policies.size(); ++i)
        if (cluster.policies[i].namespaceName == ns->name)
            policies << QStringLiteral("<li>%1</li>").arg(policyLink(i));
    html +=
        tr("<p>Policies (%1):</p><ul>%2</ul>").arg(policies.size()).arg(policies.join(QString()));
    html += tr("<p>Right-click the box for default deny, DNS and same-namespace rules.</p>");
    return html;
}

QString InspectorDock::policyHtml(int index) const
{
    const core::Cluster &cluster = mScene->document()->cluster();
    const core::NetworkPolicy &p = cluster.policies[size_t(index)];
    QString html = QStringLiteral("<h3>%1</h3>").arg(esc(p.qualifiedName()));
    QStringList selected;
    for (const core::Workload &w : cluster.workloads)
        if (w.namespaceName == p.namespaceName && p.podSelector.matches(w.labels))
            selected << QString::fromStdString(w.name).toHtmlEscaped();
    html += tr("<p>Selects <b>%1</b> in %2: %3</p>")
                .arg(p.podSelector.isEmpty() ? tr("every pod") : esc(p.podSelector.toString()))
                .arg(esc(p.namespaceName))
                .arg(selected.isEmpty()
                         ? tr("<span style='color:#c62828'>no pod — check the labels</span>")
                         : selected.join(QLatin1String(", ")));
    html += tr("<p>Isolates for: %1%2</p>")
                .arg(p.affectsIngress() ? tr("Ingress ") : QString())
                .arg(p.affectsEgress() ? tr("Egress") : QString());
    auto rules = [&](const std::vector<core::NetworkPolicyRule> &rs, const QString &key) {
        for (size_t i = 0; i < rs.size(); ++i) {
            QStringList peers, ports;
            for (const core::NetworkPolicyPeer &peer : rs[i].peers)
                peers << esc(peer.toString());
            for (const core::NetworkPolicyPort &port : rs[i].ports)
                ports << esc(port.toString());
            html += QStringLiteral("<p><b>%1[%2]</b> %3: %4<br>ports: %5</p>")
                        .arg(key)
                        .arg(i)
                        .arg(key == QLatin1String("ingress") ? tr("from") : tr("to"))
                        .arg(peers.isEmpty() ? tr("everyone, outside addresses included")
                                             : peers.join(tr(" <i>or</i> ")))
                        .arg(ports.isEmpty() ? tr("all") : ports.join(QLatin1String(", ")));
        }
    };
    rules(p.ingress, QStringLiteral("ingress"));
    rules(p.egress, QStringLiteral("egress"));
    if (p.affectsIngress() && p.ingress.empty())
        html += tr("<p>No ingress rule: the selected pods accept nothing.</p>");
    if (p.affectsEgress() && p.egress.empty())
        html += tr("<p>No egress rule: the selected pods send nothing (DNS included).</p>");
    return html;
}

} // namespace netfence::ui
