#pragma once
#include <string>
#include <vector>

#include "store/read_answers.h"
#include "store/store.h"

namespace ksince {

// Facts from an existing data file (the reference's output, hand fixes
// included), kept beside the computed ones so that a site moving to ksince
// loses neither its history nor its corrections.
struct ImportedFact {
  std::string group, name, version, commit;
  int line = 0;
};

// Parses a data file (SPEC "Output data file"); errors name file:line:column.
// `groups`, when given, gets every group in file order, empty ones too.
std::vector<ImportedFact> parse_data_file(const std::string& path, std::vector<std::string>* groups = nullptr);

// Replaces the imported facts (and the file's group list) in one transaction.
void store_imported(Store& store, const std::vector<ImportedFact>& facts, const std::string& source,
                    const std::vector<std::string>& groups = {});

// The imported file's groups in file order, empty ones included.
std::vector<std::string> imported_groups(Store& store);

// The imported facts, in file order.
std::vector<ImportedFact> imported_facts(Store& store);

// Which side wins where an imported and a computed fact disagree.
enum class Prefer { Imported, Computed };
Prefer preference(Store& store);
void set_preference(Store& store, Prefer p);

struct Disagreement {
  ImportedFact imported;
  Feature computed;
};
// Imported facts that a computed fact (with a version) contradicts.
std::vector<Disagreement> disagreements(Store& store);

// What export, docs and check use: with computed facts, the active patterns
// in patterns-file order, each taking the imported value where the two
// disagree and imported facts are preferred (a blank never replaces what the
// other side knows, either way); imported entries without a
// pattern follow in their group. Without computed facts, the imported file
// as it was, duplicates and all.
std::vector<Feature> merged_facts(Store& store);

}  // namespace ksince
