#pragma once
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ksince {

// Runs work(thread_index) on `threads` threads and joins them. The first
// exception thrown by any worker is rethrown here; `stop` tells the others to
// finish early. Workers own their per-thread state (a Repo, a Hyperscan
// scratch), as libgit2 and Hyperscan require.
inline void run_workers(unsigned threads, const std::function<void(unsigned)>& work,
                        std::atomic<bool>& stop) {
  std::exception_ptr first;
  std::mutex m;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; t++) {
    pool.emplace_back([&, t] {
      try {
        work(t);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m);
        if (!first) first = std::current_exception();
        stop = true;
      }
    });
  }
  for (auto& th : pool) th.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace ksince
