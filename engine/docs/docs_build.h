#pragma once
#include <map>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/docs_markers.h"
#include "util/progress.h"

namespace ksince {

// `ksince docs build`: every generated block of the docs site in one pass
// over its docs/ folder. The renderers say what each page's pair of a kind
// must hold (std::vector<Block>); this file finds the pairs, applies the
// rules below to every page in memory, and only then writes.
//
// Marker search, as the reference's strings.Index: the kind's exact start and
// stop strings, anywhere in the page, except that a marker inside a code span
// or code block is an example in the prose, not a marker (docs/meta.md quotes
// them; on the real tree no real marker is in code, docs/docs-site.md).
//
// Rules per page and kind (GENERATORS.md section 11, and better where the
// reference's output would be broken or lost):
//   - the first pair gets the Block's body;
//   - a later pair gets it too when it is empty or already holds it; any other
//     later pair is kept, with a warning (perf_buffer__new.md's hand-written
//     second LIBBPF_TAG);
//   - an end marker with no start before it: a warning, and the kind is left
//     as it is on that page (bpf_skb_output.md's stray HELPER_FUNC_DEF end);
//   - a start marker with no end after it: an Error (file:line); so is a pair
//     inside another kind's pair;
//   - a Block for a page that does not exist, or for a page without the
//     kind's start marker: a warning; a pair with no Block: kept, a warning.
// Errors anywhere (FEATURE_TAG's too) stop the build before any write.
struct BuildInput {
  std::string root;                   // the site's docs/ folder
  std::vector<BlockKind> kinds;       // the kinds rendered by this run
  std::vector<Block> blocks;          // page paths relative to root
  FactLookup feature_tags;            // FEATURE_TAG facts; empty: FEATURE_TAG blocks are left alone
  bool check_only = false;
  Progress* progress = nullptr;       // pages done and the time left; null: none
  // --create-missing (missing_pages.h): pages to create when absent (their
  // text before the blocks, which are then filled as on any page), and
  // existing pages to take as this text instead of the file's (SUMMARY.md).
  std::map<std::string, std::string> created, rewritten;  // relative to root
};

struct BuildResult {
  std::vector<std::string> changed;   // pages that differ (written unless check_only), full paths
  std::vector<BuildNote> notes;       // warnings, in page order
  size_t pages = 0;                   // *.md files read
  std::map<std::string, size_t> pairs_rendered;  // kind -> pairs that got a body
  std::vector<std::string> created;   // pages made from BuildInput::created (also in `changed`), full paths
};

BuildResult build_docs(const BuildInput& in);

// What renderers that keep part of a page read (docs_blocks.h): the body of
// the first pair of a kind on <root>/<page>, found as build_docs finds it;
// nullopt when the page, the kind or the pair does not exist or the page's
// markers are broken (build_docs then reports it).
CurrentBody current_bodies(const std::string& root, const std::vector<BlockKind>& kinds);

// One page, in memory: what build_docs does to each page (for tests). `path`
// is relative to the root and used in messages; `blocks` are this page's.
struct PageBuild {
  std::string text;
  std::vector<BuildNote> notes;
  std::map<std::string, size_t> pairs_rendered;
  std::vector<std::string> kinds_without_start;  // kinds with a Block but no start marker
};
PageBuild build_page(const std::string& path, const std::string& text, const std::vector<BlockKind>& kinds,
                     const std::map<std::string, const Block*>& blocks);

}  // namespace ksince
