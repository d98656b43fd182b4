#include <doctest/doctest.h>

#include "util/error.h"
#include "docs/timeline.h"

using namespace ksince;

namespace {

const std::string kHeader =
    "---\n"
    "title: eBPF Timeline\n"
    "description: This page lists all eBPF features added in the Linux Kernel ordered by tag number.\n"
    "hide: toc\n"
    "---\n";

std::string sha(char c) { return std::string(40, c); }

std::string item(const std::string& name, const std::string& commit, const std::string& group) {
  return "* `" + name + "` [" + commit.substr(0, 7) + "](https://github.com/torvalds/linux/commit/" + commit + ") (" +
         group + ")\n";
}

std::string section(const std::string& version) { return "\n## :octicons-tag-24: " + version + "\n\n"; }

// The order of the section headings in a page.
std::vector<std::string> headings(const std::string& page) {
  std::vector<std::string> out;
  const std::string h = "## :octicons-tag-24: ";
  for (size_t at = page.find(h); at != std::string::npos; at = page.find(h, at + 1))
    out.push_back(page.substr(at + h.size(), page.find('\n', at) - at - h.size()));
  return out;
}

std::string error_of(const std::vector<TimelineEntry>& entries) {
  try {
    render_timeline(entries);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("timeline: the reference's page, byte for byte") {
  // tools/feature-gen/timeline.go: the front matter, then per version
  // "\n## :octicons-tag-24: %s\n\n" and "* `%s` [%s](https://github.com/torvalds/linux/commit/%s) (%s)\n".
  std::vector<TimelineEntry> entries = {
      {"syscall_commands", "BPF_MAP_CREATE", "v3.18", "99c55f7d47c0dc6fc64729f37bf435abf43f4c60"},
      {"syscall_commands", "BPF_PROG_LOAD", "v3.18", "09756af46893c18839062976c3252e93a1beeba7"},
      {"program_types", "BPF_PROG_TYPE_CGROUP_SKB", "v4.10", "0e33661de493db325435d565a4a722120ae4cbf3"},
  };
  CHECK(render_timeline(entries) ==
        kHeader +
            "\n## :octicons-tag-24: v3.18\n\n"
            "* `BPF_MAP_CREATE` [99c55f7](https://github.com/torvalds/linux/commit/"
            "99c55f7d47c0dc6fc64729f37bf435abf43f4c60) (syscall_commands)\n"
            "* `BPF_PROG_LOAD` [09756af](https://github.com/torvalds/linux/commit/"
            "09756af46893c18839062976c3252e93a1beeba7) (syscall_commands)\n"
            "\n## :octicons-tag-24: v4.10\n\n"
            "* `BPF_PROG_TYPE_CGROUP_SKB` [0e33661](https://github.com/torvalds/linux/commit/"
            "0e33661de493db325435d565a4a722120ae4cbf3) (program_types)\n");
  // Nothing with a version: the front matter alone.
  CHECK(render_timeline({}) == kHeader);
  CHECK(render_timeline({{"g", "A", "", ""}}) == kHeader);
}

TEST_CASE("timeline: versions oldest first, as numbers") {
  std::vector<TimelineEntry> entries;
  for (std::string v : {"v7.0", "v5.0", "v4.10", "v6.19", "v4.9", "v7.1-rc1", "v7.1", "v3.19", "v6.2"})
    entries.push_back({"g", "F_" + v, v, sha('a')});
  CHECK(headings(render_timeline(entries)) ==
        std::vector<std::string>{"v3.19", "v4.9", "v4.10", "v5.0", "v6.2", "v6.19", "v7.0", "v7.1-rc1", "v7.1"});
}

TEST_CASE("timeline: entries keep their input order within a version, no version, no entry") {
  std::vector<TimelineEntry> entries = {
      {"helpers", "Z_LAST_BY_NAME", "v5.0", sha('1')}, {"maps", "A_FIRST_BY_NAME", "v4.9", sha('2')},
      {"helpers", "M_MIDDLE", "v5.0", sha('3')},       {"kfuncs", "UNKNOWN", "", ""},
      {"maps", "B", "v5.0", sha('4')},
  };
  CHECK(render_timeline(entries) == kHeader + section("v4.9") + item("A_FIRST_BY_NAME", sha('2'), "maps") +
                                        section("v5.0") + item("Z_LAST_BY_NAME", sha('1'), "helpers") +
                                        item("M_MIDDLE", sha('3'), "helpers") + item("B", sha('4'), "maps"));
}

TEST_CASE("timeline: a version without a commit is listed without a link") {
  // The reference would crash on commit[:7]; a link to ".../commit/" would lead nowhere.
  CHECK(render_timeline({{"g", "A", "v4.8", ""}, {"g", "B", "v4.8", sha('b')}}) ==
        kHeader + section("v4.8") + "* `A` (g)\n" + item("B", sha('b'), "g"));
}

TEST_CASE("timeline: a version not of the form vX.Y or vX.Y-rcN is an Error naming the entry") {
  // The reference strips the first character without looking, so "7.1" sorted as "v.1" before everything.
  std::string err = error_of({{"g", "OK", "v7.0", sha('a')}, {"kfuncs", "bpf_obj_new", "7.1", sha('d')}});
  CHECK(err.find("kfuncs/bpf_obj_new") != std::string::npos);
  CHECK(err.find("\"7.1\"") != std::string::npos);
  CHECK(err.find("vX.Y or vX.Y-rcN") != std::string::npos);
  for (std::string bad : {"V7.1", "v7", "v7.1.2", "v07.1", "v7.01", "v7.1-rc", "v7.1-rc01", "v7.1 ", " v7.1", "vX.Y",
                          "v7.1-rc1-dirty", "latest"}) {
    INFO(bad);
    CHECK(error_of({{"g", "N", bad, sha('a')}}).find("g/N has version \"" + bad + "\"") != std::string::npos);
  }
  CHECK(error_of({{"g", "N", "v7.1", "abc"}}).find("g/N has commit \"abc\"") != std::string::npos);
  CHECK(error_of({{"g", "N", "v7.1", "zzzzzzz"}}).find("at least 7 hex digits") != std::string::npos);
}
