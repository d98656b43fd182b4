#pragma once
#include <string>
#include <vector>

namespace ksince {

// The files the identifier index reads, as git pathspecs (docs/identifiers.md):
// C, headers, assembly, Kconfig, Makefiles and Kbuild files, device trees, at
// any depth, but for tools/ (copies of uapi headers, user-space code) and
// samples/, as for the facts. `--identifier-files` replaces the list.
std::vector<std::string> default_identifier_files();

}  // namespace ksince
