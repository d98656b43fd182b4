#pragma once
#include <string>
#include <vector>

#include "docs/data_file_kind.h"
#include "docs/docs_blocks.h"

namespace ksince {

// `ksince import` for the docs site's hand-kept data files other than
// feature-versions.yaml (imported_facts.h): helpers-functions.yaml and
// kfuncs.yaml. The file is parsed and validated before the index is touched;
// its names are checked (warnings, the import still succeeds); then it
// replaces the earlier import of the same kind, and only that, in one
// transaction.
struct DataImport {
  DataFileKind kind;
  std::string summary;             // "8 groups, 31 program types, ..."
  std::string replaced;            // the earlier import of this kind, "" if none
  std::vector<BuildNote> findings; // unknown names and the like, with file:line
};

// `data_dir`: ksince's data/ folder (data_dir.h), "" to find it.
DataImport import_docs_data(const std::string& db, const std::string& file, DataFileKind kind,
                            const std::string& data_dir = "");

// The name checks of `ksince check` over whatever the index holds of these
// kinds; with `docs_root`, also against the pages.
std::vector<BuildNote> check_docs_data(const std::string& db, const std::string& docs_root,
                                       const std::string& data_dir = "");

}  // namespace ksince
