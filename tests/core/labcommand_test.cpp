// netfence-cli lab: check, script and steps, as graders and teachers run them.
#include "core/builtinlabs.h"
#include "core/commandline.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
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

// Points NETFENCE_LABS_DIR at a folder for one test, then restores it.
class LabsDir
{
public:
    explicit LabsDir(const char *folder)
    {
        if (const char *old = std::getenv("NETFENCE_LABS_DIR"))
            mOld = old;
        if (folder)
            setenv("NETFENCE_LABS_DIR", folder, 1);
        else
            unsetenv("NETFENCE_LABS_DIR");
    }
    ~LabsDir()
    {
        if (mOld)
            setenv("NETFENCE_LABS_DIR", mOld->c_str(), 1);
        else
            unsetenv("NETFENCE_LABS_DIR");
    }

private:
    std::optional<std::string> mOld;
};

TEST(LabCommand, BuiltInLabsAreAddressedByName)
{
    LabsDir labs(kLabs.c_str());
    EXPECT_EQ(BuiltInLabs::folder(), kLabs);
    EXPECT_EQ(BuiltInLabs::names(kLabs), (std::vector<std::string>{"and-or-peers", "netpol-lab", "platform-guardrails"}));
    CliRun byName({"lab", "steps", "builtin:netpol-lab"});
    CliRun byFile({"lab", "steps", kLab});
    EXPECT_EQ(byName.code, 0) << byName.err.str();
    EXPECT_EQ(byName.out.str(), byFile.out.str());
    CliRun check({"lab", "check", "builtin:netpol-lab", "open-one-door",
                  kPolicies + "/default-deny.yaml",
                  kPolicies + "/allow-client-to-frontend-ingress.yaml",
                  kPolicies + "/allow-client-to-frontend-egress.yaml"});
    EXPECT_EQ(check.code, 0) << check.out.str() << check.err.str();
    CliRun script({"lab", "script", "builtin:netpol-lab", "2"});
    EXPECT_EQ(script.code, 0);
    EXPECT_NE(script.out.str().find("Connectivity test for lab "), std::string::npos);
}

TEST(LabCommand, AnUnknownBuiltInLabNamesTheInstalledOnes)
{
    LabsDir labs(kLabs.c_str());
    // Names are never paths: "../" or "/" cannot leave the labs folder.
    for (const std::string name :
         {"nope", "../labs/netpol-lab", "/etc/passwd", "", ".lab", "netpol-lab/"}) {
        CliRun r({"lab", "steps", "builtin:" + name});
        EXPECT_EQ(r.code, 1) << name;
        EXPECT_TRUE(r.out.str().empty()) << name;
        EXPECT_NE(r.err.str().find("no built-in lab \"" + name + "\" in " + kLabs +
                                   "; the built-in labs are: builtin:and-or-peers builtin:netpol-lab builtin:platform-guardrails\n"),
                  std::string::npos)
            << r.err.str();
    }
    LabsDir empty("/nonexistent");
    CliRun none({"lab", "steps", "builtin:netpol-lab"});
    EXPECT_EQ(none.code, 1);
    EXPECT_NE(none.err.str().find("no labs are installed there"), std::string::npos)
        << none.err.str();
}

// Installed, the labs are in PREFIX/share/netfence/labs beside PREFIX/bin.
TEST(LabCommand, BuiltInLabsAreFoundBesideTheProgram)
{
    LabsDir unset(nullptr);
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe");
    EXPECT_EQ(BuiltInLabs::folder(),
              (program.parent_path().parent_path() / "share/netfence/labs").string());
}

TEST(LabCommand, HelpNamesTheInstalledLabsAndDocs)
{
    CliRun help({"help", "lab"});
    EXPECT_NE(help.out.str().find("builtin:NAME"), std::string::npos);
    EXPECT_NE(help.out.str().find("/usr/share/netfence/labs"), std::string::npos);
    EXPECT_NE(help.out.str().find("/usr/share/doc/netfence/docs/labs.md"), std::string::npos);
}

} // namespace
