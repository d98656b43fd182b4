// kfunc-gen's signature printer over real BTF: the site's 6.11 blob against
// the site's own pages, and a BTF file written with libbpf for the kinds the
// blob has no kfunc of.
#include <doctest/doctest.h>

#include <bpf/btf.h>

#include <filesystem>
#include <yaml-cpp/yaml.h>

#include "docs/btf_signature.h"
#include "docs/data_dir.h"
#include "util/error.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kSample = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs";
const std::string kBtf611 = kSample + "/vmlinux-6.11.btf";

// The signature line inside a page's KFUNC_DEF block, as the site committed it.
std::string committed_signature(const std::string& kfunc) {
  std::string page = read_file(kSample + "/docs/linux/kfuncs/" + kfunc + ".md");
  size_t start = page.find("<!-- [KFUNC_DEF] -->\n`#!c ");
  REQUIRE_MESSAGE(start != std::string::npos, kfunc);
  start += std::string("<!-- [KFUNC_DEF] -->\n`#!c ").size();
  return page.substr(start, page.find("`\n", start) - start);
}

}  // namespace

TEST_CASE("btf signature: the 6.11 BTF gives the site's committed signatures") {
  Btf btf(kBtf611);
  // Pointer return and no parameters, pointer and plain parameters, a
  // callback `bool (less)(T * , U * )`, union, an enum printed without
  // `enum`, const, unsigned int, void return: the sample's pages whose
  // signature did not change between 6.11 and 7.1, the BTF the site used.
  for (const char* k : {"bpf_cpumask_create", "bpf_cpumask_release", "crash_kexec", "bpf_iter_task_new",
                        "bpf_rbtree_add_impl", "bpf_ct_set_nat_info", "bpf_dynptr_from_skb", "bpf_rcu_read_lock",
                        "bpf_sock_addr_set_sun_path", "cgroup_rstat_flush"}) {
    INFO(k);
    std::optional<std::string> sig = btf.signature(k);
    REQUIRE(sig.has_value());
    CHECK(*sig == committed_signature(k));
  }
  // Real API changes between 6.11 and 7.1 (GENERATORS.md section 10): the
  // serial became s32, the session kfuncs gained their ctx argument, arena
  // pointers gained the address_space(1) type tag, the wq callback's last
  // argument was renamed. The 6.11 BTF gives the 6.11 signature.
  CHECK(committed_signature("bpf_lookup_user_key") == "struct bpf_key *bpf_lookup_user_key(s32 serial, u64 flags)");
  CHECK(btf.signature("bpf_lookup_user_key") == "struct bpf_key *bpf_lookup_user_key(u32 serial, u64 flags)");
  CHECK(committed_signature("bpf_session_cookie") == "__u64 *bpf_session_cookie(void *ctx)");
  CHECK(btf.signature("bpf_session_cookie") == "__u64 *bpf_session_cookie()");
  CHECK(committed_signature("bpf_arena_alloc_pages") ==
        "__arena void *bpf_arena_alloc_pages(void *p__map, __arena void *addr__ign, u32 page_cnt, int node_id, u64 flags)");
  CHECK(btf.signature("bpf_arena_alloc_pages") ==
        "void *bpf_arena_alloc_pages(void *p__map, void *addr__ign, u32 page_cnt, int node_id, u64 flags)");
  CHECK(btf.signature("bpf_wq_set_callback_impl") ==
        "int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (callback_fn)(void * , int * , void * ), unsigned int "
        "flags, void *aux__ign)");
  // Added after 6.11.
  CHECK(!btf.signature("bpf_list_push_front").has_value());
}

TEST_CASE("btf signature: the 6.11 BTF's kfuncs are its bpf_kfunc decl tags") {
  Btf btf(kBtf611);
  std::vector<std::string> k = btf.kfuncs();
  auto has = [&](const std::string& n) { return std::find(k.begin(), k.end(), n) != k.end(); };
  CHECK(k.size() == 164);
  CHECK(has("bpf_cpumask_create"));
  CHECK(has("bpf_fentry_test1"));      // a self-test kfunc, on data/kfunc-gen.yaml's ignore list
  CHECK(has("cgroup_rstat_flush"));    // removed later; on the `removed` list
  CHECK(!has("bpf_list_push_front"));  // newer than 6.11
  CHECK(!has("bpf_map_lookup_elem"));  // a helper: a FUNC without the tag
}

