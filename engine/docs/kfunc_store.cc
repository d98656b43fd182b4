#include "docs/kfunc_store.h"

#include <nlohmann/json.hpp>

namespace ksince {

namespace {

constexpr const char* kSourceKey = "imported_kfuncs_from";
constexpr const char* kExtraKey = "imported_kfuncs_extra";

std::string extras_json(const std::vector<ExtraKey>& list) {
  nlohmann::json j = nlohmann::json::array();
  for (const ExtraKey& e : list) j.push_back({e.key, e.yaml});
  return j.dump();
}

std::vector<ExtraKey> extras_of(const std::string& text) {
  std::vector<ExtraKey> out;
  if (text.empty()) return out;
  for (const auto& e : nlohmann::json::parse(text)) out.push_back({e[0].get<std::string>(), e[1].get<std::string>()});
  return out;
}

std::string list_json(const std::vector<std::string>& list) { return nlohmann::json(list).dump(); }

std::vector<std::string> list_of(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

void insert_types(Stmt& ins, int64_t set, int64_t func, const std::vector<KfuncProgramType>& list) {
  for (size_t i = 0; i < list.size(); i++) {
    const KfuncProgramType& p = list[i];
    ins.bind(1, set).bind(2, func).bind(3, int64_t(i)).bind(4, p.name);
    auto tag = [&](int col, const std::optional<SinceUntil>& t) {
      if (t) ins.bind(col, t->version).bind(col + 1, t->commit).bind(col + 2, extras_json(t->extra));
      else ins.bind_null(col).bind_null(col + 1).bind_null(col + 2);
    };
    tag(5, p.since);
    tag(8, p.until);
    ins.bind(11, extras_json(p.extra)).bind(12, int64_t(p.line)).run();
  }
}

}  // namespace

std::optional<std::string> store_imported_kfuncs(Store& store, const KfuncData& d, const std::string& source) {
  Store::Transaction t(store);
  std::optional<std::string> previous = store.meta(kSourceKey);
  store.exec("DELETE FROM imported_kfunc_program_types; DELETE FROM imported_kfuncs; DELETE FROM imported_kfunc_sets");
  Stmt set_ins = store.prepare(
      "INSERT INTO imported_kfunc_sets(position, name, has_funcs, has_program_types, attach_type, extra, line) "
      "VALUES(?,?,?,?,?,?,?)");
  Stmt func_ins = store.prepare(
      "INSERT INTO imported_kfuncs(set_position, position, name, flags, has_except, has_except_list, except_extra, "
      "extra, line) VALUES(?,?,?,?,?,?,?,?,?)");
  Stmt type_ins = store.prepare(
      "INSERT INTO imported_kfunc_program_types(set_position, func_position, position, name, since_version, "
      "since_commit, since_extra, until_version, until_commit, until_extra, extra, line) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
  for (size_t si = 0; si < d.sets.size(); si++) {
    const KfuncSet& s = d.sets[si];
    set_ins.bind(1, int64_t(si)).bind(2, s.name).bind(3, int64_t(s.funcs.has_value()))
        .bind(4, int64_t(s.program_types.has_value()));
    if (s.attach_type) set_ins.bind(5, list_json(*s.attach_type));
    else set_ins.bind_null(5);
    set_ins.bind(6, extras_json(s.extra)).bind(7, int64_t(s.line)).run();
    if (s.program_types) insert_types(type_ins, int64_t(si), -1, *s.program_types);
    if (!s.funcs) continue;
    for (size_t fi = 0; fi < s.funcs->size(); fi++) {
      const Kfunc& f = (*s.funcs)[fi];
      func_ins.bind(1, int64_t(si)).bind(2, int64_t(fi)).bind(3, f.name);
      if (f.flags) func_ins.bind(4, list_json(*f.flags));
      else func_ins.bind_null(4);
      func_ins.bind(5, int64_t(f.has_except)).bind(6, int64_t(f.except.has_value()))
          .bind(7, extras_json(f.except_extra)).bind(8, extras_json(f.extra)).bind(9, int64_t(f.line)).run();
      if (f.except) insert_types(type_ins, int64_t(si), int64_t(fi), *f.except);
    }
  }
  store.set_meta(kSourceKey, source);
  store.set_meta(kExtraKey, extras_json(d.extra));
  t.commit();
  return previous;
}

std::optional<KfuncData> imported_kfuncs(Store& store) {
  std::optional<std::string> source = store.meta(kSourceKey);
  if (!source) return std::nullopt;
  KfuncData d;
  d.source = *source;
  d.extra = extras_of(store.meta(kExtraKey).value_or(""));
  for (Stmt s = store.prepare("SELECT name, has_funcs, has_program_types, attach_type, extra, line "
                              "FROM imported_kfunc_sets ORDER BY position");
       s.step();) {
    KfuncSet set;
    set.name = s.text(0);
    if (s.i64(1)) set.funcs.emplace();
    if (s.i64(2)) set.program_types.emplace();
    if (!s.is_null(3)) set.attach_type = list_of(s.text(3));
    set.extra = extras_of(s.text(4));
    set.line = size_t(s.i64(5));
    d.sets.push_back(std::move(set));
  }
  for (Stmt s = store.prepare("SELECT set_position, name, flags, has_except, has_except_list, except_extra, extra, "
                              "line FROM imported_kfuncs ORDER BY set_position, position");
       s.step();) {
    Kfunc f;
    f.name = s.text(1);
    if (!s.is_null(2)) f.flags = list_of(s.text(2));
    f.has_except = s.i64(3) != 0;
    if (s.i64(4)) f.except.emplace();
    f.except_extra = extras_of(s.text(5));
    f.extra = extras_of(s.text(6));
    f.line = size_t(s.i64(7));
    d.sets.at(size_t(s.i64(0))).funcs->push_back(std::move(f));
  }
  for (Stmt s = store.prepare("SELECT set_position, func_position, name, since_version, since_commit, since_extra, "
                              "until_version, until_commit, until_extra, extra, line "
                              "FROM imported_kfunc_program_types ORDER BY set_position, func_position, position");
       s.step();) {
    KfuncProgramType p;
    p.name = s.text(2);
    auto tag = [&](int col) -> std::optional<SinceUntil> {
      if (s.is_null(col)) return std::nullopt;
      return SinceUntil{s.text(col), s.text(col + 1), extras_of(s.text(col + 2))};
    };
    p.since = tag(3);
    p.until = tag(6);
    p.extra = extras_of(s.text(9));
    p.line = size_t(s.i64(10));
    KfuncSet& set = d.sets.at(size_t(s.i64(0)));
    int64_t func = s.i64(1);
    if (func < 0) set.program_types->push_back(std::move(p));
    else set.funcs->at(size_t(func)).except->push_back(std::move(p));
  }
  return d;
}

}  // namespace ksince
