#pragma once

#include "core/diagnostic.h"
#include "core/ipblock.h"
#include "core/labelselector.h"
#include "core/protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// One entry of a rule's `ports`: a protocol and a numeric port (with optional endPort),
// a named port, or no port at all (every port of the protocol).
struct NetworkPolicyPort
{
    std::optional<Protocol> protocol; // absent means TCP
    std::optional<int> port;
    std::string namedPort;
    std::optional<int> endPort;

    Protocol effectiveProtocol() const { return protocol.value_or(Protocol::TCP); }
    bool isNamed() const { return !namedPort.empty(); }
    // "TCP 80", "TCP 8000-8080", "UDP http", "SCTP (all ports)".
    std::string toString() const;

    friend bool operator==(const NetworkPolicyPort &, const NetworkPolicyPort &) = default;
};

// One element of `from`/`to`: selectors (ANDed when both are set) or an ipBlock.
struct NetworkPolicyPeer
{
    std::optional<LabelSelector> podSelector;
    std::optional<LabelSelector> namespaceSelector;
    std::optional<IPBlock> ipBlock;

    // "pods app=web in namespaces team=a", "ipBlock 10.0.0.0/8 except 10.1.0.0/16".
    std::string toString() const;

    friend bool operator==(const NetworkPolicyPeer &, const NetworkPolicyPeer &) = default;
};

// An ingress or egress rule; no peers means every peer, no ports means every port.
struct NetworkPolicyRule
{
    std::vector<NetworkPolicyPeer> peers;
    std::vector<NetworkPolicyPort> ports;
    SourceLocation location;

    friend bool operator==(const NetworkPolicyRule &a, const NetworkPolicyRule &b)
    {
        return a.peers == b.peers && a.ports == b.ports;
    }
};

enum class PolicyType
{
    Ingress,
    Egress
};

struct NetworkPolicy
{
    std::string name;
    std::string namespaceName;
    LabelSelector podSelector;
    // As written; empty means the API default (see affectsIngress/affectsEgress).
    std::vector<PolicyType> policyTypes;
    std::vector<NetworkPolicyRule> ingress;
    std::vector<NetworkPolicyRule> egress;
    SourceLocation location;

    // policyTypes, or by default Ingress, plus Egress when there are egress rules.
    bool affectsIngress() const;
    bool affectsEgress() const;
    std::string qualifiedName() const { return namespaceName + '/' + name; }

    friend bool operator==(const NetworkPolicy &a, const NetworkPolicy &b)
    {
        return a.name == b.name && a.namespaceName == b.namespaceName &&
               a.podSelector == b.podSelector && a.policyTypes == b.policyTypes &&
               a.ingress == b.ingress && a.egress == b.egress;
    }
};

const char *policyTypeName(PolicyType type);

} // namespace netfence::core
