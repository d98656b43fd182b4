#pragma once
// Which identifiers a file defines, and where: the "defined" test of the
// identifier index (docs/identifiers.md lists every rule). It reads C and
// headers through the facts' tokenizer (comments and strings dropped, code
// under `#if 0` dropped, every other preprocessor branch kept), assembly
// and device trees line by line, and Kconfig files by their `config` lines.
// It is not a C parser: it recognises the shapes kernel code defines things
// with, and what it does not recognise is not a definition.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts/def_shapes.h"

namespace ksince {

enum class DefKind : uint8_t {
  Function,    // a C function with a body; BPF_CALL_n(name); sys_x of SYSCALL_DEFINEn(x)
  Macro,       // #define NAME or #define NAME(...)
  Struct,      // struct NAME { ... }
  Union,       // union NAME { ... }
  Enum,        // enum NAME { ... }
  Enumerator,  // a constant inside enum { ... }
  Typedef,     // typedef ... NAME;
  Variable,    // a file-scope variable; DEFINE_PER_CPU*(type, name); DEFINE_*(name)
  Export,      // EXPORT_SYMBOL*(name)
  Syscall,     // x of SYSCALL_DEFINEn(x) and COMPAT_SYSCALL_DEFINEn(x)
  Tracepoint,  // trace_x of TRACE_EVENT(x) and DEFINE_EVENT(class, x)
  Kconfig,     // CONFIG_X of `config X` / `menuconfig X`
  Asm,         // SYM_FUNC_START(x), SYM_CODE_START(x), ENTRY(x) in assembly
};
constexpr int kDefKinds = 13;

// The kind's name in answers: "function", "macro", "struct", ...
std::string_view def_kind_name(DefKind k);
// The kind of a name, false if it names none.
bool def_kind_of(std::string_view name, DefKind& out);

struct Definition {
  std::string name;
  DefKind kind;
  uint32_t line;  // 1-based, of the name (or of the macro call that makes it)
};

// Which reader a file gets, by its base name.
enum class DefSyntax : uint8_t { C, Asm, Kconfig, DeviceTree, None };
DefSyntax def_syntax_of(std::string_view path);

// The file's definitions, in order of appearance. Never throws on odd
// input: what it cannot read defines nothing. With `shapes`, their shapes
// too (facts/def_shapes.h), and the prototypes' in C: a declaration is no
// definition, but its shape is the function's in a header.
std::vector<Definition> find_definitions(DefSyntax syntax, std::string_view text,
                                         std::vector<Shape>* shapes = nullptr);

}  // namespace ksince
