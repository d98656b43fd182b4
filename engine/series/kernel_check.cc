#include "series/kernel_check.h"

#include <algorithm>

#include "repo/version.h"
#include "util/error.h"

namespace ksince {

namespace {

using Have = KernelAnswer::Have;

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

KernelAnswer known(Have have, const std::string& how, const std::string& series, std::vector<std::string> from,
                   std::string why) {
  KernelAnswer a;
  a.have = have;
  a.how = how;
  a.series = series;
  a.from = std::move(from);
  a.why = std::move(why);
  return a;
}

KernelAnswer undetermined(const std::string& series, std::string why) {
  return known(Have::Undetermined, "none", series, {}, std::move(why));
}

const char* word(bool present) { return present ? "present" : "absent"; }

// A series the index lacks, or a release: the release's own answer.
KernelAnswer from_releases(const KernelVersion& v, const std::vector<std::string>& tags,
                           const std::vector<std::string>& present) {
  std::string release = v.series + (v.point ? "" : v.rest);
  for (const std::string& t : {"v" + release, release})
    if (contains(tags, t)) {
      bool here = contains(present, t);
      return known(here ? Have::Present : Have::Absent, "mainline", v.series, {t},
                   v.point ? cat("the index has no series ", v.series, ".y: the release ", t, "'s answer")
                           : cat(word(here), " at the release ", t));
    }
  return undetermined(v.series, cat("the index has neither series ", v.series, ".y nor the release v", v.series));
}

// Points are newest first; `at(i)` their presence.
KernelAnswer on_series(const KernelVersion& v, const StoredSeries& s, const SeriesAnswer& a) {
  auto at = [&](size_t i) { return contains(a.present, s.points[i].label); };
  const uint64_t want = *v.point;
  // The indexed revisions of that point: one named by the version, or all
  // of them when they agree.
  std::vector<size_t> same;
  for (size_t i = 0; i < s.points.size(); i++)
    if (s.points[i].point == want) same.push_back(i);
  for (size_t i : same)
    if (!v.rest.empty() && v.rest == "-" + s.points[i].revision)
      return known(at(i) ? Have::Present : Have::Absent, "exact", s.name, {s.points[i].label},
                   cat(word(at(i)), " at ", s.points[i].label));
  // A package revision the index lacks (6.1.192-4 beside -1 to -3) sits
  // among that point's revisions in dpkg's order, as a point between two
  // does. (A Debian revision has no '-'; uname's "-28-amd64" is none.)
  const bool revision = v.rest.size() > 1 && v.rest[0] == '-' && v.rest.find('-', 1) == std::string::npos &&
                        !same.empty() &&
                        std::all_of(same.begin(), same.end(), [&](size_t i) { return !s.points[i].revision.empty(); });
  if (!same.empty() && !revision) {
    bool first = at(same.front());
    if (std::all_of(same.begin(), same.end(), [&](size_t i) { return at(i) == first; })) {
      std::vector<std::string> from;
      for (size_t i : same) from.push_back(s.points[i].label);
      return known(first ? Have::Present : Have::Absent, "exact", s.name, from,
                   same.size() == 1 ? cat(word(first), " at ", from[0])
                                    : cat(word(first), " at every indexed revision of ", s.name, ".", want));
    }
    KernelAnswer u = undetermined(s.name, cat("the indexed revisions of ", s.name, ".", want, " disagree"));
    for (size_t i : same) (at(i) ? u.present_at : u.absent_at) = s.points[i].label;
    return u;
  }
  // Between the newest point below and the oldest above (newest first: the
  // first index below is the newer neighbour's successor).
  auto older = [&](const StoredPoint& p) {
    return p.point < want || (revision && p.point == want && dpkg_version_compare(p.revision, v.rest.substr(1)) < 0);
  };
  size_t below = s.points.size();
  for (size_t i = 0; i < s.points.size(); i++)
    if (older(s.points[i])) {
      below = i;
      break;
    }
  if (below == 0)
    return known(at(0) ? Have::Present : Have::Absent, "inferred", s.name, {s.points[0].label},
                 cat(word(at(0)), " at ", s.points[0].label, ", the newest point indexed, and assumed since"));
  if (below == s.points.size()) {
    if (s.base.empty())
      return undetermined(s.name, cat("older than ", s.points.back().label,
                                      ", the oldest point indexed, and the series has no base indexed"));
    bool here = contains(a.present, s.base);
    return known(here ? Have::Present : Have::Absent, "base", s.name, {s.base},
                 cat(word(here), " at the base ", s.base, ", older than every point indexed"));
  }
  const StoredPoint &lo = s.points[below], &hi = s.points[below - 1];
  bool l = at(below), h = at(below - 1);
  if (l == h)
    return known(l ? Have::Present : Have::Absent, "inferred", s.name, {lo.label, hi.label},
                 cat(word(l), " at ", lo.label, " and at ", hi.label));
  KernelAnswer u = undetermined(s.name, cat(word(l), " at ", lo.label, ", ", word(h), " at ", hi.label));
  (l ? u.present_at : u.absent_at) = lo.label;
  (h ? u.present_at : u.absent_at) = hi.label;
  return u;
}

}  // namespace

const char* have_name(Have h) {
  return h == Have::Present ? "present" : h == Have::Absent ? "absent" : "undetermined";
}

KernelAnswer kernel_answer(const KernelVersion& v, const std::vector<StoredSeries>& series,
                           const std::vector<SeriesAnswer>& answers, const std::vector<std::string>& release_tags,
                           const std::vector<std::string>& release_present) {
  if (v.point)
    for (size_t i = 0; i < series.size(); i++)
      if (series[i].name == v.series && !series[i].points.empty()) return on_series(v, series[i], answers.at(i));
  return from_releases(v, release_tags, release_present);
}

}  // namespace ksince
