#include "core/evaluator.h"

#include "core/externalpartition.h"
#include "core/labelindex.h"
#include "core/workerthreads.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace netfence::core {

namespace {

using Id = ConnectionSetTable::Id;
using Row = std::vector<std::pair<std::uint32_t, Id>>; // (class, result), by class
constexpr std::uint32_t kNoNamespace = std::numeric_limits<std::uint32_t>::max();
// "Not computed yet" for a NetworkPolicy result handed to the tier walk.
constexpr Id kUnknownId = std::numeric_limits<Id>::max();

enum EditKind
{
    Changed,
    Added,
    Removed
};

void appendSelector(std::string &key, const LabelSelector &s)
{
    for (const auto &[k, v] : s.matchLabels) {
        key += k;
        key += '\0';
        key += v;
        key += '\0';
    }
    key += '\1';
    for (const LabelSelectorRequirement &r : s.matchExpressions) {
        key += r.key;
        key += '\0';
        key += static_cast<char>('0' + static_cast<int>(r.op));
        for (const std::string &v : r.values) {
            key += v;
            key += '\0';
        }
        key += '\1';
    }
    key += '\2';
}

std::string blockKey(const IPBlock &b)
{
    std::string key = b.cidr;
    for (const std::string &e : b.except) {
        key += '\0';
        key += e;
    }
    return key;
}

bool hits(const Workload &w, const IPBlock &b)
{
    return std::any_of(w.ips.begin(), w.ips.end(),
                       [&b](const IPAddress &ip) { return b.contains(ip); });
}

// The classes a rule's peers match: every class, a sorted list, or a bitmap when dense.
struct MatchSet
{
    bool all = false;
    std::vector<std::uint32_t> members;
    std::vector<std::uint64_t> bits;

    bool contains(std::uint32_t c) const
    {
        if (all)
            return true;
        if (!bits.empty())
            return (bits[c >> 6] >> (c & 63)) & 1;
        return std::binary_search(members.begin(), members.end(), c);
    }
    template <typename F> void forEach(std::size_t classCount, F &&f) const
    {
        if (all) {
            for (std::uint32_t c = 0; c < classCount; ++c)
                f(c);
        } else if (!bits.empty()) {
            for (std::size_t w = 0; w < bits.size(); ++w)
                for (std::uint64_t b = bits[w]; b; b &= b - 1)
                    f(static_cast<std::uint32_t>(w * 64 + std::countr_zero(b)));
        } else {
            for (std::uint32_t c : members)
                f(c);
        }
    }
};

struct RuleInfo
{
    std::uint32_t matches = 0; // index into State::matchSets
    Id numericPorts = ConnectionSetTable::kNone; // the ports that need no name resolution
    std::vector<std::pair<std::string, Protocol>> names; // named ports, resolved per destination
    bool anyPeer = false;  // no peers: every endpoint, addresses outside the cluster too
    bool ipBlocks = false; // some peer is an ipBlock
    std::uint32_t uid = 0; // key of its named-port memo; never reused
    std::vector<std::uint32_t> covered; // ranges of the current external partition it matches
};

// A cluster-policy rule: its peers as classes, its ports, its action.
struct TierRule
{
    std::uint32_t matches = 0;
    Id numericPorts = ConnectionSetTable::kNone;
    std::vector<std::string> names; // named ports: any protocol, resolved per destination
    ClusterPolicyAction action = ClusterPolicyAction::Accept;
    std::uint32_t uid = 0;
    std::vector<IPRange> networks; // the addresses its networks peers match
};

struct TierPolicyInfo
{
    std::vector<std::uint32_t> selected; // subject classes, ascending
    std::vector<TierRule> ingressRules;
    std::vector<TierRule> egressRules;
};

struct PolicyInfo
{
    bool ingress = false;
    bool egress = false;
    std::vector<std::uint32_t> selected; // classes its podSelector selects, ascending
    std::vector<RuleInfo> ingressRules;
    std::vector<RuleInfo> egressRules;
};

struct ClassInfo
{
    std::vector<size_t> workloads; // ascending; the first is the representative
    std::uint32_t ns = kNoNamespace;
    std::uint32_t portProfile = 0; // 0: no named ports
    std::vector<size_t> selecting;       // policies whose podSelector selects it, ascending
    std::vector<size_t> ingressPolicies; // ... with Ingress in policyTypes
    std::vector<size_t> egressPolicies;
    bool hostNetwork = false;
    // Cluster policies with rules for the direction, in evaluation order.
    std::vector<size_t> adminIngress, adminEgress, baselineIngress, baselineEgress;
    bool tierIngress() const { return !adminIngress.empty() || !baselineIngress.empty(); }
    bool tierEgress() const { return !adminEgress.empty() || !baselineEgress.empty(); }
};

// One thread's working memory.
struct Scratch
{
    ConnectionSetTable::Memo memo;
    std::unordered_map<std::uint64_t, Id> namedPorts; // (rule uid, port profile) -> ports
    std::vector<Id> acc;                               // per class, kNone between uses
    std::vector<std::uint32_t> touched;
    std::vector<char> mark; // per class, 0 between uses: matched by some tier rule
    std::vector<std::uint32_t> marked;
    // tierSideMemo's answers for the current subject: (rule mask, NetworkPolicy result and
    // named-port profile) -> result.
    std::uint32_t memoSubject = std::numeric_limits<std::uint32_t>::max();
    bool memoIngress = false;
    // Few distinct answers per subject: a short list beats a tree.
    std::vector<std::pair<std::pair<std::uint64_t, std::uint64_t>, Id>> sideMemo;
};

void insertSorted(std::vector<size_t> &v, size_t x)
{
    v.insert(std::lower_bound(v.begin(), v.end(), x), x);
}

void eraseSorted(std::vector<size_t> &v, size_t x)
{
    auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it != v.end() && *it == x)
        v.erase(it);
}

// Whether the row holds a cell for `key`, and its value.
bool findEntry(const Row &row, std::uint32_t key, Id &id)
{
    auto it = std::lower_bound(row.begin(), row.end(), key,
                               [](const std::pair<std::uint32_t, Id> &e, std::uint32_t k) {
                                   return e.first < k;
                               });
    if (it == row.end() || it->first != key)
        return false;
    id = it->second;
    return true;
}

// Sets a cell that may hold kNone: `present` false removes it.
void putEntry(Row &row, std::uint32_t key, Id id, bool present)
{
    auto it = std::lower_bound(row.begin(), row.end(), key,
                               [](const std::pair<std::uint32_t, Id> &e, std::uint32_t k) {
                                   return e.first < k;
                               });
    const bool there = it != row.end() && it->first == key;
    if (!present) {
        if (there)
            row.erase(it);
    } else if (there) {
        it->second = id;
    } else {
        row.insert(it, {key, id});
    }
}

std::vector<std::uint32_t> sortedUnion(const std::vector<std::uint32_t> &a,
                                       const std::vector<std::uint32_t> &b)
{
    std::vector<std::uint32_t> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

} // namespace

struct Evaluator::State
{
    const Cluster *cluster;
    const EvaluatorOptions options;
    ConnectionSetTable table;

    std::unordered_map<std::string, std::uint32_t> nsIndex;
    std::vector<Labels> nsLabels;
    LabelIndex nsLabelIndex;
    std::vector<std::vector<std::uint32_t>> nsClasses;
    std::unordered_map<std::string, std::vector<std::uint32_t>> nsSelectorCache;

    std::vector<size_t> workloadClass;
    std::vector<ClassInfo> classes;
    LabelIndex classLabelIndex;
    std::vector<std::vector<ContainerPort>> portProfiles; // named ports; [0] is none
    // Every ipBlock the class partition respects, with the classes it hits.
    std::unordered_map<std::string, std::vector<std::uint32_t>> blockClasses;

    std::vector<PolicyInfo> policies;
    std::vector<TierPolicyInfo> tierPolicies; // by Cluster::clusterPolicies index
    std::vector<MatchSet> matchSets;
    std::unordered_map<std::string, std::uint32_t> matchSetIndex;
    std::uint32_t nextRuleUid = 0;

    // Complete results (evaluateAll). A pair from an egress-isolated class is in rows[from];
    // from any other class to an ingress-isolated class it is in cols[to]; between two
    // classes isolated in neither direction it is every connection. Only non-empty cells.
    bool complete = false;
    unsigned threads = 1;
    EvaluationProgress *watch = nullptr; // during a watched evaluateAll only
    std::vector<Row> rows;
    std::vector<Row> cols;
    std::vector<IPRange> extSources, extDestinations;
    std::vector<std::vector<Id>> extOut; // egress-isolated class -> destination range
    std::vector<std::vector<Id>> extIn;  // source range -> ingress-isolated class

    // Lazy results, before evaluateAll. A copied State gets a mutex of its own.
    struct LazyMutex : std::mutex
    {
        LazyMutex() = default;
        LazyMutex(const LazyMutex &) : std::mutex() {}
    };
    mutable LazyMutex lazyMutex;
    mutable Scratch lazyScratch;
    mutable std::unordered_map<std::uint64_t, Id> pairCache;

    State(const Cluster &c, EvaluatorOptions o) : cluster(&c), options(o) { build(); }

