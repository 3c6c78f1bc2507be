#include "core/clustergenerator.h"

#include "core/yamlwriter.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

namespace fs = std::filesystem;

namespace netfence::core::ClusterGenerator {

namespace {

// A raw 64-bit engine and our own reductions: the same seed gives the same cluster with
// every standard library (std distributions differ between them).
class Random
{
public:
    explicit Random(std::uint64_t seed) : mEngine(seed) {}
    size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(mEngine() % n); }
    bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
    template <typename T> const T &pick(const std::vector<T> &v) { return v[below(v.size())]; }

private:
    std::mt19937_64 mEngine;
};

struct AppKind
{
    std::string name;
    std::string tier;
    std::vector<ContainerPort> ports;
};

const std::vector<AppKind> &appKinds()
{
    const ContainerPort http{"http", 8080, Protocol::TCP};
    const ContainerPort grpc{"grpc", 9090, Protocol::TCP};
    const ContainerPort metrics{"metrics", 9102, Protocol::TCP};
    static const std::vector<AppKind> kinds{
        {"web", "frontend", {http, metrics}},
        {"frontend", "frontend", {http}},
        {"gateway", "frontend", {http, {"https", 8443, Protocol::TCP}, metrics}},
        {"admin-ui", "frontend", {http}},
        {"api", "backend", {http, grpc, metrics}},
        {"orders", "backend", {http, grpc, metrics}},
        {"users", "backend", {http, metrics}},
        {"auth", "backend", {http, grpc}},
        {"worker", "backend", {metrics}},
        {"scheduler", "backend", {http, metrics}},
        {"inventory", "backend", {grpc, metrics}},
        {"pricing", "backend", {http, grpc}},
        {"notifier", "backend", {http, {"syslog", 5514, Protocol::UDP}}},
        {"postgres", "data", {{"postgres", 5432, Protocol::TCP}, {"pg-metrics", 9187, Protocol::TCP}}},
        {"redis", "data", {{"redis", 6379, Protocol::TCP}}},
        {"kafka", "data", {{"kafka", 9092, Protocol::TCP}, {"jmx", 9308, Protocol::TCP}}},
        {"elasticsearch", "data", {{"http", 9200, Protocol::TCP}, {"transport", 9300, Protocol::TCP}}},
        {"memcached", "data", {{"memcache", 11211, Protocol::TCP}, {"memcache-udp", 11211, Protocol::UDP}}},
    };
    return kinds;
}

const std::vector<std::string> kTeams{"payments", "checkout", "search",   "catalog",  "identity",
                                      "billing",  "shipping", "media",    "ledger",   "risk",
                                      "growth",   "support",  "reports",  "mobile",   "partners"};
const std::vector<std::string> kEnvs{"prod", "staging", "dev"};

struct AppNamespace
{
    std::string name;
    std::string team;
    std::vector<size_t> workloads; // indexes into Cluster::workloads
    std::set<std::string> policyNames;
};

LabelSelector matchLabels(Labels labels)
{
    LabelSelector s;
    s.matchLabels = std::move(labels);
    return s;
}

NetworkPolicyPort numericPort(int port, Protocol protocol = Protocol::TCP, int endPort = 0)
{
    NetworkPolicyPort p;
    p.protocol = protocol;
    p.port = port;
    if (endPort)
        p.endPort = endPort;
    return p;
}

NetworkPolicyPort namedPort(const std::string &name)
{
    NetworkPolicyPort p;
    p.namedPort = name;
    return p;
}

NetworkPolicyPeer pods(LabelSelector s)
{
    NetworkPolicyPeer p;
    p.podSelector = std::move(s);
    return p;
}

NetworkPolicyPeer namespaces(LabelSelector s)
{
    NetworkPolicyPeer p;
    p.namespaceSelector = std::move(s);
    return p;
}

NetworkPolicyPeer podsIn(LabelSelector ns, LabelSelector pod)
{
    NetworkPolicyPeer p;
    p.namespaceSelector = std::move(ns);
    p.podSelector = std::move(pod);
    return p;
}

NetworkPolicyPeer block(const std::string &cidr, std::vector<std::string> except)
{
    NetworkPolicyPeer p;
    IPBlock b;
    b.cidr = cidr;
    b.except = std::move(except);
    b.parse();
    p.ipBlock = std::move(b);
    return p;
}

// A port of the target that a rule can name, or its first port by number.
NetworkPolicyPort targetPort(Random &random, const Workload *target)
{
    if (!target || target->ports.empty())
        return numericPort(8080);
    const ContainerPort &cp = random.pick(target->ports);
    if (random.chance(50))
        return namedPort(cp.name);
    return numericPort(cp.port, cp.protocol);
}

class Builder
{
public:
    Builder(const Options &o) : mOptions(o), mRandom(o.seed) {}

