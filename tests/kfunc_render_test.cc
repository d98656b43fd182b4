// KFUNC_DEF, KFUNC_PROG_REF and PROG_KFUNC_REF: the site's real pages are the
// oracle (a vendored sample of ebpf-docs at 18ec5e93 with its kfuncs.yaml and
// the 6.11 BTF), plus hand-made data for each rule of GENERATORS.md section 4.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "docs/data_dir.h"
#include "util/error.h"
#include "git_fixture.h"
#include "docs/kfunc_render.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kSample = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs";
const std::string kDocs = kSample + "/docs";

const BlockKind& kind_named(const std::string& name) {
  for (const BlockKind* k : {&kfunc_def_kind(), &kfunc_prog_ref_kind(), &prog_kfunc_ref_kind()})
    if (k->name == name) return *k;
  FAIL("no kind " << name);
  return kfunc_def_kind();
}

// The first pair's body, as the site's generators find it.
std::optional<std::string> body_in(const std::string& text, const BlockKind& k) {
  size_t a = text.find(k.start), b = text.find(k.stop);
  if (a == std::string::npos || b == std::string::npos) return std::nullopt;
  return text.substr(a + k.start.size(), b - a - k.start.size());
}

CurrentBody pages_under(const std::string& root) {
  return [root](const std::string& page, const std::string& kind) -> std::optional<std::string> {
    if (!std::filesystem::exists(root + "/" + page)) return std::nullopt;
    return body_in(read_file(root + "/" + page), kind_named(kind));
  };
}

std::map<std::string, std::string> by_page_kind(const std::vector<Block>& blocks) {
  std::map<std::string, std::string> out;
  for (const Block& b : blocks) CHECK(out.emplace(b.page + " " + b.kind, b.body).second);
  return out;
}

KfuncData parse_text(const TempDir& tmp, const std::string& text) {
  write_file(tmp.file("kfuncs.yaml"), text);
  return parse_kfuncs_file(tmp.file("kfuncs.yaml"));
}

const char* kTag612 = " [:octicons-tag-24: v6.12](https://github.com/torvalds/linux/commit/bc638d8cb5be813d4eeb9f63cce52caaa18f3960)";

}  // namespace

TEST_CASE("kfunc render: the six notices, verbatim and in the flags' order") {
  std::string page = read_file(kDocs + "/linux/kfuncs/bpf_cpumask_create.md");
  std::string body = *body_in(page, kfunc_def_kind());
  std::string notices = body.substr(body.find("`\n") + 2);
  CHECK(kfunc_notices({"KF_ACQUIRE", "KF_RET_NULL"}) == notices);
  size_t split = notices.find("\n!!! note", 1);
  std::string acquire = notices.substr(0, split), ret_null = notices.substr(split);
  CHECK(kfunc_notices({"KF_RET_NULL", "KF_TRUSTED_ARGS", "KF_ACQUIRE"}) == ret_null + acquire);
  // The quirks: TAB indents with trailing spaces, four spaces in the
  // sleepable notice, no space before "capability".
  CHECK(acquire.find("\tThis kfunc returns a pointer to a refcounted object. The verifier will then ensure that the "
                     "pointer to the object \n") != std::string::npos);
  CHECK(kfunc_notices({"KF_SLEEPABLE"}) ==
        "\n!!! note\n    This function may sleep, and therefore can only be used from [sleepable "
        "programs](../syscall/BPF_PROG_LOAD.md/#bpf_f_sleepable).\n");
  CHECK(kfunc_notices({"KF_DESTRUCTIVE"}).find("`CAP_SYS_BOOT`capability, \n") != std::string::npos);
  // Flags without a notice, known or not, give nothing.
  CHECK(kfunc_notices({"KF_RCU", "KF_TRUSTED_ARGS", "KF_ITER_NEW", "KF_ITER_NEXT", "KF_ITER_DESTROY", "KF_FASTCALL",
                       "KF_IMPLICIT_ARGS", "KF_ARENA_RET", "KF_ARENA_ARG2"}) == "");
  // Each of the six as the site's pages hold it.
  auto tail_of = [&](const std::string& kfunc) {
    std::string b = *body_in(read_file(kDocs + "/linux/kfuncs/" + kfunc + ".md"), kfunc_def_kind());
    return b.substr(b.find("`\n") + 2);
  };
  CHECK(kfunc_notices({"KF_RELEASE"}) == tail_of("bpf_cpumask_release"));
  CHECK(kfunc_notices({"KF_ACQUIRE", "KF_RET_NULL", "KF_SLEEPABLE"}) == tail_of("bpf_lookup_user_key"));
  CHECK(kfunc_notices({"KF_DESTRUCTIVE"}) == tail_of("crash_kexec"));
  CHECK(kfunc_notices({"KF_ITER_NEW", "KF_TRUSTED_ARGS", "KF_RCU_PROTECTED"}) == tail_of("bpf_iter_task_new"));
}

