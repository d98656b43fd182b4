// `ksince show NAME`: the evidence for a name's answer: its commit, the
// file and line where the commit has it, the tag range searched.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/answer_text.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "commits/evidence.h"
#include "store/known_names.h"
#include "store/store.h"

namespace ksince::cli {

int cmd_show(const std::vector<std::string>& args) {
  std::string db, name;
  bool json = false;
  po::options_description opts("show options");
  opts.add_options()("name", po::value(&name), "the name")("json", po::bool_switch(&json), "print JSON");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince show NAME [--db FILE] [--json]",
             "  ksince show BPF_PROG_TYPE_XDP\n  ksince show --json bpf_loop\n"))
    return 0;
  if (name.empty()) throw UsageError("show needs a NAME");
  Store store(db, Store::Mode::ReadOnly);
  std::vector<Evidence> all = evidence_for(store, name);
  if (all.empty()) {
    std::fprintf(stderr, "ksince: %s: unknown name (not a pattern of the index %s)\n", name.c_str(), db.c_str());
    std::vector<std::string> known = names_with_prefix(store, name, 1);
    if (!known.empty() && known[0] == name)  // show reads patterns; query reads derived facts too
      std::fprintf(stderr, "ksince: %s is a fact derived from the source; ksince query %s shows it\n", name.c_str(),
                   name.c_str());
    print_suggestions(store, name);
    return kNotFound;
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Evidence& e : all) {
    const Feature& f = e.feature;
    if (json) {
      nlohmann::ordered_json j = feature_json(store, f);
      j["author"] = e.author;
      j["parents"] = e.parents;
      j["evidence_in"] = e.where;
      j["places"] = nlohmann::ordered_json::array();
      for (const auto& p : e.places) j["places"].push_back({{"path", p.path}, {"line", p.line}, {"text", p.text}});
      out.push_back(j);
      continue;
    }
    std::printf("%s (group %s)\n", f.name.c_str(), f.group.c_str());
    if (f.version.empty()) {
      std::printf("  absent at the newest tag indexed\n");
      continue;
    }
    if (f.prev.empty())
      std::printf("  version  %s, the oldest tag indexed (no older tag to search from)\n", f.version.c_str());
    else
      std::printf("  version  %s (absent at %s; commits searched: %s..%s)\n", f.version.c_str(), f.prev.c_str(),
                  f.prev.c_str(), f.version.c_str());
    if (!f.commit.empty()) {
      std::printf("  commit   %s\n           %s, %s: %s\n", f.commit.c_str(), date_of(f.commit_date).c_str(),
                  e.author.c_str(), f.commit_subject.c_str());
      std::printf("  rule     %s\n", f.commit_exact ? "present here, absent at every parent"
                                                    : "first transition found (a parent outside the range has it)");
      for (const auto& p : e.parents) std::printf("  parent   %s\n", p.c_str());
    }
    for (const auto& p : e.places)
      std::printf("  found    %s:%zu: %s\n", p.path.c_str(), p.line, p.text.c_str());
  }
  if (json) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace ksince::cli
