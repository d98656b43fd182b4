// The kfuncs.yaml written from derived facts, on a generated kernel-like
// repository: kfunc-gen's own merge of it (UNSPEC table, except lists) must
// give every kfunc exactly the program types the source gives it, a set
// reaching a program type later must say since when, and docs build must
// render KFUNC_DEF from the source's signature when no BTF is given.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "docs/data_dir.h"
#include "facts/derived_facts.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_render.h"
#include "docs/kfunc_tables.h"
#include "docs/kfuncs_from_facts.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// bpf_prog_type_to_kfunc_hook() with the hooks the test needs.
std::string btf_c(bool tracing_has_lsm) {
  std::string t =
      "static int bpf_prog_type_to_kfunc_hook(enum bpf_prog_type prog_type)\n{\n\tswitch (prog_type) {\n"
      "\tcase BPF_PROG_TYPE_XDP:\n\t\treturn BTF_KFUNC_HOOK_XDP;\n"
      "\tcase BPF_PROG_TYPE_SCHED_CLS:\n\t\treturn BTF_KFUNC_HOOK_TC;\n"
      "\tcase BPF_PROG_TYPE_TRACING:\n";
  if (tracing_has_lsm) t += "\tcase BPF_PROG_TYPE_LSM:\n";
  return t + "\t\treturn BTF_KFUNC_HOOK_TRACING;\n\tdefault:\n\t\treturn BTF_KFUNC_HOOK_MAX;\n\t}\n}\n";
}

// Two sets: a generic one registered for XDP and TRACING (through a
// `ret = ret ?:` chain), and one for TC whose filter refuses bpf_tc_only_not
// to... nothing (filters are the extractor's tests); a kfunc in both sets.
std::string helpers_c(bool with_new) {
  std::string t =
      "__bpf_kfunc_start_defs();\n"
      "__bpf_kfunc struct task_struct *bpf_task_get(struct task_struct *p)\n{\n\treturn p;\n}\n"
      "__bpf_kfunc void bpf_task_put(struct task_struct *p)\n{\n}\n"
      "__bpf_kfunc int bpf_both(int x)\n{\n\treturn x;\n}\n";
  if (with_new) t += "__bpf_kfunc int bpf_newer(void)\n{\n\treturn 0;\n}\n";
  t += "__bpf_kfunc_end_defs();\n\n"
       "BTF_KFUNCS_START(generic_btf_ids)\n"
       "BTF_ID_FLAGS(func, bpf_task_get, KF_ACQUIRE | KF_RET_NULL)\n"
       "BTF_ID_FLAGS(func, bpf_task_put, KF_RELEASE)\n"
       "BTF_ID_FLAGS(func, bpf_both)\n";
  if (with_new) t += "BTF_ID_FLAGS(func, bpf_newer, KF_SLEEPABLE)\n";
  t += "BTF_KFUNCS_END(generic_btf_ids)\n\n"
       "BTF_KFUNCS_START(tc_btf_ids)\n"
       "BTF_ID_FLAGS(func, bpf_both, KF_TRUSTED_ARGS)\n"
       "BTF_KFUNCS_END(tc_btf_ids)\n\n"
       "static const struct btf_kfunc_id_set generic_kfunc_set = {\n\t.owner = THIS_MODULE,\n"
       "\t.set   = &generic_btf_ids,\n};\n"
       "static const struct btf_kfunc_id_set tc_kfunc_set = {\n\t.owner = THIS_MODULE,\n\t.set   = &tc_btf_ids,\n};\n\n"
       "static int __init kfunc_init(void)\n{\n\tint ret;\n\n"
       "\tret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &generic_kfunc_set);\n"
       "\tret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &generic_kfunc_set);\n"
       "\treturn ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &tc_kfunc_set);\n}\n"
       "late_initcall(kfunc_init);\n";
  return t;
}

std::set<std::string> derived_pairs(Store& store, const std::string& tag) {
  std::set<std::string> out;
  for (const auto& a : derived_facts(store, "prog_kfunc", tag)) out.insert(a.key);
  return out;
}

}  // namespace

