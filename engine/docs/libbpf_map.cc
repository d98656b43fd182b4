#include "docs/libbpf_map.h"

#include <string_view>

#include "util/error.h"
#include "util/trim.h"

namespace ksince {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::map<std::string, LibbpfSymbol> parse_libbpf_map(const std::string& map_text) {
  std::map<std::string, LibbpfSymbol> out;
  std::string version;
  bool in_block = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < map_text.size()) {  // like bufio.Scanner: no empty last line after a final "\n"
    size_t nl = map_text.find('\n', pos);
    std::string_view line(map_text.data() + pos, (nl == std::string::npos ? map_text.size() : nl) - pos);
    pos = nl == std::string::npos ? map_text.size() : nl + 1;
    line_no++;
    std::string_view bare = trim_space(line);
    if (!in_block) {
      if (!starts_with(bare, "LIBBPF_")) continue;
      // The first field: "LIBBPF_0.0.1 {" names version "0.0.1".
      std::string_view field = bare.substr(0, bare.find_first_of(" \t\v\f\r"));
      version = field.substr(7);
      in_block = true;
      continue;
    }
    if (starts_with(bare, "}")) {
      in_block = false;
      continue;
    }
    // The reference would take bare[:-1] of an empty line and panic.
    if (bare.empty() || bare.back() == ':') continue;
    out[std::string(bare.substr(0, bare.size() - 1))] = {version, line_no};
  }
  return out;
}

BlockKind libbpf_tag_kind() { return {"LIBBPF_TAG", "<!-- [LIBBPF_TAG] -->", "<!-- [/LIBBPF_TAG] -->"}; }

std::string render_libbpf_tag_body(const std::string& version) {
  return cat("\n[:octicons-tag-24: ", version, "](https://github.com/libbpf/libbpf/releases/tag/v", version, ")\n");
}

std::vector<Block> render_libbpf_tags(const std::string& map_text, const std::vector<std::string>& page_files,
                                      std::vector<BuildNote>& notes) {
  const std::map<std::string, LibbpfSymbol> symbols = parse_libbpf_map(map_text);
  const std::string kind = libbpf_tag_kind().name;
  std::vector<Block> out;
  for (const std::string& file : page_files) {
    std::string_view f = file;
    if (f.size() < 3 || f.substr(f.size() - 3) != ".md") continue;
    std::string name(f.substr(0, f.size() - 3));
    std::string page = cat(kLibbpfUserspaceDir, "/", file);
    auto it = symbols.find(name);
    if (it == symbols.end()) {
      notes.push_back({page, 0, cat("Function ", name, " not found in libbpf.map; no LIBBPF_TAG rendered")});
      continue;
    }
    out.push_back({page, kind, render_libbpf_tag_body(it->second.version)});
  }
  return out;
}

}  // namespace ksince
