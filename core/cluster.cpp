#include "core/cluster.h"

namespace netfence::core {

const Namespace *Cluster::findNamespace(const std::string &name) const
{
    for (const Namespace &ns : namespaces)
        if (ns.name == name)
            return &ns;
    return nullptr;
}

Namespace &Cluster::ensureNamespace(const std::string &name)
{
    for (Namespace &ns : namespaces)
        if (ns.name == name)
            return ns;
    Namespace ns;
    ns.name = name;
    ns.labels[kNamespaceNameLabel] = name;
    namespaces.push_back(std::move(ns));
    return namespaces.back();
}

Labels Cluster::namespaceLabels(const std::string &name) const
{
    if (const Namespace *ns = findNamespace(name))
        return ns->labels;
    return Labels{{kNamespaceNameLabel, name}};
}

int Cluster::findWorkload(const std::string &qualifiedName) const
{
    for (size_t i = 0; i < workloads.size(); ++i)
        if (workloads[i].qualifiedName() == qualifiedName)
            return static_cast<int>(i);
    return -1;
}

} // namespace netfence::core
