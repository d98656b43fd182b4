#include <doctest/doctest.h>

#include <set>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <map>

#include "docs/docs_markers.h"
#include "util/error.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;
namespace fs = std::filesystem;

namespace {

const std::string kSha = "0e33661de493db325435d565a4a722120ae4cbf3";
const std::string kOpenA = "<!-- [FEATURE_TAG](A) -->";
const std::string kClose = "<!-- [/FEATURE_TAG] -->";
const std::string kTagA = "[:octicons-tag-24: v4.10](https://github.com/torvalds/linux/commit/" + kSha + ")";
const std::string kUnknown = ":octicons-tag-24: unknown";

// A knows v4.10 with its commit, B a version without a commit, E an empty
// version (no data); anything else is unknown.
FactLookup facts() {
  return [](const std::string& name) -> std::optional<MarkerFact> {
    if (name == "A") return MarkerFact{"v4.10", kSha};
    if (name == "B") return MarkerFact{"v5.2", ""};
    if (name == "E") return MarkerFact{"", kSha};
    return std::nullopt;
  };
}

std::string rewrite(const std::string& text) { return rewrite_page("p.md", text, facts()).text; }

std::string error_of(const std::string& text) {
  try {
    rewrite_page("p.md", text, facts());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string block(const std::string& name, const std::string& body) {
  return "<!-- [FEATURE_TAG](" + name + ") -->" + body + kClose;
}

// A page whose markers are all quoted: it must come back unchanged.
void check_untouched(const std::string& text) {
  PageResult r = rewrite_page("p.md", text, facts());
  CHECK_FALSE(r.changed);
  CHECK(r.text == text);
  CHECK(r.names.empty());
}

struct timespec mtime_of(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mtim;
}

bool same_time(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// Sets a file's modification time far in the past, so that any write shows.
void make_old(const std::string& path) {
  struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

std::string tree_error(const std::string& root, bool check_only) {
  try {
    rewrite_tree(root, facts(), check_only);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("docs markers: the reference's text for each kind of fact") {
  // tools/feature-gen/tags.go: "\n[:octicons-tag-24: %s](https://github.com/torvalds/linux/commit/%s)\n"
  CHECK(rewrite(block("A", "\n")) == kOpenA + "\n" + kTagA + "\n" + kClose);
  // tools/feature-gen/tags.go: "\n:octicons-tag-24: unknown\n"
  CHECK(rewrite(block("X", "\n")) == block("X", "\n" + kUnknown + "\n"));
  // A version without a commit: the reference links to ".../commit/"; we write no link.
  CHECK(rewrite(block("B", "\n")) == block("B", "\n:octicons-tag-24: v5.2\n"));
  // An empty version is no data.
  CHECK(rewrite(block("E", "")) == block("E", "\n" + kUnknown + "\n"));
  // Markers on one line get the block inserted between them.
  CHECK(rewrite("x " + block("A", "") + " y") == "x " + kOpenA + "\n" + kTagA + "\n" + kClose + " y");
  // A stale tag is replaced.
  CHECK(rewrite(block("A", "\n[:octicons-tag-24: v3.1](https://github.com/torvalds/linux/commit/0000000)\n")) ==
        kOpenA + "\n" + kTagA + "\n" + kClose);

  PageResult r = rewrite_page("p.md", block("A", "\n") + "\n" + block("X", "") + "\n" + block("A", "") + "\n", facts());
  CHECK(r.changed);
  CHECK(r.names == std::vector<std::string>{"A", "X", "A"});
  CHECK(r.warnings.empty());
}

TEST_CASE("docs markers: a page the reference wrote is already right") {
  // The head of docs/linux/program-type/BPF_PROG_TYPE_CGROUP_SKB.md in isovalent/ebpf-docs,
  // including a closing marker followed by a tab as in BPF_PROG_TYPE_SOCK_OPS.md.
  std::string page =
      "---\ntitle: \"Program Type 'BPF_PROG_TYPE_CGROUP_SKB'\"\n---\n# Program type `BPF_PROG_TYPE_CGROUP_SKB`\n\n"
      "<!-- [FEATURE_TAG](A) -->\n" + kTagA + "\n<!-- [/FEATURE_TAG] -->\t\n\n"
      "<!-- [FEATURE_TAG](X) -->\n:octicons-tag-24: unknown\n<!-- [/FEATURE_TAG] -->\n";
  PageResult r = rewrite_page("p.md", page, facts());
  CHECK_FALSE(r.changed);
  CHECK(r.text == page);
  CHECK(r.warnings.empty());
}

TEST_CASE("docs markers: everything outside the blocks is kept byte for byte") {
  // No newline at the end stays so.
  CHECK(rewrite("a\n" + block("A", "\n")) == "a\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
  // A CRLF page gets CRLF inside its blocks too, and stays CRLF everywhere else.
  std::string crlf = "# T\r\n\r\n" + block("A", "\r\n") + "\r\n" + block("X", "\r\n\r\n") + "\r\ntail\r\n";
  CHECK(rewrite(crlf) == "# T\r\n\r\n" + kOpenA + "\r\n" + kTagA + "\r\n" + kClose + "\r\n" +
                             block("X", "\r\n" + kUnknown + "\r\n") + "\r\ntail\r\n");
  CHECK_FALSE(rewrite_page("p.md", rewrite(crlf), facts()).changed);
  // No markers: the text comes back as it was, whatever it holds.
  std::string odd = std::string("bytes \0\xff\r mixed\r\n endings\n", 27) + "<!-- other comment -->";
  PageResult r = rewrite_page("p.md", odd, facts());
  CHECK_FALSE(r.changed);
  CHECK(r.text == odd);
}

TEST_CASE("docs markers: a marker quoted in inline code is text") {
  check_untouched("Write `<!-- [FEATURE_TAG](NAME) -->` above and `<!-- [/FEATURE_TAG] -->` below.\n");
  check_untouched("Or ``<!-- [FEATURE_TAG](A) --> with a ` inside``.\n");
  // A code span may cross a line inside one paragraph, also one that starts with a
  // comment (Python-Markdown, which mkdocs uses, reads it so).
  check_untouched("See `<!-- [FEATURE_TAG](A) -->\n<!-- [/FEATURE_TAG] -->` for the form.\n");
  // Markers right below a paragraph with no open code span are real.
  CHECK(rewrite("Intro, `code`.\n" + block("A", "\n")) == "Intro, `code`.\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
  // The tooling page of tests/mkdocs_site: an opening marker quoted with no closing one is no error.
  check_untouched("Write `<!-- [FEATURE_TAG](NAME) -->` above a feature's description and\n"
                  "`<!-- [/FEATURE_TAG] -->` below it.\n");
  // An escaped backtick opens nothing, so this marker is real.
  CHECK(rewrite("\\`" + block("A", "") + "\\`") == "\\`" + kOpenA + "\n" + kTagA + "\n" + kClose + "\\`");
  // A lone backtick opens nothing either.
  CHECK(rewrite("a ` b\n" + block("A", "")) == "a ` b\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
  // A code span does not reach past its paragraph.
  CHECK(rewrite("a ` b\n\n" + block("A", "") + "\n\nc ` d\n") ==
        "a ` b\n\n" + kOpenA + "\n" + kTagA + "\n" + kClose + "\n\nc ` d\n");
  // Inside a real block, code in the author's text does not hide the closing marker.
  CHECK(rewrite(block("Y", "\nsince `v1.0`\n")) == block("Y", "\nsince `v1.0`\n"));
}

TEST_CASE("docs markers: a marker in a fenced code block is text") {
  std::string quoted = block("A", "\n") + "\n";
  check_untouched("```markdown\n" + quoted + "```\n");
  check_untouched("~~~\n" + quoted + "~~~\n");
  check_untouched("   ````\n" + quoted + "   ````\n");
  // Only a fence of the same character and at least the same length closes it.
  check_untouched("````\n```\n" + quoted + "~~~~\n" + quoted + "````\n");
  check_untouched("~~~~\n~~~\n" + quoted + "~~~~~\n");
  // A fence never closed runs to the end of the page, stray markers and all.
  check_untouched("```\n" + quoted + kClose + "\n");
  // Fences inside list items and block quotes.
  check_untouched("1. Write:\n\n    ```\n    " + kOpenA + "\n    " + kClose + "\n    ```\n");
  check_untouched("- ```\n  " + kOpenA + "\n  " + kClose + "\n  ```\n");
  check_untouched("> ```\n> " + kOpenA + "\n> " + kClose + "\n> ```\n");
  // Only lone backtick runs fence: "``` `x`" is a code span on a line of text, and the marker after it is real.
  CHECK(rewrite("``` `x`\n" + block("A", "")) == "``` `x`\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
  // A fence indented four columns is not a fence: it is indented code.
  check_untouched("    ```\n    " + kOpenA + "\n    " + kClose + "\n");
  // After the closing fence markers are real again.
  CHECK(rewrite("```\n" + quoted + "```\n" + block("A", "")) ==
        "```\n" + quoted + "```\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
  // A block quote's fence ends with the quote.
  CHECK(rewrite("> ```\n> x\n\n" + block("A", "")) == "> ```\n> x\n\n" + kOpenA + "\n" + kTagA + "\n" + kClose);
}

TEST_CASE("docs markers: a marker in an indented code block is text") {
  check_untouched("Example:\n\n    " + kOpenA + "\n    " + kClose + "\n");
  check_untouched("\t" + kOpenA + "\n\n\t" + kClose + "\n");
  // Four columns more than a list item's text is code in that item.
  check_untouched("- item\n\n      " + kOpenA + "\n      " + kClose + "\n");
  // An indented line continuing a paragraph is not code: these markers are real.
  CHECK(rewrite("text\n    " + block("A", "")) == "text\n    " + kOpenA + "\n" + kTagA + "\n" + kClose);
  // Nor is a list item's text indented to the item.
  CHECK(rewrite("- item\n\n    " + block("A", "")) == "- item\n\n    " + kOpenA + "\n" + kTagA + "\n" + kClose);
}

TEST_CASE("docs markers: a name with no data never loses what a person wrote") {
  // Empty, blank, or already "unknown": the unknown line.
  CHECK(rewrite(block("X", "")) == block("X", "\n" + kUnknown + "\n"));
  CHECK(rewrite(block("X", " \n\t\n")) == block("X", "\n" + kUnknown + "\n"));
  CHECK(rewrite(block("X", "\n  " + kUnknown + "  \n\n")) == block("X", "\n" + kUnknown + "\n"));

  TempDir dir;
  std::string page = "# T\n\n" + block("X", "\nSince v5.3, see the [LWN article](https://lwn.net/).\n") + "\n\n" +
                     block("Y", "\n[:octicons-tag-24: v3.1](https://github.com/torvalds/linux/commit/abc)\n") + "\n";
  write_file(dir.file("docs/p.md"), page);
  PageResult r = rewrite_page(dir.file("docs/p.md"), read_file(dir.file("docs/p.md")), facts());
  CHECK_FALSE(r.changed);
  CHECK(r.text == page);
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings[0].file == dir.file("docs/p.md"));
  CHECK(r.warnings[0].line == 3);
  CHECK(r.warnings[0].message.find("no data for X") != std::string::npos);
  CHECK(r.warnings[1].line == 7);
  CHECK(r.warnings[1].message.find("no data for Y") != std::string::npos);

  TreeResult t = rewrite_tree(dir.file("docs"), facts(), false);
  CHECK(t.changed.empty());
  REQUIRE(t.warnings.size() == 2);
  CHECK(t.warnings[0].file == dir.file("docs/p.md"));
  CHECK(t.warnings[0].line == 3);
  CHECK(read_file(dir.file("docs/p.md")) == page);
}

TEST_CASE("docs markers: errors say file:line, what, and how to fix it") {
  CHECK(error_of("a\n\n" + kOpenA + "\nx\n").find("p.md:3: marker for A is never closed; add " + kClose) == 0);
  CHECK(error_of("a\n" + kClose + "\n").find("p.md:2: " + kClose + " without an opening marker") == 0);
  CHECK(error_of(block("A", "\n") + "\n\n" + kClose).find("p.md:4: " + kClose + " without") == 0);
  CHECK(error_of("\n<!-- [FEATURE_TAG]() -->\n" + kClose).find("p.md:2: marker with an empty name") == 0);
  CHECK(error_of("<!-- [FEATURE_TAG]( ) -->\n" + kClose).find("p.md:1: marker with an empty name") == 0);
  CHECK(error_of(kOpenA + "\n\n<!-- [FEATURE_TAG](B) -->\n" + kClose + "\n" + kClose)
            .find("p.md:3: marker for B opened inside the marker for A (line 1)") == 0);
  CHECK(error_of("<!-- [FEATURE_TAG](A)-->\n" + kClose).find("p.md:1: malformed marker; write it as") == 0);
  CHECK(error_of("<!-- [FEATURE_TAG](A\n) -->\n" + kClose).find("p.md:1: malformed marker") == 0);
  CHECK(error_of("<!-- [FEATURE_TAG] -->").find("p.md:1: malformed marker") == 0);
  CHECK(error_of(kOpenA + "\n<!-- [/FEATURE_TAG]-->").find("p.md:2: malformed closing marker") == 0);
  CHECK(error_of("<!-- [FEATURE_TAG](A B) -->\n" + kClose).find("p.md:1: marker name 'A B' contains white space") ==
        0);
  // CRLF lines count the same.
  CHECK(error_of("a\r\nb\r\n" + kClose).find("p.md:3:") == 0);
}

TEST_CASE("docs markers: rewriting the output again changes nothing") {
  std::string page = "# T\n\n" + block("A", "") + "\n" + block("B", "old") + "\n" + block("X", "") + "\n" +
                     block("Y", "\nhand written\n") + "\n```\n" + block("A", "") + "\n```\n";
  PageResult once = rewrite_page("p.md", page, facts());
  CHECK(once.changed);
  PageResult twice = rewrite_page("p.md", once.text, facts());
  CHECK_FALSE(twice.changed);
  CHECK(twice.text == once.text);
  CHECK(twice.names == once.names);
}

TEST_CASE("docs markers: a tree is rewritten in place, and a second run touches nothing") {
  TempDir dir;
  std::string root = dir.file("docs");
  write_file(root + "/b.md", block("A", "") + "\n");
  write_file(root + "/a/x.md", "# x\n\n" + block("X", "") + "\n" + block("B", "") + "\n");
  write_file(root + "/a/same.md", block("A", "\n" + kTagA + "\n") + "\n");
  write_file(root + "/plain.md", "no markers\n");
  write_file(root + "/notes.txt", block("A", ""));        // not Markdown
  write_file(root + "/.git/c.md", block("A", ""));        // hidden folder
  write_file(root + "/.hidden.md", block("A", ""));       // hidden file
  write_file(dir.file("outside.md"), block("A", ""));
  fs::create_symlink(dir.file("outside.md"), root + "/link.md");  // not followed
  ::chmod((root + "/b.md").c_str(), 0640);
  for (const char* f : {"/b.md", "/a/x.md", "/a/same.md", "/plain.md"}) make_old(root + f);

  TreeResult r = rewrite_tree(root, facts(), false);
  CHECK(r.changed == std::vector<std::string>{root + "/a/x.md", root + "/b.md"});
  CHECK(r.files == 4);
  CHECK(r.markers == 4);
  CHECK(r.names == std::vector<std::string>{"A", "B", "X"});
  CHECK(r.warnings.empty());
  CHECK(read_file(root + "/b.md") == kOpenA + "\n" + kTagA + "\n" + kClose + "\n");
  CHECK(read_file(root + "/a/x.md") ==
        "# x\n\n" + block("X", "\n" + kUnknown + "\n") + "\n" + block("B", "\n:octicons-tag-24: v5.2\n") + "\n");
  struct stat st;
  REQUIRE(::stat((root + "/b.md").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);  // permissions kept
  // Unchanged files were not written.
  CHECK(mtime_of(root + "/a/same.md").tv_sec == 1000000000);
  CHECK(mtime_of(root + "/plain.md").tv_sec == 1000000000);
  // What rewrite_tree must not see is as it was.
  CHECK(read_file(root + "/notes.txt") == block("A", ""));
  CHECK(read_file(root + "/.git/c.md") == block("A", ""));
  CHECK(read_file(root + "/.hidden.md") == block("A", ""));
  CHECK(read_file(dir.file("outside.md")) == block("A", ""));
  CHECK(fs::is_symlink(root + "/link.md"));

  // The second run: nothing changes, nothing is written.
  for (const char* f : {"/b.md", "/a/x.md"}) make_old(root + f);
  TreeResult again = rewrite_tree(root, facts(), false);
  CHECK(again.changed.empty());
  CHECK(again.markers == 4);
  for (const char* f : {"/b.md", "/a/x.md", "/a/same.md", "/plain.md"})
    CHECK(same_time(mtime_of(root + f), {1000000000, 0}));
  // No temporary files were left behind (atomic_file names them
  // .ksince-tmp-XXXXXX): the tree holds exactly what the test made.
  std::set<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator(root))
    entries.insert(e.path().lexically_relative(root).string());
  CHECK(entries == std::set<std::string>{".git", ".git/c.md", ".hidden.md", "a", "a/same.md", "a/x.md", "b.md",
                                         "link.md", "notes.txt", "plain.md"});
}

TEST_CASE("docs markers: one page with an error and no file is written") {
  TempDir dir;
  std::string root = dir.file("docs");
  write_file(root + "/a.md", block("A", "") + "\n");                     // would change
  write_file(root + "/b/bad.md", "ok\n\n" + kOpenA + "\n");               // unclosed
  write_file(root + "/c.md", "x\n" + kClose + "\n");                      // stray closing
  write_file(root + "/d.md", block("X", "") + "\n");                      // would change
  for (const char* f : {"/a.md", "/b/bad.md", "/c.md", "/d.md"}) make_old(root + f);

  for (bool check_only : {false, true}) {
    std::string err = tree_error(root, check_only);
    CHECK(err.find(root + "/b/bad.md:3: marker for A is never closed") == 0);
    CHECK(err.find(root + "/c.md:2: " + kClose + " without an opening marker") != std::string::npos);
    CHECK(err.find("2 pages have marker errors; no file was written") != std::string::npos);
  }
  CHECK(read_file(root + "/a.md") == block("A", "") + "\n");
  CHECK(read_file(root + "/d.md") == block("X", "") + "\n");
  for (const char* f : {"/a.md", "/b/bad.md", "/c.md", "/d.md"})
    CHECK(same_time(mtime_of(root + f), {1000000000, 0}));

  CHECK(tree_error(dir.file("missing"), false).find(dir.file("missing") + ": not a folder") == 0);
  CHECK(tree_error(root + "/a.md", false).find(root + "/a.md: not a folder") == 0);
}

TEST_CASE("docs markers: check_only lists the files that would change and writes nothing") {
  TempDir dir;
  std::string root = dir.file("docs");
  write_file(root + "/a.md", block("A", "") + "\n");
  write_file(root + "/z/b.md", block("Y", "\nmine\n") + "\n");
  write_file(root + "/c.md", block("X", "\n" + kUnknown + "\n"));
  for (const char* f : {"/a.md", "/z/b.md", "/c.md"}) make_old(root + f);

  TreeResult r = rewrite_tree(root, facts(), true);
  CHECK(r.changed == std::vector<std::string>{root + "/a.md"});
  CHECK(r.files == 3);
  CHECK(r.markers == 3);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].file == root + "/z/b.md");
  CHECK(r.warnings[0].line == 1);
  CHECK(read_file(root + "/a.md") == block("A", "") + "\n");
  for (const char* f : {"/a.md", "/z/b.md", "/c.md"}) CHECK(same_time(mtime_of(root + f), {1000000000, 0}));
}

TEST_CASE("docs markers: a page that cannot be written is an Error and keeps its old text") {
  // Tests run as root, which ignores permissions; a file size limit binds root
  // too, so the new page's bytes cannot be written (the signal it raises is
  // ignored, turning it into EFBIG).
  TempDir dir;
  std::string root = dir.file("docs");
  std::string old = block("A", "") + "\n";
  write_file(root + "/a.md", old);
  make_old(root + "/a.md");

  std::string err;
  {
    struct rlimit saved;
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    struct rlimit small = saved;
    small.rlim_cur = 16;  // smaller than the rewritten page
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    try {
      rewrite_tree(root, facts(), false);
    } catch (const Error& e) {
      err = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
  }
  CHECK(err.find(root + "/a.md: cannot write") == 0);
  CHECK(err.find("0 of the 1 changed pages were written before it") != std::string::npos);
  CHECK(read_file(root + "/a.md") == old);
  CHECK(same_time(mtime_of(root + "/a.md"), {1000000000, 0}));
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 1);  // no temporary file left
}
