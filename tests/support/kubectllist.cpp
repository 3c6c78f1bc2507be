#include "support/kubectllist.h"

#include <string>

namespace netfence::test {

namespace {

constexpr int kPodsPerNamespace = 60;
constexpr int kPodsPerOwner = 3;

// Counts what goes through, so the caller learns the size without seeking.
class Counter
{
public:
    explicit Counter(std::ostream &out) : mOut(out) {}
    Counter &operator<<(const std::string &s)
    {
        mOut.write(s.data(), static_cast<std::streamsize>(s.size()));
        mBytes += s.size();
        return *this;
    }
    std::uint64_t bytes() const { return mBytes; }

private:
    std::ostream &mOut;
    std::uint64_t mBytes = 0;
};

std::string hex(std::uint64_t v, int digits)
{
    static const char kDigits[] = "0123456789abcdef";
    std::string s(static_cast<size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4)
        s[static_cast<size_t>(i)] = kDigits[v & 15];
    return s;
}

std::string uid(std::uint64_t n)
{
    return hex(n * 2654435761u, 8) + '-' + hex(n, 4) + "-4" + hex(n >> 4, 3) + "-8" +
           hex(n >> 8, 3) + '-' + hex(n * 40503u, 12);
}

std::string ns(int n)
{
    return "team-" + std::to_string(n);
}

void namespaceItem(Counter &out, int n)
{
    const std::string name = ns(n);
    out << "- apiVersion: v1\n  kind: Namespace\n  metadata:\n"
           "    creationTimestamp: \"2026-11-30T10:00:00Z\"\n    labels:\n"
           "      kubernetes.io/metadata.name: " +
               name + "\n      team: t" + std::to_string(n % 7) + "\n    name: " + name +
               "\n    resourceVersion: \"" + std::to_string(1000 + n) +
               "\"\n    uid: " + uid(static_cast<std::uint64_t>(n)) +
               "\n  spec:\n    finalizers:\n    - kubernetes\n  status:\n    phase: Active\n";
}

void podItem(Counter &out, int n, int p)
{
    const int owner = p / kPodsPerOwner;
    const std::string app = "app-" + std::to_string(owner);
    const std::string hash = hex(static_cast<std::uint64_t>(n * 7919 + owner), 10);
    const std::string rs = app + '-' + hash;
    const std::string name = rs + '-' + hex(static_cast<std::uint64_t>(p * 31 + n), 5);
    const std::uint64_t id = static_cast<std::uint64_t>(n) * 100000 + static_cast<std::uint64_t>(p);
    const std::string ip = "10." + std::to_string(n / 256 % 256) + '.' + std::to_string(n % 256) +
                           '.' + std::to_string(p + 2);
    const std::string port = std::to_string(8080 + owner % 4);
    out << "- apiVersion: v1\n  kind: Pod\n  metadata:\n    annotations:\n"
           "      kubectl.kubernetes.io/restartedAt: \"2026-11-30T10:00:00Z\"\n"
           "      prometheus.io/scrape: \"true\"\n"
           "    creationTimestamp: \"2026-11-30T10:00:00Z\"\n"
           "    generateName: " +
               rs + "-\n    labels:\n      app: " + app + "\n      pod-template-hash: " + hash +
               "\n      tier: " + (owner % 2 ? "web" : "db") + "\n    name: " + name +
               "\n    namespace: " + ns(n) +
               "\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n"
               "      controller: true\n      kind: ReplicaSet\n      name: " +
               rs + "\n      uid: " + uid(id * 3) + "\n    resourceVersion: \"" +
               std::to_string(id) + "\"\n    uid: " + uid(id) +
               "\n  spec:\n    containers:\n    - args:\n      - --port=" + port +
               "\n      - --log-level=info\n      env:\n      - name: POD_NAME\n        "
               "valueFrom:\n"
               "          fieldRef:\n            apiVersion: v1\n            fieldPath: "
               "metadata.name\n"
               "      image: registry.example.com/" +
               app +
               ":1.4.2\n      imagePullPolicy: IfNotPresent\n"
               "      livenessProbe:\n        failureThreshold: 3\n        httpGet:\n          "
               "path: /healthz\n"
               "          port: http\n          scheme: HTTP\n        periodSeconds: 10\n"
               "        successThreshold: 1\n        timeoutSeconds: 1\n      name: main\n"
               "      ports:\n      - containerPort: " +
               port +
               "\n        name: http\n        protocol: TCP\n"
               "      - containerPort: 9090\n        name: metrics\n        protocol: TCP\n"
               "      resources:\n        limits:\n          memory: 256Mi\n        requests:\n"
               "          cpu: 100m\n          memory: 128Mi\n"
               "      terminationMessagePath: /dev/termination-log\n      "
               "terminationMessagePolicy: File\n"
               "      volumeMounts:\n      - mountPath: "
               "/var/run/secrets/kubernetes.io/serviceaccount\n"
               "        name: kube-api-access-" +
               hex(id, 5) +
               "\n        readOnly: true\n"
               "    dnsPolicy: ClusterFirst\n    enableServiceLinks: true\n    nodeName: node-" +
               std::to_string(p % 40) +
               "\n    preemptionPolicy: PreemptLowerPriority\n    priority: 0\n"
               "    restartPolicy: Always\n    schedulerName: default-scheduler\n    "
               "securityContext: {}\n"
               "    serviceAccount: default\n    serviceAccountName: default\n"
               "    terminationGracePeriodSeconds: 30\n    tolerations:\n"
               "    - effect: NoExecute\n      key: node.kubernetes.io/not-ready\n      operator: "
               "Exists\n"
               "      tolerationSeconds: 300\n    volumes:\n    - name: kube-api-access-" +
               hex(id, 5) +
               "\n      projected:\n        defaultMode: 420\n        sources:\n"
               "        - serviceAccountToken:\n            expirationSeconds: 3607\n"
               "            path: token\n        - configMap:\n            items:\n            - "
               "key: ca.crt\n"
               "              path: ca.crt\n            name: kube-root-ca.crt\n"
               "  status:\n    conditions:\n    - lastProbeTime: null\n"
               "      lastTransitionTime: \"2026-11-30T10:00:01Z\"\n      status: \"True\"\n"
               "      type: Initialized\n    - lastProbeTime: null\n"
               "      lastTransitionTime: \"2026-11-30T10:00:09Z\"\n      status: \"True\"\n      "
               "type: Ready\n"
               "    containerStatuses:\n    - containerID: containerd://" +
               hex(id * 977, 16) + hex(id, 16) + "\n      image: registry.example.com/" + app +
               ":1.4.2\n      imageID: registry.example.com/" + app +
               "@sha256:" + hex(id * 31, 16) + hex(id * 17, 16) +
               "\n      lastState: {}\n      name: main\n      ready: true\n      restartCount: 0\n"
               "      started: true\n      state:\n        running:\n"
               "          startedAt: \"2026-11-30T10:00:05Z\"\n    hostIP: 192.168.0." +
               std::to_string(p % 40 + 10) + "\n    phase: Running\n    podIP: " + ip +
               "\n    podIPs:\n    - ip: " + ip +
               "\n    qosClass: Burstable\n    startTime: \"2026-11-30T10:00:01Z\"\n";
}

void serviceItem(Counter &out, int n, int owner)
{
    const std::string app = "app-" + std::to_string(owner);
    out << "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: " + app +
               "\n    namespace: " + ns(n) + "\n    resourceVersion: \"" +
               std::to_string(n * 1000 + owner) +
               "\"\n    uid: " + uid(static_cast<std::uint64_t>(n * 1000 + owner)) +
               "\n  spec:\n    clusterIP: 10.96." + std::to_string(n % 256) + '.' +
               std::to_string(owner + 1) +
               "\n    ports:\n    - name: http\n      port: 80\n      protocol: TCP\n      "
               "targetPort: http\n"
               "    selector:\n      app: " +
               app + "\n    type: ClusterIP\n  status:\n    loadBalancer: {}\n";
}

void policyItems(Counter &out, int n)
{
    out << "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n"
           "    name: default-deny\n    namespace: " +
               ns(n) + "\n  spec:\n    podSelector: {}\n    policyTypes:\n    - Ingress\n";
    out << "- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata:\n"
           "    name: allow-web\n    namespace: " +
               ns(n) +
               "\n  spec:\n    ingress:\n    - from:\n      - namespaceSelector:\n          "
               "matchLabels:\n"
               "            team: t" +
               std::to_string((n + 1) % 7) +
               "\n        podSelector:\n          matchLabels:\n            tier: web\n"
               "      ports:\n      - port: http\n        protocol: TCP\n"
               "    podSelector:\n      matchLabels:\n        tier: db\n    policyTypes:\n    - "
               "Ingress\n";
}

} // namespace

KubectlListStats writeKubectlList(std::ostream &stream, std::uint64_t targetBytes)
{
    Counter out(stream);
    KubectlListStats stats;
    out << "apiVersion: v1\nitems:\n";
    for (int n = 0; out.bytes() < targetBytes; ++n) {
        namespaceItem(out, n);
        ++stats.namespaces;
        for (int p = 0; p < kPodsPerNamespace && out.bytes() < targetBytes; ++p, ++stats.pods)
            podItem(out, n, p);
        for (int owner = 0; owner < kPodsPerNamespace / kPodsPerOwner && out.bytes() < targetBytes;
             owner += 2, ++stats.services)
            serviceItem(out, n, owner);
        policyItems(out, n);
        stats.policies += 2;
    }
    out << "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
    stats.bytes = out.bytes();
    return stats;
}

} // namespace netfence::test
