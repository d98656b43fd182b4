// The docs site's kfuncs.yaml: every key kept through import and export,
// findings with file:line, errors with file:line.
#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "docs/data_dir.h"
#include "util/error.h"
#include "git_fixture.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_store.h"
#include "docs/kfunc_tables.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kReal = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs/kfuncs.yaml";

// Through the index and back, as `import` then `export --format kfuncs` do.
std::string round_trip(const KfuncData& d, const TempDir& tmp) {
  Store store(tmp.file("k.db"), Store::Mode::Create);
  store_imported_kfuncs(store, d, d.source);
  std::optional<KfuncData> back = imported_kfuncs(store);
  REQUIRE(back.has_value());
  return export_kfuncs_yaml(*back);
}

std::string messages(const std::vector<BuildNote>& notes) {
  std::string out;
  for (const BuildNote& n : notes) out += cat(n.line, ": ", n.message, "\n");
  return out;
}

}  // namespace

TEST_CASE("kfuncs import: the site's real kfuncs.yaml comes back but for comments and go-yaml's quoting") {
  std::string original = read_file(kReal);
  REQUIRE(!original.empty());
  TempDir tmp;
  std::string exported = round_trip(parse_kfuncs_file(kReal), tmp);

  // Classify every difference. The original minus its comments and trailing
  // blanks must be the export line for line, apart from `version: X` values
  // that YAML reads as numbers, which go-yaml writes "X".
  size_t comment_lines = 0, trailing_comments = 0, trailing_blanks = 0, quoted = 0;
  std::vector<std::string> expected;
  for (std::string l : split_lines(original)) {
    size_t first = l.find_first_not_of(' ');
    if (first != std::string::npos && l[first] == '#') {
      comment_lines++;
      continue;
    }
    size_t hash = l.find(" #");
    if (hash != std::string::npos) {
      l.erase(hash);
      trailing_comments++;
    }
    size_t end = l.find_last_not_of(' ');
    size_t keep = end == std::string::npos ? 0 : end + 1;
    if (keep != l.size()) {
      l.erase(keep);
      trailing_blanks++;
    }
    expected.push_back(l);
  }
  std::vector<std::string> got = split_lines(exported);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); i++) {
    if (got[i] == expected[i]) continue;
    INFO("export line ", i + 1, ": '", expected[i], "' became '", got[i], "'");
    size_t colon = expected[i].find("version: ");
    REQUIRE(colon != std::string::npos);
    CHECK(got[i] == expected[i].substr(0, colon + 9) + "\"" + expected[i].substr(colon + 9) + "\"");
    quoted++;
  }
  // The figures of the real file at 18ec5e93 (docs/docs-site.md lists them).
  CHECK(comment_lines == 13);     // the HID pseudo-set note and the rqspinlock per-line notes
  CHECK(trailing_comments == 42);  // `except: # kfunc excluded by ...` and `program_types: # For ...`
  CHECK(trailing_blanks == 2);     // `- name: scx_bpf_task_set_slice ` and a line of two spaces
  CHECK(quoted == 37);             // version: 6.12 x28, 6.11 x4, 6.7 x2, 6.15 x2, 6.3 x1
  CHECK(exported.back() == '\n');

  // The export is a fixed point.
  write_file(tmp.file("again.yaml"), exported);
  TempDir tmp2;
  CHECK(round_trip(parse_kfuncs_file(tmp.file("again.yaml")), tmp2) == exported);
}

TEST_CASE("kfuncs import: the real file's model") {
  KfuncData d = parse_kfuncs_file(kReal);
  size_t funcs = 0, attach = 0;
  for (const KfuncSet& s : d.sets) {
    funcs += s.funcs ? s.funcs->size() : 0;
    attach += s.attach_type.has_value();
  }
  // GENERATORS.md section 0 and 6.
  CHECK(d.sets.size() == 43);
  CHECK(funcs == 334);
  CHECK(attach == 3);
  CHECK(d.sets[0].name == "bpf_rstat_kfunc_ids");
  CHECK(d.sets[1].attach_type == std::vector<std::string>{"BPF_TRACE_ITER"});
  const KfuncProgramType& tp = (*d.sets[0].program_types)[1];
  CHECK(tp.name == "BPF_PROG_TYPE_TRACEPOINT");
  REQUIRE(tp.since.has_value());
  CHECK(tp.since->version == "6.12");
  CHECK(tp.since->commit == "bc638d8cb5be813d4eeb9f63cce52caaa18f3960");
  CHECK(tp.line == 12);
  CHECK(!(*d.sets[0].funcs)[0].flags.has_value());  // cgroup_rstat_updated has no flags key
  CHECK(*(*d.sets[0].funcs)[1].flags == std::vector<std::string>{"KF_SLEEPABLE"});
}

