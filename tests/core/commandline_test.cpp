#include "core/commandline.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace netfence::core;

namespace {

const std::string kLab = std::string(NETFENCE_LABS_DIR) + "/netpol-lab";
const std::string kPolicies = std::string(NETFENCE_LABS_DIR) + "/netpol-lab-policies";
const std::string kCorpus = NETFENCE_CORPUS_DIR;

struct CliRun
{
    explicit CliRun(std::vector<std::string> args) { code = CommandLine::run(args, out, err); }
    int code;
    std::ostringstream out, err;
};

TEST(CommandLine, HelpAndVersion)
{
    CliRun help({"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.str().find("connectivity"), std::string::npos);
    CliRun version({"--version"});
    EXPECT_EQ(version.code, 0);
    EXPECT_EQ(version.out.str(), std::string("netfence-cli ") + NETFENCE_VERSION + "\n");
    for (const char *command : {"connectivity", "matrix", "explain", "validate"}) {
        CliRun r({command, "--help"});
        EXPECT_EQ(r.code, 0) << command;
        EXPECT_NE(r.out.str().find(std::string("Usage: netfence-cli ") + command), std::string::npos);
    }
}

TEST(CommandLine, UsageErrorsExitWith2OnStderr)
{
    for (const std::vector<std::string> &args :
         std::vector<std::vector<std::string>>{{},
                                               {"frobnicate", kLab},
                                               {"connectivity"},
                                               {"connectivity", kLab, "--format", "xml"},
                                               {"connectivity", kLab, "--bogus"},
                                               {"connectivity", kLab, "--ipblock-pods=maybe"},
                                               {"matrix", kLab},
                                               {"matrix", kLab, "--probe", "HTTP/80"},
                                               {"matrix", kLab, "--probe", "TCP/80", "--external", "x"},
                                               {"explain", kLab, "--from", "netpol-lab/client"},
                                               {"explain", kLab, "--from", "nope/x", "--to", "1.1.1.1"}}) {
        CliRun r(args);
        EXPECT_EQ(r.code, 2) << (args.empty() ? "" : args[0]);
        EXPECT_FALSE(r.err.str().empty());
        EXPECT_TRUE(r.out.str().empty());
    }
}

TEST(CommandLine, ConnectivityOnTheLab)
{
    CliRun r({"connectivity", kLab, kPolicies + "/default-deny.yaml", kPolicies + "/allow-dns.yaml"});
    EXPECT_EQ(r.code, 0) << r.err.str();
    EXPECT_EQ(r.out.str(),
              "0.0.0.0-255.255.255.255[External] => kube-system/kube-dns[Deployment] : All Connections\n"
              "kube-system/kube-dns[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
              "netpol-lab/backend[Deployment] => kube-system/kube-dns[Deployment] : TCP 53,UDP 53\n"
              "netpol-lab/client[Pod] => kube-system/kube-dns[Deployment] : TCP 53,UDP 53\n"
              "netpol-lab/frontend[Deployment] => kube-system/kube-dns[Deployment] : TCP 53,UDP 53\n");
}

TEST(CommandLine, ConnectivityFocusAndFormats)
{
    CliRun focus({"connectivity", kLab, kPolicies + "/default-deny.yaml", kPolicies + "/allow-dns.yaml",
                  "--focus", "netpol-lab/client"});
    EXPECT_EQ(focus.code, 0);
    EXPECT_EQ(focus.out.str(),
              "netpol-lab/client[Pod] => kube-system/kube-dns[Deployment] : TCP 53,UDP 53\n");

    CliRun csv({"connectivity", kLab, "--format=csv", "--focus=netpol-lab/client"});
    EXPECT_EQ(csv.out.str().substr(0, 13), "src,dst,conn\n");
    CliRun md({"connectivity", kLab, "--format", "md"});
    EXPECT_EQ(md.out.str().substr(0, 20), "| src | dst | conn |");
    CliRun dot({"connectivity", kLab, "--format", "dot"});
    EXPECT_NE(dot.out.str().find("subgraph cluster_"), std::string::npos);
    CliRun json({"connectivity", kLab, kPolicies + "/default-deny.yaml", kPolicies + "/allow-dns.yaml",
              "--format", "json", "--focus", "netpol-lab/client"});
    const std::string j = json.out.str();
    EXPECT_NE(j.find("\"src\": \"netpol-lab/client[Pod]\""), std::string::npos) << j;
    EXPECT_NE(j.find("\"policy\": \"netpol-lab/allow-dns\""), std::string::npos) << j;
    EXPECT_NE(j.find("\"rule\": \"egress[0]\""), std::string::npos) << j;
}

TEST(CommandLine, MatrixWithExternals)
{
    CliRun r({"matrix", kLab, kPolicies + "/default-deny.yaml", kPolicies + "/backend-internet-egress.yaml",
           "--probe", "TCP/443", "--external", "8.8.8.8", "--external", "10.0.0.1"});
    EXPECT_EQ(r.code, 0) << r.err.str();
    EXPECT_EQ(r.out.str(),
              "PROBE TCP/443\n"
              "kube-system/kube-dns netpol-lab/backend netpol-lab/client netpol-lab/frontend 8.8.8.8 10.0.0.1\n"
              "kube-system/kube-dns . X X X . .\n"
              "netpol-lab/backend X X X X . X\n"
              "netpol-lab/client X X X X X X\n"
              "netpol-lab/frontend X X X X X X\n"
              "8.8.8.8 . X X X - -\n"
              "10.0.0.1 . X X X - -\n");
}

TEST(CommandLine, ExplainSaysWhichSideDenies)
{
    CliRun r({"explain", kLab, kPolicies + "/default-deny.yaml",
           kPolicies + "/allow-client-to-frontend-ingress.yaml", "--from", "netpol-lab/client", "--to",
           "netpol-lab/frontend", "--port", "TCP/80"});
    EXPECT_EQ(r.code, 0) << r.err.str();
    const std::string text = r.out.str();
    EXPECT_NE(text.find("DENIED"), std::string::npos) << text;
    EXPECT_NE(text.find("Denied by the sender's egress side"), std::string::npos) << text;
    EXPECT_NE(text.find("netpol-lab/frontend-from-client ingress[0] allows TCP 80"), std::string::npos)
        << text;
    EXPECT_NE(text.find("To allow it: add an egress rule"), std::string::npos) << text;

    CliRun pod({"explain", kLab, "--from", "8.8.8.8", "--to", "netpol-lab/frontend"});
    EXPECT_NE(pod.out.str().find("ALLOWED"), std::string::npos);
}

TEST(CommandLine, ValidateReportsLinesAndExitsWith1)
{
    CliRun ok({"validate", kLab});
    EXPECT_EQ(ok.code, 0);
    EXPECT_NE(ok.out.str().find("0 errors"), std::string::npos);
    CliRun bad({"validate", kCorpus + "/netpol-analyzer-errors/np_test_with_empty_port_range"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.out.str().find("netpol.yaml:15:20: error: "), std::string::npos) << bad.out.str();
}

} // namespace
