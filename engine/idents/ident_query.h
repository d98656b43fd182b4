#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/series_answers.h"
#include "store/store.h"

namespace ksince {

// One presence test's answer for an identifier, with the SPEC's version
// rules over the identifier index's tags.
struct IdentPresenceAnswer {
  std::string version, prev;            // empty version: absent at the newest tag
  std::vector<std::string> present;     // the tags, newest first
  std::string first_seen;
  std::vector<std::string> removed_in, returned_in;  // oldest first
};

// The same on one stable series (store/series_answers.h).
struct IdentSeriesAnswer {
  SeriesAnswer mentioned, defined;
};

struct IdentAnswer {
  std::string name;
  IdentPresenceAnswer mentioned, defined;
  std::vector<std::string> kinds;  // at the newest tag defining it
  std::vector<std::string> tags;   // the index's tags, newest first
  std::vector<IdentSeriesAnswer> series;  // each series of the index (or the one asked for)
};

// Does the index hold identifiers (an `index --identifiers` run)?
bool has_identifiers(Store& store);
// The identifier's answer, or nullopt when no file of any indexed tag (or
// point) mentions or defines it; `series` keeps one series ("6.1").
std::optional<IdentAnswer> identifier_answer(Store& store, const std::string& name, const std::string& series = "");
// The identifiers a shell glob (`*`, `?`, case-sensitive) matches, sorted by
// name, at most `limit` of them; `total` counts them all.
std::vector<std::string> identifiers_matching(Store& store, const std::string& glob, size_t limit, size_t& total);
// For a list of names (a module's): each one's answer, and the newest of
// their defined versions, the oldest indexed tag at which all of them are
// defined without a break since. Names the index does not know, or that the
// newest tag does not define, cannot be part of it and are listed apart.
struct NeedsAnswer {
  std::vector<IdentAnswer> answers;      // the names defined at the newest tag, in input order
  std::string needs;                     // empty when none is
  std::vector<std::string> needs_from;   // the names whose version it is
  std::vector<std::string> undefined;    // not defined at the newest tag (unknown ones too)
};
NeedsAnswer kernel_needed(Store& store, const std::vector<std::string>& names);

// The end of the name range that starts with `prefix` (not empty): names n
// with prefix <= n < prefix_end(prefix) are those starting with it.
std::string prefix_end(const std::string& prefix);
// Is this a glob rather than a name?
bool is_glob(const std::string& s);

}  // namespace ksince
