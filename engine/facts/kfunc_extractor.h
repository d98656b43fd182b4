#pragma once
// Kfuncs read from the kernel's source (issue 10). See docs/kfunc-facts.md
// for the facts it yields and the forms it reads.
//
// extract(text), per file:
//   sets      BTF_KFUNCS_START(S) ... BTF_KFUNCS_END(S) (kind "kfuncs") and
//             BTF_SET8_START(S) ... BTF_SET8_END(S) (kind "set8"), each
//             BTF_ID_FLAGS(func, name[, KF_A | KF_B]) with its CONFIG_
//             conditions and line
//   id_sets   struct btf_kfunc_id_set X = { .set = &S, .filter = F }
//   regs      register_btf_kfunc_id_set(BPF_PROG_TYPE_X, &X), wherever
//             the call sits (`ret = ret ?: ...` chains, init functions)
//   hooks     bpf_prog_type_to_kfunc_hook()'s switch: type -> hook
//   filters   the .filter functions of this file's id sets, as a list of
//             `if (cond) return 0/-E;` rules (kfunc_filter.h)
//   defs      `__bpf_kfunc` definitions, and definitions of functions this
//             file lists in a set: the C signature "ret name(params)"
//   unknowns  what could not be read, with its line
//
// resolve(files): kinds kfunc, kfunc_set, kfunc_flag, kfunc_hook, prog_kfunc
// (keys and attrs in docs/kfunc-facts.md). Only .c and .h files count
// (Documentation/ holds examples in the same idioms).
#include "facts/extractor.h"

namespace ksince {

class KfuncExtractor : public Extractor {
 public:
  std::string name() const override { return "kfuncs"; }
  int version() const override { return 3; }
  std::vector<std::string> trigger_regexes() const override;
  nlohmann::json extract(std::string_view text) const override;
  ResolvedFacts resolve(const std::vector<ExtractedFile>& files) const override;
};

}  // namespace ksince
