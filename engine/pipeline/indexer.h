#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "idents/ident_index.h"
#include "facts/fact_index.h"
#include "util/progress.h"
#include "repo/tag_select.h"

namespace ksince {

struct IndexOptions {
  std::string repo;
  std::string patterns;
  std::string db = "ksince.db";
  unsigned jobs = 0;  // 0: one per core
  TagOrder order = TagOrder::Version;
  bool rc = false;  // also release candidates newer than the newest release
  bool facts = true;  // derive facts from the source too (extractors.h)
  bool identifiers = false;  // every identifier of the tree too (or the patterns file's `identifiers: true`)
  bool no_shapes = false;    // without the definitions' shapes (`history`, `compat` need them)
  std::vector<std::string> identifier_files;  // their pathspecs; empty: the patterns file's, else the default
  std::string series;  // the series regex (--series); empty: the patterns file's `series:`
};

struct IndexReport {
  bool up_to_date = false;  // nothing changed since the last run
  size_t tags = 0;             // releases (tags:)
  size_t series = 0;           // stable series (series:)
  size_t points = 0;           // their point releases
  size_t unplaced = 0;         // tags the series regex matched but could not place (warned)
  size_t patterns = 0;
  size_t blobs = 0;          // unique blobs under the pathspec at the selected tags
  size_t blobs_scanned = 0;  // read and scanned by this run
  uint64_t bytes_scanned = 0;
  size_t trees_read = 0;
  double seconds = 0;
  // Where the time went, by phase.
  double walk_seconds = 0;   // reading trees
  double scan_seconds = 0;   // reading and scanning blobs, storing results
  double save_seconds = 0;   // presence, versions, final transaction
  size_t commits_found = 0;    // introducing commits found by this run
  size_t commits_unfound = 0;  // searches a shallow or partial clone stopped (warned about)
  size_t commits_checked = 0;  // commits whose presence was computed for that
  double commit_seconds = 0;
  size_t backports_found = 0;  // commits that brought a pattern into a series
  double backport_seconds = 0;
  FactReport facts;            // the derived-fact side of the run
  bool identifiers = false;    // the identifier index was updated
  IdentReport idents;
  std::vector<std::string> warnings;  // about the inputs; the run went on
};

// patterns + repo -> scan -> store: computes every pattern's presence at every
// selected tag and its version, and stores them in the index. Everything is
// validated before the database is touched; results are written in one
// transaction, so an interrupted run leaves the previous answers intact and
// the next run picks up the blobs already scanned.
IndexReport run_index(const IndexOptions& options, Progress& progress);

}  // namespace ksince
