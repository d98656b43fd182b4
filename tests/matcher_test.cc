// The matcher on its own: git grep -w's rule on crafted buffers. (The index
// tests compare the whole engine with git itself.)
#include <doctest/doctest.h>

#include <clocale>

#include "util/error.h"
#include "scan/matcher.h"

using namespace ksince;

namespace {

std::vector<uint32_t> scan(const std::vector<MatchSpec>& specs, const std::string& text) {
  Matcher m(specs);
  HsScratch s = m.new_scratch();
  std::vector<uint32_t> hits;
  m.scan(text.data(), text.size(), s.get(), hits);
  return hits;
}

MatchSpec lit(const std::string& n) { return MatchSpec{true, {n}, n}; }
MatchSpec re(std::vector<std::string> r) { return MatchSpec{false, r, r[0]}; }

}  // namespace

TEST_CASE("matcher: literal word boundaries") {
  std::vector<MatchSpec> specs = {lit("FOO"), lit("FOO_BAR"), lit("BAR")};
  CHECK(scan(specs, "FOO") == std::vector<uint32_t>{0});
  CHECK(scan(specs, "xFOO FOOx FOO_ _FOO 1FOO FOO1").empty());
  CHECK(scan(specs, "FOO_BAR") == std::vector<uint32_t>{1});
  CHECK(scan(specs, "FOO_BARx FOO;") == std::vector<uint32_t>{0});
  CHECK(scan(specs, "a\nBAR\nb") == std::vector<uint32_t>{2});
  CHECK(scan(specs, std::string("\0FOO\0", 5)) == std::vector<uint32_t>{0});
  CHECK(scan(specs, "\xe9" "FOO\xe9") == std::vector<uint32_t>{0});  // bytes >= 0x80 are non-word
  // The first occurrence fails the test, a later one passes.
  CHECK(scan(specs, "FOOFOO FOO") == std::vector<uint32_t>{0});
}

TEST_CASE("matcher: regexes with the boundary, literals in the same database") {
  std::vector<MatchSpec> specs = {re({"BPF_F_(A|B)"}), lit("plain"), re({"x[^y]z"})};
  CHECK(scan(specs, "BPF_F_A plain") == std::vector<uint32_t>{0, 1});
  CHECK(scan(specs, "BPF_F_Ax plainy").empty());
  CHECK(scan(specs, "x\nz").empty());  // [^y] must not cross a line
  CHECK(scan(specs, "(xaz)") == std::vector<uint32_t>{2});
}

TEST_CASE("matcher: anchored regexes and top-level alternation") {
  std::vector<MatchSpec> specs = {re({"^KS_A"}), re({"KS_B$"}), re({"^KS_C$"}), re({"KS_D|^KS_E"})};
  CHECK(scan(specs, "KS_A x\nx KS_B\nKS_C\n") == std::vector<uint32_t>{0, 1, 2});
  CHECK(scan(specs, " KS_A\nKS_B \nKS_Cx\n").empty());
  // Each alternative alone, anchored or not, and neither when unbounded.
  CHECK(scan(specs, "x KS_D y\n") == std::vector<uint32_t>{3});
  CHECK(scan(specs, "KS_E y\n") == std::vector<uint32_t>{3});
  CHECK(scan(specs, "x KS_E\n").empty());     // ^ binds KS_E only
  CHECK(scan(specs, "KS_Dx KS_Ey\n").empty());
}

TEST_CASE("matcher: a bad regex names its pattern") {
  MatchSpec bad{false, {"(unclosed"}, "pattern 'P' in group 'G' (p.yaml:3:7)"};
  try {
    Matcher m({lit("ok"), bad});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("pattern 'P' in group 'G' (p.yaml:3:7)") != std::string::npos);
    CHECK(std::string(e.what()).find("(unclosed") != std::string::npos);
  }
}

TEST_CASE("matcher: regexes decided as git grep -w -E decides, whatever the locale") {
  // Hyperscan alone would say yes to all three: "ab " is a word match, but
  // git's leftmost-longest match is "ab c", followed by '_'.
  CHECK(scan({re({"a[a-z ]*"})}, "ab c_\n").empty());
  CHECK(scan({re({"a[a-z ]*"})}, "ab c_\nab c\n") == std::vector<uint32_t>{0});
  // [[:space:]] matches a newline in glibc, yet git tests one line at a time.
  CHECK(scan({re({"x[[:space:]]y"})}, "x\ny\n").empty());
  CHECK(scan({re({"x[[:space:]]y"})}, "x\ty\n") == std::vector<uint32_t>{0});
  // What Hyperscan cannot express is matched by glibc alone.
  CHECK(scan({re({"(ab)-\\1"})}, "ab-ab\n") == std::vector<uint32_t>{0});
  CHECK(scan({re({"(ab)-\\1"})}, "ab-ba\n").empty());
  CHECK(scan({re({"a{,2}b"})}, "x aab\n") == std::vector<uint32_t>{0});
  CHECK(scan({re({"a{,2}b"})}, "x aaab\n").empty());
  // \` is the start of the text git searches: its look-ahead starts at the
  // first line, so a later line starting with the word does not count.
  CHECK(scan({re({"\\`ab"})}, "ab\n") == std::vector<uint32_t>{0});
  CHECK(scan({re({"\\`ab"})}, "x\nab\n").empty());
  // glibc in a UTF-8 locale would not let '.' match a lone 0xff byte; git
  // under LC_ALL=C does, and so does ksince in any locale.
  const char* old = setlocale(LC_ALL, nullptr);
  std::string saved = old ? old : "C";
  bool utf8 = setlocale(LC_ALL, "C.UTF-8") != nullptr;
  CHECK(scan({re({"a.b"})}, "a\xff" "b\n") == std::vector<uint32_t>{0});
  CHECK(scan({re({"[[:alpha:]]+"})}, "\xe9\n").empty());
  setlocale(LC_ALL, saved.c_str());
  CHECK(utf8);
}
