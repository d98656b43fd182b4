// `docs build`: the pair rules, validation before any write, --check, a kill
// during a build, and the oracle: real pages of the docs site, their blocks
// emptied, must come back byte for byte.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "util/atomic_file.h"
#include "docs/docs_build.h"
#include "util/error.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "docs/helper_data.h"
#include "docs/helper_refs.h"
#include "store/imported_facts.h"
#include "docs/kfunc_render.h"
#include "docs/kfunc_tables.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;
namespace fs = std::filesystem;

namespace {

const std::string kSrc = KSINCE_SOURCE_DIR;
const std::string kBin = KSINCE_BIN;
const std::string kSample = kSrc + "/tests/data/ebpf-docs";

const BlockKind kTag{"LIBBPF_TAG", "<!-- [LIBBPF_TAG] -->", "<!-- [/LIBBPF_TAG] -->"};
const BlockKind kRef{"HELPER_FUNC_PROG_REF", "<!-- [HELPER_FUNC_PROG_REF] -->\n", "<!-- [/HELPER_FUNC_PROG_REF] -->\n"};

PageBuild page(const std::string& text, const std::string& body, const BlockKind& k = kTag) {
  Block b{"p.md", k.name, body};
  return build_page("p.md", text, {k}, {{k.name, &b}});
}

std::string tag(const std::string& body) { return "<!-- [LIBBPF_TAG] -->" + body + "<!-- [/LIBBPF_TAG] -->"; }

struct timespec mtime_of(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mtim;
}

void make_old(const std::string& path) {
  struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

bool untouched(const std::string& path) { return mtime_of(path).tv_sec == 1000000000; }

CommandResult run_ksince(const std::string& args) { return run(shell_quote(kBin) + " " + args); }

// The text with the first pair of `k` emptied, as the reference would find it.
std::string empty_first(const std::string& text, const BlockKind& k) {
  size_t s = text.find(k.start);
  if (s == std::string::npos) return text;
  size_t e = text.find(k.stop);
  REQUIRE(e != std::string::npos);
  REQUIRE(e >= s + k.start.size());
  return text.substr(0, s + k.start.size()) + text.substr(e);
}

}  // namespace

TEST_CASE("docs build: the first pair gets the body, text outside the pairs is kept byte for byte") {
  PageBuild r = page("a\r\n" + tag("old") + " b\n", "\nnew\n");
  CHECK(r.text == "a\r\n" + tag("\nnew\n") + " b\n");
  CHECK(r.pairs_rendered["LIBBPF_TAG"] == 1);
  CHECK(r.notes.empty());
  // The helper kinds' markers include the newline, as the reference's constants do.
  PageBuild no_newline = page("<!-- [HELPER_FUNC_PROG_REF] --> x\n<!-- [/HELPER_FUNC_PROG_REF] --> y\n", "z\n", kRef);
  CHECK(no_newline.text == "<!-- [HELPER_FUNC_PROG_REF] --> x\n<!-- [/HELPER_FUNC_PROG_REF] --> y\n");
  REQUIRE(no_newline.notes.size() == 1);
  CHECK(no_newline.notes[0].message.find("has no <!-- [HELPER_FUNC_PROG_REF] --> marker") != std::string::npos);
}

TEST_CASE("docs build: a later pair is rendered when empty or equal, kept with a warning otherwise") {
  PageBuild empty_second = page(tag("old") + "\n" + tag(""), "B");
  CHECK(empty_second.text == tag("B") + "\n" + tag("B"));
  CHECK(empty_second.notes.empty());
  PageBuild equal_second = page(tag("") + "\n" + tag("B"), "B");
  CHECK(equal_second.text == tag("B") + "\n" + tag("B"));
  CHECK(equal_second.notes.empty());
  // perf_buffer__new.md: a hand-written second tag that links a commit.
  std::string hand = "\n[:octicons-tag-24: 1.2.0](https://github.com/libbpf/libbpf/commit/8c8243a)\n";
  PageBuild kept = page("x\n" + tag("") + "\ny\n" + tag(hand), "B");
  CHECK(kept.text == "x\n" + tag("B") + "\ny\n" + tag(hand));
  REQUIRE(kept.notes.size() == 1);
  CHECK(kept.notes[0].line == 4);
  CHECK(kept.notes[0].message.find("second LIBBPF_TAG pair holds other text") != std::string::npos);
}

TEST_CASE("docs build: a lone end marker leaves the kind as it is with a warning, an unclosed start is an error") {
  std::string lone = "a\n<!-- [/LIBBPF_TAG] -->\n" + tag("old");
  PageBuild r = page(lone, "B");
  CHECK(r.text == lone);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].line == 2);
  CHECK(r.notes[0].message.find("without a start marker before it") != std::string::npos);

  CHECK_THROWS_WITH_AS(page("a\n\n<!-- [LIBBPF_TAG] -->\nno end\n", "B"),
                       doctest::Contains("p.md:3: LIBBPF_TAG start marker is never closed"), Error);
  // A second start before the first one's end: the first is the unclosed one.
  CHECK_THROWS_WITH_AS(page("<!-- [LIBBPF_TAG] -->\n" + tag(""), "B"),
                       doctest::Contains("p.md:1: LIBBPF_TAG start marker is never closed"), Error);
  // A pair with no block is kept, and said so.
  PageBuild nodata = build_page("p.md", tag("x"), {kTag}, {});
  CHECK(nodata.text == tag("x"));
  REQUIRE(nodata.notes.size() == 1);
  CHECK(nodata.notes[0].message.find("no data names this page") != std::string::npos);
}

