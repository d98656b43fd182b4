// OidTable against std::map, on a real repository's object ids and on ids
// made to collide in the table's hash.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <sstream>

#include "git_fixture.h"
#include "repo/oid_table.h"

using namespace ksince;
using namespace ksince::test;

namespace {

Oid oid_of_hex(const std::string& hex) {
  git_oid g;
  REQUIRE(git_oid_fromstr(&g, hex.c_str()) == 0);
  return Oid::from_git(g);
}

// Inserts every id (some twice) and checks ids, lookups and misses against a map.
void check_against_map(const std::vector<Oid>& ids, const std::vector<Oid>& absent) {
  OidTable table;
  std::map<Oid, uint32_t> expected;
  for (const Oid& o : ids) {
    auto [id, added] = table.insert(o);
    auto [it, fresh] = expected.emplace(o, static_cast<uint32_t>(expected.size()));
    CHECK(added == fresh);
    CHECK(id == it->second);
  }
  CHECK(table.size() == expected.size());
  for (const auto& [o, id] : expected) {
    REQUIRE(table.find(o).has_value());
    CHECK(*table.find(o) == id);
    CHECK(table[id] == o);
  }
  for (const Oid& o : absent)
    if (!expected.count(o)) CHECK_FALSE(table.find(o).has_value());
}

}  // namespace

TEST_CASE("oid table: dense ids in insertion order for a real repository's objects, absent ones not found") {
  GitRepo g;
  std::mt19937 rng(17);
  for (int c = 0; c < 6; c++) {
    for (int f = 0; f < 400; f++) g.write("d" + std::to_string(f % 7) + "/f" + std::to_string(f) + ".c",
                                           std::to_string(rng()) + "\n");
    g.commit("c" + std::to_string(c), 1500000000 + c);
  }
  std::vector<Oid> ids;
  std::istringstream all(g.git("rev-list --objects --all"));
  for (std::string line; std::getline(all, line);) ids.push_back(oid_of_hex(line.substr(0, 40)));
  REQUIRE(ids.size() > 2048);  // the table grows past its first size
  std::vector<Oid> absent;
  for (int i = 0; i < 500; i++) {
    Oid o = ids[i];
    o.bytes[19] ^= 1;  // same hash, another id
    absent.push_back(o);
    o.bytes[0] ^= 0x80;
    absent.push_back(o);
  }
  std::vector<Oid> twice = ids;
  twice.insert(twice.end(), ids.begin(), ids.begin() + 300);
  check_against_map(twice, absent);
}

TEST_CASE("oid table: ids whose hashes collide in every slot bit are told apart") {
  std::mt19937 rng(5);
  std::vector<Oid> ids, absent;
  for (int i = 0; i < 3000; i++) {
    Oid o;
    for (auto& b : o.bytes) b = static_cast<unsigned char>(rng());
    for (int k = 0; k < 4; k++) o.bytes[k] = 0;  // the low hash bits: one slot for all
    (i % 3 ? ids : absent).push_back(o);
  }
  check_against_map(ids, absent);
}
