// Kfunc facts from small C files in the kernel's idioms: sets under #ifdef,
// a kfunc in two sets with different flags, `ret = ret ?:` registration
// chains, a .filter, UNSPEC through the hook table, bad input. Then through
// the whole index on a generated repository: a kfunc renamed, then removed;
// facts per tag as the test wrote them; each introducing commit judged by
// extracting the trees git shows at it and at its parents.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "facts/derived_facts.h"
#include "fact_oracle.h"
#include "git_fixture.h"
#include "pipeline/indexer.h"
#include "facts/kfunc_extractor.h"
#include "facts/kfunc_signature.h"
#include "docs/missing_pages.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;
using nlohmann::json;

namespace {

using Files = std::map<std::string, std::string>;

ResolvedFacts resolve_texts(const Files& files, std::vector<json>& keep) {
  KfuncExtractor x;
  keep.clear();
  keep.reserve(files.size());
  std::vector<ExtractedFile> in;
  for (const auto& [path, text] : files) {
    keep.push_back(x.extract(text));
    in.push_back({path, &keep.back()});
  }
  return x.resolve(in);
}

std::set<std::string> keys(const ResolvedFacts& r, const std::string& kind) {
  std::set<std::string> out;
  for (const auto& f : r.facts)
    if (f.kind == kind) out.insert(f.key);
  return out;
}

const DerivedFact* find(const ResolvedFacts& r, const std::string& kind, const std::string& key) {
  for (const auto& f : r.facts)
    if (f.kind == kind && f.key == key) return &f;
  return nullptr;
}

// kernel/bpf/btf.c's hook table: `types` grouped by hook.
std::string hook_table(const std::vector<std::pair<std::string, std::vector<std::string>>>& hooks) {
  std::string t = "static int bpf_prog_type_to_kfunc_hook(enum bpf_prog_type prog_type)\n{\n\tswitch (prog_type) {\n";
  for (const auto& [hook, types] : hooks) {
    for (const auto& ty : types) t += "\tcase BPF_PROG_TYPE_" + ty + ":\n";
    t += "\t\treturn BTF_KFUNC_HOOK_" + hook + ";\n";
  }
  return t + "\tdefault:\n\t\treturn BTF_KFUNC_HOOK_MAX;\n\t}\n}\n";
}

const std::vector<std::pair<std::string, std::vector<std::string>>> kHooks = {
    {"COMMON", {"UNSPEC"}}, {"XDP", {"XDP"}}, {"TC", {"SCHED_CLS"}},
    {"TRACING", {"TRACING", "TRACEPOINT", "LSM"}}, {"SYSCALL", {"SYSCALL"}}};

const char* const kHelpersC = R"(
__bpf_kfunc_start_defs();

__bpf_kfunc struct task_struct *bpf_task_acquire(struct task_struct *p)
{
	return p;
}

__bpf_kfunc void bpf_task_release(struct task_struct *p)
{
}

__bpf_kfunc
int bpf_two(u64 a,
	    const struct cgroup *cg)
{
	return 0;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(generic_btf_ids)
BTF_ID_FLAGS(func, bpf_task_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_task_release, KF_RELEASE)
#ifdef CONFIG_CGROUPS
BTF_ID_FLAGS(func, bpf_cgroup_acquire, KF_ACQUIRE)
#endif
BTF_ID_FLAGS(func, bpf_two, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(generic_btf_ids)

static const struct btf_kfunc_id_set generic_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &generic_btf_ids,
};

BTF_KFUNCS_START(common_btf_ids)
BTF_ID_FLAGS(func, bpf_rcu_read_lock)
BTF_ID_FLAGS(func, bpf_two)
BTF_KFUNCS_END(common_btf_ids)

static const struct btf_kfunc_id_set common_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &common_btf_ids,
};

static int __init kfunc_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &generic_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS,
					       &generic_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &common_kfunc_set);
}
late_initcall(kfunc_init);
)";

// fs/bpf_fs_kfuncs.c's idiom: LSM only, through a filter on the TRACING hook.
const char* const kFsC = R"(
BTF_KFUNCS_START(bpf_fs_kfunc_set_ids)
BTF_ID_FLAGS(func, bpf_get_file_xattr, KF_SLEEPABLE | KF_TRUSTED_ARGS)
BTF_KFUNCS_END(bpf_fs_kfunc_set_ids)

static int bpf_fs_kfuncs_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&bpf_fs_kfunc_set_ids, kfunc_id) ||
	    prog->type == BPF_PROG_TYPE_LSM)
		return 0;
	return -EACCES;
}

static const struct btf_kfunc_id_set bpf_fs_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &bpf_fs_kfunc_set_ids,
	.filter = bpf_fs_kfuncs_filter,
};

static int __init bpf_fs_kfuncs_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LSM, &bpf_fs_kfunc_set);
}
)";

// An attach-type filter (net/core/filter.c's tracing_iter_filter) and one
// that calls a function (kernel/trace/bpf_trace.c's kprobe_multi filter).
const char* const kIterC = R"(
BTF_KFUNCS_START(bpf_sk_iter_kfunc_ids)
BTF_ID_FLAGS(func, bpf_sock_destroy, KF_TRUSTED_ARGS)
BTF_KFUNCS_END(bpf_sk_iter_kfunc_ids)

static int tracing_iter_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (btf_id_set8_contains(&bpf_sk_iter_kfunc_ids, kfunc_id) &&
	    prog->expected_attach_type != BPF_TRACE_ITER)
		return -EACCES;
	return 0;
}

static const struct btf_kfunc_id_set bpf_sk_iter_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_sk_iter_kfunc_ids,
	.filter = tracing_iter_filter,
};

BTF_KFUNCS_START(kprobe_multi_kfunc_set_ids)
BTF_ID_FLAGS(func, bpf_session_cookie)
BTF_KFUNCS_END(kprobe_multi_kfunc_set_ids)

