// ksince's YAML against go-yaml v3 itself, the encoder of the reference's
// data file: tests/yaml_oracle is built from Debian's golang-gopkg-yaml.v3-dev
// (scripts/install-deps.sh). Random strings from a grammar (line breaks
// everywhere, edge spaces, tabs, control bytes, indicators, quotes, valid and
// invalid UTF-8, dates, numbers, document markers), fixed seeds, written at
// every kind of place ksince writes a scalar and in whole feature-versions
// files; each output must equal go-yaml's byte for byte and read back
// (yaml-cpp) as the same string. Where go-yaml's own output does not read
// back, ksince's is allowed to differ (yaml_scalar.h says where); those are
// counted apart and must read back. KSINCE_YAML_DIFF_SEED and
// KSINCE_YAML_DIFF_COUNT run more.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "util/error.h"
#include "docs/export.h"
#include "git_fixture.h"
#include "go_yaml.h"
#include "docs/yaml_scalar.h"

using namespace ksince;
using namespace ksince::test;

namespace {

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }

  std::string text() {
    static const char* whole[] = {
        "", "2024-01-02", "2024-1-2", "2001-12-14 21:59:43.10", "2001-12-14t21:59:43.10-05:00", "2023-02-29",
        "0x1F", "0X1f", "0B101", "0o17", "0O7", "-0x_1", "1_000", "1.5e3", ".inf", "-.Inf", ".NaN", "12:30:00",
        "true", "Yes", "off", "~", "null", "NULL", "123", "+1", "v4.8", "7.1", "---", "...", "--- x", "...x",
        "BPF_PROG_TYPE_XDP", "ddd872bc3098f9d9abe1680a6b2013e59e3337f7"};
    static const char* pieces[] = {
        "a", "abc", "BPF_X", "v4.8", "x y", "1", "0x", "2024-01-02", "---", "...", "\n", "\n", "\n\n", " ", "  ",
        "\t", "#", " #", ":", ": ", "- ", "-", "?", "? ", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%",
        "@", "`", "'", "\"", "\\", "/", "=", "<NUL>", "\x01", "\x1b", "\x7f", "\r", "\v",
        "\xc3\xa9", "\xc2\x85", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf", "\xf0\x9f\x98\x80",
        "\xef\xbf\xbe", "\xed\x9f\xbf", "\xe4\xb8\xad", "\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf",
        "\xf4\x90\x80\x80", "\x80"};
    std::string out;
    if (chance(15)) {
      out = whole[pick(std::size(whole))];
      if (chance(30)) out = chance(50) ? "\n" + out : out + "\n";
      return out;
    }
    int n = 1 + pick(chance(10) ? 60 : 8);  // sometimes long: base64 lines, long keys
    for (int i = 0; i < n; i++) {
      std::string piece = pieces[pick(std::size(pieces))];
      out += piece == "<NUL>" ? std::string("\0", 1) : piece;
    }
    // Edge spaces and final breaks decide a block's indicators.
    if (chance(15)) out = " " + out;
    if (chance(15)) out += chance(50) ? "\n" : "\n\n";
    return out;
  }

 private:
  std::mt19937 rng_;
};

std::string json_str(const std::string& s) { return go_yaml_string(s); }

// What yaml-cpp reads for s written right: Debian's yaml-cpp 0.7 decodes the
// escape \N to the byte 0x85 rather than U+0085 in UTF-8 (and U+0085 is
// always written escaped, libyaml does not print it).
// The same for \_ (U+00A0), which libyaml escapes only in a string that
// starts with U+FEFF (see double_quoted in yaml_scalar.cc).
std::string as_read(std::string s) {
  for (size_t i = 0; (i = s.find("\xC2\x85", i)) != std::string::npos;) s.replace(i, 2, "\x85");
  if (s.rfind("\xEF\xBB\xBF", 0) == 0)
    for (size_t i = 0; (i = s.find("\xC2\xA0", i)) != std::string::npos;) s.replace(i, 2, "\xA0");
  return s;
}

// A scalar as yaml-cpp reads it, !!binary decoded.
struct Read {
  bool binary = false;
  std::string text;
  bool is(const std::string& s) const { return text == (binary ? s : as_read(s)); }
};

Read value_of(const YAML::Node& n) {
  if (n.Tag() == "tag:yaml.org,2002:binary") {
    std::vector<unsigned char> d = YAML::DecodeBase64(n.Scalar());
    return {true, {d.begin(), d.end()}};
  }
  return {false, n.Scalar()};
}

// A place ksince writes a scalar at: the tree the oracle gets, the document
// ksince writes, and where the string is in it.
struct Place {
  const char* name;
  int indent;
  std::function<std::string(const std::string&)> tree;
  std::function<std::string(const std::string&)> ours;
  std::function<Read(const YAML::Node&)> read;
};

