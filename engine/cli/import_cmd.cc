// `ksince import FILE`: one of the docs site's data files into the index.
#include <cstdio>

#include "cli/commands.h"
#include "cli/options.h"
#include "docs/data_import.h"

namespace ksince::cli {

int cmd_import(const std::vector<std::string>& args) {
  std::string db, file, prefer;
  po::options_description opts("import options");
  opts.add_options()("file", po::value(&file), "the data file (YAML)")
      ("prefer", po::value(&prefer), "where imported and computed facts disagree: imported (default) or computed");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince import FILE [--prefer imported|computed] [--db FILE]",
             "  ksince import ../ebpf-docs/data/feature-versions.yaml\n"
             "  ksince import --prefer computed data/feature-versions.yaml\n"))
    return 0;
  if (file.empty()) throw UsageError("import needs a FILE");
  DataImport r = import_data_file(db, file, prefer);
  const char* kind = data_file_kind_name(r.kind);
  if (r.kind != DataFileKind::FeatureVersions) {
    std::printf("imported %s data from %s: %s\n", kind, file.c_str(), r.summary.c_str());
    if (!r.replaced.empty()) std::printf("replaced the earlier %s import (from %s)\n", kind, r.replaced.c_str());
    print_notes(r.findings);
    return 0;
  }
  std::printf("imported %zu facts from %s; %zu disagree with computed facts (%s preferred)\n", r.facts, file.c_str(),
              r.disagreements.size(), r.preferred == Prefer::Computed ? "computed" : "imported");
  for (const Disagreement& x : r.disagreements)
    std::printf("  %s/%s: imported %s %s (line %d), computed %s %s\n", x.imported.group.c_str(),
                x.imported.name.c_str(), x.imported.version.c_str(), x.imported.commit.substr(0, 12).c_str(),
                x.imported.line, x.computed.version.c_str(), x.computed.commit.substr(0, 12).c_str());
  if (!r.replaced.empty()) std::printf("replaced the earlier feature-versions import (from %s)\n", r.replaced.c_str());
  return 0;
}

}  // namespace ksince::cli
