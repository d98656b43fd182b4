// `ksince status`: what is indexed, the last run, and the work pending.
#include <cstdio>
#include <ctime>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "store/status.h"
#include "store/store.h"

namespace ksince::cli {

int cmd_status(const std::vector<std::string>& args) {
  std::string db;
  bool json = false;
  po::options_description opts("status options");
  opts.add_options()("json", po::bool_switch(&json), "print JSON");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince status [--db FILE] [--json]",
             "  ksince status --db ebpf.db\n  ksince status --json | jq .pending_commits\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  IndexStatus st = read_status(store);
  const char* pstate[] = {"unknown", "unchanged since the last index",
                          "CHANGED since the last index: run ksince index", "MISSING"};
  const char* patterns_state = pstate[static_cast<int>(st.patterns_state)];
  for (const std::string& w : st.repo_warnings) std::fprintf(stderr, "ksince: warning: %s\n", w.c_str());
  if (json) {
    nlohmann::ordered_json j{
        {"db", db}, {"schema_version", st.schema_version}, {"repo", st.repo}, {"repo_head", st.repo_head},
        {"repo_head_ref", st.repo_head_ref}, {"tags", st.tags}, {"patterns", st.patterns},
        {"with_version", st.with_version}, {"with_commit", st.with_commit},
        {"pending_commits", st.pending_commits}, {"blobs_cached", st.blobs_cached}, {"runs", st.runs},
        {"last_run", st.last_started}, {"last_run_seconds", st.last_seconds},
        {"last_run_blobs_scanned", st.last_blobs_scanned}, {"last_run_bytes_scanned", st.last_bytes_scanned},
        {"patterns_file", st.patterns_file},
        {"patterns_file_state", st.patterns_state == IndexStatus::PatternsFile::Same ? "same"
                                : st.patterns_state == IndexStatus::PatternsFile::Changed ? "changed"
                                : st.patterns_state == IndexStatus::PatternsFile::Missing ? "missing" : "unknown"}};
    if (!st.series.empty() || !st.unplaced.empty()) {  // an index without series says what it always did
      j["series"] = nlohmann::ordered_json::object();
      for (const auto& [name, points] : st.series) j["series"][name] = points;
      j["unplaced"] = st.unplaced;
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("index       %s (schema %d)\n", db.c_str(), st.schema_version);
  std::printf("repository  %s\n", st.repo.empty() ? "(none yet)" : st.repo.c_str());
  if (!st.repo_head.empty()) std::printf("HEAD        %s %s\n", st.repo_head.c_str(), st.repo_head_ref.c_str());
  std::printf("tags        %zu", st.tags.size());
  if (!st.tags.empty()) std::printf(", %s .. %s", st.tags.back().c_str(), st.tags.front().c_str());
  for (const auto& [name, points] : st.series)
    std::printf("\nseries      %s.y: %zu points, %s .. %s", name.c_str(), points.size(), points.back().c_str(),
                points.front().c_str());
  if (!st.unplaced.empty())
    std::printf("\nunplaced    %zu tags the series regex matched but could not place (e.g. %s)", st.unplaced.size(),
                st.unplaced.front().c_str());
  std::printf("\npatterns    %zu: %zu with a version, %zu with a commit, %zu commits pending\n", st.patterns,
              st.with_version, st.with_commit, st.pending_commits);
  std::printf("patterns    %s: %s\n", st.patterns_file.c_str(), patterns_state);
  if (st.runs) {
    char when[64];
    std::time_t t = static_cast<std::time_t>(st.last_started);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
    std::printf("last run    %s, %.2f s, %zu blobs scanned (%.1f MB); %zu runs in all\n", when, st.last_seconds,
                st.last_blobs_scanned, st.last_bytes_scanned / 1e6, st.runs);
  }
  std::printf("cache       %zu blobs\n", st.blobs_cached);
  return st.pending_commits || st.patterns_state != IndexStatus::PatternsFile::Same ? kNotFound : 0;
}

}  // namespace ksince::cli
