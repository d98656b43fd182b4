#include "tag_select.h"

#include <algorithm>
#include <optional>
#include <regex>

#include "error.h"
#include "version.h"

namespace ksince {

std::vector<TagInfo> select_tags(std::vector<TagInfo> all, const std::vector<std::string>& regexes,
                                 TagOrder order, bool rc) {
  std::vector<std::regex> res;
  for (const std::string& r : regexes) {
    try {
      res.emplace_back(r, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw Error(cat("tag regex '", r, "' is invalid: ", e.what()));
    }
  }
  std::vector<TagInfo> out, candidates;
  std::optional<Version> newest_release;
  for (TagInfo& t : all) {
    bool selected = false;
    for (const std::regex& re : res) selected = selected || std::regex_search(t.name, re);
    auto v = Version::parse(t.name);
    if (selected && v && v->rc < 0 && (!newest_release || v->compare(*newest_release) > 0)) newest_release = v;
    if (selected) out.push_back(std::move(t));
    else if (rc && v && v->rc >= 0) candidates.push_back(std::move(t));
  }
  for (TagInfo& t : candidates)
    if (!newest_release || Version::parse(t.name)->compare(*newest_release) > 0) out.push_back(std::move(t));
  auto by_date = [](const TagInfo& a, const TagInfo& b) {
    if (a.date != b.date) return a.date > b.date;
    return a.name < b.name;
  };
  if (order == TagOrder::Date) {
    std::sort(out.begin(), out.end(), by_date);
  } else {
    std::sort(out.begin(), out.end(), [&](const TagInfo& a, const TagInfo& b) {
      auto va = Version::parse(a.name), vb = Version::parse(b.name);
      if (va && vb) {
        int c = va->compare(*vb);
        if (c != 0) return c > 0;
        return a.name < b.name;  // v6.1 and v6.1.0: any fixed order
      }
      if (va || vb) return !va;  // non-versions are the newest
      return by_date(a, b);
    });
  }
  return out;
}

}  // namespace ksince
