#pragma once
// How the CLI prints an answer: a line of text or a JSON object per feature
// or derived fact, and the suggestions for an unknown name.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "facts/derived_facts.h"
#include "idents/ident_query.h"
#include "series/backports.h"
#include "store/read_answers.h"
#include "store/store.h"

namespace ksince::cli {

// "2024-11-17" (UTC).
std::string date_of(int64_t t);

nlohmann::ordered_json feature_json(Store& store, const Feature& f);
// NAME  VERSION  COMMIT DATE "SUBJECT"  (group G, prev P; removed in R, back in B)
std::string feature_line(Store& store, const Feature& f);

nlohmann::ordered_json derived_json(const DerivedAnswer& a);
//   KIND KEY  since VERSION  COMMIT DATE "SUBJECT"  [FILE:LINE at TAG] (removed in R)
std::string derived_line(const DerivedAnswer& a);

// The identifier index's answer: {"defined": {...}, "mentioned": {...}}.
nlohmann::ordered_json identifier_json(const IdentAnswer& a);
// NAME  defined since V (prev P) as KINDS; mentioned since V (prev P)
std::string identifier_line(const IdentAnswer& a);
//   6.1.y  defined since 6.1.187 (absent at 6.1.176); mentioned since ...
void print_identifier_series(const IdentAnswer& a, bool filtered);
// One answer on a stable series: {"base", "version", "prev", "since", ...}.
nlohmann::ordered_json series_json(const SeriesAnswer& a);
//   6.1.y  since 6.1.187 (absent at 6.1.176); removed in R, back in B
std::string series_line(const SeriesAnswer& a);
// The lines of the series where it is present at some point (all of those
// asked for with --series), each indented under the mainline answer.
void print_series(const std::vector<SeriesAnswer>& all, bool filtered);
// Each backport's commit: [{"series", "version", "prev", "commit", ...}].
nlohmann::ordered_json backports_json(const std::vector<SeriesCommit>& all);
// {"6.1": series_json, ...}; null when the index has no series.
nlohmann::ordered_json series_object(const std::vector<SeriesAnswer>& all);

// For an unknown name, on stderr: the nearest names the index knows, and
// where the repository has it (with how to add it to the patterns file).
void print_suggestions(Store& store, const std::string& name);

}  // namespace ksince::cli
