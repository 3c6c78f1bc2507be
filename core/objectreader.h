#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"
#include "core/yamlreader.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace YAML {
class Node;
}

namespace netfence::core {

// A Pod or workload as read, before pods are folded into their owning workload.
struct EndpointObject
{
    Workload workload;     // for a pod: its own name, kind "Pod"
    std::string ownerName; // a pod's controller owner; empty when it has none
    std::string ownerKind;
};

// Everything read from the documents, in reading order, before cross-object checks.
struct ManifestObjects
{
    std::vector<Namespace> namespaces;
    std::vector<EndpointObject> endpoints; // pods and workloads, in reading order
    std::vector<Service> services;
    std::vector<NetworkPolicy> policies;
    std::vector<ClusterNetworkPolicy> clusterPolicies;
    std::vector<Node> nodes;
    std::vector<IngressOrRoute> ingresses;
    std::map<std::string, int> skippedKinds;
    int objects = 0;
};

// Reads Kubernetes objects from parsed YAML, checking them as the API server would.
// Every read goes through const nodes: yaml-cpp's non-const operator[] inserts keys.
class ObjectReader : private YamlReader
{
public:
    ObjectReader(std::string file, int lineOffset, ManifestObjects &out,
                 std::vector<Diagnostic> &diagnostics);

    // Reads one top-level document (an object or a List of objects).
    void readDocument(const YAML::Node &document);
    // Reads one item of a top-level List of kind `listKind` ("List", "PodList", ...) whose
    // items are parsed one at a time; the node budget and the all-or-nothing rule then hold
    // per item.
    void readListItem(const YAML::Node &item, const std::string &listKind);

    // Bounds reading one document: YAML aliases let a small text name exponentially many
    // nodes (an alias bomb), so a document that makes the reader visit more than
    // `nodeBudget` nodes is dropped with one error. Past `maxDiagnostics` entries in the
    // shared diagnostics list, further problems are only counted (droppedDiagnostics()).
    void setLimits(std::size_t nodeBudget, std::size_t maxDiagnostics);
    std::size_t droppedDiagnostics() const { return mDroppedDiagnostics; }
    std::size_t droppedErrors() const { return mDroppedErrors; }

private:
    // Runs `read` on `top` within the node budget; when it is spent, takes back what was read.
    template <typename Read> void readBounded(const YAML::Node &top, const char *what, Read read);
    void readObject(const YAML::Node &object, const std::string &kindIfMissing, int depth);
    void readNamespace(const YAML::Node &object);
    void readPod(const YAML::Node &object);
    void readWorkload(const YAML::Node &object, const std::string &kind);
    void readService(const YAML::Node &object);
    void readNetworkPolicy(const YAML::Node &object);
    // AdminNetworkPolicy, BaselineAdminNetworkPolicy (v1alpha1) and ClusterNetworkPolicy
    // (v1alpha2), checked as their CRDs do (clusterpolicyreading.cpp).
    void readClusterPolicy(const YAML::Node &object, ClusterPolicyKind kind);
    void readNode(const YAML::Node &object);
    bool readClusterRule(const YAML::Node &node, bool ingress, const ClusterNetworkPolicy &policy,
                         ClusterPolicyRule &rule);
    bool readClusterPeer(const YAML::Node &node, bool ingress, bool v1alpha2, ClusterPolicyPeer &peer);
    bool readClusterPorts(const YAML::Node &node, bool v1alpha2, std::vector<ClusterPolicyPort> &ports);
    bool readPortNumber(const YAML::Node &node, const char *what, int &out);
    // In objectreaderingress.cpp.
    void readIngress(const YAML::Node &object);
    void readRoute(const YAML::Node &object);

    bool readMetadata(const YAML::Node &object, const std::string &kind, std::string &name,
                      std::string &namespaceName, Labels *labels);
    void readPodSpec(const YAML::Node &spec, Workload &workload);
    // Reports an error when the workload's spec.selector is missing where required, invalid,
    // or does not select its own pod template, as the API server checks. False: not loaded.
    bool workloadSelectorMatches(const YAML::Node &object, const std::string &kind,
                                 const YAML::Node &spec, const Labels &templateLabels);
    bool readSelector(const YAML::Node &node, LabelSelector &selector);
    bool readRule(const YAML::Node &node, bool ingress, NetworkPolicyRule &rule,
                  bool &namedPortWithIPBlock);
    bool readPeer(const YAML::Node &node, NetworkPolicyPeer &peer);
    bool readPort(const YAML::Node &node, NetworkPolicyPort &port);
    // `valid` (when given) tells whether every key and value passed the API server's checks.
    Labels readLabels(const YAML::Node &node, const char *what, bool *valid = nullptr);
    void readLabelEntries(const YAML::Node &node, const char *what, Labels &labels);
    size_t errorCount() const { return mErrorsReported; } // dropped ones included

    // An int32 field as Kubernetes decodes it (YAML 1.1 numbers; a quoted number is refused).
    bool integer(const YAML::Node &node, const char *what, int &out);
    static bool isPlain(const YAML::Node &node);
    // False, with an error at the second key, when a map below `node` repeats a key (kubectl's
    // strict decoding refuses such an object; yaml-cpp would silently keep the first).
    bool uniqueKeys(const YAML::Node &node, int depth);
    // Counts nodes visited by a loop; throws when the document's budget is spent.
    void visit(std::size_t nodes = 1);

    // YamlReader's mObjectName is "Kind ns/name" of the object being read.
    ManifestObjects &mOut;
    std::unordered_set<int> mKeysChecked; // positions of the maps and lists uniqueKeys has seen
};

} // namespace netfence::core
