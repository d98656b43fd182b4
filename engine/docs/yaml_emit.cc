#include "docs/yaml_emit.h"

#include <yaml-cpp/yaml.h>

#include "docs/yaml_scalar.h"

namespace ksince {

namespace {

// yaml-cpp tags a quoted scalar "!" and a plain one "?".
std::string scalar_text(const YAML::Node& n, const YamlAt& at) {
  if (n.IsNull()) return "null";
  return n.Tag() == "!" ? yaml_scalar(n.Scalar(), at) : n.Scalar();
}

std::string key_text(const YAML::Node& n) {
  if (n.IsNull()) return "null";
  return n.Tag() == "!" ? yaml_key(n.Scalar()) : n.Scalar();
}

void block(std::string& out, const YAML::Node& n, size_t indent);

// A sequence item or the value of a key, starting after "- " or "key:".
void item(std::string& out, const YAML::Node& n, size_t indent, bool after_dash) {
  bool empty = n.size() == 0;
  if (n.IsScalar() || n.IsNull()) {
    out += (after_dash ? "" : " ") + scalar_text(n, {indent, after_dash, 2}) + "\n";
  } else if (empty) {
    out += std::string(after_dash ? "" : " ") + (n.IsSequence() ? "[]" : "{}") + "\n";
  } else if (after_dash) {
    // go-yaml puts an item's first key (or nested item) on the dash's line.
    std::string inner;
    block(inner, n, indent + 2);
    out += inner.substr(indent + 2);
  } else {
    out += "\n";
    block(out, n, indent + 2);
  }
}

void block(std::string& out, const YAML::Node& n, size_t indent) {
  std::string pad(indent, ' ');
  if (n.IsSequence()) {
    for (const auto& v : n) {
      out += pad + "- ";
      item(out, v, indent, true);
    }
  } else {
    for (const auto& kv : n) {
      out += pad + key_text(kv.first) + ":";
      // go-yaml v3 indents a sequence under its key.
      item(out, kv.second, indent, false);
    }
  }
}

}  // namespace

std::string yaml_value_text(const YAML::Node& value) {
  std::string out;
  item(out, value, 0, false);
  return out;
}

std::string yaml_indent(const std::string& text, size_t indent) {
  std::string pad(indent, ' '), out;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = text.find('\n', i);
    e = e == std::string::npos ? text.size() : e + 1;
    if (i > 0 && e - i > 1) out += pad;
    out.append(text, i, e - i);
    i = e;
  }
  return out;
}

}  // namespace ksince
