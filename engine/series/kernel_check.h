#pragma once
#include <string>
#include <vector>

#include "series/kernel_version.h"
#include "store/series_answers.h"

namespace ksince {

// "Do I have it?": one answer at one kernel version (docs/series.md).
struct KernelAnswer {
  enum class Have { Present, Absent, Undetermined };
  Have have = Have::Undetermined;
  // How it is known: "exact" (an indexed point, or every indexed revision
  // of it agrees), "inferred" (between two points of equal presence, or
  // above the newest point), "base" (below the first point: the base's
  // answer), "mainline" (a series the index lacks: the release's answer),
  // "none" (undetermined).
  std::string how;
  std::string series;              // the series asked about ("6.1")
  std::vector<std::string> from;   // the points (or tags) the answer rests on
  std::string absent_at, present_at;  // undetermined: the bracket, where there is one
  std::string why;                 // one sentence for people
};

// The answer from what the index holds for one subject: its answer on each
// series, and its presence at the releases (`release_tags` newest first,
// `release_present` the ones that have it).
KernelAnswer kernel_answer(const KernelVersion& v, const std::vector<StoredSeries>& series,
                           const std::vector<SeriesAnswer>& answers, const std::vector<std::string>& release_tags,
                           const std::vector<std::string>& release_present);

const char* have_name(KernelAnswer::Have h);

}  // namespace ksince