// Each place has a key or an item after it ("zz: end", "- end"), as in a
// real file: what follows a block shows where it ends.
std::string leaf(const std::string& s) { return "{\"v\": " + json_str(s) + "}"; }
std::string map2(const std::string& key, const std::string& tree) {
  return "{\"m\": [" + json_str(key) + ", " + tree + ", " + json_str("zz") + ", " + leaf("end") + "]}";
}
std::string map1(const std::string& key, const std::string& tree) {
  return "{\"m\": [" + json_str(key) + ", " + tree + "]}";
}
std::string seq2(const std::string& tree) { return "{\"s\": [" + tree + ", " + leaf("end") + "]}"; }
std::string seq1(const std::string& tree) { return "{\"s\": [" + tree + "]}"; }

std::vector<Place> places() {
  return {
      // The reference's data file (indent 4): a group's name, a feature's values.
      {"data file: group name", 4, [](auto& s) { return seq1(map2("name", leaf(s))); },
       [](auto& s) { return "- name: " + yaml_scalar(s, {2, false, 4}) + "\n  zz: end\n"; },
       [](const YAML::Node& d) { return value_of(d[0]["name"]); }},
      {"data file: feature value", 4, [](auto& s) { return seq1(map1("features", seq1(map2("name", leaf(s))))); },
       [](auto& s) { return "- features:\n    - name: " + yaml_scalar(s, {6, false, 4}) + "\n      zz: end\n"; },
       [](const YAML::Node& d) { return value_of(d[0]["features"][0]["name"]); }},
      // kfuncs.yaml and helpers-functions.yaml (indent 2).
      {"key at 0", 2, [](auto& s) { return map2("k", leaf(s)); },
       [](auto& s) { return "k: " + yaml_scalar(s, {0, false, 2}) + "\nzz: end\n"; },
       [](const YAML::Node& d) { return value_of(d["k"]); }},
      {"key at 2", 2, [](auto& s) { return map1("a", map2("k", leaf(s))); },
       [](auto& s) { return "a:\n  k: " + yaml_scalar(s, {2, false, 2}) + "\n  zz: end\n"; },
       [](const YAML::Node& d) { return value_of(d["a"]["k"]); }},
      {"key at 4 after a dash", 2, [](auto& s) { return map1("a", seq1(map2("k", leaf(s)))); },
       [](auto& s) { return "a:\n  - k: " + yaml_scalar(s, {4, false, 2}) + "\n    zz: end\n"; },
       [](const YAML::Node& d) { return value_of(d["a"][0]["k"]); }},
      {"item at 0", 2, [](auto& s) { return seq2(leaf(s)); },
       [](auto& s) { return "- " + yaml_scalar(s, {0, true, 2}) + "\n- end\n"; },
       [](const YAML::Node& d) { return value_of(d[0]); }},
      {"item at 2", 2, [](auto& s) { return map1("a", seq2(leaf(s))); },
       [](auto& s) { return "a:\n  - " + yaml_scalar(s, {2, true, 2}) + "\n  - end\n"; },
       [](const YAML::Node& d) { return value_of(d["a"][0]); }},
      {"flow list", 2, [](auto& s) { return "{\"f\": [" + json_str(s) + ", " + json_str("x") + "]}"; },
       [](auto& s) { return "f: [" + yaml_flow_scalar(s) + ", x]\n"; },
       [](const YAML::Node& d) { return value_of(d["f"][0]); }},
      {"key", 2, [](auto& s) { return map1(s, leaf("x")); }, [](auto& s) { return yaml_key(s) + ": x\n"; },
       [](const YAML::Node& d) { return value_of(d.begin()->first); }},
  };
}

