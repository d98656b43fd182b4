#include "series/kernel_query.h"

#include "facts/derived_facts.h"
#include "idents/ident_query.h"
#include "store/read_answers.h"

namespace ksince {

namespace {

KernelCheck check(const std::string& name, const std::string& subject, const KernelVersion& v,
                  const std::vector<StoredSeries>& series, const std::vector<SeriesAnswer>& answers,
                  const std::vector<std::string>& releases, const std::vector<std::string>& present) {
  return {name, true, subject, kernel_answer(v, series, answers, releases, present)};
}

// The fact whose key is the name itself (not a pair that ends with it).
std::optional<DerivedAnswer> fact_keyed(Store& store, const std::string& name) {
  for (DerivedAnswer& d : derived_facts_about(store, name))
    if (d.key == name) return std::move(d);
  return std::nullopt;
}

}  // namespace

std::vector<KernelCheck> check_names(Store& store, const std::vector<std::string>& names, const KernelVersion& v) {
  std::vector<StoredSeries> series = read_series(store);
  std::vector<std::string> releases = selected_tags(store);
  std::vector<KernelCheck> out;
  for (const std::string& name : names) {
    if (std::vector<Feature> f = features_named(store, name); !f.empty()) {
      out.push_back(check(name, "pattern", v, series, pattern_series_answers(store, f[0].group, name), releases,
                          present_tags(store, f[0].group, name)));
    } else if (std::optional<IdentAnswer> a = identifier_answer(store, name)) {
      std::vector<SeriesAnswer> defined;  // "do I have it": its definition
      for (const IdentSeriesAnswer& s : a->series) defined.push_back(s.defined);
      out.push_back(check(name, "identifier", v, series, defined, releases, a->defined.present));
    } else if (std::optional<DerivedAnswer> d = fact_keyed(store, name)) {
      out.push_back(check(name, d->kind, v, series, fact_series_answers(store, d->kind, name), releases, d->present));
    } else {
      out.push_back({name, false, "", {}});
    }
  }
  return out;
}

std::vector<KernelCheck> check_pairs(Store& store, const std::string& type, const std::string& kind,
                                     const KernelVersion& v) {
  std::vector<StoredSeries> series = read_series(store);
  std::vector<std::string> releases = selected_tags(store);
  std::vector<KernelCheck> out;
  for (const DerivedAnswer& d : derived_facts_ever(store, kind, true)) {
    auto [owner, callee] = split_pair_key(d.key);
    if (owner != type) continue;
    out.push_back(check(callee, kind, v, series, fact_series_answers(store, kind, d.key), releases, d.present));
  }
  return out;
}

int kernel_status(const std::vector<KernelCheck>& all) {
  bool undetermined = false;
  for (const KernelCheck& c : all) {
    if (!c.known || c.answer.have == KernelAnswer::Have::Absent) return 1;
    undetermined = undetermined || c.answer.have == KernelAnswer::Have::Undetermined;
  }
  return undetermined ? kUndetermined : 0;
}

}  // namespace ksince