    size_t classCount() const { return classes.size(); }
    // Some policy of any tier decides the class's egress (ingress); otherwise all is allowed.
    bool egressIsolated(std::uint32_t c) const
    {
        return !classes[c].egressPolicies.empty() || classes[c].tierEgress();
    }
    bool ingressIsolated(std::uint32_t c) const
    {
        return !classes[c].ingressPolicies.empty() || classes[c].tierIngress();
    }
    // Storage with tiers. A row of a class whose egress only cluster policies decide holds
    // the cells its tier rules match; any other cell of it is the column's (its egress
    // allows all there). A column of a class whose ingress only cluster policies decide
    // holds the cells that are not "all"; in any other column a missing cell is "none".
    bool rowFallsBack(std::uint32_t c) const
    {
        return classes[c].tierEgress() && classes[c].egressPolicies.empty();
    }
    bool columnDefaultsToAll(std::uint32_t c) const
    {
        return classes[c].tierIngress() && classes[c].ingressPolicies.empty();
    }
    // Sources whose cells (some or all) the columns hold.
    // (!egressIsolated(c) || rowFallsBack(c)): exactly the classes no NetworkPolicy isolates
    // for egress.
    bool columnSource(std::uint32_t c) const { return classes[c].egressPolicies.empty(); }
    void putRowCell(Row &row, std::uint32_t from, std::uint32_t to, Id cell, Scratch &s)
    {
        const Id fallback = rowFallsBack(from) ? ingressSide(from, to, s) : ConnectionSetTable::kNone;
        putEntry(row, to, cell, cell != fallback);
    }
    void putColumnCell(Row &col, std::uint32_t to, std::uint32_t from, Id id)
    {
        const Id fallback = columnDefaultsToAll(to) ? ConnectionSetTable::kAll : ConnectionSetTable::kNone;
        putEntry(col, from, id, id != fallback);
    }
    // Marks (s.mark, s.marked) the classes some tier rule of the class matches.
    void markTierPeers(std::uint32_t c, bool ingress, Scratch &s);
    // The classes marked or touched (s.acc set), ascending.
    std::vector<std::uint32_t> tierCandidates(const Scratch &s) const
    {
        std::vector<std::uint32_t> out;
        const size_t n = classes.size();
        if ((s.marked.size() + s.touched.size()) * 16 > n) {
            // Most classes: a scan is cheaper than a sort.
            for (std::uint32_t c = 0; c < n; ++c)
                if (s.mark[c] || s.acc[c] != ConnectionSetTable::kNone)
                    out.push_back(c);
            return out;
        }
        out = s.touched;
        for (std::uint32_t c : s.marked)
            if (s.acc[c] == ConnectionSetTable::kNone)
                out.push_back(c);
        std::sort(out.begin(), out.end());
        return out;
    }
    const Labels &classLabels(std::uint32_t c) const
    {
        return cluster->workloads[classes[c].workloads.front()].labels;
    }
    std::uint32_t namespaceOf(const std::string &name) const
    {
        auto it = nsIndex.find(name);
        return it == nsIndex.end() ? kNoNamespace : it->second;
    }

    void build();
    void buildClasses();
    std::vector<std::uint32_t> classesSelected(std::uint32_t ns, const LabelSelector &s) const;
    const std::vector<std::uint32_t> &namespacesMatching(const LabelSelector &s);
    const std::vector<std::uint32_t> &classesInBlock(const IPBlock &b);
    void peerClasses(const NetworkPolicy &policy, const NetworkPolicyPeer &peer,
                     std::vector<std::uint32_t> &out);
    std::uint32_t matchSetFor(const NetworkPolicy &policy, const NetworkPolicyRule &rule);
    RuleInfo ruleInfo(const NetworkPolicy &policy, const NetworkPolicyRule &rule);
    PolicyInfo policyInfo(size_t p);
    bool splitsAClass(const NetworkPolicy &policy) const;

    Id portsFor(const RuleInfo &r, std::uint32_t profile, Scratch &s);
    Id egressSide(std::uint32_t from, std::uint32_t to, Scratch &s);
    Id ingressSide(std::uint32_t from, std::uint32_t to, Scratch &s);
    Id npEgressSide(std::uint32_t from, std::uint32_t to, Scratch &s);
    Id npIngressSide(std::uint32_t from, std::uint32_t to, Scratch &s);

    // Cluster-wide tiers (tiers in evaluator.cpp's second half).
    void buildTiers();
    void placeTiers(); // fills the classes' tier lists from tierPolicies
    TierPolicyInfo tierPolicyInfo(size_t p);
    std::uint32_t tierMatchSet(const ClusterPolicyRule &rule);
    void tierPeerClasses(const ClusterPolicyPeer &peer, std::vector<std::uint32_t> &out);
    std::vector<std::uint32_t> tierSubjectClasses(const ClusterNetworkPolicy &policy);
    bool tierSplitsAClass(const ClusterNetworkPolicy &policy) const;
    Id tierPorts(const TierRule &r, std::uint32_t profile, Scratch &s);
    // One direction through Admin, NetworkPolicy and Baseline tiers, between classes; `peer`
    // kNoNamespace-free class index, or an address range when `range` is set.
    Id tierSideId(bool ingress, std::uint32_t subject, std::uint32_t peer, const IPRange *range,
                  Id networkPolicy, Scratch &s);
    // tierSideId for a row's or column's many peers: the answer depends on a peer only through
    // which of the subject's tier rules match it, its NetworkPolicy result and (egress) its
    // named ports, so peers alike share one walk.
    Id tierSideMemo(bool ingress, std::uint32_t subject, std::uint32_t peer, Id networkPolicy,
                    Scratch &s);
    Id cell(std::uint32_t from, std::uint32_t to, Scratch &s);
    Id lookup(std::uint32_t from, std::uint32_t to) const;
    Row computeRow(std::uint32_t from, Scratch &s);
    Row computeCol(std::uint32_t to, Scratch &s);

    void coverRanges(size_t p);
    std::vector<Id> computeExtOut(std::uint32_t c, Scratch &s);
    std::vector<Id> computeExtIn(std::uint32_t c, Scratch &s);
    void computeExternals(unsigned threads);
    static int findRange(const std::vector<IPRange> &ranges, const IPRange &r);

    template <typename Body> void parallelFor(size_t count, unsigned threads, Body body);
    bool evaluateAll(unsigned threads);
    bool stopped() const { return watch && watch->cancelled.load(std::memory_order_relaxed); }
    void refresh(const std::vector<std::uint32_t> &sources,
                 const std::vector<std::uint32_t> &destinations,
                 const std::vector<std::uint32_t> &flippedSources, size_t editedPolicy,
                 bool policyExists);
};

template <typename Body>
void Evaluator::State::parallelFor(size_t count, unsigned threadCount, Body body)
{
    if (count == 0)
        return; // not even a scratch the size of the classes (an edit's steps are often empty)
    std::atomic<size_t> next{0};
    constexpr size_t kChunk = 32;
    auto work = [&](unsigned) {
        Scratch scratch;
        scratch.acc.assign(classes.size(), ConnectionSetTable::kNone);
        scratch.mark.assign(classes.size(), 0);
        for (;;) {
            const size_t begin = next.fetch_add(kChunk);
            if (begin >= count || stopped())
                break;
            const size_t end = std::min(count, begin + kChunk);
            for (size_t i = begin; i < end; ++i)
                body(i, scratch);
            if (watch)
                watch->done.fetch_add(end - begin, std::memory_order_relaxed);
        }
    };
    // No more threads than chunks; one thread is enough for none.
    const size_t chunks = (count + kChunk - 1) / kChunk;
    WorkerThreads::run(static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threadCount, chunks))), work);
}

void Evaluator::State::build()
{
    // Namespaces: the cluster's (the first of a name wins, as Cluster::findNamespace does),
    // then any only named by a workload, with just the name label.
    for (const Namespace &ns : cluster->namespaces)
        if (nsIndex.emplace(ns.name, static_cast<std::uint32_t>(nsLabels.size())).second)
            nsLabels.push_back(ns.labels);
    for (const Workload &w : cluster->workloads)
        if (nsIndex.emplace(w.namespaceName, static_cast<std::uint32_t>(nsLabels.size())).second)
            nsLabels.push_back(Labels{{kNamespaceNameLabel, w.namespaceName}});
    for (std::uint32_t n = 0; n < nsLabels.size(); ++n)
        nsLabelIndex.add(n, nsLabels[n]);
    nsClasses.resize(nsLabels.size());

    buildClasses();

    policies.reserve(cluster->policies.size());
    for (size_t p = 0; p < cluster->policies.size(); ++p) {
        policies.push_back(policyInfo(p));
        const PolicyInfo &info = policies.back();
        for (std::uint32_t c : info.selected) {
            classes[c].selecting.push_back(p);
            if (info.ingress)
                classes[c].ingressPolicies.push_back(p);
            if (info.egress)
                classes[c].egressPolicies.push_back(p);
        }
    }
    buildTiers();
}

void Evaluator::State::buildClasses()
{
    // Every ipBlock that could match a pod makes the pods it hits a class of their own.
    std::vector<const IPBlock *> blocks;
    if (options.ipBlockMatchesPods) {
        std::unordered_set<std::string> seen;
        for (const NetworkPolicy &policy : cluster->policies)
            for (const auto *rules : {&policy.ingress, &policy.egress})
                for (const NetworkPolicyRule &rule : *rules)
                    for (const NetworkPolicyPeer &peer : rule.peers)
                        if (peer.ipBlock && seen.insert(blockKey(*peer.ipBlock)).second)
                            blocks.push_back(&*peer.ipBlock);
        // ClusterNetworkPolicy `networks` match pod addresses as ipBlocks do.
        for (const ClusterNetworkPolicy &policy : cluster->clusterPolicies)
            for (const ClusterPolicyRule &rule : policy.egress)
                for (const ClusterPolicyPeer &peer : rule.peers)
                    if (peer.networks)
                        for (const IPBlock &b : *peer.networks)
                            if (seen.insert(blockKey(b)).second)
                                blocks.push_back(&b);
    }

    std::unordered_map<std::string, std::uint32_t> index;
    std::map<std::vector<ContainerPort>, std::uint32_t> profileIndex{{{}, 0}};
    portProfiles.assign(1, {});
    workloadClass.resize(cluster->workloads.size());
    std::string key;
    for (size_t i = 0; i < cluster->workloads.size(); ++i) {
        const Workload &w = cluster->workloads[i];
        key = w.namespaceName;
        key += '\0';
        for (const auto &[k, v] : w.labels) {
            key += k;
            key += '=';
            key += v;
            key += '\0';
        }
        key += '\1';
        std::vector<ContainerPort> named;
        for (const ContainerPort &p : w.ports)
            if (!p.name.empty())
                named.push_back(p);
        std::sort(named.begin(), named.end());
        named.erase(std::unique(named.begin(), named.end()), named.end());
        for (const ContainerPort &p : named)
            key += p.name + ':' + std::to_string(p.port) + ':' +
                   std::to_string(static_cast<int>(p.protocol)) + '\0';
        key += '\1';
        for (const IPBlock *b : blocks)
            key += hits(w, *b) ? '1' : '0';
        // hostNetwork pods are never cluster-policy subjects or selector peers; `nodes` peers
        // match the pods that use a node's address.
        key += w.hostNetwork ? 'H' : 'h';
        for (const Node &node : cluster->nodes)
            key += std::any_of(node.addresses.begin(), node.addresses.end(),
                               [&w](const IPAddress &a) {
                                   return std::find(w.ips.begin(), w.ips.end(), a) != w.ips.end();
                               })
                       ? '1'
                       : '0';
        auto [it, inserted] = index.emplace(key, static_cast<std::uint32_t>(classes.size()));
        if (inserted) {
            ClassInfo c;
            c.ns = namespaceOf(w.namespaceName);
            c.hostNetwork = w.hostNetwork;
            auto [pit, newProfile] =
                profileIndex.emplace(named, static_cast<std::uint32_t>(portProfiles.size()));
            if (newProfile)
                portProfiles.push_back(named);
            c.portProfile = pit->second;
            classes.push_back(std::move(c));
            nsClasses[classes.back().ns].push_back(it->second);
            classLabelIndex.add(it->second, w.labels);
        }
        classes[it->second].workloads.push_back(i);
        workloadClass[i] = it->second;
    }
    for (const IPBlock *b : blocks) {
        std::vector<std::uint32_t> &hit = blockClasses[blockKey(*b)];
        for (std::uint32_t c = 0; c < classes.size(); ++c)
            if (hits(cluster->workloads[classes[c].workloads.front()], *b))
                hit.push_back(c);
    }
}

