#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store/store.h"

namespace ksince {

// What `ksince status` reports: what is indexed, from where, how fresh.
struct IndexStatus {
  int schema_version = 0;
  std::string repo;           // as recorded by the last run
  std::string repo_head;      // HEAD's commit now, or why it cannot be read
  std::string repo_head_ref;  // e.g. refs/heads/master
  std::vector<std::string> repo_warnings;  // a shallow or partial clone: what it costs
  std::vector<std::string> tags;  // the last run's selection, newest first
  // Its stable series: "6.1" -> the points' labels, newest first; and the
  // tags the series regex matched but could not place (each warned of).
  std::vector<std::pair<std::string, std::vector<std::string>>> series;
  std::vector<std::string> unplaced;
  size_t patterns = 0, with_version = 0, with_commit = 0, pending_commits = 0;
  size_t blobs_cached = 0, runs = 0;
  int64_t last_started = 0;   // unix seconds; 0 when never run
  double last_seconds = 0;
  size_t last_blobs_scanned = 0;
  uint64_t last_bytes_scanned = 0;
  std::string patterns_file;
  enum class PatternsFile { Unknown, Same, Changed, Missing } patterns_state = PatternsFile::Unknown;
};

IndexStatus read_status(Store& store);

}  // namespace ksince
