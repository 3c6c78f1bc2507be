#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace netfence::core {

// Renders a Kustomize folder (kustomization.yaml) with `kubectl kustomize` or `kustomize build`,
// or a Helm chart folder (Chart.yaml) with `helm template`, through the tools the user has
// installed; netfence then reads the output as manifests. Each rendered document is named after
// its origin, so a diagnostic says where an object came from: "chart/templates/web.yaml [helm
// template]" (from helm's "# Source:" lines), "overlay [kubectl kustomize]".
namespace ManifestRenderer {

enum class Tool
{
    None,
    Kustomize,
    Helm
};

// What the folder asks for: a kustomization file wins over Chart.yaml.
Tool detect(const std::string &folder);

struct Options
{
    std::string valuesFile; // helm --values
    int timeoutSeconds = 120;
    std::function<bool()> cancelled;
    std::string kubectl = "kubectl";
    std::string kustomize = "kustomize";
    std::string helm = "helm";
};

struct Result
{
    bool ok = false;
    std::string error;   // the tool to install, or the command, its outcome and stderr
    std::string command; // as typed in a shell
    // (name for diagnostics, text) per rendered piece, in output order.
    std::vector<std::pair<std::string, std::string>> pieces;
};

Result render(const std::string &folder, Tool tool, const Options &options = {});

} // namespace ManifestRenderer

} // namespace netfence::core