std::vector<std::uint32_t> Evaluator::State::classesSelected(std::uint32_t ns,
                                                             const LabelSelector &s) const
{
    if (ns == kNoNamespace)
        return {};
    const std::vector<std::uint32_t> &inNs = nsClasses[ns];
    if (s.isEmpty())
        return inNs;
    std::vector<std::uint32_t> out;
    if (const auto candidates = classLabelIndex.candidates(s, inNs.size())) {
        for (std::uint32_t c : *candidates)
            if (classes[c].ns == ns && s.matches(classLabels(c)))
                out.push_back(c);
    } else {
        for (std::uint32_t c : inNs)
            if (s.matches(classLabels(c)))
                out.push_back(c);
    }
    return out;
}

const std::vector<std::uint32_t> &Evaluator::State::namespacesMatching(const LabelSelector &s)
{
    std::string key;
    appendSelector(key, s);
    auto it = nsSelectorCache.find(key);
    if (it != nsSelectorCache.end())
        return it->second;
    std::vector<std::uint32_t> out;
    if (const auto candidates = nsLabelIndex.candidates(s)) {
        for (std::uint32_t n : *candidates)
            if (s.matches(nsLabels[n]))
                out.push_back(n);
    } else {
        for (std::uint32_t n = 0; n < nsLabels.size(); ++n)
            if (s.matches(nsLabels[n]))
                out.push_back(n);
    }
    return nsSelectorCache.emplace(std::move(key), std::move(out)).first->second;
}

const std::vector<std::uint32_t> &Evaluator::State::classesInBlock(const IPBlock &b)
{
    auto [it, inserted] = blockClasses.try_emplace(blockKey(b));
    if (inserted) // a block added by an edit that splits no class (checked before)
        for (std::uint32_t c = 0; c < classes.size(); ++c)
            if (hits(cluster->workloads[classes[c].workloads.front()], b))
                it->second.push_back(c);
    return it->second;
}

void Evaluator::State::peerClasses(const NetworkPolicy &policy, const NetworkPolicyPeer &peer,
                                   std::vector<std::uint32_t> &out)
{
    if (peer.ipBlock) {
        if (options.ipBlockMatchesPods) {
            const std::vector<std::uint32_t> &hit = classesInBlock(*peer.ipBlock);
            out.insert(out.end(), hit.begin(), hit.end());
        }
        return;
    }
    if (!peer.namespaceSelector) {
        const std::vector<std::uint32_t> in =
            classesSelected(namespaceOf(policy.namespaceName),
                            peer.podSelector ? *peer.podSelector : LabelSelector{});
        out.insert(out.end(), in.begin(), in.end());
        return;
    }
    const std::vector<std::uint32_t> &nss = namespacesMatching(*peer.namespaceSelector);
    if (!peer.podSelector || peer.podSelector->isEmpty()) {
        for (std::uint32_t n : nss)
            out.insert(out.end(), nsClasses[n].begin(), nsClasses[n].end());
        return;
    }
    size_t total = 0;
    for (std::uint32_t n : nss)
        total += nsClasses[n].size();
    if (const auto candidates = classLabelIndex.candidates(*peer.podSelector, total)) {
        for (std::uint32_t c : *candidates)
            if (std::binary_search(nss.begin(), nss.end(), classes[c].ns) &&
                peer.podSelector->matches(classLabels(c)))
                out.push_back(c);
        return;
    }
    for (std::uint32_t n : nss)
        for (std::uint32_t c : nsClasses[n])
            if (peer.podSelector->matches(classLabels(c)))
                out.push_back(c);
}

std::uint32_t Evaluator::State::matchSetFor(const NetworkPolicy &policy,
                                            const NetworkPolicyRule &rule)
{
    // Rules with the same peers (in the same namespace, when a peer depends on it) share one
    // set: the DNS rule of every namespace is computed once.
    std::string key;
    for (const NetworkPolicyPeer &peer : rule.peers) {
        if (peer.ipBlock) {
            key += 'B';
            key += blockKey(*peer.ipBlock);
            key += '\0';
        } else {
            if (peer.namespaceSelector) {
                key += 'N';
                appendSelector(key, *peer.namespaceSelector);
            } else {
                key += 'L';
                key += policy.namespaceName;
                key += '\0';
            }
            if (peer.podSelector) {
                key += 'P';
                appendSelector(key, *peer.podSelector);
            }
        }
        key += '\3';
    }
    auto it = matchSetIndex.find(key);
    if (it != matchSetIndex.end())
        return it->second;

    MatchSet set;
    if (rule.peers.empty()) {
        set.all = true;
    } else {
        std::vector<std::uint32_t> members;
        for (const NetworkPolicyPeer &peer : rule.peers)
            peerClasses(policy, peer, members);
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        if (members.size() == classes.size()) {
            set.all = true;
        } else if (members.size() * 32 > classes.size()) {
            set.bits.assign((classes.size() + 63) / 64, 0);
            for (std::uint32_t c : members)
                set.bits[c >> 6] |= std::uint64_t(1) << (c & 63);
        } else {
            set.members = std::move(members);
        }
    }
    const auto id = static_cast<std::uint32_t>(matchSets.size());
    matchSets.push_back(std::move(set));
    matchSetIndex.emplace(std::move(key), id);
    return id;
}

RuleInfo Evaluator::State::ruleInfo(const NetworkPolicy &policy, const NetworkPolicyRule &rule)
{
    RuleInfo r;
    r.matches = matchSetFor(policy, rule);
    r.anyPeer = rule.peers.empty();
    r.ipBlocks = std::any_of(rule.peers.begin(), rule.peers.end(),
                             [](const NetworkPolicyPeer &p) { return p.ipBlock.has_value(); });
    r.uid = nextRuleUid++;
    if (rule.ports.empty()) {
        r.numericPorts = ConnectionSetTable::kAll;
        return r;
    }
    ConnectionSet numeric;
    for (const NetworkPolicyPort &port : rule.ports) {
        const Protocol protocol = port.effectiveProtocol();
        if (port.isNamed())
            r.names.push_back({port.namedPort, protocol});
        else if (port.port)
            numeric.add(protocol, *port.port, port.endPort.value_or(*port.port));
        else
            numeric.add(protocol, kMinPort, kMaxPort);
    }
    r.numericPorts = table.intern(numeric);
    return r;
}

PolicyInfo Evaluator::State::policyInfo(size_t p)
{
    const NetworkPolicy &policy = cluster->policies[p];
    PolicyInfo info;
    info.ingress = policy.affectsIngress();
    info.egress = policy.affectsEgress();
    info.selected = classesSelected(namespaceOf(policy.namespaceName), policy.podSelector);
    for (const NetworkPolicyRule &rule : policy.ingress)
        info.ingressRules.push_back(ruleInfo(policy, rule));
    for (const NetworkPolicyRule &rule : policy.egress)
        info.egressRules.push_back(ruleInfo(policy, rule));
    return info;
}

bool Evaluator::State::splitsAClass(const NetworkPolicy &policy) const
{
    if (!options.ipBlockMatchesPods)
        return false;
    for (const auto *rules : {&policy.ingress, &policy.egress})
        for (const NetworkPolicyRule &rule : *rules)
            for (const NetworkPolicyPeer &peer : rule.peers) {
                if (!peer.ipBlock || blockClasses.count(blockKey(*peer.ipBlock)))
                    continue;
                for (const ClassInfo &c : classes) {
                    const bool first = hits(cluster->workloads[c.workloads.front()], *peer.ipBlock);
                    for (size_t w : c.workloads)
                        if (hits(cluster->workloads[w], *peer.ipBlock) != first)
                            return true;
                }
            }
    return false;
}

Id Evaluator::State::portsFor(const RuleInfo &r, std::uint32_t profile, Scratch &s)
{
    if (r.names.empty() || profile == 0)
        return r.numericPorts;
    const std::uint64_t key = (std::uint64_t(r.uid) << 32) | profile;
    auto it = s.namedPorts.find(key);
    if (it != s.namedPorts.end())
        return it->second;
    // Resolved on the destination's containers: every container port of that name and protocol.
    ConnectionSet set = table.at(r.numericPorts);
    for (const auto &[name, protocol] : r.names)
        for (const ContainerPort &cp : portProfiles[profile])
            if (cp.name == name && cp.protocol == protocol)
                set.add(protocol, cp.port, cp.port);
    const Id id = table.intern(set);
    s.namedPorts.emplace(key, id);
    return id;
}

Id Evaluator::State::egressSide(std::uint32_t from, std::uint32_t to, Scratch &s)
{
    if (classes[from].tierEgress())
        return tierSideId(false, from, to, nullptr, kUnknownId, s);
    return npEgressSide(from, to, s);
}

Id Evaluator::State::ingressSide(std::uint32_t from, std::uint32_t to, Scratch &s)
{
    if (classes[to].tierIngress())
        return tierSideId(true, to, from, nullptr, kUnknownId, s);
    return npIngressSide(from, to, s);
}

