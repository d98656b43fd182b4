#include "yaml_scalar.h"

#include <cctype>
#include <regex>

namespace ksince {

namespace {

// go-yaml resolves a plain scalar of 4 digits and '-' as a timestamp when
// Go's time.Parse takes it in one of "2006-1-2", "2006-1-2 15:4:5.999999999",
// "2006-1-2T15:4:5.999999999Z07:00" (or 't'): such a string is quoted.
bool is_timestamp(const std::string& s) {
  static const std::regex form(
      "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
      "(?:( )([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?"
      "|[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))?");
  std::smatch m;
  if (!std::regex_match(s, m, form)) return false;
  int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > days[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  for (int base : {5, 8}) {
    if (!m[base].matched) continue;
    if (std::stoi(m[base]) > 23 || std::stoi(m[base + 1]) > 59 || std::stoi(m[base + 2]) > 59) return false;
  }
  return true;
}

// Go's strconv.ParseInt(s, 0, 64) after go-yaml removes every '_': the
// prefixes 0x, 0b and 0o in either case, with a sign.
bool is_prefixed_int(const std::string& s) {
  std::string plain;
  for (char c : s)
    if (c != '_') plain += c;
  static const std::regex prefixed("[-+]?0(?:[xX][0-9a-fA-F]+|[bB][01]+|[oO][0-7]+)");
  return std::regex_match(plain, prefixed);
}

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
  if (std::regex_match(s, other)) return true;
  if (!(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+')) return false;
  return is_timestamp(s) || is_prefixed_int(s);
}

bool plain_allowed(const std::string& s) {
  const std::string indicators = "-?:,[]{}#&*!|>'\"%@`";
  if (s.front() == ' ' || s.back() == ' ') return false;
  // A document marker at the start, whatever follows, as libyaml's analysis.
  if (s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0) return false;
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
      // libyaml's short escapes; \xXX for the other control bytes.
      case '\0': out += "\\0"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\v': out += "\\v"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case 0x1b: out += "\\e"; break;
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
