#include "core/kubernetesnames.h"
#include "core/labelselector.h"

#include <gtest/gtest.h>

using namespace netfence::core;

namespace {

LabelSelectorRequirement req(const std::string &key, SelectorOperator op,
                             std::vector<std::string> values = {})
{
    return {key, op, std::move(values)};
}

TEST(LabelSelector, EmptySelectsEverything)
{
    EXPECT_TRUE(LabelSelector{}.matches({}));
    EXPECT_TRUE(LabelSelector{}.matches({{"app", "x"}}));
}

TEST(LabelSelector, MatchLabelsNeedsEveryPair)
{
    LabelSelector s{{{"app", "web"}, {"tier", "front"}}, {}};
    EXPECT_TRUE(s.matches({{"app", "web"}, {"tier", "front"}, {"x", "y"}}));
    EXPECT_FALSE(s.matches({{"app", "web"}}));
    EXPECT_FALSE(s.matches({{"app", "web"}, {"tier", "back"}}));
}

TEST(LabelSelector, InAndNotIn)
{
    LabelSelector in{{}, {req("env", SelectorOperator::In, {"a", "b"})}};
    EXPECT_TRUE(in.matches({{"env", "b"}}));
    EXPECT_FALSE(in.matches({{"env", "c"}}));
    EXPECT_FALSE(in.matches({}));
    LabelSelector notIn{{}, {req("env", SelectorOperator::NotIn, {"a"})}};
    EXPECT_TRUE(notIn.matches({{"env", "b"}}));
    EXPECT_FALSE(notIn.matches({{"env", "a"}}));
    EXPECT_TRUE(notIn.matches({})); // a missing key is not in any list
}

TEST(LabelSelector, ExistsAndDoesNotExist)
{
    LabelSelector exists{{}, {req("debug", SelectorOperator::Exists)}};
    EXPECT_TRUE(exists.matches({{"debug", ""}}));
    EXPECT_FALSE(exists.matches({}));
    LabelSelector absent{{}, {req("debug", SelectorOperator::DoesNotExist)}};
    EXPECT_FALSE(absent.matches({{"debug", "1"}}));
    EXPECT_TRUE(absent.matches({}));
}

TEST(LabelSelector, MatchLabelsAndExpressionsAreAnded)
{
    LabelSelector s{{{"app", "web"}}, {req("env", SelectorOperator::NotIn, {"prod"})}};
    EXPECT_TRUE(s.matches({{"app", "web"}, {"env", "dev"}}));
    EXPECT_FALSE(s.matches({{"app", "web"}, {"env", "prod"}}));
    EXPECT_FALSE(s.matches({{"env", "dev"}}));
}

TEST(LabelSelector, ToStringUsesKubectlSyntax)
{
    LabelSelector s{{{"app", "web"}},
                    {req("env", SelectorOperator::In, {"a", "b"}), req("x", SelectorOperator::DoesNotExist)}};
    EXPECT_EQ(s.toString(), "app=web,env in (a,b),!x");
    EXPECT_EQ(LabelSelector{}.toString(), "{}");
}

TEST(KubernetesNames, LabelKeys)
{
    EXPECT_EQ(KubernetesNames::checkLabelKey("app"), "");
    EXPECT_EQ(KubernetesNames::checkLabelKey("kubernetes.io/metadata.name"), "");
    EXPECT_EQ(KubernetesNames::checkLabelKey("a_b.c-d"), "");
    EXPECT_NE(KubernetesNames::checkLabelKey("app@b"), "");
    EXPECT_NE(KubernetesNames::checkLabelKey("-app"), "");
    EXPECT_NE(KubernetesNames::checkLabelKey("Example.COM/app"), "");
    EXPECT_NE(KubernetesNames::checkLabelKey("/app"), "");
    EXPECT_NE(KubernetesNames::checkLabelKey(std::string(64, 'a')), "");
    EXPECT_EQ(KubernetesNames::checkLabelKey(std::string(63, 'a')), "");
}

TEST(KubernetesNames, LabelValues)
{
    EXPECT_EQ(KubernetesNames::checkLabelValue(""), "");
    EXPECT_EQ(KubernetesNames::checkLabelValue("v1.2_x"), "");
    EXPECT_NE(KubernetesNames::checkLabelValue("$backend"), "");
    EXPECT_NE(KubernetesNames::checkLabelValue("a b"), "");
    EXPECT_NE(KubernetesNames::checkLabelValue(std::string(64, 'v')), "");
}

TEST(KubernetesNames, PortNames)
{
    EXPECT_EQ(KubernetesNames::checkPortName("http"), "");
    EXPECT_EQ(KubernetesNames::checkPortName("serve-80-tcp"), "");
    EXPECT_NE(KubernetesNames::checkPortName("80"), "");          // needs a letter
    EXPECT_NE(KubernetesNames::checkPortName("HTTP"), "");        // lower case only
    EXPECT_NE(KubernetesNames::checkPortName("a--b"), "");
    EXPECT_NE(KubernetesNames::checkPortName("-ab"), "");
    EXPECT_NE(KubernetesNames::checkPortName("abcdefghijklmnop"), ""); // 16 > 15
}

} // namespace
