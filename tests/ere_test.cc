#include <doctest/doctest.h>

#include "scan/ere.h"
#include "util/error.h"
#include "scan/posix_regex.h"

using ksince::ere_to_hyperscan;
using ksince::PosixRegex;

TEST_CASE("ere: the prefilter keeps POSIX meaning, literal bytes cannot become PCRE syntax") {
  CHECK(ere_to_hyperscan("a[^b]c") == "a[^\\n\\x62]c");
  CHECK(ere_to_hyperscan("[]a]") == "[\\x5d\\x61]");         // ']' first is a member
  CHECK(ere_to_hyperscan("[^]a]") == "[^\\n\\x5d\\x61]");
  CHECK(ere_to_hyperscan("[\\n]") == "[\\x5c\\x6e]");         // backslash is literal in POSIX brackets
  CHECK(ere_to_hyperscan("[a-c-]") == "[\\x61-\\x63\\x2d]");
  CHECK(ere_to_hyperscan("[[:alpha:]_]+") == "[[:alpha:]\\x5f]+");
  CHECK(ere_to_hyperscan("a\\.b") == "a\\x2eb");
  CHECK(ere_to_hyperscan("(a|b){2}") == "(?:a|b){2}");
  CHECK(ere_to_hyperscan("a{,2}") == "a{0,2}");               // glibc's {,n}; PCRE reads it as text
  CHECK(ere_to_hyperscan("\\d") == "d");                      // glibc: an unknown escape is the byte
  CHECK(ere_to_hyperscan("\\<a\\>") == "\\ba\\b");
}

TEST_CASE("ere: what has no prefilter is an error (the exact matcher takes it)") {
  for (const char* re : {"(a)\\1", "\\`a", "a\\'", "[[=a=]]", "[[.a.]]", "a**", "^*a", "[abc", "abc\\", "(a", "x)"})
    CHECK_THROWS_AS(ere_to_hyperscan(re), ksince::Error);
}

TEST_CASE("posix regex: glibc's refusals are errors with glibc's reason") {
  CHECK_THROWS_WITH_AS(PosixRegex("(a"), doctest::Contains("Unmatched ( or \\("), ksince::Error);
  CHECK_THROWS_AS(PosixRegex("a{2,1}"), ksince::Error);
  CHECK_THROWS_AS(PosixRegex("[b-a]"), ksince::Error);
  CHECK_THROWS_AS(PosixRegex(std::string("a\0b", 3)), ksince::Error);
}

TEST_CASE("posix regex: git grep -w's loop on one line") {
  auto line = [](const char* re, const std::string& s) {
    return PosixRegex(re).word_match_in_line(s.data(), s.data() + s.size());
  };
  // Leftmost-longest at 0 is "ab c", not a word ('_' follows); the retry
  // starts after the next non-word byte, where there is no 'a'.
  CHECK_FALSE(line("a[a-z ]*", "ab c_"));
  CHECK(line("a[a-z ]*", "ab c_ a"));
  // The longest alternative wins, then the retry finds the short one alone.
  CHECK_FALSE(line("foo|foobar", "foobarx"));
  CHECK(line("foo|foobar", "foobarx foo"));
  CHECK_FALSE(line("a*", "bbb"));                       // no empty words
  CHECK(line("[[:space:]]a", " a"));
  CHECK(line("^a", "a b"));
  CHECK_FALSE(line("^b", "a b"));                       // the retry is not a line start
}
