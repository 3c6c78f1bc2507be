#include "core/labelselector.h"

#include <algorithm>

namespace netfence::core {

const char *selectorOperatorName(SelectorOperator op)
{
    switch (op) {
    case SelectorOperator::In:
        return "In";
    case SelectorOperator::NotIn:
        return "NotIn";
    case SelectorOperator::Exists:
        return "Exists";
    case SelectorOperator::DoesNotExist:
        return "DoesNotExist";
    }
    return "?";
}

bool LabelSelector::matches(const Labels &labels) const
{
    for (const auto &[key, value] : matchLabels) {
        auto it = labels.find(key);
        if (it == labels.end() || it->second != value)
            return false;
    }
    for (const LabelSelectorRequirement &r : matchExpressions) {
        auto it = labels.find(r.key);
        const bool has = it != labels.end();
        const bool listed =
            has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
        switch (r.op) {
        case SelectorOperator::In:
            if (!listed)
                return false;
            break;
        case SelectorOperator::NotIn: // a missing key is "not in" any list
            if (listed)
                return false;
            break;
        case SelectorOperator::Exists:
            if (!has)
                return false;
            break;
        case SelectorOperator::DoesNotExist:
            if (has)
                return false;
            break;
        }
    }
    return true;
}

std::string LabelSelector::toString() const
{
    if (isEmpty())
        return "{}";
    std::string out;
    auto sep = [&out] {
        if (!out.empty())
            out += ',';
    };
    for (const auto &[key, value] : matchLabels) {
        sep();
        out += key + '=' + value;
    }
    for (const LabelSelectorRequirement &r : matchExpressions) {
        sep();
        std::string values;
        for (const std::string &v : r.values)
            values += (values.empty() ? "" : ",") + v;
        switch (r.op) {
        case SelectorOperator::In:
            out += r.key + " in (" + values + ')';
            break;
        case SelectorOperator::NotIn:
            out += r.key + " notin (" + values + ')';
            break;
        case SelectorOperator::Exists:
            out += r.key;
            break;
        case SelectorOperator::DoesNotExist:
            out += '!' + r.key;
            break;
        }
    }
    return out;
}

} // namespace netfence::core
