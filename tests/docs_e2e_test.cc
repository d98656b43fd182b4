// End to end with the docs site's real toolchain: index a generated
// repository, rewrite the markers and the timeline of a small mkdocs site
// (tests/mkdocs_site), build it with Debian's mkdocs + mkdocs-material, and
// read the rendered HTML.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "git_fixture.h"

using namespace ksince::test;
namespace fs = std::filesystem;

namespace {

const std::string kBin = KSINCE_BIN;

CommandResult run_ksince(const std::string& args) { return run(shell_quote(kBin) + " " + args); }

std::string link_to(const std::string& commit) {
  return "<a href=\"https://github.com/torvalds/linux/commit/" + commit + "\">";
}

// The visible text of the first link to `commit` in `html`, tags stripped.
std::string link_text(const std::string& html, const std::string& commit) {
  size_t at = html.find(link_to(commit));
  if (at == std::string::npos) return "";
  size_t end = html.find("</a>", at);
  std::string inner = html.substr(at, end - at), text;
  bool tag = false;
  for (char c : inner.substr(link_to(commit).size())) {
    if (c == '<') tag = true;
    else if (c == '>') tag = false;
    else if (!tag) text += c;
  }
  return text;
}

}  // namespace

TEST_CASE("docs e2e: markers and timeline rendered by mkdocs link each version to its commit") {
  GitRepo repo;
  repo.release("v0.1", "include/a.h", "KS_ALPHA\n", 1500000000);
  std::string beta = repo.release("v0.2", "include/b.h", "KS_BETA\n", 1500001000);
  std::string gamma = repo.release("v0.3", "include/c.h", "KS_GAMMA\n", 1500002000);

  TempDir tmp;
  fs::copy(std::string(KSINCE_SOURCE_DIR) + "/tests/mkdocs_site", tmp.file("site"), fs::copy_options::recursive);
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_ALPHA", "KS_BETA", "KS_GAMMA"}));
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) + db)
              .status == 0);
  std::string docs = tmp.file("site/docs");
  std::string tooling_before = read_file(docs + "/tooling.md");
  auto tags = run_ksince("docs tags --root " + shell_quote(docs) + db);
  INFO("docs tags: ", tags.out, tags.err);
  REQUIRE(tags.status == 0);
  CHECK(run_ksince("docs tags --check --root " + shell_quote(docs) + db).status == 0);  // idempotent
  REQUIRE(run_ksince("docs timeline --out " + shell_quote(docs + "/linux/timeline/index.md") + db).status == 0);
  CHECK(read_file(docs + "/tooling.md") == tooling_before);  // quoted markers are text

  auto build = run("cd " + shell_quote(tmp.file("site")) + " && /usr/bin/mkdocs build -q -d " +
                   shell_quote(tmp.file("html")));
  INFO("mkdocs: ", build.err);
  REQUIRE(build.status == 0);

  std::string features = read_file(tmp.file("html/features/index.html"));
  CHECK(link_text(features, beta) == " v0.2");
  CHECK(link_text(features, gamma) == " v0.3");  // the stale hand-made link was replaced
  CHECK(features.find("0000000000000000000000000000000000000000") == std::string::npos);
  CHECK(features.find("class=\"twemoji\"") != std::string::npos);  // the octicon rendered
  CHECK(features.find("unknown") != std::string::npos);             // KS_NOT_INDEXED

  std::string timeline = read_file(tmp.file("html/linux/timeline/index.html"));
  CHECK(link_text(timeline, beta).find(beta.substr(0, 7)) != std::string::npos);
  CHECK(link_text(timeline, gamma).find(gamma.substr(0, 7)) != std::string::npos);
  CHECK(timeline.find("v0.2") < timeline.find("v0.3"));  // oldest first

  // check: the page's marker for a name no pattern has is an error.
  auto check = run_ksince("check --docs " + shell_quote(docs) + db);
  CHECK(check.status == 1);
  // ... named with its page and line (where the page has the marker).
  std::string page = read_file(docs + "/features.md");
  size_t marker_line = 1 + std::count(page.begin(), page.begin() + page.find("[FEATURE_TAG](KS_NOT_INDEXED)"), '\n');
  CHECK(check.out.find("error: " + docs + "/features.md:" + std::to_string(marker_line) +
                       ": a marker names unknown feature 'KS_NOT_INDEXED'\n") != std::string::npos);
  CHECK(check.out.find("KS_ALPHA") == std::string::npos);

  std::string tooling = read_file(tmp.file("html/tooling/index.html"));
  CHECK(tooling.find("&lt;!-- [FEATURE_TAG](KS_ALPHA) --&gt;") != std::string::npos);
}

