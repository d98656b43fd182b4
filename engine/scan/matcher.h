#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "scan/hs_handle.h"
#include "scan/word_bytes.h"
#include "store/patterns_file.h"
#include "scan/posix_regex.h"

namespace ksince {

// The version of what a match means, one for literal names and one for
// regexes. Bump one whenever a change of ksince can make a pattern of that
// kind match some blob differently: it is part of every key of that kind and
// of the run fingerprint, so an index made by an older ksince scans its blobs
// again (and searches the commits again) instead of keeping old answers.
struct MatchSemantics {
  int literal = 1;
  int regex = 2;  // 2: glibc decides every regex match, as in git grep
};
MatchSemantics match_semantics();
// For tests only: adds to the versions above, as a newer ksince would.
void bump_match_semantics_for_test(int literal, int regex);

// A MatchSpec's key, its identity in the index: two patterns with the same
// key share every cached scan result. It holds the semantics version of its kind.
std::string matcher_key(const MatchSpec& spec);

// All of a run's patterns in ONE Hyperscan database, matched exactly as
// `git grep -q -w -E` under LC_ALL=C decides. Literals are matched bare and
// their two neighbours checked in the callback (start = end - length): for a
// fixed string that is git's -w rule exactly. A regex goes in as a prefilter
// (ere.h) that proposes lines; glibc's regexec, with git's -w retry loop,
// decides each proposed line (posix_regex.h). A pattern with a regex that has
// no prefilter (back-references, \`, \') is read by the exact matcher alone,
// with git's look-ahead.
class Matcher {
 public:
  explicit Matcher(const std::vector<MatchSpec>& specs);

  size_t size() const { return count_; }

  // Per-thread scratch space; Hyperscan requires one per concurrent scan.
  HsScratch new_scratch() const;

  // Appends to `hits` the index of every spec that matches `data`, ascending.
  void scan(const char* data, size_t len, hs_scratch_t* scratch, std::vector<uint32_t>& hits) const;

 private:
  size_t count_ = 0;
  HsDatabase db_;
  HsScratch proto_;                         // cloned for each thread
  std::vector<uint32_t> expr_to_spec_;      // Hyperscan id -> spec index
  std::vector<uint32_t> literal_len_;       // 0 for a regex expression
  std::vector<std::unique_ptr<PosixRegex>> exact_;  // Hyperscan id -> git's matcher (regexes)
  struct ExactSpec {
    uint32_t spec;
    std::vector<std::unique_ptr<PosixRegex>> regexes;
  };
  std::vector<ExactSpec> exact_only_;       // patterns Hyperscan cannot prefilter
};


}  // namespace ksince
