#include "store/status.h"

#include <nlohmann/json.hpp>

#include "store/series_answers.h"

#include <fstream>
#include <sstream>

#include "store/read_answers.h"
#include "store/fingerprint.h"
#include "repo/repo.h"

namespace ksince {

namespace {

size_t count(Store& store, const char* sql) {
  Stmt s = store.prepare(sql);
  s.step();
  return static_cast<size_t>(s.i64(0));
}

}  // namespace

IndexStatus read_status(Store& store) {
  IndexStatus st;
  st.schema_version = store.schema_version();
  st.repo = store.meta("repo").value_or("");
  st.tags = selected_tags(store);
  for (const StoredSeries& s : read_series(store)) {
    std::vector<std::string> labels;
    for (const StoredPoint& p : s.points) labels.push_back(p.label);
    st.series.emplace_back(s.name, labels);
  }
  if (auto u = store.meta("series_unplaced")) st.unplaced = nlohmann::json::parse(*u).get<std::vector<std::string>>();
  st.patterns = count(store, "SELECT count(*) FROM patterns WHERE active = 1");
  st.with_version = count(store, "SELECT count(*) FROM features f JOIN patterns p ON p.id = f.pattern_id "
                                 "WHERE p.active = 1 AND f.version <> ''");
  st.with_commit = count(store, "SELECT count(*) FROM features f JOIN patterns p ON p.id = f.pattern_id "
                                "WHERE p.active = 1 AND f.commit_oid <> ''");
  st.pending_commits = count(store, "SELECT count(*) FROM features f JOIN patterns p ON p.id = f.pattern_id "
                                    "WHERE p.active = 1 AND f.version <> '' AND f.prev <> '' "
                                    "AND f.commit_searched = 0");
  st.blobs_cached = count(store, "SELECT count(*) FROM blobs");
  st.runs = count(store, "SELECT count(*) FROM runs");
  Stmt last = store.prepare("SELECT started, seconds, blobs_new, bytes_new FROM runs ORDER BY id DESC LIMIT 1");
  if (last.step()) {
    st.last_started = last.i64(0);
    st.last_seconds = last.real(1);
    st.last_blobs_scanned = static_cast<size_t>(last.i64(2));
    st.last_bytes_scanned = static_cast<uint64_t>(last.i64(3));
  }

  if (!st.repo.empty()) {
    try {
      Repo repo(st.repo);
      st.repo_warnings = repo.limits().warnings(repo.git_dir());
      git_reference* head = nullptr;
      if (git_repository_head(&head, repo.raw()) == 0) {
        GitReference h(head);
        st.repo_head_ref = git_reference_name(h.get());
        const git_oid* id = git_reference_target(h.get());
        st.repo_head = id ? Oid::from_git(*id).hex() : "";
      } else {
        st.repo_head = "(no HEAD)";
      }
    } catch (const Error& e) {
      st.repo_head = cat("(cannot read: ", e.what(), ")");
    }
  }

  st.patterns_file = store.meta("patterns_file").value_or("");
  if (!st.patterns_file.empty()) {
    std::ifstream in(st.patterns_file, std::ios::binary);
    if (!in) {
      st.patterns_state = IndexStatus::PatternsFile::Missing;
    } else {
      std::stringstream buf;
      buf << in.rdbuf();
      auto digest = store.meta("patterns_digest");
      if (digest)
        st.patterns_state = Fingerprint().add(buf.str()).hex() == *digest ? IndexStatus::PatternsFile::Same
                                                                          : IndexStatus::PatternsFile::Changed;
    }
  }
  return st;
}

}  // namespace ksince
