#pragma once
// A kfunc's C signature as the source writes it ("void bpf_rcu_read_lock(void)",
// "void bbr_cwnd_event(struct sock *sk, enum tcp_ca_event event)") in the
// spelling kfunc-gen prints from BTF (GENERATORS.md section 4), so that
// KFUNC_DEF rendered from the source matches what a BTF file would give.
// BTF's spelling is GCC's DWARF as pahole encodes it:
// - integer types by GCC's canonical names, whatever order the source
//   wrote the specifiers in: `unsigned long long` -> `long long unsigned
//   int`, `short` -> `short int`, `unsigned` -> `unsigned int`;
// - sparse's annotations (`__user`, `__rcu`, `__iomem`, `__force`, ...)
//   gone: the compiler never sees them;
// - qualifiers as prefixes, outermost pointer level first (`char *const p`
//   -> `const char * p`); a return type's own qualifiers dropped;
// - `()` for `(void)`, enums without `enum`, an array parameter as a
//   pointer, function-pointer parameters without names (`bool (less)(struct
//   bpf_rb_node * , ...)`), ` *` spacing.
// - with `implicit_args` (the kfunc's KF_IMPLICIT_ARGS flag), only the
//   parameters before the first implicit one (a `struct bpf_prog_aux *` or
//   `struct btf_struct_meta *`): the verifier supplies the rest, and the
//   kernel's build (resolve_btfids) gives BTF the prototype without them
//   (Documentation/bpf/kfuncs.rst 2.5.9).
// tests/btf_spelling_test.cc checks it against BTF that gcc and pahole make
// from random signatures. Text it cannot split into a head and a parameter
// list comes back as is.
#include <string>
#include <string_view>

namespace ksince {

std::string kfunc_gen_signature(std::string_view c_signature, bool implicit_args = false);

}  // namespace ksince
