#include "idents/compat.h"

#include <algorithm>
#include <sstream>

#include "idents/ident_query.h"
#include "util/error.h"

namespace ksince {

namespace {

size_t tag_index(const std::vector<std::string>& tags, const std::string& tag, const char* option) {
  auto it = std::find(tags.begin(), tags.end(), tag);
  if (it == tags.end())
    throw InputError(option, cat(tag, " is not a tag of the identifier index (", tags.front(), " .. ", tags.back(), ")"));
  return static_cast<size_t>(it - tags.begin());
}

// "const struct sock *" -> "struct sock"; a typedef's name as is; "" for
// a type without a struct or a name.
std::string struct_of(const std::string& type) {
  std::istringstream in(type);
  std::vector<std::string> words;
  for (std::string w; in >> w;)
    if (w != "const" && w != "volatile") words.push_back(w);
  if (words.size() >= 2 && (words[0] == "struct" || words[0] == "union")) return words[0] + " " + words[1];
  if (!words.empty() && words[0].find_first_of("*([") == std::string::npos) return words[0];
  return "";
}

class CompatReader {
 public:
  CompatReader(Store& store, const Repo& repo, const std::string& arch) : store_(store), reader_(store, repo, arch) {
    tags_ = reader_.tags();
  }
  const std::vector<std::string>& tags() const { return tags_; }

  void name_entry(const NameUse& u, size_t a, size_t b, CompatReport& out) {
    // Defined, or declared in the headers (a prototype is no definition,
    // and what a module compiles against).
    std::optional<IdentAnswer> ans = identifier_answer(store_, u.name);
    std::optional<IdentHistory> h = reader_.read(u.name);
    std::vector<uint8_t> present = h ? h->present : std::vector<uint8_t>(tags_.size(), 0);
    if (ans)
      for (const std::string& t : ans->defined.present)
        if (auto it = std::find(tags_.begin(), tags_.end(), t); it != tags_.end()) present[it - tags_.begin()] = 1;
    if (std::find(present.begin(), present.end(), 1) == present.end()) {
      out.unknown.push_back(u.name);
      return;
    }
    CompatEntry e{u.name, u.how, u.file, u.line};
    std::vector<HistoryChange> changes = h ? h->changes : std::vector<HistoryChange>{};
    // A type named, not reached into: its members' changes are the
    // members' entries, for those the code uses.
    if (u.how == "type")
      std::erase_if(changes, [](const HistoryChange& c) {
        return c.what.rfind("member", 0) == 0 || c.what.rfind("constant", 0) == 0 || c.what == "value changed";
      });
    finish(e, present, changes, a, b, out);
  }

  void member_entry(const MemberUse& m, size_t a, size_t b, CompatReport& out) {
    std::string type = struct_type(m.type, b), inner;  // inner: "data." inside a named nested struct
    std::optional<IdentHistory> h;
    std::string name;
    for (size_t k = 0; k < m.path.size(); k++) {
      if (type.empty()) {
        out.unresolved++;
        return;
      }
      name = type + "." + inner + m.path[k];
      h = reader_.read(name);
      if (!h) {
        out.unknown.push_back(name);
        return;
      }
      const std::string member_type = h->shapes[b].empty() ? "" : h->shapes[b][0];
      if (member_type.rfind("struct {}", 0) == 0 || member_type.rfind("union {}", 0) == 0) {
        inner += m.path[k] + ".";  // its members are listed as the outer struct's "name.member"
      } else {
        type = struct_type(member_type, b);
        inner.clear();
      }
    }
    CompatEntry e{name, "member", m.file, m.line};
    finish(e, h->present, h->changes, a, b, out);
  }

 private:
  // The struct a type names, through one typedef (at the tag `at`).
  std::string struct_type(const std::string& type, size_t at) {
    std::string s = struct_of(type);
    if (s.empty() || s.rfind("struct ", 0) == 0 || s.rfind("union ", 0) == 0) return s;
    std::optional<IdentHistory> t = reader_.read(s);
    if (!t || t->shapes[at].empty()) return "";
    s = struct_of(t->shapes[at][0]);
    return s.rfind("struct ", 0) == 0 || s.rfind("union ", 0) == 0 ? s : "";
  }

  void finish(CompatEntry& e, const std::vector<uint8_t>& present, const std::vector<HistoryChange>& changes, size_t a,
              size_t b, CompatReport& out) {
    e.at_from = present[a];
    e.at_to = present[b];
    for (size_t t = a + 1; t <= b; t++) {
      if (!e.at_from && e.since.empty() && present[t]) e.since = tags_[t];
      if (e.at_from && e.removed_in.empty() && !present[t]) e.removed_in = tags_[t];
    }
    for (const HistoryChange& c : changes) {
      size_t v = static_cast<size_t>(std::find(tags_.begin(), tags_.end(), c.version) - tags_.begin());
      if (v > a && v <= b) e.changes.push_back(c);
    }
    if (e.at_from && e.at_to && e.removed_in.empty() && e.changes.empty()) {
      out.unchanged++;
      return;
    }
    out.entries.push_back(std::move(e));
  }

  Store& store_;
  HistoryReader reader_;
  std::vector<std::string> tags_;
};

}  // namespace

CompatReport compat_report(Store& store, const Repo& repo, const std::vector<SourceFile>& files,
                           const std::string& from, const std::string& to, const std::string& arch) {
  CompatReader reader(store, repo, arch);
  const std::vector<std::string>& tags = reader.tags();
  if (tags.empty()) throw Error(cat(store.path(), " has no identifier tags: run `ksince index --identifiers`"));
  CompatReport out;
  out.from = from;
  out.to = to.empty() ? tags.back() : to;
  const size_t a = tag_index(tags, out.from, "from"), b = tag_index(tags, out.to, "to");
  if (a >= b) throw InputError("to", cat(out.to, " is not after ", out.from, " in the index's tag order"));
  ModuleUses uses = read_module_uses(files);
  out.unresolved = uses.unresolved;
  for (const NameUse& u : uses.names) reader.name_entry(u, a, b, out);
  for (const MemberUse& m : uses.members) reader.member_entry(m, a, b, out);
  return out;
}

nlohmann::ordered_json compat_json(const CompatReport& r) {
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const CompatEntry& e : r.entries) {
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const HistoryChange& c : e.changes)
      changes.push_back({{"prev", c.prev}, {"version", c.version}, {"change", c.what}, {"detail", c.detail},
                         {"old", c.old_shape}, {"new", c.new_shape}});
    entries.push_back({{"name", e.name}, {"use", e.how}, {"file", e.file}, {"line", e.line},
                       {"at_from", e.at_from}, {"at_to", e.at_to}, {"since", e.since},
                       {"removed_in", e.removed_in}, {"changes", changes}});
  }
  return {{"from", r.from}, {"to", r.to}, {"entries", entries}, {"unchanged", r.unchanged},
          {"unknown", r.unknown}, {"unresolved_members", r.unresolved}};
}

}  // namespace ksince
