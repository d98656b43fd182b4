#pragma once
#include <optional>
#include <string>

#include "docs/kfunc_data.h"
#include "store/store.h"

namespace ksince {

// The docs site's kfuncs.yaml schema written from the kfunc facts derived
// from the source at `at` (the newest selected tag by default):
// - a set per BTF_KFUNCS/BTF_SET8 set, its funcs (kfunc_set facts) with
//   their flags in the source's order;
// - the set's program types: every type some registration's hook lets call a
//   kfunc of the set (prog_kfunc facts naming the set), written out (no
//   BPF_PROG_TYPE_UNSPEC: the source's hook table is already applied), each
//   with `since` where the set reached that type later than the set itself;
// - a kfunc's `except`: the set's types a recognised .filter refuses it.
// So kfunc-gen's merge of this file gives every kfunc exactly its derived
// program types. Versions are written without the "v".
// A tag without kfuncs gives no sets. Throws Error when the index never
// derived facts from the source.
KfuncData kfuncs_from_facts(Store& store, const std::optional<std::string>& at = std::nullopt);

// Does the index hold kfunc facts derived from the source?
bool has_derived_kfuncs(Store& store);

// The C signature of each kfunc, as the source's __bpf_kfunc definition
// gives it at `at` (kfunc facts' "signature"), for KFUNC_DEF without a BTF.
std::optional<std::string> source_signature(Store& store, const std::string& kfunc,
                                            const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince
