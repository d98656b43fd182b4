#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "util/error.h"
#include "facts/helper_defs_extractor.h"
#include "facts/helper_defs_writer.h"
#include "facts/uapi_helpers.h"

using namespace ksince;

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(KSINCE_SOURCE_DIR) + "/tests/data/libbpf/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

// libbpf's uapi header at v1.7.0 (tests/data/libbpf/): the FN list with ids,
// checked entry by entry against the lines of the file itself.
TEST_CASE("uapi helpers: the FN list with ids, from libbpf's bpf.h") {
  std::string text = read_data("bpf-v1.7.0.h");
  auto lines = lines_of(text);
  UapiHelpers h = parse_uapi_helpers(text);
  CHECK(h.unknowns.empty());
  CHECK(h.form == FnForm::kMapperIds);

  // Every line of the macro body that holds an FN(...) entry, read here by
  // plain string search.
  std::vector<uint32_t> fn_lines;
  bool in_macro = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("#define ___BPF_FUNC_MAPPER(FN, ctx...)", 0) == 0) in_macro = true;
    else if (in_macro && lines[i].find("FN(") != std::string::npos) fn_lines.push_back(static_cast<uint32_t>(i + 1));
    else if (in_macro && lines[i].find('\\') == std::string::npos) in_macro = false;
  }
  REQUIRE(h.fns.size() == fn_lines.size());
  CHECK(h.fns.size() == 212);
  for (size_t k = 0; k < h.fns.size(); ++k) {
    const HelperFn& f = h.fns[k];
    CHECK(f.line == fn_lines[k]);
    REQUIRE(f.id);
    std::string entry = "\tFN(" + f.name + ", " + std::to_string(*f.id) + ", ##ctx)";
    CHECK(lines[f.line - 1].rfind(entry, 0) == 0);
  }
  CHECK(h.fns.front().name == "unspec");
  CHECK(h.fns[1].name == "map_lookup_elem");
  CHECK(h.fns[1].line == 5904);
  CHECK(h.fns.back().name == "cgrp_storage_delete");
  CHECK(*h.fns.back().id == 211);
}

TEST_CASE("uapi helpers: the documentation block of libbpf's bpf.h") {
  std::string text = read_data("bpf-v1.7.0.h");
  auto lines = lines_of(text);
  UapiHelpers h = parse_uapi_helpers(text);
  CHECK(h.has_docs);
  // GENERATORS.md section 9: 215 descriptions for 211 names.
  CHECK(h.docs.size() == 215);
  std::set<std::string> names;
  for (const auto& d : h.docs) {
    names.insert(d.name);
    CHECK(lines[d.line - 1] == " * " + d.proto);
  }
  CHECK(names.size() == 211);

  const HelperDoc& lookup = h.docs.front();
  CHECK(lookup.line == 1944);
  CHECK(lookup.proto == "void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)");
  CHECK(lookup.name == "bpf_map_lookup_elem");
  CHECK(lookup.description == "Perform a lookup in *map* for an entry associated to *key*.\n");
  // The blank comment line before the next helper belongs to the section.
  CHECK(lookup.ret == "Map value associated to *key*, or **NULL** if no entry was\nfound.\n\n");
  CHECK(lookup.attributes.empty());

  bool found = false;
  for (const auto& d : h.docs)
    if (d.name == "bpf_get_smp_processor_id") {
      found = true;
      CHECK(d.line == 2064);
      CHECK(d.attributes == std::vector<std::string>{"__bpf_fastcall"});
      CHECK(d.ret == "The SMP id of the processor running the program.\n");
    }
  CHECK(found);
}

TEST_CASE("uapi helpers: an overloaded helper is documented once per context, the header keeps the first") {
  std::string text = read_data("bpf-v1.7.0.h");
  UapiHelpers h = parse_uapi_helpers(text);
  std::vector<uint32_t> at;
  for (const auto& d : h.docs)
    if (d.name == "bpf_get_socket_cookie") at.push_back(d.line);
  CHECK(at == std::vector<uint32_t>{2879, 2892, 2899, 2906});

  std::string header = write_bpf_helper_defs(h, "bpf.h");
  size_t first = header.find(" * bpf_get_socket_cookie\n");
  REQUIRE(first != std::string::npos);
  CHECK(header.find(" * bpf_get_socket_cookie\n", first + 1) == std::string::npos);
  CHECK(header.find("static __u64 (* const bpf_get_socket_cookie)(void *ctx) = (void *) 46;\n") != std::string::npos);
  // The first description (struct sk_buff) is the one kept.
  std::string block = header.substr(first, header.find(" */", first) - first);
  CHECK(block.find("If the **struct sk_buff** pointed by *skb* has a known socket,") != std::string::npos);
  CHECK(block.find("Equivalent to bpf_get_socket_cookie() helper that accepts") == std::string::npos);
}

