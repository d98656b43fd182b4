#include <doctest/doctest.h>

#include <algorithm>

#include "repo/version.h"

using ksince::Version;

TEST_CASE("version: parse") {
  CHECK(Version::parse("v4.9")->parts == std::vector<long>{4, 9});
  CHECK(Version::parse("v7.1-rc3")->rc == 3);
  CHECK(Version::parse("6.12")->parts == std::vector<long>{6, 12});
  CHECK(Version::parse("v2.6.11")->parts == std::vector<long>{2, 6, 11});
  CHECK(Version::parse("v255")->parts == std::vector<long>{255});
  CHECK(Version::parse("v255-rc1")->rc == 1);
  CHECK_FALSE(Version::parse("v4.x"));
  CHECK_FALSE(Version::parse("v2.6.11-tree"));
  CHECK_FALSE(Version::parse("foo"));
  CHECK_FALSE(Version::parse("v4.9-rc"));
}

TEST_CASE("version: order") {
  std::vector<std::string> want = {"v3.19", "v4.1", "v4.9", "v4.10", "v5.0", "v6.19", "v7.0",
                                   "v7.1-rc1", "v7.1-rc2", "v7.1-rc10", "v7.1", "v7.1.1"};
  std::vector<std::string> got = want;
  std::reverse(got.begin(), got.end());
  std::sort(got.begin(), got.end(), [](const std::string& a, const std::string& b) {
    return Version::parse(a)->compare(*Version::parse(b)) < 0;
  });
  CHECK(got == want);
  CHECK(Version::parse("v6.1")->compare(*Version::parse("v6.1.0")) == 0);
}

#include "store/feature_version.h"

TEST_CASE("feature version: the last tag of the unbroken run from the newest") {
  std::vector<std::string> tags = {"v3", "v2", "v1", "v0"};
  auto v = [&](std::vector<uint8_t> p) {
    auto a = ksince::version_of(tags, p);
    return a.version + "|" + a.prev;
  };
  CHECK(v({1, 1, 0, 0}) == "v2|v1");
  CHECK(v({1, 1, 1, 1}) == "v0|");
  CHECK(v({0, 1, 1, 1}) == "|");       // absent at the newest tag
  CHECK(v({1, 0, 1, 1}) == "v3|v2");   // removed and re-added: the newest run counts
  CHECK(v({1, 0, 0, 0}) == "v3|v2");
}

TEST_CASE("feature lifecycle: first seen, removed in, back in") {
  std::vector<std::string> tags = {"v5", "v4", "v3", "v2", "v1"};
  auto l = ksince::lifecycle_of(tags, {1, 0, 1, 1, 0});
  CHECK(l.first_seen == "v2");
  CHECK(l.removed_in == std::vector<std::string>{"v4"});
  CHECK(l.returned_in == std::vector<std::string>{"v5"});
  auto never = ksince::lifecycle_of(tags, {0, 0, 0, 0, 0});
  CHECK(never.first_seen.empty());
  auto gone = ksince::lifecycle_of(tags, {0, 0, 1, 1, 1});
  CHECK(gone.first_seen == "v1");
  CHECK(gone.removed_in == std::vector<std::string>{"v4"});
}
