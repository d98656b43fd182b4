// `ksince export`: a data file the docs build reads, from the index.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "docs/data_export.h"
#include "store/store.h"
#include "util/atomic_file.h"

namespace ksince::cli {

int cmd_export(const std::vector<std::string>& args) {
  std::string db, format = "yaml", out, at;
  ExportRequest request;
  po::options_description opts("export options");
  opts.add_options()("format", po::value(&format)->default_value("yaml"),
                     "yaml or json (the feature-versions file), helpers-functions, kfuncs, or bpf-helper-defs "
                     "(libbpf's header, written from the indexed uapi bpf.h)")
      ("from", po::value(&request.from),
       "helpers-functions and kfuncs: imported or derived (default: the imported file where the index holds one, "
       "else the facts derived from the source); yaml and json: one side instead of the merged facts")
      ("at", po::value(&at), "derived facts as of this tag (default: the newest tag of the last index run)")
      ("series", po::bool_switch(&request.series), "yaml and json: each feature's answer on each stable series "
       "too (name, version, prev, since, commit of the backport); without it the file is what it always was")
      ("out,o", po::value(&out), "write here (atomically) instead of to stdout");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince export [--format yaml|json|helpers-functions|kfuncs|bpf-helper-defs] [--from imported|derived] "
             "[--at TAG] [--out FILE] [--db FILE]",
             "  ksince export --format yaml --out data/feature-versions.yaml\n"
             "  ksince export --format json | jq '.[0].features[0]'\n"
             "  ksince export --format helpers-functions --from derived --at v6.12\n"
             "  ksince export --format bpf-helper-defs --at v6.12 --out bpf_helper_defs.h\n"
             "  ksince export --format json --series   (with the answers per stable series)\n"))
    return 0;
  request.format = parse_data_format(format);
  if (!at.empty()) request.at = at;
  Store store(db, Store::Mode::ReadOnly);
  ExportResult r = export_data(store, request);
  print_notes(r.notes);
  if (out.empty()) std::cout << r.text;
  else write_file_atomic(out, r.text);
  return 0;
}

}  // namespace ksince::cli
