// netfence-cli lab: check, script and steps, as graders and teachers run them.
#include "core/commandline.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace netfence::core;

namespace {

const std::string kLabs = NETFENCE_LABS_DIR;
const std::string kLab = kLabs + "/netpol-lab.lab.yaml";
const std::string kPolicies = kLabs + "/netpol-lab-policies";

struct CliRun
{
    explicit CliRun(std::vector<std::string> args) { code = CommandLine::run(args, out, err); }
    int code;
    std::ostringstream out, err;
};

TEST(LabCommand, Help)
{
    CliRun help({"lab", "--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.str().find("Usage: netfence-cli lab check LAB_FILE STEP"), std::string::npos);
    EXPECT_NE(help.out.str().find("writes a connectivity test to stdout"), std::string::npos);
    CliRun usage({"--help"});
    EXPECT_NE(usage.out.str().find("  lab           teaching labs"), std::string::npos);
    CliRun viaHelp({"help", "lab"});
    EXPECT_EQ(viaHelp.code, 0);
    EXPECT_EQ(viaHelp.out.str(), help.out.str());
}

TEST(LabCommand, CheckPassesWithTheReferenceSolutions)
{
    CliRun r({"lab", "check", kLab, "open-one-door", kPolicies + "/default-deny.yaml",
              kPolicies + "/allow-client-to-frontend-ingress.yaml",
              kPolicies + "/allow-client-to-frontend-egress.yaml"});
    EXPECT_EQ(r.code, 0) << r.out.str() << r.err.str();
    EXPECT_EQ(r.err.str(), "");
    EXPECT_NE(r.out.str().find("5 of 5 requirements pass: the step passes.\n"), std::string::npos) << r.out.str();
    CliRun flat({"lab", "check", kLab, "1"});
    EXPECT_EQ(flat.code, 0) << flat.out.str();
}

TEST(LabCommand, CheckFailsWithEachFailingRequirementAndTheHints)
{
    CliRun r({"lab", "check", kLab, "3", kPolicies + "/default-deny.yaml",
              kPolicies + "/allow-client-to-frontend-ingress.yaml"});
    EXPECT_EQ(r.code, 1);
    const std::string out = r.out.str();
    EXPECT_NE(out.find("Lab netpol-lab, step 3 (open-one-door): Open one door\n"
                       "FAIL must allow netpol-lab/client -> netpol-lab/frontend on TCP/80\n"
                       "    netpol-lab/client[Pod] -> netpol-lab/frontend[Deployment] on TCP/80: DENIED\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("HINT (ingress-without-egress) at "), std::string::npos) << out;
    EXPECT_NE(out.find("4 of 5 requirements pass: the step fails.\n"), std::string::npos) << out;
}

TEST(LabCommand, ManifestsWithErrorsFail)
{
    CliRun r({"lab", "check", kLab, "1",
              std::string(NETFENCE_CORPUS_DIR) + "/netpol-analyzer-errors/np_test_with_empty_port_range"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.str().find("error:"), std::string::npos) << r.err.str();
}

TEST(LabCommand, ScriptAndSteps)
{
    CliRun script({"lab", "script", kLab, "4"});
    EXPECT_EQ(script.code, 0) << script.err.str();
    EXPECT_EQ(script.out.str().rfind("#!/bin/sh\n# Connectivity test for lab netpol-lab, step 4 (dns): DNS "
                                     "(the step's goal)\n",
                                     0),
              0u)
        << script.out.str();
    CliRun matrix({"lab", "script", kLab, "4", kPolicies + "/default-deny.yaml", "--checks", "matrix"});
    EXPECT_EQ(matrix.code, 0) << matrix.err.str();
    EXPECT_NE(matrix.out.str().find("(whole matrix)"), std::string::npos);
    EXPECT_NE(matrix.out.str().find("check denied "), std::string::npos);

    CliRun steps({"lab", "steps", kLab});
    EXPECT_EQ(steps.code, 0);
    EXPECT_NE(steps.out.str().find("7. least-privilege: Chain of least privilege\n"), std::string::npos)
        << steps.out.str();
}

TEST(LabCommand, UsageErrorsExitWith2)
{
    for (const std::vector<std::string> &args : std::vector<std::vector<std::string>>{
             {"lab"},
             {"lab", "grade", kLab, "1"},
             {"lab", "check", kLab},
             {"lab", "check", kLab, "9"},
             {"lab", "check", kLab, "no-such-step"},
             {"lab", "check", kLab, "1", "--checks", "matrix"},
             {"lab", "script", kLab, "1", "--checks", "all"},
             {"lab", "check", kLab, "1", "--ipblock-pods=maybe"},
             {"lab", "steps", kLab, "extra"}}) {
        CliRun r(args);
        EXPECT_EQ(r.code, 2) << args.size();
        EXPECT_FALSE(r.err.str().empty());
        EXPECT_TRUE(r.out.str().empty());
    }
}

TEST(LabCommand, AnInvalidLabFileExitsWith1AndSaysWhere)
{
    CliRun r({"lab", "check", kPolicies + "/default-deny.yaml", "1"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.str().find("default-deny.yaml:3:7: error: not a netfence lab"), std::string::npos)
        << r.err.str();
}

} // namespace
