#include "docs/yaml_scalar.h"

#include <cctype>
#include <cstdint>
#include <regex>
#include <string_view>

#include "util/error.h"

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

// libyaml's character classes, on UTF-8 bytes (go-yaml's yamlprivateh.go).
size_t width(unsigned char c) { return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4; }

unsigned char at(const std::string& s, size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }

bool is_break(const std::string& s, size_t i) {
  unsigned char c = at(s, i), d = at(s, i + 1), e = at(s, i + 2);
  return c == '\r' || c == '\n' || (c == 0xC2 && d == 0x85) || (c == 0xE2 && d == 0x80 && (e == 0xA8 || e == 0xA9));
}

// U+2028 and U+2029: libyaml breaks lines there, YAML 1.2 readers do not.
bool is_unicode_break(const std::string& s, size_t i) {
  return at(s, i) == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9);
}

// Note: 4-byte characters (U+10000 and up) are not printable for libyaml.
bool is_printable(const std::string& s, size_t i) {
  unsigned char c = at(s, i), d = at(s, i + 1), e = at(s, i + 2);
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && d >= 0xA0) || (c > 0xC2 && c < 0xED) ||
         (c == 0xED && d < 0xA0) || c == 0xEE ||
         (c == 0xEF && !(d == 0xBB && e == 0xBF) && !(d == 0xBF && (e == 0xBE || e == 0xBF)));
}

bool is_blankz(const std::string& s, size_t i) {
  return i >= s.size() || at(s, i) == ' ' || at(s, i) == '\t' || at(s, i) == 0 || is_break(s, i);
}

// Go's utf8.ValidString: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = at(s, i);
    size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    for (size_t k = 1; k < n; k++) {
      unsigned char b = at(s, i + k);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

// go-yaml's encodeBase64: standard base64, in lines of 70 with a final
// newline once it is longer than that.
std::string base64_lines(const std::string& s) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b;
  for (size_t i = 0; i < s.size(); i += 3) {
    uint32_t v = at(s, i) << 16 | (i + 1 < s.size() ? at(s, i + 1) << 8 : 0) | (i + 2 < s.size() ? at(s, i + 2) : 0);
    b += abc[v >> 18 & 63];
    b += abc[v >> 12 & 63];
    b += i + 1 < s.size() ? abc[v >> 6 & 63] : '=';
    b += i + 2 < s.size() ? abc[v & 63] : '=';
  }
  if (b.size() / 70 + 1 == 1) return b;
  std::string out;
  for (size_t i = 0; i < b.size(); i += 70) out += b.substr(i, 70) + "\n";
  return out;
}

// What libyaml's yaml_emitter_analyze_scalar finds out about a string.
struct Analysis {
  bool multiline = false, flow_plain = true, block_plain = true, single_quoted = true, block = true;
};

Analysis analyze(const std::string& s) {
  Analysis a;
  if (s.empty()) {
    a.flow_plain = a.block = false;
    return a;
  }
  bool block_ind = false, flow_ind = false, special = false, tab = false;
  bool lead_space = false, lead_break = false, trail_space = false, trail_break = false;
  bool break_space = false, space_break = false, prev_space = false, prev_break = false;
  if (s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0) block_ind = flow_ind = true;
  bool preceded_by_ws = true;
  for (size_t i = 0, w; i < s.size(); i += w) {
    w = width(at(s, i));
    char c = s[i];
    bool followed_by_ws = i + w >= s.size() || at(s, i + w) == ' ' || at(s, i + w) == '\t' || is_break(s, i + w);
    if (i == 0) {
      if (std::string_view("#,[]{}&*!|>'\"%@`").find(c) != std::string_view::npos) {
        flow_ind = block_ind = true;
      } else if (c == '?' || c == ':') {
        flow_ind = true;
        if (followed_by_ws) block_ind = true;
      } else if (c == '-' && followed_by_ws) {
        flow_ind = block_ind = true;
      }
    } else if (std::string_view(",?[]{}").find(c) != std::string_view::npos) {
      flow_ind = true;
    } else if (c == ':') {
      flow_ind = true;
      if (followed_by_ws) block_ind = true;
    } else if (c == '#' && preceded_by_ws) {
      flow_ind = block_ind = true;
    }
    if (c == '\t') tab = true;
    else if (!is_printable(s, i)) special = true;
    if (c == ' ') {
      if (i == 0) lead_space = true;
      if (i + w == s.size()) trail_space = true;
      if (prev_break) break_space = true;
      prev_space = true, prev_break = false;
    } else if (is_break(s, i)) {
      a.multiline = true;
      if (i == 0) lead_break = true;
      if (i + w == s.size()) trail_break = true;
      if (prev_space) space_break = true;
      prev_space = false, prev_break = true;
    } else {
      prev_space = prev_break = false;
    }
    preceded_by_ws = is_blankz(s, i);
  }
  if (lead_space || lead_break || trail_space || trail_break) a.flow_plain = a.block_plain = false;
  if (trail_space) a.block = false;
  if (break_space) a.flow_plain = a.block_plain = a.single_quoted = false;
  if (space_break || tab || special) a.flow_plain = a.block_plain = a.single_quoted = false;
  if (space_break || special) a.block = false;
  if (a.multiline) a.flow_plain = a.block_plain = false;
  if (flow_ind) a.flow_plain = false;
  if (block_ind) a.block_plain = false;
  return a;
}

