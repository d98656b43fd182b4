#include "docs/data_dir.h"

#include <filesystem>
#include <vector>

#include "util/error.h"

namespace fs = std::filesystem;

namespace ksince {

namespace {

// Which file marks a folder as ksince's data folder.
constexpr const char* kMarker = "kfunc-gen.yaml";

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kMarker, ec);
}

}  // namespace

std::string find_data_dir(const std::string& override_dir, const std::string& exe_path) {
  if (!override_dir.empty()) {
    if (!holds_data(override_dir))
      throw Error(cat(override_dir, ": not a ksince data folder (no ", kMarker,
                      "); copy the data/ folder of ksince's source and edit it"));
    return override_dir;
  }
  std::vector<fs::path> tried;
  std::error_code ec;
  fs::path exe = exe_path.empty() ? fs::read_symlink("/proc/self/exe", ec) : fs::path(exe_path);
  if (!ec) {
    fs::path bin = exe.parent_path();
    tried.push_back(bin / ".." / ".." / "data");             // build/engine/ksince
    tried.push_back(bin / ".." / "share" / "ksince" / "data");  // <prefix>/bin/ksince
  }
#ifdef KSINCE_SOURCE_DIR
  tried.push_back(fs::path(KSINCE_SOURCE_DIR) / "data");
#endif
  std::string list;
  for (const fs::path& d : tried) {
    // /proc/self/exe is already canonical, so ".." can be resolved by hand.
    fs::path dir = d.lexically_normal();
    if (holds_data(dir)) return dir.string();
    list += cat(list.empty() ? "" : ", ", dir.string());
  }
  throw Error(cat("ksince's data folder (", kMarker, ") is in none of: ", list,
                  "; reinstall ksince or pass --data-dir DIR"));
}

}  // namespace ksince
