#include "repo/history.h"

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

namespace {

// A commit's tree and parents from its object's header ("tree HEX\n",
// then "parent HEX\n" lines), as git writes it. False when it is not so.
bool parse_commit_header(std::string_view raw, History::Commit& info) {
  auto hex_oid = [](std::string_view hex, Oid& out) {
    std::optional<Oid> o = Oid::from_hex(hex);
    if (o) out = *o;
    return o.has_value();
  };
  if (!raw.starts_with("tree ") || raw.size() < 46 || raw[45] != '\n' || !hex_oid(raw.substr(5, 40), info.tree))
    return false;
  for (size_t at = 46; raw.substr(at).starts_with("parent "); at += 48) {
    Oid p;
    if (raw.size() < at + 48 || raw[at + 47] != '\n' || !hex_oid(raw.substr(at + 7, 40), p)) return false;
    info.parents.push_back(p);
  }
  return true;
}

}  // namespace

const History::Commit& History::commit(const Oid& id) {
  auto it = commits_.find(id);
  if (it != commits_.end()) return it->second;
  Commit info;
  // The object's bytes (from the pack: libdeflate, no libgit2 object),
  // parsed here; libgit2's parser for a header that is not git's usual one.
  repo_.read_commit_raw(id, raw_);
  if (!parse_commit_header(raw_, info)) {
    info = Commit{};
    GitCommit c = lookup(repo_, id);
    info.tree = Oid::from_git(*git_commit_tree_id(c.get()));
    for (unsigned i = 0; i < git_commit_parentcount(c.get()); i++)
      info.parents.push_back(Oid::from_git(*git_commit_parent_id(c.get(), i)));
  }
  if (is_cut(id)) info.parents.clear();  // a shallow boundary: its parents are not here
  info.parents.shrink_to_fit();
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

void History::reach(const Oid& from, const std::unordered_set<Oid, OidHash>& stop,
                    std::unordered_set<Oid, OidHash>& out) {
  std::vector<Oid> todo{from};
  while (!todo.empty()) {
    Oid c = todo.back();
    todo.pop_back();
    if (c.is_zero() || stop.count(c) || !out.insert(c).second) continue;
    for (const Oid& p : commit(c).parents) todo.push_back(p);
  }
}

std::vector<Oid> History::shallow_first_parent_chain(const Oid& tip, const std::vector<Oid>& hide) {
  // Everything reachable from `hide` (bounded by the clone's depth): the
  // range's prev, last in `hide`, once per range; the other commits only as
  // far as they do not join prev's history, whose ancestors are all hidden.
  static const std::unordered_set<Oid, OidHash> kNone;
  const std::unordered_set<Oid, OidHash>* base = &kNone;
  if (!hide.empty()) {
    auto it = reached_.find(hide.back());
    if (it == reached_.end()) {
      if (reached_.size() >= kRangesKept) reached_.clear();
      it = reached_.emplace(hide.back(), std::unordered_set<Oid, OidHash>{}).first;
      reach(hide.back(), kNone, it->second);
    }
    base = &it->second;
  }
  std::unordered_set<Oid, OidHash> more;
  for (size_t i = 0; i + 1 < hide.size(); i++) reach(hide[i], *base, more);
  auto hidden = [&](const Oid& c) { return base->count(c) || more.count(c); };
  std::vector<Oid> out;
  for (Oid c = tip; !hidden(c);) {
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