TEST_CASE("kfuncs export: kfunc-gen's merge of the derived file gives the derived program types") {
  GitRepo repo;
  int64_t date = 1700000000;
  auto release = [&](const std::string& tag, bool lsm, bool with_new) {
    repo.write("kernel/bpf/btf.c", btf_c(lsm));
    repo.write("kernel/bpf/helpers.c", helpers_c(with_new));
    repo.commit("release " + tag, date += 100);
    repo.tag(tag, "HEAD", true, date += 100);
  };
  release("v1.0", false, false);
  // LSM joins the tracing hook, then a kfunc is added: two commits.
  repo.write("kernel/bpf/btf.c", btf_c(true));
  repo.commit("bpf: LSM programs take the tracing kfuncs", date += 100);
  release("v1.1", true, true);

  TempDir tmp;
  write_file(tmp.file("p.yaml"), "files: [kernel]\ntags: ['^v']\npatterns:\n  - name: kfuncs\n    kind: kfunc\n"
                                 "    patterns:\n      - name: bpf_newer\n      - name: bpf_task_get\n");
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  run_index(o, quiet);
  Store store(o.db, Store::Mode::ReadOnly);
  KfuncGenTables tables = load_kfunc_gen_tables(find_data_dir());

  // The pairs the source defines, written out: the generic set through the
  // XDP and tracing hooks (LSM on the latter from v1.1), the tc set for
  // SCHED_CLS.
  std::set<std::string> v1_0;
  for (const char* k : {"bpf_task_get", "bpf_task_put", "bpf_both"})
    for (const char* t : {"BPF_PROG_TYPE_XDP ", "BPF_PROG_TYPE_TRACING "}) v1_0.insert(t + std::string(k));
  v1_0.insert("BPF_PROG_TYPE_SCHED_CLS bpf_both");
  std::set<std::string> v1_1 = v1_0;
  for (const char* k : {"bpf_task_get", "bpf_task_put", "bpf_both", "bpf_newer"})
    v1_1.insert(std::string("BPF_PROG_TYPE_LSM ") + k);
  v1_1.insert({"BPF_PROG_TYPE_XDP bpf_newer", "BPF_PROG_TYPE_TRACING bpf_newer"});
  const std::map<std::string, std::set<std::string>> pairs = {{"v1.0", v1_0}, {"v1.1", v1_1}};

  for (const auto& tag_pairs : pairs) {
    const std::string& tag = tag_pairs.first;
    const std::set<std::string>& want = tag_pairs.second;
    CAPTURE(tag);
    CHECK(derived_pairs(store, tag) == want);
    // Through the file, as a site would read it back.
    std::string file = tmp.file("kfuncs-" + tag + ".yaml");
    write_file(file, export_kfuncs_yaml(kfuncs_from_facts(store, tag)));
    KfuncData back = parse_kfuncs_file(file);
    std::set<std::string> merged;
    for (const MergedKfunc& k : merge_kfuncs(back, tables))
      for (const KfuncProgramType& p : k.program_types) merged.insert(p.name + " " + k.name);
    CHECK(merged == want);
  }
  // What the test wrote: LSM calls the generic set from v1.1 on (through the
  // tracing hook), so the set's LSM entry says since 1.1, with the commit
  // that gave LSM the hook as git finds it; XDP had it all along.
  const std::string lsm_case = "case BPF_PROG_TYPE_LSM:";
  const std::string lsm_commit = repo.git("log --format=%H -S'" + lsm_case + "' v1.0..v1.1 -- kernel/bpf/btf.c");
  REQUIRE(lsm_commit.size() == 41);  // one commit, and not v1.1's own
  CHECK(lsm_commit.substr(0, 40) != repo.git("rev-parse v1.1^{commit}").substr(0, 40));
  KfuncData now = kfuncs_from_facts(store);
  bool lsm_seen = false;
  for (const KfuncSet& s : now.sets) {
    if (s.name != "generic_btf_ids") continue;
    REQUIRE(s.program_types);
    for (const KfuncProgramType& p : *s.program_types) {
      CAPTURE(p.name);
      if (p.name == "BPF_PROG_TYPE_LSM") {
        lsm_seen = true;
        REQUIRE(p.since);
        CHECK(p.since->version == "1.1");
        CHECK(p.since->commit == lsm_commit.substr(0, 40));
        // git's own word: the hook's case is there at the commit, at no parent.
        CHECK(repo.git_status("grep -q -F '" + lsm_case + "' " + p.since->commit + " -- kernel/bpf/btf.c") == 0);
        std::istringstream parents(repo.git("rev-list --parents -n 1 " + p.since->commit));
        std::string self, parent;
        parents >> self;
        while (parents >> parent)
          CHECK(repo.git_status("grep -q -F '" + lsm_case + "' " + parent + " -- kernel/bpf/btf.c") == 1);
      } else {
        CHECK(!p.since);
      }
    }
    // Flags as the source writes them, in its order.
    REQUIRE(s.funcs);
    CHECK((*s.funcs)[0].name == "bpf_task_get");
    CHECK((*s.funcs)[0].flags == std::vector<std::string>{"KF_ACQUIRE", "KF_RET_NULL"});
  }
  CHECK(lsm_seen);
  // The kfunc in two sets keeps each set's flags: generic gives none, tc gives KF_TRUSTED_ARGS.
  for (const KfuncSet& s : now.sets)
    for (const Kfunc& k : *s.funcs)
      if (k.name == "bpf_both") CHECK(k.flags.has_value() == (s.name == "tc_btf_ids"));

  // A declared kfunc pattern takes the set membership's version.
  std::vector<DerivedAnswer> newer = derived_facts_about(store, "bpf_newer");
  bool kfunc_fact = false;
  for (const auto& a : newer) kfunc_fact |= a.kind == "kfunc" && a.version == "v1.1";
  CHECK(kfunc_fact);

  // docs build without a BTF: KFUNC_DEF from the source's definition.
  std::string docs = tmp.file("docs");
  write_file(docs + "/linux/kfuncs/bpf_task_get.md",
             "# bpf_task_get\n\n**Signature**\n\n<!-- [KFUNC_DEF] -->\nold\n<!-- [/KFUNC_DEF] -->\n");
  auto r = run(shell_quote(KSINCE_BIN) + " docs build --from derived --root " + shell_quote(docs) + " --db " +
               shell_quote(o.db));
  CHECK(r.status == 0);
  std::string page = read_file(docs + "/linux/kfuncs/bpf_task_get.md");
  // (The start marker is "**Signature**\n\n<!-- [KFUNC_DEF] -->"; the body opens with "\n".)
  CHECK(page == "# bpf_task_get\n\n**Signature**\n\n<!-- [KFUNC_DEF] -->"
                "\n`#!c struct task_struct *bpf_task_get(struct task_struct *p)`\n" +
                    kfunc_notices({"KF_ACQUIRE", "KF_RET_NULL"}) + "<!-- [/KFUNC_DEF] -->\n");
}

