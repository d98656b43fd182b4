#include "commits/evidence.h"

#include <nlohmann/json.hpp>

#include "repo/history.h"
#include "scan/matcher.h"
#include "repo/pathspec.h"
#include "repo/repo.h"
#include "repo/tree_graph.h"

namespace ksince {

namespace {

MatchSpec spec_of(Store& store, const Feature& f, int64_t& matcher_id) {
  Stmt s = store.prepare(
      "SELECT m.spec, m.id FROM patterns p JOIN matchers m ON m.id = p.matcher_id "
      "WHERE p.active = 1 AND p.group_name = ? AND p.name = ?");
  s.bind(1, f.group).bind(2, f.name);
  if (!s.step()) throw Error(cat("internal: no matcher for ", f.name));
  matcher_id = s.i64(1);
  auto j = nlohmann::json::parse(s.text(0));
  MatchSpec m;
  m.literal = j.contains("w");
  m.exprs = j.at(m.literal ? "w" : "E").get<std::vector<std::string>>();
  m.label = cat("pattern '", f.name, "' in group '", f.group, "'");
  return m;
}

// The lines of a blob that the matcher finds, scanning line by line.
void find_lines(const Matcher& m, hs_scratch_t* scratch, const std::string& path, const char* data,
                size_t size, size_t max, std::vector<Evidence::Place>& out) {
  size_t line = 1, start = 0;
  std::vector<uint32_t> hits;
  while (start <= size && out.size() < max) {
    size_t end = start;
    while (end < size && data[end] != '\n') end++;
    hits.clear();
    m.scan(data + start, end - start, scratch, hits);
    if (!hits.empty()) out.push_back({path, line, std::string(data + start, std::min<size_t>(end - start, 200))});
    if (end >= size) break;
    start = end + 1;
    line++;
  }
}

}  // namespace

std::vector<Evidence> evidence_for(Store& store, const std::string& name, size_t max_places) {
  std::vector<Evidence> out;
  std::vector<Feature> features = features_named(store, name);
  if (features.empty()) return out;
  std::string repo_path = store.meta("repo").value_or("");
  Repo repo(repo_path);
  Pathspec spec(nlohmann::json::parse(store.meta("files").value_or("[]")).get<std::vector<std::string>>());
  History history(repo);
  for (const Feature& f : features) {
    Evidence e;
    e.feature = f;
    Oid tree;
    if (!f.commit.empty()) {
      git_oid g;
      git_check(git_oid_fromstr(&g, f.commit.c_str()), cat("reading commit id ", f.commit));
      Oid c = Oid::from_git(g);
      const History::Commit& info = history.commit(c);
      tree = info.tree;
      for (const Oid& p : info.parents) e.parents.push_back(p.hex());
      e.author = history.summary(c).author;
      e.where = f.commit;
    } else if (!f.version.empty()) {
      Stmt s = store.prepare("SELECT tree_oid FROM tags WHERE name = ?");
      s.bind(1, f.version);
      if (!s.step()) throw Error(cat("internal: no tag ", f.version));
      tree = Oid::from_raw(s.blob(0).data());
      e.where = f.version;
    } else {
      out.push_back(std::move(e));
      continue;  // absent at the newest tag: nothing to show
    }
    int64_t matcher_id;
    Matcher m({spec_of(store, f, matcher_id)});
    HsScratch scratch = m.new_scratch();
    // The index knows which blobs hold the name: read only those.
    Stmt known = store.prepare(
        "SELECT EXISTS(SELECT 1 FROM blob_hits h WHERE h.blob_id = b.id AND h.matcher_id = ?) "
        "FROM blobs b WHERE b.oid = ?");
    for_each_file(repo, tree, spec, [&](const std::string& path, const Oid& blob) {
      if (e.places.size() >= max_places) return false;
      known.bind(1, matcher_id).bind_blob(2, blob.raw());
      bool skip = known.step() && known.i64(0) == 0;
      known.reset();
      if (skip) return true;
      Repo::Blob b = repo.read_blob(blob);
      std::vector<uint32_t> hits;
      m.scan(b.data(), b.size(), scratch.get(), hits);
      if (!hits.empty()) find_lines(m, scratch.get(), path, b.data(), b.size(), max_places, e.places);
      return true;
    });
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ksince
