#pragma once
#include <vector>

namespace ksince {

// One SQL file of schema/: migration N (1-based, in file-name order) brings a
// database from PRAGMA user_version N-1 to N.
struct Migration {
  const char* file;
  const char* sql;
};

const std::vector<Migration>& schema_migrations();

}  // namespace ksince
