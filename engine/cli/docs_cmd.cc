// `ksince docs build|tags|timeline`: the docs site's generated blocks and
// its timeline page.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "docs/docs_markers.h"
#include "docs/docs_render.h"
#include "docs/timeline.h"
#include "store/store.h"
#include "util/atomic_file.h"
#include "util/progress.h"

namespace ksince::cli {

namespace {

// docs build --verbose: the blocks rendered by kind, and every page rewritten.
void print_docs_build_details(const DocsBuildReport& r) {
  for (const auto& [kind, n] : r.result.pairs_rendered) std::printf("  %zu %s blocks\n", n, kind.c_str());
  for (const std::string& f : r.result.changed) std::printf("  rewrote %s\n", f.c_str());
}

int docs_build(const std::vector<std::string>& args) {
  std::string db;
  DocsBuildOptions o;
  po::options_description opts("docs build options");
  opts.add_options()("root", po::value(&o.root)->required(), "the site's docs/ folder; every *.md below it")
      ("libbpf", po::value(&o.libbpf_repo), "a libbpf git repository (for HELPER_FUNC_DEF and LIBBPF_TAG)")
      ("libbpf-ref", po::value(&o.libbpf_ref), "the libbpf commit the site pins (tools/libbpf-ref)")
      ("btf", po::value(&o.btf), "a raw BTF file (for the KFUNC_DEF signatures)")
      ("btf-missing", po::value(&o.btf_missing)->default_value("error"),
       "error: refuse when data and BTF disagree; keep: keep such pages' signatures")
      ("helper-defs-from-index", po::bool_switch(&o.helper_defs_from_index),
       "HELPER_FUNC_DEF from the indexed kernel's uapi bpf.h instead of libbpf's bpf_helper_defs.h")
      ("helper-defs-at", po::value(&o.helper_defs_at), "with --helper-defs-from-index: at this tag (default: newest)")
      ("check", po::bool_switch(&o.check_only), "change nothing; list the pages that would change, exit 1 if any")
      ("from", po::value(&o.from),
       "helper and kfunc data: imported (the site's files) or derived (from the source); default: the imported "
       "file of each kind where the index holds one, else the derived facts")
      ("at", po::value(&o.at), "with --from derived: the facts at this tag (default: the newest)")
      ("conditions", po::bool_switch(&o.conditions),
       "with --from derived: show each pair's conditions (CAP_PERFMON, CONFIG_X, attach types, sleepable, "
       "lockdown, kfunc filters) on its list line, with a legend")
      ("create-missing", po::bool_switch(&o.create_missing),
       "with --from derived: create the page of each kfunc, map type, program type and helper the source has and "
       "the site lacks, from the site's skeleton (data/page-templates), and list it in its folder's SUMMARY.md")
      ("report", po::value(&o.report),
       "with --from derived: write to this file, as Markdown, what the build changes against the imported data, "
       "page by page, with the kernel's file:line for each change")
      ("backports", po::bool_switch(&o.backports),
       "an index with stable series: a note under each FEATURE_TAG whose feature came into a series at a point "
       "(\"Backported to 6.1.y at 6.1.187\"); without it the pages stay byte for byte")
      ("data-dir", po::value(&o.data_dir), "ksince's data/ folder (kfunc-gen.yaml, program-types.yaml); found by default");
  bool quiet = false, verbose = false;
  add_quiet_verbose(opts, quiet, verbose);
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm,
             "usage: ksince docs build --root DOCS [--libbpf REPO --libbpf-ref REF] [--btf FILE "
             "[--btf-missing error|keep]] [--check] [--db FILE]",
             "  ksince docs build --root ../ebpf-docs/docs\n"
             "  ksince docs build --root docs --libbpf ~/src/libbpf --libbpf-ref $(cat tools/libbpf-ref) --check\n"
             "  ksince docs build --root docs --from derived --conditions\n"
             "  ksince docs build --root docs --from derived --report switch.md --check\n"
             "  ksince docs build --root docs --from derived --create-missing\n"
             "  ksince docs build --root docs --backports   (an index with series: Backported to 6.1.y at 6.1.187)\n"))
    return 0;
  if (vm.count("btf-missing") && !vm["btf-missing"].defaulted() && o.btf.empty())
    throw UsageError("--btf-missing needs --btf");
  Store store(db, Store::Mode::ReadOnly);
  Progress progress = quiet ? Progress(false) : Progress::for_stderr();
  DocsBuildReport r = run_docs_build(store, o, progress);
  print_notes(r.notes);
  if (o.check_only) {
    for (const std::string& f : r.result.changed) std::printf("%s\n", f.c_str());
    return r.result.changed.empty() ? 0 : kNotFound;
  }
  for (const std::string& f : r.result.created) std::printf("created %s\n", f.c_str());
  if (quiet) return 0;
  size_t pairs = 0;
  for (const auto& [k, n] : r.result.pairs_rendered) pairs += n;
  std::printf("%zu blocks rendered in %zu pages; %zu pages rewritten\n", pairs, r.result.pages,
              r.result.changed.size());
  if (verbose) print_docs_build_details(r);
  return 0;
}

}  // namespace

int cmd_docs(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: ksince docs build --root DOCS [--libbpf REPO --libbpf-ref REF] [--btf FILE] [--check]\n"
                 "       ksince docs tags --root DIR [--check] [--db FILE]\n"
                 "       ksince docs timeline --out FILE [--db FILE]\n\n"
                 "  build     write every generated block of the site (FEATURE_TAG and the helper,\n"
                 "            kfunc and libbpf blocks) in one pass over DOCS\n"
                 "  tags      rewrite the FEATURE_TAG markers of every *.md below DIR\n"
                 "  timeline  write the timeline page, versions oldest first\n\n"
                 "`ksince docs build --help`, `docs tags --help` and `docs timeline --help` list the options.\n";
    return 0;
  }
  if (!args.empty() && args[0] == "build") return docs_build({args.begin() + 1, args.end()});
  if (args.empty() || (args[0] != "tags" && args[0] != "timeline"))
    throw UsageError("docs needs a subcommand: build, tags or timeline");
  std::string what = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::string db, root, out;
  bool check = false;
  po::options_description opts("docs options");
  if (what == "tags")
    opts.add_options()("root", po::value(&root)->required(), "the docs folder; every *.md below it")
        ("check", po::bool_switch(&check), "change nothing; list the files that would change, exit 1 if any");
  else
    opts.add_options()("out", po::value(&out)->required(), "the timeline page to write");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(rest, opts, nullptr, vm, "usage: ksince docs tags --root DIR [--check] | docs timeline --out FILE",
             "  ksince docs tags --root ../ebpf-docs/docs\n  ksince docs tags --root docs --check\n"
             "  ksince docs timeline --out ../ebpf-docs/docs/linux/timeline/index.md\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  if (what == "timeline") {
    write_file_atomic(out, render_timeline(timeline_entries(store)));
    std::printf("wrote %s\n", out.c_str());
    return 0;
  }
  TreeResult r = rewrite_tree(root, feature_tag_facts(store), check);
  for (const MarkerWarning& w : r.warnings)
    std::fprintf(stderr, "%s:%zu: warning: %s\n", w.file.c_str(), w.line, w.message.c_str());
  if (check) {
    for (const std::string& f : r.changed) std::printf("%s\n", f.c_str());
    return r.changed.empty() ? 0 : kNotFound;
  }
  std::printf("%zu markers in %zu files; %zu files rewritten\n", r.markers, r.files, r.changed.size());
  return 0;
}

}  // namespace ksince::cli
