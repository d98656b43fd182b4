// `history` against the changes a generator made: random definitions of
// every kind of the shapes table, changed between tags in each way the table
// lists, and in ways that must not count (renamed parameters, comments,
// attributes, whitespace), written to a real git repository and indexed.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "git_fixture.h"
#include "ident_fixture.h"
#include "idents/ident_history.h"
#include "idents/shape_commit.h"
#include "store/sqlite_handle.h"
#include "pipeline/indexer.h"
#include "repo/repo.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"

using namespace ksince;
using namespace ksince::test;

namespace {

using Change = std::tuple<std::string, std::string, std::string>;  // version, what, detail

// One definition as the generator keeps it.
struct Def {
  enum Kind { Function, FnMacro, Struct, Enum, Typedef, Variable } kind;
  std::string name, ret;
  std::vector<std::string> items;  // parameter types; members "type name"; constants "NAME = value"
  int macro_params = 0;
  std::string export_macro;        // "" when not exported
};

struct Gen {
  std::mt19937 rng;
  int fresh = 0;
  std::string type() {
    static const std::vector<std::string> base = {"int", "long", "u32", "struct page *", "const char *", "void *"};
    return rng() % 2 ? base[rng() % base.size()] + "" : "struct t" + std::to_string(fresh++) + " *";
  }
  std::string unique_type() { return "struct u" + std::to_string(fresh++) + " *"; }
  // Noise that must not count: comments and line breaks between tokens.
  std::string sp() {
    switch (rng() % 5) {
      case 0: return " /* note */ ";
      case 1: return "\n\t";
      default: return " ";
    }
  }
  std::string pname() { return "p" + std::to_string(rng() % 1000); }
};

std::string render(const Def& d, Gen& g) {
  std::string out;
  switch (d.kind) {
    case Def::Function: {
      out = (g.rng() % 2 ? "extern" + g.sp() : "") + d.ret + g.sp() + d.name + "(";
      for (size_t i = 0; i < d.items.size(); i++) out += (i ? "," + g.sp() : "") + d.items[i] + " " + g.pname();
      if (d.items.empty()) out += "void";
      return out + ")" + (g.rng() % 2 ? " __must_check" : "") + ";\n";
    }
    case Def::FnMacro: {
      out = "#define " + d.name + "(";
      for (int i = 0; i < d.macro_params; i++) out += (i ? ", " : "") + g.pname();
      return out + ") 0\n";
    }
    case Def::Struct:
      out = "struct " + d.name + " {";
      for (const std::string& m : d.items) out += g.sp() + m + ";";
      return out + "\n};\n";
    case Def::Enum:
      out = "enum " + d.name + " {";
      for (const std::string& c : d.items) out += g.sp() + c + ",";
      return out + "\n};\n";
    case Def::Typedef:
      return "typedef" + g.sp() + d.ret + " " + d.name + ";\n";
    case Def::Variable:
      return "extern int unrelated;\n" + d.ret + " " + d.name + ";\n";
  }
  return out;
}

// One change to a definition, or noise; the expected (what, detail) pairs.
std::vector<std::pair<std::string, std::string>> mutate(Def& d, Gen& g) {
  auto pos = [&](size_t n) { return n ? g.rng() % n : 0; };
  switch (d.kind) {
    case Def::Function:
      switch (g.rng() % 4) {
        case 0: {
          size_t p = pos(d.items.size() + 1);
          d.items.insert(d.items.begin() + p, g.unique_type());
          return {{"parameter added", "parameter " + std::to_string(p + 1)}};
        }
        case 1:
          if (d.items.size() > 1) {
            size_t p = pos(d.items.size());
            d.items.erase(d.items.begin() + p);
            return {{"parameter removed", "parameter " + std::to_string(p + 1)}};
          }
          [[fallthrough]];
        case 2:
          if (!d.items.empty()) {
            size_t p = pos(d.items.size());
            d.items[p] = g.unique_type();
            return {{"parameter type changed", "parameter " + std::to_string(p + 1)}};
          }
          [[fallthrough]];
        default:
          d.ret = d.ret == "int" ? "long" : "int";
          return {{"return type changed", "return type"}};
      }
    case Def::FnMacro: {
      int was = d.macro_params;
      d.macro_params = g.rng() % 2 || was == 0 ? was + 1 : was - 1;
      return {{d.macro_params > was ? "parameter added" : "parameter removed", "parameters"}};
    }
    case Def::Struct:
    case Def::Enum: {
      const std::string element = d.kind == Def::Struct ? "member " : "constant ";
      auto name_of = [&](const std::string& item) {
        return d.kind == Def::Struct ? item.substr(item.rfind(' ') + 1) : item.substr(0, item.find(' '));
      };
      int dice = g.rng() % 3;
      if (dice == 0 || d.items.size() < 2) {
        std::string n = (d.kind == Def::Struct ? "m" : "C_") + std::to_string(g.fresh++);
        d.items.insert(d.items.begin() + pos(d.items.size() + 1),
                       d.kind == Def::Struct ? "long " + n : n + " = " + std::to_string(g.rng() % 100));
        return {{element + "added", element + n}};
      }
      size_t p = pos(d.items.size());
      std::string n = name_of(d.items[p]);
      if (dice == 1) {
        d.items.erase(d.items.begin() + p);
        return {{element + "removed", element + n}};
      }
      d.items[p] = d.kind == Def::Struct ? g.unique_type() + " " + n : n + " = " + std::to_string(100 + g.fresh++);
      return {{d.kind == Def::Struct ? "member type changed" : "value changed", element + n}};
    }
    case Def::Typedef:
      d.ret = g.unique_type();
      return {{"target changed", "target"}};
    case Def::Variable:
      d.ret = g.unique_type();
      return {{"type changed", "type"}};
  }
  return {};
}

Def random_def(Gen& g, int i) {
  Def d;
  d.kind = static_cast<Def::Kind>(i % 6);
  d.name = "gen_" + std::to_string(i);
  d.ret = d.kind == Def::Typedef || d.kind == Def::Variable ? g.type() : "int";
  if (d.kind == Def::Function)
    for (size_t n = g.rng() % 4; n > 0; n--) d.items.push_back(g.unique_type());
  if (d.kind == Def::Struct)
    for (int n = 0; n < 3; n++) d.items.push_back(g.type() + " m" + std::to_string(g.fresh++));
  if (d.kind == Def::Enum)
    for (int n = 0; n < 3; n++) d.items.push_back("C_" + std::to_string(g.fresh++) + " = " + std::to_string(n));
  d.macro_params = static_cast<int>(g.rng() % 3);
  return d;
}

}  // namespace

