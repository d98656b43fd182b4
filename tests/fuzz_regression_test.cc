// Inputs the libFuzzer harnesses (tests/fuzz) found crashing a reader, fed
// to the same reader: each must now be read or refused with a clear Error.
#include <doctest/doctest.h>

#include "util/error.h"
#include "scan/pattern_set.h"
#include "scan/posix_regex.h"
#include "util/utf8.h"

#include <fstream>
#include <sstream>

using namespace ksince;

namespace {
std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("fuzz regression: a patterns file that is not UTF-8 is refused at its byte") {
  // fuzz_patterns' crash, minimized: a name with a 0x95 byte listed twice
  // threw nlohmann's type_error from the pattern key (an abort in the CLI's
  // place of a message).
  std::string crash =
      "#\xffk\ntags:\n- ch\npatterns:\n  - name: s\n    patterns:\n"
      "    - name: BPF_PROG_TYPE_CGROUP_\x95" "EVICE\n    - name: BPF_PROG_TYPE_CGROUP_\x95" "EVICE";
  CHECK_THROWS_WITH_AS(parse_pattern_set(crash, "p.yaml"),
                       "p.yaml:1:2: not UTF-8 (byte 0xff): a patterns file is UTF-8 text; re-encode it", Error);
  crash.replace(0, 3, "#ok");
  CHECK_THROWS_WITH_AS(parse_pattern_set(crash, "p.yaml"),
                       "p.yaml:7:34: not UTF-8 (byte 0x95): a patterns file is UTF-8 text; re-encode it", Error);
  // The same file in UTF-8 reads, the repeated name once.
  std::string fixed = crash;
  for (size_t at; (at = fixed.find('\x95')) != std::string::npos;) fixed.replace(at, 1, "D");
  PatternSet ps = parse_pattern_set(fixed, "p.yaml");
  REQUIRE(ps.patterns.size() == 1);
  CHECK(ps.patterns[0].name == "BPF_PROG_TYPE_CGROUP_DEVICE");
}

TEST_CASE("fuzz regression: a key that is not a name is refused at its line") {
  // fuzz_patterns' second crash, minimized: a complex key (a sequence) threw
  // yaml-cpp's BadConversion, not an Error with file:line.
  CHECK_THROWS_WITH_AS(parse_pattern_set("? -", "p.yaml"),
                       "p.yaml:1:3: a key in the patterns file must be a plain name", Error);
  CHECK_THROWS_WITH_AS(parse_pattern_set("tags: ['^v']\npatterns:\n  - name: g\n    ? [a]\n    : x\n", "p.yaml"),
                       doctest::Contains("p.yaml:4:7: a key in a group must be a plain name"), Error);
}

TEST_CASE("utf8: well-formed sequences only") {
  CHECK(invalid_utf8_offset("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == std::string::npos);
  CHECK(invalid_utf8_offset("a\x95") == 1);              // a lone continuation byte
  CHECK(invalid_utf8_offset("ab\xc3") == 2);             // cut short
  CHECK(invalid_utf8_offset("\xc0\xaf") == 0);           // overlong
  CHECK(invalid_utf8_offset("x\xed\xa0\x80") == 1);      // a surrogate
  CHECK(invalid_utf8_offset("\xf4\x90\x80\x80") == 0);   // above U+10FFFF
  CHECK(invalid_utf8_offset("\xe2\x82") == 0);
}

TEST_CASE("fuzz regression: a regex whose repeats glibc would spell out exponentially is refused") {
  // fuzz_ere's out-of-memory, as found: "aae\xeae" then 40 '+' then "(z".
  // glibc's regcomp copied the piece once per stacked '+': 2^40 copies, and
  // git grep would exhaust memory the same way.
  std::string oom = "aae\xea" "e" + std::string(40, '+') + "(z";
  CHECK_THROWS_WITH_AS(PosixRegex{oom}, doctest::Contains("too large once its repeats are spelled out"), Error);
  CHECK_THROWS_WITH_AS(PosixRegex{"((a{100}){100}){100}"}, doctest::Contains("stacked or nested quantifiers"),
                       Error);
  // fuzz_ere's timeout, as found: "o*" then 16 '+': 65,536 copies that may
  // match empty, and regcomp's epsilon closure is quadratic in them (12 '+'
  // took 4.5 s, 14 did not end in a minute).
  std::string slow = ":a[/[lpia:\xff\xff]foo:a\xff" "fo*" + std::string(16, '+') + std::string(10, '*') + "o";
  CHECK_THROWS_WITH_AS(PosixRegex{slow}, doctest::Contains("of them optional"), Error);
  CHECK_THROWS_WITH_AS(PosixRegex{"(o?){5000}"}, doctest::Contains("of them optional"), Error);
  CHECK_THROWS_WITH_AS(PosixRegex{"x(o{1,40}){1,40}"}, doctest::Contains("of them optional"), Error);
  // Ordinary repeats still compile, and match as before.
  PosixRegex fine("BPF_F_(A|B){1,3}x+");
  std::string line = "BPF_F_ABAxx";
  CHECK(fine.word_match_in_line(line.data(), line.data() + line.size()));
  PosixRegex optional("o*+++++++x(ab?){1,100}");
  std::string line3 = "ooox ab";
  CHECK_FALSE(optional.word_match_in_line(line3.data(), line3.data() + line3.size()));
  line3 = "ooooxabaab";
  CHECK(optional.word_match_in_line(line3.data(), line3.data() + line3.size()));
  PosixRegex some("(ab){50}c{1,200}");
  std::string line2 = "x";
  CHECK_FALSE(some.word_match_in_line(line2.data(), line2.data() + line2.size()));
}

TEST_CASE("fuzz regression: a name yaml-cpp reads into bytes that are not UTF-8 does not break the pattern key") {
  // fuzz_patterns' third crash (kept in its corpus): the real patterns file
  // with a vertical tab and a NUL inside names. The file is UTF-8, but
  // yaml-cpp's reading of it gives a name with a 0xa0 byte, and the pattern
  // key (JSON) threw nlohmann's type_error: an abort.
  std::string crash = read_text(std::string(KSINCE_SOURCE_DIR) +
                                "/tests/fuzz/corpus/fuzz_patterns/not-utf8-name-from-control-chars");
  REQUIRE(invalid_utf8_offset(crash) == std::string::npos);
  try {
    PatternSet ps = parse_pattern_set(crash, "p.yaml");
    CHECK(!ps.patterns.empty());
  } catch (const Error& e) {
    CHECK(std::string(e.what()).rfind("p.yaml:", 0) == 0);  // refused at a place is as good
  }
}