// The header written from libbpf's uapi bpf.h equals the bpf_helper_defs.h
// libbpf committed at the same tag (its scripts/sync-kernel.sh ran the
// kernel's bpf_doc.py --header); bench/helper_defs_bench.sh checks every tag.
TEST_CASE("helper defs writer: equal to libbpf's committed bpf_helper_defs.h, byte for byte") {
  for (std::string tag : {"v1.5.0", "v1.7.0"}) {
    CAPTURE(tag);
    std::string got = write_bpf_helper_defs(parse_uapi_helpers(read_data("bpf-" + tag + ".h")), "bpf.h");
    std::string want = read_data("bpf_helper_defs-" + tag + ".h");
    CHECK(got.size() == want.size());
    if (got != want) {
      auto g = lines_of(got), w = lines_of(want);
      for (size_t i = 0; i < std::min(g.size(), w.size()); ++i)
        if (g[i] != w[i]) {
          FAIL_CHECK("first difference at line " << i + 1 << ":\n  got:  " << g[i] << "\n  want: " << w[i]);
          break;
        }
    }
    CHECK(got == want);
  }
}

// Before v6.1 the list was `#define __BPF_FUNC_MAPPER(FN)` with FN(name)
// entries and no ids; the enum numbered them from unspec = 0 through
// `#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x`. Written here in that form.
TEST_CASE("uapi helpers: an FN list without ids, numbered by position when the enum says so") {
  const std::string old_form =
      "/* integer value in 'imm' field of BPF_CALL instruction selects which helper\n"  // 1
      " * function eBPF program intends to call\n"                                       // 2
      " */\n"                                                                             // 3
      "#define __BPF_FUNC_MAPPER(FN)\t\t\\\n"                                            // 4
      "\tFN(unspec),\t\t\t\\\n"                                                           // 5
      "\tFN(map_lookup_elem),\t\t\\\n"                                                    // 6
      "\tFN(get_prandom_u32),\t\t\\\n"                                                    // 7
      "\tFN(map_lookup_percpu_elem),     \\\n"                                           // 8
      "\t/* */\n"                                                                         // 9
      "\n"                                                                                // 10
      "#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x\n"                                         // 11
      "enum bpf_func_id {\n"                                                              // 12
      "\t__BPF_FUNC_MAPPER(__BPF_ENUM_FN)\n"                                              // 13
      "\t__BPF_FUNC_MAX_ID,\n"                                                            // 14
      "};\n";
  UapiHelpers h = parse_uapi_helpers(old_form);
  CHECK(h.unknowns.empty());
  CHECK(h.form == FnForm::kMapperPositions);
  REQUIRE(h.fns.size() == 4);
  std::vector<std::tuple<std::string, uint32_t, uint32_t>> want = {
      {"unspec", 0, 5}, {"map_lookup_elem", 1, 6}, {"get_prandom_u32", 2, 7}, {"map_lookup_percpu_elem", 3, 8}};
  for (size_t k = 0; k < 4; ++k) {
    CHECK(h.fns[k].name == std::get<0>(want[k]));
    REQUIRE(h.fns[k].id);
    CHECK(*h.fns[k].id == std::get<1>(want[k]));
    CHECK(h.fns[k].line == std::get<2>(want[k]));
  }

  SUBCASE("an enum not made from the list by position: no ids, and an unknown") {
    std::string other = old_form;
    other.replace(other.find("BPF_FUNC_ ## x"), 14, "BPF_FUNC_ ## x = 100 +");
    UapiHelpers o = parse_uapi_helpers(other);
    REQUIRE(o.fns.size() == 4);
    for (const auto& f : o.fns) CHECK(!f.id);
    REQUIRE(o.unknowns.size() == 1);
    CHECK(o.unknowns[0].line == 4);
    CHECK(o.unknowns[0].what.find("helper ids unknown") != std::string::npos);
  }
}

