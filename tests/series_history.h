#pragma once
// A kernel-like history with stable series, made with the git CLI: mainline
// releases v1.0..v1.N, each change a file that defines a function (or a
// member of the uapi enum bpf_prog_type); a branch linux-1.K.y forked at
// each of the first releases, whose points v1.K.P carry backports of later
// mainline changes (new commits citing the mainline one as stable's
// "commit X upstream." or "[ Upstream commit X ]") and, now and then, a
// removal (a revert) of something the series had.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "history_builder.h"

namespace ksince::test {

struct SeriesHistory {
  std::vector<std::string> releases;                        // oldest first
  std::map<std::string, std::vector<std::string>> points;   // "1.0" -> its tags, oldest first
  std::vector<std::string> functions;                       // every function name made
  std::vector<std::string> prog_types;                      // every uapi member made
  std::map<std::string, std::string> backport_of;           // series commit -> the mainline commit it cites
  std::map<std::string, std::string> change_of;             // name -> the mainline commit that added it
  size_t removals = 0;                                      // reverts in the series
};

const std::string kSeriesUapi = "include/uapi/linux/bpf.h";

// `releases` mainline releases after v1.0 with `changes` changes each;
// series for the first `series` releases with `points` points each.
SeriesHistory make_series_history(Builder& b, unsigned seed, int releases, int changes, int series, int points);

// The uapi header with these program types, as the extractor reads it.
std::string series_uapi(const std::vector<std::string>& prog_types);

}  // namespace ksince::test
