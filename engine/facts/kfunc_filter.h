#pragma once
// A kfunc id set's .filter function, read as rules and evaluated per program
// type. The kernel calls every filter of a hook for every kfunc of that hook;
// a filter returns 0 to allow and a negative errno to refuse. Recognised:
//   if (COND) return 0|-EXXX;   if (COND) { return ...; }   return 0|-EXXX;
//   return COND ? -EXXX : 0;
// where COND is made of ||, &&, !, parentheses and the atoms
//   prog->type ==|!= BPF_PROG_TYPE_X, resolve_prog_type(prog) ==|!= ...
//   btf_id_set8_contains(&S, kfunc_id)           (kfunc in set S)
//   prog->expected_attach_type ==|!= BPF_X       (decided per attach type)
//   f(prog), where f is a function of the same file whose body is
//   `return COND;` (is_kprobe_session() in kernel/trace/bpf_trace.c)
// Anything else makes the filter unknown, with the line that stops reading.
#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "facts/c_source.h"

namespace ksince::kfilter {

// {"rules": [{"cond": EXPR, "allow": bool}, ...]}, plus "unknown": what and
// "line": N when reading stopped there (the rules before it still count). EXPR is JSON: {"or": [..]}, {"and": [..]},
// {"not": E}, {"type": "BPF_PROG_TYPE_X"}, {"in_set": "S"},
// {"attach": "BPF_X"}, {"true": 1}.
// `predicates`: the file's one-statement `return COND;` functions by name,
// as the tokens of COND.
using Predicates = std::map<std::string, std::pair<size_t, size_t>>;
nlohmann::json read_filter(const csrc::Source& s, size_t open, size_t close, const Predicates& predicates);

enum class Verdict { Allow, Refuse, Conditional, Unknown };
struct Outcome {
  Verdict verdict;
  std::string condition;  // Conditional: the attach-type test it depends on
};

// The filter's answer for a kfunc (its sets) called from a program type.
Outcome evaluate(const nlohmann::json& filter, const std::string& prog_type, const std::set<std::string>& kfunc_sets);

}  // namespace ksince::kfilter
