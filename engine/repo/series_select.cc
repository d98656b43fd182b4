#include "repo/series_select.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "repo/git_handle.h"
#include "repo/history.h"
#include "repo/version.h"
#include "util/error.h"

namespace ksince {

namespace {

const char* kExample = R"(e.g. ^v(?<series>\d+\.\d+)\.(?<point>\d+)$ for linux-stable)";

std::string pcre_message(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof buf);
  return n < 0 ? cat("PCRE2 error ", code) : std::string(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
}

// DEP-14: a Debian version in a tag name spells `~` as `_` and `:` as `%`.
std::string undo_dep14(std::string s) {
  for (char& c : s) c = c == '_' ? '~' : c == '%' ? ':' : c;
  return s;
}

bool decimal(const std::string& s, uint64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// Is `ancestor` reachable from every point (or the point itself)? One walk
// of the commits the points have and `ancestor` has not, parents first: a
// commit reaches it when a parent is it or reaches it. One git graph query
// per point walked the series' history again for each, quadratic in points.
bool ancestor_of_all(const Repo& repo, const Oid& ancestor, const std::vector<SeriesPoint>& points) {
  if (ancestor.is_zero()) return false;
  git_revwalk* raw = nullptr;
  git_check(git_revwalk_new(&raw, repo.raw()), "starting a history walk");
  GitRevwalk walk(raw);
  git_check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "sorting a history walk");
  for (const SeriesPoint& p : points) {
    if (p.tag.commit.is_zero()) return false;
    if (p.tag.commit == ancestor) continue;
    git_oid c = p.tag.commit.to_git();
    git_check(git_revwalk_push(walk.get(), &c), cat("walking from ", p.tag.name));
  }
  git_oid a = ancestor.to_git();
  git_check(git_revwalk_hide(walk.get(), &a), cat("hiding ", ancestor.hex()));
  History history(repo);
  std::unordered_map<Oid, bool, OidHash> reaches;
  git_oid next;
  int rc;
  while ((rc = git_revwalk_next(&next, walk.get())) == 0) {
    Oid c = Oid::from_git(next);
    bool r = false;
    for (const Oid& parent : history.commit(c).parents) {
      auto it = reaches.find(parent);
      r = r || parent == ancestor || (it != reaches.end() && it->second);
    }
    reaches.emplace(c, r);
  }
  if (rc != GIT_ITEROVER) git_check(rc, cat("walking the history of the points above ", ancestor.hex()));
  for (const SeriesPoint& p : points) {
    if (p.tag.commit == ancestor) continue;
    auto it = reaches.find(p.tag.commit);
    if (it == reaches.end() || !it->second) return false;
  }
  return true;
}

}  // namespace

int SeriesPlace::compare(const SeriesPlace& o) const {
  if (point != o.point) return point < o.point ? -1 : 1;
  return dpkg_version_compare(revision, o.revision);
}

SeriesRegex::SeriesRegex(const std::string& regex) : text_(regex) {
  int err = 0;
  PCRE2_SIZE at = 0;
  code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(regex.data()), regex.size(), 0, &err, &at, nullptr));
  if (!code_)
    throw Error(cat("series regex '", regex, "' does not compile: ", pcre_message(err), " at offset ", at, " (",
                    kExample, ")"));
  auto group = [&](const char* name) {
    int n = pcre2_substring_number_from_name(code_.get(), reinterpret_cast<PCRE2_SPTR>(name));
    return n > 0 ? n : 0;
  };
  series_ = group("series");
  point_ = group("point");
  revision_ = group("revision");
  for (auto [n, name] : {std::pair{series_, "series"}, std::pair{point_, "point"}})
    if (!n)
      throw Error(cat("series regex '", regex, "' has no group (?<", name, ">...): it must name the series and the "
                      "point (", kExample, ")"));
  match_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  if (!match_) throw Error("out of memory for a regex match");
}

bool SeriesRegex::matches(const std::string& name) const {
  return pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(name.data()), name.size(), 0, 0, match_.get(),
                     nullptr) >= 0;
}

std::optional<SeriesPlace> SeriesRegex::place(const std::string& name) const {
  if (!matches(name)) return std::nullopt;
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match_.get());
  auto group = [&](int n) -> std::optional<std::string> {
    if (n == 0 || ov[2 * n] == PCRE2_UNSET) return std::nullopt;
    return name.substr(ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
  };
  std::optional<std::string> series = group(series_), point = group(point_), revision = group(revision_);
  SeriesPlace p;
  if (!series || series->empty() || !point || !decimal(*point, p.point)) return std::nullopt;
  p.series = *series;
  if (revision) p.revision = undo_dep14(*revision);
  return p;
}

SeriesSelection select_series(const Repo& repo, const std::vector<TagInfo>& all, const SeriesRegex& regex,
                              const std::vector<TagInfo>& mainline) {
  std::unordered_map<std::string, const TagInfo*> in_mainline;
  for (const TagInfo& t : mainline) in_mainline.emplace(t.name, &t);
  SeriesSelection out;
  std::map<std::string, std::vector<SeriesPoint>> by_series;
  for (const TagInfo& t : all) {
    if (!regex.matches(t.name)) continue;
    if (in_mainline.count(t.name))
      throw Error(cat("tag ", t.name, " is selected both by tags: and by the series regex '", regex.text(),
                      "': a tag is a mainline release or a point of a series; narrow one of them"));
    std::optional<SeriesPlace> p = regex.place(t.name);
    if (!p) {
      out.unplaced.push_back(t.name);
      continue;
    }
    by_series[p->series].push_back({t, *p});
  }
  for (auto& [name, points] : by_series) {
    std::sort(points.begin(), points.end(), [](const SeriesPoint& a, const SeriesPoint& b) {
      int c = a.place.compare(b.place);
      return c != 0 ? c < 0 : a.tag.name < b.tag.name;
    });
    for (size_t i = 1; i < points.size(); i++)
      if (points[i].place.compare(points[i - 1].place) == 0)
        throw Error(cat("tags ", points[i - 1].tag.name, " and ", points[i].tag.name,
                        " are the same point of series ", name, " (", name, ".", points[i].place.point,
                        points[i].place.revision.empty() ? "" : "-" + points[i].place.revision,
                        "): the series regex must tell them apart, or select one of them"));
    Series s{name, "", std::move(points)};
    for (const std::string& release : {"v" + name, name}) {
      auto base = in_mainline.find(release);
      if (base != in_mainline.end() && ancestor_of_all(repo, base->second->commit, s.points)) s.base = release;
    }
    out.series.push_back(std::move(s));
  }
  std::sort(out.series.begin(), out.series.end(),
            [](const Series& a, const Series& b) { return git_version_compare(a.name, b.name) < 0; });
  std::sort(out.unplaced.begin(), out.unplaced.end());
  return out;
}

}  // namespace ksince
