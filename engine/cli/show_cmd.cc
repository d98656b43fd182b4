// `ksince show NAME`: the evidence for a name's answer: its commit, the
// file and line where the commit has it, the tag range searched.
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/answer_text.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "commits/evidence.h"
#include "store/known_names.h"
#include "store/store.h"
#include "idents/ident_commit.h"
#include "idents/ident_places.h"
#include "repo/history.h"
#include "util/progress.h"
#include "idents/ident_query.h"
#include "facts/derived_facts.h"
#include "series/fact_backports.h"
#include "series/ident_backports.h"
#include "repo/repo.h"
#include "util/error.h"

namespace ksince::cli {

namespace {

nlohmann::ordered_json places_json(const IdentPlaces& p) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const IdentPlace& x : p.places)
    list.push_back({{"file", x.file}, {"line", x.line}, {"kind", x.kind}, {"tag", p.tag}});
  return list;
}

void print_places(const IdentPlaces& p) {
  std::printf("  defined at %s in %zu place%s%s\n", p.tag.c_str(), p.total, p.total == 1 ? "" : "s",
              p.total > p.places.size() ? cat(" (the first ", p.places.size(), ")").c_str() : "");
  for (const IdentPlace& x : p.places) std::printf("    %s:%u  %s\n", x.file.c_str(), x.line, x.kind.c_str());
}

nlohmann::ordered_json commit_json(const IdentCommit& c, const std::string& repo) {
  nlohmann::ordered_json j;
  j["oid"] = c.commit.is_zero() ? "" : c.commit.hex();
  j["exact"] = c.exact;
  j["searched"] = c.version + (c.prev.empty() ? "" : " (from " + c.prev + ")");
  if (!c.commit.is_zero()) {
    History::Summary s = History(Repo(repo)).summary(c.commit);
    j["date"] = date_of(s.date);
    j["subject"] = s.subject;
  }
  return j;
}

void print_commit(const IdentCommit& c, const std::string& repo) {
  if (c.prev.empty()) {
    std::printf("  commit   none searched: defined since %s, the oldest tag indexed\n", c.version.c_str());
    return;
  }
  if (c.commit.is_zero()) {
    std::printf("  commit   not found in %s..%s%s\n", c.prev.c_str(), c.version.c_str(),
                c.cut ? " (a shallow clone's boundary stopped the search)" : "");
    return;
  }
  History::Summary s = History(Repo(repo)).summary(c.commit);
  std::printf("  commit   %s (defined here, %s; searched %s..%s%s)\n           %s, %s: %s\n", c.commit.hex().c_str(),
              c.exact ? "at no parent" : "at a parent outside the range too", c.prev.c_str(), c.version.c_str(),
              c.stored ? ", stored" : "", date_of(s.date).c_str(), s.author.c_str(), s.subject.c_str());
}

//   6.1.y  backported at 6.1.187 (absent at 6.1.176): COMMIT "subject"; cites UPSTREAM (in v6.3)
void print_backports(const std::vector<SeriesCommit>& all, const std::string& repo) {
  for (const SeriesCommit& c : all) {
    std::string line = cat("  ", c.series, ".y  backported at ", c.version, " (absent at ", c.prev, "): ");
    if (!c.searched) line += "not searched yet (ksince index searches it)";
    else if (c.commit.empty()) line += "no commit found between the two";
    else {
      std::optional<Oid> id = Oid::from_hex(c.commit);
      line += c.commit + (id ? " \"" + History(Repo(repo)).summary(*id).subject + "\"" : "");
      if (!c.exact) line += " (a parent outside the range has it too)";
      if (!c.upstream.empty())
        line += "; cites " + c.upstream +
                (c.upstream_release.empty() ? " (not in this repository's releases)" : " (in " + c.upstream_release + ")");
    }
    std::printf("%s\n", line.c_str());
  }
}

// What show found about an identifier's definition (with --commit, its
// introducing commit and backports).
struct IdentShown {
  std::optional<IdentAnswer> answer;
  std::optional<IdentPlaces> places;
  std::optional<IdentCommit> found;
  std::vector<SeriesCommit> backports;

  nlohmann::ordered_json json(const std::string& path) const {
    nlohmann::ordered_json j = identifier_json(*answer);
    if (places) j["defined"]["places"] = places_json(*places);
    if (found) j["defined"]["commit"] = commit_json(*found, path);
    if (!backports.empty()) j["defined"]["backports"] = backports_json(backports);
    return j;
  }
  void print(const std::string& path, bool filtered) const {
    std::printf("%s\n", identifier_line(*answer).c_str());
    print_identifier_series(*answer, filtered);
    if (places) print_places(*places);
    if (found) print_commit(*found, path);
    print_backports(backports, path);
  }
};