namespace {

// `ksince ARGS --db DB` through the binary.
CommandResult run_ksince(const std::string& args, const std::string& db) {
  return run(shell_quote(KSINCE_BIN) + " " + args + " --db " + shell_quote(db));
}

// Default and `--at NEWEST` must give the same bytes, and differ from an
// older tag (so the comparison can fail).
void same_as_newest(const std::string& args, const std::string& db, const std::string& newest,
                    const std::string& older) {
  CAPTURE(args);
  CommandResult def = run_ksince(args, db), at = run_ksince(args + " --at " + newest, db),
                old = run_ksince(args + " --at " + older, db);
  CHECK(def.status == at.status);
  CHECK(def.out == at.out);
  CHECK(!at.out.empty());
  CHECK(at.out != old.out);
}

}  // namespace

TEST_CASE("kfuncs: without --at, every command answers for the newest tag the index selected") {
  GitRepo repo;
  int64_t date = 1700000000;
  const std::string put = "BTF_ID_FLAGS(func, bpf_task_put, KF_RELEASE)\n";
  auto release = [&](const std::string& tag, const std::string& helpers) {
    repo.write("kernel/bpf/btf.c", btf_c(true));
    repo.write("kernel/bpf/helpers.c", helpers);
    repo.commit("release " + tag, date += 100);
    repo.tag(tag, "HEAD", true, date += 100);
  };
  std::string without_put = helpers_c(false);
  without_put.erase(without_put.find(put), put.size());
  release("v1.0", "int no_kfuncs_yet(void)\n{\n\treturn 0;\n}\n");  // kfuncs came later
  release("v1.1", helpers_c(true));
  release("v1.2", helpers_c(false));  // bpf_newer removed at the newest release
  release("v1.3-rc1", without_put);   // bpf_task_put removed at the newest rc

  TempDir tmp;
  write_file(tmp.file("p.yaml"), "files: [kernel]\ntags: ['^v[0-9.]+$']\npatterns:\n  - name: kfuncs\n    kind: kfunc\n"
                                 "    patterns:\n      - name: bpf_newer\n      - name: bpf_task_get\n");
  for (bool rc : {false, true}) {
    CAPTURE(rc);
    std::string db = tmp.file(rc ? "rc.db" : "k.db");
    std::string newest = rc ? "v1.3-rc1" : "v1.2", older = rc ? "v1.2" : "v1.1";
    REQUIRE(run(shell_quote(KSINCE_BIN) + " index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
                shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db) + (rc ? " --rc" : ""))
                .status == 0);
    same_as_newest("export --format kfuncs", db, newest, older);
    same_as_newest("export --format kfuncs --from derived", db, newest, older);
    same_as_newest("query BPF_PROG_TYPE_XDP --kfuncs --json", db, newest, older);
    // What is gone at the newest tag is not in its answer.
    std::string now = run_ksince("export --format kfuncs", db).out;
    CHECK(now.find("bpf_newer") == std::string::npos);
    CHECK((now.find("bpf_task_put") == std::string::npos) == rc);

    // check --against a file written at the newest tag agrees with the default.
    write_file(tmp.file("newest.yaml"), run_ksince("export --format kfuncs --at " + newest, db).out);
    CommandResult check = run_ksince("check --against " + shell_quote(tmp.file("newest.yaml")), db);
    CHECK(check.status == 0);
    CHECK(check.out == "0 disagreements\n");

    // docs build --from derived renders the newest tag's lists.
    for (const std::string& at : {std::string(), newest}) {
      std::string docs = tmp.file("docs-" + std::to_string(rc) + at);
      write_file(docs + "/linux/program-type/BPF_PROG_TYPE_XDP.md",
                 "# XDP\n\n<!-- [PROG_KFUNC_REF] -->\n<!-- [/PROG_KFUNC_REF] -->\n");
      REQUIRE(run_ksince("docs build --quiet --from derived --root " + shell_quote(docs) +
                         (at.empty() ? "" : " --at " + at),
                     db)
                  .status == 0);
    }
    std::string page = "/linux/program-type/BPF_PROG_TYPE_XDP.md";
    std::string by_default = read_file(tmp.file("docs-" + std::to_string(rc)) + page);
    CHECK(by_default == read_file(tmp.file("docs-" + std::to_string(rc) + newest) + page));
    CHECK(by_default.find("bpf_task_get") != std::string::npos);
    CHECK(by_default.find("bpf_newer") == std::string::npos);

    // With both kinds in the index, the one default (site_data.h): the
    // imported file, for export and docs build alike; a tag asks for derived.
    write_file(tmp.file("older.yaml"), run_ksince("export --format kfuncs --at " + older, db).out);
    REQUIRE(run_ksince("import " + shell_quote(tmp.file("older.yaml")), db).status == 0);
    CommandResult imported = run_ksince("export --format kfuncs", db);
    CHECK(imported.status == 0);
    CHECK(imported.out == read_file(tmp.file("older.yaml")));
    CHECK(imported.out == run_ksince("export --format kfuncs --from imported", db).out);
    CHECK(run_ksince("export --format kfuncs --from derived", db).out == now);
    CommandResult tagged = run_ksince("export --format kfuncs --at " + newest, db);
    CHECK(tagged.status == 2);
    CHECK(tagged.err.find("--at: the index holds an imported data file of this kind") != std::string::npos);
  }
}

