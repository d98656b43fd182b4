#pragma once
// Reads the body of one *func_proto function into an ordered list of steps
// (the JSON that FuncProtoExtractor::extract stores per function):
//   {"k":"case", "ids":[helper ids], "line", "sw": switch index,
//    "outs":[{"proto"|"call"|"null", "cond", "line"}], "falls": bool}
//   {"k":"call", "target": func_proto, "cond", "line", "terminal": bool,
//    "except_sw": switch index whose labelled ids it does not see, or -1}
//   {"k":"stop", "line", "except_sw"}
// plus "switches": the helper ids labelled in each `switch (func_id)`.
#include <nlohmann/json.hpp>

#include "facts/c_source.h"

namespace ksince {

// `open` is the index of the body's `{`; `fn_pp` the preprocessor set of the
// function's name, whose conditions are the function's, not its cases'.
// Unreadable constructs go into `unknowns` ({"line", "what"}).
nlohmann::json walk_func_proto(const csrc::Source& s, size_t open, uint32_t fn_pp, nlohmann::json& unknowns);

}  // namespace ksince
