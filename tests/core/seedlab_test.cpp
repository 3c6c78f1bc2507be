// The built-in lab (resources/labs) as a test of the mistakes people make most.
#include "core/evaluator.h"
#include "core/manifestloader.h"
#include "support/testutil.h"

#include <gtest/gtest.h>

using namespace netfence::core;
using netfence::test::allows;

namespace {

const std::string kLab = NETFENCE_LABS_DIR;

struct Lab
{
    explicit Lab(const std::vector<std::string> &policies)
    {
        std::vector<std::string> paths{kLab + "/netpol-lab"};
        for (const std::string &p : policies)
            paths.push_back(kLab + "/netpol-lab-policies/" + p + ".yaml");
        result = ManifestLoader::load(paths);
        for (const Diagnostic &d : result.diagnostics)
            ADD_FAILURE() << d.toString();
        evaluator = std::make_unique<Evaluator>(result.cluster);
    }
    bool tcp(const std::string &from, const std::string &to, int port) const
    {
        return allows(*evaluator, from, to, Protocol::TCP, port);
    }
    bool udp(const std::string &from, const std::string &to, int port) const
    {
        return allows(*evaluator, from, to, Protocol::UDP, port);
    }
    LoadResult result;
    std::unique_ptr<Evaluator> evaluator;
};

const char *kClient = "netpol-lab/client";
const char *kFrontend = "netpol-lab/frontend";
const char *kBackend = "netpol-lab/backend";
const char *kDns = "kube-system/kube-dns";
const char *kInternet = "8.8.8.8";

TEST(SeedLab, NoPolicyAllowsEverything)
{
    Lab lab({});
    EXPECT_EQ(lab.result.cluster.workloads.size(), 4u);
    for (const char *from : {kClient, kFrontend, kBackend, kDns})
        for (const char *to : {kClient, kFrontend, kBackend, kDns, kInternet})
            if (std::string(from) != to) {
                EXPECT_TRUE(lab.tcp(from, to, 80)) << from << " -> " << to;
                EXPECT_TRUE(lab.udp(from, to, 53)) << from << " -> " << to;
            }
}

TEST(SeedLab, DefaultDenyAllowsNothingNotEvenDns)
{
    Lab lab({"default-deny"});
    for (const char *from : {kClient, kFrontend, kBackend})
        for (const char *to : {kClient, kFrontend, kBackend, kDns, kInternet})
            if (std::string(from) != to) {
                EXPECT_FALSE(lab.tcp(from, to, 80)) << from << " -> " << to;
                EXPECT_FALSE(lab.udp(from, to, 53)) << from << " -> " << to;
            }
    EXPECT_FALSE(lab.tcp(kInternet, kFrontend, 80));
    EXPECT_TRUE(lab.tcp(kDns, kInternet, 443)); // kube-system is not fenced
}

TEST(SeedLab, IngressRuleAloneIsStillDeniedUntilTheClientsEgressAllowsIt)
{
    Lab ingressOnly({"default-deny", "allow-client-to-frontend-ingress"});
    EXPECT_FALSE(ingressOnly.tcp(kClient, kFrontend, 80));
    const Cluster &c = ingressOnly.result.cluster;
    const Explanation e = ingressOnly.evaluator->explain(netfence::test::endpoint(c, kClient),
                                                         netfence::test::endpoint(c, kFrontend));
    EXPECT_TRUE(e.ingress.allowed.allows(Protocol::TCP, 80)); // ingress says yes...
    EXPECT_TRUE(e.egress.isolated);                           // ...egress says no
    EXPECT_TRUE(e.egress.allowed.isEmpty());

    Lab both({"default-deny", "allow-client-to-frontend-ingress", "allow-client-to-frontend-egress"});
    EXPECT_TRUE(both.tcp(kClient, kFrontend, 80));
    EXPECT_FALSE(both.tcp(kClient, kFrontend, 81));
    EXPECT_FALSE(both.tcp(kClient, kBackend, 8080));
    EXPECT_FALSE(both.tcp(kFrontend, kClient, 80));
}

TEST(SeedLab, DnsEgressToKubeSystemOnUdpAndTcp53)
{
    Lab lab({"default-deny", "allow-dns"});
    for (const char *from : {kClient, kFrontend, kBackend}) {
        EXPECT_TRUE(lab.udp(from, kDns, 53)) << from;
        EXPECT_TRUE(lab.tcp(from, kDns, 53)) << from;
        EXPECT_FALSE(lab.tcp(from, kDns, 80)) << from;
        EXPECT_FALSE(lab.udp(from, kInternet, 53)) << from;
    }
    EXPECT_FALSE(lab.tcp(kClient, kFrontend, 80));
}

TEST(SeedLab, OnePodsEgressToTheInternetReachesTheOutside)
{
    Lab lab({"default-deny", "backend-internet-egress"});
    EXPECT_TRUE(lab.tcp(kBackend, kInternet, 443));
    EXPECT_FALSE(lab.tcp(kBackend, "10.1.2.3", 443)); // private ranges excepted
    EXPECT_FALSE(lab.tcp(kFrontend, kInternet, 443));
    EXPECT_FALSE(lab.tcp(kClient, kInternet, 443));
}

TEST(SeedLab, NamespaceSelectorAdmitsAnotherNamespacesPods)
{
    Lab lab({"monitoring"});
    EXPECT_TRUE(lab.tcp("monitoring/prometheus", kFrontend, 80));
    EXPECT_FALSE(lab.tcp("monitoring/prometheus", kFrontend, 8080));
    EXPECT_FALSE(lab.tcp(kClient, kFrontend, 80)); // the frontend is now isolated for ingress
    EXPECT_TRUE(lab.tcp(kClient, kBackend, 8080));
}

} // namespace