Id Evaluator::State::npEgressSide(std::uint32_t from, std::uint32_t to, Scratch &s)
{
    const ClassInfo &c = classes[from];
    if (c.egressPolicies.empty())
        return ConnectionSetTable::kAll;
    Id acc = ConnectionSetTable::kNone;
    const std::uint32_t profile = classes[to].portProfile;
    for (size_t p : c.egressPolicies)
        for (const RuleInfo &r : policies[p].egressRules)
            if (matchSets[r.matches].contains(to)) {
                acc = table.united(acc, portsFor(r, profile, s), s.memo);
                if (acc == ConnectionSetTable::kAll)
                    return acc;
            }
    return acc;
}

Id Evaluator::State::npIngressSide(std::uint32_t from, std::uint32_t to, Scratch &s)
{
    const ClassInfo &c = classes[to];
    if (c.ingressPolicies.empty())
        return ConnectionSetTable::kAll;
    Id acc = ConnectionSetTable::kNone;
    for (size_t p : c.ingressPolicies)
        for (const RuleInfo &r : policies[p].ingressRules)
            if (matchSets[r.matches].contains(from)) {
                acc = table.united(acc, portsFor(r, c.portProfile, s), s.memo);
                if (acc == ConnectionSetTable::kAll)
                    return acc;
            }
    return acc;
}

Id Evaluator::State::cell(std::uint32_t from, std::uint32_t to, Scratch &s)
{
    const Id egress = egressSide(from, to, s);
    if (egress == ConnectionSetTable::kNone)
        return egress;
    return table.intersected(egress, ingressSide(from, to, s), s.memo);
}

Id Evaluator::State::lookup(std::uint32_t from, std::uint32_t to) const
{
    Id id = ConnectionSetTable::kNone;
    if (egressIsolated(from)) {
        if (findEntry(rows[from], to, id))
            return id;
        if (!rowFallsBack(from))
            return ConnectionSetTable::kNone;
    }
    if (ingressIsolated(to)) {
        if (findEntry(cols[to], from, id))
            return id;
        return columnDefaultsToAll(to) ? ConnectionSetTable::kAll : ConnectionSetTable::kNone;
    }
    return ConnectionSetTable::kAll;
}

Row Evaluator::State::computeRow(std::uint32_t from, Scratch &s)
{
    if (classes[from].tierEgress()) {
        // Destinations some tier rule matches get the whole walk; the others only what the
        // NetworkPolicies give (when one isolates the class) or, past the row, the column.
        const size_t n = classes.size();
        std::vector<Id> &acc = s.acc;
        s.touched.clear();
        for (size_t p : classes[from].egressPolicies)
            for (const RuleInfo &r : policies[p].egressRules)
                matchSets[r.matches].forEach(n, [&](std::uint32_t to) {
                    const Id ports = portsFor(r, classes[to].portProfile, s);
                    if (ports == ConnectionSetTable::kNone)
                        return;
                    if (acc[to] == ConnectionSetTable::kNone)
                        s.touched.push_back(to);
                    acc[to] = table.united(acc[to], ports, s.memo);
                });
        markTierPeers(from, false, s);
        const std::vector<std::uint32_t> candidates = tierCandidates(s);
        const bool np = !classes[from].egressPolicies.empty();
        Row row;
        for (std::uint32_t to : candidates) {
            const Id networkPolicy = np ? acc[to] : ConnectionSetTable::kAll;
            const Id egress = s.mark[to] ? tierSideMemo(false, from, to, networkPolicy, s) : networkPolicy;
            const Id id = egress == ConnectionSetTable::kNone
                              ? egress
                              : table.intersected(egress, ingressSide(from, to, s), s.memo);
            putRowCell(row, from, to, id, s);
        }
        for (std::uint32_t to : s.touched)
            acc[to] = ConnectionSetTable::kNone;
        for (std::uint32_t to : s.marked)
            s.mark[to] = 0;
        s.marked.clear();
        row.shrink_to_fit();
        return row;
    }
    // Only destinations some egress rule matches can get anything.
    std::vector<Id> &acc = s.acc;
    s.touched.clear();
    const size_t n = classes.size();
    for (size_t p : classes[from].egressPolicies)
        for (const RuleInfo &r : policies[p].egressRules) {
            if (r.names.empty() && r.numericPorts == ConnectionSetTable::kNone)
                continue;
            matchSets[r.matches].forEach(n, [&](std::uint32_t to) {
                const Id ports = portsFor(r, classes[to].portProfile, s);
                if (ports == ConnectionSetTable::kNone)
                    return;
                if (acc[to] == ConnectionSetTable::kNone)
                    s.touched.push_back(to);
                acc[to] = table.united(acc[to], ports, s.memo);
            });
        }
    std::sort(s.touched.begin(), s.touched.end());
    Row row;
    for (std::uint32_t to : s.touched) {
        const Id egress = acc[to];
        acc[to] = ConnectionSetTable::kNone;
        const Id id = table.intersected(egress, ingressSide(from, to, s), s.memo);
        if (id != ConnectionSetTable::kNone)
            row.push_back({to, id});
    }
    row.shrink_to_fit();
    return row;
}

Row Evaluator::State::computeCol(std::uint32_t to, Scratch &s)
{
    if (classes[to].tierIngress()) {
        const size_t n = classes.size();
        std::vector<Id> &acc = s.acc;
        s.touched.clear();
        const ClassInfo &target = classes[to];
        for (size_t p : target.ingressPolicies)
            for (const RuleInfo &r : policies[p].ingressRules) {
                const Id ports = portsFor(r, target.portProfile, s);
                if (ports == ConnectionSetTable::kNone)
                    continue;
                matchSets[r.matches].forEach(n, [&](std::uint32_t from) {
                    if (acc[from] == ConnectionSetTable::kNone)
                        s.touched.push_back(from);
                    acc[from] = table.united(acc[from], ports, s.memo);
                });
            }
        markTierPeers(to, true, s);
        const std::vector<std::uint32_t> candidates = tierCandidates(s);
        Row col;
        for (std::uint32_t from : candidates) {
            if (!columnSource(from))
                continue;
            const Id id = s.mark[from] ? tierSideMemo(true, to, from, acc[from], s) : acc[from];
            putColumnCell(col, to, from, id);
        }
        for (std::uint32_t from : s.touched)
            acc[from] = ConnectionSetTable::kNone;
        for (std::uint32_t from : s.marked)
            s.mark[from] = 0;
        s.marked.clear();
        col.shrink_to_fit();
        return col;
    }
    // Sources that are not egress-isolated get exactly what the ingress rules allow.
    std::vector<Id> &acc = s.acc;
    s.touched.clear();
    const size_t n = classes.size();
    const ClassInfo &target = classes[to];
    for (size_t p : target.ingressPolicies)
        for (const RuleInfo &r : policies[p].ingressRules) {
            const Id ports = portsFor(r, target.portProfile, s);
            if (ports == ConnectionSetTable::kNone)
                continue;
            matchSets[r.matches].forEach(n, [&](std::uint32_t from) {
                if (!columnSource(from))
                    return;
                if (acc[from] == ConnectionSetTable::kNone)
                    s.touched.push_back(from);
                acc[from] = table.united(acc[from], ports, s.memo);
            });
        }
    std::sort(s.touched.begin(), s.touched.end());
    Row col;
    col.reserve(s.touched.size());
    for (std::uint32_t from : s.touched) {
        col.push_back({from, acc[from]});
        acc[from] = ConnectionSetTable::kNone;
    }
    return col;
}

void Evaluator::State::coverRanges(size_t p)
{
    const NetworkPolicy &policy = cluster->policies[p];
    for (const bool ingress : {true, false}) {
        const std::vector<IPRange> &ranges = ingress ? extSources : extDestinations;
        const auto &rules = ingress ? policy.ingress : policy.egress;
        auto &infos = ingress ? policies[p].ingressRules : policies[p].egressRules;
        // A policy changed in the same batch but not announced yet may have other rules; its
        // own announcement covers it again.
        for (RuleInfo &r : infos)
            r.covered.clear();
        for (size_t i = 0; i < std::min(rules.size(), infos.size()); ++i) {
            RuleInfo &r = infos[i];
            if (!r.ipBlocks)
                continue;
            for (std::uint32_t d = 0; d < ranges.size(); ++d)
                if (std::any_of(rules[i].peers.begin(), rules[i].peers.end(),
                                [&](const NetworkPolicyPeer &peer) {
                                    return peer.ipBlock && peer.ipBlock->contains(ranges[d]);
                                }))
                    r.covered.push_back(d);
        }
    }
}

std::vector<Id> Evaluator::State::computeExtOut(std::uint32_t c, Scratch &s)
{
    // An address has no named ports and no ingress side.
    if (!egressIsolated(c))
        return {};
    const bool np = !classes[c].egressPolicies.empty();
    std::vector<Id> out(extDestinations.size(), np ? ConnectionSetTable::kNone : ConnectionSetTable::kAll);
    for (size_t p : classes[c].egressPolicies)
        for (const RuleInfo &r : policies[p].egressRules) {
            if (r.numericPorts == ConnectionSetTable::kNone)
                continue;
            if (r.anyPeer)
                for (Id &id : out)
                    id = table.united(id, r.numericPorts, s.memo);
            else
                for (std::uint32_t d : r.covered)
                    out[d] = table.united(out[d], r.numericPorts, s.memo);
        }
    if (classes[c].tierEgress())
        for (size_t d = 0; d < out.size(); ++d)
            out[d] = tierSideId(false, c, 0, &extDestinations[d], out[d], s);
    return out;
}

std::vector<Id> Evaluator::State::computeExtIn(std::uint32_t c, Scratch &s)
{
    if (!ingressIsolated(c))
        return {};
    const bool np = !classes[c].ingressPolicies.empty();
    std::vector<Id> out(extSources.size(), np ? ConnectionSetTable::kNone : ConnectionSetTable::kAll);
    for (size_t p : classes[c].ingressPolicies)
        for (const RuleInfo &r : policies[p].ingressRules) {
            const Id ports = portsFor(r, classes[c].portProfile, s);
            if (ports == ConnectionSetTable::kNone)
                continue;
            if (r.anyPeer)
                for (Id &id : out)
                    id = table.united(id, ports, s.memo);
            else
                for (std::uint32_t d : r.covered)
                    out[d] = table.united(out[d], ports, s.memo);
        }
    if (classes[c].tierIngress())
        for (size_t d = 0; d < out.size(); ++d)
            out[d] = tierSideId(true, c, 0, &extSources[d], out[d], s);
    return out;
}

