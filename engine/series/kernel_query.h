#pragma once
#include <string>
#include <vector>

#include "series/kernel_check.h"
#include "store/store.h"

namespace ksince {

// `query NAME... --kernel VERSION`: each name's answer at that kernel, from
// its pattern (a pattern that declares a kind: its fact), else its
// identifier's definition, else the derived fact keyed by the name.
struct KernelCheck {
  std::string name;
  bool known = false;   // the index has the name at all
  std::string subject;  // "pattern", "identifier", or the fact's kind
  KernelAnswer answer;
};
std::vector<KernelCheck> check_names(Store& store, const std::vector<std::string>& names, const KernelVersion& v);
// `query TYPE --helpers|--kfuncs --kernel VERSION`: each pair fact of the
// type ever derived (kind prog_helper, map_helper or prog_kfunc), named by
// its callee.
std::vector<KernelCheck> check_pairs(Store& store, const std::string& type, const std::string& kind,
                                     const KernelVersion& v);

// The exit status of a check (docs/series.md): 0 every name present, 1 some
// absent or unknown, 3 none absent but some undetermined.
constexpr int kUndetermined = 3;
int kernel_status(const std::vector<KernelCheck>& all);

}  // namespace ksince