// Before the FN mapper (v3.18 .. v4.x) enum bpf_func_id was spelled out.
TEST_CASE("uapi helpers: the plain enum bpf_func_id of the oldest kernels") {
  const std::string text =
      "enum bpf_func_id {\n"                                                              // 1
      "\tBPF_FUNC_unspec,\n"                                                              // 2
      "\tBPF_FUNC_map_lookup_elem, /* void *map_lookup_elem(&map, &key) */\n"             // 3
      "\tBPF_FUNC_get_prandom_u32, /* u32 prandom_u32(void) */\n"                         // 4
      "\n"                                                                                // 5
      "\t/**\n"                                                                           // 6
      "\t * skb_store_bytes(skb, offset, from, len, flags) - store bytes into packet\n"  // 7
      "\t */\n"                                                                           // 8
      "\tBPF_FUNC_skb_store_bytes,\n"                                                     // 9
      "\tBPF_FUNC_later = 20,\n"                                                          // 10
      "\tBPF_FUNC_next,\n"                                                                // 11
      "\t__BPF_FUNC_MAX_ID,\n"                                                            // 12
      "};\n";
  UapiHelpers h = parse_uapi_helpers(text);
  CHECK(h.unknowns.empty());
  CHECK(h.form == FnForm::kEnum);
  REQUIRE(h.fns.size() == 6);
  std::vector<std::tuple<std::string, uint32_t, uint32_t>> want = {
      {"unspec", 0, 2}, {"map_lookup_elem", 1, 3}, {"get_prandom_u32", 2, 4},
      {"skb_store_bytes", 3, 9}, {"later", 20, 10}, {"next", 21, 11}};
  for (size_t k = 0; k < want.size(); ++k) {
    CHECK(h.fns[k].name == std::get<0>(want[k]));
    REQUIRE(h.fns[k].id);
    CHECK(*h.fns[k].id == std::get<1>(want[k]));
    CHECK(h.fns[k].line == std::get<2>(want[k]));
  }
}

TEST_CASE("uapi helpers: section lines indented with spaces, as bpf_doc.py reads them") {
  // " *" then an optional space, a first indent (TAB or 5..8 spaces) and a
  // second one (TAB or 8 spaces); what is left is the text.
  const std::string text =
      " * Start of BPF helper function descriptions:\n"
      " *\n"
      " * u64 bpf_x(struct sk_buff *skb, u64 flags)\n"
      " *     Description\n"
      " *             text\n"
      " *              more\n"
      " * \t\t  indented\n"
      " *\n"
      " * \tReturn\n"
      " *\t        0.\n"
      " */\n";
  UapiHelpers h = parse_uapi_helpers(text);
  CHECK(h.unknowns.empty());
  REQUIRE(h.docs.size() == 1);
  CHECK(h.docs[0].line == 3);
  CHECK(h.docs[0].description == "text\nmore\n  indented\n\n");
  CHECK(h.docs[0].ret == "0.\n");

  auto p = break_down_proto("u64 bpf_x(const struct sk_buff *skb, u64 flags, void **pp, ...)");
  REQUIRE(p);
  CHECK(p->ret_type == "u64");
  CHECK(p->ret_star == "");
  CHECK(p->name == "bpf_x");
  REQUIRE(p->args.size() == 4);
  CHECK(p->args[0].type == "const struct sk_buff");
  CHECK(p->args[0].star == "*");
  CHECK(p->args[0].name == "skb");
  CHECK(p->args[1].type == "u64");
  CHECK(p->args[1].name == "flags");
  CHECK(p->args[2].star == "**");
  CHECK(p->args[3].type == "...");
  CHECK(p->args[3].name == "");
  CHECK(!break_down_proto("int bpf_y(u32 a, u32 b, u32 c, u32 d, u32 e, u32 f)"));
}

