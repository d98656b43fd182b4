#include "repo/tag_select.h"

#include <algorithm>
#include <optional>
#include <regex>

#include "util/error.h"
#include "repo/version.h"

namespace ksince {

namespace {

// git's merge sort (compat/qsort_s.c, which git uses on glibc), step for
// step: where versioncmp is not transitive, the result still equals git's.
template <class Cmp>
void git_merge_sort(size_t* b, size_t n, size_t* tmp, const Cmp& cmp) {
  if (n <= 1) return;
  size_t n1 = n / 2, n2 = n - n1;
  size_t *b1 = b, *b2 = b + n1;
  git_merge_sort(b1, n1, tmp, cmp);
  git_merge_sort(b2, n2, tmp, cmp);
  size_t* t = tmp;
  while (n1 > 0 && n2 > 0) {
    if (cmp(*b1, *b2) <= 0) *t++ = *b1++, --n1;
    else *t++ = *b2++, --n2;
  }
  std::copy(b1, b1 + n1, t);
  std::copy(tmp, tmp + (n - n2), b);
}

// `git tag --sort=-v:refname` with versionsort.suffix=-rc: refs come in
// refname order, git sorts them by -versioncmp of the full refnames.
void sort_like_git(std::vector<TagInfo>& tags) {
  std::sort(tags.begin(), tags.end(), [](const TagInfo& a, const TagInfo& b) { return a.name < b.name; });
  std::vector<std::string> refs;
  for (const TagInfo& t : tags) refs.push_back("refs/tags/" + t.name);
  std::vector<size_t> order(tags.size()), tmp(tags.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = i;
  git_merge_sort(order.data(), order.size(), tmp.data(), [&](size_t a, size_t b) {
    int c = -git_version_compare(refs[a], refs[b]);
    return c != 0 ? c : refs[a].compare(refs[b]);
  });
  std::vector<TagInfo> out;
  out.reserve(tags.size());
  for (size_t i : order) out.push_back(std::move(tags[i]));
  tags = std::move(out);
}

}  // namespace

TagRegexes::TagRegexes(const std::vector<std::string>& regexes) {
  for (const std::string& r : regexes) {
    try {
      res_.emplace_back(r, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw Error(cat("tag regex '", r, "' is invalid: ", e.what()));
    }
  }
}

bool TagRegexes::selects(const std::string& name) const {
  for (const std::regex& re : res_)
    if (std::regex_search(name, re)) return true;
  return false;
}

bool TagRegexes::accepts_version(const std::string& name) const {
  if (selects(name)) return true;
  auto v = Version::parse(name);
  return v && v->rc >= 0 && selects(name.substr(0, name.rfind("-rc")));
}

std::vector<TagInfo> select_tags(std::vector<TagInfo> all, const std::vector<std::string>& regexes,
                                 TagOrder order, bool rc) {
  TagRegexes res(regexes);
  std::vector<TagInfo> out, candidates;
  std::optional<std::string> newest_release;
  for (TagInfo& t : all) {
    bool selected = res.selects(t.name);
    auto v = Version::parse(t.name);
    if (selected && v && v->rc < 0 && (!newest_release || git_version_compare(t.name, *newest_release) > 0))
      newest_release = t.name;
    if (selected) out.push_back(std::move(t));
    else if (rc && v && v->rc >= 0) candidates.push_back(std::move(t));
  }
  // Candidates of releases newer than every selected one; with no release
  // selected yet, those of releases the regexes would select.
  for (TagInfo& t : candidates)
    if (newest_release ? git_version_compare(t.name, *newest_release) > 0
                       : res.selects(t.name.substr(0, t.name.rfind("-rc"))))
      out.push_back(std::move(t));
  if (order == TagOrder::Date) {
    std::sort(out.begin(), out.end(), [](const TagInfo& a, const TagInfo& b) {
      if (a.date != b.date) return a.date > b.date;
      return a.name < b.name;
    });
  } else {
    sort_like_git(out);
  }
  return out;
}

}  // namespace ksince