static int bpf_kprobe_multi_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&kprobe_multi_kfunc_set_ids, kfunc_id))
		return 0;

	if (!is_kprobe_session(prog))
		return -EACCES;

	return 0;
}

static const struct btf_kfunc_id_set bpf_kprobe_multi_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &kprobe_multi_kfunc_set_ids,
	.filter = bpf_kprobe_multi_filter,
};

static int init_subsystem(void)
{
	int ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_sk_iter_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SYSCALL, &bpf_kprobe_multi_kfunc_set);
}
)";

}  // namespace

TEST_CASE("kfunc facts: sets under #ifdef, two sets with different flags, chains, UNSPEC, filters") {
  std::vector<json> keep;
  Files files = {{"kernel/bpf/btf.c", hook_table(kHooks)}, {"kernel/bpf/helpers.c", kHelpersC},
                 {"fs/bpf_fs_kfuncs.c", kFsC}, {"net/core/filter.c", kIterC},
                 // Documentation holds the same idioms as examples: never facts.
                 {"Documentation/bpf/kfuncs.rst", "BTF_KFUNCS_START(doc_set)\nBTF_ID_FLAGS(func, bpf_doc_only)\n"
                                                  "BTF_KFUNCS_END(doc_set)\n"}};
  ResolvedFacts r = resolve_texts(files, keep);

  CHECK(keys(r, "kfunc") == std::set<std::string>{"bpf_cgroup_acquire", "bpf_get_file_xattr", "bpf_rcu_read_lock",
                                                  "bpf_session_cookie", "bpf_sock_destroy", "bpf_task_acquire",
                                                  "bpf_task_release", "bpf_two"});
  CHECK(keys(r, "kfunc_hook") ==
        std::set<std::string>{"BPF_PROG_TYPE_UNSPEC BTF_KFUNC_HOOK_COMMON", "BPF_PROG_TYPE_XDP BTF_KFUNC_HOOK_XDP",
                              "BPF_PROG_TYPE_SCHED_CLS BTF_KFUNC_HOOK_TC", "BPF_PROG_TYPE_TRACING BTF_KFUNC_HOOK_TRACING",
                              "BPF_PROG_TYPE_TRACEPOINT BTF_KFUNC_HOOK_TRACING", "BPF_PROG_TYPE_LSM BTF_KFUNC_HOOK_TRACING",
                              "BPF_PROG_TYPE_SYSCALL BTF_KFUNC_HOOK_SYSCALL"});

  // The #ifdef is the membership's condition; the kfunc in two sets keeps
  // each set's flags apart, and its own flags are their union.
  const DerivedFact* cg = find(r, "kfunc_set", "generic_btf_ids bpf_cgroup_acquire");
  REQUIRE(cg);
  CHECK(cg->attrs["kconfig"] == json::array({"CONFIG_CGROUPS"}));
  CHECK(cg->attrs["flags"] == json::array({"KF_ACQUIRE"}));
  CHECK(cg->file == "kernel/bpf/helpers.c");
  CHECK(cg->line == 26);
  const DerivedFact* two_g = find(r, "kfunc_set", "generic_btf_ids bpf_two");
  const DerivedFact* two_c = find(r, "kfunc_set", "common_btf_ids bpf_two");
  REQUIRE(two_g);
  REQUIRE(two_c);
  CHECK(two_g->attrs["flags"] == json::array({"KF_TRUSTED_ARGS"}));
  CHECK(two_c->attrs["flags"] == json::array());
  CHECK(two_g->attrs["kconfig"] == json::array());
  const DerivedFact* two = find(r, "kfunc", "bpf_two");
  REQUIRE(two);
  CHECK(two->attrs["sets"] == json::array({"common_btf_ids", "generic_btf_ids"}));
  CHECK(two->attrs["signature"] == "int bpf_two(u64 a, const struct cgroup *cg)");
  const DerivedFact* acq = find(r, "kfunc", "bpf_task_acquire");
  REQUIRE(acq);
  CHECK(acq->attrs["flags"] == json::array({"KF_ACQUIRE", "KF_RCU", "KF_RET_NULL"}));
  CHECK(acq->attrs["signature"] == "struct task_struct *bpf_task_acquire(struct task_struct *p)");
  CHECK(acq->line == 23);
  CHECK(!find(r, "kfunc", "bpf_cgroup_acquire")->attrs.contains("signature"));
  CHECK(keys(r, "kfunc_flag").count("KF_RET_NULL bpf_task_acquire") == 1);
  CHECK(keys(r, "kfunc_flag").count("KF_TRUSTED_ARGS bpf_two") == 1);

  // Program types: TRACING's registration is for the TRACING hook (TRACING,
  // TRACEPOINT, LSM); UNSPEC is every type of the table; the fs filter keeps
  // LSM only; the iterator filter depends on the attach type; the kprobe
  // filter is not understood past its set test.
  std::set<std::string> want;
  for (const char* k : {"bpf_task_acquire", "bpf_task_release", "bpf_cgroup_acquire", "bpf_two"})
    for (const char* t : {"TRACING", "TRACEPOINT", "LSM", "SCHED_CLS"}) want.insert(std::string("BPF_PROG_TYPE_") + t + " " + k);
  for (const char* k : {"bpf_rcu_read_lock", "bpf_two"})
    for (const char* t : {"XDP", "SCHED_CLS", "TRACING", "TRACEPOINT", "LSM", "SYSCALL"})
      want.insert(std::string("BPF_PROG_TYPE_") + t + " " + k);
  want.insert("BPF_PROG_TYPE_LSM bpf_get_file_xattr");
  for (const char* t : {"TRACING", "TRACEPOINT", "LSM"}) want.insert(std::string("BPF_PROG_TYPE_") + t + " bpf_sock_destroy");
  want.insert("BPF_PROG_TYPE_SYSCALL bpf_session_cookie");
  CHECK(keys(r, "prog_kfunc") == want);

  const DerivedFact* tp = find(r, "prog_kfunc", "BPF_PROG_TYPE_TRACEPOINT bpf_task_acquire");
  REQUIRE(tp);
  CHECK(tp->attrs["via"] == json::array({"BPF_PROG_TYPE_TRACING"}));
  CHECK(tp->attrs["sets"] == json::array({"generic_btf_ids"}));
  CHECK(!tp->attrs.contains("filter_unknown"));
  const DerivedFact* two_cls = find(r, "prog_kfunc", "BPF_PROG_TYPE_SCHED_CLS bpf_two");
  REQUIRE(two_cls);
  CHECK(two_cls->attrs["via"] == json::array({"BPF_PROG_TYPE_SCHED_CLS", "BPF_PROG_TYPE_UNSPEC"}));
  CHECK(two_cls->attrs["sets"] == json::array({"generic_btf_ids", "common_btf_ids"}));
  const DerivedFact* sd = find(r, "prog_kfunc", "BPF_PROG_TYPE_LSM bpf_sock_destroy");
  REQUIRE(sd);
  CHECK(sd->attrs["filter_condition"] == json::array({"prog->expected_attach_type == BPF_TRACE_ITER"}));
  const DerivedFact* sc = find(r, "prog_kfunc", "BPF_PROG_TYPE_SYSCALL bpf_session_cookie");
  REQUIRE(sc);
  CHECK(sc->attrs["filter_unknown"] == json::array({"bpf_kprobe_multi_filter"}));
  // The fs filter does not touch the other kfuncs of the TRACING hook.
  CHECK(!find(r, "prog_kfunc", "BPF_PROG_TYPE_LSM bpf_task_acquire")->attrs.contains("filter_unknown"));

  // With its predicate defined in the file (as kernel/trace/bpf_trace.c
  // does), the kprobe filter is read to the end: an attach-type condition.
  {
    Files with = files;
    with["net/core/filter.c"] = std::string(kIterC) +
                                "static inline bool is_kprobe_session(const struct bpf_prog *prog)\n{\n"
                                "\treturn prog->expected_attach_type == BPF_TRACE_KPROBE_SESSION;\n}\n";
    std::vector<json> keep2;
    ResolvedFacts r2 = resolve_texts(with, keep2);
    const DerivedFact* sc2 = find(r2, "prog_kfunc", "BPF_PROG_TYPE_SYSCALL bpf_session_cookie");
    REQUIRE(sc2);
    CHECK(sc2->attrs["filter_condition"] == json::array({"prog->expected_attach_type == BPF_TRACE_KPROBE_SESSION"}));
    CHECK(!sc2->attrs.contains("filter_unknown"));
    CHECK(r2.unknowns.empty());
  }

  // The one unknown: where the kprobe filter stops being read.
  REQUIRE(r.unknowns.size() == 1);
  CHECK(r.unknowns[0].file == "net/core/filter.c");
  CHECK(r.unknowns[0].line == 29);
  CHECK(r.unknowns[0].what.find("is_kprobe_session") != std::string::npos);
}

