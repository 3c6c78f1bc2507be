// ObjectReader's part for cluster-scoped policies: AdminNetworkPolicy and
// BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), ClusterNetworkPolicy
// (v1alpha2), and the Nodes their `nodes` peers select. Checked as the CRDs' schemas and CEL
// rules do: an object one of them refuses never reaches a cluster, so it is not loaded.
#include "core/objectreader.h"

#include "core/kubernetesnames.h"
#include "core/yamlnodes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace netfence::core {

using YamlNodes::child;
using YamlNodes::present;

namespace {

constexpr int kMaxPriority = 1000;
constexpr size_t kMaxRulesV1alpha1 = 100;
constexpr size_t kMaxRulesV1alpha2 = 25;
constexpr size_t kMaxPeersV1alpha1 = 100;
constexpr size_t kMaxPeersV1alpha2 = 25;
constexpr size_t kMaxNetworks = 25;
constexpr size_t kMaxPortsV1alpha1 = 100;
constexpr size_t kMaxPortsV1alpha2 = 25;
constexpr size_t kMaxRuleName = 100;

} // namespace

bool ObjectReader::readPortNumber(const YAML::Node &node, const char *what, int &out)
{
    if (!integer(node, what, out))
        return false;
    if (out < kMinPort || out > kMaxPort) {
        report(Severity::Error, node,
               std::string(what) + ' ' + std::to_string(out) + " is outside 1-65535");
        return false;
    }
    return true;
}

void ObjectReader::readNode(const YAML::Node &object)
{
    Node node;
    std::string ignored;
    if (!readMetadata(object, "Node", node.name, ignored, &node.labels))
        return;
    mObjectName = "Node " + node.name;
    node.location = at(object);
    const YAML::Node addresses = child(child(object, "status"), "addresses");
    if (present(addresses) && addresses.IsSequence())
        for (const YAML::Node &a : addresses) {
            visit();
            const YAML::Node address = child(a, "address");
            if (!present(address) || !address.IsScalar())
                continue;
            if (auto ip = IPAddress::parse(address.Scalar()))
                node.addresses.push_back(*ip);
        }
    mOut.nodes.push_back(std::move(node));
}

