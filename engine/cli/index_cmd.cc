// `ksince index`: scan a repository's tags for a patterns file's names (and
// derive facts from the source), then say what the run did.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "pipeline/indexer.h"
#include "util/error.h"
#include "util/progress.h"

namespace ksince::cli {

namespace {

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

nlohmann::json identifiers_json(const IndexReport& r) {
  if (!r.identifiers) return nullptr;
  return {{"names", r.idents.names}, {"names_new", r.idents.names_new}, {"blobs", r.idents.blobs},
          {"blobs_read", r.idents.blobs_read}, {"bytes_read", r.idents.bytes_read},
          {"answers_written", r.idents.answers_written}, {"seconds", r.idents.seconds},
          {"read_seconds", r.idents.read_seconds}, {"presence_seconds", r.idents.presence_seconds},
          {"save_seconds", r.idents.save_seconds}, {"tags_appended", r.idents.tags_appended},
          {"names_looked_up", r.idents.names_looked_up}};
}

}  // namespace

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
      ("identifiers", po::bool_switch(&o.identifiers),
       "index every identifier of the tree too (as the patterns file's 'identifiers: true')")
      ("no-shapes", po::bool_switch(&o.no_shapes),
       "index identifiers without their definitions' shapes (no `history`; a smaller, faster index)")
      ("identifier-files", po::value(&o.identifier_files)->multitoken(),
       "the identifier index's files, as git pathspecs (default: C, headers, assembly, Kconfig, Makefiles, "
       "Kbuild, device trees; not tools/ or samples/)")
      ("series", po::value(&o.series),
       "also the point releases of stable series: a regex with named groups series and point (and revision), "
       "e.g. '^v(?<series>\\d+\\.\\d+)\\.(?<point>\\d+)$' (as the patterns file's 'series:'; docs/series.md)")
      ("json", po::bool_switch(&json), "print the run's summary as JSON");
  bool quiet = false, verbose = false;
  add_quiet_verbose(opts, quiet, verbose);
  add_db(opts, o.db);
  po::variables_map vm;
  if (!parse(args, opts, nullptr, vm, "usage: ksince index --repo PATH --patterns FILE [--db FILE]",
             "  ksince index --repo ~/src/linux --patterns patterns/ebpf.yaml\n"
             "  ksince index --repo linux.git --patterns p.yaml --db ebpf.db --tag-order date\n"
             "  ksince index --repo linux.git --patterns patterns/ebpf.yaml --identifiers\n"
             "  ksince index --repo linux-stable.git --patterns p.yaml --series '^v(?<series>\\d+\\.\\d+)\\.(?<point>\\d+)$'\n"))
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
    nlohmann::json j{{"up_to_date", r.up_to_date}, {"tags", r.tags}, {"patterns", r.patterns},
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
                                           {"commit_seconds", r.facts.commit_seconds}}},
                                {"identifiers", identifiers_json(r)}};
    if (r.series || r.unplaced) {  // an index without series reports what it always did
      j["series"] = r.series;
      j["points"] = r.points;
      j["unplaced"] = r.unplaced;
    }
    std::cout << j.dump() << "\n";
  } else if (r.up_to_date) {
    std::printf("%s is up to date: %zu tags, %zu patterns (%.2f s)\n", o.db.c_str(), r.tags, r.patterns,
                r.seconds);
  } else {
    std::printf("indexed %zu tags, %zu patterns: %zu blobs, %zu scanned (%.1f MB), %zu trees read, %.2f s\n",
                r.tags, r.patterns, r.blobs, r.blobs_scanned, r.bytes_scanned / 1e6, r.trees_read, r.seconds);
  }
  if (!json && r.series)
    std::printf("series: %zu, with %zu points%s\n", r.series, r.points,
                r.unplaced ? cat(" (", r.unplaced, " tags the series regex could not place)").c_str() : "");
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
  if (!json && r.identifiers) {
    std::printf("identifiers: %zu names, %zu of %zu files read (%.1f MB), %zu new names, %zu answers changed, %.2f s\n",
                r.idents.names, r.idents.blobs_read, r.idents.blobs, r.idents.bytes_read / 1e6, r.idents.names_new,
                r.idents.answers_written, r.idents.seconds);
    if (r.idents.tags_appended)
      std::printf("identifiers: %zu tags added after the newest of their series or releases; only their trees read\n",
                  r.idents.tags_appended);
  }
  if (verbose && !json) print_index_phases(o, r);
  return 0;
}

}  // namespace ksince::cli
