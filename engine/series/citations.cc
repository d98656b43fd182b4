#include "series/citations.h"

#include <algorithm>
#include <cctype>

#include "commits/upstream.h"
#include "repo/git_handle.h"
#include "store/series_answers.h"
#include "util/error.h"

namespace ksince {

namespace {

// The commits of one point's range, in no particular order, with their
// messages' citations.
size_t walk_point(Store& store, const Repo& repo, const std::string& series, const std::string& label, int64_t tag_id,
                  const Oid& point, const std::vector<Oid>& hide) {
  git_revwalk* w = nullptr;
  git_check(git_revwalk_new(&w, repo.raw()), "starting a walk of the series' commits");
  GitRevwalk walk(w);
  git_oid p = point.to_git();
  git_check(git_revwalk_push(w, &p), cat("walking from ", label));
  for (const Oid& h : hide) {
    git_oid g = h.to_git();
    git_check(git_revwalk_hide(w, &g), cat("hiding ", h.hex(), " from the walk of ", label));
  }
  Stmt put = store.prepare("INSERT INTO series_citations(series, point, tag_id, commit_oid, upstream) VALUES(?,?,?,?,?)");
  size_t n = 0;
  for (git_oid c; git_revwalk_next(&c, w) == 0; n++) {
    git_commit* commit = nullptr;
    git_check(git_commit_lookup(&commit, repo.raw(), &c), "reading a commit of the series");
    GitCommit keep(commit);
    const char* m = git_commit_message(commit);
    std::string cited = cited_upstream(m ? m : "");
    if (!cited.empty())
      put.bind(1, series).bind(2, label).bind(3, tag_id).bind(4, Oid::from_git(c).hex()).bind(5, cited).run();
  }
  return n;
}

std::string range_key(const Oid& point, const std::vector<Oid>& hide) {
  std::string k = point.hex();
  for (const Oid& h : hide) k += " ^" + h.hex();
  return k;
}

}  // namespace

size_t index_citations(Store& store, const Repo& repo, const std::vector<Series>& series,
                       const std::vector<TagInfo>& releases) {
  if (series.empty()) return 0;
  Store::Transaction tx(store);
  Stmt tag = store.prepare("SELECT id FROM tags WHERE name = ?");
  Stmt walked = store.prepare("SELECT range FROM series_walks WHERE tag_id = ?");
  Stmt mark = store.prepare("INSERT OR REPLACE INTO series_walks(tag_id, range) VALUES(?, ?)");
  Stmt clear = store.prepare("DELETE FROM series_citations WHERE tag_id = ?");
  size_t commits = 0;
  for (const Series& s : series) {
    std::vector<Oid> hide;
    for (const TagInfo& r : releases)
      if ((s.base.empty() || r.name == s.base) && !r.commit.is_zero()) hide.push_back(r.commit);
    for (const SeriesPoint& p : s.points) {
      if (p.tag.commit.is_zero()) continue;  // a tag of a tree: no history
      if (!tag.bind(1, p.tag.name).step()) throw Error(cat("internal: tag ", p.tag.name, " is not stored"));
      int64_t id = tag.i64(0);
      tag.reset();
      std::string key = range_key(p.tag.commit, hide);
      bool same = walked.bind(1, id).step() && walked.text(0) == key;
      walked.reset();
      if (!same) {
        clear.bind(1, id).run();
        commits += walk_point(store, repo, s.name, point_label(s.name, p.place), id, p.tag.commit, hide);
        mark.bind(1, id).bind(2, key).run();
      }
      hide = {p.tag.commit};
    }
  }
  tx.commit();
  return commits;
}

std::vector<UpstreamAnswer> upstream_in_series(Store& store, const Repo* repo, const std::string& id) {
  std::string want = id;
  for (char& c : want) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // A prefix as git abbreviates one (7 digits at least): a shorter one
  // would match citations of unrelated commits.
  if (want.size() < 7 || want.size() > 40 || want.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw InputError("upstream", cat("'", id, "' is not a commit id: give 7 to 40 hex digits (the kernel writes 12)"));
  Oid full = repo ? resolve_commit(*repo, want) : Oid();
  Stmt q = store.prepare(
      "SELECT c.point, c.commit_oid, t.series_position FROM series_citations c JOIN tags t ON t.id = c.tag_id "
      "WHERE c.series = ?2 AND t.series_position IS NOT NULL AND (substr(c.upstream, 1, length(?1)) = ?1 OR "
      "substr(?1, 1, length(c.upstream)) = c.upstream) ORDER BY t.series_position DESC LIMIT 1");
  std::vector<UpstreamAnswer> out;
  for (const StoredSeries& s : read_series(store)) {
    UpstreamAnswer a{s.name, "", "", ""};
    q.bind(1, want).bind(2, s.name);
    if (q.step()) {
      a.point = q.text(0);
      a.commit = q.text(1);
    }
    q.reset();
    if (repo && !full.is_zero() && s.base_tag_id) {
      Stmt b = store.prepare("SELECT commit_oid FROM tags WHERE id = ?");
      if (b.bind(1, s.base_tag_id).step() && !b.is_null(0)) {
        Oid base = Oid::from_raw(b.blob(0).data());
        git_oid bg = base.to_git(), cg = full.to_git();
        if (base == full || git_graph_descendant_of(repo->raw(), &bg, &cg) == 1) a.in_base = s.base;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace ksince
