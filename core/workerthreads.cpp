#include "core/workerthreads.h"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

namespace netfence::core::WorkerThreads {

unsigned count(unsigned wanted, size_t most)
{
    const size_t threads = wanted ? wanted : std::thread::hardware_concurrency();
    return static_cast<unsigned>(std::max<size_t>(1, std::min(threads, most)));
}

void run(unsigned threads, const std::function<void(unsigned index)> &work)
{
    std::vector<std::thread> pool;
    std::vector<unsigned> refused;
    for (unsigned i = 1; i < threads; ++i) {
        try {
            pool.emplace_back(work, i);
        } catch (const std::system_error &) {
            refused.push_back(i);
        }
    }
    work(0);
    for (unsigned i : refused)
        work(i);
    for (std::thread &t : pool)
        t.join();
}

} // namespace netfence::core::WorkerThreads
