#include "facts/uapi_enum_extractor.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace ksince {

namespace {

const char* const kHeader = "include/uapi/linux/bpf.h";

struct EnumKind {
  const char* tag;   // the enum's tag
  const char* kind;  // the fact kind of its members
};
const EnumKind kEnums[] = {
    {"bpf_prog_type", "prog_type"}, {"bpf_map_type", "map_type"}, {"bpf_attach_type", "attach_type"}};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The text with comments and preprocessor lines blanked (newlines kept, so
// offsets still give line numbers).
std::string code_only(std::string_view text) {
  std::string out(text);
  bool line_start = true;
  for (size_t i = 0; i < out.size(); i++) {
    char c = out[i];
    if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      size_t end = out.find("*/", i + 2);
      end = end == std::string::npos ? out.size() : end + 2;
      for (size_t k = i; k < end; k++)
        if (out[k] != '\n') out[k] = ' ';
      i = end - 1;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
      line_start = true;
    } else if (line_start && c == '#') {
      // A directive, with its backslash continuations.
      while (i < out.size() && !(out[i] == '\n' && out[i - 1] != '\\')) {
        if (out[i] != '\n') out[i] = ' ';
        i++;
      }
      line_start = true;
    } else if (c == '\n') {
      line_start = true;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      line_start = false;
    }
  }
  return out;
}

uint32_t line_at(const std::string& t, size_t pos) {
  uint32_t line = 1;
  for (size_t i = 0; i < pos && i < t.size(); i++) line += t[i] == '\n';
  return line;
}

}  // namespace

std::vector<std::string> UapiEnumExtractor::trigger_regexes() const {
  return {"bpf_prog_type", "bpf_map_type", "bpf_attach_type"};
}

nlohmann::json UapiEnumExtractor::extract(std::string_view text) const {
  nlohmann::json out = {{"enums", nlohmann::json::object()}, {"unknowns", nlohmann::json::array()}};
  std::string code = code_only(text);
  for (const EnumKind& e : kEnums) {
    std::string head = std::string("enum ") + e.tag;
    for (size_t at = code.find(head); at != std::string::npos; at = code.find(head, at + 1)) {
      size_t p = at + head.size();
      if (p < code.size() && word_char(code[p])) continue;  // enum bpf_prog_type_x
      while (p < code.size() && std::isspace(static_cast<unsigned char>(code[p]))) p++;
      if (p >= code.size() || code[p] != '{') continue;     // a use, not the definition
      size_t close = code.find('}', p);
      if (close == std::string::npos) {
        out["unknowns"].push_back({{"line", line_at(code, at)}, {"what", head + " without its closing brace"}});
        break;
      }
      // An enum body holds names, values and commas: a brace or a semicolon
      // inside means its own closing brace is missing.
      size_t odd = code.find_first_of("{;", p + 1);
      if (odd < close) {
        out["unknowns"].push_back(
            {{"line", line_at(code, at)}, {"what", head + " is not closed before line " +
                                                      std::to_string(line_at(code, odd))}});
        continue;
      }
      nlohmann::json members = nlohmann::json::array();
      // Members are separated by commas; each is NAME or NAME = VALUE.
      size_t item = p + 1;
      while (item < close) {
        size_t comma = code.find(',', item);
        if (comma == std::string::npos || comma > close) comma = close;
        size_t b = item;
        while (b < comma && !word_char(code[b])) b++;
        size_t e2 = b;
        while (e2 < comma && word_char(code[e2])) e2++;
        std::string name = code.substr(b, e2 - b);
        if (!name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]))) {
          if (name.rfind("__", 0) != 0) members.push_back({name, line_at(code, b)});
        } else if (code.find_first_not_of(" \t\n\r", item) < comma) {
          out["unknowns"].push_back({{"line", line_at(code, item)},
                                     {"what", "a member of " + head + " that is not a name: " +
                                                 code.substr(item, std::min<size_t>(comma - item, 60))}});
        }
        item = comma + 1;
      }
      out["enums"][e.tag] = members;
      break;  // one definition per file
    }
  }
  return out;
}

ResolvedFacts UapiEnumExtractor::resolve(const std::vector<ExtractedFile>& files) const {
  ResolvedFacts r;
  for (const ExtractedFile& f : files) {
    if (f.path != kHeader) continue;
    for (const EnumKind& e : kEnums) {
      auto it = f.local->at("enums").find(e.tag);
      if (it == f.local->at("enums").end()) continue;
      for (const auto& m : *it)
        r.facts.push_back({e.kind, m[0].get<std::string>(), nlohmann::json::object(), f.path, m[1].get<uint32_t>()});
    }
    for (const auto& u : f.local->at("unknowns"))
      r.unknowns.push_back({f.path, u["line"].get<uint32_t>(), u["what"].get<std::string>()});
  }
  return r;
}

}  // namespace ksince
