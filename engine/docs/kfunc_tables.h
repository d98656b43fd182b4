#pragma once
#include <set>
#include <string>
#include <vector>

#include "docs/kfunc_data.h"

namespace ksince {

// The three lists kfunc-gen hard-codes (GENERATORS.md section 4), read from
// <data dir>/kfunc-gen.yaml so that a site can change them without a rebuild.
struct KfuncGenTables {
  std::string source;                     // the file, for messages
  std::vector<std::string> removed;       // kfuncs whose pages stay frozen
  std::vector<std::string> ignored;       // BTF test kfuncs the data need not list
  std::vector<KfuncProgramType> unspec;   // what BPF_PROG_TYPE_UNSPEC expands to, in order
};

KfuncGenTables load_kfunc_gen_tables(const std::string& data_dir);

// The kernel's program type names (<data dir>/program-types.yaml), against
// which data files are checked.
std::set<std::string> load_program_types(const std::string& data_dir);

}  // namespace ksince