TEST_CASE("docs build: markers in code spans and blocks are examples (docs/meta.md quotes them)") {
  std::string text = "See `<!-- [LIBBPF_TAG] -->` and `<!-- [/LIBBPF_TAG] -->`.\n\n```\n<!-- [/LIBBPF_TAG] -->\n```\n";
  PageBuild r = page(text + tag("") + "\n", "B");
  CHECK(r.text == text + tag("B") + "\n");
  CHECK(r.notes.empty());
}

TEST_CASE("docs build: a pair inside another kind's pair is an error") {
  Block a{"p.md", kTag.name, "A"}, b{"p.md", kRef.name, "B"};
  std::string text = "<!-- [HELPER_FUNC_PROG_REF] -->\n" + tag("") + "\n<!-- [/HELPER_FUNC_PROG_REF] -->\n";
  CHECK_THROWS_WITH_AS(build_page("p.md", text, {kTag, kRef}, {{kTag.name, &a}, {kRef.name, &b}}),
                       doctest::Contains("p.md:2: the LIBBPF_TAG pair is inside the HELPER_FUNC_PROG_REF pair of line 1"),
                       Error);
}

TEST_CASE("docs build: current_bodies reads the first pair as the builder finds it") {
  TempDir tmp;
  write_file(tmp.file("docs/a/p.md"), "`<!-- [LIBBPF_TAG] -->x<!-- [/LIBBPF_TAG] -->`\n" + tag("one") + tag("two"));
  write_file(tmp.file("docs/a/q.md"), "<!-- [LIBBPF_TAG] -->\n");
  CurrentBody current = current_bodies(tmp.file("docs"), {kTag});
  CHECK(current("a/p.md", "LIBBPF_TAG") == std::optional<std::string>("one"));
  CHECK(current("a/q.md", "LIBBPF_TAG") == std::nullopt);  // unclosed: the build reports it
  CHECK(current("a/none.md", "LIBBPF_TAG") == std::nullopt);
  CHECK(current("a/p.md", "KFUNC_DEF") == std::nullopt);
}

