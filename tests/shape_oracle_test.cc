// The compiler as the shapes' oracle: random definitions (functions,
// structs, enums, typedefs) at two "tags", some changed and some only
// reformatted, are compiled by gcc -g and turned into BTF by pahole -J, as
// a kernel build does. A shape changed exactly when the debug info says so.
#include <doctest/doctest.h>

#include <bpf/btf.h>

#include <cstdarg>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "facts/identifier_defs.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;

namespace {

struct Def {
  enum Kind { Function, Struct, Enum, Typedef } kind;
  std::string name, ret;
  std::vector<std::string> items;  // parameter types; members "type name"; constants "NAME = value"
};

struct Gen {
  std::mt19937 rng;
  int fresh = 0;
  size_t pick(size_t n) { return rng() % n; }
  std::string type() {
    static const std::vector<std::string> t = {"int", "long", "unsigned int", "char *", "const char *",
                                               "struct base *", "unsigned long long", "short"};
    return t[pick(t.size())];
  }
  std::string sp() { return pick(3) == 0 ? " /* n */\n  " : " "; }
};

std::string render(const Def& d, Gen& g) {
  std::string out;
  switch (d.kind) {
    case Def::Function:
      out = d.ret + g.sp() + d.name + "(";
      for (size_t i = 0; i < d.items.size(); i++) out += (i ? "," + g.sp() : "") + d.items[i] + " a" + std::to_string(i);
      return out + (d.items.empty() ? "void" : "") + ") { return 0; }\n";
    case Def::Struct:
      out = "struct " + d.name + " {";
      for (const std::string& m : d.items) out += g.sp() + m + ";";
      return out + "\n};\nstruct " + d.name + " use_" + d.name + ";\n";
    case Def::Enum:
      out = "enum " + d.name + " {";
      for (const std::string& c : d.items) out += g.sp() + c + ",";
      return out + "\n};\nenum " + d.name + " use_" + d.name + ";\n";
    case Def::Typedef:
      return "typedef" + g.sp() + d.ret + " " + d.name + ";\n" + d.name + " use_" + d.name + ";\n";
  }
  return out;
}

void mutate(Def& d, Gen& g) {
  switch (d.kind) {
    case Def::Function:
      if (g.pick(3) == 0) d.ret = d.ret == "int" ? "long" : "int";
      else if (g.pick(2) || d.items.empty()) d.items.insert(d.items.begin() + g.pick(d.items.size() + 1), "short");
      else d.items.erase(d.items.begin() + g.pick(d.items.size()));
      return;
    case Def::Struct:
      if (g.pick(2) || d.items.size() < 2) d.items.push_back("long m" + std::to_string(g.fresh++));
      else d.items[g.pick(d.items.size())] = "char *m" + std::to_string(g.fresh++);
      return;
    case Def::Enum:
      d.items[g.pick(d.items.size())] = "C" + std::to_string(g.fresh++) + " = " + std::to_string(g.pick(50));
      return;
    case Def::Typedef:
      d.ret = d.ret == "long" ? "short" : "long";
      return;
  }
}

void print_to(void* ctx, const char* fmt, va_list args) {
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, args);
  *static_cast<std::string*>(ctx) += buf;
}

