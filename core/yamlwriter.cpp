#include "core/yamlwriter.h"

#include <cctype>
#include <cstdio>
#include <set>

namespace netfence::core::YamlWriter {

namespace {

bool looksSpecial(const std::string &s)
{
    static const std::set<std::string> words{
        "y",     "Y",     "yes",   "Yes",  "YES",  "n",    "N",    "no",    "No",    "NO",
        "true",  "True",  "TRUE",  "false", "False", "FALSE", "on",   "On",    "ON",    "off",
        "Off",   "OFF",   "null",  "Null", "NULL", "~",    "<<",   ".inf",  ".nan"};
    return words.count(s) > 0;
}

// Decodes one UTF-8 sequence at `i`; returns the code point and advances `i`, or -1 (and one
// byte) when the bytes are not UTF-8.
long nextCodePoint(const std::string &text, size_t &i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (length == 0 || i + static_cast<size_t>(length) > text.size()) {
        ++i;
        return -1;
    }
    long cp = length == 1 ? c : length == 2 ? (c & 0x1f) : length == 3 ? (c & 0x0f) : (c & 0x07);
    for (int k = 1; k < length; ++k) {
        const unsigned char next = byte(i + static_cast<size_t>(k));
        if ((next & 0xc0) != 0x80) {
            ++i;
            return -1;
        }
        cp = (cp << 6) | (next & 0x3f);
    }
    static const long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        ++i;
        return -1;
    }
    i += static_cast<size_t>(length);
    return cp;
}

// A YAML double-quoted scalar holding exactly `text`: every character YAML 1.2 does not allow
// raw (C0 and C1 controls, DEL, the Unicode line separators, a BOM, non-characters) is escaped,
// so that strict readers (PyYAML, kubectl) take the file. Bytes that are not UTF-8 cannot be
// written in YAML at all and become U+FFFD.
std::string doubleQuoted(const std::string &text)
{
    std::string out = "\"";
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const long cp = nextCodePoint(text, i);
        char buf[12];
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp == -1 || cp == 0xfffe || cp == 0xffff) {
            out += "\\uFFFD";
        } else if (cp < 0x20 || cp == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
            out += buf;
        } else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) {
            // \u rather than \N, \L, \P: yaml-cpp 0.7 decodes \N to a byte that is not UTF-8.
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(text, start, i - start);
        }
    }
    return out + '"';
}

class Out
{
public:
    void line(int indent, const std::string &text)
    {
        mText.append(static_cast<size_t>(indent) * 2, ' ');
        mText += text;
        mText += '\n';
    }
    std::string mText;
};

void labels(Out &o, int indent, const std::string &key, const Labels &l)
{
    if (l.empty()) {
        o.line(indent, key + ": {}");
        return;
    }
    o.line(indent, key + ":");
    for (const auto &[k, v] : l)
        o.line(indent + 1, scalar(k) + ": " + scalar(v));
}

void selector(Out &o, int indent, const std::string &key, const LabelSelector &s)
{
    if (s.isEmpty()) {
        o.line(indent, key + ": {}");
        return;
    }
    o.line(indent, key + ":");
    if (!s.matchLabels.empty())
        labels(o, indent + 1, "matchLabels", s.matchLabels);
    if (!s.matchExpressions.empty()) {
        o.line(indent + 1, "matchExpressions:");
        for (const LabelSelectorRequirement &r : s.matchExpressions) {
            o.line(indent + 1, "- key: " + scalar(r.key));
            o.line(indent + 2, std::string("operator: ") + selectorOperatorName(r.op));
            if (!r.values.empty()) {
                o.line(indent + 2, "values:");
                for (const std::string &v : r.values)
                    o.line(indent + 2, "- " + scalar(v));
            }
        }
    }
}

// Writes a map that is a list item: its first line carries the "- ".
class ItemWriter
{
public:
    ItemWriter(Out &o, int indent) : mOut(o), mIndent(indent) {}
    void line(const std::string &text)
    {
        mOut.line(mIndent, (mFirst ? "- " : "  ") + text);
        mFirst = false;
    }
    // Appends lines written at indent keyIndent(), the first one becoming the item's "- ".
    void block(const Out &b)
    {
        std::string text = b.mText;
        if (mFirst && !text.empty())
            text.replace(static_cast<size_t>(mIndent) * 2, 2, "- ");
        mOut.mText += text;
        mFirst = false;
    }
    int keyIndent() const { return mIndent + 1; }
    int nested() const { return mIndent + 2; }
    bool empty() const { return mFirst; }

private:
    Out &mOut;
    int mIndent;
    bool mFirst = true;
};