TEST_CASE("kfunc facts: v6.1's BTF_SET8 sets count when a kfunc registration uses them, fmodret sets do not") {
  std::vector<json> keep;
  Files files = {{"kernel/bpf/btf.c", hook_table({{"XDP", {"XDP"}}, {"TRACING", {"TRACING", "LSM"}}})},
                 {"net/netfilter/nf_nat_bpf.c",
                  "BTF_SET8_START(nf_nat_kfunc_set)\nBTF_ID_FLAGS(func, bpf_ct_set_nat_info, KF_TRUSTED_ARGS)\n"
                  "BTF_SET8_END(nf_nat_kfunc_set)\n"
                  "static const struct btf_kfunc_id_set nf_bpf_nat_kfunc_set = {\n\t.owner = THIS_MODULE,\n"
                  "\t.set   = &nf_nat_kfunc_set,\n};\n"
                  "int register_nf_nat_bpf(void)\n{\n\treturn register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP,\n"
                  "\t\t\t\t\t &nf_bpf_nat_kfunc_set);\n}\n"},
                 {"net/mptcp/bpf.c",
                  "BTF_SET8_START(bpf_mptcp_fmodret_ids)\nBTF_ID_FLAGS(func, update_socket_protocol)\n"
                  "BTF_SET8_END(bpf_mptcp_fmodret_ids)\n"
                  "static const struct btf_kfunc_id_set bpf_mptcp_fmodret_set = {\n\t.owner = THIS_MODULE,\n"
                  "\t.set   = &bpf_mptcp_fmodret_ids,\n};\n"
                  "static int __init bpf_mptcp_kfunc_init(void)\n{\n"
                  "\treturn register_btf_fmodret_id_set(&bpf_mptcp_fmodret_set);\n}\n"}};
  ResolvedFacts r = resolve_texts(files, keep);
  CHECK(keys(r, "kfunc") == std::set<std::string>{"bpf_ct_set_nat_info"});
  CHECK(keys(r, "prog_kfunc") == std::set<std::string>{"BPF_PROG_TYPE_XDP bpf_ct_set_nat_info"});
  CHECK(r.unknowns.empty());
}

