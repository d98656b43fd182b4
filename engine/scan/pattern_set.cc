#include <algorithm>
#include "util/yaml_file.h"
#include "scan/pattern_set.h"

#include "scan/matcher.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "util/error.h"
#include "store/fingerprint.h"
#include "repo/pathspec.h"
#include "repo/series_select.h"
#include "util/utf8.h"

namespace ksince {

namespace {

struct Ctx {
  const std::string& path;
  std::string where(const YAML::Node& n) const { return yaml_where(path, n); }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& why) const {
    throw Error(cat(where(n), ": ", why));
  }
};

void check_keys(const Ctx& ctx, const YAML::Node& map, const std::set<std::string>& allowed,
                const std::string& what) {
  for (const auto& kv : map) {
    // A complex key ("? - x") is a sequence or map, not a name.
    if (!kv.first.IsScalar()) ctx.fail(kv.first, cat("a key in ", what, " must be a plain name"));
    std::string k = kv.first.as<std::string>();
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      ctx.fail(kv.first, cat("unknown key '", k, "' in ", what, " (expected one of: ", list, ")"));
    }
  }
}

std::string scalar(const Ctx& ctx, const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) ctx.fail(n, cat(what, " must be a string"));
  std::string s = n.as<std::string>();
  if (s.empty()) ctx.fail(n, cat(what, " is empty"));
  return s;
}

std::string kind_of(const Ctx& ctx, const YAML::Node& n) {
  std::string k = scalar(ctx, n, "a kind");
  if (std::find(kPatternKinds.begin(), kPatternKinds.end(), k) != kPatternKinds.end()) return k;
  std::string list;
  for (const auto& a : kPatternKinds) list += (list.empty() ? "" : ", ") + a;
  ctx.fail(n, cat("unknown kind '", k, "' (expected one of: ", list, ")"));
  return "";
}


std::vector<std::string> string_list(const Ctx& ctx, const YAML::Node& n, const std::string& what) {
  if (!n.IsSequence()) ctx.fail(n, cat(what, " must be a list of strings, e.g. ", what, ": [a, b]"));
  std::vector<std::string> out;
  for (const auto& item : n) out.push_back(scalar(ctx, item, cat("an entry of ", what)));
  return out;
}

std::string hex_byte(char c) {
  static const char* hex = "0123456789abcdef";
  unsigned char u = static_cast<unsigned char>(c);
  return {hex[u >> 4], hex[u & 15]};
}

}  // namespace