void peer(Out &o, int indent, const NetworkPolicyPeer &p)
{
    ItemWriter item(o, indent);
    if (p.ipBlock) {
        item.line("ipBlock:");
        o.line(item.nested(), "cidr: " + scalar(p.ipBlock->cidr));
        if (!p.ipBlock->except.empty()) {
            o.line(item.nested(), "except:");
            for (const std::string &e : p.ipBlock->except)
                o.line(item.nested(), "- " + scalar(e));
        }
    }
    for (const auto &[key, sel] : {std::pair{"namespaceSelector", &p.namespaceSelector},
                                   std::pair{"podSelector", &p.podSelector}}) {
        if (!*sel)
            continue;
        Out b;
        selector(b, item.keyIndent(), key, **sel);
        item.block(b);
    }
    if (item.empty())
        o.line(indent, "- {}");
}

void port(Out &o, int indent, const NetworkPolicyPort &p)
{
    ItemWriter item(o, indent);
    if (p.protocol)
        item.line(std::string("protocol: ") + std::string(protocolName(*p.protocol)));
    if (p.isNamed())
        item.line("port: " + scalar(p.namedPort));
    else if (p.port)
        item.line("port: " + std::to_string(*p.port));
    if (p.endPort)
        item.line("endPort: " + std::to_string(*p.endPort));
    if (item.empty())
        o.line(indent, "- {}");
}

void rules(Out &o, const char *key, const char *peersKey, const std::vector<NetworkPolicyRule> &rs)
{
    if (rs.empty()) {
        o.line(1, std::string(key) + ": []");
        return;
    }
    o.line(1, std::string(key) + ":");
    for (const NetworkPolicyRule &r : rs) {
        ItemWriter item(o, 1);
        if (!r.peers.empty()) {
            item.line(std::string(peersKey) + ":");
            for (const NetworkPolicyPeer &p : r.peers)
                peer(o, 2, p);
        }
        if (!r.ports.empty()) {
            item.line("ports:");
            for (const NetworkPolicyPort &p : r.ports)
                port(o, 2, p);
        }
        if (item.empty())
            o.line(1, "- {}");
    }
}

} // namespace

std::string scalar(const std::string &text)
{
    bool plain = !text.empty() && !looksSpecial(text);
    if (plain) {
        // Could a YAML 1.1 reader take it for a number (int, float, hex, octal, 1:30)?
        const char c0 = text.front();
        const bool numberStart = (c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+' || c0 == '.';
        if (numberStart &&
            text.find_first_not_of("0123456789._+-eExXabcdefABCDEFoO:") == std::string::npos)
            plain = false;
        if (c0 == '-' || c0 == '.')
            plain = false; // a sequence entry or a document marker
        for (char c : text)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == '/'))
                plain = false;
    }
    if (plain)
        return text;
    return doubleQuoted(text);
}

std::string policy(const NetworkPolicy &p)
{
    Out o;
    o.line(0, "apiVersion: networking.k8s.io/v1");
    o.line(0, "kind: NetworkPolicy");
    o.line(0, "metadata:");
    o.line(1, "name: " + scalar(p.name));
    o.line(1, "namespace: " + scalar(p.namespaceName));
    o.line(0, "spec:");
    selector(o, 1, "podSelector", p.podSelector);
    if (!p.policyTypes.empty()) {
        o.line(1, "policyTypes:");
        for (PolicyType t : p.policyTypes)
            o.line(1, std::string("- ") + policyTypeName(t));
    }
    // An empty list only matters when the type is listed; otherwise leave it out.
    if (!p.ingress.empty() || p.affectsIngress())
        rules(o, "ingress", "from", p.ingress);
    if (!p.egress.empty() || (p.affectsEgress() && !p.policyTypes.empty()))
        rules(o, "egress", "to", p.egress);
    return o.mText;
}

