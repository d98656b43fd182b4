// The ksince command line: parses arguments, calls the library, prints.
// Exit status: 0 success, 1 a negative answer (an unknown name), 2 an error.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <memory>

#include "util/atomic_file.h"
#include "util/error.h"
#include "docs/index_check.h"
#include "docs/data_dir.h"
#include "docs/data_file_kind.h"
#include "docs/data_import.h"
#include "docs/docs_markers.h"
#include "docs/docs_render.h"
#include "docs/helper_data.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_store.h"
#include "commits/evidence.h"
#include "store/imported_facts.h"
#include "store/index_lock.h"
#include "store/status.h"
#include "docs/timeline.h"
#include "docs/data_export.h"
#include "facts/derived_facts.h"
#include "facts/helper_defs_export.h"
#include "docs/helpers_against_source.h"
#include "docs/kfuncs_against_source.h"
#include "docs/helpers_from_facts.h"
#include "docs/kfuncs_from_facts.h"
#include "store/read_answers.h"
#include "pipeline/indexer.h"
#include "store/store.h"
#include "pipeline/about.h"
#include "store/known_names.h"
#include "scan/name_in_repo.h"
#include "cli/man_roff.h"
#include "cli/terminal.h"
#include <sstream>

namespace po = boost::program_options;
using namespace ksince;

namespace {

constexpr int kNotFound = 1;
constexpr int kError = 2;

void suggest_names(Store& store, const std::string& name);

const char* kUsage = R"(ksince: since which release does a name exist in a git repository, and which
commit added it. Answers for thousands of names at once, kept in one SQLite file.

usage: ksince <command> [options]

commands:
  index    scan a repository's release tags for a patterns file's names
  query    print what the index knows about names
  show     the evidence for a name: commit, file and line, tag range
  export   write the data file (YAML or JSON) a docs build reads
  status   what is indexed: repository, tags, last run, pending work
  import   load a docs data file (feature-versions, helpers-functions, kfuncs) as facts
  check    validate the facts: versions, commits against the repository, markers
  docs     write the docs site's generated blocks (docs build, docs tags) and timeline
  version  print the versions of ksince, of its index schema and of its matching

Every command takes --db FILE (default: ksince.db in the current folder).
`ksince <command> --help` lists its options, with examples.

examples:
  ksince index --repo ~/src/linux --patterns patterns/ebpf.yaml
  ksince query BPF_PROG_TYPE_XDP bpf_loop
  ksince show BPF_PROG_TYPE_XDP
  ksince export --format yaml --out data/feature-versions.yaml
  ksince docs build --root ../ebpf-docs/docs
)";

std::string date_of(int64_t t) {
  char buf[32];
  std::time_t tt = static_cast<std::time_t>(t);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&tt));
  return buf;
}

bool provisional(const Feature& f) { return f.version.find("-rc") != std::string::npos; }

nlohmann::ordered_json feature_json(Store& store, const Feature& f) {
  Lifecycle l = lifecycle(store, f.group, f.name);
  return {{"name", f.name}, {"known", true}, {"group", f.group}, {"version", f.version},
          {"provisional", provisional(f)}, {"commit", f.commit}, {"commit_subject", f.commit_subject},
          {"commit_date", f.commit.empty() ? "" : date_of(f.commit_date)},
          {"commit_exact", f.commit_exact}, {"prev", f.prev}, {"first_seen", l.first_seen},
          {"removed_in", l.removed_in}, {"returned_in", l.returned_in},
          {"present", present_tags(store, f.group, f.name)}};
}

// NAME  VERSION  COMMIT DATE "SUBJECT"  (group G, prev P; removed in R, back in B)
std::string feature_line(Store& store, const Feature& f) {
  std::string s = f.name + "  " + (f.version.empty() ? "absent" : f.version);
  if (provisional(f)) s += " (provisional)";
  if (!f.commit.empty())
    s += "  " + f.commit.substr(0, 12) + " " + date_of(f.commit_date) + " \"" + f.commit_subject + "\"";
  s += "  (group " + f.group;
  if (!f.prev.empty()) s += ", prev " + f.prev;
  Lifecycle l = lifecycle(store, f.group, f.name);
  // Only worth saying when the simple story (version = first seen) is not all.
  if (!l.removed_in.empty() || (!l.first_seen.empty() && l.first_seen != f.version)) {
    s += "; first seen " + l.first_seen;
    for (const auto& t : l.removed_in) s += ", removed in " + t;
    for (const auto& t : l.returned_in) s += ", back in " + t;
  }
  return s + ")";
}

