#include "core/connectivityscript.h"

#include <algorithm>
#include <map>

namespace netfence::core::ConnectivityScript {

namespace {

// Single-quoted for sh: nothing inside is special except the quote itself. Every value that
// comes from an input goes through here, whatever the loader let through (names are hostile).
std::string quote(const std::string &text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + '\'';
}

// kubectl's resource name for exec, or "" when the kind has no pod to exec into.
std::string execResource(const Workload &w)
{
    static const std::map<std::string, std::string> resources{
        {"Pod", "pod"},
        {"Deployment", "deploy"},
        {"StatefulSet", "statefulset"},
        {"DaemonSet", "daemonset"},
        {"ReplicaSet", "replicaset"},
        {"ReplicationController", "rc"},
        {"Job", "job"}};
    const auto it = resources.find(w.kind);
    return it == resources.end() ? std::string() : it->second + '/' + w.name;
}

// The Service port that lands on the pod's `probe` port, when a Service selects the workload.
struct ServiceTarget
{
    const Service *service = nullptr;
    int port = 0;
};

ServiceTarget serviceFor(const Cluster &cluster, const Workload &w, const Probe &probe)
{
    for (const Service &s : cluster.services) {
        if (s.namespaceName != w.namespaceName || s.selector.empty())
            continue;
        const bool selects = std::all_of(s.selector.begin(), s.selector.end(), [&](const auto &kv) {
            const auto it = w.labels.find(kv.first);
            return it != w.labels.end() && it->second == kv.second;
        });
        if (!selects)
            continue;
        for (const ServicePort &p : s.ports) {
            if (p.protocol != probe.protocol)
                continue;
            int target = p.port;
            if (!p.targetPort.empty()) {
                const bool numeric = std::all_of(p.targetPort.begin(), p.targetPort.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; });
                target = -1;
                if (numeric && p.targetPort.size() <= 5)
                    target = std::stoi(p.targetPort);
                else
                    for (const ContainerPort &c : w.ports)
                        if (c.name == p.targetPort && c.protocol == p.protocol)
                            target = c.port;
            }
            if (target == probe.port)
                return {&s, p.port};
        }
    }
    return {};
}

// For comment lines, where a newline would end the comment.
std::string oneLine(std::string text)
{
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

std::string checkText(const ConnectivityCheck &c)
{
    return oneLine(c.from + " -> " + c.to + " on " + probeText(c.probe));
}

const char *kPrologue = R"(set -u

passed=0
failed=0

# check EXPECTED DESCRIPTION COMMAND...: runs the command, compares its outcome.
check() {
    expected=$1
    what=$2
    shift 2
    if "$@" >/dev/null 2>&1; then got=allowed; else got=denied; fi
    if [ "$got" = "$expected" ]; then
        passed=$((passed + 1))
        printf 'PASS  %s: %s\n' "$what" "$got"
    else
        failed=$((failed + 1))
        printf 'FAIL  %s: expected %s, got %s\n' "$what" "$expected" "$got"
    fi
}

# Services are reached by their ClusterIP, looked up here with kubectl, not by their DNS name:
# while a step blocks DNS, a name would not resolve and hide what the rule under test does.
# Set NETFENCE_BY_NAME=1 to connect by name (<service>.<namespace>.svc.cluster.local).
service_address() { # NAMESPACE SERVICE DNS-NAME
    if [ "${NETFENCE_BY_NAME:-0}" = 1 ]; then echo "$3"; return; fi
    ip=$(kubectl get --namespace="$1" "service/$2" -o jsonpath='{.spec.clusterIP}' 2>/dev/null)
    if [ "$ip" = None ]; then echo "$3"; else echo "$ip"; fi
}

# pod_address NAMESPACE POD, or pod_address NAMESPACE -l SELECTOR: a pod's IP address.
# Names always travel as --flag=VALUE or KIND/NAME, so none can be taken for an option.
pod_address() {
    if [ "$2" = -l ]; then
        kubectl get pod --namespace="$1" --selector="$3" -o jsonpath='{.items[0].status.podIP}' 2>/dev/null
    else
        kubectl get --namespace="$1" "pod/$2" -o jsonpath='{.status.podIP}' 2>/dev/null
    fi
}

# Problems found before any check runs: a missing pod or nc would make every check fail,
# and so turn each expected "denied" into a false PASS.
missing=0
problem() {
    printf 'netfence: %s\n' "$1" >&2
    missing=1
}
need() { # VALUE WHAT
    if [ -z "$1" ]; then problem "$2 not found on the cluster; apply the lab's manifests first"; fi
}
source_ready() { # NAMESPACE RESOURCE WHAT
    if ! kubectl get --namespace="$1" "$2" >/dev/null 2>&1; then
        problem "$3 not found on the cluster; apply the lab's manifests first"
    elif ! kubectl exec --namespace="$1" "$2" -- sh -c 'command -v nc' >/dev/null 2>&1; then
        problem "$3 has no nc (netcat) to run the checks with"
    fi
}

# Stands for the internet; any public address that answers on the probed ports will do.
INTERNET=${INTERNET:-)";

} // namespace

std::vector<ConnectivityCheck> goalChecks(const LabStep &step)
{
    std::vector<ConnectivityCheck> out;
    for (const LabRequirement &r : step.requirements)
        for (const Probe &p : r.probes)
            out.push_back({r.from, r.to, p, r.expect == Expectation::Allow});
    return out;
}

std::vector<ConnectivityCheck> matrixChecks(const Evaluator &evaluator, const std::vector<Probe> &probes,
                                            const std::vector<std::string> &scope)
{
    const Cluster &cluster = evaluator.cluster();
    std::vector<size_t> order(cluster.workloads.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return cluster.workloads[a].qualifiedName() < cluster.workloads[b].qualifiedName();
    });
    auto inScope = [&](size_t w) {
        return scope.empty() ||
               std::find(scope.begin(), scope.end(), cluster.workloads[w].namespaceName) != scope.end();
    };
    std::vector<ConnectivityCheck> out;
    const Endpoint internet = *findLabEndpoint(cluster, kInternetWord);
    for (size_t src : order) {
        std::vector<std::pair<std::string, Endpoint>> targets;
        for (size_t dst : order)
            if (dst != src && (inScope(src) || inScope(dst)))
                targets.push_back({cluster.workloads[dst].qualifiedName(), Endpoint::ofWorkload(dst)});
        if (inScope(src))
            targets.push_back({kInternetWord, internet});
        for (const auto &[name, dst] : targets) {
            const ConnectionSet allowed = evaluator.allowed(Endpoint::ofWorkload(src), dst);
            for (const Probe &p : probes)
                out.push_back({cluster.workloads[src].qualifiedName(), name, p,
                               allowed.allows(p.protocol, p.port)});
        }
    }
    return out;
}

