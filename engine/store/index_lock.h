#pragma once
#include <string>

namespace ksince {

// One `ksince index` at a time per database: an exclusive flock(2) on its
// own lock file beside the database (DB.lock), taken before anything is
// written and released by the kernel when the process ends, however it ends
// (SIGKILL included). Not on the database file itself: SQLite's POSIX locks
// on a file vanish when the process closes any descriptor of it, and a
// failed run must not leave an empty database file behind. The lock file
// stays (removing it would race with the next run). Readers (query, export)
// take no lock: SQLite's WAL lets them read the last committed state while an
// index run writes.
class IndexLock {
 public:
  explicit IndexLock(const std::string& db_path);
  static std::string path_for(const std::string& db_path) { return db_path + ".lock"; }
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace ksince