TEST_CASE("docs build: an error on any page writes nothing, missing pages and markers are warnings") {
  TempDir tmp;
  std::string docs = tmp.file("docs");
  write_file(docs + "/a.md", tag("old"));
  write_file(docs + "/b.md", "<!-- [LIBBPF_TAG] -->\n");
  write_file(docs + "/c.md", "no markers\n");
  for (const char* p : {"/a.md", "/b.md", "/c.md"}) make_old(docs + p);
  BuildInput in;
  in.root = docs;
  in.kinds = {kTag};
  in.blocks = {{"a.md", "LIBBPF_TAG", "A"}, {"b.md", "LIBBPF_TAG", "B"}, {"c.md", "LIBBPF_TAG", "C"},
               {"gone.md", "LIBBPF_TAG", "G"}};
  CHECK_THROWS_WITH_AS(build_docs(in), doctest::Contains((docs + "/b.md:1: LIBBPF_TAG start marker is never closed").c_str()),
                       Error);
  CHECK(read_file(docs + "/a.md") == tag("old"));
  CHECK(untouched(docs + "/a.md"));

  write_file(docs + "/b.md", "fixed\n");
  make_old(docs + "/b.md");
  BuildResult r = build_docs(in);
  CHECK(read_file(docs + "/a.md") == tag("A"));
  CHECK(r.changed == std::vector<std::string>{docs + "/a.md"});
  CHECK(untouched(docs + "/b.md"));
  CHECK(untouched(docs + "/c.md"));
  std::vector<std::string> msgs;
  for (const BuildNote& n : r.notes) msgs.push_back(n.file + ": " + n.message);
  REQUIRE(msgs.size() == 3);
  CHECK(msgs[0].find(docs + "/b.md: has no <!-- [LIBBPF_TAG] --> marker") == 0);
  CHECK(msgs[1].find(docs + "/c.md: has no <!-- [LIBBPF_TAG] --> marker") == 0);
  CHECK(msgs[2].find(docs + "/gone.md: the data has a LIBBPF_TAG block for this page, but the page does not exist") ==
        0);
  // Run again: nothing changes, nothing is touched.
  make_old(docs + "/a.md");
  CHECK(build_docs(in).changed.empty());
  CHECK(untouched(docs + "/a.md"));
}

TEST_CASE("docs build: oracle: the site's real pages, their helper lists and feature tags emptied, come back") {
  TempDir tmp;
  std::string docs = tmp.file("docs");
  fs::copy(kSample + "/docs", docs, fs::copy_options::recursive);
  HelperData helpers = parse_helpers_file(kSample + "/data/helpers-functions.yaml");
  std::vector<BlockKind> kinds = helper_ref_kinds();
  std::vector<std::string> pages;
  for (const auto& e : fs::recursive_directory_iterator(docs))
    if (e.is_regular_file()) pages.push_back(e.path().string());
  REQUIRE(pages.size() >= 18);  // the helper lists' 18 pages, and the kfunc blocks' sample
  std::map<std::string, std::string> committed;
  size_t emptied = 0;
  for (const std::string& p : pages) {
    committed[p] = read_file(p);
    std::string t = committed[p];
    for (const BlockKind& k : kinds) t = empty_first(t, k);
    // FEATURE_TAG blocks: emptied everywhere.
    for (size_t s = t.find("<!-- [FEATURE_TAG]("); s != std::string::npos; s = t.find("<!-- [FEATURE_TAG](", s + 1)) {
      size_t open_end = t.find(" -->", s) + 4, close = t.find("<!-- [/FEATURE_TAG] -->", s);
      t.erase(open_end, close - open_end);
    }
    // The hand-written second LIBBPF_TAG stays; the first one is emptied.
    if (p.ends_with("perf_buffer__new.md")) t = empty_first(t, kTag);
    emptied += t != committed[p];
    write_file(p, t);
  }
  CHECK(emptied >= 18);

  TempDir dbdir;
  Store store(dbdir.file("k.db"), Store::Mode::Create);
  std::string features = kSrc + "/tests/data/ebpf-docs-feature-versions.yaml";
  store_imported(store, parse_data_file(features), features);
  auto facts = merged_facts(store);
  BuildInput in;
  in.root = docs;
  in.kinds = kinds;
  in.kinds.push_back(kTag);
  in.blocks = render_helper_refs(helpers);
  // libbpf-tag-gen's body for perf_buffer__new (the libbpf renderer is another file's job).
  in.blocks.push_back({"ebpf-library/libbpf/userspace/perf_buffer__new.md", "LIBBPF_TAG",
                       "\n[:octicons-tag-24: 0.6.0](https://github.com/libbpf/libbpf/releases/tag/v0.6.0)\n"});
  std::map<std::string, MarkerFact> by_name;
  for (const Feature& f : facts)
    if (!f.version.empty()) by_name.emplace(f.name, MarkerFact{f.version, f.commit});
  in.feature_tags = [&](const std::string& n) -> std::optional<MarkerFact> {
    auto it = by_name.find(n);
    return it == by_name.end() ? std::nullopt : std::optional<MarkerFact>(it->second);
  };
  BuildResult r = build_docs(in);
  for (const std::string& p : pages) {
    INFO(p);
    CHECK(read_file(p) == committed[p]);
  }
  CHECK(r.changed.size() == emptied);
  // The reference's skips, as warnings: its five pages here with data but no
  // marker, bpf_skb_output's stray end marker; and the hand-written tag.
  std::map<std::string, std::string> notes;
  for (const BuildNote& n : r.notes)
    if (n.file.starts_with(docs)) notes[n.file.substr(docs.size() + 1)] += n.message + "|";
  CHECK(notes["linux/program-type/BPF_PROG_TYPE_LWT_SEG6LOCAL.md"].find("no <!-- [PROG_HELPER_FUNC_REF] -->") !=
        std::string::npos);
  CHECK(notes["linux/map-type/BPF_MAP_TYPE_CGROUP_ARRAY.md"].find("no <!-- [MAP_HELPER_FUNC_REF] -->") !=
        std::string::npos);
  CHECK(notes["linux/helper-function/bpf_xdp_output.md"].find("no <!-- [HELPER_FUNC_PROG_REF] -->") !=
        std::string::npos);
  CHECK(notes["ebpf-library/libbpf/userspace/perf_buffer__new.md"].find("second LIBBPF_TAG pair") != std::string::npos);
  CHECK(r.pairs_rendered["LIBBPF_TAG"] == 1);
}

