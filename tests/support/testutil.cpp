#include "support/testutil.h"

namespace netfence::test {

std::string pod(const std::string &ns, const std::string &name, const std::string &labels,
                const std::vector<std::string> &ports, const std::string &ip)
{
    std::string out = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
                      "\n  namespace: " + ns + "\n  labels: {" + labels +
                      "}\nspec:\n  containers:\n  - name: c\n    ports:";
    if (ports.empty())
        out += " []";
    for (const std::string &p : ports) {
        std::string spec = p;
        std::string portName;
        if (auto colon = spec.find(':'); colon != std::string::npos) {
            portName = spec.substr(0, colon);
            spec = spec.substr(colon + 1);
        }
        const auto slash = spec.find('/');
        out += "\n    - containerPort: " + spec.substr(0, slash);
        if (slash != std::string::npos)
            out += "\n      protocol: " + spec.substr(slash + 1);
        if (!portName.empty())
            out += "\n      name: " + portName;
    }
    out += '\n';
    if (!ip.empty())
        out += "status:\n  podIP: " + ip + "\n";
    return out;
}

} // namespace netfence::test