bool ObjectReader::readClusterPorts(const YAML::Node &node, bool v1alpha2,
                                    std::vector<ClusterPolicyPort> &ports)
{
    const char *key = v1alpha2 ? "protocols" : "ports";
    if (!node.IsSequence()) {
        report(Severity::Error, node, std::string(key) + " must be a list");
        return false;
    }
    const size_t maxPorts = v1alpha2 ? kMaxPortsV1alpha2 : kMaxPortsV1alpha1;
    if (node.size() == 0 || node.size() > maxPorts) {
        report(Severity::Error, node,
               std::string(key) + " must hold 1 to " + std::to_string(maxPorts) + " entries");
        return false;
    }
    bool ok = true;
    for (const YAML::Node &entry : node) {
        visit();
        if (!entry.IsMap()) {
            report(Severity::Error, entry, std::string("a ") + key + " entry must be a map");
            ok = false;
            continue;
        }
        const std::vector<const char *> fields =
            v1alpha2 ? std::vector<const char *>{"tcp", "udp", "sctp", "destinationNamedPort"}
                     : std::vector<const char *>{"portNumber", "namedPort", "portRange"};
        std::vector<const char *> set;
        for (const char *f : fields)
            if (present(child(entry, f)))
                set.push_back(f);
        if (set.size() != 1) {
            std::string names;
            for (const char *f : fields)
                names += (names.empty() ? "" : ", ") + std::string(f);
            report(Severity::Error, entry,
                   std::string("a ") + key + " entry must set exactly one of " + names + " (it sets " +
                       std::to_string(set.size()) + ')');
            ok = false;
            continue;
        }
        const std::string field = set.front();
        const YAML::Node value = child(entry, field.c_str());
        ClusterPolicyPort port;
        if (field == "namedPort" || field == "destinationNamedPort") {
            if (!scalar(value, field.c_str(), port.namedPort)) {
                ok = false;
                continue;
            }
            if (std::string err = KubernetesNames::checkPortName(port.namedPort); !err.empty()) {
                report(Severity::Error, value,
                       "invalid port name \"" + KubernetesNames::shown(port.namedPort) + "\": " + err);
                ok = false;
                continue;
            }
        } else if (v1alpha2) {
            port.protocol = field == "tcp" ? Protocol::TCP : field == "udp" ? Protocol::UDP : Protocol::SCTP;
            if (!value.IsMap()) {
                report(Severity::Error, value, field + " must be a map");
                ok = false;
                continue;
            }
            const YAML::Node destination = child(value, "destinationPort");
            if (!present(destination)) {
                report(Severity::Error, value,
                       field + " needs destinationPort (a number or a range); omit protocols to match every port");
                ok = false;
                continue;
            }
            {
                const YAML::Node number = child(destination, "number");
                const YAML::Node range = child(destination, "range");
                if (present(number) == present(range)) {
                    report(Severity::Error, destination,
                           "destinationPort must set exactly one of number, range");
                    ok = false;
                    continue;
                }
                int first = 0, last = 0;
                if (present(number)) {
                    if (!readPortNumber(number, "destinationPort.number", first)) {
                        ok = false;
                        continue;
                    }
                    port.port = first;
                } else {
                    if (!readPortNumber(child(range, "start"), "range.start", first) ||
                        !readPortNumber(child(range, "end"), "range.end", last)) {
                        ok = false;
                        continue;
                    }
                    if (last <= first) {
                        report(Severity::Error, range,
                               "invalid port range " + std::to_string(first) + '-' +
                                   std::to_string(last) + ": start must be less than end");
                        ok = false;
                        continue;
                    }
                    port.port = first;
                    port.endPort = last;
                }
            }
        } else {
            std::string protocolText = "TCP";
            const YAML::Node protocol = child(value, "protocol");
            if (present(protocol) && !scalar(protocol, "protocol", protocolText)) {
                ok = false;
                continue;
            }
            port.protocol = parseProtocol(protocolText);
            if (!port.protocol) {
                report(Severity::Error, protocol,
                       "unsupported protocol \"" + KubernetesNames::shown(protocolText) +
                           "\": must be TCP, UDP or SCTP");
                ok = false;
                continue;
            }
            int first = 0, last = 0;
            if (field == "portNumber") {
                if (!readPortNumber(child(value, "port"), "portNumber.port", first)) {
                    ok = false;
                    continue;
                }
                port.port = first;
            } else {
                if (!readPortNumber(child(value, "start"), "portRange.start", first) ||
                    !readPortNumber(child(value, "end"), "portRange.end", last)) {
                    ok = false;
                    continue;
                }
                if (last <= first) {
                    report(Severity::Error, value,
                           "invalid port range " + std::to_string(first) + '-' +
                               std::to_string(last) + ": start must be less than end");
                    ok = false;
                    continue;
                }
                port.port = first;
                port.endPort = last;
            }
        }
        ports.push_back(std::move(port));
    }
    return ok;
}

