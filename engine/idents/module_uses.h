#pragma once
// What an out-of-tree module's C sources use of the kernel: the names it
// calls, the types it names, the Kconfig symbols its #if lines and
// IS_ENABLED() test, and the struct members it reaches through a type it
// names (a local's, a parameter's, a file-scope variable's, a designated
// initializer's). Less C's keywords, the names it defines itself and its
// locals. It reads C tokens (facts/c_source.h), not C: what it cannot place
// is counted, not guessed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ksince {

struct NameUse {
  std::string name;
  std::string how;  // "call", "type", "config", "name"
  std::string file;
  uint32_t line = 0;
};

// `x->a.b` where x is a `struct s *`: type "struct s", path {"a", "b"}; a
// typedef's name as the type ("foo_t") when that is what the code wrote.
struct MemberUse {
  std::string type;
  std::vector<std::string> path;
  std::string file;
  uint32_t line = 0;
};

struct ModuleUses {
  std::vector<NameUse> names;      // in order of first use, each once
  std::vector<MemberUse> members;  // each (type, path) once, first use
  std::vector<std::string> own;    // names the module defines, sorted
  size_t unresolved = 0;           // member accesses through an expression it could not type
};

struct SourceFile {
  std::string path;
  std::string text;
};
ModuleUses read_module_uses(const std::vector<SourceFile>& files);

// Every identifier token of one C text, less C's keywords and the names it
// defines itself, in order of appearance (`query --identifiers-of`).
std::vector<std::string> identifiers_used_by(std::string_view c_text);

}  // namespace ksince
