#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ksince {

// What include/uapi/linux/bpf.h says about BPF helpers: the FN list that
// gives their names and ids (enum bpf_func_id), and the documentation block
// that scripts/bpf_doc.py turns into bpf_helper_defs.h. Reading never throws:
// a construct that does not have one of the known forms is kept as an
// unknown with its line, and nothing is guessed from it.

// How the file spells the helper list. The kernel used three forms:
//   kMapperIds       v6.2+:   #define ___BPF_FUNC_MAPPER(FN, ctx...)  FN(name, id, ##ctx)
//   kMapperPositions <= v6.1: #define __BPF_FUNC_MAPPER(FN)  FN(name),
//                    (ids are positions, unspec = 0, when enum bpf_func_id is
//                    `__BPF_FUNC_MAPPER(__BPF_ENUM_FN)` with
//                    `#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x`)
//   kEnum            before the mapper: enum bpf_func_id { BPF_FUNC_name, ... }
enum class FnForm { kNone, kMapperIds, kMapperPositions, kEnum };

struct HelperFn {
  std::string name;             // as in the list, without "bpf_": "map_lookup_elem", "unspec"
  std::optional<uint32_t> id;   // absent when the file does not fix it in a known way
  uint32_t line = 0;            // 1-based
};

// One entry of the documentation block, as bpf_doc.py's parser keeps it.
struct HelperDoc {
  uint32_t line = 0;            // the prototype's line
  std::string proto;            // "void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)"
  std::string name;             // "bpf_map_lookup_elem"
  // The section texts: each line with its two indents removed, followed by
  // "\n"; a blank comment line (" *") is "\n".
  std::string description;
  std::string ret;
  std::vector<std::string> attributes;  // "__bpf_fastcall"
};

struct UapiUnknown {
  uint32_t line = 0;
  std::string what;
};

struct UapiHelpers {
  FnForm form = FnForm::kNone;
  std::vector<HelperFn> fns;     // file order, "unspec" included
  bool has_docs = false;         // the "Start of BPF helper function descriptions:" line exists
  std::vector<HelperDoc> docs;   // file order; an overloaded helper appears more than once
  std::vector<UapiUnknown> unknowns;
};

UapiHelpers parse_uapi_helpers(std::string_view text);

// The prototype broken down as bpf_doc.py's Helper.proto_break_down does.
struct ProtoArg {
  std::string type;   // "const void", "struct bpf_map", "u64", "..."
  std::string star;   // "", "*", "**"
  std::string name;   // empty when the argument has none ("void", "...")
};
struct ProtoParts {
  std::string ret_type;
  std::string ret_star;
  std::string name;
  std::vector<ProtoArg> args;
};
// Empty when `proto` is not a prototype bpf_doc.py accepts.
std::optional<ProtoParts> break_down_proto(std::string_view proto);

std::string fn_form_name(FnForm form);

// The JSON that the extractor caches per blob, and back. from_json throws
// ksince::Error on a document it did not write.
nlohmann::json to_json(const UapiHelpers& h);
UapiHelpers uapi_helpers_from_json(const nlohmann::json& j);

}  // namespace ksince
