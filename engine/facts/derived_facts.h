#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/feature_version.h"
#include "store/series_answers.h"
#include "store/store.h"

namespace ksince {

// A derived fact as the index holds it: its answer over the last run's tags
// and what a tag's tree says of it.
struct DerivedAnswer {
  std::string kind, key;
  std::string version, prev;  // the SPEC's rule, over the selected tags
  std::string commit;         // introducing commit, "" when none
  bool commit_exact = false;
  std::string commit_subject;
  int64_t commit_date = 0;
  std::vector<std::string> present;  // selected tags where present, newest first
  Lifecycle lifecycle;
  // At the tag asked for (the newest where present when none is asked):
  std::string at;             // that tag, "" when the fact is absent at every selected tag
  nlohmann::json attrs = nlohmann::json::object();
  std::string file;
  uint32_t line = 0;
  // The first tag newer than `at` where the fact is absent again ("" when
  // present from `at` to the newest tag): its removal.
  std::string until;
  // The oldest tag of the unbroken run of presence that ends at `at`.
  std::string since;
};

// Facts of one kind present at tag `at` (the newest selected tag by default,
// as tag_or_newest() says), sorted by key; since/until relative to that tag.
// History is derived_facts_about()'s.
// With `first_word`, only the facts whose key starts with that word (the
// helpers of one program type: "prog_helper", "BPF_PROG_TYPE_XDP").
std::vector<DerivedAnswer> derived_facts(Store& store, const std::string& kind,
                                         const std::optional<std::string>& at = std::nullopt,
                                         const std::string& first_word = "");
// Every fact of one kind that some selected tag has, each at the newest tag
// where it is present (its history: a fact gone at the newest tag too).
// `with_points`: also those only points of a series have (as
// derived_facts_about lists them), for the answers at a kernel.
std::vector<DerivedAnswer> derived_facts_ever(Store& store, const std::string& kind, bool with_points = false);
// The fact (kind, key) when present at `at` (the newest selected tag by default).
std::optional<DerivedAnswer> derived_fact(Store& store, const std::string& kind, const std::string& key,
                                          const std::optional<std::string>& at = std::nullopt);
// Every fact whose key is `key`, or whose key's last word is `key` (so
// "bpf_loop" finds the helper and every "BPF_PROG_TYPE_X bpf_loop" pair),
// sorted by kind and key. A fact only points of a series have (a
// distribution's trees, a backport no indexed release has) is there too,
// with no presence and `at` the newest point that has it.
std::vector<DerivedAnswer> derived_facts_about(Store& store, const std::string& key);

// A fact's answer on each series of the index (`only`: one of them), by the
// SPEC's rule over its points (store/series_answers.h).
std::vector<SeriesAnswer> fact_series_answers(Store& store, const std::string& kind, const std::string& key,
                                              const std::string& only = "");
// A pattern's: where it matches at each point, or, for a pattern that
// declares its kind, its fact's.
std::vector<SeriesAnswer> pattern_series_answers(Store& store, const std::string& group, const std::string& name,
                                                 const std::string& only = "");

// The two words of a pair fact's key ("BPF_PROG_TYPE_XDP bpf_redirect").
// Throws Error on a key without a space.
std::pair<std::string, std::string> split_pair_key(const std::string& key);

// A tag as the docs site's files write versions: "v6.10" -> "6.10".
std::string bare_version(const std::string& tag);

// Did an index run derive facts from the source (it was not --no-facts)?
bool facts_derived(Store& store);
// The extractors' key (FactIndex::key()) of the last completed fact step,
// "" before any: what a stored fact answer's search range carries.
std::string stored_extractors_key(Store& store);

// Does the index hold helper facts derived from the source (program-type or
// map-type helpers)?
bool has_derived_helpers(Store& store);

struct StoredUnknown {
  std::string extractor, file, what;
  uint32_t line = 0;
};
// The constructs the extractors could not read at a tag.
std::vector<StoredUnknown> fact_unknowns(Store& store, const std::string& tag);

}  // namespace ksince