    Cluster build()
    {
        addNamespaces();
        addWorkloads();
        addPolicies();
        return std::move(mCluster);
    }

private:
    Namespace &addNamespace(const std::string &name, const std::string &team,
                            const std::string &env)
    {
        Namespace ns;
        ns.name = name;
        ns.labels = {{kNamespaceNameLabel, name}, {"team", team}, {"env", env}};
        ns.declared = true;
        mCluster.namespaces.push_back(std::move(ns));
        return mCluster.namespaces.back();
    }

    void addNamespaces()
    {
        const int total = std::max(1, mOptions.namespaces);
        mSystem = total >= 4;
        if (mSystem) {
            addNamespace("kube-system", "platform", "prod");
            addNamespace("monitoring", "platform", "prod");
            addNamespace("ingress-nginx", "platform", "prod");
        }
        const int apps = total - (mSystem ? 3 : 0);
        // About six namespaces per team, so a team-wide rule reaches a bounded part of a
        // large cluster, as in real ones.
        const int teams = std::max(1, (apps + 5) / 6);
        std::set<std::string> used;
        for (int i = 0; i < apps; ++i) {
            const int t = i % teams;
            std::string team = kTeams[static_cast<size_t>(t) % kTeams.size()];
            if (t >= static_cast<int>(kTeams.size()))
                team += '-' + std::to_string(t / static_cast<int>(kTeams.size()) + 1);
            const std::string &env = kEnvs[static_cast<size_t>(i / teams) % kEnvs.size()];
            std::string name = team + '-' + env;
            for (int k = 2; used.count(name); ++k)
                name = team + '-' + env + '-' + std::to_string(k);
            used.insert(name);
            addNamespace(name, team, env);
            mApps.push_back({name, team, {}, {}});
        }
    }

    Workload &addWorkload(const std::string &ns, const std::string &name, Labels labels,
                          std::vector<ContainerPort> ports)
    {
        Workload w;
        w.namespaceName = ns;
        w.name = name;
        w.kind = "Deployment";
        w.labels = std::move(labels);
        w.ports = std::move(ports);
        w.replicas = 1 + static_cast<int>(mRandom.below(3));
        mCluster.workloads.push_back(std::move(w));
        return mCluster.workloads.back();
    }

    void addWorkloads()
    {
        int left = std::max(0, mOptions.workloads);
        if (mSystem && left >= 3) {
            addWorkload("kube-system", "coredns", {{"k8s-app", "kube-dns"}},
                        {{"dns", 53, Protocol::UDP}, {"dns-tcp", 53, Protocol::TCP},
                         {"metrics", 9153, Protocol::TCP}});
            addWorkload("monitoring", "prometheus", {{"app", "prometheus"}, {"team", "platform"}},
                        {{"web", 9090, Protocol::TCP}});
            addWorkload("ingress-nginx", "ingress-nginx-controller",
                        {{"app.kubernetes.io/name", "ingress-nginx"}},
                        {{"http", 80, Protocol::TCP}, {"https", 443, Protocol::TCP}});
            left -= 3;
        }
        if (mApps.empty())
            return;
        std::vector<std::set<std::string>> names(mApps.size());
        for (int i = 0; i < left; ++i) {
            const size_t n = static_cast<size_t>(i) % mApps.size();
            AppNamespace &ns = mApps[n];
            const AppKind &kind = mRandom.pick(appKinds());
            std::string name = kind.name;
            for (int k = 2; names[n].count(name); ++k)
                name = kind.name + '-' + std::to_string(k);
            names[n].insert(name);
            Labels labels{{"app", name}, {"tier", kind.tier}, {"team", ns.team}};
            if (mRandom.chance(20))
                labels["version"] = mRandom.chance(50) ? "v1" : "v2";
            ns.workloads.push_back(mCluster.workloads.size());
            addWorkload(ns.name, name, std::move(labels), kind.ports);
        }
    }

