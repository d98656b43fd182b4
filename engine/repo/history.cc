#include "history.h"

#include <unordered_set>

namespace ksince {

namespace {

GitCommit lookup(const Repo& repo, const Oid& id) {
  git_commit* c = nullptr;
  git_oid g = id.to_git();
  int rc = git_commit_lookup(&c, repo.raw(), &g);
  if (rc == GIT_ENOTFOUND) throw repo.missing("commit", id);
  git_check(rc, cat("reading commit ", id.hex()));
  return GitCommit(c);
}

}  // namespace

const History::Commit& History::commit(const Oid& id) {
  auto it = commits_.find(id);
  if (it != commits_.end()) return it->second;
  GitCommit c = lookup(repo_, id);
  Commit info;
  info.tree = Oid::from_git(*git_commit_tree_id(c.get()));
  if (!is_cut(id))
    for (unsigned i = 0; i < git_commit_parentcount(c.get()); i++)
      info.parents.push_back(Oid::from_git(*git_commit_parent_id(c.get(), i)));
  return commits_.emplace(id, std::move(info)).first->second;
}

std::vector<Oid> History::first_parent_chain(const Oid& tip, const std::vector<Oid>& hide) {
  if (repo_.limits().shallow()) return shallow_first_parent_chain(tip, hide);
  git_revwalk* raw = nullptr;
  git_check(git_revwalk_new(&raw, repo_.raw()), "starting a history walk");
  GitRevwalk walk(raw);
  git_check(git_revwalk_simplify_first_parent(walk.get()), "walking first parents");
  git_oid g = tip.to_git();
  git_check(git_revwalk_push(walk.get(), &g), cat("walking from ", tip.hex()));
  for (const Oid& h : hide) {
    git_oid hg = h.to_git();
    git_check(git_revwalk_hide(walk.get(), &hg), cat("hiding ", h.hex()));
  }
  std::vector<Oid> out;
  git_oid next;
  int rc;
  while ((rc = git_revwalk_next(&next, walk.get())) == 0) out.push_back(Oid::from_git(next));
  // A chain cut short by an error would bound the search wrongly.
  if (rc != GIT_ITEROVER) git_check(rc, cat("walking from ", tip.hex()));
  return out;
}

std::vector<Oid> History::shallow_first_parent_chain(const Oid& tip, const std::vector<Oid>& hide) {
  // Everything reachable from `hide`, through the parents the clone has
  // (bounded by the clone's depth).
  std::unordered_set<Oid, OidHash> hidden;
  std::vector<Oid> todo(hide.begin(), hide.end());
  while (!todo.empty()) {
    Oid c = todo.back();
    todo.pop_back();
    if (c.is_zero() || !hidden.insert(c).second) continue;
    for (const Oid& p : commit(c).parents) todo.push_back(p);
  }
  std::vector<Oid> out;
  for (Oid c = tip; !hidden.count(c);) {
    out.push_back(c);
    const std::vector<Oid>& parents = commit(c).parents;
    if (parents.empty()) break;  // a root, or the boundary of the clone
    c = parents[0];
  }
  return out;
}

History::Summary History::summary(const Oid& id) const {
  GitCommit c = lookup(repo_, id);
  Summary s;
  const char* subject = git_commit_summary(c.get());
  s.subject = subject ? subject : "";
  const git_signature* a = git_commit_author(c.get());
  if (a && a->name) s.author = a->name;
  s.date = git_commit_time(c.get());
  return s;
}

}  // namespace ksince
