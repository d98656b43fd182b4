#pragma once
// The shape of a definition: what code using it compiles against, written
// so that whitespace, comments, parameter names and attribute macros are no
// change (docs/identifiers.md, "Shapes"). Types are spelled as BTF spells
// them: GCC's integer names, sparse's annotations gone; unlike a kfunc's
// signature, every parameter is kept, and so are a return type's
// qualifiers, array bounds and bit-field widths.
#include <cstdint>
#include <string>
#include <string_view>

namespace ksince {

namespace csrc {
struct Source;
}

enum class ShapeKind : uint8_t {
  Function,  // a function's definition or its prototype
  FnMacro,   // #define NAME(...)
  ObjMacro,  // #define NAME
  Struct,
  Union,
  Enum,
  Typedef,
  Variable,
  Export,   // EXPORT_SYMBOL*(name)
  Kconfig,    // CONFIG_X of `config X`
  Prototype,  // a function's declaration: its shape is a function's
};
constexpr int kShapeKinds = 11;

// "function", "function-like macro", "object-like macro", "struct", ...
std::string_view shape_kind_name(ShapeKind k);

// One definition's shape. The text's layout, lines joined by '\n':
//   function             the return type, then each parameter's type; "..." last when variadic
//   function-like macro  the number of named parameters, then "..." when variadic
//   object-like macro    empty (the index keeps none: a macro definition without a
//                        function-like shape at its line is one)
//   struct, union        a line per member: name '\t' type ['\t' #if condition];
//                        an anonymous member's members flattened, a named nested one's as "name.member"
//   enum                 a line per constant: name ['\t' value], the value where literals give it
//   typedef, variable    the type, the declared name left out
//   export               the macro, and its namespace ("EXPORT_SYMBOL_NS_GPL \"ns\"")
//   Kconfig              its type ("bool", "tristate", ...; empty where this entry gives none)
struct Shape {
  std::string name;
  ShapeKind kind;
  uint32_t line;
  std::string text;
};

// The key a shape is stored and compared by (a stable FNV-1a of the kind
// and the text); a prototype's is its function's.
uint64_t shape_hash(ShapeKind kind, std::string_view text);

// Builders over a tokenized C file, for the definitions reader:
// a function whose name is the token `name`, its return type from `b` and
// its parameter list the group that opens after the name;
std::string function_shape(const csrc::Source& s, size_t b, size_t name);
// the members of the struct or union body between the braces open..close;
std::string members_shape(const csrc::Source& s, size_t open, size_t close);
// the constants of the enum body between the braces;
std::string enum_shape(const csrc::Source& s, size_t open, size_t close);
// the type a declaration [b, e) gives the name at `name` (a typedef's
// target, a variable's type), an initializer left out;
std::string declared_type(const csrc::Source& s, size_t b, size_t e, size_t name);
std::string macro_shape(int params, bool variadic);

}  // namespace ksince
