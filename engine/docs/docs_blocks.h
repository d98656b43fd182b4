#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ksince {

// The generated blocks of the docs site other than FEATURE_TAG (GENERATORS.md
// sections 2 to 5). Each generator is a renderer from facts to text: it says
// which page gets which body between which markers, and nothing else. Finding
// the pairs on a page, validating every page first and replacing pages
// atomically are the builder's job (docs_build), shared by all of them.

// One kind of marker pair, with the exact strings the reference searches for
// (the helper tools' markers end in "\n"; KFUNC_DEF's start is the three-line
// "**Signature**\n\n<!-- [KFUNC_DEF] -->").
struct BlockKind {
  std::string name;   // "HELPER_FUNC_DEF"
  std::string start;  // "<!-- [HELPER_FUNC_DEF] -->\n"
  std::string stop;   // "<!-- [/HELPER_FUNC_DEF] -->\n"
};

// What one page's pair of a kind must hold.
struct Block {
  std::string page;   // relative to the docs root, '/'-separated: "linux/map-type/BPF_MAP_TYPE_HASH.md"
  std::string kind;   // BlockKind::name
  std::string body;   // the exact bytes between the start and the stop string
};

// Something a person should look at that does not stop the build.
struct BuildNote {
  std::string file;   // page or data file, "" when none applies
  size_t line = 0;    // 1-based, 0 when none applies
  std::string message;
};

// The body a page holds now in its first pair of `kind`, or nullopt when the
// page or the pair does not exist. Renderers that keep part of a page (a
// KFUNC_DEF signature under --btf-missing keep) read it through this.
using CurrentBody = std::function<std::optional<std::string>(const std::string& page, const std::string& kind)>;

}  // namespace ksince
