#include "docs/kfunc_tables.h"

#include <yaml-cpp/yaml.h>

#include "util/error.h"

namespace ksince {

namespace {

YAML::Node load(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(cat(path, ": cannot read it; is --data-dir a copy of ksince's data/ folder?"));
  } catch (const YAML::Exception& e) {
    throw Error(cat(path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
}

std::vector<std::string> names(const std::string& path, const YAML::Node& root, const char* key) {
  YAML::Node n = root[key];
  if (!n || !n.IsSequence())
    throw Error(cat(path, ": needs a list `", key, ":` (see ksince's data/ folder)"));
  std::vector<std::string> out;
  for (const auto& v : n) {
    if (!v.IsScalar())
      throw Error(cat(path, ":", v.Mark().line + 1, ": an entry of `", key, "` must be a name"));
    out.push_back(v.Scalar());
  }
  return out;
}

}  // namespace

KfuncGenTables load_kfunc_gen_tables(const std::string& data_dir) {
  KfuncGenTables t;
  t.source = data_dir + "/kfunc-gen.yaml";
  YAML::Node root = load(t.source);
  if (!root.IsMap()) throw Error(cat(t.source, ": must be a mapping with removed, ignored, unspec_program_types"));
  t.removed = names(t.source, root, "removed");
  t.ignored = names(t.source, root, "ignored");
  YAML::Node unspec = root["unspec_program_types"];
  if (!unspec || !unspec.IsSequence())
    throw Error(cat(t.source, ": needs a list `unspec_program_types:` of `- name: BPF_PROG_TYPE_...`"));
  t.unspec = parse_kfunc_program_types(unspec, t.source);
  return t;
}

std::set<std::string> load_program_types(const std::string& data_dir) {
  std::string path = data_dir + "/program-types.yaml";
  std::vector<std::string> list = names(path, load(path), "program_types");
  return {list.begin(), list.end()};
}

}  // namespace ksince
