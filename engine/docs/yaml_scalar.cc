#include "yaml_scalar.h"

#include <regex>

namespace ksince {

namespace {

// What YAML 1.1/1.2 would resolve to a non-string (go-yaml quotes these).
bool resolves_to_other_type(const std::string& s) {
  if (s.empty()) return true;
  static const std::regex other(
      "~|null|Null|NULL|true|True|TRUE|false|False|FALSE|"
      "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|"
      "[-+]?(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|"
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|"
      "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|"
      "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
  return std::regex_match(s, other);
}

bool plain_allowed(const std::string& s) {
  const std::string indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (s.front() == ' ' || s.back() == ' ') return false;
  if (indicators.find(s.front()) != std::string::npos) {
    // "-x", "?x", ":x" are fine when not followed by a space.
    if (!((s.front() == '-' || s.front() == '?' || s.front() == ':') && s.size() > 1 && s[1] != ' '))
      return false;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos || s.back() == ':')
    return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* hex = "0123456789ABCDEF";
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string yaml_scalar(const std::string& s) {
  if (resolves_to_other_type(s)) return double_quoted(s);
  if (plain_allowed(s)) return s;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return double_quoted(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace ksince