TEST_CASE("history: generated definitions changed between tags, the reported history equals the changes made") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Gen g{std::mt19937(seed)};
    GitRepo repo;
    std::vector<Def> defs;
    for (int i = 0; i < 18; i++) defs.push_back(random_def(g, i));
    std::map<std::string, std::set<Change>> want;
    std::vector<std::string> tags;
    for (int r = 0; r < 4; r++) {
      const std::string tag = "v1." + std::to_string(r);
      for (Def& d : defs) {
        // Exports and Kconfig types change as an aspect of their own.
        if (d.kind == Def::Function && r > 0 && g.rng() % 3 == 0) {
          std::string was = d.export_macro;
          d.export_macro = was.empty() ? "EXPORT_SYMBOL" : was == "EXPORT_SYMBOL" ? "EXPORT_SYMBOL_GPL" : "";
          want[d.name].insert({tag, "export changed", was.empty() || d.export_macro.empty() ? "" : "export"});
        }
        if (r > 0 && g.rng() % 2)
          for (auto& [what, detail] : mutate(d, g)) want[d.name].insert({tag, what, detail});
      }
      std::string header = "#pragma once\n", source = "#include <linux/gen.h>\n";
      for (const Def& d : defs) {
        header += render(d, g);
        if (!d.export_macro.empty()) source += d.export_macro + "(" + d.name + ");\n";
      }
      repo.write("include/linux/gen.h", header);
      repo.write("lib/gen.c", source);
      repo.commit("release " + tag, 1500000000 + r * 1000);
      repo.tag(tag, "HEAD", true, 1500000000 + r * 1000 + 1);
      tags.push_back(tag);
    }
    TempDir tmp;
    auto index = [&](const std::string& db, const std::string& tags, bool no_shapes) {
      index_identifiers_of(repo.path(), tmp.path(), db, tags, no_shapes);
    };
    const std::string all = "^v1\\.[0-9]+$";
    index(tmp.file("i.db"), all, false);
    // Grown a tag at a time (the append step), and first made without
    // shapes: the same histories as the fresh index.
    index(tmp.file("grown.db"), "^v1\\.[01]$", false);
    index(tmp.file("grown.db"), "^v1\\.[012]$", false);
    index(tmp.file("grown.db"), all, false);
    index(tmp.file("late.db"), all, true);
    index(tmp.file("late.db"), all, false);
    Store store(tmp.file("i.db"), Store::Mode::ReadOnly);
    Store grown(tmp.file("grown.db"), Store::Mode::ReadOnly), late(tmp.file("late.db"), Store::Mode::ReadOnly);
    Repo r(repo.path());
    for (const Def& d : defs) {
      CAPTURE(d.name);
      std::optional<IdentHistory> h = identifier_history(store, r, d.name);
      REQUIRE(h);
      CHECK(history_json(*identifier_history(grown, r, d.name)) == history_json(*h));
      CHECK(history_json(*identifier_history(late, r, d.name)) == history_json(*h));
      std::set<Change> got;
      for (const HistoryChange& c : h->changes)
        got.insert({c.version, c.what, c.detail});
      CHECK(got == want[d.name]);
    }
  }
}