bool ObjectReader::readClusterPeer(const YAML::Node &node, bool ingress, bool v1alpha2,
                                   ClusterPolicyPeer &peer)
{
    if (!node.IsMap()) {
        report(Severity::Error, node, "a peer must be a map");
        return false;
    }
    std::vector<const char *> allowed{"namespaces", "pods"};
    if (!ingress) {
        allowed.push_back("networks");
        allowed.push_back("nodes");
        if (v1alpha2)
            allowed.push_back("domainNames");
    }
    std::vector<std::string> set;
    for (const auto &entry : node) {
        visit();
        std::string key;
        if (!scalar(entry.first, "a peer field", key))
            return false;
        if (!present(entry.second))
            continue;
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char *a) { return key == a; }) ==
            allowed.end()) {
            report(Severity::Error, entry.first,
                   "a" + std::string(ingress ? "n ingress" : "n egress") + " peer cannot set \"" +
                       KubernetesNames::shown(key) + '"');
            return false;
        }
        set.push_back(key);
    }
    if (set.size() != 1) {
        std::string names;
        for (const char *f : allowed)
            names += (names.empty() ? "" : ", ") + std::string(f);
        report(Severity::Error, node,
               "a peer must set exactly one of " + names + " (it sets " + std::to_string(set.size()) + ')');
        return false;
    }
    const std::string &field = set.front();
    const YAML::Node value = child(node, field.c_str());
    if (field == "namespaces") {
        LabelSelector s;
        if (!readSelector(value, s))
            return false;
        peer.namespaces = s;
    } else if (field == "pods" || field == "nodes") {
        if (field == "nodes") {
            LabelSelector s;
            if (!readSelector(value, s))
                return false;
            peer.nodes = s;
            return true;
        }
        const YAML::Node ns = child(value, "namespaceSelector");
        const YAML::Node pods = child(value, "podSelector");
        // v1alpha2 makes namespaceSelector optional (empty: every namespace).
        // v1alpha2 requires podSelector; netpol-analyzer reads a v1alpha1 selector left out
        // as empty (every pod, every namespace), and so does netfence.
        if (!value.IsMap() || (v1alpha2 && !pods.IsDefined())) {
            report(Severity::Error, value, "pods needs a podSelector");
            return false;
        }
        LabelSelector a, b;
        if (!readSelector(ns, a) || !readSelector(pods, b))
            return false;
        peer.podNamespaces = a;
        peer.pods = b;
    } else {
        if (!value.IsSequence() || value.size() == 0 ||
            (field == "networks" && value.size() > kMaxNetworks)) {
            report(Severity::Error, value,
                   field + " must be a list of 1 to " +
                       std::to_string(field == "networks" ? kMaxNetworks : kMaxPeersV1alpha2) + " entries");
            return false;
        }
        std::vector<IPBlock> networks;
        std::vector<std::string> names;
        for (const YAML::Node &item : value) {
            visit();
            std::string text;
            if (!scalar(item, field == "networks" ? "a network" : "a domain name", text))
                return false;
            if (field == "networks") {
                IPBlock block;
                block.cidr = text;
                if (std::string err = block.parse(); !err.empty()) {
                    report(Severity::Error, item, "networks: " + err);
                    return false;
                }
                if (!v1alpha2 && block.cidrRange.family == IPFamily::V6)
                    report(Severity::Warning, item,
                           "IPv6 network " + text + ": v1alpha1 policies are read as netpol-analyzer reads them, "
                           "IPv4 only; this network cuts no external range (it still matches IPv6 pod addresses)");
                networks.push_back(std::move(block));
            } else {
                // A DNS name, optionally with one leading "*." wildcard label.
                const std::string bare = text.rfind("*.", 0) == 0 ? text.substr(2) : text;
                if (!KubernetesNames::checkDnsSubdomain(bare).empty() ||
                    bare.find('.') == std::string::npos) {
                    report(Severity::Error, item,
                           "invalid domain name \"" + KubernetesNames::shown(text) +
                               "\": a fully qualified DNS name (optionally starting with \"*.\")");
                    return false;
                }
                names.push_back(text);
            }
        }
        if (field == "networks")
            peer.networks = std::move(networks);
        else
            peer.domainNames = std::move(names);
    }
    return true;
}

