// The definitions reader, kind by kind (docs/identifiers.md), on hand-written
// kernel-style code: what counts, what does not, and the line.
#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "facts/identifier_defs.h"

using namespace ksince;

namespace {

using Found = std::set<std::tuple<std::string, std::string, uint32_t>>;  // name, kind, line

Found defs(DefSyntax syntax, const std::string& text) {
  Found out;
  for (const Definition& d : find_definitions(syntax, text))
    out.insert({d.name, std::string(def_kind_name(d.kind)), d.line});
  return out;
}

bool has(const Found& f, const std::string& name, const std::string& kind) {
  for (const auto& [n, k, l] : f)
    if (n == name && k == kind) return true;
  return false;
}

bool named(const Found& f, const std::string& name) {
  for (const auto& [n, k, l] : f)
    if (n == name) return true;
  return false;
}

}  // namespace

TEST_CASE("identifier defs: C functions with a body, not prototypes, calls or function-like macros") {
  Found f = defs(DefSyntax::C,
                 "static int __init foo_init(void)\n{\n\treturn bar(1);\n}\n"
                 "int proto_only(int a);\n"
                 "extern void ext_fn(void);\n"
                 "static inline struct page *page_of(const void *p) { return 0; }\n"
                 "void locked(void) __releases(lock)\n{\n}\n"
                 "__printf(2, 3) int logf_(int l, const char *fmt, ...) { return 0; }\n"
                 "static __always_inline __realloc_size(2) void *\n__do_krealloc(const void *p, size_t n)\n{\n}\n"
                 "void trailing(void) __unknown_attr(1)\n{\n}\n");
  CHECK(f.count({"foo_init", "function", 1}));
  CHECK(has(f, "page_of", "function"));
  CHECK(has(f, "locked", "function"));
  CHECK(has(f, "logf_", "function"));
  CHECK(has(f, "__do_krealloc", "function"));
  CHECK_FALSE(named(f, "__realloc_size"));
  CHECK(has(f, "trailing", "function"));
  CHECK_FALSE(named(f, "__unknown_attr"));
  CHECK_FALSE(named(f, "proto_only"));
  CHECK_FALSE(named(f, "ext_fn"));
  CHECK_FALSE(named(f, "bar"));
  CHECK_FALSE(named(f, "__releases"));
  CHECK_FALSE(named(f, "__printf"));
}

TEST_CASE("identifier defs: macros, and nothing under #if 0 but every other branch") {
  Found f = defs(DefSyntax::C,
                 "#define OBJ 1\n#  define FN(x) ((x) + 1)\n"
                 "#if 0\n#define DEAD 1\nint dead_fn(void) { return 0; }\n#else\n#define LIVE 1\n#endif\n"
                 "#ifdef CONFIG_X\nint cond_a(void) { return 1; }\n#else\nint cond_b(void) { return 2; }\n#endif\n");
  CHECK(f.count({"OBJ", "macro", 1}));
  CHECK(f.count({"FN", "macro", 2}));
  CHECK(has(f, "LIVE", "macro"));
  CHECK(has(f, "cond_a", "function"));
  CHECK(has(f, "cond_b", "function"));
  CHECK_FALSE(named(f, "DEAD"));
  CHECK_FALSE(named(f, "dead_fn"));
}

