// The derived-fact pipeline (SPEC "Facts derived from the source") on
// generated merge-heavy histories: presence per tag equals what the test
// wrote into the source, since/prev follow the version rule, every
// introducing commit satisfies the SPEC's definition checked with git, tools/
// and samples/ are never read, a mention is not a definition, and what an
// extractor cannot read is recorded with file:line.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "facts/derived_facts.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kHeader = "include/uapi/linux/bpf.h";

// The uapi header as the test keeps it: three enums, members in order.
struct Uapi {
  std::vector<std::string> progs = {"BPF_PROG_TYPE_UNSPEC"};
  std::vector<std::string> maps = {"BPF_MAP_TYPE_UNSPEC"};
  std::vector<std::string> attach = {"BPF_CGROUP_INET_INGRESS"};

  std::string text() const {
    std::string t = "/* SPDX */\n#ifndef _UAPI__LINUX_BPF_H__\n#define _UAPI__LINUX_BPF_H__\n\n";
    auto put = [&](const std::string& tag, const std::vector<std::string>& ms, bool values) {
      t += "enum " + tag + " {\n";
      for (size_t i = 0; i < ms.size(); i++)
        t += "\t" + ms[i] + (values && i == 0 ? " = 0" : "") + ",\t/* member " + std::to_string(i) + " */\n";
      t += "\t__MAX_" + tag + "\n};\n\n";
    };
    put("bpf_prog_type", progs, true);
    put("bpf_map_type", maps, false);
    put("bpf_attach_type", attach, false);
    return t + "#endif\n";
  }
  std::set<std::pair<std::string, std::string>> facts() const {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& m : progs) out.insert({"prog_type", m});
    for (const auto& m : maps) out.insert({"map_type", m});
    for (const auto& m : attach) out.insert({"attach_type", m});
    return out;
  }
};

class Builder {
 public:
  GitRepo repo;
  int64_t date = 1600000000;
  std::map<std::string, Uapi> at_tag;
  std::set<std::pair<std::string, std::string>> ever;

  void write(const Uapi& u) {
    repo.write(kHeader, u.text());
    for (const auto& f : u.facts()) ever.insert(f);
  }
  std::string commit(const std::string& m) { return repo.commit(m, date += 60); }
  void merge(const std::string& branch) {
    date += 60;
    std::string when = "'" + std::to_string(date) + " +0000'";
    auto r = run("cd " + shell_quote(repo.path()) + " && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t "
                 "GIT_COMMITTER_EMAIL=t@e GIT_COMMITTER_DATE=" + when + " GIT_AUTHOR_DATE=" + when +
                 " git merge -q --no-ff --no-edit -X theirs " + branch);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  void tag(const std::string& t, const Uapi& u) {
    repo.tag(t, "HEAD", true, date += 60);
    at_tag[t] = u;
  }
};

std::string key_of(const std::string& kind, const std::string& key) { return kind + " " + key; }

// git is the oracle of presence at a commit: the member is in the header's
// text at that commit (the test writes each name into the header only as an
// enum member, and the uapi copy under tools/ is not the header).
bool present_at(const GitRepo& r, const std::string& rev, const std::string& name) {
  return r.git_status("grep -q -w -e " + name + " " + rev + " -- " + kHeader) == 0;
}

// The facts of each tag as an index after some runs gives them: what the
// test wrote there, and what a fresh index gives.
void check_facts_per_tag(Store& index, Store& fresh, Builder& b, const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) {
    CAPTURE(tag);
    std::set<std::pair<std::string, std::string>> got, want;
    for (const char* kind : {"prog_type", "map_type", "attach_type"}) {
      for (const DerivedAnswer& a : derived_facts(index, kind, tag)) got.insert({a.kind, a.key});
      for (const DerivedAnswer& a : derived_facts(fresh, kind, tag)) want.insert({a.kind, a.key});
    }
    CHECK(got == b.at_tag[tag].facts());
    CHECK(got == want);
  }
}

std::string patterns_file(const TempDir& tmp) {
  std::string p = tmp.file("p.yaml");
  write_file(p, "files: [src]\ntags: ['^v']\npatterns:\n  - name: g\n    patterns:\n      - name: unused\n");
  return p;
}

}  // namespace

