#pragma once
#include <string>

#include "repo/oid.h"

namespace ksince {

// git tree entry modes that matter to git grep: only regular files are searched.
enum class EntryKind { Tree, File, Other };

struct TreeEntry {
  std::string name;
  Oid oid;
  EntryKind kind;
};

}  // namespace ksince
