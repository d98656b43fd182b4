// docs build --conditions: each kind of condition a derived pair can carry,
// as its label on the list line (the whole condition and where the source
// decides it as the title) and in the block's legend; and nothing at all
// without the option.
#include <doctest/doctest.h>

#include <map>

#include "docs/helper_data.h"
#include "docs/helper_refs.h"
#include "docs/kfunc_render.h"
#include "docs/pair_conditions.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;

namespace {

const std::string kProg = "BPF_PROG_TYPE_XDP";

// The PROG_HELPER_FUNC_REF and HELPER_FUNC_PROG_REF bodies for one program
// type calling helper `h`, whose pair has `attrs`.
struct Rendered {
  std::string prog_body, helper_body;
};

Rendered render_one(const nlohmann::json& attrs, bool with_conditions = true) {
  TempDir tmp;
  write_file(tmp.file("h.yaml"), "programs:\n  " + kProg + ":\n  - name: h\n");
  HelperData d = parse_helpers_file(tmp.file("h.yaml"));
  PairConditions c;
  c.add(kProg, "h", condition_labels(attrs, "kernel/bpf/x.c:12"));
  Rendered r;
  for (const Block& b : render_helper_refs(d, with_conditions ? &c : nullptr)) {
    if (b.kind == "PROG_HELPER_FUNC_REF") r.prog_body = b.body;
    if (b.kind == "HELPER_FUNC_PROG_REF") r.helper_body = b.body;
  }
  return r;
}

std::string prog_line(const std::string& suffix) {
  return "    * [`h`](../helper-function/h.md)" + suffix + "\n";
}

std::string abbr(const std::string& label, const std::string& title) {
  return " <abbr title=\"" + title + "\">" + label + "</abbr>";
}

const std::string kHeader = "??? abstract \"Supported helper functions\"\n";
const std::string kLegendHead =
    "    \n    Conditions, as the kernel source states them (hover a label for the whole condition and where it is "
    "decided):\n    \n";

// One condition kind: the program page's exact line and legend, and the
// helper page's line for the program.
void check_kind(const nlohmann::json& attrs, const std::string& labels_suffix, const std::string& legend) {
  Rendered r = render_one(attrs);
  CAPTURE(attrs.dump());
  CHECK(r.prog_body == kHeader + prog_line(labels_suffix) + kLegendHead + legend);
  std::string unindented = legend;
  for (size_t at = 0; (at = unindented.find("    ", at)) != std::string::npos;) unindented.erase(at, 4);
  CHECK(r.helper_body == " * [`" + kProg + "`](../program-type/" + kProg + ".md)" + labels_suffix + "\n" + "\n" +
                             "Conditions, as the kernel source states them (hover a label for the whole condition "
                             "and where it is decided):\n\n" + unindented);
}

}  // namespace

TEST_CASE("conditions: capabilities, CAP_BPF and CAP_PERFMON, each a label with the verifier's test") {
  check_kind({{"cap", {"CAP_BPF", "CAP_PERFMON"}}, {"via", "bpf_base_func_proto"}},
             abbr("CAP_BPF", "only when the program's loader has CAP_BPF: bpf_capable() (kernel/bpf/x.c:12)") +
                 abbr("CAP_PERFMON",
                      "only when the program's loader has CAP_PERFMON: perfmon_capable() (kernel/bpf/x.c:12)"),
             "    - **CAP_BPF**: the program's loader needs CAP_BPF (bpf_capable())\n"
             "    - **CAP_PERFMON**: the program's loader needs CAP_PERFMON (perfmon_capable())\n");
}

TEST_CASE("conditions: a CONFIG_ option, its negation, and an expression of several") {
  check_kind({{"kconfig", {"CONFIG_CGROUPS"}}},
             abbr("CONFIG_CGROUPS", "only in kernels built with CONFIG_CGROUPS (kernel/bpf/x.c:12)"),
             "    - **CONFIG_CGROUPS**: only in kernels built with CONFIG_CGROUPS\n");
  check_kind({{"kconfig", {"!CONFIG_NET"}}},
             abbr("!CONFIG_NET", "only in kernels built without CONFIG_NET (kernel/bpf/x.c:12)"),
             "    - **!CONFIG_NET**: only in kernels built without CONFIG_NET\n");
  check_kind({{"kconfig", {"defined(CONFIG_A) || defined(CONFIG_B)"}}},
             abbr("CONFIG", "only in kernels where defined(CONFIG_A) || defined(CONFIG_B) (kernel/bpf/x.c:12)"),
             "    - **CONFIG**: only in kernels built with some options (the title says which)\n");
}

TEST_CASE("conditions: attach types, one by name, several counted with the list in the title, and refused ones") {
  check_kind({{"attach_type", {"BPF_TRACE_ITER"}}},
             abbr("BPF_TRACE_ITER", "only for the expected attach types BPF_TRACE_ITER (kernel/bpf/x.c:12)"),
             "    - **BPF_TRACE_ITER**: only for programs loaded with this expected attach type\n");
  check_kind({{"attach_type", {"BPF_CGROUP_INET4_CONNECT", "BPF_CGROUP_INET6_CONNECT"}}},
             abbr("2 attach types", "only for the expected attach types BPF_CGROUP_INET4_CONNECT, "
                                    "BPF_CGROUP_INET6_CONNECT (kernel/bpf/x.c:12)"),
             "    - **2 attach types**: only for some expected attach types (the title lists them)\n");
  check_kind({{"attach_type_not", {"BPF_CGROUP_INET_INGRESS"}}},
             abbr("not BPF_CGROUP_INET_INGRESS",
                  "not for the expected attach types BPF_CGROUP_INET_INGRESS (kernel/bpf/x.c:12)"),
             "    - **not BPF_CGROUP_INET_INGRESS**: refused for some expected attach types (the title lists them)\n");
}