// What yaml-cpp reads at the place, or nothing when it cannot.
std::optional<Read> read_back(const Place& p, const std::string& doc) {
  try {
    YAML::Node d = YAML::Load(doc);
    return p.read(d);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string show(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') out += static_cast<char>(c);
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

// Does the data file read back (yaml-cpp) as these groups and values?
bool reads_as(const std::string& doc, const std::vector<DataGroup>& want) {
  try {
    YAML::Node d = YAML::Load(doc);
    if (want.empty()) return d.IsSequence() && d.size() == 0;
    if (!d.IsSequence() || d.size() != want.size()) return false;
    for (size_t g = 0; g < want.size(); g++) {
      const YAML::Node fs = d[g]["features"];
      if (!value_of(d[g]["name"]).is(want[g].name) || !fs.IsSequence() || fs.size() != want[g].features.size())
        return false;
      for (size_t f = 0; f < fs.size(); f++) {
        const Feature& w = want[g].features[f];
        if (!value_of(fs[f]["name"]).is(w.name) || !value_of(fs[f]["version"]).is(w.version) ||
            !value_of(fs[f]["commit"]).is(w.commit))
          return false;
      }
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

uint32_t env_or(const char* name, uint32_t fallback) {
  const char* v = std::getenv(name);
  return v ? static_cast<uint32_t>(std::strtoul(v, nullptr, 10)) : fallback;
}

}  // namespace

TEST_CASE("yaml differential: every place a scalar goes, against go-yaml v3") {
  uint32_t seed = env_or("KSINCE_YAML_DIFF_SEED", 11), count = env_or("KSINCE_YAML_DIFF_COUNT", 3000);
  Gen gen(seed);
  std::vector<std::string> strings;
  for (uint32_t i = 0; i < count; i++) strings.push_back(gen.text());
  size_t same = 0, differ_justified = 0, refused = 0, disagree = 0;
  std::set<std::string> shapes;  // the literal block headers met, so the test is known to reach them
  for (const Place& p : places()) {
    std::vector<std::string> trees;
    for (const std::string& s : strings) trees.push_back(p.tree(s));
    std::vector<std::string> theirs = go_yaml(cat("tree ", p.indent), trees);
    for (size_t i = 0; i < strings.size(); i++) {
      const std::string& s = strings[i];
      std::string ours;
      try {
        ours = p.ours(s);
      } catch (const Error&) {
        // Refused keys: go-yaml writes them as complex keys.
        if (theirs[i].rfind("? ", 0) == 0) {
          refused++;
        } else {
          disagree++;
          FAIL_CHECK(p.name, ": ksince refuses ", show(s), " go-yaml writes ", show(theirs[i]));
        }
        continue;
      }
      std::optional<Read> back = read_back(p, ours);
      CHECK_MESSAGE((back && back->is(s)), p.name, ": ", show(s), " written as ", show(ours), " reads back as ",
                    back ? show(back->text) : "an error");
      static const std::regex header("(?:.*[:-] )?((?:!!binary )?\\|[0-9]?[-+]?)");
      std::smatch m;
      std::istringstream lines(ours);
      for (std::string line; std::getline(lines, line);)
        if (std::regex_match(line, m, header)) shapes.insert(m[1]);
      if (ours == theirs[i]) {
        same++;
        continue;
      }
      std::optional<Read> their_back = read_back(p, theirs[i]);
      if (!(their_back && their_back->is(s))) {
        differ_justified++;
        continue;
      }
      disagree++;
      if (disagree <= 10)
        FAIL_CHECK(p.name, ": ", show(s), "\n  ksince: ", show(ours), "\n  go-yaml: ", show(theirs[i]));
    }
  }
  MESSAGE("seed ", seed, ", ", count, " strings x ", places().size(), " places: ", same, " equal to go-yaml, ",
          differ_justified, " differ where go-yaml's own output does not read back, ", refused,
          " complex keys refused, ", disagree, " disagreements");
  CHECK(disagree == 0);
  // The grammar reaches every chomping and the indentation indicator.
  for (std::string h : {"|", "|-", "|+", "|2-", "|2", "|2+", "!!binary |"}) CHECK_MESSAGE(shapes.count(h), h);
  CHECK(same > differ_justified * 5);
}

TEST_CASE("yaml differential: whole feature-versions files, against the reference's encoder") {
  uint32_t seed = env_or("KSINCE_YAML_DIFF_SEED", 11) + 1, count = env_or("KSINCE_YAML_DIFF_COUNT", 3000) / 5;
  Gen gen(seed);
  std::vector<std::string> lines, ours;
  size_t justified = 0, same = 0;
  std::vector<std::vector<DataGroup>> files;
  for (uint32_t i = 0; i < count; i++) {
    std::vector<std::string> groups;
    std::vector<Feature> features;
    std::string line = "[";
    int n = gen.pick(4);
    for (int g = 0; g < n; g++) {
      std::string name = gen.chance(50) ? cat("g", g) : gen.text() + cat("#", g);  // names differ
      groups.push_back(name);
      int k = gen.pick(3);
      line += (g ? ", [" : "[") + json_str(name) + ", " + (k ? "[" : "null");
      for (int f = 0; f < k; f++) {
        Feature x;
        x.group = name, x.name = gen.text(), x.version = gen.chance(50) ? "v4.8" : gen.text();
        x.commit = gen.chance(50) ? "" : gen.text();
        line += (f ? ", [" : "[") + json_str(x.name) + ", " + json_str(x.version) + ", " + json_str(x.commit) + "]";
        features.push_back(x);
      }
      line += k ? "]]" : "]";
    }
    lines.push_back(line + "]");
    files.push_back(data_groups(groups, features));
    ours.push_back(render_data_file(files.back(), ExportFormat::Yaml));
  }
  std::vector<std::string> theirs = go_yaml("features", lines);
  size_t disagree = 0;
  for (size_t i = 0; i < lines.size(); i++) {
    CHECK_MESSAGE(reads_as(ours[i], files[i]), "ksince's file does not read back:\n", show(ours[i]));
    if (ours[i] == theirs[i]) {
      same++;
      continue;
    }
    // Allowed only where go-yaml's file does not read back.
    if (!reads_as(theirs[i], files[i])) {
      justified++;
      continue;
    }
    if (++disagree <= 5) FAIL_CHECK("ksince:\n", show(ours[i]), "\ngo-yaml:\n", show(theirs[i]));
  }
  MESSAGE(count, " files: ", same, " equal to go-yaml's, ", justified, " differ where go-yaml's does not read back, ",
          disagree, " disagreements");
  CHECK(disagree == 0);
  CHECK(same > justified);
}
