// `ksince query`: what the index knows about names: patterns' answers and
// the facts derived from the source; `--helpers`/`--kfuncs` for a type.
#include <cstdio>
#include <iostream>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/answer_text.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "facts/derived_facts.h"
#include "facts/type_pairs.h"
#include "idents/ident_query.h"
#include "idents/module_uses.h"
#include "series/citations.h"
#include "series/fact_backports.h"
#include "series/kernel_query.h"
#include "repo/repo.h"
#include "store/read_answers.h"
#include "store/store.h"
#include "util/error.h"

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

// `query NAME... --kernel VERSION` (and TYPE --helpers/--kfuncs --kernel):
// present, absent or undetermined at that kernel, and how it is known.
nlohmann::ordered_json kernel_lines(const std::vector<KernelCheck>& all, const KernelVersion& v, bool json,
                                    const std::string& heading = "") {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  if (!json && !heading.empty()) std::printf("%s\n", heading.c_str());
  for (const KernelCheck& c : all) {
    const KernelAnswer& a = c.answer;
    if (json) {
      nlohmann::ordered_json j = {{"name", c.name}, {"known", c.known}};
      if (c.known)
        j.update({{"subject", c.subject}, {"kernel", v.text}, {"have", have_name(a.have)}, {"how", a.how},
                  {"series", a.series}, {"from", a.from}, {"absent_at", a.absent_at}, {"present_at", a.present_at},
                  {"why", a.why}});
      out.push_back(j);
    } else if (!c.known) {
      std::printf("%s%s  unknown to the index\n", heading.empty() ? "" : "  ", c.name.c_str());
    } else {
      std::printf("%s%s  %s  (%s%s%s)\n", heading.empty() ? "" : "  ", c.name.c_str(), have_name(a.have),
                  a.how == "none" ? "" : a.how.c_str(), a.how == "none" ? "" : ": ", a.why.c_str());
    }
  }
  return out;
}

// `query --upstream ID`: where each series took the commit.
int query_upstream(const std::vector<UpstreamAnswer>& all, const std::string& id, bool json) {
  if (all.empty()) throw InputError("upstream", "the index has no stable series (index with series: or --series)");
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  bool anywhere = false;
  for (const UpstreamAnswer& a : all) {
    anywhere = anywhere || !a.point.empty() || !a.in_base.empty();
    if (json) {
      out.push_back({{"series", a.series}, {"point", a.point}, {"commit", a.commit}, {"in_base", a.in_base}});
    } else if (!a.in_base.empty()) {
      std::printf("%s.y  in the base %s already\n", a.series.c_str(), a.in_base.c_str());
    } else if (!a.point.empty()) {
      std::printf("%s.y  %s  %s\n", a.series.c_str(), a.point.c_str(), a.commit.c_str());
    } else {
      std::printf("%s.y  no indexed point carries a commit citing %s\n", a.series.c_str(), id.c_str());
    }
  }
  if (json) std::cout << out.dump(2) << "\n";
  return anywhere ? 0 : kNotFound;
}

// `query --names-from FILE` / `--identifiers-of FILE.c`: each name, then the
// kernel they all need.
int query_needs(Store& store, const std::string& file, bool c_file, bool json) {
  std::ifstream f(file, std::ios::binary);
  if (!f) throw InputError(c_file ? "identifiers-of" : "names-from", cat(file, ": cannot read it"));
  std::stringstream buf;
  buf << f.rdbuf();
  std::string text = buf.str();
  std::vector<std::string> names;
  if (c_file) {
    names = identifiers_used_by(text);
  } else {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      size_t b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
      if (b != std::string::npos && line[b] != '#') names.push_back(line.substr(b, e - b + 1));
    }
  }
  if (!has_identifiers(store))
    throw InputError("db", cat(store.path(), " has no identifier index: run ksince index --identifiers first"));
  NeedsAnswer n = kernel_needed(store, names);
  if (json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const IdentAnswer& a : n.answers) list.push_back({{"name", a.name}, {"identifier", identifier_json(a)}});
    nlohmann::ordered_json j;
    j["needs"] = n.needs;
    j["needs_from"] = n.needs_from;
    j["names"] = list;
    j["undefined"] = n.undefined;
    std::cout << j.dump(2) << "\n";
    return n.needs.empty() ? kNotFound : 0;
  }
  for (const IdentAnswer& a : n.answers) std::printf("%s\n", identifier_line(a).c_str());
  if (!n.undefined.empty()) {
    std::string list;
    for (const std::string& u : n.undefined) list += " " + u;
    std::printf("not defined at the newest tag (%zu):%s\n", n.undefined.size(), list.c_str());
  }
  if (n.needs.empty()) {
    std::printf("needs: no name of the list is defined at the newest tag\n");
    return kNotFound;
  }
  std::string from;
  for (const std::string& x : n.needs_from) from += (from.empty() ? "" : ", ") + x;
  std::printf("needs: %s (the newest of the %zu defined versions, from %s)\n", n.needs.c_str(), n.answers.size(),
              from.c_str());
  return 0;
}