TEST_CASE("docs build: the CLI: --check lists the pages and exits 1, then the build, then --check exits 0") {
  TempDir tmp;
  std::string docs = tmp.file("docs");
  fs::create_directories(docs);
  fs::copy(kSample + "/docs/linux", docs + "/linux", fs::copy_options::recursive);
  std::string page = docs + "/linux/map-type/BPF_MAP_TYPE_HASH.md";
  std::string committed = read_file(page);
  BlockKind map_ref = helper_ref_kinds()[1];
  write_file(page, empty_first(committed, map_ref));
  make_old(page);
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  std::string build = "docs build --root " + shell_quote(docs) + db;
  REQUIRE(run_ksince("import " + shell_quote(kSample + "/data/helpers-functions.yaml") + db).status == 0);
  REQUIRE(run_ksince("import " + shell_quote(kSrc + "/tests/data/ebpf-docs-feature-versions.yaml") + db).status == 0);

  auto check = run_ksince(build + " --check");
  INFO(check.out, check.err);
  CHECK(check.status == 1);
  CHECK(check.out == page + "\n");
  CHECK(untouched(page));
  CHECK(check.err.find("note: no --libbpf: HELPER_FUNC_DEF and LIBBPF_TAG blocks are left as they are") !=
        std::string::npos);

  auto done = run_ksince(build);
  CHECK(done.status == 0);
  CHECK(read_file(page) == committed);
  CHECK(done.err.find("/linux/helper-function/bpf_skb_output.md:22: warning: end marker <!-- [/HELPER_FUNC_DEF] -->") ==
        std::string::npos);  // HELPER_FUNC_DEF is not rendered without --libbpf: no word about its pairs
  auto again = run_ksince(build + " --check");
  CHECK(again.status == 0);
  CHECK(again.out == "");

  // A broken page: error with file:line, exit 2, nothing written.
  write_file(page, empty_first(committed, map_ref));
  make_old(page);
  write_file(docs + "/linux/program-type/BPF_PROG_TYPE_KPROBE.md", "<!-- [PROG_HELPER_FUNC_REF] -->\n");
  auto bad = run_ksince(build);
  CHECK(bad.status == 2);
  CHECK(bad.err.find(docs + "/linux/program-type/BPF_PROG_TYPE_KPROBE.md:1: PROG_HELPER_FUNC_REF start marker is "
                            "never closed") != std::string::npos);
  CHECK(untouched(page));
}