// libyaml's yaml_emitter_write_double_quoted_scalar (no line folding: go-yaml
// v3 sets no width).
std::string double_quoted(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  // go-yaml's is_bom looks at the string's first bytes wherever it is asked:
  // after a leading U+FEFF every character is escaped.
  bool bom = s.rfind("\xEF\xBB\xBF", 0) == 0;
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = at(s, i);
    if (is_printable(s, i) && !bom && !is_break(s, i) && c != '"' && c != '\\') {
      size_t w = width(c);
      out.append(s, i, w);
      i += w;
      continue;
    }
    size_t w = width(c);
    uint32_t v = w == 1 ? c : w == 2 ? c & 0x1F : w == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < w; k++) v = v << 6 | (at(s, i + k) & 0x3F);
    i += w;
    out += '\\';
    switch (v) {
      case 0x00: out += '0'; break;
      case 0x07: out += 'a'; break;
      case 0x08: out += 'b'; break;
      case 0x09: out += 't'; break;
      case 0x0A: out += 'n'; break;
      case 0x0B: out += 'v'; break;
      case 0x0C: out += 'f'; break;
      case 0x0D: out += 'r'; break;
      case 0x1B: out += 'e'; break;
      case 0x22: out += '"'; break;
      case 0x5C: out += '\\'; break;
      case 0x85: out += 'N'; break;
      case 0xA0: out += '_'; break;
      case 0x2028: out += 'L'; break;
      case 0x2029: out += 'P'; break;
      default: {
        int digits = v <= 0xFF ? 2 : v <= 0xFFFF ? 4 : 8;
        out += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
        for (int k = (digits - 1) * 4; k >= 0; k -= 4) out += hex[v >> k & 15];
      }
    }
  }
  return out + "\"";
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// libyaml's literal block: "|", an indentation indicator when the text starts
// with a space or a break, the chomping indicator, then the lines at column
// `column` (empty lines stay empty). Without the final line break, which the
// caller writes.
std::string literal(const std::string& s, size_t column, int indent) {
  std::string out = "|";
  if (s[0] == ' ' || is_break(s, 0)) out += static_cast<char>('0' + indent);
  size_t n = s.size();
  // Only '\n' can end the text here (see unicode_break_fails).
  if (s[n - 1] != '\n') out += '-';
  else if (n == 1 || s[n - 2] == '\n' || (n >= 4 && is_unicode_break(s, n - 4))) out += '+';
  bool line_start = true;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') {
      out += '\n';
      line_start = true;
      continue;
    }
    if (line_start) out += (i == 0 ? "\n" : "") + std::string(column, ' ');
    out += s[i];
    line_start = false;
  }
  if (out.back() == '\n') out.pop_back();
  return out;
}

// libyaml writes U+2028 and U+2029 as line breaks in a block or single-quoted
// string: the next character gets the indentation, a block's header line
// takes a leading one, a final one chooses the chomping. A YAML 1.2 reader
// (yaml-cpp) reads none of them as a break: such a string is double-quoted.
bool unicode_break_fails(const std::string& s, bool block) {
  for (size_t i = 0; i + 2 < s.size(); i++) {
    if (!is_unicode_break(s, i)) continue;
    if (block && (i == 0 || i + 3 == s.size())) return true;
    if (i + 3 < s.size() && !is_break(s, i + 3)) return true;
  }
  return false;
}

// go-yaml's encoder (stringv) and libyaml's yaml_emitter_select_scalar_style.
std::string emit(const std::string& input, const YamlAt* at, bool key) {
  bool flow = at == nullptr && !key;
  std::string s = input, tag;
  bool can_plain = true;
  if (!valid_utf8(s)) {
    tag = "!!binary ";
    s = base64_lines(s);
  } else {
    can_plain = !resolves_to_other_type(s);
  }
  Analysis a = analyze(s);
  // libyaml's check_simple_key counts the tag's handle and suffix ("!!", "binary").
  if (key && (a.multiline || (tag.empty() ? 0 : 8) + s.size() > 128))
    throw Error(cat("yaml: the key '", input, "' is not a simple key (a line break, or over 128 bytes);",
                    " go-yaml writes it as a complex key, which ksince does not write; rename it"));
  bool newline = s.find('\n') != std::string::npos;
  if (newline && !flow && !key && a.block) {
    // Where go-yaml's block would not read back as the same string, ksince
    // writes it double-quoted instead (docs/semantics.md, "YAML"): libyaml's
    // indentation indicator is the file's indent, but its lines go to the
    // next multiple of it after a key, two columns after "- ".
    size_t column = at->item ? at->column + 2 : at->indent * ((at->column + at->indent) / at->indent);
    bool indicator_wrong = s[0] == ' ' && column - at->column != size_t(at->indent);
    // A leading line break ends libyaml's header line: go-yaml loses it.
    // yaml-cpp cannot read a tagged block as a sequence item ("- !!binary |").
    if (!indicator_wrong && !is_break(s, 0) && !unicode_break_fails(s, true) && !(at->item && !tag.empty()))
      return tag + literal(s, column, at->indent);
    return tag + double_quoted(s);
  }
  if (newline || !can_plain) return tag + double_quoted(s);
  bool plain = flow ? a.flow_plain : a.block_plain;
  if (plain && !(s.empty() && (flow || key))) return tag + s;
  if (!a.single_quoted) return tag + double_quoted(s);
  if (unicode_break_fails(s, false)) return tag + double_quoted(s);
  return tag + single_quoted(s);
}

}  // namespace

std::string yaml_scalar(const std::string& s, const YamlAt& at) { return emit(s, &at, false); }

std::string yaml_flow_scalar(const std::string& s) { return emit(s, nullptr, false); }

std::string yaml_key(const std::string& s) { return emit(s, nullptr, true); }

}  // namespace ksince
