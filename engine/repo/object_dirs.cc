#include "repo/object_dirs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ksince {

namespace {

namespace fs = std::filesystem;

void add_with_alternates(const fs::path& dir, int depth, std::vector<std::string>& out) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(dir, ec);
  if (ec || !fs::is_directory(canon, ec)) return;
  if (std::find(out.begin(), out.end(), canon.string()) != out.end()) return;
  out.push_back(canon.string());
  if (depth >= 5) return;  // git's limit on chained alternates
  std::ifstream in(canon / "info" / "alternates");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    fs::path p(line);
    add_with_alternates(p.is_absolute() ? p : canon / p, depth + 1, out);
  }
}

}  // namespace

std::vector<std::string> object_dirs(const std::string& git_dir) {
  std::string common = git_dir;
  if (std::ifstream f(git_dir + "/commondir"); f) {
    std::string rel;
    std::getline(f, rel);
    if (!rel.empty()) common = rel[0] == '/' ? rel : git_dir + "/" + rel;
  }
  std::vector<std::string> out;
  add_with_alternates(fs::path(common) / "objects", 0, out);
  return out;
}

}  // namespace ksince