    void addPolicy(AppNamespace &ns, std::string name, NetworkPolicy p)
    {
        const std::string base = name;
        for (int k = 2; ns.policyNames.count(name); ++k)
            name = base + '-' + std::to_string(k);
        ns.policyNames.insert(name);
        p.name = name;
        p.namespaceName = ns.name;
        mCluster.policies.push_back(std::move(p));
    }

    void addPolicies()
    {
        int left = std::max(0, mOptions.policies);
        if (mApps.empty())
            return;
        // Default deny first (a quarter of the namespaces deny ingress only), then DNS egress,
        // then allow rules round-robin over namespaces and their workloads.
        for (size_t i = 0; i < mApps.size() && left > 0; ++i, --left) {
            NetworkPolicy p;
            const bool ingressOnly = mRandom.chance(25);
            p.policyTypes = {PolicyType::Ingress};
            if (!ingressOnly)
                p.policyTypes.push_back(PolicyType::Egress);
            addPolicy(mApps[i], ingressOnly ? "default-deny-ingress" : "default-deny", p);
        }
        for (size_t i = 0; i < mApps.size() && left > 0; ++i, --left) {
            NetworkPolicy p;
            p.policyTypes = {PolicyType::Egress};
            NetworkPolicyRule rule;
            rule.peers.push_back(podsIn(matchLabels({{kNamespaceNameLabel, "kube-system"}}),
                                        matchLabels({{"k8s-app", "kube-dns"}})));
            rule.ports = {numericPort(53, Protocol::UDP), numericPort(53, Protocol::TCP)};
            p.egress.push_back(rule);
            addPolicy(mApps[i], "allow-dns", p);
        }
        std::vector<size_t> nextTarget(mApps.size(), 0);
        for (int i = 0; left > 0; ++i, --left) {
            const size_t n = static_cast<size_t>(i) % mApps.size();
            AppNamespace &ns = mApps[n];
            const Workload *target = nullptr;
            if (!ns.workloads.empty())
                target = &mCluster.workloads[ns.workloads[nextTarget[n]++ % ns.workloads.size()]];
            addAllow(ns, target);
        }
    }

