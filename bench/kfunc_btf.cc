// The kfuncs of a BTF file (the bpf_kfunc decl tags) and kfunc-gen's C
// signature of each, as JSON, for bench/kfunc_facts_eval.py. With
// --names, the signatures of the FUNCs named on stdin (one a line), tagged
// or not: kfunc-gen renders any FUNC its data names.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "docs/btf_signature.h"
#include "util/error.h"
#include "facts/kfunc_signature.h"

int main(int argc, char** argv) {
  // --spell: each stdin line (a source signature) in kfunc-gen's spelling.
  if (argc == 2 && std::string(argv[1]) == "--spell") {
    for (std::string line; std::getline(std::cin, line);) std::cout << ksince::kfunc_gen_signature(line) << "\n";
    return 0;
  }
  bool names = argc == 3 && std::string(argv[2]) == "--names";
  if (argc != 2 && !names) {
    std::cerr << "usage: ksince_kfunc_btf FILE.btf [--names] | ksince_kfunc_btf --spell\n";
    return 2;
  }
  try {
    ksince::Btf btf(argv[1]);
    if (names) {
      nlohmann::json out = nlohmann::json::object();
      for (std::string line; std::getline(std::cin, line);)
        if (auto sig = btf.signature(line)) out[line] = *sig;
      std::cout << out.dump(1) << "\n";
      return 0;
    }
    nlohmann::json out = {{"kfuncs", nlohmann::json::array()}, {"signatures", nlohmann::json::object()}};
    for (const auto& k : btf.kfuncs()) {
      out["kfuncs"].push_back(k);
      if (auto sig = btf.signature(k)) out["signatures"][k] = *sig;
    }
    std::cout << out.dump(1) << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