TEST_CASE("docs build: write_files_atomic replaces nothing when one file cannot be written") {
  TempDir tmp;
  write_file(tmp.file("a.md"), "old a\n");
  CHECK_THROWS_AS(write_files_atomic({{tmp.file("a.md"), "new a\n"}, {tmp.file("no/such/b.md"), "b\n"}}), Error);
  CHECK(read_file(tmp.file("a.md")) == "old a\n");
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) entries += e.path().filename() != "";
  CHECK(entries == 1);  // no temporary file left behind
  write_files_atomic({{tmp.file("a.md"), "new a\n"}, {tmp.file("c.md"), "c\n"}});
  CHECK(read_file(tmp.file("a.md")) == "new a\n");
  CHECK(read_file(tmp.file("c.md")) == "c\n");
}

TEST_CASE("docs build: killed in the middle, every page is whole, old or new") {
  TempDir tmp;
  std::string docs = tmp.file("docs");
  std::string data = "programs:\n";
  for (int i = 0; i < 300; i++) data += "  P" + std::to_string(i) + ":\n  - name: bpf_loop\n";
  write_file(tmp.file("h.yaml"), data);
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("import " + shell_quote(tmp.file("h.yaml")) + db).status == 0);
  std::string old_page = "# P\n\n<!-- [PROG_HELPER_FUNC_REF] -->\n<!-- [/PROG_HELPER_FUNC_REF] -->\n\n" +
                         std::string(20000, 'x') + "\n";
  auto path = [&](int i) { return docs + "/linux/program-type/P" + std::to_string(i) + ".md"; };
  auto reset = [&] {
    for (int i = 0; i < 300; i++) write_file(path(i), old_page);
  };
  reset();
  std::string cmd = "docs build --root " + shell_quote(docs) + db;
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run_ksince(cmd).status == 0);
  double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string new_page = read_file(path(0));
  REQUIRE(new_page != old_page);
  int partial = 0;
  for (int seed = 0; seed < 5; seed++) {
    reset();
    run(shell_quote(kBin) + " " + cmd + " >/dev/null 2>&1 & pid=$!; sleep " + std::to_string(full * (0.4 + 0.1 * seed)) +
        "; kill -9 $pid 2>/dev/null; wait $pid");
    int olds = 0, news = 0;
    for (int i = 0; i < 300; i++) {
      std::string t = read_file(path(i));
      CHECK((t == old_page || t == new_page));
      olds += t == old_page;
      news += t == new_page;
    }
    partial += olds && news;
    REQUIRE(run_ksince(cmd).status == 0);
  }
  MESSAGE("kills that landed between two page writes: ", partial, " of 5");
}

