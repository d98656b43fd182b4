#pragma once
// Kfunc sets written through X-macros (net/core/xdp.c at v6.3+):
//
//   include/net/xdp.h:  #define XDP_METADATA_KFUNC_xxx (continued:)
//                           XDP_METADATA_KFUNC(ID, FEATURE, bpf_xdp_metadata_rx_hash, op) ...
//   net/core/xdp.c:     BTF_KFUNCS_START(xdp_metadata_kfunc_ids)
//                       #define XDP_METADATA_KFUNC(_, __, name, ___) BTF_ID_FLAGS(func, name, KF_TRUSTED_ARGS)
//                       XDP_METADATA_KFUNC_xxx
//
// The tokenizer drops directives, so the #defines are read from the text.
#include <string_view>

#include <nlohmann/json.hpp>

namespace ksince::kmacros {

// {"entry": {NAME: [{"line", "params": [...], "name_arg": i, "flags": [...]}]}
//   (function-like macros whose body is BTF_ID_FLAGS(func, PARAM[, flags]),
//   one per #define, in line order),
//  "lists": {NAME: {"line", "calls": [{"callee", "args": [...], "line"}]}}
//   (object-like macros whose body is only calls)}
nlohmann::json read_macros(std::string_view text);

// The kfuncs a set's use of list macro `use` (at line `use_line`) adds,
// given the entry macros of the set's own file and every list macro of the
// tree: [{"name", "flags"}], or a string saying why not.
nlohmann::json expand(const std::string& use, uint32_t use_line, const nlohmann::json& entry_macros,
                      const nlohmann::json* list);

}  // namespace ksince::kmacros
