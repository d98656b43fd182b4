// Writes bpf_helper_defs.h from a uapi bpf.h: `write_helper_defs BPF_H > OUT`.
// Used by bench/helper_defs_bench.sh to compare with libbpf's committed files.
// `write_helper_defs --summary FILE...` prints what the parser read of each
// file instead: list form, entries, descriptions and every unknown.
#include <fstream>
#include <iostream>
#include <sstream>

#include "util/error.h"
#include "facts/helper_defs_writer.h"
#include "facts/uapi_helpers.h"

static int summary(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ksince::UapiHelpers h = ksince::parse_uapi_helpers(text.str());
    std::cout << argv[i] << ": form " << ksince::fn_form_name(h.form) << ", " << h.fns.size()
              << " FN entries, " << h.docs.size() << " descriptions, " << h.unknowns.size()
              << " unknowns\n";
    for (const auto& u : h.unknowns) std::cout << argv[i] << ":" << u.line << ": " << u.what << "\n";
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--summary") return summary(argc, argv);
  if (argc != 2) {
    std::cerr << "usage: write_helper_defs BPF_H\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot read\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    std::cout << ksince::write_bpf_helper_defs(ksince::parse_uapi_helpers(text.str()), argv[1]);
  } catch (const ksince::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
