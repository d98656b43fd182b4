#include "docs/missing_pages.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>

#include "docs/docs_markers.h"
#include "facts/derived_facts.h"
#include "util/error.h"
#include "util/lines.h"

namespace ksince {

namespace {

namespace fs = std::filesystem;

std::string read_template(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw Error(cat(path, ": cannot read the page template (is --data-dir ksince's data/ folder, with "
                          "page-templates/?)"));
  return read_page(path);
}

// The name a nav line links to ("  - [`bpf_x`](bpf_x.md)" -> "bpf_x"), "" if none.
std::string linked_name(const std::string& line) {
  size_t open = line.find("](");
  size_t end = line.find(".md)", open == std::string::npos ? 0 : open);
  if (open == std::string::npos || end == std::string::npos) return "";
  return line.substr(open + 2, end - open - 2);
}

bool is_item(const std::string& line, size_t& indent) {
  indent = line.find_first_not_of(' ');
  return indent != std::string::npos && indent + 1 < line.size() &&
         (line[indent] == '-' || line[indent] == '*') && line[indent + 1] == ' ';
}

// A top-level heading of the nav (an item that links nowhere) and its
// children's lines.
struct Heading {
  std::string text;
  size_t line = 0, last = 0;  // the heading's line, its last child's (or its own)
  std::set<std::string> names;
};

std::vector<Heading> headings(const std::vector<std::string>& lines) {
  std::vector<Heading> out;
  for (size_t i = 0; i < lines.size(); i++) {
    size_t indent = 0;
    if (!is_item(lines[i], indent)) continue;
    if (indent == 0) {
      if (linked_name(lines[i]).empty()) out.push_back({lines[i].substr(2), i, i, {}});
      else out.push_back({"", i, i, {}});  // a top-level link ends the heading before it
      continue;
    }
    if (!out.empty()) {
      out.back().last = i;
      if (std::string n = linked_name(lines[i]); !n.empty()) out.back().names.insert(n);
    }
  }
  return out;
}

}  // namespace

std::string page_from_template(const std::string& tmpl, const std::string& name) {
  std::string out;
  const std::string key = "{{name}}";
  size_t at = 0;
  for (size_t hit; (hit = tmpl.find(key, at)) != std::string::npos; at = hit + key.size())
    out += tmpl.substr(at, hit - at) + name;
  return out + tmpl.substr(at);
}

std::string summary_with_kfuncs(const std::string& summary,
                                const std::vector<std::pair<std::string, std::vector<std::string>>>& added,
                                const std::map<std::string, std::set<std::string>>& set_members) {
  std::vector<std::string> lines = lines_of(summary);
  // The file's own bullet and child indentation ("- " and "  " on the site).
  char bullet = '-';
  std::string child_indent = "  ";
  for (const std::string& l : lines) {
    size_t indent = 0;
    if (!is_item(l, indent)) continue;
    bullet = l[indent];
    if (indent > 0) {
      child_indent = std::string(indent, ' ');
      break;
    }
  }
  std::set<std::string> listed;
  for (const std::string& l : lines)
    if (std::string n = linked_name(l); !n.empty()) listed.insert(n);
  bool changed = false;
  for (const auto& [name, sets] : added) {
    if (!listed.insert(name).second) continue;
    changed = true;
    std::vector<Heading> hs = headings(lines);
    const Heading* best = nullptr;
    size_t most = 0;
    for (const Heading& h : hs) {
      if (h.text.empty()) continue;
      size_t n = 0;
      for (const std::string& set : sets)
        if (auto m = set_members.find(set); m != set_members.end())
          for (const std::string& k : m->second) n += h.names.count(k);
      if (n > most) most = n, best = &h;
    }
    std::string entry = child_indent + bullet + " [`" + name + "`](" + name + ".md)";
    if (!best && !sets.empty())
      for (const Heading& h : hs)
        if (h.text == sets.front()) best = &h;  // a heading this run made for the set
    if (best) {
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(best->last + 1), entry);
    } else {
      lines.push_back(std::string(1, bullet) + " " + (sets.empty() ? std::string("Other kfuncs") : sets.front()));
      lines.push_back(entry);
    }
  }
  if (!changed) return summary;
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

void MissingPages::add(MissingPages&& o) {
  created.merge(o.created);
  rewritten.merge(o.rewritten);
  names.merge(o.names);
  fact_kind.merge(o.fact_kind);
  for (BuildNote& n : o.notes) notes.push_back(std::move(n));
}

namespace {

// The type of <path>, following symlinks; not_found when there is nothing
// (ENOENT). Any other error (a path component that is a file, a symlink
// loop, a name too long, no permission) is an Error: taken for "no page", it
// would create a page the site has, or skip one it lacks.
fs::file_type type_of(const std::string& path) {
  std::error_code ec;
  fs::file_status s = fs::status(path, ec);
  if (ec == std::errc::no_such_file_or_directory) return fs::file_type::not_found;
  if (ec)
    throw Error(cat(path, ": cannot tell whether the page is there: ", ec.message(),
                    " (--root must be the site's docs/ folder, with its linux/ folders and pages readable)"));
  return s.type();
}

std::string folder_error(const std::string& dir, const std::error_code& ec) {
  return cat(dir, ": cannot read the folder: ", ec.message(),
             " (--root must be the site's docs/ folder, with its linux/ folders readable)");
}

// The pages directly in <root>/<folder> whose subject is not in `known`:
// notes, sorted by page. A folder that is not there has no pages; one that
// cannot be read is an Error.
std::vector<BuildNote> gone_pages(const std::string& root, const std::string& folder,
                                  const std::function<bool(const std::string&)>& known, const std::string& what,
                                  const std::string& tag) {
  std::vector<BuildNote> out;
  const std::string dir = root + "/" + folder;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return out;
  if (ec) throw Error(folder_error(dir, ec));
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::string stem = p.stem().string();
    if (p.extension() != ".md" || stem == "index" || stem == "SUMMARY" || known(stem)) continue;
    if (type_of(p.string()) != fs::file_type::regular) continue;  // a folder, a dangling link
    out.push_back({dir + p.filename().string(), 0,
                   cat("the source has no ", what, " '", stem, "' at ", tag, "; the page is kept")});
  }
  if (ec) throw Error(folder_error(dir, ec));  // the listing stopped half way
  std::sort(out.begin(), out.end(), [](const BuildNote& a, const BuildNote& b) { return a.file < b.file; });
  return out;
}

// <folder>SUMMARY.md as `edit` changes it, in `out.rewritten` when it does.
void edit_summary(const std::string& root, const std::string& folder, MissingPages& out,
                  const std::function<std::string(const std::string&)>& edit) {
  std::string path = root + "/" + folder + "SUMMARY.md";
  if (type_of(path) == fs::file_type::not_found) return;
  std::string now = read_page(path), next = edit(now);
  if (next != now) out.rewritten[folder + "SUMMARY.md"] = next;
}

}  // namespace

