#pragma once
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "util/error.h"

namespace ksince {

// The Error for a thread the system refused (std::thread throws
// std::system_error: the process or user limit, memory).
inline Error thread_start_error(const std::system_error& e, unsigned index, unsigned threads) {
  return Error(cat("cannot start thread ", index + 1, " of ", threads, ": ", e.what(),
                   "; run with fewer --jobs, or raise the limit on processes (ulimit -u)"));
}

// Starts f on a thread, or throws Error.
template <typename F>
std::thread start_thread(F&& f) {
  try {
    return std::thread(std::forward<F>(f));
  } catch (const std::system_error& e) {
    throw thread_start_error(e, 0, 1);
  }
}

// Runs work(thread_index) on `threads` threads and joins them. The first
// exception thrown by any worker is rethrown here; `stop` tells the others to
// finish early. Workers own their per-thread state (a Repo, a Hyperscan
// scratch), as libgit2 and Hyperscan require. A thread that cannot start is
// an Error once the started ones have stopped, never an abort.
inline void run_workers(unsigned threads, const std::function<void(unsigned)>& work,
                        std::atomic<bool>& stop) {
  std::exception_ptr first;
  std::mutex m;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; t++) {
    try {
      pool.emplace_back([&, t] {
        try {
          work(t);
        } catch (...) {
          std::lock_guard<std::mutex> lock(m);
          if (!first) first = std::current_exception();
          stop = true;
        }
      });
    } catch (const std::system_error& e) {
      std::lock_guard<std::mutex> lock(m);
      if (!first) first = std::make_exception_ptr(thread_start_error(e, t, threads));
      stop = true;
      break;
    }
  }
  for (auto& th : pool) th.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace ksince
