#include <doctest/doctest.h>

#include "ere.h"
#include "error.h"

using ksince::ere_to_hyperscan;

TEST_CASE("ere: nothing crosses a newline, POSIX brackets keep their meaning") {
  CHECK(ere_to_hyperscan("a[^b]c") == "a[^\\nb]c");
  CHECK(ere_to_hyperscan("[]a]") == "[\\]a]");
  CHECK(ere_to_hyperscan("[^]a]") == "[^\\n\\]a]");
  CHECK(ere_to_hyperscan("[\\n]") == "[\\\\n]");  // backslash is literal in POSIX brackets
  CHECK(ere_to_hyperscan("[[:alpha:]_]+") == "[[:alpha:]_]+");
  CHECK(ere_to_hyperscan("a\\sb") == "a[ \\t\\v\\f\\r]b");
  CHECK(ere_to_hyperscan("\\W") == "[^A-Za-z0-9_\\n]");
  CHECK(ere_to_hyperscan("a\\.b") == "a\\.b");
  CHECK(ere_to_hyperscan("(a|b){2}") == "(a|b){2}");
  CHECK(ere_to_hyperscan("\\d") == "d");  // glibc: an unknown escape is the letter
}

TEST_CASE("ere: what Hyperscan cannot do is an error") {
  CHECK_THROWS_AS(ere_to_hyperscan("(a)\\1"), ksince::Error);
  CHECK_THROWS_AS(ere_to_hyperscan("[[=a=]]"), ksince::Error);
  CHECK_THROWS_AS(ere_to_hyperscan("[abc"), ksince::Error);
  CHECK_THROWS_AS(ere_to_hyperscan("abc\\"), ksince::Error);
}
