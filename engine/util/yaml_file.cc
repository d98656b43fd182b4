#include "util/yaml_file.h"

#include "util/error.h"

namespace ksince {

YAML::Node load_yaml_file(const std::string& path, const std::string& what) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw Error(cat(path, ": cannot read the ", what));
  } catch (const YAML::Exception& e) {
    throw Error(cat(path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
}

std::string yaml_where(const std::string& path, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return m.is_null() ? path : cat(path, ":", m.line + 1, ":", m.column + 1);
}

}  // namespace ksince
