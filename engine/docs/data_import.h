#pragma once
#include <optional>
#include <string>
#include <vector>

#include "docs/data_file_kind.h"
#include "docs/docs_blocks.h"
#include "docs/helpers_against_source.h"
#include "store/imported_facts.h"

namespace ksince {

// `ksince import FILE`: any of the docs site's three data files, told apart
// by content (data_file_kind.h). The file is parsed and validated before the
// index is touched; then it replaces the earlier import of the same kind,
// and only that, in one transaction.
// - helpers-functions.yaml and kfuncs.yaml: their names are checked
//   (findings; the import still succeeds);
// - feature-versions.yaml: compared with the computed facts (disagreements),
//   and `prefer` ("imported", "computed", or "" to keep the index's choice)
//   says which side the merged facts take where they disagree.
struct DataImport {
  DataFileKind kind;
  std::string summary;             // "8 groups, 31 program types, ..."
  std::string replaced;            // the earlier import of this kind, "" if none
  std::vector<BuildNote> findings; // unknown names and the like, with file:line
  // feature-versions only:
  size_t facts = 0;
  std::vector<Disagreement> disagreements;
  Prefer preferred = Prefer::Imported;
};

// `data_dir`: ksince's data/ folder (data_dir.h), "" to find it. Throws
// InputError("prefer") for a preference given with another kind of file.
DataImport import_data_file(const std::string& db, const std::string& file, const std::string& prefer = "",
                            const std::string& data_dir = "");

// `ksince check --against FILE`: a hand-kept helpers-functions.yaml or
// kfuncs.yaml against the facts derived from the source at `at` (the newest
// tag by default). Throws Error for another kind of file.
std::vector<HelperDisagreement> check_data_file_against_source(Store& store, const std::string& file,
                                                               const std::optional<std::string>& at,
                                                               const std::string& data_dir = "");

// The name checks of `ksince check` over whatever the index holds of these
// kinds; with `docs_root`, also against the pages.
std::vector<BuildNote> check_docs_data(const std::string& db, const std::string& docs_root,
                                       const std::string& data_dir = "");

}  // namespace ksince