nlohmann::ordered_json derived_json(const DerivedAnswer& a) {
  return {{"kind", a.kind}, {"key", a.key}, {"version", a.version}, {"prev", a.prev}, {"commit", a.commit},
          {"commit_subject", a.commit_subject}, {"commit_date", a.commit.empty() ? "" : date_of(a.commit_date)},
          {"commit_exact", a.commit_exact}, {"at", a.at}, {"since", a.since}, {"until", a.until},
          {"attrs", a.attrs}, {"file", a.file}, {"line", a.line}, {"first_seen", a.lifecycle.first_seen},
          {"removed_in", a.lifecycle.removed_in}, {"returned_in", a.lifecycle.returned_in}, {"present", a.present}};
}

//   KIND KEY  since VERSION  COMMIT DATE "SUBJECT"  [FILE:LINE at TAG] (removed in R)
std::string derived_line(const DerivedAnswer& a) {
  std::string s = "  " + a.kind + " " + a.key + "  ";
  s += a.version.empty() ? "last seen " + a.at : "since " + a.version;
  if (!a.commit.empty())
    s += "  " + a.commit.substr(0, 12) + " " + date_of(a.commit_date) + " \"" + a.commit_subject + "\"";
  s += "  [" + a.file + ":" + std::to_string(a.line) + " at " + a.at + "]";
  if (!a.attrs.empty()) s += " " + a.attrs.dump();
  for (const auto& t : a.lifecycle.removed_in) s += " (removed in " + t + ")";
  return s;
}

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` against `opts`; prints help and returns false on --help.
bool parse(const std::vector<std::string>& args, po::options_description& opts,
           const po::positional_options_description* positional, po::variables_map& vm,
           const char* usage, const char* examples) {
  opts.add_options()("help,h", "show this help");
  try {
    po::command_line_parser p(args);
    p.options(opts);
    if (positional) p.positional(*positional);
    po::store(p.run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << opts << "\nexamples:\n" << examples;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

void add_db(po::options_description& opts, std::string& db) {
  opts.add_options()("db", po::value(&db)->default_value("ksince.db"), "the index file");
}

// --quiet and --verbose of the long commands (index, docs build).
void add_quiet_verbose(po::options_description& opts, bool& quiet, bool& verbose) {
  opts.add_options()("quiet,q", po::bool_switch(&quiet), "print only warnings and errors: no summary, no progress")
      ("verbose,v", po::bool_switch(&verbose), "also print where the time went and what was written");
}

// index --verbose: each phase's time and work.
void print_index_phases(const IndexOptions& o, const IndexReport& r) {
  std::printf("index %s: repository %s, patterns %s\n", o.db.c_str(), o.repo.c_str(), o.patterns.c_str());
  std::printf("  names: walk %.2f s (%zu trees), scan %.2f s (%zu of %zu blobs, %.1f MB), save %.2f s, "
              "commits %.2f s (%zu checked)\n",
              r.walk_seconds, r.trees_read, r.scan_seconds, r.blobs_scanned, r.blobs, r.bytes_scanned / 1e6,
              r.save_seconds, r.commit_seconds, r.commits_checked);
  if (o.facts)
    std::printf("  facts: %s, %.2f s (%zu of %zu blobs scanned, %zu parsed), commits %.2f s (%zu checked)\n",
                r.facts.up_to_date ? "up to date" : "derived", r.facts.seconds, r.facts.blobs_scanned, r.facts.blobs,
                r.facts.blobs_extracted, r.facts.commit_seconds, r.facts.commits_checked);
}

int cmd_index(const std::vector<std::string>& args) {
  IndexOptions o;
  std::string order = "version";
  bool json = false;
  po::options_description opts("index options");
  opts.add_options()
      ("repo", po::value(&o.repo)->required(), "the git repository to scan (a clone or bare repo)")
      ("patterns", po::value(&o.patterns)->required(), "the patterns file (YAML)")
      ("jobs,j", po::value(&o.jobs)->default_value(0), "threads (0: one per core)")
      ("tag-order", po::value(&order)->default_value("version"),
       "version: v4.9 < v4.10 < v5.0; date: the reference's creation-date order")
      ("rc", po::bool_switch(&o.rc), "also index release candidates newer than the newest release")
      ("no-facts", "do not derive facts (helpers, program and map types, ...) from the source")
      ("json", po::bool_switch(&json), "print the run's summary as JSON");
  bool quiet = false, verbose = false;
  add_quiet_verbose(opts, quiet, verbose);
  add_db(opts, o.db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince index --repo PATH --patterns FILE [--db FILE]",
             "  ksince index --repo ~/src/linux --patterns patterns/ebpf.yaml\n"
             "  ksince index --repo linux.git --patterns p.yaml --db ebpf.db --tag-order date\n"))
    return 0;
  o.facts = !vm.count("no-facts");
  if (order == "version") o.order = TagOrder::Version;
  else if (order == "date") o.order = TagOrder::Date;
  else throw UsageError("--tag-order must be 'version' or 'date', not '" + order + "'");

  Progress progress = quiet ? Progress(false) : Progress::for_stderr();
  IndexReport r = run_index(o, progress);
  if (quiet && !json) {  // warnings only
    for (const std::string& w : r.warnings) std::fprintf(stderr, "ksince: warning: %s\n", w.c_str());
    for (const std::string& u : r.facts.newest_unknowns)
      std::fprintf(stderr, "ksince: warning: %s: not understood; its facts are unknown\n", u.c_str());
    return 0;
  }
  for (const std::string& w : r.warnings) std::fprintf(stderr, "ksince: warning: %s\n", w.c_str());
  if (json) {
    std::cout << nlohmann::json{{"up_to_date", r.up_to_date}, {"tags", r.tags}, {"patterns", r.patterns},
                                {"blobs", r.blobs}, {"blobs_scanned", r.blobs_scanned},
                                {"bytes_scanned", r.bytes_scanned}, {"trees_read", r.trees_read},
                                {"seconds", r.seconds}, {"walk_seconds", r.walk_seconds},
                                {"scan_seconds", r.scan_seconds}, {"save_seconds", r.save_seconds},
                                {"commits_found", r.commits_found}, {"commits_unfound", r.commits_unfound},
                                {"commits_checked", r.commits_checked},
                                {"commit_seconds", r.commit_seconds},
                                {"facts", {{"up_to_date", r.facts.up_to_date}, {"facts", r.facts.facts},
                                           {"unknowns", r.facts.unknowns}, {"blobs", r.facts.blobs},
                                           {"blobs_scanned", r.facts.blobs_scanned},
                                           {"blobs_extracted", r.facts.blobs_extracted},
                                           {"seconds", r.facts.seconds}, {"commits_found", r.facts.commits_found},
                                           {"commits_unfound", r.facts.commits_unfound},
                                           {"commits_checked", r.facts.commits_checked},
                                           {"commit_seconds", r.facts.commit_seconds}}}}.dump()
              << "\n";
  } else if (r.up_to_date) {
    std::printf("%s is up to date: %zu tags, %zu patterns (%.2f s)\n", o.db.c_str(), r.tags, r.patterns,
                r.seconds);
  } else {
    std::printf("indexed %zu tags, %zu patterns: %zu blobs, %zu scanned (%.1f MB), %zu trees read, %.2f s\n",
                r.tags, r.patterns, r.blobs, r.blobs_scanned, r.bytes_scanned / 1e6, r.trees_read, r.seconds);
  }
  if (!json && r.commits_found) {
    std::printf("found %zu introducing commits, %zu commits checked, %.2f s\n", r.commits_found,
                r.commits_checked, r.commit_seconds);
  }
  // What the extractors could not read: recorded, and said.
  for (const std::string& u : r.facts.newest_unknowns)
    std::fprintf(stderr, "ksince: warning: %s: not understood; its facts are unknown\n", u.c_str());
  if (!json && !r.facts.up_to_date && o.facts) {
    std::printf("derived %zu facts from the source (%zu blobs parsed, %zu unreadable constructs), %.2f s\n",
                r.facts.facts, r.facts.blobs_extracted, r.facts.unknowns, r.facts.seconds);
  }
  if (!json && r.facts.commits_found) {
    std::printf("found %zu introducing commits of facts, %zu commits checked, %.2f s\n", r.facts.commits_found,
                r.facts.commits_checked, r.facts.commit_seconds);
  }
  if (verbose && !json) print_index_phases(o, r);
  return 0;
}

// `query TYPE --helpers`: the helpers a program type (prog_helper facts) or
// a map type (map_helper facts) has at a tag; `--kfuncs`: its kfuncs.
int query_pairs(Store& store, const std::vector<std::string>& names, const std::string& at, bool json,
                const std::vector<std::string>& kinds, const std::string& what) {
  std::optional<std::string> tag;
  if (!at.empty()) tag = at;
  int status = 0;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const std::string& name : names) {
    std::vector<DerivedAnswer> found;
    for (const std::string& kind : kinds) {
      auto some = derived_facts(store, kind, tag, name);
      found.insert(found.end(), some.begin(), some.end());
    }
    if (found.empty()) {
      status = kNotFound;
      if (json) out.push_back({{"name", name}, {"known", false}});
      else std::fprintf(stderr, "ksince: %s: no %s derived for it%s\n", name.c_str(), what.c_str(),
                        at.empty() ? "" : (" at " + at).c_str());
      continue;
    }
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    if (!json) std::printf("%s: %zu %s at %s\n", name.c_str(), found.size(), what.c_str(), found[0].at.c_str());
    for (const DerivedAnswer& a : found) {
      std::string helper = a.key.substr(a.key.find(' ') + 1);
      if (json) {
        nlohmann::ordered_json j = derived_json(a);
        j[what == "helpers" ? "helper" : "kfunc"] = helper;
        list.push_back(j);
      } else {
        std::string line = "  " + helper + "  since " + a.since;
        if (!a.commit.empty() && a.since == a.version) line += " " + a.commit.substr(0, 12);
        if (!a.until.empty()) line += "  until " + a.until;
        if (!a.attrs.empty()) line += "  " + a.attrs.dump();
        std::printf("%s\n", line.c_str());
      }
    }
    if (json) out.push_back({{"name", name}, {"known", true}, {"at", found[0].at}, {what, list}});
  }
  if (json) std::cout << out.dump(2) << "\n";
  return status;
}

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
  if (helpers) return query_pairs(store, names, at, json, {"prog_helper", "map_helper"}, "helpers");
  if (kfuncs) return query_pairs(store, names, at, json, {"prog_kfunc"}, "kfuncs");
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
        suggest_names(store, name);
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
    suggest_names(store, name);
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

int cmd_status(const std::vector<std::string>& args) {
  std::string db;
  bool json = false;
  po::options_description opts("status options");
  opts.add_options()("json", po::bool_switch(&json), "print JSON");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince status [--db FILE] [--json]",
             "  ksince status --db ebpf.db\n  ksince status --json | jq .pending_commits\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  IndexStatus st = read_status(store);
  const char* pstate[] = {"unknown", "unchanged since the last index",
                          "CHANGED since the last index: run ksince index", "MISSING"};
  const char* patterns_state = pstate[static_cast<int>(st.patterns_state)];
  for (const std::string& w : st.repo_warnings) std::fprintf(stderr, "ksince: warning: %s\n", w.c_str());
  if (json) {
    std::cout << nlohmann::ordered_json{
        {"db", db}, {"schema_version", st.schema_version}, {"repo", st.repo}, {"repo_head", st.repo_head},
        {"repo_head_ref", st.repo_head_ref}, {"tags", st.tags}, {"patterns", st.patterns},
        {"with_version", st.with_version}, {"with_commit", st.with_commit},
        {"pending_commits", st.pending_commits}, {"blobs_cached", st.blobs_cached}, {"runs", st.runs},
        {"last_run", st.last_started}, {"last_run_seconds", st.last_seconds},
        {"last_run_blobs_scanned", st.last_blobs_scanned}, {"last_run_bytes_scanned", st.last_bytes_scanned},
        {"patterns_file", st.patterns_file},
        {"patterns_file_state", st.patterns_state == IndexStatus::PatternsFile::Same ? "same"
                                : st.patterns_state == IndexStatus::PatternsFile::Changed ? "changed"
                                : st.patterns_state == IndexStatus::PatternsFile::Missing ? "missing" : "unknown"}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::printf("index       %s (schema %d)\n", db.c_str(), st.schema_version);
  std::printf("repository  %s\n", st.repo.empty() ? "(none yet)" : st.repo.c_str());
  if (!st.repo_head.empty()) std::printf("HEAD        %s %s\n", st.repo_head.c_str(), st.repo_head_ref.c_str());
  std::printf("tags        %zu", st.tags.size());
  if (!st.tags.empty()) std::printf(", %s .. %s", st.tags.back().c_str(), st.tags.front().c_str());
  std::printf("\npatterns    %zu: %zu with a version, %zu with a commit, %zu commits pending\n", st.patterns,
              st.with_version, st.with_commit, st.pending_commits);
  std::printf("patterns    %s: %s\n", st.patterns_file.c_str(), patterns_state);
  if (st.runs) {
    char when[64];
    std::time_t t = static_cast<std::time_t>(st.last_started);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
    std::printf("last run    %s, %.2f s, %zu blobs scanned (%.1f MB); %zu runs in all\n", when, st.last_seconds,
                st.last_blobs_scanned, st.last_bytes_scanned / 1e6, st.runs);
  }
  std::printf("cache       %zu blobs\n", st.blobs_cached);
  return st.pending_commits || st.patterns_state != IndexStatus::PatternsFile::Same ? kNotFound : 0;
}

void print_notes(const std::vector<BuildNote>& notes) {
  for (const BuildNote& n : notes) {
    if (n.file.empty()) std::fprintf(stderr, "note: %s\n", n.message.c_str());
    else if (n.line) std::fprintf(stderr, "%s:%zu: warning: %s\n", n.file.c_str(), n.line, n.message.c_str());
    else std::fprintf(stderr, "%s: warning: %s\n", n.file.c_str(), n.message.c_str());
  }
}

int cmd_import(const std::vector<std::string>& args) {
  std::string db, file, prefer;
  po::options_description opts("import options");
  opts.add_options()("file", po::value(&file), "the data file (YAML)")
      ("prefer", po::value(&prefer), "where imported and computed facts disagree: imported (default) or computed");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince import FILE [--prefer imported|computed] [--db FILE]",
             "  ksince import ../ebpf-docs/data/feature-versions.yaml\n"
             "  ksince import --prefer computed data/feature-versions.yaml\n"))
    return 0;
  if (file.empty()) throw UsageError("import needs a FILE");
  if (!prefer.empty() && prefer != "imported" && prefer != "computed")
    throw UsageError("--prefer must be 'imported' or 'computed', not '" + prefer + "'");
  switch (data_file_kind(file)) {
    case DataFileKind::FeatureVersions: break;  // below
    case DataFileKind::HelpersFunctions:
    case DataFileKind::Kfuncs: {
      if (!prefer.empty()) throw UsageError("--prefer applies to feature-versions files only");
      DataFileKind kind = data_file_kind(file);
      DataImport r = import_docs_data(db, file, kind);
      std::printf("imported %s data from %s: %s\n", data_file_kind_name(kind), file.c_str(), r.summary.c_str());
      if (!r.replaced.empty())
        std::printf("replaced the earlier %s import (from %s)\n", data_file_kind_name(kind), r.replaced.c_str());
      print_notes(r.findings);
      return 0;
    }
  }
  std::vector<std::string> groups;
  std::vector<ImportedFact> facts = parse_data_file(file, &groups);  // before anything is written
  IndexLock lock(db);
  Store store(db, Store::Mode::Create);
  std::string replaced = store.meta("imported_from").value_or("");
  store_imported(store, facts, file, groups);
  if (!prefer.empty()) set_preference(store, prefer == "computed" ? Prefer::Computed : Prefer::Imported);
  std::vector<Disagreement> d = disagreements(store);
  std::printf("imported %zu facts from %s; %zu disagree with computed facts (%s preferred)\n", facts.size(),
              file.c_str(), d.size(), preference(store) == Prefer::Computed ? "computed" : "imported");
  for (const Disagreement& x : d)
    std::printf("  %s/%s: imported %s %s (line %d), computed %s %s\n", x.imported.group.c_str(),
                x.imported.name.c_str(), x.imported.version.c_str(), x.imported.commit.substr(0, 12).c_str(),
                x.imported.line, x.computed.version.c_str(), x.computed.commit.substr(0, 12).c_str());
  if (!replaced.empty()) std::printf("replaced the earlier feature-versions import (from %s)\n", replaced.c_str());
  return 0;
}

int cmd_check(const std::vector<std::string>& args) {
  std::string db, docs, against, at;
  po::options_description opts("check options");
  opts.add_options()("docs", po::value(&docs), "also check the page markers below this folder")
      ("against", po::value(&against),
       "compare a hand-kept helpers-functions.yaml or kfuncs.yaml with the facts derived from the source")
      ("at", po::value(&at), "with --against: the derived facts at this tag (default: the newest)");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince check [--docs DIR] [--against FILE [--at TAG]] [--db FILE]",
             "  ksince check\n  ksince check --docs ../ebpf-docs/docs\n"
             "  ksince check --against ../ebpf-docs/data/helpers-functions.yaml --at v6.12\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  if (!against.empty()) {
    std::optional<std::string> tag;
    if (!at.empty()) tag = at;
    std::vector<HelperDisagreement> found;
    DataFileKind kind = data_file_kind(against);
    if (kind == DataFileKind::HelpersFunctions)
      found = check_helpers_against(store, parse_helpers_file(against), tag);
    else if (kind == DataFileKind::Kfuncs)
      found = check_kfuncs_against(store, parse_kfuncs_file(against), load_kfunc_gen_tables(find_data_dir()), tag);
    else
      throw Error(against + ": --against takes a helpers-functions.yaml or a kfuncs.yaml, not a " +
                  data_file_kind_name(kind) + " file");
    for (const HelperDisagreement& d : found)
      std::printf("%s:%zu: %s%s\n", d.where.file.c_str(), d.where.line, d.where.message.c_str(),
                  d.evidence.empty() ? "" : (" [" + d.evidence + "]").c_str());
    std::printf("%zu disagreements\n", found.size());
    return found.empty() ? 0 : kNotFound;
  }
  if (!at.empty()) throw UsageError("--at goes with --against");
  size_t errors = 0;
  for (const Finding& f : check_facts(store, docs)) {
    errors += f.error;
    std::printf("%s: %s\n", paint(f.error ? "1;31" : "1;33", f.error ? "error" : "warning", colour_on(1)).c_str(),
                f.message.c_str());
  }
  for (const BuildNote& n : check_docs_data(db, docs))
    std::printf("warning: %s:%zu: %s\n", n.file.c_str(), n.line, n.message.c_str());
  return errors ? kNotFound : 0;
}

// docs build --verbose: the blocks rendered by kind, and every page rewritten.
void print_docs_build_details(const DocsBuildReport& r) {
  for (const auto& [kind, n] : r.result.pairs_rendered) std::printf("  %zu %s blocks\n", n, kind.c_str());
  for (const std::string& f : r.result.changed) std::printf("  rewrote %s\n", f.c_str());
}

int docs_build(const std::vector<std::string>& args) {
  std::string db;
  DocsBuildOptions o;
  po::options_description opts("docs build options");
  opts.add_options()("root", po::value(&o.root)->required(), "the site's docs/ folder; every *.md below it")
      ("libbpf", po::value(&o.libbpf_repo), "a libbpf git repository (for HELPER_FUNC_DEF and LIBBPF_TAG)")
      ("libbpf-ref", po::value(&o.libbpf_ref), "the libbpf commit the site pins (tools/libbpf-ref)")
      ("btf", po::value(&o.btf), "a raw BTF file (for the KFUNC_DEF signatures)")
      ("btf-missing", po::value(&o.btf_missing)->default_value("error"),
       "error: refuse when data and BTF disagree; keep: keep such pages' signatures")
      ("helper-defs-from-index", po::bool_switch(&o.helper_defs_from_index),
       "HELPER_FUNC_DEF from the indexed kernel's uapi bpf.h instead of libbpf's bpf_helper_defs.h")
      ("helper-defs-at", po::value(&o.helper_defs_at), "with --helper-defs-from-index: at this tag (default: newest)")
      ("check", po::bool_switch(&o.check_only), "change nothing; list the pages that would change, exit 1 if any")
      ("from", po::value(&o.from), "helper and kfunc data: imported (the site's files) or derived (from the source)")
      ("at", po::value(&o.at), "with --from derived: the facts at this tag (default: the newest)")
      ("data-dir", po::value(&o.data_dir), "ksince's data/ folder (kfunc-gen.yaml, program-types.yaml); found by default");
  bool quiet = false, verbose = false;
  add_quiet_verbose(opts, quiet, verbose);
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm,
             "usage: ksince docs build --root DOCS [--libbpf REPO --libbpf-ref REF] [--btf FILE "
             "[--btf-missing error|keep]] [--check] [--db FILE]",
             "  ksince docs build --root ../ebpf-docs/docs\n"
             "  ksince docs build --root docs --libbpf ~/src/libbpf --libbpf-ref $(cat tools/libbpf-ref) --check\n"))
    return 0;
  if (vm.count("btf-missing") && !vm["btf-missing"].defaulted() && o.btf.empty())
    throw UsageError("--btf-missing needs --btf");
  Store store(db, Store::Mode::ReadOnly);
  Progress progress = quiet ? Progress(false) : Progress::for_stderr();
  DocsBuildReport r = run_docs_build(store, o, progress);
  print_notes(r.notes);
  if (o.check_only) {
    for (const std::string& f : r.result.changed) std::printf("%s\n", f.c_str());
    return r.result.changed.empty() ? 0 : kNotFound;
  }
  if (quiet) return 0;
  size_t pairs = 0;
  for (const auto& [k, n] : r.result.pairs_rendered) pairs += n;
  std::printf("%zu blocks rendered in %zu pages; %zu pages rewritten\n", pairs, r.result.pages,
              r.result.changed.size());
  if (verbose) print_docs_build_details(r);
  return 0;
}

int cmd_docs(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: ksince docs build --root DOCS [--libbpf REPO --libbpf-ref REF] [--btf FILE] [--check]\n"
                 "       ksince docs tags --root DIR [--check] [--db FILE]\n"
                 "       ksince docs timeline --out FILE [--db FILE]\n\n"
                 "  build     write every generated block of the site (FEATURE_TAG and the helper,\n"
                 "            kfunc and libbpf blocks) in one pass over DOCS\n"
                 "  tags      rewrite the FEATURE_TAG markers of every *.md below DIR\n"
                 "  timeline  write the timeline page, versions oldest first\n\n"
                 "`ksince docs build --help`, `docs tags --help` and `docs timeline --help` list the options.\n";
    return 0;
  }
  if (!args.empty() && args[0] == "build") return docs_build({args.begin() + 1, args.end()});
  if (args.empty() || (args[0] != "tags" && args[0] != "timeline"))
    throw UsageError("docs needs a subcommand: build, tags or timeline");
  std::string what = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::string db, root, out;
  bool check = false;
  po::options_description opts("docs options");
  if (what == "tags")
    opts.add_options()("root", po::value(&root)->required(), "the docs folder; every *.md below it")
        ("check", po::bool_switch(&check), "change nothing; list the files that would change, exit 1 if any");
  else
    opts.add_options()("out", po::value(&out)->required(), "the timeline page to write");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(rest, opts, nullptr, vm, "usage: ksince docs tags --root DIR [--check] | docs timeline --out FILE",
             "  ksince docs tags --root ../ebpf-docs/docs\n  ksince docs tags --root docs --check\n"
             "  ksince docs timeline --out ../ebpf-docs/docs/linux/timeline/index.md\n"))
    return 0;
  Store store(db, Store::Mode::ReadOnly);
  if (what == "timeline") {
    std::vector<TimelineEntry> entries;
    for (const Feature& f : merged_facts(store)) entries.push_back({f.group, f.name, f.version, f.commit});
    write_file_atomic(out, render_timeline(entries));
    std::printf("wrote %s\n", out.c_str());
    return 0;
  }
  TreeResult r = rewrite_tree(root, feature_tag_facts(store), check);
  for (const MarkerWarning& w : r.warnings)
    std::fprintf(stderr, "%s:%zu: warning: %s\n", w.file.c_str(), w.line, w.message.c_str());
  if (check) {
    for (const std::string& f : r.changed) std::printf("%s\n", f.c_str());
    return r.changed.empty() ? 0 : kNotFound;
  }
  std::printf("%zu markers in %zu files; %zu files rewritten\n", r.markers, r.files, r.changed.size());
  return 0;
}

int cmd_export(const std::vector<std::string>& args) {
  std::string db, format = "yaml", out, at;
  ExportRequest request;
  po::options_description opts("export options");
  opts.add_options()("format", po::value(&format)->default_value("yaml"),
                     "yaml or json (the feature-versions file), helpers-functions, kfuncs, or bpf-helper-defs "
                     "(libbpf's header, written from the indexed uapi bpf.h)")
      ("from", po::value(&request.from),
       "helpers-functions and kfuncs: imported or derived (default: the imported file where the index holds one, "
       "else the facts derived from the source); yaml and json: one side instead of the merged facts")
      ("at", po::value(&at), "derived facts as of this tag (default: the newest tag of the last index run)")
      ("out,o", po::value(&out), "write here (atomically) instead of to stdout");
  add_db(opts, db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince export [--format yaml|json|helpers-functions|kfuncs|bpf-helper-defs] [--from imported|derived] "
             "[--at TAG] [--out FILE] [--db FILE]",
             "  ksince export --format yaml --out data/feature-versions.yaml\n"
             "  ksince export --format json | jq '.[0].features[0]'\n"
             "  ksince export --format helpers-functions --from derived --at v6.12\n"
             "  ksince export --format bpf-helper-defs --at v6.12 --out bpf_helper_defs.h\n"))
    return 0;
  request.format = parse_data_format(format);
  if (!at.empty()) request.at = at;
  Store store(db, Store::Mode::ReadOnly);
  ExportResult r = export_data(store, request);
  print_notes(r.notes);
  if (out.empty()) std::cout << r.text;
  else write_file_atomic(out, r.text);
  return 0;
}

// `ksince version`, and --version anywhere: the release and the versions an
// existing index is judged by.
int cmd_version() {
  std::cout << version_report(KSINCE_VERSION);
  return 0;
}

// Hidden, for the shell completions: the indexed names starting with PREFIX,
// one a line. Quiet on any error (a missing index completes nothing).
int cmd_complete_names(const std::vector<std::string>& args) {
  std::string db = "ksince.db", prefix;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--db" && i + 1 < args.size()) db = args[++i];
    else if (args[i].rfind("--db=", 0) == 0) db = args[i].substr(5);
    else prefix = args[i];
  }
  try {
    Store store(db, Store::Mode::ReadOnly);
    for (const std::string& n : names_with_prefix(store, prefix, 500)) std::printf("%s\n", n.c_str());
  } catch (const std::exception&) {
  }
  return 0;
}

// For an unknown name: the nearest names the index knows, on stderr.
void suggest_names(Store& store, const std::string& name) {
  std::vector<std::string> near = nearest_names(store, name, 3);
  std::string list;
  for (size_t i = 0; i < near.size(); i++) list += (i ? (i + 1 == near.size() ? " or " : ", ") : "") + near[i];
  if (!near.empty()) std::fprintf(stderr, "ksince: did you mean %s?\n", list.c_str());
  // Not indexed, but maybe in the repository: say where, and how to add it.
  std::optional<RepoPlace> place;
  try {
    place = find_name_in_repo(store, name);
  } catch (const std::exception&) {
    return;  // no readable repository: the suggestions above are all we have
  }
  std::string patterns = store.meta("patterns_file").value_or("the patterns file");
  if (place)
    std::fprintf(stderr,
                 "ksince: %s is in the repository (%s:%zu at %s) but not in %s; to index it, add\n"
                 "          - name: %s\n        to a group's patterns there and run `ksince index` again\n",
                 name.c_str(), place->path.c_str(), place->line, place->tag.c_str(), patterns.c_str(), name.c_str());
  else if (near.empty())
    std::fprintf(stderr, "ksince: %s is not in the repository's files either (as a word, at its newest tag indexed)\n",
                 name.c_str());
}

int run_command(std::vector<std::string> args);

// Hidden, for the build: the man page of `ksince WORDS...`, rendered from the
// text `ksince WORDS... --help` prints.
int cmd_man(const std::vector<std::string>& words) {
  auto help_of = [](std::vector<std::string> a) {
    std::ostringstream text;
    std::streambuf* old = std::cout.rdbuf(text.rdbuf());
    a.push_back("--help");
    run_command(a);
    std::cout.rdbuf(old);
    return text.str();
  };
  ManPage page;
  page.release = std::string("ksince ") + KSINCE_VERSION;
  page.help = help_of(words);
  page.name = "ksince";
  for (const std::string& w : words) page.name += "-" + w;
  if (words.empty()) {
    page.summary = "since which release a name exists in a git repository, and which commit added it";
    page.see_also = "\\fBksince\\-patterns\\fR(5)";
    for (const char* c : {"index", "query", "show", "export", "status", "import", "check", "docs"})
      page.see_also += std::string(",\n\\fBksince\\-") + c + "\\fR(1)";
  } else {
    std::vector<std::string> parent(words.begin(), words.end() - 1);
    page.summary = help_item(help_of(parent), words.back());
    if (page.summary.empty()) page.summary = "the ksince " + words.back() + " command";
    page.see_also = "\\fBksince\\fR(1)";
    if (words[0] == "index") page.see_also += ", \\fBksince\\-patterns\\fR(5)";
  }
  std::cout << render_man_page(page);
  return 0;
}

// What a command printed must have reached its reader: a full disk or a
// closed file behind stdout is an error, not a silently short data file.
int stdout_checked(int status) {
  errno = 0;
  std::cout.flush();
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return status;
  std::fprintf(stderr, "ksince: error: writing to standard output failed: %s; the output is incomplete\n",
               errno ? std::strerror(errno) : "write error");
  return kError;
}

int run_command(std::vector<std::string> args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? kError : 0;
  }
  if (args[0] == "--version" || args[0] == "version" ||
      std::find(args.begin(), args.end(), std::string("--version")) != args.end())
    return cmd_version();
  if (args[0] == "__complete-names") return cmd_complete_names({args.begin() + 1, args.end()});
  if (args[0] == "__man") return cmd_man({args.begin() + 1, args.end()});
  std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "index") return cmd_index(args);
    if (cmd == "query") return cmd_query(args);
    if (cmd == "export") return cmd_export(args);
    if (cmd == "show") return cmd_show(args);
    if (cmd == "status") return cmd_status(args);
    if (cmd == "import") return cmd_import(args);
    if (cmd == "check") return cmd_check(args);
    if (cmd == "docs") return cmd_docs(args);
    std::fprintf(stderr, "ksince: unknown command '%s'; see `ksince --help`\n", cmd.c_str());
    return kError;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "ksince %s: %s; see `ksince %s --help`\n", cmd.c_str(), e.what(), cmd.c_str());
    return kError;
  } catch (const InputError& e) {  // the library names the option; its flag is --OPTION
    std::fprintf(stderr, "ksince %s: --%s: %s; see `ksince %s --help`\n", cmd.c_str(), e.option().c_str(), e.what(),
                 cmd.c_str());
    return kError;
  } catch (const Error& e) {
    std::fprintf(stderr, "ksince: %s %s\n", paint("1;31", "error:", colour_on(2)).c_str(), e.what());
    return kError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ksince: internal error: %s\n", e.what());
    return kError;
  }
}

}  // namespace

int main(int argc, char** argv) { return stdout_checked(run_command({argv + 1, argv + argc})); }
