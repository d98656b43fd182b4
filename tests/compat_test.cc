// `compat`: what a module's sources use (module_uses.h), and the report
// between two tags of a kernel made in the test, against the changes the
// test made to it.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "git_fixture.h"
#include "ident_fixture.h"
#include "idents/compat.h"
#include "idents/module_uses.h"
#include "pipeline/indexer.h"
#include "repo/repo.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const char* kModule =
    "#include <linux/k.h>\n"
    "struct foo_priv { int x; };\n"
    "static int helper(int v) { return v; }\n"
    "static int probe(struct kdev *d, int flags)\n"
    "{\n"
    "\tstruct kbuf *b = get_buf(d, flags);\n"
    "\tint local = helper(1);\n"
    "\td->count++;\n"
    "\tb->data.len = local;\n"
    "\tfoo()->x = 0;\n"
    "#ifdef CONFIG_KFOO\n"
    "\tif (IS_ENABLED(CONFIG_KBAR))\n"
    "\t\treturn KMAX;\n"
    "#endif\n"
    "\treturn 0;\n"
    "}\n"
    "static const struct kops ops = {\n\t.open = probe,\n\t.release = NULL,\n};\n";

std::map<std::string, std::string> names_of(const ModuleUses& u) {
  std::map<std::string, std::string> m;
  for (const NameUse& n : u.names) m[n.name] = n.how;
  return m;
}

// A report's entries as text, one line each, for readable failures.
std::string lines(const std::map<std::string, std::set<std::string>>& m) {
  std::string out;
  for (const auto& [name, events] : m) {
    out += name + ":";
    for (const std::string& e : events) out += " [" + e + "]";
    out += "\n";
  }
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::set<std::string> s(v.begin(), v.end());
  std::string out;
  for (const std::string& x : s) out += x + " ";
  return out;
}

std::set<std::string> members_of(const ModuleUses& u) {
  std::set<std::string> m;
  for (const MemberUse& x : u.members) {
    std::string k = x.type;
    for (const std::string& p : x.path) k += "." + p;
    m.insert(k);
  }
  return m;
}

}  // namespace

TEST_CASE("compat: a module's uses: calls, types, Kconfig symbols, members through locals, parameters and initializers") {
  ModuleUses u = read_module_uses({{"m.c", kModule}});
  std::map<std::string, std::string> want = {
      {"kdev", "type"},    {"kbuf", "type"},   {"get_buf", "call"}, {"foo", "call"},   {"CONFIG_KFOO", "config"},
      {"IS_ENABLED", "call"}, {"CONFIG_KBAR", "name"}, {"KMAX", "name"}, {"kops", "type"}, {"NULL", "name"}};
  CHECK(names_of(u) == want);  // the module's own (helper, probe, ops, foo_priv) and its locals are not there
  CHECK(members_of(u) ==
        std::set<std::string>{"struct kdev.count", "struct kbuf.data.len", "struct kops.open", "struct kops.release"});
  CHECK(u.unresolved == 1);  // foo()->x
  CHECK(std::set<std::string>(u.own.begin(), u.own.end()) ==
        std::set<std::string>{"foo_priv", "helper", "probe", "ops"});
}

TEST_CASE("compat: the report between two tags lists what the test changed in that range, and only that") {
  GitRepo repo;
  // v1.0: get_buf(struct kdev *); v1.1: a flags parameter, kdev.count a long;
  // v1.2: struct kbuf's data.len gone, KMAX gone; CONFIG_KFOO throughout.
  repo.write("Kconfig", "config KFOO\n\tbool \"foo\"\n");
  const std::string ops = "struct kops { int (*open)(struct kdev *, int); void *release; };\n";
  repo.release("v1.0", "include/linux/k.h",
                "struct kdev { int count; };\nstruct kbuf { struct { int len; } data; };\n" + ops +
                    "struct kbuf *get_buf(struct kdev *d);\n#define KMAX 4\n#define NULL ((void *)0)\n",
                1500000000);
  repo.release("v1.1", "include/linux/k.h",
                "struct kdev { long count; };\nstruct kbuf { struct { int len; } data; };\n" + ops +
                    "struct kbuf *get_buf(struct kdev *d, int flags);\n#define KMAX 4\n#define NULL ((void *)0)\n",
                1500001000);
  repo.release("v1.2", "include/linux/k.h",
                "struct kdev { long count; };\nstruct kbuf { struct { int size; } data; };\n" + ops +
                    "struct kbuf *get_buf(struct kdev *d, int flags);\n#define NULL ((void *)0)\n",
                1500002000);
  TempDir tmp;
  index_identifiers_of(repo.path(), tmp.path(), tmp.file("i.db"), "^v1");
  Store store(tmp.file("i.db"), Store::Mode::ReadOnly);
  Repo r(repo.path());

  auto report = [&](const std::string& from, const std::string& to) {
    std::map<std::string, std::set<std::string>> got;  // name -> "version what" and "removed in X"
    CompatReport c = compat_report(store, r, {{"m.c", kModule}}, from, to);
    for (const CompatEntry& e : c.entries) {
      auto& s = got[e.name];
      if (!e.removed_in.empty()) s.insert("removed in " + e.removed_in);
      for (const HistoryChange& h : e.changes) s.insert(h.version + " " + h.what);
    }
    return std::pair{got, c};
  };
  auto [whole, c1] = report("v1.0", "v1.2");
  CHECK(lines(whole) == lines({{"get_buf", {"v1.1 parameter added"}},
                               {"struct kdev.count", {"v1.1 member type changed"}},
                               {"struct kbuf.data.len", {"removed in v1.2", "v1.2 member removed"}},
                               {"KMAX", {"removed in v1.2", "v1.2 removed"}}}));
  CHECK(joined(c1.unknown) == "CONFIG_KBAR IS_ENABLED foo ");
  CHECK(c1.unresolved == 1);
  auto [late, c2] = report("v1.1", "v1.2");
  CHECK(lines(late) == lines({{"struct kbuf.data.len", {"removed in v1.2", "v1.2 member removed"}},
                              {"KMAX", {"removed in v1.2", "v1.2 removed"}}}));
  CHECK_THROWS_AS(compat_report(store, r, {{"m.c", kModule}}, "v9", ""), InputError);
  CHECK_THROWS_AS(compat_report(store, r, {{"m.c", kModule}}, "v1.2", "v1.0"), InputError);
}