namespace {

// YAML is Unicode text; names and regexes also go into JSON keys, which
// take only UTF-8 (found by fuzzing: a name with a 0x95 byte listed twice).
void require_utf8(const std::string& text, const std::string& path) {
  size_t bad = invalid_utf8_offset(text);
  if (bad == std::string::npos) return;
  size_t line = 1 + std::count(text.begin(), text.begin() + bad, '\n');
  size_t nl = bad == 0 ? std::string::npos : text.rfind('\n', bad - 1);
  size_t col = bad - (nl == std::string::npos ? 0 : nl + 1) + 1;
  throw Error(cat(path, ":", line, ":", col, ": not UTF-8 (byte 0x", hex_byte(text[bad]),
                  "): a patterns file is UTF-8 text; re-encode it"));
}

// A value that another reader checks (pathspecs, a series regex): its
// refusal is an error here, with the key's line.
template <typename Check>
void check_value(const Ctx& ctx, const YAML::Node& n, const Check& check) {
  try {
    check();
  } catch (const Error& e) {
    ctx.fail(n, e.what());
  }
}

// The keys beside `patterns`: scope, tags, series, identifiers.
void parse_selection(const Ctx& ctx, const YAML::Node& root, PatternSet& ps) {
  if (root["identifiers"]) {
    std::string v = scalar(ctx, root["identifiers"], "identifiers");
    if (v != "true" && v != "false") ctx.fail(root["identifiers"], "identifiers is true or false");
    ps.identifiers = v == "true";
  }
  if (root["identifier_files"]) {
    ps.identifier_files = string_list(ctx, root["identifier_files"], "identifier_files");
    check_value(ctx, root["identifier_files"], [&] { Pathspec check(ps.identifier_files); });
  }
  if (root["files"]) {
    ps.files = string_list(ctx, root["files"], "files");
    // Refused magic is an error here, with its line.
    check_value(ctx, root["files"], [&] { Pathspec check(ps.files); });
  }
  if (root["series"]) {
    ps.series = scalar(ctx, root["series"], "series");
    check_value(ctx, root["series"], [&] { SeriesRegex check(ps.series); });
  }
  // An index of series alone (a distribution's trees) selects no release.
  if (!root["tags"] && ps.series.empty())
    throw Error(cat(ps.path, ": no 'tags' key: add tag regexes, e.g. tags: ['^v[4-9]\\.[0-9]+$'] (or series: for "
                             "point releases)"));
  if (root["tags"]) {
    ps.tags = string_list(ctx, root["tags"], "tags");
    if (ps.tags.empty() && ps.series.empty()) ctx.fail(root["tags"], "tags is empty: add at least one tag regex");
  }
}

// One entry of a group's list, as written (its position is the caller's).
Pattern parse_pattern(const Ctx& ctx, const YAML::Node& p, const std::string& gname, const std::string& group_kind) {
  if (!p.IsMap()) ctx.fail(p, cat("a pattern of group '", gname, "' must be a map: - name: NAME"));
  check_keys(ctx, p, {"name", "regexes", "kind"}, "a pattern");
  if (!p["name"]) ctx.fail(p, cat("a pattern of group '", gname, "' has no name"));
  Pattern pat;
  pat.group = gname;
  pat.name = scalar(ctx, p["name"], "a pattern's name");
  pat.line = p.Mark().line + 1;
  pat.match.label = cat("pattern '", pat.name, "' in group '", gname, "' (", ctx.where(p), ")");
  if (p["regexes"] && !p["regexes"].IsNull()) {
    pat.match.literal = false;
    pat.match.exprs = string_list(ctx, p["regexes"], "regexes");
    if (pat.match.exprs.empty()) pat.match.literal = true;
  }
  if (pat.match.literal) pat.match.exprs = {pat.name};
  pat.kind = p["kind"] ? kind_of(ctx, p["kind"]) : group_kind;
  if (pat.kind == "word") pat.kind.clear();
  if (!pat.kind.empty() && !pat.match.literal)
    ctx.fail(p["regexes"], cat("pattern '", pat.name, "' declares kind '", pat.kind,
                               "' and regexes: a declared kind is found by its definition, not by "
                               "regexes; drop one of the two"));
  return pat;
}

// The groups and their patterns, in the file's order.
void parse_groups(const Ctx& ctx, const YAML::Node& groups, PatternSet& ps) {
  std::map<std::pair<std::string, std::string>, size_t> seen;  // -> index in ps.patterns
  int listings = 0;
  std::set<std::string> group_names;
  for (const auto& g : groups) {
    if (!g.IsMap()) ctx.fail(g, "a group must be a map with name and patterns");
    check_keys(ctx, g, {"name", "kind", "patterns"}, "a group");
    if (!g["name"]) ctx.fail(g, "a group has no name");
    std::string gname = scalar(ctx, g["name"], "a group's name");
    std::string group_kind = g["kind"] ? kind_of(ctx, g["kind"]) : "";
    if (!group_names.insert(gname).second)
      ctx.fail(g["name"], cat("group '", gname, "' appears twice: merge the two lists"));
    ps.groups.push_back(gname);
    YAML::Node list = g["patterns"];
    if (!list) ctx.fail(g, cat("group '", gname, "' has no patterns list"));
    if (list.IsNull()) continue;  // an empty group is allowed (a placeholder)
    if (!list.IsSequence()) ctx.fail(list, cat("patterns of group '", gname, "' must be a list"));
    for (const auto& p : list) {
      Pattern pat = parse_pattern(ctx, p, gname, group_kind);
      pat.position = listings++;
      auto [it, fresh] = seen.emplace(std::make_pair(gname, pat.name), ps.patterns.size());
      if (!fresh) {
        // The reference's users list some names twice (8 kfuncs in the eBPF
        // docs' file); the same entry twice asks one question, a different
        // one under the same name asks two that one answer cannot serve.
        Pattern& first = ps.patterns[it->second];
        if (matcher_key(first.match) != matcher_key(pat.match))
          ctx.fail(p["name"], cat("pattern '", pat.name, "' appears twice in group '", gname, "' (first at line ",
                                  first.line, ") with different regexes: rename one or merge their regexes"));
        ps.warnings.push_back(cat(ctx.where(p["name"]), ": pattern '", pat.name, "' appears twice in group '", gname,
                                  "' (first at line ", first.line,
                                  "), identically: indexed once, exported at both places; remove one"));
        first.repeats.push_back(pat.position);
        continue;
      }
      ps.patterns.push_back(std::move(pat));
    }
  }
}

}  // namespace

PatternSet parse_pattern_set(const std::string& text, const std::string& path) {
  Ctx ctx{path};
  require_utf8(text, path);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(cat(path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": invalid YAML: ", e.msg));
  }
  PatternSet ps;
  ps.path = path;
  ps.digest = Fingerprint().add(text).hex();
  if (!root.IsMap())
    throw Error(cat(path, ": a patterns file is a map with keys files, tags and patterns"));
  check_keys(ctx, root, {"files", "tags", "series", "patterns", "identifiers", "identifier_files"},
             "the patterns file");
  parse_selection(ctx, root, ps);
  YAML::Node groups = root["patterns"];
  if (!groups && ps.identifiers) return ps;  // an identifier-only index
  if (!groups)
    throw Error(cat(path, ": no 'patterns' key: nothing to search for (or add 'identifiers: true' for an "
                          "identifier-only index)"));
  if (!groups.IsSequence()) ctx.fail(groups, "patterns must be a list of groups (- name: ..., patterns: [...])");
  parse_groups(ctx, groups, ps);
  if (ps.patterns.empty()) throw Error(cat(path, ": the patterns file has no patterns"));
  return ps;
}

PatternSet load_pattern_set(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(cat(path, ": cannot read the patterns file"));
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_pattern_set(buf.str(), path);
}

}  // namespace ksince
