#pragma once
// The words of C declarations the source readers (definitions, shapes,
// kfunc signatures) agree on: what annotates a declaration, what the
// compiler never sees, and GCC's names of the integer types.
#include <string>
#include <string_view>
#include <vector>

namespace ksince {

// Words that qualify a declaration but never name what it declares
// (`const`, `static`, `__read_mostly`, ...).
bool is_annotation(std::string_view w);
// Names followed by "(...)" that annotate rather than declare
// (`__attribute__`, `__aligned`, `__counted_by`, ...).
bool is_attribute_call(std::string_view name);
// C's keywords and the annotations.
bool is_c_keyword(std::string_view w);
// Sparse's annotations: the kernel defines them away for the compiler, so
// DWARF and BTF never see them (compiler_types.h).
bool is_sparse_annotation(std::string_view w);
bool is_qualifier(std::string_view w);
bool is_int_word(std::string_view w);
// The name GCC gives an integer type in DWARF, and so pahole in BTF:
// "unsigned long long" -> "long long unsigned int", "short" -> "short int".
std::string integer_name(const std::vector<std::string_view>& words);

}  // namespace ksince
