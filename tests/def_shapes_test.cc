// Definitions' shapes (facts/def_shapes.h): what is part of a shape and what
// is not, kind by kind, on kernel-style code.
#include <doctest/doctest.h>

#include <map>

#include "facts/identifier_defs.h"

using namespace ksince;

namespace {

// name -> "kind: text" of the file's shapes (the last one of a name).
std::map<std::string, std::string> shapes(DefSyntax syntax, const std::string& text) {
  std::vector<Shape> out;
  find_definitions(syntax, text, &out);
  std::map<std::string, std::string> m;
  for (const Shape& s : out) m[s.name] = std::string(shape_kind_name(s.kind)) + ": " + s.text;
  return m;
}

std::string one(const std::string& text, const std::string& name) {
  auto m = shapes(DefSyntax::C, text);
  return m.count(name) ? m[name] : "(none)";
}

}  // namespace

TEST_CASE("shapes: a function's return type and parameter types, names and decorations out") {
  CHECK(one("static int __init foo(struct device *dev, unsigned long flags)\n{ }\n", "foo") ==
        "function: int\nstruct device *\nlong unsigned int");
  CHECK(one("static inline const char *bar(void) { return 0; }", "bar") == "function: const char *");
  CHECK(one("void __sched baz(int, u32 __user *p, ...) { }", "baz") == "function: void\nint\nu32 *\n...");
  CHECK(one("int cb_user(int (*fn)(void *data, int n), char buf[16]) { }", "cb_user") ==
        "function: int\nint (*)(void *, int)\nchar[16]");
  CHECK(one("extern int proto(struct sock *sk, size_t len);", "proto") == "function: int\nstruct sock *\nsize_t");
  CHECK(one("int proto2(struct sock *, size_t);", "proto2") == "function: int\nstruct sock *\nsize_t");
  // Not prototypes: a macro call at file scope, a variable initialised by a call.
  CHECK(one("module_init(foo_init);", "module_init") == "(none)");
  CHECK(one("int x = compute(3);", "compute") == "(none)");
}

TEST_CASE("shapes: macros by their parameter count, renamed parameters no change") {
  auto m = shapes(DefSyntax::C, "#define A 1\n#define B(x, y) ((x) + (y))\n#define C(fmt, args...) f(fmt)\n"
                                "#define D() 0\n#define E (1)\n");
  CHECK(m["B"] == "function-like macro: 2");
  CHECK(m["C"] == "function-like macro: 1\n...");
  CHECK(m["D"] == "function-like macro: 0");
  CHECK(m.count("A") == 0);  // object-like: no shape kept
  CHECK(m.count("E") == 0);  // a space before the paren: object-like
}

TEST_CASE("shapes: struct members with their types, bit widths, bounds and conditions") {
  std::string s = one(
      "struct foo {\n"
      "  unsigned int a : 3, b : 5;\n"
      "  char name[16];\n"
      "  struct list_head *next, node;\n"
      "#ifdef CONFIG_NET\n"
      "  void (*cb)(struct foo *f, int why);\n"
      "#endif\n"
      "  union { u32 x; u64 y; };\n"
      "  struct { int p; } named;\n"
      "  DECLARE_BITMAP(bits, 8);\n"
      "  struct_group(hdr, int h1; long h2;);\n"
      "} __packed;\n",
      "foo");
  CHECK(s ==
        "struct: a\tunsigned int : 3\nb\tunsigned int : 5\nname\tchar[16]\nnext\tstruct list_head *\n"
        "node\tstruct list_head\ncb\tvoid (*)(struct foo *, int)\tCONFIG_NET\nx\tu32\ny\tu64\n"
        "named\tstruct {}\nnamed.p\tint\nDECLARE_BITMAP(bits, 8)\t\nhdr\tstruct_group\nh1\tint\nh2\tlong int");
}

TEST_CASE("shapes: enum constants with the values literals give") {
  CHECK(one("enum e { A, B = 5, C, D = X | 1, E };", "e") == "enum: A\t0\nB\t5\nC\t6\nD\nE");
  CHECK(one("enum f { P = 0x10, Q = -2, R };", "f") == "enum: P\t16\nQ\t-2\nR\t-1");
}

TEST_CASE("shapes: typedef targets, variable types, exports, Kconfig types") {
  CHECK(one("typedef unsigned long long u64_t;", "u64_t") == "typedef: long long unsigned int");
  CHECK(one("typedef int (*handler_t)(struct pt_regs *regs);", "handler_t") == "typedef: int (*)(struct pt_regs *)");
  // An anonymous body's members keep their names; an enum's its values.
  CHECK(one("typedef struct { u32 lo; char *name; } pair_t;", "pair_t") ==
        "typedef: struct { u32 lo; char * name; }");
  CHECK(one("typedef enum { M_A, M_B = 4 } mode_t;", "mode_t") == "typedef: enum { M_A = 0, M_B = 4 }");
  CHECK(one("static struct kmem_cache *cache __read_mostly;", "cache") == "variable: struct kmem_cache *");
  CHECK(one("int a, *b[4];", "b") == "variable: int *[4]");
  CHECK(one("EXPORT_SYMBOL_GPL(foo);", "foo") == "export: EXPORT_SYMBOL_GPL");
  CHECK(one("EXPORT_SYMBOL_NS_GPL(foo, \"CXL\");", "foo") == "export: EXPORT_SYMBOL_NS_GPL \"CXL\"");
  auto k = shapes(DefSyntax::Kconfig, "config FOO\n\tbool \"Foo\"\n\tdefault y\n\nconfig BAR\n\tdef_tristate m\n"
                                      "menu \"x\"\nconfig BAZ\n\tdepends on FOO\n");
  CHECK(k["CONFIG_FOO"] == "Kconfig option: bool");
  CHECK(k["CONFIG_BAR"] == "Kconfig option: tristate");
  CHECK(k["CONFIG_BAZ"] == "Kconfig option: ");
}

TEST_CASE("shapes: whitespace, comments, parameter names and attributes are no change") {
  const std::string a = "int f(struct device *dev, const char *name);\nstruct s { int a; char *b; };\n";
  const std::string b =
      "int /* x */ f(struct device*d,\n   const char * n) __must_check;\n"
      "struct s {\n  int a; // the count\n  char *b;\n} __randomize_layout;\n";
  CHECK(shapes(DefSyntax::C, a) == shapes(DefSyntax::C, b));
}