void Evaluator::State::computeExternals(unsigned threadCount)
{
    extSources = ExternalPartition::sources(*cluster);
    extDestinations = ExternalPartition::destinations(*cluster);
    for (size_t p = 0; p < policies.size(); ++p)
        coverRanges(p);
    extOut.assign(classes.size(), {});
    extIn.assign(classes.size(), {});
    parallelFor(classes.size(), threadCount, [&](size_t c, Scratch &s) {
        extOut[c] = computeExtOut(static_cast<std::uint32_t>(c), s);
        extIn[c] = computeExtIn(static_cast<std::uint32_t>(c), s);
    });
}

int Evaluator::State::findRange(const std::vector<IPRange> &ranges, const IPRange &r)
{
    // The partition comes sorted: IPv4 pieces ascending, then IPv6.
    auto it = std::lower_bound(ranges.begin(), ranges.end(), r);
    return it != ranges.end() && *it == r ? static_cast<int>(it - ranges.begin()) : -1;
}

bool Evaluator::State::evaluateAll(unsigned threadCount)
{
    threads = threadCount;
    // Until it is all done the answers stay lazy: a stop leaves nothing half computed in use.
    complete = false;
    const size_t n = classes.size();
    if (watch) {
        watch->total.store(2 * n, std::memory_order_relaxed); // pairs, then outside ranges
        watch->done.store(0, std::memory_order_relaxed);
    }
    rows.assign(n, {});
    cols.assign(n, {});
    parallelFor(n, threads, [&](size_t c, Scratch &s) {
        const auto cls = static_cast<std::uint32_t>(c);
        if (egressIsolated(cls))
            rows[c] = computeRow(cls, s);
        if (ingressIsolated(cls))
            cols[c] = computeCol(cls, s);
    });
    if (!stopped())
        computeExternals(threads);
    if (stopped()) {
        rows.clear();
        cols.clear();
        extOut.clear();
        extIn.clear();
        return false;
    }
    complete = true;
    std::lock_guard lock(lazyMutex);
    pairCache.clear();
    return true;
}

void Evaluator::State::refresh(const std::vector<std::uint32_t> &sources,
                               const std::vector<std::uint32_t> &destinations,
                               const std::vector<std::uint32_t> &flippedSources,
                               size_t editedPolicy, bool policyExists)
{
    // On the evaluation's threads, as evaluateAll: each step writes only the row, column or
    // range list of its own index, and one step ends before the next begins.
    parallelFor(sources.size(), threads, [&](size_t i, Scratch &s) {
        const std::uint32_t from = sources[i];
        rows[from] = egressIsolated(from) ? computeRow(from, s) : Row{};
    });
    parallelFor(destinations.size(), threads, [&](size_t i, Scratch &s) {
        const std::uint32_t to = destinations[i];
        cols[to] = ingressIsolated(to) ? computeCol(to, s) : Row{};
    });
    // A source that became (or stopped being) egress-isolated moves between rows and cols.
    if (!flippedSources.empty())
        parallelFor(classes.size(), threads, [&](size_t t, Scratch &s) {
            const auto to = static_cast<std::uint32_t>(t);
            if (!ingressIsolated(to) || std::binary_search(destinations.begin(), destinations.end(), to))
                return;
            for (std::uint32_t from : flippedSources) {
                if (columnSource(from))
                    putColumnCell(cols[to], to, from, ingressSide(from, to, s));
                else
                    putEntry(cols[to], from, ConnectionSetTable::kNone, false);
            }
        });
    // Destinations whose ingress changed, seen from the rows that were not recomputed.
    if (!destinations.empty())
        parallelFor(classes.size(), threads, [&](size_t f, Scratch &s) {
            const auto from = static_cast<std::uint32_t>(f);
            if (!egressIsolated(from) || std::binary_search(sources.begin(), sources.end(), from))
                return;
            for (std::uint32_t to : destinations)
                putRowCell(rows[from], from, to, cell(from, to, s), s);
        });

    std::vector<IPRange> newSources = ExternalPartition::sources(*cluster);
    std::vector<IPRange> newDestinations = ExternalPartition::destinations(*cluster);
    if (newSources != extSources || newDestinations != extDestinations) {
        computeExternals(threads);
        return;
    }
    if (policyExists)
        coverRanges(editedPolicy);
    parallelFor(sources.size(), threads,
                [&](size_t i, Scratch &s) { extOut[sources[i]] = computeExtOut(sources[i], s); });
    parallelFor(destinations.size(), threads,
                [&](size_t i, Scratch &s) { extIn[destinations[i]] = computeExtIn(destinations[i], s); });
}

// ---------------------------------------------------------------------------------------------

Evaluator::Evaluator(const Cluster &cluster, EvaluatorOptions options)
    : mCluster(&cluster), mOptions(options), mState(std::make_unique<State>(cluster, options))
{
}

Evaluator::~Evaluator() = default;

size_t Evaluator::classCount() const
{
    return mState->classes.size();
}

size_t Evaluator::classOf(size_t workload) const
{
    return mState->workloadClass[workload];
}

const std::vector<size_t> &Evaluator::workloadsOf(size_t cls) const
{
    return mState->classes[cls].workloads;
}

bool Evaluator::isComplete() const
{
    return mState->complete;
}

void Evaluator::evaluateAll(unsigned threads)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    mState->evaluateAll(threads);
}

bool Evaluator::evaluateAll(unsigned threads, EvaluationProgress *progress)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    mState->watch = progress;
    const bool done = mState->evaluateAll(threads);
    mState->watch = nullptr;
    return done;
}

Evaluator::Evaluator(const Evaluator &other, const Cluster &cluster)
    : mCluster(&cluster), mOptions(other.mOptions)
{
    // The lazy caches may be filling on another thread: copied while they stand still.
    std::lock_guard lock(other.mState->lazyMutex);
    mState = std::make_unique<State>(*other.mState);
    mState->cluster = &cluster;
    mState->watch = nullptr;
}

void EvaluatorUpdate::merge(const EvaluatorUpdate &other)
{
    everything = everything || other.everything;
    sourceClasses.insert(sourceClasses.end(), other.sourceClasses.begin(), other.sourceClasses.end());
    destinationClasses.insert(destinationClasses.end(), other.destinationClasses.begin(),
                              other.destinationClasses.end());
}

void EvaluatorUpdate::normalize()
{
    for (auto *classes : {&sourceClasses, &destinationClasses}) {
        std::sort(classes->begin(), classes->end());
        classes->erase(std::unique(classes->begin(), classes->end()), classes->end());
    }
}

EvaluatorUpdate Evaluator::announce(const ClusterChange::Step &step)
{
    if (const auto *s = std::get_if<PolicyStep>(&step))
        return s->before && s->after ? policyChanged(s->index)
               : s->after            ? policyAdded(s->index)
                                     : policyRemoved(s->index);
    if (const auto *s = std::get_if<ClusterPolicyStep>(&step))
        return s->before && s->after ? clusterPolicyChanged(s->index)
               : s->after            ? clusterPolicyAdded(s->index)
                                     : clusterPolicyRemoved(s->index);
    return {};
}

void Evaluator::rebind(const Cluster &cluster)
{
    mCluster = &cluster;
    mState->cluster = &cluster;
}

Evaluator::ConnectionId Evaluator::connectionId(size_t fromClass, size_t toClass) const
{
    State &st = *mState;
    const auto from = static_cast<std::uint32_t>(fromClass);
    const auto to = static_cast<std::uint32_t>(toClass);
    if (st.complete)
        return st.lookup(from, to);
    const std::uint64_t key = (std::uint64_t(from) << 32) | to;
    std::lock_guard lock(st.lazyMutex);
    auto it = st.pairCache.find(key);
    if (it != st.pairCache.end())
        return it->second;
    const Id id = st.cell(from, to, st.lazyScratch);
    st.pairCache.emplace(key, id);
    return id;
}

const ConnectionSet &Evaluator::connectionSet(ConnectionId id) const
{
    return mState->table.at(id);
}

std::vector<std::pair<size_t, Evaluator::ConnectionId>> Evaluator::allowedFrom(size_t fromClass) const
{
    std::vector<std::pair<size_t, ConnectionId>> out;
    const State &st = *mState;
    if (st.complete && st.egressIsolated(static_cast<std::uint32_t>(fromClass)) &&
        !st.rowFallsBack(static_cast<std::uint32_t>(fromClass))) {
        for (const auto &[to, id] : st.rows[fromClass])
            out.push_back({to, id});
        return out;
    }
    for (size_t to = 0; to < st.classes.size(); ++to)
        if (const ConnectionId id = connectionId(fromClass, to))
            out.push_back({to, id});
    return out;
}

std::vector<std::pair<size_t, Evaluator::ConnectionId>> Evaluator::allowedTo(size_t toClass) const
{
    std::vector<std::pair<size_t, ConnectionId>> out;
    for (size_t from = 0; from < mState->classes.size(); ++from)
        if (const ConnectionId id = connectionId(from, toClass))
            out.push_back({from, id});
    return out;
}

ConnectionSet Evaluator::rulePorts(const NetworkPolicyRule &rule,
                                   const Endpoint &destination) const
{
    if (rule.ports.empty())
        return ConnectionSet::all();
    ConnectionSet out;
    for (const NetworkPolicyPort &port : rule.ports) {
        const Protocol protocol = port.effectiveProtocol();
        if (port.isNamed()) {
            // Resolved on the destination's containers; an address has no port names.
            if (!destination.isWorkload())
                continue;
            for (const ContainerPort &cp : mCluster->workloads[destination.workload].ports)
                if (cp.name == port.namedPort && cp.protocol == protocol)
                    out.add(protocol, cp.port, cp.port);
        } else if (port.port) {
            out.add(protocol, *port.port, port.endPort.value_or(*port.port));
        } else {
            out.add(protocol, kMinPort, kMaxPort);
        }
    }
    return out;
}

