#include "pathspec.h"

#include <fnmatch.h>

namespace ksince {

Pathspec::Item Pathspec::make_item(const std::string& s) {
  std::string spec = s;
  while (spec.size() > 1 && spec.back() == '/') spec.pop_back();  // "net/" == "net"
  size_t lit = spec.find_first_of("*?[\\");
  return {spec, lit == std::string::npos ? spec.size() : lit, lit != std::string::npos};
}

Pathspec::Pathspec(std::vector<std::string> specs) : specs_(std::move(specs)) {
  for (const std::string& s : specs_) items_.push_back(make_item(s));
}

Pathspec::Pathspec(std::vector<std::string> specs, const std::vector<std::string>& excludes)
    : Pathspec(std::move(specs)) {
  for (const std::string& s : excludes) excludes_.push_back(make_item(s));
}

// git tries every spec literally first (so "a[1]" names the folder a[1]):
// the path itself or a folder above it.
static bool literal_match(const std::string& spec, std::string_view path) {
  if (spec.empty() || spec == ".") return true;
  if (path.size() < spec.size() || path.compare(0, spec.size(), spec) != 0) return false;
  return path.size() == spec.size() || path[spec.size()] == '/';
}

bool Pathspec::item_matches(const Item& item, std::string_view path) const {
  if (literal_match(item.spec, path)) return true;
  if (!item.wildcard) return false;
  if (path.compare(0, item.literal_len, item.spec, 0, item.literal_len) != 0) return false;
  std::string p(path);
  return fnmatch(item.spec.c_str(), p.c_str(), 0) == 0;
}

bool Pathspec::selects_dir(std::string_view dir) const {
  if (items_.empty()) return true;
  // Only a literal match selects a whole folder: git grep does not take a
  // folder whose name matches a glob ("ar?h" does not select arch/x.c).
  for (const Item& item : items_)
    if (literal_match(item.spec, dir)) return true;
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
