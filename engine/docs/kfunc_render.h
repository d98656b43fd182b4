#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "docs/btf_signature.h"
#include "docs/docs_blocks.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_tables.h"
#include "docs/pair_conditions.h"

namespace ksince {

// kfunc-gen's three blocks (GENERATORS.md section 4) as pure functions of the
// kfuncs data, the data/kfunc-gen.yaml tables, a BTF file and the pages.

const BlockKind& kfunc_def_kind();        // "**Signature**\n\n<!-- [KFUNC_DEF] -->" .. "<!-- [/KFUNC_DEF] -->"
const BlockKind& kfunc_prog_ref_kind();   // "<!-- [KFUNC_PROG_REF] -->" .. "<!-- [/KFUNC_PROG_REF] -->"
const BlockKind& prog_kfunc_ref_kind();   // "<!-- [PROG_KFUNC_REF] -->" .. "<!-- [/PROG_KFUNC_REF] -->"

// One kfunc after kfunc-gen's merge: the union of its sets' program types
// (UNSPEC expanded by the table, its `except` removed), stable-sorted by name
// and compacted (the first of equal names kept, with its since/until).
//
// kfunc-gen walks the sets in Go's random map order; ksince walks them in file
// order, so that when sets disagree the result is fixed: the flags are those
// of the LAST listing in file order (kfunc-gen keeps the last set it visits),
// and a program type's since/until is that of its FIRST listing in file order.
// At 18ec5e93 no kfunc's sets disagree, so both orders give the same pages.
struct MergedKfunc {
  std::string name;
  std::vector<std::string> flags;
  std::vector<KfuncProgramType> program_types;
};

// Every kfunc of the data except the removed ones, sorted by name.
std::vector<MergedKfunc> merge_kfuncs(const KfuncData& data, const KfuncGenTables& tables);

// What --btf-missing says to do with a kfunc the data and the BTF disagree on.
enum class BtfMissing {
  Error,  // refuse, as kfunc-gen does (the default)
  Keep,   // keep the signature on the page, render the notices from the data
};

// kfunc-gen's consistency check: every BTF kfunc (decl tag bpf_kfunc) but the
// ignored ones must be in the data, and every data kfunc but the removed
// ones in the BTF. With Error, throws one Error listing every miss (data ones
// with file:line); with Keep, adds them to `notes` as warnings.
void check_btf_kfuncs(const KfuncData& data, const KfuncGenTables& tables, const Btf& btf, BtfMissing mode,
                      std::vector<BuildNote>& notes);

// The six notices of the flags that have one, in the flags' order.
std::string kfunc_notices(const std::vector<std::string>& flags);

// KFUNC_DEF on linux/kfuncs/<name>.md: "\n`#!c SIG`\n" and the notices.
// Call check_btf_kfuncs first. A kfunc the BTF has no single FUNC for keeps
// the signature line its page holds now (read through `current`); without
// such a line it gets no block and a note.
// Where signatures come from: a BTF file (Btf::signature), or the source's
// __bpf_kfunc definitions; `name` says which, in notes.
struct SignatureSource {
  std::string name;
  std::function<std::optional<std::string>(const std::string& kfunc)> signature;
};
std::vector<Block> render_kfunc_def(const std::vector<MergedKfunc>& merged, const SignatureSource& signatures,
                                    const CurrentBody& current, std::vector<BuildNote>& notes);

// KFUNC_PROG_REF on linux/kfuncs/<name>.md: "- [`TYPE`](../program-type/TYPE.md)"
// lines with kfunc-gen's since/" - "/until tail.
// With `conditions`, each line ends with the pair's condition labels and a
// block that has any ends with their legend (docs build --conditions).
std::vector<Block> render_kfunc_prog_ref(const std::vector<MergedKfunc>& merged,
                                         const PairConditions* conditions = nullptr);

// PROG_KFUNC_REF on each of `program_type_pages` (every *.md directly in
// linux/program-type/, as kfunc-gen scans that folder; the page's file name
// is the program type): the "Supported kfuncs" admonition, or the sentence
// for a type no kfunc names.
std::vector<Block> render_prog_kfunc_ref(const std::vector<MergedKfunc>& merged,
                                         const std::vector<std::string>& program_type_pages,
                                         const PairConditions* conditions = nullptr);

// All three in one call, what `docs build` uses. Without a BTF (btf ==
// nullptr) no KFUNC_DEF block is rendered and those pairs stay as they are.
struct KfuncBuildInput {
  const KfuncData* data = nullptr;
  const KfuncGenTables* tables = nullptr;
  const Btf* btf = nullptr;
  BtfMissing missing = BtfMissing::Error;
  std::vector<std::string> program_type_pages;
  CurrentBody current;
  // Without a BTF: signatures from the source (derived kfunc facts), when set.
  std::optional<SignatureSource> source_signatures;
  const PairConditions* conditions = nullptr;  // --conditions
};
std::vector<Block> render_kfunc_blocks(const KfuncBuildInput& in, std::vector<BuildNote>& notes);

// The *.md files directly in <docs_root>/linux/program-type/, as page paths
// relative to the root ("linux/program-type/BPF_PROG_TYPE_XDP.md"), sorted.
std::vector<std::string> program_type_pages(const std::string& docs_root);

}  // namespace ksince