TEST_CASE("uapi helpers: bad input gives unknowns with their line, never an exception") {
  SUBCASE("FN list") {
    const std::string text =
        "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\\n"  // 1
        "\tFN(unspec, 0, ##ctx)\t\t\\\n"                 // 2
        "\tFN(map_lookup_elem, 1, ##ctx)\t\\\n"          // 3
        "\toops(x)\t\t\t\t\\\n"                          // 4
        "\tFN(probe_read, four, ##ctx)\t\\\n"            // 5
        "\tFN(ktime_get_ns, 5, ##ctx)\t\\\n"             // 6
        "\t/* end */\n";                                 // 7
    UapiHelpers h = parse_uapi_helpers(text);
    REQUIRE(h.unknowns.size() == 2);
    CHECK(h.unknowns[0].line == 4);
    CHECK(h.unknowns[0].what == "unexpected text in the helper FN list: 'oops(x)\t\t\t\t\\'");
    CHECK(h.unknowns[1].line == 5);
    // What is readable is kept; what is not is not guessed.
    REQUIRE(h.fns.size() == 3);
    CHECK(h.fns[2].name == "ktime_get_ns");
    CHECK(*h.fns[2].id == 5);
    CHECK(h.fns[2].line == 6);
  }
  SUBCASE("documentation") {
    const std::string text =
        " * Start of BPF helper function descriptions:\n"  // 1
        " *\n"                                             // 2
        " * long bpf_a(void)\n"                            // 3
        " * \tDescription\n"                               // 4
        " * \t\tA.\n"                                      // 5
        " * \tReturn\n"                                    // 6
        " * \t\t0.\n"                                      // 7
        " * \tAttributes\n"                                // 8
        " * \t\t__bpf_slowcall\n"                          // 9
        " *\n";
    UapiHelpers h = parse_uapi_helpers(text);
    REQUIRE(h.unknowns.size() == 1);
    CHECK(h.unknowns[0].line == 9);
    CHECK(h.unknowns[0].what == "unknown attribute '__bpf_slowcall' for long bpf_a(void)");
    CHECK(h.docs.empty());

    const std::string no_sections =
        " * Start of BPF helper function descriptions:\n"  // 1
        " *\n"                                             // 2
        " * long bpf_a(void)\n"                            // 3
        " * \tDescription\n"                               // 4
        " * \t\tA.\n"                                      // 5
        " * \tReturn\n"                                    // 6
        " * \t\t0.\n"                                      // 7
        " *\n"                                             // 8
        " * long bpf_b(void)\n"                            // 9
        " *\n"                                             // 10
        " * Some prose\n"                                  // 11
        " */\n";
    UapiHelpers n = parse_uapi_helpers(no_sections);
    REQUIRE(n.docs.size() == 1);
    REQUIRE(n.unknowns.size() == 1);
    CHECK(n.unknowns[0].line == 10);
    CHECK(n.unknowns[0].what == "neither a Description nor a Return section for long bpf_b(void)");

    const std::string stray =
        " * Start of BPF helper function descriptions:\n"  // 1
        " *\n"                                             // 2
        " * long bpf_a(void)\n"                            // 3
        " * \tReturn\n"                                    // 4
        " * \t\t0.\n"                                      // 5
        " * not a prototype\n"                             // 6
        " */\n";
    UapiHelpers s = parse_uapi_helpers(stray);
    // A Return without a Description is an old kernel's form, not an error.
    REQUIRE(s.docs.size() == 1);
    CHECK(s.docs[0].description == "");
    REQUIRE(s.unknowns.size() == 1);
    CHECK(s.unknowns[0].line == 6);
  }
}

TEST_CASE("uapi helpers: the start words outside a comment (scripts/bpf_doc.py) start nothing") {
  UapiHelpers h = parse_uapi_helpers(
      "helpersDocStart = 'Start of BPF helper function descriptions:'\n"
      "\n"
      "class NoHelperFound(BaseException):\n");
  CHECK(!h.has_docs);
  CHECK(h.unknowns.empty());
  CHECK(h.form == FnForm::kNone);
}

