#pragma once
// Program type -> helpers and map type -> helpers, read from the kernel's
// source (issue 9). See docs/helper-facts.md for the facts it yields.
//
// extract(text), per file:
//   prog_types  BPF_PROG_TYPE(BPF_PROG_TYPE_X, name, ...) -> name_verifier_ops
//   map_types   BPF_MAP_TYPE(BPF_MAP_TYPE_X, ops)
//   verifier_ops  struct bpf_verifier_ops X = { .get_func_proto = F }
//   map_ops     struct bpf_map_ops X = { .map_lookup_elem = f, ... }
//   protos      struct bpf_func_proto X = { .might_sleep = true, .allowed = f }
//   stubs       functions whose whole body is `return -EXXX;` / NULL / ERR_PTR
//   func_protos every *func_proto function that switches on the helper id,
//               as an ordered list of steps (case labels with what they
//               return and under which conditions; calls to other
//               func_protos; unconditional returns)
//   map_compat  check_map_func_compatibility()'s two switches
//   map_prog_refusals  map types check_map_prog_compatibility() refuses to
//               every program (BPF_MAP_TYPE_STRUCT_OPS)
//   map_object_refusals  program types it refuses maps holding an object
//               (spin_lock, timer) to
//   unknowns    what could not be read, with its line
//
// resolve(files): the facts of a tree (kinds below), following
// .get_func_proto and the fall-through chain; the first func_proto on the
// chain that returns a proto for a helper supplies it ("via").
//   prog_func_proto     "BPF_PROG_TYPE_XDP xdp_func_proto"
//   func_proto_helper   "xdp_func_proto bpf_redirect"        (its own cases)
//   func_proto_include  "xdp_func_proto bpf_sk_base_func_proto"
//   prog_helper         "BPF_PROG_TYPE_XDP bpf_redirect"
//   prog_helper_refused "BPF_PROG_TYPE_KPROBE bpf_spin_lock": returned by the
//                       chain, but the verifier refuses the map it needs
//   map_helper          "BPF_MAP_TYPE_HASH bpf_map_lookup_elem"
// Conditions (attrs): kconfig, cap, attach_type, attach_type_not, sleepable,
// no_security_lockdown, prog_trampoline, proto_allowed (the proto's .allowed
// callback decides per program), other (a condition not understood, kept as
// its text); prog_helper also has via, map_helper has source and prog.
#include "facts/extractor.h"

namespace ksince {

class FuncProtoExtractor : public Extractor {
 public:
  std::string name() const override { return "func_protos"; }
  // Bumped when extract() or resolve() gives other facts for the same input.
  int version() const override { return 6; }
  std::vector<std::string> trigger_regexes() const override;
  nlohmann::json extract(std::string_view text) const override;
  ResolvedFacts resolve(const std::vector<ExtractedFile>& files) const override;
};

}  // namespace ksince
