#include "core/objectreader.h"

#include "core/kubernetesnames.h"
#include "core/yamlscalar.h"

#include "core/yamlnodes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>
#include <unordered_map>

namespace netfence::core {

using YamlNodes::child;
using YamlNodes::present;

namespace {

const std::set<std::string> kWorkloadKinds{"Deployment", "ReplicaSet",  "StatefulSet",
                                           "DaemonSet",  "Job",         "CronJob",
                                           "ReplicationController"};

// Lists may nest (a List of PodLists); deeper than this is an attack, not a manifest.
constexpr int kMaxListDepth = 16;

// Workloads the API server refuses for their selector are real in analyzers' test inputs
// (netpol-analyzer reads them from the template), so they stay, reported.
constexpr const char *kStillRead =
    "; netfence still reads the workload from its pod template, as netpol-analyzer does";

// Nesting the duplicate-key check follows; manifests are far shallower.
constexpr int kMaxKeyDepth = 64;

// What reading one object of a List counts against the node budget.
constexpr std::size_t kObjectCost = 16;

// Thrown when a document's node budget is spent; caught by readDocument only.
struct BudgetSpent
{
};

} // namespace

ObjectReader::ObjectReader(std::string file, int lineOffset, ManifestObjects &out,
                           std::vector<Diagnostic> &diagnostics)
    : YamlReader(std::move(file), lineOffset, &diagnostics), mOut(out)
{
}

void ObjectReader::setLimits(std::size_t nodeBudget, std::size_t maxDiagnostics)
{
    mNodeBudget = nodeBudget;
    mMaxDiagnostics = maxDiagnostics;
}

void ObjectReader::visit(std::size_t nodes)
{
    if (!spend(nodes))
        throw BudgetSpent{};
}

bool ObjectReader::integer(const YAML::Node &node, const char *what, int &out)
{
    std::string text;
    if (!scalar(node, what, text))
        return false;
    if (!isPlain(node)) {
        report(Severity::Error, node,
               std::string(what) + " must be a number, found the quoted string \"" +
                   KubernetesNames::shown(text) + "\" (the API server refuses it)");
        return false;
    }
    const YamlScalar::Resolved resolved = YamlScalar::resolvePlain(text);
    const auto value = YamlScalar::int32Value(resolved);
    if (!value) {
        report(Severity::Error, node,
               std::string(what) + " must be an integer, found " +
                   YamlScalar::typeName(resolved.type) + " \"" + KubernetesNames::shown(text) + '"');
        return false;
    }
    out = *value;
    return true;
}

bool ObjectReader::uniqueKeys(const YAML::Node &node, int depth)
{
    if (depth > kMaxKeyDepth)
        return true; // deeper than any manifest; the loader's nesting limit guards the rest
    if (node.IsSequence()) {
        if (!mKeysChecked.insert(node.Mark().pos).second)
            return true;
        for (const YAML::Node &item : node) {
            visit();
            if (!uniqueKeys(item, depth + 1))
                return false;
        }
        return true;
    }
    if (!node.IsMap())
        return true;
    // An alias repeats a node already checked; its mark is the same. Checking it again would
    // make an alias bomb exponential.
    if (!mKeysChecked.insert(node.Mark().pos).second)
        return true;
    // Key text lives in the nodes, which outlive this walk. Most maps are small: a scan of a
    // short list is cheaper there than hashing.
    std::vector<std::pair<std::string_view, YAML::Mark>> small;
    std::unordered_map<std::string_view, YAML::Mark> seen;
    const bool large = node.size() > 16;
    if (large)
        seen.reserve(node.size());
    for (const auto &entry : node) {
        visit();
        if (entry.first.IsScalar()) {
            const std::string_view key = entry.first.Scalar();
            const YAML::Mark *earlier = nullptr;
            if (large) {
                auto [it, inserted] = seen.emplace(key, entry.first.Mark());
                earlier = inserted ? nullptr : &it->second;
            } else {
                for (const auto &[k, mark] : small)
                    if (k == key)
                        earlier = &mark;
                if (!earlier)
                    small.emplace_back(key, entry.first.Mark());
            }
            if (earlier) {
                const SourceLocation first{mFile, earlier->line + 1 + mLineOffset, earlier->column + 1};
                report(Severity::Error, entry.first,
                       "duplicate key \"" + KubernetesNames::shown(entry.first.Scalar()) +
                           "\" (first at line " + std::to_string(first.line) +
                           "): kubectl's strict decoding refuses the object, so it is not loaded");
                return false;
            }
        }
        if (depth < kMaxKeyDepth && !uniqueKeys(entry.second, depth + 1))
            return false;
    }
    return true;
}

bool ObjectReader::isPlain(const YAML::Node &node)
{
    // yaml-cpp tags a plain scalar "?" and a quoted or block scalar "!".
    const std::string &tag = node.Tag();
    return tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float";
}

void ObjectReader::readDocument(const YAML::Node &document)
{
    if (!present(document))
        return; // an empty document, e.g. after a trailing "---"
    mObjectName.clear();
    mObjectLocation = at(document);
    if (!document.IsMap()) {
        report(Severity::Error, document,
               std::string("a document must be a Kubernetes object (a map), found ") +
                   YamlNodes::typeName(document));
        return;
    }
    readBounded(document, "document", [&] { readObject(document, {}, 0); });
}

void ObjectReader::readListItem(const YAML::Node &item, const std::string &listKind)
{
    const std::string itemKind = listKind == "List" ? std::string() : listKind.substr(0, listKind.size() - 4);
    readBounded(item, "List item", [&] {
        visit(kObjectCost);
        readObject(item, itemKind, 1);
    });
}

template <typename Read> void ObjectReader::readBounded(const YAML::Node &top, const char *what, Read read)
{
    // What the document added is taken back when its budget runs out: all of it or nothing.
    const std::map<std::string, int> skippedKinds = mOut.skippedKinds;
    const int objects = mOut.objects;
    const size_t namespaces = mOut.namespaces.size(), endpoints = mOut.endpoints.size(),
                 services = mOut.services.size(), policies = mOut.policies.size(),
                 clusterPolicies = mOut.clusterPolicies.size(), nodes = mOut.nodes.size(),
                 ingresses = mOut.ingresses.size(), diagnostics = mDiagnostics.size(), dropped = mDroppedDiagnostics,
                 droppedErrors = mDroppedErrors;
    mNodesVisited = 0;
    try {
        read();
    } catch (const BudgetSpent &) {
        mOut.namespaces.resize(namespaces);
        mOut.endpoints.resize(endpoints);
        mOut.services.resize(services);
        mOut.policies.resize(policies);
        mOut.clusterPolicies.resize(clusterPolicies);
        mOut.nodes.resize(nodes);
        mOut.ingresses.resize(ingresses);
        mOut.skippedKinds = skippedKinds;
        mOut.objects = objects;
        mDiagnostics.resize(diagnostics);
        mDroppedDiagnostics = dropped;
        mDroppedErrors = droppedErrors;
        mObjectName.clear();
        mObjectLocation = at(top);
        report(Severity::Error, top,
               "reading the " + std::string(what) + " visits more than " + std::to_string(mNodeBudget) +
                   " YAML nodes, far more than its size explains: YAML aliases repeat parts "
                   "of it exponentially (an alias bomb); the " + what + " is skipped");
    }
}

void ObjectReader::readObject(const YAML::Node &object, const std::string &kindIfMissing, int depth)
{
    mObjectName.clear();
    mObjectLocation = at(object);
    if (!object.IsMap()) {
        report(Severity::Error, object,
               std::string("a list item must be a Kubernetes object (a map), found ") +
                   YamlNodes::typeName(object));
        return;
    }
    std::string kind = kindIfMissing;
    const YAML::Node kindNode = child(object, "kind");
    if (present(kindNode) && !scalar(kindNode, "kind", kind))
        return;
    if (kind.empty()) {
        report(Severity::Error, object, "the object has no kind");
        return;
    }

    const YAML::Node items = child(object, "items");
    const bool list = kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0 &&
                      (!present(items) || items.IsSequence());
    // A List's items are checked one by one as objects; the List itself only at its top.
    mKeysChecked.clear();
    const bool unique = uniqueKeys(object, list ? kMaxKeyDepth : 0);
    mKeysChecked.clear();
    if (!unique)
        return;
    if (list) {
        if (depth >= kMaxListDepth) {
            report(Severity::Error, object, "lists nested deeper than " +
                                                std::to_string(kMaxListDepth) + " levels");
            return;
        }
        const std::string itemKind = kind == "List" ? std::string() : kind.substr(0, kind.size() - 4);
        if (present(items))
            for (const YAML::Node &item : items) {
                // An object costs many look-ups, and takes at least this many bytes to write.
                visit(kObjectCost);
                readObject(item, itemKind, depth + 1);
            }
        return;
    }

    ++mOut.objects;
    try {
        if (kind == "Namespace")
            readNamespace(object);
        else if (kind == "Pod")
            readPod(object);
        else if (kWorkloadKinds.count(kind))
            readWorkload(object, kind);
        else if (kind == "Service")
            readService(object);
        else if (kind == "NetworkPolicy")
            readNetworkPolicy(object);
        else if (kind == "AdminNetworkPolicy")
            readClusterPolicy(object, ClusterPolicyKind::AdminNetworkPolicy);
        else if (kind == "BaselineAdminNetworkPolicy")
            readClusterPolicy(object, ClusterPolicyKind::BaselineAdminNetworkPolicy);
        else if (kind == "ClusterNetworkPolicy")
            readClusterPolicy(object, ClusterPolicyKind::ClusterNetworkPolicy);
        else if (kind == "Node")
            readNode(object);
        else if (kind == "Ingress")
            readIngress(object);
        else if (kind == "Route")
            readRoute(object);
        else
            ++mOut.skippedKinds[kind];
    } catch (const YAML::Exception &e) {
        // A shape the readers did not foresee; the object is lost, never the document.
        report(Severity::Error, object, std::string("cannot read the object: ") + e.msg);
    }
}

bool ObjectReader::readMetadata(const YAML::Node &object, const std::string &kind,
                                std::string &name, std::string &namespaceName, Labels *labels)
{
    const YAML::Node metadata = child(object, "metadata");
    mObjectName = kind;
    if (!present(metadata) || !metadata.IsMap()) {
        report(Severity::Error, object, "metadata is missing or not a map");
        return false;
    }
    const YAML::Node nameNode = child(metadata, "name");
    if (!present(nameNode)) {
        report(Severity::Error, metadata, "metadata.name is missing");
        return false;
    }
    if (!scalar(nameNode, "metadata.name", name))
        return false;
    // Names end up in file names, shell scripts and YAML. One the API server refuses is an
    // error; one that could also mean something there (a '/', '$', a space, ...) is not loaded.
    if (std::string err = KubernetesNames::checkObjectName(kind, name); !err.empty()) {
        const bool safe = KubernetesNames::isInertName(name);
        report(Severity::Error, nameNode,
               "invalid metadata.name \"" + KubernetesNames::shown(name) + "\": a " + kind +
                   " name must be " + KubernetesNames::objectNameRule(kind) + " (" + err + "); " +
                   (safe ? "kubectl apply would refuse it (netfence still reads the object, as "
                           "netpol-analyzer does)"
                         : "the object is not loaded"));
        if (!safe)
            return false;
    }
    namespaceName = "default";
    const YAML::Node nsNode = child(metadata, "namespace");
    if (present(nsNode) && !scalar(nsNode, "metadata.namespace", namespaceName))
        return false;
    if (namespaceName.empty())
        namespaceName = "default";
    if (std::string err = KubernetesNames::checkDnsLabel(namespaceName); !err.empty()) {
        mObjectName = kind + ' ' + name;
        const bool safe = KubernetesNames::isInertName(namespaceName);
        report(Severity::Error, nsNode,
               "invalid metadata.namespace \"" + KubernetesNames::shown(namespaceName) +
                   "\": a namespace name must be a DNS-1123 label (" + err + "); " +
                   (safe ? "kubectl apply would refuse it (netfence still reads the object)"
                         : "the object is not loaded"));
        if (!safe)
            return false;
    }
    mObjectName = kind == "Namespace" ? kind + ' ' + name : kind + ' ' + namespaceName + '/' + name;
    if (labels) {
        bool valid = true;
        *labels = readLabels(child(metadata, "labels"), "metadata.labels", &valid);
        if (!valid) {
            report(Severity::Error, object, "the object's labels are invalid; the object is not loaded");
            return false;
        }
    }
    return true;
}

Labels ObjectReader::readLabels(const YAML::Node &node, const char *what, bool *valid)
{
    Labels labels;
    if (!present(node))
        return labels;
    const size_t errorsBefore = errorCount();
    if (!node.IsMap()) {
        report(Severity::Error, node, std::string(what) + " must be a map");
    } else {
        readLabelEntries(node, what, labels);
    }
    if (valid)
        *valid = errorCount() == errorsBefore;
    return labels;
}

void ObjectReader::readLabelEntries(const YAML::Node &node, const char *what, Labels &labels)
{
    for (const auto &entry : node) {
        visit();
        std::string key, value;
        if (!scalar(entry.first, "a label key", key))
            continue;
        if (present(entry.second) && !scalar(entry.second, "a label value", value))
            continue;
        if (std::string err = KubernetesNames::checkLabelKey(key); !err.empty())
            report(Severity::Error, entry.first,
                   std::string(what) + ": invalid label key \"" + KubernetesNames::shown(key) +
                       "\": " + err);
        if (std::string err = KubernetesNames::checkLabelValue(value); !err.empty())
            report(Severity::Error, entry.second,
                   std::string(what) + ": invalid label value \"" + KubernetesNames::shown(value) +
                       "\" for key \"" + KubernetesNames::shown(key) + "\": " + err);
        labels[key] = value;
    }
}


void ObjectReader::readNamespace(const YAML::Node &object)
{
    Namespace ns;
    std::string ignored;
    if (!readMetadata(object, "Namespace", ns.name, ignored, &ns.labels))
        return;
    ns.labels[kNamespaceNameLabel] = ns.name;
    ns.declared = true;
    ns.location = at(object);
    mOut.namespaces.push_back(std::move(ns));
}

void ObjectReader::readPodSpec(const YAML::Node &spec, Workload &workload)
{
    const YAML::Node hostNetwork = child(spec, "hostNetwork");
    if (present(hostNetwork) && hostNetwork.IsScalar() && isPlain(hostNetwork) &&
        YamlScalar::resolvePlain(hostNetwork.Scalar()).boolean) {
        workload.hostNetwork = true;
        report(Severity::Warning, hostNetwork,
               "hostNetwork: the pod uses its node's network; Kubernetes leaves NetworkPolicy on "
               "such pods undefined and most network plugins do not enforce it, so what netfence "
               "shows for it (evaluated as an ordinary pod) may not hold");
    }
    const YAML::Node containers = child(spec, "containers");
    if (!present(containers))
        return;
    if (!containers.IsSequence()) {
        report(Severity::Error, containers, "spec.containers must be a list");
        return;
    }
    for (const YAML::Node &container : containers) {
        visit();
        const YAML::Node ports = child(container, "ports");
        if (!present(ports))
            continue;
        if (!ports.IsSequence()) {
            report(Severity::Error, ports, "container ports must be a list");
            continue;
        }
        for (const YAML::Node &portNode : ports) {
            visit();
            const YAML::Node number = child(portNode, "containerPort");
            if (!present(number))
                continue; // nothing to reach without a port number
            ContainerPort port;
            if (!integer(number, "containerPort", port.port))
                continue;
            if (port.port < kMinPort || port.port > kMaxPort) {
                report(Severity::Error, number,
                       "containerPort " + std::to_string(port.port) + " is outside 1-65535");
                continue;
            }
            const YAML::Node name = child(portNode, "name");
            if (present(name) && scalar(name, "port name", port.name)) {
                if (std::string err = KubernetesNames::checkPortName(port.name); !err.empty()) {
                    report(Severity::Error, name,
                           "invalid container port name \"" + port.name + "\": " + err);
                    port.name.clear();
                }
            }
            const YAML::Node protocol = child(portNode, "protocol");
            std::string protocolText;
            if (present(protocol) && scalar(protocol, "protocol", protocolText)) {
                auto parsed = parseProtocol(protocolText);
                if (!parsed) {
                    report(Severity::Error, protocol,
                           "unsupported protocol \"" + protocolText + "\" (TCP, UDP or SCTP)");
                    continue;
                }
                port.protocol = *parsed;
            }
            workload.ports.push_back(port);
        }
    }
}

void ObjectReader::readPod(const YAML::Node &object)
{
    EndpointObject pod;
    Workload &w = pod.workload;
    w.kind = "Pod";
    if (!readMetadata(object, "Pod", w.name, w.namespaceName, &w.labels))
        return;
    w.location = at(object);
    w.podNames.push_back(w.name);

    const YAML::Node owners = child(child(object, "metadata"), "ownerReferences");
    if (present(owners) && owners.IsSequence()) {
        for (const YAML::Node &owner : owners) {
            visit();
            const YAML::Node controller = child(owner, "controller");
            if (!present(controller) || !controller.IsScalar() || controller.Scalar() != "true")
                continue;
            scalar(child(owner, "name"), "ownerReferences.name", pod.ownerName);
            const YAML::Node kind = child(owner, "kind");
            if (present(kind))
                scalar(kind, "ownerReferences.kind", pod.ownerKind);
            // Static pods are "owned" by their node; they are still their own endpoint.
            if (pod.ownerKind == "Node")
                pod.ownerName.clear();
            break;
        }
    }

    readPodSpec(child(object, "spec"), w);

    const YAML::Node status = child(object, "status");
    const YAML::Node phase = child(status, "phase");
    if (present(phase) && phase.IsScalar() &&
        (phase.Scalar() == "Succeeded" || phase.Scalar() == "Failed")) {
        // A finished pod has no network; its controller (a Job, a CronJob's Job) may still
        // start pods like it, so an owned pod keeps standing for its owner.
        if (pod.ownerName.empty()) {
            report(Severity::Warning, phase,
                   "the pod has finished (phase " + phase.Scalar() +
                       "): it sends and receives nothing, so it is left out of the evaluation");
            return;
        }
        report(Severity::Warning, phase,
               "the pod has finished (phase " + phase.Scalar() + "); it is shown as its " +
                   (pod.ownerKind.empty() ? std::string("owner") : pod.ownerKind) + ' ' +
                   pod.ownerName + ", which may start pods like it");
    }
    std::vector<std::string> ips;
    const YAML::Node podIP = child(status, "podIP");
    if (present(podIP) && podIP.IsScalar())
        ips.push_back(podIP.Scalar());
    const YAML::Node podIPs = child(status, "podIPs");
    if (present(podIPs) && podIPs.IsSequence())
        for (const YAML::Node &entry : podIPs) {
            visit();
            const YAML::Node ip = child(entry, "ip");
            if (present(ip) && ip.IsScalar())
                ips.push_back(ip.Scalar());
        }
    for (const std::string &text : ips) {
        auto ip = IPAddress::parse(text);
        if (!ip) {
            report(Severity::Warning, status, "ignoring the invalid pod IP \"" + text + '"');
            continue;
        }
        if (std::find(w.ips.begin(), w.ips.end(), *ip) == w.ips.end())
            w.ips.push_back(*ip);
    }
    mOut.endpoints.push_back(std::move(pod));
}

void ObjectReader::readWorkload(const YAML::Node &object, const std::string &kind)
{
    Workload w;
    w.kind = kind;
    if (!readMetadata(object, kind, w.name, w.namespaceName, nullptr))
        return;
    w.location = at(object);
    YAML::Node spec = child(object, "spec");
    const YAML::Node replicas = child(spec, "replicas");
    int count = 0;
    if (present(replicas) && integer(replicas, "spec.replicas", count))
        w.replicas = count;
    if (kind == "CronJob")
        spec = child(child(spec, "jobTemplate"), "spec");
    const YAML::Node tmpl = child(spec, "template");
    if (!present(tmpl)) {
        report(Severity::Warning, object, "the workload has no pod template; it has no labels");
        mOut.endpoints.push_back(EndpointObject{std::move(w), {}, {}});
        return;
    }
    bool valid = true;
    w.labels = readLabels(child(child(tmpl, "metadata"), "labels"), "template labels", &valid);
    if (!valid) {
        report(Severity::Error, object, "the pod template's labels are invalid; the workload is not loaded");
        return;
    }
    if (!workloadSelectorMatches(object, kind, spec, w.labels))
        return;
    readPodSpec(child(tmpl, "spec"), w);
    mOut.endpoints.push_back(EndpointObject{std::move(w), {}, {}});
}

bool ObjectReader::workloadSelectorMatches(const YAML::Node &object, const std::string &kind,
                                           const YAML::Node &spec, const Labels &templateLabels)
{
    // apps/v1 requires a selector on these kinds; elsewhere it is optional (defaulted from the
    // template, or generated for Jobs), but when written it must select the template's pods.
    std::string apiVersion;
    const YAML::Node apiNode = child(object, "apiVersion");
    if (present(apiNode) && apiNode.IsScalar())
        apiVersion = apiNode.Scalar();
    const bool appsKind = kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" ||
                          kind == "DaemonSet";
    const bool required = appsKind && (apiVersion == "apps/v1" || apiVersion == "apps/v1beta2");
    const YAML::Node selectorNode = child(spec, "selector");
    if (!present(selectorNode)) {
        if (required)
            report(Severity::Error, object,
                   "spec.selector is missing: " + apiVersion + ' ' + kind + " requires one, so "
                   "kubectl apply would refuse it" + kStillRead);
        return true;
    }
    LabelSelector selector;
    if (kind == "ReplicationController") {
        bool valid = true;
        selector.matchLabels = readLabels(selectorNode, "spec.selector", &valid);
        if (!valid)
            return false;
    } else if (!readSelector(selectorNode, selector)) {
        report(Severity::Error, selectorNode, std::string("spec.selector is invalid") + kStillRead);
        return true;
    }
    if (selector.matchLabels.empty() && selector.matchExpressions.empty()) {
        if (kind != "ReplicationController") // an RC's empty selector defaults to the template
            report(Severity::Error, selectorNode,
                   std::string("spec.selector is empty, which the API server refuses") + kStillRead);
        return true;
    }
    if (!selector.matches(templateLabels))
        report(Severity::Error, selectorNode,
               "spec.selector does not match the pod template's labels, so kubectl apply would "
               "refuse this " + kind + kStillRead);
    return true;
}

void ObjectReader::readService(const YAML::Node &object)
{
    Service s;
    if (!readMetadata(object, "Service", s.name, s.namespaceName, nullptr))
        return;
    s.location = at(object);
    const YAML::Node spec = child(object, "spec");
    bool valid = true;
    s.selector = readLabels(child(spec, "selector"), "spec.selector", &valid);
    if (!valid) {
        report(Severity::Error, object, "the Service's selector is invalid; the Service is not loaded");
        return;
    }
    const YAML::Node ports = child(spec, "ports");
    if (present(ports) && ports.IsSequence()) {
        for (const YAML::Node &p : ports) {
            visit();
            ServicePort port;
            const YAML::Node name = child(p, "name");
            if (present(name))
                scalar(name, "port name", port.name);
            const YAML::Node number = child(p, "port");
            if (present(number))
                integer(number, "port", port.port);
            const YAML::Node target = child(p, "targetPort");
            if (present(target))
                scalar(target, "targetPort", port.targetPort);
            const YAML::Node protocol = child(p, "protocol");
            std::string protocolText;
            if (present(protocol) && scalar(protocol, "protocol", protocolText))
                port.protocol = parseProtocol(protocolText).value_or(Protocol::TCP);
            s.ports.push_back(port);
        }
    }
    mOut.services.push_back(std::move(s));
}

bool ObjectReader::readSelector(const YAML::Node &node, LabelSelector &selector)
{
    if (!present(node))
        return true; // null selector == {}
    if (!node.IsMap()) {
        report(Severity::Error, node, std::string("selector error: a label selector must be a map, found ") +
                                          YamlNodes::typeName(node));
        return false;
    }
    bool ok = true;
    for (const auto &entry : node) {
        visit();
        std::string key;
        if (!scalar(entry.first, "a selector field", key))
            return false;
        if (key != "matchLabels" && key != "matchExpressions") {
            report(Severity::Error, entry.first,
                   "selector error: unknown field \"" + key + "\" in a label selector");
            ok = false;
        }
    }
    const size_t before = mDiagnostics.size();
    selector.matchLabels = readLabels(child(node, "matchLabels"), "selector error: matchLabels");
    if (mDiagnostics.size() != before)
        ok = false;

    const YAML::Node expressions = child(node, "matchExpressions");
    if (!present(expressions))
        return ok;
    if (!expressions.IsSequence()) {
        report(Severity::Error, expressions, "selector error: matchExpressions must be a list");
        return false;
    }
    for (const YAML::Node &e : expressions) {
        visit();
        LabelSelectorRequirement r;
        if (!e.IsMap()) {
            report(Severity::Error, e, "selector error: a match expression must be a map");
            ok = false;
            continue;
        }
        std::string op;
        if (!scalar(child(e, "key"), "selector error: matchExpressions key", r.key) ||
            !scalar(child(e, "operator"), "selector error: matchExpressions operator", op)) {
            ok = false;
            continue;
        }
        if (std::string err = KubernetesNames::checkLabelKey(r.key); !err.empty()) {
            report(Severity::Error, child(e, "key"),
                   "selector error: invalid key \"" + r.key + "\": " + err);
            ok = false;
        }
        if (op == "In")
            r.op = SelectorOperator::In;
        else if (op == "NotIn")
            r.op = SelectorOperator::NotIn;
        else if (op == "Exists")
            r.op = SelectorOperator::Exists;
        else if (op == "DoesNotExist")
            r.op = SelectorOperator::DoesNotExist;
        else {
            report(Severity::Error, child(e, "operator"),
                   "selector error: \"" + op +
                       "\" is not a valid operator (In, NotIn, Exists, DoesNotExist)");
            ok = false;
            continue;
        }
        const YAML::Node values = child(e, "values");
        if (present(values)) {
            if (!values.IsSequence()) {
                report(Severity::Error, values, "selector error: values must be a list");
                ok = false;
                continue;
            }
            for (const YAML::Node &v : values) {
                visit();
                std::string value;
                if (!scalar(v, "selector error: a value", value)) {
                    ok = false;
                    continue;
                }
                if (std::string err = KubernetesNames::checkLabelValue(value); !err.empty()) {
                    report(Severity::Error, v,
                           "selector error: invalid value \"" + value + "\": " + err);
                    ok = false;
                }
                r.values.push_back(value);
            }
        }
        const bool needsValues = r.op == SelectorOperator::In || r.op == SelectorOperator::NotIn;
        if (needsValues && r.values.empty()) {
            report(Severity::Error, e,
                   "selector error: operator " + op + " needs at least one value for key \"" +
                       r.key + '"');
            ok = false;
        } else if (!needsValues && !r.values.empty()) {
            report(Severity::Error, e,
                   "selector error: operator " + op + " must not have values (key \"" + r.key +
                       "\")");
            ok = false;
        }
        selector.matchExpressions.push_back(std::move(r));
    }
    return ok;
}

bool ObjectReader::readPort(const YAML::Node &node, NetworkPolicyPort &port)
{
    if (!node.IsMap()) {
        report(Severity::Error, node, "a ports entry must be a map");
        return false;
    }
    bool ok = true;
    const YAML::Node protocol = child(node, "protocol");
    std::string protocolText;
    if (present(protocol)) {
        if (!scalar(protocol, "protocol", protocolText))
            return false;
        auto parsed = parseProtocol(protocolText);
        if (!parsed) {
            report(Severity::Error, protocol,
                   "unsupported protocol \"" + protocolText + "\": must be TCP, UDP or SCTP");
            ok = false;
        }
        port.protocol = parsed;
    }
    const YAML::Node portNode = child(node, "port");
    if (present(portNode)) {
        std::string text;
        if (!scalar(portNode, "port", text))
            return false;
        // IntOrString: a quoted "80" is a string, and so a (bad) port name; a plain scalar is
        // whatever Kubernetes' YAML 1.1 decoder makes of it (0x50 is 80, 0100 is 64).
        const YamlScalar::Resolved resolved =
            isPlain(portNode) ? YamlScalar::resolvePlain(text) : YamlScalar::Resolved{};
        if (resolved.type == YamlScalar::Type::Int || resolved.type == YamlScalar::Type::Float) {
            const auto number = YamlScalar::int32Value(resolved);
            if (!number && resolved.type == YamlScalar::Type::Int) {
                report(Severity::Error, portNode,
                       "port " + KubernetesNames::shown(text) + " is outside 1-65535");
                ok = false;
            } else if (!number) {
                report(Severity::Error, portNode,
                       "port " + KubernetesNames::shown(text) + " is " +
                           YamlScalar::typeName(resolved.type) +
                           " but not an integer port: the API server refuses it");
                ok = false;
            } else if (*number < kMinPort || *number > kMaxPort) {
                report(Severity::Error, portNode,
                       "port " + KubernetesNames::shown(text) + " is outside 1-65535");
                ok = false;
            } else {
                port.port = *number;
            }
        } else if (resolved.type == YamlScalar::Type::Bool) {
            report(Severity::Error, portNode,
                   "port " + text + " is a boolean to Kubernetes' YAML decoder, neither a number "
                                    "nor a port name (quote it if it is a name)");
            ok = false;
        } else {
            if (std::string err = KubernetesNames::checkPortName(text); !err.empty()) {
                report(Severity::Error, portNode, "named port error: invalid port name \"" +
                                                      KubernetesNames::shown(text) + "\": " + err);
                ok = false;
            }
            port.namedPort = text;
        }
    }
    const YAML::Node endPortNode = child(node, "endPort");
    if (present(endPortNode)) {
        int endPort = 0;
        if (!integer(endPortNode, "endPort", endPort))
            return false;
        port.endPort = endPort;
        if (port.isNamed()) {
            report(Severity::Error, endPortNode,
                   "endPort cannot be used when port is a named port (\"" + port.namedPort + "\")");
            ok = false;
        } else if (!port.port) {
            report(Severity::Error, endPortNode, "endPort needs a numeric port");
            ok = false;
        } else if (endPort < kMinPort || endPort > kMaxPort) {
            report(Severity::Error, endPortNode,
                   "endPort " + std::to_string(endPort) + " is outside 1-65535");
            ok = false;
        } else if (endPort < *port.port) {
            report(Severity::Error, endPortNode,
                   "invalid port range " + std::to_string(*port.port) + '-' +
                       std::to_string(endPort) + ": endPort must not be less than port");
            ok = false;
        }
    }
    return ok;
}

bool ObjectReader::readPeer(const YAML::Node &node, NetworkPolicyPeer &peer)
{
    if (!node.IsMap()) {
        report(Severity::Error, node, "rule NetworkPolicyPeer error: a peer must be a map");
        return false;
    }
    bool ok = true;
    const YAML::Node pods = child(node, "podSelector");
    const YAML::Node namespaces = child(node, "namespaceSelector");
    const YAML::Node block = child(node, "ipBlock");
    // A null selector is still "set" in the API (it decodes to an empty selector).
    if (pods.IsDefined()) {
        LabelSelector s;
        ok = readSelector(pods, s) && ok;
        peer.podSelector = s;
    }
    if (namespaces.IsDefined()) {
        LabelSelector s;
        ok = readSelector(namespaces, s) && ok;
        peer.namespaceSelector = s;
    }
    if (present(block)) {
        IPBlock ipBlock;
        const YAML::Node cidr = child(block, "cidr");
        if (!present(cidr)) {
            report(Severity::Error, block, "CIDR error: ipBlock.cidr is required");
            return false;
        }
        if (!scalar(cidr, "ipBlock.cidr", ipBlock.cidr))
            return false;
        const YAML::Node except = child(block, "except");
        if (present(except)) {
            if (!except.IsSequence()) {
                report(Severity::Error, except, "CIDR error: ipBlock.except must be a list");
                return false;
            }
            for (const YAML::Node &e : except) {
                visit();
                std::string text;
                if (!scalar(e, "an except entry", text))
                    return false;
                ipBlock.except.push_back(text);
            }
        }
        if (std::string err = ipBlock.parse(); !err.empty()) {
            report(Severity::Error, cidr, "CIDR error: " + err);
            ok = false;
        }
        peer.ipBlock = std::move(ipBlock);
        if (peer.podSelector || peer.namespaceSelector) {
            report(Severity::Error, node,
                   "rule NetworkPolicyPeer error: a peer cannot have both ipBlock and "
                   "podSelector/namespaceSelector");
            ok = false;
        }
    }
    if (!peer.podSelector && !peer.namespaceSelector && !peer.ipBlock) {
        report(Severity::Error, node,
               "rule NetworkPolicyPeer error: empty peer: set podSelector, namespaceSelector or "
               "ipBlock");
        ok = false;
    }
    return ok;
}

bool ObjectReader::readRule(const YAML::Node &node, bool ingress, NetworkPolicyRule &rule,
                            bool &namedPortWithIPBlock)
{
    rule.location = at(node);
    if (!present(node))
        return true; // "- {}" written as "-": every peer, every port
    if (!node.IsMap()) {
        report(Severity::Error, node, "a rule must be a map");
        return false;
    }
    bool ok = true;
    const char *peersKey = ingress ? "from" : "to";
    const YAML::Node peers = child(node, peersKey);
    if (present(peers)) {
        if (!peers.IsSequence()) {
            report(Severity::Error, peers, std::string(peersKey) + " must be a list");
            return false;
        }
        for (const YAML::Node &p : peers) {
            visit();
            NetworkPolicyPeer peer;
            ok = readPeer(p, peer) && ok;
            rule.peers.push_back(std::move(peer));
        }
    }
    const YAML::Node ports = child(node, "ports");
    if (present(ports)) {
        if (!ports.IsSequence()) {
            report(Severity::Error, ports, "ports must be a list");
            return false;
        }
        for (const YAML::Node &p : ports) {
            visit();
            NetworkPolicyPort port;
            ok = readPort(p, port) && ok;
            rule.ports.push_back(std::move(port));
        }
    }
    const bool hasIPBlock = std::any_of(rule.peers.begin(), rule.peers.end(),
                                        [](const NetworkPolicyPeer &p) { return p.ipBlock; });
    const auto named = std::find_if(rule.ports.begin(), rule.ports.end(),
                                    [](const NetworkPolicyPort &p) { return p.isNamed(); });
    // In an ingress rule the name resolves on the receiving pod, whoever sends: valid. In an
    // egress rule the destination is an address with no container to name the port.
    if (!ingress && hasIPBlock && named != rule.ports.end()) {
        // Accepted by the API server; a named port just never matches an address.
        report(Severity::Error, node,
               "named port error: the rule uses the named port \"" + named->namedPort +
                   "\" in an egress rule to an ipBlock peer; a named port cannot be resolved for "
                   "an IP address, "
                   "so it never matches those addresses (the policy is still evaluated)");
        namedPortWithIPBlock = true;
    }
    return ok;
}

void ObjectReader::readNetworkPolicy(const YAML::Node &object)
{
    NetworkPolicy policy;
    if (!readMetadata(object, "NetworkPolicy", policy.name, policy.namespaceName, nullptr))
        return;
    policy.location = at(object);
    std::string apiVersion;
    const YAML::Node apiNode = child(object, "apiVersion");
    if (present(apiNode) && scalar(apiNode, "apiVersion", apiVersion) &&
        apiVersion != "networking.k8s.io/v1") {
        report(Severity::Warning, apiNode,
               "apiVersion \"" + apiVersion +
                   "\" is not networking.k8s.io/v1; reading it with v1 semantics");
    }
    const YAML::Node spec = child(object, "spec");
    if (!present(spec) || !spec.IsMap()) {
        report(Severity::Error, object, "spec is missing or not a map; the policy is ignored");
        return;
    }
    const size_t firstDiagnostic = mDiagnostics.size();
    bool ok = readSelector(child(spec, "podSelector"), policy.podSelector);

    const YAML::Node types = child(spec, "policyTypes");
    if (present(types)) {
        if (!types.IsSequence()) {
            report(Severity::Error, types, "policyTypes must be a list");
            ok = false;
        } else {
            for (const YAML::Node &t : types) {
                visit();
                std::string text;
                if (!scalar(t, "a policy type", text)) {
                    ok = false;
                } else if (text == "Ingress" || text == "Egress") {
                    const PolicyType type = text == "Ingress" ? PolicyType::Ingress : PolicyType::Egress;
                    if (std::find(policy.policyTypes.begin(), policy.policyTypes.end(), type) ==
                        policy.policyTypes.end())
                        policy.policyTypes.push_back(type);
                } else {
                    report(Severity::Error, t,
                           "policyTypes entry \"" + text + "\" must be Ingress or Egress");
                    ok = false;
                }
            }
        }
    }

    bool namedPortWithIPBlock = false;
    for (const bool ingress : {true, false}) {
        const char *key = ingress ? "ingress" : "egress";
        const YAML::Node rules = child(spec, key);
        if (!present(rules))
            continue;
        if (!rules.IsSequence()) {
            report(Severity::Error, rules, std::string(key) + " must be a list");
            ok = false;
            continue;
        }
        for (const YAML::Node &r : rules) {
            visit();
            NetworkPolicyRule rule;
            ok = readRule(r, ingress, rule, namedPortWithIPBlock) && ok;
            (ingress ? policy.ingress : policy.egress).push_back(std::move(rule));
        }
    }

    if (!ok) {
        // The API server would refuse the object, so no cluster can hold it.
        for (size_t i = firstDiagnostic; i < mDiagnostics.size(); ++i)
            if (mDiagnostics[i].severity == Severity::Error &&
                mDiagnostics[i].message.find("(the policy is still evaluated)") == std::string::npos) {
                mDiagnostics[i].message += "; the policy is ignored";
                break;
            }
        return;
    }
    mOut.policies.push_back(std::move(policy));
}

} // namespace netfence::core