bool ObjectReader::readClusterRule(const YAML::Node &node, bool ingress,
                                   const ClusterNetworkPolicy &policy, ClusterPolicyRule &rule)
{
    rule.location = at(node);
    const bool v1alpha2 = policy.kind == ClusterPolicyKind::ClusterNetworkPolicy;
    if (!node.IsMap()) {
        report(Severity::Error, node, "a rule must be a map");
        return false;
    }
    bool ok = true;
    const YAML::Node name = child(node, "name");
    if (present(name)) {
        if (!scalar(name, "rule name", rule.name))
            return false;
        if (rule.name.size() > kMaxRuleName) {
            report(Severity::Error, name,
                   "a rule name must be at most " + std::to_string(kMaxRuleName) + " characters");
            ok = false;
        }
    }
    const std::string ruleName = rule.name.empty() ? std::string("(unnamed)") : '"' + rule.name + '"';
    const YAML::Node action = child(node, "action");
    std::string actionText;
    if (!present(action)) {
        report(Severity::Error, node, "rule " + ruleName + " has no action (unrecognized action)");
        ok = false;
    } else if (scalar(action, "action", actionText)) {
        const bool baselineV1 = policy.kind == ClusterPolicyKind::BaselineAdminNetworkPolicy;
        if (actionText == (v1alpha2 ? "Accept" : "Allow"))
            rule.action = ClusterPolicyAction::Accept;
        else if (actionText == "Deny")
            rule.action = ClusterPolicyAction::Deny;
        else if (actionText == "Pass" && !baselineV1)
            rule.action = ClusterPolicyAction::Pass;
        else {
            report(Severity::Error, action,
                   "rule " + ruleName + ": unrecognized action \"" + KubernetesNames::shown(actionText) +
                       "\" (a " + clusterPolicyKindName(policy.kind) + " rule takes " +
                       (v1alpha2 ? "Accept, Deny or Pass" : baselineV1 ? "Allow or Deny" : "Allow, Deny or Pass") +
                       ')');
            ok = false;
        }
    } else {
        ok = false;
    }
    const char *peersKey = ingress ? "from" : "to";
    const YAML::Node peers = child(node, peersKey);
    const size_t maxPeers = v1alpha2 ? kMaxPeersV1alpha2 : kMaxPeersV1alpha1;
    if (!present(peers) || !peers.IsSequence() || peers.size() == 0 || peers.size() > maxPeers) {
        report(Severity::Error, present(peers) ? peers : node,
               "rule " + ruleName + ": " + peersKey + " must be a list of 1 to " +
                   std::to_string(maxPeers) + " peers");
        return false;
    }
    for (const YAML::Node &p : peers) {
        visit();
        ClusterPolicyPeer peer;
        if (readClusterPeer(p, ingress, v1alpha2, peer))
            rule.peers.push_back(std::move(peer));
        else
            ok = false;
    }
    const YAML::Node ports = child(node, v1alpha2 ? "protocols" : "ports");
    if (present(ports))
        ok = readClusterPorts(ports, v1alpha2, rule.ports) && ok;
    const bool addresses = std::any_of(rule.peers.begin(), rule.peers.end(), [](const ClusterPolicyPeer &p) {
        return p.networks || p.nodes || p.domainNames;
    });
    const auto named = std::find_if(rule.ports.begin(), rule.ports.end(),
                                    [](const ClusterPolicyPort &p) { return p.isNamed(); });
    if (addresses && named != rule.ports.end()) {
        report(Severity::Error, ports,
               "rule " + ruleName + ": the named port \"" + named->namedPort +
                   "\" cannot be used with a networks, nodes or domainNames peer (an address has no "
                   "named ports; the CRD refuses it)");
        ok = false;
    }
    return ok;
}

