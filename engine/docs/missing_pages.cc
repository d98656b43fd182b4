#include "docs/missing_pages.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "docs/docs_markers.h"
#include "util/error.h"

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
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
  std::error_code ec;
  std::vector<std::pair<std::string, std::vector<std::string>>> added;
  std::string tmpl;
  for (const auto& [name, sets] : sets_of) {
    if (fs::exists(root + "/" + folder + name + ".md", ec)) continue;
    if (tmpl.empty()) tmpl = read_template(data_dir + "/page-templates/kfunc.md");
    out.created[folder + name + ".md"] = page_from_template(tmpl, name);
    out.names.insert(name);
    added.emplace_back(name, sets);
  }
  for (const auto& e : fs::directory_iterator(root + "/" + folder, ec)) {
    std::string stem = e.path().stem().string();
    if (e.path().extension() != ".md" || stem == "index" || stem == "SUMMARY" || sets_of.count(stem)) continue;
    out.notes.push_back({root + "/" + folder + e.path().filename().string(), 0,
                         cat("the source has no kfunc '", stem, "' at ", tag, "; the page is kept")});
  }
  std::sort(out.notes.begin(), out.notes.end(), [](const BuildNote& a, const BuildNote& b) { return a.file < b.file; });
  std::string summary_path = root + "/" + folder + "SUMMARY.md";
  if (!added.empty() && fs::exists(summary_path, ec)) {
    std::string now = read_page(summary_path), next = summary_with_kfuncs(now, added, members);
    if (next != now) out.rewritten[folder + "SUMMARY.md"] = next;
  }
  return out;
}

}  // namespace ksince
