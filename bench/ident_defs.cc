// The definitions side of bench/ctags_compare.py: reads file paths on stdin,
// one a line, and prints what the identifier index's reader finds in each:
// PATH<TAB>LINE<TAB>KIND<TAB>NAME. Built, never installed.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "facts/identifier_defs.h"

int main() {
  std::string path;
  while (std::getline(std::cin, path)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "ksince_ident_defs: %s: cannot read it\n", path.c_str());
      return 2;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    for (const ksince::Definition& d : ksince::find_definitions(ksince::def_syntax_of(path), buf.str()))
      std::printf("%s\t%u\t%s\t%s\n", path.c_str(), d.line, std::string(ksince::def_kind_name(d.kind)).c_str(),
                  d.name.c_str());
  }
  return 0;
}
