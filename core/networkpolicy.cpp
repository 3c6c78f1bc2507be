#include "core/networkpolicy.h"

#include <algorithm>

namespace netfence::core {

const char *policyTypeName(PolicyType type)
{
    return type == PolicyType::Ingress ? "Ingress" : "Egress";
}

std::string NetworkPolicyPort::toString() const
{
    std::string out(protocolName(effectiveProtocol()));
    if (isNamed())
        return out + ' ' + namedPort;
    if (!port)
        return out + " (all ports)";
    out += ' ' + std::to_string(*port);
    if (endPort)
        out += '-' + std::to_string(*endPort);
    return out;
}

std::string NetworkPolicyPeer::toString() const
{
    if (ipBlock) {
        std::string out = "ipBlock " + ipBlock->cidr;
        if (!ipBlock->except.empty()) {
            out += " except";
            for (const std::string &e : ipBlock->except)
                out += ' ' + e;
        }
        return out;
    }
    std::string pods = podSelector ? (podSelector->isEmpty() ? "all pods"
                                                             : "pods " + podSelector->toString())
                                   : "all pods";
    if (!namespaceSelector)
        return pods + " in the policy's namespace";
    if (namespaceSelector->isEmpty())
        return pods + " in every namespace";
    return pods + " in namespaces " + namespaceSelector->toString();
}

bool NetworkPolicy::affectsIngress() const
{
    if (policyTypes.empty())
        return true;
    return std::find(policyTypes.begin(), policyTypes.end(), PolicyType::Ingress) !=
           policyTypes.end();
}

bool NetworkPolicy::affectsEgress() const
{
    if (policyTypes.empty())
        return !egress.empty();
    return std::find(policyTypes.begin(), policyTypes.end(), PolicyType::Egress) !=
           policyTypes.end();
}

} // namespace netfence::core
