#include "docs/helper_data.h"

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "util/yaml_file.h"
#include "docs/yaml_scalar.h"

namespace ksince {

namespace {

std::string scalar_of(const std::string& path, const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) throw Error(cat(yaml_where(path, n), ": ", what, " must be a single value"));
  return n.Scalar();  // the text as written: 6.10 stays "6.10"
}

HelperField parse_field(const std::string& path, const std::string& key, const YAML::Node& v) {
  HelperField f;
  f.key = key;
  if (v.IsNull()) {
    f.style = HelperField::Style::Scalar;
    f.items.push_back({"", ""});
  } else if (v.IsScalar()) {
    f.items.push_back({"", v.Scalar()});
    // yaml-cpp tags a plain scalar "?" and a quoted one "!".
    if (v.Tag() == "?" && (v.Scalar() == "true" || v.Scalar() == "false")) f.style = HelperField::Style::Bool;
  } else if (v.IsSequence()) {
    f.style = v.Style() == YAML::EmitterStyle::Flow ? HelperField::Style::FlowList : HelperField::Style::BlockList;
    for (const auto& item : v) f.items.push_back({"", scalar_of(path, item, cat("an item of '", key, "'"))});
  } else {
    f.style = HelperField::Style::Map;
    for (const auto& kv : v)
      f.items.push_back({scalar_of(path, kv.first, "a key"), scalar_of(path, kv.second, cat("'", key, ".",
                                                                                            kv.first.Scalar(), "'"))});
  }
  return f;
}

HelperEntry parse_entry(const std::string& path, const YAML::Node& e) {
  if (!e.IsMap())
    throw Error(cat(yaml_where(path, e), ": an entry is a map: `- name: HELPER`, `- group: GROUP` or `- exclude: HELPER`"));
  HelperEntry out;
  out.line = e.Mark().line + 1;
  int primaries = 0;
  for (const auto& kv : e) {
    std::string key = scalar_of(path, kv.first, "a key");
    if (key == "name" || key == "group" || key == "exclude") {
      if (++primaries > 1)
        throw Error(cat(yaml_where(path, kv.first), ": an entry has one of name, group or exclude, not several"));
      out.kind = key == "name" ? HelperEntry::Kind::Name
                 : key == "group" ? HelperEntry::Kind::Group : HelperEntry::Kind::Exclude;
      out.value = scalar_of(path, kv.second, cat("'", key, "'"));
      if (out.value.empty()) throw Error(cat(yaml_where(path, kv.second), ": '", key, "' is empty"));
      continue;
    }
    HelperField f = parse_field(path, key, kv.second);
    if (key == "since") {
      if (f.style != HelperField::Style::Map)
        throw Error(cat(yaml_where(path, kv.second), ": 'since' is a map: {version: X.Y, commit: SHA}"));
      out.has_since = true;
      for (const auto& [k, v] : f.items) {
        if (k == "version") out.since_version = v;
        else if (k == "commit") out.since_commit = v;
      }
    }
    out.fields.push_back(std::move(f));
  }
  if (!primaries)
    throw Error(cat(yaml_where(path, e), ": an entry needs `name: HELPER`, `group: GROUP` or `exclude: HELPER`"));
  return out;
}

std::vector<HelperList> parse_section(const std::string& path, const std::string& section, const YAML::Node& n) {
  std::vector<HelperList> out;
  if (n.IsNull()) return out;
  if (!n.IsMap()) throw Error(cat(yaml_where(path, n), ": '", section, "' must map names to lists of entries"));
  for (const auto& kv : n) {
    HelperList l;
    l.name = scalar_of(path, kv.first, "a name");
    l.line = kv.first.Mark().line + 1;
    if (kv.second.IsNull()) {
      l.null_value = true;
    } else if (!kv.second.IsSequence()) {
      throw Error(cat(yaml_where(path, kv.second), ": '", l.name, "' must be a list of entries"));
    } else {
      for (const auto& e : kv.second) l.entries.push_back(parse_entry(path, e));
    }
    out.push_back(std::move(l));
  }
  return out;
}

const char* style_name(HelperField::Style s) {
  switch (s) {
    case HelperField::Style::Scalar: return "scalar";
    case HelperField::Style::Bool: return "bool";
    case HelperField::Style::FlowList: return "flow";
    case HelperField::Style::BlockList: return "block";
    case HelperField::Style::Map: return "map";
  }
  return "scalar";
}

HelperField::Style style_of(const std::string& s) {
  if (s == "bool") return HelperField::Style::Bool;
  if (s == "flow") return HelperField::Style::FlowList;
  if (s == "block") return HelperField::Style::BlockList;
  if (s == "map") return HelperField::Style::Map;
  return HelperField::Style::Scalar;
}

const char* kind_name(HelperEntry::Kind k) {
  return k == HelperEntry::Kind::Name ? "name" : k == HelperEntry::Kind::Group ? "group" : "exclude";
}

std::vector<HelperList>& section_of(HelperData& d, const std::string& s) {
  return s == "groups" ? d.groups : s == "programs" ? d.programs : d.maps;
}

}  // namespace

HelperData parse_helpers_file(const std::string& path) {
  YAML::Node root = load_yaml_file(path);
  if (!root.IsMap()) throw Error(cat(path, ": a helpers file maps groups, programs and maps to their entries"));
  HelperData d;
  d.source = path;
  for (const auto& kv : root) {
    std::string key = scalar_of(path, kv.first, "a key");
    if (key != "groups" && key != "programs" && key != "maps")
      throw Error(cat(yaml_where(path, kv.first), ": unknown top-level key '", key,
                      "'; a helpers file has groups, programs and maps"));
    for (const std::string& s : d.sections)
      if (s == key) throw Error(cat(yaml_where(path, kv.first), ": '", key, "' appears twice"));
    d.sections.push_back(key);
    section_of(d, key) = parse_section(path, key, kv.second);
  }
  if (d.sections.empty()) throw Error(cat(path, ": empty helpers file; it needs groups, programs and maps"));
  return d;
}

