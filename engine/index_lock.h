#pragma once
#include <string>

namespace ksince {

// One `ksince index` at a time per database: an exclusive flock(2) on the
// database file, taken before anything is written and released by the
// kernel when the process ends, however it ends (SIGKILL included). Readers
// (query, export) take no lock: SQLite's WAL lets them read the last
// committed state while an index run writes.
class IndexLock {
 public:
  explicit IndexLock(const std::string& db_path);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ksince