std::string policies(const std::vector<NetworkPolicy> &ps)
{
    std::string out;
    for (const NetworkPolicy &p : ps)
        out += "---\n" + policy(p);
    return out;
}

std::string namespaceObject(const Namespace &ns)
{
    Out o;
    o.line(0, "apiVersion: v1");
    o.line(0, "kind: Namespace");
    o.line(0, "metadata:");
    o.line(1, "name: " + scalar(ns.name));
    Labels l = ns.labels;
    l.erase(kNamespaceNameLabel); // the API server adds it
    if (!l.empty())
        labels(o, 1, "labels", l);
    return o.mText;
}

std::string workload(const Workload &w)
{
    Out o;
    const bool isPod = w.kind == "Pod";
    auto containers = [&](int indent) {
        o.line(indent, "containers:");
        o.line(indent, "- name: main");
        o.line(indent + 1, "image: registry.k8s.io/pause:3.9");
        if (w.ports.empty())
            return;
        o.line(indent + 1, "ports:");
        for (const ContainerPort &p : w.ports) {
            ItemWriter item(o, indent + 1);
            if (!p.name.empty())
                item.line("name: " + scalar(p.name));
            item.line("containerPort: " + std::to_string(p.port));
            item.line(std::string("protocol: ") + std::string(protocolName(p.protocol)));
        }
    };
    o.line(0, isPod ? "apiVersion: v1" : "apiVersion: apps/v1");
    o.line(0, isPod ? "kind: Pod" : "kind: Deployment");
    o.line(0, "metadata:");
    o.line(1, "name: " + scalar(w.name));
    o.line(1, "namespace: " + scalar(w.namespaceName));
    if (isPod) {
        labels(o, 1, "labels", w.labels);
        o.line(0, "spec:");
        containers(1);
        // ipBlocks can match pods by IP: a saved design keeps them (the API server ignores
        // status when a pod is created).
        if (!w.ips.empty()) {
            o.line(0, "status:");
            o.line(1, "podIP: " + scalar(w.ips.front().toString()));
            o.line(1, "podIPs:");
            for (const IPAddress &ip : w.ips)
                o.line(1, "- ip: " + scalar(ip.toString()));
        }
        return o.mText;
    }
    o.line(0, "spec:");
    o.line(1, "replicas: " + std::to_string(w.replicas.value_or(1)));
    o.line(1, "selector:");
    labels(o, 2, "matchLabels", w.labels);
    o.line(1, "template:");
    o.line(2, "metadata:");
    labels(o, 3, "labels", w.labels);
    o.line(2, "spec:");
    containers(3);
    return o.mText;
}

