#pragma once
#include <string>

#include "facts/uapi_helpers.h"

namespace ksince {

// bpf_helper_defs.h as the kernel's `scripts/bpf_doc.py --header` writes it
// from include/uapi/linux/bpf.h (the printer of v6.13 and later: `(* const
// name)` pointers and the Attributes section; libbpf commits this file as
// src/bpf_helper_defs.h). The FN list gives the ids; for the older list forms
// (FN(name) without ids, the plain enum) the ids the parser fixed are used,
// where the kernel's own printer of that time numbered by position.
//
// Throws ksince::Error, naming `source_name:line`, wherever bpf_doc.py would
// refuse the file: an unknown construct, a helper documented but missing from
// the FN list or out of its order, a count that differs, a type the printer
// does not know.
std::string write_bpf_helper_defs(const UapiHelpers& helpers, const std::string& source_name);

}  // namespace ksince