TEST_CASE("docs build: with --libbpf, the sample's HELPER_FUNC_DEF and LIBBPF_TAG blocks come back from a repo") {
  // libbpf's two files at the site's pinned ref, committed to a real repository.
  GitRepo libbpf;
  libbpf.write("src/bpf_helper_defs.h", read_file(kSrc + "/tests/data/libbpf/bpf_helper_defs.h"));
  libbpf.write("src/libbpf.map", read_file(kSrc + "/tests/data/libbpf/libbpf.map"));
  std::string ref = libbpf.commit("sync", 1700000000);
  libbpf.write("src/libbpf.map", "LIBBPF_0.0.1 {\n\tglobal:\n\t\tperf_buffer__new;\n};\n");
  libbpf.commit("later, not the pinned ref", 1700000100);

  TempDir tmp;
  std::string docs = tmp.file("docs");
  fs::copy(kSample + "/docs", docs, fs::copy_options::recursive);
  const BlockKind def{"HELPER_FUNC_DEF", "<!-- [HELPER_FUNC_DEF] -->\n", "<!-- [/HELPER_FUNC_DEF] -->\n"};
  std::map<std::string, std::string> committed;
  size_t emptied = 0;
  for (const auto& e : fs::recursive_directory_iterator(docs)) {
    if (!e.is_regular_file()) continue;
    std::string p = e.path().string(), t = read_file(p);
    committed[p] = t;
    std::string u = empty_first(empty_first(t, def), kTag);
    emptied += u != t;
    write_file(p, u);
  }
  CHECK(emptied == 4);  // bpf_map_lookup_elem, _get_current_pid_tgid, _setsockopt, perf_buffer__new

  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("import " + shell_quote(kSample + "/data/helpers-functions.yaml") + db).status == 0);
  std::string build = "docs build --root " + shell_quote(docs) + " --libbpf " + shell_quote(libbpf.path()) +
                      " --libbpf-ref " + ref.substr(0, 12) + db;
  auto r = run_ksince(build);
  INFO(r.out, r.err);
  CHECK(r.status == 0);
  for (const auto& committed_page : committed) {
    const auto &p = committed_page.first, &text = committed_page.second;
    INFO(p);
    CHECK(read_file(p) == text);
  }
  CHECK(r.err.find(docs + "/linux/helper-function/bpf_skb_output.md:22: warning: end marker "
                          "<!-- [/HELPER_FUNC_DEF] --> without a start marker before it") != std::string::npos);
  CHECK(r.err.find(docs + "/linux/helper-function/bpf_spin_lock.md: warning: has no <!-- [HELPER_FUNC_DEF] -->") !=
        std::string::npos);
  // Line 46 of the page as read: its emptied first tag is two lines shorter.
  CHECK(r.err.find(docs + "/ebpf-library/libbpf/userspace/perf_buffer__new.md:46: warning: a second LIBBPF_TAG") !=
        std::string::npos);
  CHECK(run_ksince(build + " --check").status == 0);
  // A ref the repository lacks: an error, nothing written.
  auto bad = run_ksince("docs build --root " + shell_quote(docs) + " --libbpf " + shell_quote(libbpf.path()) +
                        " --libbpf-ref v9.9.9" + db);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("v9.9.9") != std::string::npos);
}