TEST_CASE("kfuncs import: the real file's one finding is bpf_list_push_front listed twice") {
  KfuncData d = parse_kfuncs_file(kReal);
  std::vector<BuildNote> notes = check_kfuncs(d, load_program_types(find_data_dir()));
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].file == kReal);
  CHECK(notes[0].line == 170);
  CHECK(notes[0].message ==
        "kfunc 'bpf_list_push_front' is listed twice in set 'generic_btf_ids' (first on line 161); remove one");
}

TEST_CASE("kfuncs import: findings on a hand-made file, each with its line") {
  TempDir tmp;
  write_file(tmp.file("k.yaml"),
             "sets:\n"
             "  a:\n"
             "    funcs:\n"
             "      - name: f\n"
             "        flags: [KF_ACQUIRE]\n"
             "        except:\n"
             "          program_types:\n"
             "            - name: BPF_PROG_TYPE_NOPE\n"
             "    program_types:\n"
             "      - name: BPF_PROG_TYPE_XDP\n"
             "      - name: BPF_PROG_TYPE_XPD\n"
             "  empty:\n"
             "    funcs: []\n"
             "    program_types:\n"
             "      - name: BPF_PROG_TYPE_XDP\n"
             "  b:\n"
             "    funcs:\n"
             "      - name: f\n"
             "        flags: [KF_RELEASE]\n"
             "    program_types:\n"
             "      - name: BPF_PROG_TYPE_LSM\n");
  KfuncData d = parse_kfuncs_file(tmp.file("k.yaml"));
  CHECK(messages(check_kfuncs(d, load_program_types(find_data_dir()))) ==
        "8: unknown program type 'BPF_PROG_TYPE_NOPE' in the except list of 'f'; it excludes nothing\n"
        "11: unknown program type 'BPF_PROG_TYPE_XPD' in set 'a'; kfunc-gen would link a page that does not exist\n"
        "12: set 'empty' has no funcs\n"
        "18: kfunc 'f' has other flags in set 'b' than in set 'a' (line 4); ksince renders the flags of the last "
        "set in file order\n");
}

TEST_CASE("kfuncs import: keys no generator reads are kept, at every level, through the index") {
  TempDir tmp;
  std::string text =
      "sets:\n"
      "  s:\n"
      "    funcs:\n"
      "      - name: f\n"
      "        flags: []\n"
      "        except:\n"
      "          program_types:\n"
      "            - name: BPF_PROG_TYPE_KPROBE\n"
      "              why: verifier\n"
      "          note: \"7.0\"\n"
      "        owner:\n"
      "          - a\n"
      "          - b\n"
      "      - name: g\n"
      "        except: {}\n"
      "    program_types:\n"
      "      - name: BPF_PROG_TYPE_XDP\n"
      "        until:\n"
      "          version: \"6.10\"\n"
      "          commit: abc\n"
      "          reason: renamed\n"
      "    attach_type: []\n"
      "    filter:\n"
      "      fn: bpf_x_filter\n"
      "      types:\n"
      "        - XDP\n"
      "        - key: v\n"
      "          other: w\n"
      "\n"
      "  t: {}\n"
      "comment: 6.1\n";
  write_file(tmp.file("k.yaml"), text);
  CHECK(round_trip(parse_kfuncs_file(tmp.file("k.yaml")), tmp) == text);
}