// `query NAME... --kernel VERSION`, or TYPE --helpers/--kfuncs --kernel.
int query_at_kernel(Store& store, const std::vector<std::string>& names, const std::string& kernel, bool helpers,
                    bool kfuncs, bool json) {
  std::optional<KernelVersion> v = KernelVersion::parse(kernel);
  if (!v)
    throw InputError("kernel", cat("'", kernel, "' is not a kernel version: give X.Y, X.Y.Z, a package version "
                                   "X.Y.Z-R or uname -r's (6.1.0-28-amd64)"));
  if (!helpers && !kfuncs) {
    std::vector<KernelCheck> all = check_names(store, names, *v);
    nlohmann::ordered_json out = kernel_lines(all, *v, json);
    if (json) std::cout << out.dump(2) << "\n";
    return kernel_status(all);
  }
  std::vector<KernelCheck> every;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& type : names) {
    std::vector<KernelCheck> all;
    for (const char* kind : helpers ? std::vector<const char*>{"prog_helper", "map_helper"}
                                    : std::vector<const char*>{"prog_kfunc"})
      for (KernelCheck& c : check_pairs(store, type, kind, *v)) all.push_back(std::move(c));
    if (all.empty()) throw InputError("kernel", cat(type, ": no ", helpers ? "helpers" : "kfuncs", " derived for it"));
    out.push_back({{"name", type}, {"kernel", kernel},
                   {helpers ? "helpers" : "kfuncs", kernel_lines(all, *v, json, type + " at " + kernel + ":")}});
    every.insert(every.end(), all.begin(), all.end());
  }
  if (json) std::cout << out.dump(2) << "\n";
  return kernel_status(every);
}