TEST_CASE("history: an index made with --no-shapes says how to get them") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "int f(int x);\n", 1500000000);
  TempDir tmp;
  index_identifiers_of(repo.path(), tmp.path(), tmp.file("i.db"), "^v1", true);
  Store store(tmp.file("i.db"), Store::Mode::ReadOnly);
  CHECK_THROWS_WITH_AS(identifier_history(store, Repo(repo.path()), "f"), doctest::Contains("without --no-shapes"),
                       Error);
}

TEST_CASE("history --commit: each change's commit on a merged branch, searched once and stored") {
  GitRepo repo;
  // Far apart in the header, so that the two branches' edits merge cleanly.
  const std::string gap = "\n/* a */\n/* b */\n/* c */\n/* d */\n\n";
  repo.write("include/k.h", "int f(int a);\n" + gap + "struct s { int x; };\n");
  repo.write("lib/k.c", "int f(int a) { return a; }\n");
  repo.commit("base", 1500000000);
  repo.tag("v1.0", "HEAD", true, 1500000001);
  repo.git("checkout -q -b side");
  repo.write("lib/other.c", "int unrelated;\n");
  repo.commit("side: unrelated", 1500000100);
  repo.write("include/k.h", "int f(int a, long b);\n" + gap + "struct s { int x; };\n");
  const std::string changed_f = repo.commit("side: f gains b", 1500000200);
  repo.git("checkout -q master 2>/dev/null || git checkout -q main");
  repo.write("include/k.h", "int f(int a);\n" + gap + "struct s { long x; };\n");
  const std::string changed_s = repo.commit("main: s.x a long", 1500000300);
  repo.git("-c user.name=t -c user.email=t@e merge -q --no-edit side");
  REQUIRE(repo.git("show HEAD:include/k.h") == "int f(int a, long b);\n" + gap + "struct s { long x; };\n");
  repo.tag("v1.1", "HEAD", true, 1500000401);
  TempDir tmp;
  const std::string db = tmp.file("i.db");
  index_identifiers_of(repo.path(), tmp.path(), db, "^v1");
  Repo r(repo.path());
  Progress quiet(false);
  auto commits = [&](const std::string& name) {
    std::optional<IdentHistory> h;
    {
      Store store(db, Store::Mode::ReadOnly);
      h = identifier_history(store, r, name);
    }
    REQUIRE(h);
    find_change_commits(db, r, *h, quiet);
    std::vector<std::string> out;
    for (const HistoryChange& c : h->changes) out.push_back(c.what + " " + c.commit + (c.exact ? " exact" : ""));
    return out;
  };
  CHECK(commits("f") == std::vector<std::string>{"parameter added " + changed_f + " exact"});
  const std::vector<std::string> sx = commits("struct s.x");
  CHECK(sx == std::vector<std::string>{"member type changed " + changed_s + " exact"});
  // Stored: a second call reads the same answers back.
  Store store(db, Store::Mode::ReadOnly);
  Stmt n = store.prepare("SELECT COUNT(*) FROM ident_shape_commits");
  REQUIRE(n.step());
  CHECK(n.i64(0) == 2);
  CHECK(commits("f") == std::vector<std::string>{"parameter added " + changed_f + " exact"});
}