TEST_CASE("btf signature: data/program-types.yaml is the kernel's enum bpf_prog_type") {
  std::vector<std::string> kernel = Btf(kBtf611).enum_values("bpf_prog_type");
  REQUIRE(!kernel.empty());
  CHECK(kernel.back() == "__MAX_BPF_PROG_TYPE");
  kernel.pop_back();
  YAML::Node data = YAML::LoadFile(find_data_dir() + "/program-types.yaml")["program_types"];
  std::vector<std::string> listed;
  for (const auto& n : data) listed.push_back(n.Scalar());
  CHECK(listed == kernel);
}

TEST_CASE("btf signature: kinds the 6.11 kfuncs lack, on a BTF file written with libbpf") {
  std::unique_ptr<struct btf, BtfFree> b(btf__new_empty());
  REQUIRE(b);
  struct btf* w = b.get();
  int i32 = btf__add_int(w, "int", 4, BTF_INT_SIGNED);
  int arr = btf__add_array(w, i32, i32, 4);
  int vol = btf__add_volatile(w, i32);
  int vol_ptr = btf__add_ptr(w, vol);
  int i32_ptr = btf__add_ptr(w, i32);
  int restr = btf__add_restrict(w, i32_ptr);
  int arena = btf__add_type_tag(w, "address_space(1)", 0);
  int arena_ptr = btf__add_ptr(w, arena);
  int user = btf__add_type_tag(w, "user", i32);
  int user_ptr = btf__add_ptr(w, user);
  int fwd = btf__add_fwd(w, "sock", BTF_FWD_STRUCT);
  int fwd_ptr = btf__add_ptr(w, fwd);
  int dbl = btf__add_float(w, "double", 8);
  int big = btf__add_enum64(w, "big", 8, false);
  btf__add_enum64_value(w, "BIG", 1ULL << 40);
  int st = btf__add_struct(w, "s", 0);
  int st_ptr = btf__add_ptr(w, st);

  int p1 = btf__add_func_proto(w, vol_ptr);
  btf__add_func_param(w, "a", arr);
  btf__add_func_param(w, "r", restr);
  btf__add_func_param(w, "x", arena_ptr);
  btf__add_func_param(w, "u", user_ptr);
  btf__add_func_param(w, "k", fwd_ptr);
  btf__add_func_param(w, "d", dbl);
  btf__add_func_param(w, "e", big);
  btf__add_func_param(w, "", 0);  // `...`
  int f1 = btf__add_func(w, "f1", BTF_FUNC_GLOBAL, p1);
  btf__add_decl_tag(w, "bpf_kfunc", f1, -1);

  int cb = btf__add_func_proto(w, i32);
  btf__add_func_param(w, "n", i32);
  btf__add_func_param(w, "", st_ptr);
  int cb_ptr = btf__add_ptr(w, cb);
  int p2 = btf__add_func_proto(w, 0);
  btf__add_func_param(w, "cb", cb_ptr);
  int f2 = btf__add_func(w, "f2", BTF_FUNC_GLOBAL, p2);
  btf__add_decl_tag(w, "bpf_kfunc", f2, 0);  // on a parameter: not a kfunc

  int p3 = btf__add_func_proto(w, cb_ptr);  // returns a function pointer
  btf__add_func(w, "f3", BTF_FUNC_GLOBAL, p3);
  btf__add_func(w, "dup", BTF_FUNC_GLOBAL, p3);
  btf__add_func(w, "dup", BTF_FUNC_STATIC, p2);

  uint32_t size = 0;
  const void* raw = btf__raw_data(w, &size);
  REQUIRE(raw);
  TempDir tmp;
  write_file(tmp.file("t.btf"), std::string(static_cast<const char*>(raw), size));

  Btf btf(tmp.file("t.btf"));
  CHECK(btf.kfuncs() == std::vector<std::string>{"f1"});
  // Arrays `T[n]`; restrict and a pointer under a qualifier are not "pointer
  // parameters", so a space comes before the name; __arena; other type tags
  // as a comment; Go's %T for kinds kfunc-gen does not know; enum64 bare; a
  // variadic tail as a `void ` parameter.
  CHECK(btf.signature("f1") ==
        "volatile int *f1(int[4] a, restrict int * r, __arena void *x, /* unknown type tag: user */ int *u, "
        "unknown (*btf.Fwd) *k, unknown (*btf.Float) d, big e, void )");
  CHECK(btf.signature("f2") == "void f2(int (cb)(int n, struct s * ))");
  CHECK(btf.signature("f3") == "unknown (*btf.FuncProto) *f3()");
  CHECK(!btf.signature("dup").has_value());  // two FUNCs: cilium/ebpf's TypeByName refuses
  CHECK(!btf.signature("nope").has_value());
}

