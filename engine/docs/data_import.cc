#include "docs/data_import.h"

#include "docs/data_dir.h"
#include "docs/helper_data.h"
#include "docs/helper_names.h"
#include "store/index_lock.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_store.h"
#include "docs/kfunc_tables.h"
#include "store/store.h"

namespace ksince {

DataImport import_docs_data(const std::string& db, const std::string& file, DataFileKind kind,
                            const std::string& data_dir) {
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
  throw Error(cat(file, ": feature-versions files are imported by imported_facts"));
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