TEST_CASE("docs build: every kind at once: the vendored sample comes back, but for the 6.11 BTF's signatures") {
  // Pages of every kind: the helper lists' and kfunc blocks' sample, and the libbpf blocks' one.
  TempDir tmp;
  std::string docs = tmp.file("docs");
  fs::copy(kSample + "/docs", docs, fs::copy_options::recursive);
  fs::copy(kSrc + "/tests/data/ebpf-docs-pages", docs, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  GitRepo libbpf;
  libbpf.write("src/bpf_helper_defs.h", read_file(kSrc + "/tests/data/libbpf/bpf_helper_defs.h"));
  libbpf.write("src/libbpf.map", read_file(kSrc + "/tests/data/libbpf/libbpf.map"));
  std::string ref = libbpf.commit("sync", 1700000000);

  // Empty what the reference writes: each kind's first pair in its folder,
  // KFUNC_DEF after its signature, not the removed kfuncs' frozen pages.
  KfuncGenTables tables = load_kfunc_gen_tables(kSrc + "/data");
  const std::vector<std::pair<BlockKind, std::string>> kinds = {
      {helper_ref_kinds()[0], "linux/program-type"}, {helper_ref_kinds()[1], "linux/map-type"},
      {helper_ref_kinds()[2], "linux/helper-function"}, {helper_ref_kinds()[3], "linux/helper-function"},
      {{"HELPER_FUNC_DEF", "<!-- [HELPER_FUNC_DEF] -->\n", "<!-- [/HELPER_FUNC_DEF] -->\n"}, "linux/helper-function"},
      {kTag, "ebpf-library/libbpf/userspace"},
      {kfunc_def_kind(), "linux/kfuncs"}, {kfunc_prog_ref_kind(), "linux/kfuncs"},
      {prog_kfunc_ref_kind(), "linux/program-type"}};
  std::map<std::string, std::string> committed;
  std::map<std::string, size_t> emptied;
  for (const auto& e : fs::recursive_directory_iterator(docs)) {
    if (!e.is_regular_file()) continue;
    std::string p = e.path().string(), t = read_file(p), rel = p.substr(docs.size() + 1);
    committed[p] = t;
    std::string name = e.path().stem().string();
    bool frozen = std::find(tables.removed.begin(), tables.removed.end(), name) != tables.removed.end();
    for (const auto& [k, dir] : kinds) {
      if (fs::path(rel).parent_path() != dir || (frozen && k.name.starts_with("KFUNC_"))) continue;
      std::string u = empty_first(t, k);
      if (k.name == "KFUNC_DEF" && u != t) {  // the signature line stays
        size_t body = t.find(k.start) + k.start.size();
        size_t sig_end = t.find("`\n", body + 1) + 2;
        u = t.substr(0, sig_end) + t.substr(t.find(k.stop));
      }
      emptied[k.name] += u != t;
      t = u;
    }
    write_file(p, t);
  }
  for (const auto& kind_dir : kinds) CHECK_MESSAGE(emptied[kind_dir.first.name] > 0, kind_dir.first.name);

  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("import " + shell_quote(kSrc + "/tests/data/ebpf-docs-feature-versions.yaml") + db).status == 0);
  REQUIRE(run_ksince("import " + shell_quote(kSample + "/data/helpers-functions.yaml") + db).status == 0);
  REQUIRE(run_ksince("import " + shell_quote(kSample + "/kfuncs.yaml") + db).status == 0);
  std::string build = "docs build --root " + shell_quote(docs) + " --libbpf " + shell_quote(libbpf.path()) +
                      " --libbpf-ref " + ref + " --btf " + shell_quote(kSample + "/vmlinux-6.11.btf") +
                      " --btf-missing keep" + db;
  auto r = run_ksince(build);
  INFO(r.out);
  REQUIRE(r.status == 0);
  // The three sample pages whose kfunc changed between the 6.11 BTF and the site's 7.1.
  const std::map<std::string, std::pair<std::string, std::string>> api_changed = {
      {"bpf_lookup_user_key", {"(s32 serial", "(u32 serial"}},
      {"bpf_session_cookie", {"(void *ctx)", "()"}},
      {"bpf_arena_alloc_pages", {"`#!c __arena void *bpf_arena_alloc_pages(void *p__map, __arena void",
                                 "`#!c void *bpf_arena_alloc_pages(void *p__map, void"}}};
  size_t equal = 0;
  for (const auto& committed_page : committed) {
    const auto &p = committed_page.first, &text = committed_page.second;
    INFO(p);
    std::string expected = text;
    auto c = api_changed.find(fs::path(p).stem().string());
    if (c != api_changed.end() && p.find("/kfuncs/") != std::string::npos) {
      size_t at = expected.find(c->second.first);
      REQUIRE(at != std::string::npos);
      expected.replace(at, c->second.first.size(), c->second.second);
    }
    CHECK(read_file(p) == expected);
    equal += read_file(p) == text;
  }
  CHECK(equal == committed.size() - 3);
  CHECK(run_ksince(build + " --check").status == 0);
  // --btf-missing error (the default) refuses the 6.11 BTF, which lacks kfuncs the data has; nothing written.
  auto refused = run_ksince("docs build --root " + shell_quote(docs) + " --btf " +
                            shell_quote(kSample + "/vmlinux-6.11.btf") + db);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("missing kfunc in BTF") != std::string::npos);
}