TEST_CASE("kfunc facts: a set written through an X-macro list in a header (net/core/xdp.c)") {
  std::vector<json> keep;
  Files files = {
      {"include/net/xdp.h",
       "#define XDP_METADATA_KFUNC_xxx\t\\\n"
       "\tXDP_METADATA_KFUNC(XDP_METADATA_KFUNC_RX_TIMESTAMP, \\\n"
       "\t\t\t   NETDEV_XDP_RX_METADATA_TIMESTAMP, \\\n"
       "\t\t\t   bpf_xdp_metadata_rx_timestamp, \\\n\t\t\t   xmo_rx_timestamp) \\\n"
       "\tXDP_METADATA_KFUNC(XDP_METADATA_KFUNC_RX_HASH, NETDEV_XDP_RX_METADATA_HASH, \\\n"
       "\t\t\t   bpf_xdp_metadata_rx_hash, xmo_rx_hash) \\\n\n"
       "enum xdp_rx_metadata {\n#define XDP_METADATA_KFUNC(name, _, __, ___) name,\nXDP_METADATA_KFUNC_xxx\n"
       "#undef XDP_METADATA_KFUNC\nMAX_XDP_METADATA_KFUNC,\n};\n"},
      {"net/core/xdp.c",
       "BTF_KFUNCS_START(xdp_metadata_kfunc_ids)\n"
       "#define XDP_METADATA_KFUNC(_, __, name, ___) BTF_ID_FLAGS(func, name, KF_TRUSTED_ARGS)\n"
       "XDP_METADATA_KFUNC_xxx\n#undef XDP_METADATA_KFUNC\nBTF_KFUNCS_END(xdp_metadata_kfunc_ids)\n"}};
  ResolvedFacts r = resolve_texts(files, keep);
  CHECK(keys(r, "kfunc") == std::set<std::string>{"bpf_xdp_metadata_rx_hash", "bpf_xdp_metadata_rx_timestamp"});
  const DerivedFact* h = find(r, "kfunc_set", "xdp_metadata_kfunc_ids bpf_xdp_metadata_rx_hash");
  REQUIRE(h);
  CHECK(h->attrs["flags"] == json::array({"KF_TRUSTED_ARGS"}));
  CHECK(h->file == "net/core/xdp.c");
  CHECK(h->line == 3);
  CHECK(r.unknowns.empty());

  // Without the header the use is an unknown at its line, not a silent gap.
  files.erase("include/net/xdp.h");
  r = resolve_texts(files, keep);
  CHECK(keys(r, "kfunc").empty());
  REQUIRE(r.unknowns.size() == 1);
  CHECK(r.unknowns[0].line == 3);
}

TEST_CASE("kfunc facts: bad input gives unknowns with their lines, never a crash") {
  KfuncExtractor x;
  const std::string bad =
      "BTF_KFUNCS_START(a)\n"                                 // 1
      "BTF_ID_FLAGS(func, bpf_ok, KF_RCU)\n"                  // 2
      "BTF_ID_FLAGS(func, bpf_bad, KF_A + 1)\n"               // 3
      "BTF_KFUNCS_END(b)\n"                                   // 4: wrong name
      "BTF_ID_FLAGS(func, bpf_loose)\n"                       // 5: (inside a, still open)
      "static const struct btf_kfunc_id_set s = { .owner = THIS_MODULE };\n"  // 6: no .set
      "static int f(void)\n{\n"                               // 7-8
      "\tregister_btf_kfunc_id_set(type, &s);\n"              // 9: type not named
      "\treturn register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, get());\n"  // 10
      "}\n"
      "static int g(void) {\n\tif (x) {\n}\n";                // 12-14: unclosed brace
  json out = x.extract(bad);
  std::set<uint32_t> lines;
  for (const auto& u : out["unknowns"]) lines.insert(u["line"].get<uint32_t>());
  for (uint32_t l : {3u, 4u, 6u, 9u, 10u, 12u}) {
    CAPTURE(l);
    CHECK(lines.count(l) == 1);
  }
  ExtractedFile f{"kernel/x.c", &out};
  ResolvedFacts r = x.resolve({f});
  CHECK(keys(r, "kfunc").count("bpf_ok") == 1);
  CHECK(r.unknowns.size() >= 6);
  for (const auto& u : r.unknowns) CHECK(u.file == "kernel/x.c");

  // Random cuts of a real-looking file: never a throw.
  std::string text = std::string(kHelpersC) + kFsC + kIterC;
  for (size_t cut = 0; cut < text.size(); cut += 37) {
    json part = x.extract(std::string_view(text).substr(0, cut));
    ExtractedFile pf{"a.c", &part};
    CHECK_NOTHROW(x.resolve({pf}));
  }
}

namespace {

// The kernel-like tree the pipeline test writes.
struct Tree {
  std::vector<std::pair<std::string, std::vector<std::string>>> kfuncs = {{"bpf_old_name", {"KF_ACQUIRE"}},
                                                                          {"bpf_keep", {"KF_RCU"}}};
  std::vector<std::string> tracing_hook = {"TRACING", "LSM"};
  std::vector<std::string> regs = {"TRACING"};