TEST_CASE("derived facts: presence per tag, versions and commits on a merge-heavy history") {
  for (unsigned seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Builder b;
    Uapi main;
    int next = 0;
    std::vector<std::pair<std::string, int>> dropped;  // attach types mainline removed, and in which release
    b.write(main);
    // A copy under tools/ with a member the kernel never had, a look-alike
    // under samples/, and a file that only mentions a future member.
    Uapi fake = main;
    fake.progs.push_back("BPF_PROG_TYPE_TOOLS_ONLY");
    b.repo.write("tools/include/uapi/linux/bpf.h", fake.text());
    b.repo.write("samples/bpf/bpf.h", fake.text());
    b.repo.write("kernel/bpf/syscall.c", "/* bpf_prog_type BPF_PROG_TYPE_P1 is coming */\n");
    b.commit("base");
    b.tag("v1.0", main);
    for (int release = 1; release <= 5; release++) {
      // A side branch adds members; mainline may add or drop one meanwhile.
      b.repo.git("checkout -q -b side" + std::to_string(release));
      Uapi side = main;
      for (int k = 0, n = 1 + rng() % 3; k < n; k++) {
        std::string m = "P" + std::to_string(++next);
        (rng() % 2 ? side.progs.push_back("BPF_PROG_TYPE_" + m) : side.maps.push_back("BPF_MAP_TYPE_" + m));
        b.write(side);
        b.commit("side " + m);
      }
      b.repo.git("checkout -q master");
      if ((release == 2 || rng() % 2) && main.attach.size() > 1) {
        dropped.emplace_back(main.attach.back(), release);
        main.attach.pop_back();  // a removal on mainline
        b.write(main);
        b.commit("drop an attach type");
      }
      bool dropped_now = !dropped.empty() && dropped.back().second == release;
      if (dropped.size() > dropped_now && (release == 4 || rng() % 3 == 0)) {
        main.attach.push_back(dropped.front().first);  // one dropped in an earlier release comes back
        dropped.erase(dropped.begin());
      } else {
        main.attach.push_back("BPF_ATTACH_" + std::to_string(++next));
      }
      b.write(main);
      b.commit("mainline attach type");
      b.merge("side" + std::to_string(release));
      // The merge took the side's header; redo mainline's own change on top.
      main.progs = side.progs;
      main.maps = side.maps;
      b.write(main);
      b.commit("merge fix-up");
      b.tag("v1." + std::to_string(release), main);
    }

    TempDir tmp;
    IndexOptions o{b.repo.path(), patterns_file(tmp), tmp.file("k.db"), 2, TagOrder::Version};
    Progress quiet(false);
    IndexReport r = run_index(o, quiet);
    CHECK(r.facts.commits_found > 0);

    Store store(o.db, Store::Mode::ReadOnly);
    // Presence per tag is exactly what the test wrote at that tag.
    for (const auto& at_tag : b.at_tag) {
      const std::string& tag = at_tag.first;  // (clang 14 captures no structured binding in CAPTURE)
      const auto& u = at_tag.second;
      CAPTURE(tag);
      std::set<std::pair<std::string, std::string>> got;
      for (const char* kind : {"prog_type", "map_type", "attach_type"})
        for (const DerivedAnswer& a : derived_facts(store, kind, tag)) {
          got.insert({a.kind, a.key});
          CHECK(a.file == kHeader);
          CHECK(a.line > 0);
        }
      CHECK(got == u.facts());
    }
    // Versions by the SPEC's rule and commits by its definition, with git.
    std::vector<std::string> tags_newest;  // v1.5 .. v1.0
    for (int i = 5; i >= 0; i--) tags_newest.push_back("v1." + std::to_string(i));
    size_t commits = 0, removals = 0, comebacks = 0;
    for (const auto& fact : b.ever) {
      const std::string &kind = fact.first, &key = fact.second;
      auto all = derived_facts_about(store, key);
      std::vector<DerivedAnswer> mine;
      for (auto& a : all)
        if (a.kind == kind && a.key == key) mine.push_back(a);
      INFO(key_of(kind, key));
      // Its history by the test's own record: first seen, removed, back.
      Lifecycle want;
      bool before = false;
      for (auto t = tags_newest.rbegin(); t != tags_newest.rend(); ++t) {
        bool now = b.at_tag[*t].facts().count({kind, key}) > 0;
        if (now && !before) (want.first_seen.empty() ? want.first_seen : want.returned_in.emplace_back()) = *t;
        if (!now && before) want.removed_in.push_back(*t);
        before = now;
      }
      removals += !want.removed_in.empty();
      comebacks += !want.returned_in.empty();
      if (!mine.empty()) {
        CHECK(mine[0].lifecycle.first_seen == want.first_seen);
        CHECK(mine[0].lifecycle.removed_in == want.removed_in);
        CHECK(mine[0].lifecycle.returned_in == want.returned_in);
      }
      bool at_newest = b.at_tag["v1.5"].facts().count({kind, key}) > 0;
      if (!at_newest) {
        // Absent at the newest tag: no version (but its history is kept).
        if (!mine.empty()) CHECK(mine[0].version.empty());
        continue;
      }
      REQUIRE(mine.size() == 1);
      const DerivedAnswer& a = mine[0];
      std::string want_version, want_prev;
      for (size_t i = 0; i < tags_newest.size(); i++) {
        if (!b.at_tag[tags_newest[i]].facts().count({kind, key})) break;
        want_version = tags_newest[i];
        want_prev = i + 1 < tags_newest.size() ? tags_newest[i + 1] : "";
      }
      CHECK(a.version == want_version);
      CHECK(a.prev == want_prev);
      if (want_prev.empty()) {
        CHECK(a.commit.empty());
        continue;
      }
      REQUIRE(a.commit.size() == 40);
      commits++;
      CHECK(a.commit_exact);
      CHECK(present_at(b.repo, a.commit, key));
      std::istringstream parents(b.repo.git("rev-list --parents -n 1 " + a.commit));
      std::string self, p;
      parents >> self;
      while (parents >> p) CHECK_FALSE(present_at(b.repo, p, key));
      CHECK(b.repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.version) == 0);
      CHECK(b.repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.prev) == 1);
    }
    CHECK(commits > 0);
    CHECK(removals > 0);
    CHECK(comebacks > 0);  // a dropped attach type came back in a later release
    // Nothing from tools/ or samples/.
    CHECK(derived_facts_about(store, "BPF_PROG_TYPE_TOOLS_ONLY").empty());

    // A re-run derives nothing again.
    IndexReport again = run_index(o, quiet);
    CHECK(again.facts.up_to_date);
    CHECK(again.facts.commits_found == 0);
  }
}

