#pragma once
#include <string>

namespace ksince {

// The folder of data ksince ships (the top-level data/ of the source tree:
// kfunc-gen.yaml, program-types.yaml). Found with no option by a binary run
// from its build tree (<exe>/../../data) and by an installed one
// (<exe>/../share/ksince/data), then in the source tree it was built from.
// `override_dir`, when not empty, is used as it is (the --data-dir option);
// `exe` stands for /proc/self/exe when not empty (for tests).
// Throws Error naming every place looked at when none holds the data.
std::string find_data_dir(const std::string& override_dir = "", const std::string& exe = "");

}  // namespace ksince