TEST_CASE("kfuncs: a tag without kfuncs exports an empty file and says so, an index without facts is an error") {
  GitRepo repo;
  repo.write("kernel/bpf/btf.c", btf_c(false));
  repo.write("kernel/bpf/helpers.c", "int no_kfuncs_yet(void)\n{\n\treturn 0;\n}\n");
  repo.commit("v5.10", 1700000000);
  repo.tag("v5.10", "HEAD", true, 1700000100);
  repo.write("kernel/bpf/helpers.c", helpers_c(false));
  repo.commit("v5.13", 1700000200);
  repo.tag("v5.13", "HEAD", true, 1700000300);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"bpf_task_get"}, "[kernel]"));
  for (const std::string tags : {"['^v5.10$']", "['^v']"}) {
    CAPTURE(tags);
    std::string db = tmp.file(tags.size() > 7 ? "one.db" : "both.db");
    write_file(tmp.file("p.yaml"), simple_patterns({"bpf_task_get"}, "[kernel]", tags));
    REQUIRE(run(shell_quote(KSINCE_BIN) + " index --quiet --repo " + shell_quote(repo.path()) + " --patterns " +
                shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db))
                .status == 0);
    CommandResult r = run_ksince("export --format kfuncs --at v5.10", db);
    CHECK(r.status == 0);
    CHECK(r.out == "sets: {}\n");
    CHECK(r.err.find("the source has no kfuncs at v5.10") != std::string::npos);
    // The file reads back as an empty kfuncs file.
    write_file(tmp.file("empty.yaml"), r.out);
    CHECK(parse_kfuncs_file(tmp.file("empty.yaml")).sets.empty());
  }
  std::string db = tmp.file("nofacts.db");
  REQUIRE(run(shell_quote(KSINCE_BIN) + " index --quiet --no-facts --repo " + shell_quote(repo.path()) +
              " --patterns " + shell_quote(tmp.file("p.yaml")) + " --db " + shell_quote(db))
              .status == 0);
  CommandResult r = run_ksince("export --format kfuncs --at v5.10", db);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("nor facts derived from the source (ksince index on a kernel repository, without --no-facts)") !=
        std::string::npos);
  CommandResult derived = run_ksince("export --format kfuncs --from derived", db);
  CHECK(derived.status == 2);
  CHECK(derived.err.find("no facts derived from the source; run `ksince index` (without --no-facts)") !=
        std::string::npos);
}