std::string write(const Cluster &cluster, const std::vector<ConnectivityCheck> &checks,
                  const std::string &title)
{
    std::string lookups;  // address variables and the preflight
    std::string body;     // the checks
    std::string skipped;  // what cannot run from inside the cluster
    std::map<std::string, std::string> variables; // lookup command -> variable
    std::map<std::string, bool> sources;
    size_t runnable = 0;

    auto variable = [&](const std::string &command, const std::string &what) {
        auto it = variables.find(command);
        if (it != variables.end())
            return it->second;
        const std::string name = "addr_" + std::to_string(variables.size() + 1);
        variables[command] = name;
        lookups += name + "=$(" + command + ")\n";
        lookups += "need \"$" + name + "\" " + quote(what) + '\n';
        return name;
    };

    for (const ConnectivityCheck &c : checks) {
        const std::string what = checkText(c);
        const std::string expected = c.expectAllowed ? "allowed" : "denied";
        const auto src = findLabEndpoint(cluster, c.from);
        const auto dst = findLabEndpoint(cluster, c.to);
        if (!src || !dst) {
            skipped += "#   " + what + " (" + expected + "): " + oneLine(src ? c.to : c.from) +
                       " is not in the cluster\n";
            continue;
        }
        if (!src->isWorkload()) {
            skipped += "#   " + what + " (" + expected +
                       "): traffic from outside the cluster cannot be started with kubectl exec\n";
            continue;
        }
        const Workload &from = cluster.workloads[src->workload];
        const std::string resource = execResource(from);
        if (resource.empty()) {
            skipped += "#   " + what + " (" + expected + "): a " + from.kind +
                       " has no running pod to exec into\n";
            continue;
        }
        if (!sources.count(from.qualifiedName())) {
            sources[from.qualifiedName()] = true;
            lookups += "source_ready " + quote(from.namespaceName) + ' ' + quote(resource) + ' ' +
                       quote(from.kind + ' ' + from.qualifiedName()) + '\n';
        }
        std::string host;
        int port = c.probe.port;
        std::string via;
        if (dst->isExternal()) {
            host = c.to == kInternetWord ? "\"$INTERNET\"" : quote(c.to);
        } else {
            const Workload &to = cluster.workloads[dst->workload];
            const ServiceTarget target = serviceFor(cluster, to, c.probe);
            if (target.service) {
                const std::string dns =
                    target.service->name + '.' + target.service->namespaceName + ".svc.cluster.local";
                host = "\"$" +
                       variable("service_address " + quote(to.namespaceName) + ' ' +
                                    quote(target.service->name) + ' ' + quote(dns),
                                "Service " + to.namespaceName + '/' + target.service->name) +
                       '"';
                port = target.port;
                via = " (Service " + dns + ':' + std::to_string(port) + ')';
            } else {
                std::string command = "pod_address " + quote(to.namespaceName) + ' ';
                if (to.kind == "Pod") {
                    command += quote(to.name);
                } else {
                    std::string selector;
                    for (const auto &[k, v] : to.labels)
                        selector += (selector.empty() ? "" : ",") + k + '=' + v;
                    command += "-l " + quote(selector);
                }
                host = "\"$" + variable(command, "a pod of " + to.kind + ' ' + to.qualifiedName()) + '"';
            }
        }
        const bool udp = c.probe.protocol == Protocol::UDP;
        if (c.probe.protocol == Protocol::SCTP) {
            skipped += "#   " + what + " (" + expected + "): nc cannot test SCTP\n";
            continue;
        }
        body += "check " + expected + ' ' + quote(what + via) + " \\\n    kubectl exec --namespace=" +
                quote(from.namespaceName) + ' ' + quote(resource) + " -- nc -z " + (udp ? "-u " : "") +
                "-w 2 " +
                host + ' ' + std::to_string(port) + '\n';
        ++runnable;
    }

    std::string out = "#!/bin/sh\n";
    out += "# " + oneLine(title) + '\n';
    out += "# Generated by netfence: " + std::to_string(runnable) +
           " connectivity checks, each run inside the source pod with kubectl exec and nc.\n"
           "# Run it with kubectl pointed at a cluster where the lab's manifests and your\n"
           "# policies are applied, and where the network plugin enforces NetworkPolicies.\n"
           "# The source pods' images need nc (netcat with -z).\n"
           "# UDP checks are only indicative: UDP has no handshake, so nc -u reports success\n"
           "# unless an error comes back, and a dropped packet can look like a silent server.\n";
    out += kPrologue;
    out += std::string(kInternetAddress) + "}\n\n";
    out += lookups;
    out += "if [ \"$missing\" -ne 0 ]; then exit 2; fi\n\n";
    out += body;
    if (!skipped.empty())
        out += "\n# Skipped:\n" + skipped;
    out += "\necho \"$passed passed, $failed failed\"\n";
    out += "if [ \"$failed\" -ne 0 ]; then exit 1; fi\n";
    return out;
}

} // namespace netfence::core::ConnectivityScript