TEST_CASE("helper defs writer: refuses, with file:line, what bpf_doc.py refuses") {
  std::string text = read_data("bpf-v1.7.0.h");
  SUBCASE("descriptions out of the FN list's order") {
    // Swap two FN entries: the descriptions no longer follow the list.
    size_t a = text.find("\tFN(map_update_elem, 2, ##ctx)");
    size_t b = text.find("\tFN(map_delete_elem, 3, ##ctx)");
    REQUIRE(a != std::string::npos);
    REQUIRE(b != std::string::npos);
    text.replace(b, 30, "\tFN(map_update_elem, 3, ##ctx)");
    text.replace(a, 30, "\tFN(map_delete_elem, 2, ##ctx)");
    UapiHelpers h = parse_uapi_helpers(text);
    CHECK(h.unknowns.empty());
    uint32_t line = 0;
    for (const auto& d : h.docs)
      if (d.name == "bpf_map_update_elem") line = d.line;
    REQUIRE(line != 0);
    CHECK_THROWS_WITH_AS(write_bpf_helper_defs(h, "include/uapi/linux/bpf.h"),
                         doctest::Contains(("include/uapi/linux/bpf.h:" + std::to_string(line) +
                                            ": helper bpf_map_update_elem (ID 3) comment order (#2)")
                                               .c_str()),
                         Error);
  }
  SUBCASE("an unknown construct") {
    size_t a = text.find("\tFN(map_update_elem, 2, ##ctx)");
    text.replace(a, 30, "\tFN(map_update_elem, 2, ctx)  ");
    UapiHelpers h = parse_uapi_helpers(text);
    REQUIRE(h.unknowns.size() == 1);
    CHECK_THROWS_WITH_AS(write_bpf_helper_defs(h, "bpf.h"),
                         doctest::Contains(("bpf.h:" + std::to_string(h.unknowns[0].line) +
                                            ": unexpected text in the helper FN list")
                                               .c_str()),
                         Error);
  }
}

TEST_CASE("helper defs extractor: resolve gives helper facts from include/uapi/linux/bpf.h only") {
  HelperDefsExtractor ex;
  CHECK(ex.name() == "helper_defs");
  std::string text = read_data("bpf-v1.7.0.h");
  nlohmann::json local = ex.extract(text);
  // What extract() says survives its JSON form: the header written from it is
  // libbpf's.
  CHECK(write_helper_defs_from_extract(local, "bpf.h") == read_data("bpf_helper_defs-v1.7.0.h"));

  nlohmann::json other = ex.extract("#define X 1\n");
  ResolvedFacts r = ex.resolve({{"include/linux/bpf.h", &other},
                                {"include/uapi/linux/bpf.h", &local},
                                {"tools/include/uapi/linux/bpf.h", &local}});
  CHECK(r.unknowns.empty());
  REQUIRE(r.facts.size() == 211);
  std::map<std::string, const DerivedFact*> by_key;
  for (const auto& f : r.facts) {
    CHECK(f.kind == "helper");
    CHECK(f.file == "include/uapi/linux/bpf.h");
    CHECK(by_key.emplace(f.key, &f).second);
  }
  const DerivedFact* lookup = by_key.at("bpf_map_lookup_elem");
  CHECK(lookup->attrs == nlohmann::json({{"id", 1}, {"documented", true}}));
  CHECK(lookup->line == 5904);
  const DerivedFact* last = by_key.at("bpf_cgrp_storage_delete");
  CHECK(last->attrs["id"] == 211);
  CHECK(last->line == 6114);
  CHECK(!by_key.count("bpf_unspec"));

  // Only that path counts: the same text elsewhere gives nothing.
  ResolvedFacts none = ex.resolve({{"include/uapi/linux/bpf2.h", &local}});
  CHECK(none.facts.empty());

  // An FN list without documentation: facts, not documented, and the
  // file's unknowns with its path.
  nlohmann::json bad = ex.extract(
      "#define ___BPF_FUNC_MAPPER(FN, ctx...)\t\\\n"
      "\tFN(unspec, 0, ##ctx)\t\t\\\n"
      "\tFN(map_lookup_elem, 1, ##ctx)\t\\\n"
      "\tFN(map_lookup_elem, 2, ##ctx)\t\\\n"
      "\t?\n");
  ResolvedFacts b = ex.resolve({{"include/uapi/linux/bpf.h", &bad}});
  REQUIRE(b.facts.size() == 1);
  CHECK(b.facts[0].attrs == nlohmann::json({{"id", 1}, {"documented", false}}));
  REQUIRE(b.unknowns.size() == 2);
  CHECK(b.unknowns[0].file == "include/uapi/linux/bpf.h");
  CHECK(b.unknowns[0].line == 5);
  CHECK(b.unknowns[1].line == 4);
  CHECK(b.unknowns[1].what == "helper bpf_map_lookup_elem listed twice; the first entry is kept");
}

