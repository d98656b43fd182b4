#pragma once
#include <string>

namespace ksince {

// What `ksince --version` prints: the release, then the two versions that
// decide whether an existing index can be reused (its schema, and what a
// match means), so a bug report carries all three.
//   ksince 0.1.0
//   schema version 7
//   match semantics: literal 1, regex 1
std::string version_report(const std::string& release);

// The schema version this ksince writes: the number of schema/*.sql migrations.
int schema_version_wanted();

}  // namespace ksince