  std::string btf_c() const { return hook_table({{"XDP", {"XDP"}}, {"TRACING", tracing_hook}}); }
  std::string helpers_c() const {
    std::string t = "__bpf_kfunc_start_defs();\n\n";
    for (const auto& [k, flags] : kfuncs) t += "__bpf_kfunc int " + k + "(struct task_struct *p)\n{\n\treturn 0;\n}\n\n";
    t += "__bpf_kfunc_end_defs();\n\nBTF_KFUNCS_START(generic_btf_ids)\n";
    for (const auto& [k, flags] : kfuncs) {
      t += "BTF_ID_FLAGS(func, " + k;
      for (size_t i = 0; i < flags.size(); i++) t += (i ? " | " : ", ") + flags[i];
      t += ")\n";
    }
    t += "BTF_KFUNCS_END(generic_btf_ids)\n\nstatic const struct btf_kfunc_id_set generic_kfunc_set = {\n"
         "\t.owner = THIS_MODULE,\n\t.set   = &generic_btf_ids,\n};\n\nstatic int __init kfunc_init(void)\n{\n\tint ret = 0;\n\n";
    for (const auto& r : regs) t += "\tret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_" + r + ", &generic_kfunc_set);\n";
    return t + "\treturn ret;\n}\nlate_initcall(kfunc_init);\n";
  }
  void write(GitRepo& repo) const {
    repo.write("kernel/bpf/btf.c", btf_c());
    repo.write("kernel/bpf/helpers.c", helpers_c());
  }
  // What the test wrote, as "kind key".
  std::set<std::string> facts() const {
    std::set<std::string> out;
    std::map<std::string, std::vector<std::string>> hooks = {{"XDP", {"XDP"}}, {"TRACING", tracing_hook}};
    for (const auto& [hook, types] : hooks)
      for (const auto& ty : types) out.insert("kfunc_hook BPF_PROG_TYPE_" + ty + " BTF_KFUNC_HOOK_" + hook);
    for (const auto& [k, flags] : kfuncs) {
      out.insert("kfunc " + k);
      out.insert("kfunc_set generic_btf_ids " + k);
      for (const auto& f : flags) out.insert("kfunc_flag " + f + " " + k);
      for (const auto& r : regs)
        for (const auto& [hook, types] : hooks)
          if (std::find(types.begin(), types.end(), r) != types.end())
            for (const auto& ty : types) out.insert("prog_kfunc BPF_PROG_TYPE_" + ty + " " + k);
    }
    return out;
  }
};

const char* const kKinds[] = {"kfunc", "kfunc_set", "kfunc_flag", "kfunc_hook", "prog_kfunc"};

// The oracle for presence at a commit: the extractor applied to the files git
// shows there, outside the index.
std::set<std::string> kfunc_facts_at(const GitRepo& repo, const std::string& rev) {
  Files files;
  for (const char* path : {"kernel/bpf/btf.c", "kernel/bpf/helpers.c"})
    if (repo.git_status(std::string("cat-file -e ") + rev + ":" + path) == 0)
      files[path] = repo.git("show " + rev + ":" + path);
  std::vector<json> keep;
  std::set<std::string> out;
  for (const auto& f : resolve_texts(files, keep).facts) out.insert(f.kind + " " + f.key);
  return out;
}

}  // namespace

TEST_CASE("kfunc facts: through the index, a kfunc renamed then removed, a hook grown, flags changed") {
  GitRepo repo;
  int64_t date = 1600000000;
  Tree tree;
  std::map<std::string, std::set<std::string>> want;
  auto release = [&](const std::string& tag) {
    tree.write(repo);
    commit_release(repo, date, tag);
    want[tag] = tree.facts();
  };
  release("v1.0");

  // The TRACING hook grows TRACEPOINT on a side branch; mainline renames a
  // kfunc and adds a flag; both merge.
  repo.git("checkout -q -b side");
  tree.tracing_hook.push_back("TRACEPOINT");
  repo.write("kernel/bpf/btf.c", tree.btf_c());
  repo.commit("bpf: TRACEPOINT may call tracing kfuncs", date += 100);
  repo.git("checkout -q master");
  tree.kfuncs[0].first = "bpf_new_name";
  tree.kfuncs[1].second.push_back("KF_RET_NULL");
  repo.write("kernel/bpf/helpers.c", tree.helpers_c());
  repo.commit("bpf: rename bpf_old_name, bpf_keep may return NULL", date += 100);
  repo.git("-c user.name=t -c user.email=t@e merge -q --no-ff --no-edit side");
  release("v1.1");

  // Removed; another added; the set registered for XDP too.
  tree.kfuncs.erase(tree.kfuncs.begin());
  tree.kfuncs.push_back({"bpf_added", {"KF_SLEEPABLE"}});
  tree.regs.push_back("XDP");
  release("v1.2");

  TempDir tmp;
  IndexReport r;
  IndexOptions o = index_declared(repo, tmp, "bpf_keep", "kfunc", &r);
  CHECK(r.facts.unknowns == 0);

  Store store(o.db, Store::Mode::ReadOnly);
  for (const auto& tag_facts : want) {
    const auto& tag = tag_facts.first;
    const auto& facts = tag_facts.second;
    CAPTURE(tag);
    std::set<std::string> got;
    for (const char* kind : kKinds)
      for (const auto& a : derived_facts(store, kind, tag)) got.insert(a.kind + " " + a.key);
    CHECK(got == facts);
  }
  // The renamed kfunc's history: old name v1.0 only (until v1.1), new name
  // v1.1 only (until v1.2).
  std::map<std::string, std::pair<std::string, std::string>> life;  // key -> since, until
  for (const char* tag : {"v1.0", "v1.1", "v1.2"})
    for (const auto& a : derived_facts(store, "kfunc", tag)) life[a.key] = {a.since, a.until};
  CHECK(life["bpf_old_name"] == std::make_pair(std::string("v1.0"), std::string("v1.1")));
  CHECK(life["bpf_new_name"] == std::make_pair(std::string("v1.1"), std::string("v1.2")));
  CHECK(life["bpf_keep"] == std::make_pair(std::string("v1.0"), std::string()));
  CHECK(life["bpf_added"] == std::make_pair(std::string("v1.2"), std::string()));
  for (const auto& a : derived_facts(store, "kfunc")) {
    CAPTURE(a.key);
    if (a.key == "bpf_old_name") CHECK(a.present == std::vector<std::string>{"v1.0"});
    if (a.key == "bpf_new_name") CHECK(a.present == std::vector<std::string>{"v1.1"});
    if (a.key == "bpf_keep") CHECK(a.present == std::vector<std::string>{"v1.2", "v1.1", "v1.0"});
  }
  // The signature is the source's.
  auto added = derived_facts(store, "kfunc", "v1.2");
  REQUIRE(added.size() == 2);
  CHECK(added[0].key == "bpf_added");
  CHECK(added[0].attrs["signature"] == "int bpf_added(struct task_struct *p)");

  std::vector<std::string> kinds(std::begin(kKinds), std::end(kKinds));
  size_t judged = judge_fact_commits(store, repo, kinds, kfunc_facts_at);
  // Facts present at the newest tag and not at the oldest: bpf_added (its
  // set, flag and 4 program types), KF_RET_NULL, the TRACEPOINT hook,
  // TRACEPOINT's and XDP's bpf_keep. (A fact gone by the newest tag has no
  // version, so no commit: the renamed kfunc.)
  CHECK(judged == 11);
  // The TRACEPOINT pairs came in through the side branch's hook commit.
  for (const auto& a : derived_facts(store, "prog_kfunc"))
    if (a.key == "BPF_PROG_TYPE_TRACEPOINT bpf_keep") CHECK(a.commit_subject == "bpf: TRACEPOINT may call tracing kfuncs");
}

