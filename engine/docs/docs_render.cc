#include "docs/docs_render.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <filesystem>

#include "docs/helper_data.h"
#include "docs/helper_defs.h"
#include "facts/helper_defs_export.h"
#include "facts/kfunc_signature.h"
#include "docs/kfuncs_from_facts.h"
#include "docs/site_data.h"
#include "facts/derived_facts.h"
#include "store/read_answers.h"
#include "docs/helper_refs.h"
#include "store/imported_facts.h"
#include "docs/btf_signature.h"
#include "docs/data_dir.h"
#include "docs/kfunc_render.h"
#include "docs/kfunc_store.h"
#include "docs/kfunc_tables.h"
#include "docs/derived_report.h"
#include "docs/missing_pages.h"
#include "util/atomic_file.h"
#include "docs/libbpf_map.h"
#include "repo/repo.h"

namespace ksince {

FactLookup feature_tag_facts(Store& store) {
  auto facts = std::make_shared<std::map<std::string, MarkerFact>>();
  for (const Feature& f : merged_facts(store))
    if (!f.version.empty()) facts->emplace(f.name, MarkerFact{f.version, f.commit});
  return [facts](const std::string& name) -> std::optional<MarkerFact> {
    auto it = facts->find(name);
    if (it == facts->end()) return std::nullopt;
    return it->second;
  };
}

namespace {

void add(BuildInput& in, std::vector<BlockKind> kinds, std::vector<Block> blocks) {
  for (BlockKind& k : kinds) in.kinds.push_back(std::move(k));
  in.blocks.insert(in.blocks.end(), std::make_move_iterator(blocks.begin()), std::make_move_iterator(blocks.end()));
}

// The file names directly in `dir`, sorted ("" when it does not exist).
std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Renderers name pages relative to the docs root; messages name them in full.
BuildNote page_note(const std::string& root, BuildNote n) {
  std::error_code ec;
  if (!n.file.empty() && n.file[0] != '/' && std::filesystem::exists(root + "/" + n.file, ec))
    n.file = root + "/" + n.file;
  return n;
}

}  // namespace

DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& o) {
  Progress quiet(false);
  return run_docs_build(store, o, quiet);
}

DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& o, Progress& progress) {
  if (o.libbpf_repo.empty() != o.libbpf_ref.empty())
    throw InputError(o.libbpf_repo.empty() ? "libbpf" : "libbpf-ref",
                     "the libbpf repository and the commit the site pins go together");
  if (o.btf_missing != "error" && o.btf_missing != "keep")
    throw InputError("btf-missing", cat("must be 'error' or 'keep', not '", o.btf_missing, "'"));
  DocsBuildReport report;
  BuildInput in;
  in.root = o.root;
  in.check_only = o.check_only;
  in.feature_tags = feature_tag_facts(store);

  // Every renderer runs before the builder reads a page: a bad input stops
  // the build with nothing written.

  // helper-ref-gen: PROG_HELPER_FUNC_REF, MAP_HELPER_FUNC_REF, HELPER_FUNC_PROG_REF, HELPER_FUNC_MAP_REF.
  // Helper and kfunc data: --from, or the one default (site_data.h); a kind
  // the index has no data of is left as it is, with a note.
  SiteDataRequest request{parse_origin(o.from), o.at.empty() ? std::nullopt : std::optional<std::string>(o.at)};
  SiteData<HelperData> helpers = site_helpers(store, request);
  std::optional<PairConditions> conditions;
  if (o.conditions) {
    if (request.from != DataOrigin::Derived)
      throw InputError("conditions", "the conditions come from the facts derived from the source: add --from derived");
    conditions = PairConditions::from_facts(store, request.at);
    for (BuildNote& n : conditions->notes()) report.notes.push_back(std::move(n));
  }
  const PairConditions* conds = conditions ? &*conditions : nullptr;
  if (!helpers.data)
    report.notes.push_back({"", 0, helpers.why_none + ": the helper lists (PROG_HELPER_FUNC_REF, MAP_HELPER_FUNC_REF, "
                                                      "HELPER_FUNC_PROG_REF, HELPER_FUNC_MAP_REF) are left as they are"});
  else
    add(in, helper_ref_kinds(), render_helper_refs(*helpers.data, conds));

  // helper-def-scraper and libbpf-tag-gen: HELPER_FUNC_DEF and LIBBPF_TAG, from
  // libbpf's src/bpf_helper_defs.h and src/libbpf.map at --libbpf-ref.
  if (!o.helper_defs_at.empty() && !o.helper_defs_from_index)
    throw InputError("helper-defs-at", "a tag for the helper definitions goes with reading them from the index");
  if (o.helper_defs_from_index) {
    std::optional<std::string> at;
    if (!o.helper_defs_at.empty()) at = o.helper_defs_at;
    std::string tag = tag_or_newest(store, at);
    add(in, {helper_def_kind()},
        render_helper_defs(export_bpf_helper_defs(store, tag), cat("include/uapi/linux/bpf.h@", tag, " (index)")));
  }
  if (o.libbpf_repo.empty()) {
    report.notes.push_back({"", 0, o.helper_defs_from_index
                                       ? "no --libbpf: LIBBPF_TAG blocks are left as they are"
                                       : "no --libbpf: HELPER_FUNC_DEF and LIBBPF_TAG blocks are left as they are"});
  } else {
    std::string header = cat(o.libbpf_repo, "@", o.libbpf_ref, ":src/bpf_helper_defs.h");
    if (!o.helper_defs_from_index)
      add(in, {helper_def_kind()},
          render_helper_defs(read_file_at(o.libbpf_repo, o.libbpf_ref, "src/bpf_helper_defs.h"), header));
    std::vector<BuildNote> notes;
    std::vector<Block> tags = render_libbpf_tags(read_file_at(o.libbpf_repo, o.libbpf_ref, "src/libbpf.map"),
                                                 files_in(o.root + "/" + kLibbpfUserspaceDir), notes);
    for (BuildNote& n : notes) report.notes.push_back(page_note(o.root, std::move(n)));
    add(in, {libbpf_tag_kind()}, std::move(tags));
  }

  // kfunc-gen's data, here already: --create-missing and --report need the
  // derived kfuncs before the kfunc blocks are rendered.
  SiteData<KfuncData> site = site_kfuncs(store, request);

  // The pages of subjects the source has and the site lacks, and those whose
  // subject is gone: made with --create-missing (program-type pages before
  // the kfunc blocks, which PROG_KFUNC_REF fills on them too), listed by
  // --report.
  MissingPages missing;
  if (o.create_missing && request.from != DataOrigin::Derived)
    throw InputError("create-missing", "pages are created for the facts derived from the source: add --from derived");
  if (!o.report.empty() && request.from != DataOrigin::Derived)
    throw InputError("report", "the report compares a build from the derived facts with the imported data: add "
                               "--from derived");
  if (o.create_missing || !o.report.empty())
    missing = missing_pages(store, o.root, site.data && site.origin == DataOrigin::Derived ? &*site.data : nullptr,
                            tag_or_newest(store, request.at), find_data_dir(o.data_dir));

  // kfunc-gen: KFUNC_DEF, KFUNC_PROG_REF, PROG_KFUNC_REF, from the imported
  // kfuncs.yaml, ksince's data/kfunc-gen.yaml tables and, for the signatures, --btf.
  for (BuildNote& n : site.notes) report.notes.push_back(std::move(n));
  std::optional<KfuncData>& kfuncs = site.data;
  bool derived_kfuncs = kfuncs && site.origin == DataOrigin::Derived;
  std::optional<std::string> at = request.at;
  if (kfuncs) {
    std::string dir = find_data_dir(o.data_dir);
    KfuncGenTables tables = load_kfunc_gen_tables(dir);
    std::set<std::string> types = load_program_types(dir);
    std::optional<Btf> btf;
    if (!o.btf.empty()) btf.emplace(o.btf);
    else if (!derived_kfuncs)
      report.notes.push_back({"", 0, "no --btf: the KFUNC_DEF blocks (signatures and notices) are left as they are"});
    KfuncBuildInput k;
    k.data = &*kfuncs;
    k.tables = &tables;
    k.btf = btf ? &*btf : nullptr;
    k.missing = o.btf_missing == "keep" ? BtfMissing::Keep : BtfMissing::Error;
    k.conditions = conds;
    // Derived facts without a BTF: the signatures of the source's __bpf_kfunc definitions.
    if (derived_kfuncs && !btf)
      k.source_signatures = SignatureSource{
          "the source's __bpf_kfunc definitions",
          [&store, at, &kfuncs](const std::string& f) -> std::optional<std::string> {
            // In kfunc-gen's BTF spelling, so a page reads the same either way.
            if (std::optional<std::string> sig = source_signature(store, f, at))
              return kfunc_gen_signature(*sig, has_kfunc_flag(*kfuncs, f, "KF_IMPLICIT_ARGS"));
            return std::nullopt;
          }};
    // kfunc-gen writes every *.md of the folder; only program types' pages have the pair
    // (SUMMARY.md and index.md would only add warnings).
    std::error_code ec;
    if (std::filesystem::is_directory(o.root + "/linux/program-type", ec))
      for (std::string& p : program_type_pages(o.root))
        if (types.count(std::filesystem::path(p).stem().string())) k.program_type_pages.push_back(std::move(p));
    if (o.create_missing)
      for (const auto& [page, text] : missing.created)
        if (page.starts_with("linux/program-type/") && types.count(std::filesystem::path(page).stem().string()))
          k.program_type_pages.push_back(page);
    std::sort(k.program_type_pages.begin(), k.program_type_pages.end());
    k.current = current_bodies(o.root, {kfunc_def_kind()});
    std::vector<BuildNote> notes;
    std::vector<Block> blocks = render_kfunc_blocks(k, notes);
    for (BuildNote& n : notes) report.notes.push_back(page_note(o.root, std::move(n)));
    std::vector<BlockKind> kinds = {kfunc_prog_ref_kind(), prog_kfunc_ref_kind()};
    if (btf || k.source_signatures) kinds.insert(kinds.begin(), kfunc_def_kind());
    add(in, std::move(kinds), std::move(blocks));
  } else {
    report.notes.push_back({"", 0, site.why_none + ": the kfunc blocks (KFUNC_DEF, KFUNC_PROG_REF, PROG_KFUNC_REF) "
                                                   "are left as they are"});
    if (!o.btf.empty()) throw InputError("btf", "the index has no kfuncs data to render; import kfuncs.yaml first");
  }

  if (o.create_missing) {
    std::string tag = tag_or_newest(store, request.at);
    report.notes.insert(report.notes.end(), missing.notes.begin(), missing.notes.end());
    in.created = std::move(missing.created);
    in.rewritten = std::move(missing.rewritten);
    // A created page's FEATURE_TAG: its name has no pattern, so its own
    // fact's version and introducing commit.
    FactLookup patterns = in.feature_tags;
    in.feature_tags = [patterns, kinds = std::move(missing.fact_kind), &store, tag](
                          const std::string& name) -> std::optional<MarkerFact> {
      if (std::optional<MarkerFact> f = patterns(name)) return f;
      auto k = kinds.find(name);
      if (k == kinds.end()) return std::nullopt;
      std::optional<DerivedAnswer> a = derived_fact(store, k->second, name, tag);
      if (!a || a->version.empty()) return std::nullopt;
      return MarkerFact{a->version, a->commit};
    };
  }

  // The review of a switch to derived data: both origins side by side.
  if (!o.report.empty()) {
    SiteData<HelperData> imported_helpers = site_helpers(store, {DataOrigin::Imported, std::nullopt});
    SiteData<KfuncData> imported_kfuncs = site_kfuncs(store, {DataOrigin::Imported, std::nullopt});
    KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir(o.data_dir));
    ReportInput r;
    r.imported_helpers = imported_helpers.data ? &*imported_helpers.data : nullptr;
    r.derived_helpers = helpers.data ? &*helpers.data : nullptr;
    r.imported_kfuncs = imported_kfuncs.data ? &*imported_kfuncs.data : nullptr;
    r.derived_kfuncs = kfuncs ? &*kfuncs : nullptr;
    r.tables = &tables;
    r.tag = tag_or_newest(store, request.at);
    r.gone = std::move(missing.notes);
    write_file_atomic(o.report, derived_change_report(store, r));  // not a page: --check writes it too
  }

  in.progress = &progress;
  report.result = build_docs(in);
  progress.done();
  for (BuildNote& n : report.result.notes) report.notes.push_back(std::move(n));
  return report;
}

}  // namespace ksince