TEST_CASE("conditions: sleepable only, and not sleepable") {
  check_kind({{"sleepable", true}},
             abbr("sleepable", "only in sleepable programs (loaded with BPF_F_SLEEPABLE) (kernel/bpf/x.c:12)"),
             "    - **sleepable**: only in sleepable programs (BPF_F_SLEEPABLE)\n");
  check_kind({{"sleepable", false}}, abbr("non-sleepable", "only in programs that are not sleepable (kernel/bpf/x.c:12)"),
             "    - **non-sleepable**: only in programs that are not sleepable\n");
}

TEST_CASE("conditions: the kernel's security lockdown") {
  check_kind({{"no_security_lockdown", true}},
             abbr("lockdown", "refused when the kernel is locked down: security_locked_down() says no, as with "
                              "lockdown=confidentiality or an LSM's locked_down hook (kernel/bpf/x.c:12)"),
             "    - **lockdown**: refused when the kernel is locked down (security_locked_down(), LSM)\n");
}

TEST_CASE("conditions: a trampoline, a proto's .allowed callback, and a condition quoted from the source") {
  check_kind({{"prog_trampoline", true}},
             abbr("trampoline", "only for programs attached through a BPF trampoline (fentry, fexit, fmod_ret, LSM) "
                                "(kernel/bpf/x.c:12)"),
             "    - **trampoline**: only for programs attached through a BPF trampoline\n");
  check_kind({{"proto_allowed", "bpf_d_path_allowed"}},
             abbr("allowed()", "only where bpf_d_path_allowed() allows the program (the proto's .allowed) "
                               "(kernel/bpf/x.c:12)"),
             "    - **allowed()**: only where the helper's .allowed callback accepts the program\n");
  // Quotes and angle brackets of the source are escaped in the title.
  check_kind({{"other", {"prog->aux->len > 1 && x == \"y\""}}},
             abbr("condition", "only when prog-&gt;aux-&gt;len &gt; 1 &amp;&amp; x == &quot;y&quot; (kernel/bpf/x.c:12)"),
             "    - **condition**: only under a condition the title quotes from the source\n");
}

TEST_CASE("conditions: a kfunc set's filter, read and unread, on kfunc pages and program-type pages") {
  PairConditions c;
  c.add(kProg, "bpf_k", condition_labels({{"filter_condition", {"prog->expected_attach_type == BPF_TRACE_KPROBE_SESSION"}},
                                          {"sets", {"s"}}},
                                         "kernel/trace/bpf_trace.c:7"));
  c.add(kProg, "bpf_u", condition_labels({{"filter_unknown", {"scx_kfunc_context_filter"}}}, "kernel/sched/ext.c:9"));
  std::vector<MergedKfunc> merged(2);
  merged[0].name = "bpf_k";
  merged[1].name = "bpf_u";
  for (MergedKfunc& k : merged) k.program_types.push_back({kProg, std::nullopt, std::nullopt, {}, 0});
  std::map<std::string, std::string> kfunc_pages;
  for (const Block& b : render_kfunc_prog_ref(merged, &c)) kfunc_pages[b.page] = b.body;
  CHECK(kfunc_pages["linux/kfuncs/bpf_k.md"] ==
        "\n- [`" + kProg + "`](../program-type/" + kProg + ".md)" +
            abbr("filter", "the kfunc set's filter refuses it unless prog-&gt;expected_attach_type == "
                           "BPF_TRACE_KPROBE_SESSION (kernel/trace/bpf_trace.c:7)") +
            "\n\nConditions, as the kernel source states them (hover a label for the whole condition and where it is "
            "decided):\n\n- **filter**: refused by the kfunc set's filter unless its condition holds (the title quotes "
            "it)\n");
  std::vector<Block> prog = render_prog_kfunc_ref(merged, {"linux/program-type/" + kProg + ".md"}, &c);
  REQUIRE(prog.size() == 1);
  CHECK(prog[0].body.find("    - [`bpf_u`](../kfuncs/bpf_u.md)" +
                          abbr("filter?", "the kfunc set's filter scx_kfunc_context_filter() decides, in a way ksince "
                                          "could not read (kernel/sched/ext.c:9)") +
                          "\n") != std::string::npos);
  CHECK(prog[0].body.find("    - **filter**: ") != std::string::npos);
  CHECK(prog[0].body.find("    - **filter?**: ") != std::string::npos);
}

TEST_CASE("conditions: without the option, or for a pair without conditions, the reference's lines alone") {
  nlohmann::json attrs = {{"cap", {"CAP_BPF"}}};
  Rendered off = render_one(attrs, false);
  CHECK(off.prog_body == kHeader + prog_line(""));
  CHECK(off.helper_body == " * [`" + kProg + "`](../program-type/" + kProg + ".md)\n");
  Rendered none = render_one({{"via", "bpf_base_func_proto"}});
  CHECK(none.prog_body == kHeader + prog_line(""));
  CHECK(condition_labels({{"via", "x"}, {"sets", {"a"}}}, "f.c:1").empty());
}
