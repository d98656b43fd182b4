#include "idents/ident_scope.h"

namespace ksince {

std::vector<std::string> default_identifier_files() {
  // `*` crosses `/` in a pathspec: "*.c" is every .c file. A base name that
  // starts with Kconfig is "Kconfig*" at the top and "*/Kconfig*" below it.
  return {"*.c",      "*.h",   "*.S",         "Kconfig*", "*/Kconfig*", "Makefile*", "*/Makefile*",
          "Kbuild*",  "*/Kbuild*", "*.dts",   "*.dtsi",   ":(exclude)tools", ":(exclude)samples"};
}

}  // namespace ksince