TEST_CASE("btf signature: a file that is not BTF is an error naming it") {
  TempDir tmp;
  write_file(tmp.file("x.btf"), "not btf at all");
  std::string message;
  try {
    Btf b(tmp.file("x.btf"));
  } catch (const Error& e) {
    message = e.what();
  }
  CHECK(message.starts_with(tmp.file("x.btf") + ": cannot read BTF from it ("));
  CHECK_THROWS_AS(Btf(tmp.file("missing.btf")), Error);
}

TEST_CASE("btf signature: a type chain that never ends (a damaged file) is an error, not a stack overflow") {
  // A pointer to a const of that pointer: libbpf reads the file, and the
  // signature's walk from pointer to target would recurse without end.
  std::unique_ptr<struct btf, BtfFree> b(btf__new_empty());
  REQUIRE(b);
  struct btf* w = b.get();
  int ptr = btf__add_ptr(w, 2);  // id 1 -> id 2, added next
  REQUIRE(btf__add_const(w, ptr) == 2);
  int f = btf__add_func(w, "bpf_cycle", BTF_FUNC_GLOBAL, btf__add_func_proto(w, ptr));
  btf__add_decl_tag(w, "bpf_kfunc", f, -1);
  // A deep but finite chain of the same kinds still reads.
  int deep = btf__add_int(w, "int", 4, BTF_INT_SIGNED);
  for (int i = 0; i < 20; i++) deep = btf__add_ptr(w, btf__add_const(w, deep));
  btf__add_func(w, "bpf_deep", BTF_FUNC_GLOBAL, btf__add_func_proto(w, deep));
  uint32_t size = 0;
  const void* raw = btf__raw_data(w, &size);
  REQUIRE(raw);
  TempDir tmp;
  write_file(tmp.file("c.btf"), std::string(static_cast<const char*>(raw), size));
  Btf btf(tmp.file("c.btf"));
  CHECK(btf.kfuncs() == std::vector<std::string>{"bpf_cycle"});
  CHECK_THROWS_WITH_AS(btf.signature("bpf_cycle"),
                       (tmp.file("c.btf") + ": type id 2 ends a chain of more than 64 pointers and qualifiers (a "
                                            "cycle?); the BTF is damaged: regenerate it (pahole, bpftool)")
                           .c_str(),
                       Error);
  std::string want = "int";
  for (int i = 0; i < 20; i++) want = "const " + want + " *";
  CHECK(btf.signature("bpf_deep") == want + "bpf_deep()");
}

TEST_CASE("btf signature: fuzz regression: a type section at an unaligned offset is an error") {
  // fuzz_btf's finding, as found: the header's hdr_len is 25, so libbpf
  // places the type records at an odd address, and reading them as structs
  // was undefined behaviour (UBSan: misaligned btf_type).
  const std::string found(
      "\x9f\xeb\x01\x00\x19\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00\x00\x40\x00\x00\x00\x15\x00\x00\x00"
      "\x00\x00\x00\x00\x3b\x00\x00\x00\x02\x02\x00\x84\x00\x00\x00\x00\x29\x00\x00\x00\x0a\x01\x00\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x0d\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x0c\x03\x00\x00"
      "\x00\x0b\x00\x00\x00\x00\x00\x00\x11\x04\x00\x00\x00\xff\xff\xff\xff\x00\x62\x70\x66\x5f\x63\x79"
      "\x63\x6c\x65\x00\x62\x70\x66\x5f\x6b\x66\x75\x6e\x63\x00",
      110);
  TempDir tmp;
  write_file(tmp.file("m.btf"), found);
  CHECK_THROWS_WITH_AS(Btf(tmp.file("m.btf")),
                       (tmp.file("m.btf") + ": BTF type 1 is not 4-byte aligned (the header's type_off is off); the "
                                            "file is damaged: regenerate it (pahole, bpftool)")
                           .c_str(),
                       Error);
}
