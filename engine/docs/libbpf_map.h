#pragma once
#include <map>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"

namespace ksince {

// The LIBBPF_TAG blocks of the docs site's libbpf userspace pages, as
// libbpf-tag-gen writes them (GENERATORS.md section 5) from src/libbpf.map.

struct LibbpfSymbol {
  std::string version;  // "0.0.1": the block's name without "LIBBPF_"
  size_t line = 0;      // 1-based line in the map
};

// symbol -> the version block that exports it. Read as the reference reads
// it: a line whose trimmed text starts with "LIBBPF_" opens a block named by
// its first field; each later line up to one starting with "}" is a symbol
// with its last character (the ";") dropped, except lines ending in ":"
// ("global:"). A symbol in two blocks keeps the later one. Unlike the
// reference, which panics there, blank lines inside a block are skipped.
std::map<std::string, LibbpfSymbol> parse_libbpf_map(const std::string& map_text);

// <!-- [LIBBPF_TAG] --> ... <!-- [/LIBBPF_TAG] --> (no newlines).
BlockKind libbpf_tag_kind();

// "\n[:octicons-tag-24: V](https://github.com/libbpf/libbpf/releases/tag/vV)\n"
std::string render_libbpf_tag_body(const std::string& version);

// The folder of the pages, relative to the docs root.
inline constexpr const char* kLibbpfUserspaceDir = "ebpf-library/libbpf/userspace";

// One block per page whose name is a symbol of the map. `page_files` are the
// file names in kLibbpfUserspaceDir ("bpf_map__fd.md"); names not ending in
// ".md" are ignored, as the reference does. A page whose name is no symbol
// ("index.md") gets a warning note and no block. Blocks follow the input order.
std::vector<Block> render_libbpf_tags(const std::string& map_text, const std::vector<std::string>& page_files,
                                      std::vector<BuildNote>& notes);

}  // namespace ksince
