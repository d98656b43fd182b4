#include "scan/ere.h"

#include <cctype>

#include "util/error.h"

namespace ksince {

namespace {

void hex_byte(unsigned char c, std::string& out) {
  static const char* hex = "0123456789abcdef";
  out += "\\x";
  out += hex[c >> 4];
  out += hex[c & 15];
}

void literal(unsigned char c, std::string& out) {
  if (std::isalnum(c) && c < 0x80)
    out += static_cast<char>(c);
  else
    hex_byte(c, out);
}

// Copies one bracket expression starting at s[i] == '['; returns the index
// after its closing ']'. A POSIX bracket has no escapes: every member byte is
// written as \xHH, classes as [:name:].
size_t copy_bracket(const std::string& s, size_t i, std::string& out) {
  size_t j = i + 1;
  bool negated = j < s.size() && s[j] == '^';
  if (negated) j++;
  out += negated ? "[^\\n" : "[";
  bool first = true;
  while (j < s.size()) {
    unsigned char c = s[j];
    if (c == ']' && !first) {
      out += ']';
      return j + 1;
    }
    first = false;
    if (c == '[' && j + 1 < s.size() && (s[j + 1] == ':' || s[j + 1] == '=' || s[j + 1] == '.')) {
      char kind = s[j + 1];
      size_t end = s.find(std::string(1, kind) + "]", j + 2);
      if (end == std::string::npos) throw Error(cat("unterminated [", kind, " in bracket expression"));
      if (kind != ':') throw Error(cat("[", kind, "...", kind, "] in a bracket expression"));
      out.append(s, j, end + 2 - j);
      j = end + 2;
      continue;
    }
    j++;
    if (j + 1 < s.size() && s[j] == '-' && s[j + 1] != ']') {
      unsigned char hi = s[j + 1];
      if (hi == '[') throw Error("a range ending in a bracket element");
      if (hi < c) throw Error("invalid range end");
      hex_byte(c, out);
      out += '-';
      hex_byte(hi, out);
      j += 2;
      continue;
    }
    hex_byte(c, out);
  }
  throw Error("unmatched [ in regex");
}

// {m}, {m,}, {m,n} or glibc's {,n}; returns the index after '}' or 0.
size_t parse_interval(const std::string& s, size_t i, std::string& out) {
  size_t j = i + 1;
  std::string lo, hi;
  while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) lo += s[j++];
  bool comma = j < s.size() && s[j] == ',';
  if (comma) {
    j++;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) hi += s[j++];
  }
  if (j >= s.size() || s[j] != '}' || (lo.empty() && !comma)) return 0;
  if (lo.size() > 4 || hi.size() > 4) throw Error("a repeat count too large to rewrite");
  out += "{" + (lo.empty() ? std::string("0") : lo) + (comma ? "," + hi : "") + "}";
  return j + 1;
}

}  // namespace

std::string ere_to_hyperscan(const std::string& s) {
  std::string out;
  // Whether the last thing written may take a quantifier: glibc's special
  // cases (a quantifier after a quantifier, an anchor or nothing) are left to
  // the exact matcher.
  bool quantifiable = false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = s[i];
    switch (c) {
      case '[':
        i = copy_bracket(s, i, out) - 1;
        quantifiable = true;
        continue;
      case '(':
        out += "(?:";
        depth++;
        quantifiable = false;
        continue;
      case ')':
        if (depth == 0) throw Error("an unmatched )");
        out += ')';
        depth--;
        quantifiable = true;
        continue;
      case '|':
        out += '|';
        quantifiable = false;
        continue;
      case '*': case '+': case '?':
        if (!quantifiable) throw Error(cat("'", static_cast<char>(c), "' with nothing to repeat"));
        out += static_cast<char>(c);
        quantifiable = false;
        continue;
      case '{': {
        if (!quantifiable) throw Error("'{' with nothing to repeat");
        size_t next = parse_interval(s, i, out);
        if (!next) throw Error("'{' that is not an interval");
        i = next - 1;
        quantifiable = false;
        continue;
      }
      case '^': case '$':
        out += static_cast<char>(c);
        quantifiable = false;
        continue;
      case '.':
        out += '.';
        quantifiable = true;
        continue;
      case '\\':
        break;
      default:
        literal(c, out);
        quantifiable = true;
        continue;
    }
    if (i + 1 == s.size()) throw Error("trailing backslash in regex");
    unsigned char e = s[++i];
    quantifiable = true;
    switch (e) {
      case 'w': out += "[A-Za-z0-9_]"; break;
      case 'W': out += "[^A-Za-z0-9_\\n]"; break;
      case 's': out += "[\\t\\n\\x0b\\f\\r ]"; break;
      case 'S': out += "[^\\t\\n\\x0b\\f\\r ]"; break;
      // \< and \> are each a kind of \b: a wider prefilter, never a narrower.
      case 'b': case '<': case '>': out += "\\b"; quantifiable = false; break;
      case 'B': out += "\\B"; quantifiable = false; break;
      case '`': case '\'':
        throw Error("\\` and \\' (the buffer's ends)");
      default:
        if (e >= '1' && e <= '9') throw Error("back-references (\\1..\\9)");
        literal(e, out);  // glibc reads any other escape as the byte itself
    }
  }
  if (depth != 0) throw Error("an unmatched (");
  return out;
}

}  // namespace ksince