    void addAllow(AppNamespace &ns, const Workload *target)
    {
        const std::string app = target ? target->labels.at("app") : appKinds()[0].name;
        NetworkPolicy p;
        p.podSelector = matchLabels({{"app", app}});
        NetworkPolicyRule rule;
        const size_t roll = mRandom.below(100);
        if (roll < 22) { // from the frontends of its namespace
            p.policyTypes = {PolicyType::Ingress};
            rule.peers.push_back(pods(matchLabels({{"tier", "frontend"}})));
            rule.ports.push_back(targetPort(mRandom, target));
            p.ingress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-from-frontend", p);
        } else if (roll < 38) { // from its team's other namespaces: both selectors in one peer
            p.policyTypes = {PolicyType::Ingress};
            LabelSelector tiers;
            tiers.matchExpressions.push_back(
                {"tier", SelectorOperator::In, {"frontend", "backend"}});
            rule.peers.push_back(podsIn(matchLabels({{"team", ns.team}}), tiers));
            rule.ports = {numericPort(8080), numericPort(9090)};
            p.ingress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-from-team", p);
        } else if (roll < 46) { // from the ingress controller's namespace: namespaceSelector alone
            p.policyTypes = {PolicyType::Ingress};
            rule.peers.push_back(namespaces(matchLabels({{kNamespaceNameLabel, "ingress-nginx"}})));
            rule.ports.push_back(targetPort(mRandom, target));
            p.ingress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-from-ingress", p);
        } else if (roll < 56) { // scraped by Prometheus on its named metrics port
            p.policyTypes = {PolicyType::Ingress};
            rule.peers.push_back(podsIn(matchLabels({{kNamespaceNameLabel, "monitoring"}}),
                                        matchLabels({{"app", "prometheus"}})));
            rule.ports.push_back(namedPort("metrics"));
            p.ingress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-metrics", p);
        } else if (roll < 80) { // egress to the data tier and a port range of the team's APIs
            p.policyTypes = {PolicyType::Egress};
            rule.peers.push_back(pods(matchLabels({{"tier", "data"}})));
            rule.ports = {numericPort(5432), numericPort(6379), numericPort(9092)};
            p.egress.push_back(rule);
            NetworkPolicyRule team;
            team.peers.push_back(podsIn(matchLabels({{"team", ns.team}}),
                                        matchLabels({{"tier", "backend"}})));
            team.ports = {numericPort(8080), numericPort(9000, Protocol::TCP, 9400)};
            p.egress.push_back(team);
            addPolicy(ns, "allow-" + app + "-egress", p);
        } else if (roll < 94) { // the whole namespace talks to itself
            p.podSelector = {};
            p.policyTypes = {PolicyType::Ingress, PolicyType::Egress};
            rule.peers.push_back(pods({}));
            p.ingress.push_back(rule);
            p.egress.push_back(rule);
            addPolicy(ns, "allow-same-namespace", p);
        } else if (roll < 97) { // HTTPS to the internet, not to private ranges
            p.policyTypes = {PolicyType::Egress};
            rule.peers.push_back(
                block("0.0.0.0/0", {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}));
            rule.ports = {numericPort(443)};
            p.egress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-internet", p);
        } else { // a partner's network, minus its guest half
            p.policyTypes = {PolicyType::Ingress};
            rule.peers.push_back(block("203.0.113.0/24", {"203.0.113.128/25"}));
            rule.ports = {numericPort(8443)};
            p.ingress.push_back(rule);
            addPolicy(ns, "allow-" + app + "-from-partner", p);
        }
    }

    Options mOptions;
    Random mRandom;
    Cluster mCluster;
    bool mSystem = false;
    std::vector<AppNamespace> mApps;
};

std::string writeFile(const fs::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    return out ? std::string() : "cannot write " + path.string();
}

} // namespace

Cluster generate(const Options &options)
{
    return Builder(options).build();
}

std::string write(const Cluster &cluster, const std::string &folder)
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        return "cannot create " + folder + ": " + ec.message();
    std::string all;
    for (const Namespace &ns : cluster.namespaces)
        all += "---\n" + YamlWriter::namespaceObject(ns);
    if (std::string err = writeFile(fs::path(folder) / "namespaces.yaml", all); !err.empty())
        return err;

    std::map<std::string, std::pair<std::string, std::string>> files; // ns -> workloads, policies
    for (const Workload &w : cluster.workloads)
        files[w.namespaceName].first += "---\n" + YamlWriter::workload(w);
    for (const NetworkPolicy &p : cluster.policies)
        files[p.namespaceName].second += "---\n" + YamlWriter::policy(p);
    for (const auto &[ns, texts] : files) {
        const fs::path dir = fs::path(folder) / ns;
        fs::create_directories(dir, ec);
        if (ec)
            return "cannot create " + dir.string() + ": " + ec.message();
        for (const auto &[name, text] : {std::pair{"deployments.yaml", &texts.first},
                                         std::pair{"networkpolicies.yaml", &texts.second}})
            if (!text->empty())
                if (std::string err = writeFile(dir / name, *text); !err.empty())
                    return err;
    }
    return {};
}

} // namespace netfence::core::ClusterGenerator
