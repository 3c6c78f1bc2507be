#pragma once

#include <cstddef>
#include <functional>

namespace netfence::core {

// The one way core spreads work over threads (the manifest loader's files and List items, the
// evaluator's rows). No pool lives on between calls: each call starts its threads and joins
// them before it returns.
namespace WorkerThreads {

// How many threads to use: `wanted`, or one per core when it is 0; at least 1, at most `most`.
unsigned count(unsigned wanted, size_t most);

// Calls work(0) .. work(threads - 1), each on a thread of its own; work(0) on the calling
// thread. When the system refuses a thread (memory, a process limit), the calling thread runs
// that share itself after its own, so every index runs exactly once whatever happens. `work`
// must not throw: catch inside and hand the exception back through the captured state.
void run(unsigned threads, const std::function<void(unsigned index)> &work);

} // namespace WorkerThreads

} // namespace netfence::core