// `query NAME...`: each name's answers (pattern, facts, identifier, per
// series), or the identifiers a glob matches.
int query_names(Store& store, const std::vector<std::string>& names, const std::string& series, size_t limit,
                bool json, const std::string& db) {
  int status = 0;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& name : names) {
    if (is_glob(name)) {  // identifiers by a shell glob
      size_t total = 0;
      std::vector<std::string> matches = identifiers_matching(store, name, limit, total);
      if (matches.empty()) status = kNotFound;
      if (json) {
        out.push_back({{"glob", name}, {"total", total}, {"names", matches}});
        continue;
      }
      if (!has_identifiers(store))
        std::fprintf(stderr, "ksince: %s: a glob lists identifiers, and %s has none (index --identifiers)\n",
                     name.c_str(), db.c_str());
      for (const std::string& m : matches) std::printf("%s\n", m.c_str());
      if (total > matches.size())
        std::fprintf(stderr, "ksince: %zu of %zu names matching %s (--limit)\n", matches.size(), total, name.c_str());
      continue;
    }
    std::vector<Feature> found = features_named(store, name);
    std::optional<IdentAnswer> ident = identifier_answer(store, name, series);
    std::vector<DerivedAnswer> derived = derived_facts_about(store, name);
    nlohmann::ordered_json facts = nlohmann::ordered_json::array();
    for (const DerivedAnswer& a : derived) {
      facts.push_back(derived_json(a));
      std::vector<SeriesAnswer> per = fact_series_answers(store, a.kind, a.key, series);
      if (!per.empty()) {
        facts.back()["series"] = series_object(per);
        facts.back()["backports"] = backports_json(fact_backports(store, a.kind, a.key, per, series));
      }
    }
    if (found.empty() && derived.empty() && ident) {  // any identifier of the tree
      if (json) {
        nlohmann::ordered_json j = {{"name", name}, {"known", true}};
        j["identifier"] = identifier_json(*ident);
        out.push_back(j);
      } else {
        std::printf("%s\n", identifier_line(*ident).c_str());
        print_identifier_series(*ident, !series.empty());
      }
      continue;
    }
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
      std::vector<SeriesAnswer> per = pattern_series_answers(store, f.group, f.name, series);
      if (json) {
        nlohmann::ordered_json j = feature_json(store, f);
        if (!per.empty()) j["series"] = series_object(per);
        j["derived"] = facts;
        if (ident) j["identifier"] = identifier_json(*ident);
        out.push_back(j);
      } else {
        std::printf("%s\n", feature_line(store, f).c_str());
        print_series(per, !series.empty());
      }
    }
    if (!json)
      for (const DerivedAnswer& a : derived) {
        std::printf("%s\n", derived_line(a).c_str());
        // A name has many facts: their series only when one is asked for.
        if (!series.empty()) print_series(fact_series_answers(store, a.kind, a.key, series), true);
      }
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
  size_t limit = 100;
  std::string names_from, identifiers_of, series, kernel, upstream;
  opts.add_options()("name", po::value(&names)->composing(), "names to look up")
      ("series", po::value(&series), "of the stable series, only this one (X.Y or X.Y.y); without it, every "
       "series where the name is present at some point")
      ("upstream", po::value(&upstream), "a mainline commit id: on each stable series, the first point whose history "
       "carries a commit citing it (\"commit ID upstream.\", \"[ Upstream commit ID ]\"), or the base that has it "
       "(exit 0 when some series has it, 1 when none)")
      ("kernel", po::value(&kernel), "is each name there at this kernel: a release (6.1), a point release "
       "(6.1.187), a package version (6.1.192-3) or uname -r (6.1.0-28-amd64: only its leading 6.1.0 is read; "
       "Debian's ABI names hide the point, its package version answers exactly). Exit status 0 when every name "
       "is present, 1 when some is absent or unknown, 3 when none is absent but some are undetermined")
      ("json", po::bool_switch(&json), "print JSON: one object per name")
      ("helpers", po::bool_switch(&helpers),
       "for a program or map type: the helpers it may call, from the source (with since and conditions)")
      ("kfuncs", po::bool_switch(&kfuncs),
       "for a program type: the kfuncs it may call, from the source (with since and the sets)")
      ("at", po::value(&at), "with --helpers or --kfuncs: at this tag (default: the newest)")
      ("limit", po::value(&limit)->default_value(100), "a glob lists at most this many identifiers")
      ("names-from", po::value(&names_from), "identifiers one per line in FILE: each one's answer, and the "
       "newest of their defined versions (the kernel they all need)")
      ("identifiers-of", po::value(&identifiers_of), "the identifiers a C FILE uses and does not define: "
       "as --names-from (which kernel does my module need?)");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("name", -1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince query NAME... [--db FILE] [--json] [--helpers [--at TAG]]",
             "  ksince query BPF_PROG_TYPE_XDP\n  ksince query --json bpf_loop bpf_timer_init | jq .\n"
             "  ksince query BPF_PROG_TYPE_XDP --helpers --at v6.1\n"
             "  ksince query folio_put            (any identifier, with index --identifiers)\n"
             "  ksince query 'folio_*' --limit 20\n"
             "  ksince query bpf_loop --series 6.1   (an index with series: one line per series)\n"
             "  ksince query bpf_loop folio_put --kernel 6.1.187   (exit 0: all there, 1: some not, 3: unsure)\n"
             "  ksince query BPF_PROG_TYPE_XDP --helpers --kernel $(uname -r)\n"
             "  ksince query --upstream 1aaba11da9aa   (which point of each series took it)\n"))
    return 0;
  if (!names_from.empty() || !identifiers_of.empty()) {
    if (!names.empty() || (!names_from.empty() && !identifiers_of.empty()))
      throw UsageError("--names-from and --identifiers-of take the names from a file: one of them, no NAME");
    Store store(db, Store::Mode::ReadOnly);
    return query_needs(store, names_from.empty() ? identifiers_of : names_from, !identifiers_of.empty(), json);
  }
  if (!upstream.empty()) {
    if (!names.empty()) throw UsageError("--upstream takes a commit id, no NAME");
    Store store(db, Store::Mode::ReadOnly);
    std::string path = store.meta("repo").value_or("");
    std::optional<Repo> repo;
    if (!path.empty()) repo.emplace(path);
    return query_upstream(upstream_in_series(store, repo ? &*repo : nullptr, upstream), upstream, json);
  }
  if (names.empty()) throw UsageError("query needs at least one NAME");
  if (!at.empty() && !helpers && !kfuncs) throw UsageError("--at goes with --helpers or --kfuncs");
  if (helpers && kfuncs) throw UsageError("--helpers and --kfuncs: one at a time");

  Store store(db, Store::Mode::ReadOnly);
  std::optional<std::string> tag;
  if (!at.empty()) tag = at;
  if (!kernel.empty()) {
    if (!at.empty()) throw UsageError("--at and --kernel: one at a time");
    return query_at_kernel(store, names, kernel, helpers, kfuncs, json);
  }
  if (helpers) return query_pairs(store, names, tag, json, PairKind::Helpers);
  if (kfuncs) return query_pairs(store, names, tag, json, PairKind::Kfuncs);
  return query_names(store, names, series, limit, json, db);
}

}  // namespace ksince::cli
