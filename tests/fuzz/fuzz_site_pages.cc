// The readers of --create-missing and KFUNC_DEF from the source: a folder's
// literate-nav SUMMARY.md (any Markdown) and a C signature (any text).
// Never a crash; a nav only gains lines (every line it had stays, in
// order), each added subject is linked, and a second run changes nothing.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "docs/missing_pages.h"
#include "facts/kfunc_signature.h"

namespace {

std::vector<std::string> lines(const std::string& t) {
  std::vector<std::string> out;
  std::istringstream in(t);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Every line of `before` is in `after`, in the same order.
bool kept(const std::string& before, const std::string& after) {
  std::vector<std::string> b = lines(before), a = lines(after);
  size_t j = 0;
  for (const std::string& l : b) {
    while (j < a.size() && a[j] != l) j++;
    if (j == a.size()) return false;
    j++;
  }
  return true;
}

void check_nav(const std::string& before, const std::string& after, const std::vector<std::string>& added) {
  if (!kept(before, after)) std::abort();
  for (const std::string& n : added)
    if (after.find("](" + n + ".md)") == std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)ksince::kfunc_gen_signature(text, false);
  (void)ksince::kfunc_gen_signature(text, true);

  const std::map<std::string, std::set<std::string>> members = {
      {"set_a", {"bpf_cpumask_create", "bpf_a", "bpf_new_a"}}, {"set_b", {"bpf_new_b"}}};
  const std::vector<std::pair<std::string, std::vector<std::string>>> kfuncs = {
      {"bpf_new_a", {"set_a"}}, {"bpf_new_b", {"set_b"}}, {"bpf_new_c", {}}};
  std::string k1 = ksince::summary_with_kfuncs(text, kfuncs, members);
  check_nav(text, k1, {"bpf_new_a", "bpf_new_b", "bpf_new_c"});
  if (ksince::summary_with_kfuncs(k1, kfuncs, members) != k1) std::abort();

  const std::vector<std::string> order = {"BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_NEW", "BPF_MAP_TYPE_ARRAY",
                                          "BPF_MAP_TYPE_LAST"};
  std::string m1 = ksince::summary_in_order(text, {"BPF_MAP_TYPE_NEW", "BPF_MAP_TYPE_LAST"}, order);
  check_nav(text, m1, {"BPF_MAP_TYPE_NEW", "BPF_MAP_TYPE_LAST"});
  if (ksince::summary_in_order(m1, {"BPF_MAP_TYPE_NEW", "BPF_MAP_TYPE_LAST"}, order) != m1) std::abort();
  return 0;
}
