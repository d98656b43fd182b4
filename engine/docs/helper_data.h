#pragma once
#include <string>
#include <vector>

#include "store/store.h"

namespace ksince {

// The docs site's hand-kept data/helpers-functions.yaml (GENERATORS.md
// section 6): which helpers each program type and map type may call, with
// groups of helpers shared between them. Every key of the file is kept, also
// those the reference's Go structs drop (sleepable, prog), so that an export
// gives the file back.

// One key of an entry other than its first (name/group/exclude), as written.
struct HelperField {
  enum class Style { Scalar, Bool, FlowList, BlockList, Map };
  std::string key;
  Style style = Style::Scalar;
  // Scalar: one item with an empty key (Bool: an unquoted true/false, a
  // boolean for go-yaml, so never quoted); lists: one item per element with an
  // empty key; Map: key/value pairs in file order (since: version, commit).
  std::vector<std::pair<std::string, std::string>> items;
};

struct HelperEntry {
  enum class Kind { Name, Group, Exclude };
  Kind kind = Kind::Name;
  std::string value;                  // the helper, group or excluded helper
  std::string since_version, since_commit;  // from `since:`, text as written ("6.10")
  bool has_since = false;
  std::vector<HelperField> fields;    // every other key, in file order (since included)
  int line = 0;
};

// A group, program type or map type and its entries.
struct HelperList {
  std::string name;
  bool null_value = false;  // written with nothing after the colon (BPF_MAP_TYPE_STRUCT_OPS:)
  std::vector<HelperEntry> entries;
  int line = 0;
};

struct HelperData {
  std::string source;  // the imported file, for messages
  std::vector<std::string> sections;  // "groups", "programs", "maps" in file order
  std::vector<HelperList> groups, programs, maps;
  bool empty() const { return sections.empty(); }
};

// Parses the file; errors name file:line:column. Structure only: names are
// checked separately (helper_names.h), so a typo is a warning, not a refusal.
HelperData parse_helpers_file(const std::string& path);

// Replaces the earlier helpers-functions import (only that one) in one
// transaction. Returns the file it replaced, "" if none.
std::string store_helpers(Store& store, const HelperData& data);

// The imported data; empty() when none was imported.
HelperData load_helpers(Store& store);

// The file as the reference's go-yaml v3 would quote it, in the layout of the
// site's file (block sequences at their key's indent, flow lists kept flow).
// Comments and blank lines are not kept.
std::string render_helpers_file(const HelperData& data);

}  // namespace ksince