TEST_CASE("kfunc render: a sample of the site's pages comes back byte for byte from kfuncs.yaml and the 6.11 BTF") {
  KfuncData data = parse_kfuncs_file(kSample + "/kfuncs.yaml");
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir());
  Btf btf(kSample + "/vmlinux-6.11.btf");
  KfuncBuildInput in{&data, &tables, &btf, BtfMissing::Keep, program_type_pages(kDocs), pages_under(kDocs), {}};
  std::vector<BuildNote> notes;
  std::map<std::string, std::string> got = by_page_kind(render_kfunc_blocks(in, notes));

  // 318 kfuncs, 16 removed: 302 KFUNC_PROG_REF blocks. KFUNC_DEF: the 146
  // signatures kfunc-gen writes from the 6.11 BTF (GENERATORS.md section 10)
  // plus the 7 manual HID pages (blocks with no pair to go to), and those of
  // the others whose page (here: the sample's) has a signature to keep.
  size_t from_btf = 0, kept = 0, refs = 0;
  for (const auto& [key, body] : got) {
    refs += key.ends_with(" KFUNC_PROG_REF");
    if (!key.ends_with(" KFUNC_DEF")) continue;
    std::string name = key.substr(13, key.find(".md ") - 13);
    (btf.signature(name) ? from_btf : kept)++;
  }
  CHECK(refs == 302);
  CHECK(from_btf == 146 + 7);
  CHECK(kept == 1);  // bpf_list_push_front, newer than 6.11
  // 149 kfuncs of the data are not in the 6.11 BTF: each named once; the
  // ones without a page here are left as they are, each with a note.
  size_t missing = 0, left = 0;
  for (const BuildNote& n : notes) {
    missing += n.message.starts_with("missing kfunc in BTF: '");
    left += n.message.ends_with("no signature on the page to keep; KFUNC_DEF left as it is");
  }
  CHECK(missing == 149);
  CHECK(left == 149 - kept);
  CHECK(notes.size() == missing + left);
  CHECK(notes[0].message.starts_with("missing kfunc in BTF: 'css_rstat_updated'"));

  // The 6.11 signatures of the sample's three pages whose API changed by 7.1
  // (see btf_signature_test.cc).
  const std::map<std::string, std::pair<std::string, std::string>> changed = {
      {"bpf_lookup_user_key", {"(s32 serial", "(u32 serial"}},
      {"bpf_session_cookie", {"(void *ctx)", "()"}},
      {"bpf_arena_alloc_pages", {"__arena void *bpf_arena_alloc_pages(void *p__map, __arena void",
                                 "void *bpf_arena_alloc_pages(void *p__map, void"}},
  };
  size_t compared = 0;
  for (const auto& dir : {"linux/kfuncs", "linux/program-type"}) {
    for (const auto& e : std::filesystem::directory_iterator(kDocs + "/" + dir)) {
      std::string page = std::string(dir) + "/" + e.path().filename().string();
      std::string text = read_file(e.path());
      std::string name = e.path().stem().string();
      bool frozen = std::find(tables.removed.begin(), tables.removed.end(), name) != tables.removed.end();
      for (const BlockKind* k : {&kfunc_def_kind(), &kfunc_prog_ref_kind(), &prog_kfunc_ref_kind()}) {
        INFO(page, " ", k->name);
        std::optional<std::string> committed = body_in(text, *k);
        auto it = got.find(page + " " + k->name);
        if (frozen) {
          if (k == &prog_kfunc_ref_kind()) continue;
          CHECK(committed.has_value());  // a frozen page keeps blocks that look generated
          CHECK(it == got.end());
          continue;
        }
        if (!committed) continue;  // the manual HID pages; program type pages without a pair
        REQUIRE(it != got.end());
        std::string expected = *committed;
        auto c = changed.find(name);
        if (c != changed.end() && k == &kfunc_def_kind()) {
          size_t at = expected.find(c->second.first);
          REQUIRE(at != std::string::npos);
          expected.replace(at, c->second.first.size(), c->second.second);
        }
        CHECK(it->second == expected);
        compared++;
      }
    }
  }
  // 13 kfunc pages x 2 (16 vendored: two frozen, one manual HID page) + 8
  // program type pages (CGROUP_SOCK, LSM, SK_LOOKUP, XDP, and the helper
  // lists' CGROUP_SOCK_ADDR, KPROBE, LIRC_MODE2, RAW_TRACEPOINT_WRITABLE;
  // EXT and LWT_SEG6LOCAL have no pair, as on the site).
  CHECK(compared == 13 * 2 + 8);
  // The manual HID page gets blocks the builder will find no pair for.
  CHECK(got.count("linux/kfuncs/hid_bpf_get_data.md KFUNC_PROG_REF") == 1);
}