// Source signatures as v6.12 writes them, and what kfunc-gen prints for the
// same kfuncs from the 6.11 vmlinux BTF (../shared/anchors/ebpf-docs).
TEST_CASE("kfunc facts: source signatures in kfunc-gen's spelling equal what it prints from BTF") {
  const std::pair<const char*, const char*> cases[] = {
      {"struct bpf_cpumask *bpf_cpumask_create(void)", "struct bpf_cpumask *bpf_cpumask_create()"},
      {"void bbr_cwnd_event(struct sock *sk, enum tcp_ca_event event)",
       "void bbr_cwnd_event(struct sock *sk, tcp_ca_event event)"},
      {"struct bpf_crypto_ctx * bpf_crypto_ctx_acquire(struct bpf_crypto_ctx *ctx)",
       "struct bpf_crypto_ctx *bpf_crypto_ctx_acquire(struct bpf_crypto_ctx *ctx)"},
      {"int *bpf_iter_num_next(struct bpf_iter_num* it)", "int *bpf_iter_num_next(struct bpf_iter_num *it)"},
      {"int bpf_modify_return_test2(int a, int *b, short c, int d, void *e, char f, int g)",
       "int bpf_modify_return_test2(int a, int *b, short int c, int d, void *e, char f, int g)"},
      {"long bpf_task_under_cgroup(struct task_struct *task, struct cgroup *ancestor)",
       "long int bpf_task_under_cgroup(struct task_struct *task, struct cgroup *ancestor)"},
      {"int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node, bool (less)(struct bpf_rb_node *a, "
       "const struct bpf_rb_node *b), void *meta__ign, u64 off)",
       "int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node, bool (less)(struct bpf_rb_node * , "
       "const struct bpf_rb_node * ), void *meta__ign, u64 off)"},
      {"__u8 * hid_bpf_get_data(struct hid_bpf_ctx *ctx, unsigned int offset, const size_t rdwr_buf_size)",
       "__u8 *hid_bpf_get_data(struct hid_bpf_ctx *ctx, unsigned int offset, const size_t rdwr_buf_size)"},
      {"struct task_struct *bpf_task_acquire(struct task_struct *p)",
       "struct task_struct *bpf_task_acquire(struct task_struct *p)"},
  };
  for (auto src_btf : cases) {
    auto src = src_btf.first;
    auto btf = src_btf.second;
    CAPTURE(src);
    CHECK(kfunc_gen_signature(src) == btf);
  }
  CHECK(kfunc_gen_signature("not a signature") == "not a signature");
}

// v7.3's definitions (kernel/sched/ext, kernel/bpf/helpers.c) and the
// KFUNC_DEF lines the site's pages show for them, which kfunc-gen printed
// from a kernel's BTF: attribute macros before the definition, sparse's
// __user, GCC's integer names, and KF_IMPLICIT_ARGS parameters, which the
// kernel's resolve_btfids leaves out of the BPF-visible prototype.
TEST_CASE("kfunc facts: source definitions with attributes and implicit arguments in BTF's spelling") {
  CHECK(kfunc_gen_signature("__printf(1, 0) __bpf_kfunc void scx_bpf_dump_bstr(char *fmt, unsigned long long *data, "
                            "u32 data__sz, const struct bpf_prog_aux *aux)",
                            true) == "void scx_bpf_dump_bstr(char *fmt, long long unsigned int *data, u32 data__sz)");
  // Without the flag the parameter is an ordinary one.
  CHECK(kfunc_gen_signature("__bpf_kfunc void f(char *fmt, const struct bpf_prog_aux *aux)") ==
        "void f(char *fmt, const struct bpf_prog_aux *aux)");
  // From the first implicit parameter on, nothing is kept (`u64 off` too).
  CHECK(kfunc_gen_signature("__bpf_kfunc int bpf_list_push_back(struct bpf_list_head *head, struct bpf_list_node "
                            "*node, struct btf_struct_meta *meta, u64 off)",
                            true) == "int bpf_list_push_back(struct bpf_list_head *head, struct bpf_list_node *node)");
  CHECK(kfunc_gen_signature("__bpf_kfunc int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void __user "
                            "*unsafe_ptr__ign, u64 flags)") ==
        "int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void *unsafe_ptr__ign, u64 flags)");
  CHECK(kfunc_gen_signature("static inline __attribute__((noinline)) unsigned long g(void)") == "long unsigned int g()");
}