TEST_CASE("docs e2e: killed in the middle of docs tags, every page is whole, old or new") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_X\n", 1500000000);
  repo.release("v1.1", "include/b.h", "KS_Y\n", 1500001000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_X", "KS_Y"}));
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) + db)
              .status == 0);
  // Many pages, so that a kill lands between two renames.
  std::string old_page = "# Y\n\n<!-- [FEATURE_TAG](KS_Y) -->\n<!-- [/FEATURE_TAG] -->\n\n" + std::string(20000, 'x') + "\n";
  std::string docs = tmp.file("docs");
  for (int i = 0; i < 400; i++) write_file(docs + "/p" + std::to_string(i) + ".md", old_page);
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(run_ksince("docs tags --root " + shell_quote(docs) + db).status == 0);
  double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string new_page = read_file(docs + "/p0.md");
  REQUIRE(new_page != old_page);

  // The kill time is searched for: too early leaves every page old, too late
  // every page new; the test must see kills that land between two renames.
  int partial_runs = 0, attempts = 0;
  double lo = 0, hi = full;
  for (; attempts < 16 && partial_runs < 3; attempts++) {
    for (int i = 0; i < 400; i++) write_file(docs + "/p" + std::to_string(i) + ".md", old_page);
    double delay = (lo + hi) / 2;
    run(shell_quote(kBin) + " docs tags --root " + shell_quote(docs) + db + " >/dev/null & pid=$!; sleep " +
        std::to_string(delay) + "; kill -9 $pid 2>/dev/null; wait $pid");
    int old_count = 0, new_count = 0;
    for (int i = 0; i < 400; i++) {
      std::string text = read_file(docs + "/p" + std::to_string(i) + ".md");
      CHECK((text == old_page || text == new_page));
      old_count += text == old_page;
      new_count += text == new_page;
    }
    if (new_count == 0) lo = delay;        // killed before the first write
    else if (old_count == 0) hi = delay;   // the run had finished
    else partial_runs++, lo = (lo + delay) / 2, hi = (hi + delay) / 2;  // stay near the writes
    // The next run finishes the job.
    REQUIRE(run_ksince("docs tags --root " + shell_quote(docs) + db).status == 0);
    for (int i = 0; i < 400; i++) CHECK(read_file(docs + "/p" + std::to_string(i) + ".md") == new_page);
  }
  MESSAGE("kills that landed between two page renames: ", partial_runs, " of ", attempts);
  CHECK(partial_runs >= 1);
}

TEST_CASE("docs e2e: bad markers stop docs tags with file:line and nothing written") {
  TempDir tmp;

  std::string docs = tmp.file("docs");
  write_file(docs + "/a.md", "<!-- [FEATURE_TAG](KS_A) -->\n<!-- [/FEATURE_TAG] -->\n");
  write_file(docs + "/b.md", "text\n\n<!-- [FEATURE_TAG](KS_B) -->\nno end\n");
  write_file(docs + "/c.md", "<!-- [FEATURE_TAG]() -->\n<!-- [/FEATURE_TAG] -->\n");
  std::string a = read_file(docs + "/a.md");
  // An empty index is enough: the markers are checked before any fact is used.
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A"}));
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) + db)
              .status == 0);
  auto r = run_ksince("docs tags --root " + shell_quote(docs) + db);
  CHECK(r.status == 2);
  CHECK(r.err.find(docs + "/b.md:3:") != std::string::npos);
  CHECK(r.err.find(docs + "/c.md:1:") != std::string::npos);
  CHECK(read_file(docs + "/a.md") == a);  // a.md would change, but nothing is written
}