void ObjectReader::readClusterPolicy(const YAML::Node &object, ClusterPolicyKind kind)
{
    ClusterNetworkPolicy policy;
    policy.kind = kind;
    const char *kindName = clusterPolicyKindName(kind);
    std::string ignoredNamespace;
    if (!readMetadata(object, kindName, policy.name, ignoredNamespace, nullptr))
        return;
    mObjectName = std::string(kindName) + ' ' + policy.name; // cluster-scoped
    policy.location = at(object);
    const bool v1alpha2 = kind == ClusterPolicyKind::ClusterNetworkPolicy;
    const std::string expectedVersion =
        v1alpha2 ? "policy.networking.k8s.io/v1alpha2" : "policy.networking.k8s.io/v1alpha1";
    std::string apiVersion;
    const YAML::Node apiNode = child(object, "apiVersion");
    if (present(apiNode) && scalar(apiNode, "apiVersion", apiVersion) && apiVersion != expectedVersion)
        report(Severity::Warning, apiNode,
               "apiVersion \"" + KubernetesNames::shown(apiVersion) + "\" is not " + expectedVersion +
                   "; reading it as " + expectedVersion);
    const YAML::Node spec = child(object, "spec");
    if (!present(spec) || !spec.IsMap()) {
        report(Severity::Error, object, "spec is missing or not a map; the policy is ignored");
        return;
    }
    const size_t firstDiagnostic = mDiagnostics.size();
    bool ok = true;

    if (kind == ClusterPolicyKind::BaselineAdminNetworkPolicy) {
        policy.tier = PolicyTier::Baseline;
        if (policy.name != "default") {
            report(Severity::Error, child(object, "metadata"),
                   "a BaselineAdminNetworkPolicy must be named \"default\", not \"" +
                       KubernetesNames::shown(policy.name) + "\" (only one can exist)");
            ok = false;
        }
    } else {
        if (v1alpha2) {
            const YAML::Node tier = child(spec, "tier");
            std::string tierText;
            if (!present(tier)) {
                report(Severity::Error, spec, "spec.tier is required (Admin or Baseline)");
                ok = false;
            } else if (scalar(tier, "spec.tier", tierText)) {
                if (tierText == "Admin" || tierText == "Baseline") {
                    policy.tier = tierText == "Admin" ? PolicyTier::Admin : PolicyTier::Baseline;
                } else {
                    report(Severity::Error, tier,
                           "spec.tier \"" + KubernetesNames::shown(tierText) + "\" must be Admin or Baseline");
                    ok = false;
                }
            } else {
                ok = false;
            }
        }
        const YAML::Node priority = child(spec, "priority");
        if (!present(priority)) {
            report(Severity::Error, spec, "spec.priority is required (0-1000)");
            ok = false;
        } else if (!integer(priority, "spec.priority", policy.priority)) {
            ok = false;
        } else if (policy.priority < 0 || policy.priority > kMaxPriority) {
            report(Severity::Error, priority,
                   "invalid priority " + std::to_string(policy.priority) + " in " + kindName + " \"" +
                       policy.name + "\": the priority must be between 0 and 1000");
            ok = false;
        }
    }

    const YAML::Node subject = child(spec, "subject");
    const YAML::Node subjectNamespaces = child(subject, "namespaces");
    const YAML::Node subjectPods = child(subject, "pods");
    if (!present(subject) || !subject.IsMap() || present(subjectNamespaces) == present(subjectPods)) {
        report(Severity::Error, present(subject) ? subject : spec,
               "spec.subject must set exactly one of namespaces, pods");
        ok = false;
    } else if (present(subjectNamespaces)) {
        LabelSelector s;
        ok = readSelector(subjectNamespaces, s) && ok;
        policy.subject.namespaces = s;
    } else {
        const YAML::Node ns = child(subjectPods, "namespaceSelector");
        const YAML::Node pods = child(subjectPods, "podSelector");
        if (!subjectPods.IsMap() || (v1alpha2 && !pods.IsDefined())) {
            report(Severity::Error, subjectPods, "spec.subject.pods needs a podSelector");
            ok = false;
        } else {
            LabelSelector p;
            ok = readSelector(ns, policy.subject.podNamespaces) && ok;
            ok = readSelector(pods, p) && ok;
            policy.subject.pods = p;
        }
    }

    const size_t maxRules = v1alpha2 ? kMaxRulesV1alpha2 : kMaxRulesV1alpha1;
    for (const bool ingress : {true, false}) {
        const char *key = ingress ? "ingress" : "egress";
        const YAML::Node rules = child(spec, key);
        if (!present(rules))
            continue;
        if (!rules.IsSequence()) {
            report(Severity::Error, rules, std::string("spec.") + key + " must be a list");
            ok = false;
            continue;
        }
        if (rules.size() > maxRules) {
            report(Severity::Error, rules,
                   std::string("spec.") + key + " has " + std::to_string(rules.size()) +
                       " rules; the CRD allows at most " + std::to_string(maxRules));
            ok = false;
        }
        for (const YAML::Node &r : rules) {
            visit();
            ClusterPolicyRule rule;
            ok = readClusterRule(r, ingress, policy, rule) && ok;
            (ingress ? policy.ingress : policy.egress).push_back(std::move(rule));
        }
    }

    if (!ok) {
        for (size_t i = firstDiagnostic; i < mDiagnostics.size(); ++i)
            if (mDiagnostics[i].severity == Severity::Error) {
                mDiagnostics[i].message += "; the policy is ignored";
                break;
            }
        return;
    }
    mOut.clusterPolicies.push_back(std::move(policy));
}

} // namespace netfence::core