// docs build --report on the generated history above: the imported
// kfuncs.yaml is what a maintainer kept by hand at v1.0 plus a since written
// from memory; the source at v1.2 differs from it in each way once or twice.
TEST_CASE("kfunc facts: docs build --report lists each change against the imported file with the kernel's place") {
  GitRepo repo;
  int64_t date = 1600000000;
  Tree tree;
  auto release = [&](const std::string& tag) {
    tree.write(repo);
    commit_release(repo, date, tag);
  };
  release("v1.0");
  tree.tracing_hook.push_back("TRACEPOINT");  // v1.1: TRACEPOINT gets the set
  tree.kfuncs[0].first = "bpf_new_name";
  tree.kfuncs[1].second.push_back("KF_RET_NULL");  // bpf_keep's flags change
  release("v1.1");
  tree.kfuncs.erase(tree.kfuncs.begin());  // v1.2: bpf_new_name gone
  tree.regs.push_back("XDP");              // the set registered for XDP too
  release("v1.2");

  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_keep", "kfunc");
  const std::string c = "1111111111111111111111111111111111111111";
  // The site still has a page for the kfunc gone at v1.2.
  std::filesystem::create_directories(tmp.file("docs/linux/kfuncs"));
  write_file(tmp.file("docs/linux/kfuncs/bpf_new_name.md"), "# KFunc `bpf_new_name`\n");
  std::string report =
      derived_report(tmp, o.db, "kfuncs.yaml",
                     "sets:\n  generic_btf_ids:\n    funcs:\n      - name: bpf_keep\n"
                     "        flags: [KF_RCU]\n    program_types:\n"
                     "      - name: BPF_PROG_TYPE_TRACING\n      - name: BPF_PROG_TYPE_LSM\n"
                     "      - name: BPF_PROG_TYPE_TRACEPOINT\n        since:\n          version: 1.2\n"
                     "          commit: " + c + "\n"
                     "  old_set:\n    funcs:\n      - name: bpf_new_name\n    program_types:\n"
                     "      - name: BPF_PROG_TYPE_TRACING\n",
                     "kfuncs");
  INFO(report);

  // Where the index says each fact is, checked against the tree git shows
  // at that tag: a pair is decided by the set's registration, a kfunc's
  // flags by its BTF_ID_FLAGS line.
  Store store(o.db, Store::Mode::ReadOnly);
  auto place = [&](const std::string& kind, const std::string& key, const std::string& tag, const std::string& word) {
    return checked_fact_place(store, repo, kind, key, tag, word);
  };
  const std::string kRegister = "register_btf_kfunc_id_set(BPF_PROG_TYPE_";
  std::string keep_page =
      "## linux/kfuncs/bpf_keep.md\n\n"
      // v1.1's hook change gave TRACEPOINT the set: the page shows v1.1, not the file's 1.2.
      "- since of `BPF_PROG_TYPE_TRACEPOINT` moved: v1.2 -> v1.1 (the source has the pair from v1.1): " +
      place("prog_kfunc", "BPF_PROG_TYPE_TRACEPOINT bpf_keep", "v1.2", kRegister + "TRACING") + "\n" +
      // v1.2 registered the set for XDP; the file does not list it.
      "- added `BPF_PROG_TYPE_XDP`: " + place("prog_kfunc", "BPF_PROG_TYPE_XDP bpf_keep", "v1.2", kRegister + "XDP") +
      "\n- flags changed: KF_RCU -> KF_RCU, KF_RET_NULL: " +
      place("kfunc", "bpf_keep", "v1.2", "BTF_ID_FLAGS(func, bpf_keep") + "\n";
  // bpf_new_name: in the source at v1.1 only; the file still lists it.
  std::string gone_page = "## linux/kfuncs/bpf_new_name.md\n\n- removed `BPF_PROG_TYPE_TRACING`: last seen at v1.1, " +
                          place("prog_kfunc", "BPF_PROG_TYPE_TRACING bpf_new_name", "v1.1", kRegister + "TRACING") +
                          "\n";
  CHECK(report.find("\n" + keep_page) != std::string::npos);
  CHECK(report.find("\n" + gone_page) != std::string::npos);
  CHECK(report.find("2 pages change: 1 pairs added, 1 removed, 1 with their since moved, 1 kfuncs with their flags "
                    "changed.") != std::string::npos);
  // The kept page of the gone kfunc ends the report.
  CHECK(report.ends_with("\n## Pages whose subject the source no longer has at v1.2\n\nKept by the build, never "
                         "deleted:\n\n- " + tmp.file("docs/linux/kfuncs/bpf_new_name.md") +
                         ": the source has no kfunc 'bpf_new_name' at v1.2; the page is kept\n"));
  // Without --from derived there is nothing to compare.
  CommandResult refused = run(shell_quote(KSINCE_BIN) + " docs build --quiet --from imported --root " +
                              shell_quote(tmp.file("docs")) + " --report " + shell_quote(tmp.file("r2.md")) +
                              " --db " + shell_quote(o.db));
  CHECK(refused.status != 0);
  CHECK(refused.err.find("--from derived") != std::string::npos);
}

