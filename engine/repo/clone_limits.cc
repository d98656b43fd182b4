#include "repo/clone_limits.h"

#include <fstream>

namespace ksince {

namespace {

// The promisor remote and its filter, from the configuration git writes for
// a partial clone: remote.<name>.promisor = true (and, from git 2.39 on,
// maybe extensions.partialClone = <name>).
void read_promisor(git_repository* repo, CloneLimits& out) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) < 0) {
    git_error_clear();
    return;
  }
  GitPtr<git_config, git_config_free> config(raw);
  // Every entry, filtered here: libgit2's glob iterator leaks its pcre2 match
  // data on each entry.
  git_config_iterator* it_raw = nullptr;
  if (git_config_iterator_new(&it_raw, config.get()) == 0) {
    GitPtr<git_config_iterator, git_config_iterator_free> it(it_raw);
    const std::string prefix = "remote.", suffix = ".promisor";
    git_config_entry* e = nullptr;
    while (git_config_next(&e, it.get()) == 0) {
      std::string key = e->name;  // lower-cased by libgit2; <name> keeps its case and may hold dots
      if (key.size() <= prefix.size() + suffix.size() || key.rfind(prefix, 0) != 0 ||
          key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      int on = 0;
      if (git_config_parse_bool(&on, e->value) < 0) {
        git_error_clear();
        continue;
      }
      if (on) out.promisor_remote = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
    }
  }
  git_error_clear();
  if (out.promisor_remote.empty()) {
    git_buf b = GIT_BUF_INIT;
    if (git_config_get_string_buf(&b, config.get(), "extensions.partialclone") == 0) out.promisor_remote = b.ptr;
    git_buf_dispose(&b);
    git_error_clear();
  }
  if (out.promisor_remote.empty()) return;
  git_buf b = GIT_BUF_INIT;
  if (git_config_get_string_buf(&b, config.get(), ("remote." + out.promisor_remote + ".partialclonefilter").c_str()) ==
      0)
    out.filter = b.ptr;
  git_buf_dispose(&b);
  git_error_clear();
}

}  // namespace

CloneLimits read_clone_limits(git_repository* repo, const std::string& common_dir) {
  CloneLimits out;
  // One full commit id per line, as git writes it.
  std::ifstream shallow(common_dir + "/shallow");
  for (std::string line; std::getline(shallow, line);) {
    git_oid g;
    if (line.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&g, line.data(), GIT_OID_HEXSZ) == 0)
      out.shallow_commits.insert(Oid::from_git(g));
    git_error_clear();
  }
  read_promisor(repo, out);
  return out;
}

std::string CloneLimits::unshallow(const std::string& repo) {
  return cat("git -C ", repo, " fetch --unshallow --tags");
}

std::string CloneLimits::refetch(const std::string& repo) const {
  // Without the filter the refetch brings every object; without promisor
  // the clone is an ordinary one again (and ksince stops warning).
  return cat("git -C ", repo, " config --unset remote.", promisor_remote, ".partialclonefilter && git -C ", repo,
             " config --unset remote.", promisor_remote, ".promisor && git -C ", repo, " fetch --refetch ",
             promisor_remote, " (git 2.36 or later), or use a full clone (git clone without --filter)");
}

std::string CloneLimits::why_missing(const std::string& repo) const {
  if (partial()) return cat(": it is a partial clone, and ksince fetches nothing (", refetch(repo), ")");
  if (shallow()) return cat(": it is a shallow clone, cut at its boundary (", unshallow(repo), ")");
  return "; the repository is incomplete or damaged: run git fsck";
}

std::vector<std::string> CloneLimits::warnings(const std::string& repo) const {
  std::vector<std::string> out;
  if (shallow())
    out.push_back(cat(repo, " is a shallow clone (git clone --depth; ", shallow_commits.size(),
                      " boundary commit", shallow_commits.size() == 1 ? "" : "s",
                      "): versions are exact, but an introducing commit older than the boundary cannot be found, "
                      "and such features keep none; fetch the whole history: ", unshallow(repo)));
  if (partial())
    out.push_back(cat(repo, " is a partial clone (promisor remote '", promisor_remote, "'",
                      filter.empty() ? "" : cat(", filter ", filter),
                      "): ksince reads no network, so a blob it lacks cannot be searched: at a selected tag that "
                      "stops the run, between tags it leaves introducing commits unfound; fetch every blob: ",
                      refetch(repo)));
  return out;
}

}  // namespace ksince
