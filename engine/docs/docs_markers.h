#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ksince {

// The docs site's version tags (SPEC "Docs markers"). A page asks for a tag with
//
//   <!-- [FEATURE_TAG](NAME) -->
//   [:octicons-tag-24: v4.8](https://github.com/torvalds/linux/commit/<commit>)
//   <!-- [/FEATURE_TAG] -->
//
// and the text between the two markers is rewritten from the facts, exactly as
// the reference (isovalent/ebpf-docs tools/feature-gen/tags.go) writes it:
//   with data:  "\n[:octicons-tag-24: <version>](https://github.com/torvalds/linux/commit/<commit>)\n"
//   no data:    "\n:octicons-tag-24: unknown\n"
// Where the reference writes something broken we write something sensible:
//   version but no commit: "\n:octicons-tag-24: <version>\n" (the reference links
//     to ".../commit/", a page that does not exist).
// In a CRLF file the two "\n" are "\r\n", so the file keeps one line ending.

struct MarkerFact {
  std::string version;  // "" counts as no data
  std::string commit;   // "" gives a tag without a link
  std::vector<std::string> backports;  // "6.1.y at 6.1.187": a note under the tag (docs build --backports)
};

// nullopt: nothing is known about the name.
using FactLookup = std::function<std::optional<MarkerFact>(const std::string& name)>;

// Something the author should look at that does not stop the rewrite.
struct MarkerWarning {
  std::string file;
  size_t line;  // 1-based, the opening marker's line
  std::string message;
};

struct PageResult {
  bool changed;                         // text != the input
  std::string text;                     // the page as it should be
  std::vector<MarkerWarning> warnings;
  std::vector<std::string> names;       // one per marker, in page order
  std::vector<size_t> name_lines;       // each marker's opening line (1-based), beside names
};

// Rewrites every real marker of one Markdown page; `path` is only used in
// messages. A marker quoted as text (in an inline code span, a fenced code
// block or an indented code block) is left alone. A name with no data gets the
// "unknown" line only if its block is empty or already says "unknown": text a
// person wrote there is kept, with a warning. Everything outside the blocks is
// kept byte for byte, and rewriting the result again changes nothing.
// Throws Error "path:line: ..." for an unclosed marker, a closing marker with no
// opening one, an empty or malformed name, and a marker opened inside another.
PageResult rewrite_page(const std::string& path, const std::string& text, const FactLookup& facts);

struct TreeResult {
  std::vector<std::string> changed;     // files that differ (written unless check_only)
  std::vector<MarkerWarning> warnings;
  std::vector<std::string> names;       // every name asked for, sorted, once each
  size_t files = 0, markers = 0;        // *.md files read, markers found
};

// Rewrites every *.md file below `root` (sorted by path; hidden files and
// folders such as .git are skipped, as mkdocs does; symbolic links are not
// followed). All pages are read and rewritten in memory first: if any has an
// error, one Error naming every file:line is thrown and no file is written.
// Then, unless check_only, each changed file is replaced atomically (keeping
// its permissions); unchanged files are not touched.
TreeResult rewrite_tree(const std::string& root, const FactLookup& facts, bool check_only);

// The page scan rewrite_tree and the docs build share: every *.md below
// `root`, sorted, hidden entries skipped, links not followed. Throws Error
// when `root` is not a folder.
std::vector<std::string> list_pages(const std::string& root);
std::string read_page(const std::string& path);

// Where a page's Markdown shows code (inline spans, fenced and indented
// blocks), as sorted [begin, end) offsets: a marker there is an example.
struct CodeRange {
  size_t begin, end;
};
std::vector<CodeRange> markdown_code(const std::string& text);
bool in_code(const std::vector<CodeRange>& code, size_t pos);

}  // namespace ksince
