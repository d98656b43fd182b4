#include "repo/pathspec.h"

#include <fnmatch.h>

#include "util/error.h"

namespace ksince {

Pathspec::Item Pathspec::make_item(const std::string& s, bool literal) {
  std::string spec = s;
  bool dir_only = false;
  while (spec.size() > 1 && spec.back() == '/') {
    spec.pop_back();
    dir_only = true;
  }
  size_t lit = literal ? std::string::npos : spec.find_first_of("*?[\\");
  bool star_suffix = lit == 0 && spec[0] == '*' && spec.find_first_of("*?[\\", 1) == std::string::npos;
  return {spec, lit == std::string::npos ? spec.size() : lit, lit != std::string::npos, dir_only, star_suffix};
}

bool Pathspec::parse(const std::string& s, Item& item) {
  bool exclude = false, literal = false;
  size_t start = 0;
  if (s.size() > 1 && s[0] == ':' && s[1] == '(') {
    size_t close = s.find(')');
    if (close == std::string::npos)
      throw Error(cat("pathspec '", s, "': missing ')' at the end of its magic"));
    std::string words = s.substr(2, close - 2);
    size_t pos = 0;
    while (pos <= words.size()) {
      size_t comma = words.find(',', pos);
      std::string w = words.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      if (w == "exclude") exclude = true;
      else if (w == "literal") literal = true;
      else if (w == "top" || w.empty()) {}
      else if (w == "glob" || w == "icase" || w.rfind("attr:", 0) == 0)
        throw Error(cat("pathspec '", s, "': magic '", w, "' is not supported; write the spec without it"));
      else
        throw Error(cat("pathspec '", s, "': invalid pathspec magic '", w, "' (git's are top, exclude, literal, glob, icase, attr)"));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    start = close + 1;
  } else if (!s.empty() && s[0] == ':') {
    // Short magic: '/' (top), '!' and '^' (exclude), up to an optional ':'.
    start = 1;
    for (; start < s.size(); start++) {
      if (s[start] == '!' || s[start] == '^') exclude = true;
      else if (s[start] == ':') { start++; break; }
      else if (s[start] != '/') break;
    }
  }
  item = make_item(s.substr(start), literal);
  return exclude;
}

Pathspec::Pathspec(std::vector<std::string> specs) : specs_(std::move(specs)) {
  for (const std::string& s : specs_) {
    Item item;
    (parse(s, item) ? excludes_ : items_).push_back(item);
  }
}

Pathspec::Pathspec(std::vector<std::string> specs, const std::vector<std::string>& excludes)
    : Pathspec(std::move(specs)) {
  for (const std::string& s : excludes) excludes_.push_back(make_item(s, false));
}

// git tries every spec literally first (so "a[1]" names the folder a[1]):
// the path itself or a folder above it.
namespace {
struct Pathspec_ItemView {
  const std::string& spec;
  bool dir_only;
};
}  // namespace

static bool literal_match(const std::string& spec, std::string_view path) {
  if (spec.empty() || spec == ".") return true;
  if (path.size() < spec.size() || path.compare(0, spec.size(), spec) != 0) return false;
  return path.size() == spec.size() || path[spec.size()] == '/';
}

// A folders-only spec: only what lies below it (a file is never a folder);
// `dir` says whether `path` is a folder.
static bool literal_match(const Pathspec_ItemView& item, std::string_view path, bool dir) {
  if (!literal_match(item.spec, path)) return false;
  return !item.dir_only || dir || path.size() > item.spec.size();
}

bool Pathspec::excluded_dir(std::string_view dir) const {
  for (const Item& item : excludes_)
    if (literal_match(Pathspec_ItemView{item.spec, item.dir_only}, dir, true)) return true;
  return false;
}

bool Pathspec::item_matches(const Item& item, std::string_view path) const {
  if (literal_match(Pathspec_ItemView{item.spec, item.dir_only}, path, false)) return true;
  // A glob selects files only, so a glob with a trailing slash selects none.
  if (!item.wildcard || item.dir_only) return false;
  if (path.compare(0, item.literal_len, item.spec, 0, item.literal_len) != 0) return false;
  // '*' matches '/' too here (no FNM_PATHNAME), so "*.c" is a suffix test:
  // the fact scope asks it of every file of the tree.
  if (item.star_suffix) return path.ends_with(std::string_view(item.spec).substr(1));
  thread_local std::string p;  // fnmatch wants a C string; no allocation per file
  p.assign(path);
  return fnmatch(item.spec.c_str(), p.c_str(), 0) == 0;
}

bool Pathspec::selects_dir(std::string_view dir) const {
  if (items_.empty()) return true;
  // Only a literal match selects a whole folder: git grep does not take a
  // folder whose name matches a glob ("ar?h" does not select arch/x.c).
  for (const Item& item : items_)
    if (literal_match(Pathspec_ItemView{item.spec, item.dir_only}, dir, true)) return true;
  return false;
}

bool Pathspec::may_select_below(std::string_view dir) const {
  if (items_.empty()) return true;
  std::string prefix = std::string(dir) + "/";
  for (const Item& item : items_) {
    std::string_view lit(item.spec.data(), item.literal_len);
    // Either the directory lies inside the spec's literal prefix, or the
    // prefix continues inside the directory.
    if (prefix.size() <= lit.size() ? lit.substr(0, prefix.size()) == prefix
                                    : std::string_view(prefix).substr(0, lit.size()) == lit)
      return true;
  }
  return false;
}

bool Pathspec::selects_file(std::string_view path) const {
  if (items_.empty()) return true;
  for (const Item& item : items_)
    if (item_matches(item, path)) return true;
  return false;
}

}  // namespace ksince
