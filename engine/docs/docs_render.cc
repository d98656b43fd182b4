#include "docs/docs_render.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <filesystem>

#include "docs/helper_data.h"
#include "store/series_answers.h"
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

FactLookup feature_tag_facts(Store& store, bool backports) {
  auto facts = std::make_shared<std::map<std::string, MarkerFact>>();
  std::vector<StoredSeries> series = backports ? read_series(store) : std::vector<StoredSeries>{};
  if (backports && series.empty())
    throw InputError("backports", cat(store.path(), " has no stable series (index with series:)"));
  for (const Feature& f : merged_facts(store)) {
    if (f.version.empty() || facts->count(f.name)) continue;
    MarkerFact m{f.version, f.commit, {}};
    if (backports)
      for (const SeriesAnswer& a : pattern_series_answers(store, f.group, f.name))
        if (a.since == "point") m.backports.push_back(a.series + ".y at " + a.version);
    facts->emplace(f.name, std::move(m));
  }
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

namespace {

// What every step of a build shares.
struct Build {
  Store& store;
  const DocsBuildOptions& o;
  SiteDataRequest request;
  BuildInput in;
  DocsBuildReport report;
  SiteData<HelperData> helpers;
  std::optional<PairConditions> conditions;
  const PairConditions* conds() const { return conditions ? &*conditions : nullptr; }
};

void check_options(const DocsBuildOptions& o) {
  if (o.libbpf_repo.empty() != o.libbpf_ref.empty())
    throw InputError(o.libbpf_repo.empty() ? "libbpf" : "libbpf-ref",
                     "the libbpf repository and the commit the site pins go together");
  if (o.btf_missing != "error" && o.btf_missing != "keep")
    throw InputError("btf-missing", cat("must be 'error' or 'keep', not '", o.btf_missing, "'"));
  if (!o.helper_defs_at.empty() && !o.helper_defs_from_index)
    throw InputError("helper-defs-at", "a tag for the helper definitions goes with reading them from the index");
}

// helper-ref-gen: PROG_HELPER_FUNC_REF, MAP_HELPER_FUNC_REF,
// HELPER_FUNC_PROG_REF, HELPER_FUNC_MAP_REF. Helper and kfunc data: --from,
// or the one default (site_data.h); a kind the index has no data of is left
// as it is, with a note.
void add_helper_refs(Build& b) {
  b.helpers = site_helpers(b.store, b.request);
  if (b.o.conditions) {
    if (b.request.from != DataOrigin::Derived)
      throw InputError("conditions", "the conditions come from the facts derived from the source: add --from derived");
    b.conditions = PairConditions::from_facts(b.store, b.request.at);
    for (BuildNote& n : b.conditions->notes()) b.report.notes.push_back(std::move(n));
  }
  if (!b.helpers.data)
    b.report.notes.push_back({"", 0, b.helpers.why_none + ": the helper lists (PROG_HELPER_FUNC_REF, "
                                                          "MAP_HELPER_FUNC_REF, HELPER_FUNC_PROG_REF, "
                                                          "HELPER_FUNC_MAP_REF) are left as they are"});
  else
    add(b.in, helper_ref_kinds(), render_helper_refs(*b.helpers.data, b.conds()));
}

// helper-def-scraper and libbpf-tag-gen: HELPER_FUNC_DEF and LIBBPF_TAG, from
// libbpf's src/bpf_helper_defs.h and src/libbpf.map at --libbpf-ref.
void add_helper_defs_and_libbpf_tags(Build& b) {
  const DocsBuildOptions& o = b.o;
  if (o.helper_defs_from_index) {
    std::optional<std::string> at;
    if (!o.helper_defs_at.empty()) at = o.helper_defs_at;
    std::string tag = tag_or_newest(b.store, at);
    add(b.in, {helper_def_kind()},
        render_helper_defs(export_bpf_helper_defs(b.store, tag), cat("include/uapi/linux/bpf.h@", tag, " (index)")));
  }
  if (o.libbpf_repo.empty()) {
    b.report.notes.push_back({"", 0, o.helper_defs_from_index
                                         ? "no --libbpf: LIBBPF_TAG blocks are left as they are"
                                         : "no --libbpf: HELPER_FUNC_DEF and LIBBPF_TAG blocks are left as they are"});
    return;
  }
  std::string header = cat(o.libbpf_repo, "@", o.libbpf_ref, ":src/bpf_helper_defs.h");
  if (!o.helper_defs_from_index)
    add(b.in, {helper_def_kind()},
        render_helper_defs(read_file_at(o.libbpf_repo, o.libbpf_ref, "src/bpf_helper_defs.h"), header));
  std::vector<BuildNote> notes;
  std::vector<Block> tags = render_libbpf_tags(read_file_at(o.libbpf_repo, o.libbpf_ref, "src/libbpf.map"),
                                               files_in(o.root + "/" + kLibbpfUserspaceDir), notes);
  for (BuildNote& n : notes) b.report.notes.push_back(page_note(o.root, std::move(n)));
  add(b.in, {libbpf_tag_kind()}, std::move(tags));
}

// The pages of subjects the source has and the site lacks, and those whose
// subject is gone: made with --create-missing (program-type pages before
// the kfunc blocks, which PROG_KFUNC_REF fills on them too), listed by
// --report.
MissingPages find_missing(Build& b, const SiteData<KfuncData>& site) {
  const DocsBuildOptions& o = b.o;
  if (o.create_missing && b.request.from != DataOrigin::Derived)
    throw InputError("create-missing", "pages are created for the facts derived from the source: add --from derived");
  if (!o.report.empty() && b.request.from != DataOrigin::Derived)
    throw InputError("report", "the report compares a build from the derived facts with the imported data: add "
                               "--from derived");
  if (!o.create_missing && o.report.empty()) return {};
  return missing_pages(b.store, o.root, site.data && site.origin == DataOrigin::Derived ? &*site.data : nullptr,
                       tag_or_newest(b.store, b.request.at), find_data_dir(o.data_dir));
}

// The program types' pages kfunc-gen writes: every *.md of the folder whose
// type the kernel has (SUMMARY.md and index.md would only add warnings), and
// those this build creates.
std::vector<std::string> kfunc_type_pages(const Build& b, const std::set<std::string>& types,
                                          const MissingPages& missing) {
  std::vector<std::string> out;
  std::error_code ec;
  if (std::filesystem::is_directory(b.o.root + "/linux/program-type", ec))
    for (std::string& p : program_type_pages(b.o.root))
      if (types.count(std::filesystem::path(p).stem().string())) out.push_back(std::move(p));
  if (b.o.create_missing)
    for (const auto& [page, text] : missing.created)
      if (page.starts_with("linux/program-type/") && types.count(std::filesystem::path(page).stem().string()))
        out.push_back(page);
  std::sort(out.begin(), out.end());
  return out;
}

// kfunc-gen: KFUNC_DEF, KFUNC_PROG_REF, PROG_KFUNC_REF, from the kfunc data,
// ksince's data/kfunc-gen.yaml tables and, for the signatures, --btf (or,
// for derived data, the source's __bpf_kfunc definitions).
void add_kfunc_blocks(Build& b, SiteData<KfuncData>& site, const MissingPages& missing) {
  const DocsBuildOptions& o = b.o;
  for (BuildNote& n : site.notes) b.report.notes.push_back(std::move(n));
  std::optional<KfuncData>& kfuncs = site.data;
  if (!kfuncs) {
    b.report.notes.push_back({"", 0, site.why_none + ": the kfunc blocks (KFUNC_DEF, KFUNC_PROG_REF, PROG_KFUNC_REF) "
                                                     "are left as they are"});
    if (!o.btf.empty()) throw InputError("btf", "the index has no kfuncs data to render; import kfuncs.yaml first");
    return;
  }
  bool derived = site.origin == DataOrigin::Derived;
  std::string dir = find_data_dir(o.data_dir);
  KfuncGenTables tables = load_kfunc_gen_tables(dir);
  std::optional<Btf> btf;
  if (!o.btf.empty()) btf.emplace(o.btf);
  else if (!derived)
    b.report.notes.push_back({"", 0, "no --btf: the KFUNC_DEF blocks (signatures and notices) are left as they are"});
  KfuncBuildInput k;
  k.data = &*kfuncs;
  k.tables = &tables;
  k.btf = btf ? &*btf : nullptr;
  k.missing = o.btf_missing == "keep" ? BtfMissing::Keep : BtfMissing::Error;
  k.conditions = b.conds();
  if (derived && !btf)
    k.source_signatures = SignatureSource{
        "the source's __bpf_kfunc definitions",
        [&store = b.store, at = b.request.at, &kfuncs](const std::string& f) -> std::optional<std::string> {
          // In kfunc-gen's BTF spelling, so a page reads the same either way.
          if (std::optional<std::string> sig = source_signature(store, f, at))
            return kfunc_gen_signature(*sig, has_kfunc_flag(*kfuncs, f, "KF_IMPLICIT_ARGS"));
          return std::nullopt;
        }};
  k.program_type_pages = kfunc_type_pages(b, load_program_types(dir), missing);
  k.current = current_bodies(o.root, {kfunc_def_kind()});
  std::vector<BuildNote> notes;
  std::vector<Block> blocks = render_kfunc_blocks(k, notes);
  for (BuildNote& n : notes) b.report.notes.push_back(page_note(o.root, std::move(n)));
  std::vector<BlockKind> kinds = {kfunc_prog_ref_kind(), prog_kfunc_ref_kind()};
  if (btf || k.source_signatures) kinds.insert(kinds.begin(), kfunc_def_kind());
  add(b.in, std::move(kinds), std::move(blocks));
}

// --create-missing: the new pages and SUMMARY.md edits, and a created page's
// FEATURE_TAG (its name has no pattern: its own fact's version and commit).
void add_created_pages(Build& b, MissingPages& missing) {
  std::string tag = tag_or_newest(b.store, b.request.at);
  b.report.notes.insert(b.report.notes.end(), missing.notes.begin(), missing.notes.end());
  b.in.created = std::move(missing.created);
  b.in.rewritten = std::move(missing.rewritten);
  FactLookup patterns = b.in.feature_tags;
  b.in.feature_tags = [patterns, kinds = std::move(missing.fact_kind), &store = b.store, tag](
                          const std::string& name) -> std::optional<MarkerFact> {
    if (std::optional<MarkerFact> f = patterns(name)) return f;
    auto k = kinds.find(name);
    if (k == kinds.end()) return std::nullopt;
    std::optional<DerivedAnswer> a = derived_fact(store, k->second, name, tag);
    if (!a || a->version.empty()) return std::nullopt;
    return MarkerFact{a->version, a->commit, {}};
  };
}

// --report: a switch to derived data reviewed, both origins side by side.
void write_report(Build& b, const std::optional<KfuncData>& kfuncs, MissingPages& missing) {
  SiteData<HelperData> imported_helpers = site_helpers(b.store, {DataOrigin::Imported, std::nullopt});
  SiteData<KfuncData> imported_kfuncs = site_kfuncs(b.store, {DataOrigin::Imported, std::nullopt});
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir(b.o.data_dir));
  ReportInput r;
  r.imported_helpers = imported_helpers.data ? &*imported_helpers.data : nullptr;
  r.derived_helpers = b.helpers.data ? &*b.helpers.data : nullptr;
  r.imported_kfuncs = imported_kfuncs.data ? &*imported_kfuncs.data : nullptr;
  r.derived_kfuncs = kfuncs ? &*kfuncs : nullptr;
  r.tables = &tables;
  r.tag = tag_or_newest(b.store, b.request.at);
  r.gone = std::move(missing.notes);
  write_file_atomic(b.o.report, derived_change_report(b.store, r));  // not a page: --check writes it too
}

}  // namespace

DocsBuildReport run_docs_build(Store& store, const DocsBuildOptions& o, Progress& progress) {
  check_options(o);
  Build b{store, o, {parse_origin(o.from), o.at.empty() ? std::nullopt : std::optional<std::string>(o.at)}, {}, {}, {},
          {}};
  b.in.root = o.root;
  b.in.check_only = o.check_only;
  b.in.feature_tags = feature_tag_facts(store, o.backports);
  // Every renderer runs before the builder reads a page: a bad input stops
  // the build with nothing written.
  add_helper_refs(b);
  add_helper_defs_and_libbpf_tags(b);
  // kfunc-gen's data, here already: --create-missing and --report need the
  // derived kfuncs before the kfunc blocks are rendered.
  SiteData<KfuncData> site = site_kfuncs(store, b.request);
  MissingPages missing = find_missing(b, site);
  add_kfunc_blocks(b, site, missing);
  if (o.create_missing) add_created_pages(b, missing);
  if (!o.report.empty()) write_report(b, site.data, missing);
  b.in.progress = &progress;
  b.report.result = build_docs(b.in);
  progress.done();
  for (BuildNote& n : b.report.result.notes) b.report.notes.push_back(std::move(n));
  return std::move(b.report);
}

}  // namespace ksince