TEST_CASE("docs e2e: docs build's helper lists render in mkdocs as collapsible lists of working links") {
  TempDir tmp;
  fs::copy(std::string(KSINCE_SOURCE_DIR) + "/tests/mkdocs_site", tmp.file("site"), fs::copy_options::recursive);
  const std::string sha = "e6f2dd0f80674e9d5960337b3e9c2a242441b326";
  write_file(tmp.file("h.yaml"), "groups:\n  base:\n  - name: bpf_map_lookup_elem\nprograms:\n"
                                 "  BPF_PROG_TYPE_XDP:\n  - name: bpf_loop\n    since: {version: 5.17, commit: " + sha +
                                     "}\n  - group: base\nmaps:\n  BPF_MAP_TYPE_HASH:\n  - name: bpf_map_lookup_elem\n");
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run_ksince("import " + shell_quote(tmp.file("h.yaml")) + db).status == 0);
  std::string docs = tmp.file("site/docs");
  auto build = run_ksince("docs build --root " + shell_quote(docs) + db);
  INFO("docs build: ", build.out, build.err);
  REQUIRE(build.status == 0);
  CHECK(run_ksince("docs build --check --root " + shell_quote(docs) + db).status == 0);

  auto mk = run("cd " + shell_quote(tmp.file("site")) + " && /usr/bin/mkdocs build -q -d " + shell_quote(tmp.file("html")));
  INFO("mkdocs: ", mk.err);
  REQUIRE(mk.status == 0);
  std::string xdp = read_file(tmp.file("html/linux/program-type/BPF_PROG_TYPE_XDP/index.html"));
  size_t details = xdp.find("<details class=\"abstract\">");
  REQUIRE(details != std::string::npos);
  CHECK(xdp.find("<summary>Supported helper functions</summary>", details) != std::string::npos);
  size_t loop = xdp.find("<a href=\"../../helper-function/bpf_loop/\"><code>bpf_loop</code></a>", details);
  CHECK(loop != std::string::npos);
  CHECK(link_text(xdp, sha) == " v5.17");  // the since tag, octicon rendered
  CHECK(xdp.find("<a href=\"../../helper-function/bpf_map_lookup_elem/\"><code>bpf_map_lookup_elem</code></a>") >
        loop);  // byte order, group member included
  std::string helper = read_file(tmp.file("html/linux/helper-function/bpf_map_lookup_elem/index.html"));
  CHECK(helper.find("<a href=\"../../program-type/BPF_PROG_TYPE_XDP/\"><code>BPF_PROG_TYPE_XDP</code></a>") !=
        std::string::npos);
  CHECK(helper.find("<a href=\"../../map-type/BPF_MAP_TYPE_HASH/\"><code>BPF_MAP_TYPE_HASH</code></a>") !=
        std::string::npos);
  std::string map = read_file(tmp.file("html/linux/map-type/BPF_MAP_TYPE_HASH/index.html"));
  CHECK(map.find("<a href=\"../../helper-function/bpf_map_lookup_elem/\"><code>bpf_map_lookup_elem</code></a>") !=
        std::string::npos);
}

