// docs build --conditions: each kind of condition a derived pair can carry,
// as its label on the list line (the whole condition and where the source
// decides it as the title) and in the block's legend; every key the
// extractors write labelled; a key ksince cannot word labelled and warned
// of; and nothing at all without the option.
#include <doctest/doctest.h>

#include <map>

#include "docs/helper_data.h"
#include "docs/helper_refs.h"
#include "docs/kfunc_render.h"
#include "docs/pair_conditions.h"
#include "fact_oracle.h"
#include "facts/func_proto_cond.h"
#include "git_fixture.h"
#include "store/store.h"

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

// Every key ProtoCond::to_json can write (each field of ProtoCond set), and
// the kfunc filter's keys: alone on a pair, each gives its own label, never
// the one for a key ksince cannot word.
TEST_CASE("conditions: every key the extractors write as a condition renders its own label") {
  ProtoCond c;
  c.kconfig = {"CONFIG_NET"};
  c.cap = {"CAP_BPF"};
  c.attach_type = {"BPF_TRACE_ITER"};
  c.attach_type_not = {"BPF_CGROUP_INET_INGRESS"};
  c.other = {"x > 1"};
  c.sleepable = true;
  c.no_security_lockdown = true;
  c.prog_trampoline = true;
  c.proto_allowed = "bpf_d_path_allowed";
  nlohmann::json keys = c.to_json();
  CHECK(keys.size() == 9);  // every field of ProtoCond: a new one is added here too
  keys["filter_condition"] = {"prog->expected_attach_type == BPF_TRACE_KPROBE_SESSION"};
  keys["filter_unknown"] = {"scx_kfunc_context_filter"};
  std::set<std::string> labels;
  for (const auto& item : keys.items()) {
    const std::string key = item.key();
    CAPTURE(key);
    std::vector<ConditionLabel> l = condition_labels({{key, item.value()}, {"via", "bpf_base_func_proto"}}, "f.c:1");
    REQUIRE(l.size() == 1);
    CHECK(l[0].label != key + "?");
    CHECK(l[0].title.ends_with(" (f.c:1)"));
    labels.insert(l[0].label);
  }
  CHECK(labels.size() == keys.size());  // each its own label
  CHECK(condition_labels({{"sleepable", false}}, "")[0].label == "non-sleepable");
}

// A key the extractors of another ksince may write (or a known key with a
// value of another shape): labelled, so that the pair does not look
// unconditional, with the attribute in the title and its own legend line.
TEST_CASE("conditions: a key ksince cannot word is labelled with its attribute, not dropped") {
  check_kind({{"lsm_hook", "bpf_lsm_file_open"}, {"via", "bpf_lsm_func_proto"}},
             abbr("lsm_hook?", "a condition this ksince cannot word: lsm_hook = &quot;bpf_lsm_file_open&quot; "
                               "(kernel/bpf/x.c:12)"),
             "    - **lsm_hook?**: a condition this ksince cannot word (the title quotes the index's attribute; docs "
             "build warns of it)\n");
  // A known key whose value has another shape is not read as that key.
  std::vector<ConditionLabel> l = condition_labels({{"sleepable", "yes"}, {"cap", {"CAP_BPF", 3}}}, "f.c:2");
  REQUIRE(l.size() == 2);
  CHECK(l[0].label == "cap?");
  CHECK(l[0].title == "a condition this ksince cannot word: cap = [\"CAP_BPF\",3] (f.c:2)");
  CHECK(l[1].label == "sleepable?");
  CHECK(l[1].title == "a condition this ksince cannot word: sleepable = \"yes\" (f.c:2)");
}

// Through the binary: an index whose pair carries a condition key this
// ksince does not know (as an index made by a newer one would) gets the
// label on the pair's line and a warning from docs build that names the key,
// the pairs and the first of them.
TEST_CASE("conditions: docs build --conditions warns of a condition key it cannot word, and labels the pair") {
  GitRepo repo;
  HelperSource src;
  src.helpers = {"map_lookup_elem", "redirect"};
  src.programs["BPF_PROG_TYPE_XDP"] = {"net/core/filter.c", {"map_lookup_elem", "redirect"}};
  src.write(repo);
  int64_t date = 1600000000;
  commit_release(repo, date, "v1.0");
  TempDir tmp;
  IndexOptions o = index_declared(repo, tmp, "bpf_redirect", "helper");
  std::string place;
  {
    Store store(o.db, Store::Mode::Create);
    place = checked_fact_place(store, repo, "prog_helper", "BPF_PROG_TYPE_XDP bpf_redirect", "v1.0",
                               "case BPF_FUNC_redirect:");
    // What a newer extractor would have written on this pair.
    store.exec("UPDATE fact_presence SET attrs = json_set(attrs, '$.lsm_hook', 'bpf_lsm_file_open') WHERE fact_id = "
               "(SELECT id FROM derived_facts WHERE kind = 'prog_helper' AND key = 'BPF_PROG_TYPE_XDP bpf_redirect')");
  }
  const std::string page = tmp.file("docs/linux/program-type/BPF_PROG_TYPE_XDP.md");
  write_file(page, "# XDP\n\n<!-- [PROG_HELPER_FUNC_REF] -->\n<!-- [/PROG_HELPER_FUNC_REF] -->\n");
  CommandResult b = run(shell_quote(KSINCE_BIN) + " docs build --quiet --from derived --conditions --root " +
                        shell_quote(tmp.file("docs")) + " --db " + shell_quote(o.db));
  INFO(b.err);
  CHECK(b.status == 0);
  CHECK(b.err.find("note: the derived pairs carry a condition this ksince cannot word: 'lsm_hook' on 1 pair (the "
                   "first: prog_helper BPF_PROG_TYPE_XDP bpf_redirect (" + place + ")); their lines show "
                   "'lsm_hook?' with the attribute in the title. Build the docs with the ksince that made the index, "
                   "or teach docs/pair_conditions.cc the key\n") != std::string::npos);
  CHECK(read_file(page) ==
        "# XDP\n\n<!-- [PROG_HELPER_FUNC_REF] -->\n" + kHeader +
            "    * [`bpf_map_lookup_elem`](../helper-function/bpf_map_lookup_elem.md)\n"
            "    * [`bpf_redirect`](../helper-function/bpf_redirect.md)" +
            abbr("lsm_hook?", "a condition this ksince cannot word: lsm_hook = &quot;bpf_lsm_file_open&quot; (" +
                                  place + ")") +
            "\n" + kLegendHead +
            "    - **lsm_hook?**: a condition this ksince cannot word (the title quotes the index's attribute; docs "
            "build warns of it)\n<!-- [/PROG_HELPER_FUNC_REF] -->\n");
}
