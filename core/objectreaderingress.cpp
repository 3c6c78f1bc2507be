// ObjectReader's part for the objects that bring outside traffic in: Ingress and Route.
#include "core/objectreader.h"

#include "core/kubernetesnames.h"
#include "core/yamlnodes.h"

#include <yaml-cpp/yaml.h>

namespace netfence::core {

using YamlNodes::child;
using YamlNodes::present;

namespace {

// A Service port reference as written: a number or a name, kept as text.
bool isPortNumber(const std::string &text)
{
    return !text.empty() && text.size() <= 5 &&
           text.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

void ObjectReader::readIngress(const YAML::Node &object)
{
    IngressOrRoute ingress;
    ingress.kind = "Ingress";
    if (!readMetadata(object, "Ingress", ingress.name, ingress.namespaceName, nullptr)) return;
    ingress.location = at(object);
    const YAML::Node spec = child(object, "spec");
    // One backend: service.name and service.port.number or .name. A resource backend (a custom
    // object, not a Service) sends nothing to pods and is skipped.
    auto readBackend = [&](const YAML::Node &backend, const std::string &host,
                           const std::string &path) {
        visit();
        if (!present(backend)) return;
        if (!backend.IsMap()) {
            report(Severity::Error, backend, "an Ingress backend must be a map");
            return;
        }
        const YAML::Node service = child(backend, "service");
        if (!present(service)) {
            if (!present(child(backend, "resource")))
                report(Severity::Error, backend, "the Ingress backend names no service");
            return;
        }
        IngressBackend b;
        b.host = host;
        b.path = path;
        b.location = at(backend);
        const YAML::Node name = child(service, "name");
        if (!present(name)) {
            report(Severity::Error, service, "backend.service.name is missing");
            return;
        }
        if (!scalar(name, "backend.service.name", b.serviceName)) return;
        const YAML::Node port = child(service, "port");
        const YAML::Node number = child(port, "number");
        const YAML::Node portName = child(port, "name");
        if (present(number) == present(portName)) {
            report(Severity::Error, present(port) ? port : service,
                   "backend.service.port must have exactly one of number and name");
            return;
        }
        if (present(number)) {
            int n = 0;
            if (!integer(number, "backend.service.port.number", n)) return;
            if (n < 1 || n > 65535) {
                report(Severity::Error, number, "backend.service.port.number must be 1-65535");
                return;
            }
            b.port = std::to_string(n);
        } else if (!scalar(portName, "backend.service.port.name", b.port)) {
            return;
        }
        ingress.backends.push_back(std::move(b));
    };
    readBackend(child(spec, "defaultBackend"), std::string(), std::string());
    const YAML::Node rules = child(spec, "rules");
    if (present(rules) && !rules.IsSequence())
        report(Severity::Error, rules, "spec.rules must be a list");
    else if (present(rules))
        for (const YAML::Node &rule : rules) {
            visit();
            std::string host;
            const YAML::Node hostNode = child(rule, "host");
            if (present(hostNode) && !scalar(hostNode, "host", host)) continue;
            const YAML::Node paths = child(child(rule, "http"), "paths");
            if (!present(paths)) continue;
            if (!paths.IsSequence()) {
                report(Severity::Error, paths, "http.paths must be a list");
                continue;
            }
            for (const YAML::Node &p : paths) {
                std::string path;
                const YAML::Node pathNode = child(p, "path");
                if (present(pathNode) && !scalar(pathNode, "path", path)) continue;
                const YAML::Node backend = child(p, "backend");
                if (!present(backend)) {
                    report(Severity::Error, p, "an Ingress path has no backend");
                    continue;
                }
                readBackend(backend, host, path);
            }
        }
    mOut.ingresses.push_back(std::move(ingress));
}

void ObjectReader::readRoute(const YAML::Node &object)
{
    // "Route" is OpenShift's route.openshift.io kind; other groups may reuse the name.
    std::string apiVersion;
    const YAML::Node version = child(object, "apiVersion");
    if (present(version)) scalar(version, "apiVersion", apiVersion);
    if (apiVersion.rfind("route.openshift.io/", 0) != 0) {
        ++mOut.skippedKinds["Route"];
        return;
    }
    IngressOrRoute route;
    route.kind = "Route";
    if (!readMetadata(object, "Route", route.name, route.namespaceName, nullptr)) return;
    route.location = at(object);
    const YAML::Node spec = child(object, "spec");
    std::string host, path, port;
    const YAML::Node hostNode = child(spec, "host");
    if (present(hostNode)) scalar(hostNode, "spec.host", host);
    const YAML::Node pathNode = child(spec, "path");
    if (present(pathNode)) scalar(pathNode, "spec.path", path);
    const YAML::Node target = child(child(spec, "port"), "targetPort");
    if (present(target) && !scalar(target, "spec.port.targetPort", port)) return;
    // spec.to, then spec.alternateBackends: each a Service that takes a share of the traffic.
    auto readTo = [&](const YAML::Node &to, const char *what) {
        visit();
        if (!present(to) || !to.IsMap()) {
            report(Severity::Error, present(to) ? to : object,
                   std::string(what) + " must be a map naming a Service");
            return;
        }
        std::string kind = "Service";
        const YAML::Node kindNode = child(to, "kind");
        if (present(kindNode) && !scalar(kindNode, "kind", kind)) return;
        if (kind != "Service") {
            report(Severity::Warning, to,
                   std::string(what) + " names a " + kind + ", not a Service; it is ignored");
            return;
        }
        IngressBackend b;
        b.host = host;
        b.path = path;
        b.port = port;
        b.location = at(to);
        const YAML::Node name = child(to, "name");
        if (!present(name)) {
            report(Severity::Error, to, std::string(what) + ".name is missing");
            return;
        }
        if (!scalar(name, "name", b.serviceName)) return;
        route.backends.push_back(std::move(b));
    };
    readTo(child(spec, "to"), "spec.to");
    const YAML::Node alternates = child(spec, "alternateBackends");
    if (present(alternates) && alternates.IsSequence())
        for (const YAML::Node &a : alternates)
            readTo(a, "spec.alternateBackends[]");
    if (!port.empty() && isPortNumber(port) && (std::stoi(port) < 1 || std::stoi(port) > 65535))
        report(Severity::Error, target, "spec.port.targetPort must be 1-65535");
    mOut.ingresses.push_back(std::move(route));
}

} // namespace netfence::core
