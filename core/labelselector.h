#pragma once

#include <map>
#include <string>
#include <vector>

namespace netfence::core {

using Labels = std::map<std::string, std::string>;

enum class SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist
};

struct LabelSelectorRequirement
{
    std::string key;
    SelectorOperator op = SelectorOperator::In;
    std::vector<std::string> values;

    friend bool operator==(const LabelSelectorRequirement &,
                           const LabelSelectorRequirement &) = default;
};

// metav1.LabelSelector: matchLabels AND every matchExpression; empty selects everything.
struct LabelSelector
{
    Labels matchLabels;
    std::vector<LabelSelectorRequirement> matchExpressions;

    bool isEmpty() const { return matchLabels.empty() && matchExpressions.empty(); }
    bool matches(const Labels &labels) const;
    // "app=web,tier in (a,b),!debug"; "{}" (everything) when empty.
    std::string toString() const;

    friend bool operator==(const LabelSelector &, const LabelSelector &) = default;
};

const char *selectorOperatorName(SelectorOperator op);

} // namespace netfence::core
