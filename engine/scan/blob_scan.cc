#include "scan/blob_scan.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "repo/repo.h"
#include "scan/thread_pool.h"
#include "util/release_memory.h"

namespace ksince {

void scan_blobs(const std::string& git_dir, const Matcher& matcher, const std::vector<Oid>& blobs,
                unsigned jobs, const std::function<void(std::vector<ScannedBlob>&)>& sink) {
  if (blobs.empty()) return;
  // Small enough to keep both threads busy to the end, big enough that the
  // queue and the sink's transactions cost nothing.
  constexpr size_t kChunk = 128;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable cv;
  std::deque<std::vector<ScannedBlob>> done;
  bool finished = false;
  std::exception_ptr failure;

  std::thread pool = start_thread([&] {
    try {
      run_workers(std::max(1u, jobs), [&](unsigned) {
        Repo repo(git_dir);
        HsScratch scratch = matcher.new_scratch();
        std::string bytes;  // reused: no allocation per blob
        while (!stop) {
          size_t begin = next.fetch_add(kChunk);
          if (begin >= blobs.size()) break;
          size_t end = std::min(blobs.size(), begin + kChunk);
          std::vector<ScannedBlob> out;
          out.reserve(end - begin);
          for (size_t i = begin; i < end; i++) {
            repo.read_blob(blobs[i], bytes);
            ScannedBlob sb{static_cast<uint32_t>(i), bytes.size(), {}};
            matcher.scan(bytes.data(), bytes.size(), scratch.get(), sb.hits);
            out.push_back(std::move(sb));
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
      std::vector<ScannedBlob> batch;
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