MissingPages missing_kfunc_pages(const std::string& root, const KfuncData& derived, const std::string& data_dir,
                                 const std::string& tag) {
  MissingPages out;
  const std::string folder = "linux/kfuncs/";
  std::map<std::string, std::vector<std::string>> sets_of;  // kfunc -> its sets, in data order
  std::map<std::string, std::set<std::string>> members;
  for (const KfuncSet& s : derived.sets) {
    if (!s.funcs) continue;
    for (const Kfunc& k : *s.funcs) {
      sets_of[k.name].push_back(s.name);
      members[s.name].insert(k.name);
    }
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> added;
  std::string tmpl;
  for (const auto& [name, sets] : sets_of) {
    if (type_of(root + "/" + folder + name + ".md") != fs::file_type::not_found) continue;
    if (tmpl.empty()) tmpl = read_template(data_dir + "/page-templates/kfunc.md");
    out.created[folder + name + ".md"] = page_from_template(tmpl, name);
    out.names.insert(name);
    added.emplace_back(name, sets);
  }
  out.notes = gone_pages(root, folder, [&](const std::string& n) { return sets_of.count(n) > 0; }, "kfunc", tag);
  if (!added.empty())
    edit_summary(root, folder, out, [&](const std::string& now) { return summary_with_kfuncs(now, added, members); });
  return out;
}

MissingPages missing_subject_pages(const std::string& root, const std::string& folder, const std::string& template_name,
                                   const std::vector<std::string>& names, const std::string& data_dir,
                                   const std::string& tag, const std::string& what) {
  MissingPages out;
  std::vector<std::string> added;
  std::string tmpl;
  for (const std::string& name : names) {
    if (type_of(root + "/" + folder + name + ".md") != fs::file_type::not_found) continue;
    if (tmpl.empty()) tmpl = read_template(data_dir + "/page-templates/" + template_name);
    out.created[folder + name + ".md"] = page_from_template(tmpl, name);
    out.names.insert(name);
    added.push_back(name);
  }
  std::set<std::string> known(names.begin(), names.end());
  out.notes = gone_pages(root, folder, [&](const std::string& n) { return known.count(n) > 0; }, what, tag);
  if (!added.empty())
    edit_summary(root, folder, out, [&](const std::string& now) { return summary_in_order(now, added, names); });
  return out;
}

namespace {

// Whether every helper has an integer id: the FN list with ids (v6.2+), the
// enum before the mapper, or a list whose positions the file makes ids. The
// extractor writes null where it cannot tell (an FN(name) list without
// `#define __BPF_ENUM_FN(x) BPF_FUNC_ ## x`).
bool all_have_ids(const std::vector<DerivedAnswer>& helpers) {
  return std::all_of(helpers.begin(), helpers.end(), [](const DerivedAnswer& a) {
    auto id = a.attrs.find("id");
    return id != a.attrs.end() && id->is_number_integer();
  });
}

// The program types, map types or helpers at `tag` in the kernel's order:
// the uapi enum's and the FN list's (one file each, so by line); helpers by
// id where every one has an id, else by line, the list's order in each of
// its forms.
std::vector<std::string> subjects_in_kernel_order(Store& store, const std::string& kind, const std::string& tag) {
  std::vector<DerivedAnswer> facts = derived_facts(store, kind, tag);
  const bool by_id = kind == "helper" && all_have_ids(facts);
  std::vector<std::pair<int64_t, std::string>> keyed;
  for (const DerivedAnswer& a : facts) {
    if (a.key.ends_with("_UNSPEC") || a.key.find("DEPRECATED") != std::string::npos) continue;
    keyed.emplace_back(by_id ? a.attrs.at("id").get<int64_t>() : int64_t(a.line), a.key);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::string> out;
  for (auto& k : keyed) out.push_back(std::move(k.second));
  return out;
}

}  // namespace

MissingPages missing_pages(Store& store, const std::string& root, const KfuncData* kfuncs, const std::string& tag,
                           const std::string& data_dir) {
  struct Kind {
    const char *fact, *folder, *tmpl, *what;
  };
  MissingPages all;
  if (kfuncs) {
    MissingPages m = missing_kfunc_pages(root, *kfuncs, data_dir, tag);
    for (const std::string& n : m.names) m.fact_kind.emplace(n, "kfunc");
    all.add(std::move(m));
  }
  for (Kind k : {Kind{"prog_type", "linux/program-type/", "program-type.md", "program type"},
                 Kind{"map_type", "linux/map-type/", "map-type.md", "map type"},
                 Kind{"helper", "linux/helper-function/", "helper-function.md", "helper"}}) {
    MissingPages m =
        missing_subject_pages(root, k.folder, k.tmpl, subjects_in_kernel_order(store, k.fact, tag), data_dir, tag, k.what);
    for (const std::string& n : m.names) m.fact_kind.emplace(n, k.fact);
    all.add(std::move(m));
  }
  return all;
}

std::string summary_in_order(const std::string& summary, const std::vector<std::string>& added,
                             const std::vector<std::string>& order) {
  std::vector<std::string> lines = lines_of(summary);
  std::map<std::string, size_t> rank;
  for (size_t i = 0; i < order.size(); i++) rank.emplace(order[i], i);
  bool changed = false;
  for (const std::string& name : added) {
    std::map<std::string, size_t> line_of;  // linked subject -> its line
    for (size_t i = 0; i < lines.size(); i++)
      if (std::string n = linked_name(lines[i]); !n.empty()) line_of.emplace(n, i);
    if (line_of.count(name) || !rank.count(name)) continue;
    // The closest linked subject before it in the kernel's order, else after it.
    const size_t mine = rank.at(name);
    std::optional<size_t> before, after;  // lines
    size_t before_rank = 0, after_rank = 0;
    for (const auto& [n, i] : line_of) {
      auto r = rank.find(n);
      if (r == rank.end()) continue;
      if (r->second < mine && (!before || r->second > before_rank)) before = i, before_rank = r->second;
      if (r->second > mine && (!after || r->second < after_rank)) after = i, after_rank = r->second;
    }
    std::optional<size_t> near = before ? before : after;
    std::string entry;
    if (near) {
      const std::string& l = lines[*near];
      size_t indent = l.find_first_not_of(' ');
      entry = l.substr(0, indent + 2) + "[`" + name + "`](" + name + ".md)";
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(*near + (before ? 1 : 0)), entry);
    } else {
      lines.push_back("- [`" + name + "`](" + name + ".md)");
    }
    changed = true;
  }
  if (!changed) return summary;
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

}  // namespace ksince