SideExplanation Evaluator::side(PolicyType direction, const Endpoint &subject,
                                const Endpoint &peer, const Endpoint &destination,
                                bool withRules) const
{
    const State &st = *mState;
    SideExplanation s;
    s.direction = direction;
    if (!subject.isWorkload()) {
        s.allowed = ConnectionSet::all();
        return s;
    }
    s.policed = true;
    const ClassInfo &c = st.classes[st.workloadClass[subject.workload]];
    const bool ingress = direction == PolicyType::Ingress;
    const bool tiered = ingress ? c.tierIngress() : c.tierEgress();
    const std::vector<size_t> &policies = ingress ? c.ingressPolicies : c.egressPolicies;
    s.isolated = !policies.empty();
    if (!s.isolated) {
        s.allowed = ConnectionSet::all();
        if (tiered)
            tierSide(s, subject, peer, destination, s.allowed);
        return s;
    }
    s.isolatingPolicies = policies;
    // With tiers ahead, every rule counts: the Admin tier may leave only a part to them.
    const bool shortcut = !withRules && !tiered;
    for (size_t p : policies) {
        const auto &rules = ingress ? mCluster->policies[p].ingress : mCluster->policies[p].egress;
        const auto &infos = ingress ? st.policies[p].ingressRules : st.policies[p].egressRules;
        for (size_t r = 0; r < rules.size(); ++r) {
            if (shortcut && s.allowed.isAll())
                return s;
            bool matches;
            if (peer.isWorkload()) {
                matches = st.matchSets[infos[r].matches].contains(
                    static_cast<std::uint32_t>(st.workloadClass[peer.workload]));
            } else {
                // Selectors never match addresses outside the cluster.
                matches = rules[r].peers.empty() ||
                          std::any_of(rules[r].peers.begin(), rules[r].peers.end(),
                                      [&](const NetworkPolicyPeer &p) {
                                          return p.ipBlock && p.ipBlock->contains(peer.range);
                                      });
            }
            if (!matches)
                continue;
            ConnectionSet ports = rulePorts(rules[r], destination);
            if (ports.isEmpty())
                continue;
            s.allowed.add(ports);
            if (withRules)
                s.allowingRules.push_back({p, r, std::move(ports)});
        }
    }
    if (tiered) {
        const ConnectionSet networkPolicy = s.allowed;
        tierSide(s, subject, peer, destination, networkPolicy);
    }
    return s;
}

ConnectionSet Evaluator::allowed(const Endpoint &from, const Endpoint &to) const
{
    if (from.isExternal() && to.isExternal())
        return {};
    const State &st = *mState;
    if (from.isWorkload() && to.isWorkload())
        return connectionSet(connectionId(st.workloadClass[from.workload],
                                          st.workloadClass[to.workload]));
    if (st.complete) {
        // Ranges of the external partition are looked up; any other range is computed.
        if (from.isWorkload()) {
            const auto c = static_cast<std::uint32_t>(st.workloadClass[from.workload]);
            if (!st.egressIsolated(c))
                return ConnectionSet::all();
            if (const int d = State::findRange(st.extDestinations, to.range); d >= 0)
                return connectionSet(st.extOut[c][static_cast<size_t>(d)]);
        } else {
            const auto c = static_cast<std::uint32_t>(st.workloadClass[to.workload]);
            if (!st.ingressIsolated(c))
                return ConnectionSet::all();
            if (const int d = State::findRange(st.extSources, from.range); d >= 0)
                return connectionSet(st.extIn[c][static_cast<size_t>(d)]);
        }
    }
    SideExplanation egress = side(PolicyType::Egress, from, to, to, false);
    if (egress.allowed.isEmpty())
        return ConnectionSet();
    SideExplanation ingress = side(PolicyType::Ingress, to, from, to, false);
    return egress.allowed.intersected(ingress.allowed);
}

Explanation Evaluator::explain(const Endpoint &from, const Endpoint &to) const
{
    Explanation e;
    e.from = from;
    e.to = to;
    e.egress = side(PolicyType::Egress, from, to, to, true);
    e.ingress = side(PolicyType::Ingress, to, from, to, true);
    if (!(from.isExternal() && to.isExternal()))
        e.allowed = e.egress.allowed.intersected(e.ingress.allowed);
    return e;
}

bool Evaluator::isolatedForIngress(size_t workload) const
{
    return !mState->classes[mState->workloadClass[workload]].ingressPolicies.empty();
}

bool Evaluator::isolatedForEgress(size_t workload) const
{
    return !mState->classes[mState->workloadClass[workload]].egressPolicies.empty();
}

std::vector<size_t> Evaluator::policiesSelecting(size_t workload) const
{
    return mState->classes[mState->workloadClass[workload]].selecting;
}

bool Evaluator::matchesAsPeer(size_t policy, const Endpoint &peer) const
{
    const State &st = *mState;
    if (policy >= mCluster->policies.size())
        return false;
    const NetworkPolicy &p = mCluster->policies[policy];
    for (const bool ingress : {true, false}) {
        const auto &rules = ingress ? p.ingress : p.egress;
        const auto &infos = ingress ? st.policies[policy].ingressRules : st.policies[policy].egressRules;
        for (size_t r = 0; r < rules.size(); ++r) {
            if (rules[r].peers.empty())
                return true;
            if (peer.isWorkload()) {
                if (st.matchSets[infos[r].matches].contains(
                        static_cast<std::uint32_t>(st.workloadClass[peer.workload])))
                    return true;
                continue;
            }
            for (const NetworkPolicyPeer &x : rules[r].peers)
                if (x.ipBlock && x.ipBlock->contains(peer.range))
                    return true;
        }
    }
    return false;
}

EvaluatorUpdate Evaluator::policyChanged(size_t index)
{
    return edit(index, Changed);
}

EvaluatorUpdate Evaluator::policyAdded(size_t index)
{
    return edit(index, Added);
}

EvaluatorUpdate Evaluator::policyRemoved(size_t index)
{
    return edit(index, Removed);
}

EvaluatorUpdate Evaluator::clusterChanged()
{
    const bool wasComplete = mState->complete;
    const unsigned threads = mState->threads;
    mState = std::make_unique<State>(*mCluster, mOptions);
    if (wasComplete)
        mState->evaluateAll(threads);
    EvaluatorUpdate update;
    update.everything = true;
    return update;
}

EvaluatorUpdate Evaluator::edit(size_t index, int kind)
{
    State &st = *mState;
    // In a batch, a rebuild (below) has already read every policy of the cluster.
    if (kind == Added && st.policies.size() >= mCluster->policies.size())
        kind = Changed;
    if (kind == Removed && st.policies.size() <= mCluster->policies.size()) {
        EvaluatorUpdate update;
        update.everything = true;
        return update;
    }
    if (kind != Removed && st.splitsAClass(mCluster->policies[index]))
        return clusterChanged();

    PolicyInfo old;
    if (kind == Changed) {
        old = std::move(st.policies[index]);
    } else if (kind == Removed) {
        old = std::move(st.policies[index]);
        st.policies.erase(st.policies.begin() + static_cast<std::ptrdiff_t>(index));
    } else {
        st.policies.insert(st.policies.begin() + static_cast<std::ptrdiff_t>(index), PolicyInfo{});
    }
    if (kind != Removed)
        st.policies[index] = st.policyInfo(index);
    const PolicyInfo none;
    const PolicyInfo &now = kind == Removed ? none : st.policies[index];

    const std::vector<std::uint32_t> touched = sortedUnion(old.selected, now.selected);
    std::vector<char> wasEgressIsolated;
    for (std::uint32_t c : touched)
        wasEgressIsolated.push_back(st.columnSource(c));

    // The old selection lets go of the policy; later indices move when one is added or removed.
    for (std::uint32_t c : old.selected)
        for (auto *list : {&st.classes[c].selecting, &st.classes[c].ingressPolicies,
                           &st.classes[c].egressPolicies})
            eraseSorted(*list, index);
    if (kind != Changed)
        for (ClassInfo &c : st.classes)
            for (auto *list : {&c.selecting, &c.ingressPolicies, &c.egressPolicies})
                for (size_t &p : *list) {
                    if (kind == Added && p >= index)
                        ++p;
                    else if (kind == Removed && p > index)
                        --p;
                }
    for (std::uint32_t c : now.selected) {
        insertSorted(st.classes[c].selecting, index);
        if (now.ingress)
            insertSorted(st.classes[c].ingressPolicies, index);
        if (now.egress)
            insertSorted(st.classes[c].egressPolicies, index);
    }

    const std::vector<std::uint32_t> sources = sortedUnion(old.egress ? old.selected : std::vector<std::uint32_t>{},
                                                           now.egress ? now.selected : std::vector<std::uint32_t>{});
    const std::vector<std::uint32_t> destinations =
        sortedUnion(old.ingress ? old.selected : std::vector<std::uint32_t>{},
                    now.ingress ? now.selected : std::vector<std::uint32_t>{});
    std::vector<std::uint32_t> flipped;
    for (size_t i = 0; i < touched.size(); ++i)
        if (static_cast<bool>(wasEgressIsolated[i]) != st.columnSource(touched[i]))
            flipped.push_back(touched[i]);

    {
        std::lock_guard lock(st.lazyMutex);
        for (auto it = st.pairCache.begin(); it != st.pairCache.end();) {
            const auto from = static_cast<std::uint32_t>(it->first >> 32);
            const auto to = static_cast<std::uint32_t>(it->first);
            if (std::binary_search(sources.begin(), sources.end(), from) ||
                std::binary_search(destinations.begin(), destinations.end(), to))
                it = st.pairCache.erase(it);
            else
                ++it;
        }
    }
    if (st.complete)
        st.refresh(sources, destinations, flipped, index, kind != Removed);

    EvaluatorUpdate update;
    update.sourceClasses.assign(sources.begin(), sources.end());
    update.destinationClasses.assign(destinations.begin(), destinations.end());
    return update;
}

// --- Cluster-wide tiers ----------------------------------------------------------------------
// Per direction: the Admin tier by priority, rules in order, the first rule that matches a
// connection decides it (Accept, Deny, or Pass: on to the NetworkPolicy tier); then the
// NetworkPolicies, if any selects the pod for that direction; otherwise the Baseline tier;
// otherwise allowed.

