// `ksince query`: what the index knows about names: patterns' answers and
// the facts derived from the source; `--helpers`/`--kfuncs` for a type.
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/answer_text.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "facts/derived_facts.h"
#include "facts/type_pairs.h"
#include "store/read_answers.h"
#include "store/store.h"

namespace ksince::cli {

namespace {

// `query TYPE --helpers` / `--kfuncs`: what each type may call, at a tag.
int query_pairs(Store& store, const std::vector<std::string>& names, const std::optional<std::string>& at, bool json,
                PairKind kind) {
  const std::string what = kind == PairKind::Helpers ? "helpers" : "kfuncs";
  int status = 0;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& name : names) {
    std::vector<TypePair> found = pairs_of_type(store, name, kind, at);
    if (found.empty()) {
      status = kNotFound;
      if (json) out.push_back({{"name", name}, {"known", false}});
      else std::fprintf(stderr, "ksince: %s: no %s derived for it%s\n", name.c_str(), what.c_str(),
                        at ? (" at " + *at).c_str() : "");
      continue;
    }
    const std::string& tag = found[0].fact.at;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    if (!json) std::printf("%s: %zu %s at %s\n", name.c_str(), found.size(), what.c_str(), tag.c_str());
    for (const TypePair& p : found) {
      const DerivedAnswer& a = p.fact;
      if (json) {
        nlohmann::ordered_json j = derived_json(a);
        j[kind == PairKind::Helpers ? "helper" : "kfunc"] = p.callee;
        list.push_back(j);
      } else {
        std::string line = "  " + p.callee + "  since " + a.since;
        if (!a.commit.empty() && a.since == a.version) line += " " + a.commit.substr(0, 12);
        if (!a.until.empty()) line += "  until " + a.until;
        if (!a.attrs.empty()) line += "  " + a.attrs.dump();
        std::printf("%s\n", line.c_str());
      }
    }
    if (json) out.push_back({{"name", name}, {"known", true}, {"at", tag}, {what, list}});
  }
  if (json) std::cout << out.dump(2) << "\n";
  return status;
}

}  // namespace

int cmd_query(const std::vector<std::string>& args) {
  std::string db;
  std::vector<std::string> names;
  bool json = false;
  po::options_description opts("query options");
  bool helpers = false, kfuncs = false;
  std::string at;
  opts.add_options()("name", po::value(&names)->composing(), "names to look up")
      ("json", po::bool_switch(&json), "print JSON: one object per name")
      ("helpers", po::bool_switch(&helpers),
       "for a program or map type: the helpers it may call, from the source (with since and conditions)")
      ("kfuncs", po::bool_switch(&kfuncs),
       "for a program type: the kfuncs it may call, from the source (with since and the sets)")
      ("at", po::value(&at), "with --helpers or --kfuncs: at this tag (default: the newest)");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("name", -1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince query NAME... [--db FILE] [--json] [--helpers [--at TAG]]",
             "  ksince query BPF_PROG_TYPE_XDP\n  ksince query --json bpf_loop bpf_timer_init | jq .\n"
             "  ksince query BPF_PROG_TYPE_XDP --helpers --at v6.1\n"))
    return 0;
  if (names.empty()) throw UsageError("query needs at least one NAME");
  if (!at.empty() && !helpers && !kfuncs) throw UsageError("--at goes with --helpers or --kfuncs");
  if (helpers && kfuncs) throw UsageError("--helpers and --kfuncs: one at a time");

  Store store(db, Store::Mode::ReadOnly);
  std::optional<std::string> tag;
  if (!at.empty()) tag = at;
  if (helpers) return query_pairs(store, names, tag, json, PairKind::Helpers);
  if (kfuncs) return query_pairs(store, names, tag, json, PairKind::Kfuncs);
  int status = 0;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& name : names) {
    std::vector<Feature> found = features_named(store, name);
    std::vector<DerivedAnswer> derived = derived_facts_about(store, name);
    nlohmann::ordered_json facts = nlohmann::ordered_json::array();
    for (const DerivedAnswer& a : derived) facts.push_back(derived_json(a));
    if (found.empty() && derived.empty()) {
      status = kNotFound;
      if (json) out.push_back({{"name", name}, {"known", false}});
      else {
        std::fprintf(stderr, "ksince: %s: unknown name (not a pattern of the index %s)\n", name.c_str(), db.c_str());
        print_suggestions(store, name);
      }
      continue;
    }
    if (found.empty()) {  // known from the source only
      if (json) out.push_back({{"name", name}, {"known", true}, {"derived", facts}});
      else std::printf("%s  (derived from the source; not a pattern)\n", name.c_str());
    }
    for (const Feature& f : found) {
      if (json) {
        nlohmann::ordered_json j = feature_json(store, f);
        j["derived"] = facts;
        out.push_back(j);
      } else {
        std::printf("%s\n", feature_line(store, f).c_str());
      }
    }
    if (!json)
      for (const DerivedAnswer& a : derived) std::printf("%s\n", derived_line(a).c_str());
  }
  if (json) std::cout << out.dump(2) << "\n";
  return status;
}

}  // namespace ksince::cli