TEST_CASE("kfunc render: --btf-missing error refuses and lists both directions") {
  TempDir tmp;
  // bpf_cpumask_create is in the 6.11 BTF but not in this data; bpf_new_one
  // is in the data but not in the BTF; bpf_fentry_test1 (BTF only) is ignored
  // and cgroup_rstat_flush (data only) removed, so neither is named.
  KfuncData data = parse_text(tmp,
                              "sets:\n"
                              "  s:\n"
                              "    funcs:\n"
                              "      - name: bpf_cpumask_release\n"
                              "      - name: bpf_new_one\n"
                              "      - name: cgroup_rstat_flush\n");
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir());
  Btf btf(kSample + "/vmlinux-6.11.btf");
  std::vector<BuildNote> notes;
  std::string message;
  try {
    check_btf_kfuncs(data, tables, btf, BtfMissing::Error, notes);
  } catch (const Error& e) {
    message = e.what();
  }
  CHECK(message.find(tmp.file("kfuncs.yaml") + ":5: missing kfunc in BTF: 'bpf_new_one', possibly deleted") !=
        std::string::npos);
  CHECK(message.find("missing kfunc in data file: 'bpf_cpumask_create', possibly newly added") != std::string::npos);
  CHECK(message.find("bpf_fentry_test1") == std::string::npos);
  CHECK(message.find("cgroup_rstat_flush") == std::string::npos);
  CHECK(message.find("--btf-missing keep") != std::string::npos);
  // All listed in one error: bpf_new_one, and the 6.11 BTF's 164 kfuncs but
  // the 6 ignored ones and the 2 this data lists.
  CHECK(message.find("disagree on 157 kfuncs") != std::string::npos);
  CHECK(notes.empty());
}