std::vector<std::uint32_t> Evaluator::State::tierSubjectClasses(const ClusterNetworkPolicy &policy)
{
    std::vector<std::uint32_t> out;
    const ClusterPolicySubject &subject = policy.subject;
    const LabelSelector &nsSelector = subject.namespaces ? *subject.namespaces : subject.podNamespaces;
    if (!subject.namespaces && !subject.pods)
        return out;
    for (std::uint32_t n : namespacesMatching(nsSelector))
        for (std::uint32_t c : nsClasses[n])
            if (!classes[c].hostNetwork && (!subject.pods || subject.pods->matches(classLabels(c))))
                out.push_back(c);
    std::sort(out.begin(), out.end());
    return out;
}

void Evaluator::State::tierPeerClasses(const ClusterPolicyPeer &peer, std::vector<std::uint32_t> &out)
{
    if (peer.namespaces || peer.pods) {
        const LabelSelector &nsSelector = peer.namespaces ? *peer.namespaces : *peer.podNamespaces;
        for (std::uint32_t n : namespacesMatching(nsSelector))
            for (std::uint32_t c : nsClasses[n])
                if (!classes[c].hostNetwork && (!peer.pods || peer.pods->matches(classLabels(c))))
                    out.push_back(c);
    } else if (peer.networks) {
        if (options.ipBlockMatchesPods)
            for (const IPBlock &b : *peer.networks) {
                const std::vector<std::uint32_t> &hit = classesInBlock(b);
                out.insert(out.end(), hit.begin(), hit.end());
            }
    } else if (peer.nodes) {
        for (const Node &node : cluster->nodes) {
            if (!peer.nodes->matches(node.labels))
                continue;
            for (std::uint32_t c = 0; c < classes.size(); ++c) {
                const Workload &w = cluster->workloads[classes[c].workloads.front()];
                for (const IPAddress &a : node.addresses)
                    if (std::find(w.ips.begin(), w.ips.end(), a) != w.ips.end()) {
                        out.push_back(c);
                        break;
                    }
            }
        }
    }
    // domainNames: no address is known for a name, so no pod matches.
}

std::uint32_t Evaluator::State::tierMatchSet(const ClusterPolicyRule &rule)
{
    std::string key = "T";
    for (const ClusterPolicyPeer &peer : rule.peers) {
        if (peer.namespaces) {
            key += 'n';
            appendSelector(key, *peer.namespaces);
        } else if (peer.pods) {
            key += 'p';
            appendSelector(key, *peer.podNamespaces);
            appendSelector(key, *peer.pods);
        } else if (peer.networks) {
            key += 'w';
            for (const IPBlock &b : *peer.networks) {
                key += b.cidr;
                key += '\0';
            }
        } else if (peer.nodes) {
            key += 'd';
            appendSelector(key, *peer.nodes);
        } else {
            key += 'x';
        }
        key += '\3';
    }
    auto it = matchSetIndex.find(key);
    if (it != matchSetIndex.end())
        return it->second;
    std::vector<std::uint32_t> members;
    for (const ClusterPolicyPeer &peer : rule.peers)
        tierPeerClasses(peer, members);
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    MatchSet set;
    if (!classes.empty() && members.size() == classes.size()) {
        set.all = true;
    } else if (members.size() * 32 > classes.size()) {
        set.bits.assign((classes.size() + 63) / 64, 0);
        for (std::uint32_t c : members)
            set.bits[c >> 6] |= std::uint64_t(1) << (c & 63);
    } else {
        set.members = std::move(members);
    }
    const auto id = static_cast<std::uint32_t>(matchSets.size());
    matchSets.push_back(std::move(set));
    matchSetIndex.emplace(std::move(key), id);
    return id;
}

TierPolicyInfo Evaluator::State::tierPolicyInfo(size_t p)
{
    const ClusterNetworkPolicy &policy = cluster->clusterPolicies[p];
    TierPolicyInfo info;
    info.selected = tierSubjectClasses(policy);
    for (const bool ingress : {true, false})
        for (const ClusterPolicyRule &rule : ingress ? policy.ingress : policy.egress) {
            TierRule r;
            r.matches = tierMatchSet(rule);
            r.action = rule.action;
            r.uid = nextRuleUid++;
            for (const ClusterPolicyPeer &peer : rule.peers)
                if (peer.networks)
                    for (const IPBlock &b : *peer.networks)
                        r.networks.push_back(b.cidrRange);
            if (rule.ports.empty()) {
                r.numericPorts = ConnectionSetTable::kAll;
            } else {
                ConnectionSet numeric;
                for (const ClusterPolicyPort &port : rule.ports) {
                    if (port.isNamed())
                        r.names.push_back(port.namedPort);
                    else if (!port.protocol)
                        continue;
                    else if (port.port)
                        numeric.add(*port.protocol, *port.port, port.endPort.value_or(*port.port));
                    else
                        numeric.add(*port.protocol, kMinPort, kMaxPort);
                }
                r.numericPorts = table.intern(numeric);
            }
            (ingress ? info.ingressRules : info.egressRules).push_back(std::move(r));
        }
    return info;
}

void Evaluator::State::placeTiers()
{
    for (ClassInfo &c : classes) {
        c.adminIngress.clear();
        c.adminEgress.clear();
        c.baselineIngress.clear();
        c.baselineEgress.clear();
    }
    for (size_t p : clusterPolicyOrder(cluster->clusterPolicies)) {
        if (p >= tierPolicies.size())
            continue; // announced later in the same batch
        const bool admin = cluster->clusterPolicies[p].tier == PolicyTier::Admin;
        const TierPolicyInfo &info = tierPolicies[p];
        for (std::uint32_t c : info.selected) {
            if (!info.ingressRules.empty())
                (admin ? classes[c].adminIngress : classes[c].baselineIngress).push_back(p);
            if (!info.egressRules.empty())
                (admin ? classes[c].adminEgress : classes[c].baselineEgress).push_back(p);
        }
    }
}

void Evaluator::State::buildTiers()
{
    tierPolicies.clear();
    tierPolicies.reserve(cluster->clusterPolicies.size());
    for (size_t p = 0; p < cluster->clusterPolicies.size(); ++p)
        tierPolicies.push_back(tierPolicyInfo(p));
    placeTiers();
}

bool Evaluator::State::tierSplitsAClass(const ClusterNetworkPolicy &policy) const
{
    if (!options.ipBlockMatchesPods)
        return false;
    for (const ClusterPolicyRule &rule : policy.egress)
        for (const ClusterPolicyPeer &peer : rule.peers) {
            if (!peer.networks)
                continue;
            for (const IPBlock &b : *peer.networks) {
                if (blockClasses.count(blockKey(b)))
                    continue;
                for (const ClassInfo &c : classes) {
                    const bool first = hits(cluster->workloads[c.workloads.front()], b);
                    for (size_t w : c.workloads)
                        if (hits(cluster->workloads[w], b) != first)
                            return true;
                }
            }
        }
    return false;
}

Id Evaluator::State::tierSideMemo(bool ingress, std::uint32_t subject, std::uint32_t peer, Id networkPolicy,
                                  Scratch &s)
{
    const ClassInfo &c = classes[subject];
    const std::vector<size_t> *lists[] = {ingress ? &c.adminIngress : &c.adminEgress,
                                          ingress ? &c.baselineIngress : &c.baselineEgress};
    std::uint64_t mask = 0;
    int bit = 0;
    for (const std::vector<size_t> *list : lists)
        for (size_t p : *list)
            for (const TierRule &r : ingress ? tierPolicies[p].ingressRules : tierPolicies[p].egressRules) {
                if (bit == 64)
                    return tierSideId(ingress, subject, peer, nullptr, networkPolicy, s);
                if (matchSets[r.matches].contains(peer))
                    mask |= std::uint64_t(1) << bit;
                ++bit;
            }
    if (s.memoSubject != subject || s.memoIngress != ingress) {
        s.sideMemo.clear();
        s.memoSubject = subject;
        s.memoIngress = ingress;
    }
    const std::uint64_t profile = ingress ? 0 : classes[peer].portProfile;
    const std::pair<std::uint64_t, std::uint64_t> key{mask, (profile << 32) | networkPolicy};
    for (const auto &[k, id] : s.sideMemo)
        if (k == key)
            return id;
    const Id id = tierSideId(ingress, subject, peer, nullptr, networkPolicy, s);
    if (s.sideMemo.size() < 64)
        s.sideMemo.push_back({key, id});
    return id;
}

void Evaluator::State::markTierPeers(std::uint32_t c, bool ingress, Scratch &s)
{
    const ClassInfo &info = classes[c];
    const std::vector<size_t> *lists[] = {ingress ? &info.adminIngress : &info.adminEgress,
                                          ingress ? &info.baselineIngress : &info.baselineEgress};
    for (const std::vector<size_t> *list : lists)
        for (size_t p : *list)
            for (const TierRule &r : ingress ? tierPolicies[p].ingressRules : tierPolicies[p].egressRules)
                matchSets[r.matches].forEach(classes.size(), [&](std::uint32_t peer) {
                    if (!s.mark[peer]) {
                        s.mark[peer] = 1;
                        s.marked.push_back(peer);
                    }
                });
}

Id Evaluator::State::tierPorts(const TierRule &r, std::uint32_t profile, Scratch &s)
{
    if (r.names.empty() || profile == 0)
        return r.numericPorts;
    const std::uint64_t key = (std::uint64_t(r.uid) << 32) | profile;
    auto it = s.namedPorts.find(key);
    if (it != s.namedPorts.end())
        return it->second;
    // A named port of a cluster policy names no protocol: every container port of that name.
    ConnectionSet set = table.at(r.numericPorts);
    for (const std::string &name : r.names)
        for (const ContainerPort &cp : portProfiles[profile])
            if (cp.name == name)
                set.add(cp.protocol, cp.port, cp.port);
    const Id id = table.intern(set);
    s.namedPorts.emplace(key, id);
    return id;
}

