#include "idents/ident_tags.h"

#include <nlohmann/json.hpp>

#include "idents/ident_reader.h"
#include "store/series_answers.h"
#include "util/error.h"

namespace ksince {

namespace {

nlohmann::json meta_json(Store& store, const char* key) {
  auto meta = store.meta(key);
  if (!meta) return nullptr;
  try {
    return nlohmann::json::parse(*meta);
  } catch (const std::exception& e) {
    throw Error(cat(store.path(), ": meta '", key, "' is not JSON: ", e.what(),
                    "; run ksince index --identifiers again"));
  }
}

Oid oid_or_zero(const nlohmann::json& hex) {
  return hex.is_string() ? Oid::from_hex(hex.get<std::string>()).value_or(Oid()) : Oid();
}

}  // namespace

std::vector<IdentTag> read_ident_tags(Store& store) {
  nlohmann::json names = meta_json(store, "ident_tags"), oids = meta_json(store, "ident_tag_oids");
  std::vector<IdentTag> tags;
  if (names.is_null()) return tags;
  if (!names.is_array() || (!oids.is_null() && (!oids.is_array() || oids.size() != names.size())))
    throw Error(cat(store.path(), ": meta 'ident_tags' and 'ident_tag_oids' do not list the same tags; "
                                  "run ksince index --identifiers again"));
  // An index made before 'ident_tag_oids' had the tags table's ids, as
  // its last run left them.
  Stmt table = store.prepare("SELECT tree_oid, commit_oid FROM tags WHERE name = ?");
  for (size_t i = 0; i < names.size(); i++) {  // stored oldest first
    IdentTag t;
    t.name = names[i].is_string() ? names[i].get<std::string>() : "";
    if (!oids.is_null() && oids[i].is_array() && oids[i].size() == 2) {
      t.tree = oid_or_zero(oids[i][0]);
      t.commit = oid_or_zero(oids[i][1]);
    } else if (oids.is_null() && table.bind(1, t.name).step()) {
      t.tree = Oid::from_raw(table.blob(0).data());
      if (!table.is_null(1)) t.commit = Oid::from_raw(table.blob(1).data());
    }
    table.reset();
    tags.insert(tags.begin(), std::move(t));
  }
  return tags;
}

std::vector<IdentSeries> read_ident_series(Store& store) {
  std::vector<IdentSeries> out;
  nlohmann::json all = meta_json(store, "ident_series");
  if (all.is_null()) return out;
  try {
    for (const auto& s : all) {
      IdentSeries is{s.at("id").get<int64_t>(), s.at("name").get<std::string>(), {}, {}};
      for (const auto& p : s.at("points")) {
        is.points.push_back({p.at(0).get<std::string>(), oid_or_zero(p.at(1)), oid_or_zero(p.at(2))});
        is.labels.push_back(p.at(3).get<std::string>());
      }
      out.push_back(std::move(is));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(cat(store.path(), ": meta 'ident_series' is not a list of series: ", e.what(),
                    "; run ksince index --identifiers again"));
  }
  return out;
}

std::vector<int64_t> ident_series_ids(Store& store, const std::vector<Series>& series) {
  std::vector<int64_t> ids;
  Stmt put = store.prepare("INSERT INTO series(name) VALUES(?) ON CONFLICT(name) DO UPDATE SET name = name RETURNING id");
  for (const Series& s : series) {
    put.bind(1, s.name);
    if (!put.step()) throw Error(cat("internal: series ", s.name, " was not stored"));
    ids.push_back(put.i64(0));
    put.reset();
  }
  return ids;
}

void write_ident_tags(Store& store, const std::vector<TagInfo>& tags, const std::vector<Series>& series,
                      const std::vector<int64_t>& series_ids) {
  nlohmann::json names = nlohmann::json::array(), oids = nlohmann::json::array();
  auto ids = [](const TagInfo& t) { return nlohmann::json{t.tree.hex(), t.commit.is_zero() ? "" : t.commit.hex()}; };
  for (auto it = tags.rbegin(); it != tags.rend(); ++it) {  // oldest first
    names.push_back(it->name);
    oids.push_back(ids(*it));
  }
  nlohmann::json all = nlohmann::json::array();
  for (size_t i = 0; i < series.size(); i++) {
    nlohmann::json points = nlohmann::json::array();
    for (const SeriesPoint& p : series[i].points)
      points.push_back({p.tag.name, ids(p.tag)[0], ids(p.tag)[1], point_label(series[i].name, p.place)});
    all.push_back({{"id", series_ids[i]}, {"name", series[i].name}, {"points", points}});
  }
  store.set_meta("ident_tags", names.dump());
  store.set_meta("ident_tag_oids", oids.dump());
  store.set_meta("ident_series", all.dump());
  store.set_meta("ident_reader", std::to_string(kIdentReaderVersion));
}

const IdentTag& ident_tag(const std::vector<IdentTag>& tags, const std::string& name, const std::string& db) {
  for (const IdentTag& t : tags)
    if (t.name == name) {
      if (t.tree.is_zero())
        throw Error(cat(db, ": the identifier index does not record what tag ", name,
                        " named when it was indexed; run ksince index --identifiers again"));
      return t;
    }
  throw Error(cat(db, ": tag ", name, " is not among the identifier index's tags; run ksince index --identifiers again"));
}

int stored_ident_reader(Store& store) {
  if (auto r = store.meta("ident_reader")) return std::stoi(*r);
  // Indexes made before 'ident_reader': the reader ends their 'ident_key'.
  nlohmann::json key = meta_json(store, "ident_key");
  if (key.is_array() && !key.empty() && key.back().is_number_integer()) return key.back().get<int>();
  return 0;
}

void require_current_ident_reader(Store& store) {
  int stored = stored_ident_reader(store);
  if (stored != kIdentReaderVersion)
    throw Error(cat(store.path(), ": its identifiers were read by identifier reader version ", stored,
                    " and this ksince reads with version ", kIdentReaderVersion,
                    "; run ksince index --identifiers again to re-read them"));
}

}  // namespace ksince
