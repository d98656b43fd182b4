#include "facts/c_words.h"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace ksince {

namespace {

// Words that qualify a declaration but never name what it declares.
const std::unordered_set<std::string_view>& annotation_words() {
  static const std::unordered_set<std::string_view> words = {
      "const", "volatile", "static", "inline", "register", "restrict", "__read_mostly",
      "__ro_after_init", "__initdata", "__initconst", "__exitdata", "__refdata", "__initdata_memblock",
      "__meminitdata", "__percpu", "__maybe_unused", "__used", "__weak", "__cacheline_aligned",
      "__cacheline_aligned_in_smp", "____cacheline_aligned", "____cacheline_aligned_in_smp",
      "__page_aligned_data", "__page_aligned_bss", "__nosavedata", "__lsm_ro_after_init", "__iomem", "__user",
      "__rcu", "__force", "__must_check", "__always_unused", "__visible", "__init", "__exit", "__devinitdata",
      "__bss_decrypted", "__aligned_largest", "__packed", "__latent_entropy", "__randomize_layout",
      "__no_randomize_layout", "__ksym", "__kconfig", "__initdata_or_meminfo", "__tracepoint_string",
      "__section", "__aligned", "__attribute__", "__attribute", "__noinitretpoline", "__data_racy"};
  return words;
}

}  // namespace

bool is_annotation(std::string_view w) { return annotation_words().count(w) > 0; }

// Names followed by "(...)" that annotate rather than declare.
bool is_attribute_call(std::string_view name) {
  static const std::unordered_set<std::string_view> calls = {
      "__attribute__", "__attribute", "__aligned", "__section", "__printf", "__scanf", "__acquires",
      "__releases", "__must_hold", "__cond_acquires", "__cond_releases", "__alloc_size", "__malloc",
      "__counted_by", "__assume_aligned", "__cleanup", "__nonstring", "__diag_ignore", "__no_sanitize_address",
      "__guarded_by", "__pt_guarded_by", "__acquire", "__release", "asm", "__asm__", "__asm", "__typeof__",
      "typeof", "__typeof", "__deprecated", "__alias", "__copy", "__designated_init", "__has_attribute",
      "__ATTR", "__builtin_offsetof", "__uses_lock", "__no_context_analysis", "__must_hold_shared",
      "__acquires_shared", "__releases_shared", "__cond_acquires_shared"};
  return calls.count(name) > 0;
}

bool is_c_keyword(std::string_view w) {
  static const std::unordered_set<std::string_view> words = {
      "if", "else", "while", "for", "do", "switch", "case", "default", "return", "goto", "break", "continue",
      "sizeof", "typedef", "extern", "struct", "union", "enum", "void", "char", "short", "int", "long", "float",
      "double", "_Bool", "auto", "signed", "unsigned", "static_assert", "_Static_assert", "__int128", "_Alignas", "alignas"};
  return words.count(w) > 0 || annotation_words().count(w) > 0;
}

bool is_sparse_annotation(std::string_view w) {
  static constexpr std::array<std::string_view, 10> kWords = {"__user",  "__kernel",  "__iomem",  "__percpu",
                                                              "__rcu",   "__force",   "__nocast", "__safe",
                                                              "__private", "__bitwise"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool is_qualifier(std::string_view w) {
  return w == "const" || w == "volatile" || w == "restrict" || w == "__restrict" || w == "__restrict__";
}

bool is_int_word(std::string_view w) {
  return w == "signed" || w == "unsigned" || w == "short" || w == "long" || w == "int" || w == "char";
}

std::string integer_name(const std::vector<std::string_view>& words) {
  int longs = 0;
  bool is_unsigned = false, is_signed = false, is_short = false, is_char = false;
  for (std::string_view w : words) {
    longs += w == "long";
    is_unsigned |= w == "unsigned";
    is_signed |= w == "signed";
    is_short |= w == "short";
    is_char |= w == "char";
  }
  if (is_char) return is_unsigned ? "unsigned char" : is_signed ? "signed char" : "char";
  std::string size = is_short ? "short " : longs >= 2 ? "long long " : longs == 1 ? "long " : "";
  return size + (is_unsigned ? "unsigned int" : "int");
}

}  // namespace ksince