TEST_CASE("kfunc render: program types merged as kfunc-gen does, tails with its spacing") {
  TempDir tmp;
  KfuncData data = parse_text(tmp,
                              "sets:\n"
                              "  common:\n"
                              "    funcs:\n"
                              "      - name: k_all\n"
                              "      - name: k_except\n"
                              "        except:\n"
                              "          program_types:\n"
                              "            - name: BPF_PROG_TYPE_TRACEPOINT\n"
                              "            - name: BPF_PROG_TYPE_XDP\n"
                              "    program_types:\n"
                              "      - name: BPF_PROG_TYPE_UNSPEC\n"
                              "  two:\n"
                              "    funcs:\n"
                              "      - name: k_two\n"
                              "        flags: [KF_ACQUIRE]\n"
                              "      - name: cgroup_rstat_flush\n"
                              "    program_types:\n"
                              "      - name: BPF_PROG_TYPE_LSM\n"
                              "        until:\n"
                              "          version: 6.10\n"
                              "          commit: u1\n"
                              "      - name: BPF_PROG_TYPE_SYSCALL\n"
                              "        since:\n"
                              "          version: 6.3\n"
                              "          commit: s1\n"
                              "        until:\n"
                              "          version: 6.11\n"
                              "          commit: u2\n"
                              "      - name: BPF_PROG_TYPE_LSM\n"
                              "        since:\n"
                              "          version: 7.0\n"
                              "          commit: ignored\n"
                              "  again:\n"
                              "    funcs:\n"
                              "      - name: k_two\n"
                              "        flags: [KF_RELEASE]\n"
                              "    program_types:\n"
                              "      - name: BPF_PROG_TYPE_KPROBE\n");
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir());
  std::vector<MergedKfunc> merged = merge_kfuncs(data, tables);
  REQUIRE(merged.size() == 3);  // cgroup_rstat_flush is removed
  CHECK(merged[0].name == "k_all");
  CHECK(merged[0].program_types.size() == 23);  // the UNSPEC table
  CHECK(merged[1].name == "k_except");
  CHECK(merged[1].program_types.size() == 21);
  CHECK(merged[2].name == "k_two");
  CHECK(merged[2].flags == std::vector<std::string>{"KF_RELEASE"});  // the last set in file order

  std::map<std::string, std::string> refs = by_page_kind(render_kfunc_prog_ref(merged));
  // Byte order, first of equal names kept (LSM's until, not the later since);
  // since-only ends in a dangling " - ", until-only has two spaces; 6.10 as written.
  CHECK(refs["linux/kfuncs/k_two.md KFUNC_PROG_REF"] ==
        "\n"
        "- [`BPF_PROG_TYPE_KPROBE`](../program-type/BPF_PROG_TYPE_KPROBE.md)\n"
        "- [`BPF_PROG_TYPE_LSM`](../program-type/BPF_PROG_TYPE_LSM.md) -  [:octicons-tag-24: "
        "v6.10](https://github.com/torvalds/linux/commit/u1)\n"
        "- [`BPF_PROG_TYPE_SYSCALL`](../program-type/BPF_PROG_TYPE_SYSCALL.md) [:octicons-tag-24: "
        "v6.3](https://github.com/torvalds/linux/commit/s1) -  [:octicons-tag-24: "
        "v6.11](https://github.com/torvalds/linux/commit/u2)\n");
  std::string except_body = refs["linux/kfuncs/k_except.md KFUNC_PROG_REF"];
  CHECK(except_body.find("BPF_PROG_TYPE_TRACEPOINT") == std::string::npos);
  CHECK(except_body.find("- [`BPF_PROG_TYPE_PERF_EVENT`](../program-type/BPF_PROG_TYPE_PERF_EVENT.md)" +
                         std::string(kTag612) + " - \n") != std::string::npos);

  std::map<std::string, std::string> progs = by_page_kind(render_prog_kfunc_ref(
      merged, {"linux/program-type/BPF_PROG_TYPE_PERF_EVENT.md", "linux/program-type/BPF_PROG_TYPE_SK_LOOKUP.md",
               "linux/program-type/BPF_PROG_TYPE_LSM.md"}));
  // The program type's since in the set, not the kfunc's own age.
  CHECK(progs["linux/program-type/BPF_PROG_TYPE_PERF_EVENT.md PROG_KFUNC_REF"] ==
        "\n??? abstract \"Supported kfuncs\"\n"
        "    - [`k_all`](../kfuncs/k_all.md)" + std::string(kTag612) + " - \n"
        "    - [`k_except`](../kfuncs/k_except.md)" + std::string(kTag612) + " - \n");
  CHECK(progs["linux/program-type/BPF_PROG_TYPE_SK_LOOKUP.md PROG_KFUNC_REF"] ==
        "\nThere are currently no kfuncs supported for this program type\n");
  CHECK(progs["linux/program-type/BPF_PROG_TYPE_LSM.md PROG_KFUNC_REF"] ==
        "\n??? abstract \"Supported kfuncs\"\n"
        "    - [`k_all`](../kfuncs/k_all.md)\n"
        "    - [`k_except`](../kfuncs/k_except.md)\n"
        "    - [`k_two`](../kfuncs/k_two.md) -  [:octicons-tag-24: v6.10](https://github.com/torvalds/linux/commit/u1)\n");
}