namespace {

void clusterPeer(Out &o, int indent, const ClusterPolicyPeer &p)
{
    ItemWriter item(o, indent);
    if (p.namespaces) {
        Out b;
        selector(b, item.keyIndent(), "namespaces", *p.namespaces);
        item.block(b);
    } else if (p.pods) {
        item.line("pods:");
        selector(o, item.nested(), "namespaceSelector", p.podNamespaces ? *p.podNamespaces : LabelSelector{});
        selector(o, item.nested(), "podSelector", *p.pods);
    } else if (p.networks) {
        item.line("networks:");
        for (const IPBlock &b : *p.networks)
            o.line(item.nested(), "- " + scalar(b.cidr));
    } else if (p.nodes) {
        Out b;
        selector(b, item.keyIndent(), "nodes", *p.nodes);
        item.block(b);
    } else if (p.domainNames) {
        item.line("domainNames:");
        for (const std::string &d : *p.domainNames)
            o.line(item.nested(), "- " + scalar(d));
    }
    if (item.empty())
        o.line(indent, "- {}");
}

void clusterPort(Out &o, int indent, const ClusterPolicyPort &p, bool v1alpha2)
{
    const std::string proto = p.protocol ? std::string(protocolName(*p.protocol)) : std::string("TCP");
    // A whole protocol has no form of its own in either version: the range 1-65535.
    const int first = p.port.value_or(kMinPort);
    const int last = p.port ? p.endPort.value_or(*p.port) : kMaxPort;
    if (v1alpha2) {
        if (p.isNamed()) {
            o.line(indent, "- destinationNamedPort: " + scalar(p.namedPort));
            return;
        }
        std::string lower = proto;
        for (char &c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        o.line(indent, "- " + lower + ":");
        o.line(indent + 2, "destinationPort:");
        if (first == last)
            o.line(indent + 3, "number: " + std::to_string(first));
        else
            o.line(indent + 3, "range: {start: " + std::to_string(first) + ", end: " + std::to_string(last) + '}');
        return;
    }
    if (p.isNamed())
        o.line(indent, "- namedPort: " + scalar(p.namedPort));
    else if (first == last)
        o.line(indent, "- portNumber: {protocol: " + proto + ", port: " + std::to_string(first) + '}');
    else
        o.line(indent, "- portRange: {protocol: " + proto + ", start: " + std::to_string(first) +
                           ", end: " + std::to_string(last) + '}');
}

void clusterRules(Out &o, const char *key, bool ingress, const ClusterNetworkPolicy &p)
{
    const std::vector<ClusterPolicyRule> &rs = ingress ? p.ingress : p.egress;
    if (rs.empty())
        return;
    const bool v1alpha2 = p.kind == ClusterPolicyKind::ClusterNetworkPolicy;
    o.line(1, std::string(key) + ":");
    for (const ClusterPolicyRule &r : rs) {
        ItemWriter item(o, 1);
        if (!r.name.empty())
            item.line("name: " + scalar(r.name));
        item.line(std::string("action: ") + actionName(r.action, p.kind));
        item.line(ingress ? "from:" : "to:");
        for (const ClusterPolicyPeer &peer : r.peers)
            clusterPeer(o, item.keyIndent(), peer);
        if (!r.ports.empty()) {
            item.line(v1alpha2 ? "protocols:" : "ports:");
            for (const ClusterPolicyPort &port : r.ports)
                clusterPort(o, item.keyIndent(), port, v1alpha2);
        }
    }
}

} // namespace

std::string clusterPolicy(const ClusterNetworkPolicy &p)
{
    Out o;
    const bool v1alpha2 = p.kind == ClusterPolicyKind::ClusterNetworkPolicy;
    o.line(0, v1alpha2 ? "apiVersion: policy.networking.k8s.io/v1alpha2" : "apiVersion: policy.networking.k8s.io/v1alpha1");
    o.line(0, std::string("kind: ") + clusterPolicyKindName(p.kind));
    o.line(0, "metadata:");
    o.line(1, "name: " + scalar(p.name));
    o.line(0, "spec:");
    if (v1alpha2)
        o.line(1, std::string("tier: ") + tierName(p.tier));
    if (p.kind != ClusterPolicyKind::BaselineAdminNetworkPolicy)
        o.line(1, "priority: " + std::to_string(p.priority));
    o.line(1, "subject:");
    if (p.subject.namespaces) {
        selector(o, 2, "namespaces", *p.subject.namespaces);
    } else {
        o.line(2, "pods:");
        selector(o, 3, "namespaceSelector", p.subject.podNamespaces);
        selector(o, 3, "podSelector", p.subject.pods ? *p.subject.pods : LabelSelector{});
    }
    clusterRules(o, "ingress", true, p);
    clusterRules(o, "egress", false, p);
    return o.mText;
}

std::string node(const Node &n)
{
    Out o;
    o.line(0, "apiVersion: v1");
    o.line(0, "kind: Node");
    o.line(0, "metadata:");
    o.line(1, "name: " + scalar(n.name));
    labels(o, 1, "labels", n.labels);
    if (!n.addresses.empty()) {
        o.line(0, "status:");
        o.line(1, "addresses:");
        for (const IPAddress &a : n.addresses) {
            o.line(1, "- type: InternalIP");
            o.line(1, "  address: " + scalar(a.toString()));
        }
    }
    return o.mText;
}

std::string design(const Cluster &cluster)
{
    std::string text;
    for (const Namespace &ns : cluster.namespaces)
        text += "---\n" + namespaceObject(ns);
    for (const Node &n : cluster.nodes)
        text += "---\n" + node(n);
    for (const Workload &w : cluster.workloads)
        text += "---\n" + workload(w);
    text += policies(cluster.policies);
    for (const ClusterNetworkPolicy &p : cluster.clusterPolicies)
        text += "---\n" + clusterPolicy(p);
    return text;
}

} // namespace netfence::core::YamlWriter