// docs build --report for the kfunc lists through the binary, against a
// hand-kept kfuncs.yaml of v1.0 with LSM dated a release early, a flag
// missed and a kfunc the source never had. The whole report is compared,
// each place as git grep finds it at v1.1, and the exit status checked.
TEST_CASE("kfuncs: docs build --report on the kfunc lists, the whole text, each place as git shows it") {
  GitRepo repo;
  int64_t date = 1700000000;
  for (bool newer : {false, true}) {
    repo.write("kernel/bpf/btf.c", btf_c(newer));
    repo.write("kernel/bpf/helpers.c", helpers_c(newer));
    commit_release(repo, date, newer ? "v1.1" : "v1.0");
  }
  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_task_get", "kfunc");
  // docs build's exit status is derived_report's to check.
  std::string report = derived_report(
      tmp, o.db, "kfuncs.yaml",
      "sets:\n  generic_btf_ids:\n    funcs:\n      - name: bpf_task_get\n        flags: [KF_ACQUIRE]\n"
      "      - name: bpf_task_put\n        flags: [KF_RELEASE]\n    program_types:\n"
      "      - name: BPF_PROG_TYPE_XDP\n      - name: BPF_PROG_TYPE_TRACING\n      - name: BPF_PROG_TYPE_LSM\n"
      "        since:\n          version: 1.0\n          commit: 1111111111111111111111111111111111111111\n"
      "  tc_btf_ids:\n    funcs:\n      - name: bpf_both\n        flags: [KF_TRUSTED_ARGS]\n"
      "    program_types:\n      - name: BPF_PROG_TYPE_SCHED_CLS\n"
      "  old_btf_ids:\n    funcs:\n      - name: bpf_never\n    program_types:\n"
      "      - name: BPF_PROG_TYPE_TRACING\n",
      "kfuncs");
  // A pair is decided by its set's registration (LSM's through the tracing
  // hook), a kfunc's flags by its BTF_ID_FLAGS line.
  const std::string c = "kernel/bpf/helpers.c";
  auto reg = [&](const std::string& type) {
    return git_grep_place(repo, "v1.1", c, "register_btf_kfunc_id_set(BPF_PROG_TYPE_" + type + ", &generic_kfunc_set)");
  };
  const std::string lsm_moved = "- since of `BPF_PROG_TYPE_LSM` moved: v1.0 -> v1.1 (the source has the pair from "
                                "v1.1): " + reg("TRACING") + "\n";
  CHECK(report ==
        derived_report_head("v1.1") +
            "5 pages change: 6 pairs added, 1 removed, 2 with their since moved, 1 kfuncs with their flags changed.\n"
            "\nNot compared: the helper lists (the index lacks the imported helpers-functions.yaml or derived helper "
            "facts).\n"
            "\n## linux/kfuncs/bpf_both.md\n\n"
            "- added `BPF_PROG_TYPE_LSM`: " + reg("TRACING") + "\n- added `BPF_PROG_TYPE_TRACING`: " + reg("TRACING") +
            "\n- added `BPF_PROG_TYPE_XDP`: " + reg("XDP") + "\n"
            "\n## linux/kfuncs/bpf_never.md\n\n- removed `BPF_PROG_TYPE_TRACING`: not in the source at any indexed "
            "tag\n"
            "\n## linux/kfuncs/bpf_newer.md\n\n"
            "- added `BPF_PROG_TYPE_LSM`: " + reg("TRACING") + "\n- added `BPF_PROG_TYPE_TRACING`: " + reg("TRACING") +
            "\n- added `BPF_PROG_TYPE_XDP`: " + reg("XDP") + "\n"
            "\n## linux/kfuncs/bpf_task_get.md\n\n" + lsm_moved +
            "- flags changed: KF_ACQUIRE -> KF_ACQUIRE, KF_RET_NULL: " +
            git_grep_place(repo, "v1.1", c, "BTF_ID_FLAGS(func, bpf_task_get,") + "\n"
            "\n## linux/kfuncs/bpf_task_put.md\n\n" + lsm_moved);
}