TEST_CASE("identifier defs: struct, union and enum tags with a body, enumerators, typedefs") {
  Found f = defs(DefSyntax::C,
                 "struct fwd;\n"
                 "struct with_body {\n\tint a;\n\tstruct inner { int b; } in;\n\tunion { int c; } u;\n};\n"
                 "union un { long l; };\n"
                 "enum colour { RED, GREEN = 2, BLUE = GREEN + 1, };\n"
                 "typedef unsigned long my_ulong;\n"
                 "typedef struct { int x; } anon_t, *anon_p;\n"
                 "typedef int (*handler_t)(int);\n"
                 "typedef int (fn_type_t)(int a);\n"
                 "typedef int plain_fn_t(int a, int b);\n"
                 "typedef ssize_t __handler_const(struct device *dev);\n"
                 "typedef enum rq_ret (rq_end_fn)(struct request *);\n"
                 "typedef DEFINE_MIN_HEAP(char, min_heap_char) min_heap_char;\n"
                 "typedef struct kobject *kobj_probe_t(dev_t, int *, void *);\n"
                 "typedef _Bool bool;\n"
                 "struct __packed packed_s { int p; };\n"
                 "union __attribute__((aligned(8))) attr_u { int p; };\n"
                 "#ifdef __cplusplus\nextern \"C\" {\n#endif\nstruct in_linkage { int q; };\n"
                 "#ifdef __cplusplus\n}\n#endif\n"
                 "void f(void)\n{\n\tstruct local_tag { int z; } v;\n\tv.z = RED;\n}\n");
  CHECK(has(f, "with_body", "struct"));
  CHECK(has(f, "inner", "struct"));  // a tag inside a struct
  CHECK(has(f, "local_tag", "struct"));  // and inside a function
  CHECK(has(f, "un", "union"));
  CHECK(has(f, "colour", "enum"));
  for (const char* e : {"RED", "GREEN", "BLUE"}) CHECK(has(f, e, "enumerator"));
  CHECK(has(f, "my_ulong", "typedef"));
  CHECK(has(f, "anon_t", "typedef"));
  CHECK(has(f, "anon_p", "typedef"));
  CHECK(has(f, "handler_t", "typedef"));
  CHECK(has(f, "fn_type_t", "typedef"));
  CHECK(has(f, "plain_fn_t", "typedef"));
  CHECK(has(f, "__handler_const", "typedef"));
  CHECK(has(f, "rq_end_fn", "typedef"));
  CHECK_FALSE(named(f, "ssize_t"));
  CHECK_FALSE(named(f, "rq_ret"));
  CHECK(has(f, "min_heap_char", "typedef"));
  CHECK(has(f, "kobj_probe_t", "typedef"));
  CHECK_FALSE(named(f, "DEFINE_MIN_HEAP"));
  CHECK(has(f, "bool", "typedef"));
  CHECK(has(f, "packed_s", "struct"));
  CHECK(has(f, "attr_u", "union"));
  CHECK_FALSE(named(f, "__packed"));
  CHECK(has(f, "in_linkage", "struct"));  // inside extern "C" { }
  CHECK_FALSE(named(f, "fwd"));
  CHECK_FALSE(named(f, "a"));  // fields are not definitions
  CHECK_FALSE(named(f, "v"));  // nor locals
}

TEST_CASE("identifier defs: file-scope variables, not externs, locals or parameters") {
  Found f = defs(DefSyntax::C,
                 "static int counter;\n"
                 "int table[16] = { 1, 2 };\n"
                 "static unsigned long flags __read_mostly = 3;\n"
                 "const struct ops my_ops = { .open = op_open };\n"
                 "extern int elsewhere;\n"
                 "int a1, b1 = 2;\n"
                 "static unsigned plain_unsigned[] = { 1 };\n"
                 "static size_t guarded __guarded_by(&lock) = 3;\n"
                 "static struct { int a; } anon_typed;\n"
                 "unsigned char shadow_page[PAGE_SIZE] __bss_pgtbl;\n"
                 "BTF_ID_LIST_SINGLE(btf_ids, struct, xdp_buff)\nconst struct proto after_macro = { .f = 1 };\n"
                 "static void (*hook)(int) = 0;\n"
                 "struct pair { unsigned long lo, hi; };\n"
                 "static const char *names[] = { \"a\", \"b\", NULL };\n"
                 "struct pt list[] __initdata = {\n\t{ 1, 2, init_fn },\n\t{ 0, 0, NULL }\n};\n"
                 "void g(int param) { int local = param; }\n");
  for (const char* v : {"counter", "table", "flags", "my_ops", "a1", "b1", "hook", "names", "list", "plain_unsigned", "guarded", "anon_typed", "shadow_page",
                        "after_macro"}) {
    CAPTURE(v);
    CHECK(has(f, v, "variable"));
  }
  for (const char* n : {"elsewhere", "param", "local", "op_open", "ops", "__read_mostly", "lo", "hi", "NULL",
                        "init_fn", "pair", "__guarded_by", "lock", "__bss_pgtbl", "btf_ids"}) {
    CAPTURE(n);
    CHECK_FALSE(has(f, n, "variable"));
  }
}

