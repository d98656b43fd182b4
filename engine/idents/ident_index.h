#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "repo/repo.h"
#include "repo/series_select.h"
#include "store/store.h"
#include "util/progress.h"

namespace ksince {

struct IdentReport {
  size_t blobs = 0;          // (blob, syntax) records the selected tags hold
  size_t blobs_read = 0;     // read by this run
  uint64_t bytes_read = 0;
  size_t names = 0;          // distinct identifiers the index knows
  size_t names_new = 0;      // first met by this run
  size_t answers_written = 0;  // identifiers whose answer changed
  size_t names_looked_up = 0;  // names of a few new blobs looked up one by one (0: every name loaded)
  size_t tags_appended = 0;    // tags added after the newest of their series (ident_append.h); 0: all read
  double seconds = 0;
  double read_seconds = 0;      // reading new blobs, storing their records and names
  double presence_seconds = 0;  // presence at every tag, from the records
  double save_seconds = 0;      // the answers that changed
};

// The identifier stage of an index run: every identifier of the files the
// pathspecs select, at every selected tag (newest first, as the run's), its
// presence as mentioned and as defined. Blobs are read once for the life of
// the index (each batch committed with the names it introduces, so a killed
// run keeps them); the answers are written in one transaction, and only the
// rows that differ from the stored ones.
// The series' points are read too: their presence is kept per series in
// each row (ident_answers.series).
// With `shapes`, the definitions' shapes too (facts/def_shapes.h), and the
// paths that hold each name's (docs/identifiers.md, "Shapes").
IdentReport index_identifiers(Store& store, const Repo& repo, const std::vector<TagInfo>& tags,
                              const std::vector<Series>& series, const std::vector<std::string>& files, bool shapes,
                              unsigned jobs, Progress& progress);

}  // namespace ksince
