#include "ere.h"

#include <cctype>

#include "error.h"

namespace ksince {

namespace {

// Copies one bracket expression starting at s[i] == '['; returns the index
// after its closing ']'.
size_t copy_bracket(const std::string& s, size_t i, std::string& out) {
  size_t j = i + 1;
  bool negated = j < s.size() && s[j] == '^';
  out += negated ? "[^\\n" : "[";
  if (negated) j++;
  bool first = true;
  for (; j < s.size(); j++) {
    char c = s[j];
    if (c == ']' && !first) {
      out += ']';
      return j + 1;
    }
    first = false;
    if (c == '[' && j + 1 < s.size() && (s[j + 1] == ':' || s[j + 1] == '=' || s[j + 1] == '.')) {
      char kind = s[j + 1];
      size_t end = s.find(std::string(1, kind) + "]", j + 2);
      if (end == std::string::npos) throw Error(cat("unterminated [", kind, " in bracket expression"));
      if (kind != ':')
        throw Error(cat("[", kind, "...", kind, "] in a bracket expression is not supported"));
      out.append(s, j, end + 2 - j);
      j = end + 1;
      continue;
    }
    if (c == '\\') {
      out += "\\\\";  // literal in POSIX brackets
      continue;
    }
    if (c == ']') {  // ']' first in the list is a literal
      out += "\\]";
      continue;
    }
    out += c;
  }
  throw Error("unmatched [ in regex");
}

}  // namespace

std::string ere_to_hyperscan(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (c == '[') {
      i = copy_bracket(s, i, out) - 1;
      continue;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 == s.size()) throw Error("trailing backslash in regex");
    char e = s[++i];
    switch (e) {
      case 's': out += "[ \\t\\v\\f\\r]"; break;
      case 'S': out += "[^ \\t\\v\\f\\r\\n]"; break;
      case 'w': out += "[A-Za-z0-9_]"; break;
      case 'W': out += "[^A-Za-z0-9_\\n]"; break;
      case 'b': out += "\\b"; break;
      case 'B': out += "\\B"; break;
      // glibc's word-start and word-end; Hyperscan has only \b, which agrees
      // wherever the regex itself puts a word character next to them.
      case '<': case '>': out += "\\b"; break;
      default:
        if (e >= '1' && e <= '9') throw Error("back-references (\\1..\\9) are not supported");
        if (std::isalnum(static_cast<unsigned char>(e)))
          out += e;  // glibc reads an unknown escape as the letter itself
        else
          out += std::string("\\") + e;
    }
  }
  return out;
}

}  // namespace ksince