std::string store_helpers(Store& store, const HelperData& data) {
  Store::Transaction t(store);
  std::string previous = store.meta("imported_helpers_from").value_or("");
  store.exec("DELETE FROM imported_helper_entries");
  store.exec("DELETE FROM imported_helper_lists");
  Stmt list = store.prepare("INSERT INTO imported_helper_lists(section, name, is_null, line) VALUES(?,?,?,?)");
  Stmt entry = store.prepare(
      "INSERT INTO imported_helper_entries(list_id, kind, value, since_version, since_commit, fields, line) "
      "VALUES(?,?,?,?,?,?,?)");
  for (const std::string& s : data.sections) {
    for (const HelperList& l : section_of(const_cast<HelperData&>(data), s)) {
      list.bind(1, s).bind(2, l.name).bind(3, int64_t(l.null_value)).bind(4, int64_t(l.line)).run();
      int64_t id = sqlite3_last_insert_rowid(store.db());
      for (const HelperEntry& e : l.entries) {
        nlohmann::ordered_json fields = nlohmann::ordered_json::array();
        for (const HelperField& f : e.fields) {
          nlohmann::ordered_json items = nlohmann::ordered_json::array();
          for (const auto& [k, v] : f.items) items.push_back({k, v});
          fields.push_back({{"key", f.key}, {"style", style_name(f.style)}, {"items", items}});
        }
        entry.bind(1, id).bind(2, kind_name(e.kind)).bind(3, e.value);
        if (e.has_since) entry.bind(4, e.since_version).bind(5, e.since_commit);
        entry.bind(6, fields.dump()).bind(7, int64_t(e.line)).run();
      }
    }
  }
  store.set_meta("imported_helpers_from", data.source);
  t.commit();
  return previous;
}

HelperData load_helpers(Store& store) {
  HelperData d;
  d.source = store.meta("imported_helpers_from").value_or("");
  Stmt lists = store.prepare("SELECT id, section, name, is_null, line FROM imported_helper_lists ORDER BY id");
  Stmt entries = store.prepare(
      "SELECT kind, value, since_version, since_commit, fields, line FROM imported_helper_entries "
      "WHERE list_id = ? ORDER BY id");
  while (lists.step()) {
    std::string section = lists.text(1);
    bool seen = false;
    for (const std::string& s : d.sections) seen |= s == section;
    if (!seen) d.sections.push_back(section);
    HelperList l;
    l.name = lists.text(2);
    l.null_value = lists.i64(3) != 0;
    l.line = static_cast<int>(lists.i64(4));
    entries.bind(1, lists.i64(0));
    while (entries.step()) {
      HelperEntry e;
      std::string kind = entries.text(0);
      e.kind = kind == "name" ? HelperEntry::Kind::Name
               : kind == "group" ? HelperEntry::Kind::Group : HelperEntry::Kind::Exclude;
      e.value = entries.text(1);
      e.has_since = !entries.is_null(2);
      e.since_version = entries.text(2);
      e.since_commit = entries.text(3);
      for (const auto& f : nlohmann::json::parse(entries.text(4))) {
        HelperField hf;
        hf.key = f["key"].get<std::string>();
        hf.style = style_of(f["style"].get<std::string>());
        for (const auto& it : f["items"]) hf.items.push_back({it[0].get<std::string>(), it[1].get<std::string>()});
        e.fields.push_back(std::move(hf));
      }
      e.line = static_cast<int>(entries.i64(5));
      l.entries.push_back(std::move(e));
    }
    entries.reset();
    section_of(d, section).push_back(std::move(l));
  }
  return d;
}

std::string render_helpers_file(const HelperData& data) {
  std::string out;
  for (const std::string& s : data.sections) {
    const std::vector<HelperList>& lists = section_of(const_cast<HelperData&>(data), s);
    out += s + ":";
    if (lists.empty()) {
      out += " {}\n";
      continue;
    }
    out += "\n";
    for (const HelperList& l : lists) {
      out += "  " + yaml_key(l.name) + ":";
      if (l.null_value) out += "\n";
      else if (l.entries.empty()) out += " []\n";
      else out += "\n";
      for (const HelperEntry& e : l.entries) {
        out += cat("  - ", kind_name(e.kind), ": ", yaml_scalar(e.value, {4, false, 2}), "\n");
        for (const HelperField& f : e.fields) {
          out += "    " + yaml_key(f.key) + ":";
          switch (f.style) {
            case HelperField::Style::Scalar:
              out += f.items[0].second.empty() ? "\n" : " " + yaml_scalar(f.items[0].second, {4, false, 2}) + "\n";
              break;
            case HelperField::Style::Bool:
              out += " " + f.items[0].second + "\n";
              break;
            case HelperField::Style::FlowList: {
              out += " [";
              for (size_t i = 0; i < f.items.size(); i++) out += (i ? ", " : "") + yaml_flow_scalar(f.items[i].second);
              out += "]\n";
              break;
            }
            case HelperField::Style::BlockList:
              out += f.items.empty() ? " []\n" : "\n";
              for (const auto& it : f.items) out += "    - " + yaml_scalar(it.second, {4, true, 2}) + "\n";
              break;
            case HelperField::Style::Map:
              out += f.items.empty() ? " {}\n" : "\n";
              for (const auto& [k, v] : f.items) out += "      " + yaml_key(k) + ": " + yaml_scalar(v, {6, false, 2}) + "\n";
              break;
          }
        }
      }
    }
  }
  return out;
}

}  // namespace ksince
