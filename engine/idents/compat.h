#pragma once
// `ksince compat PATH... --from vA [--to vB]`: what happened between two
// tags to every kernel identifier an out-of-tree module uses (module_uses.h):
// absent at vA and since when, removed before vB, each change of its shape
// (ident_history.h) with its version. The list such projects keep by hand.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "idents/ident_history.h"
#include "idents/module_uses.h"
#include "repo/repo.h"
#include "store/store.h"

namespace ksince {

struct CompatEntry {
  std::string name;  // "class_create", "struct class.devnode", "CONFIG_FOO"
  std::string how;   // "call", "type", "config", "name", "member"
  std::string file;
  uint32_t line = 0;
  bool at_from = false, at_to = false;  // defined (the member present) at vA, at vB
  std::string since;       // absent at vA: the first tag after it that has it
  std::string removed_in;  // present at vA: the first tag up to vB that lacks it
  std::vector<HistoryChange> changes;  // in (vA, vB]
};

struct CompatReport {
  std::string from, to;
  std::vector<CompatEntry> entries;  // those with something to say, in order of first use
  size_t unchanged = 0;              // the others
  std::vector<std::string> unknown;  // names no indexed tag defines (the module's own headers, user space, ...)
  size_t unresolved = 0;             // member accesses whose type was not found
};

// Throws InputError("from"/"to") for a tag the index lacks, Error without shapes.
CompatReport compat_report(Store& store, const Repo& repo, const std::vector<SourceFile>& files,
                           const std::string& from, const std::string& to, const std::string& arch = "x86");
nlohmann::ordered_json compat_json(const CompatReport& r);

}  // namespace ksince