// docs build --report through the binary, against a hand-kept
// helpers-functions.yaml: a pair the file lacks, one the source dropped, one
// it never had, a since the source contradicts, and a page whose program
// type is gone. The whole report is compared, each place as git grep finds
// it at its tag, and docs build's exit status is checked.
TEST_CASE("docs build: --report on helper lists, the whole text, each place as git shows it") {
  GitRepo repo;
  int64_t date = 1600000000;
  HelperSource src;
  src.helpers = {"map_lookup_elem", "redirect", "ktime_get_ns", "probe_read"};
  src.programs["BPF_PROG_TYPE_XDP"] = {"net/core/filter.c", {"map_lookup_elem", "redirect"}};
  src.programs["BPF_PROG_TYPE_KPROBE"] = {"kernel/trace/bpf_trace.c", {"map_lookup_elem", "probe_read", "ktime_get_ns"}};
  src.write(repo);
  commit_release(repo, date, "v1.0");
  src.helpers.push_back("xdp_adjust_head");  // v1.1: a helper for XDP
  src.programs["BPF_PROG_TYPE_XDP"].helpers.push_back("xdp_adjust_head");
  src.write(repo);
  commit_release(repo, date, "v1.1");
  src.helpers.push_back("get_prandom_u32");  // v1.2: KPROBE gains one and drops another
  auto& kprobe = src.programs["BPF_PROG_TYPE_KPROBE"].helpers;
  kprobe.back() = "get_prandom_u32";
  src.write(repo);
  commit_release(repo, date, "v1.2");
  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_redirect", "helper");

  // The site's file: KPROBE as at v1.0 plus a pair the source never had;
  // XDP's new helper dated a release late (the derived file writes no since
  // on a pair as old as its helper: "none"). docs build's exit status is
  // derived_report's to check.
  const std::string docs = tmp.file("docs");
  write_file(docs + "/linux/program-type/BPF_PROG_TYPE_GONE.md", "# Gone\n");
  std::string report =
      derived_report(tmp, o.db, "helpers-functions.yaml",
                     "programs:\n  BPF_PROG_TYPE_KPROBE:\n  - name: bpf_map_lookup_elem\n  - name: bpf_probe_read\n"
                     "  - name: bpf_ktime_get_ns\n  - name: bpf_xdp_adjust_head\n  BPF_PROG_TYPE_XDP:\n"
                     "  - name: bpf_map_lookup_elem\n  - name: bpf_redirect\n  - name: bpf_xdp_adjust_head\n"
                     "    since:\n      version: 1.2\n      commit: 1111111111111111111111111111111111111111\n",
                     "program-type");
  const std::string kprobe_c = "kernel/trace/bpf_trace.c", xdp_c = "net/core/filter.c";
  CHECK(report ==
        derived_report_head("v1.2") +
            "2 pages change: 1 pairs added, 2 removed, 1 with their since moved, 0 kfuncs with their flags changed.\n"
            "\nNot compared: the kfunc lists (the index lacks the imported kfuncs.yaml or derived kfunc facts).\n"
            "\n## linux/program-type/BPF_PROG_TYPE_KPROBE.md\n\n"
            "- added `bpf_get_prandom_u32`: " + git_grep_place(repo, "v1.2", kprobe_c, "case BPF_FUNC_get_prandom_u32:") +
            "\n- removed `bpf_ktime_get_ns`: last seen at v1.1, " +
            git_grep_place(repo, "v1.1", kprobe_c, "case BPF_FUNC_ktime_get_ns:") +
            "\n- removed `bpf_xdp_adjust_head`: not in the source at any indexed tag\n"
            "\n## linux/program-type/BPF_PROG_TYPE_XDP.md\n\n"
            "- since of `bpf_xdp_adjust_head` moved: v1.2 -> none (the source has the pair from v1.1): " +
            git_grep_place(repo, "v1.2", xdp_c, "case BPF_FUNC_xdp_adjust_head:") +
            "\n\n## Pages whose subject the source no longer has at v1.2\n\nKept by the build, never deleted:\n\n- " +
            docs + "/linux/program-type/BPF_PROG_TYPE_GONE.md: the source has no program type 'BPF_PROG_TYPE_GONE' "
                   "at v1.2; the page is kept\n");
}
