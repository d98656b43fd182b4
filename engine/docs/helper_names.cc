#include "docs/helper_names.h"

#include <filesystem>

#include "docs/docs_markers.h"
#include "store/read_answers.h"
#include "store/imported_facts.h"

namespace ksince {

namespace {

namespace fs = std::filesystem;

void add_pages(KnownNames::Set& set, const std::string& dir) {
  std::error_code ec;
  if (!set.from.empty() || !fs::is_directory(dir, ec)) return;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".md") set.names.insert(e.path().stem().string());
  set.from = "the pages in " + dir;
}

void check(std::vector<BuildNote>& out, const std::string& file, int line, const KnownNames::Set& set,
           const std::string& what, const std::string& name) {
  if (set.from.empty() || set.names.count(name)) return;
  out.push_back({file, static_cast<size_t>(line), cat("unknown ", what, " '", name, "' (not in ", set.from, ")")});
}

}  // namespace

KnownNames known_from_features(Store& store) {
  KnownNames k;
  for (const Feature& f : merged_facts(store)) {
    KnownNames::Set* s = f.group == "helpers" ? &k.helpers
                         : f.group == "program_types" ? &k.programs
                         : f.group == "map_types" ? &k.maps : nullptr;
    if (!s) continue;
    s->names.insert(f.name);
    s->from = "the feature facts' group " + f.group;
  }
  return k;
}

void add_known_from_pages(KnownNames& known, const std::string& docs_root) {
  add_pages(known.helpers, docs_root + "/linux/helper-function");
  add_pages(known.programs, docs_root + "/linux/program-type");
  add_pages(known.maps, docs_root + "/linux/map-type");
}

std::vector<BuildNote> check_helper_names(const HelperData& data, const KnownNames& known) {
  std::vector<BuildNote> out;
  std::set<std::string> groups;
  for (const HelperList& g : data.groups) groups.insert(g.name);
  auto entries = [&](const HelperList& l) {
    for (const HelperEntry& e : l.entries) {
      if (e.kind == HelperEntry::Kind::Group) {
        if (!groups.count(e.value))
          out.push_back({data.source, static_cast<size_t>(e.line),
                         cat("unknown group '", e.value, "' (no such key under groups:); the reference "
                                                         "silently reads it as an empty group")});
      } else {
        check(out, data.source, e.line, known.helpers, "helper", e.value);
      }
      for (const HelperField& f : e.fields)
        if (f.key == "prog")
          for (const auto& [k, v] : f.items) check(out, data.source, e.line, known.programs, "program type", v);
    }
  };
  for (const HelperList& g : data.groups) entries(g);
  for (const HelperList& p : data.programs) {
    check(out, data.source, p.line, known.programs, "program type", p.name);
    entries(p);
  }
  for (const HelperList& m : data.maps) {
    check(out, data.source, m.line, known.maps, "map type", m.name);
    entries(m);
  }
  return out;
}

}  // namespace ksince
