#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "repo/oid.h"
#include "repo/repo.h"
#include "scan/thread_pool.h"
#include "util/release_memory.h"

namespace ksince {

// What one worker thread does with each blob it reads: `index` is the blob's
// position in the input list. make_work() is called once on each worker, so
// that the work owns its thread's state (a Hyperscan scratch, a tokenizer's
// tables).
template <typename Out>
using BlobWork = std::function<void(uint32_t index, const std::string& bytes, Out& out)>;

// Reads every blob once on `jobs` threads, each with its own repository, and
// hands each to its thread's work. Finished batches of results go to `sink`
// on the calling thread as they complete (in no fixed order), so the caller
// can store them while the workers go on. The first error of a worker or of
// the sink stops the others and is rethrown here.
template <typename Out>
void read_blobs(const std::string& git_dir, const std::vector<Oid>& blobs, unsigned jobs,
                const std::function<BlobWork<Out>()>& make_work,
                const std::function<void(std::vector<Out>&)>& sink) {
  if (blobs.empty()) return;
  // Small enough to keep both threads busy to the end, big enough that the
  // queue and the sink's transactions cost nothing.
  constexpr size_t kChunk = 128;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable cv;
  std::deque<std::vector<Out>> done;
  bool finished = false;
  std::exception_ptr failure;

  std::thread pool = start_thread([&] {
    try {
      run_workers(std::max(1u, jobs), [&](unsigned) {
        Repo repo(git_dir);
        BlobWork<Out> work = make_work();
        std::string bytes;  // reused: no allocation per blob
        while (!stop) {
          size_t begin = next.fetch_add(kChunk);
          if (begin >= blobs.size()) break;
          size_t end = std::min(blobs.size(), begin + kChunk);
          std::vector<Out> out(end - begin);
          for (size_t i = begin; i < end; i++) {
            repo.read_blob(blobs[i], bytes);
            work(static_cast<uint32_t>(i), bytes, out[i - begin]);
          }
          std::lock_guard<std::mutex> lock(m);
          done.push_back(std::move(out));
          cv.notify_one();
        }
      }, stop);
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m);
    finished = true;
    cv.notify_one();
  });

  try {
    for (;;) {
      std::vector<Out> batch;
      {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return finished || !done.empty(); });
        if (done.empty()) break;
        // Hand over everything finished so far as one batch.
        batch = std::move(done.front());
        done.pop_front();
        while (!done.empty()) {
          for (auto& b : done.front()) batch.push_back(std::move(b));
          done.pop_front();
        }
      }
      sink(batch);
    }
  } catch (...) {
    stop = true;
    pool.join();
    throw;
  }
  pool.join();
  release_free_memory();  // the workers' read buffers and delta caches
  if (failure) std::rethrow_exception(failure);
}

}  // namespace ksince