TEST_CASE("identifier defs: the kernel's definition macros") {
  Found f = defs(DefSyntax::C,
                 "EXPORT_SYMBOL(foo_init);\nEXPORT_SYMBOL_GPL(bar);\nEXPORT_SYMBOL_NS_GPL(baz, NS);\n"
                 "SYSCALL_DEFINE3(bpf, int, cmd, union bpf_attr __user *, uattr, unsigned int, size)\n{\n\treturn 0;\n}\n"
                 "COMPAT_SYSCALL_DEFINE2(old_thing, int, a, int, b)\n{\n\treturn 0;\n}\n"
                 "BPF_CALL_2(bpf_map_lookup, struct bpf_map *, map, void *, key)\n{\n\treturn 0;\n}\n"
                 "TRACE_EVENT(sched_switch, TP_PROTO(int p), TP_ARGS(p), TP_STRUCT__entry(), TP_fast_assign(), TP_printk(\"\"));\n"
                 "DEFINE_EVENT(sched_class, sched_wakeup, TP_PROTO(int p), TP_ARGS(p));\n"
                 "DEFINE_PER_CPU(struct rq, runqueues);\nDEFINE_PER_CPU_READ_MOSTLY(int, cpu_number);\n"
                 "DEFINE_MUTEX(big_lock);\nstatic DEFINE_SPINLOCK(small_lock);\n"
                 "DEFINE_EARLY_PER_CPU_READ_MOSTLY(u32, cpu_to_apicid, BAD_APICID);\n"
                 "static DECLARE_RWSEM(my_rwsem);\nDEFINE_SHOW_ATTRIBUTE(pasted);\nDEFINE_TRACING_MAP_CMP_FN(s64);\n");
  for (const char* e : {"foo_init", "bar", "baz"}) CHECK(has(f, e, "export"));
  CHECK(has(f, "sys_bpf", "function"));
  CHECK(has(f, "bpf", "syscall"));
  CHECK(has(f, "compat_sys_old_thing", "function"));
  CHECK(has(f, "old_thing", "syscall"));
  CHECK(has(f, "bpf_map_lookup", "function"));
  CHECK(has(f, "trace_sched_switch", "tracepoint"));
  CHECK(has(f, "trace_sched_wakeup", "tracepoint"));
  CHECK_FALSE(named(f, "trace_sched_class"));
  CHECK(has(f, "runqueues", "variable"));
  CHECK(has(f, "cpu_number", "variable"));
  CHECK(has(f, "big_lock", "variable"));
  CHECK(has(f, "small_lock", "variable"));
  CHECK(has(f, "cpu_to_apicid", "variable"));
  CHECK(has(f, "my_rwsem", "variable"));
  CHECK_FALSE(named(f, "u32"));
  CHECK_FALSE(named(f, "pasted"));  // DEFINE_SHOW_ATTRIBUTE(x) defines x_fops: not read
  CHECK_FALSE(named(f, "s64"));
  CHECK_FALSE(named(f, "SYSCALL_DEFINE3"));
  CHECK_FALSE(named(f, "cmd"));
}

TEST_CASE("identifier defs: assembly labels and macros, Kconfig options, device-tree macros") {
  Found a = defs(DefSyntax::Asm,
                 "/* SYM_FUNC_START(commented) */\n#include <linux/linkage.h>\n#define ASM_MACRO 1\n"
                 "SYM_FUNC_START(memcpy_orig)\n\tret\nSYM_FUNC_END(memcpy_orig)\n"
                 "SYM_CODE_START_LOCAL(entry_code)\nENTRY(old_entry)\n#if 0\nSYM_FUNC_START(dead_sym)\n#endif\n");
  CHECK(a.count({"memcpy_orig", "asm", 4}));
  CHECK(has(a, "entry_code", "asm"));
  CHECK(has(a, "old_entry", "asm"));
  CHECK(has(a, "ASM_MACRO", "macro"));
  CHECK_FALSE(named(a, "commented"));
  CHECK_FALSE(named(a, "dead_sym"));

  Found k = defs(DefSyntax::Kconfig,
                 "# config COMMENTED\nconfig BPF_SYSCALL\n\tbool \"BPF\"\nmenuconfig NET\n\tdepends on BPF_SYSCALL\n"
                 "if NET\nconfig\tTABBED\nendif\n");
  CHECK(k.count({"CONFIG_BPF_SYSCALL", "kconfig", 2}));
  CHECK(has(k, "CONFIG_NET", "kconfig"));
  CHECK(has(k, "CONFIG_TABBED", "kconfig"));
  CHECK_FALSE(named(k, "CONFIG_COMMENTED"));

  Found d = defs(DefSyntax::DeviceTree, "#define DT_MACRO 3\n/ { node { prop = <DT_MACRO>; }; };\n");
  CHECK(has(d, "DT_MACRO", "macro"));
  CHECK(d.size() == 1);

  CHECK(defs(DefSyntax::None, "#define NOT_READ 1\nconfig X\n").empty());
  CHECK(def_syntax_of("arch/x86/Kconfig.debug") == DefSyntax::Kconfig);
  CHECK(def_syntax_of("a/b.S") == DefSyntax::Asm);
  CHECK(def_syntax_of("x.dtsi") == DefSyntax::DeviceTree);
  CHECK(def_syntax_of("Makefile") == DefSyntax::None);
  CHECK(def_syntax_of("k/x.h") == DefSyntax::C);
}

TEST_CASE("identifier defs: odd input defines nothing odd and never throws") {
  for (const char* text : {"", "{", "}", "int (", "struct {", "#if 0\n", "#define", "typedef ;", "enum { , };",
                           "SYSCALL_DEFINE9(x)", "EXPORT_SYMBOL()", "\"unterminated", "/* open", "int x = {;"}) {
    CAPTURE(text);
    CHECK_NOTHROW(find_definitions(DefSyntax::C, text));
    CHECK_NOTHROW(find_definitions(DefSyntax::Asm, text));
    CHECK_NOTHROW(find_definitions(DefSyntax::Kconfig, text));
  }
}