TEST_CASE("kfunc render: without a BTF no KFUNC_DEF is rendered, keep without a signature notes it") {
  TempDir tmp;
  KfuncData data = parse_text(tmp, "sets:\n  s:\n    funcs:\n      - name: bpf_new_one\n        flags: [KF_RELEASE]\n");
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir());
  std::vector<BuildNote> notes;
  KfuncBuildInput in{&data, &tables, nullptr, BtfMissing::Error, {}, {}, {}};
  std::vector<Block> blocks = render_kfunc_blocks(in, notes);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].kind == "KFUNC_PROG_REF");
  CHECK(blocks[0].body == "\n");  // no program types: an empty list

  Btf btf_file(kSample + "/vmlinux-6.11.btf");
  SignatureSource btf{btf_file.path(), [&](const std::string& k) { return btf_file.signature(k); }};
  std::vector<MergedKfunc> merged = merge_kfuncs(data, tables);
  auto with_body = [](std::optional<std::string> b) {
    return [b](const std::string&, const std::string&) { return b; };
  };
  std::vector<Block> kept = render_kfunc_def(merged, btf, with_body("\n`#!c int bpf_new_one(void)`\nold\n"), notes);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].body == "\n`#!c int bpf_new_one(void)`\n" + kfunc_notices({"KF_RELEASE"}));
  CHECK(notes.empty());
  CHECK(render_kfunc_def(merged, btf, with_body("\n"), notes).empty());
  CHECK(render_kfunc_def(merged, btf, with_body(std::nullopt), notes).empty());
  CHECK(notes.size() == 2);
}

TEST_CASE("kfunc render: the data folder is found from a build tree and from an install") {
  TempDir tmp;
  write_file(tmp.file("src/data/kfunc-gen.yaml"), "");
  write_file(tmp.file("prefix/share/ksince/data/kfunc-gen.yaml"), "");
  CHECK(find_data_dir("", tmp.file("src/build/engine/ksince")) == tmp.file("src/data"));
  CHECK(find_data_dir("", tmp.file("prefix/bin/ksince")) == tmp.file("prefix/share/ksince/data"));
  // Anywhere else: the source tree this ksince was built from.
  CHECK(find_data_dir("", tmp.file("elsewhere/ksince")) == std::string(KSINCE_SOURCE_DIR) + "/data");
  CHECK(find_data_dir(tmp.file("src/data")) == tmp.file("src/data"));
  CHECK_THROWS_WITH_AS(find_data_dir(tmp.file("prefix")), doctest::Contains("not a ksince data folder"), Error);
  // The tables shipped are kfunc-gen's: 16 removed, 6 ignored, 23 UNSPEC types.
  KfuncGenTables t = load_kfunc_gen_tables(find_data_dir());
  CHECK(t.removed.size() == 16);
  CHECK(t.ignored.size() == 6);
  REQUIRE(t.unspec.size() == 23);
  CHECK(t.unspec[9].name == "BPF_PROG_TYPE_CGROUP_SOCK_ADDR");
  CHECK(t.unspec[9].since->version == "6.7");
  CHECK(t.unspec[9].since->commit == "53e380d21441909b12b6e0782b77187ae4b971c4");
}