TEST_CASE("helper defs extractor: v5.10's FN(bpf_per_cpu_ptr) is the helper bpf_per_cpu_ptr") {
  HelperDefsExtractor ex;
  nlohmann::json local = ex.extract(
      "#define __BPF_FUNC_MAPPER(FN)\t\t\\\n"
      "\tFN(unspec),\t\t\t\\\n"
      "\tFN(map_lookup_elem),\t\t\\\n"
      "\tFN(bpf_per_cpu_ptr),            \\\n"
      "\t/* */\n"
      "#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x\n"
      "enum bpf_func_id {\n"
      "\t__BPF_FUNC_MAPPER(__BPF_ENUM_FN)\n"
      "\t__BPF_FUNC_MAX_ID,\n"
      "};\n");
  ResolvedFacts r = ex.resolve({{"include/uapi/linux/bpf.h", &local}});
  CHECK(r.unknowns.empty());
  REQUIRE(r.facts.size() == 2);
  CHECK(r.facts[0].key == "bpf_map_lookup_elem");
  CHECK(r.facts[1].key == "bpf_per_cpu_ptr");
  CHECK(r.facts[1].line == 4);
  CHECK(r.facts[1].attrs == nlohmann::json({{"id", 2}, {"documented", false}, {"list_name", "bpf_per_cpu_ptr"}}));
}

// Damaged copies of a real header: cut anywhere, lines dropped, a character
// changed. Reading never throws and points at lines that exist; writing
// throws ksince::Error when the damage is in the FN list or the
// documentation, and gives libbpf's header when it is elsewhere.
TEST_CASE("uapi helpers: damaged headers are read without exceptions") {
  const std::string text = read_data("bpf-v1.7.0.h");
  const std::string want = read_data("bpf_helper_defs-v1.7.0.h");
  const auto lines = lines_of(text);
  auto offset_of_line = [&](size_t line) {
    size_t off = 0;
    for (size_t i = 0; i + 1 < line; ++i) off = text.find('\n', off) + 1;
    return off;
  };
  // The documentation runs from line 1942 to the FN list's last entry, 6114.
  const size_t list_end = offset_of_line(6115);
  enum Outcome { kIntact, kRefused, kChanged };
  struct Variant {
    std::string text;
    Outcome outcome;
  };
  std::vector<Variant> variants;
  for (size_t k = 1; k <= 12; ++k) {
    size_t cut = text.size() * k / 13;
    variants.push_back({text.substr(0, cut), cut >= list_end ? kIntact : kRefused});
  }
  for (size_t at : {1943, 1945, 1946, 2072, 2073, 2074, 5902, 5903, 6114, 6118}) {
    std::string v;
    for (size_t i = 0; i < lines.size(); ++i)
      if (i + 1 != at) v += lines[i] + "\n";
    // Without its "Attributes" title (2072) the attribute line is Return
    // text: still a valid file, as for bpf_doc.py.
    variants.push_back({v, at > 6114 ? kIntact : at == 2072 ? kChanged : kRefused});
  }
  for (size_t at : {1945, 2073, 5904}) {
    std::string v = text;
    v[offset_of_line(at) + 3] = '#';
    variants.push_back({v, kRefused});
  }
  for (const auto& v : variants) {
    CAPTURE(v.text.size());
    UapiHelpers h;
    CHECK_NOTHROW(h = parse_uapi_helpers(v.text));
    size_t n = lines_of(v.text).size();
    for (const auto& u : h.unknowns) CHECK((u.line >= 1 && u.line <= n + 1));
    for (const auto& f : h.fns) CHECK((f.line >= 1 && f.line <= n));
    if (v.outcome == kRefused) {
      CHECK_THROWS_AS(write_bpf_helper_defs(h, "bpf.h"), Error);
    } else {
      std::string got;
      CHECK_NOTHROW(got = write_bpf_helper_defs(h, "bpf.h"));
      CHECK((got == want) == (v.outcome == kIntact));
    }
  }
}