Id Evaluator::State::tierSideId(bool ingress, std::uint32_t subject, std::uint32_t peer,
                                const IPRange *range, Id networkPolicy, Scratch &s)
{
    const ClassInfo &c = classes[subject];
    // Named ports resolve on the destination: the subject for ingress, the peer for egress.
    const std::uint32_t profile = ingress ? c.portProfile : range ? 0 : classes[peer].portProfile;
    auto matches = [&](const TierRule &r) {
        if (range)
            return std::any_of(r.networks.begin(), r.networks.end(),
                               [range](const IPRange &n) { return n.contains(*range); });
        return matchSets[r.matches].contains(peer);
    };
    auto rulesOf = [&](size_t p) -> const std::vector<TierRule> & {
        return ingress ? tierPolicies[p].ingressRules : tierPolicies[p].egressRules;
    };
    Id remaining = ConnectionSetTable::kAll, accepted = ConnectionSetTable::kNone,
       passed = ConnectionSetTable::kNone;
    for (size_t p : ingress ? c.adminIngress : c.adminEgress) {
        for (const TierRule &r : rulesOf(p)) {
            if (!matches(r))
                continue;
            const Id ports = table.intersected(tierPorts(r, profile, s), remaining, s.memo);
            if (ports == ConnectionSetTable::kNone)
                continue;
            remaining = table.subtracted(remaining, ports, s.memo);
            if (r.action == ClusterPolicyAction::Accept)
                accepted = table.united(accepted, ports, s.memo);
            else if (r.action == ClusterPolicyAction::Pass)
                passed = table.united(passed, ports, s.memo);
            if (remaining == ConnectionSetTable::kNone)
                break;
        }
        if (remaining == ConnectionSetTable::kNone)
            break;
    }
    const Id undecided = table.united(remaining, passed, s.memo);
    if (undecided == ConnectionSetTable::kNone)
        return accepted;
    const bool npDecides = ingress ? !c.ingressPolicies.empty() : !c.egressPolicies.empty();
    if (npDecides) {
        if (networkPolicy == kUnknownId)
            networkPolicy = ingress ? npIngressSide(peer, subject, s) : npEgressSide(subject, peer, s);
        return table.united(accepted, table.intersected(networkPolicy, undecided, s.memo), s.memo);
    }
    remaining = undecided;
    for (size_t p : ingress ? c.baselineIngress : c.baselineEgress) {
        for (const TierRule &r : rulesOf(p)) {
            if (!matches(r))
                continue;
            const Id ports = table.intersected(tierPorts(r, profile, s), remaining, s.memo);
            if (ports == ConnectionSetTable::kNone)
                continue;
            remaining = table.subtracted(remaining, ports, s.memo);
            // Baseline Pass hands on to the default, which allows.
            if (r.action != ClusterPolicyAction::Deny)
                accepted = table.united(accepted, ports, s.memo);
            if (remaining == ConnectionSetTable::kNone)
                break;
        }
        if (remaining == ConnectionSetTable::kNone)
            break;
    }
    return table.united(accepted, remaining, s.memo);
}

void Evaluator::tierSide(SideExplanation &s, const Endpoint &subject, const Endpoint &peer,
                         const Endpoint &destination, const ConnectionSet &networkPolicy) const
{
    const State &st = *mState;
    const ClassInfo &c = st.classes[st.workloadClass[subject.workload]];
    const bool ingress = s.direction == PolicyType::Ingress;
    s.tiered = true;
    auto matches = [&](const ClusterPolicyRule &rule, const TierRule &info) {
        if (peer.isWorkload())
            return st.matchSets[info.matches].contains(
                static_cast<std::uint32_t>(st.workloadClass[peer.workload]));
        (void)rule;
        return std::any_of(info.networks.begin(), info.networks.end(),
                           [&](const IPRange &n) { return n.contains(peer.range); });
    };
    auto ports = [&](const ClusterPolicyRule &rule) {
        return clusterRulePorts(rule, destination.isWorkload() ? &mCluster->workloads[destination.workload] : nullptr);
    };
    auto walk = [&](const std::vector<size_t> &list, ConnectionSet &remaining,
                    std::vector<TierDecision> &decisions) {
        for (size_t p : list) {
            const ClusterNetworkPolicy &policy = mCluster->clusterPolicies[p];
            const auto &rules = ingress ? policy.ingress : policy.egress;
            const auto &infos = ingress ? st.tierPolicies[p].ingressRules : st.tierPolicies[p].egressRules;
            for (size_t r = 0; r < rules.size() && r < infos.size(); ++r) {
                if (!matches(rules[r], infos[r])) {
                    const bool addressPeers = std::any_of(
                        rules[r].peers.begin(), rules[r].peers.end(),
                        [](const ClusterPolicyPeer &x) { return x.nodes || x.domainNames; });
                    if (addressPeers && std::find(s.unmatchedAddressPeers.begin(), s.unmatchedAddressPeers.end(),
                                                  p) == s.unmatchedAddressPeers.end())
                        s.unmatchedAddressPeers.push_back(p);
                    continue;
                }
                ConnectionSet got = ports(rules[r]).intersected(remaining);
                if (got.isEmpty())
                    continue;
                remaining = remaining.subtracted(got);
                decisions.push_back({p, r, rules[r].action, std::move(got)});
                if (remaining.isEmpty())
                    return;
            }
        }
    };
    ConnectionSet remaining = ConnectionSet::all();
    walk(ingress ? c.adminIngress : c.adminEgress, remaining, s.admin);
    ConnectionSet allowed, undecided = remaining;
    for (const TierDecision &d : s.admin) {
        if (d.action == ClusterPolicyAction::Accept)
            allowed.add(d.connections);
        else if (d.action == ClusterPolicyAction::Pass)
            undecided.add(d.connections);
    }
    s.reachedNetworkPolicy = undecided;
    if (s.isolated) {
        allowed.add(networkPolicy.intersected(undecided));
    } else {
        ConnectionSet rest = undecided;
        walk(ingress ? c.baselineIngress : c.baselineEgress, rest, s.baseline);
        for (const TierDecision &d : s.baseline)
            if (d.action != ClusterPolicyAction::Deny)
                allowed.add(d.connections);
        s.byDefault = rest;
        allowed.add(rest);
    }
    s.allowed = allowed;
}

std::vector<size_t> Evaluator::clusterPoliciesSelecting(size_t workload) const
{
    const ClassInfo &c = mState->classes[mState->workloadClass[workload]];
    std::vector<size_t> out;
    for (const auto *list : {&c.adminIngress, &c.adminEgress, &c.baselineIngress, &c.baselineEgress})
        for (size_t p : *list)
            if (std::find(out.begin(), out.end(), p) == out.end())
                out.push_back(p);
    const std::vector<size_t> order = clusterPolicyOrder(mCluster->clusterPolicies);
    std::vector<size_t> sorted;
    for (size_t p : order)
        if (std::find(out.begin(), out.end(), p) != out.end())
            sorted.push_back(p);
    return sorted;
}

bool Evaluator::clusterPolicyMatchesAsPeer(size_t policy, const Endpoint &peer) const
{
    const State &st = *mState;
    if (policy >= st.tierPolicies.size())
        return false;
    for (const auto *rules : {&st.tierPolicies[policy].ingressRules, &st.tierPolicies[policy].egressRules})
        for (const TierRule &r : *rules) {
            if (peer.isWorkload()) {
                if (st.matchSets[r.matches].contains(static_cast<std::uint32_t>(st.workloadClass[peer.workload])))
                    return true;
            } else if (std::any_of(r.networks.begin(), r.networks.end(),
                                   [&](const IPRange &n) { return n.contains(peer.range); })) {
                return true;
            }
        }
    return false;
}

EvaluatorUpdate Evaluator::clusterPolicyChanged(size_t index)
{
    return editClusterPolicy(index, Changed);
}

EvaluatorUpdate Evaluator::clusterPolicyAdded(size_t index)
{
    return editClusterPolicy(index, Added);
}

EvaluatorUpdate Evaluator::clusterPolicyRemoved(size_t index)
{
    return editClusterPolicy(index, Removed);
}

EvaluatorUpdate Evaluator::editClusterPolicy(size_t index, int kind)
{
    State &st = *mState;
    if (kind == Added && st.tierPolicies.size() >= mCluster->clusterPolicies.size())
        kind = Changed;
    if (kind == Removed && st.tierPolicies.size() <= mCluster->clusterPolicies.size()) {
        EvaluatorUpdate update;
        update.everything = true;
        return update;
    }
    if (kind != Removed && st.tierSplitsAClass(mCluster->clusterPolicies[index]))
        return clusterChanged();

    TierPolicyInfo old;
    if (kind == Changed) {
        old = std::move(st.tierPolicies[index]);
    } else if (kind == Removed) {
        old = std::move(st.tierPolicies[index]);
        st.tierPolicies.erase(st.tierPolicies.begin() + static_cast<std::ptrdiff_t>(index));
    } else {
        st.tierPolicies.insert(st.tierPolicies.begin() + static_cast<std::ptrdiff_t>(index), TierPolicyInfo{});
    }
    if (kind != Removed)
        st.tierPolicies[index] = st.tierPolicyInfo(index);
    const TierPolicyInfo none;
    const TierPolicyInfo &now = kind == Removed ? none : st.tierPolicies[index];

    const std::vector<std::uint32_t> touched = sortedUnion(old.selected, now.selected);
    std::vector<char> wasEgressIsolated;
    for (std::uint32_t c : touched)
        wasEgressIsolated.push_back(st.columnSource(c));
    st.placeTiers();

    const std::vector<std::uint32_t> empty;
    const std::vector<std::uint32_t> sources =
        sortedUnion(old.egressRules.empty() ? empty : old.selected, now.egressRules.empty() ? empty : now.selected);
    const std::vector<std::uint32_t> destinations =
        sortedUnion(old.ingressRules.empty() ? empty : old.selected, now.ingressRules.empty() ? empty : now.selected);
    std::vector<std::uint32_t> flipped;
    for (size_t i = 0; i < touched.size(); ++i)
        if (static_cast<bool>(wasEgressIsolated[i]) != st.columnSource(touched[i]))
            flipped.push_back(touched[i]);
    {
        std::lock_guard lock(st.lazyMutex);
        for (auto it = st.pairCache.begin(); it != st.pairCache.end();) {
            const auto from = static_cast<std::uint32_t>(it->first >> 32);
            const auto to = static_cast<std::uint32_t>(it->first);
            if (std::binary_search(sources.begin(), sources.end(), from) ||
                std::binary_search(destinations.begin(), destinations.end(), to))
                it = st.pairCache.erase(it);
            else
                ++it;
        }
    }
    if (st.complete)
        st.refresh(sources, destinations, flipped, 0, false);
    EvaluatorUpdate update;
    update.sourceClasses.assign(sources.begin(), sources.end());
    update.destinationClasses.assign(destinations.begin(), destinations.end());
    return update;
}

} // namespace netfence::core
