#include "docs/data_import.h"

#include "docs/data_dir.h"
#include "docs/helper_data.h"
#include "docs/helper_names.h"
#include "docs/kfuncs_against_source.h"
#include "store/index_lock.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_store.h"
#include "docs/kfunc_tables.h"
#include "store/store.h"

namespace ksince {

namespace {

DataImport import_feature_versions(const std::string& db, const std::string& file, const std::string& prefer) {
  DataImport r{DataFileKind::FeatureVersions, "", "", {}};
  std::vector<std::string> groups;
  std::vector<ImportedFact> facts = parse_data_file(file, &groups);  // before anything is written
  IndexLock lock(db);
  Store store(db, Store::Mode::Create);
  r.replaced = store.meta("imported_from").value_or("");
  store_imported(store, facts, file, groups);
  if (!prefer.empty()) set_preference(store, prefer == "computed" ? Prefer::Computed : Prefer::Imported);
  r.facts = facts.size();
  r.disagreements = disagreements(store);
  r.preferred = preference(store);
  return r;
}

}  // namespace

DataImport import_data_file(const std::string& db, const std::string& file, const std::string& prefer,
                            const std::string& data_dir) {
  if (!prefer.empty() && prefer != "imported" && prefer != "computed")
    throw InputError("prefer", cat("must be 'imported' or 'computed', not '", prefer, "'"));
  DataFileKind kind = data_file_kind(file);
  if (kind == DataFileKind::FeatureVersions) return import_feature_versions(db, file, prefer);
  if (!prefer.empty()) throw InputError("prefer", "applies to feature-versions files only");
  DataImport r{kind, "", "", {}};
  if (kind == DataFileKind::HelpersFunctions) {
    HelperData data = parse_helpers_file(file);  // before anything is written
    IndexLock lock(db);
    Store store(db, Store::Mode::Create);
    r.findings = check_helper_names(data, known_from_features(store));
    r.replaced = store_helpers(store, data);
    size_t entries = 0;
    for (const auto* sec : {&data.groups, &data.programs, &data.maps})
      for (const HelperList& l : *sec) entries += l.entries.size();
    r.summary = cat(data.groups.size(), " groups, ", data.programs.size(), " program types, ", data.maps.size(),
                    " map types, ", entries, " entries");
    return r;
  }
  if (kind == DataFileKind::Kfuncs) {
    KfuncData data = parse_kfuncs_file(file);
    r.findings = check_kfuncs(data, load_program_types(find_data_dir(data_dir)));
    IndexLock lock(db);
    Store store(db, Store::Mode::Create);
    r.replaced = store_imported_kfuncs(store, data, file).value_or("");
    size_t funcs = 0;
    for (const KfuncSet& s : data.sets) funcs += s.funcs ? s.funcs->size() : 0;
    r.summary = cat(data.sets.size(), " sets, ", funcs, " kfunc entries");
    return r;
  }
  throw Error(cat("internal: ", file, ": a data file of no known kind"));
}

std::vector<HelperDisagreement> check_data_file_against_source(Store& store, const std::string& file,
                                                               const std::optional<std::string>& at,
                                                               const std::string& data_dir) {
  DataFileKind kind = data_file_kind(file);
  if (kind == DataFileKind::HelpersFunctions) return check_helpers_against(store, parse_helpers_file(file), at);
  if (kind == DataFileKind::Kfuncs)
    return check_kfuncs_against(store, parse_kfuncs_file(file), load_kfunc_gen_tables(find_data_dir(data_dir)), at);
  throw Error(cat(file, ": a check against the source takes a helpers-functions.yaml or a kfuncs.yaml, not a ",
                  data_file_kind_name(kind), " file"));
}

std::vector<BuildNote> check_docs_data(const std::string& db, const std::string& docs_root,
                                       const std::string& data_dir) {
  Store store(db, Store::Mode::ReadOnly);
  std::vector<BuildNote> out;
  HelperData helpers = load_helpers(store);
  if (!helpers.empty()) {
    KnownNames known = known_from_features(store);
    if (!docs_root.empty()) add_known_from_pages(known, docs_root);
    out = check_helper_names(helpers, known);
  }
  if (std::optional<KfuncData> kfuncs = imported_kfuncs(store))
    for (BuildNote& n : check_kfuncs(*kfuncs, load_program_types(find_data_dir(data_dir)))) out.push_back(std::move(n));
  return out;
}

}  // namespace ksince
