#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "docs/docs_blocks.h"

namespace YAML {
class Node;
}

namespace ksince {

// The docs site's data/kfuncs.yaml (GENERATORS.md section 6), every key kept:
// the ones kfunc-gen reads, the ones its Go structs drop (a set's attach_type)
// and any other, so that an export gives the file back. A key absent from the
// file stays absent (std::nullopt), apart from an empty one.

// A key this model has no field for, with its value as go-yaml writes it
// after "key:" at indent 0 (" value\n", or "\n  - a\n" for a block).
struct ExtraKey {
  std::string key;
  std::string yaml;
};

struct SinceUntil {
  std::string version;  // as written: "6.10" stays "6.10"
  std::string commit;
  std::vector<ExtraKey> extra;
};

struct KfuncProgramType {
  std::string name;
  std::optional<SinceUntil> since, until;
  std::vector<ExtraKey> extra;
  size_t line = 0;
};

struct Kfunc {
  std::string name;
  std::optional<std::vector<std::string>> flags;             // in YAML order
  std::optional<std::vector<KfuncProgramType>> except;       // except.program_types
  bool has_except = false;                                   // an `except:` key, even empty
  std::vector<ExtraKey> except_extra;
  std::vector<ExtraKey> extra;
  size_t line = 0;
};

struct KfuncSet {
  std::string name;
  std::optional<std::vector<Kfunc>> funcs;
  std::optional<std::vector<KfuncProgramType>> program_types;
  std::optional<std::vector<std::string>> attach_type;  // read by no generator; kept
  std::vector<ExtraKey> extra;
  size_t line = 0;
};

struct KfuncData {
  std::string source;          // the file it was read from, for messages
  std::vector<KfuncSet> sets;  // in file order (kfunc-gen walks a Go map; see kfunc_render.h)
  std::vector<ExtraKey> extra;  // top-level keys besides `sets`
};

// A kfuncs.yaml is a mapping with a top-level `sets` key (what tells it apart
// from helpers-functions.yaml and feature-versions.yaml at import).
bool looks_like_kfuncs(const YAML::Node& root);

// Reads a kfuncs.yaml. Errors (not YAML, wrong shapes, a duplicate key, which
// go-yaml refuses too) name file:line:column.
KfuncData parse_kfuncs_file(const std::string& path);
KfuncData parse_kfuncs(const YAML::Node& root, const std::string& path);

// A `program_types:` list of this schema (also the shape of data/kfunc-gen.yaml's table).
std::vector<KfuncProgramType> parse_kfunc_program_types(const YAML::Node& list, const std::string& path);

// What kfunc-gen accepts silently but a person should fix, as warnings with
// file:line: a kfunc listed twice in one set, a set with no funcs, a program
// type name not in `program_types` (the kernel's, data/program-types.yaml),
// a kfunc whose sets give it different flags.
std::vector<BuildNote> check_kfuncs(const KfuncData& data, const std::set<std::string>& program_types);

// Does some set list kfunc `name` with `flag` (KF_SLEEPABLE, ...)?
bool has_kfunc_flag(const KfuncData& data, const std::string& name, std::string_view flag);

// The file as go-yaml v3 (yaml.v3, indent 2) writes this schema: keys in the
// Go structs' order, then the extra keys in file order; flags as a flow list
// (the site's layout); a blank line between sets. Comments are not kept.
std::string export_kfuncs_yaml(const KfuncData& data);

}  // namespace ksince
