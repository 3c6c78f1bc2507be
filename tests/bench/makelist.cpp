// Writes a big `kind: List` as `kubectl get -A -o yaml` prints it, for timed loads of big
// inputs (scripts/bench.sh biglist): netfence_make_list FILE MEGABYTES
#include "support/kubectllist.h"

#include <cstdlib>
#include <fstream>
#include <iostream>

int main(int argc, char **argv)
{
    if (argc != 3 || std::atoll(argv[2]) <= 0) {
        std::cerr << "usage: netfence_make_list FILE MEGABYTES\n";
        return 2;
    }
    std::ofstream out(argv[1], std::ios::binary);
    const auto stats = netfence::test::writeKubectlList(
        out, static_cast<std::uint64_t>(std::atoll(argv[2])) << 20);
    out.close();
    if (!out) {
        std::cerr << "cannot write " << argv[1] << '\n';
        return 1;
    }
    std::cout << stats.bytes << " bytes: " << stats.namespaces << " namespaces, " << stats.pods
              << " pods, " << stats.services << " services, " << stats.policies << " policies\n";
    return 0;
}