IdentShown show_identifier(Store& store, const std::string& db, const std::string& path, const std::string& name,
                           const std::string& series, bool commit) {
  IdentShown out;
  out.answer = identifier_answer(store, name, series);
  if (out.answer && !out.answer->defined.present.empty()) {
    if (path.empty()) throw InputError("repo", cat(db, " does not record its repository: give --repo"));
    Repo r(path);
    out.places = definition_places(store, r, name, 10);
    if (commit) {
      Progress progress = Progress::for_stderr();
      out.found = ident_commit(db, r, name, progress);
      const std::string only = series.empty() ? "" : read_series(store, series).front().name;  // "6.1.y" is 6.1
      for (SeriesCommit& c : identifier_backports(db, r, name, progress))
        if (only.empty() || c.series == only) out.backports.push_back(std::move(c));
    }
  }
  if (commit && !out.found)
    std::fprintf(stderr, "ksince: %s is not defined at the newest tag indexed: no introducing commit to find\n",
                 name.c_str());
  return out;
}

// A pattern's evidence: its commit, where the commit has it, the range
// searched, and its answer and backport on each series.
void print_pattern(const Evidence& e, const std::vector<SeriesAnswer>& per,
                   const std::vector<SeriesCommit>& backports, const std::string& path, bool filtered) {
  const Feature& f = e.feature;
  std::printf("%s (group %s)\n", f.name.c_str(), f.group.c_str());
  if (f.version.empty()) {
    std::printf("  absent at the newest tag indexed\n");
    return;
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
  for (const auto& p : e.places) std::printf("  found    %s:%zu: %s\n", p.path.c_str(), p.line, p.text.c_str());
  print_series(per, filtered);
  print_backports(backports, path);
}

nlohmann::ordered_json pattern_json(Store& store, const Evidence& e, const std::vector<SeriesAnswer>& per,
                                    const std::vector<SeriesCommit>& backports) {
  nlohmann::ordered_json j = feature_json(store, e.feature);
  j["author"] = e.author;
  j["parents"] = e.parents;
  j["evidence_in"] = e.where;
  j["places"] = nlohmann::ordered_json::array();
  for (const auto& p : e.places) j["places"].push_back({{"path", p.path}, {"line", p.line}, {"text", p.text}});
  if (!per.empty()) {  // an index with series
    j["series"] = series_object(per);
    j["backports"] = backports_json(backports);
  }
  return j;
}

}  // namespace

int cmd_show(const std::vector<std::string>& args) {
  std::string db, name, repo, series;
  bool json = false, commit = false;
  po::options_description opts("show options");
  opts.add_options()("name", po::value(&name), "the name")("json", po::bool_switch(&json), "print JSON")
      ("repo", po::value(&repo), "the repository (default: the one the index records)")
      ("series", po::value(&series), "of the stable series, only this one (X.Y or X.Y.y); without it, every "
       "series where the name is present at some point")
      ("commit", po::bool_switch(&commit), "for an identifier: find the commit that introduced its definition, "
       "and on each series where it came in at a point the backport's (searched once, then stored)");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince show NAME [--db FILE] [--json] [--series X.Y] [--commit]",
             "  ksince show BPF_PROG_TYPE_XDP\n  ksince show --json bpf_loop\n"
             "  ksince show folio_put          (with index --identifiers: where it is defined)\n"
             "  ksince show bpf_loop --series 6.1   (an index with series: that series' answer and backport)\n"))
    return 0;
  if (name.empty()) throw UsageError("show needs a NAME");
  Store store(db, Store::Mode::ReadOnly);
  if (!series.empty()) read_series(store, series);  // an unknown series is an error before any search
  std::vector<Evidence> all = evidence_for(store, name);
  const std::string path = repo_of(store, repo);
  IdentShown ident = show_identifier(store, db, path, name, series, commit);
  if (all.empty() && ident.answer) {  // any identifier of the tree
    if (json) {
      nlohmann::ordered_json j = {{"name", name}, {"known", true}};
      j["identifier"] = ident.json(path);
      std::cout << nlohmann::ordered_json::array({j}).dump(2) << "\n";
    } else {
      ident.print(path, !series.empty());
    }
    return 0;
  }
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
    std::vector<SeriesAnswer> per = pattern_series_answers(store, e.feature.group, e.feature.name, series);
    std::vector<SeriesCommit> backports = pattern_backports(store, e.feature.group, e.feature.name, per, series);
    if (json) {
      nlohmann::ordered_json j = pattern_json(store, e, per, backports);
      if (ident.answer) j["identifier"] = ident.json(path);
      out.push_back(j);
    } else {
      print_pattern(e, per, backports, path, !series.empty());
    }
  }
  if (json) std::cout << out.dump(2) << "\n";
  else if (ident.answer) ident.print(path, !series.empty());
  return 0;
}

}  // namespace ksince::cli
