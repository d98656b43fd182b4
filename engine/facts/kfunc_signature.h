#pragma once
// A kfunc's C signature as the source writes it ("void bpf_rcu_read_lock(void)",
// "void bbr_cwnd_event(struct sock *sk, enum tcp_ca_event event)") in the
// spelling kfunc-gen prints from BTF (GENERATORS.md section 4), so that
// KFUNC_DEF rendered from the source matches what a BTF file would give:
// `()` for `(void)`, enums without `enum`, `long int`/`short int`/
// `unsigned int` for `long`/`short`/`unsigned`, function-pointer parameters
// without names (`bool (less)(struct bpf_rb_node * , ...)`), ` *` spacing.
// Text it cannot split into a head and a parameter list comes back as is.
#include <string>
#include <string_view>

namespace ksince {

std::string kfunc_gen_signature(std::string_view c_signature);

}  // namespace ksince
