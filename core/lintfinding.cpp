#include "core/lintfinding.h"

namespace netfence::core {

const char *lintSeverityName(LintSeverity severity)
{
    switch (severity) {
    case LintSeverity::Note:
        return "note";
    case LintSeverity::Warning:
        return "warning";
    case LintSeverity::Error:
        return "error";
    }
    return "";
}

const std::vector<LintRule> &lintRules()
{
    static const std::vector<LintRule> rules{
        {"manifest-error", LintSeverity::Error, "A manifest the API server would refuse."},
        {"manifest-warning", LintSeverity::Warning, "A manifest problem that is not fatal."},
        {"policy-selects-no-pod", LintSeverity::Warning,
         "A policy whose podSelector selects no pod of its namespace."},
        {"peer-selects-no-pod", LintSeverity::Warning,
         "A from/to peer whose podSelector selects no pod where it looks."},
        {"namespace-selector-selects-no-namespace", LintSeverity::Warning,
         "A namespaceSelector that selects no namespace."},
        {"and-or-mixup", LintSeverity::Error,
         "Two peers that look meant as one (OR written for AND), or one peer meant as two."},
        {"egress-without-dns", LintSeverity::Warning,
         "Pods isolated for egress that may not send DNS queries (UDP/53) anywhere."},
        {"named-port-undeclared", LintSeverity::Error,
         "A named port that no pod the rule applies to declares with that protocol."},
        {"port-not-exposed", LintSeverity::Warning,
         "A numeric port that none of the target pods exposes, though they declare ports."},
        {"redundant-rule", LintSeverity::Note,
         "A rule whose connections the other rules allow already (decided by evaluation)."},
        {"policy-without-effect", LintSeverity::Warning,
         "A policy whose removal changes no connection (decided by evaluation)."},
        {"redundancy-check-limited", LintSeverity::Note,
         "The redundancy checks stopped at their budget on a large input."},
        {"ipblock-covers-pods", LintSeverity::Warning,
         "An ipBlock that covers pod addresses: pods should be selected by labels."},
        {"open-ingress-beside-narrower-rules", LintSeverity::Warning,
         "0.0.0.0/0 (or ::/0) ingress to pods that also have narrower ingress rules."},
        {"unfenced-namespace", LintSeverity::Warning,
         "A namespace without any policy while other namespaces have a default deny."},
        {"host-network-pod-selected", LintSeverity::Warning,
         "A hostNetwork pod selected by a policy most network plugins do not enforce there."},
    };
    return rules;
}

const LintRule *findLintRule(const std::string &id)
{
    for (const LintRule &r : lintRules())
        if (id == r.id) return &r;
    return nullptr;
}

} // namespace netfence::core
