#pragma once
#include <string>

namespace YAML {
class Node;
}

namespace ksince {

// A parsed YAML value written back the way go-yaml v3 (indent 2) writes a
// value it decoded into interface{}: what follows "key:" for a key at column
// 0, either " scalar\n", " []\n", " {}\n" or "\n" and a block indented by 2.
// Plain scalars stay as written (go-yaml keeps their type and its spelling of
// it); quoted ones get go-yaml's quoting (yaml_scalar).
std::string yaml_value_text(const YAML::Node& value);

// `text` from yaml_value_text moved right by `indent` spaces (for a key at
// that column).
std::string yaml_indent(const std::string& text, size_t indent);

}  // namespace ksince