// What the debug info says of each definition: its type as C, its members
// with theirs, its constants with their values.
std::map<std::string, std::string> from_btf(const std::string& object) {
  struct btf* b = btf__parse(object.c_str(), nullptr);
  REQUIRE(b != nullptr);
  std::string text;
  struct btf_dump* d = btf_dump__new(b, print_to, &text, nullptr);
  auto decl = [&](uint32_t id) {
    text.clear();
    btf_dump_emit_type_decl_opts o{};
    o.sz = sizeof o;
    o.field_name = "";
    btf_dump__emit_type_decl(d, id, &o);
    return text;
  };
  std::map<std::string, std::string> out;
  for (uint32_t id = 1; id < btf__type_cnt(b); id++) {
    const struct btf_type* t = btf__type_by_id(b, id);
    std::string name = btf__name_by_offset(b, t->name_off);
    if (name.rfind("gen", 0) != 0) continue;
    std::string& s = out[name];
    if (btf_is_func(t) || btf_is_typedef(t)) s = decl(t->type);
    if (btf_is_struct(t))
      for (int i = 0; i < btf_vlen(t); i++)
        s += std::string(btf__name_by_offset(b, btf_members(t)[i].name_off)) + ":" + decl(btf_members(t)[i].type) + ";";
    if (btf_is_enum(t))
      for (int i = 0; i < btf_vlen(t); i++)
        s += std::string(btf__name_by_offset(b, btf_enum(t)[i].name_off)) + "=" + std::to_string(btf_enum(t)[i].val) + ";";
  }
  btf_dump__free(d);
  btf__free(b);
  return out;
}

std::map<std::string, std::string> shapes_of(const std::string& text) {
  std::vector<Shape> shapes;
  find_definitions(DefSyntax::C, text, &shapes);
  std::map<std::string, std::string> out;
  for (const Shape& s : shapes) out[s.name] = std::string(shape_kind_name(s.kind)) + ":" + s.text;
  return out;
}

}  // namespace

TEST_CASE("shapes: changed exactly when the debug info gcc and pahole make says so") {
  if (run("command -v pahole && command -v gcc").status != 0)
    FAIL("pahole (Debian package dwarves) and gcc are needed: scripts/install-deps.sh installs them");
  Gen g{std::mt19937(20261208)};
  std::vector<Def> defs;
  for (int i = 0; i < 80; i++) {
    Def d{static_cast<Def::Kind>(i % 4), "gen" + std::to_string(i), g.type(), {}};
    if (d.kind == Def::Typedef) d.ret = g.pick(2) ? "long" : "short";
    if (d.kind == Def::Function) d.ret = g.pick(2) ? "int" : "long";
    for (size_t n = 1 + g.pick(3); n > 0; n--) {
      if (d.kind == Def::Function) d.items.push_back(g.type());
      if (d.kind == Def::Struct) d.items.push_back(g.type() + " m" + std::to_string(g.fresh++));
      if (d.kind == Def::Enum) d.items.push_back("C" + std::to_string(g.fresh++) + " = " + std::to_string(n));
    }
    defs.push_back(d);
  }
  const std::string prelude = "struct base { int x; };\n";
  std::string a = prelude, b = prelude;
  size_t changed = 0;
  for (Def& d : defs) {
    a += render(d, g);
    if (g.pick(2)) mutate(d, g), changed++;
    b += render(d, g);  // reformatted either way: spaces, comments, line breaks
  }
  TempDir dir;
  write_file(dir.file("a.c"), a);
  write_file(dir.file("b.c"), b);
  for (const char* f : {"a", "b"}) {
    CommandResult cc = run("cd " + shell_quote(dir.path()) + " && gcc -g -O0 -w -fno-eliminate-unused-debug-types -c " +
                           f + ".c -o " + f + ".o && pahole -J " + f + ".o");
    REQUIRE_MESSAGE(cc.status == 0, cc.err);
  }
  std::map<std::string, std::string> btf_a = from_btf(dir.file("a.o")), btf_b = from_btf(dir.file("b.o"));
  std::map<std::string, std::string> shape_a = shapes_of(a), shape_b = shapes_of(b);
  size_t btf_changed = 0;
  for (const Def& d : defs) {
    CAPTURE(d.name);
    REQUIRE(btf_a.count(d.name));
    REQUIRE(shape_a.count(d.name));
    CAPTURE(btf_a[d.name]);
    CAPTURE(btf_b[d.name]);
    CHECK((shape_a[d.name] != shape_b[d.name]) == (btf_a[d.name] != btf_b[d.name]));
    btf_changed += btf_a[d.name] != btf_b[d.name];
  }
  CHECK(btf_changed == changed);  // the oracle saw every change the generator made
}
