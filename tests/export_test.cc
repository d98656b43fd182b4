#include <doctest/doctest.h>

#include "docs/export.h"
#include "docs/yaml_scalar.h"

using namespace ksince;

namespace {
// A string on one line: where it goes does not matter.
std::string scalar(const std::string& s) { return yaml_scalar(s, YamlAt{}); }
}  // namespace

TEST_CASE("yaml_scalar: quoted only where YAML needs it, as go-yaml does") {
  CHECK(scalar("BPF_PROG_TYPE_XDP") == "BPF_PROG_TYPE_XDP");
  CHECK(scalar("v4.8") == "v4.8");
  CHECK(scalar("") == "\"\"");
  CHECK(scalar("7.1") == "\"7.1\"");
  CHECK(scalar("123") == "\"123\"");
  CHECK(scalar("true") == "\"true\"");
  CHECK(scalar("null") == "\"null\"");
  CHECK(scalar("yes") == "\"yes\"");
  CHECK(scalar("a: b") == "'a: b'");
  CHECK(scalar("#x") == "'#x'");
  CHECK(scalar("it's: x") == "'it''s: x'");
  CHECK(scalar("-x") == "-x");
  CHECK(scalar("ddd872bc3098f9d9abe1680a6b2013e59e3337f7") == "ddd872bc3098f9d9abe1680a6b2013e59e3337f7");
}

TEST_CASE("yaml_scalar: go-yaml v3's timestamps, Go's integer prefixes, document markers, control bytes") {
  // Dates and times Go's time.Parse takes in go-yaml's layouts resolve to
  // !!timestamp, so they are quoted; impossible dates stay plain strings.
  CHECK(scalar("2024-01-02") == "\"2024-01-02\"");
  CHECK(scalar("2024-1-2") == "\"2024-1-2\"");
  CHECK(scalar("2001-12-14t21:59:43.10-05:00") == "\"2001-12-14t21:59:43.10-05:00\"");
  CHECK(scalar("2001-12-14 21:59:43.10") == "\"2001-12-14 21:59:43.10\"");
  CHECK(scalar("2023-02-29") == "2023-02-29");  // not a day: a string
  CHECK(scalar("2024-02-29") == "\"2024-02-29\"");
  CHECK(scalar("2024-13-01") == "2024-13-01");
  CHECK(scalar("v2024-01-02") == "v2024-01-02");
  // strconv.ParseInt(s, 0, 64) after removing '_': every prefix, either case, signed.
  for (const char* n : {"0X1F", "0xff", "-0x1F", "+0x_1", "0B101", "0b1", "0O17", "0o17", "-0o7"})
    CHECK(scalar(n) == std::string("\"") + n + "\"");
  CHECK(scalar("0x") == "0x");
  CHECK(scalar("0xg") == "0xg");
  // A document marker at the start is never plain.
  CHECK(scalar("---") == "'---'");
  CHECK(scalar("---x") == "'---x'");
  CHECK(scalar("...") == "'...'");
  CHECK(scalar("--x") == "--x");
  // Control bytes: libyaml's short escapes, else \xXX in upper case.
  CHECK(scalar(std::string("a\0b", 3)) == "\"a\\0b\"");
  CHECK(scalar("a\x1b\x7f\x01\r\v\f\a\b") == "\"a\\e\\x7F\\x01\\r\\v\\f\\a\\b\"");
  CHECK(scalar("tab\there") == "\"tab\\there\"");
}

TEST_CASE("export: the reference's data file layout") {
  auto feature = [](std::string g, std::string n, std::string v, std::string p, std::string c) {
    Feature f;
    f.group = g, f.name = n, f.version = v, f.prev = p, f.commit = c;
    return f;
  };
  std::vector<Feature> f = {feature("g1", "A", "v3.19", "v3.18", "ddd872bc3098f9d9abe1680a6b2013e59e3337f7"),
                            feature("g1", "B", "", "", ""), feature("g2", "C", "v4.1", "v4.0", "")};
  CHECK(render_data_file(data_groups({}, f), ExportFormat::Yaml) ==
        "- name: g1\n"
        "  features:\n"
        "    - name: A\n"
        "      version: v3.19\n"
        "      commit: ddd872bc3098f9d9abe1680a6b2013e59e3337f7\n"
        "    - name: B\n"
        "      version: \"\"\n"
        "      commit: \"\"\n"
        "- name: g2\n"
        "  features:\n"
        "    - name: C\n"
        "      version: v4.1\n"
        "      commit: \"\"\n");
  // JSON: the same groups, features and values, in the same order.
  CHECK(render_data_file(data_groups({}, f), ExportFormat::Json) ==
        "[\n"
        "  {\n"
        "    \"name\": \"g1\",\n"
        "    \"features\": [\n"
        "      {\n"
        "        \"name\": \"A\",\n"
        "        \"version\": \"v3.19\",\n"
        "        \"commit\": \"ddd872bc3098f9d9abe1680a6b2013e59e3337f7\"\n"
        "      },\n"
        "      {\n"
        "        \"name\": \"B\",\n"
        "        \"version\": \"\",\n"
        "        \"commit\": \"\"\n"
        "      }\n"
        "    ]\n"
        "  },\n"
        "  {\n"
        "    \"name\": \"g2\",\n"
        "    \"features\": [\n"
        "      {\n"
        "        \"name\": \"C\",\n"
        "        \"version\": \"v4.1\",\n"
        "        \"commit\": \"\"\n"
        "      }\n"
        "    ]\n"
        "  }\n"
        "]\n");
}

TEST_CASE("export: empty groups of the patterns file keep their place") {
  auto feature = [](std::string g, std::string n) {
    Feature f;
    f.group = g, f.name = n;
    return f;
  };
  // "orphans" has no place in the patterns file (imported entries without a
  // pattern): it stays where the features put it.
  std::vector<Feature> f = {feature("b", "B1"), feature("b", "B2"), feature("d", "D"), feature("orphans", "O")};
  std::vector<DataGroup> g = data_groups({"a", "b", "c", "d", "e"}, f);
  std::vector<std::string> names;
  std::vector<size_t> sizes;
  for (const DataGroup& x : g) names.push_back(x.name), sizes.push_back(x.features.size());
  CHECK(names == std::vector<std::string>{"a", "b", "c", "d", "orphans", "e"});
  CHECK(sizes == std::vector<size_t>{0, 2, 0, 1, 1, 0});
  // go-yaml writes a nil list of features as [] (tests/yaml_oracle confirms it).
  CHECK(render_data_file(data_groups({"a", "b"}, {feature("b", "B1")}), ExportFormat::Yaml) ==
        "- name: a\n"
        "  features: []\n"
        "- name: b\n"
        "  features:\n"
        "    - name: B1\n"
        "      version: \"\"\n"
        "      commit: \"\"\n");
  CHECK(render_data_file(data_groups({"a"}, {}), ExportFormat::Json) ==
        "[\n  {\n    \"name\": \"a\",\n    \"features\": []\n  }\n]\n");
}
