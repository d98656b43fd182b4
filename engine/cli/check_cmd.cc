// `ksince check`: the index's facts (formats, commits against the
// repository, page markers), or a hand-kept data file against the source.
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/terminal.h"
#include "docs/data_import.h"
#include "docs/index_check.h"
#include "store/store.h"

namespace ksince::cli {

int cmd_check(const std::vector<std::string>& args) {
  std::string db, docs, against, at;
  po::options_description opts("check options");
  opts.add_options()("docs", po::value(&docs), "also check the page markers below this folder")
      ("against", po::value(&against),
       "compare a hand-kept helpers-functions.yaml or kfuncs.yaml with the facts derived from the source")
      ("at", po::value(&at), "with --against: the derived facts at this tag (default: the newest)");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince check [--docs DIR] [--against FILE [--at TAG]] [--db FILE]",
             "  ksince check\n  ksince check --docs ../ebpf-docs/docs\n"
             "  ksince check --against ../ebpf-docs/data/helpers-functions.yaml --at v6.12\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  if (!against.empty()) {
    std::optional<std::string> tag;
    if (!at.empty()) tag = at;
    std::vector<HelperDisagreement> found = check_data_file_against_source(store, against, tag);
    for (const HelperDisagreement& d : found)
      std::printf("%s:%zu: %s%s\n", d.where.file.c_str(), d.where.line, d.where.message.c_str(),
                  d.evidence.empty() ? "" : (" [" + d.evidence + "]").c_str());
    std::printf("%zu disagreements\n", found.size());
    return found.empty() ? 0 : kNotFound;
  }
  if (!at.empty()) throw UsageError("--at goes with --against");
  size_t errors = 0;
  for (const Finding& f : check_facts(store, docs)) {
    errors += f.error;
    std::printf("%s: %s\n", paint(f.error ? "1;31" : "1;33", f.error ? "error" : "warning", colour_on(1)).c_str(),
                f.message.c_str());
  }
  for (const BuildNote& n : check_docs_data(db, docs))
    std::printf("warning: %s:%zu: %s\n", n.file.c_str(), n.line, n.message.c_str());
  return errors ? kNotFound : 0;
}

}  // namespace ksince::cli