TEST_CASE("kfuncs import: a second import replaces the first and says which") {
  TempDir tmp;
  write_file(tmp.file("a.yaml"), "sets:\n  a:\n    funcs:\n      - name: f\n");
  write_file(tmp.file("b.yaml"), "sets:\n  b:\n    funcs:\n      - name: g\n");
  Store store(tmp.file("k.db"), Store::Mode::Create);
  CHECK(!imported_kfuncs(store).has_value());
  CHECK(!store_imported_kfuncs(store, parse_kfuncs_file(tmp.file("a.yaml")), tmp.file("a.yaml")).has_value());
  CHECK(store_imported_kfuncs(store, parse_kfuncs_file(tmp.file("b.yaml")), tmp.file("b.yaml")) == tmp.file("a.yaml"));
  std::optional<KfuncData> d = imported_kfuncs(store);
  REQUIRE(d.has_value());
  CHECK(d->source == tmp.file("b.yaml"));
  REQUIRE(d->sets.size() == 1);
  CHECK((*d->sets[0].funcs)[0].name == "g");
}

TEST_CASE("kfuncs import: bad files fail with file:line") {
  TempDir tmp;
  auto error_of = [&](const std::string& text) {
    write_file(tmp.file("bad.yaml"), text);
    try {
      parse_kfuncs_file(tmp.file("bad.yaml"));
    } catch (const Error& e) {
      return std::string(e.what()).substr(tmp.file("bad.yaml").size());
    }
    return std::string("no error");
  };
  CHECK(error_of("sets:\n  a:\n    funcs:\n      - name: f\n  a:\n    funcs: []\n") ==
        ":5:3: 'a' is already defined on line 2 of this mapping; merge the two");
  CHECK(error_of("sets:\n  a:\n    funcs:\n      - flags: [X]\n") == ":4:9: a kfunc needs a name (- name: bpf_...)");
  CHECK(error_of("sets:\n  a:\n    funcs: f\n") == ":3:12: funcs must be a list of `- name: ...`");
  CHECK(error_of("sets:\n  a:\n    program_types:\n      - name: X\n        since: [1]\n") ==
        ":5:16: since must be a mapping (key: value)");
  CHECK(error_of("sets:\n  a: [\n").find(": invalid YAML: ") != std::string::npos);
  CHECK(error_of("- name: g\n  features: []\n") == ": not a kfuncs file (it has no top-level `sets:` mapping)");
}

TEST_CASE("kfuncs import: told apart from the other data files by content") {
  CHECK(looks_like_kfuncs(YAML::LoadFile(kReal)));
  CHECK(!looks_like_kfuncs(YAML::LoadFile(std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs-feature-versions.yaml")));
  CHECK(!looks_like_kfuncs(YAML::Load("groups: {}\nprograms: {}\n")));
}

TEST_CASE("kfuncs import: multi-line strings come back as go-yaml's literal blocks, through the index") {
  // go-yaml v3 with indent 2 puts a block's lines 2 columns right of its key
  // or dash (tests/yaml_differential_test.cc checks that against go-yaml).
  TempDir tmp;
  std::string text =
      "sets:\n"
      "  s:\n"
      "    funcs:\n"
      "      - name: f\n"
      "        note: |-\n"
      "          one\n"
      "          two\n"
      "        owner:\n"
      "          - |\n"
      "            a\n"
      "          - \"\\nb\"\n"
      "    program_types:\n"
      "      - name: BPF_PROG_TYPE_XDP\n"
      "        until:\n"
      "          version: |-\n"
      "            6.10\n"
      "            x\n"
      "          commit: abc\n"
      "    attach_type:\n"
      "      - |2-\n"
      "         indented\n"
      "        more\n";
  write_file(tmp.file("k.yaml"), text);
  KfuncData d = parse_kfuncs_file(tmp.file("k.yaml"));
  CHECK(round_trip(d, tmp) == text);
  // And yaml-cpp reads the export as the same strings.
  YAML::Node back = YAML::Load(round_trip(d, tmp));
  CHECK(back["sets"]["s"]["funcs"][0]["note"].as<std::string>() == "one\ntwo");
  CHECK(back["sets"]["s"]["attach_type"][0].as<std::string>() == " indented\nmore");
}