// Every block kind docs build writes, on the small Material site, from the
// docs site's real inputs: a helpers-functions file, a kfuncs file and the
// 6.11 BTF, and libbpf's real bpf_helper_defs.h and libbpf.map read from a
// git repository at a tag. mkdocs must build the site, and each block must
// render as the docs site shows it.
TEST_CASE("docs e2e: every generated block kind renders in mkdocs") {
  TempDir tmp;
  const std::string src = KSINCE_SOURCE_DIR;
  fs::copy(src + "/tests/mkdocs_site", tmp.file("site"), fs::copy_options::recursive);
  std::string db = " --db " + shell_quote(tmp.file("k.db"));
  write_file(tmp.file("h.yaml"), "groups:\n  base:\n  - name: bpf_map_lookup_elem\nprograms:\n"
                                 "  BPF_PROG_TYPE_XDP:\n  - name: bpf_loop\n  - group: base\nmaps:\n"
                                 "  BPF_MAP_TYPE_HASH:\n  - name: bpf_map_lookup_elem\n");
  write_file(tmp.file("k.yaml"), "sets:\n  generic_btf_ids:\n    funcs:\n      - name: bpf_task_acquire\n"
                                 "        flags: [KF_ACQUIRE, KF_RCU, KF_RET_NULL]\n    program_types:\n"
                                 "      - name: BPF_PROG_TYPE_XDP\n");
  REQUIRE(run_ksince("import " + shell_quote(tmp.file("h.yaml")) + db).status == 0);
  REQUIRE(run_ksince("import " + shell_quote(tmp.file("k.yaml")) + db).status == 0);
  // libbpf as a repository: its two files at a tag.
  GitRepo libbpf;
  libbpf.write("src/bpf_helper_defs.h", read_file(src + "/tests/data/libbpf/bpf_helper_defs.h"));
  libbpf.write("src/libbpf.map", read_file(src + "/tests/data/libbpf/libbpf.map"));
  libbpf.commit("sync", 1700000000);
  libbpf.tag("v1.5.0", "HEAD", true, 1700000100);

  std::string docs = tmp.file("site/docs");
  auto build = run_ksince("docs build --root " + shell_quote(docs) + " --libbpf " + shell_quote(libbpf.path()) +
                          " --libbpf-ref v1.5.0 --btf " + shell_quote(src + "/tests/data/ebpf-docs/vmlinux-6.11.btf") +
                          " --btf-missing keep" + db);
  INFO("docs build: ", build.out, build.err);
  REQUIRE(build.status == 0);
  auto mk = run("cd " + shell_quote(tmp.file("site")) + " && /usr/bin/mkdocs build -q -d " + shell_quote(tmp.file("html")));
  INFO("mkdocs: ", mk.err);
  REQUIRE(mk.status == 0);

  // HELPER_FUNC_DEF: the description as Markdown, the C line as code.
  std::string helper = read_file(tmp.file("html/linux/helper-function/bpf_map_lookup_elem/index.html"));
  CHECK(helper.find("Perform a lookup in <em>map</em> for an entry associated to <em>key</em>.") != std::string::npos);
  CHECK(helper.find("<h3 id=\"returns\">Returns</h3>") != std::string::npos);
  CHECK(helper.find("static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;") !=
        std::string::npos);
  // KFUNC_DEF: the 6.11 BTF's signature and the flags' notices as admonitions.
  std::string kfunc = read_file(tmp.file("html/linux/kfuncs/bpf_task_acquire/index.html"));
  CHECK(kfunc.find("struct task_struct *bpf_task_acquire(struct task_struct *p)") != std::string::npos);
  CHECK(kfunc.find("This kfunc returns a pointer to a refcounted object.") != std::string::npos);
  CHECK(kfunc.find("The pointer returned by the kfunc may be NULL.") != std::string::npos);
  CHECK(kfunc.find("<div class=\"admonition note\">") != std::string::npos);
  // KFUNC_PROG_REF and PROG_KFUNC_REF: links both ways.
  CHECK(kfunc.find("<a href=\"../../program-type/BPF_PROG_TYPE_XDP/\"><code>BPF_PROG_TYPE_XDP</code></a>") !=
        std::string::npos);
  std::string xdp = read_file(tmp.file("html/linux/program-type/BPF_PROG_TYPE_XDP/index.html"));
  CHECK(xdp.find("<summary>Supported kfuncs</summary>") != std::string::npos);
  CHECK(xdp.find("<a href=\"../../kfuncs/bpf_task_acquire/\"><code>bpf_task_acquire</code></a>") != std::string::npos);
  // LIBBPF_TAG: the release that brought the symbol, linked to libbpf's release page.
  std::string fd = read_file(tmp.file("html/ebpf-library/libbpf/userspace/bpf_map__fd/index.html"));
  CHECK(fd.find("<a href=\"https://github.com/libbpf/libbpf/releases/tag/v0.0.1\">") != std::string::npos);
}
