#pragma once

#include "core/cluster.h"
#include "core/diagnostic.h"
#include "core/endpoint.h"
#include "core/explanationwriter.h"
#include "core/manifestloader.h"

#include <optional>
#include <string>
#include <vector>

namespace netfence::core {

// The word `internet` in a lab stands for this public address (outside every private range).
inline constexpr const char *kInternetAddress = "8.8.8.8";
inline constexpr const char *kInternetWord = "internet";

// A manifest file that a lab names. Its text is read when the lab is loaded, so a lab from
// Qt resources needs no file access afterwards.
struct LabFile
{
    std::string path; // the lab's folder joined with the name written in the lab
    std::string text;
    SourceLocation location; // where the lab file names it
};

enum class Expectation
{
    Allow,
    Deny
};

// The typical mistakes a lab points out, each with a hint of its own (see MistakeDetector).
enum class MistakeKind
{
    IngressWithoutEgress,     // the receiver admits it, the sender's egress does not let it out
    EgressWithoutIngress,     // the reverse
    DnsBlocked,               // an egress-isolated pod can no longer reach a DNS server
    SelectorSelectsNothing,   // a selector that matches no pod or namespace (a typo?)
    SelectorInWrongNamespace, // matches nothing where it looks, but pods of another namespace
    IPBlockForPods,           // an ipBlock aimed at pod addresses instead of a selector
    OredPeers,     // a namespace-only and a pod-only peer (OR) where one peer with both was meant
    AndedPeers,    // one peer with both selectors (AND) where two peers were meant
    AnyNamespace   // namespaceSelector: {} where the lesson meant one namespace
};

// "ingress-without-egress", ... as a lab file names them.
const char *mistakeKindName(MistakeKind kind);
std::optional<MistakeKind> parseMistakeKind(const std::string &name);
const std::vector<MistakeKind> &allMistakeKinds();

// "TCP/80".
std::string probeText(const Probe &probe);
// "TCP/80, TCP/8080-8090": runs of consecutive ports of one protocol as ranges.
std::string probesText(const std::vector<Probe> &probes);

// One line of a step's goal: traffic from one endpoint to another must be allowed (denied).
struct LabRequirement
{
    Expectation expect = Expectation::Allow;
    std::string from; // "ns/name", "internet" or an IP address, as written
    std::string to;
    std::vector<Probe> probes; // never empty in a loaded lab
    bool everyProbe = false;   // written without ports: every probe of the step
    std::string keptFrom;      // the earlier step it comes from (keepOpen, keep), else empty
    std::string hint;          // the teacher's own words, shown when the requirement fails
    SourceLocation location;

    // "netpol-lab/client -> netpol-lab/frontend on TCP/80"
    std::string connectionText() const;
    // "must allow netpol-lab/client -> netpol-lab/frontend on TCP/80"
    std::string toString() const;
};

struct LabStep
{
    std::string id;
    std::string title;
    std::string goal;               // the goal in plain words
    std::string text;               // what to do and why
    std::string conceptText;        // the idea the step teaches ("concept" in the file)
    std::vector<std::string> hints; // revealed one at a time, on request
    std::vector<LabFile> adds;      // added to the cluster when the step starts
    std::vector<LabFile> solution;  // applies on top of the solutions of earlier steps
    std::vector<LabRequirement> requirements;
    // Every other pair and probe in scope must be denied ("... and nothing else").
    bool onlyThese = false;
    // onlyThese narrowed to connections from (to) these namespaces ("ns") or workloads
    // ("ns/name"); both empty: every pair with an end in `scope`.
    std::vector<std::string> onlyFrom;
    std::vector<std::string> onlyTo;
    // A step that is met as it starts, on purpose (look, then go on): lab verify does not
    // require it to fail first.
    bool observation = false;
    std::vector<Probe> probes;      // the probes of onlyThese and of port-less requirements
    std::vector<std::string> scope; // namespaces onlyThese watches; empty means all
    std::vector<MistakeKind> mistakes; // the detectors that run for this step
    SourceLocation location;
};

// A teaching lab: a starting cluster and a sequence of steps that build on each other.
struct Lab
{
    std::string id;
    std::string title;
    std::string description;
    std::string path; // the lab file
    std::vector<LabFile> cluster;
    std::vector<LabStep> steps;

    // The step named by a 1-based number or by its id.
    std::optional<size_t> findStep(const std::string &numberOrId) const;
    // Adds the lab's cluster, what steps 0..step add, then the reference solutions of the
    // first `solvedSteps` steps (0 for none); the caller may add the learner's files after.
    void addManifests(ManifestLoader &loader, size_t step, size_t solvedSteps) const;
    // The cluster as step `step` starts, when the steps before it were solved with the
    // reference solutions (solvedSteps = step), or with nothing (0). Each step's files (what it
    // adds, then its solution) are merged in with ClusterEdits::mergeLabStep, as the app does.
    LoadResult buildCluster(size_t step, size_t solvedSteps) const;
    // The step's reference solution as one multi-document YAML text.
    std::string solutionYaml(size_t step) const;
};

// "ns/name" (a workload), "internet" or an IP address, as an endpoint of the cluster.
std::optional<Endpoint> findLabEndpoint(const Cluster &cluster, const std::string &text);

} // namespace netfence::core