// docs build --create-missing on the generated history: the site has pages
// for bpf_keep and for bpf_old_name (renamed at v1.1, so gone at v1.2); the
// source's bpf_added gets a page, filled like any page and listed in the
// nav beside the other kfunc of its set.
TEST_CASE("kfunc facts: docs build --create-missing makes the page of a new kfunc, once") {
  GitRepo repo;
  int64_t date = 1600000000;
  Tree tree;
  auto release = [&](const std::string& tag) {
    tree.write(repo);
    commit_release(repo, date, tag);
  };
  release("v1.0");
  tree.kfuncs.push_back({"bpf_added", {"KF_SLEEPABLE"}});
  tree.kfuncs.erase(tree.kfuncs.begin());
  release("v1.1");

  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_keep", "kfunc");
  const std::string dir = tmp.file("docs/linux/kfuncs/");
  std::filesystem::create_directories(dir);
  std::string kept = "# KFunc `bpf_keep`\n\nHand-written.\n";
  write_file(dir + "bpf_keep.md", kept);
  write_file(dir + "bpf_old_name.md", "# KFunc `bpf_old_name`\n");
  write_file(dir + "SUMMARY.md", "- [`index.md`](index.md)\n- Generic KFuncs\n  - [`bpf_keep`](bpf_keep.md)\n"
                                 "- Other\n  - [`bpf_old_name`](bpf_old_name.md)\n");
  const std::string build = shell_quote(KSINCE_BIN) + " docs build --from derived --create-missing --root " +
                            shell_quote(tmp.file("docs")) + " --db " + shell_quote(o.db);
  // --check counts the page to create as a change and writes nothing.
  CommandResult check = run(build + " --check");
  CHECK(check.status == 1);
  CHECK(split_lines(check.out, true) ==
        std::vector<std::string>{dir + "SUMMARY.md", dir + "bpf_added.md"});
  CHECK(!std::filesystem::exists(dir + "bpf_added.md"));

  CommandResult made = run(build);
  REQUIRE_MESSAGE(made.status == 0, made.err);
  CHECK(made.out.find("created " + dir + "bpf_added.md\n") != std::string::npos);
  // The gone kfunc's page is said, and kept.
  CHECK(made.err.find(dir + "bpf_old_name.md: warning: the source has no kfunc 'bpf_old_name' at v1.1; the page is "
                            "kept") != std::string::npos);
  CHECK(std::filesystem::exists(dir + "bpf_old_name.md"));
  CHECK(read_file(dir + "bpf_keep.md") == kept);  // no markers: left as written

  // The page: the template, its FEATURE_TAG from the kfunc's own fact (its
  // version and introducing commit), its signature and program types.
  Store store(o.db, Store::Mode::ReadOnly);
  std::optional<DerivedAnswer> fact = derived_fact(store, "kfunc", "bpf_added", "v1.1");
  REQUIRE(fact.has_value());
  CHECK(fact->version == "v1.1");
  REQUIRE(!fact->commit.empty());
  std::string expected = page_from_template(read_file(std::string(KSINCE_SOURCE_DIR) +
                                                      "/data/page-templates/kfunc.md"), "bpf_added");
  // Each marker pair's body, as the generators write it.
  auto fill = [&](const std::string& start, const std::string& stop, const std::string& body) {
    size_t at = expected.find(start);
    REQUIRE(at != std::string::npos);
    size_t end = expected.find(stop, at);
    REQUIRE(end != std::string::npos);
    expected.replace(at + start.size(), end - at - start.size(), body);
  };
  fill("<!-- [FEATURE_TAG](bpf_added) -->", "<!-- [/FEATURE_TAG] -->",
       "\n[:octicons-tag-24: v1.1](https://github.com/torvalds/linux/commit/" + fact->commit + ")\n");
  fill("<!-- [KFUNC_DEF] -->", "<!-- [/KFUNC_DEF] -->",
       "\n`#!c int bpf_added(struct task_struct *p)`\n\n!!! note\n    This function may sleep, and therefore can only be "
       "used from [sleepable programs](../syscall/BPF_PROG_LOAD.md/#bpf_f_sleepable).\n");
  std::string progs = "\n";
  for (const char* p : {"LSM", "TRACING"})
    progs += std::string("- [`BPF_PROG_TYPE_") + p + "`](../program-type/BPF_PROG_TYPE_" + p + ".md)\n";
  fill("<!-- [KFUNC_PROG_REF] -->", "<!-- [/KFUNC_PROG_REF] -->", progs);
  CHECK(read_file(dir + "bpf_added.md") == expected);
  CHECK(read_file(dir + "SUMMARY.md") == "- [`index.md`](index.md)\n- Generic KFuncs\n  - [`bpf_keep`](bpf_keep.md)\n"
                                         "  - [`bpf_added`](bpf_added.md)\n- Other\n  - [`bpf_old_name`](bpf_old_name.md)\n");

  // A second run has nothing to create or change.
  CommandResult again = run(build + " --check");
  CHECK(again.status == 0);
  CHECK(again.out.empty());

  // The created page in Debian's mkdocs and Material, the site's extensions
  // (docs/docs-site.md's trimmed config), beside the pages it links to: no
  // warning about it, and its signature rendered.
  for (const char* p : {"program-type/BPF_PROG_TYPE_LSM", "program-type/BPF_PROG_TYPE_TRACING", "syscall/BPF_PROG_LOAD"})
    write_file(tmp.file(std::string("docs/linux/") + p + ".md"), "# page\n");
  write_file(tmp.file("mkdocs.yml"),
             "site_name: t\ntheme:\n  name: material\nmarkdown_extensions:\n  - admonition\n  - pymdownx.details\n"
             "  - pymdownx.superfences\n  - attr_list\n  - pymdownx.highlight\n  - pymdownx.inlinehilite\n  - abbr\n"
             "  - md_in_html\n  - pymdownx.emoji:\n      emoji_index: !!python/name:materialx.emoji.twemoji\n"
             "      emoji_generator: !!python/name:materialx.emoji.to_svg\n      options:\n        custom_icons:\n"
             "          - /usr/share/mkdocs/themes/material/.icons\n");
  CommandResult mk = run("cd " + shell_quote(tmp.path()) + " && /usr/bin/mkdocs build -d " + shell_quote(tmp.file("html")));
  INFO("mkdocs: " << mk.err);
  REQUIRE(mk.status == 0);
  for (const std::string& line : split_lines(mk.err))
    if (line.find("WARNING") != std::string::npos) CHECK(line.find("bpf_added") == std::string::npos);
  std::string html = read_file(tmp.file("html/linux/kfuncs/bpf_added/index.html"));
  CHECK(html.find("bpf_added") != std::string::npos);
  CHECK(html.find("task_struct") != std::string::npos);
  CHECK(html.find("https://github.com/torvalds/linux/commit/" + fact->commit) != std::string::npos);
}
