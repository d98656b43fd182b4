// `ksince compat PATH... --from vA [--to vB]`: what an out-of-tree module
// meets between two kernels.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/options.h"
#include "idents/compat.h"
#include "repo/repo.h"
#include "store/store.h"
#include "util/error.h"

namespace ksince::cli {

namespace {

namespace fs = std::filesystem;

bool c_file(const fs::path& p) { return p.extension() == ".c" || p.extension() == ".h"; }

// The files, a folder's .c and .h files below it (sorted: the output's
// order does not follow the file system's).
std::vector<SourceFile> read_sources(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() && c_file(e.path())) files.push_back(e.path().string());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      throw InputError("file", cat(p, ": no such file or folder"));
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<SourceFile> out;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw Error(cat(f, ": cannot be read"));
    out.push_back({f, text.str()});
  }
  return out;
}

void print_report(const CompatReport& r) {
  std::printf("compat %s..%s: %zu to check, %zu unchanged, %zu not defined by the index, %zu member accesses "
              "not resolved\n",
              r.from.c_str(), r.to.c_str(), r.entries.size(), r.unchanged, r.unknown.size(), r.unresolved);
  for (const CompatEntry& e : r.entries) {
    std::string status;
    if (!e.at_from) status = e.since.empty() ? "absent at " + r.from + " and " + r.to : "absent at " + r.from + ", since " + e.since;
    if (!e.removed_in.empty()) status = "removed in " + e.removed_in;
    if (status.empty()) status = cat(e.changes.size(), " change", e.changes.size() == 1 ? "" : "s");
    std::printf("  %-36s %-7s %s   %s:%u\n", e.name.c_str(), e.how.c_str(), status.c_str(), e.file.c_str(), e.line);
    for (const HistoryChange& c : e.changes) {
      std::printf("      (%s, %s] %s%s\n", c.prev.c_str(), c.version.c_str(), c.what.c_str(),
                  c.detail.empty() ? "" : (" (" + c.detail + ")").c_str());
      if (!c.old_shape.empty()) std::printf("          old  %s\n", c.old_shape.c_str());
      if (!c.new_shape.empty()) std::printf("          new  %s\n", c.new_shape.c_str());
    }
  }
  if (!r.unknown.empty()) {
    std::string list;
    for (const std::string& u : r.unknown) list += (list.empty() ? "" : " ") + u;
    std::printf("not defined by the index: %s\n", list.c_str());
  }
}

}  // namespace

int cmd_compat(const std::vector<std::string>& args) {
  std::string db, repo, from, to, arch = "x86";
  std::vector<std::string> paths;
  bool json = false;
  po::options_description opts("compat options");
  opts.add_options()("file", po::value(&paths), "the module's .c and .h files, or folders of them")
      ("from", po::value(&from), "the oldest kernel the module builds against (a tag of the index)")
      ("to", po::value(&to), "the newest (default: the index's newest tag)")
      ("arch", po::value(&arch), "whose arch/ARCH/include/ headers are part of the API (default x86)")
      ("json", po::bool_switch(&json), "print JSON")
      ("repo", po::value(&repo), "the repository (default: the one the index records)");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince compat PATH... --from TAG [--to TAG] [--db FILE] [--json]",
             "  ksince compat mydriver/ --from v5.10          (every kernel name it uses, what changed since)\n"
             "  ksince compat foo.c foo.h --from v6.1 --to v6.12 --json\n"))
    return 0;
  if (paths.empty()) throw UsageError("compat needs the module's files or folder");
  if (from.empty()) throw InputError("from", "compat needs --from TAG: the oldest kernel the module supports");
  std::vector<SourceFile> files = read_sources(paths);
  Store store(db, Store::Mode::ReadOnly);
  const std::string path = required_repo(store, repo, db);
  CompatReport r = compat_report(store, Repo(path), files, from, to, arch);
  if (json) std::cout << compat_json(r).dump(2) << "\n";
  else print_report(r);
  return 0;
}

}  // namespace ksince::cli