TEST_CASE("derived facts: an unreadable construct is recorded with file:line, the index completes") {
  Builder b;
  Uapi u;
  u.progs.push_back("BPF_PROG_TYPE_XDP");
  b.write(u);
  b.commit("good");
  b.tag("v1.0", u);
  // The enum loses its closing brace: the extractor cannot read it.
  std::string broken = u.text();
  size_t close = broken.find("};", broken.find("enum bpf_map_type"));
  broken.erase(close, 2);
  size_t head = broken.find("enum bpf_map_type");
  b.repo.write(kHeader, broken);
  b.commit("broken");
  b.tag("v1.1", u);

  TempDir tmp;
  IndexOptions o{b.repo.path(), patterns_file(tmp), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  IndexReport r = run_index(o, quiet);
  CHECK(r.facts.unknowns > 0);
  Store store(o.db, Store::Mode::ReadOnly);
  CHECK(fact_unknowns(store, "v1.0").empty());
  auto unknowns = fact_unknowns(store, "v1.1");
  REQUIRE(unknowns.size() >= 1);
  CHECK(unknowns[0].file == kHeader);
  // The line of the enum whose end is missing, counted in the file as written.
  CHECK(unknowns[0].line == 1 + std::count(broken.begin(), broken.begin() + static_cast<long>(head), '\n'));
  // Through the binary: a warning naming file:line, and the index completes.
  auto cli = run(shell_quote(KSINCE_BIN) + " index --repo " + shell_quote(b.repo.path()) + " --patterns " +
                 shell_quote(o.patterns) + " --db " + shell_quote(tmp.file("cli.db")));
  CHECK(cli.status == 0);
  CHECK(cli.err.find("warning: " + kHeader + ":" + std::to_string(unknowns[0].line) + ": ") != std::string::npos);
  // What could be read still is: the program types before the broken enum.
  bool xdp = false;
  for (const auto& a : derived_facts(store, "prog_type", std::string("v1.1"))) xdp |= a.key == "BPF_PROG_TYPE_XDP";
  CHECK(xdp);
}

TEST_CASE("derived facts: a nightly run keeps unchanged tags' stored facts, re-derives a moved tag's, answers as a "
          "fresh index") {
  Builder b;
  Uapi u;
  u.progs.push_back("BPF_PROG_TYPE_A");
  b.write(u);
  b.repo.write("kernel/other.c", "int x;\n");  // a blob of the fact scope that every tag shares
  std::string first = b.commit("v1.0");
  b.tag("v1.0", u);
  u.maps.push_back("BPF_MAP_TYPE_B");
  b.write(u);
  b.commit("v1.1");
  b.tag("v1.1", u);
  u.maps.push_back("BPF_MAP_TYPE_B2");
  b.write(u);
  b.commit("v1.2");
  b.tag("v1.2", u);
  TempDir tmp;
  std::string older = tmp.file("older.yaml"), all = patterns_file(tmp);
  write_file(older, "files: [src]\ntags: ['^v1\\.[012]$']\npatterns:\n  - name: g\n    patterns:\n      - name: unused\n");
  Progress quiet(false);
  IndexOptions grown{b.repo.path(), older, tmp.file("grown.db"), 2, TagOrder::Version};
  run_index(grown, quiet);

  // Then: a new release, and v1.0 moved to a tree with another member.
  u.attach.push_back("BPF_ATTACH_C");
  b.write(u);
  b.commit("v1.3");
  b.tag("v1.3", u);
  b.repo.git("checkout -q -b fix " + first);
  Uapi moved;
  moved.progs.push_back("BPF_PROG_TYPE_A");
  moved.progs.push_back("BPF_PROG_TYPE_FIXED");
  b.write(moved);
  b.commit("v1.0 again");
  b.repo.git("-c user.name=t -c user.email=t@e tag -f -a -m v1.0 v1.0 HEAD");
  b.at_tag["v1.0"] = moved;
  b.repo.git("checkout -q master");

  grown.patterns = all;
  IndexReport step = run_index(grown, quiet);
  IndexOptions fresh_o{b.repo.path(), all, tmp.file("fresh.db"), 2, TagOrder::Version};
  IndexReport fresh = run_index(fresh_o, quiet);
  // v1.1's tree was neither walked nor resolved again (v1.2's is walked, for
  // the commit search up to v1.3): fewer blobs than all four tags hold.
  CHECK(step.facts.blobs < fresh.facts.blobs);

  Store g(grown.db, Store::Mode::ReadOnly), f(fresh_o.db, Store::Mode::ReadOnly);
  check_facts_per_tag(g, f, b, {"v1.0", "v1.1", "v1.2", "v1.3"});
  size_t judged = 0;
  for (const char* key : {"BPF_PROG_TYPE_A", "BPF_PROG_TYPE_FIXED", "BPF_MAP_TYPE_B", "BPF_MAP_TYPE_B2", "BPF_ATTACH_C"}) {
    CAPTURE(key);
    auto x = derived_facts_about(g, key), y = derived_facts_about(f, key);
    REQUIRE(x.size() == y.size());
    for (size_t i = 0; i < x.size(); i++) {
      CHECK(x[i].version == y[i].version);
      CHECK(x[i].prev == y[i].prev);
      CHECK(x[i].commit == y[i].commit);
      // And by git's definition, not only ksince's own fresh answer: present
      // at the commit, absent at every parent.
      if (x[i].commit.empty()) continue;
      judged++;
      CHECK(present_at(b.repo, x[i].commit, key));
      std::istringstream parents(b.repo.git("rev-list --parents -n 1 " + x[i].commit));
      std::string self, p;
      parents >> self;
      while (parents >> p) CHECK_FALSE(present_at(b.repo, p, key));
    }
  }
  CHECK(judged >= 2);  // B2 (v1.1..v1.2) and ATTACH_C (v1.2..v1.3) at least
}

namespace {

// What an index made by older extractors holds, written into a real index:
// their cached extracts under the older versions, each tag's and the run's
// fact keys, the commit ranges they searched, and what they found (here one
// fact missed at every tag and one commit placed elsewhere).
void as_if_older_extractors(const std::string& db, const std::string& missed, const std::string& misplaced,
                            const std::string& wrong_commit) {
  Store s(db, Store::Mode::Create);
  s.exec("UPDATE blob_extracts SET version = version - 1");
  s.exec("UPDATE tags SET facts_key = facts_key || '-older' WHERE facts_key <> ''");
  s.exec("UPDATE meta SET value = value || '-older' WHERE key = 'last_fact_key'");
  // A range names the extractors that judged it after its '/', where it does.
  s.exec("UPDATE fact_answers SET range = substr(range, 1, instr(range, '/')) || 'older' WHERE instr(range, '/') > 0");
  s.exec("DELETE FROM fact_presence WHERE fact_id IN (SELECT id FROM derived_facts WHERE key = '" + missed + "')");
  s.exec("UPDATE fact_answers SET commit_oid = '" + wrong_commit + "' WHERE fact_id IN "
         "(SELECT id FROM derived_facts WHERE key = '" + misplaced + "')");
}

}  // namespace

TEST_CASE("derived facts: an index older extractors made is derived again, then answers as a fresh one") {
  Builder b;
  Uapi u;
  u.progs.push_back("BPF_PROG_TYPE_A");
  b.write(u);
  std::string first = b.commit("v1.0");
  b.tag("v1.0", u);
  u.maps.push_back("BPF_MAP_TYPE_B");
  b.write(u);
  b.commit("B");
  b.tag("v1.1", u);
  b.repo.write("kernel/noise.c", "int noise;\n");
  b.commit("noise");
  u.attach.push_back("BPF_ATTACH_C");
  b.write(u);
  std::string adds_c = b.commit("C");
  b.tag("v1.2", u);
  TempDir tmp;
  Progress quiet(false);
  IndexOptions o{b.repo.path(), patterns_file(tmp), tmp.file("k.db"), 2, TagOrder::Version};
  IndexOptions fresh{b.repo.path(), o.patterns, tmp.file("fresh.db"), 2, TagOrder::Version};
  run_index(o, quiet);
  run_index(fresh, quiet);
  as_if_older_extractors(o.db, "BPF_MAP_TYPE_B", "BPF_ATTACH_C", first);
  IndexReport again = run_index(o, quiet);
  CHECK_FALSE(again.facts.up_to_date);

  Store g(o.db, Store::Mode::ReadOnly), f(fresh.db, Store::Mode::ReadOnly);
  check_facts_per_tag(g, f, b, {"v1.0", "v1.1", "v1.2"});
  for (const char* key : {"BPF_PROG_TYPE_A", "BPF_MAP_TYPE_B", "BPF_ATTACH_C"}) {
    CAPTURE(key);
    auto x = derived_facts_about(g, key), y = derived_facts_about(f, key);
    REQUIRE(x.size() == 1);
    REQUIRE(y.size() == 1);
    CHECK(x[0].version == y[0].version);
    CHECK(x[0].prev == y[0].prev);
    CHECK(x[0].commit == y[0].commit);
  }
  // The commit the older extractors' answer named is searched again; git
  // judges the new one.
  auto c = derived_facts_about(g, "BPF_ATTACH_C");
  CHECK(c[0].commit == adds_c);
  CHECK(present_at(b.repo, c[0].commit, "BPF_ATTACH_C"));
  CHECK_FALSE(present_at(b.repo, c[0].commit + "^", "BPF_ATTACH_C"));
}
