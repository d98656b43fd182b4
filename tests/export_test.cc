#include <doctest/doctest.h>

#include "export.h"
#include "yaml_scalar.h"

using namespace ksince;

TEST_CASE("yaml_scalar: quoted only where YAML needs it, as go-yaml does") {
  CHECK(yaml_scalar("BPF_PROG_TYPE_XDP") == "BPF_PROG_TYPE_XDP");
  CHECK(yaml_scalar("v4.8") == "v4.8");
  CHECK(yaml_scalar("") == "\"\"");
  CHECK(yaml_scalar("7.1") == "\"7.1\"");
  CHECK(yaml_scalar("123") == "\"123\"");
  CHECK(yaml_scalar("true") == "\"true\"");
  CHECK(yaml_scalar("null") == "\"null\"");
  CHECK(yaml_scalar("yes") == "\"yes\"");
  CHECK(yaml_scalar("a: b") == "'a: b'");
  CHECK(yaml_scalar("#x") == "'#x'");
  CHECK(yaml_scalar("it's: x") == "'it''s: x'");
  CHECK(yaml_scalar("-x") == "-x");
  CHECK(yaml_scalar("ddd872bc3098f9d9abe1680a6b2013e59e3337f7") == "ddd872bc3098f9d9abe1680a6b2013e59e3337f7");
}

TEST_CASE("export: the reference's data file layout") {
  auto feature = [](std::string g, std::string n, std::string v, std::string p, std::string c) {
    Feature f;
    f.group = g, f.name = n, f.version = v, f.prev = p, f.commit = c;
    return f;
  };
  std::vector<Feature> f = {feature("g1", "A", "v3.19", "v3.18", "ddd872bc3098f9d9abe1680a6b2013e59e3337f7"),
                            feature("g1", "B", "", "", ""), feature("g2", "C", "v4.1", "v4.0", "")};
  CHECK(render_data_file(f, ExportFormat::Yaml) ==
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
  CHECK(render_data_file(f, ExportFormat::Json) ==
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
